/// Reading a `time` answer (see `Validator` for the accepted forms).
enum TimeInput {
    /// `locale` tells the language of words that are read in one only (`12 m.`, noon in Spanish);
    /// nil reads none of them. `timeOfDay`: the words can only be a time of day (after a date,
    /// `el lunes 10 horas`; among choices that are all times), so `10 horas` is 10:00 there.
    static func parse(_ input: String, locale: FlowLocale? = nil, timeOfDay: Bool = false) -> CivilTime? {
        var s = TextMatch.fold(input)
        for (from, to) in [("a. m.", "am"), ("p. m.", "pm"), ("a.m.", "am"), ("p.m.", "pm"), ("a.m", "am"), ("p.m", "pm")] {
            s = s.replacing(from, with: to)
        }
        // `17:00 porfa`, `a las 5 de la tarde, por favor`, `5 pm please`: courtesy after the time.
        var tokens = s.split(separator: " ")
        while let last = tokens.last, tokens.count > 1,
              AnswerWords.courtesy.contains(String(last.filter { $0 != "." && $0 != "!" && $0 != "," })) {
            tokens.removeLast()
        }
        s = tokens.joined(separator: " ")
        // `14h?`, `¿a las 5?`: a time proposed as a question is still that time (as a date or a number is).
        while let last = s.last, last == "." || last == "!" || last == "?" || last == " " || last == "," { s.removeLast() }
        while let first = s.first, first == "¿" || first == "¡" || first == " " { s.removeFirst() }
        // Words around the time that say nothing else: `dale, 14:30`, `mejor a las 5`, `tipo 14`,
        // `around 3pm`, `quiero a las 20`, `14:30 está bien`, `a las 5 me queda bien`.
        // (Not before a length of time: `about 2 hours`, `tipo 2 horas` say how long, not when.)
        var trimmedAround = !["hours", "hour", "horas", "hora", "hrs"].contains(where: { s.hasSuffix(" " + $0) })
        // `mañana a las 9`, `7pm today`, `hoje às 8`: the day said with the time, which a time
        // question drops (as a date question drops the time: `DateInput.readBeforeTime`).
        var droppedDay = false
        while trimmedAround {
            trimmedAround = false
            // `mmm a las 5`, `eh... 14:30`: a hesitation before it (`AnswerWords.afterHesitation`).
            if let rest = locale.flatMap({ AnswerWords.afterHesitation(s, locale: $0) }) ?? AnswerWords.afterPreferenceLead(s) {
                s = String(rest)
                trimmedAround = true
                continue
            }
            for lead in Self.leadingWords where s.hasPrefix(lead + " ") || s.hasPrefix(lead + ", ") {
                s = String(s.dropFirst(lead.count)).trimmingPrefix(while: { $0 == " " || $0 == "," }).description
                trimmedAround = true
                break
            }
            for tail in Self.trailingWords where s.hasSuffix(" " + tail) || s.hasSuffix(", " + tail) {
                s = String(s.dropLast(tail.count))
                while let last = s.last, last == " " || last == "," { s.removeLast() }
                trimmedAround = true
                break
            }
            for day in Self.dayWords where s.hasPrefix(day + " ") || s.hasPrefix(day + ", ") {
                s = String(s.dropFirst(day.count)).trimmingPrefix(while: { $0 == " " || $0 == "," }).description
                trimmedAround = true
                droppedDay = true
                break
            }
            // (Not the morning: `9 de la mañana`, `9 por la mañana`.)
            for day in Self.dayWords where (s.hasSuffix(" " + day) || s.hasSuffix(", " + day))
                && !(day == "manana" && (s.hasSuffix(" la manana") || s.hasSuffix(" de manana"))) {
                s = String(s.dropLast(day.count))
                while let last = s.last, last == " " || last == "," { s.removeLast() }
                trimmedAround = true
                droppedDay = true
                break
            }
        }
        // A bare number after the day is no time (`mañana 9`, as `mañana 10` is no date and time).
        if droppedDay, s.allSatisfy({ $0.isASCII && $0.isNumber }) { return nil }
        s = withPartOfDayLast(s)
        // `17hs30`, `17 h 30`: an hour and its minutes with the hour's unit between them.
        s = s.replacing(/^(\d{1,2}) ?hs? ?(\d{2})$/) { "\($0.output.1)h\($0.output.2)" }
        // (Said with the clock's article or preposition, `a las 9 horas`, `às 2 horas`, an hour in
        // `horas` is a time of day; alone, `2 horas` may be how long.)
        var saidAsClock = false
        for prefix in ["a eso de las ", "como a las ", "a las ", "a la ", "las ", "la ", "al ", "ao ", "at ", "as ", "a ", "por volta das "]
        where s.hasPrefix(prefix) {
            s.removeFirst(prefix.count)
            saidAsClock = true
            break
        }
        if let named = namedTimes[s] { return named }
        // `12 m.`, `12:00 m.` (Colombia, Mexico, Peru): `m.` is meridiem, said of noon only (not
        // glued, `12m`, which may be minutes).
        if locale?.language == "es", s == "12 m" || s == "12:00 m" { return CivilTime(hour: 12, minute: 0) }
        // `half past 2`, `quarter past 3`, `quarter to 5`: the fraction before the hour.
        var offset = 0
        // `cuarto para las 5`, `diez para las cinco de la tarde` (Mexico and Central America), `quinze
        // pras cinco`, `dez pra uma` (Brazil, `pras` for `para as`): minutes before the hour.
        let pieces = s.split(separator: " ")
        func hourStart(after para: Int) -> Int {
            let article = para + 1 < pieces.count && ["las", "la", "as", "a"].contains(pieces[para + 1])
            return article ? para + 2 : para + 1
        }
        if let para = pieces.firstIndex(where: { ["para", "pra", "pras"].contains($0) }), para > 0,
           case let hour = hourStart(after: para), hour < pieces.count, pieces[para] != "para" || hour == para + 2 {
            let amount = pieces[..<para].joined(separator: " ")
            let minutes = ["cuarto": 15, "un cuarto": 15, "media": 30].first { $0.key == amount }?.value
                ?? Int(amount) ?? NumberWords.parse(amount).flatMap { $0 == $0.rounded() ? Int($0) : nil }
            guard let minutes, (1...30).contains(minutes) else { return nil }
            offset = -minutes
            s = pieces[hour...].joined(separator: " ")
        }
        for (prefix, minutes) in [("half past ", 30), ("quarter past ", 15), ("quarter after ", 15), ("quarter to ", -15)] where offset == 0 && s.hasPrefix(prefix) {
            s.removeFirst(prefix.count)
            offset = minutes
            break
        }

        var meridiem: Bool?  // false: am, true: pm
        var night = false
        var morning = false
        var dayOnly = false
        var inWords = false
        var evening = false
        for (suffix, pm) in meridiemSuffixes where s.hasSuffix(suffix) {
            s.removeLast(suffix.count)
            meridiem = pm
            inWords = suffix.hasPrefix(" ")
            night = [" de la noche", " da noite", " at night"].contains(suffix)
            evening = night || suffix == " in the evening"
            morning = [" de la manana", " da manha", " in the morning"].contains(suffix)
            // `12 del día` is noon; no other hour is said so often enough to tell its half of the day.
            dayOnly = [" del dia", " noon", " midday"].contains(suffix)
            break
        }
        while s.last == " " { s.removeLast() }
        // `17h30min`, `17h 30 min`, `9h30min` (how Brazil writes a time): a clock's minutes with their
        // unit, the hour in two digits or one from 5 on (`10 min` and `1h30min`, `2h 15 min` are how
        // long, not when: a length of time of a few hours).
        for suffix in ["mins", "min"] where s.hasSuffix(suffix) {
            let clock = String(s.dropLast(suffix.count)).filter { $0 != " " }
            let b = Array(clock.utf8)
            let digit = { (i: Int) in i < b.count && b[i] >= 0x30 && b[i] <= 0x39 }
            let h = b.count == 4 ? 1 : 2
            guard b.count == h + 3, digit(0), h == 2 ? digit(1) : b[0] >= UInt8(ascii: "5"), b[h] == UInt8(ascii: "h"),
                  digit(h + 1), digit(h + 2) else { break }
            s = clock
            break
        }
        var hourWord: String?
        for suffix in hourSuffixes where s.hasSuffix(suffix) {
            s.removeLast(suffix.count)
            hourWord = suffix
            break
        }
        while s.last == " " { s.removeLast() }
        // `4 y media`, `4 y cuarto`, `5 menos cuarto`, `4 e meia`: an hour and its fraction.
        for (suffix, minutes) in fractions where offset == 0 && s.hasSuffix(suffix) {
            s.removeLast(suffix.count)
            offset = minutes
            break
        }
        while s.last == " " { s.removeLast() }
        // `5 menos 10`, `cinco menos diez`: minutes before the hour.
        if offset == 0, let cut = s.firstRange(of: " menos ") {
            let amount = String(s[cut.upperBound...])
            let minutes = Int(amount) ?? NumberWords.parse(amount).flatMap { $0 == $0.rounded() ? Int($0) : nil }
            guard let minutes, (1...30).contains(minutes) else { return nil }
            offset = -minutes
            s = String(s[..<cut.lowerBound])
        }
        // `meio-dia e meia`, `mediodía y cuarto`: a named time and its fraction.
        if let named = namedTimes[s], meridiem == nil, offset > 0 {
            return CivilTime.valid(hour: named.hour, minute: offset)
        }
        // `14 30`, `3 y 15`, `15 e 30`: an hour and its minutes, without a colon.
        let parts = s.split(separator: " ")
        if parts.count == 2 || (parts.count == 3 && ["y", "e", "and"].contains(parts[1])),
           let h = parts.first, (1...2).contains(h.count), h.allSatisfy(\.isASCII), h.allSatisfy(\.isNumber),
           // (One digit only with `y` and a part of the day: `3 y 5 de la tarde`, not `3 y 5`.)
           let m = parts.last, m.count == 2 || (m.count == 1 && parts.count == 3 && meridiem != nil),
           m.allSatisfy(\.isASCII), m.allSatisfy(\.isNumber), offset == 0 {
            s = h + ":" + (m.count == 1 ? "0" + m : m)
        }
        // An hour and its minutes in words (`las diez y ocho`, `ocho y diez`, `a las 8 y diez`, `seven
        // thirty`), before the words are read as one number (`diez y ocho` is 10:08, never 18:00);
        // else an hour in words: `cuatro de la tarde`, `dez horas`, `four pm`.
        let words = (offset == 0 ? hourAndMinutesInWords(s) : nil)
            ?? NumberWords.parse(s).flatMap { $0 == $0.rounded() && $0 >= 0 && $0 <= 24 ? (Int($0), 0) : nil }
        guard let (hour, minute) = clock(Array(s.utf8)) ?? words else { return nil }
        // `2 horas`, `una hora`, `2 hours`: how long, not when (as `en 2 horas` and `tipo 2 horas`
        // are), never 02:00. Still a time: the 24-hour clock's `14 horas`, `1400 hours`, one said
        // with its article or its part of the day (`a las 9 horas`, `2 horas de la tarde`), and
        // Portuguese's `duas horas`, `dez horas`, as Brazil tells the time.
        // (`09 horas`: a 24-hour clock's zero, never a length.)
        if let word = hourWord, !saidAsClock, !timeOfDay, meridiem == nil, offset == 0, minute == 0, s.first != "0" {
            let digits = s.allSatisfy { $0.isASCII && $0.isNumber }
            if word == "hours", !digits || !(3...4).contains(s.count) { return nil }
            if ["hora", "horas"].contains(word), locale?.language != "pt", (1...12).contains(hour),
               digits || spanishHours.contains(s) { return nil }
        }
        // A fraction goes with a whole hour only (`4:10 y media` is no time).
        if offset != 0 { guard minute == 0, s.allSatisfy({ !":.,h".contains($0) }) || words != nil else { return nil } }
        var h24 = hour
        if let pm = meridiem, pm, inWords, !dayOnly, (13...23).contains(hour), offset == 0 {
            // `15 hs de la tarde`, `20 de la noche`: a 24-hour clock with its part of the day said again,
            // when they agree (`13 de la noche`, `22 de la tarde` are no time).
            guard (evening ? 18...23 : 12...20).contains(hour) else { return nil }
            return CivilTime.valid(hour: hour, minute: minute)
        }
        if var pm = meridiem {
            guard (1...12).contains(hour), !dayOnly || hour == 12 else { return nil }
            // "12 de la mañana" (`12:30 da manhã`, `12 in the morning`) is noon to some speakers
            // and midnight to others: no answer, asked again.
            guard !(morning && hour == 12) else { return nil }
            // "12 de la noche" is midnight, "3 de la noche" the small hours; "9 de la noche" is 21:00.
            if night, hour == 12 || hour <= 4 { pm = false }
            h24 = pm ? (hour == 12 ? 12 : hour + 12) : (hour == 12 ? 0 : hour)
        } else if offset < 0, hour == 0 {
            return nil  // `0 menos cuarto`
        }
        guard offset != 0 else { return CivilTime.valid(hour: h24, minute: minute) }
        // The fraction after am/pm: `1 menos cuarto de la tarde` is 12:45.
        let total = (h24 * 60 + offset + 1440) % 1440
        guard h24 <= 23 else { return nil }
        return CivilTime.valid(hour: total / 60, minute: total % 60)
    }

