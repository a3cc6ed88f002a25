import Testing
@testable import FlowValidation

@Suite("yes/no answers")
struct YesNoTests {
    static let answers: [(locale: String, input: String, answer: Bool?)] = [
        ("es-AR", "sí", true), ("es-AR", "si", true), ("es-AR", "SI", true), ("es-AR", "Sí!", true), ("es-AR", "s", true),
        ("es-AR", "claro", true), ("es-AR", "dale", true), ("es-AR", "ok", true), ("es-AR", "Ok.", true),
        ("es-AR", "de acuerdo", true), ("es-AR", "sí, claro", true), ("es-AR", "si por favor", true), ("es-AR", "si si", true),
        ("es-AR", "yes", true), ("es-AR", "y", true), ("es-AR", "👍", true), ("es-AR", "👍🏽", true),
        ("es-AR", "no", false), ("es-AR", "NO", false), ("es-AR", "n", false), ("es-AR", "nop", false), ("es-AR", "jamás", false), ("es-AR", "Jamas", false), ("pt-BR", "jamais", false),
        ("es-AR", "no, gracias", false), ("es-AR", "si, chau", true), ("es-AR", "sí, besos", true), ("pt-BR", "sim, tchau", true),
        ("es-AR", "no, chau", false), ("es-AR", "no no", false), ("es-AR", "👎", false),
        ("es-AR", "quizás", nil), ("es-AR", "sí pero no", nil), ("es-AR", "sim", true), ("es-AR", "não", false), ("es-AR", "yeah", true),
        ("es-AR", "de una", true), ("es-AR", "De una!", true), ("es-AR", "nah", false), ("es-AR", "ni ahí", false),
        ("es-AR", "ñ", nil), ("es-AR", "Ñ", nil), ("es-AR", "ño", nil), ("es-AR", "sí, señor", true), ("es-AR", "no, señora", false),
        ("es-AR", "", nil), ("es-AR", "nose", nil),
        ("es-AR", "no lo necesito", false), ("es-AR", "no me interesa", false), ("es-AR", "cómo no", true), ("es-AR", "nooo gracias", false),
        ("es-AR", "siii claro", true), ("es-AR", "nono", false), ("es-AR", "👍👍", true), ("es-AR", "👍 👍", true), ("es-AR", "👍👎", nil),
        ("es-AR", "seguro que sí", true), ("pt-BR", "não me interessa", false), ("en-US", "not interested", false),
        // Said across Latin America: `vale`, `sin problema`, `joya`; `ni en pedo`, `ni de broma`, a hedged no.
        ("es-CO", "vale", true), ("es-MX", "Vale!", true), ("es-AR", "sin problema", true), ("es-AR", "joya", true), ("es-MX", "ajá", true),
        ("es-AR", "ni en pedo", false), ("es-MX", "ni de broma", false), ("es-MX", "ni madres", false), ("es-AR", "ni en sueños", false),
        ("es-AR", "creo que no", nil), ("es-AR", "no creo que no", nil), ("es-AR", "no creo", false), ("en-US", "I don't think so", false), ("en-US", "hell no", false),
        ("es-CO", "nada", false), ("es-AR", "creo que sí", nil), ("es-AR", "sin problema no", nil),
        // A yes with the verb that confirms: `yes, book it`, `sí, confírmalo`, `sim, pode confirmar`, `go ahead`.
        ("en-US", "yes, book it", true), ("en-US", "go ahead", true), ("en-US", "yes book it", true), ("es-MX", "sí, confírmalo", true),
        ("es-MX", "sí, agéndala", true), ("pt-BR", "sim, pode confirmar", true), ("en-US", "no, book it", nil), ("es-AR", "no, confirmalo", nil),
        // Spanish in an English bot (Miami), Colombia's `sisas`.
        ("en-US", "claro", true), ("en-US", "si claro", true), ("en-US", "correcto", true), ("en-US", "no gracias", false),
        ("es-CO", "sisas", true), ("es-CO", "nonas", false), ("es-AR", "sisas", nil), ("es-CO", "hágale", true),
        ("es-CL", "no po", false), ("es-PE", "ya pe", true), ("es-PE", "no pe", false), ("es-UY", "ta", true), ("es-ES", "qué va", false),
        ("es-MX", "nel pastel", false), ("es-MX", "sí señorita", true), ("pt-BR", "quero sim", true), ("pt-BR", "isso mesmo", true),
        ("pt-BR", "não quero", false), ("en-US", "not really", false), ("en-US", "that's right", true), ("es-AR", "sí mate", nil),
        // A yes or a no, then a phrase that closes the matter ("¿Algo más?" "no, eso es todo").
        ("es-PE", "no, eso es todo", false), ("es-PE", "no, nada más", false), ("es-PE", "no nada mas gracias", false),
        ("es-PE", "no, solo eso", false), ("es-PE", "no gracias, así está bien", false), ("es-PE", "ya pues", true),
        // Chat spellings: `ss`, `nn` and `sisi` in Brazil, `yep` in Spanish, `x favor` for `por favor`.
        ("pt-BR", "ss", true), ("pt-BR", "nn", false), ("pt-BR", "sisi", true), ("pt-BR", "ss obrigado", true), ("es-AR", "yep", true),
        ("es-AR", "sí x favor", true), ("es-AR", "si xfa", true), ("es-AR", "no x fa", false), ("pt-BR", "sss", nil),
        ("es-AR", "sí, eso es todo", true), ("pt-BR", "não, só isso", false), ("pt-BR", "nao, é só", false),
        ("en-US", "no that's it", false), ("en-US", "no, that's all", false), ("en-US", "nah i'm good", false),
        ("en-US", "that's it", nil), ("en-US", "i'm good", nil), ("es-AR", "eso es todo", nil), ("es-AR", "no, eso es todo no", nil),
        ("es-AR", "sí, nada más que eso", nil),
        // A hesitation before the yes or the no; a 👍 after thanks is courtesy.
        ("es-AR", "eh sí", true), ("es-AR", "mmm no", false), ("es-AR", "este... sí", true), ("en-US", "uh yes", true),
        ("pt-BR", "hmm não", false), ("es-AR", "mmm", nil), ("es-AR", "eh quizás", nil), ("es-AR", "mmm no sé", nil),
        ("es-AR", "no gracias 👍", false), ("pt-BR", "não, obrigado 👍", false), ("en-US", "no thanks 👍", false),
        ("es-AR", "no 👍", nil), ("es-AR", "no por favor 👍", nil), ("es-AR", "no gracias ✅", nil),
        // Without a pause after the no, "it is not all" (there is more): no answer.
        ("es-AR", "no es todo", nil), ("pt-BR", "não é só isso", nil), ("pt-BR", "não só isso", nil), ("es-AR", "no solo eso", nil),
        ("pt-BR", "não. é só isso", false), ("es-AR", "no - solo eso", false), ("en-US", "kkk", nil),
        // Words of agreement people use.
        ("es-AR", "genial", true), ("es-AR", "re sí", true), ("pt-BR", "exato", true), ("pt-BR", "confirmado", true),
        ("pt-BR", "show", true), ("en-US", "k", true), ("en-US", "kk", true), ("es-AR", "k", nil), ("pt-BR", "kkk", nil), ("en-US", "kkkk", nil),
        // Plain words of yes people type: `lógico`, `obviamente`; `correto`, `afirmativo`, `óbvio`; `nem a pau` is a no.
        ("es-AR", "Lógico!", true), ("es-AR", "obviamente", true), ("es-ES", "desde luego", true), ("pt-BR", "correto", true),
        ("pt-BR", "afirmativo", true), ("pt-BR", "óbvio", true), ("pt-BR", "lógico", true), ("pt-BR", "obviamente", true),
        ("pt-BR", "nem a pau", false), ("pt-BR", "correto?", nil), ("es-AR", "lógico?", nil), ("pt-BR", "sem problemas", nil),
        // Letters stretched in chat.
        ("es-AR", "sii", true), ("es-AR", "Siiii!", true), ("es-AR", "noo", false), ("es-AR", "nooo", false),
        ("es-AR", "daleee", true), ("en-US", "yesss", true), ("en-US", "nooope", false), ("es-AR", "noose", nil),
        ("es-MX", "sí", true), ("es-MX", "no", false), ("es-ES", "vale", true), ("es-AR", "vale", true),
        ("pt-BR", "sim", true), ("pt-BR", "Sim!", true), ("pt-BR", "s", true), ("pt-BR", "claro", true),
        ("pt-BR", "com certeza", true), ("pt-BR", "tá bom", true), ("pt-BR", "yes", true),
        ("pt-BR", "não", false), ("pt-BR", "nao", false), ("pt-BR", "n", false), ("pt-BR", "não, obrigado", false),
        ("pt-BR", "no", false), ("pt-BR", "si", true), ("pt-BR", "talvez", nil),
        ("pt-BR", "claro que sim", true), ("pt-BR", "fechado", true), ("pt-BR", "Pode sim!", true), ("es-MX", "órale", true),
        ("es-AR", "claro que sí", true), ("pt-BR", "claro que não", false), ("es-AR", "claro que no", false), ("es-AR", "sí quiero", true),
        ("es-AR", "no quiero", false), ("es-AR", "está bien", true), ("es-AR", "no hay problema", true), ("es-MX", "obvio que no", false),
        ("en-US", "yes I do", true), ("pt-BR", "não quero", false), ("es-AR", "quiero", nil),
        ("es-AR", "sí, por supuesto", true), ("es-AR", "no, para nada", false), ("en-US", "absolutely not", false), ("en-US", "not at all", false),
        ("pt-BR", "com certeza não", false), ("es-AR", "sí 👎", nil), ("es-AR", "sí 🤷", nil), ("es-AR", "no 👍", nil), ("es-AR", "sí 👍", true),
        ("en-US", "yes", true), ("en-US", "Y", true), ("en-US", "yeah", true), ("en-US", "yep", true),
        ("en-US", "sure", true), ("en-US", "OK", true), ("en-US", "yes please", true),
        ("en-US", "no", false), ("en-US", "N", false), ("en-US", "nope", false), ("en-US", "nah", false),
        ("en-US", "no thanks", false), ("en-US", "s", true), ("en-US", "sí", true), ("en-US", "si", true), ("en-US", "maybe", nil),
        ("en-GB", "yes", true), ("en-GB", "no", false),
        // Courtesy as chats write it; a no that is "not now"; short yeses of the region.
        ("es-AR", "si por fa", true), ("es-AR", "sí porfa", true), ("es-AR", "sí porfis", true), ("es-AR", "si plis", true),
        ("es-AR", "no, por ahora no", false), ("es-AR", "no por el momento", false), ("es-AR", "mejor no", false),
        ("es-AR", "todavía no", false), ("es-AR", "ahora no", false), ("es-MX", "aún no", false), ("pt-BR", "agora não", false),
        ("pt-BR", "ainda não", false), ("en-US", "not now", false), ("en-US", "not yet", false),
        ("es-AR", "oki", true), ("es-AR", "okis", true), ("es-MX", "yeah", true), ("es-CL", "ya", true), ("es-PE", "ya", true),
        ("es-CL", "ya po", true), ("es-ES", "venga", true), ("pt-BR", "tá", true), ("pt-BR", "ta", true), ("pt-BR", "oki", true),
        // Still no answer: a yes with a no after it, `ya` where it means "already", other words.
        ("es-CL", "ya no", nil), ("es-AR", "ya", nil), ("es-AR", "venga", nil), ("es-AR", "tá", nil), ("es-AR", "mejor sí pero no", nil),
        ("es-AR", "sí porfa no", nil), ("es-AR", "ahora", nil), ("es-AR", "todavía", nil), ("es-AR", "por ahora", nil),
        ("es-AR", "no sé por ahora", nil), ("es-AR", "si fa no", nil),
        // A question mark makes a question of any yes or no word, in every language.
        ("es-CL", "ya?", nil), ("es-PE", "ya?", nil), ("es-ES", "venga?", nil), ("pt-BR", "tá?", nil), ("pt-BR", "ta?", nil),
        ("es-AR", "ok?", nil), ("en-US", "ok?", nil), ("es-AR", "¿sí?", nil), ("es-AR", "si?", nil), ("es-AR", "no?", nil),
        ("en-US", "yes?", nil), ("pt-BR", "sim?", nil), ("es-AR", "ok ?", nil), ("es-AR", "ok? 👍", nil), ("es-AR", "sí, por favor?", nil),
        ("es-AR", "👍?", nil), ("es-CL", "ya!", true), ("es-AR", "ok!", true),
        // "Not needed" is a no; "no problem" a yes; regional and English yeses.
        ("es-AR", "no hace falta", false), ("es-MX", "no es necesario", false), ("pt-BR", "não precisa", false), ("pt-BR", "nem pensar", false),
        ("es-AR", "nops", false), ("pt-BR", "nops", false), ("es-AR", "sin problemas", nil),
        ("es-CL", "sipo", true), ("es-AR", "sipo", nil), ("en-US", "definitely", true), ("en-US", "yes sir", true), ("en-US", "yea", true),
        ("es-AR", "no hace falta?", nil),
    ]

    @Test("yes/no by locale", arguments: answers)
    func answer(_ c: (locale: String, input: String, answer: Bool?)) {
        let result = check(c.input, ValidationRule(kind: .yesNo), locale(c.locale))
        if let expected = c.answer {
            #expect(result.value == .bool(expected), "\(c.locale) \(c.input)")
        } else {
            #expect(result.reason == .notAllowed, "\(c.locale) \(c.input)")
        }
    }

    @Test("a locale's words are folded once, and a locale with other words under the same id gets its own")
    func vocabularyPerLocaleWords() {
        let standard = FlowLocale.esAR
        #expect(YesNoInput.parse("copado", locale: standard) == nil)
        var custom = standard
        custom.yesWords.append("Copado")
        custom.noWords.append("Ni ahí nomás")
        #expect(YesNoInput.parse("copado", locale: custom) == true)
        #expect(YesNoInput.parse("ni ahi nomas", locale: custom) == false)
        // The standard locale's cached words are not the custom ones, in either order.
        #expect(YesNoInput.parse("copado", locale: standard) == nil)
        #expect(YesNoInput.parse("copado", locale: custom) == true)
    }
}
