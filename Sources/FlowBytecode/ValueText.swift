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
        var out = ""
        writeJSON(into: &out)
        return out
    }

    private func writeJSON(into out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += n.isFinite ? Self.canonical(n) : "null"
        case .text(let s): Self.quote(s, into: &out)
        case .date, .datetime: Self.quote(rendered, into: &out)
        case .list(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                item.writeJSON(into: &out)
            }
            out += "]"
        case .object(let object):
            out += "{"
            for (i, pair) in object.pairs.enumerated() {
                if i > 0 { out += "," }
                Self.quote(pair.key, into: &out)
                out += ":"
                pair.value.writeJSON(into: &out)
            }
            out += "}"
        }
    }

    /// `s` as a JSON string literal.
    public static func quote(_ s: String, into out: inout String) {
        // Every turn stores its messages as JSON: copy the runs between escapes whole instead
        // of appending scalar by scalar. The runs are cut at ASCII bytes, so on scalar
        // boundaries (not always Character boundaries: a quote may carry a combining mark,
        // which is why they are sliced from the UTF-8 view, never from the String).
        out += "\""
        let utf8 = s.utf8
        var run = utf8.startIndex
        var i = run
        while i != utf8.endIndex {
            let byte = utf8[i]
            guard byte < 0x20 || byte == 0x22 || byte == 0x5C else {
                i = utf8.index(after: i)
                continue
            }
            out += Substring(utf8[run..<i])
            switch byte {
            case 0x22: out += "\\\""
            case 0x5C: out += "\\\\"
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            default:
                let hex = String(byte, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            }
            i = utf8.index(after: i)
            run = i
        }
        out += Substring(utf8[run...])
        out += "\""
    }

    /// `3`, `3751.5`, `-0.25`: no trailing `.0`, no thousands separators.
    public static func canonical(_ n: Double) -> String {
        if n.isNaN { return "NaN" }
        if n.isInfinite { return n < 0 ? "-Infinity" : "Infinity" }
        if n == n.rounded(), abs(n) < 1e15 { return String(Int64(n)) }
        var s = String(n)
        if s.hasSuffix(".0") { s.removeLast(2) }
        return s
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
