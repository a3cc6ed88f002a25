import FlowDiagnostics

/// What the reader looks at in a file's lines to say a YAML syntax error in plain words: where a
/// quote or bracket was opened, what a value was meant to be, how a block was indented.
extension YAMLReader {
    /// A text as a help writes it quoted: in double quotes, or in single ones when it holds a `"`.
    static func quoted(_ text: String) -> String {
        text.contains("\"") ? "'\(text)'" : "\"\(text)\""
    }

    /// The column of a line's value (after `key: ` or `- `) when it is plain text starting with `{{`, and the
    /// line with that value in double quotes: a template's `"` become `'`, other `"` are escaped.
    static func unquotedTemplate(_ line: Substring) -> (column: Int, fix: (text: String, changedQuotes: Bool))? {
        let scalars = Array(line.unicodeScalars)
        guard let (indent, i) = valueStart(scalars), i + 1 < scalars.count, scalars[i] == "{", scalars[i + 1] == "{" else { return nil }
        var end = scalars.count
        while end > i, scalars[end - 1] == " " || scalars[end - 1] == "\r" { end -= 1 }
        var quoted = String.UnicodeScalarView()
        var depth = 0
        var changed = false
        var k = i
        while k < end {
            let c = scalars[k]
            if c == "{", k + 1 < end, scalars[k + 1] == "{" {
                depth += 1; quoted.append(contentsOf: "{{".unicodeScalars); k += 2; continue
            }
            if c == "}", k + 1 < end, scalars[k + 1] == "}", depth > 0 {
                depth -= 1; quoted.append(contentsOf: "}}".unicodeScalars); k += 2; continue
            }
            if c == "\"" {
                changed = true
                quoted.append(contentsOf: (depth > 0 ? "'" : "\\\"").unicodeScalars)
            } else if c == "\\" {
                quoted.append(contentsOf: "\\\\".unicodeScalars)
            } else {
                quoted.append(c)
            }
            k += 1
        }
        let head = String(String.UnicodeScalarView(scalars[indent..<i]))
        return (i + 1, (head + "\"" + String(quoted) + "\"", changed))
    }

    /// What YAML makes of the characters that cannot start plain text.
    static let indicatorMeanings: [Character: String] = [
        "*": "starts an alias (`*name`)", "&": "starts an anchor (`&name`)", "!": "starts a tag (`!name`)",
        "@": "is reserved", "`": "is reserved", "%": "starts a directive",
    ]

    /// The column and character a line's value starts with (after `key: ` or `- `), when it is one of
    /// ``indicatorMeanings``.
    static func leadingIndicator(_ line: Substring) -> (column: Int, indicator: Character)? {
        let scalars = Array(line.unicodeScalars)
        guard let (_, i) = valueStart(scalars), i < scalars.count else { return nil }
        let c = Character(scalars[i])
        return indicatorMeanings[c] != nil ? (i + 1, c) : nil
    }

    /// Where a line's indentation ends and its value starts (0-based): after a sequence item's dash,
    /// or after a key and its `: ` (a key never holds `: `), spaces skipped; nil when it has neither.
    static func valueStart(_ scalars: [Unicode.Scalar]) -> (indent: Int, value: Int)? {
        var i = 0
        while i < scalars.count, scalars[i] == " " { i += 1 }
        let indent = i
        if i + 1 < scalars.count, scalars[i] == "-", scalars[i + 1] == " " {
            i += 2
        } else {
            var j = i
            while j + 1 < scalars.count, !(scalars[j] == ":" && scalars[j + 1] == " ") { j += 1 }
            guard j + 1 < scalars.count else { return nil }
            i = j + 2
        }
        while i < scalars.count, scalars[i] == " " { i += 1 }
        return (indent, i)
    }

