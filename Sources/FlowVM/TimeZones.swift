import FlowBytecode
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FlowValidation
import Synchronization

/// The UTC offset of a bot's time zone at any instant: the zone's rules from the system's time
/// zone database (`/usr/share/zoneinfo`, Debian's `tzdata`), so that Chile, the US and Europe
/// change with daylight saving time; where the database is missing, the zone's standard offset.
public struct ZoneRules: Sendable, Equatable {
    /// Seconds since the epoch at which the offset changes, ascending.
    let transitions: [Int64]
    /// The offset in minutes from each transition on.
    let offsets: [Int]
    /// The offset before the first transition (or always, with none).
    let initial: Int
    /// The rule after the last transition (the TZif footer): slim files list changes only up to
    /// a zone's last rule change, fat ones up to 2037.
    var rule: PosixRule?

    /// A zone that is always `minutes` from UTC.
    public init(fixed minutes: Int) {
        transitions = []
        offsets = []
        initial = minutes
    }

    init(transitions: [Int64], offsets: [Int], initial: Int) {
        self.transitions = transitions
        self.offsets = offsets
        self.initial = initial
    }

    /// The offset in minutes at `ms` milliseconds since the epoch.
    public func offset(atMillis ms: Int64) -> Int {
        let seconds = ms >= 0 ? ms / 1000 : (ms - 999) / 1000
        // The last transition at or before `seconds`.
        var low = 0, high = transitions.count
        while low < high {
            let mid = (low + high) / 2
            if transitions[mid] <= seconds { low = mid + 1 } else { high = mid }
        }
        if low == transitions.count, let rule { return rule.offset(atSeconds: seconds) }
        return low == 0 ? initial : offsets[low - 1]
    }

    /// The day (since 1970-01-01) of a wall-clock time read as UTC milliseconds.
    public static func day(ofLocal local: Int64) -> Int {
        Int((local >= 0 ? local : local - 86_399_999) / 86_400_000)
    }

    /// An ISO date-time text (an API's value, json checked when used) as a `datetime`: with `Z` or an
    /// offset, that instant; without, a time on this zone's clock. Either way on this zone's clock
    /// (`2026-06-20T14:30:00Z` is 11:30 in Buenos Aires), as every date-time of the bot is shown and
    /// moved. Nil when it is no date-time.
    public func dateTime(iso text: String) -> Value? {
        guard let (local, offset) = ISOInstant.parse(text) else { return nil }
        let ms = offset.map { local - Int64($0) * 60_000 } ?? instant(local: local)
        return .datetime(ms, offsetMinutes: self.offset(atMillis: ms))
    }

    /// The instant a local wall-clock time (`local` ms, read as if the zone were UTC) stands
    /// for: a time a change skips lands as far past it, one it repeats is the first.
    public func instant(local: Int64) -> Int64 {
        // The offsets a day either side of the local time read as UTC bracket the right instant.
        let day: Int64 = 86_400_000
        let before = Int64(offset(atMillis: local - day)) * 60_000
        let after = Int64(offset(atMillis: local + day)) * 60_000
        if before == after { return local - before }
        // Near a change: the reading whose own offset gives this local time back; of two (clocks set
        // back, an hour that happens twice) the earlier.
        for candidate in [local - before, local - after].sorted()
        where candidate + Int64(offset(atMillis: candidate)) * 60_000 == local {
            return candidate
        }
        // A time the clocks skip (00:30 when they jump from 00:00 to 01:00): as far past the change
        // as it is past the jump, 01:30 (read with the offset before the change).
        return local - before
    }

