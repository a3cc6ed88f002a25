import FlowBytecode
import FlowValidation

/// The function library at run time (signatures are checked at compile time).
enum Builtins {
    /// The arguments that are text, by function.
    static let textArguments: [Builtin: [Int]] = [
        .lower: [0], .upper: [0], .trim: [0], .starts_with: [0, 1], .ends_with: [0, 1], .matches: [0, 1],
        .replace: [0, 1, 2], .split: [0, 1],
    ]

    static func call(_ f: Builtin, _ args: [Value], run: Run) -> Result<Value, OpError> {
        func text(_ i: Int) -> String { i < args.count ? args[i].rendered : "" }
        func isNull(_ i: Int) -> Bool { if i < args.count, case .null = args[i] { return true } else { return false } }
        func number(_ i: Int) -> Double? {
            guard i < args.count else { return nil }
            if case .number(let n) = args[i] { return n }
            return nil
        }
        func need(_ i: Int, _ what: String) -> Result<Double, OpError> {
            guard let n = number(i) else {
                return .failure(OpError(message: "\(f.name)() needs a number for \(what), got \(i < args.count ? args[i].typeName : "nothing")"))
            }
            return .success(n)
        }
        // A json list or object (checked when used) is no text for the text functions: `upper(o.tags)`
        // is an error, not the list's JSON upper-cased. Numbers, bools and dates read as their text.
        if let textual = Self.textArguments[f] {
            for i in textual where i < args.count {
                switch args[i] {
                case .list, .object:
                    return .failure(OpError(message: "\(f.name)() needs text, got \(args[i].typeName)"))
                default: continue
                }
            }
        }
        let locale = run.engine.locale
        // Nothing in (an unset variable, an API's `null`): the number functions give nothing, the
        // formatters empty text, as `format_date` and the text functions do.
        if isNull(0) {
            switch f {
            case .round, .floor, .ceil, .abs: return .success(.null)
            case .format_number: return .success(.text(""))
            default: break
            }
        }
        switch f {
        case .len:
            switch args.first ?? .null {
            case .text(let s): return .success(.number(Double(s.count)))
            case .list(let items): return .success(.number(Double(items.count)))
            case .object(let o): return .success(.number(Double(o.count)))
            case .null: return .success(.number(0))
            case let v: return .failure(OpError(message: "len() of a \(v.typeName)"))
            }
        case .url_encode: return .success(.text(PercentEncoding.encode(text(0), host: args.count > 1)))
        case .lower: return .success(.text(text(0).lowercased()))
        case .upper: return .success(.text(text(0).uppercased()))
        case .trim:
            let s = text(0)
            return .success(.text(String(s.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())))
        case .contains:
            guard args.count == 2 else { return .success(.bool(false)) }
            return ValueOps.binary(.in_, args[1], args[0], zone: run.engine.zone)
        case .starts_with: return .success(.bool(!isNull(1) && text(0).hasPrefix(text(1))))
        case .ends_with: return .success(.bool(!isNull(1) && text(0).hasSuffix(text(1))))
        case .matches:
            // A pattern from a variable was not compiled by the checker: a broken one is an error, not "no match".
            guard (try? CompiledPattern.cached(text(1))) != nil else {
                return .failure(OpError(message: "matches() with an invalid regular expression `\(text(1).prefix(40))`"))
            }
            return .success(.bool(run.engine.match(text(1), text(0), whole: false) != nil))
        case .replace:
            let search = text(1)
            guard !search.isEmpty else { return .success(.text(text(0))) }
            return .success(.text(text(0).replacing(search, with: text(2))))
        case .split:
            // An unset value splits into no parts (`len(split(x, ","))` is 0), not one empty part.
            if (args.first ?? .null).isNull { return .success(.list([])) }
            let sep = text(1)
            if sep.isEmpty { return .success(.list(text(0).map { .text(String($0)) })) }
            return .success(.list(text(0).split(separator: sep, omittingEmptySubsequences: false).map { .text(String($0)) }))
        case .join:
            guard case .list(let items) = args.first ?? .null else { return .success(.text(text(0))) }
            return .success(.text(items.map(\.rendered).joined(separator: text(1))))
        case .number:
            switch args.first ?? .null {
            case .number(let n): return .success(.number(n))
            case .text(let s): return .success(NumberText.read(s, locale: locale).map(Value.number) ?? .null)
            case .bool(let b): return .success(.number(b ? 1 : 0))
            default: return .success(.null)
            }
        case .text: return .success(.text(text(0)))
        case .round:
            return need(0, "the value").map { n in
                // Negative digits round to tens, hundreds…: round(1234.5, -2) is 1200.
                let digits = number(1).map { $0.isFinite ? Int(max(-15, min(15, $0.rounded(.towardZero)))) : 0 } ?? 0
                var scale = 1.0
                for _ in 0..<abs(digits) { scale *= 10 }
                // Scaled, then tidied to 15 significant digits before rounding: the half is the
                // one of the number as written (1.005 * 100 is 100.49999999999999 in binary; it
                // rounds as 100.5, to 1.01, as format_number and money round it).
                if digits < 0 { return .number(Value.tidy(n / scale).rounded(.toNearestOrAwayFromZero) * scale) }
                return .number(Value.tidy(n * scale).rounded(.toNearestOrAwayFromZero) / scale)
            }
        // Past binary noise (`floor(0.57 * 100)` is 57, not 56.99999999999999's 56).
        case .floor: return need(0, "the value").map { .number(ValueOps.snapped($0).rounded(.down)) }
        case .ceil: return need(0, "the value").map { .number(ValueOps.snapped($0).rounded(.up)) }
        case .abs: return need(0, "the value").map { .number(Swift.abs($0)) }
        case .min, .max, .sum:
            var values: [Double] = []
            let items: [Value]
            if args.count == 1, case .list(let list) = args[0] { items = list } else { items = args }
            for v in items {
                guard case .number(let n) = v else { return .failure(OpError(message: "\(f.name)() needs numbers, got \(v.typeName)")) }
                values.append(n)
            }
            if f == .sum { return ValueOps.finite(values.reduce(0, ValueOps.sum)) }
            guard let first = values.first else { return .success(.null) }
            return .success(.number(values.dropFirst().reduce(first) { f == .min ? Swift.min($0, $1) : Swift.max($0, $1) }))
        case .first, .last:
            guard case .list(let items) = args.first ?? .null else { return .success(.null) }
            return .success((f == .first ? items.first : items.last) ?? .null)
        case .now:
            return .success(.datetime(run.context.now, offsetMinutes: run.engine.zone.offset(atMillis: run.context.now)))
        case .today:
            return .success(.date(run.engine.today(run.context.now)))
        case .date_add:
            guard let amount = number(1) else { return .failure(OpError(message: "date_add() needs a number of units")) }
            let unit = text(2).lowercased()
            // Amounts come from user input too: beyond about 2,700 years either way they are an
            // error, never a trap nor a date that wrapped round.
            guard amount.isFinite else { return .failure(OpError(message: "date_add() needs a finite amount")) }
            let daysPerUnit: Double = switch unit {
            case "minute", "minutes": 1.0 / 1440
            case "hour", "hours": 1.0 / 24
            case "week", "weeks": 7
            case "month", "months": 31
            case "year", "years": 366
            default: 1
            }
            guard abs(amount) * daysPerUnit <= 1_000_000 else {
                return .failure(OpError(message: "date_add() by \(Value.canonical(amount)) \(unit) is beyond any calendar"))
            }
            let n = Int(amount.rounded(.towardZero))
            // An API's date or date-time in ISO text (json, checked when used) moves as a date does.
            var subject = args.first ?? .null
            if case .text(let s) = subject {
                if let days = ValueOps.isoDate(s) {
                    subject = .date(days)
                } else if let dateTime = run.engine.zone.dateTime(iso: s) {
                    subject = dateTime
                }
            }
            switch subject {
            case .date(let days):
                let d = CivilDate(daysSinceEpoch: days)
                let moved: CivilDate
                switch unit {
                case "day", "days": moved = d.adding(days: n)
                case "week", "weeks": moved = d.adding(days: 7 * n)
                case "month", "months": moved = d.adding(months: n)
                case "year", "years": moved = d.adding(months: 12 * n)
                case "hour", "hours", "minute", "minutes":
                    return .failure(OpError(message: "date_add() of a date by \(unit): a date has no time of day"))
                default: return .failure(OpError(message: "unknown unit `\(unit)`"))
                }
                return .success(.date(moved.daysSinceEpoch))
            case .datetime(let ms, _):
                let minute: Int64 = 60_000
                let zone = run.engine.zone
                // Minutes and hours move the instant; days and longer move the wall clock (9:00 stays
                // 9:00 across a daylight saving change), the bot's. Either way the offset is the zone's at the result.
                func at(_ instant: Int64) -> Value { .datetime(instant, offsetMinutes: zone.offset(atMillis: instant)) }
                let local = ms + Int64(zone.offset(atMillis: ms)) * minute
                // Fractions of these units count (1.5 hours is 90 minutes), to the millisecond.
                func span(_ minutes: Double) -> Int64 { Int64((amount * minutes * 60_000).rounded()) }
                switch unit {
                case "minute", "minutes": return .success(at(ms + span(1)))
                case "hour", "hours": return .success(at(ms + span(60)))
                case "day", "days": return .success(at(zone.instant(local: local + span(1440))))
                case "week", "weeks": return .success(at(zone.instant(local: local + span(10080))))
                default:
                    let months = unit.hasPrefix("month") ? n : 12 * n
                    let days = ZoneRules.day(ofLocal: local)
                    let moved = CivilDate(daysSinceEpoch: days).adding(months: months)
                    return .success(at(zone.instant(local: local + Int64(moved.daysSinceEpoch - days) * 86_400_000)))
                }
            case .null: return .success(.null)
            case let v: return .failure(OpError(message: "date_add() of a \(v.typeName)"))
            }
        case .format_date:
            let pattern = args.count > 1 ? text(1) : nil
            // A pattern from data was not checked as a literal one is: garbage (`DD/01/YYYY`) is no message.
            if let pattern, !pattern.isEmpty {
                let hasTime: Bool = switch args.first ?? .null {
                case .date: false
                case .text(let s): CivilDate.parseISO(s) == nil
                default: true
                }
                if let problem = DateText.patternProblem(pattern, hasTime: hasTime) {
                    return .failure(OpError(message: "format_date() pattern `\(pattern.prefix(40))`: \(problem)"))
                }
            }
            switch args.first ?? .null {
            case .date(let days): return .success(.text(DateText.format(CivilDate(daysSinceEpoch: days), pattern: pattern, locale: locale)))
            case .datetime(let ms, _):
                // On the bot's clock, whatever offset the value came with.
                return .success(.text(Self.formatDateTime(ms, offset: run.engine.zone.offset(atMillis: ms), pattern: pattern, locale: locale)))
            case .text(let s):
                // A json value (an API's date or date-time) in ISO 8601; a date-time with a zone is shown in the bot's.
                if let d = CivilDate.parseISO(s) { return .success(.text(DateText.format(d, pattern: pattern, locale: locale))) }
                if case .datetime(let ms, _)? = run.engine.zone.dateTime(iso: s) {
                    return .success(.text(Self.formatDateTime(ms, offset: run.engine.zone.offset(atMillis: ms), pattern: pattern, locale: locale)))
                }
                return .failure(OpError(message: "format_date() of text that is not an ISO date or date-time: `\(s.prefix(40))`"))
            case .null: return .success(.text(""))
            case let v: return .failure(OpError(message: "format_date() of a \(v.typeName)"))
            }
        case .format_number:
            return need(0, "the value").map { .text(NumberText.format($0, decimals: number(1).map { $0.isFinite ? Int(max(0, min(10, $0))) : 0 }, locale: locale)) }
        case .money:
            // A code from a variable was not checked as a literal one is: it must at least look like one.
            // (An API's lower-case or padded code, `"usd"`, `" ARS"`, is read as the code it names.)
            let code = TextMatch.trim(text(1)).uppercased()
            guard code.utf8.count == 3, code.utf8.allSatisfy({ $0 >= 0x41 && $0 <= 0x5A }) else {
                return .failure(OpError(message: "money() needs an ISO 4217 currency code such as \"ARS\", not `\(code.prefix(20))`"))
            }
            if isNull(0) { return .success(.text("")) }
            return need(0, "the amount").map { .text(NumberText.money($0, currency: code, locale: locale)) }
        }
    }

    /// A date-time rendered on the wall clock of its offset: the day, then the time of day.
    static func formatDateTime(_ ms: Int64, offset: Int, pattern: String?, locale: FlowLocale) -> String {
        let local = ms + Int64(offset) * 60_000
        let days = local >= 0 ? local / 86_400_000 : (local - 86_399_999) / 86_400_000
        let seconds = Int((local - days * 86_400_000) / 1000)
        let time = CivilTime(hour: seconds / 3600, minute: seconds / 60 % 60, second: seconds % 60)
        return DateText.format(CivilDate(daysSinceEpoch: Int(days)), time: time, pattern: pattern, locale: locale)
    }
}
