/// Words people put around an answer in a chat, shared by the validators: courtesy after it
/// (`17:00 porfa`, `ana@gmail.com gracias`), a lead-in before it (`mi correo es …`,
/// `mi número:` on a line of its own), and the words that make what follows no answer of
/// one's own (`no es …`, `creo que …`, `el de mi mamá es …`).
enum AnswerWords {
    /// Folded words of courtesy that may follow an answer (`por favor`, `porfa`, `gracias`,
    /// `please`, `thank you`, `obrigado`, `chau`, `besos`).
    static let courtesy: Set<String> = [
        "por", "favor", "porfa", "porfi", "porfis", "fa", "xfa", "xfavor", "plis", "pliss", "pls", "plz", "pf", "pfv", "pfvr", "please",
        "gracias", "muchas", "muchisimas", "thanks", "thank", "you", "thx", "tks", "obrigado", "obrigada", "muito", "muitissimo",
        "valeu", "vlw",
        "saludos", "slds",
        // A goodbye after the answer (`sí, chau`) ends the chat the person's way, it does not cancel the answer.
        "chau", "chao", "chaito", "tchau", "adios", "bye", "besos", "beso", "besitos", "beijos", "beijo", "bjs", "bjo",
        "abrazo", "abrazos", "abraco", "abracos",
    ]

    /// Folded thanks whose first word alone says "many" (`muchas gracias`, `muchísimas gracias`,
    /// `muito obrigado`): after a number they are thanks, not a vague amount (`3, muchas gracias`).
    static let manyThanks: Set<[String]> = [
        ["muchas", "gracias"], ["muchisimas", "gracias"], ["muito", "obrigado"], ["muito", "obrigada"],
        ["muitissimo", "obrigado"], ["muitissimo", "obrigada"],
    ]

    /// `text` with an `x` that stands for "por" before `favor` or `fa` written `por`, as chats
    /// shorten `por favor` (`5 x favor`, `mañana x fa`, `sí, X favor`); the text itself otherwise.
    static func withPorSpelledOut(_ text: String) -> String {
        guard text.contains(where: { $0 == "x" || $0 == "X" }) else { return text }
        let chars = Array(text)
        var out = ""
        for i in chars.indices {
            let c = chars[i]
            if c == "x" || c == "X", i == 0 || chars[i - 1].isWhitespace || chars[i - 1] == ",", i + 1 < chars.count, chars[i + 1].isWhitespace {
                let start = chars[(i + 1)...].firstIndex { !$0.isWhitespace } ?? chars.count
                let end = chars[start...].firstIndex { !$0.isLetter } ?? chars.count
                let word = String(chars[start..<end]).lowercased()
                if word == "favor" || word == "fa", end == chars.count || !chars[end].isNumber {
                    out += "por"
                    continue
                }
            }
            out.append(c)
        }
        return out
    }

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

    /// Folded lead-ins of wanting, preferring or settling on a value, said before a number, a
    /// date or a time alike (`quiero 3`, `mejor el viernes`, `prefiero a las 5`, `van a ser 3`,
    /// `pode ser amanhã`, `let's say 3pm`): each is a phrase of words separated by spaces.
    /// Each answer type adds its own (`dame`, `son` before a number; `tipo`, `around` before a
    /// time; `el`, `para` before a date). No doubt is one: `creo que`, `quizás`, `capaz`,
    /// `maybe` and Spanish `puede ser`/`podría ser` ("maybe"; Portuguese `pode ser` is "that
    /// works") leave the answer to be asked again.
    static let preferenceLeads: [[String]] = [
        // Spanish
        "quiero", "yo quiero", "quisiera", "yo quisiera", "queria", "yo queria", "prefiero", "yo prefiero", "preferiria",
        "me gustaria", "mejor", "ponele", "pongamos", "digamos", "van a ser", "serian", "seria",
        // Portuguese
        "quero", "eu quero", "eu queria", "prefiro", "eu prefiro", "gostaria", "eu gostaria", "melhor", "pode ser", "vao ser",
        "seriam",
        // English
        "i want", "i'd like", "i would like", "i prefer", "i'd prefer", "i would prefer", "let's say", "lets say",
    ].map { $0.split(separator: " ").map(String.init) }.sorted { $0.count > $1.count }

    /// `text` after a lead-in of `preferenceLeads` at its start, compared folded word by word
    /// (a comma may follow it): `Quiero 3` → `3`, `mejor, el viernes` → `el viernes`. Nil
    /// without one, or when nothing follows it.
    static func afterPreferenceLead(_ text: String) -> Substring? {
        var pieces: [Range<String.Index>] = []
        var i = text.startIndex
        while pieces.count < 4 {
            while i < text.endIndex, text[i].isWhitespace { i = text.index(after: i) }
            guard i < text.endIndex else { break }
            let start = i
            while i < text.endIndex, !text[i].isWhitespace { i = text.index(after: i) }
            pieces.append(start..<i)
        }
        let folded = pieces.map { TextMatch.fold(String(text[$0])).replacing("\u{2019}", with: "'") }
        for lead in preferenceLeads where lead.count < pieces.count {
            let said = lead.indices.allSatisfy { k in
                folded[k] == lead[k] || k == lead.count - 1 && folded[k] == lead[k] + ","
            }
            if said { return text[pieces[lead.count].lowerBound...] }
        }
        return nil
    }