    /// An hour (a word, or one or two digits) and then its minutes in words, `y`/`e` between them or
    /// nothing (then ten minutes or more: `seven thirty`, `ocho cuarenta y cinco`): `diez y ocho` →
    /// 10:08, `veinte y uno` → 20:01, `oito e dez` → 8:10. Spanish `y` always joins an hour and its
    /// minutes (21 is `veintiuno`); words that make one number otherwise are that number, an hour
    /// (`vinte e um`, `twenty one`: 21) or none (`vinte e cinco`).
    private static func hourAndMinutesInWords(_ s: String) -> (Int, Int)? {
        let pieces = s.split(separator: " ").map(String.init)
        guard pieces.count >= 2, pieces == TextMatch.words(s) else { return nil }
        let hour: Int
        if let value = NumberWords.small[pieces[0]], value <= 23 {
            hour = Int(value)
        } else if (1...2).contains(pieces[0].count), pieces[0].allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(pieces[0]), value <= 23 {
            hour = value
        } else {
            return nil
        }
        let connector = pieces[1] == "y" || pieces[1] == "e"
        let rest = pieces.dropFirst(connector ? 2 : 1)
        guard !rest.isEmpty, rest.allSatisfy({ $0.allSatisfy(\.isLetter) }),
              let minutes = NumberWords.parse(rest.joined(separator: " ")), minutes == minutes.rounded(),
              (1...59).contains(minutes), connector || minutes >= 10 else { return nil }
        if pieces[1] != "y", NumberWords.parse(s) != nil { return nil }
        return (hour, Int(minutes))
    }

