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
        (packs, "1", nil), (packs, "la segunda", "12"), (packs, "7", nil),
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
    ]

    @Test("a choice as chats answer it; saved as declared", arguments: cases)
    func choice(_ c: (choices: [String], input: String, value: String?)) {
        let result = check(c.input, ValidationRule(kind: .choice, choices: c.choices))
        #expect(result.value == c.value.map { .text($0) }, "\(c.choices) \(c.input)")
        if c.value == nil { #expect(result.reason == .notAllowed, "\(c.choices) \(c.input)") }
    }

    @Test("digits and letters together split apart")
    func split() {
        #expect(ChoiceAnswer.splitDigits(["1kg", "x6", "mp3", "abc", "12"]) == ["1", "kg", "x", "6", "mp", "3", "abc", "12"])
    }
}
