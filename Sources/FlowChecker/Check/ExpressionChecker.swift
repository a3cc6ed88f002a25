import FlowDiagnostics
import FlowSyntax

/// A read of a conversation variable inside a template or condition.
struct Read {
    var name: String
    var span: ExprSpan
    var text: TextValue
    var file: String
}

/// Templates parsed once per check run. A parse depends only on the text, so the `set`
/// inference rounds, the flow checks and identical texts elsewhere share one tree (and its
/// syntax issues, reported by whichever check reports them).
final class ParseCache {
    private var templates: [String: (template: Template, issues: [SyntaxIssue])]

    /// A cache holding `parsed` already (templates parsed while the files were decoded).
    init(_ parsed: [String: ParsedTemplate] = [:]) {
        templates = parsed
    }

    func template(_ text: String) -> (template: Template, issues: [SyntaxIssue]) {
        if let parsed = templates[text] { return parsed }
        let parsed = TemplateParser.parse(text)
        templates[text] = parsed
        return parsed
    }
}

/// Parses and type-checks the templates and conditions of one file, turning issues into
/// diagnostics at the exact columns inside the YAML string.
struct ExpressionChecker {
    let sink: DiagnosticSink
    let source: SourceFile?
    let file: String
    let scope: VariableTable
    /// Where parsed templates are kept across checkers of one run (nil: parse every time).
    var parses: ParseCache? = nil
    /// Whether the bot's locale writes a decimal comma (`2.500` is then likely a slip for 2500).
    var commaDecimals = false
    /// The currency of the bot's locale (ISO 4217), for a `money` call the checker suggests.
    var currency = "ARS"

    /// `2.500` (one to three digits, a dot, three digits), as a number in a flow: two and a half,
    /// where the bot's people read two thousand five hundred. A warning at `range`.
    func thousandsSlip(_ written: Substring, at range: SourceRange, in place: String = "a flow") {
        let sign = written.first == "-" ? "-" : ""
        let body = written.dropFirst(sign.count)
        // (A decimal has no use for trailing zeros: `3.141` and `-34.603` are decimals, `2.500` is not.)
        guard commaDecimals, let dot = body.firstIndex(of: "."), let first = body.first, first != "0", body.last == "0",
              body[..<dot].count <= 3, body[body.index(after: dot)...].count == 3,
              body.allSatisfy({ $0 == "." || ("0"..."9").contains($0) }), body.filter({ $0 == "." }).count == 1 else { return }
        var decimal = String(body)
        while decimal.hasSuffix("0") { decimal.removeLast() }
        if decimal.hasSuffix(".") { decimal.removeLast() }
        let whole = String(body[..<dot] + body[body.index(after: dot)...]).drop { $0 == "0" }
        sink.warning("thousands-dot", "`\(written)` is \(sign)\(decimal) in \(place): the `.` is the decimal point, never a thousands separator",
                     file: file, range: range,
                     help: "for \(sign)\(whole) write `\(sign)\(whole)`; for \(sign)\(decimal), write `\(sign)\(decimal)`")
    }

    /// `thousandsSlip` for every number literal of `exprs`, whose spans are `offset` scalars into `text`
    /// (the text read only for a literal whose value and width may be `2.500`).
    func thousandsSlips(_ exprs: [Expr], in text: TextValue, offset: Int = 0) {
        guard commaDecimals else { return }
        var scalars: [Unicode.Scalar]?
        func walk(_ e: Expr) {
            switch e.kind {
            case .number(let value):
                guard Self.mayBeThousandsSlip(value, width: e.span.end - e.span.start) else { return }
                let all = scalars ?? Array(text.text.unicodeScalars)
                scalars = all
                let start = e.span.start + offset, end = e.span.end + offset
                guard start >= 0, end <= all.count, start < end else { return }
                var written = String(String.UnicodeScalarView(all[start..<end]))
                var from = start
                // `-2.500` is read as the negation of `2.500`.
                if from > 0, all[from - 1] == "-" { written = "-" + written; from -= 1 }
                thousandsSlip(Substring(written), at: range(of: ExprSpan(start: from, end: end), in: text))
            case .list(let items), .call(_, _, let items): items.forEach(walk)
            case .binary(_, let l, let r), .index(let l, let r):
                walk(l)
                walk(r)
            case .unary(_, let x), .member(let x, _, _): walk(x)
            default: break
            }
        }
        exprs.forEach(walk)
    }

