/// Parses expressions: the value of an `if:`, or the inside of a template hole.
public enum ExpressionParser {
    /// Parses a whole expression (an `if:`).
    ///
    /// Never throws and never traps: returns a nil expression when the text is unusable, plus
    /// the first issue found (rule `expr-syntax`). Some mistakes are reported but still yield a tree,
    /// because their meaning is clear: `&&`, `||`, `!`, `=`, `<>`, and `{{ }}` around the whole
    /// expression.
    public static func parse(_ text: String) -> (Expr?, [SyntaxIssue]) {
        let scalars = Array(text.unicodeScalars)
        return parse(scalars: scalars, start: 0, end: scalars.count, context: .expression)
    }

    /// The issue that comes first in the text (the lexer collects them all before parsing).
    static func firstIssue(_ issues: [SyntaxIssue]) -> [SyntaxIssue] {
        issues.min { $0.span.start < $1.span.start }.map { [$0] } ?? []
    }

    /// Parses `scalars[start..<end]`; spans are offsets into `scalars`.
    static func parse(
        scalars: [Unicode.Scalar], start: Int, end: Int, context: Lexer.Context
    ) -> (Expr?, [SyntaxIssue]) {
        var lexer = Lexer(scalars: scalars, start: start, end: end, context: context)
        let tokens = lexer.tokenize()
        var issues = lexer.issues
        if lexer.fatal { return (nil, firstIssue(issues)) }
        if tokens.count == 1 {
            if issues.isEmpty {
                let span = ExprSpan(start: Swift.min(start, scalars.count), end: Swift.min(end, scalars.count))
                issues.append(SyntaxIssue(
                    rule: SyntaxIssue.expressionRule, message: "empty expression", span: span,
                    help: "write an expression, e.g. `qty > 0`"))
            }
            return (nil, issues)
        }
        var parser = Parser(tokens: tokens, scalars: scalars)
        do {
            let expr = try parser.parseAll()
            return (expr, firstIssue(issues))
        } catch {
            // One mistake often reads as several (`=!` is a lone `=` and a `!`, `===` a `==` and
            // a stray `=`): an expression reports its first problem, and the one that stopped
            // the parse when it is elsewhere (`a && (b`: the `&&` and the unclosed paren).
            var first = firstIssue(issues)
            let stop = error.issue
            if let f = first.first, stop.span.start > f.span.end || stop.span.end < f.span.start { first.append(stop) }
            if first.isEmpty { first = [stop] }
            return (nil, first)
        }
    }
}
