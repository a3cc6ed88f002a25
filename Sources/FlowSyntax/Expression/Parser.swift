/// The recursive-descent parser behind `ExpressionParser` and `TemplateParser`.
///
/// Grammar (low to high precedence): `??` (right-associative), `or`, `and`, prefix `not`,
/// comparisons (non-associative), `+ -`, `* / %`, prefix `-`, postfix `.name` `[i]`, primary.
/// It stops at the first error; nesting and tree depth are bounded so no input can exhaust
/// the stack here or in later passes.
struct Parser {
    /// Parenthesised/bracketed/prefixed nesting allowed before giving up.
    static let maxNesting = 64
    /// Depth of the resulting tree allowed before giving up (long operator chains).
    static let maxTreeDepth = 128

    /// A parse error: parsing stops at the first one.
    struct Failure: Error {
        var issue: SyntaxIssue
    }

    /// A node with the depth of its tree.
    private struct Node {
        var expr: Expr
        var depth: Int
    }

    private let tokens: [Token]
    private let scalars: [Unicode.Scalar]
    private var index = 0
    private var nesting = 0

    /// A parser over `tokens` (which end with `.eof`); `scalars` is the text they came from.
    init(tokens: [Token], scalars: [Unicode.Scalar]) {
        self.tokens = tokens.isEmpty ? [Token(kind: .eof, span: ExprSpan(start: 0, end: 0))] : tokens
        self.scalars = scalars
    }

    /// Parses one whole expression: everything up to `.eof`.
    mutating func parseAll() throws(Failure) -> Expr {
        let node = try parseExpression()
        let extra = current
        if extra.kind != .eof {
            switch extra.kind {
            case .rparen, .rbracket:
                let symbol = extra.kind == .rparen ? ")" : "]"
                let opener = extra.kind == .rparen ? "(" : "["
                throw fail(
                    "unmatched `\(symbol)`", extra.span,
                    help: "remove it, or add the `\(opener)` it should close")
            case .kwNot where peekKind(1) == .kwIn:
                throw notInFailure(extra)
            case .identifier(let word) where ["and", "or", "not", "in"].contains(word.lowercased()) && word != word.lowercased():
                // `AND`, `Or`: the keywords are lower-case.
                throw fail("unexpected `\(word)` after the end of the expression", extra.span, help: "write `\(word.lowercased())` in lower case")
            case .comma where decimalComma(at: extra) != nil:
                // `qty > 3,5`: a decimal comma, as written in much of the world.
                let (whole, decimals) = decimalComma(at: extra) ?? ("", "")
                throw fail(
                    "unexpected `,` after the end of the expression", extra.span,
                    help: "decimals are written with `.`: `\(whole).\(decimals)`")
            default:
                throw fail(
                    "unexpected \(describe(extra)) after the end of the expression", extra.span,
                    help: "is an operator missing (`and`, `or`, `==`, `+`), or a quote?" + (spacedName().map { " (a variable name has no spaces: `\($0)`)" } ?? ""))
            }
        }
        return node.expr
    }

    /// `Cantidad Pedida`: an expression of words alone, as the one name it was meant as (`cantidad_pedida`).
    private func spacedName() -> String? {
        let words = tokens.dropLast().compactMap { token -> String? in
            if case .identifier(let word) = token.kind { return word }
            return nil
        }
        guard words.count >= 2, words.count == tokens.count - 1, tokens.last?.kind == .eof else { return nil }
        return NodeDecoder.fixedVariableName(words.joined(separator: " "))
    }

    /// The two numbers around `comma` when it stands between them with no space (`3,5`).
    private func decimalComma(at comma: Token) -> (String, String)? {
        guard let before = previous, case .number = before.kind, before.span.end == comma.span.start,
              case .number = peekKind(1) else { return nil }
        let after = tokens[Swift.min(index + 1, tokens.count - 1)]
        let whole = text(before.span), decimals = text(after.span)
        guard after.span.start == comma.span.end, whole.allSatisfy({ $0.isASCII && $0.isNumber }), !decimals.isEmpty,
              decimals.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return (whole, decimals)
    }

