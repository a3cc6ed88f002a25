import FlowBytecode
import FlowValidation

/// A runtime type error inside an expression.
struct OpError: Error {
    var message: String
}

/// Operators on runtime values. The checker rules out most mismatches; what is left comes
/// from JSON whose shape is only known at run time.
/// Numbers as flows compare them: `0.1 + 0.2` is `0.3` (a test's `expect: vars` compares so too).
public enum NumberEquality {
    /// Whether two numbers differ only by binary noise.
    public static func same(_ a: Double, _ b: Double) -> Bool { ValueOps.nearlyEqual(a, b) }
}

enum ValueOps {
    /// `zone`: the bot's clock, on which an ISO date-time text compared with a date is read.
    static func binary(_ op: Opcode, _ l: Value, _ r: Value, zone: ZoneRules? = nil) -> Result<Value, OpError> {
        switch op {
        case .eq: return .success(.bool(equal(l, r, zone: zone)))
        case .ne: return .success(.bool(!equal(l, r, zone: zone)))
        case .add:
            switch (l, r) {
            case (.number(let a), .number(let b)): return finite(sum(a, b))
            case (.text(let a), .text(let b)): return .success(.text(a + b))
            case (.list(let a), .list(let b)): return .success(.list(a + b))
            // Text and a value the checker took for text (an API's number saved into a text variable): its text.
            case (.text(let a), _) where !r.isNull: return .success(.text(a + r.rendered))
            default: return .failure(OpError(message: "cannot add \(l.typeName) and \(r.typeName)"))
            }
        case .sub, .mul, .div, .mod:
            guard case .number(let a) = l, case .number(let b) = r else {
                return .failure(OpError(message: "arithmetic needs numbers, got \(l.typeName) and \(r.typeName)"))
            }
            let result: Double
            switch op {
            case .sub: result = sum(a, -b)
            case .mul: result = onDecimals(a * b, decimals(a).flatMap { da in decimals(b).map { da + $0 } })
            case .div:
                guard b != 0 else { return .failure(OpError(message: "division by zero")) }
                result = a / b
            default:
                guard b != 0 else { return .failure(OpError(message: "division by zero in `%`")) }
                // On the decimals the numbers show: `(0.1 * 3 * 10) % 3` is 0, `10 % 3.3` is 0.1.
                let r = onDecimals(a.truncatingRemainder(dividingBy: b), widest(a, b))
                let noise = 4 * a.ulp
                result = abs(r) <= noise || abs(abs(r) - abs(b)) <= noise ? 0 : r
            }
            return finite(result)
        case .lt, .le, .gt, .ge:
            guard let c = compare(l, r, zone: zone) else {
                return .failure(OpError(message: "cannot compare \(l.typeName) with \(r.typeName)"))
            }
            let result = switch op {
            case .lt: c < 0
            case .le: c <= 0
            case .gt: c > 0
            default: c >= 0
            }
            return .success(.bool(result))
        case .in_:
            switch r {
            case .list(let items): return .success(.bool(items.contains { equal($0, l, zone: zone) }))
            case .text(let s):
                // Nothing (an unset variable) is in no text, though "" is in every one.
                if case .null = l { return .success(.bool(false)) }
                return .success(.bool(s.contains(l.rendered)))
            case .object(let o): return .success(.bool(o[l.rendered] != nil))
            case .null: return .success(.bool(false))
            default: return .failure(OpError(message: "`in` needs a list, text or JSON object, got \(r.typeName)"))
            }
        default:
            return .failure(OpError(message: "not an operator"))
        }
    }

    /// `a + b` on the decimals the two numbers show, as a person adds them on paper:
    /// `10000 - 9999.9` is `0.1` and `1500.3 - 1500` is `0.3`, not binary noise that a message
    /// would show (`0.100000000000364`) and `==` would tell apart.
    static func sum(_ a: Double, _ b: Double) -> Double {
        onDecimals(a + b, widest(a, b))
    }

    /// The more decimals of two numbers', or nil when either shows more than `decimals` reads.
    static func widest(_ a: Double, _ b: Double) -> Int? {
        guard let da = decimals(a), let db = decimals(b) else { return nil }
        return max(da, db)
    }

