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
        var lines: [Substring] = []
        var start = text.startIndex
        var index = text.startIndex
        while index < text.endIndex {
            let ch = text[index]
            if ch == "\n" || ch == "\r\n" || ch == "\r" {
                lines.append(text[start..<index])
                index = text.index(after: index)
                start = index
            } else {
                index = text.index(after: index)
            }
        }
        lines.append(text[start..<text.endIndex])
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
