import FlowSyntax
import FlowValidation
import Foundation
import Testing
@testable import FlowVM

@Suite("time zones")
struct TimeZoneTests {
    @Test("check accepts the zones the runtime knows the offset of, and every zone of the database")
    func sameZones() {
        #expect(Set(TimeZones.zones.keys) == TimeZoneNames.known)
        #expect(TimeZones.byLocale.values.allSatisfy { TimeZones.zones[$0] != nil })
        for bad in ["Mars/Olympus", "../../etc/passwd", "/etc/passwd", "Asia/../../etc/passwd", "", "America/Buenos_Aire"] {
            #expect(!TimeZoneNames.isKnown(bad), "\(bad)")
            #expect(TimeZones.rules(bad, locale: "es-AR") == TimeZones.rules("", locale: "es-AR"), "\(bad) runs on the locale's clock")
        }
    }

    @Test("a zone of the database beyond the built-in ones runs on its own rules", .enabled(if: TimeZoneTests.hasDatabase))
    func databaseZones() {
        for zone in ["Asia/Tokyo", "Australia/Sydney", "Etc/GMT+3", "Europe/Kyiv"] { #expect(TimeZoneNames.isKnown(zone), "\(zone)") }
        #expect(TimeZones.rules("Asia/Tokyo", locale: "es-AR").offset(atMillis: Self.utc(2026, 7, 1)) == 540)
        #expect(TimeZones.rules("Etc/GMT+3", locale: "es-AR").offset(atMillis: Self.utc(2026, 7, 1)) == -180)
        #expect(TimeZones.rules("Australia/Sydney", locale: "en-US").offset(atMillis: Self.utc(2026, 1, 15)) == 660, "summer there")
    }

    /// Milliseconds since the epoch of a UTC date and time.
    static func utc(_ y: Int, _ m: Int, _ d: Int, _ h: Int = 12, _ minute: Int = 0) -> Int64 {
        Int64(CivilDate(year: y, month: m, day: d).daysSinceEpoch) * 86_400_000 + Int64(h) * 3_600_000 + Int64(minute) * 60_000
    }

    @Test("offsets follow daylight saving time where the zone has it", .enabled(if: TimeZoneTests.hasDatabase))
    func daylightSaving() {
        let santiago = TimeZones.rules("America/Santiago", locale: "es-CL")
        #expect(santiago.offset(atMillis: Self.utc(2026, 1, 15)) == -180, "summer in Chile")
        #expect(santiago.offset(atMillis: Self.utc(2026, 7, 15)) == -240, "winter in Chile")
        let newYork = TimeZones.rules("", locale: "en-US")
        #expect(newYork.offset(atMillis: Self.utc(2026, 1, 15)) == -300)
        #expect(newYork.offset(atMillis: Self.utc(2026, 7, 15)) == -240)
        // 2026-03-08 02:00 EST → 03:00 EDT, at 07:00 UTC.
        #expect(newYork.offset(atMillis: Self.utc(2026, 3, 8, 6)) == -300)
        #expect(newYork.offset(atMillis: Self.utc(2026, 3, 8, 8)) == -240)
        #expect(TimeZones.rules("Europe/Madrid", locale: "es-AR").offset(atMillis: Self.utc(2026, 7, 1)) == 120)
        #expect(TimeZones.rules("", locale: "es-AR").offset(atMillis: Self.utc(2026, 7, 1)) == -180)
        // A local wall-clock time reads as the instant it is there, on either side of a change.
        #expect(newYork.instant(local: Self.utc(2026, 1, 15, 9)) == Self.utc(2026, 1, 15, 14))
        #expect(newYork.instant(local: Self.utc(2026, 7, 15, 9)) == Self.utc(2026, 7, 15, 13))
        // A time the clocks skip lands as far past the change: 02:30 on 8 March is 03:30 EDT (07:30 UTC);
        // one that happens twice (01:30 on 1 November) is the first, EDT (05:30 UTC).
        #expect(newYork.instant(local: Self.utc(2026, 3, 8, 2, 30)) == Self.utc(2026, 3, 8, 7, 30))
        #expect(newYork.instant(local: Self.utc(2026, 11, 1, 1, 30)) == Self.utc(2026, 11, 1, 5, 30))
        // Santiago jumps from 00:00 to 01:00 on 6 September 2026: 00:30 is 01:30 -03 (04:30 UTC); Madrid
        // jumps from 02:00 to 03:00 on 29 March: 02:30 is 03:30 +02 (01:30 UTC).
        #expect(santiago.instant(local: Self.utc(2026, 9, 6, 0, 30)) == Self.utc(2026, 9, 6, 4, 30))
        let madrid = TimeZones.rules("Europe/Madrid", locale: "es-ES")
        #expect(madrid.instant(local: Self.utc(2026, 3, 29, 2, 30)) == Self.utc(2026, 3, 29, 1, 30))
    }

    @Test("after the file's last change, the zone's rule (its footer) decides", .enabled(if: TimeZoneTests.hasDatabase))
    func beyondTheLastTransition() {
        let newYork = TimeZones.rules("America/New_York", locale: "en-US")
        #expect(newYork.offset(atMillis: Self.utc(2040, 1, 15)) == -300)
        #expect(newYork.offset(atMillis: Self.utc(2040, 7, 15)) == -240)
        let santiago = TimeZones.rules("America/Santiago", locale: "es-CL")
        #expect(santiago.offset(atMillis: Self.utc(2045, 1, 15)) == -180)
        #expect(santiago.offset(atMillis: Self.utc(2045, 7, 15)) == -240)
        #expect(TimeZones.rules("Europe/Madrid", locale: "es-ES").offset(atMillis: Self.utc(2050, 7, 1)) == 120)
    }

    @Test("POSIX TZ rules as TZif footers write them")
    func posixRules() throws {
        let us = try #require(PosixRule("EST5EDT,M3.2.0,M11.1.0"))
        #expect(us.standard == -300 && us.daylight == -240)
        // 2026: second Sunday of March (the 8th) at 2:00 EST, first Sunday of November (the 1st) at 2:00 EDT.
        #expect(us.offset(atSeconds: Self.utc(2026, 3, 8, 6) / 1000 + 3599) == -300)
        #expect(us.offset(atSeconds: Self.utc(2026, 3, 8, 7) / 1000) == -240)
        #expect(us.offset(atSeconds: Self.utc(2026, 11, 1, 5) / 1000 + 3599) == -240)
        #expect(us.offset(atSeconds: Self.utc(2026, 11, 1, 6) / 1000) == -300)
        // The southern hemisphere: daylight time spans the new year; `/24` is midnight at the day's end.
        let chile = try #require(PosixRule("<-04>4<-03>,M9.1.6/24,M4.1.6/24"))
        #expect(chile.offset(atSeconds: Self.utc(2030, 12, 25) / 1000) == -180)
        #expect(chile.offset(atSeconds: Self.utc(2030, 6, 25) / 1000) == -240)
        let europe = try #require(PosixRule("CET-1CEST,M3.5.0,M10.5.0/3"))
        #expect(europe.standard == 60 && europe.daylight == 120)
        #expect(PosixRule("<-03>3")?.daylight == nil && PosixRule("<-03>3")?.standard == -180)
        for broken in ["", "5", "EST", "EST5EDT,J60,J300", "EST5EDT,M13.1.0,M11.1.0", "EST5EDT,M3.2.0"] {
            #expect(PosixRule(broken)?.daylight == nil, "\(broken)")
        }
    }

    @Test("a TZif file that is not one is refused; a fixed zone is its offset")
    func malformed() {
        #expect(ZoneRules.tzif([]) == nil)
        #expect(ZoneRules.tzif(Array("TZif2".utf8) + [UInt8](repeating: 0, count: 10)) == nil)
        #expect(ZoneRules.tzif([UInt8](repeating: 0xFF, count: 200)) == nil)
        #expect(ZoneRules(fixed: -180).offset(atMillis: Self.utc(2026, 7, 1)) == -180)
        #expect(ZoneRules(fixed: -180).instant(local: Self.utc(2026, 7, 1, 9)) == Self.utc(2026, 7, 1, 12))
    }

    static let hasDatabase = (try? String(contentsOfFile: TimeZones.databaseFolder + "/America/Santiago", encoding: .isoLatin1)) != nil
}

@Suite("secrets masked in what is logged")
struct SecretMaskTests {
    @Test("a secret's value, trimmed or case-changed, is masked; a short one only as a word of its own")
    func masked() {
        let context = TurnContext(contact: Contact(id: "c", name: "", phone: "", channel: "test"),
                                  secrets: ["U": "SuperSecretU", "C": " mysecretcode", "P": "a"], now: 0)
        #expect(context.masked("unknown unit `supersecretu`") == "unknown unit `[secret]`")
        #expect(context.masked("not `MYSECRETCODE`, nor SuperSecretU") == "not `[secret]`, nor [secret]")
        #expect(context.masked("money() needs an ISO 4217 currency code such as ARS") == "money() needs an ISO 4217 currency code such as ARS")
        #expect(context.masked("got `a`") == "got `[secret]`")
    }
}

/// The checker's list of decimal-comma locales (for `thousands-dot`) is the runtime's.
@Test func theCheckersDecimalCommaLocalesAreTheRuntimes() {
    let runtime = Set(FlowLocale.all.filter { $0.decimalSeparator == "," }.map(\.id))
    #expect(BotDecoder.commaDecimalLocales == runtime)
    #expect(Set(BotDecoder.locales).isSuperset(of: runtime))
}

/// A date-time an API gives in another zone (`…Z`) is the bot's clock's once stored or moved:
/// stored into a `datetime` variable, shown by `format_date`, moved by days or by hours alike.
@Test func aDateTimeFromAnotherZoneIsOnTheBotsClock() async throws {
    let flow = """
        flow: api
        vars:
          when: datetime
        steps:
          get:
            http: {get: "https://api.test/turno"}
            save: o
          s:
            set: {when: "{{o.at}}"}
          a:
            end: "{{format_date(o.at, 'HH:mm')}} | {{format_date(when, 'HH:mm')}} | {{when}} | {{date_add(o.at, 1, 'day')}} | {{date_add(o.at, 24, 'hours')}} | {{date_add(o.at, 1, 'day') == date_add(o.local, 1, 'day')}}"
        """
    let report = try await runTests("""
        tests:
          - name: utc
            http:
              - match: {method: GET, url: "https://api.test/turno"}
                json: {at: "2026-06-20T14:30:00Z", local: "2026-06-20T11:30:00-03:00"}
            conversation:
              - user: hola
              - bot: "11:30 | 11:30 | 2026-06-20T11:30:00-03:00 | 2026-06-21T11:30:00-03:00 | 2026-06-21T11:30:00-03:00 | true"
        """, flows: [flow], bot: "bot: api\nstart: api\nlocale: es-AR\ntimezone: America/Argentina/Buenos_Aires\n")
    #expect(report.passed == 1, "\(report.outcomes.map { $0.failure ?? "" })")
}

/// An API's date-time text compared with a date (`o.dt < today()`, `o.dt == today()`) is compared
/// by its day on the bot's clock, as its plain date text already was (`<` was a runtime error, `==`
/// compared the texts).
@Test func aDateTimeTextComparesWithADateByItsDayOnTheBotsClock() async throws {
    let flow = """
        flow: api
        steps:
          get:
            http: {get: "https://api.test/o"}
            save: o
          a:
            end: "{{o.date < today()}} {{o.dt < today()}} {{today() > o.dt}} {{o.late == today()}} {{o.late < today()}} {{o.utc < today()}} {{o.utc == today()}} {{o.late != today()}}"
        """
    let report = try await runTests("""
        tests:
          - name: days
            now: "2026-03-02T10:00:00-03:00"
            http:
              - match: {method: GET, url: "https://api.test/o"}
                json: {date: "2026-03-01", dt: "2026-03-01T14:30:00-03:00", late: "2026-03-02T23:59:00-03:00", utc: "2026-03-02T02:00:00Z"}
            conversation:
              - user: hola
              - bot: "true true true true false true false false"
        """, flows: [flow], bot: "bot: api\nstart: api\nlocale: es-AR\ntimezone: America/Argentina/Buenos_Aires\n")
    #expect(report.passed == 1, "\(report.outcomes.map { $0.failure ?? "" })")
}

/// An API's date-time text with its offset equals a date-time at the same instant (`o.at == now()`),
/// as `<=` and `>=` already held: also `!=`, `in [now()]` and `contains`; a text without an offset
/// is on the bot's clock, as `format_date` shows it; another instant and a text that is no date-time stay unequal.
@Test func aDateTimeTextEqualsTheSameInstant() async throws {
    let flow = """
        flow: api
        steps:
          get:
            http: {get: "https://api.test/o"}
            save: o
          a:
            end: "{{o.at == now()}} {{now() == o.utc}} {{o.at != now()}} {{o.at in [now()]}} {{contains([now()], o.at)}} {{o.later == now()}} {{o.local == now()}} {{o.word == now()}} {{o.later != now()}}"
        """
    let report = try await runTests("""
        tests:
          - name: same instant
            now: "2026-12-31T14:30:00-03:00"
            http:
              - match: {method: GET, url: "https://api.test/o"}
                json: {at: "2026-12-31T14:30:00-03:00", utc: "2026-12-31T17:30:00Z", later: "2026-12-31T14:31:00-03:00", local: "2026-12-31T14:30:00", word: "hoy"}
            conversation:
              - user: hola
              - bot: "true true false true true false true false true"
        """, flows: [flow], bot: "bot: api\nstart: api\nlocale: es-AR\ntimezone: America/Argentina/Buenos_Aires\n")
    #expect(report.passed == 1, "\(report.outcomes.map { $0.failure ?? "" })")
}

/// An API's null (or an unset variable) in a number function gives nothing, and in a formatter
/// empty text, as in `format_date`: a missing discount no longer ends the conversation.
@Test func nullInNumberFunctionsGivesNothing() async throws {
    let flow = """
        flow: api
        steps:
          get:
            http: {get: "https://api.test/o"}
            save: o
          a:
            end: "[{{format_number(o.d, 2)}}] [{{money(o.d, 'ARS')}}] [{{round(o.d, 1)}}] [{{floor(o.d)}}] [{{ceil(o.d)}}] [{{abs(o.d)}}] [{{round(o.d) ?? 'none'}}] [{{money(o.p, 'ARS')}}]"
        """
    let report = try await runTests("""
        tests:
          - name: nulls
            http:
              - match: {method: GET, url: "https://api.test/o"}
                json: {d: null, p: 1500}
            conversation:
              - user: hola
              - bot: "[] [] [] [] [] [] [none] [$ 1.500,00]"
        """, flows: [flow], bot: "bot: api\nstart: api\nlocale: es-AR\n")
    #expect(report.passed == 1, "\(report.outcomes.map { $0.failure ?? "" })")
}

/// A `format_date` pattern from data is checked when it runs, as a literal one is by `flowc check`:
/// garbage (`DD/01/YYYY`, minutes of a date, a quote left open) is a runtime error, not a message.
@Test func aDatePatternFromDataIsCheckedWhenItRuns() async throws {
    let flow = """
        flow: api
        steps:
          get:
            http: {get: "https://api.test/cfg"}
            save: o
            on_error: sorry
          a:
            say: "{{format_date(o.d, o.good)}}"
          b:
            end: "{{format_date(o.d, o.pat)}}"
          sorry:
            end: "No pude."
        """
    for (pattern, passes) in [("dd/MM/yyyy", true), ("DD/MM/YYYY", false), ("HH:mm", false), ("d 'de MMMM", false), ("d 'de' MMMM", true)] {
        let report = try await runTests("""
            tests:
              - name: pattern
                http:
                  - match: {method: GET, url: "https://api.test/cfg"}
                    json: {d: "2026-01-31", good: "dd/MM", pat: "\(pattern)"}
                conversation:
                  - user: hola
                  - bot: "31/01"
                  - bot: {contains: "31"}
            """, flows: [flow])
        if passes {
            #expect(report.passed == 1, "\(pattern): \(report.outcomes.map { $0.failure ?? "" })")
        } else {
            #expect(report.outcomes.first?.failure?.contains("format_date() pattern `\(pattern)`") == true, "\(pattern): \(report.outcomes.map { $0.failure ?? "" })")
        }
    }
}
