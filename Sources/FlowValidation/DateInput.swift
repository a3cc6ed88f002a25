/// Reading a `date` answer (see `Validator` for the accepted forms).
enum DateInput {
    /// The date the answer names, or nil when it does not name one (bad format, or a day
    /// that does not exist such as 31/02).
    static func parse(_ input: String, locale: FlowLocale, today: CivilDate, format: String?) -> CivilDate? {
        // `-1/3`, `dentro de -3 días`: a minus sign is no part of a date (the words below drop
        // it, and the date would go the other way); `31-12-2026` has its dashes between digits.
        guard !hasNegativeNumber(input),
              let date = read(input, locale: locale, today: today, format: format) ?? readBeforeTime(input, locale: locale, today: today, format: format),
              plausibleYears.contains(date.year) else { return nil }
        return date
    }

    /// The years an answer may name: `15/03/1026` and `0001-03-15` are typos, never dates a
    /// shop's customer means.
    static let plausibleYears = 1900...2199

    /// Whether `input` has a minus sign (`-`, `−`, or a dash a phone may have made of it, `–`, `—`),
    /// or a run of them (`--1/3`), at its start or after a space, followed by a digit.
    static func hasNegativeNumber(_ input: String) -> Bool {
        var afterSpace = true
        var dash = false
        for scalar in input.unicodeScalars {
            if dash, ("0"..."9").contains(scalar) { return true }
            dash = minusSigns.contains(scalar) && (afterSpace || dash)
            afterSpace = scalar == " " || scalar == "\t"
        }
        return false
    }

    private static let minusSigns: Set<Unicode.Scalar> = ["-", "\u{2212}", "\u{2013}", "\u{2014}"]