    /// Reads a TZif file (RFC 8536), version 2 or later (its 64-bit block); nil when it is not one.
    static func tzif(_ bytes: [UInt8]) -> ZoneRules? {
        func u32(_ at: Int) -> Int? {
            guard at + 4 <= bytes.count else { return nil }
            return Int(bytes[at]) << 24 | Int(bytes[at + 1]) << 16 | Int(bytes[at + 2]) << 8 | Int(bytes[at + 3])
        }
        func i32(_ at: Int) -> Int? { u32(at).map { Int(Int32(truncatingIfNeeded: $0)) } }
        func i64(_ at: Int) -> Int64? {
            guard let hi = u32(at), let lo = u32(at + 4) else { return nil }
            return Int64(bitPattern: UInt64(hi) << 32 | UInt64(lo))
        }
        func counts(_ at: Int) -> [Int]? {
            guard bytes.count >= at + 44, bytes[at] == 0x54, bytes[at + 1] == 0x5A, bytes[at + 2] == 0x69, bytes[at + 3] == 0x66 else { return nil }
            let c = (0..<6).compactMap { u32(at + 20 + 4 * $0) }
            return c.count == 6 && c.allSatisfy({ $0 < 1 << 20 }) ? c : nil
        }
        // Header: isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt.
        guard let v1 = counts(0), bytes[4] >= 0x32 else { return nil }
        let second = 44 + v1[3] * 4 + v1[3] + v1[4] * 6 + v1[5] + v1[2] * 8 + v1[1] + v1[0]
        guard let c = counts(second) else { return nil }
        let (timecnt, typecnt) = (c[3], c[4])
        let timesAt = second + 44, indicesAt = timesAt + timecnt * 8, typesAt = indicesAt + timecnt
        guard typecnt > 0, typesAt + typecnt * 6 <= bytes.count else { return nil }
        var typeOffsets: [Int] = []
        for t in 0..<typecnt {
            guard let seconds = i32(typesAt + t * 6) else { return nil }
            typeOffsets.append(seconds / 60)
        }
        var transitions: [Int64] = []
        var offsets: [Int] = []
        for i in 0..<timecnt {
            guard let at = i64(timesAt + i * 8) else { return nil }
            let type = Int(bytes[indicesAt + i])
            guard type < typecnt else { return nil }
            transitions.append(at)
            offsets.append(typeOffsets[type])
        }
        // Before the first transition: the first type (RFC 8536 §3.2).
        var rules = ZoneRules(transitions: transitions, offsets: offsets, initial: typeOffsets[0])
        // The footer: a line with a POSIX TZ string after the 64-bit block.
        let footer = typesAt + typecnt * 6 + c[5] + c[2] * 12 + c[1] + c[0]
        if footer < bytes.count, bytes[footer] == 0x0A, let close = bytes[(footer + 1)...].firstIndex(of: 0x0A) {
            rules.rule = PosixRule(String(decoding: bytes[(footer + 1)..<close], as: UTF8.self))
        }
        return rules
    }
}

/// A POSIX TZ rule (`EST5EDT,M3.2.0,M11.1.0`, `<-04>4<-03>,M9.1.6/24,M4.1.6/24`): a standard
/// offset and, with daylight saving time, when it starts and ends each year (the `M` form).
struct PosixRule: Sendable, Equatable {
    /// A change: the `day` (0 Sunday … 6) of `week` (1…4, 5 the last) of `month`, at `seconds` local time.
    struct Change: Sendable, Equatable {
        var month: Int, week: Int, day: Int, seconds: Int
    }

    /// Minutes east of UTC.
    var standard: Int
    var daylight: Int?
    var start: Change?
    var end: Change?

