/// Words people put around an answer in a chat, shared by the validators: courtesy after it
/// (`17:00 porfa`, `ana@gmail.com gracias`), a lead-in before it (`mi correo es …`,
/// `mi número:` on a line of its own), and the words that make what follows no answer of
/// one's own (`no es …`, `creo que …`, `el de mi mamá es …`).
enum AnswerWords {
    /// Folded words of courtesy that may follow an answer (`por favor`, `porfa`, `gracias`,
    /// `please`, `thank you`, `obrigado`).
    static let courtesy: Set<String> = [
        "por", "favor", "porfa", "porfi", "porfis", "fa", "plis", "pliss", "pls", "plz", "pf", "pfv", "pfvr", "please",
        "gracias", "muchas", "thanks", "thank", "you", "thx", "tks", "obrigado", "obrigada", "muito", "valeu", "vlw",
        "saludos", "slds",
    ]

    /// Whether every folded word is courtesy (true for none).
    static func allCourtesy<S: Sequence>(_ words: S) -> Bool where S.Element == String {
        words.allSatisfy(courtesy.contains)
    }

    /// `words` (folded) without the courtesy words at their end: `mañana por favor` → `mañana`.
    static func droppingTrailingCourtesy(_ words: [String]) -> [String] {
        var words = words
        while let last = words.last, courtesy.contains(last) { words.removeLast() }
        return words
    }

    /// Whether `lead`, the text right before an answer, says "mine is": a few words (letters,
    /// spaces and line breaks, `:` `.` `,` `-`), none a refusal, a guess or someone else's, and
    /// ending in a space, a line break or a colon. `mi número es `, `cel: `, `mi número:\n`,
    /// `mi correo es `; not `no es `, `creo que `, `el de mi mamá es `.
    ///
    /// With `cues`, the last word must be one of them unless the lead ends in a colon or a line
    /// break: so a name before an address (`ana perez@x.com`) is no lead-in.
    static func isLeadIn(_ lead: String, cues: Set<String>? = nil) -> Bool {
        guard let last = lead.unicodeScalars.last, TextMatch.isSpace(last) || last == ":" else { return false }
        let words = TextMatch.words(lead)
        if let cues, let lastWord = words.last, !cues.contains(lastWord) {
            let end = lead.unicodeScalars.last { !TextMatch.isSpace($0) || $0 == "\n" || $0 == "\r" || $0 == "\u{2028}" }
            guard let end, end == ":" || end == "\n" || end == "\r" || end == "\u{2028}" else { return false }
        }
        return !words.isEmpty && words.count <= 8 && !words.contains(where: refusalWords.contains)
            && lead.unicodeScalars.allSatisfy {
                $0.properties.isAlphabetic || TextMatch.isSpace($0) || $0 == ":" || $0 == "." || $0 == "," || $0 == "-"
            }
    }

    /// Words (folded) that make what follows no answer of the contact's own: a refusal, a
    /// guess, an old one or someone else's (`no es …`, `creo que …`, `el de mi mamá …`).
    static let refusalWords: Set<String> = [
        "no", "not", "nao", "nunca", "never", "creo", "acho", "think", "guess", "maybe", "quizas", "quiza", "talvez", "tal", "se",
        "sei", "know", "dont", "sabe", "viejo", "vieja", "anterior", "antes", "old", "previous", "former", "usaba", "era", "was",
        "mama", "papa", "madre", "padre", "hermano", "hermana", "hijo", "hija", "amigo", "amiga", "esposo", "esposa", "marido",
        "mujer", "novio", "novia", "jefe", "jefa", "vecino", "vecina", "mae", "pai", "irmao", "irma", "filho", "filha", "mom",
        "dad", "mother", "father", "brother", "sister", "son", "daughter", "friend", "wife", "husband", "boss", "neighbor",
    ]

    /// Whether `tail`, the text right after an answer, is only courtesy (`gracias`, `, por favor!`):
    /// letters of courtesy words, spaces and sentence punctuation. True for empty text.
    static func isCourtesyTail(_ tail: String) -> Bool {
        tail.unicodeScalars.allSatisfy {
            $0.properties.isAlphabetic || TextMatch.isSpace($0) || ".,;:!?¡¿".unicodeScalars.contains($0)
        } && allCourtesy(TextMatch.words(tail))
    }
}
