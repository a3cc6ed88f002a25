import Testing
@testable import FlowValidation

@Suite("courtesy after an answer")
struct CourtesyTests {
    /// `x favor`, `x fa` and `xfa` are `por favor` as chats spell it, after any answer type.
    static let cases: [(kind: ValidationKind, input: String, value: ValidatedValue?)] = [
        (.number, "5 x favor", .number(5)), (.number, "5 xfa", .number(5)), (.number, "5, x fa", .number(5)), (.number, "5 X FAVOR", .number(5)),
        (.date, "mañana x favor", .date(CivilDate(year: 2026, month: 3, day: 15))), (.date, "mañana xfa", .date(CivilDate(year: 2026, month: 3, day: 15))),
        (.time, "a las 3 x favor", .text("03:00")), (.time, "17:00 x fa", .text("17:00")), (.time, "17:00 xfa", .text("17:00")),
        (.phone, "11 5555-1234 x favor", .text("+5491155551234")), (.email, "ana@mail.com x favor", .text("ana@mail.com")),
        // An `x` that is no `por`: a times sign, a letter.
        (.number, "5 x", nil), (.number, "2 x 3", nil), (.number, "5 x favorito", nil),
    ]

    @Test("`x favor`, `x fa`, `xfa` after an answer are courtesy", arguments: cases)
    func xFavor(_ c: (kind: ValidationKind, input: String, value: ValidatedValue?)) {
        #expect(check(c.input, ValidationRule(kind: c.kind)).value == c.value, "\(c.input)")
    }

    @Test("`x favor` is spelled out only as `por favor`")
    func spelledOut() {
        #expect(AnswerWords.withPorSpelledOut("5 x favor") == "5 por favor")
        #expect(AnswerWords.withPorSpelledOut("mañana, x fa!") == "mañana, por fa!")
        #expect(AnswerWords.withPorSpelledOut("2 x 3") == "2 x 3")
        #expect(AnswerWords.withPorSpelledOut("5x favor") == "5x favor")
        #expect(AnswerWords.withPorSpelledOut("x favorito") == "x favorito")
    }
}
