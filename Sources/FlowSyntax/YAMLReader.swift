import CYAML
import FlowDiagnostics

/// Reads YAML through the system libyaml into a ``YAMLNode`` tree with source ranges.
///
/// The reader never throws: problems become diagnostics, and reading goes on where it
/// can (every duplicate key is reported, not just the first). It is iterative, so deep
/// nesting cannot overflow the stack, and it bounds nesting depth and alias expansion.
public struct YAMLReader {
    /// Largest file read, in bytes.
    public static let maxFileSize = 8 * 1024 * 1024
    /// Deepest nesting of collections accepted.
    public static let maxDepth = 128
    /// Most nodes that aliases may stand for in one file (a billion-laughs guard).
    public static let maxAliasExpansion = 100_000

    private let path: String
    private let sink: DiagnosticSink

    /// Creates a reader reporting into `sink` for the file at `path`.
    public init(path: String, sink: DiagnosticSink) {
        self.path = path
        self.sink = sink
    }

    /// Reads `bytes` (the whole file) into a document.
    public func read(_ bytes: [UInt8]) -> YAMLDocument {
        // A UTF-8 byte-order mark is not part of the text: editors do not show it or count it as a column.
        let bytes = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        let text = String(decoding: bytes, as: UTF8.self)
        let source = SourceFile(path: path, text: text)
        if bytes.count > Self.maxFileSize {
            sink.error("file-too-large", "file is larger than \(Self.maxFileSize) bytes, the most flowc reads",
                       file: path, range: SourceRange(line: 1, column: 1),
                       help: "split the flow into several files under flows/")
            return YAMLDocument(source: source, root: nil, isIncomplete: true)
        }
        if let nul = bytes.firstIndex(of: 0) {
            let at = location(ofByte: nul, in: bytes)
            sink.error("binary-file", "this is not a text file (it contains a NUL byte)",
                       file: path, range: SourceRange(start: at, end: at),
                       help: "flows are YAML text files saved as UTF-8")
            return YAMLDocument(source: source, root: nil, isIncomplete: true)
        }
        if let bad = firstInvalidUTF8(bytes) {
            let at = location(ofByte: bad, in: bytes)
            sink.error("invalid-utf8", "invalid UTF-8 byte 0x\(String(bytes[bad], radix: 16, uppercase: true))",
                       file: path, range: SourceRange(start: at, end: SourceLocation(line: at.line, column: at.column + 1)),
                       help: "save the file as UTF-8")
            return YAMLDocument(source: source, root: nil, isIncomplete: true)
        }
        var builder = TreeBuilder(path: path, sink: sink)
        // YAML 1.2 reads NEL, LS and PS as ordinary characters; libyaml (YAML 1.1) breaks lines at
        // them, which shifted every position after one and broke valid files (a NEL in a comment).
        let (parsed, restore) = Self.withoutLegacyBreaks(bytes)
        builder.restore = restore
        let complete = parsed.withUnsafeBufferPointer { buffer in
            builder.bytes = buffer
            builder.source = source
            defer { builder.bytes = nil; builder.source = nil }
            return parse(buffer, source: source, builder: &builder)
        }
        var document = YAMLDocument(source: source, root: builder.root, isIncomplete: !complete)
        document.droppedTargetKey = builder.droppedTargetKey
        document.droppedWords = builder.droppedWords
        return document
    }