    /// Whether a number written `range` wide may be `2.500` (one to three digits, a dot, three):
    /// its value under a thousand, in thousandths, and as wide as that, with no source read.
    static func mayBeThousandsSlip(_ value: Double, _ range: SourceRange) -> Bool {
        guard range.start.line == range.end.line else { return false }
        return mayBeThousandsSlip(value, width: range.end.column - range.start.column - (value < 0 ? 1 : 0))
    }

    /// `mayBeThousandsSlip` of a value written `width` characters wide (its sign aside).
    static func mayBeThousandsSlip(_ value: Double, width: Int) -> Bool {
        let v = abs(value)
        guard v >= 1, v < 1000, (v * 100).rounded() == v * 100 else { return false }
        return width == (v < 10 ? 1 : v < 100 ? 2 : 3) + 4
    }

    /// The source text at `range` (one line), when the file is known.
    func written(_ range: SourceRange) -> Substring? {
        guard let source, range.start.line == range.end.line, let line = source.line(range.start.line) else { return nil }
        let scalars = line.unicodeScalars
        guard range.start.column >= 1, range.end.column > range.start.column, range.end.column - 1 <= scalars.count else { return nil }
        let start = scalars.index(scalars.startIndex, offsetBy: range.start.column - 1)
        let end = scalars.index(scalars.startIndex, offsetBy: range.end.column - 1)
        return Substring(scalars[start..<end])
    }

    func range(of span: ExprSpan, in text: TextValue) -> SourceRange {
        guard let source else { return text.range }
        return ScalarMap(text, source: source).range(start: span.start, end: span.end)
    }

    private func report(rule: String, message: String, span: ExprSpan, help: String?, in text: TextValue) {
        if rule == RegexBacktracking.rule || rule == ExpressionTypeChecker.maybeNull {
            sink.warning(rule, message, file: file, range: range(of: span, in: text), help: help)
        } else {
            sink.error(rule, message, file: file, range: range(of: span, in: text), help: help)
        }
    }

    /// Checks a template; returns its type and appends the variables it reads.
    @discardableResult
    func template(_ text: TextValue, reads: inout [Read], typed: Bool = false) -> ValueType {
        if text.style != .literal, text.style != .folded { commentCut(text) }
        guard TemplateText.hasHole(text.text) else { return .text }
        let (template, issues) = parses?.template(text.text) ?? TemplateParser.parse(text.text)
        for issue in issues {
            // The rule's own example is a condition; in a template, show a hole.
            let help = issue.pipe?.help(currency: currency) ?? issue.help ?? (issue.rule == "expr-syntax" ? "a `{{ }}` hole holds one expression, e.g. `{{qty * 2}}` or `{{contact.name}}`" : nil)
            report(rule: issue.rule, message: issue.message, span: issue.span, help: help, in: text)
        }
        var checker = ExpressionTypeChecker(scope: scope)
        checker.rendersAsText = !typed
        let type = checker.infer(template)
        let expressions = template.expressions
        if commaDecimals { thousandsSlips(expressions, in: text) }
        var guarded = Set<Int>()
        for e in expressions { Self.guardedReads(e, into: &guarded) }
        // A hole with a syntax error is reported once, for that: its recovered expression is
        // not type-checked too (`{{ qty && 3 }}` is one mistake, not three).
        let broken: [ExprSpan] = template.parts.compactMap { part in
            guard case .hole(_, let span) = part,
                  issues.contains(where: { $0.span.start >= span.start && $0.span.start <= span.end }) else { return nil }
            return span
        }
        // (A warning, `regex-backtracking` or `maybe-null`, leaves the type as it is.)
        let typeIssues = checker.issues.contains { $0.rule != RegexBacktracking.rule && $0.rule != ExpressionTypeChecker.maybeNull }
        collect(&checker, text: text, reads: &reads, guarded: guarded, skipping: broken)
        // A value that does not parse or type-check has no known type: what it is set into is not
        // typed by the mistake (a `total` set from `{{ n ** 2 }}` is no text for later reads to trip on).
        if !issues.isEmpty || (typeIssues && template.singleExpression != nil) { return .json }
        return type
    }

