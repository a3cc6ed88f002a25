/// What a menu reply may say besides an option's label: the word of the question before it
/// (`talla M` to "¿Qué talla?", `color negro` to "¿De qué color?", `en negro`), and a colour
/// said for the other gender (`negra`, `la negra` for `Negro`).
extension TextMatch {
    /// The words of a menu's prompt that a reply may put before an option's label, folded and
    /// joined by spaces: `talla` for "¿Qué talla?", `color` for "¿De qué color?", `tallas talla
    /// disponibles disponible` for "Tallas disponibles:". Only words of letters, three or more,
    /// never one that refuses, doubts, asks or counts (`no`, `otra`, `cual`, `dos`, `segunda`):
    /// such a word before a label changes the answer; nor one that names nothing (`qué`, `para`). The last words of a long prompt only (its
    /// question comes last).
    public static func menuTopic(_ prompt: String) -> String {
        var out: [String] = []
        for word in words(prompt).suffix(40) where word.count >= 3 && word.allSatisfy(\.isLetter) {
            guard !ChoiceAnswer.rejectWords.contains(word), !ChoiceAnswer.questionWords.contains(word), !promptFillers.contains(word),
                  NumberWords.parse(word) == nil, ordinal(word, count: 10) == nil else { continue }
            for form in [word, singular(word)] where !out.contains(form) { out.append(form) }
        }
        return out.suffix(24).joined(separator: " ")
    }

    /// A plural's singular, as a reply says it: `tallas` → `talla`, `colores` → `color`, `talles`
    /// → `talle`; the word itself when it ends in no `s`.
    static func singular(_ word: String) -> String {
        guard word.hasSuffix("s"), word.count > 3 else { return word }
        let stem = word.dropLast(2)
        let vowels: Set<Character> = ["a", "e", "i", "o", "u"]
        if word.hasSuffix("es"), let last = stem.last, "lrndzsyj".contains(last), let before = stem.dropLast().last, vowels.contains(before) {
            return String(stem)
        }
        return String(word.dropLast())
    }

    /// Words of a question that name nothing asked (folded): `qué`, `cómo`, `the`, `para`.
    static let promptFillers: Set<String> = [
        "que", "quien", "quienes", "como", "donde", "cuando", "what", "which", "who", "how", "qual", "quais", "onde", "quando",
        "the", "and", "for", "you", "your", "los", "las", "del", "una", "por", "para", "con", "com", "uma", "das", "nos",
    ]

    /// The option a reply names with words of the question, or of where and which colour, before
    /// its label or id (`talla M`, `talla m porfa`, `en M`, `color negro`, `de color negro`, `en
    /// negro`), or with a colour of the other gender (`negra`, `la negra` for `Negro`). The rest
    /// must be the whole label, never a number (`talla 2` is a size, not the second option), and
    /// a word of the question that is also an option's is no lead (`envío retiro`). Nil otherwise.
    static func topicLedChoice(_ replyWords: [String], ids: [String], labels: [String], topic: String,
                               leading: Set<String> = menuLeading) -> Int? {
        let optionWords = Set(ids.flatMap(words) + labels.flatMap(words))
        let leads = Set(topic.split(separator: " ").map(String.init)).union(placeWords).subtracting(optionWords)
        var rest = replyWords[...]
        var dropped = 0
        while let first = rest.first, rest.count > 1, dropped < 4,
              leads.contains(first) || leading.contains(first) || pluralArticles.contains(first) {
            rest = rest.dropFirst()
            dropped += 1
        }
        while let last = rest.last, rest.count > 1, menuTrailing.contains(last) { rest = rest.dropLast() }
        if rest.count > 1, rest.suffix(2) == ["por", "favor"] { rest = rest.dropLast(2) }
        guard !rest.isEmpty, !rest.contains(where: { $0.allSatisfy(\.isNumber) || NumberWords.parse($0) != nil }) else { return nil }
        let said = Array(rest)
        if dropped > 0 {
            if let i = ids.firstIndex(where: { words($0) == said }) { return i }
            if let i = labels.firstIndex(where: { words($0) == said }) { return i }
        }
        guard said.count == 1, let other = otherGender[said[0]],
              !labels.contains(where: { words($0) == said }), !ids.contains(where: { words($0) == said }) else { return nil }
        let found = labels.indices.filter { words(labels[$0]) == [other] }
        return found.count == 1 ? found[0] : nil
    }

    /// Words of where or which colour before a label: `en M`, `en negro`, `color negro` (after
    /// `de`, a leading word of every menu), `em preto`, `in black`.
    static let placeWords: Set<String> = ["en", "em", "in", "color", "cor", "colour"]

    /// Colours said of a thing of the other gender, both ways (folded): `negra` for `Negro`,
    /// `preto` for `Preta`. Colours only: other words that differ by `o`/`a` are other words
    /// (`plato`, `plata`), and so are shades that are everyday words or names (`claro` is "sure",
    /// Clara a stylist; `oscuro`, `escuro`, `pardo` likewise left out).
    static let otherGender: [String: String] = {
        let masculine = [
            "negro", "blanco", "rojo", "amarillo", "morado", "rosado", "dorado", "plateado",
            "preto", "branco", "vermelho", "amarelo", "roxo", "dourado", "prateado",
        ]
        var table: [String: String] = [:]
        for word in masculine {
            let feminine = String(word.dropLast()) + "a"
            table[word] = feminine
            table[feminine] = word
        }
        return table
    }()
}