    /// `H`, `HH`, `H:MM`, `HH.MM`, `HH,MM`, `HHhMM`, `H:MM:SS` (seconds dropped), `HMM`, `HHMM`.
    private static func clock(_ b: [UInt8]) -> (Int, Int)? {
        func isDigit(_ i: Int) -> Bool { i < b.count && b[i] >= 0x30 && b[i] <= 0x39 }
        func value(_ i: Int, _ n: Int) -> Int { (i..<(i + n)).reduce(0) { $0 * 10 + Int(b[$1] - 0x30) } }
        var i = 0
        while isDigit(i) { i += 1 }
        let hourDigits = i
        if i == b.count {
            switch hourDigits {
            case 1, 2: return (value(0, hourDigits), 0)
            case 3, 4: return (value(0, hourDigits - 2), value(hourDigits - 2, 2))
            default: return nil
            }
        }
        guard (1...2).contains(hourDigits), [UInt8(ascii: ":"), UInt8(ascii: "."), UInt8(ascii: ","), UInt8(ascii: "h")].contains(b[i]),
              isDigit(i + 1), isDigit(i + 2) else { return nil }
        let minute = value(i + 1, 2)
        i += 3
        if i < b.count {
            guard b[i] == UInt8(ascii: ":"), isDigit(i + 1), isDigit(i + 2), i + 3 == b.count,
                  value(i + 1, 2) <= 59 else { return nil }
        }
        return (value(0, hourDigits), minute)
    }