    /// Where the quoted text that `quote` just before `at` closes was opened, when that is on an
    /// earlier line (scanning back over the text, a doubled `''` or an escaped `\"` being no quote).
    static func openingQuote(_ quote: Character, before at: SourceLocation, in source: SourceFile) -> SourceLocation? {
        guard at.line > 1 else { return nil }
        var line = at.line
        var scalars = Array((source.line(line) ?? "").unicodeScalars.prefix(max(0, at.column - 2)))
        let q = quote.unicodeScalars.first ?? "'"
        while line >= 1 {
            var i = scalars.count - 1
            while i >= 0 {
                if scalars[i] == q {
                    if q == "'", i > 0, scalars[i - 1] == "'" { i -= 2; continue }
                    if q == "\"", i > 0, scalars[i - 1] == "\\" { i -= 2; continue }
                    return line == at.line ? nil : SourceLocation(line: line, column: i + 1)
                }
                i -= 1
            }
            line -= 1
            if line < 1 || at.line - line > 50 { return nil }
            scalars = Array((source.line(line) ?? "").unicodeScalars)
        }
        return nil
    }

    /// The bracket a line's value starts with (after `key: ` or `- `) and the value up to a comment, when
    /// the text just before `at` closes that bracket: `[Oferta] 2x1` read as a list and words left over.
    static func bracketedText(before at: SourceLocation, in source: SourceFile) -> (Character, String)? {
        guard let line = source.line(at.line) else { return nil }
        let scalars = Array(line.unicodeScalars)
        guard let (_, i) = valueStart(scalars), i < scalars.count, scalars[i] == "[" || scalars[i] == "{" else { return nil }
        var j = at.column - 2
        while j > i, scalars[j] == " " { j -= 1 }
        guard j > i, j < scalars.count, scalars[j] == (scalars[i] == "[" ? "]" : "}") else { return nil }
        var value = Array(scalars[i...])
        if let comment = value.indices.first(where: { $0 > 0 && value[$0] == "#" && value[$0 - 1] == " " }) {
            value.removeSubrange(comment...)
        }
        while value.last == " " { value.removeLast() }
        return (Character(scalars[i]), String(String.UnicodeScalarView(value)))
    }

    /// A blank line holding more spaces than the text at `at`, between that text and a block scalar's
    /// `|` or `>` header with no indentation indicator (only blank lines between): libyaml takes the
    /// block's indentation from it (YAML 1.2 calls it an error), so the text is left outside the block.
    static func overIndentedBlankLine(before at: SourceLocation, in source: SourceFile) -> (line: Int, spaces: Int)? {
        var n = at.line - 1
        var found: (line: Int, spaces: Int)?
        while n >= 1, let line = source.line(n), line.allSatisfy({ $0 == " " }) {
            if line.count > at.column - 1, found == nil || line.count > found?.spaces ?? 0 { found = (n, line.count) }
            n -= 1
        }
        guard let found, n >= 1, let header = source.line(n) else { return nil }
        var value = Array(header)
        if let comment = value.indices.first(where: { $0 > 0 && value[$0] == "#" && value[$0 - 1] == " " }) {
            value.removeSubrange(comment...)
        }
        while value.last == " " { value.removeLast() }
        // The header ends in `|` or `>` with only chomping indicators after it.
        while let last = value.last, last == "-" || last == "+" { value.removeLast() }
        guard let indicator = value.last, indicator == "|" || indicator == ">" else { return nil }
        let before = value.dropLast()
        guard before.isEmpty || before.last == " " else { return nil }
        // The text was meant inside the block: deeper than the header's key.
        let keyIndent = header.prefix { $0 == " " || $0 == "-" }.count
        guard at.column - 1 > keyIndent else { return nil }
        return found
    }

    /// The `[` or `{` at `opened` when its collection runs on past its line and YAML gave up at `at` on a
    /// line no deeper than the bracket's (the next key or step, or the end of the file): then the bracket
    /// was never closed. With it, the bracket's text closed on its line (`[uno, dos` → `[uno, dos]`),
    /// when that line has no comment. Nil when the lines after are deeper: a comma missing there.
    static func unclosedBracket(opened: SourceLocation, gaveUp at: SourceLocation,
                                in source: SourceFile) -> (SourceLocation, Character, String?)? {
        guard at.line > opened.line, let line = source.line(opened.line) else { return nil }
        let scalars = Array(line.unicodeScalars)
        let i = opened.column - 1
        guard i >= 0, i < scalars.count, scalars[i] == "[" || scalars[i] == "{" else { return nil }
        let indent = scalars.prefix { $0 == " " }.count
        if let next = source.line(at.line), next.contains(where: { $0 != " " }),
           next.unicodeScalars.prefix(while: { $0 == " " }).count > indent {
            return nil
        }
        // A bracket closed further on was not left open: a comma is missing between its items
        // (`["Sí", "No",` then `"Tal vez" "Otro"]`), which YAML's own message names.
        if closedLater(scalars[i], from: opened, in: source) { return nil }
        var rest = Array(scalars[i...])
        while let last = rest.last, last == " " || last == "\t" || last == "," { rest.removeLast() }
        let text = String(String.UnicodeScalarView(rest))
        // The closed text is the fix only when the items all sit on the bracket's line: items on
        // the lines after would be lost from it.
        let fix: String? = text.contains("#") || rest.count < 2 || at.line > opened.line + 1 ? nil : text + (scalars[i] == "[" ? "]" : "}")
        return (opened, Character(scalars[i]), fix)
    }

