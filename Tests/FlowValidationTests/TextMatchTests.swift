import Testing
@testable import FlowValidation

@Suite("text matching")
struct TextMatchTests {
    static let folded: [(String, String)] = [
        ("Pedído", "pedido"), ("  ¿Pedído   YA? ", "¿pedido ya?"), ("ÑANDÚ", "nandu"), ("Ação", "acao"),
        ("pingüino", "pinguino"), ("Straße", "strasse"), ("Æsir Œuvre", "aesir oeuvre"), ("Łódź", "lodz"),
        ("e\u{0301}", "e"), ("line\nbreak\ttab", "line break tab"), ("", ""), ("1º", "1o"), ("👋 Hola", "👋 hola"), ("3️⃣", "3"), ("👍🏽 ok", "👍 ok"),
        ("CAFÉ\u{00A0}con\u{2003}leche", "cafe con leche"),
    ]

    @Test("fold", arguments: folded)
    func fold(_ c: (String, String)) {
        #expect(TextMatch.fold(c.0) == c.1)
    }

    @Test("words")
    func words() {
        #expect(TextMatch.words("¡Quiero 2 pedídos!") == ["quiero", "2", "pedidos"])
        #expect(TextMatch.words("🍕 pizza—grande…") == ["pizza", "grande"])
        #expect(TextMatch.words("👋") == [])
    }

    static let keywords: [(text: String, keyword: String, match: Bool)] = [
        ("quiero hacer un Pedído!", "pedido", true), ("pedidos", "pedido", false), ("PEDIDO", "pedido", true),
        ("un pedido, por favor", "pedido", true), ("¿pedido?", "pedido", true), ("hacerpedido", "pedido", false),
        ("Quiero hablar con un humano", "humano", true), ("hablar con un agente ya", "agente", true),
        ("quiero cancelar todo", "cancelar", true), ("cancelaron", "cancelar", false),
        ("volver al menú", "menu", true), ("menú", "menu", true), ("mensaje", "menu", false),
        ("hablar con un asesor", "hablar con", true), ("hablar, con", "hablar con", true), ("con hablar", "hablar con", false),
        ("quiero comprar ya", "Comprar", true), ("comprá", "comprar", false), ("stop!", "STOP", true),
        ("hola 👋", "👋", true), ("hola", "👋", false), ("", "pedido", false), ("pedido", "", false),
        ("Atención al cliente", "atencion", true), ("ação", "acao", true), ("2 kg", "2", true),
        ("👍🏽", "👍", true), ("ok 👍🏻 gracias", "👍", true), ("👍", "👍🏿", true), ("👎🏽", "👍", false),
    ]

    @Test("containsKeyword", arguments: keywords)
    func keyword(_ c: (text: String, keyword: String, match: Bool)) {
        #expect(TextMatch.containsKeyword(c.text, c.keyword) == c.match, "\(c.text) ~ \(c.keyword)")
    }

    static let ids = ["s", "m", "l"]
    static let labels = ["Chico", "Mediano", "🍕 Grande!"]

    static let menu: [(reply: String, index: Int?)] = [
        ("1", 0), ("2", 1), ("3", 2), (" 2 ", 1), ("2.", 1), ("2)", 1), ("#2", 1), ("2️⃣", 1),
        ("4", nil), ("0", nil), ("- 1", 0), ("-1", nil), ("-2", nil), ("−1", nil), ("22", nil), ("1️⃣", 0),
        ("s", 0), ("m", 1), ("L", 2), ("chico", 0), ("CHICO", 0), ("Mediano", 1), ("mediano!", 1), ("médiano", 1),
        ("grande", 2), ("🍕 Grande!", 2), ("Grande 🍕", 2), ("2. Mediano", 1), ("1 - Chico", 0), ("3) Grande", 2),
        ("2. Chico", nil), ("medianos", 1), ("", nil), ("👍", nil), ("xl", nil),
        // What people wrap an answer in, tried when nothing matched as written.
        ("el mediano", 1), ("opción 2", 1), ("la 2", 1), ("dos", 1), ("la segunda", 1), ("Tercero", 2), ("mediano por favor", 1),
        ("quiero el grande", 2), ("chico gracias", 0), ("cuatro", nil), ("opción", nil), ("la", nil), ("no quiero el grande", nil),
        ("el mediano o el chico", nil), ("los dos", nil), ("las dos", nil), ("the two", nil),
    ]

