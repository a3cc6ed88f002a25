import Testing
@testable import FlowValidation

@Suite("numbers in words")
struct NumberWordsTests {
    static let read: [(input: String, value: Double?)] = [
        ("tres", 3), ("Tres", 3), ("TRES!", 3), ("uno", 1), ("una", 1), ("cero", 0), ("diez", 10), ("quince", 15),
        ("dieciséis", 16), ("diez y seis", 16), ("diez y nueve", 19), ("a hundred", 100), ("a thousand", 1000), ("a hundred and five", 105), ("veintidós", 22), ("veintiún", 21), ("treinta y dos", 32), ("cien", 100), ("ciento veinte", 120),
        ("quinientos", 500), ("tres mil", 3000), ("mil doscientos cincuenta", 1250), ("dos mil veintiséis", 2026),
        ("un millón", 1_000_000), ("dos millones trescientos mil", 2_300_000), ("mil millones", 1_000_000_000),
        ("3 mil", 3000), ("2 millones", 2_000_000),
        ("três", 3), ("dois", 2), ("duas", 2), ("vinte e cinco", 25), ("cento e dez", 110), ("quinhentos", 500), ("dois mil", 2000),
        ("uma", 1), ("vinte e uma", 21), ("quinze", 15), ("oitenta", 80), ("oitenta e oito", 88),
        ("three", 3), ("twenty-one", 21), ("one hundred and five", 105), ("five hundred", 500), ("two thousand", 2000),
        ("twelve", 12),
        // Not a number: other words, a lone connector, digits alone or without a multiplier.
        ("tres cajas", nil), ("y", nil), ("y tres", nil), ("tres y", nil), ("3", nil), ("3 4", nil), ("3 tres", nil),
        ("1.5 mil", nil), ("hola", nil), ("", nil), ("muchos", nil),
        // A list of numbers is not one number: each part is smaller in kind than the last.
        ("tres tres", nil), ("dos tres", nil), ("uno dos tres", nil), ("dos y tres", nil), ("tres y dos", nil),
        ("cien cien", nil), ("ciento ciento", nil), ("dos cien", nil), ("veinte treinta", nil), ("mil mil", nil),
        ("diez mil mil", nil), ("mil dos mil", nil), ("3 mil mil", nil), ("two two", nil), ("thousand thousand", nil),
        ("one one hundred", nil), ("one two three", nil), ("dois três", nil), ("dez dez", nil), ("mil e mil", nil),
        ("dos millones tres millones", nil), ("cero tres", nil), ("tres 3 mil", nil),
        ("un millón quinientos mil", 1_500_000), ("ciento treinta y dos", 132), ("mil e quinhentos", 1500),
        ("cento e vinte e cinco", 125), ("nine hundred ninety-nine", 999), ("twenty thousand five hundred", 20_500),
        ("treinta y diez", nil), ("veinte once", nil), ("twenty twelve", nil), ("once tres", nil),
        ("one thousand nineteen hundred", nil), ("ciento doce", 112), ("nineteen hundred", 1900),
        ("one hundred thousand", 100_000), ("two thousand five hundred", 2500), ("dos mil quinientos", 2500),
        ("dos cientos", 200), ("três centos", 300), ("dois centos e vinte", 220), ("uno cientos", nil), ("mil dos cientos", nil),
        ("mil 500", 1500), ("3 mil 020", 3020), ("3 mil 20", nil), ("2 millones 500", nil), ("500 mil 1500", nil),
    ]

    @Test("whole numbers in Spanish, Portuguese and English words", arguments: read)
    func words(_ c: (input: String, value: Double?)) {
        #expect(NumberWords.parse(c.input) == c.value, "\(c.input)")
    }

    @Test("a number question reads words, and checks their range")
    func validated() {
        let rule = ValidationRule(kind: .number, min: 1, max: 20)
        let check = { (text: String) in Validator.validate(text, rule: rule, locale: .esAR, today: CivilDate(year: 2026, month: 3, day: 2)) }
        #expect((try? check("tres").get())?.value == .number(3))
        if case .failure(let reason) = check("tres mil") { #expect(reason == .outOfRange) } else { Issue.record("tres mil is out of range") }
        // Words of the number, then what is counted, as with digits (`3 cajas`).
        #expect((try? check("tres cajas").get())?.value == .number(3))
        if case .failure(let reason) = check("tres o cuatro cajas") { #expect(reason == .notANumber) } else { Issue.record("tres o cuatro is not a number") }
    }
}
