/// Reading a `choice` answer: which of the declared choices it names, or none. An answer that
/// names two choices equally names none (a re-ask is better than a wrong value).
///
/// Tried in order:
/// 1. the whole label (`TextMatch.choiceIndex`: as written, case- and accent-insensitive, by
///    words, with an article before it);
/// 2. the label with a number and its unit written together or apart (`1kg` for `1 kg`);
/// 3. when a label has a number in it, an answer that is a number names the one label with that
///    number (`12 unidades` or `doce` for `12` of `[6, 12, 24]`, `2` for `2 kg`), never a
///    position (`2` of `[6, 12, 24]` is none);
/// 4. what a menu reply accepts (`TextMatch.menuChoice`): the 1-based number, `la segunda`,
///    `dos`, the first words of one label, courtesy around it;
/// 5. one label inside a short answer (`talle M`, `M por favor`, `en efectivo`, `pago en
///    efectivo`), the other words neither a refusal, a doubt, an alternative (`no`, `o`, `y`,
///    `creo`) nor another label's; a label of one or two letters (a size) only with words about
///    it (`talle`, `la`, `quiero`);
/// 6. words of exactly one label (`envío` for `Envío a domicilio`, `crédito` for `Tarjeta de
///    crédito`; not `tarjeta` when there are two cards), with words such as `pago con` around.
enum ChoiceAnswer {
    static func index(_ answer: String, _ choices: [String], locale: FlowLocale) -> Int? {
        if let i = TextMatch.choiceIndex(answer, choices) { return i }
        let words = splitDigits(TextMatch.words(answer))
        guard !words.isEmpty, words.count <= 16 else { return nil }
        let labels = choices.map { splitDigits(TextMatch.words($0)) }
        if let i = only(labels.indices.filter { !labels[$0].isEmpty && labels[$0] == words }) { return i }
        let numbers = choices.map { labelNumbers($0, locale: locale) }
        if numbers.contains(where: { !$0.isEmpty }), !words.contains(where: rejectWords.contains),
           let n = NumberText.parse(answer, locale: locale) ?? NumberWords.parse(answer) ?? NumberAnswer.parse(answer, locale: locale) {
            return only(numbers.indices.filter { numbers[$0].contains(n) })
        }
        if let i = TextMatch.menuChoice(answer, ids: [], labels: choices) { return i }
        return inside(words, labels) ?? byWords(words, labels)
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

    /// The numbers in a label, by the locale's separators: `12` → 12, `1,5 kg` → 1.5 in es-AR,
    /// `Pack x6` → 6, `$1.500` → 1500.
    private static func labelNumbers(_ label: String, locale: FlowLocale) -> [Double] {
        label.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).compactMap { token in
            let digits = token.drop { !$0.isNumber }.reversed().drop { !$0.isNumber }.reversed()
            return digits.isEmpty ? nil : NumberText.parse(String(digits), locale: locale)
        }
    }

    /// The one label whose words are all in the answer, in order (the longest when one holds the
    /// others: `tarjeta de crédito` over `tarjeta`), with at most four other words, none another
    /// label's.
    private static func inside(_ words: [String], _ labels: [[String]]) -> Int? {
        let found = labels.indices.filter { !labels[$0].isEmpty && TextMatch.containsPhrase(words, labels[$0]) }
        guard let best = found.max(by: { labels[$0].count < labels[$1].count }),
              found.allSatisfy({ $0 == best || labels[$0].count < labels[best].count && TextMatch.containsPhrase(labels[best], labels[$0]) }),
              let start = phraseStart(words, labels[best]) else { return nil }
        let rest = Array(words[..<start] + words[(start + labels[best].count)...])
        guard rest.count <= 4, !rest.contains(where: rejectWords.contains) else { return nil }
        let others = Set(labels.indices.filter { $0 != best }.flatMap { labels[$0] }).subtracting(fillerWords)
        guard !rest.contains(where: others.contains) else { return nil }
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
    /// `tarjeta crédito`); then the same without words of paying and choosing (`pago con tarjeta`).
    private static func byWords(_ words: [String], _ labels: [[String]]) -> Int? {
        for drop in [fillerWords, fillerWords.union(choosingWords)] {
            let content = words.filter { !drop.contains($0) && !AnswerWords.courtesy.contains($0) }
            guard !content.isEmpty, content.count <= 3, content.contains(where: { $0.count >= 3 }) else { continue }
            if let i = only(labels.indices.filter { i in content.allSatisfy(labels[i].contains) }) { return i }
        }
        return nil
    }

    /// Words that make the answer a refusal, a doubt or more than one choice.
    static let rejectWords: Set<String> = [
        "no", "not", "nao", "nunca", "never", "ni", "nor", "sin", "sem", "without", "except", "excepto", "salvo", "menos",
        "tampoco", "pero", "but", "mas", "o", "ou", "or", "y", "e", "and", "creo", "acho", "think", "guess", "maybe", "quizas",
        "quiza", "talvez", "tal", "vez", "sei", "se", "sabe", "know", "dont", "cual", "which", "diferencia", "difference",
        "otro", "otra", "outro", "outra", "other", "another", "ninguno", "ninguna", "nenhum", "nenhuma", "none", "neither",
        "ambos", "ambas", "both", "todos", "todas", "all",
    ]

    /// Articles and prepositions around a choice.
    private static let fillerWords: Set<String> = [
        "el", "la", "lo", "los", "las", "un", "una", "de", "del", "a", "al", "en", "con", "por", "para", "the", "of", "to", "in",
        "with", "by", "on", "um", "uma", "os", "as", "da", "do", "das", "dos", "na", "em", "com", "pra", "pelo", "pela",
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