    /// Whether `lead`, the text right before an answer, says "mine is": a few words (letters,
    /// spaces and line breaks, `:` `.` `,` `-` `!` `¡`: `¡Hola! mi cel es `), every one a word of such a lead-in (`leadWords`)
    /// and none a refusal, a guess or someone else's, ending in a space, a line break or a colon.
    /// `mi número es `, `cel: `, `mi número:\n`, `mi correo es `, `te paso mi mail: `; not
    /// `no es `, `creo que `, `supongo que es `, `el de mi mamá es `, `el de Pedro: `, `Juan\n`,
    /// `mi socio: `, `mandalo a mi contador a ` (a word it does not know is someone else's, a
    /// name, or something else: the answer is asked again).
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
        return !words.isEmpty && words.count <= 8 && words.allSatisfy(leadWords.contains) && !words.contains(where: refusalWords.contains)
            && lead.unicodeScalars.allSatisfy {
                $0.properties.isAlphabetic || TextMatch.isSpace($0) || ":.,-!¡".unicodeScalars.contains($0)
            }
    }

    /// Folded words a lead-in before one's own phone number or address is made of: greetings,
    /// `mi`/`meu`/`my`, what it is (`número`, `cel`, `correo`, `mail`), `es`/`é`/`is`, and ways of
    /// giving it (`te paso`, `anotá`, `ahí va`, `segue`, `here`). Nothing else: no names.
    static let leadWords: Set<String> = [
        // Spanish
        "hola", "buenas", "buen", "buenos", "dia", "dias", "tardes", "noches", "si", "claro", "dale", "ok", "okey", "bueno",
        "listo", "perfecto", "mi", "mis", "es", "seria", "sera", "este", "esta", "aqui", "aca", "ahi", "va", "te", "le", "lo",
        "paso", "dejo", "mando", "envio", "anota", "anote", "toma", "el", "la", "de", "del", "a", "al", "para", "numero",
        "nro", "num", "celular", "cel", "celu", "movil", "telefono", "tel", "fono", "whatsapp", "whats", "wsp", "wpp",
        "watsap", "guasap", "contacto", "correo", "mail", "mails", "email", "emails", "e", "electronico", "direccion",
        "mandalo", "mandamelo", "mandame", "envialo", "enviamelo", "escribime", "escribeme", "personal", "principal", "actual",
        "mio", "mia", "llamame", "llamenme", "escribinos", "llamanos", "fijo", "fija", "linea",
        // Portuguese
        "oi", "ola", "bom", "boa", "sim", "meu", "minha", "o", "do", "da", "segue", "vai", "ai", "telefone", "fone", "zap",
        "contato", "endereco", "eletronico", "pra", "manda", "pode", "anotar", "liga", "chama", "fixo",
        // English
        "hi", "hello", "yes", "sure", "okay", "my", "is", "its", "it", "s", "here", "this", "the", "number", "phone", "cell",
        "mobile", "address", "send", "to", "at", "write", "me", "contact", "you", "can", "reach", "on", "use", "current", "call",
        "text", "landline",
    ]

    /// Words (folded) that make what follows no answer of the contact's own: a refusal, a
    /// guess, an old or lost one, someone else's (`no es …`, `creo que …`, `supongo que …`,
    /// `el de mi mamá …`, `(lo perdí)`). Checked besides `leadWords` and `noteWords`, so that
    /// adding a word to those never lets one of these through.
    static let refusalWords: Set<String> = [
        // Refusals, guesses and doubt.
        "no", "not", "nao", "nunca", "never", "creo", "acho", "think", "guess", "maybe", "quizas", "quiza", "talvez", "tal", "se",
        "sei", "know", "dont", "sabe", "supongo", "suponho", "suppose", "capaz", "probablemente", "provavelmente", "probably",
        "seguro", "menos", "aprox", "aproximadamente", "parece",
        // Old, lost, not working.
        "viejo", "vieja", "anterior", "antes", "old", "previous", "former", "usaba", "era", "was", "antigo", "antiga", "perdi",
        "perdido", "perdida", "baja", "roto", "robado", "robaron", "lost", "stolen",
        // Someone else's: relatives, partners, people.
        "mama", "mami", "papa", "papi", "madre", "padre", "hermano", "hermana", "hijo", "hija", "amigo", "amiga", "esposo",
        "esposa", "marido", "mujer", "novio", "novia", "jefe", "jefa", "vecino", "vecina", "senora", "senor", "pareja", "nene",
        "nena", "nieto", "nieta", "abuelo", "abuela", "tio", "tia", "primo", "prima", "socio", "socia", "contador", "contadora",
        "cunado", "cunada", "suegro", "suegra", "mae", "pai", "irmao", "irma", "filho", "filha", "avo", "namorado",
        "namorada", "mom", "dad", "mother", "father", "brother", "sister", "son", "daughter", "friend", "wife", "husband", "boss",
        "neighbor", "partner", "accountant", "nombre", "nome", "name", "pedir", "preguntar", "llama", "llamar",
    ]

    /// Folded words a note in parentheses after one's own phone number may have: what the
    /// number is for or where (`(whatsapp)`, `(cel)`, `(trabajo)`, `(CABA)`). Nothing else: a
    /// name (`(Juan)`), a relative (`(mami)`), a state (`(lo perdí)`, `(antigo)`) or a doubt
    /// (`(supongo)`) makes the answer no answer.
    static let noteWords: Set<String> = [
        "whatsapp", "whats", "wsp", "wpp", "wa", "watsap", "guasap", "zap", "zapzap", "telegram", "cel", "celu", "celular",
        "movil", "mobile", "cell", "fijo", "casa", "home", "trabajo", "work", "oficina", "office", "laboral", "personal",
        "particular", "principal", "mio", "mia", "meu", "minha", "mine", "mi", "my", "el", "de", "da", "do", "con", "com", "y",
        "e", "and", "solo", "so", "only", "mensajes", "mensagens", "messages", "sms", "llamadas", "ligacoes", "calls", "caba",
        "amba", "gba", "bsas", "cdmx", "sp", "rj", "tambien", "tambem", "also", "actual", "nuevo", "novo", "new",
        // A landline: `(teléfono fijo)`, `(línea fija)`, `(es fijo)`.
        "fija", "fixo", "landline", "linea", "telefono", "tel", "es",
    ]

    /// Whether the words of a note in parentheses after an answer are a note about one's own
    /// (`noteWords`, none in `refusalWords`), at most four.
    static func isOwnNote(_ words: [String]) -> Bool {
        !words.isEmpty && words.count <= 4 && words.allSatisfy(noteWords.contains) && !words.contains(where: refusalWords.contains)
    }

    /// Whether `tail`, the text right after an answer, is only courtesy (`gracias`, `, por favor!`):
    /// letters of courtesy words, spaces and sentence punctuation. True for empty text. A
    /// question mark is not courtesy: `a@x.com??`, `11 5555 1234?` ask, they do not answer.
    static func isCourtesyTail(_ tail: String) -> Bool {
        tail.unicodeScalars.allSatisfy {
            $0.properties.isAlphabetic || TextMatch.isSpace($0) || ".,;:!¡".unicodeScalars.contains($0)
        } && allCourtesy(TextMatch.words(tail))
    }

    /// `text` after the hesitations at its start, as a voice note typed out has them (`eh dos`,
    /// `mmm 2`, `este... 2`, `uh two`); nil without one, or when nothing follows. A hesitation
    /// is a sound, stretched or not (`eh`, `ehh`, `em`, `mmm`, `hmm`, `hum`, `uh`, `um`, `erm`),
    /// never a word of the language: in Portuguese `em` is "in" and `um` "one" (`emm`, `umm`
    /// still are sounds); Spanish `este` only with an ellipsis or a comma after it (`este 15` is
    /// "this 15th").
    static func afterHesitation(_ text: String, locale: FlowLocale) -> Substring? {
        var rest = text[...]
        var found = false
        while true {
            let start = rest.firstIndex { !$0.isWhitespace } ?? rest.endIndex
            let end = rest[start...].firstIndex { $0.isWhitespace } ?? rest.endIndex
            guard start < end, isHesitation(String(rest[start..<end]), locale: locale) else { break }
            rest = rest[end...]
            found = true
        }
        rest = rest.drop { $0.isWhitespace }
        return found && !rest.isEmpty ? rest : nil
    }

    /// Whether `piece`, one word as typed, is a hesitation (see `afterHesitation`).
    private static func isHesitation(_ piece: String, locale: FlowLocale) -> Bool {
        let folded = TextMatch.fold(piece)
        let word = String(folded.reversed().drop { ".,…".contains($0) }.reversed())
        guard !word.isEmpty else { return false }
        let punctuated = word.count < folded.count
        if locale.language == "es", word == "este" { return punctuated }
        // The sound with its letters stretched (`ehhh`, `mmmm`, `ummm`) folded back to one of each.
        var squeezed = ""
        for c in word where squeezed.last != c { squeezed.append(c) }
        let stretched = squeezed.count < word.count
        switch squeezed {
        case "eh", "hm", "hum", "uh", "er", "erm", "ehm": return true
        case "m": return stretched
        case "em", "um": return locale.language != "pt" || stretched
        default: return false
        }
    }
}

extension TextMatch {
    /// A folded text without the courtesy words at its end, and the marks between them
    /// (`menu del dia, muchas gracias 🙏` → `menu del dia,`): what a menu reply names before them.
    public static func droppingTrailingCourtesy(_ folded: String) -> String {
        var text = Substring(folded)
        while true {
            let body = text.reversed().drop { !$0.isLetter && !$0.isNumber }
            let word = body.prefix { $0.isLetter || $0.isNumber }
            guard !word.isEmpty, word.count < body.count, AnswerWords.courtesy.contains(String(word.reversed())) else { return String(text) }
            text = text.prefix(body.count - word.count)
        }
    }
}
