/// ISO 8601 date-times as flows meet them: an API's value, a test's `now:`, a seeded `datetime`.
public enum ISOInstant {
    /// `2026-12-31T14:30` (or `t`, or a space, as APIs write it), with seconds and fractions, then
    /// `Z`, `±hh:mm`, `±hhmm`, `±hh` or nothing: the local time (ms, read as UTC) and the offset in
    /// minutes when one is written. Nil for anything else.
    public static func parse(_ text: String) -> (local: Int64, offset: Int?)? {
        let b = Array(text.utf8)
        func digits(_ at: Int, _ n: Int) -> Int? {
            guard at + n <= b.count else { return nil }
            var v = 0
            for i in at..<(at + n) { guard b[i] >= 48, b[i] <= 57 else { return nil }; v = v * 10 + Int(b[i] - 48) }
            return v
        }
        guard b.count >= 16, b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: "t") || b[10] == UInt8(ascii: " "),
              let day = CivilDate.parseISO(String(decoding: b[0..<10], as: UTF8.self)),
              b[13] == UInt8(ascii: ":"), let h = digits(11, 2), let m = digits(14, 2), h < 24, m < 60 else { return nil }
        var i = 16, second = 0, millis = 0
        if i < b.count, b[i] == UInt8(ascii: ":") {
            guard let s = digits(i + 1, 2), s < 60 else { return nil }
            second = s
            i += 3
            if i < b.count, b[i] == UInt8(ascii: ".") {
                i += 1
                var scale = 100, any = false
                while i < b.count, b[i] >= 48, b[i] <= 57 { millis += Int(b[i] - 48) * scale; scale /= 10; i += 1; any = true }
                guard any else { return nil }
            }
        }
        var offset: Int?
        if i < b.count {
            if b[i] == UInt8(ascii: "Z") || b[i] == UInt8(ascii: "z") { offset = 0; i += 1 }
            else if b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-"), let oh = digits(i + 1, 2) {
                let sign = b[i] == UInt8(ascii: "-") ? -1 : 1
                var om = 0
                if i + 3 < b.count, b[i + 3] == UInt8(ascii: ":") {
                    guard let v = digits(i + 4, 2) else { return nil }
                    om = v
                    i += 6
                } else if let v = digits(i + 3, 2) {
                    om = v
                    i += 5
                } else {
                    i += 3
                }
                guard oh < 24, om < 60 else { return nil }
                offset = sign * (oh * 60 + om)
            } else { return nil }
        }
        guard i == b.count else { return nil }
        let local = Int64(day.daysSinceEpoch) * 86_400_000 + Int64(h * 3600 + m * 60 + second) * 1000 + Int64(millis)
        return (local, offset)
    }
}
