/// Reading a `choice` answer: which of the declared choices it names, or none. An answer that
/// names two choices equally names none (a re-ask is better than a wrong value).
///
/// First, what makes an answer no answer at all: a question (`?`, `¿`, `aceptan`, `tienen`,
/// `hay`, `cuánto`, `do you`, `aceita`), a refusal or negation (`no`, `nada de`, `cero`, `jamás`, `sin envío`,
/// `nah`, `odio`, `hate`, `nem pensar`, 👎), a doubt or two choices (`creo`, `o`, `y`), when the
/// word is not a label's own. Then, in order:
/// 1. the whole label (`TextMatch.choiceIndex`: as written, case- and accent-insensitive, by
///    words, with an article before it), and the label with a number and its unit written
///    together or apart (`1kg` for `1 kg`);
/// 1b. when every label is a time of day (`10:00`, `4:00 PM`, `16hs`; not a bare number), the answer
///    read as a `time` answer, by its time (`12`, `a las 12`, `4 de la tarde` for `16:00`);
/// 2. when ANY label has a digit, numbers are matched by value only, never by position
///    (`la 2` of `[Talla 2, Talla 4, Talla 6]` is Talla 2, `1` of `[10:00, 12:00]` and `la
///    segunda` of `[6, 12, 24]` are none): the answer's number, in digits or words, with the
///    label's own words, its unit or a synonym (`5 kilos` for `5 kg`; not `2 gramos`, `2km`,
///    `2 unidades`), and filler words around it;
/// 3. when labels start with numbers in words: a number answer by value when all do (`3` of
///    `[una, tres, seis]` is `tres`, `2` none), else only when its position agrees or names none;
/// 4. otherwise what a menu reply accepts (`TextMatch.menuChoice`): the 1-based number, `la
///    segunda`, `dos`, the first words of one label, courtesy around it; not for sizes
///    (`[S, M, L, XL]`), where `2` or `dos` may be a size;
/// 5. one label inside a short answer (`talle M`, `M por favor`, `en efectivo`, `pago en
///    efectivo`), every other word a known filler or courtesy word (`la`, `quiero`, `pago`,
///    `talle`, `por favor`; not `iphone 14 usado`, `coca cola light`, `ya es tarde`); a label of
///    one or two letters (a size) only with words about it (`talle`, `la`, `quiero`);
/// 6. words of exactly one label (`envío` for `Envío a domicilio`, `crédito` for `Tarjeta de
///    crédito`; not `tarjeta` when there are two cards, not `pago` for `Mercado Pago`), with
///    filler words such as `pago con` around;
/// 7. a choice named in full, then a short complement after a preposition that names no other
///    choice and no number (`6 cuotas sin interés`, `envío a domicilio`, `retiro por el local`).
///
/// (`sin`, `sem`, `without` negate only a choice's word after them: `sin envío` is no answer,
/// `6 sin interés` is 6.)
enum ChoiceAnswer {
    static func index(_ answer: String, _ choices: [String], locale: FlowLocale, complements: Bool = true) -> Int? {
        let labels = choices.map { splitDigits(TextMatch.words($0)) }
        let labelWords = Set(labels.flatMap { $0 })
        let words = splitDigits(TextMatch.words(answer))
        // `chips and queso` for `Chips & Queso` (`and` is otherwise two choices at once).
        if !answer.unicodeScalars.contains(where: { $0 == "?" || $0 == "¿" }), let i = TextMatch.joinedLabel(TextMatch.words(answer), labels: choices) {
            return i
        }
        guard !isNoAnswer(answer, words, choices: choices, labelWords: labelWords, locale: locale) else { return nil }
        if let i = TextMatch.choiceIndex(answer, choices) { return i }
        if let i = byTime(answer, choices, locale: locale) { return i }
        guard !words.isEmpty, words.count <= 16 else { return nil }
        if let i = only(labels.indices.filter { !labels[$0].isEmpty && labels[$0] == words }) { return i }
        // Labels that start with a number in words (`[una, tres, seis]` cuotas, `Dos docenas`): a number
        // answer may be a value or a position. When every label starts with one, it is the value (`3`
        // is `tres`, `2` none); otherwise the value only when the position says the same or names
        // nothing, and asked again when they disagree (`1` of `[Media docena, Una docena]`).
        // (`Un postre` starts with an article: a number only in a list of quantities, one that has
        // another number word, `[Una docena, Dos docenas]`.)
        var leading = labels.map { $0.first.flatMap { NumberWords.parse($0) } }
        if !labels.contains(where: { ($0.first.map { !Self.articles.contains($0) } ?? false) && NumberWords.parse($0[0]) != nil }) {
            leading = leading.map { _ in nil }
        }
        let valuesOnly = leading.allSatisfy { $0 != nil }
        let number = NumberText.parse(TextMatch.trim(answer), locale: locale) ?? NumberWords.parse(answer) ?? NumberAnswer.parse(answer, locale: locale)
        if !choices.contains(where: { $0.contains(where: \.isNumber) }), leading.contains(where: { $0 != nil }), let n = number {
            let byValue = only(labels.indices.filter { leading[$0] == n })
            if valuesOnly { return byValue }
            let position = n == n.rounded() && n >= 1 && n <= Double(choices.count) ? Int(n) - 1 : nil
            if let byValue { return position == nil || position == byValue ? byValue : nil }
        }
        if choices.contains(where: { $0.contains(where: \.isNumber) }) {
            if let i = byNumber(answer, choices, locale: locale) { return i }
        } else if valuesOnly, number != nil || words.contains(where: { $0.contains(where: \.isNumber) }) {
            // Labels that are quantities in words take no position by number (`la tercera` still goes).
        } else if !isSizes(labels) || !words.contains(where: { $0.allSatisfy(\.isNumber) || NumberWords.parse($0) != nil }),
                  let i = TextMatch.menuChoice(answer, ids: [], labels: choices, locale: locale) {
            return i
        }
        return inside(words, labels) ?? byWords(words, labels) ?? spacesDropped(words, labels) ?? onlyLabel(words, labels)
            ?? (complements ? withComplement(answer, choices, labels, locale: locale) : nil)
    }