    static func read(_ input: String, locale: FlowLocale, today: CivilDate, format: String?) -> CivilDate? {
        // `prefiero el viernes`, `mejor el 15`, `pode ser amanhã`: a wish or a choice before the date.
        let input = AnswerWords.afterPreferenceLead(input).map(String.init) ?? input
        var words = TextMatch.words(input)
        // `mañana por favor`, `el 20, gracias`: courtesy words after the date; `mañana a la tarde`:
        // the part of the day.
        words = AnswerWords.droppingTrailingCourtesy(words)
        words = droppingPartOfDay(words)
        // `no`, `na`, `o` lead a date in Portuguese ("on the"); in Spanish and English a leading
        // `no` refuses (`no mañana`).
        let portuguese = locale.language == "pt"
        if !portuguese, words.first == "no" || words.first == "not" { return nil }
        if words.first == "para", words.count > 1, ["el", "o", "dia"].contains(words[1]) { words.removeFirst() }
        // `pro dia 20`, `pro sábado`: Portuguese `pro` is `para o`.
        if words.first == "pro", words.count > 1 { words[0] = "o" }
        let saidDay = words.first.map { ["el", "dia", "o", "the"].contains($0) || portuguese && ["no", "na"].contains($0) } ?? false
        while let first = words.first, leadingFillers.contains(first) { words.removeFirst() }
        if let offset = relativeDays[words.joined(separator: " ")] { return today.adding(days: offset) }
        // `mañana martes`, `hoy lunes`: the day said with its weekday, which must be its own.
        if words.count == 2, let offset = relativeDays[words[0]], let weekday = weekdayNumbers[words[1]] {
            let date = today.adding(days: offset)
            return date.weekday == weekday ? date : nil
        }
        if endOfMonth.contains(words.joined(separator: " ")) {
            // `fin de mes`: the last day of this month.
            let next = today.month == 12 ? (today.year + 1, 1) : (today.year, today.month + 1)
            return CivilDate.valid(year: next.0, month: next.1, day: 1)?.adding(days: -1)
        }
        if let offset = daysFromNow(words) { return today.adding(days: offset) }
        if let months = monthsFromNow(words) { return today.adding(months: months) }
        if let date = weekdayAndDay(words, today: today) { return date }
        if let date = dayOfNamedMonth(words, today: today) { return date }
        // `el 20`, `el día 20`, `el 1ro`, `the 15th`, `dia primeiro`: that day of this month, or of
        // the next when it has passed (an ordinal says a day even without `el`).
        if format == nil, words.count <= 2, words.first.map({ $0 == "dia" || $0 == "day" }) ?? true || words.count == 1,
           let last = words.last, let (day, ordinal) = Self.dayOfMonth(last), saidDay || ordinal, (1...31).contains(day) {
            return nextDay(day, today: today)
        }
        // `el veinte`, `el día quince`, `dia vinte e cinco`: the day in words, said as a day as digits are.
        if format == nil, saidDay, case let rest = words.first == "dia" || words.first == "day" ? words.dropFirst() : words[...],
           (1...3).contains(rest.count), let n = NumberWords.parse(rest.joined(separator: " ")), n == n.rounded(), (1...31).contains(n) {
            return nextDay(Int(n), today: today)
        }
        if let weekday = weekdayAlone(words) {
            // `el lunes`, `próximo viernes`: the next one after today (a week on, said on that day);
            // `este viernes` said on a Friday is today.
            let ahead = (weekday - today.weekday + 7) % 7
            let thisOne = words.contains { ["este", "esta", "this", "nesta", "neste", "essa", "esse", "nessa", "nesse"].contains($0) }
                && !words.contains { ["proximo", "proxima", "viene", "vem", "next", "coming"].contains($0) }
            // `next Friday`, `el viernes que viene`, `próxima sexta` said on a Thursday: tomorrow to
            // some, a week on to others (tomorrow is said `mañana`): asked again.
            if ahead == 1, words.contains(where: { ["proximo", "proxima", "viene", "vem", "next"].contains($0) }) { return nil }
            return today.adding(days: ahead == 0 && !thisOne ? 7 : ahead)
        }
        // The order of day and month, and whether a year must be said.
        var order = locale.dateOrder
        var needsYear = false
        if let format {
            // ISO `2026-12-31` cannot be misread when `format` puts the day or month first.
            if !format.hasPrefix("y"), let iso = CivilDate.parseISO(TextMatch.trim(input)) { return iso }
            // A format without a year also reads a full date in its order (`24/12/2026` for `dd/MM`).
            let patterns = [format] + (withYear(format).map { [$0] } ?? [])
            // A year-first format reads its own way first (`yyyy-dd-MM`), then ISO still goes.
            if let date = patterns.lazy.compactMap({ parse(input, pattern: $0, locale: locale, today: today) }).first
                ?? CivilDate.parseISO(TextMatch.trim(input)) {
                return date
            }
            // The numeric date with words around it (`el 15/03/2027, gracias`): the digits' span
            // read by the format, when what is left are fillers and courtesy words (dropped above),
            // or the date's own weekday (`viernes 31/12/2027`, `31/12/2027 (viernes)`; another
            // weekday is a mistake, asked again).
            let bytes = Array(input.utf8)
            if let first = bytes.firstIndex(where: { (0x30...0x39).contains($0) }),
               let last = bytes.lastIndex(where: { (0x30...0x39).contains($0) }), first > 0 || last < bytes.count - 1 {
                let core = String(decoding: bytes[first...last], as: UTF8.self)
                let coreWords = TextMatch.words(core)
                let around = words.starts(with: coreWords) ? Array(words.dropFirst(coreWords.count))
                    : words.reversed().starts(with: coreWords.reversed()) ? Array(words.dropLast(coreWords.count)) : nil
                if let around, let date = patterns.lazy.compactMap({ parse(core, pattern: $0, locale: locale, today: today) }).first {
                    if around.isEmpty { return date }
                    if let weekday = weekdayAlone(around) ?? shortWeekdays[around.joined(separator: " ")] {
                        return weekday == date.weekday ? date : nil
                    }
                }
            }
            // A date with the month in words (`15 de marzo de 2027`) is read below, in the format's
            // order of day and month; numbers alone only by the format. A format with a year asks
            // for it (`15/03` for `dd/MM/yyyy` is asked again: a birth date without its year would
            // be this year's).
            let fields = DatePattern.tokens(format).compactMap { token -> Character? in
                if case .field(let letter, _) = token { return letter == "L" ? "M" : letter }
                return nil
            }
            if let d = fields.firstIndex(of: "d"), let m = fields.firstIndex(of: "M") { order = d < m ? .dayMonthYear : .monthDayYear }
            needsYear = fields.contains("y")
            guard words.contains(where: { monthNumbers[$0] != nil && Int($0) == nil }) else { return nil }
        }

        // `jueves 13/3`, `Thursday March 13`: a weekday said before the date must be its own
        // (the 13th a Friday is a mistake: asked again, neither day taken).
        var weekday: [String] = []
        var tokens: [Token] = []
        // A day in words (`quince`, `treinta y uno`, `primero`) before a month name.
        var dayWords: [String] = []
        func flushDay() -> Bool {
            guard !dayWords.isEmpty else { return true }
            defer { dayWords = [] }
            let phrase = dayWords.joined(separator: " ")
            guard let n = dayOrdinals[phrase] ?? NumberWords.parse(phrase).flatMap({ $0 == $0.rounded() ? Int($0) : nil }),
                  (1...31).contains(n) else { return false }
            // No digits: a day in words is never read as a year (`cinco 10 de julio` is no date).
            tokens.append(.number(value: n, digits: 0))
            return true
        }
        for word in words {
            // "viernes 31/12", "vie 6/3"
            if tokens.isEmpty, dayWords.isEmpty, weekdayWords.contains(word) || shortWeekdays[word] != nil {
                weekday.append(word)
                continue
            }
            // `31 dez 2026`, `10/dez/2027`: after a day, `dez` is December, not ten.
            if dayWords.isEmpty, case .number? = tokens.last, let month = monthNumbers[word] {
                tokens.append(.month(month))
                continue
            }
            if dayOrdinals[word] != nil || NumberWords.small[word] != nil || !dayWords.isEmpty && NumberWords.connectors.contains(word) {
                dayWords.append(word)
                continue
            }
            guard flushDay() else { return nil }
            if fillers.contains(word) { continue }
            if let month = monthNumbers[word] {
                tokens.append(.month(month))
            } else if let number = numberToken(word) {
                tokens.append(.number(value: number.value, digits: number.digits))
            } else {
                return nil
            }
        }
        guard flushDay(), let date = date(tokens, input: input, order: order, needsYear: needsYear, today: today) else { return nil }
        let said = weekday.joined(separator: " ")
        if !weekday.isEmpty, (weekdayNumbers[said] ?? shortWeekdays[said]) != date.weekday { return nil }
        return date
    }