    static let powersOfTen: [Double] = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                        1e16, 1e17, 1e18]

    /// How many decimals `x` shows (`9999.9` → 1, `12` → 0, `1.005` → 3): the fewest that give
    /// back the same number; nil past 9 (`1 / 3`) or when the number is too large to hold them.
    static func decimals(_ x: Double) -> Int? {
        guard x.isFinite else { return nil }
        for k in 0...9 {
            let scale = powersOfTen[k]
            let scaled = x * scale
            guard scaled.magnitude < 4e15 else { return nil }
            if scaled.rounded() / scale == x { return k }
        }
        return nil
    }

    /// `x` rounded to `k` decimals, when it can hold them exactly; else `x` as it is.
    static func onDecimals(_ x: Double, _ k: Int?) -> Double {
        guard let k, k < powersOfTen.count, x.isFinite else { return x }
        let scale = powersOfTen[k]
        let scaled = x * scale
        guard scaled.magnitude < 4e15 else { return x }
        return scaled.rounded() / scale
    }

    /// A number result, or an error when it is too large for one (no `Infinity` in a message).
    static func finite(_ n: Double) -> Result<Value, OpError> {
        n.isFinite ? .success(.number(n)) : .failure(OpError(message: "the result is too large for a number"))
    }

    /// Two numbers that differ only by binary noise (a few units in the last place, as `0.1 + 0.2`
    /// and `0.3`) are equal: the decimals a person wrote are what is compared.
    static func nearlyEqual(_ a: Double, _ b: Double) -> Bool {
        if a == b { return true }
        // Whole numbers (ids, counts) carry no noise: 1234567890123456 is not 1234567890123457.
        if a == a.rounded(), b == b.rounded() { return false }
        return (a - b).magnitude <= 4 * max(a.ulp, b.ulp)
    }

    /// `x` as the whole number it is but for binary noise (`0.57 * 100` is 57), else `x`.
    static func snapped(_ x: Double) -> Double {
        let whole = x.rounded()
        return x.isFinite && nearlyEqual(x, whole) ? whole : x
    }

    static func equal(_ l: Value, _ r: Value, zone: ZoneRules? = nil) -> Bool {
        switch (l, r) {
        case (.number(let a), .number(let b)): return nearlyEqual(a, b)
        // An API's date, or date-time on the bot's clock (`o.fecha == today()`), as `<` compares them.
        case (.date(let a), .text(let b)), (.text(let b), .date(let a)):
            return Value.date(a).rendered == b || (isoDate(b) == nil && isoDay(b, zone: zone) == a)
        // An API's number sent as text (json, which takes the other side's type): `o.id == 42`
        // holds for `"42"`, as it would for 42; a text that is no plain number equals no number.
        case (.number(let a), .text(let b)), (.text(let b), .number(let a)): return plainNumber(b).map { nearlyEqual(a, $0) } ?? false
        // An API's date-time in ISO text with its offset (`o.at == now()`) is the same instant, as `<=` and `>=` compare it.
        case (.datetime(let a, _), .text(let b)), (.text(let b), .datetime(let a, _)): return isoInstant(b, zone: zone) == a
        default: return l == r
        }
    }

    /// A text that is a number as JSON writes one (`42`, `-3`, `1500.5`; not `007`, a code), nil for anything else.
    static func plainNumber(_ text: String) -> Double? {
        var body = Substring(text)
        if body.first == "-" { body = body.dropFirst() }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }),
              parts[0].count <= 16, parts[0] == "0" || parts[0].first != "0" else { return nil }
        return Double(text)
    }

    static func compare(_ l: Value, _ r: Value, zone: ZoneRules? = nil) -> Int? {
        switch (l, r) {
        case (.number(let a), .number(let b)): return nearlyEqual(a, b) ? 0 : a < b ? -1 : 1
        case (.text(let a), .text(let b)): return a < b ? -1 : a > b ? 1 : 0
        case (.date(let a), .date(let b)): return a < b ? -1 : a > b ? 1 : 0
        case (.datetime(let a, _), .datetime(let b, _)): return a < b ? -1 : a > b ? 1 : 0
        // An API's date in ISO text (json, checked when used) compares with a date or date-time;
        // a date-time text with a date by its day on the bot's clock (`o.dt < today()`).
        case (.date, .text(let s)): return (isoDate(s) ?? isoDay(s, zone: zone)).flatMap { compare(l, .date($0)) }
        case (.text(let s), .date): return (isoDate(s) ?? isoDay(s, zone: zone)).flatMap { compare(.date($0), r) }
        case (.datetime, .text(let s)): return isoInstant(s, zone: zone).flatMap { compare(l, .datetime($0, offsetMinutes: 0)) }
        case (.text(let s), .datetime): return isoInstant(s, zone: zone).flatMap { compare(.datetime($0, offsetMinutes: 0), r) }
        default: return nil
        }
    }

    /// Days since the epoch of the day an ISO date-time text (`2026-12-31T14:30:00-03:00`) falls on
    /// in `zone` (the bot's clock), or as written when there is no zone to go by.
    static func isoDay(_ s: String, zone: ZoneRules?) -> Int? {
        let local: Int64
        if let zone, case .datetime(let ms, let offset)? = zone.dateTime(iso: s) {
            local = ms + Int64(offset) * 60_000
        } else if let (written, _) = ISOInstant.parse(s) {
            local = written
        } else {
            return nil
        }
        let day: Int64 = 86_400_000
        return Int((local >= 0 ? local : local - day + 1) / day)
    }

    /// Days since the epoch of an ISO date text (`2026-12-31`).
    static func isoDate(_ s: String) -> Int? { CivilDate.parseISO(s)?.daysSinceEpoch }

    /// The instant of an ISO date-time text (`2026-12-31T14:30:00-03:00`); one without an offset
    /// (`2026-12-31T14:30:00`, as many shops' APIs write local times) is on the bot's clock, as
    /// `format_date` and `date_add` read it; nil without an offset when there is no clock to go by.
    static func isoInstant(_ s: String, zone: ZoneRules? = nil) -> Int64? {
        guard let (local, offset) = ISOInstant.parse(s) else { return nil }
        if let offset { return local - Int64(offset) * 60_000 }
        return zone?.instant(local: local)
    }
}
