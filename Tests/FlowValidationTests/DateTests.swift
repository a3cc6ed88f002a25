import Testing
@testable import FlowValidation

/// `today` is Saturday 2026-03-14 throughout.
@Suite("date answers")
struct DateTests {
    static let accepted: [(locale: String, input: String, iso: String)] = [
        ("es-AR", "31/12/2026", "2026-12-31"), ("es-AR", "1/2/2026", "2026-02-01"), ("es-AR", "31-12-2026", "2026-12-31"),
        ("es-AR", "31.12.2026", "2026-12-31"), ("es-AR", "31/12/26", "2026-12-31"), ("es-AR", "15/04/85", "1985-04-15"),
        ("es-AR", "2026-12-31", "2026-12-31"), ("es-AR", "2026/12/31", "2026-12-31"), ("es-AR", "31/12", "2026-12-31"),
        ("es-AR", "1/3", "2026-03-01"), ("es-AR", "hoy", "2026-03-14"), ("es-AR", "Hoy", "2026-03-14"),
        ("es-AR", "mañana", "2026-03-15"), ("es-AR", "manana", "2026-03-15"), ("es-AR", "MAÑANA!", "2026-03-15"),
        ("es-AR", "ayer", "2026-03-13"), ("es-AR", "pasado mañana", "2026-03-16"), ("es-AR", "anteayer", "2026-03-12"),
        ("es-AR", "para mañana", "2026-03-15"), ("es-AR", "today", "2026-03-14"), ("es-AR", "tomorrow", "2026-03-15"),
        ("es-AR", "31 de diciembre", "2026-12-31"), ("es-AR", "31 de diciembre de 2026", "2026-12-31"),
        ("es-AR", "1º de mayo", "2026-05-01"), ("es-AR", "5 dic 2027", "2027-12-05"), ("es-AR", "el 9 de julio", "2026-07-09"),
        ("es-AR", "viernes 20/3", "2026-03-20"), ("es-AR", "12 de setiembre", "2026-09-12"),
        ("es-AR", "  31/12/2026  ", "2026-12-31"), ("es-AR", "29/02/2028", "2028-02-29"),
        ("es-MX", "31/12/2026", "2026-12-31"), ("es-CL", "31-12-2026", "2026-12-31"),
        ("pt-BR", "31/12/2026", "2026-12-31"), ("pt-BR", "hoje", "2026-03-14"), ("pt-BR", "amanhã", "2026-03-15"),
        ("pt-BR", "ontem", "2026-03-13"), ("pt-BR", "depois de amanhã", "2026-03-16"), ("pt-BR", "1º de maio", "2026-05-01"),
        ("pt-BR", "25 de dezembro de 2026", "2026-12-25"), ("pt-BR", "sexta-feira, 20/03", "2026-03-20"),
        ("en-US", "12/31/2026", "2026-12-31"), ("en-US", "2/1/2026", "2026-02-01"), ("en-US", "12/31", "2026-12-31"),
        // Only one order makes a date: that one is meant, whatever the locale's order.
        ("en-US", "31/12/2026", "2026-12-31"), ("en-US", "13/01", "2026-01-13"), ("es-AR", "12/31/2026", "2026-12-31"),
        ("en-US", "today", "2026-03-14"), ("en-US", "Tomorrow", "2026-03-15"), ("en-US", "yesterday", "2026-03-13"),
        ("en-US", "the day after tomorrow", "2026-03-16"), ("en-US", "December 31, 2026", "2026-12-31"),
        ("en-US", "Dec 31", "2026-12-31"), ("en-US", "July 4th", "2026-07-04"), ("en-US", "2026-12-31", "2026-12-31"),
        ("en-GB", "31/12/2026", "2026-12-31"), ("en-GB", "31 December 2026", "2026-12-31"), ("en-GB", "1st March", "2026-03-01"),
        // A weekday alone is the next one after today (said on that day, a week on).
        ("es-AR", "el lunes", "2026-03-16"), ("es-AR", "Lunes", "2026-03-16"), ("es-AR", "el lunes que viene", "2026-03-16"),
        ("es-AR", "próximo viernes", "2026-03-20"), ("es-AR", "sábado", "2026-03-21"), ("es-AR", "miercoles", "2026-03-18"),
        ("pt-BR", "sexta", "2026-03-20"), ("pt-BR", "na sexta", "2026-03-20"), ("pt-BR", "segunda-feira", "2026-03-16"), ("en-US", "next monday", "2026-03-16"),
        ("en-US", "Sunday", "2026-03-15"), ("en-US", "this coming Sunday", "2026-03-15"), ("es-AR", "este domingo", "2026-03-15"),
        // Courtesy after it, a number of days from today, a day of the month named alone.
        ("es-AR", "Mañana por favor", "2026-03-15"), ("pt-BR", "hoje, obrigado", "2026-03-14"),
        // Proposed as a question, as a time or a number may be.
        ("es-AR", "10/12?", "2026-12-10"), ("pt-BR", "amanhã?", "2026-03-15"), ("es-AR", "¿el 20?", "2026-03-20"),
        ("es-AR", "dentro de 3 días", "2026-03-17"), ("es-AR", "en dos semanas", "2026-03-28"), ("en-US", "in 3 days", "2026-03-17"),
        ("pt-BR", "daqui a 5 dias", "2026-03-19"), ("pt-BR", "em 3 dias", "2026-03-17"), ("pt-BR", "daqui 3 dias", "2026-03-17"),
        ("pt-BR", "daqui uma semana", "2026-03-21"), ("pt-BR", "daqui 2 meses", "2026-05-14"),
        // `dez` after a day is December (before one, ten); dashes between digits are no minus.
        ("pt-BR", "31 dez 2026", "2026-12-31"), ("pt-BR", "10/dez/2027", "2027-12-10"), ("pt-BR", "dez de dezembro", "2026-12-10"),
        ("es-AR", "1-3-2026", "2026-03-01"), ("es-AR", "1 - 3 - 2026", "2026-03-01"), ("es-AR", "1/1/1900", "1900-01-01"),
        ("es-AR", "el 20", "2026-03-20"), ("es-AR", "el día 20", "2026-03-20"), ("es-AR", "el 10", "2026-04-10"),
        ("pt-BR", "o dia 31", "2026-03-31"), ("pt-BR", "no dia 20", "2026-03-20"), ("pt-BR", "para o dia 20", "2026-03-20"),
        // The day in words, said as a day as digits are.
        ("es-AR", "el veinte", "2026-03-20"), ("es-AR", "el día quince", "2026-03-15"), ("es-AR", "el diez", "2026-04-10"),
        ("es-AR", "el treinta y uno", "2026-03-31"), ("pt-BR", "dia vinte e cinco", "2026-03-25"),
        // A weekday and its day of the month: the next date that is both (today, Saturday the 14th, counts).
        ("es-AR", "sábado 21", "2026-03-21"), ("es-AR", "jueves 19", "2026-03-19"), ("es-AR", "el jueves 19", "2026-03-19"),
        ("es-AR", "lunes 6", "2026-04-06"), ("es-AR", "sábado 14", "2026-03-14"), ("es-AR", "el próximo viernes 20", "2026-03-20"),
        ("pt-BR", "sexta 20", "2026-03-20"), ("pt-BR", "segunda-feira 16", "2026-03-16"), ("en-US", "Thursday 19", "2026-03-19"),
        ("es-AR", "sábado día 21", "2026-03-21"), ("es-AR", "el lunes día 16", "2026-03-16"), ("pt-BR", "sábado dia 21", "2026-03-21"),
        ("pt-BR", "segunda-feira dia 16", "2026-03-16"), ("pt-BR", "na segunda dia 16", "2026-03-16"),
        // `este sábado` said on a Saturday is today; the end of the month; an ordinal day alone; a
        // relative day with its weekday; a short weekday before a date; `in a week`.
        ("es-AR", "este sábado", "2026-03-14"), ("en-US", "this saturday", "2026-03-14"), ("pt-BR", "neste sábado", "2026-03-14"),
        ("pt-BR", "nesta sexta", "2026-03-20"), ("es-AR", "este sábado que viene", "2026-03-21"), ("en-US", "this coming saturday", "2026-03-21"), ("es-AR", "fin de mes", "2026-03-31"), ("es-AR", "a fin de mes", "2026-03-31"),
        ("en-US", "end of the month", "2026-03-31"), ("pt-BR", "fim do mês", "2026-03-31"), ("es-AR", "el 1ro", "2026-04-01"),
        ("es-AR", "1ro", "2026-04-01"), ("en-US", "the 15th", "2026-03-15"), ("pt-BR", "dia primeiro", "2026-04-01"),
        ("en-US", "friday the 20th", "2026-03-20"), ("es-AR", "mañana domingo", "2026-03-15"), ("es-AR", "hoy sábado", "2026-03-14"),
        ("es-AR", "vie 20/3", "2026-03-20"), ("en-US", "in a week", "2026-03-21"),
        // A hesitation before it (`este` is one only with an ellipsis or a comma: `este sábado` is today).
        ("es-AR", "eh, mañana", "2026-03-15"), ("es-AR", "este... el lunes", "2026-03-16"), ("es-AR", "mmm 20/3", "2026-03-20"),
        ("en-US", "uh tomorrow", "2026-03-15"), ("pt-BR", "hum amanhã", "2026-03-15"), ("es-AR", "mmm este sábado", "2026-03-14"),
        // A weekday's abbreviation alone (today is Saturday 14 March); chat shorthands for today and tomorrow.
        ("es-AR", "vie", "2026-03-20"), ("es-AR", "el lun", "2026-03-16"), ("pt-BR", "sex", "2026-03-20"), ("en-US", "Fri", "2026-03-20"),
        ("en-US", "Tues", "2026-03-17"), ("pt-BR", "hj", "2026-03-14"), ("en-US", "tmrw", "2026-03-15"),
        // A day in words, the first of the month.
        ("es-AR", "quince de diciembre", "2026-12-15"), ("es-AR", "primero de abril", "2026-04-01"), ("es-AR", "1ro de abril", "2026-04-01"),
        ("es-AR", "treinta y uno de diciembre", "2026-12-31"), ("es-AR", "el veinte de mayo", "2026-05-20"), ("pt-BR", "primeiro de maio", "2026-05-01"),
        ("pt-BR", "vinte e cinco de dezembro", "2026-12-25"), ("en-US", "first of April", "2026-04-01"),
        // Day, month and a four-digit year with spaces; today itself; a month on; the part of the day.
        ("es-AR", "31 12 2026", "2026-12-31"), ("en-US", "12 31 2026", "2026-12-31"), ("es-AR", "hoy mismo", "2026-03-14"),
        ("es-AR", "mañana mismo", "2026-03-15"), ("pt-BR", "hoje mesmo", "2026-03-14"),
        ("es-AR", "en un mes", "2026-04-14"), ("es-AR", "dentro de 2 meses", "2026-05-14"), ("en-US", "in a month", "2026-04-14"),
        ("pt-BR", "daqui a um mês", "2026-04-14"),
        ("es-AR", "mañana a la tarde", "2026-03-15"), ("es-AR", "mañana por la mañana", "2026-03-15"), ("es-AR", "mañana temprano", "2026-03-15"),
        ("es-AR", "hoy a la noche", "2026-03-14"), ("es-AR", "el 20 a la tarde", "2026-03-20"), ("pt-BR", "amanhã à tarde", "2026-03-15"),
        ("en-US", "tomorrow morning", "2026-03-15"), ("es-AR", "mañana a la tarde por favor", "2026-03-15"), ("es-AR", "mañana porfis", "2026-03-15"),
        // A wish or a choice before the date, the same as before a number or a time.
        ("es-AR", "prefiero el viernes", "2026-03-20"), ("es-AR", "mejor el 15", "2026-03-15"), ("es-AR", "quiero el 20", "2026-03-20"),
        ("es-AR", "mejor, mañana", "2026-03-15"), ("es-AR", "quisiera el 31/12", "2026-12-31"), ("es-AR", "ponele el lunes", "2026-03-16"),
        ("es-AR", "mejor el viernes a las 10", "2026-03-20"), ("es-AR", "yo prefiero para el 20", "2026-03-20"),
        ("pt-BR", "pode ser amanhã", "2026-03-15"), ("pt-BR", "prefiro sexta", "2026-03-20"), ("pt-BR", "quero dia 15/12", "2026-12-15"),
        ("pt-BR", "melhor no sábado", "2026-03-21"), ("en-US", "I'd prefer Friday", "2026-03-20"), ("en-US", "let's say the 15th", "2026-03-15"),
        // `x` for `por`; Portuguese `pro` (`para o`).
        ("es-AR", "mañana x la tarde", "2026-03-15"), ("es-AR", "el 20 x la mañana", "2026-03-20"), ("pt-BR", "pro dia 20", "2026-03-20"),
        ("pt-BR", "pro sábado", "2026-03-21"),
        // After a date, an hour in `horas` is the time of day (alone, `10 horas` may be how long).
        ("es-AR", "el lunes 10 horas", "2026-03-16"), ("es-AR", "mañana 9 horas", "2026-03-15"), ("es-MX", "15/12 10 horas", "2026-12-15"),
        ("es-AR", "el viernes 11 horas", "2026-03-20"),
    ]