    @Test("an ordinal with `one` or `option` after it, written with digits, or the last; an English `the X one`",
          arguments: [("the second one", 1), ("second one", 1), ("2nd", 1), ("the 2nd", 1), ("the last one", 2), ("el último", 2),
                      ("la segunda opción", 1), ("a segunda opção", 1), ("the second option", 1), ("3rd", 2), ("the blue one", 2),
                      ("blue one", 2), ("the two", nil), ("one", 0), ("1a", nil), ("2o", nil)])
    func ordinalPhrases(_ c: (reply: String, index: Int?)) {
        #expect(TextMatch.menuChoice(c.reply, ids: ["r", "g", "b"], labels: ["Red", "Green", "Blue"]) == c.index, "\(c.reply)")
    }

    @Test("an article (`an`, `la de`) before an option's label",
          arguments: [("an SUV", 1), ("An SUV", 1), ("a minivan", 2), ("la de lujo", 3), ("de lujo", 3),
                      ("del compacto", 0), ("an", nil)])
    func articlesBeforeALabel(_ c: (reply: String, index: Int?)) {
        #expect(TextMatch.menuChoice(c.reply, ids: ["c", "s", "m", "l"], labels: ["Compacto", "SUV", "Minivan", "Lujo"]) == c.index, "\(c.reply)")
    }

    @Test("a plural article before a label's words; before a number or ordinal it still means both, never a position",
          arguments: [("los jeans", 1), ("las ofertas", 3), ("los vestidos", 2), ("unos jeans", 1), ("unas camisas", 0),
                      ("quiero los jeans", 1), ("las ofertas por favor", 3), ("os jeans", 1), ("as camisas", 0), ("the jeans", 1),
                      ("los dos", nil), ("las dos", nil), ("las 2", nil), ("unos 3", nil), ("os dois", nil), ("as duas", nil),
                      ("the two", nil), ("los segundos", nil), ("las segunda", nil), ("quiero los dos", nil), ("los", nil)])
    func pluralArticlesBeforeALabel(_ c: (reply: String, index: Int?)) {
        let labels = ["👕 Camisas", "👖 Jeans", "👗 Vestidos y faldas", "🔥 Ofertas -30%"]
        #expect(TextMatch.menuChoice(c.reply, ids: ["camisas", "jeans", "vestidos", "ofertas"], labels: labels) == c.index, "\(c.reply)")
    }

    @Test("ordinals pick an option of a long menu, in Spanish, Portuguese and English",
          arguments: [("la cuarta", 3), ("a quarta", 3), ("o quarto", 3), ("sétima", 6), ("a oitava", 7), ("a nona", 8),
                      ("la novena", 8), ("the eighth", 7), ("a décima", 9), ("a segunda", 1)])
    func longMenuOrdinals(_ c: (reply: String, index: Int)) {
        let labels = (1...12).map { "Pizza \($0)" }
        #expect(TextMatch.menuChoice(c.reply, ids: labels.map { $0.lowercased() }, labels: labels) == c.index, "\(c.reply)")
    }

    @Test("the first words of one label pick it (prices and notes in labels); of several, none",
          arguments: [("grande", 2), ("Grande por favor", 2), ("a pequena", 0), ("pizza", nil), ("pizza media", 1),
                      ("quero a pizza media", 1), ("media", nil), ("grande r$", 2), ("gigante", nil), ("50,00", nil)])
    func labelPrefixes(_ c: (reply: String, index: Int?)) {
        #expect(TextMatch.menuChoice("opción 5", ids: ["a", "b", "c"], labels: ["5 kg", "10 kg", "1 kg"]) == nil, "a number is an option's number")
        // A label joined with `&` or `and`, said the other way.
        let food = ["Chips & Queso", "Mac & Cheese", "Rice and Beans"]
        #expect(TextMatch.menuChoice("chips and queso", ids: ["a", "b", "c"], labels: food) == 0)
        #expect(TextMatch.menuChoice("mac n cheese", ids: ["a", "b", "c"], labels: food) == 1)
        #expect(TextMatch.menuChoice("rice & beans", ids: ["a", "b", "c"], labels: food) == 2)
        #expect(TextMatch.menuChoice("rice and chips", ids: ["a", "b", "c"], labels: food) == nil)
        #expect(TextMatch.menuChoice("２", ids: ["a", "b", "c"], labels: food) == 1, "a full-width digit")
        #expect(TextMatch.menuChoice("la 10", ids: ["a", "b", "c"], labels: ["5 kg", "10 kg", "1 kg"]) == nil)
        let labels = ["Pequena (4 fatias)", "Pizza media R$ 40,00", "Grande R$ 50,00", "Pizza família"]
        #expect(TextMatch.menuChoice(c.reply, ids: ["p", "m", "g", "f"], labels: labels) == c.index, "\(c.reply)")
    }

