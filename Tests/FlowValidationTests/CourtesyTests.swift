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

    /// WhatsApp's bold, italics, strike-through and monospace, and quotes, around an answer or its value.
    static let formatted: [(kind: ValidationKind, input: String, value: ValidatedValue?)] = [
        (.number, "*3*", .number(3)), (.number, "_3_", .number(3)), (.number, "~3~", .number(3)), (.number, "```3```", .number(3)),
        (.number, "\"3\"", .number(3)), (.number, "'3'", .number(3)), (.number, "“3”", .number(3)), (.number, "«3»", .number(3)),
        (.number, "quiero *3* por favor", .number(3)), (.number, "*3* 👍", .number(3)), (.number, "*1.500,50*", .number(1500.5)),
        (.time, "*14:30*", .text("14:30")), (.time, "\"14:30\"", .text("14:30")), (.time, "«14:30»", .text("14:30")),
        (.time, "a las _14:30_", .text("14:30")), (.time, "*a las 5 de la tarde*", .text("17:00")),
        (.phone, "*11 5555-1234*", .text("+5491155551234")), (.phone, "mi cel es *11 5555-1234*", .text("+5491155551234")),
        (.email, "*ana@mail.com*", .text("ana@mail.com")), (.email, "\"ana@mail.com\"", .text("ana@mail.com")),
        (.date, "*31/12*", .date(CivilDate(year: 2026, month: 12, day: 31))), (.date, "\"mañana\"", .date(CivilDate(year: 2026, month: 3, day: 15))),
        // One pair, set apart as WhatsApp sets it: marks that are part of the answer stay.
        (.email, "_ana_@mail.com", .text("_ana_@mail.com")), (.email, "ana_b_c@mail.com", .text("ana_b_c@mail.com")),
        // Markdown's bold typed by habit, pairs inside pairs (up to three).
        (.number, "**3**", .number(3)), (.number, "__3__", .number(3)), (.number, "*_3_*", .number(3)), (.number, "_*3*_", .number(3)),
        (.number, "***3***", .number(3)), (.number, "\"*3*\"", .number(3)), (.number, "*_~3~_*", .number(3)),
        (.time, "a las **14:30**", .text("14:30")), (.email, "*_ana@mail.com_*", .text("ana@mail.com")),
        (.number, "*_~\"3\"~_*", nil), (.number, "** 3 **", nil), (.number, "**3* *", nil), (.number, "**3** o **4**", nil),
        (.email, "*_ana_@mail.com*", .text("_ana_@mail.com")), (.number, "2**3", nil),
        (.number, "*3", nil), (.number, "3*", nil), (.number, "*3_", nil), (.number, "* 3 *", nil),
        (.number, "*3* o *4*", nil), (.number, "\"", nil), (.number, "**", nil), (.number, "2*3", nil),
    ]

    @Test("formatting marks and quotes around a value are no part of it", arguments: formatted)
    func formatting(_ c: (kind: ValidationKind, input: String, value: ValidatedValue?)) {
        #expect(check(c.input, ValidationRule(kind: c.kind)).value == c.value, "\(c.kind) \(c.input)")
    }

    @Test("a regex answer is matched as typed, its pattern found inside the marks")
    func regexKeepsMarks() {
        #expect(check("*30123456*", ValidationRule(kind: .regex, pattern: "\\d{8}")).value == .text("30123456"))
        #expect(check("*30123456*", ValidationRule(kind: .regex, pattern: "^\\d{8}$")).reason == .badFormat)
        #expect(check("*Ana*", ValidationRule(kind: .text)).value == .text("*Ana*"))
    }
}
