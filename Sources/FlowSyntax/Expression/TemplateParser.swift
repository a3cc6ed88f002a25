/// Parses templates: text with `{{ expression }}` holes.
///
/// `{{` opens a hole and the first `}}` after it that is not inside a string literal closes it.
/// A `}}` with no `{{` before it, and any single `{` or `}`, are literal text.
public enum TemplateParser {
    /// Parses a template. Never throws or traps; every issue found is returned.
    ///
    /// Template-level problems (an unclosed `{{`, an empty `{{ }}`) use rule `template-syntax`;
    /// problems inside a hole use `expr-syntax`, with spans relative to the template's start.
    public static func parse(_ text: String) -> (Template, [SyntaxIssue]) {
        let scalars = Array(text.unicodeScalars)
        let count = scalars.count
        var parts: [Template.Part] = []
        var issues: [SyntaxIssue] = []
        var literal = String.UnicodeScalarView()
        var index = 0

        func flushLiteral() {
            if !literal.isEmpty {
                parts.append(.literal(String(literal)))
                literal = String.UnicodeScalarView()
            }
        }

        while index < count {
            guard scalars[index] == "{", index + 1 < count, scalars[index + 1] == "{" else {
                literal.append(scalars[index])
                index += 1
                continue
            }
            flushLiteral()
            let open = index
            let innerStart = open + 2
            guard let close = closingBraces(scalars, from: innerStart) else {
                issues.append(SyntaxIssue(
                    rule: SyntaxIssue.templateRule, message: "unclosed `{{`",
                    span: ExprSpan(start: open, end: open + 2), help: "close the hole with `}}`"))
                parts.append(.hole(nil, span: ExprSpan(start: open, end: count)))
                index = count
                break
            }
            let holeSpan = ExprSpan(start: open, end: close + 2)
            if scalars[innerStart..<close].allSatisfy({ $0.properties.isWhitespace }) {
                issues.append(SyntaxIssue(
                    rule: SyntaxIssue.templateRule, message: "empty `{{ }}`", span: holeSpan,
                    help: "put an expression inside, e.g. `{{ contact.name }}`, or remove it"))
                parts.append(.hole(nil, span: holeSpan))
            } else {
                let (expr, holeIssues) = ExpressionParser.parse(
                    scalars: scalars, start: innerStart, end: close, context: .hole)
                issues += holeIssues
                parts.append(.hole(expr, span: holeSpan))
            }
            index = close + 2
        }
        flushLiteral()
        return (Template(parts: parts, length: count), issues)
    }

    /// Offset of the `}}` closing a hole whose inside starts at `start`: the first one outside
    /// string literals, or, if a quote never closes, simply the first one.
    private static func closingBraces(_ scalars: [Unicode.Scalar], from start: Int) -> Int? {
        var quote: Unicode.Scalar?
        var index = start
        while index + 1 < scalars.count || (quote != nil && index < scalars.count) {
            let scalar = scalars[index]
            if let open = quote {
                if scalar == "\\" {
                    index += 2
                    continue
                }
                if scalar == open { quote = nil }
            } else if scalar == "}", index + 1 < scalars.count, scalars[index + 1] == "}" {
                return index
            } else if scalar == "\"" || scalar == "'" {
                quote = scalar
            }
            index += 1
        }
        var plain = start
        while plain + 1 < scalars.count {
            if scalars[plain] == "}", scalars[plain + 1] == "}" { return plain }
            plain += 1
        }
        return nil
    }
}