    // MARK: Comments

    /// Warns when an unquoted text is cut by a YAML comment: `say: Tu pedido #{{num}} está listo`
    /// sends `Tu pedido`. Only a `#` right before a number, or a comment with a hole (`# nota` and
    /// `#TODO` are comments as people write them).
    func commentCut(_ text: TextValue) {
        // (On a text's last line: a multi-line plain text is cut there too, `…,\n  tu pedido #{{num}} está listo`.)
        // (Most lines hold no `#`: looked for in the line's bytes at once, not one by one through a view.)
        guard let source, let line = source.line(text.range.end.line),
              line.utf8.withContiguousStorageIfAvailable({ $0.contains(0x23) }) ?? line.utf8.contains(0x23) else { return }
        let scalars = Array(line.unicodeScalars)
        var i = text.range.end.column - 1
        let quoted = text.style == .singleQuoted || text.style == .doubleQuoted
        if quoted {
            // `say: "Tu pedido "#{{num}}`: the YAML reader takes a `#` right after the closing quote for a comment too.
            guard i >= 1, i < scalars.count, scalars[i] == "#" else { return }
        } else {
            guard text.style == .plain, i >= 0, i < scalars.count, scalars[i] == " " || scalars[i] == "\t" else { return }
            while i < scalars.count, scalars[i] == " " || scalars[i] == "\t" { i += 1 }
        }
        guard i + 1 < scalars.count, scalars[i] == "#", scalars[i + 1] != " ", scalars[i + 1] != "\t", scalars[i + 1] != "#" else { return }
        var end = scalars.count
        while end > i, scalars[end - 1] == " " || scalars[end - 1] == "\r" { end -= 1 }
        let cut = String(String.UnicodeScalarView(scalars[i..<end]))
        // (`#TODO`, `#saludo` may be comments; `#123` and `#{{num}}` are an order's number.)
        guard ("0"..."9").contains(scalars[i + 1]) || cut.contains("{{") else { return }
        // What the cut holes read was meant to be read: not also unused.
        var reader = ExpressionTypeChecker(scope: scope)
        _ = reader.infer(TemplateParser.parse(cut).0)
        for read in reader.reads { scope.markRead(read.name) }
        let from = SourceLocation(line: text.range.end.line, column: i + 1)
        sink.warning("comment-in-text", "`\(cut.prefix(40))` is a YAML comment, so the text ends at `\(text.text.count > 30 ? "…" : "")\(text.text.suffix(30))`",
                     file: file, range: SourceRange(start: from, end: SourceLocation(line: from.line, column: end + 1)),
                     help: quoted
                        ? "move it inside the quotes: `\(scalars[i - 1])\(text.text)\(cut.prefix(40))\(scalars[i - 1])`"
                        : "put the whole text in quotes: `\"\(text.text) \(cut.prefix(40))\"`")
    }

    // MARK: Braces