    /// Choices that are all times of day (`[10:00, 12:00, 16:00]`, `[10:00 AM, 4:00 PM]`, not bare
    /// numbers): the one whose time the answer is, as a `time` question reads it (`12`, `a las 12`,
    /// `4pm`, `4 de la tarde`, `mediodía`). A time that is none of them (`2`, `4` for 4 PM) names none.
    private static func byTime(_ answer: String, _ choices: [String], locale: FlowLocale) -> Int? {
        let times = choices.map { choice in
            NumberText.parse(choice, locale: locale) == nil && NumberWords.parse(choice) == nil ? TimeInput.parse(choice, locale: locale, timeOfDay: true) : nil
        }
        guard times.allSatisfy({ $0 != nil }), let time = TimeInput.parse(answer, locale: locale, timeOfDay: true) else { return nil }
        return only(times.indices.filter { times[$0] == time })
    }

    /// A choice named in full, then a short complement of where, how or with what, that starts
    /// with a preposition and names no other choice and no number: `6 cuotas sin interés`, `6 sin
    /// recargo`, `envío a domicilio`, `retiro por el local`, `entrega em casa`, `retirada na
    /// loja`. Not `coca cola light` (another product), nor a one- or two-letter choice (`a la tarde`
    /// is not `A`).
    private static func withComplement(_ answer: String, _ choices: [String], _ labels: [[String]], locale: FlowLocale) -> Int? {
        let pieces = answer.split(whereSeparator: \.isWhitespace)
        guard pieces.count >= 2, pieces.count <= 12 else { return nil }
        for cut in stride(from: pieces.count - 1, through: 1, by: -1) {
            let rest = splitDigits(TextMatch.words(pieces[cut...].joined(separator: " ")))
            let said = rest.filter { !AnswerWords.courtesy.contains($0) }
            if said.count > 4 { break }
            guard let first = rest.first, complementStarts.contains(first) else { continue }
            let prefix = pieces[..<cut].joined(separator: " ")
            guard let i = index(prefix, choices, locale: locale, complements: false),
                  TextMatch.containsPhrase(splitDigits(TextMatch.words(prefix)), labels[i]),
                  labels[i].joined().count > 2 || labels[i].joined().contains(where: \.isNumber) else { continue }
            let namesOther = rest.contains { word in
                word.contains(where: \.isNumber) || NumberWords.parse(word) != nil && !articles.contains(word)
                    || !isFiller(word) && labels.indices.contains { $0 != i && labels[$0].contains(word) }
            }
            return namesOther ? nil : i
        }
        return nil
    }