    @Test("accepted dates", arguments: accepted)
    func accept(_ c: (locale: String, input: String, iso: String)) {
        let result = check(c.input, ValidationRule(kind: .date), locale(c.locale))
        #expect(result.value == .date(CivilDate.parseISO(c.iso) ?? fixedToday), "\(c.locale) \(c.input)")
        #expect(result.value?.rendered == c.iso)
    }

    static let rejected: [(locale: String, input: String)] = [
        ("es-AR", "mañana lunes"), ("es-AR", "vie 21/3"), ("es-AR", "15"), ("es-AR", "el 32"),
        ("es-AR", "veinte"), ("es-AR", "el treinta y dos"), ("es-AR", "el cero"), ("es-AR", "el dos mil"),
        ("es-AR", "en 2000000000000000000 semanas"), ("en-US", "in 9223372036854775807 days"),
        ("es-AR", "31/02/2026"), ("es-AR", "31/02"), ("es-AR", "30/02"), ("es-AR", "29/02/2026"), ("es-AR", "32/01/2026"),
        ("es-AR", "00/10/2026"), ("es-AR", "10/00/2026"), ("es-AR", "31/12/202"),
        ("es-AR", "2026-02-30"), ("es-AR", "31122026"), ("es-AR", ""), ("es-AR", "algún día"), ("es-AR", "31"),
        ("es-AR", "diciembre"), ("es-AR", "31 de diciembre de 20266"),
        ("es-AR", "31 de febrero"), ("es-AR", "1/2/3/4"), ("es-AR", "🎂"),
        ("en-US", "13/13"), ("en-US", "32/01"), ("en-US", "February 30"), ("en-US", "next monday 3"),
        ("es-AR", "lunes o martes"), ("es-AR", "el lunes 40"), ("es-AR", "el 32"), ("es-AR", "el 20 o 21"), ("es-AR", "en 3"),
        ("es-AR", "dentro de mil días"), ("es-AR", "en 0 días"), ("es-AR", "no mañana"), ("es-AR", "no el lunes"), ("en-US", "no tomorrow"),
        ("es-AR", "mañana 🤷"),
        // On Saturday 14 March, "next Sunday" is tomorrow to some, a week on to others.
        ("en-US", "next Sunday"), ("es-AR", "el domingo que viene"), ("es-AR", "el próximo domingo"), ("pt-BR", "domingo que vem"),
        ("pt-BR", "próximo domingo"),
        ("pt-BR", "31/04/2026"), ("pt-BR", "amanha cedo"),
        // A time typed at the date question, numbers with no date separator: asked again, not misread.
        ("es-MX", "4:30"), ("es-MX", "10:12"), ("es-MX", "4 7"), ("es-MX", "+7:1"), ("en-US", "4:30"), ("es-AR", "31 12"),
        ("es-AR", "31 12 26"), ("es-AR", "31 12 2026 10"), ("es-AR", "3112 2026"), ("es-AR", "31 13 2026"),
        // A weekday that is not that day soon, a day in words that is no day, parts of the day alone.
        ("es-AR", "jueves 5"), ("es-AR", "sábado 7"), ("es-AR", "lunes 32"), ("es-AR", "lunes martes 6"), ("es-AR", "treinta y dos de mayo"),
        ("es-AR", "cero de mayo"), ("es-AR", "quince"), ("es-AR", "a la tarde"), ("es-AR", "por la mañana"), ("es-AR", "en 13 meses"),
        ("es-AR", "en un mes o dos"), ("es-AR", "dos y tres de mayo"), ("es-AR", "mismo"),
        // A minus sign (the date would go the other way), a year no customer means (a typo).
        ("es-AR", "-1/3"), ("es-AR", "dentro de -3 días"), ("en-US", "in -2 days"), ("es-AR", "--1/3"), ("es-AR", "el --20/3"),
        ("es-AR", "\u{2212}1/3"), ("es-AR", "\u{2013}1/3"), ("es-AR", "\u{2014}1/3"),
        ("es-AR", "15/03/1026"), ("es-AR", "15/03/0001"), ("es-AR", "0001-03-15"), ("es-AR", "1 de enero de 2300"),
        // A doubt, a refusal or someone else's date, with or without a wish before it (`puede ser` is
        // Spanish "maybe"; Portuguese `pode ser`, "that works", goes).
        ("es-AR", "puede ser mañana"), ("es-AR", "podría ser el viernes"), ("es-AR", "mejor no mañana"), ("es-AR", "creo que el viernes"),
        ("es-AR", "mejor quizás el lunes"), ("es-AR", "el de mi mamá es el 15"), ("es-AR", "quiero"), ("es-AR", "quiero 15"),
        ("pt-BR", "não quero sexta"), ("en-US", "maybe Friday"),
        // Mixed separators (with a format too); a day the month named has not.
        ("es-AR", "31/12-2027"), ("es-AR", "el 31 del mes que viene"), ("es-AR", "el 15 del mes que viene o el 16"),
    ]

