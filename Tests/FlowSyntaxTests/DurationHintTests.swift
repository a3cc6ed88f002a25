import Testing
@testable import FlowSyntax

/// The fix an `invalid-duration` error offers for durations written another way.
struct DurationHintTests {
    static let cases: [(written: String, fix: String?)] = [
        ("1h 30m", "1h30m"), ("2hrs", "2h"), ("15 minutos", "15m"), ("2 horas", "2h"), ("30 segundos", "30s"), ("3 días", "3d"),
        ("1.5s", "1500ms"), ("1.5h", "90m"), ("2,5m", "150s"), ("1w", "7d"), ("2 semanas", "14d"), ("PT15M", "15m"),
        ("P1DT2H", "1d2h"), ("pt30s", "30s"), ("soon", nil), ("1.3333s", nil), ("P1Y", nil),
    ]

    @Test("a duration written another way gets a fix that parses", arguments: cases)
    func fix(_ c: (written: String, fix: String?)) {
        let fix = NodeDecoder.durationFix(c.written)
        #expect(fix == c.fix, "\(c.written)")
        if let fix { #expect(Duration.parse(fix) != nil, "\(fix)") }
    }
}
