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
        let view = text.unicodeScalars
        let scalars = Array(view)
        let count = scalars.count
        var parts: [Template.Part] = []
        var issues: [SyntaxIssue] = []
        // A literal run is cut out of `text` in one piece: scalar offsets map to string
        // indices by walking forward once (offsets only grow).
        var literalStart: Int?
        var cursor = view.startIndex
        var cursorOffset = 0
        var index = 0

        func stringIndex(_ offset: Int) -> String.Index {
            cursor = view.index(cursor, offsetBy: offset - cursorOffset)
            cursorOffset = offset
            return cursor
        }

        func flushLiteral(upTo end: Int) {
            guard let start = literalStart else { return }
            literalStart = nil
            let lower = stringIndex(start)
            let upper = stringIndex(end)
            parts.append(.literal(String(view[lower..<upper])))
        }

        while index < count {
            guard scalars[index] == "{", index + 1 < count, scalars[index + 1] == "{" else {
                if literalStart == nil { literalStart = index }
                index += 1
                continue
            }
            flushLiteral(upTo: index)
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
            if scalars[innerStart..<close].allSatisfy(Lexer.isWhitespace) {
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
        flushLiteral(upTo: count)
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