    @Test("a day of this month or the next, said with the month's name",
          arguments: [("es-AR", "el 15 del mes que viene", "2026-04-15"), ("es-AR", "el 15 de este mes", "2026-03-15"),
                      ("es-AR", "el 15 del próximo mes", "2026-04-15"), ("es-AR", "el día 2 del mes que viene", "2026-04-02"),
                      ("pt-BR", "dia 15 do mês que vem", "2026-04-15"), ("en-US", "the 15th of next month", "2026-04-15"),
                      ("es-AR", "el 20 del mes", "2026-03-20")])
    func dayOfNamedMonth(_ c: (locale: String, input: String, iso: String)) {
        #expect(check(c.input, ValidationRule(kind: .date), locale(c.locale)).value?.rendered == c.iso, "\(c.locale) \(c.input)")
        #expect(check(c.input, ValidationRule(kind: .date, format: "dd/MM/yyyy"), locale(c.locale)).value?.rendered == c.iso,
                "\(c.locale) \(c.input) with a format")
        // Next month's, said in December, is January's.
        #expect(check("el 15 del mes que viene", ValidationRule(kind: .date), today: CivilDate(year: 2026, month: 12, day: 3)).value?.rendered
                == "2027-01-15")
    }

    @Test("a weekday around a date read by a format must be its own, in every locale")
    func weekdayAroundAFormattedDate() {
        #expect(check("Friday 12/31/2027", ValidationRule(kind: .date, format: "MM/dd/yyyy"), .enUS).value?.rendered == "2027-12-31")
        #expect(check("Thursday 12/31/2027", ValidationRule(kind: .date, format: "MM/dd/yyyy"), .enUS).reason == .badFormat)
    }

    @Test("rejected dates are bad_format", arguments: rejected)
    func reject(_ c: (locale: String, input: String)) {
        #expect(check(c.input, ValidationRule(kind: .date), locale(c.locale)).reason == .badFormat,
                "\(c.locale) \(c.input)")
    }

    static let bounded: [(input: String, after: DateBound?, before: DateBound?, ok: Bool)] = [
        ("mañana", .today, nil, true),
        ("hoy", .today, nil, false),          // after is strict
        ("ayer", .today, nil, false),
        ("14/03/2026", .today, nil, false),
        ("15/03/2026", .today, nil, true),
        ("1/3", .today, nil, false),            // two weeks ago, a day of the last month: a slip, asked again
        ("1/1", .today, nil, true),             // older: next year's
        ("14/03", .today, nil, false),          // today itself is not moved to next year
        ("1/3", nil, nil, true),
        ("1/3/2026", .today, nil, false),       // a year given is kept
        ("ayer", .yesterday, nil, false),       // words are never moved
        ("31/12", .today, nil, true),
        ("ayer", nil, .today, true),
        ("hoy", nil, .today, false),            // before is strict
        ("15/04/1985", nil, .today, true),
        ("mañana", nil, .tomorrow, false),
        ("hoy", .yesterday, .tomorrow, true),
        ("2026-12-31", .date(CivilDate(year: 2026, month: 12, day: 30)), nil, true),
        ("2026-12-30", .date(CivilDate(year: 2026, month: 12, day: 30)), nil, false),
        ("2027-01-01", nil, .date(CivilDate(year: 2027, month: 1, day: 1)), false),
        ("2026-12-31", .today, .date(CivilDate(year: 2027, month: 1, day: 1)), true),
        // A day and month still to come, for a date before today, is last year's (within twelve months).
        ("20/12", nil, .today, true), ("20 de diciembre", nil, .tomorrow, true), ("15/03", nil, .today, false), ("15/03", nil, .tomorrow, false),
        ("20/12/2026", nil, .today, false), ("el 20", nil, .today, false), ("el lunes", nil, .today, false),
        ("20/12", .date(CivilDate(year: 2026, month: 1, day: 1)), .today, false),
    ]

    @Test("after/before are strict and give out_of_range", arguments: bounded)
    func bounds(_ c: (input: String, after: DateBound?, before: DateBound?, ok: Bool)) {
        let result = check(c.input, ValidationRule(kind: .date, after: c.after, before: c.before))
        if c.ok {
            #expect(result.value != nil, "\(c.input)")
        } else {
            #expect(result.reason == .outOfRange, "\(c.input)")
        }
    }

    @Test("a day and month still to come this year, for a date before today, is last year's")
    func beforeRollsBack() {
        #expect(check("20/12", ValidationRule(kind: .date, before: .today)).value?.rendered == "2025-12-20")
        #expect(check("15/10", ValidationRule(kind: .date, before: .tomorrow)).value?.rendered == "2025-10-15")
        // A day a little ahead is a slip, not last year's: asked again.
        #expect(check("20/03", ValidationRule(kind: .date, before: .today)).reason == .outOfRange)
        #expect(check("15/03", ValidationRule(kind: .date, before: .date(CivilDate(year: 2026, month: 3, day: 16)))).value?.rendered == "2026-03-15")
        // In December too; never past a fixed bound.
        let december = CivilDate(year: 2026, month: 12, day: 10)
        #expect(check("31/12", ValidationRule(kind: .date, before: .today), today: CivilDate(year: 2027, month: 1, day: 5)).value?.rendered == "2026-12-31")
        #expect(check("25 de diciembre", ValidationRule(kind: .date, before: .today), today: CivilDate(year: 2027, month: 3, day: 1)).value?.rendered == "2026-12-25")
        #expect(check("25/12", ValidationRule(kind: .date, before: .today), today: december).reason == .outOfRange)
        #expect(check("20/12", ValidationRule(kind: .date, before: .date(CivilDate(year: 2026, month: 12, day: 1)))).reason == .outOfRange)
        #expect(check("31/12", ValidationRule(kind: .date)).value?.rendered == "2026-12-31", "no bound: as before")
    }

    /// The review's today: Monday 15 June 2026.
    static let june15 = CivilDate(year: 2026, month: 6, day: 15)

    static func fixed(_ y: Int, _ m: Int, _ d: Int) -> DateBound { .date(CivilDate(year: y, month: m, day: d)) }

    static let twoDigitYearsOutOfBounds: [(input: String, after: DateBound?, before: DateBound?, format: String?)] = [
        ("20/06/26", nil, .today, nil), ("1/7/26", nil, .today, nil), ("31/12/30", nil, .today, nil),
        ("15/06/26", nil, .yesterday, nil),
        ("1/1/10", nil, fixed(2008, 6, 15), nil), ("15/03/26", nil, fixed(2008, 6, 15), nil),
        ("1/1/10", fixed(1900, 1, 1), fixed(2008, 6, 15), nil), ("1/1/10", nil, fixed(2008, 6, 15), "dd/MM/yy"),
        ("15/03/26", fixed(1900, 1, 1), fixed(2008, 6, 15), "dd/MM/yy"),
        ("1/1/05", nil, fixed(2000, 1, 1), nil), ("1/1/36", nil, .today, nil),
    ]

    @Test("a two-digit year far ahead, for a date before today, is last century's (a birthday)")
    func twoDigitBirthYears() {
        let birthday = ValidationRule(kind: .date, before: .today)
        #expect(check("21/09/45", birthday, today: Self.june15).value?.rendered == "1945-09-21")
        #expect(check("21-9-40", birthday, today: Self.june15).value?.rendered == "1940-09-21")
        #expect(check("21/09/85", birthday, today: Self.june15).value?.rendered == "1985-09-21")
        #expect(check("21/09/45", ValidationRule(kind: .date), today: Self.june15).value?.rendered == "2045-09-21", "no bound: as read")
    }

    @Test("a two-digit year is never moved a century by the bounds", arguments: twoDigitYearsOutOfBounds)
    func twoDigitYearNotMovedByBounds(_ c: (input: String, after: DateBound?, before: DateBound?, format: String?)) {
        let rule = ValidationRule(kind: .date, after: c.after, before: c.before, format: c.format)
        #expect(check(c.input, rule, today: Self.june15).reason == .outOfRange, "\(c.input)")
    }

    @Test("two-digit years within the window still read as before")
    func twoDigitYearWindow() {
        let past = ValidationRule(kind: .date, before: .today)
        #expect(check("15/04/85", past, today: Self.june15).value?.rendered == "1985-04-15")
        #expect(check("1/1/10", past, today: Self.june15).value?.rendered == "2010-01-01")
        #expect(check("1/1/45", ValidationRule(kind: .date, after: .today), today: Self.june15).value?.rendered == "2045-01-01")
        #expect(check("15/03/26", ValidationRule(kind: .date, before: .today), today: Self.june15).value?.rendered == "2026-03-15")
    }

    static let aheadBeforeFixedAfter: [(input: String, after: DateBound)] = [
        ("20 de junio", fixed(2026, 8, 1)), ("20 de julio", fixed(2026, 8, 1)), ("20/06", fixed(2026, 8, 1)),
        ("15/03", fixed(2027, 6, 1)), ("5 de marzo", fixed(2027, 6, 1)), ("15/03", fixed(2030, 1, 1)),
        ("15/06", fixed(2026, 12, 31)), ("15 de julio", fixed(2026, 12, 31)), ("mañana", fixed(2026, 12, 31)),
        ("el lunes", fixed(2026, 12, 31)), ("15/03/2026", fixed(2026, 12, 31)),
    ]

    @Test("a day and month is never moved past a fixed later `after`", arguments: aheadBeforeFixedAfter)
    func noRollPastFixedAfter(_ c: (input: String, after: DateBound)) {
        let rule = ValidationRule(kind: .date, after: c.after)
        #expect(check(c.input, rule, today: Self.june15).reason == .outOfRange, "\(c.input)")
    }

    @Test("a past day and month after a fixed bound rolls only into the next twelve months")
    func pastDayMonthAfterFixedBound() {
        // 15/03 has passed (today is 15 June): next year's is within a year and after the bound.
        #expect(check("15/03", ValidationRule(kind: .date, after: Self.fixed(2026, 8, 1)), today: Self.june15).value?.rendered == "2027-03-15")
        #expect(check("15 de marzo", ValidationRule(kind: .date, after: Self.fixed(2026, 12, 31)), today: Self.june15).value?.rendered == "2027-03-15")
        #expect(check("15/03", ValidationRule(kind: .date, after: Self.fixed(2027, 6, 1)), today: Self.june15).reason == .outOfRange)
        // 29/02 rolls to 2028 only with a relative `after`; a fixed one keeps it within a year.
        let november = CivilDate(year: 2026, month: 11, day: 20)
        #expect(check("29/02", ValidationRule(kind: .date, after: Self.fixed(2026, 12, 1)), today: november).reason == .badFormat)
        #expect(check("29/02", ValidationRule(kind: .date, after: .today), today: november).value?.rendered == "2028-02-29")
        #expect(check("29/02", ValidationRule(kind: .date, after: Self.fixed(2027, 1, 1)), today: CivilDate(year: 2027, month: 11, day: 20))
            .value?.rendered == "2028-02-29")
    }

    static let mismatchedWeekdayOrTwoDays = [
        "lunes 20", "este lunes 20", "jueves 30", "lunes 20 porfa", "el lunes 20", "martes 17 a la tarde", "lunes día 20",
        "el lunes día 20", "segunda dia 20",
        "cinco 10 de julio", "5 diez de julio", "5 10 de julio", "julio 5 diez", "quince/12", "quince 12 2026",
        // With the month too (13 June 2026 is a Saturday).
        "jueves 13/6", "el jueves 13/06/2026", "jueves 13 de junio", "quinta 13/6", "quinta-feira 13 de junho",
        "Thursday June 13", "Thursday 6/13", "lunes 16/6",
    ]

    @Test("a weekday that is not that day, or two day numbers, are asked again", arguments: mismatchedWeekdayOrTwoDays)
    func weekdayMismatch(_ input: String) {
        #expect(check(input, ValidationRule(kind: .date), today: Self.june15).reason == .badFormat, "\(input)")
        // Never the next year in which that day is that weekday.
        #expect(check(input, ValidationRule(kind: .date, after: .today), today: Self.june15).value == nil, "\(input)")
    }

    static let monthNameWithNumericDate: [(locale: String, input: String, iso: String?)] = [
        // The month name agrees with the numeric date: that date (never 15 December 2012).
        ("es-AR", "dic 15/12", "2026-12-15"), ("es-AR", "diciembre 15/12", "2026-12-15"), ("es-AR", "15/12 dic", "2026-12-15"),
        ("es-AR", "dic 15 / 12", "2026-12-15"), ("es-AR", "dic 15/12/2027", "2027-12-15"), ("en-US", "Dec 12/15", "2026-12-15"),
        ("en-US", "Dec 15/12", "2026-12-15"),
        // It does not (`mar` is March, or a Tuesday shortened): asked again, neither month taken.
        ("es-AR", "marzo 15/12", nil), ("es-AR", "mar 15/12", nil), ("en-US", "March 15/12", nil), ("es-AR", "dic 15-2026", nil),
        // A real year after the month name still goes.
        ("es-AR", "15 dic 2026", "2026-12-15"), ("es-AR", "dic 15, 2026", "2026-12-15"), ("en-US", "Dec 15, 2027", "2027-12-15"),
        ("pt-BR", "10/dez/2027", "2027-12-10"), ("es-AR", "15-dic-2027", "2027-12-15"),
        // Numbers alone take one separator throughout: `5-6/12` is the 5th or the 6th.
        ("es-AR", "5-6/12", nil), ("es-AR", "5/6-12", nil), ("es-AR", "15/12.2026", nil), ("es-AR", "15.12/26", nil),
        ("es-AR", "15-12-2026", "2026-12-15"), ("es-AR", "15 / 12 / 2026", "2026-12-15"), ("es-AR", "15/12/2026.", "2026-12-15"),
        // A two-digit number after a space is no year (`15/12 10` is no date of 2010); four digits are one.
        ("es-AR", "15/12 10", nil), ("es-AR", "15 12/26", nil), ("es-AR", "15/12 2026", "2026-12-15"), ("es-AR", "dic 15 2026", "2026-12-15"),
    ]

    @Test("a month name beside a numeric date must be its month; separators are one throughout", arguments: monthNameWithNumericDate)
    func monthNameBesideNumericDate(_ c: (locale: String, input: String, iso: String?)) {
        let result = check(c.input, ValidationRule(kind: .date), locale(c.locale))
        #expect(result.value?.rendered == c.iso, "\(c.locale) \(c.input)")
        if c.iso == nil { #expect(result.reason == .badFormat, "\(c.locale) \(c.input)") }
    }

    @Test("a weekday with its day, and a day in words, still read on 15 June")
    func weekdayAndDayJune() {
        let rule = ValidationRule(kind: .date)
        #expect(check("sábado 20", rule, today: Self.june15).value?.rendered == "2026-06-20")
        #expect(check("jueves 18/6", rule, today: Self.june15).value?.rendered == "2026-06-18")
        #expect(check("quinta-feira, 18 de junho", rule, .ptBR, today: Self.june15).value?.rendered == "2026-06-18")
        #expect(check("Thursday June 18", rule, .enUS, today: Self.june15).value?.rendered == "2026-06-18")
        #expect(check("lunes 15", rule, today: Self.june15).value?.rendered == "2026-06-15")
        #expect(check("miércoles 1", rule, today: Self.june15).value?.rendered == "2026-07-01")
        #expect(check("cinco de julio", rule, today: Self.june15).value?.rendered == "2026-07-05")
        #expect(check("5 de julio de 2027", rule, today: Self.june15).value?.rendered == "2027-07-05")
        #expect(check("July 5, 2027", rule, .enUS, today: Self.june15).value?.rendered == "2027-07-05")
        #expect(check("5 jul 27", rule, today: Self.june15).value?.rendered == "2027-07-05")
    }

    @Test("a day this month has not, still ahead of today, is asked again (never next month's)")
    func dayThisMonthHasNot() {
        let rule = ValidationRule(kind: .date)
        let february10 = CivilDate(year: 2026, month: 2, day: 10)
        #expect(check("el 31", rule, today: Self.june15).reason == .badFormat)
        #expect(check("el 30", rule, today: february10).reason == .badFormat)
        #expect(check("el 29", rule, today: february10).reason == .badFormat)
        #expect(check("lunes 30", rule, today: february10).reason == .badFormat)
        #expect(check("o dia 31", rule, .ptBR, today: Self.june15).reason == .badFormat)
        #expect(check("the 31st", rule, .enUS, today: Self.june15).reason == .badFormat)
        // A day that has passed is next month's, and one still ahead this month's.
        #expect(check("el 10", rule, today: Self.june15).value?.rendered == "2026-07-10")
        #expect(check("el 30", rule, today: Self.june15).value?.rendered == "2026-06-30")
        #expect(check("el 28", rule, today: february10).value?.rendered == "2026-02-28")
        #expect(check("el 31", rule, today: CivilDate(year: 2026, month: 7, day: 1)).value?.rendered == "2026-07-31")
    }

    @Test("a day and month already past, for a date after today, is next year's unless of the last month")
    func pastDayMonthRollsOver() {
        let november = CivilDate(year: 2026, month: 11, day: 20)
        let after = ValidationRule(kind: .date, after: .today)
        #expect(check("15/03", after, today: november).value?.rendered == "2027-03-15")
        #expect(check("1 de marzo", after, today: november).value?.rendered == "2027-03-01")
        #expect(check("1/3", ValidationRule(kind: .date), today: november).value?.rendered == "2026-03-01")
        // Next year's must still be within `before`.
        #expect(check("1/3", ValidationRule(kind: .date, after: .today, before: .date(CivilDate(year: 2027, month: 1, day: 1))),
                      today: november).reason == .outOfRange)
    }

    @Test("a day and month of the last month, for a date after today, is asked again, not next year's")
    func recentDayMonthIsNoNextYear() {
        let december2 = CivilDate(year: 2026, month: 12, day: 2)
        let after = ValidationRule(kind: .date, after: .today)
        for input in ["1/12", "30/11", "1 de diciembre", "2/12"] {
            #expect(check(input, after, today: december2).reason == .outOfRange, "\(input)")
        }
        #expect(check("1/12", ValidationRule(kind: .date, after: .tomorrow), today: december2).reason == .outOfRange)
        #expect(check("1/12", ValidationRule(kind: .date, after: .yesterday), today: december2).reason == .outOfRange)
        // Further back than the last month: next year's (a booking for next June, said in December).
        #expect(check("1/6", after, today: december2).value?.rendered == "2027-06-01")
        #expect(check("15/6", after, today: december2).value?.rendered == "2027-06-15")
        #expect(check("1/9", after, today: december2).value?.rendered == "2027-09-01")
        #expect(check("31/10", after, today: december2).value?.rendered == "2027-10-31")
        #expect(check("2/11", after, today: december2).reason == .outOfRange, "30 days back")
        #expect(check("15/01", after, today: CivilDate(year: 2026, month: 7, day: 20)).value?.rendered == "2027-01-15")
        #expect(check("15/03", after, today: CivilDate(year: 2026, month: 7, day: 20)).value?.rendered == "2027-03-15")
        // Said on 31 December, the next day is next year's anyway.
        #expect(check("1/1", after, today: CivilDate(year: 2026, month: 12, day: 31)).value?.rendered == "2027-01-01")
    }

    @Test("29/02 said in a year without one is next year's when the date must be after today")
    func leapDayRollsOver() {
        let november = CivilDate(year: 2027, month: 11, day: 15)
        let after = ValidationRule(kind: .date, after: .today)
        let leap = Validator.validate("29/02", rule: after, locale: .esAR, today: november)
        #expect((try? leap.get())?.value.rendered == "2028-02-29", "\(leap)")
        let plain = Validator.validate("29/02", rule: ValidationRule(kind: .date), locale: .esAR, today: november)
        #expect(plain.reason == .badFormat)
        let bounded = ValidationRule(kind: .date, after: .today, before: .date(CivilDate(year: 2028, month: 1, day: 1)))
        #expect(Validator.validate("29/02", rule: bounded, locale: .esAR, today: november).reason == .badFormat)
        // Two years before the next leap day: the next 29/02 is still the one meant.
        let early = Validator.validate("29/02", rule: after, locale: .esAR, today: CivilDate(year: 2026, month: 11, day: 20))
        #expect((try? early.get())?.value.rendered == "2028-02-29", "\(early)")
        let emoji = Validator.validate("15/12 👍", rule: after, locale: .esAR, today: CivilDate(year: 2026, month: 11, day: 20))
        #expect((try? emoji.get())?.value.rendered == "2026-12-15", "\(emoji)")
    }

    static let weekdayWithNextYearsDate: [(locale: String, input: String, iso: String?)] = [
        // Said on Thursday 31 December 2026: 1 January is 2027's, a Friday.
        ("es-AR", "viernes 1/1", "2027-01-01"), ("es-AR", "el viernes 1/1", "2027-01-01"), ("es-AR", "sábado 2 de enero", "2027-01-02"),
        ("en-US", "Saturday Jan 2", "2027-01-02"), ("pt-BR", "sábado, 2 de janeiro", "2027-01-02"), ("es-AR", "vie 1/1", "2027-01-01"),
        ("es-AR", "prefiero el viernes 1/1", "2027-01-01"), ("es-AR", "viernes 1/1 a las 10", "2027-01-01"),
        // Another weekday is a mistake still (2026's 1 January was a Thursday, 2027's a Friday).
        ("es-AR", "sábado 1/1", nil), ("es-AR", "jueves 1/1", nil), ("en-US", "Friday Jan 2", nil),
    ]

    @Test("a weekday with a day and month that `after` moves to next year goes with next year's date", arguments: weekdayWithNextYearsDate)
    func weekdayOfNextYearsDate(_ c: (locale: String, input: String, iso: String?)) {
        let december31 = CivilDate(year: 2026, month: 12, day: 31)
        let result = check(c.input, ValidationRule(kind: .date, after: .today), locale(c.locale), today: december31)
        #expect(result.value?.rendered == c.iso, "\(c.locale) \(c.input)")
        // Without a bound the date is this year's, whose weekday it is not.
        if c.iso != nil {
            #expect(check(c.input, ValidationRule(kind: .date), locale(c.locale), today: december31).reason == .badFormat, "\(c.locale) \(c.input)")
        }
    }

    @Test("a weekday with a day and month that `before` moves to last year goes with last year's date")
    func weekdayOfLastYearsDate() {
        let january10 = CivilDate(year: 2026, month: 1, day: 10)
        #expect(check("sábado 20/12", ValidationRule(kind: .date, before: .today), today: january10).value?.rendered == "2025-12-20")
        #expect(check("domingo 20/12", ValidationRule(kind: .date, before: .today), today: january10).value == nil)
    }

    static let dateThenTime: [(locale: String, input: String, iso: String?)] = [
        // A date and then the time of day: the time is dropped.
        ("es-AR", "mañana a las 10", "2026-03-15"), ("es-AR", "15/12 a las 10", "2026-12-15"), ("es-AR", "el 15 a las 14hs", "2026-03-15"),
        ("es-AR", "31/12/2026 a las 10", "2026-12-31"), ("es-AR", "mañana a las 10:30", "2026-03-15"), ("es-AR", "15/12 10hs", "2026-12-15"),
        ("es-AR", "15/12 10:30", "2026-12-15"), ("es-AR", "mañana, a las 10 por favor", "2026-03-15"), ("es-AR", "el lunes a la 1", "2026-03-16"),
        ("es-AR", "15 de diciembre a las 5 de la tarde", "2026-12-15"), ("es-AR", "mañana a la tarde a las 5", "2026-03-15"),
        ("es-AR", "viernes 20/3 a las 9", "2026-03-20"), ("en-US", "tomorrow at 5pm", "2026-03-15"), ("en-US", "Dec 15 at 10:30 am", "2026-12-15"),
        ("en-US", "tomorrow 5 pm", "2026-03-15"), ("en-US", "tomorrow at noon", "2026-03-15"),
        ("pt-BR", "amanhã às 10h", "2026-03-15"), ("pt-BR", "15/12 as 10h", "2026-12-15"), ("pt-BR", "dia 20 às 14:00", "2026-03-20"),
        // Only after a whole date, and only a time: nothing else becomes one.
        ("es-AR", "a las 10", nil), ("es-AR", "hola a las 10", nil), ("es-AR", "15 a las 10", nil), ("es-AR", "15 10hs", nil),
        ("es-AR", "mañana 10", nil), ("es-AR", "15/12 10", nil), ("es-AR", "mañana a las 25", nil), ("es-AR", "mañana a las 10 o 11", nil),
        ("es-AR", "lunes 20 a las 5", nil), ("es-AR", "lunes 20 porfa", nil), ("es-AR", "31/02 a las 10", nil), ("es-AR", "mañana 2026", nil),
        ("es-AR", "no mañana a las 10", nil), ("es-AR", "mañana a las 10 🤷", nil), ("es-AR", "marzo 15/12 a las 10", nil),
    ]

    @Test("a time after a date is dropped; nothing else is read as a date", arguments: dateThenTime)
    func timeAfterDate(_ c: (locale: String, input: String, iso: String?)) {
        let result = check(c.input, ValidationRule(kind: .date), locale(c.locale))
        #expect(result.value?.rendered == c.iso, "\(c.locale) \(c.input)")
        if c.iso == nil { #expect(result.reason == .badFormat, "\(c.locale) \(c.input)") }
    }

    @Test("a time after a date, with a format")
    func dateThenTimeWithFormat() {
        #expect(check("31/12/2026 a las 10", ValidationRule(kind: .date, format: "dd/MM/yyyy")).value?.rendered == "2026-12-31")
        #expect(check("31/12 a las 10", ValidationRule(kind: .date, format: "dd/MM/yyyy")).reason == .badFormat)
    }

    @Test("full-width digits are digits")
    func fullWidthDigits() {
        #expect(check("１５/１２/２０２６", ValidationRule(kind: .date)).value?.rendered == "2026-12-15")
        #expect(check("１５ de diciembre", ValidationRule(kind: .date)).value?.rendered == "2026-12-15")
    }

    @Test("an invalid date is bad_format even with bounds")
    func invalidBeforeBounds() {
        #expect(check("31/02", ValidationRule(kind: .date, after: .today)).reason == .badFormat)
    }

    static let formatted: [(input: String, format: String, iso: String?)] = [
        ("31/12/2026", "dd/MM/yyyy", "2026-12-31"), ("1/2/2026", "dd/MM/yyyy", "2026-02-01"),
        ("2026-12-31", "dd/MM/yyyy", "2026-12-31"), ("2026-01-02", "yyyy-dd-MM", "2026-02-01"), ("2026-12-31", "yyyy/MM/dd", "2026-12-31"), ("2026/12/31", "yyyy/MM/dd", "2026-12-31"), ("2026/12/31", "dd/MM/yyyy", nil), ("31/12/26", "dd/MM/yy", "2026-12-31"),
        ("12-31-2026", "MM-dd-yyyy", "2026-12-31"), ("31 de diciembre", "d 'de' MMMM", "2026-12-31"),
        ("31 DE DICIEMBRE", "d 'de' MMMM", "2026-12-31"), ("31 de dic", "d 'de' MMM", "2026-12-31"),
        ("31/12", "dd/MM", "2026-12-31"), ("31/12", "dd/MM/yyyy", nil), ("12/31", "MM/dd/yyyy", nil),
        ("31/12/2", "dd/MM/yyyy", nil), ("hoy", "dd/MM/yyyy", "2026-03-14"), ("31/12/2026 x", "dd/MM/yyyy", nil),
        ("jueves 31/12/2026", "EEEE dd/MM/yyyy", "2026-12-31"), ("31/02/2026", "dd/MM/yyyy", nil),
        // A weekday that is not the date's: asked again, neither day taken.
        ("viernes 31/12/2026", "EEEE dd/MM/yyyy", nil), ("vie 31/12/2026", "EEE dd/MM/yyyy", nil), ("jue 31/12/2026", "EEE dd/MM/yyyy", "2026-12-31"),
        ("31/12/1026", "dd/MM/yyyy", nil),
        // Words around a numeric date, its separators, and the month in words (a year still asked for).
        ("el 31/12/2026", "dd/MM/yyyy", "2026-12-31"), ("31/12/2026, gracias", "dd/MM/yyyy", "2026-12-31"), ("31/12/2026.", "dd/MM/yyyy", "2026-12-31"),
        ("31-12-2026", "dd/MM/yyyy", "2026-12-31"), ("31.12.2026", "dd/MM/yyyy", "2026-12-31"), ("12.31.2026", "MM/dd/yyyy", "2026-12-31"),
        ("31 de diciembre de 2026", "dd/MM/yyyy", "2026-12-31"), ("December 31, 2026", "MM/dd/yyyy", "2026-12-31"),
        ("31 de diciembre", "dd/MM/yyyy", nil), ("31 de diciembre", "dd/MM", "2026-12-31"), ("hola 31/12/2026", "dd/MM/yyyy", nil),
        ("el 12/31/2026", "dd/MM/yyyy", nil), ("mejor el 31/12/2026", "dd/MM/yyyy", "2026-12-31"), ("quero 31/12/2026", "dd/MM/yyyy", "2026-12-31"),
        ("puede ser el 31/12/2026", "dd/MM/yyyy", nil),
        // The year in two digits or four, whatever the format's (as day and month take one or two);
        // never three or five, and digits that run on are read as the format counts them.
        ("31/12/2026", "dd/MM/yy", "2026-12-31"), ("31/12/26", "dd/MM/yyyy", "2026-12-31"), ("5/1/27", "dd/MM/yyyy", "2027-01-05"),
        ("5/1/2027", "d/M/yy", "2027-01-05"), ("15/04/85", "dd/MM/yyyy", "1985-04-15"), ("el 31/12/26, gracias", "dd/MM/yyyy", "2026-12-31"),
        ("31/12/202", "dd/MM/yy", nil), ("31/12/20266", "dd/MM/yyyy", nil), ("31/12/2", "dd/MM/yy", nil),
        ("311226", "ddMMyy", "2026-12-31"), ("261231", "yyMMdd", "2026-12-31"), ("20261231", "yyyyMMdd", "2026-12-31"),
        ("26-12-31", "yy-MM-dd", "2026-12-31"), ("2026-31-12", "yy-dd-MM", "2026-12-31"),
        // The date's own weekday before or after it; one separator throughout, as without a format.
        ("viernes 31/12/2027", "dd/MM/yyyy", "2027-12-31"), ("el viernes 31/12/2027", "dd/MM/yyyy", "2027-12-31"),
        ("31/12/2027 (viernes)", "dd/MM/yyyy", "2027-12-31"), ("vie 31/12/2027", "dd/MM/yyyy", "2027-12-31"),
        ("viernes 31/12/2026", "dd/MM/yyyy", nil), ("31/12/2026 viernes", "dd/MM/yyyy", nil), ("hola viernes 31/12/2027", "dd/MM/yyyy", nil),
        ("31/12-2027", "dd/MM/yyyy", nil), ("31-12/2027", "dd/MM/yyyy", nil), ("31.12-2027", "dd/MM/yyyy", nil),
        // A full date in the order of a format without a year.
        ("24/12/2026", "dd/MM", "2026-12-24"), ("24-12-2027", "dd-MM", "2027-12-24"), ("12/24/2026", "MM/dd", "2026-12-24"),
        ("12/24/2026", "dd/MM", nil), ("24/12/2026", "MM/dd", nil), ("24/12-2026", "dd/MM", nil),
    ]

    @Test("the format option", arguments: formatted)
    func format(_ c: (input: String, format: String, iso: String?)) {
        let result = check(c.input, ValidationRule(kind: .date, format: c.format))
        #expect(result.value?.rendered == c.iso, "\(c.input) as \(c.format)")
    }

    static let rendered: [(locale: String, iso: String, pattern: String?, text: String)] = [
        ("es-AR", "2026-12-31", nil, "31/12/2026"), ("en-US", "2026-12-31", nil, "12/31/2026"),
        ("en-GB", "2026-12-31", nil, "31/12/2026"), ("pt-BR", "2026-12-31", nil, "31/12/2026"),
        ("es-CL", "2026-12-31", nil, "31-12-2026"), ("es-MX", "2026-01-05", nil, "05/01/2026"),
        ("es-AR", "2026-12-31", "dd/MM/yyyy", "31/12/2026"), ("es-AR", "2026-12-31", "d 'de' MMMM", "31 de diciembre"),
        ("es-AR", "2026-12-31", "EEEE d 'de' MMMM 'de' yyyy", "jueves 31 de diciembre de 2026"),
        ("es-AR", "2026-03-05", "d/M/yy", "5/3/26"), ("es-AR", "2026-03-05", "EEE d MMM", "jue 5 mar"),
        ("es-ES", "2026-09-05", "d MMM", "5 sept"), ("es-PE", "2026-09-05", "d 'de' MMMM", "5 de setiembre"),
        ("pt-BR", "2026-12-31", "EEEE, d 'de' MMMM", "quinta-feira, 31 de dezembro"),
        ("pt-BR", "2026-03-14", "EEE dd/MM", "sáb 14/03"),
        ("en-US", "2026-12-31", "EEEE, MMMM d, yyyy", "Thursday, December 31, 2026"),
        ("en-US", "2026-07-04", "MMM d", "Jul 4"), ("en-US", "2026-07-04", "MMMMM EEEEE", "J S"),
        ("en-US", "2026-07-04", "'Today is' EEEE", "Today is Saturday"), ("en-US", "2026-07-04", "h 'o''clock'", "12 o'clock"),
        ("en-US", "2026-07-04", "yyyy-MM-dd", "2026-07-04"),
    ]

    @Test("format_date", arguments: rendered)
    func formatDate(_ c: (locale: String, iso: String, pattern: String?, text: String)) throws {
        let d = try #require(CivilDate.parseISO(c.iso))
        #expect(DateText.format(d, pattern: c.pattern, locale: locale(c.locale)) == c.text)
    }

    @Test("format_date of a datetime")
    func formatDatetime() {
        let d = CivilDate(year: 2026, month: 12, day: 31)
        let t = CivilTime(hour: 14, minute: 30)
        #expect(DateText.format(d, time: t, pattern: nil, locale: .esAR) == "31/12/2026 14:30")
        #expect(DateText.format(d, time: t, pattern: nil, locale: .enUS) == "12/31/2026 2:30 PM")
        #expect(DateText.format(d, time: CivilTime(hour: 0, minute: 5), pattern: "hh:mm a", locale: .enUS) == "12:05 AM")
        #expect(DateText.format(d, time: CivilTime(hour: 9, minute: 5, second: 7), pattern: "HH:mm:ss", locale: .esAR) == "09:05:07")
        #expect(DateText.format(d, time: t, pattern: "h:mm a", locale: .esAR) == "2:30 p. m.")
    }
}