    /// Warns of a variable in single braces (`Hola {name}`, `${name}`, `{name}}`) in what the contact
    /// reads: sent as written, since a value goes in `{{ }}`. Only names a flow knows (a variable or
    /// a namespace path); never in an action's body, where braces are another system's (a GraphQL
    /// query, an SMS provider's `{nombre}`).
    func singleBraces(_ text: TextValue) {
        // On bytes first: only a `{` outside `{{` is worth a look (most texts have none, or only holes).
        func hasLoneBrace(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            var i = 0
            while i < bytes.count {
                if bytes[i] == 0x7B {
                    if i + 1 < bytes.count, bytes[i + 1] == 0x7B { i += 2; continue }
                    if i == 0 || bytes[i - 1] != 0x7B { return true }
                }
                i += 1
            }
            return false
        }
        var string = text.text
        guard string.withUTF8(hasLoneBrace) else { return }
        let s = Array(text.text.unicodeScalars)
        func isName(_ c: Unicode.Scalar) -> Bool { c == "_" || c == "." || c.properties.isAlphabetic || ("0"..."9").contains(c) }
        var i = 0
        var toldOfTags = false
        while i < s.count {
            guard s[i] == "{" else { i += 1; continue }
            if i + 1 < s.count, s[i + 1] == "{" {
                // A hole: on past its `}}`.
                var j = i + 2
                while j + 1 < s.count, !(s[j] == "}" && s[j + 1] == "}") { j += 1 }
                i = j + 2
                continue
            }
            if i + 1 < s.count, s[i + 1] == "%", let tag = Self.tagEnd(s, from: i + 2) {
                // `{% if qty > 1 %}muchos{% endif %}`: a Liquid or Jinja tag, told once per text; the
                // variables of every tag count as read, and the rest of the text is still looked at.
                liquidTag(s, i..<tag, text, tell: !toldOfTags)
                toldOfTags = true
                i = tag
                continue
            }
            var j = i + 1
            while j < s.count, s[j] == " " { j += 1 }
            let start = j
            while j < s.count, isName(s[j]) { j += 1 }
            let end = j
            while j < s.count, s[j] == " " { j += 1 }
            defer { i += 1 }
            guard end > start, j < s.count, s[j] == "}", s[start] == "_" || s[start].properties.isAlphabetic else { continue }
            let path = String(String.UnicodeScalarView(s[start..<end]))
            let root = String(path.prefix { $0 != "." })
            guard scope[root] != nil || ReservedNames.namespaces.contains(root) else { continue }
            // It was meant to be read: that mistake is reported, the variable is not also unused.
            scope.markRead(root)
            let first = i > 0 && s[i - 1] == "$" ? i - 1 : i
            var last = j + 1
            if last < s.count, s[last] == "}" { last += 1 }
            sink.warning("single-braces", "`\(String(String.UnicodeScalarView(s[first..<last])))` is sent as written: a value goes in `{{ }}`",
                         file: file, range: range(of: ExprSpan(start: first, end: last), in: text), help: "write `{{\(path)}}`")
        }
    }

    /// Where the `%}` closing a tag opened before `from` ends, on its line.
    private static func tagEnd(_ s: [Unicode.Scalar], from: Int) -> Int? {
        var j = from
        while j + 1 < s.count, s[j] != "\n" {
            if s[j] == "%", s[j + 1] == "}" { return j + 2 }
            j += 1
        }
        return nil
    }

    /// A Liquid or Jinja tag (`{% if qty > 1 %}`) in what the contact reads: sent as written. The
    /// variables it names were meant to be read (not also unused).
    private func liquidTag(_ s: [Unicode.Scalar], _ tag: Range<Int>, _ text: TextValue, tell: Bool) {
        let written = String(String.UnicodeScalarView(s[tag]))
        let read = YAMLNode.words(of: written).filter { scope[$0] != nil }
        for name in read { scope.markRead(name) }
        guard tell else { return }
        let shown = written.unicodeScalars.count > 40 ? String(written.prefix(37)) + "..." : written
        sink.warning("single-braces", "`\(shown)` is sent as written: flowc templates have no `{% %}` tags",
                     file: file, range: range(of: ExprSpan(start: tag.lowerBound, end: tag.upperBound), in: text),
                     help: "choose the text with a `branch` step (a `say` for each case), give a default with `??`, "
                        + "and put values in `{{ }}`" + (read.first.map { ", e.g. `{{\($0)}}`" } ?? ""))
    }

    // MARK: Secrets (flow-format.md §2: never logged or stored)

    /// Reports `secret-exposed` for each hole of `text` whose value carries a secret, where the
    /// text is shown to the contact or stored with the conversation (`place` says which).
    func exposedSecrets(_ text: TextValue, place: String) {
        guard TemplateText.hasHole(text.text), Self.mentionsSecret(text.text) else { return }
        let (template, _) = parses?.template(text.text) ?? TemplateParser.parse(text.text)
        for expr in template.expressions {
            guard let (name, span) = Self.carriedSecret(expr) else { continue }
            sink.error(Self.secretExposed, "`\(name)` would be \(place): a secret is never sent to the contact or stored",
                       file: file, range: range(of: span, in: text),
                       help: "use a secret only inside an `http` or `email` action (URL, header, body); to test one, compare it in an `if:`")
        }
    }

