/// Whole numbers written in words, as people answer "¿cuántas?" on WhatsApp: `tres`,
/// `veintidós`, `tres mil`, `mil doscientos cincuenta`, `dos millones`, `três`, `vinte e
/// cinco`, `twenty-one`, `one hundred and five`, and digits with a multiplier: `3 mil`.
///
/// Words of Spanish, Portuguese and English are read in every locale (as dates are), case-
/// and accent-insensitively. Every word must be part of the number: `tres cajas` is not one.
public enum NumberWords {
    /// The number, or nil when the text is not a number in words (or is only digits: those
    /// are `NumberText`'s).
    public static func parse(_ text: String) -> Double? {
        // Digits with punctuation (`1.5 mil`) are not read here: which mark is the decimal one
        // is the locale's business.
        if text.contains(where: { $0 == "." || $0 == "," }) { return nil }
        var words = TextMatch.words(text)
        guard !words.isEmpty, words.count <= 16 else { return nil }
        // `a hundred`, `a thousand`: one of them.
        if words.count > 1, words[0] == "a", hundredWords.contains(words[1]) || thousandWords.contains(words[1]) || millionWords.contains(words[1]) {
            words[0] = "one"
        }
        // `diez y seis` (an old spelling of `dieciséis`) up to `diez y nueve`.
        if let i = words.firstIndex(of: "diez"), i + 2 < words.count, words[i + 1] == "y",
           let unit = ["seis": "dieciseis", "siete": "diecisiete", "ocho": "dieciocho", "nueve": "diecinueve"][words[i + 2]] {
            words.replaceSubrange(i...(i + 2), with: [unit])
        }
        var total = 0.0
        var current = 0.0
        var sawWord = false
        var lastWasConnector = true
        // Digits count only at the start of a group and right before a multiplier: `3 mil`.
        var digitsWaiting = false
        // Within a group below a thousand, each part is smaller in kind than the one before:
        // hundreds (4), then tens (3) and a unit (1), or a teen or `veintidós` (2) alone
        // (`ciento treinta y dos`, `ciento doce`), so a list of numbers is not one (`dos tres`,
        // `veinte treinta`, `treinta y diez`, `dos y tres`, `cien cien`). 5: the group is empty.
        var rank = 5
        var sawThousand = false
        var sawMillion = false
        var lastDigits = 0
        for word in words {
            if connectors.contains(word) {
                // `y`/`e`/`and` only between two parts of a number.
                if lastWasConnector { return nil }
                lastWasConnector = true
                continue
            }
            let afterConnector = lastWasConnector
            lastWasConnector = false
            if let digits = Double(word), word.allSatisfy(\.isASCII), word.allSatisfy(\.isNumber) {
                lastDigits = word.count
                guard !digitsWaiting, rank == 5, current == 0 else { return nil }
                current = digits
                rank = 0
                digitsWaiting = true
                continue
            }
            if digitsWaiting, !hundredWords.contains(word), !splitHundreds.contains(word), !thousandWords.contains(word),
               !millionWords.contains(word) { return nil }
            digitsWaiting = false
            if let value = small[word] {
                // `cero` is a number alone, never a part.
                if value == 0, words.count > 1 { return nil }
                let kind = value >= 100 ? 4 : value >= 20 && value.truncatingRemainder(dividingBy: 10) == 0 ? 3 : value >= 10 ? 2 : 1
                // After tens only a unit (`treinta y dos`, not `treinta y doce`); after a teen nothing.
                guard kind < rank, rank != 2, !(rank == 3 && kind == 2) else { return nil }
                rank = kind
                current += value
            } else if hundredWords.contains(word) {
                // `five hundred`, `nineteen hundred`: a multiplier of what is below a hundred; after
                // a thousand or a million, of a unit only (`two thousand five hundred`).
                guard current < 100, rank != 4, !(sawThousand || sawMillion) || current < 10 else { return nil }
                current = (current == 0 ? 1 : current) * 100
                rank = 4
            } else if splitHundreds.contains(word) {
                // `dos cientos`, `5 cientos`, `três centos`: `doscientos` written apart, after a unit only.
                guard (2...9).contains(current), rank <= 1, !afterConnector, !(sawThousand || sawMillion) else { return nil }
                current *= 100
                rank = 4
            } else if thousandWords.contains(word) {
                guard !sawThousand else { return nil }
                sawThousand = true
                total += (current == 0 ? 1 : current) * 1000
                current = 0
                rank = 5
            } else if millionWords.contains(word) {
                guard !sawMillion else { return nil }
                sawMillion = true
                sawThousand = false
                let chunk = total + current
                total = (chunk == 0 ? 1 : chunk) * 1_000_000
                current = 0
                rank = 5
            } else {
                return nil
            }
            sawWord = true
        }
        // Three digits after a thousand are its hundreds: `2 mil 500`, `mil 500` (not `mil 2`: two
        // things counted, as in `mil 2 cuotas`).
        let trailingDigits = digitsWaiting && sawThousand && !sawMillion && current < 1000 && lastDigits == 3
        guard sawWord, !lastWasConnector, !digitsWaiting || trailingDigits else { return nil }
        return total + current
    }

