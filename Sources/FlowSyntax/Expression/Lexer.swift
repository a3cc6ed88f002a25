/// Splits an expression (or the inside of a template hole) into tokens.
///
/// Never fails: problems become issues. `fatal` is set when the token stream no longer
/// reflects the text well enough to build a tree from it.
struct Lexer {
    /// Where the text comes from, which changes some hints.
    enum Context {
        /// A whole expression (an `if:`).
        case expression
        /// The inside of a template's `{{ }}` hole.
        case hole
    }

    /// At most this many issues are reported per expression.
    static let maxIssues = 20

    private let scalars: [Unicode.Scalar]
    /// Where the text starts (what comes before a `|` is the value a filter was meant for).
    private let begin: Int
    private let end: Int
    private let context: Context
    private var position: Int
    private(set) var issues: [SyntaxIssue] = []
    private(set) var fatal = false

    /// Lexes `scalars[start..<end]`; spans are offsets into `scalars`.
    init(scalars: [Unicode.Scalar], start: Int, end: Int, context: Context) {
        self.scalars = scalars
        self.position = Swift.max(0, Swift.min(start, scalars.count))
        self.begin = self.position
        self.end = Swift.max(self.position, Swift.min(end, scalars.count))
        self.context = context
    }

    /// All tokens, ending with one `.eof` token whose span is empty at the end.
    mutating func tokenize() -> [Token] {
        var tokens: [Token] = []
        while let token = next() {
            tokens.append(token)
        }
        tokens.append(Token(kind: .eof, span: ExprSpan(start: end, end: end)))
        return tokens
    }

    // MARK: - Scanning

    private func peek(_ ahead: Int = 0) -> Unicode.Scalar? {
        let index = position + ahead
        return index < end ? scalars[index] : nil
    }

    private mutating func report(
        _ message: String, _ start: Int, _ stop: Int, help: String? = nil, fatal: Bool = true, pipe: PipeFilter? = nil
    ) {
        if fatal { self.fatal = true }
        // A flood of issues from garbage helps nobody.
        guard issues.count < Lexer.maxIssues else { return }
        var issue = SyntaxIssue(rule: SyntaxIssue.expressionRule, message: message, span: ExprSpan(start: start, end: stop), help: help)
        issue.pipe = pipe
        issues.append(issue)
    }

    private func text(_ start: Int, _ stop: Int) -> String {
        // Identifiers and numbers are ASCII almost always: build them from bytes, which is
        // far cheaper than appending a slice of scalars.
        var ascii = true
        for i in start..<stop where !scalars[i].isASCII { ascii = false; break }
        if ascii {
            return String(unsafeUninitializedCapacity: stop - start) { buffer in
                for i in start..<stop { buffer[i - start] = UInt8(truncatingIfNeeded: scalars[i].value) }
                return stop - start
            }
        }
        var out = String.UnicodeScalarView()
        for i in start..<stop { out.append(scalars[i]) }
        return String(out)
    }

    private mutating func next() -> Token? {
        while true {
            while let scalar = peek(), Lexer.isWhitespace(scalar) {
                position += 1
            }
            guard let scalar = peek() else { return nil }
            if let token = scan(scalar) { return token }
        }
    }

