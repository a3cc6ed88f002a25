import Testing
@testable import FlowValidation

@Suite("choice answers")
struct ChoiceTests {
    static let payment = ["Efectivo", "Tarjeta de crédito", "Tarjeta de débito", "Transferencia"]
    static let delivery = ["Envío a domicilio", "Retiro en local"]
    static let sizes = ["S", "M", "L", "XL"]
    static let packs = ["6", "12", "24"]
    static let weights = ["1 kg", "2 kg", "5 kg"]

    static let cases: [(choices: [String], input: String, value: String?)] = [
        // What a menu reply accepts: the number, an ordinal, the number in words, courtesy.
        (payment, "2", "Tarjeta de crédito"), (payment, "la segunda", "Tarjeta de crédito"), (payment, "dos", "Tarjeta de crédito"),
        (payment, "opción 4", "Transferencia"), (payment, "transferencia por favor", "Transferencia"), (payment, "5", nil),
        (sizes, "la tercera", "L"), (sizes, "M por favor", "M"),
        // The label inside a short answer.
        (sizes, "talle M", "M"), (sizes, "talla XL", "XL"), (sizes, "quiero la M", "M"), (sizes, "size L please", "L"),
        (payment, "en efectivo", "Efectivo"), (payment, "pago en efectivo", "Efectivo"), (payment, "con tarjeta de crédito", "Tarjeta de crédito"),
        (payment, "pago con transferencia gracias", "Transferencia"),
        // A word of one label only.
        (delivery, "envío", "Envío a domicilio"), (delivery, "a domicilio", "Envío a domicilio"), (delivery, "retiro", "Retiro en local"),
        (payment, "crédito", "Tarjeta de crédito"), (payment, "débito", "Tarjeta de débito"), (payment, "con débito", "Tarjeta de débito"),
        (payment, "pago con crédito", "Tarjeta de crédito"), (["Tarjeta de crédito", "Efectivo"], "tarjeta", "Tarjeta de crédito"),
        // Numbers: the label's number, never a position, when labels have numbers.
        (packs, "12", "12"), (packs, "12 unidades", "12"), (packs, "doce", "12"), (packs, "veinticuatro", "24"), (packs, "2", nil),
        (packs, "1", nil), (packs, "la segunda", nil), (packs, "7", nil),
        (weights, "1kg", "1 kg"), (weights, "2", "2 kg"), (weights, "5 kilos", "5 kg"), (weights, "3", nil), (weights, "1 KG", "1 kg"),
        (["Pack x6", "Pack x12"], "6", "Pack x6"), (["Talle 38", "Talle 40"], "40", "Talle 40"), (["Talle 2", "Talle 4", "Talle 6"], "2", "Talle 2"),
        // Two choices at once, a refusal, a doubt, or nothing that names one: no answer.
        (payment, "tarjeta", nil), (payment, "efectivo o tarjeta", nil), (payment, "no efectivo", nil), (payment, "efectivo no", nil),
        (payment, "efectivo y transferencia", nil), (payment, "creo que efectivo", nil), (payment, "efectivo, transferencia", nil),
        (payment, "sin tarjeta", nil), (payment, "cualquiera", nil), (payment, "tarjeta de crédito o débito", nil),
        (sizes, "M o L", nil), (sizes, "M y L", nil), (sizes, "a la tarde", nil), (sizes, "mmm no sé", nil), (sizes, "la M no, la L", nil),
        (sizes, "m de mediano para mi hermano que es alto", nil), (delivery, "envío o retiro", nil), (delivery, "ni envío ni retiro", nil),
        (["A", "B"], "a la tarde", nil), (packs, "6 o 12", nil), (packs, "12 o 24", nil), (weights, "1 o 2 kg", nil),
        (payment, "pago", nil), (payment, "de", nil), (payment, "efectivo efectivo tarjeta de crédito", nil),
        // Labels with numbers in words: a number answers by value, never by position.
        (["una", "tres", "seis"], "3", "tres"), (["una", "tres", "seis"], "2", nil), (["una", "tres", "seis"], "6", "seis"),
        (["una", "tres", "seis"], "tres", "tres"), (["una", "tres", "seis"], "1", "una"), (["Una cuota", "Tres cuotas"], "3", "Tres cuotas"),
        (["Una cuota", "Tres cuotas"], "2", nil), (["una", "tres", "seis"], "3 por favor", "tres"), (["una", "tres", "seis"], "3.", "tres"),
        // Choices told apart by an accent: the answer's own spelling picks, in any case.
        (["Ano", "Año"], "año", "Año"), (["Ano", "Año"], "ANO", "Ano"), (["papa", "papá"], "PAPÁ", "papá"), (["papa", "papá"], "papa", "papa"),
        // Bare numbers take the thing counted after them; a position in words still names a numbered label.
        (["1", "3", "6"], "3 cuotas", "3"), (["1", "3", "6"], "tres cuotas", "3"), (["1", "3", "6"], "en 6 cuotas", "6"),
        (["1", "3", "6"], "2 cuotas", nil), (["1", "3", "6"], "3 noo", nil), (["1", "3", "6"], "3 noches", "3"), (["1", "3", "6"], "3 o 6 cuotas", nil),
        (["1 cuota", "3 cuotas", "6 cuotas"], "la segunda", nil), (["1 cuota", "3 cuotas", "6 cuotas"], "2", nil),
        // A number word inside a label (an article, `dos` = "of the") is no value: positions as before.
        (["Ver productos", "Estado de mi pedido", "Hablar con un asesor"], "1", "Ver productos"),
        (["Ver productos", "Estado de mi pedido", "Hablar con un asesor"], "3", "Hablar con un asesor"),
        (["Bolo de cenoura", "Bolo dos sonhos"], "2", "Bolo dos sonhos"), (["Mil hojas", "Alfajor"], "1", "Mil hojas"),
        // Some labels start with a number word: a value its position contradicts is asked again.
        (["Media docena", "Una docena", "Dos docenas"], "1", nil), (["Media docena", "Una docena", "Dos docenas"], "2", nil),
        (["Desayuno", "Almuerzo", "Once"], "3", "Once"),
        // A leading article is no number unless the list counts things (another label starts with a number word).
        (["Empanadas", "Un postre", "Café"], "1", "Empanadas"), (["Empanadas", "Un postre", "Café"], "2", "Un postre"),
        (["Un mes", "Seis meses", "Un año"], "1", nil), (["Un mes", "Seis meses", "Un año"], "6", "Seis meses"),
        (["Un mes", "Seis meses", "Un año"], "3", nil), (["Un mes", "Seis meses", "Un año"], "la tercera", "Un año"),
        (["Un mes", "Seis meses", "Un año"], "un año", "Un año"),
    ]