    @Test("a label's marker (keycap, emoji-styled symbol, the shop's own numbering) need not be typed",
          arguments: [("hacer pedido", 1), ("ver productos", 0), ("Información", 3), ("informacion", 3), ("comprar", 2), ("1️⃣", 0),
                      ("2", 1), ("ℹ️ Información", 3), ("ver", 0), ("hacer", 1)])
    func decoratedLabels(_ c: (reply: String, index: Int?)) {
        let labels = ["1️⃣ Ver productos", "2️⃣ Hacer pedido", "🛒 Comprar", "ℹ️ Información"]
        #expect(TextMatch.menuChoice(c.reply, ids: ["a", "b", "c", "d"], labels: labels) == c.index, "\(c.reply)")
        let numbered = ["1. Ver productos", "2) Hacer pedido", "3 - Hablar con alguien"]
        #expect(TextMatch.menuChoice("hablar con alguien", ids: ["a", "b", "c"], labels: numbered) == 2)
        #expect(TextMatch.menuChoice("hacer pedido", ids: ["a", "b", "c"], labels: numbered) == 1)
        #expect(TextMatch.withoutMarker("1 kg") == "1 kg", "a quantity is no marker")
        #expect(TextMatch.withoutMarker("1 - 2 personas") == "1 - 2 personas", "a range is no marker")
        let numberedSlots = ["1) 13:00 a 14:00", "2. 2 x 1", "3 - 500 g"]
        #expect(TextMatch.menuChoice("13:00 a 14:00", ids: ["a", "b", "c"], labels: numberedSlots) == 0, "numbering, then a time")
        #expect(TextMatch.menuChoice("2 x 1", ids: ["a", "b", "c"], labels: numberedSlots) == 1)
        let slots = ["12:00 a 13:00", "13:00 a 14:00", "20:00 a 21:00"]
        #expect(TextMatch.menuChoice("13:00", ids: ["a", "b", "c"], labels: slots) == 1, "a time starts a time slot's label")
        #expect(TextMatch.menuChoice("3", ids: ["a", "b", "c"], labels: slots) == 2, "a number alone is the option's number")
        #expect(TextMatch.withoutMarker("2️⃣") == "2️⃣", "a marker alone stays the label")
    }

    @Test("a word of the question, or `en` / `de color`, before an option's label; never before a number",
          arguments: [("talla m", "¿Qué talla?", 1), ("talla M porfa", "¿Qué talla?", 1), ("en M", "¿Qué talla?", 1),
                      ("Talla XL", "¿Qué talla?", 3), ("tallas s", "Tallas disponibles:", 0), ("talla m", "Elegí una:", nil),
                      ("talla 2", "¿Qué talla?", nil), ("talla dos", "¿Qué talla?", nil), ("talla no sé", "¿Qué talla?", nil),
                      ("talle m", "¿Qué talle?", 1), ("otra m", "¿Querés otra talla?", nil), ("talla", "¿Qué talla?", nil),
                      ("talla m grande", "¿Qué talla?", nil)])
    func questionWordBeforeALabel(_ c: (reply: String, prompt: String, index: Int?)) {
        let topic = TextMatch.menuTopic(c.prompt)
        #expect(TextMatch.menuChoice(c.reply, ids: ["S", "M", "L", "XL"], labels: ["S", "M", "L", "XL"], topic: topic) == c.index, "\(c.reply)")
    }