    /// Nil for text that is no rule this reads (a `J`/day-of-year form has no daylight saving here).
    init?(_ text: String) {
        var rest = Substring(text)
        func name() -> Bool {
            if rest.first == "<" {
                guard let close = rest.firstIndex(of: ">") else { return false }
                rest = rest[rest.index(after: close)...]
                return true
            }
            let letters = rest.prefix { $0.isLetter }
            rest = rest.dropFirst(letters.count)
            return letters.count >= 3
        }
        func time() -> Int? {
            var sign = 1
            if rest.first == "+" || rest.first == "-" { sign = rest.first == "-" ? -1 : 1; rest = rest.dropFirst() }
            var parts: [Int] = []
            while parts.count < 3 {
                let digits = rest.prefix { $0.isASCII && $0.isNumber }
                guard !digits.isEmpty, digits.count <= 3, let n = Int(digits) else { break }
                parts.append(n)
                rest = rest.dropFirst(digits.count)
                guard rest.first == ":" else { break }
                rest = rest.dropFirst()
            }
            guard let hours = parts.first else { return nil }
            return sign * (hours * 3600 + (parts.count > 1 ? parts[1] * 60 : 0) + (parts.count > 2 ? parts[2] : 0))
        }
        func change() -> Change? {
            guard rest.first == "," else { return nil }
            rest = rest.dropFirst()
            guard rest.first == "M" else { return nil }
            rest = rest.dropFirst()
            let fields = rest.prefix { $0 != "/" && $0 != "," }.split(separator: ".").compactMap { Int($0) }
            rest = rest.dropFirst(rest.prefix { $0 != "/" && $0 != "," }.count)
            guard fields.count == 3, (1...12).contains(fields[0]), (1...5).contains(fields[1]), (0...6).contains(fields[2]) else { return nil }
            var seconds = 7200
            if rest.first == "/" {
                rest = rest.dropFirst()
                guard let t = time(), abs(t) <= 167 * 3600 else { return nil }
                seconds = t
            }
            return Change(month: fields[0], week: fields[1], day: fields[2], seconds: seconds)
        }
        // POSIX offsets count west of UTC: `EST5` is UTC−5.
        guard name(), let std = time() else { return nil }
        standard = -std / 60
        guard !rest.isEmpty else { return }
        guard name() else { return nil }
        daylight = rest.first == "," ? standard + 60 : time().map { -$0 / 60 }
        guard daylight != nil, let s = change(), let e = change(), rest.isEmpty else { return nil }
        start = s
        end = e
    }

    /// The offset in minutes at `seconds` since the epoch.
    func offset(atSeconds seconds: Int64) -> Int {
        guard let daylight, let start, let end else { return standard }
        let localDays = Int((seconds + Int64(standard) * 60 - (seconds + Int64(standard) * 60 < 0 ? 86_399 : 0)) / 86_400)
        let year = CivilDate(daysSinceEpoch: localDays).year
        // Daylight time starts on standard time's clock and ends on its own.
        let begins = Self.instant(start, year: year, offset: standard), ends = Self.instant(end, year: year, offset: daylight)
        let inDaylight = begins < ends ? (seconds >= begins && seconds < ends) : (seconds >= begins || seconds < ends)
        return inDaylight ? daylight : standard
    }

    static func instant(_ change: Change, year: Int, offset: Int) -> Int64 {
        let first = CivilDate(year: year, month: change.month, day: 1)
        var day = 1 + (change.day - first.weekday % 7 + 7) % 7 + (change.week - 1) * 7
        while day > CivilDate.daysIn(month: change.month, year: year) { day -= 7 }
        let days = CivilDate(year: year, month: change.month, day: day).daysSinceEpoch
        return Int64(days) * 86_400 + Int64(change.seconds) - Int64(offset) * 60
    }
}

