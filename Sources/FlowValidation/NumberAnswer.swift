/// A number as people answer a `number` question in a chat, more loosely than
/// ``NumberText/parse(_:locale:)`` (which the `number()` function keeps strict): a currency sign
/// before or after it (`$ 1.500`, `1500 €`), a unit or a word or two after digits (`3 unidades`,
/// `2 kg`, `5 por favor`; not `2 docenas`, not `un par`). The separators stay the locale's.
enum NumberAnswer {
    static let currencySigns = ["US$", "U$S", "R$", "S/", "$", "€", "£"]
    /// ISO codes of the currencies shops in the locales quote prices in (`USD 20`, `1500 ARS`).
    static let currencyCodes = ["USD", "ARS", "BRL", "MXN", "CLP", "COP", "PEN", "UYU", "PYG", "BOB", "EUR", "GBP", "CAD"]
    /// Words that multiply or divide the number before them.
    static let quantityWords: Set<String> = [
        "docena", "docenas", "par", "pares", "medio", "media", "medios", "medias", "decena", "decenas", "centena", "centenas",
        "duzia", "duzias", "meio", "meia", "dozen", "dozens", "pair", "pairs", "half", "k", "mil", "miles", "millon", "millones",
        "milhao", "milhoes", "thousand", "million", "millions", "cuarto", "cuartos", "quarter", "quarters", "tercio", "tercios",
        "luca", "lucas", "palo", "palos", "grand", "billion", "billions", "billon", "billones", "bilhao", "bilhoes", "mill", "lukas",
    ]

    static func parse(_ text: String, locale: FlowLocale) -> Double? {
        var trimmed = TextMatch.trim(text)
        if let n = plain(trimmed, locale: locale) { return n }
        // The end of a sentence, or a question: `3.`, `3!`, `¿3?`, `12,`.
        let marks: Set<Character> = ["!", "?", ".", ",", "¡", "¿"]
        while let last = trimmed.last, marks.contains(last) { trimmed.removeLast() }
        while let first = trimmed.first, first == "¡" || first == "¿" { trimmed.removeFirst() }
        trimmed = TextMatch.trim(trimmed)
        guard !trimmed.isEmpty else { return nil }
        if let n = plain(trimmed, locale: locale) ?? NumberWords.parse(trimmed) { return n }
        // A unit or a short phrase after the number: `3 unidades`, `2 kg.`, `5 por favor`; a unit
        // written against the digits (`3kg`, `2u`) is one too.
        var words = trimmed.split(separator: " ", omittingEmptySubsequences: true)
        if let last = words.last, let cut = last.lastIndex(where: { !$0.isLetter }), cut != last.index(before: last.endIndex),
           last[cut].isNumber, last.first.map({ !$0.isLetter }) == true {
            let unit = last.index(after: cut)
            words[words.count - 1] = last[..<unit]
            words.append(last[unit...])
        }
        guard words.count > 1 else { return nil }
        for cut in stride(from: words.count - 1, through: max(1, words.count - 2), by: -1) {
            let tail = words[cut...]
            // Words only, none a number (`5 o 6` is not five) or a quantity (`2 docenas` is not two).
            guard tail.allSatisfy({ word in
                word.allSatisfy { $0.isLetter || $0 == "." } && NumberWords.parse(String(word)) == nil
                    && !quantityWords.contains(TextMatch.fold(String(word)).filter { $0 != "." })
            }) else { continue }
            if let n = plain(words[..<cut].joined(separator: " "), locale: locale) { return n }
        }
        return nil
    }

    /// The number alone, with or without a currency sign.
    private static func plain(_ text: String, locale: FlowLocale) -> Double? {
        if let n = NumberText.parse(text, locale: locale) { return n }
        var bare = text
        for sign in currencySigns {
            if bare.hasPrefix(sign) { bare = TextMatch.trim(String(bare.dropFirst(sign.count))); break }
            if bare.hasSuffix(sign) { bare = TextMatch.trim(String(bare.dropLast(sign.count))); break }
        }
        if bare == text, bare.count > 3 {
            // A currency code before the number, in any case: `USD 20`, `ars1500` (after it, it reads as a unit).
            let code = String(bare.prefix(3)).uppercased()
            if currencyCodes.contains(code), let next = bare.dropFirst(3).first, !next.isLetter {
                bare = TextMatch.trim(String(bare.dropFirst(3)))
            }
        }
        // The separators stay the locale's: `1,500.50` is not a number in es-AR.
        return bare != text ? NumberText.parse(bare, locale: locale) : nil
    }
}
