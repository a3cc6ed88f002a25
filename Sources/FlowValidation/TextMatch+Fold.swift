extension TextMatch {
    // MARK: - Folding and words

    /// Lower-cased, accents folded (á→a, ñ→n, ç→c, ü→u, ß→ss, æ→ae …), whitespace trimmed
    /// and collapsed to single spaces. `"  ¿Pedído   YA? "` → `"¿pedido ya?"`. Emoji
    /// variation selectors, skin tones and the keycap mark are dropped too (`2️⃣` → `2`,
    /// `👍🏽` → `👍`): a skin tone is an emoji's accent.
    public static func fold(_ s: String) -> String {
        foldASCII(s) ?? foldScalars(s)
    }

    /// `fold` scalar by scalar, for any text.
    static func foldScalars(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in s.lowercased().unicodeScalars {
            if isSpace(scalar) {
                pendingSpace = !out.isEmpty
                continue
            }
            // Combining diacritical marks, emoji variation selectors, the keycap of `2️⃣`,
            // the skin tones of `👍🏽`.
            if (0x300...0x36F).contains(scalar.value) || scalar.value == 0xFE0E || scalar.value == 0xFE0F
                || scalar.value == 0x20E3 || (0x1F3FB...0x1F3FF).contains(scalar.value) { continue }
            if pendingSpace {
                out.append(" ")
                pendingSpace = false
            }
            if scalar.value >= 0xAA, scalar.value < 0x250, let folded = foldTable[scalar] {
                out.append(contentsOf: folded.unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// The folded words of a text: runs of letters and digits, everything else (spaces,
    /// punctuation, emoji) separating them. `"¡Quiero 2 pedídos!"` → `["quiero", "2", "pedidos"]`.
    public static func words(_ s: String) -> [String] {
        wordsASCII(s) ?? wordsScalars(s)
    }

    /// `words` scalar by scalar, for any text.
    static func wordsScalars(_ s: String) -> [String] {
        var words: [String] = []
        var current = String.UnicodeScalarView()
        for scalar in foldScalars(s).unicodeScalars {
            if isWordScalar(scalar) {
                current.append(scalar)
            } else if !current.isEmpty {
                words.append(String(current))
                current = String.UnicodeScalarView()
            }
        }
        if !current.isEmpty { words.append(String(current)) }
        return words
    }

    /// `fold` of an all-ASCII text, on its bytes (most messages are): nil when the text has
    /// any other byte. ASCII has nothing to fold but case, and its only spaces are
    /// tab, line feed, vertical tab, form feed, carriage return and space.
    static func foldASCII(_ s: String) -> String? {
        var text = s
        return text.withUTF8 { bytes -> String? in
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            var pendingSpace = false
            for byte in bytes {
                guard byte < 0x80 else { return nil }
                if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) {
                    pendingSpace = !out.isEmpty
                    continue
                }
                if pendingSpace {
                    out.append(0x20)
                    pendingSpace = false
                }
                out.append(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// `words` of an all-ASCII text, on its bytes: its words are the runs of letters and
    /// digits. nil when the text has any other byte.
    static func wordsASCII(_ s: String) -> [String]? {
        var text = s
        return text.withUTF8 { bytes -> [String]? in
            var words: [String] = []
            var start = -1
            for i in 0..<bytes.count {
                let byte = bytes[i]
                guard byte < 0x80 else { return nil }
                let lower = byte | 0x20
                let isWord = (lower >= 0x61 && lower <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
                if isWord {
                    if start < 0 { start = i }
                } else if start >= 0 {
                    words.append(lowered(UnsafeBufferPointer(rebasing: bytes[start..<i])))
                    start = -1
                }
            }
            if start >= 0 { words.append(lowered(UnsafeBufferPointer(rebasing: bytes[start...]))) }
            return words
        }
    }

    private static func lowered(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        String(unsafeUninitializedCapacity: bytes.count) { out in
            for i in 0..<bytes.count {
                let byte = bytes[i]
                out[i] = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
            }
            return bytes.count
        }
    }

    /// Whole-word, case- and accent-insensitive keyword match: `"quiero hacer un Pedído!"`
    /// matches `pedido`, `"pedidos"` does not; a keyword of several words matches them as a
    /// phrase, in order and adjacent. A keyword without letters or digits (an emoji) matches
    /// wherever it occurs in the folded text.
    public static func containsKeyword(_ text: String, _ keyword: String) -> Bool {
        let phrase = words(keyword)
        if phrase.isEmpty {
            let k = fold(keyword)
            return !k.isEmpty && fold(text).contains(k)
        }
        return containsPhrase(words(text), phrase)
    }

    /// Whether `phrase` occurs in `words` as adjacent words; both as given by `words(_:)`.
    /// For checking many keywords against one message without folding it again.
    public static func containsPhrase(_ words: [String], _ phrase: [String]) -> Bool {
        guard !phrase.isEmpty, phrase.count <= words.count else { return false }
        for start in 0...(words.count - phrase.count) where words[start] == phrase[0] {
            var i = 1
            while i < phrase.count, words[start + i] == phrase[i] { i += 1 }
            if i == phrase.count { return true }
        }
        return false
    }

    /// Lower-case Latin letters with diacritics (and a few ligatures) → plain ASCII.
    private static let foldTable: [Unicode.Scalar: String] = {
        let groups: [(String, String)] = [
            ("àáâãäåāăą", "a"), ("çćĉċč", "c"), ("ďđð", "d"), ("èéêëēĕėęě", "e"), ("ĝğġģ", "g"),
            ("ĥħ", "h"), ("ìíîïĩīĭįı", "i"), ("ĵ", "j"), ("ķ", "k"), ("ĺļľŀł", "l"), ("ñńņňŉ", "n"),
            ("òóôõöøōŏő", "o"), ("ŕŗř", "r"), ("śŝşšș", "s"), ("ţťŧț", "t"), ("ùúûüũūŭůűų", "u"),
            ("ŵ", "w"), ("ýÿŷ", "y"), ("źżž", "z"), ("ª", "a"), ("º", "o"),
            ("æ", "ae"), ("œ", "oe"), ("ß", "ss"), ("þ", "th"), ("ĳ", "ij"),
        ]
        var table: [Unicode.Scalar: String] = [:]
        for (letters, base) in groups {
            for scalar in letters.unicodeScalars { table[scalar] = base }
        }
        return table
    }()
}