    @Test("a colour with the question's word, `en`, `de color`, or of the other gender",
          arguments: [("color negro", 0), ("de color negro", 0), ("en negro", 0), ("Color Blanco", 1), ("negra", 0), ("la negra", 0),
                      ("blanca", 1), ("la blanca porfa", 1), ("en gris", 3), ("color", nil), ("negra y blanca", nil), ("rosa", nil)])
    func colourMenu(_ c: (reply: String, index: Int?)) {
        let topic = TextMatch.menuTopic("¿De qué color?")
        #expect(topic == "color")
        #expect(TextMatch.menuChoice(c.reply, ids: ["negro", "blanco", "azul", "gris"], labels: ["Negro", "Blanco", "Azul", "Gris"],
                                     topic: topic) == c.index, "\(c.reply)")
    }

    @Test("how it is paid or had before an option: `com pix`, `pelo pix`, `via pix`, `pix mesmo`, Portuguese `no pix`, `I'll have the…`",
          arguments: [("pt-BR", "com pix", 0), ("pt-BR", "pago com pix", 0), ("pt-BR", "no pix", 0), ("pt-BR", "pelo pix", 0),
                      ("pt-BR", "via pix", 0), ("pt-BR", "pix mesmo", 0), ("pt-BR", "na entrega", 2), ("pt-BR", "não pix", nil),
                      ("es-AR", "no pix", nil), ("es-AR", "con pix", 0), ("en-US", "no pix", nil),
                      // `nos dois`, `nas três`: in both, in all three; not the second or third.
                      ("pt-BR", "nos dois", nil), ("pt-BR", "nas três", nil), ("pt-BR", "no segundo", 1)])
    func paidMenu(_ c: (locale: String, reply: String, index: Int?)) {
        #expect(TextMatch.menuChoice(c.reply, ids: ["pix", "cartao", "entrega"], labels: ["Pix", "Cartão", "Entrega"],
                                     locale: locale(c.locale)) == c.index, "\(c.locale) \(c.reply)")
    }

    @Test("a number and its unit written together are the label's", arguments: [("500ml", 0), ("500 ml", 0), ("1l", 1), ("quiero 2l", 2),
                                                                                ("500", 0), ("500ml 1l", nil), ("3l", nil)])
    func gluedUnit(_ c: (reply: String, index: Int?)) {
        #expect(TextMatch.menuChoice(c.reply, ids: ["p", "m", "g"], labels: ["500 ml — R$ 19,90", "1 l — R$ 29,90", "2 l — R$ 49,90"])
                == c.index, "\(c.reply)")
    }

    @Test("a label said in the plural, unless another option is that word",
          arguments: [("empanadas", 0), ("pizzas", 1), ("tacos de pollo", 2), ("quesadillas", 3), ("las empanadas", 0),
                      ("quiero 2 pizzas", nil), ("pizzas y empanadas", nil), ("tacos", 2)])
    func pluralLabel(_ c: (reply: String, index: Int?)) {
        #expect(TextMatch.menuChoice(c.reply, ids: ["e", "p", "t", "q"], labels: ["Empanada", "Pizza", "Taco de pollo", "Quesadilla"])
                == c.index, "\(c.reply)")
    }

    @Test("a plural picks the option that is that word before the one of its singular")
    func pluralPrefersOwn() {
        #expect(TextMatch.menuChoice("tacos", ids: ["a", "b"], labels: ["Taco", "Tacos al pastor"]) == 1)
        #expect(TextMatch.menuChoice("empanadas", ids: ["a", "b"], labels: ["Empanada", "Empanadas x12"]) == 1)
        #expect(TextMatch.menuChoice("veggie tacos", ids: ["a", "b"], labels: ["Veggie Taco", "Carnitas Taco"], locale: .enUS) == 0)
        #expect(TextMatch.menuChoice("tacos", ids: ["a", "b"], labels: ["Veggie Taco", "Carnitas Taco"], locale: .enUS) == nil)
    }

    @Test("English ways of ordering before an option", arguments: [("I'll have the horchata", 1), ("lemme get the elote", 0),
                                                                     ("gimme the horchata", 1)])
    func englishOrder(_ c: (reply: String, index: Int?)) {
        #expect(TextMatch.menuChoice(c.reply, ids: ["e", "h"], labels: ["Elote", "Horchata"], locale: .enUS) == c.index, "\(c.reply)")
    }

    @Test("the other gender of a colour only when no option is that word, and only colours")
    func colourGender() {
        // Both genders offered: each names its own.
        #expect(TextMatch.menuChoice("negra", ids: ["a", "b"], labels: ["Negro", "Negra"]) == 1)
        #expect(TextMatch.menuChoice("negro", ids: ["a", "b"], labels: ["Negro", "Negra"]) == 0)
        // Not a colour: `plata` is not `Plato`.
        #expect(TextMatch.menuChoice("plata", ids: ["a", "b"], labels: ["Plato", "Vaso"]) == nil)
        #expect(TextMatch.menuChoice("preta", ids: ["a", "b"], labels: ["Branco", "Preto"]) == 1)
        // A shade that is an everyday word or a name: `claro` ("sure") is not Clara, `oscura` not Oscuro.
        #expect(TextMatch.menuChoice("claro", ids: ["a", "b", "c"], labels: ["Clara", "Marta", "Rosa"]) == nil)
        #expect(TextMatch.menuChoice("oscura", ids: ["a", "b"], labels: ["Rubia", "Oscuro"]) == nil)
        // A word of the question that is an option's own is no lead: `envío retiro` names two.
        let topic = TextMatch.menuTopic("¿Envío o retiro?")
        #expect(TextMatch.menuChoice("envío retiro", ids: ["envio", "retiro"], labels: ["Envío", "Retiro"], topic: topic) == nil)
        // Words that refuse, doubt, ask or count are never a lead.
        let words = TextMatch.menuTopic("¿No querés otra? ¿Cuál? Elegí 2 o tres, la segunda").split(separator: " ")
        #expect(!words.contains { ["no", "otra", "cual", "2", "o", "tres", "segunda", "la"].contains($0) }, "\(words)")
        #expect(words.contains("elegi"))
    }

    @Test("weekday names that are also ordinals pick their weekday in a menu of weekdays",
          arguments: [("quarta", 2), ("a segunda", 0), ("sexta", 4), ("quinta", 3), ("a quarta-feira", 2), ("4", 3)])
    func weekdayMenu(_ c: (reply: String, index: Int)) {
        let labels = ["Segunda-feira", "Terça-feira", "Quarta-feira", "Quinta-feira", "Sexta-feira"]
        #expect(TextMatch.menuChoice(c.reply, ids: ["seg", "ter", "qua", "qui", "sex"], labels: labels) == c.index, "\(c.reply)")
    }

    @Test("menuChoice", arguments: menu)
    func menuChoice(_ c: (reply: String, index: Int?)) {
        #expect(TextMatch.menuChoice(c.reply, ids: Self.ids, labels: Self.labels) == c.index, "\(c.reply)")
    }

    @Test("a choice or label written as declared wins over one with the same words")
    func exactBeforeWords() {
        let choices = ["C++", "C#", "C", "S", "S+", "1/2", "1-2"]
        for (index, choice) in choices.enumerated() {
            #expect(TextMatch.choiceIndex(choice, choices) == index, "\(choice)")
        }
        #expect(TextMatch.choiceIndex("c#", choices) == 1)
        #expect(TextMatch.choiceIndex(" s+ ", choices) == 4)
        #expect(TextMatch.choiceIndex("Rojo!", ["rojo", "azul"]) == 0, "by words still")
        #expect(TextMatch.menuChoice("S+", ids: ["a", "b"], labels: ["S", "S+"]) == 1)
        #expect(TextMatch.menuChoice("c#", ids: ["a", "b"], labels: ["C++", "C#"]) == 1)
    }

    static let people = ["2 personas", "4 personas", "6 personas"]
    static let cuotas = ["1 cuota", "3 cuotas", "6 cuotas", "12 cuotas"]
    static let leadingNumbers: [(labels: [String], reply: String, index: Int?)] = [
        (people, "2", 0), (people, "4", 1), (people, "6.", 2), (people, "3", 2), (people, "la 2", 1), (people, "opción 2", 1),
        (people, "#2", 1), (people, "7", nil), (cuotas, "3", 1), (cuotas, "12", 3), (cuotas, "2", 1),
        (["10:00", "12:00", "16:00"], "12", 1), (["10:00", "12:00", "16:00"], "16", 2), (["10:00", "12:00", "16:00"], "1", 0),
        (["10 hs", "12hs", "16 hs"], "12", 1), (["5 kg", "10 kg", "1 kg"], "5", 0), (["5 kg", "10 kg", "1 kg"], "1", 2),
        (["2 personas", "2 personas + niño", "Otro"], "2", 1), (["1.5 kg", "500 g", "3 kg"], "1", 0),
        (["2x1 en pizzas", "Combo", "Bebidas"], "2", 1),
        // Among two or more labels that lead with amounts (a catch-all besides is fine); with one, a number is the position.
        (["Ver productos", "Hacer pedido", "2 empanadas"], "2", 1), (["Ver productos", "3 empanadas", "Hacer pedido"], "3", 2),
        (["2 personas", "4 personas", "Más de 4"], "2", 0), (["2 personas", "4 personas", "Más de 4"], "4", 1),
        (["3 cuotas", "6 cuotas", "12 cuotas", "Contado"], "3", 0), (["3 cuotas", "6 cuotas", "12 cuotas", "Contado"], "12", 2),
        (["10:00", "12:00", "Otro horario"], "12", 1),
        // Days: `3` of `[3 de marzo, 10 de marzo, 17 de marzo]` is the 3rd of March.
        (["3 de marzo", "10 de marzo", "17 de marzo"], "3", 0), (["3 de marzo", "10 de marzo", "17 de marzo"], "17", 2),
        (["3 de marzo", "10 de marzo", "17 de marzo"], "2", 1),
    ]

    @Test("a number typed alone is the option whose label leads with it, when one does", arguments: leadingNumbers)
    func numbersLeadingLabels(_ c: (labels: [String], reply: String, index: Int?)) {
        let ids = c.labels.indices.map { "o\($0)" }
        #expect(TextMatch.menuChoice(c.reply, ids: ids, labels: c.labels) == c.index, "\(c.labels) \(c.reply)")
        // Its id the same number as the label's changes nothing (`"3": 3 cuotas`).
        let numeric = c.labels.map { TextMatch.leadingNumber($0).map(String.init) ?? $0 }
        if Set(numeric).count == numeric.count {
            #expect(TextMatch.menuChoice(c.reply, ids: numeric, labels: c.labels) == c.index, "ids \(numeric) \(c.reply)")
        }
    }

    @Test("a numbered text menu (more than 10 options) takes a number alone as its line")
    func longMenuNumbers() {
        let times = (9...20).map { "\($0):00" }
        #expect(TextMatch.menuChoice("12", ids: times, labels: times) == 11)
        #expect(TextMatch.menuChoice("3", ids: times, labels: times) == 2)
        #expect(TextMatch.menuChoice("12:00", ids: times, labels: times) == 3)
    }

    @Test("menu ids win over numbers, emoji labels match")
    func menuEdges() {
        // A button payload that is a number names its option, not a position.
        #expect(TextMatch.menuChoice("20", ids: ["10", "20"], labels: ["Diez", "Veinte"]) == 1)
        #expect(TextMatch.menuChoice("1", ids: ["10", "20"], labels: ["Diez", "Veinte"]) == 0)
        // A typed number is the line of the numbered menu, even when another option's id is that number.
        #expect(TextMatch.menuChoice("1", ids: ["2", "1"], labels: ["Uno", "Dos"]) == 0)
        #expect(TextMatch.menuChoice("2", ids: ["2", "1"], labels: ["Uno", "Dos"]) == 1)
        #expect(TextMatch.menuChoice("opt_b", ids: ["opt_a", "opt_b"], labels: ["A", "B"]) == 1)
        #expect(TextMatch.menuChoice("👎", ids: ["up", "down"], labels: ["👍", "👎"]) == 1)
        #expect(TextMatch.menuChoice("👎🏾", ids: ["up", "down"], labels: ["👍", "👎"]) == 1, "a skin tone is an accent")
        // The polite past and conditional before an option, and a label's words run together.
        let main = ["Hacer un pedido", "Ver precios", "Mercado Pago"]
        for reply in ["quería hacer un pedido", "quisiera hacer un pedido", "me gustaría hacer un pedido", "mejor hacer un pedido"] {
            #expect(TextMatch.menuChoice(reply, ids: ["a", "b", "c"], labels: main) == 0, "\(reply)")
        }
        #expect(TextMatch.menuChoice("mercadopago", ids: ["a", "b", "c"], labels: main) == 2)
        #expect(TextMatch.menuChoice("hacerunpedido", ids: ["a", "b", "c"], labels: main) == 0)
        #expect(TextMatch.menuChoice("quería otra cosa", ids: ["a", "b", "c"], labels: main) == nil)
        #expect(TextMatch.menuChoice("1", ids: [], labels: []) == nil)
        #expect(TextMatch.menuChoice("sí", ids: ["yes", "no"], labels: ["Sí", "No"]) == 0)
    }

    @Test("a menu label said with an article it lacks, or without one it has")
    func menuLabelArticles() {
        let main = ["Ver catálogo", "Hacer pedido", "Hablar con alguien"]
        let ids = ["cat", "ped", "hum"]
        for (reply, index) in [("hacer un pedido", 1), ("quiero hacer un pedido", 1), ("quería hacer un pedido", 1),
                               ("ver el catálogo", 0), ("quiero ver el catalogo", 0)] as [(String, Int?)] {
            #expect(TextMatch.menuChoice(reply, ids: ids, labels: main) == index, "\(reply)")
        }
        // And the other way round: the label has the article, the reply not.
        #expect(TextMatch.menuChoice("ver catálogo", ids: ids, labels: ["Ver el catálogo", "Hacer un pedido"]) == 0)
        #expect(TextMatch.menuChoice("see catalog", ids: ids, labels: ["See the catalog", "Place an order"]) == 0)
        #expect(TextMatch.menuChoice("place order", ids: ids, labels: ["See the catalog", "Place an order"]) == 1)
        // A first word stays (`Una caja` is not `caja`); `o` and `a` are "or" and "to" in Spanish.
        #expect(TextMatch.menuChoice("caja", ids: ["a", "b"], labels: ["Una caja", "Dos cajas"]) == nil)
        #expect(TextMatch.menuChoice("envío domicilio", ids: ["a", "b"], labels: ["Envío a domicilio", "Retiro"]) == nil)
        #expect(TextMatch.menuChoice("chico o mediano", ids: ["s", "m"], labels: ["Chico", "Mediano"]) == nil)
        #expect(TextMatch.menuChoice("fazer pedido", ids: ["a", "b"], labels: ["Fazer o pedido", "Ver preços"],
                                     locale: FlowLocale.named("pt-BR")) == 0)
        // Two labels that differ only by an article: neither.
        #expect(TextMatch.menuChoice("ver la carta", ids: ["a", "b"], labels: ["Ver carta", "Ver una carta", "Salir"]) == nil)
        // A possessive, as an article: `seguir el pedido`, `seguir pedido` for `Seguir mi pedido`.
        let help = ["💳 Pagar", "📦 Seguir mi pedido", "🛒 Comprar"]
        #expect(TextMatch.menuChoice("seguir el pedido", ids: ["p", "t", "b"], labels: help) == 1)
        #expect(TextMatch.menuChoice("quiero seguir pedido", ids: ["p", "t", "b"], labels: help) == 1)
        // Not a negation of the option.
        #expect(TextMatch.menuChoice("no quiero hacer un pedido", ids: ids, labels: main) == nil)
        // Nor in a Portuguese menu, which reads a leading `no` as "in the".
        let mixed = ["Hacer pedido", "Ver catálogo", "Fazer pedido", "Ver o cardápio"]
        let br = FlowLocale.named("pt-BR")
        for reply in ["no quiero hacer un pedido", "no quiero ver el catálogo", "no quiero fazer o pedido", "no, fazer um pedido", "não quero fazer um pedido"] {
            #expect(TextMatch.menuChoice(reply, ids: ["a", "b", "c", "d"], labels: mixed, locale: br) == nil, "\(reply)")
        }
        #expect(TextMatch.menuChoice("quero fazer um pedido", ids: ["a", "b", "c", "d"], labels: mixed, locale: br) == 2)
    }

    @Test("containsPhrase on pre-split words")
    func phrase() {
        let w = TextMatch.words("Quiero hablar con un agente")
        #expect(TextMatch.containsPhrase(w, ["hablar", "con"]))
        #expect(!TextMatch.containsPhrase(w, ["con", "hablar"]))
        #expect(!TextMatch.containsPhrase(w, []))
        #expect(!TextMatch.containsPhrase([], ["a"]))
    }

    @Test("locales")
    func locales() {
        #expect(FlowLocale.all.map(\.id) == ["es-AR", "es-MX", "es-CO", "es-CL", "es-PE", "es-UY", "es-ES", "pt-BR",
                                             "en-US", "en-GB", "es-VE", "es-EC", "es-BO", "es-PY", "es-CR", "es-GT", "es-PA",
                                             "es-DO", "es-SV", "es-HN", "es-NI", "es-PR", "es-US", "pt-PT", "en-CA", "en-AU"])
        // Each reads and writes by its own country: Portugal's euros after the amount, Paraguay's guaraní.
        #expect(FlowLocale.ptPT.currency == "EUR" && !FlowLocale.ptPT.currencySymbolFirst && FlowLocale.ptPT.region == "PT")
        #expect(FlowLocale.named("es-PY")?.currency == "PYG" && FlowLocale.named("en-AU")?.currency == "AUD")
        #expect(FlowLocale.named("es-AR") == .esAR)
        #expect(FlowLocale.named("es_AR") == nil)
        #expect(FlowLocale.named("fr-FR") == nil)
        for l in FlowLocale.all {
            #expect(l.monthNames.count == 12 && l.shortMonthNames.count == 12)
            #expect(l.weekdayNames.count == 7 && l.shortWeekdayNames.count == 7)
            #expect(l.id == l.language + "-" + l.region)
            #expect(l.decimalSeparator != l.groupingSeparator)
        }
        #expect(FlowLocale.esAR.todayWords == ["hoy"] && FlowLocale.ptBR.tomorrowWords == ["amanhã"])
        #expect(FlowLocale.enUS.dateOrder == .monthDayYear && FlowLocale.enGB.dateOrder == .dayMonthYear)
    }
}

