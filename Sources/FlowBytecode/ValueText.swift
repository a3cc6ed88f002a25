/// How values render in templates (flow-format.md §2): numbers canonically, dates ISO,
/// bools `true`/`false`, null as empty text, lists and JSON as compact JSON.
extension Value {
    /// The value as a template shows it.
    public var rendered: String {
        switch self {
        case .null: return ""
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return Self.canonical(n)
        case .text(let s): return s
        case .date(let days): return CivilDay(days).iso
        case .datetime(let ms, let offset): return Self.isoDateTime(ms, offsetMinutes: offset)
        case .list, .object: return json
        }
    }

    /// Compact JSON text of the value.
    public var json: String {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        writeJSON(into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the value's compact JSON text, as UTF-8, to `out`. Every turn stores its
    /// messages as JSON: bytes are appended whole, never scalar by scalar.
    public func writeJSON(into out: inout [UInt8]) {
        switch self {
        case .null: Self.append("null", to: &out)
        case .bool(let b): Self.append(b ? "true" : "false", to: &out)
        case .number(let n): Self.append(n.isFinite ? Self.canonical(n) : "null", to: &out)
        case .text(let s): Self.quote(s, into: &out)
        case .date, .datetime: Self.quote(rendered, into: &out)
        case .list(let items):
            out.append(0x5B)
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(0x2C) }
                item.writeJSON(into: &out)
            }
            out.append(0x5D)
        case .object(let object):
            out.append(0x7B)
            for (i, pair) in object.pairs.enumerated() {
                if i > 0 { out.append(0x2C) }
                Self.quote(pair.key, into: &out)
                out.append(0x3A)
                pair.value.writeJSON(into: &out)
            }
            out.append(0x7D)
        }
    }

    private static func append(_ s: String, to out: inout [UInt8]) {
        var s = s
        s.withUTF8 { out.append(contentsOf: $0) }
    }

    /// `s` as a JSON string literal.
    public static func quote(_ s: String, into out: inout String) {
        var bytes: [UInt8] = []
        quote(s, into: &bytes)
        out += String(decoding: bytes, as: UTF8.self)
    }