/// The time zones shops use: a bot's `timezone:`, else its locale's country's.
public enum TimeZones {
    /// Every zone a bot may name, with its standard offset in minutes (used when the system has
    /// no time zone database).
    static let zones: [String: Int] = [
        "UTC": 0, "Etc/UTC": 0, "America/Argentina/Buenos_Aires": -180, "America/Buenos_Aires": -180,
        "America/Argentina/Cordoba": -180, "America/Argentina/Mendoza": -180, "America/Sao_Paulo": -180,
        "America/Montevideo": -180, "America/Asuncion": -180, "America/Mexico_City": -360, "America/Monterrey": -360,
        "America/Cancun": -300, "America/Tijuana": -480, "America/Bogota": -300, "America/Lima": -300,
        "America/Guayaquil": -300, "America/Caracas": -240, "America/La_Paz": -240, "America/Santiago": -240,
        "America/New_York": -300, "America/Chicago": -360, "America/Los_Angeles": -480, "Europe/Madrid": 60,
        "Europe/London": 0, "Europe/Lisbon": 0, "America/Costa_Rica": -360, "America/Guatemala": -360,
        "America/Panama": -300, "America/Santo_Domingo": -240, "America/El_Salvador": -360, "America/Tegucigalpa": -360,
        "America/Managua": -360, "America/Puerto_Rico": -240, "America/Toronto": -300, "Australia/Sydney": 600,
    ]
    /// The zone of each locale's country (its capital's).
    static let byLocale: [String: String] = [
        "es-AR": "America/Argentina/Buenos_Aires", "es-MX": "America/Mexico_City", "es-CO": "America/Bogota",
        "es-CL": "America/Santiago", "es-PE": "America/Lima", "es-UY": "America/Montevideo", "es-ES": "Europe/Madrid",
        "pt-BR": "America/Sao_Paulo", "en-US": "America/New_York", "en-GB": "Europe/London",
        "es-VE": "America/Caracas", "es-EC": "America/Guayaquil", "es-BO": "America/La_Paz", "es-PY": "America/Asuncion",
        "es-CR": "America/Costa_Rica", "es-GT": "America/Guatemala", "es-PA": "America/Panama", "es-DO": "America/Santo_Domingo",
        "es-SV": "America/El_Salvador", "es-HN": "America/Tegucigalpa", "es-NI": "America/Managua", "es-PR": "America/Puerto_Rico",
        "es-US": "America/New_York", "pt-PT": "Europe/Lisbon", "en-CA": "America/Toronto", "en-AU": "Australia/Sydney",
    ]

    /// Where the time zone database is read from.
    static let databaseFolder = "/usr/share/zoneinfo"

    private static let loaded = Mutex<[String: ZoneRules]>([:])

    /// The rules of `zone`, else of the locale's country's zone, else UTC.
    public static func rules(_ zone: String, locale: String) -> ZoneRules {
        // Another zone of the database (`Asia/Tokyo`; the checker let the name through): its rules
        // when the machine has them, else the locale's country's clock.
        if zones[zone] == nil, Self.mayNameAZone(zone) {
            if let known = loaded.withLock({ $0[zone] }) { return known }
            if let rules = read(zone).flatMap(ZoneRules.tzif) {
                loaded.withLock { $0[zone] = rules }
                return rules
            }
        }
        let name = zones[zone] != nil ? zone : byLocale[locale] ?? "UTC"
        if let known = loaded.withLock({ $0[name] }) { return known }
        let rules = read(name).flatMap(ZoneRules.tzif) ?? ZoneRules(fixed: zones[name] ?? 0)
        loaded.withLock { $0[name] = rules }
        return rules
    }

    /// Whether `name` is shaped as the database names zones (ASCII letters, digits, `_ - +`
    /// between single `/`): a file inside the database folder, never a path out of it.
    static func mayNameAZone(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 64 && !name.hasPrefix("/") && !name.hasSuffix("/") && !name.contains("//")
            && !name.split(separator: "/").contains { $0.hasPrefix(".") }
            && name.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "_-+/".unicodeScalars.contains($0)) }
    }

    /// The bytes of a zone's file (only names of `zones`, or names shaped as zones, get here: no
    /// path leaves the database folder).
    private static func read(_ name: String) -> [UInt8]? {
        guard zones[name] != nil || mayNameAZone(name) else { return nil }
        guard let file = fopen(databaseFolder + "/" + name, "rb") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while bytes.count < 1 << 20 {
            let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, 4096, file) }
            if n <= 0 { break }
            bytes += chunk[0..<n]
        }
        return bytes
    }
}