    static let tallas = ["Talla 2", "Talla 4", "Talla 6"]
    static let hours = ["10:00", "12:00", "15:00"]
    static let phones = ["iPhone 14", "iPhone 15"]
    static let cash = ["Efectivo", "Transferencia", "Mercado Pago"]
    static let pix = ["Pix", "Cartão", "Dinheiro"]

    /// The review's wrong accepts: each is no answer now.
    static let reviewed: [(choices: [String], input: String, value: String?)] = [
        // A number in a label is matched by value, never by position.
        (tallas, "la 2", "Talla 2"), (tallas, "la dos", "Talla 2"), (tallas, "2", "Talla 2"), (tallas, "talla 4", "Talla 4"),
        (tallas, "la 3", nil), (tallas, "la segunda", nil), (sizes, "4", nil), (sizes, "2", nil), (sizes, "dos", nil), (sizes, "M", "M"),
        (hours, "1", nil), (hours, "la 1", nil), (hours, "10:00", "10:00"), (hours, "10 horas", "10:00"), (hours, "2 horas", nil),
        (["9hs", "12hs", "16hs"], "9 horas", "9hs"), (packs, "la 1", nil), (packs, "la 12", "12"),
        // The unit after the number must be the label's.
        (weights, "2 gramos", nil), (weights, "2km", nil), (weights, "2 unidades", nil), (weights, "1 g", nil), (weights, "5 libras", nil),
        (weights, "2 kilos", "2 kg"), (weights, "2kg por favor", "2 kg"), (weights, "quiero 5 kg", "5 kg"), (weights, "dos kilos", "2 kg"),
        // Words beside a label that are no filler or courtesy.
        (phones, "iphone 14 pro max", nil), (phones, "iphone 14 usado", nil), (phones, "el iphone 14 por favor", "iPhone 14"),
        (["Coca Cola", "Sprite"], "coca cola light", nil), (["Remera roja", "Remera azul"], "remera roja devolver", nil),
        (["Empanadas", "Pizza"], "empanadas también", nil), (cash, "pago", nil), (cash, "pago con mercado pago", "Mercado Pago"),
        (cash, "con mercado", "Mercado Pago"), (["Mañana", "Tarde", "Noche"], "ya es tarde", nil), (["Mañana", "Tarde", "Noche"], "es tarde", nil),
        (["Mañana", "Tarde", "Noche"], "a la tarde", "Tarde"),
        // How a payment is made around its method, and a name's words run together.
        (cash, "transferencia bancaria", "Transferencia"), (cash, "te pago con transferencia", "Transferencia"),
        (cash, "transferencia al alias", "Transferencia"), (cash, "efectivo contado", "Efectivo"),
        (cash, "efectivo cuando llega", "Efectivo"), (cash, "mercadopago", "Mercado Pago"), (cash, "con mercadopago", "Mercado Pago"),
        (["MercadoPago", "Efectivo"], "mercado pago", "MercadoPago"), (cash, "efectivo cuando no llega", nil),
        // Those words name a label that has them.
        (["Pago al contado", "Pago en cuotas"], "contado", "Pago al contado"), (["Pago al contado", "Pago en cuotas"], "al contado", "Pago al contado"),
        (["Pago ahora", "Pago cuando llega"], "cuando llega", "Pago cuando llega"),
        (["Pix", "Cartão de crédito", "Dinheiro na entrega", "Boleto bancário"], "na entrega", "Dinheiro na entrega"),
        (["Pix", "Cartão de crédito", "Dinheiro na entrega", "Boleto bancário"], "bancário", "Boleto bancário"),
        (["Transferencia (CBU o alias)", "Efectivo"], "alias", "Transferencia (CBU o alias)"),
        // Negations.
        (cash, "nada de efectivo", nil), (cash, "cero efectivo", nil), (cash, "efectivo jamás", nil), (cash, "jamás efectivo", nil),
        (cash, "efectivo nah", nil), (cash, "efectivo nop", nil), (cash, "efectivo nel", nil), (cash, "efectivo imposible", nil),
        (cash, "efectivo descartado", nil), (cash, "odio el efectivo", nil), (cash, "efectivo tengo poco", nil), (cash, "1 👎", nil),
        (pix, "nada de dinheiro", nil), (pix, "jamais pix", nil), (pix, "pix jamais", nil), (pix, "pix nem pensar", nil),
        (["Cash", "Card"], "hate cash", nil), (pix, "o pix", "Pix"), (pix, "pix por favor", "Pix"),
        // Questions.
        (cash, "¿aceptan efectivo?", nil), (cash, "tienen efectivo?", nil), (cash, "hay descuento en efectivo?", nil),
        (cash, "hay descuento en efectivo", nil), (cash, "cuánto sale en efectivo", nil), (["Cash", "Card"], "do you take cash?", nil),
        (["Cash", "Card"], "do you take cash", nil), (pix, "aceita pix?", nil), (pix, "aceita pix", nil), (cash, "efectivo?", nil),
        (cash, "1?", nil), (cash, "efectivo", "Efectivo"), (cash, "1", "Efectivo"),
        // A label joined with `&` or `and`, said the other way; `only` around a choice.
        (food, "chips and queso", "Chips & Queso"), (food, "chips y queso", "Chips & Queso"), (food, "mac n cheese", "Mac & Cheese"),
        (food, "mac and cheese", "Mac & Cheese"), (food, "rice & beans", "Rice and Beans"), (food, "rice beans", "Rice and Beans"),
        (food, "chips & queso", "Chips & Queso"), (food, "chips and cheese", nil), (food, "chips and queso?", nil),
        (cash, "efectivo y tarjeta", nil), (pet, "só banho", "Banho"), (pet, "apenas banho", "Banho"), (pet, "só o banho", "Banho"),
        (pet, "banho e tosa", "Banho e tosa"), (cash, "solo efectivo", "Efectivo"), (["Cash", "Card"], "just cash", "Cash"),
        // "Only" names a whole label, never part of one.
        (coffee, "solo café", nil), (coffee, "café solo", nil), (["Banho e tosa", "Consulta", "Vacina"], "só banho", nil),
        (["Coffee with milk", "Tea with lemon", "Water"], "just coffee", nil), (["Solo café", "Café"], "café solo", "Solo café"),
        (["Solo café", "Café con leche"], "solo café", "Solo café"), (pet, "apenas o banho", "Banho"),
    ]
    /// A choice, then a complement of where, how or with what that names no other choice.
    static let complemented: [(choices: [String], input: String, value: String?)] = [
        (["1", "3", "6"], "6 cuotas sin interés", "6"), (["1", "3", "6"], "6 sin interés", "6"), (["1", "3", "6"], "6 cuotas sin recargo", "6"),
        (["1", "3", "6"], "3 sem juros", "3"), (["1 cuota", "3 cuotas", "6 cuotas"], "6 cuotas sin interés", "6 cuotas"),
        (["Envío", "Retiro"], "envío a domicilio", "Envío"), (["Envío", "Retiro"], "envío a casa", "Envío"),
        (["Envío", "Retiro"], "retiro en local", "Retiro"), (["Envío", "Retiro"], "retiro por el local", "Retiro"),
        (["Envío", "Retiro"], "envío a domicilio por favor", "Envío"), (["Entrega", "Retirada"], "entrega em casa", "Entrega"),
        (["Entrega", "Retirada"], "retirada na loja", "Retirada"), (cash, "efectivo sin recargo", "Efectivo"),
        // A negation, another choice, a number or another thing (no preposition before it) is still asked again.
        (["Envío", "Retiro"], "envío no, retiro", nil), (["Envío", "Retiro"], "sin envío", nil), (["Envío", "Retiro"], "retiro, sin envío", nil),
        (["Envío", "Retiro"], "envío a domicilio o retiro", nil), (["Envío", "Retiro"], "envío a 3 cuadras", nil),
        (["Envío", "Retiro"], "envío express", nil), (["Envío", "Retiro"], "envío para retiro", nil), (["1", "3", "6"], "6 cuotas sin", nil),
        (["1", "3", "6"], "6 sin 3", nil), (["1", "3", "6"], "6 cuotas de 12", nil), (coffee, "café con azúcar", nil),
        (["A", "B"], "a la tarde", nil), (sizes, "M de mujer", nil), (["Con hielo", "Natural"], "sin hielo", nil),
    ]

