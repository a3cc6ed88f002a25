/// A number as people answer a `number` question in a chat, more loosely than
/// ``NumberText/parse(_:locale:)`` (which the `number()` function keeps strict): a currency sign
/// before or after it (`$ 1.500`, `1500 €`), a unit or a word or two after digits (`3 unidades`,
/// `2 kg`, `3kg`, `5 por favor`, `3 cajas`; not `2 docenas`, `un par`, `50 centavos`, `3 millares`, `12abc`,
/// `12 abc`, `3 o más`, `12 no sé`). The separators stay the locale's.
public enum NumberAnswer {
    /// Longest first, compared in any case: `S/.` before `S/` (`S/.20` is twenty soles, not `.20`).
    static let currencySigns = ["US$", "U$S", "U$D", "ARS$", "AR$", "RD$", "R$", "C$", "$U", "S/.", "S/", "BS.", "BS", "GS.", "GS", "L.",
                                "$", "€", "£", "₲", "₡", "Q", "L"]
    /// ISO codes of the currencies shops in the locales quote prices in (`USD 20`, `1500 ARS`).
    static let currencyCodes = ["USD", "ARS", "BRL", "MXN", "CLP", "COP", "PEN", "UYU", "PYG", "BOB", "EUR", "GBP", "CAD",
                                "VES", "GTQ", "CRC", "DOP", "HNL", "NIO", "PAB", "AUD", "NZD"]
    /// Words that multiply or divide the number before them.
    static let quantityWords: Set<String> = [
        "docena", "docenas", "par", "pares", "medio", "media", "medios", "medias", "decena", "decenas", "centena", "centenas",
        "duzia", "duzias", "meio", "meia", "dozen", "dozens", "pair", "pairs", "half", "k", "mil", "miles", "millon", "millones",
        "milhao", "milhoes", "thousand", "million", "millions", "cuarto", "cuartos", "quarter", "quarters", "tercio", "tercios",
        "luca", "lucas", "palo", "palos", "grand", "billion", "billions", "billon", "billones", "bilhao", "bilhoes", "mill", "lukas",
        "cien", "cienes", "ciento", "cientos", "cientas", "centos", "centas", "cento", "centenar", "centenares", "hundred", "hundreds",
        // Said fondly, they still multiply: `3 docenitas`, `12 luquitas`, `un parcito`.
        "docenita", "docenitas", "parcito", "parcitos", "luquita", "luquitas", "lukita", "lukitas", "milcito", "milcitos",
        "duziazinha", "duziazinhas",
        // A currency's fraction or a multiple said after the number changes the amount: `50 centavos` is no 50, nor `3 millares` 3.
        "centavo", "centavos", "centavito", "centavitos", "centimo", "centimos", "centesimo", "centesimos", "cent", "cents",
        "penny", "pennies", "pence", "ctvo", "ctvos", "ctvs", "cvo", "cvos", "millar", "millares", "milhar", "milhares", "trillon", "trillones", "trilhao", "trilhoes",
        "trillion", "trillions",
        // Amounts that are no number: `un montón`, `un poco`, `una banda`, `um monte`, `a lot`.
        // (Not words that also count things: `3 pilas` are batteries, `1 bunch` of bananas.)
        "monton", "montones", "montonazo", "chingo", "chingos", "toco", "mogollon", "poco", "pocos",
        "poquito", "poquitos", "ratito", "punado", "bastante", "bastantes", "muchos", "muchas", "mucho", "muchisimos", "muchisimas",
        "monte", "montao", "pouco", "poucos", "pouquinho", "few", "several", "many",
    ]

