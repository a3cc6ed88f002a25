/// ISO 8601 dates and date-times as flowc's files write them (a test's `now:`, a seeded `datetime`).
public enum ISODateTime {
    /// `2026-12-31 10:00` (YAML's timestamp form, a space for the `T`) as `2026-12-31T10:00`;
    /// any other text as it is.
    public static func withT(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count > 11, scalars[10] == " ", scalars[4] == "-", scalars[7] == "-", scalars[11].properties.numericType != nil else { return text }
        var out = String.UnicodeScalarView(scalars[..<10])
        out.append("T")
        out.append(contentsOf: scalars[11...])
        return String(out)
    }

    /// `2026-12-31`, `2026-12-31T14:30`, `…T14:30:05`, `…T14:30:05.250`, each with `Z`, `±hh:mm`,
    /// `±hhmm`, `±hh` or nothing: a real calendar day and time of day.
    public static func isValid(_ text: String) -> Bool {
        let b = Array(text.utf8)
        func digits(_ at: Int, _ n: Int) -> Int? {
            guard at + n <= b.count else { return nil }
            var v = 0
            for i in at..<(at + n) {
                guard b[i] >= 0x30, b[i] <= 0x39 else { return nil }
                v = v * 10 + Int(b[i] - 0x30)
            }
            return v
        }
        guard let year = digits(0, 4), b.count >= 10, b[4] == 0x2D, b[7] == 0x2D,
              let month = digits(5, 2), let day = digits(8, 2), (1...12).contains(month) else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        guard (1...days).contains(day) else { return false }
        if b.count == 10 { return true }
        guard b[10] == 0x54 || b[10] == 0x74, let hour = digits(11, 2), b.count >= 16, b[13] == 0x3A,
              let minute = digits(14, 2), hour < 24, minute < 60 else { return false }
        var i = 16
        if i < b.count, b[i] == 0x3A {
            guard let second = digits(i + 1, 2), second < 60 else { return false }
            i += 3
            if i < b.count, b[i] == 0x2E {
                i += 1
                let start = i
                while i < b.count, b[i] >= 0x30, b[i] <= 0x39 { i += 1 }
                guard i > start else { return false }
            }
        }
        if i == b.count { return true }
        if b[i] == 0x5A || b[i] == 0x7A { return i + 1 == b.count }
        guard b[i] == 0x2B || b[i] == 0x2D, let oh = digits(i + 1, 2), oh < 24 else { return false }
        if i + 3 == b.count { return true }
        // `+03:00`, or `+0300` as ISO's basic form (and many APIs) write it.
        let colon = b[i + 3] == 0x3A ? 1 : 0
        guard let om = digits(i + 3 + colon, 2), om < 60 else { return false }
        return i + 5 + colon == b.count
    }
}