    /// Folded prepositions a complement after a choice starts with (`a domicilio`, `sin interés`,
    /// `em casa`, `to my house`).
    private static let complementStarts: Set<String> = [
        "a", "al", "en", "por", "para", "con", "sin", "de", "del", "hasta", "em", "na", "nas", "nos", "ao", "com", "sem", "da",
        "do", "pra", "pelo", "pela", "to", "at", "in", "on", "with", "without", "for", "by",
    ]

    /// `solo efectivo`, `só o banho`, `just cash`: a whole label said with "only" (and fillers),
    /// never a part of one (`solo café` is not `Café con leche`: the customer said plain coffee).
    private static func onlyLabel(_ words: [String], _ labels: [[String]]) -> Int? {
        guard words.contains(where: onlyWords.contains) else { return nil }
        let rest = words.filter { !onlyWords.contains($0) && !isFiller($0, besides: labels) }
        guard !rest.isEmpty else { return nil }
        return only(labels.indices.filter { labels[$0].filter { !isFiller($0, besides: labels) } == rest })
    }

    /// Words of "only" around a choice.
    private static let onlyWords: Set<String> = ["solo", "so", "apenas", "only", "just", "nomas", "unicamente", "somente"]

    /// The one label written with its words run together or apart (`mercadopago` or `con
    /// mercadopago` for `Mercado Pago`, `mercado pago` for `MercadoPago`), fillers around it.
    private static func spacesDropped(_ words: [String], _ labels: [[String]]) -> Int? {
        let written = [words.joined(), words.filter { !isFiller($0, besides: labels) }.joined()]
        return only(labels.indices.filter { i in
            let label = labels[i].joined()
            return label.count >= 4 && written.contains(label)
        })
    }

    /// Number words that are also articles (`un postre`, `uma pizza`, `one size`).
    static let articles: Set<String> = ["un", "una", "uno", "um", "uma", "one", "a"]

    /// A question, a refusal, a doubt or more than one choice: words of those kinds that are no
    /// label's own, a question mark (unless a label has one), an emoji of refusal or doubt.
    private static func isNoAnswer(_ answer: String, _ words: [String], choices: [String], labelWords: Set<String>,
                                   locale: FlowLocale) -> Bool {
        let asks: (Unicode.Scalar) -> Bool = { $0 == "?" || $0 == "¿" || $0 == "\u{FF1F}" }
        if answer.unicodeScalars.contains(where: asks), !choices.contains(where: { $0.unicodeScalars.contains(where: asks) }) { return true }
        if answer.unicodeScalars.contains(where: { TextMatch.doubtEmoji.contains($0.value) || [0x274C, 0x1F6AB, 0x2716].contains($0.value) }) {
            return true
        }
        // (`o` and `e` are also Portuguese articles, `o pix`: two choices with them fail later, as
        // unknown words beside a label. In Portuguese `no` is "in the", `pago no pix`; "no" is `não`.)
        let portuguese = locale.language == "pt"
        let refusing = { (w: String) in
            (rejectWords.contains(w) && w != "o" && w != "e" && !(portuguese && w == "no")) || questionWords.contains(w)
        }
        if words.indices.contains(where: { i in
            guard !labelWords.contains(words[i]), refusing(words[i]) else { return false }
            // `sin interés`, `sem juros`: "without" before a word no choice has says how, not which
            // (`sin envío` refuses).
            if ["sin", "sem", "without"].contains(words[i]),
               let next = words[(i + 1)...].first(where: { !fillerWords.contains($0) }), !labelWords.contains(next) {
                return false
            }
            return true
        }) { return true }
        // `do you take cash`, `nem pensar`, `nada de efectivo`: phrases whose words alone may be fillers.
        let phrase = " " + words.joined(separator: " ") + " "
        return rejectPhrases.contains { phrase.contains(" " + $0 + " ") }
    }

