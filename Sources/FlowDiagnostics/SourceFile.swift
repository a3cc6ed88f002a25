/// The text of one input file, kept so that diagnostics can quote its lines.
public final class SourceFile: Sendable {
    /// The path as the user gave it (used verbatim in diagnostics).
    public let path: String
    /// The decoded text (invalid UTF-8 is replaced, so it can always be shown).
    public let text: String
    private let lineTexts: [Substring]

    /// Creates a source file from its path and decoded text.
    public init(path: String, text: String) {
        self.path = path
        self.text = text
        // Split on \n, \r\n and \r by scanning bytes: grapheme iteration is slow on big files.
        var lines: [Substring] = []
        let utf8 = text.utf8
        var start = utf8.startIndex
        var index = utf8.startIndex
        while index < utf8.endIndex {
            let byte = utf8[index]
            if byte == 10 || byte == 13 {
                lines.append(Substring(utf8[start..<index]))
                var next = utf8.index(after: index)
                if byte == 13, next < utf8.endIndex, utf8[next] == 10 { next = utf8.index(after: next) }
                index = next
                start = index
            } else {
                index = utf8.index(after: index)
            }
        }
        lines.append(Substring(utf8[start..<utf8.endIndex]))
        self.lineTexts = lines
    }

    /// Number of lines in the file.
    public var lineCount: Int { lineTexts.count }

    /// The text of a 1-based line without its line break, or nil past the end.
    public func line(_ number: Int) -> Substring? {
        guard number >= 1, number <= lineTexts.count else { return nil }
        return lineTexts[number - 1]
    }
}