    private static let fractions: [(String, Int)] = [
        (" y media", 30), (" y cuarto", 15), (" menos cuarto", -15), (" e meia", 30), (" e quinze", 15), (" e quarto", 15),
    ]

    private static let namedTimes: [String: CivilTime] = [
        "mediodia": CivilTime(hour: 12, minute: 0), "el mediodia": CivilTime(hour: 12, minute: 0),
        "noon": CivilTime(hour: 12, minute: 0), "midday": CivilTime(hour: 12, minute: 0),
        "meio dia": CivilTime(hour: 12, minute: 0), "meio-dia": CivilTime(hour: 12, minute: 0),
        "medio dia": CivilTime(hour: 12, minute: 0), "el medio dia": CivilTime(hour: 12, minute: 0),
        "medio-dia": CivilTime(hour: 12, minute: 0), "12 noon": CivilTime(hour: 12, minute: 0),
        "medianoche": CivilTime(hour: 0, minute: 0), "la medianoche": CivilTime(hour: 0, minute: 0),
        "midnight": CivilTime(hour: 0, minute: 0), "12 midnight": CivilTime(hour: 0, minute: 0),
        "media noche": CivilTime(hour: 0, minute: 0), "la media noche": CivilTime(hour: 0, minute: 0),
        "meia noite": CivilTime(hour: 0, minute: 0), "meia-noite": CivilTime(hour: 0, minute: 0),
    ]