    /// The index when there is exactly one.
    private static func only(_ found: [Int]) -> Int? {
        found.count == 1 ? found[0] : nil
    }

    /// Words with digits and letters written together split apart: `1kg` → `1 kg`, `x6` → `x 6`.
    static func splitDigits(_ words: [String]) -> [String] {
        var out: [String] = []
        for word in words {
            var part = ""
            for c in word {
                if let last = part.last, last.isNumber != c.isNumber {
                    out.append(part)
                    part = ""
                }
                part.append(c)
            }
            if !part.isEmpty { out.append(part) }
        }
        return out
    }

    /// The one label whose number is the answer's, by value: the answer is that number (digits
    /// by the locale's separators, or words), and besides it only the label's own other words,
    /// the label's unit or a synonym of it (a count such as `unidades` when the label is a bare
    /// number), and filler or courtesy words. A label with no number or with two is never named so.
    private static func byNumber(_ answer: String, _ choices: [String], locale: FlowLocale) -> Int? {
        // (`dos` is a number here, not Portuguese "of the".)
        let tokens = numberTokens(answer).filter { !isFiller($0) || NumberWords.parse($0) != nil }
        guard !tokens.isEmpty else { return nil }
        let found = choices.indices.filter { i in
            let label = numberTokens(choices[i])
            let numeric = label.indices.filter { label[$0].first?.isNumber == true }
            guard numeric.count == 1, let value = NumberText.parse(label[numeric[0]], locale: locale) else { return false }
            let after = numeric[0] + 1 < label.count ? label[numeric[0] + 1] : nil
            let units: Set<String> = after.map { unit in unitSynonyms.first { $0.contains(unit) } ?? [unit] }
                ?? (label.count == 1 ? countWords : [])
            let own = Set(label.filter { $0.first?.isNumber != true })
            var rest = tokens.filter { !own.contains($0) && !units.contains($0) }
            // A bare number takes the thing counted after it (`3 cuotas`, `tres meses` for `3`).
            // (Not a refusal or a doubt, stretched or not: `3 noo`.)
            if label.count == 1, rest.count >= 2, let last = rest.last, last.count >= 3, last.allSatisfy(\.isLetter),
               NumberWords.parse(last) == nil, !rejectWords.contains(String(last.reduce(into: "") { if $0.last != $1 { $0.append($1) } })) {
                rest.removeLast()
            }
            guard !rest.isEmpty else { return false }
            let n = rest.count == 1 && rest[0].first?.isNumber == true
                ? NumberText.parse(rest[0], locale: locale)
                : rest.allSatisfy({ $0.first?.isNumber != true }) ? NumberWords.parse(rest.joined(separator: " ")) : nil
            return n == value
        }
        return only(found)
    }

    /// Folded runs of digits (with the separators inside them: `1,5`, `1.500`) and runs of
    /// letters; everything else separates them. `1,5kg` → `1,5 kg`, `Pack x6` → `pack x 6`.
    static func numberTokens(_ text: String) -> [String] {
        var out: [String] = []
        var current = ""
        let scalars = Array(TextMatch.fold(text).unicodeScalars)
        for (i, s) in scalars.enumerated() {
            let digit = ("0"..."9").contains(s)
            let separator = (s == "." || s == ",") && current.last?.isNumber == true && i + 1 < scalars.count && ("0"..."9").contains(scalars[i + 1])
            let letter = s.properties.isAlphabetic
            if digit || separator {
                if let last = current.last, !last.isNumber, last != ".", last != "," { out.append(current); current = "" }
                current.unicodeScalars.append(s)
            } else if letter {
                if let last = current.last, last.isNumber { out.append(current); current = "" }
                current.unicodeScalars.append(s)
            } else if !current.isEmpty {
                out.append(current)
                current = ""
            }
        }
        if !current.isEmpty { out.append(current) }
        return out
    }

