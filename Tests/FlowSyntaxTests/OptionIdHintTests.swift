import Testing
@testable import FlowSyntax

/// The id an `invalid-id` error offers for an option id written with spaces or punctuation.
struct OptionIdHintTests {
    @Test("punctuation around the name is dropped, inside it becomes `_`", arguments: [
        ("\u{201C}s\u{201D}", "s"), ("¿envío?", "envío"), ("1.", "1"), ("talle chico", "talle_chico"), ("-grande", "grande"),
        ("opción 1!", "opción_1"), ("S/M", "s_m"), ("¿?", "option"),
    ])
    func suggestion(_ c: (written: String, meant: String)) {
        #expect(StepDecoder.suggestedOptionId(c.written) == c.meant)
    }
}