    /// Whether the `[` or `{` at `opened` is closed somewhere after it in the file: its own kind of
    /// bracket counted, nested ones balanced, quoted text and comments skipped.
    static func closedLater(_ bracket: Unicode.Scalar, from opened: SourceLocation, in source: SourceFile) -> Bool {
        let closing: Unicode.Scalar = bracket == "[" ? "]" : "}"
        var depth = 0
        for number in opened.line...max(opened.line, source.lineCount) {
            guard let line = source.line(number) else { continue }
            let scalars = Array(line.unicodeScalars)
            var j = number == opened.line ? opened.column - 1 : 0
            var quote: Unicode.Scalar?
            var previous: Unicode.Scalar = " "
            while j < scalars.count {
                let c = scalars[j]
                if let q = quote {
                    if c == q { quote = nil }
                } else if c == "\"" || c == "'", " \t[{,:".unicodeScalars.contains(previous) {
                    quote = c
                } else if c == "#", previous == " " || previous == "\t" {
                    break
                } else if c == bracket {
                    depth += 1
                } else if c == closing {
                    depth -= 1
                    if depth == 0 { return true }
                }
                previous = c
                j += 1
            }
        }
        return false
    }

    /// The text of the value on the error's line up to the error (after the first `: `), and its
    /// last character that is not a space.
    static func valueBefore(_ at: SourceLocation, in source: SourceFile) -> (value: String, ending: Character?) {
        let scalars: [Unicode.Scalar] = Array((source.line(at.line) ?? "").unicodeScalars)
        let prefix: [Unicode.Scalar] = Array(scalars.prefix(max(0, at.column - 1)))
        var start = prefix.count
        var i = 0
        while i + 1 < prefix.count {
            if prefix[i] == ":", prefix[i + 1] == " " { start = i + 2; break }
            i += 1
        }
        while start < prefix.count, prefix[start] == " " { start += 1 }
        let value = String(String.UnicodeScalarView(prefix[start...]))
        var end = prefix.count
        while end > 0, prefix[end - 1] == " " { end -= 1 }
        let ending: Character? = end > 0 ? Character(prefix[end - 1]) : nil
        return (value, ending)
    }

    /// A block scalar's header with its indentation indicator (`say: |` → `say: |2`), when the
    /// content's indentation is 1–9 columns deeper than the key's (`- ` counts as indentation).
    static func indentationIndicator(header: Substring, headerColumn: Int, contentIndent: Int) -> String? {
        let scalars = Array(header.unicodeScalars)
        guard headerColumn < scalars.count, scalars[headerColumn] == "|" || scalars[headerColumn] == ">" else { return nil }
        var keyIndent = 0
        while keyIndent < scalars.count, scalars[keyIndent] == " " || (scalars[keyIndent] == "-" && keyIndent + 1 < scalars.count && scalars[keyIndent + 1] == " ") {
            keyIndent += 1
        }
        let indicator = contentIndent - keyIndent
        guard (1...9).contains(indicator) else { return nil }
        var end = scalars.count
        while end > 0, scalars[end - 1] == " " { end -= 1 }
        let text = String(String.UnicodeScalarView(scalars[keyIndent...headerColumn])) + String(indicator)
            + String(String.UnicodeScalarView(scalars[(headerColumn + 1)..<max(headerColumn + 1, end)]))
        return text
    }
}
