/// Turns diagnostics into the text of one of the output formats.
public struct DiagnosticRenderer {
    /// Source files by path, used to quote the offending line.
    public var files: [String: SourceFile]
    /// Whether to use ANSI colours (only on a terminal).
    public var colour: Bool

    /// Creates a renderer over the files the diagnostics point into.
    public init(files: [String: SourceFile], colour: Bool = false) {
        self.files = files
        self.colour = colour
    }

    /// The whole output for `diagnostics` in `format` (a trailing newline included when non-empty).
    /// `failures` are paths that could not be checked at all (missing, unreadable): a machine-read
    /// format says so as ``renderFailure(_:format:)`` does (text leaves them to stderr).
    public func render(_ diagnostics: [Diagnostic], format: DiagnosticFormat, failures: [String] = []) -> String {
        switch format {
        case .text: return diagnostics.map(text).joined()
        case .json: return json(diagnostics, failures: failures) + "\n"
        case .github: return diagnostics.map(github).joined() + failures.map { "::error title=flowc::" + Self.escapeData($0) + "\n" }.joined()
        case .sarif: return sarif(diagnostics, failures: failures) + "\n"
        }
    }

    /// What a machine-read format says when the check could not run at all (exit 2): a JSON
    /// object with `error`, a SARIF run whose invocation failed, a workflow error annotation;
    /// nothing for text (the message goes to stderr).
    public static func renderFailure(_ message: String, format: DiagnosticFormat) -> String {
        switch format {
        case .text: return ""
        case .json:
            return JSONText.object([("diagnostics", "[]"), ("errors", "0"), ("warnings", "0"), ("error", JSONText.quote(message))]) + "\n"
        case .github: return "::error title=flowc::" + escapeData(message) + "\n"
        case .sarif:
            let notification = JSONText.object([
                ("level", JSONText.quote("error")), ("message", JSONText.object([("text", JSONText.quote(message))])),
            ])
            let invocation = JSONText.object([
                ("executionSuccessful", "false"), ("toolExecutionNotifications", JSONText.array([notification])),
            ])
            return JSONText.object([
                ("$schema", JSONText.quote("https://json.schemastore.org/sarif-2.1.0.json")),
                ("version", JSONText.quote("2.1.0")),
                ("runs", JSONText.array([JSONText.object([
                    ("tool", JSONText.object([("driver", JSONText.object([("name", JSONText.quote("flowc"))]))])),
                    ("invocations", JSONText.array([invocation])),
                    ("results", "[]"),
                ])])),
            ]) + "\n"
        }
    }

    // MARK: text

    private func paint(_ s: String, _ code: String) -> String {
        colour ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s
    }

    private func label(_ severity: Severity) -> String {
        switch severity {
        case .error: paint("error", "1;31")
        case .warning: paint("warning", "1;33")
        case .note: paint("note", "1;36")
        }
    }

    /// One diagnostic in the human format.
    public func text(_ d: Diagnostic) -> String {
        var out = paint("\(d.file):\(d.range.start.line):\(d.range.start.column):", "1")
        out += " \(label(d.severity))[\(d.rule)]: " + paint(Self.oneLine(d.message), "1") + "\n"
        out += snippet(file: d.file, range: d.range, marker: "^")
        for note in d.notes {
            if let file = note.file, let range = note.range {
                out += "  " + paint("note", "1;36") + ": \(file):\(range.start.line):\(range.start.column): \(Self.oneLine(note.message))\n"
                out += snippet(file: file, range: range, marker: "-")
            } else {
                out += "  " + paint("note", "1;36") + ": \(Self.oneLine(note.message))\n"
            }
        }
        if let help = d.help {
            out += "  " + paint("help", "1;32") + ": \(Self.oneLine(help))\n"
        }
        return out
    }