    /// The date that day, month and year tokens name.
    private static func date(_ tokens: [Token], input: String, order: FlowLocale.DateOrder, needsYear: Bool, today: CivilDate) -> CivilDate? {
        let numbers: [(value: Int, digits: Int)] = tokens.compactMap {
            if case .number(let v, let n) = $0 { return (v, n) }
            return nil
        }
        let months: [Int] = tokens.compactMap {
            if case .month(let m) = $0 { return m }
            return nil
        }
        if months.count == 1 {
            // `dic 15/12`: numbers joined by a date's separator are a date of their own, never a day
            // and a year; the month name must be that date's (`marzo 15/12`, `mar 15/12` for a
            // Tuesday: asked again, neither month taken).
            if separatorsBetweenDigits(input).contains(where: { $0 != " " }) {
                let numeric = tokens.filter { if case .number = $0 { return true } else { return false } }
                guard let numericDate = Self.date(numeric, input: input, order: order, needsYear: needsYear, today: today),
                      numericDate.month == months[0] else { return nil }
                return numericDate
            }
            // "31 de diciembre [de 2026]", "December 31[, 2026]"
            guard (1...2).contains(numbers.count), numbers[0].digits <= 2, numbers.count == 2 || !needsYear else { return nil }
            var year = today.year
            if numbers.count == 2 {
                // The year comes after the month (`31 de diciembre de 2026`, `December 31, 2026`):
                // two numbers before it (`5 10 de julio`) are two days, not a day and a year.
                guard case .number? = tokens.last else { return nil }
                guard let y = fullYear(numbers[1], today: today) else { return nil }
                year = y
            }
            return CivilDate.valid(year: year, month: months[0], day: numbers[0].value)
        }
        guard months.isEmpty else { return nil }
        // Numbers alone are a date when written with a date's separators (`31/12`, `31-12-2026`,
        // `31.12`): `4:30` is a time and `4 7` nothing, so the question is asked again.
        // `31 12 2026` is one too: day, month and a four-digit year, with spaces only.
        let spaced = numbers.count == 3 && numbers[2].digits == 4 && numbers[0].digits <= 2 && numbers[1].digits <= 2
            && input.allSatisfy { $0.isWhitespace || ($0.isASCII && $0.isNumber) }
        guard !input.contains(":"), !input.contains("+"), spaced || input.contains(where: { $0 == "/" || $0 == "-" || $0 == "." }) else { return nil }
        // One separator throughout: `5-6/12` is the 5th or the 6th of December, and `15/12 10` no
        // date of 2010; a four-digit year may follow a space (`15/12 2026`).
        if !spaced {
            var separators = separatorsBetweenDigits(input)
            if separators.last == " ", numbers.count == 3, numbers[2].digits == 4 { separators.removeLast() }
            guard Set(separators).count <= 1, !separators.contains(" ") else { return nil }
        }
        // A day in words goes with a month name only (`quince de diciembre`, not `quince/12`).
        guard !numbers.contains(where: { $0.digits == 0 }) else { return nil }
        switch numbers.count {
        case 3 where numbers[0].digits == 4:
            // 2026-12-31, 2026/12/31
            guard numbers[1].digits <= 2, numbers[2].digits <= 2 else { return nil }
            return CivilDate.valid(year: numbers[0].value, month: numbers[1].value, day: numbers[2].value)
        case 2, 3:
            guard numbers[0].digits <= 2, numbers[1].digits <= 2, numbers.count == 3 || !needsYear else { return nil }
            var year = today.year
            if numbers.count == 3 {
                guard let y = fullYear(numbers[2], today: today) else { return nil }
                year = y
            }
            let (day, month) = order == .dayMonthYear
                ? (numbers[0].value, numbers[1].value) : (numbers[1].value, numbers[0].value)
            // `31/12` where dates go month first (and `12/31` where they go day first): only
            // the other order is a date, so that is the one meant.
            if month > 12, day <= 12 { return CivilDate.valid(year: year, month: day, day: month) }
            return CivilDate.valid(year: year, month: month, day: day)
        default:
            return nil
        }
    }