    /// Units said several ways (folded): a label's unit is matched by any word of its set.
    private static let unitSynonyms: [Set<String>] = [
        ["kg", "kgs", "kilo", "kilos", "kilogramo", "kilogramos", "kilograma", "kilogramas", "kilogram", "kilograms"],
        ["g", "gr", "grs", "gramo", "gramos", "grama", "gramas", "gram", "grams"],
        ["l", "lt", "lts", "litro", "litros", "liter", "liters", "litre", "litres"],
        ["ml", "cc", "mililitro", "mililitros"], ["cm", "cms", "centimetro", "centimetros"],
        ["m", "mt", "mts", "metro", "metros", "meter", "meters"], ["lb", "lbs", "libra", "libras", "pound", "pounds"],
        ["u", "un", "und", "unid", "unidad", "unidades", "unidade", "ud", "uds", "unit", "units"],
    ]

    /// Words of a count after a bare number (`12 unidades` for `12`).
    private static let countWords: Set<String> = ["u", "un", "und", "unid", "unidad", "unidades", "unidade", "ud", "uds", "unit", "units"]

    /// Whether every label is a clothing size (`S`, `M`, `XL`, `P`, `GG`): a number said to them
    /// may be a size (`2`, `4`), never a position.
    private static func isSizes(_ labels: [[String]]) -> Bool {
        labels.allSatisfy { $0.count == 1 && sizeLetters.contains($0[0]) }
    }

    private static let sizeLetters: Set<String> = [
        "xxs", "xs", "s", "m", "l", "xl", "xxl", "xxxl", "p", "pp", "g", "gg", "xg", "xgg", "eg", "u",
    ]

    /// The one label whose words are all in the answer, in order (the longest when one holds the
    /// others: `tarjeta de crédito` over `tarjeta`), with at most four other words, none another
    /// label's.
    private static func inside(_ words: [String], _ labels: [[String]]) -> Int? {
        let found = labels.indices.filter { !labels[$0].isEmpty && TextMatch.containsPhrase(words, labels[$0]) }
        guard let best = found.max(by: { labels[$0].count < labels[$1].count }),
              found.allSatisfy({ $0 == best || labels[$0].count < labels[best].count && TextMatch.containsPhrase(labels[best], labels[$0]) }),
              let start = phraseStart(words, labels[best]) else { return nil }
        let rest = Array(words[..<start] + words[(start + labels[best].count)...])
        // Only known filler and courtesy words besides the label: `iphone 14 usado`, `coca cola
        // light`, `remera roja devolver`, `ya es tarde` name something else, or nothing.
        guard rest.count <= 4, rest.allSatisfy({ isFiller($0, besides: labels) }) else { return nil }
        // `talle M`, `la M`, `M por favor`; not `a la tarde` for `A`.
        if labels[best].joined().count <= 2,
           !rest.allSatisfy({ sizeWords.contains($0) || AnswerWords.courtesy.contains($0) }) { return nil }
        return best
    }

    private static func phraseStart(_ words: [String], _ phrase: [String]) -> Int? {
        guard phrase.count <= words.count else { return nil }
        return (0...(words.count - phrase.count)).first { Array(words[$0..<($0 + phrase.count)]) == phrase }
    }

    /// The one label that has every word of the answer but fillers and courtesy (`envío`,
    /// `tarjeta crédito`, `pago con tarjeta`). A filler alone names nothing (`pago` is not
    /// `Mercado Pago`).
    private static func byWords(_ words: [String], _ labels: [[String]]) -> Int? {
        let content = words.filter { !isFiller($0, besides: labels) }
        guard !content.isEmpty, content.count <= 3, content.contains(where: { $0.count >= 3 }) else { return nil }
        return only(labels.indices.filter { i in content.allSatisfy(labels[i].contains) })
    }

    /// A word that may stand around a choice without changing it: an article or preposition,
    /// a word of choosing or paying, a word about a size, courtesy.
    private static func isFiller(_ word: String) -> Bool {
        fillerWords.contains(word) || choosingWords.contains(word) || sizeWords.contains(word) || AnswerWords.courtesy.contains(word)
    }

    /// `isFiller`, or a word of how a payment is made that none of `labels` has.
    private static func isFiller(_ word: String, besides labels: [[String]]) -> Bool {
        isFiller(word) || paymentWords.contains(word) && !labels.contains(where: { $0.contains(word) })
    }