    static let connectors: Set<String> = ["y", "e", "and"]
    static let hundredWords: Set<String> = ["hundred", "hundreds"]
    /// The hundreds of `doscientos`/`trezentos` written as a word of their own (`dos cientos`).
    static let splitHundreds: Set<String> = ["cientos", "cientas", "centos", "centas"]
    static let thousandWords: Set<String> = ["mil", "thousand", "thousands"]
    static let millionWords: Set<String> = ["millon", "millones", "milhao", "milhoes", "million", "millions"]

    /// Words with their value, folded (no accents): units, teens, tens and hundreds.
    static let small: [String: Double] = {
        var table: [String: Double] = [:]
        func add(_ value: Double, _ words: String...) { for w in words { table[w] = value } }
        // Spanish
        add(0, "cero"); add(1, "un", "uno", "una"); add(2, "dos"); add(3, "tres"); add(4, "cuatro")
        add(5, "cinco"); add(6, "seis"); add(7, "siete"); add(8, "ocho"); add(9, "nueve"); add(10, "diez")
        add(11, "once"); add(12, "doce"); add(13, "trece"); add(14, "catorce"); add(15, "quince")
        add(16, "dieciseis"); add(17, "diecisiete"); add(18, "dieciocho"); add(19, "diecinueve"); add(20, "veinte")
        add(21, "veintiuno", "veintiun", "veintiuna"); add(22, "veintidos"); add(23, "veintitres")
        add(24, "veinticuatro"); add(25, "veinticinco"); add(26, "veintiseis"); add(27, "veintisiete")
        add(28, "veintiocho"); add(29, "veintinueve")
        add(30, "treinta"); add(40, "cuarenta"); add(50, "cincuenta"); add(60, "sesenta"); add(70, "setenta")
        add(80, "ochenta"); add(90, "noventa")
        add(100, "cien", "ciento"); add(200, "doscientos", "doscientas"); add(300, "trescientos", "trescientas")
        add(400, "cuatrocientos", "cuatrocientas"); add(500, "quinientos", "quinientas")
        add(600, "seiscientos", "seiscientas"); add(700, "setecientos", "setecientas")
        add(800, "ochocientos", "ochocientas"); add(900, "novecientos", "novecientas")
        // Portuguese (where it differs)
        add(1, "um", "uma"); add(2, "dois", "duas"); add(7, "sete"); add(8, "oito"); add(9, "nove"); add(10, "dez")
        add(11, "onze"); add(12, "doze"); add(13, "treze"); add(14, "catorze", "quatorze"); add(4, "quatro")
        add(16, "dezesseis", "dezasseis"); add(17, "dezessete", "dezassete"); add(18, "dezoito")
        add(19, "dezenove", "dezanove"); add(20, "vinte"); add(30, "trinta"); add(40, "quarenta")
        add(15, "quinze"); add(50, "cinquenta"); add(60, "sessenta"); add(80, "oitenta"); add(100, "cem", "cento")
        add(200, "duzentos", "duzentas"); add(300, "trezentos", "trezentas"); add(400, "quatrocentos", "quatrocentas")
        add(500, "quinhentos", "quinhentas"); add(600, "seiscentos", "seiscentas"); add(700, "setecentos", "setecentas")
        add(800, "oitocentos", "oitocentas"); add(900, "novecentos", "novecentas")
        // English
        add(0, "zero"); add(1, "one"); add(2, "two"); add(3, "three"); add(4, "four"); add(5, "five"); add(6, "six")
        add(7, "seven"); add(8, "eight"); add(9, "nine"); add(10, "ten"); add(11, "eleven"); add(12, "twelve")
        add(13, "thirteen"); add(14, "fourteen"); add(15, "fifteen"); add(16, "sixteen"); add(17, "seventeen")
        add(18, "eighteen"); add(19, "nineteen"); add(20, "twenty"); add(30, "thirty"); add(40, "forty")
        add(50, "fifty"); add(60, "sixty"); add(70, "seventy"); add(80, "eighty"); add(90, "ninety")
        return table
    }()
}
