/// Numbers as people say them in a chat, beyond digits with a unit (`NumberAnswer`): a sign in
/// words, the number sign, a multiplier after digits, and a half.
extension NumberAnswer {
    /// `menos 3`, `minus five` (-3, -5); `medio millón` (500000); `n° 5`, `nº5`, `n.º 5` (5); `1,5 mil`, `1.5 millones` (by the
    /// locale's separators); `1 y medio`, `dos y media`, `2 e meia`, `1 and a half` (a whole
    /// number below a hundred and a half), `un millón y medio` (1500000), `15 lucas` (`slangFactor`).
    /// Nil for anything else, `2k` (thousands or kilos?), and where a half is
    /// not clear (`mil y medio`, `1000 y medio`: 1000.5 or 1500? `cien y medio`: 150 to most).
    /// `10mil` is `10 mil`.
    static func spoken(_ text: String, locale: FlowLocale) -> Double? {
        let lower = text.lowercased()
        // The number sign; folded, `nº` would read as the word `no`.
        for sign in ["n.º", "n.°", "nº", "n°"] where lower.hasPrefix(sign) {
            // `n° 5`, `nº5`; not `n°-5` (no number sign before a minus).
            let rest = TextMatch.trim(String(lower.dropFirst(sign.count)))
            guard let first = rest.first, first.isNumber || first.isLetter, let n = strict(rest, locale), n >= 0 else { return nil }
            return n
        }
        let words = text.split(whereSeparator: { $0 == " " }).map(String.init)
        guard !words.isEmpty, words.count <= 8 else { return nil }
        let folded = words.map { TextMatch.fold($0) }
        if words.count >= 2, folded[0] == "menos" || folded[0] == "minus" {
            guard let n = strict(words.dropFirst().joined(separator: " "), locale), n > 0 else { return nil }
            return -n
        }
        if let n = withHalf(words, folded, locale) { return n }
        // `medio millón`, `meio milhão`, `half a million`.
        if ["medio millon", "meio milhao", "half a million"].contains(folded.joined(separator: " ")) { return 500_000 }
        // `750k`, `$750K`, `1.5k`: thousands where `k` says so (in English, or after a currency
        // sign); elsewhere `2k`, `50k` are not read: thousands to some, kilos to others.
        if let n = thousandsK(text, locale: locale) { return n }
        // `$1M`, `USD 2M`, `$ 2 MM`: millions after a currency sign; `1M` alone in English.
        if let n = millions(text, locale: locale) { return n }
        // `15 lucas`, `una luca`: where the locale says them so.
        if words.count == 2, let factor = slangFactor(folded[1], locale: locale), let n = strict(words[0], locale), n > 0 {
            return n * factor
        }
        // `1,5 mil`, `1.5 millones`: digits with a decimal part and a multiplier (`3 mil` is `NumberWords`').
        if words.count == 2, let factor = multipliers[folded[1]], words[0].contains(where: \.isNumber),
           let n = plain(words[0], locale: locale) {
            return n * factor
        }
        // `2x`, `x2` (English): so many of it, a whole number said alone (`2x1` is none).
        if words.count == 1, locale.language == "en", let n = timesCount(folded[0]) { return n }
        // `10mil`, `$10mil`, `1,5mil`: the multiplier against the digits, as `10 mil` reads.
        if words.count == 1, let (digits, factor) = gluedMultiplier(folded[0]), let n = plain(digits, locale: locale) {
            return n * factor
        }
        return nil
    }

    /// `2x`, `x2`: the digits, 1 to 4 of them, with an `x` before or after; nil otherwise.
    private static func timesCount(_ word: String) -> Double? {
        let digits = word.hasPrefix("x") ? word.dropFirst() : word.hasSuffix("x") ? word.dropLast() : nil
        guard let digits, (1...4).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(digits) else { return nil }
        return Double(n)
    }

    /// The digits (with a currency sign) and the multiplier written against them (`10mil`,
    /// `$2millones`); nil unless a digit comes right before the multiplier.
    private static func gluedMultiplier(_ word: String) -> (String, Double)? {
        for (name, factor) in multipliers where word.hasSuffix(name) {
            let digits = String(word.dropLast(name.count))
            guard digits.last.map({ $0.isASCII && $0.isNumber }) == true else { return nil }
            return (digits, factor)
        }
        return nil
    }

    /// Digits and a `k` for thousands, in English or after a currency sign (`$750K`, `R$ 2k`).
    private static func thousandsK(_ text: String, locale: FlowLocale) -> Double? {
        var rest = Substring(TextMatch.trim(text))
        guard let last = rest.last, last == "k" || last == "K" else { return nil }
        rest = rest.dropLast()
        var signed = false
        if let sign = currencySigns.first(where: { rest.uppercased().hasPrefix($0) }) {
            rest = rest.dropFirst(sign.count)
            signed = true
        }
        let digits = TextMatch.trim(String(rest))
        // Elsewhere `2k`, `50k` are as often kilos (or km) as thousands: asked again.
        guard let first = digits.first, first.isNumber, digits.last?.isNumber == true,
              let n = plain(digits, locale: locale), n > 0, signed || locale.language == "en" else { return nil }
        return n * 1000
    }

    /// `X y medio`: X and a half, X a whole number; `un millón y medio` is a million and a half.
    private static func withHalf(_ words: [String], _ folded: [String], _ locale: FlowLocale) -> Double? {
        let cut: Int
        if folded.count >= 3, ["y", "e"].contains(folded[folded.count - 2]), ["medio", "media", "meio", "meia"].contains(folded[folded.count - 1]) {
            cut = folded.count - 2
        } else if folded.count >= 4, folded.suffix(3) == ["and", "a", "half"] {
            cut = folded.count - 3
        } else {
            return nil
        }
        let base = words[..<cut].joined(separator: " ")
        guard let n = strict(base, locale), n >= 0, n == n.rounded() else { return nil }
        let last = folded[cut - 1]
        if NumberWords.millionWords.contains(last) { return n + 500_000 }
        // A half of a hundred or more is not clear: `cien y medio` is 150 to most, `1000 y medio`
        // and `mil y medio` 1500 or 1000.5.
        guard n < 100 else { return nil }
        return n + 0.5
    }

    private static let multipliers: [String: Double] = [
        "mil": 1000, "thousand": 1000, "millon": 1_000_000, "millones": 1_000_000, "milhao": 1_000_000,
        "milhoes": 1_000_000, "million": 1_000_000, "millions": 1_000_000,
    ]

    /// Digits (with a currency sign) or whole words, nothing looser.
    private static func strict(_ text: String, _ locale: FlowLocale) -> Double? {
        plain(text, locale: locale) ?? NumberWords.parse(text)
    }
}
