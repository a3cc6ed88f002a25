import Synchronization

/// Reading a `yes_no` answer (see `Validator` for the accepted words).
enum YesNoInput {
    static func parse(_ input: String, locale: FlowLocale) -> Bool? {
        // `ya?`, `ok?`, `¿sí?`, `no?`: a yes or no word asked back is a question, not an answer
        // (in every language, for every word): asked again.
        if input.unicodeScalars.contains(where: { $0 == "?" || $0 == "¿" || $0 == "\u{FF1F}" }) { return nil }
        let words = TextMatch.words(input)
        if words.isEmpty { return emoji(input) }
        guard let answer = wordsAnswer(words, input: input, locale: locale) else { return nil }
        // `sí 👎`, `no 🤷`: an emoji that says otherwise, or doubts, makes it no answer.
        let scalars = input.unicodeScalars.map(\.value)
        if scalars.contains(where: { TextMatch.doubtEmoji.contains($0) && $0 != 0x1F44E }) { return nil }
        if answer, scalars.contains(where: { [0x1F44E, 0x274C, 0x1F6AB].contains($0) }) { return nil }
        // (A 👍 after thanks is courtesy: `no gracias 👍`, `não, obrigado 👍`.)
        let thanked = words.count > 1 && words.dropFirst().contains { thanks.contains($0) }
        if !answer, scalars.contains(where: { [0x2705, 0x1F44C].contains($0) || $0 == 0x1F44D && !thanked }) { return nil }
        return answer
    }

    private static func wordsAnswer(_ words: [String], input: String, locale: FlowLocale) -> Bool? {
        // Folding accents must not make `ñ` (a letter of its own) into the `n` of "no".
        // ("sí, señor" is still yes: only the answer word itself is looked at.)
        if let first = input.split(whereSeparator: { !$0.isLetter }).first, first.contains(where: { $0 == "ñ" || $0 == "Ñ" }) {
            return nil
        }
        let (yes, no) = vocabularies(locale)
        let phrase = words.joined(separator: " ")
        if yes.contains(phrase) { return true }
        if no.contains(phrase) { return false }
        // Letters stretched in chat, `siii`, `noo`, `yesss`: a word that is a yes or a no word
        // once each run of one letter is one letter.
        if words.count == 1 {
            let squeezed = squeeze(words[0])
            // (Not down to one letter: `kkk` is laughter, not `k`.)
            if squeezed != words[0], squeezed.count > 1 {
                if yes.contains(where: { squeeze($0) == squeezed }) { return true }
                if no.contains(where: { squeeze($0) == squeezed }) { return false }
            }
        }
        // "sí, claro", "no gracias", "yes please": a yes/no word, then only courtesy words.
        guard words.count > 1 else { return nil }
        var words = words
        // `nooo gracias`, `siii claro`: the first word stretched.
        let first = squeeze(words[0])
        if first != words[0], first.count > 1, let plain = yes.first(where: { !$0.contains(" ") && squeeze($0) == first })
            ?? no.first(where: { !$0.contains(" ") && squeeze($0) == first }) {
            words[0] = plain
        }
        let rest = words.dropFirst()
        // `sí, por supuesto`, `no, para nada`: a yes or no word, then a phrase that says the same.
        let restPhrase = rest.joined(separator: " ")
        // `no, eso es todo`, `não, só isso`, `no gracias, así está bien`, `nah I'm good`: a yes or no
        // word, then a phrase that closes the matter (with courtesy anywhere around it).
        let closing = rest.filter { !AnswerWords.courtesy.contains($0) }.joined(separator: " ")
        // (`no es todo`, `não é só isso`, `no solo eso`: without a comma after the no, "it is not all".)
        let closes = closings.contains(closing) || commaClosings.contains(closing) && Self.pauseAfterFirstWord(input)
        if yes.contains(words[0]), closes || yes.contains(restPhrase) || rest.allSatisfy({ yes.contains($0) || courtesy.contains($0) }) { return true }
        if no.contains(words[0]), closes || no.contains(restPhrase) || rest.allSatisfy({ no.contains($0) || courtesy.contains($0) }) { return false }
        return nil
    }

    /// Closing phrases that close the matter only set apart from the yes or no (`no, solo eso`;
    /// `no solo eso` is "not only that").
    private static let commaClosings: Set<String> = Set([
        "es todo", "solo eso", "so isso", "e so", "e so isso", "e isso", "so", "so isso mesmo", "eso solo",
    ].map { TextMatch.words($0).joined(separator: " ") })