    /// What stands between two digits: a date separator (`/`, `-`, `.`, spaces allowed around
    /// it) or spaces alone (`" "`). `/`, `/` in `15/12/2026`; `-`, `/` in `5-6/12`; `/`, `" "` in
    /// `15/12 10`; nothing in `10/dez/2027` or `31/12/2026.`.
    static func separatorsBetweenDigits(_ input: String) -> [Unicode.Scalar] {
        var found: [Unicode.Scalar] = []
        var afterDigit = false
        var pending: Unicode.Scalar?  // what followed a digit, waiting for the next digit
        for scalar in input.unicodeScalars {
            switch scalar {
            case "0"..."9":
                if let pending { found.append(pending) }
                pending = nil
                afterDigit = true
            case "/", "-", ".":
                pending = afterDigit || pending == " " ? scalar : nil
                afterDigit = false
            case " ":
                if afterDigit { pending = " " }
                afterDigit = false
            default:
                pending = nil
                afterDigit = false
            }
        }
        return found
    }

    /// Whether the answer is a numeric date with a two-digit year (`21/09/45`, `21-9-45`, `21.09.45`).
    static func hasTwoDigitYear(_ input: String) -> Bool {
        let groups = TextMatch.trim(input).split(whereSeparator: { $0 == "/" || $0 == "-" || $0 == "." })
        return groups.count == 3 && groups.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }
            && groups[2].count == 2 && groups[0].count <= 2 && groups[1].count <= 2
    }

    /// A year of four digits as is; of two, the one within 80 years before and 19 after
    /// the current year (`26` → 2026, `85` → 1985 in 2026).
    static func fullYear(_ n: (value: Int, digits: Int), today: CivilDate) -> Int? {
        switch n.digits {
        case 4: return n.value
        case 2:
            var year = (today.year / 100) * 100 + n.value
            if year > today.year + 19 { year -= 100 }
            if year < today.year - 80 { year += 100 }
            return year
        default: return nil
        }
    }

    private enum Token {
        case number(value: Int, digits: Int)
        case month(Int)
    }

    /// Digits, optionally with an ordinal ending (`1º` folds to `1o`, `1ro`, `1er`, `1st`, `2nd`).
    private static func numberToken(_ word: String) -> (value: Int, digits: Int)? {
        let digits = word.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 4, let value = Int(digits) else { return nil }
        let suffix = word.dropFirst(digits.count)
        guard suffix.isEmpty || ordinalEndings.contains(String(suffix)) else { return nil }
        return (value, digits.count)
    }

    // MARK: Vocabulary (every locale's words are accepted in every locale)

    private static let relativeDays: [String: Int] = [
        "hoy": 0, "today": 0, "hoje": 0,
        "manana": 1, "tomorrow": 1, "amanha": 1,
        "ayer": -1, "yesterday": -1, "ontem": -1,
        "pasado manana": 2, "the day after tomorrow": 2, "day after tomorrow": 2, "depois de amanha": 2,
        "anteayer": -2, "antes de ayer": -2, "antier": -2, "anteontem": -2,
        "the day before yesterday": -2, "day before yesterday": -2,
        "hoy mismo": 0, "manana mismo": 1, "hoje mesmo": 0, "amanha mesmo": 1, "this very day": 0,
        // Chat shorthands.
        "hj": 0, "tmrw": 1, "tmr": 1, "tmw": 1, "tomorow": 1, "tommorow": 1,
    ]

    /// Folded words before a date that add nothing to it (`para el 15`, `na sexta`, `on Friday`);
    /// a wish or a choice before them is one of `AnswerWords.preferenceLeads`.
    private static let leadingFillers: Set<String> = ["para", "el", "for", "on", "pra", "em", "no", "na", "o", "the"]

    /// The last day of this month, as said (after a leading `el`, `no`, `para`).
    private static let endOfMonth: Set<String> = [
        "fin de mes", "a fin de mes", "fin del mes", "a fin del mes", "finales de mes", "a finales de mes", "ultimo dia del mes",
        "end of month", "end of the month", "at the end of the month", "the end of the month", "last day of the month",
        "the last day of the month", "fim do mes", "final do mes", "fim de mes", "ultimo dia do mes",
    ]

    /// Short weekday names said before a date (`vie 6/3`): not `mar`, which is also March.
    private static let shortWeekdays: [String: Int] = [
        "lun": 1, "mie": 3, "jue": 4, "vie": 5, "sab": 6, "dom": 7, "mon": 1, "tue": 2, "tues": 2, "wed": 3, "thu": 4, "thur": 4,
        "thurs": 4, "fri": 5, "sat": 6, "sun": 7, "seg": 1, "ter": 2, "qua": 3, "qui": 4, "sex": 5,
    ]

    /// A day of the month as a word: `20`, `1ro`, `15th`, `primero`; and whether it was an ordinal.
    static func dayOfMonth(_ word: String) -> (Int, Bool)? {
        if let n = dayOrdinals[word] { return (n, true) }
        guard let token = numberToken(word), token.digits <= 2 else { return nil }
        return (token.value, token.digits != word.count)
    }


    /// `dentro de 3 días`, `en 2 semanas`, `in 3 days`, `daqui a 5 dias`, `daqui 5 dias`, `em 3 dias`: days from today.
    static func daysFromNow(_ words: [String]) -> Int? {
        var rest = words[...]
        for lead in [["dentro", "de"], ["daqui", "a"], ["daqui"], ["en"], ["in"], ["within"]] where rest.starts(with: lead) {
            rest = rest.dropFirst(lead.count)
            break
        }
        guard rest.count >= 2, let unit = rest.last else { return nil }
        let size: Int
        switch unit {
        case "dia", "dias", "day", "days": size = 1
        case "semana", "semanas", "week", "weeks": size = 7
        default: return nil
        }
        let amount = rest.dropLast().joined(separator: " ")
        guard let n = amount == "a" || amount == "an" ? 1 : Int(amount) ?? NumberWords.parse(amount).flatMap({ $0 == $0.rounded() && $0 < 1000 ? Int($0) : nil }),
              (1...366).contains(n), (1...366).contains(n * size) else { return nil }
        return n * size
    }
    private static let fillers: Set<String> = ["de", "del", "of", "the", "el", "dia", "day", "do", "da", "em"]
    private static let ordinalEndings: Set<String> = ["o", "a", "ro", "ero", "er", "do", "to", "vo", "no", "st", "nd", "rd", "th"]

    static let monthNumbers: [String: Int] = {
        var table: [String: Int] = [:]
        for locale in [FlowLocale.esAR, FlowLocale.ptBR, FlowLocale.enUS] {
            for (i, name) in locale.monthNames.enumerated() { table[TextMatch.fold(name)] = i + 1 }
            for (i, name) in locale.shortMonthNames.enumerated() { table[TextMatch.fold(name)] = i + 1 }
        }
        for (name, month) in [("setiembre", 9), ("sept", 9), ("set", 9), ("sep", 9)] { table[name] = month }
        return table
    }()

    /// Full and short weekday names, folded, as words joined by spaces (`segunda feira`) → ISO weekday.
    static let weekdayNames: [String: Int] = {
        var names: [String: Int] = [:]
        for locale in [FlowLocale.esAR, FlowLocale.ptBR, FlowLocale.enUS] {
            for (i, name) in (locale.weekdayNames + locale.shortWeekdayNames).enumerated() {
                names[TextMatch.words(name).joined(separator: " ")] = i % 7 + 1
            }
        }
        return names
    }()

    /// A weekday said before a date (`viernes 1/1`, `el sábado, 2 de enero`, `Saturday Jan 2`,
    /// `prefiero el viernes 1/1`): its ISO weekday and the rest of the answer; nil when the answer
    /// does not start with one or has nothing after it.
    static func leadingWeekday(_ input: String) -> (weekday: Int, rest: String)? {
        let text = AnswerWords.afterPreferenceLead(input).map(String.init) ?? input
        let pieces = text.split(whereSeparator: { $0.isWhitespace })
        guard pieces.count >= 2 else { return nil }
        for k in 1..<min(4, pieces.count) {
            let head = TextMatch.words(pieces[..<k].joined(separator: " ")).drop { leadingFillers.contains($0) }
            guard let weekday = weekdayNumbers[head.joined(separator: " ")] else { continue }
            return (weekday, pieces[k...].joined(separator: " "))
        }
        return nil
    }

    /// The ISO weekday (1 is Monday) that `words` name alone, with words like `este`,
    /// `próximo`, `que viene`, `next` around it; nil for anything else.
    static func weekdayAlone(_ words: [String]) -> Int? {
        let rest = words.filter { !weekdayQualifiers.contains($0) }
        guard !rest.isEmpty else { return nil }
        return weekdayNumbers[rest.joined(separator: " ")]
    }

    private static let weekdayQualifiers: Set<String> = [
        "este", "esta", "proximo", "proxima", "que", "viene", "vem", "next", "this", "coming", "nesta", "neste", "essa", "esse", "nessa",
        "nesse", "the",
    ]

    /// Full weekday names, folded (`miercoles`, `segunda feira`, and `segunda` alone) → ISO weekday.
    private static let weekdayNumbers: [String: Int] = {
        var table: [String: Int] = [:]
        for locale in [FlowLocale.esAR, FlowLocale.ptBR, FlowLocale.enUS] {
            for (i, name) in locale.weekdayNames.enumerated() {
                let words = TextMatch.words(name)
                table[words.joined(separator: " ")] = i + 1
                if words.count == 2, words[1] == "feira" { table[words[0]] = i + 1 }
            }
        }
        // Abbreviations as chats write them (`vie`, `sáb`, `sex`, `Fri`); not `mar`, which is March too.
        let short: [String: Int] = [
            "lun": 1, "mie": 3, "jue": 4, "vie": 5, "sab": 6, "dom": 7,
            "seg": 1, "ter": 2, "qua": 3, "qui": 4, "sex": 5,
            "mon": 1, "tue": 2, "tues": 2, "wed": 3, "weds": 3, "thu": 4, "thur": 4, "thurs": 4, "fri": 5, "sat": 6, "sun": 7,
        ]
        table.merge(short) { full, _ in full }
        return table
    }()

    /// Words of full weekday names (`viernes`, `sexta`, `feira`, `friday`).
    private static let weekdayWords: Set<String> = {
        var words: Set<String> = []
        for locale in [FlowLocale.esAR, FlowLocale.ptBR, FlowLocale.enUS] {
            for name in locale.weekdayNames { words.formUnion(TextMatch.words(name)) }
        }
        return words
    }()
}