    /// `s` as a JSON string literal, appended as UTF-8 to `out`: the runs between escapes
    /// are copied whole (they are cut at ASCII bytes, so always on scalar boundaries).
    public static func quote(_ s: String, into out: inout [UInt8]) {
        out.append(0x22)
        var text = s
        text.withUTF8 { bytes in
            var run = 0
            for i in 0..<bytes.count {
                let byte = bytes[i]
                guard byte < 0x20 || byte == 0x22 || byte == 0x5C else { continue }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<i]))
                out.append(0x5C)
                switch byte {
                case 0x22, 0x5C: out.append(byte)
                case 0x0A: out.append(0x6E)
                case 0x0D: out.append(0x72)
                case 0x09: out.append(0x74)
                default:
                    let hex = Array("0123456789abcdef".utf8)
                    out.append(contentsOf: [0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
                }
                run = i + 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run...]))
        }
        out.append(0x22)
    }

    /// `3`, `3751.5`, `-0.25`: no trailing `.0`, no thousands separators, and at most 15
    /// significant digits, so binary noise stays out of messages: `1.1 * 3` is `3.3` and
    /// `0.1 + 0.2` is `0.3`, not `3.3000000000000003` and `0.30000000000000004`.
    public static func canonical(_ n: Double) -> String {
        if n.isNaN { return "NaN" }
        if n.isInfinite { return n < 0 ? "-Infinity" : "Infinity" }
        // A whole number is shown whole: exactly up to 2^53, where every integer is one a double
        // holds; above, in its shortest form, as JSON writes it (its digits past the 17th are zeros).
        if n == n.rounded(), abs(n) <= 9_007_199_254_740_992 { return String(Int64(n)) }
        return decimal(String(n), significant: n == n.rounded() ? 17 : 15)
    }

    /// Swift's shortest form (`0.30000000000000004`, `5.551115123125783e-17`) rounded to
    /// `significant` digits in decimal and written out without an exponent: `0.3`,
    /// `0.0000000000000000555111512312578`; a value that rounds whole is whole (`3`).
    static func decimal(_ shortest: String, significant: Int) -> String {
        var text = Substring(shortest)
        let negative = text.hasPrefix("-")
        if negative { text = text.dropFirst() }
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: e)...].drop(while: { $0 == "+" })) ?? 0
            text = text[..<e]
        }
        let wholePart = text.prefix { $0 != "." }
        var digits = Array((wholePart + text.dropFirst(wholePart.count + 1)).utf8).map { $0 &- 0x30 }
        var point = wholePart.count + exponent
        while digits.count > 1, digits.first == 0 { digits.removeFirst(); point -= 1 }
        if digits.count > significant {
            let up = digits[significant] >= 5
            digits.removeLast(digits.count - significant)
            if up {
                var i = digits.count - 1
                while i >= 0 {
                    if digits[i] == 9 { digits[i] = 0; i -= 1 } else { digits[i] += 1; break }
                }
                if i < 0 { digits.insert(1, at: 0); digits.removeLast(); point += 1 }
            }
        }
        while digits.count > 1, digits.last == 0 { digits.removeLast() }
        if digits == [0] { return "0" }
        let chars = String(decoding: digits.map { $0 + 0x30 }, as: UTF8.self)
        let body: String
        if point <= 0 {
            body = "0." + String(repeating: "0", count: -point) + chars
        } else if point >= chars.count {
            body = chars + String(repeating: "0", count: point - chars.count)
        } else {
            body = chars.prefix(point) + "." + chars.dropFirst(point)
        }
        return (negative ? "-" : "") + body
    }

    /// `n` rounded to 15 significant digits when its shortest form has more (the digits
    /// past the 15th of a sum or product of decimals are the binary representation's noise).
    public static func tidy(_ n: Double) -> Double {
        let magnitude = abs(n)
        if n == n.rounded() { return n }
        guard magnitude > 0, magnitude.isFinite, significantDigits(String(n)) > 15 else { return n }
        let exponent = Int((log10(magnitude)).rounded(.down))
        // Scaled so that the 15th significant digit is the units digit, rounded, scaled back
        // (dividing by a power of ten above it, not multiplying by one's inexact inverse).
        let rounded = exponent <= 14 ? (n * pow10(14 - exponent)).rounded() / pow10(14 - exponent)
                                     : (n / pow10(exponent - 14)).rounded() * pow10(exponent - 14)
        return rounded.isFinite ? rounded : n
    }

    private static func significantDigits(_ text: String) -> Int {
        var count = 0
        var leading = true
        for c in text.utf8 {
            if c == UInt8(ascii: "e") || c == UInt8(ascii: "E") { break }
            guard c >= 0x30, c <= 0x39 else { continue }
            if leading, c == 0x30 { continue }
            leading = false
            count += 1
        }
        return count
    }

    private static func pow10(_ k: Int) -> Double {
        var result = 1.0
        for _ in 0..<abs(k) { result *= 10 }
        return k < 0 ? 1 / result : result
    }

    private static func log10(_ x: Double) -> Double {
        // Only its integer part is used: count the decades.
        var e = 0.0
        var v = x
        while v >= 10 { v /= 10; e += 1 }
        while v < 1 { v *= 10; e -= 1 }
        return e
    }

    static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(abs(n))
        return (n < 0 ? "-" : "") + String(repeating: "0", count: max(0, width - s.count)) + s
    }

    static func isoDateTime(_ ms: Int64, offsetMinutes: Int) -> String {
        let local = ms + Int64(offsetMinutes) * 60_000
        let days = Int((local >= 0 ? local : local - 86_399_999) / 86_400_000)
        let msOfDay = Int(local - Int64(days) * 86_400_000)
        let h = msOfDay / 3_600_000, m = msOfDay / 60_000 % 60, s = msOfDay / 1000 % 60
        let sign = offsetMinutes < 0 ? "-" : "+"
        let off = abs(offsetMinutes)
        return "\(CivilDay(days).iso)T\(pad(h, 2)):\(pad(m, 2)):\(pad(s, 2))\(sign)\(pad(off / 60, 2)):\(pad(off % 60, 2))"
    }
}

/// Days since 1970-01-01 ↔ year, month, day (proleptic Gregorian; Howard Hinnant's algorithm).
public struct CivilDay: Sendable, Hashable {
    /// The calendar fields.
    public var year: Int, month: Int, day: Int

    /// The date `days` after 1970-01-01.
    public init(_ days: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        day = doy - (153 * mp + 2) / 5 + 1
        month = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (month <= 2 ? 1 : 0)
    }

    /// Days since 1970-01-01 of a calendar date.
    public static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// `2026-12-31`.
    public var iso: String { "\(Value.pad(year, 4))-\(Value.pad(month, 2))-\(Value.pad(day, 2))" }
}
