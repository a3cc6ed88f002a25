/// A keyword said, or said and negated (`no quiero cancelar`): interrupts fire only on the former.
extension TextMatch {
    /// Whether `phrase` (folded words, as `words(_:)` gives them) is said in `text` and not
    /// negated there: some occurrence of it has no negation before it in its clause with only
    /// words of wanting, going or talking between (`no quiero cancelar`, `no, no cancelar`, `sin
    /// cancelar`, `não quero cancelar`, `don't stop` negate it; `quiero cancelar`, `cancelar
    /// todo`, `no, cancelar` and `no me llegó quiero cancelar` say it). A clause ends at
    /// punctuation. A phrase found only across punctuation (a keyword with a comma in it) is said.
    public static func saysPhrase(_ text: String, _ phrase: [String]) -> Bool {
        guard !phrase.isEmpty else { return false }
        var found = false
        for clause in text.split(whereSeparator: { ",.;:!?¡¿…()\n\r".contains($0) }) {
            let clauseWords = words(String(clause))
            guard phrase.count <= clauseWords.count else { continue }
            for start in 0...(clauseWords.count - phrase.count) where clauseWords[start..<(start + phrase.count)].elementsEqual(phrase) {
                if !negated(clauseWords[..<start]) { return true }
                found = true
            }
        }
        return !found && containsPhrase(words(text), phrase)
    }

    /// Whether the words before a phrase in its clause end in a negation, with at most four
    /// `negationBridges` after it.
    private static func negated(_ before: ArraySlice<String>) -> Bool {
        var i = before.endIndex
        var bridges = 0
        while i > before.startIndex {
            i -= 1
            let word = before[i]
            if negations.contains(word) { return true }
            // `no puedo cancelar`: who cannot, wants to (`no puedo hablar con un agente ahora` is a no).
            if word == "puedo", i == before.endIndex - 1 { return false }
            // `don't`, `doesn’t`, `won't`: the apostrophe splits the word.
            if word == "t", i > before.startIndex, ["don", "doesn", "didn", "won"].contains(before[i - 1]) { return true }
            guard bridges < 4, negationBridges.contains(word) else { return false }
            bridges += 1
        }
        return false
    }

    /// Folded words that negate what follows them in a clause.
    static let negations: Set<String> = [
        "no", "nunca", "jamas", "sin", "ni", "tampoco", "nao", "nem", "sem", "jamais", "not", "never", "without", "nor", "dont",
        "doesnt", "didnt", "wont",
    ]

    /// Folded words that may stand between a negation and what it negates: wanting, needing,
    /// going, talking, pronouns and articles (`no quiero hablar con un agente`, `não vou cancelar`,
    /// `I don't want to cancel`). Not being able to do it (`no puedo cancelar`, `puedo` just before
    /// the keyword) is wanting to: the keyword stands.
    static let negationBridges: Set<String> = [
        // Spanish
        "quiero", "queremos", "quiere", "quisiera", "queria", "necesito", "necesitamos", "voy", "vamos", "va", "a", "al", "que",
        "lo", "la", "los", "las", "le", "me", "te", "se", "nos", "es", "hace", "falta", "hay", "con", "un", "una", "el", "hablar",
        "pasar", "puedo", "podes", "puedes", "ahora", "todavia", "aun", "yo",
        // Portuguese
        "quero", "precisa", "preciso", "vou", "vai", "o", "os", "as", "com", "um", "uma", "falar", "agora", "ainda", "eu",
        "pra", "para",
        // English
        "want", "wanna", "to", "need", "i", "it", "do", "does", "an", "the", "with", "talk", "speak", "yet", "can", "will",
        "going", "gonna", "we",
    ]
}