    /// Longest first, so that `de la manana` is not read as `...a` + something.
    private static let meridiemSuffixes: [(String, Bool)] = [
        (" de la madrugada", false), (" de la manana", false), (" da madrugada", false), (" da manha", false),
        (" in the morning", false), (" de la tarde", true), (" de la noche", true), (" da tarde", true),
        (" da noite", true), (" in the afternoon", true), (" in the evening", true), (" at night", true),
        (" del mediodia", true), (" de la mediodia", true), (" do meio dia", true), (" do meio-dia", true),
        (" del medio dia", true), (" del dia", true), (" noon", true), (" midday", true),
        ("am", false), ("pm", true),
    ]

    /// `s` with a part of the day said otherwise than `meridiemSuffixes` have it, before or after
    /// the hour, said after it as they have it: `9 de noche`, `a las 5 por la tarde`, `a la noche
    /// a las 9` → `… de la noche`; `5 à tarde`, `de noite às 9` → `… da tarde`, `… da noite`; `9
    /// tonight`, `tonight at 9`, `9 this evening` → `… at night`, `… in the evening`.
    private static func withPartOfDayLast(_ s: String) -> String {
        for (form, suffix) in partOfDayForms {
            if s.hasPrefix(form + " ") || s.hasPrefix(form + ", ") {
                return String(s.dropFirst(form.count)).trimmingPrefix(while: { $0 == " " || $0 == "," }).description + suffix
            }
            if s.hasSuffix(" " + form) || s.hasSuffix(", " + form) {
                var rest = String(s.dropLast(form.count))
                while let last = rest.last, last == " " || last == "," { rest.removeLast() }
                return rest + suffix
            }
        }
        return s
    }

    /// Folded parts of the day and the `meridiemSuffixes` entry each stands for (not `de mañana`,
    /// which may be tomorrow's).
    private static let partOfDayForms: [(String, String)] = [
        ("a la manana", " de la manana"), ("por la manana", " de la manana"), ("en la manana", " de la manana"),
        ("esta manana", " de la manana"),
        ("a la tarde", " de la tarde"), ("por la tarde", " de la tarde"), ("en la tarde", " de la tarde"), ("de tarde", " de la tarde"),
        ("esta tarde", " de la tarde"),
        ("a la noche", " de la noche"), ("por la noche", " de la noche"), ("en la noche", " de la noche"), ("de noche", " de la noche"),
        ("esta noche", " de la noche"), ("x la manana", " de la manana"), ("x la tarde", " de la tarde"), ("x la noche", " de la noche"),
        ("de manha", " da manha"), ("pela manha", " da manha"), ("a tarde", " da tarde"), ("pela tarde", " da tarde"),
        ("a noite", " da noite"), ("de noite", " da noite"), ("pela noite", " da noite"), ("esta noite", " da noite"),
        ("tonight", " at night"), ("this evening", " in the evening"), ("this afternoon", " in the afternoon"),
        ("this morning", " in the morning"),
    ]

    /// Folded days said with a time (longest first).
    private static let dayWords = ["depois de amanha", "pasado manana", "hoy mismo", "hoy", "manana", "today", "tomorrow", "hoje", "amanha"]

    /// Folded words before a time that add nothing to it, besides `AnswerWords.preferenceLeads`
    /// (not a doubt: `no`, `quizas`, `puede ser` stay and refuse).
    private static let leadingWords = ["dale", "tipo", "yo puedo", "puedo", "el turno", "around", "about", "bueno", "ok", "okay",
                                       "i can do"]
    /// Folded words after a time that say it suits.
    private static let trailingWords = ["esta bien", "me queda bien", "me viene bien", "me sirve", "is fine", "works for me", "works",
                                        "pode ser", "ta bien", "esta perfecto", "esta bom", "ta bom", "is good"]

    /// Spanish hours in words, said before `horas` (`dos horas` is how long; Portuguese's `dez
    /// horas` is ten o'clock).
    private static let spanishHours: Set<String> = [
        "un", "una", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve", "diez", "once", "doce",
    ]

    private static let hourSuffixes = ["horas", "hora", "hours", "hrs", "hr", "hs", "h", "o'clock", "oclock"]
}