    /// Words that make the answer a refusal, a doubt or more than one choice.
    static let rejectWords: Set<String> = [
        "no", "not", "nao", "nunca", "never", "ni", "nor", "sin", "sem", "without", "except", "excepto", "salvo", "menos",
        "tampoco", "pero", "but", "mas", "o", "ou", "or", "y", "e", "and", "creo", "acho", "think", "guess", "maybe", "quizas",
        "quiza", "talvez", "tal", "vez", "sei", "se", "sabe", "know", "dont", "cual", "which", "diferencia", "difference",
        "otro", "otra", "outro", "outra", "other", "another", "ninguno", "ninguna", "nenhum", "nenhuma", "none", "neither",
        "ambos", "ambas", "both", "todos", "todas", "all",
        // Negations and refusals as chats write them.
        "nada", "cero", "jamas", "jamais", "nah", "nop", "nope", "nel", "imposible", "impossivel", "impossible", "descartado",
        "descartada", "odio", "odeio", "hate", "nem", "nadie", "ningun",
    ]

    /// Words of a question about the choices (`¿aceptan efectivo?`, `tienen envío`, `hay
    /// descuento`, `cuánto sale`, `aceita pix`): no answer.
    static let questionWords: Set<String> = [
        "aceptan", "aceptas", "acepta", "tienen", "tenes", "tienes", "tiene", "hay", "cuanto", "cuanta", "cuantos", "cuantas",
        "cuesta", "cuestan", "sale", "salen", "precio", "puedo", "pueden", "podes", "aceita", "aceitam", "tem", "quanto",
        "quanta", "custa", "posso", "accept", "accepts", "does", "how", "much",
    ]

    /// Phrases that refuse or ask though their words alone may be fillers (`do` is Portuguese
    /// "of the"): `do you take cash`, `nem pensar`, `se puede`, `can i pay`.
    static let rejectPhrases: [String] = ["do you", "can i", "can you", "se puede", "nem pensar", "nada de", "is there", "are there"]

    /// Articles and prepositions around a choice.
    private static let fillerWords: Set<String> = [
        "el", "la", "lo", "los", "las", "un", "una", "de", "del", "a", "al", "en", "con", "por", "para", "the", "of", "to", "in",
        "with", "by", "on", "um", "uma", "os", "as", "da", "do", "das", "dos", "na", "em", "com", "pra", "pelo", "pela",
        // Portuguese "in the" (`no pix`, `nas parcelas`; in other languages `no` refuses first).
        "no", "nos", "nas",
        // The Portuguese article (`só o banho`); as Spanish "or" it still leaves two labels, or a word no label has.
        "o",
    ]

    /// How and when a payment is made, around its method (`te pago con transferencia bancaria`,
    /// `transferencia al alias`, `efectivo contado`, `efectivo cuando llega`): fillers only when no
    /// label has them (`contado` names `Pago al contado`, `entrega` names `Dinheiro na entrega`).
    private static let paymentWords: Set<String> = [
        "te", "le", "les", "bancaria", "bancario", "alias", "contado", "cuando", "llega", "llegue", "entrega", "via",
    ]

    /// Words of choosing or paying before a choice (`quiero`, `pago con`, `prefiero`).
    private static let choosingWords: Set<String> = [
        "quiero", "quisiera", "prefiero", "elijo", "voy", "pago", "pagar", "pagaria", "pagare", "pagamento", "pagamos", "me",
        "llevo", "dame", "mejor", "quero", "prefiro", "escolho", "vou", "want", "prefer", "choose", "pay", "take", "i", "eu",
        "opcion", "opcao", "option", "forma", "medio", "metodo", "method",
    ]

    /// Words around a one- or two-letter choice (a size: `talle M`, `la M`, `quiero M`).
    private static let sizeWords: Set<String> = [
        "talle", "talla", "tamano", "tamanho", "size", "letra", "opcion", "opcao", "option", "el", "la", "una", "un", "en",
        "de", "quiero", "prefiero", "me", "llevo", "dame", "the", "i", "want", "take", "quero", "eu", "a", "uma", "um",
    ]
}