    /// Units and things counted that may follow the digits, glued or not (folded, without dots).
    static let units: Set<String> = [
        "kg", "kgs", "kilo", "kilos", "g", "gr", "grs", "gramo", "gramos", "l", "lt", "lts", "litro", "litros", "ml", "cc", "cm", "cms",
        "mm", "m", "mt", "mts", "metro", "metros", "km", "mi", "mile", "oz", "lb", "lbs", "u", "un", "und", "unid", "unids", "unidad", "unidades",
        "ud", "uds", "unit", "units", "unidade", "pz", "pza", "pzas", "pieza", "piezas", "peca", "pecas", "pc", "pcs",
        "item", "items", "h", "hs", "hr", "hrs", "hora", "horas", "hour", "hours", "min", "mins", "minuto", "minutos", "minutes",
        "dia", "dias", "day", "days", "semana", "semanas", "week", "weeks", "mes", "meses", "month", "months", "ano", "anos",
        "year", "years", "persona", "personas", "pessoa", "pessoas", "people", "person", "persons", "peso", "pesos", "dolar",
        "dolares", "dollar", "dollars", "real", "reais", "reales", "euro", "euros", "sol", "soles", "cuota", "cuotas", "parcela",
        "parcelas", "pzs", "uni", "vez", "veces", "pax", "dls", "usd", "ellos", "ellas", "percent", "pct",
    ]
    /// Currencies named after an amount (folded): `1.500 pesos`, `20 dólares`.
    static let currencyWords: Set<String> = [
        "peso", "pesos", "dolar", "dolares", "dollar", "dollars", "real", "reais", "reales", "euro", "euros", "sol", "soles",
        "dls", "usd", "bucks", "lucas", "guarani", "guaranies", "boliviano", "bolivianos", "colon", "colones", "quetzal", "quetzales",
    ]
    /// Month names of every locale (folded): a number before one is a date's day.
    static let monthWords: Set<String> = {
        var names: Set<String> = ["setiembre"]
        for locale in [FlowLocale.esAR, FlowLocale.ptBR, FlowLocale.enUS] {
            names.formUnion(locale.monthNames.map(TextMatch.fold))
        }
        return names
    }()
    /// Words of a polite request after the number (`5 por favor`).
    static let politeWords: Set<String> = AnswerWords.courtesy.union(["nomas", "ok", "okay", "si", "sim", "yes", "de", "solo"])
    /// Words that make the number a guess, a range or a refusal: `3 o más`, `12 no sé`, `100 y pico`.
    static let hedgeWords: Set<String> = [
        "no", "nao", "se", "sei", "o", "ou", "or", "mas", "mais", "menos", "more", "less", "y", "e", "and", "pico", "aprox",
        "aproximadamente", "approx", "about", "around", "unos", "unas", "tipo", "quizas", "quiza", "maybe", "talvez", "creo",
        "acho", "ni", "nor", "not", "nope", "hasta", "desde", "ate", "until", "from", "entre", "between", "cerca", "casi", "quase",
        "almost", "nearly", "maximo", "minimo",
        // Guesses and refusals typed fast: `12 nose`, `3 capaz`, `3 masomenos`, `12 ponele`, `3 probably`.
        "nose", "capaz", "masomenos", "maso", "supongo", "probablemente", "posiblemente", "ponele", "pongamos", "calculo",
        "estimo", "onda", "acaso", "seguramente", "probably", "perhaps", "kinda", "sorta", "guess", "roughly", "ish",
        "provavelmente", "blabla", "bla", "etc",
    ]

    /// Words of a request before the number (`dame 2`, `son 4`, `solo 1`), besides the wishes
    /// and choices of `AnswerWords.preferenceLeads` (`quiero 3`, `mejor 3`, `van a ser 3`).
    static let leadWords: Set<String> = [
        "dame", "deme", "dadme", "mandame", "mandeme", "poneme", "ponme", "son", "seran", "sera", "solo", "solamente", "nomas",
        "manda", "me", "da", "sao", "serao", "so", "somente", "apenas", "just", "only", "i", "need", "necesito", "preciso",
        "necessito", "we", "give",
        "llevo", "llevaria", "levo", "take", "pongo", "pon", "el", "nro", "numero", "num", "number",
        // How many people: `somos 4`, `seremos 3` (`vamos a ser 6`, `we are 4`: see `groupPhrases`).
        "somos", "seremos", "seriamos",
    ]

    static func parse(_ text: String, locale: FlowLocale) -> Double? {
        let text = percentAsUnit(text)
        if hasThreeDecimals(text, locale: locale) { return nil }
        // How many people, said as a phrase before the number: `vamos a ser 6`, `we are 4`, `we're 4`.
        let lowered = TextMatch.trim(text).lowercased().replacing("’", with: "'")
        if let phrase = groupPhrases.first(where: { lowered.hasPrefix($0 + " ") }) {
            return parse(String(lowered.dropFirst(phrase.count + 1)), locale: locale, depth: 1)
        }
        return parse(text, locale: locale, depth: 0)
    }