    static let secretExposed = "secret-exposed"

    /// Whether `secret` occurs in the text, on its bytes (`String.contains` of a string runs a
    /// generic search that cost a seventh of a big bot's check).
    static func mentionsSecret(_ text: String) -> Bool {
        let word: [UInt8] = Array("secret".utf8)
        var matched = 0
        for byte in text.utf8 {
            if byte == word[matched] {
                matched += 1
                if matched == word.count { return true }
            } else {
                matched = byte == word[0] ? 1 : 0
            }
        }
        return false
    }

    /// The first `secret.NAME` whose text the expression's value keeps (a comparison, `len` or
    /// `contains` keep nothing of it), with its span.
    static func carriedSecret(_ e: Expr) -> (String, ExprSpan)? {
        switch e.kind {
        case .member(let base, let name, _):
            if case .variable("secret") = base.kind { return ("secret.\(name)", e.span) }
            return carriedSecret(base)
        case .index(let base, _):
            if case .variable("secret") = base.kind { return (e.sourceText, e.span) }
            return carriedSecret(base)
        case .unary(.negate, let operand):
            return carriedSecret(operand)
        case .binary(let op, let left, let right):
            switch op {
            case .add, .sub, .mul, .div, .mod, .coalesce: return carriedSecret(left) ?? carriedSecret(right)
            default: return nil
            }
        case .call(let name, _, let arguments):
            if ["len", "contains", "starts_with", "ends_with", "matches"].contains(name) { return nil }
            return arguments.lazy.compactMap(carriedSecret).first
        case .list(let items):
            return items.lazy.compactMap(carriedSecret).first
        default:
            return nil
        }
    }

    /// Counts what an `if:` condition reads as read, reporting nothing: an arm that never runs
    /// (after `else`, reported there) was still written to read it.
    func markReads(inCondition text: TextValue) {
        let trimmed = text.text.trimmingPrefix(while: { $0 == " " })
        let source = trimmed.hasPrefix("{{") && trimmed.hasSuffix("}}") ? String(trimmed.dropFirst(2).dropLast(2)) : text.text
        guard let expr = ExpressionParser.parse(source).0 else { return }
        var reader = ExpressionTypeChecker(scope: scope)
        _ = reader.infer(expr)
        for read in reader.reads { scope.markRead(read.name) }
    }

    /// Checks an `if:` condition, which must be a bool.
    func condition(_ text: TextValue, reads: inout [Read]) -> Expr? {
        var source = text.text
        var offset = 0
        // `if: "{{ x > 1 }}"` is read as the same expression (and reported below).
        let trimmed = source.trimmingPrefix(while: { $0 == " " })
        if trimmed.hasPrefix("{{"), source.hasSuffix("}}"), !source.dropFirst(2).contains("{{") {
            offset = source.unicodeScalars.count - trimmed.unicodeScalars.count + 2
            source = String(trimmed.dropFirst(2).dropLast(2))
        }
        let (expr, issues) = ExpressionParser.parse(source)
        func shift(_ s: ExprSpan) -> ExprSpan { ExprSpan(start: s.start + offset, end: s.end + offset) }
        if offset > 0 {
            // flow-format.md §2: `if:` takes an expression; every other string is a template. The
            // meaning is clear, so the inside is still checked, but the form is an error.
            report(rule: SyntaxIssue.expressionRule, message: "`if:` takes an expression, not a template: drop the `{{ }}`",
                   span: ExprSpan(start: offset - 2, end: offset), help: "write `if: \(source.trimmingPrefix(while: { $0 == " " }))`",
                   in: text)
        }
        for issue in issues { report(rule: issue.rule, message: issue.message, span: shift(issue.span), help: issue.help, in: text) }
        guard let expr else { return nil }
        if commaDecimals { thousandsSlips([expr], in: text, offset: offset) }
        var checker = ExpressionTypeChecker(scope: scope)
        checker.expect(expr, .bool, what: "`if` condition")
        // A syntax error is the condition's one mistake: its recovered form is not type-checked too.
        for issue in checker.issues where issues.isEmpty && offset == 0 {
            report(rule: issue.rule, message: issue.message, span: shift(issue.span), help: issue.help, in: text)
        }
        var guarded = Set<Int>()
        Self.guardedReads(expr, into: &guarded)
        for read in checker.reads {
            scope.markRead(read.name)
            if guarded.contains(read.span.start) { continue }
            reads.append(Read(name: read.name, span: shift(read.span), text: text, file: file))
        }
        return expr
    }

