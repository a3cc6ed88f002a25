/// The text of one input file, kept so that diagnostics can quote its lines.
public final class SourceFile: Sendable {
    /// The path as the user gave it (used verbatim in diagnostics).
    public let path: String
    /// The decoded text (invalid UTF-8 is replaced, so it can always be shown).
    public let text: String
    /// Byte offsets where each line starts and where its text ends (before the line break).
    private let lineStarts: [Int]
    private let lineEnds: [Int]

    /// Creates a source file from its path and decoded text.
    public init(path: String, text: String) {
        self.path = path
        self.text = text
        // Split on \n, \r\n and \r by scanning bytes, keeping only offsets: lines become
        // substrings when a diagnostic quotes them.
        var starts: [Int] = [0]
        var ends: [Int] = []
        var text = text
        text.withUTF8 { bytes in
            var index = 0
            let count = bytes.count
            while index < count {
                let byte = bytes[index]
                if byte == 10 || byte == 13 {
                    ends.append(index)
                    index += 1
                    if byte == 13, index < count, bytes[index] == 10 { index += 1 }
                    starts.append(index)
                } else {
                    index += 1
                }
            }
            ends.append(count)
        }
        self.lineStarts = starts
        self.lineEnds = ends
    }

    /// Number of lines in the file.
    public var lineCount: Int { lineStarts.count }

    /// The byte offset (in the text's UTF-8) where line `number` (1-based) starts.
    public func byteOffset(ofLine number: Int) -> Int? {
        number >= 1 && number <= lineStarts.count ? lineStarts[number - 1] : nil
    }

    /// The text of a 1-based line without its line break, or nil past the end.
    public func line(_ number: Int) -> Substring? {
        guard number >= 1, number <= lineStarts.count else { return nil }
        let utf8 = text.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: lineStarts[number - 1])
        let end = utf8.index(utf8.startIndex, offsetBy: lineEnds[number - 1])
        return Substring(utf8[start..<end])
    }
}