    /// `text` with a percent sign or said percent (`18%`, `12,5 %`, `18 por ciento`, `18 por cento`)
    /// as the unit `percent`, which `18 percent` already is: the number is the percentage.
    static func percentAsUnit(_ text: String) -> String {
        let folded = TextMatch.fold(text)
        guard text.contains("%") || folded.contains("por ciento") || folded.contains("por cento") || folded.contains("porciento") else {
            return text
        }
        var words = text.replacing("%", with: " percent ").split(whereSeparator: \.isWhitespace).map(String.init)
        var i = 1
        while i < words.count {
            let word = TextMatch.fold(words[i]).filter(\.isLetter)
            if word == "porciento" || word == "porcento" {
                words[i] = "percent"
            } else if word == "por", i + 1 < words.count, ["ciento", "cento"].contains(TextMatch.fold(words[i + 1]).filter(\.isLetter)) {
                words[i] = "percent"
                words.remove(at: i + 1)
            }
            i += 1
        }
        return words.joined(separator: " ")
    }

    /// What follows the words of a most at the start of `text` (`hasta 50 mil` → `50 mil`), or nil.
    static func afterUpperBound(_ text: String) -> String? {
        let words = text.split(separator: " ", omittingEmptySubsequences: true)
        let folded = words.map { TextMatch.fold(String($0)).filter { $0 != "." && $0 != ":" } }
        for phrase in upperBoundPhrases where folded.count > phrase.count && Array(folded.prefix(phrase.count)) == phrase {
            return words.dropFirst(phrase.count).joined(separator: " ")
        }
        return nil
    }

    /// Words that say the number after them is a most, longest first.
    static let upperBoundPhrases: [[String]] = [
        ["hasta", "un", "maximo", "de"], ["como", "maximo"], ["como", "max"], ["maximo", "de"], ["no", "maximo"], ["up", "to"],
        ["at", "most"], ["hasta"], ["maximo"], ["max"], ["ate"],
    ]

    /// Phrases that say how many people there are, before the number.
    static let groupPhrases = ["vamos a ser", "vamos a estar", "we are", "we're", "there are", "there will be", "vamos ser"]