/// The ASCII fast paths (bytes) against the scalar paths they shortcut, on random ASCII
/// texts drawn from the bytes that matter: letters of both cases, digits, every kind of
/// space, `@`, `.`, `-`, the dot-atom specials and other punctuation.
@Suite("ASCII fast paths agree with the scalar paths")
struct ASCIIFastPathTests {
    static let alphabet = Array("aZz09 \t\n\r\u{0B}\u{0C}@.-_+!#$%&'*/=?^`{|}~\"(),:;<>[]\\yE".utf8)

    static func texts(seed: UInt64, count: Int) -> [String] {
        // Knuth's MMIX linear congruential generator, high bits: deterministic, so a failure
        // names a text that reproduces.
        var state = seed
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        var out = ["", " ", "ana@gmail.com", " Ana.Perez@Example.COM.ar ", "a..b@x.co", ".a@x.co", "a@x.1", "a@x.c1",
                   "a@-x.co", "a@x-.co", "a@@x.co", "a@x", "HOLA  Mundo", "¿x?",
                   String(repeating: "a", count: 64) + "@x.co", String(repeating: "a", count: 65) + "@x.co",
                   "a@" + String(repeating: "b", count: 63) + ".co", "a@" + String(repeating: "b", count: 64) + ".co",
                   "a@" + Array(repeating: String(repeating: "b", count: 60), count: 4).joined(separator: ".") + ".co",
                   String(repeating: "c", count: 60) + "@" + Array(repeating: String(repeating: "b", count: 60), count: 4).joined(separator: ".")]
        for _ in 0..<count {
            let length = Int(next() % 24)
            var bytes: [UInt8] = []
            for _ in 0..<length { bytes.append(alphabet[Int(next() % UInt64(alphabet.count))]) }
            // Half of them shaped like an address, so the e-mail rules are exercised past the `@`.
            if next() % 2 == 0 { bytes += Array("@mail.Example.co".utf8.prefix(Int(next() % 17))) }
            out.append(String(decoding: bytes, as: UTF8.self))
        }
        return out
    }

    @Test("fold and words")
    func foldAndWords() {
        for text in Self.texts(seed: 1, count: 5000) {
            guard text.utf8.allSatisfy({ $0 < 0x80 }) else {
                #expect(TextMatch.foldASCII(text) == nil)
                continue
            }
            #expect(TextMatch.foldASCII(text) == TextMatch.foldScalars(text), "\(text.debugDescription)")
            #expect(TextMatch.wordsASCII(text) == TextMatch.wordsScalars(text), "\(text.debugDescription)")
        }
    }

    @Test("e-mail")
    func email() {
        var accepted = 0
        for text in Self.texts(seed: 2, count: 20000) {
            guard text.utf8.allSatisfy({ $0 < 0x80 }) else {
                #expect(EmailInput.parseASCII(text) == nil)
                continue
            }
            guard let fast = EmailInput.parseASCII(text) else {
                Issue.record("the ASCII path refused the ASCII text \(text.debugDescription)")
                continue
            }
            #expect(fast == EmailInput.parseScalars(text), "\(text.debugDescription)")
            if fast != nil { accepted += 1 }
        }
        // The generator must reach both outcomes, or the comparison proves little.
        #expect(accepted > 10)
    }
}