    @Test("a choice with a short complement after it", arguments: complemented)
    func complementedChoice(_ c: (choices: [String], input: String, value: String?)) {
        choice(c)
    }

    static let food = ["Chips & Queso", "Mac & Cheese", "Rice and Beans", "Chips"]
    static let pet = ["Banho", "Banho e tosa", "Tosa higiênica"]
    static let coffee = ["Café con leche", "Té con limón", "Submarino"]

    @Test("the review's answers: by value, units, fillers only, negations and questions", arguments: reviewed)
    func reviewedChoice(_ c: (choices: [String], input: String, value: String?)) {
        choice(c)
    }

    @Test("a choice as chats answer it; saved as declared", arguments: cases)
    func choice(_ c: (choices: [String], input: String, value: String?)) {
        let result = check(c.input, ValidationRule(kind: .choice, choices: c.choices))
        #expect(result.value == c.value.map { .text($0) }, "\(c.choices) \(c.input)")
        if c.value == nil { #expect(result.reason == .notAllowed, "\(c.choices) \(c.input)") }
    }

    @Test("Portuguese `no` is \"in the\", not a refusal; elsewhere `no` still refuses",
          arguments: [("pt-BR", "no pix", "Pix"), ("pt-BR", "pago no pix", "Pix"), ("pt-BR", "no crédito", "Cartão de crédito"),
                      ("pt-BR", "com pix", "Pix"), ("pt-BR", "pelo pix", "Pix"), ("pt-BR", "pago com pix", "Pix"),
                      ("pt-BR", "não pix", nil), ("pt-BR", "no pix ou dinheiro", nil), ("es-AR", "no pix", nil), ("en-US", "no pix", nil),
                      ("pt-BR", "nos dois", nil), ("pt-BR", "nas três", nil)])
    func portugueseNo(_ c: (locale: String, input: String, value: String?)) {
        let result = check(c.input, ValidationRule(kind: .choice, choices: ["Pix", "Cartão de crédito", "Dinheiro"]), locale(c.locale))
        #expect(result.value == c.value.map { .text($0) }, "\(c.locale) \(c.input)")
    }

    @Test("choices that are times of day take a time as a time question reads it, never a position",
          arguments: [("es-AR", hours, "12", "12:00"), ("es-AR", hours, "a las 12", "12:00"), ("es-AR", hours, "12hs", "12:00"),
                      ("es-AR", hours, "3 de la tarde", "15:00"), ("es-AR", hours, "mediodía", "12:00"), ("es-AR", hours, "mejor a las 15", "15:00"),
                      ("es-AR", hours, "2", nil), ("es-AR", hours, "3", nil), ("es-AR", hours, "12:30", nil), ("es-AR", hours, "12 o 15", nil),
                      ("es-AR", hours, "¿a las 12?", nil), ("es-AR", ["10hs", "12hs", "16hs"], "4 de la tarde", "16hs"),
                      ("en-US", ["10:00 AM", "12:00 PM", "4:00 PM"], "4pm", "4:00 PM"), ("en-US", ["10:00 AM", "12:00 PM", "4:00 PM"], "noon", "12:00 PM"),
                      ("en-US", ["10:00 AM", "12:00 PM", "4:00 PM"], "4", nil),
                      // Bare numbers are quantities, not hours: `mediodía` is no 12.
                      ("es-AR", ["6", "12", "24"], "mediodía", nil)])
    func timeChoices(_ c: (locale: String, choices: [String], input: String, value: String?)) {
        let result = check(c.input, ValidationRule(kind: .choice, choices: c.choices), locale(c.locale))
        #expect(result.value == c.value.map { .text($0) }, "\(c.choices) \(c.input)")
    }

    @Test("digits and letters together split apart")
    func split() {
        #expect(ChoiceAnswer.splitDigits(["1kg", "x6", "mp3", "abc", "12"]) == ["1", "kg", "x", "6", "mp", "3", "abc", "12"])
    }
}