    /// Whether the first word is followed by a pause: `,`, `.`, `;`, `!`, `-` or a line break.
    private static func pauseAfterFirstWord(_ input: String) -> Bool {
        let rest = TextMatch.trim(input).drop { $0.isLetter }.drop { $0 == " " }
        guard let mark = rest.first else { return false }
        return mark.isNewline || ",.;!-…".contains(mark)
    }

    /// Folded phrases that close the matter after a yes or a no, saying nothing of their own:
    /// `eso es todo`, `nada más`, `así está bien`, `só isso`, `that's all`, `I'm good`.
    private static let closings: Set<String> = Set([
        // Spanish
        "eso es todo", "eso seria todo", "seria todo", "nada mas", "nada mas por ahora",
        "eso nomas", "nomas eso", "nomas", "asi esta bien", "asi esta perfecto", "asi nomas", "esta bien asi", "asi", "con eso",
        "con eso basta", "con eso alcanza", "con eso esta bien", "ya esta", "todo bien", "estoy bien", "ya fue", "listo",
        // Portuguese
        "ta bom assim", "assim ta bom", "ta otimo", "tudo certo",
        "nada mais", "tudo bem", "estou bem", "to bem",
        // English
        "that s it", "that s all", "that is all", "that is it", "that will be all", "i m good", "i am good", "i m fine",
        "i m ok", "all good", "nothing else", "i m all set", "all set", "that s everything", "we re good",
    ].map { TextMatch.words($0).joined(separator: " ") })

    /// A locale's folded yes and no words, folded once per locale (by id; a locale whose word
    /// lists differ from the cached ones is folded again).
    private static func vocabularies(_ locale: FlowLocale) -> (yes: Set<String>, no: Set<String>) {
        if let hit = cache.withLock({ $0[locale.id] }), hit.yesWords == locale.yesWords, hit.noWords == locale.noWords {
            return (hit.yes, hit.no)
        }
        let entry = Vocabulary(yesWords: locale.yesWords, noWords: locale.noWords,
                               yes: vocabulary(locale.yesWords, universalYes), no: vocabulary(locale.noWords, universalNo))
        cache.withLock { $0[locale.id] = entry }
        return (entry.yes, entry.no)
    }

    private struct Vocabulary: Sendable {
        var yesWords: [String], noWords: [String]
        var yes: Set<String>, no: Set<String>
    }

    private static let cache = Mutex<[String: Vocabulary]>([:])

    private static func vocabulary(_ words: [String], _ universal: Set<String>) -> Set<String> {
        var set = universal
        for w in words { set.insert(TextMatch.words(w).joined(separator: " ")) }
        return set
    }

    /// The word with each run of one letter as one letter: `siii` → `si`, `correcto` → `corecto`.
    static func squeeze(_ word: String) -> String {
        var out = ""
        for c in word where c != out.last { out.append(c) }
        return out
    }

    private static func emoji(_ input: String) -> Bool? {
        // Skin tones and the emoji variation selector do not change the answer.
        let bare = String(String.UnicodeScalarView(TextMatch.trim(input).unicodeScalars.filter {
            !(0x1F3FB...0x1F3FF).contains($0.value) && $0.value != 0xFE0F
        }))
        // `👍👍`, `👍 👍`: the same emoji said again.
        let marks = bare.filter { !$0.isWhitespace }
        guard let mark = marks.first, marks.allSatisfy({ $0 == mark }) else { return nil }
        if ["👍", "👌", "✅", "✔", "☑"].contains(String(mark)) { return true }
        if ["👎", "❌", "✖", "🚫"].contains(String(mark)) { return false }
        return nil
    }

    /// Understood in every locale: the spec's core set (`sí/si/s/yes/y/no/n`), so a Spanish
    /// speaker answering an English bot (or the reverse) is understood.
    // A customer may answer in a neighbour's language: a Brazilian `sim` to an Argentine bot.
    private static let universalYes: Set<String> = ["yes", "y", "ok", "okay", "si", "s", "sim"]
    private static let universalNo: Set<String> = ["no", "n", "nao"]
    /// Words of thanks, after which a 👍 is courtesy.
    private static let thanks: Set<String> = ["gracias", "thanks", "thank", "thx", "tks", "obrigado", "obrigada", "valeu", "vlw"]
    private static let courtesy: Set<String> = AnswerWords.courtesy.union([
        "senor", "senora", "senhor", "senhora", "sir", "madam", "maam", "senorita", "joven",
        // The answer's verb said again: `sí quiero`, `no quiero`, `sim quero`, `yes I do`.
        "quiero", "quero", "want", "i", "do", "acepto", "aceito", "confirmo", "confirm", "deseo", "desejo",
    ])
}