    private static func parse(_ text: String, locale: FlowLocale, depth: Int) -> Double? {
        var trimmed = TextMatch.trim(text)
        if let n = plain(trimmed, locale: locale) { return n }
        // A price as written in Argentina: `$1.500.-`, `$ 1.500,-`, `20.-`.
        if trimmed.hasSuffix(".-") || trimmed.hasSuffix(",-") {
            trimmed = TextMatch.trim(String(trimmed.dropLast(2)))
            if let n = plain(trimmed, locale: locale) { return n }
        }
        if let n = spoken(trimmed, locale: locale) { return n }
        // `1M` in Spanish (a million or a metre?), `u$s 3 mts` (a price or a length?).
        if unclearUnit(trimmed) { return nil }
        // A most is the amount: `hasta 50 mil`, `máximo 50 mil`, `up to 50k`, `até 50 mil`.
        if depth < 2, let rest = afterUpperBound(trimmed), let n = parse(rest, locale: locale, depth: depth + 1) { return n }
        // A sign or code, a space, then words: `R$ 20 mil`, `S/ veinte`, `USD 20 thousand`.
        if depth == 0, let rest = afterCurrency(trimmed), rest.contains(where: \.isLetter) {
            // `S/. S/. 20`: a second sign is no number (a one-letter sign only as a word of its own: `$ quinientos`).
            let first = rest.split(separator: " ").first.map { $0.uppercased() } ?? ""
            let signAgain = currencySigns.contains { $0.count > 1 ? first.hasPrefix($0) : first == $0 }
            if !signAgain, let n = parse(rest, locale: locale, depth: 1) { return n }
        }
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
            // Letters against the digits are a unit only when they are one (`3kg`, `2u`; not `12abc`, `3x`).
            let unit = last.index(after: cut)
            let letters = TextMatch.fold(String(last[unit...])).filter { $0 != "." }
            guard units.contains(letters) || currencyCodes.contains(letters.uppercased()) else { return nil }
            words[words.count - 1] = last[..<unit]
            words.append(last[unit...])
        }
        guard words.count > 1 else { return nil }
        // What is left of the number when words around it are dropped: digits (with a currency),
        // words (`tres unidades`, `dos mil pesos`), or once more (`3 unidades por favor`, `3, gracias`).
        func head(_ part: ArraySlice<Substring>) -> Double? {
            let joined = part.joined(separator: " ")
            if let n = plain(joined, locale: locale) { return n }
            if !part.contains(where: { $0.contains(where: \.isNumber) }), let n = NumberWords.parse(joined) { return n }
            return depth < 2 && part.count < words.count ? parse(joined, locale: locale, depth: depth + 1) : nil
        }
        // A wish or a choice before it: `quiero 3`, `mejor 3`, `ponele 2`, `van a ser 3`.
        if depth < 2, let rest = AnswerWords.afterPreferenceLead(trimmed), let n = parse(String(rest), locale: locale, depth: depth + 1) {
            return n
        }
        // A request before it: `dame dos`, `solo 1 por favor`, `solo quiero 3`.
        if let lead = words.firstIndex(where: { !leadWords.contains(TextMatch.fold(String($0))) }), lead > 0, lead <= 3,
           let n = head(words[lead...]) {
            return n
        }
        for cut in stride(from: words.count - 1, through: max(1, words.count - 2), by: -1) {
            let tail = words[cut...]
            // "Just five": `5 no más`, `5 nada más` (Rioplatense), whose words are hedges elsewhere.
            if ["no mas", "nada mas", "nomas"].contains(TextMatch.fold(tail.joined(separator: " ")).filter({ $0 != "." })),
               let n = head(words[..<cut]) {
                return n
            }
            // Thanks, though `muchas` alone is a vague amount: `3, muchas gracias`, `3 unidades muchas gracias`.
            let thanks = AnswerWords.manyThanks.contains(tail.map { TextMatch.fold(String($0)).filter { $0 != "." && $0 != "," } })
            // Words only, none a number (`5 o 6` is not five), a quantity (`2 docenas` is not two) or
            // a hedge (`3 o más`, `12 no sé`); short ones only when known (`2 kg`, not `12 abc`).
            guard thanks || tail.allSatisfy({ word in
                let folded = TextMatch.fold(String(word)).filter { $0 != "." }
                // `el 5 de junio`, `3 de marzo`: a date, not a number.
                guard !monthWords.contains(folded) else { return false }
                return word.allSatisfy { $0.isLetter || $0 == "." } && NumberWords.parse(String(word)) == nil
                    // `50 miles` is a distance in English, thousands in Spanish.
                    && (!quantityWords.contains(folded) || locale.language == "en" && folded == "miles") && !hedgeWords.contains(folded)
                    && (units.contains(folded) || politeWords.contains(folded) || currencyCodes.contains(folded.uppercased()) || folded.count >= 4)
            }) else { continue }
            // `1.500 pesos` where `.` is the decimal point: thousands to whoever wrote it, asked
            // again as `$1.500` is.
            if tail.contains(where: { currencyWords.contains(TextMatch.fold(String($0)).filter { $0 != "." })
                                      || currencyCodes.contains(String($0).uppercased()) }),
               threeDecimals(words[..<cut].joined(separator: " "), locale: locale) {
                return nil
            }
            if let n = head(words[..<cut]) { return n }
        }
        return nil
    }

    /// The number alone, with or without a currency sign; also grouped by threes with the decimal
    /// separator, twice or more (`1,250,000` in es-CO: `otherGrouping`), and `$129,900` where the
    /// currency has no cents (`wholeCurrencyThousands`).
    static func plain(_ text: String, locale: FlowLocale) -> Double? {
        if let n = NumberText.parse(text, locale: locale) ?? otherGrouping(text, locale: locale) { return n }
        // A minus before the sign: `-$500`, `- $ 500` (as `$-500`).
        if let minus = text.first, minus == "-" || minus == "\u{2212}" {
            let rest = TextMatch.trim(String(text.dropFirst()))
            guard currencySigns.contains(where: { String(rest.prefix($0.count)).uppercased() == $0 }),
                  let n = plain(rest, locale: locale), n > 0 else { return nil }
            return -n
        }
        var bare = text
        var found = ""
        for sign in currencySigns {
            if String(bare.prefix(sign.count)).uppercased() == sign { bare = TextMatch.trim(String(bare.dropFirst(sign.count))); found = sign; break }
            if String(bare.suffix(sign.count)).uppercased() == sign { bare = TextMatch.trim(String(bare.dropLast(sign.count))); found = sign; break }
        }
        if bare == text, bare.count > 3 {
            // A currency code before the number, in any case: `USD 20`, `ars1500` (after it, it reads as a unit).
            let code = String(bare.prefix(3)).uppercased()
            if currencyCodes.contains(code), let next = bare.dropFirst(3).first, !next.isLetter {
                bare = TextMatch.trim(String(bare.dropFirst(3)))
                found = code
            }
        }
        guard bare != text else { return nil }
        if let n = wholeCurrencyThousands(bare, sign: found, locale: locale) { return n }
        guard !threeDecimals(bare, locale: locale) else { return nil }
        // The separators stay the locale's: `1,500.50` is not a number in es-AR.
        return NumberText.parse(bare, locale: locale) ?? otherGrouping(bare, locale: locale)
    }

    /// What follows a currency sign or code and a space at the start of `text` (`R$ 20 mil` → `20 mil`).
    static func afterCurrency(_ text: String) -> String? {
        guard let space = text.firstIndex(of: " ") else { return nil }
        let lead = text[..<space].uppercased()
        guard currencySigns.contains(lead) || currencyCodes.contains(lead) else { return nil }
        return TextMatch.trim(String(text[space...]))
    }

    /// Whether a numeral anywhere in `text` has exactly three digits after the locale's decimal
    /// separator and no other separator (`quiero 2.000`, `hasta 2.000 pesos`, `2.000!`, `-2.000`,
    /// `2.000 unidades` in es-MX; `+1,500` in es-AR): thousands to whoever typed it, as alone. Not
    /// after a currency sign or code, which ``plain(_:locale:)`` reads (`$129,900` in es-CO), nor
    /// before a measure, which has fractions (`1.500 kg`).
    public static func hasThreeDecimals(_ text: String, locale: FlowLocale) -> Bool {
        let words = text.split(whereSeparator: { $0.isWhitespace })
        let opening: Set<Character> = ["-", "\u{2212}", "+", "¡", "¿", "(", "\"", "“", "«", "'"]
        for (i, word) in words.enumerated() {
            let core = word.drop { opening.contains($0) }
            guard core.first?.isNumber == true, let end = core.lastIndex(where: \.isNumber),
                  threeDecimals(String(core[...end]), locale: locale) else { continue }
            if i > 0 {
                let before = words[i - 1].uppercased().filter { $0 != ":" }
                if currencySigns.contains(before) || currencyCodes.contains(before) { continue }
            }
            // What follows: letters against the digits (`1.500kg`) or the next word.
            let glued = TextMatch.fold(String(core[core.index(after: end)...])).filter(\.isLetter)
            let next = glued.isEmpty && i + 1 < words.count ? TextMatch.fold(String(words[i + 1])).filter(\.isLetter) : glued
            if units.contains(next), !wholeUnits.contains(next), !currencyWords.contains(next) { continue }
            return true
        }
        return false
    }

    /// Units of things counted whole (and people, turns, instalments): `2.000 unidades` is no fraction.
    static let wholeUnits: Set<String> = [
        "u", "un", "und", "unid", "unids", "unidad", "unidades", "ud", "uds", "unit", "units", "unidade", "pz", "pza", "pzas", "pzs",
        "pieza", "piezas", "peca", "pecas", "pc", "pcs", "item", "items", "persona", "personas", "pessoa", "pessoas", "people",
        "person", "persons", "pax", "vez", "veces", "cuota", "cuotas", "parcela", "parcelas", "uni", "ellos", "ellas",
    ]

    /// Whether a price has exactly three digits after the locale's decimal separator and no
    /// other separator (`S/.2.000` in es-PE, `$1.500` in es-MX): thousands to whoever wrote it,
    /// a fraction by the locale; asked again rather than saved as 2 or 1.5.
    public static func threeDecimals(_ text: String, locale: FlowLocale) -> Bool {
        let parts = text.split(separator: locale.decimalSeparator, omittingEmptySubsequences: false)
        guard parts.count == 2, let whole = parts.first, let fraction = parts.last else { return false }
        return fraction.count == 3 && fraction.allSatisfy(\.isNumber) && !whole.isEmpty && whole.allSatisfy(\.isNumber) && whole != "0"
    }
}