    /// Scans one token starting at `scalar`; nil when the characters were skipped as errors.
    private mutating func scan(_ scalar: Unicode.Scalar) -> Token? {
        let start = position
        if Lexer.isDigit(scalar) { return number() }
        if Lexer.isIdentifierStart(scalar) || Lexer.isForeignLetter(scalar) { return identifier() }
        if scalar == "\"" || scalar == "'" { return string(quote: scalar) }
        position += 1
        func token(_ kind: Token.Kind) -> Token {
            Token(kind: kind, span: ExprSpan(start: start, end: position))
        }
        /// `==` or `!=` (past its first character); JavaScript's `===`/`!==` is reported as one token.
        func equality(_ kind: Token.Kind, _ op: String) -> Token {
            position += 1
            if peek() == "=" {
                position += 1
                report("`\(op)=` is not an operator", start, position, help: "use `\(op)` to compare", fatal: false)
            }
            return token(kind)
        }
        switch scalar {
        case "(": return token(.lparen)
        case ")": return token(.rparen)
        case "[": return token(.lbracket)
        case "]": return token(.rbracket)
        case ",": return token(.comma)
        case ".": return token(.dot)
        case "+": return token(.plus)
        case "-": return token(.minus)
        case "*": return token(.star)
        case "/": return token(.slash)
        case "%": return token(.percent)
        case "=":
            if peek() == "=" { return equality(.eq, "==") }
            if peek() == ">" {
                position += 1
                report("`=>` is not an operator", start, position, help: "did you mean `>=`?", fatal: false)
                return token(.ge)
            }
            if peek() == "<" {
                position += 1
                report("`=<` is not an operator", start, position, help: "did you mean `<=`?", fatal: false)
                return token(.le)
            }
            report("`=` is not a comparison", start, position, help: "use `==` to compare", fatal: false)
            return token(.eq)
        case "!":
            if peek() == "=" { return equality(.ne, "!=") }
            report("`!` is not an operator here", start, position, help: "use `not`", fatal: false)
            return token(.kwNot)
        case "<":
            if peek() == "=" { position += 1; return token(.le) }
            if peek() == ">" {
                position += 1
                report("`<>` is not an operator", start, position, help: "use `!=`", fatal: false)
                return token(.ne)
            }
            return token(.lt)
        case ">":
            if peek() == "=" { position += 1; return token(.ge) }
            return token(.gt)
        case "&":
            if peek() == "&" {
                position += 1
                report("`&&` is not an operator here", start, position, help: "use `and`", fatal: false)
                return token(.kwAnd)
            }
            report("unexpected character `&`", start, position, help: "use `and`")
            return nil
        case "|":
            if peek() == "|" {
                position += 1
                report("`||` is not an operator here", start, position, help: "use `or`", fatal: false)
                return token(.kwOr)
            }
            // `{{ name | upper }}`, a filter as other template languages write it: a function here.
            var k = 0
            while peek(k) == " " { k += 1 }
            var filter = ""
            while let c = peek(k), c == "_" || ("a"..."z").contains(c) { filter.unicodeScalars.append(c); k += 1 }
            // The value piped is what comes before the `|`: `{{ precio | money }}` is `money(precio, …)`.
            let value = String(String.UnicodeScalarView(scalars[begin..<start])).trimmingPrefix(while: \.isWhitespace)
            let pipe = filter.isEmpty || context == .expression ? nil
                : PipeFilter(value: String(value.reversed().drop(while: \.isWhitespace).reversed()), filter: filter)
            // (`money` takes a currency: the checker writes the bot's; ARS is the runtime's default locale's.)
            report("unexpected character `|`", start, position, help: pipe?.help(currency: "ARS") ?? "use `or`", pipe: pipe)
            return nil
        case "?":
            if peek() == "?" { position += 1; return token(.coalesce) }
            report(
                "unexpected character `?`", start, position,
                help: "there is no `? :`; use `??` for a default, or a `branch` step")
            return nil
        case "{", "}":
            if peek() == scalar {
                position += 1
                let braces = scalar == "{" ? "{{" : "}}"
                switch context {
                case .expression:
                    // `if: "{{ qty > 1 }}"`: drop the braces and keep going.
                    report(
                        "`\(braces)` in an expression", start, position,
                        help: "an `if:` takes a bare expression, not a template: remove the `{{ }}`",
                        fatal: false)
                case .hole:
                    report(
                        "`\(braces)` inside a `{{ }}` hole", start, position,
                        help: "holes do not nest; is a `}}` missing before it?")
                }
                return nil
            }
            // `[{item: x}]`: an object literal, as JSON or JavaScript write one.
            report("unexpected character `\(scalar)`", start, position,
                   help: scalar == "{" ? "expressions have lists (`[a, b]`) but no objects `{…}`: keep the fields in variables of their own, or build the object in an `http` step's `json:`" : nil)
            return nil
        case "\u{201C}", "\u{201D}", "\u{2018}", "\u{2019}", "\u{00AB}", "\u{00BB}", "\u{201E}":
            report(
                "unexpected character `\(scalar)`", start, position,
                help: "use straight quotes: `\"` or `'`")
            return nil
        default:
            // Merge a run of unknown characters into one issue.
            while let more = peek(), !Lexer.isWhitespace(more), Lexer.isUnknown(more) {
                position += 1
            }
            let run = text(start, position)
            // `≥`, `≤`, `≠`, `×`, `÷` as a phone or a math habit writes them.
            let ascii: [String: String] = ["≥": ">=", "≤": "<=", "≠": "!=", "×": "*", "÷": "/", "−": "-"]
            report(
                run.unicodeScalars.count == 1 ? "unexpected character `\(run)`" : "unexpected characters `\(run)`",
                start, position, help: ascii[run].map { "write `\($0)`" })
            return nil
        }
    }