    /// Checks every template inside a data value (set values, JSON bodies); returns the value's type.
    @discardableResult
    func data(_ value: DataValue, reads: inout [Read]) -> ValueType {
        switch value {
        case .template(let t): return template(t, reads: &reads, typed: true)
        case .number(let value, let range):
            if commaDecimals, Self.mayBeThousandsSlip(value, range), let text = written(range) { thousandsSlip(text, at: range) }
            return .number
        case .bool: return .bool
        case .null: return .null
        case .list(let items, _):
            let types = items.map { data($0, reads: &reads) }
            guard let first = types.first else { return .list(.json) }
            return .list(types.allSatisfy { $0 == first } ? first : .json)
        case .map(let pairs, _):
            for pair in pairs { data(pair.value, reads: &reads) }
            return .json
        }
    }

    private func collect(_ checker: inout ExpressionTypeChecker, text: TextValue, reads: inout [Read], guarded: Set<Int>,
                         skipping broken: [ExprSpan] = []) {
        for issue in checker.issues where !broken.contains(where: { issue.span.start >= $0.start && issue.span.start <= $0.end }) {
            report(rule: issue.rule, message: issue.message, span: issue.span, help: issue.help, in: text)
        }
        for read in checker.reads {
            scope.markRead(read.name)
            if guarded.contains(read.span.start) { continue }
            reads.append(Read(name: read.name, span: read.span, text: text, file: file))
        }
    }

    /// Starts of variables read where an unset variable (null) is what the expression asks
    /// about, so those reads need no definite assignment: the left of `??`, a comparison with
    /// `null` (`x != null`), and a read on the right of `x != null and …` / `x == null or …`.
    static func guardedReads(_ e: Expr, into out: inout Set<Int>) {
        func reads(of names: Set<String>, in e: Expr, into out: inout Set<Int>) {
            switch e.kind {
            case .variable(let name): if names.contains(name) { out.insert(e.span.start) }
            case .binary(_, let l, let r), .index(let l, let r):
                reads(of: names, in: l, into: &out)
                reads(of: names, in: r, into: &out)
            case .unary(_, let x), .member(let x, _, _): reads(of: names, in: x, into: &out)
            case .list(let items), .call(_, _, let items): for item in items { reads(of: names, in: item, into: &out) }
            default: break
            }
        }
        switch e.kind {
        case .binary(.coalesce, let l, let r):
            if let root = Checker.rootRead(l) { out.insert(root.span.start) }
            guardedReads(l, into: &out)
            guardedReads(r, into: &out)
        case .binary(let op, let l, let r) where op == .eq || op == .ne:
            for (side, other) in [(l, r), (r, l)] {
                if case .null = other.kind, let root = Checker.rootRead(side) { out.insert(root.span.start) }
            }
            guardedReads(l, into: &out)
            guardedReads(r, into: &out)
        case .binary(let op, let l, let r) where op == .and || op == .or:
            // What `x != null and …` (or `x == null or …`) shows is set, the right side may read.
            reads(of: Checker.nonNull(l, holds: op == .and), in: r, into: &out)
            guardedReads(l, into: &out)
            guardedReads(r, into: &out)
        case .binary(_, let l, let r):
            guardedReads(l, into: &out)
            guardedReads(r, into: &out)
        case .unary(_, let x), .member(let x, _, _):
            guardedReads(x, into: &out)
        case .index(let a, let b):
            guardedReads(a, into: &out)
            guardedReads(b, into: &out)
        case .list(let items), .call(_, _, let items):
            for item in items { guardedReads(item, into: &out) }
        default:
            break
        }
    }
}
