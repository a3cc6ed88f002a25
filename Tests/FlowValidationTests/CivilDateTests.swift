import Testing
@testable import FlowValidation

@Suite("CivilDate")
struct CivilDateTests {
    static let epochDays: [(String, Int, Int)] = [  // ISO, days since 1970-01-01, ISO weekday
        ("1970-01-01", 0, 4), ("1969-12-31", -1, 3), ("2000-02-29", 11016, 2), ("2026-03-14", 20526, 6),
        ("2026-12-31", 20818, 4), ("2027-01-01", 20819, 5), ("1900-03-01", -25508, 4), ("0001-01-01", -719_162, 1),
        ("9999-12-31", 2_932_896, 5), ("2024-02-29", 19782, 4),
    ]

    @Test("days since epoch and weekday", arguments: epochDays)
    func epoch(_ c: (String, Int, Int)) throws {
        let d = try #require(CivilDate.parseISO(c.0))
        #expect(d.daysSinceEpoch == c.1)
        #expect(CivilDate(daysSinceEpoch: c.1) == d)
        #expect(d.weekday == c.2)
        #expect(d.iso == c.0)
        #expect(d.description == c.0)
    }

    @Test("round trip over four centuries")
    func roundTrip() {
        var previous = CivilDate(daysSinceEpoch: -200_000)
        var failures: [Int] = []
        for n in -199_999...(-200_000 + 146_097 + 10) {
            let d = CivilDate(daysSinceEpoch: n)
            if d.daysSinceEpoch != n || !(previous < d) || CivilDate.valid(year: d.year, month: d.month, day: d.day) != d
                || d.weekday != previous.weekday % 7 + 1 {
                failures.append(n)
            }
            previous = d
        }
        #expect(failures.isEmpty)
    }

    static let addingDays: [(String, Int, String)] = [
        ("2026-12-31", 3, "2027-01-03"), ("2026-03-01", -1, "2026-02-28"), ("2024-02-28", 1, "2024-02-29"),
        ("2026-03-14", 0, "2026-03-14"), ("2026-03-14", -365, "2025-03-14"),
    ]

    @Test("adding days", arguments: addingDays)
    func days(_ c: (String, Int, String)) {
        #expect(CivilDate.parseISO(c.0)?.adding(days: c.1).iso == c.2)
    }

    static let addingMonths: [(String, Int, String)] = [
        ("2027-01-31", 1, "2027-02-28"), ("2028-01-31", 1, "2028-02-29"), ("2026-12-31", 1, "2027-01-31"),
        ("2026-03-31", -1, "2026-02-28"), ("2026-01-15", -13, "2024-12-15"), ("2026-05-31", 13, "2027-06-30"),
        ("2026-03-14", 0, "2026-03-14"), ("2026-01-01", -12, "2025-01-01"),
    ]

    @Test("adding months clamps to the month's end", arguments: addingMonths)
    func months(_ c: (String, Int, String)) {
        #expect(CivilDate.parseISO(c.0)?.adding(months: c.1).iso == c.2)
    }

    @Test("adding years")
    func years() {
        #expect(CivilDate(year: 2024, month: 2, day: 29).adding(years: 1).iso == "2025-02-28")
        #expect(CivilDate(year: 2024, month: 2, day: 29).adding(years: 4).iso == "2028-02-29")
    }

    @Test("huge amounts do not trap")
    func huge() {
        _ = fixedToday.adding(days: Int.max)
        _ = fixedToday.adding(days: Int.min)
        _ = fixedToday.adding(months: Int.max)
        _ = fixedToday.adding(years: Int.min)
    }

    static let isoInputs: [(String, CivilDate?)] = [
        ("2026-12-31", CivilDate(year: 2026, month: 12, day: 31)), ("2024-02-29", CivilDate(year: 2024, month: 2, day: 29)),
        ("2026-02-29", nil), ("2026-13-01", nil), ("2026-00-10", nil), ("2026-1-01", nil), ("26-12-31", nil),
        ("2026/12/31", nil), ("2026-12-31 ", nil), ("0000-01-01", nil), ("abcd-ef-gh", nil), ("", nil),
    ]

    @Test("parseISO is strict", arguments: isoInputs)
    func iso(_ c: (String, CivilDate?)) {
        #expect(CivilDate.parseISO(c.0) == c.1)
    }

    @Test("valid and comparable")
    func validity() {
        #expect(CivilDate.valid(year: 2026, month: 2, day: 31) == nil)
        #expect(CivilDate.valid(year: 2026, month: 4, day: 31) == nil)
        #expect(CivilDate.valid(year: 2000, month: 2, day: 29) != nil)
        #expect(CivilDate.valid(year: 1900, month: 2, day: 29) == nil)
        #expect(CivilDate(year: 2026, month: 12, day: 31) > CivilDate(year: 2026, month: 1, day: 31))
        #expect(CivilDate(year: 5, month: 1, day: 2).iso == "0005-01-02")
    }

    @Test("date bounds")
    func bounds() {
        #expect(DateBound.parse("today") == .today)
        #expect(DateBound.parse("Mañana") == .tomorrow)
        #expect(DateBound.parse("HOJE") == .today)
        #expect(DateBound.parse("ontem") == .yesterday)
        #expect(DateBound.parse("2026-12-31") == .date(CivilDate(year: 2026, month: 12, day: 31)))
        #expect(DateBound.parse("31/12/2026") == nil)
        #expect(DateBound.parse("next week") == nil)
        #expect(DateBound.tomorrow.resolve(today: fixedToday).iso == "2026-03-15")
        #expect(DateBound.yesterday.resolve(today: fixedToday).iso == "2026-03-13")
    }
}
