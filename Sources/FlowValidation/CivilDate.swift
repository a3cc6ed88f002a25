/// A calendar date without a time or a time zone (proleptic Gregorian calendar), as the
/// `date` type of a flow holds it: rendered in templates as ISO `2026-12-31`.
public struct CivilDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The year, e.g. `2026`.
    public var year: Int
    /// The month, `1`…`12`.
    public var month: Int
    /// The day of the month, `1`…`31`.
    public var day: Int

    /// A date from its parts, as given: it does not check them (`CivilDate.valid` does).
    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// The date when the parts name a real calendar day of the years 1…9999 (`31/02` does not), else nil.
    public static func valid(year: Int, month: Int, day: Int) -> CivilDate? {
        guard (1...9999).contains(year), (1...12).contains(month),
              day >= 1, day <= daysIn(month: month, year: year) else { return nil }
        return CivilDate(year: year, month: month, day: day)
    }

    /// Whether `year` has a 29 February.
    public static func isLeap(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    /// The number of days of `month` (`1`…`12`) in `year`; 0 for a month out of range.
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 1, 3, 5, 7, 8, 10, 12: return 31
        case 4, 6, 9, 11: return 30
        case 2: return isLeap(year) ? 29 : 28
        default: return 0
        }
    }

    /// ISO 8601 `yyyy-MM-dd`, e.g. `2026-12-31` (the year zero-padded to four digits).
    public var iso: String {
        let y = year < 0 ? "-" + Self.pad(-year, 4) : Self.pad(year, 4)
        return y + "-" + Self.pad(month, 2) + "-" + Self.pad(day, 2)
    }

    /// The ISO form, as templates render dates.
    public var description: String { iso }

    /// Days since 1970-01-01 (which is 0); negative before it.
    public var daysSinceEpoch: Int {
        // H. Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The date `daysSinceEpoch` days after 1970-01-01.
    public init(daysSinceEpoch: Int) {
        // H. Hinnant's civil_from_days.
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d)
    }

    /// The date `days` days later (earlier when negative). Amounts beyond ±1,000,000,000
    /// days are clamped to that, so that no input can overflow.
    public func adding(days: Int) -> CivilDate {
        CivilDate(daysSinceEpoch: daysSinceEpoch + Swift.min(Swift.max(days, -Self.limit), Self.limit))
    }

    /// The date `months` months later (earlier when negative), keeping the day and clamping it
    /// to the last day of the target month: 2027-01-31 + 1 month is 2027-02-28. Amounts beyond
    /// ±1,000,000,000 are clamped.
    public func adding(months: Int) -> CivilDate {
        let months = Swift.min(Swift.max(months, -Self.limit), Self.limit)
        let total = year * 12 + (month - 1) + months
        let y = total >= 0 ? total / 12 : (total - 11) / 12
        let m = total - y * 12 + 1
        return CivilDate(year: y, month: m, day: Swift.min(day, Self.daysIn(month: m, year: y)))
    }

    /// The date `years` years later (earlier when negative); 29 February becomes 28 February
    /// in a year that has none.
    public func adding(years: Int) -> CivilDate {
        adding(months: Swift.min(Swift.max(years, -Self.limit / 12), Self.limit / 12) * 12)
    }

    /// The ISO 8601 day of the week: 1 is Monday … 7 is Sunday.
    public var weekday: Int {
        let d = daysSinceEpoch % 7
        return (d + 7 + 3) % 7 + 1  // 1970-01-01 was a Thursday (4)
    }

    /// Reads exactly `yyyy-MM-dd` (`2026-12-31`) naming a real day; nil otherwise.
    public static func parseISO(_ text: String) -> CivilDate? {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              let y = digitsValue(bytes[0..<4]), let m = digitsValue(bytes[5..<7]),
              let d = digitsValue(bytes[8..<10]) else { return nil }
        return valid(year: y, month: m, day: d)
    }

    /// Earlier dates sort first.
    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    private static let limit = 1_000_000_000

    static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    private static func digitsValue(_ bytes: ArraySlice<UInt8>) -> Int? {
        var value = 0
        for b in bytes {
            guard b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(b - UInt8(ascii: "0"))
        }
        return value
    }
}
