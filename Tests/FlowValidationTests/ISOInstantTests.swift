import Testing
@testable import FlowValidation

@Suite("ISO date-times")
struct ISOInstantTests {
    static let day = Int64(CivilDate(year: 2026, month: 12, day: 31).daysSinceEpoch) * 86_400_000

    @Test("date-times with and without an offset, as APIs and tests write them")
    func parses() throws {
        let local = Self.day + (14 * 3600 + 30 * 60) * 1000
        #expect(ISOInstant.parse("2026-12-31T14:30")! == (local, nil))
        #expect(ISOInstant.parse("2026-12-31 14:30:00Z")! == (local, 0))
        #expect(ISOInstant.parse("2026-12-31t14:30:00.250-03:00")! == (local + 250, -180))
        #expect(ISOInstant.parse("2026-12-31T14:30+0530")! == (local, 330))
        #expect(ISOInstant.parse("2026-12-31T14:30-03")! == (local, -180))
    }

    @Test("anything else is not one", arguments: ["", "2026-12-31", "2026-02-30T10:00", "2026-12-31T24:00", "2026-12-31T14:60",
                                                  "2026-12-31T14:30:", "2026-12-31T14:30.5", "2026-12-31T14:30Z!", "2026-12-31T14:30+25:00",
                                                  "31/12/2026 14:30", "nope"])
    func refuses(_ text: String) {
        #expect(ISOInstant.parse(text) == nil, "\(text)")
    }
}
