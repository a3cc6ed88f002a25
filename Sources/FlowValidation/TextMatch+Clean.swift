/// An answer as typed, made plain before it is read: trimmed of invisible characters, full-width
/// digits as ASCII, WhatsApp's formatting marks and quotes and emoji around it dropped.
extension TextMatch {
    /// The text without leading and trailing whitespace, line breaks and invisible format
    /// characters (zero-width spaces, direction marks, BOM).
    public static func trim(_ s: String) -> String {
        let scalars = s.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isSpace($0) }),
              let last = scalars.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(scalars[first...last])
    }

    /// `text` with full-width digits (`１２`, a phone keyboard in CJK mode) as ASCII digits (`12`),
    /// as number, phone, date and time answers read them; with `letters`, full-width Latin letters
    /// too (`ＡＢ１２` → `AB12`), as a `regex` answer reads them.
    public static func withASCIIDigits(_ text: String, letters: Bool = false) -> String {
        func fullWidth(_ value: UInt32) -> Bool {
            (0xFF10...0xFF19).contains(value) || letters && ((0xFF21...0xFF3A).contains(value) || (0xFF41...0xFF5A).contains(value))
        }
        guard text.unicodeScalars.contains(where: { fullWidth($0.value) }) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            // (The full-width forms are ASCII's, in its order, from 0xFEE0 on.)
            if fullWidth(scalar.value), let digit = Unicode.Scalar(scalar.value - 0xFEE0) {
                out.append(digit)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// `text` without WhatsApp's formatting marks (bold `*3*`, italics `_3_`, strike-through `~3~`,
    /// monospace ```` ```3``` ````, Markdown's bold typed by habit `**3**`, `__3__`, `***3***`) or
    /// quotes (`"14:30"`, `«14:30»`, `“3”`) around the answer or a part of it (`a las *14:30*`, `mi cel
    /// es *11 5555-1234*`), up to three pairs one inside the other (`*_3_*`, `"*3*"`, `*_~3~_*`; a
    /// fourth stays), as number, phone, e-mail, date and
    /// time answers read them. Only a pair set apart as WhatsApp sets it: the opening mark at the start
    /// or after a space or `(`, the closing one at the end or before a space or a sentence's mark, with
    /// no space inside them and no other such mark (`_juan_@mail.com` and `5 o'clock` keep theirs).
    public static func withoutFormatting(_ text: String) -> String {
        var text = text
        for _ in 0..<3 {
            let inner = withoutOnePair(text)
            if inner == text { break }
            text = inner
        }
        return text
    }

    /// `text` without the outermost pair `withoutFormatting` drops, or the text itself.
    private static func withoutOnePair(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { formattingMarks.contains($0) }) else { return text }
        for (open, close) in formattingPairs {
            let opens = text.ranges(of: open), closes = open == close ? opens : text.ranges(of: close)
            guard opens.count == (open == close ? 2 : 1), closes.count == (open == close ? 2 : 1),
                  let first = opens.first, let last = closes.last, first.upperBound < last.lowerBound else { continue }
            let before = first.lowerBound > text.startIndex ? text[text.index(before: first.lowerBound)] : nil
            let after = last.upperBound < text.endIndex ? text[last.upperBound] : nil
            guard before.map({ $0.isWhitespace || "(¿¡".contains($0) }) ?? true,
                  after.map({ $0.isWhitespace || ".,;:!?)".contains($0) }) ?? true,
                  !text[first.upperBound].isWhitespace, !text[text.index(before: last.lowerBound)].isWhitespace else { continue }
            return String(text[..<first.lowerBound]) + text[first.upperBound..<last.lowerBound] + text[last.upperBound...]
        }
        return text
    }

    /// Marks that open and close a part of a message, longest first (```` ``` ```` before a quote, `**`
    /// before `*`).
    private static let formattingPairs: [(String, String)] = [
        ("```", "```"), ("***", "***"), ("**", "**"), ("__", "__"), ("*", "*"), ("_", "_"), ("~", "~"), ("\"", "\""),
        ("'", "'"), ("“", "”"), ("”", "”"), ("«", "»"), ("‘", "’"), ("„", "“"),
    ]
    private static let formattingMarks: Set<Unicode.Scalar> = ["`", "*", "_", "~", "\"", "'", "“", "”", "«", "»", "‘", "’", "„"]

    /// `text` without the emoji people put around an answer on WhatsApp (`3 👍`, `14:30 🙏`,
    /// `📱 11 5555-1234`): each emoji becomes a space, a keycap (`3️⃣`) its digit. Symbols that are
    /// ASCII (`#`, `*`, digits) stay.
    public static func withoutEmoji(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { !$0.isASCII }) else { return text }
        // 🤷 🤔 ❓ 👎 say the answer is a guess, a question or a no: kept, so it is not read as one.
        if text.unicodeScalars.contains(where: { doubtEmoji.contains($0.value) }) { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            let scalars = character.unicodeScalars
            guard let first = scalars.first else { continue }
            if first.isASCII {
                // `3️⃣`: a digit, the emoji selector and the keycap; keep the digit alone.
                if scalars.count > 1, scalars.contains(where: { $0.value == 0x20E3 }) {
                    out.unicodeScalars.append(first)
                } else {
                    out.append(character)
                }
            } else if first.properties.isEmoji || first.value == 0x200D || first.value == 0xFE0F
                        || (0x1F3FB...0x1F3FF).contains(first.value) {
                out.append(" ")
            } else {
                out.append(character)
            }
        }
        return trim(out)
    }

    /// Emoji of doubt, a question or refusal: 🤷 🤔 🤨 😕 😐 ❓ ❔ 👎.
    static let doubtEmoji: Set<UInt32> = [0x1F937, 0x1F914, 0x1F928, 0x1F615, 0x1F610, 0x2753, 0x2754, 0x1F44E]

    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        // Zero-width spaces and joiners, direction marks, embeddings and isolates (WhatsApp on
        // Android wraps a copied phone number in them), the word joiner and the BOM.
        scalar.properties.isWhitespace || (0x200B...0x200F).contains(scalar.value) || (0x202A...0x202E).contains(scalar.value)
            || (0x2060...0x2069).contains(scalar.value) || scalar.value == 0xFEFF
    }

    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        let p = scalar.properties
        if p.isAlphabetic { return true }
        switch p.generalCategory {
        case .decimalNumber, .letterNumber, .otherNumber, .nonspacingMark, .spacingMark: return true
        default: return false
        }
    }
}