    // MARK: - Tokens

    private var current: Token { tokens[Swift.min(index, tokens.count - 1)] }

    private func peekKind(_ ahead: Int) -> Token.Kind {
        tokens[Swift.min(index + ahead, tokens.count - 1)].kind
    }

    private var previous: Token? { index > 0 ? tokens[Swift.min(index - 1, tokens.count - 1)] : nil }

    @discardableResult
    private mutating func advance() -> Token {
        let token = current
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    private func text(_ span: ExprSpan) -> String {
        let start = Swift.max(0, Swift.min(span.start, scalars.count))
        let end = Swift.max(start, Swift.min(span.end, scalars.count))
        var out = String.UnicodeScalarView()
        out.append(contentsOf: scalars[start..<end])
        return String(out)
    }

    private func describe(_ token: Token) -> String {
        if token.kind == .eof { return "end of expression" }
        let written = text(token.span)
        let shown = written.unicodeScalars.count > 30 ? String(written.prefix(27)) + "..." : written
        switch token.kind {
        case .string: return "string \(shown)"
        case .number: return "number `\(shown)`"
        default: return "`\(shown)`"
        }
    }

    private func fail(_ message: String, _ span: ExprSpan, help: String? = nil) -> Failure {
        Failure(issue: SyntaxIssue(rule: SyntaxIssue.expressionRule, message: message, span: span, help: help))
    }

    private func notInFailure(_ notToken: Token) -> Failure {
        let inToken = tokens[Swift.min(index + 1, tokens.count - 1)]
        return fail(
            "`not in` is not an operator", notToken.span.union(inToken.span),
            help: "write `not (x in list)`")
    }

    // MARK: - Depth

    private mutating func enter(_ token: Token) throws(Failure) {
        nesting += 1
        if nesting > Parser.maxNesting {
            throw fail(
                "expression nested too deeply", token.span,
                help: "at most \(Parser.maxNesting) levels of nesting; split it into `set:` steps")
        }
    }

    private mutating func leave() { nesting -= 1 }

    private func make(_ kind: ExprKind, _ span: ExprSpan, children: [Node]) throws(Failure) -> Node {
        let depth = 1 + children.reduce(0) { Swift.max($0, $1.depth) }
        if depth > Parser.maxTreeDepth {
            throw fail(
                "expression nested too deeply", span,
                help: "an expression may be at most \(Parser.maxTreeDepth) levels deep; split it into `set:` steps")
        }
        return Node(expr: Expr(kind: kind, span: span), depth: depth)
    }

    // MARK: - Binary levels

    private mutating func parseExpression() throws(Failure) -> Node {
        try parseCoalesce()
    }

    /// `a ?? b ?? c` is `a ?? (b ?? c)`; built without recursion per operand.
    private mutating func parseCoalesce() throws(Failure) -> Node {
        var operands = [try parseOr()]
        while current.kind == .coalesce {
            advance()
            operands.append(try parseOr())
        }
        guard var result = operands.popLast() else { throw fail("empty expression", current.span) }
        while let left = operands.popLast() {
            result = try make(
                .binary(.coalesce, left.expr, result.expr), left.expr.span.union(result.expr.span),
                children: [left, result])
        }
        return result
    }

    private mutating func parseOr() throws(Failure) -> Node {
        var left = try parseAnd()
        while current.kind == .kwOr {
            advance()
            let right = try parseAnd()
            left = try make(.binary(.or, left.expr, right.expr), left.expr.span.union(right.expr.span), children: [left, right])
        }
        return left
    }

    private mutating func parseAnd() throws(Failure) -> Node {
        var left = try parseNot()
        while current.kind == .kwAnd {
            advance()
            let right = try parseNot()
            left = try make(.binary(.and, left.expr, right.expr), left.expr.span.union(right.expr.span), children: [left, right])
        }
        return left
    }

    private mutating func parseNot() throws(Failure) -> Node {
        // `NOT (qty > 3)`, `Not qty > 3`: the keyword is lower-case (no variable or function is
        // named so: names are lower-case too).
        if case .identifier(let word) = current.kind, word.lowercased() == "not", word != "not" {
            switch peekKind(1) {
            case .identifier, .lparen, .number, .string, .kwTrue, .kwFalse, .kwNull, .kwNot, .lbracket:
                throw fail("unexpected `\(word)`", current.span, help: "write `not` in lower case")
            default: break
            }
        }
        guard current.kind == .kwNot else { return try parseComparison() }
        if peekKind(1) == .kwIn { throw notInFailure(current) }
        let notToken = advance()
        try enter(notToken)
        let operand = try parseNot()
        leave()
        return try make(.unary(.not, operand.expr), notToken.span.union(operand.expr.span), children: [operand])
    }

    private mutating func parseComparison() throws(Failure) -> Node {
        let left = try parseAdditive()
        guard let op = current.binaryOp, op.isComparison else {
            if current.kind == .kwNot, peekKind(1) == .kwIn { throw notInFailure(current) }
            return left
        }
        advance()
        let right = try parseAdditive()
        let node = try make(.binary(op, left.expr, right.expr), left.expr.span.union(right.expr.span), children: [left, right])
        if let again = current.binaryOp, again.isComparison {
            throw fail(
                "comparisons cannot be chained: `\(op.symbol)` then `\(again.symbol)`", current.span,
                help: "join two comparisons with `and`, e.g. `a < b and b < c`")
        }
        if current.kind == .kwNot, peekKind(1) == .kwIn { throw notInFailure(current) }
        return node
    }

    private mutating func parseAdditive() throws(Failure) -> Node {
        var left = try parseMultiplicative()
        while current.kind == .plus || current.kind == .minus {
            let op: BinaryOp = advance().kind == .plus ? .add : .sub
            let right = try parseMultiplicative()
            left = try make(.binary(op, left.expr, right.expr), left.expr.span.union(right.expr.span), children: [left, right])
        }
        return left
    }

    private mutating func parseMultiplicative() throws(Failure) -> Node {
        var left = try parseUnary()
        while let op = current.binaryOp, op == .mul || op == .div || op == .mod {
            advance()
            let right = try parseUnary()
            left = try make(.binary(op, left.expr, right.expr), left.expr.span.union(right.expr.span), children: [left, right])
        }
        return left
    }

    private mutating func parseUnary() throws(Failure) -> Node {
        guard current.kind == .minus else { return try parsePostfix() }
        let minus = advance()
        try enter(minus)
        let operand = try parseUnary()
        leave()
        return try make(.unary(.negate, operand.expr), minus.span.union(operand.expr.span), children: [operand])
    }

    // MARK: - Postfix and primary

    private mutating func parsePostfix() throws(Failure) -> Node {
        var base = try parsePrimary()
        while true {
            switch current.kind {
            case .dot:
                let dot = advance()
                let nameToken = current
                guard case .identifier(let name) = nameToken.kind else {
                    switch nameToken.kind {
                    case .kwTrue, .kwFalse, .kwNull, .kwAnd, .kwOr, .kwNot, .kwIn:
                        let word = text(nameToken.span)
                        throw fail(
                            "`\(word)` is a reserved word and cannot be a field name", nameToken.span,
                            help: "write `[\"\(word)\"]` instead of `.\(word)`")
                    case .eof:
                        throw fail("expected a field name after `.`", dot.span)
                    default:
                        throw fail("expected a field name after `.`, found \(describe(nameToken))", nameToken.span)
                    }
                }
                advance()
                base = try make(
                    .member(base.expr, name, nameSpan: nameToken.span), base.expr.span.union(nameToken.span),
                    children: [base])
            case .lbracket:
                let open = advance()
                try enter(open)
                let key = try parseExpression()
                let close = try expectClose(.rbracket, opener: open, what: "index")
                leave()
                base = try make(.index(base.expr, key.expr), base.expr.span.union(close.span), children: [base, key])
            case .lparen:
                // `name.upper()`: a method call, as in other languages; flowc's functions take the value.
                if case .member(let inner, let method, let methodSpan) = base.expr.kind {
                    throw fail(
                        "`\(method)` is not a field of `\(text(inner.span))`, and values have no methods", methodSpan,
                        help: Self.methodHelp(method, receiver: text(inner.span), arguments: argumentsText()))
                }
                throw fail(
                    "only a function name can be called", current.span,
                    help: "call a function by its bare name, e.g. `len(items)`")
            default:
                return base
            }
        }
    }

    /// The text between the current `(` and its `)`, trimmed; nil when it is never closed.
    private func argumentsText() -> String? {
        var depth = 0
        var i = index
        while i < tokens.count {
            switch tokens[i].kind {
            case .lparen: depth += 1
            case .rparen:
                depth -= 1
                if depth == 0 {
                    let inner = text(ExprSpan(start: current.span.end, end: tokens[i].span.start))
                    return String(inner.drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
                }
            case .eof: return nil
            default: break
            }
            i += 1
        }
        return nil
    }

    /// What to write for `receiver.method(arguments)`: the flowc function or operator that does
    /// what the method does in other languages (`precios.append(p)` → `precios + [p]`).
    static func methodHelp(_ method: String, receiver: String, arguments: String?) -> String {
        let args = arguments ?? "…"
        let withArgs = args.isEmpty ? receiver : "\(receiver), \(args)"
        let folded = String(method.lowercased().filter { $0 != "_" })
        let write: String
        switch folded {
        case "append", "push", "add", "insert", "unshift":
            return "add to a list with `+` and a list of the new item: `\(receiver) + [\(args.isEmpty ? "item" : args)]` (save it with `set` to keep it)"
        case "concat", "extend":
            return "join two lists with `+`: `\(receiver) + \(args.isEmpty ? "otros" : args)`"
        case "touppercase", "upper", "toupper", "uppercase", "capitalize", "title":
            write = "upper(\(receiver))"
        case "tolowercase", "lower", "tolower", "lowercase", "casefold":
            write = "lower(\(receiver))"
        case "trim", "strip", "trimstart", "trimend", "lstrip", "rstrip":
            write = "trim(\(receiver))"
        case "length", "len", "size", "count":
            write = "len(\(receiver))"
        case "includes", "contains", "has", "indexof":
            write = "contains(\(withArgs))"
        case "startswith":
            write = "starts_with(\(withArgs))"
        case "endswith":
            write = "ends_with(\(withArgs))"
        case "split":
            write = "split(\(withArgs))"
        case "join":
            // Python's `", ".join(items)` is JavaScript's `items.join(", ")`.
            let quoted = receiver.first == "\"" || receiver.first == "'"
            write = quoted && !args.isEmpty ? "join(\(args), \(receiver))" : "join(\(withArgs))"
        case "replace", "replaceall":
            write = "replace(\(withArgs))"
        case "tofixed":
            let digits = args.isEmpty ? "2" : args
            return "round a number with `round(\(receiver), \(digits))`, or show it with `format_number(\(receiver), \(digits))`"
        case "tostring", "str", "string":
            write = "text(\(receiver))"
        default:
            guard FunctionNames.all.contains(method) else {
                return "flowc has no `\(method)`: its functions take the value as their first argument, e.g. `len(\(receiver))`; they are "
                    + FunctionNames.all.sorted().joined(separator: ", ")
            }
            write = "\(method)(\(withArgs))"
        }
        return "call the function with the value as its first argument: `\(write)`"
    }

    private mutating func parsePrimary() throws(Failure) -> Node {
        let token = current
        switch token.kind {
        case .number(let value):
            advance()
            return Node(expr: Expr(kind: .number(value), span: token.span), depth: 1)
        case .string(let value):
            advance()
            return Node(expr: Expr(kind: .string(value), span: token.span), depth: 1)
        case .kwTrue, .kwFalse:
            advance()
            return Node(expr: Expr(kind: .bool(token.kind == .kwTrue), span: token.span), depth: 1)
        case .kwNull:
            advance()
            return Node(expr: Expr(kind: .null, span: token.span), depth: 1)
        case .identifier(let name):
            advance()
            if current.kind == .lparen { return try parseCall(name: name, nameToken: token) }
            return Node(expr: Expr(kind: .variable(name), span: token.span), depth: 1)
        case .lparen:
            advance()
            try enter(token)
            var inner = try parseExpression()
            let close = try expectClose(.rparen, opener: token, what: "parenthesis")
            leave()
            inner.expr.span = token.span.union(close.span)
            return inner
        case .lbracket:
            advance()
            try enter(token)
            let elements = try parseList(closing: .rbracket, opener: token, what: "list")
            let close = advance()
            leave()
            return try make(.list(elements.map(\.expr)), token.span.union(close.span), children: elements)
        default:
            throw expectedExpression(token)
        }
    }

    private mutating func parseCall(name: String, nameToken: Token) throws(Failure) -> Node {
        let open = advance()
        try enter(open)
        let arguments = try parseList(closing: .rparen, opener: open, what: "arguments of `\(name)`")
        let close = advance()
        leave()
        return try make(
            .call(name, nameSpan: nameToken.span, arguments.map(\.expr)), nameToken.span.union(close.span),
            children: arguments)
    }

    /// Comma-separated expressions up to (not past) `closing`.
    private mutating func parseList(closing: Token.Kind, opener: Token, what: String) throws(Failure) -> [Node] {
        var elements: [Node] = []
        if current.kind == closing { return elements }
        while true {
            elements.append(try parseExpression())
            if current.kind == .comma {
                advance()
                if current.kind == closing {
                    throw fail(
                        "expected an expression after `,`", previous?.span ?? current.span,
                        help: "remove the trailing `,`")
                }
                continue
            }
            if current.kind == closing { return elements }
            let symbol = closing == .rparen ? ")" : "]"
            if current.kind == .eof {
                throw fail("unclosed `\(text(opener.span))`", opener.span, help: "close the \(what) with `\(symbol)`")
            }
            throw fail(
                "expected `,` or `\(symbol)` in the \(what), found \(describe(current))", current.span,
                help: "separate items with `,`")
        }
    }

    private mutating func expectClose(_ kind: Token.Kind, opener: Token, what: String) throws(Failure) -> Token {
        if current.kind == kind { return advance() }
        let symbol = kind == .rparen ? ")" : "]"
        if current.kind == .eof {
            throw fail("unclosed `\(text(opener.span))`", opener.span, help: "add `\(symbol)` to close it")
        }
        if case .rparen = current.kind, kind == .rbracket {
            throw fail("expected `]` to close the `[`, found `)`", current.span, help: "brackets and parentheses must match")
        }
        if case .rbracket = current.kind, kind == .rparen {
            throw fail("expected `)` to close the `(`, found `]`", current.span, help: "brackets and parentheses must match")
        }
        throw fail(
            "expected `\(symbol)` to close the \(what), found \(describe(current))", current.span,
            help: "is an operator missing?")
    }

    private func expectedExpression(_ token: Token) -> Failure {
        if token.kind == .eof {
            if let previous {
                return fail("expected an expression after \(describe(previous))", previous.span)
            }
            return fail("empty expression", token.span, help: "write an expression, e.g. `qty > 0`")
        }
        switch token.kind {
        case .kwNot:
            return fail(
                "`not` cannot appear here", token.span,
                help: "put it in parentheses, e.g. `a == (not b)`")
        case .plus:
            return fail("expected an expression, found `+`", token.span, help: "there is no unary `+`; remove it")
        case .kwAnd, .kwOr, .kwIn:
            return fail("expected an expression before \(describe(token))", token.span)
        default:
            return fail("expected an expression, found \(describe(token))", token.span)
        }
    }
}

/// flowc's functions, for the parser's hints (FlowChecker's `FunctionLibrary` holds their
/// signatures; a test keeps the two alike).
public enum FunctionNames {
    public static let all: Set<String> = [
        "len", "lower", "upper", "trim", "contains", "starts_with", "ends_with", "matches", "replace", "split", "join",
        "number", "text", "round", "floor", "ceil", "abs", "min", "max", "sum", "first", "last", "now", "today",
        "date_add", "format_date", "format_number", "money",
    ]
}