    /// A message on one line: a line break or another control character (from a key or a value
    /// the message quotes) written as an escape, never sent to the terminal as is.
    static func oneLine(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: isControl) else { return s }
        var out = ""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case _ where isControl(scalar): out += "\\u{\(String(scalar.value, radix: 16))}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Terminal cells a character takes, so the caret sits under it: two for emoji and East Asian
    /// wide characters, none for combining marks and joiners, one for the rest.
    static func cells(_ scalar: Unicode.Scalar) -> Int {
        if isControl(scalar) { return 1 }
        let p = scalar.properties
        switch p.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if p.isEmojiPresentation { return 2 }
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
             0x20000...0x3FFFD: return 2
        default: return 1
        }
    }

    /// The cells of each scalar of a line, as a terminal draws the emoji they make together: a
    /// skin tone, the second half of a flag and whatever follows a zero-width joiner add none to the
    /// emoji before them; a variation selector 16 makes the character before it an emoji (two cells).
    static func cellWidths(_ scalars: [Unicode.Scalar]) -> [Int] {
        var widths = scalars.map(cells)
        var flagHalf = false
        for i in scalars.indices {
            let v = scalars[i].value
            let previous: UInt32? = i > 0 ? scalars[i - 1].value : nil
            if (0x1F1E6...0x1F1FF).contains(v) {
                // Regional indicators pair into one flag: the second of a pair takes no cell of its own.
                if flagHalf { widths[i] = 0 }
                flagHalf.toggle()
                continue
            }
            flagHalf = false
            if (0x1F3FB...0x1F3FF).contains(v), i > 0 { widths[i] = 0 }
            if previous == 0x200D { widths[i] = 0 }
            if v == 0xFE0F, i > 0, widths[i - 1] == 1, !isControl(scalars[i - 1]) { widths[i] = 1 }
        }
        return widths
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar != "\t" && (scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value))
    }

    private func snippet(file: String, range: SourceRange, marker: Character) -> String {
        guard let source = files[file], var line = source.line(range.start.line) else { return "" }
        var range = range
        // A very long line (a minified value, a binary file) is shown around the mistake only.
        let shownWidth = 200
        if line.unicodeScalars.count > shownWidth + 40 {
            let all = Array(line.unicodeScalars)
            let from = max(0, min(range.start.column - 1 - 40, all.count - shownWidth))
            let to = min(all.count, from + shownWidth)
            var cut = String.UnicodeScalarView()
            if from > 0 { cut.append(contentsOf: "…".unicodeScalars) }
            cut.append(contentsOf: all[from..<to])
            if to < all.count { cut.append(contentsOf: "…".unicodeScalars) }
            line = Substring(String(cut))
            let shift = from - (from > 0 ? 1 : 0)
            let endColumn = range.end.line == range.start.line ? min(range.end.column, to + 1) : to + 1
            range = SourceRange(start: SourceLocation(line: range.start.line, column: range.start.column - shift),
                                end: SourceLocation(line: range.start.line, column: max(range.start.column, endColumn) - shift))
        }
        let number = String(range.start.line)
        let gutter = String(repeating: " ", count: number.count)
        let scalars = Array(line.unicodeScalars)
        let widths = Self.cellWidths(scalars)
        var pad = ""
        for (i, scalar) in scalars.enumerated() where i < range.start.column - 1 {
            pad += scalar == "\t" ? "\t" : String(repeating: " ", count: widths[i])
        }
        let lastColumn = range.end.line == range.start.line ? range.end.column : scalars.count + 1
        let covered = scalars.indices.filter { $0 >= range.start.column - 1 && $0 < min(lastColumn, scalars.count + 1) - 1 }
        let width = max(1, covered.reduce(0) { $0 + widths[$1] })
        let underline = String(repeating: marker, count: width)
        // Control characters (a binary file, an ESC sequence) are shown as U+FFFD, one cell each,
        // never sent to the terminal.
        let shown = line.unicodeScalars.contains(where: Self.isControl)
            ? String(String.UnicodeScalarView(line.unicodeScalars.map { Self.isControl($0) ? "\u{FFFD}" : $0 })) : String(line)
        return "  \(number) | \(shown)\n  \(gutter) | \(pad)" + paint(underline, marker == "^" ? "1;31" : "1;36") + "\n"
    }

    // MARK: json

    private func location(_ file: String, _ range: SourceRange) -> [(String, String)] {
        [
            ("file", JSONText.quote(file)),
            ("line", String(range.start.line)), ("column", String(range.start.column)),
            ("endLine", String(range.end.line)), ("endColumn", String(range.end.column)),
        ]
    }

    private func json(_ diagnostics: [Diagnostic], failures: [String]) -> String {
        let items = diagnostics.map { d -> String in
            var members = location(d.file, d.range)
            members += [
                ("severity", JSONText.quote(d.severity.rawValue)),
                ("rule", JSONText.quote(d.rule)),
                ("message", JSONText.quote(d.message)),
            ]
            let notes = d.notes.map { note -> String in
                var m: [(String, String)] = [("message", JSONText.quote(note.message))]
                if let file = note.file, let range = note.range { m += location(file, range) }
                return JSONText.object(m)
            }
            members.append(("notes", JSONText.array(notes)))
            members.append(("help", d.help.map(JSONText.quote) ?? "null"))
            return JSONText.object(members)
        }
        var members = [
            ("diagnostics", JSONText.array(items)),
            ("errors", String(diagnostics.count { $0.severity == .error })),
            ("warnings", String(diagnostics.count { $0.severity == .warning })),
        ]
        if !failures.isEmpty { members.append(("error", JSONText.quote(failures.joined(separator: "; ")))) }
        return JSONText.object(members)
    }

    // MARK: github

    private static func escapeData(_ s: String) -> String {
        var out = ""
        for ch in s.unicodeScalars {
            switch ch {
            case "%": out += "%25"
            case "\r": out += "%0D"
            case "\n": out += "%0A"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    private static func escapeProperty(_ s: String) -> String {
        escapeData(s).replacing(":", with: "%3A").replacing(",", with: "%2C")
    }

    private func github(_ d: Diagnostic) -> String {
        let command: String
        switch d.severity {
        case .error: command = "error"
        case .warning: command = "warning"
        case .note: command = "notice"
        }
        var message = d.message
        for note in d.notes { message += "\nnote: " + note.message }
        if let help = d.help { message += "\nhelp: " + help }
        let r = d.range
        return "::\(command) file=\(Self.escapeProperty(d.file)),line=\(r.start.line),col=\(r.start.column),"
            + "endLine=\(r.end.line),endColumn=\(r.end.column),title=\(Self.escapeProperty("flowc " + d.rule))::"
            + Self.escapeData(message) + "\n"
    }

    // MARK: sarif

    /// A path as a relative URI reference (SARIF's `uri`): every byte but the unreserved ones
    /// and `/` percent-encoded, so `mis bots/pedidos#2/ñandú.yaml` is a URI code scanning reads.
    static func uriReference(_ path: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
                out.append(byte)
            default:
                out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 15)]]
            }
        }
        let reference = String(decoding: out, as: UTF8.self)
        // An absolute path is a `file://` URI (SARIF §3.10: a relative reference is resolved
        // against the run's base; an absolute one needs its scheme).
        return path.hasPrefix("/") ? "file://" + reference : reference
    }

    private func sarifLocation(_ file: String, _ range: SourceRange, message: String? = nil) -> String {
        var members: [(String, String)] = [(
            "physicalLocation",
            JSONText.object([
                ("artifactLocation", JSONText.object([("uri", JSONText.quote(Self.uriReference(file)))])),
                ("region", JSONText.object([
                    ("startLine", String(range.start.line)), ("startColumn", String(range.start.column)),
                    ("endLine", String(range.end.line)), ("endColumn", String(range.end.column)),
                ])),
            ])
        )]
        if let message { members.append(("message", JSONText.object([("text", JSONText.quote(message))]))) }
        return JSONText.object(members)
    }

    /// A failed invocation naming each path that could not be checked (none when all were).
    static func sarifInvocations(_ failures: [String]) -> [(String, String)] {
        guard !failures.isEmpty else { return [] }
        let notifications = failures.map { message in
            JSONText.object([("level", JSONText.quote("error")), ("message", JSONText.object([("text", JSONText.quote(message))]))])
        }
        return [("invocations", JSONText.array([JSONText.object([
            ("executionSuccessful", "false"), ("toolExecutionNotifications", JSONText.array(notifications)),
        ])]))]
    }

    private func sarif(_ diagnostics: [Diagnostic], failures: [String]) -> String {
        var ruleIds: [String] = []
        for d in diagnostics where !ruleIds.contains(d.rule) { ruleIds.append(d.rule) }
        let rules = ruleIds.map { JSONText.object([("id", JSONText.quote($0))]) }
        let results = diagnostics.map { d -> String in
            let level: String = switch d.severity {
            case .error: "error"
            case .warning: "warning"
            case .note: "note"
            }
            var text = d.message
            if let help = d.help { text += " (help: \(help))" }
            let related = d.notes.compactMap { note -> String? in
                guard let file = note.file, let range = note.range else { return nil }
                return sarifLocation(file, range, message: note.message)
            }
            return JSONText.object([
                ("ruleId", JSONText.quote(d.rule)),
                ("level", JSONText.quote(level)),
                ("message", JSONText.object([("text", JSONText.quote(text))])),
                ("locations", JSONText.array([sarifLocation(d.file, d.range)])),
                ("relatedLocations", JSONText.array(related)),
            ])
        }
        let driver = JSONText.object([
            ("name", JSONText.quote("flowc")),
            ("informationUri", JSONText.quote("https://github.com/flowc/flowc/blob/main/grammar/rules.md")),
            ("rules", JSONText.array(rules)),
        ])
        return JSONText.object([
            ("$schema", JSONText.quote("https://json.schemastore.org/sarif-2.1.0.json")),
            ("version", JSONText.quote("2.1.0")),
            ("runs", JSONText.array([JSONText.object([
                ("tool", JSONText.object([("driver", driver)])),
                // Columns count Unicode code points (SARIF's default is UTF-16 code units).
                ("columnKind", JSONText.quote("unicodeCodePoints")),
            ] + Self.sarifInvocations(failures) + [
                ("results", JSONText.array(results)),
            ])])),
        ])
    }
}