    /// `bytes` with each U+0085, U+2028 and U+2029 replaced by a character of the same length
    /// that the file does not hold (libyaml reads it as text), and the way back for scalars.
    static func withoutLegacyBreaks(_ bytes: [UInt8]) -> ([UInt8], [Unicode.Scalar: Unicode.Scalar]) {
        var found = false
        var i = 0
        while i + 1 < bytes.count {
            if bytes[i] == 0xC2, bytes[i + 1] == 0x85 { found = true; break }
            if bytes[i] == 0xE2, i + 2 < bytes.count, bytes[i + 1] == 0x80, bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9 { found = true; break }
            i += 1
        }
        guard found else { return (bytes, [:]) }
        let present = Set(String(decoding: bytes, as: UTF8.self).unicodeScalars)
        // Same UTF-8 length as what they stand for: NEL is 2 bytes (U+07xx), LS and PS 3 (private use).
        func unused(_ candidates: ClosedRange<UInt32>) -> Unicode.Scalar? {
            candidates.lazy.compactMap(Unicode.Scalar.init).first { !present.contains($0) }
        }
        guard let nel = unused(0x07C0...0x07FF), let ls = unused(0xE000...0xE0FF),
              let ps = unused(0xE100...0xE1FF) else { return (bytes, [:]) }
        var out = bytes
        func put(_ scalar: Unicode.Scalar, at index: Int) {
            for (k, byte) in String(scalar).utf8.enumerated() { out[index + k] = byte }
        }
        var restore: [Unicode.Scalar: Unicode.Scalar] = [:]
        i = 0
        while i + 1 < out.count {
            if out[i] == 0xC2, out[i + 1] == 0x85 {
                put(nel, at: i); restore[nel] = "\u{85}"; i += 2
            } else if out[i] == 0xE2, i + 2 < out.count, out[i + 1] == 0x80, out[i + 2] == 0xA8 || out[i + 2] == 0xA9 {
                let separator = out[i + 2] == 0xA8
                put(separator ? ls : ps, at: i); restore[separator ? ls : ps] = separator ? "\u{2028}" : "\u{2029}"; i += 3
            } else {
                i += 1
            }
        }
        return (out, restore)
    }