    private mutating func number() -> Token {
        let start = position
        while let scalar = peek(), Lexer.isDigit(scalar) { position += 1 }
        if peek() == ".", let after = peek(1), Lexer.isDigit(after) {
            position += 1
            while let scalar = peek(), Lexer.isDigit(scalar) { position += 1 }
        }
        let digitsEnd = position
        if let scalar = peek(), Lexer.isIdentifierPart(scalar) || Lexer.isForeignLetter(scalar) {
            while let scalar = peek(), Lexer.isIdentifierPart(scalar) || Lexer.isForeignLetter(scalar) {
                position += 1
            }
            // `1e3`, `2.5E6`, `1e-3`: scientific notation, which expressions do not have.
            var suffix = text(digitsEnd, position)
            if suffix == "e" || suffix == "E", let sign = peek(), sign == "-" || sign == "+", let digit = peek(1), Lexer.isDigit(digit) {
                position += 1
                while let scalar = peek(), Lexer.isDigit(scalar) { position += 1 }
                suffix = text(digitsEnd, position)
            }
            let exponent = suffix.count > 1 && (suffix.first == "e" || suffix.first == "E")
                && suffix.dropFirst().drop { $0 == "-" || $0 == "+" }.allSatisfy { $0.isASCII && $0.isNumber }
            let full = Double(text(start, position)).flatMap { value -> String? in
                guard value.isFinite, value < 1e15 else { return nil }
                if value == value.rounded() { return String(Int(value)) }
                let plain = String(value)
                return plain.contains("e") ? nil : plain
            }
            report(
                "invalid number `\(text(start, position))`", start, position,
                help: exponent
                    ? "numbers have no exponent: write it in full\(full.map { ", `\($0)`" } ?? "")"
                    : "a name cannot start with a digit; numbers are written like `12` or `3.5`")
        }
        let value = Double(text(start, digitsEnd)) ?? 0
        if !value.isFinite {
            report("number `\(text(start, digitsEnd))` is too large", start, digitsEnd)
        }
        return Token(kind: .number(value.isFinite ? value : 0), span: ExprSpan(start: start, end: position))
    }

    private mutating func identifier() -> Token {
        let start = position
        var foreign = false
        while let scalar = peek() {
            if Lexer.isIdentifierPart(scalar) {
                position += 1
            } else if Lexer.isForeignLetter(scalar) {
                foreign = true
                position += 1
            } else {
                break
            }
        }
        let word = text(start, position)
        if foreign {
            report(
                "`\(word)` is not a valid name", start, position,
                help: "names use only ASCII letters, digits and `_`" + (NodeDecoder.fixedVariableName(word).map { ": write `\($0)`" } ?? ""))
        }
        let kind = Token.keyword(word) ?? .identifier(word)
        return Token(kind: kind, span: ExprSpan(start: start, end: position))
    }

    private mutating func string(quote: Unicode.Scalar) -> Token {
        let start = position
        position += 1
        var value = String.UnicodeScalarView()
        while true {
            guard let scalar = peek() else {
                report(
                    "unterminated string", start, end,
                    help: "close it with `\(quote)`")
                break
            }
            position += 1
            if scalar == quote { break }
            if scalar == "\\", let escaped = peek() {
                position += 1
                switch escaped {
                case "\"", "'", "\\": value.append(escaped)
                case "n": value.append("\n")
                case "t": value.append("\t")
                default:
                    // Unknown escapes stay as written, so `"\d+"` is the regex `\d+`.
                    value.append("\\")
                    value.append(escaped)
                }
                continue
            }
            value.append(scalar)
        }
        return Token(kind: .string(String(value)), span: ExprSpan(start: start, end: position))
    }

    // MARK: - Character classes

    /// Unicode `White_Space`, without the property lookup for ASCII (tab to CR, and space).
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 128 { return value == 32 || (value >= 9 && value <= 13) }
        return scalar.properties.isWhitespace
    }

    static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value >= 48 && scalar.value <= 57
    }

    static func isIdentifierStart(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return (value >= 65 && value <= 90) || (value >= 97 && value <= 122) || value == 95
    }

    static func isIdentifierPart(_ scalar: Unicode.Scalar) -> Bool {
        isIdentifierStart(scalar) || isDigit(scalar)
    }

    /// A non-ASCII letter or digit, e.g. `ñ`: not allowed in names, but lexed with them.
    static func isForeignLetter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value > 127 && (scalar.properties.isAlphabetic || scalar.properties.numericType != nil)
    }

    /// A character that starts no token.
    static func isUnknown(_ scalar: Unicode.Scalar) -> Bool {
        if isIdentifierPart(scalar) || isForeignLetter(scalar) { return false }
        switch scalar {
        case "(", ")", "[", "]", ",", ".", "+", "-", "*", "/", "%", "=", "!", "<", ">", "&", "|", "?",
            "{", "}", "\"", "'", "\u{201C}", "\u{201D}", "\u{2018}", "\u{2019}", "\u{00AB}", "\u{00BB}",
            "\u{201E}":
            return false
        default:
            return true
        }
    }
}