    private func parse(_ buffer: UnsafeBufferPointer<UInt8>, source: SourceFile, builder: inout TreeBuilder) -> Bool {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            sink.error("yaml-syntax", "out of memory starting the YAML parser", file: path, range: SourceRange(line: 1, column: 1))
            return false
        }
        defer { yaml_parser_delete(&parser) }
        if let base = buffer.baseAddress {
            yaml_parser_set_input_string(&parser, base, buffer.count)
        } else {
            var empty: UInt8 = 0
            yaml_parser_set_input_string(&parser, &empty, 0)
        }
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
        var event = yaml_event_t()
        while true {
            guard yaml_parser_parse(&parser, &event) == 1 else {
                reportParserError(parser, source: source, bytes: buffer)
                return false
            }
            let done = event.type == YAML_STREAM_END_EVENT
            builder.handle(event)
            yaml_event_delete(&event)
            if done { return true }
        }
    }

    private func reportParserError(_ parser: yaml_parser_t, source: SourceFile, bytes: UnsafeBufferPointer<UInt8>) {
        let problem = parser.problem.map { String(cString: $0) } ?? "invalid YAML"
        if parser.error == YAML_READER_ERROR, parser.problem_offset < bytes.count {
            // The reader reports a byte offset, not a mark: a character YAML does not allow in text.
            let offset = parser.problem_offset
            let at = location(ofByte: offset, in: Array(bytes[0...offset]))
            let value = UInt32(truncatingIfNeeded: max(0, Int(parser.problem_value)))
            var hex = String(value, radix: 16, uppercase: true)
            hex = String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            sink.error("yaml-syntax", "character U+\(hex) is not allowed in YAML text (\(problem))", file: path,
                       range: SourceRange(start: at, end: SourceLocation(line: at.line, column: at.column + 1)),
                       help: "remove it; in a double-quoted string it can be written as the escape `\\u\(hex)`")
            return
        }
        let mark = parser.problem_mark
        var at = SourceLocation(line: Int(mark.line) + 1, column: Int(mark.column) + 1)
        var message = problem
        var help: String?
        var notes: [DiagnosticNote] = []
        if let context = parser.context.map({ String(cString: $0) }) {
            let cm = parser.context_mark
            notes.append(DiagnosticNote(context, file: path,
                                        range: SourceRange(line: Int(cm.line) + 1, column: Int(cm.column) + 1)))
        }
        if problem.contains("tab character where an indentation space is expected"), parser.context != nil,
           let line = source.line(at.line), let tab = tabInIndentation(line) {
            // A tab after the spaces of a block's first line is text to YAML 1.2, but libyaml reads
            // the first line for the block's indentation and refuses it.
            let header = source.line(Int(parser.context_mark.line) + 1) ?? ""
            at = SourceLocation(line: at.line, column: tab)
            message = "a tab at the start of a block's first line: the YAML reader takes it for indentation"
            let fix = Self.indentationIndicator(header: header, headerColumn: Int(parser.context_mark.column), contentIndent: tab - 1)
            help = (fix.map { "write the block's indentation after its `|` or `>` (`\($0)`) so that the tab is text, or " } ?? "")
                + "start the line with the text (a tab on the block's later lines is kept)"
            notes = []
        } else if let line = source.line(at.line), let tab = tabInIndentation(line) {
            at = SourceLocation(line: at.line, column: tab)
            message = "tab character in indentation"
            help = "YAML indents with spaces only; replace the tab with spaces"
            notes = []
        } else if let context = parser.context.map({ String(cString: $0) }), context.hasPrefix("while parsing a flow"),
                  let line = source.line(Int(parser.context_mark.line) + 1), let (column, fix) = Self.unquotedTemplate(line),
                  (column...column + 1).contains(Int(parser.context_mark.column) + 1) {
            // `say: {{money(10, "ARS")}} en total`: a comma or quote inside the braces makes libyaml give up
            // on the flow mapping it took the `{{` for, before it could be reported as a complex key.
            at = SourceLocation(line: Int(parser.context_mark.line) + 1, column: column)
            message = "a `{{ }}` template must be quoted: YAML reads an unquoted `{` as a mapping"
            help = "put the whole value in quotes: `\(fix.text)`"
                + (fix.changedQuotes ? " (inside \"…\" the template's own double quotes become single quotes, or write them as `\\\"`)" : "")
            notes = []
        } else if ["alphabetic or numeric", "cannot start any token", "tag URI", "tag handle", "alias"].contains(where: problem.contains),
                  let line = source.line(at.line), let (column, indicator) = Self.leadingIndicator(line), column <= at.column,
                  let meaning = Self.indicatorMeanings[indicator] {
            // `say: *Oferta* 2x1`, `say: @tienda`: WhatsApp's bold or a handle, read by YAML as its own syntax.
            at = SourceLocation(line: at.line, column: column)
            message = "an unquoted value cannot start with \(indicator == "`" ? "a backquote" : "`\(indicator)`"): in YAML it \(meaning)"
            var value = String(String.UnicodeScalarView(line.unicodeScalars.dropFirst(column - 1)))
            while value.last == " " { value.removeLast() }
            help = "quote the text: `\(Self.quoted(value))`"
            notes = []
        } else if problem.contains("mapping values are not allowed") {
            message = "unexpected `:` (mapping values are not allowed here)"
            help = "quote the text if it contains `: `, or check the indentation of this line"
        } else if problem.contains("did not find expected key") || problem.contains("did not find expected '-'") {
            let (valueStart, ending) = Self.valueBefore(at, in: source)
            if valueStart.hasPrefix("{{"), ending == "}" {
                // `say: {{name}}, hola`: the unquoted `{` is reported as such (yaml-complex-key); this is its echo.
                return
            }
            if let (open, value) = Self.bracketedText(before: at, in: source) {
                // `say: [Oferta] 2x1`: a text that starts with a bracket is read as a list (or mapping)
                // that ends at its `]`, and the words after it are left over.
                message = "text goes on after the closing `\(open == "[" ? "]" : "}")`: YAML reads a value that starts with `\(open)` as a \(open == "[" ? "list" : "mapping")"
                help = "quote the whole text: `\(Self.quoted(value))`"
                notes = []
            } else if let quote = valueStart.first, quote == "'" || quote == "\"", ending == quote, valueStart.count == 1,
               let opened = Self.openingQuote(quote, before: at, in: source) {
                // The quote on this line closes a text that opened lines above: that one is unclosed
                // (`say: 'Hola` with no closing quote ran on into the next steps).
                message = "this quote is never closed on its line: YAML reads on to the quote at \(at.line):\(at.column - 1)"
                help = "close it where the text ends, e.g. `\(quote)Hola\(quote)`"
                notes = []
                at = opened
            } else if let quote = valueStart.first, quote == "'" || quote == "\"", ending == quote {
                message = "text goes on after the closing quote"
                help = quote == "'"
                    ? "inside '…' write a quote twice (`'Escribí ''menu'' para volver'`), or put the text in double quotes"
                    : "inside \"…\" write a quote as `\\\"`, or put the text in single quotes"
                notes = []
            } else if let (blank, spaces) = Self.overIndentedBlankLine(before: at, in: source) {
                // `say: |`, a blank line holding 8 invisible spaces, then the text at 6: YAML takes the
                // block's indentation from the blank line, so the block is empty and the text a stray key.
                message = "line \(blank) looks blank but holds \(spaces) spaces, more than the block's text below it (indented \(at.column - 1)): "
                    + "YAML reads the block's indentation from them, so the text is left out of the block"
                help = "delete the spaces on line \(blank)"
                notes = []
                sink.error("yaml-syntax", message, file: path,
                           range: SourceRange(start: SourceLocation(line: blank, column: 1), end: SourceLocation(line: blank, column: spaces + 1)),
                           help: help)
                return
            } else {
                message = "bad indentation: \(problem)"
                help = problem.contains("expected '-'")
                    ? "the items of one list start with `-` in the same column"
                    : "keys of one mapping must start in the same column"
            }
        } else if problem.hasPrefix("did not find expected ','"), parser.context.map({ String(cString: $0) })?.hasPrefix("while parsing a flow") == true,
                  let (opened, bracket, fix) = Self.unclosedBracket(opened: SourceLocation(line: Int(parser.context_mark.line) + 1,
                                                                                           column: Int(parser.context_mark.column) + 1),
                                                                    gaveUp: at, in: source) {
            // `buttons: [uno, dos` and then the next key: YAML reads on into the next lines and gives up
            // there, but the mistake is the bracket that was never closed.
            let closing = bracket == "[" ? "]" : "}"
            message = at.line > source.lineCount || (source.line(at.line) ?? "").allSatisfy({ $0 == " " })
                ? "this `\(bracket)` is never closed: the file ends before its `\(closing)`"
                : "this `\(bracket)` is never closed on its line: YAML reads on to \(at.line):\(at.column) looking for its `\(closing)`"
            help = fix.map { "close it where the \(bracket == "[" ? "list" : "mapping") ends: `\($0)`" }
                ?? "close it with `\(closing)` where the \(bracket == "[" ? "list" : "mapping") ends"
            notes = []
            at = opened
        } else if problem.contains("did not find expected comment or line break"),
                  parser.context.map({ String(cString: $0) }) == "while scanning a block scalar",
                  let line = source.line(Int(parser.context_mark.line) + 1) {
            // `say: > Hola` (a quoted reply, as in an e-mail) or `say: | Hola`: after a block's `|` or `>`
            // only its indicators and a comment may follow; the text goes on the next lines.
            let scalars = Array(line.unicodeScalars)
            let from = Int(parser.context_mark.column)
            var value = from < scalars.count ? Array(scalars[from...]) : []
            while value.last == " " { value.removeLast() }
            let indicator = from < scalars.count ? String(scalars[from]) : "|"
            let text = String(String.UnicodeScalarView(value))
            message = "text after `\(indicator)` on its line: a block's text starts on the next line"
            help = "write the text on the lines below `\(indicator)`, indented, or quote it: `\(Self.quoted(text))`"
            notes = []
        } else if problem.contains("found unknown escape character") {
            let scalars = Array((source.line(at.line) ?? "").unicodeScalars)
            let escape = at.column < scalars.count ? "`\\\(Character(scalars[at.column]))`" : "a backslash"
            message = "unknown escape \(escape) in double quotes"
            help = "in \"…\" a backslash starts an escape (`\\n`, `\\\"`): write `\\\\d` for a regex's `\\d`, or put the value in single quotes ('^pedido (?<code>\\d+)$')"
        } else if problem.contains("found undefined tag handle") {
            help = "remove the `!` tag or quote the value"
        } else if problem.contains("could not find expected ':'"), parser.context != nil {
            // `goto b` under other keys: the line that lacks its `:` is where the key began.
            let cm = parser.context_mark
            at = SourceLocation(line: Int(cm.line) + 1, column: Int(cm.column) + 1)
            let text = source.line(at.line).map { String($0).trimmingPrefix(while: { $0 == " " }) } ?? ""
            message = "this line has no `:` between its key and value"
            if let space = text.firstIndex(of: " "), !text.contains(":") {
                help = "write `\(text[..<space]): \(text[text.index(after: space)...].trimmingPrefix(while: { $0 == " " }))`"
            } else {
                help = "write it as `key: value`, or quote it if it is text"
            }
            notes = []
        } else if problem.contains("found unexpected end of stream"), parser.context != nil {
            // The problem is where the quote or bracket opened, not at the end of the file.
            let cm = parser.context_mark
            at = SourceLocation(line: Int(cm.line) + 1, column: Int(cm.column) + 1)
            message = (parser.context.map { String(cString: $0) } ?? "") + " that is never closed"
            notes = []
            help = "close it, or check for a stray quote or bracket"
            let scalars = Array((source.line(at.line) ?? "").unicodeScalars)
            if at.column - 1 < scalars.count, scalars[at.column - 1] == "\"" || scalars[at.column - 1] == "'" {
                // `say: "Hola` with no other quote after it in the file.
                let quote = String(scalars[at.column - 1])
                var text = Array(scalars[at.column...])
                // Inside `{…}` or `[…]` the text ends at the next `,`, `}` or `]`.
                if scalars[..<(at.column - 1)].contains(where: { $0 == "{" || $0 == "[" }),
                   let end = text.firstIndex(where: { $0 == "," || $0 == "}" || $0 == "]" }) {
                    text.removeSubrange(end...)
                }
                while let last = text.last, last == " " || last == "\t" { text.removeLast() }
                // `"paso:` is a key: its quote closes before the `:`.
                let key = text.last == ":"
                if key { text.removeLast() }
                message = "this quote is never closed: the file ends before its closing `\(quote)`"
                help = text.isEmpty ? "close it where the text ends"
                    : "close it where the text ends, e.g. `\(quote)\(String(String.UnicodeScalarView(text)))\(quote)\(key ? ":" : "")`"
            }
        }
        // The character the caret is under (a quote, a bracket, a tab, a `:`), as `--format json`/`sarif`
        // give it; nothing past the end of a line.
        let width = (source.line(at.line)?.unicodeScalars.count ?? 0) >= at.column ? 1 : 0
        sink.error("yaml-syntax", message, file: path, range: SourceRange(line: at.line, column: at.column, length: width),
                   notes: notes, help: help)
    }

    private func tabInIndentation(_ line: Substring) -> Int? {
        var column = 1
        for ch in line.unicodeScalars {
            if ch == "\t" { return column }
            if ch != " " { return nil }
            column += 1
        }
        return nil
    }

    private func location(ofByte offset: Int, in bytes: [UInt8]) -> SourceLocation {
        // Lines break at LF, CRLF and a lone CR, as `SourceFile` splits them.
        var line = 1
        var lineStart = 0
        for i in 0..<offset where bytes[i] == 10 || (bytes[i] == 13 && (i + 1 >= bytes.count || bytes[i + 1] != 10)) {
            line += 1
            lineStart = i + 1
        }
        // Columns count characters: every byte that does not continue a UTF-8 sequence.
        var column = 1
        for i in lineStart..<offset where bytes[i] & 0xC0 != 0x80 { column += 1 }
        return SourceLocation(line: line, column: column)
    }

    private func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 { i += 1; continue }
            let length: Int
            var minimum: UInt32
            if b & 0xE0 == 0xC0 { length = 2; minimum = 0x80 }
            else if b & 0xF0 == 0xE0 { length = 3; minimum = 0x800 }
            else if b & 0xF8 == 0xF0 { length = 4; minimum = 0x10000 }
            else { return i }
            guard i + length <= n else { return i }
            var value = UInt32(b) & (0xFF >> (length + 1))
            for k in 1..<length {
                let c = bytes[i + k]
                guard c & 0xC0 == 0x80 else { return i }
                value = value << 6 | UInt32(c & 0x3F)
            }
            if value < minimum || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF) { return i }
            minimum = 0
            i += length
        }
        return nil
    }
}
