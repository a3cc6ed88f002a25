/// Dates said in words beyond a day, a month and a year: the part of the day after a date, a
/// number of months from today, a weekday with its day of the month, a day in words.
extension DateInput {
    /// `words` without a part of the day at their end, when something is left before it:
    /// `mañana a la tarde`, `mañana por la mañana`, `el 20 de noche`, `amanhã à tarde`,
    /// `tomorrow morning`.
    static func droppingPartOfDay(_ words: [String]) -> [String] {
        for phrase in partsOfDay where words.count > phrase.count && Array(words.suffix(phrase.count)) == phrase {
            return Array(words.dropLast(phrase.count))
        }
        return words
    }

    /// Longest first.
    private static let partsOfDay: [[String]] = [
        ["in", "the", "morning"], ["in", "the", "afternoon"], ["in", "the", "evening"],
        ["a", "la", "manana"], ["por", "la", "manana"], ["en", "la", "manana"], ["a", "la", "tarde"], ["por", "la", "tarde"],
        ["en", "la", "tarde"], ["a", "la", "noche"], ["por", "la", "noche"], ["en", "la", "noche"],
        // `x` is `por` in chats.
        ["x", "la", "manana"], ["x", "la", "tarde"], ["x", "la", "noche"],
        ["de", "manana"], ["de", "tarde"], ["de", "noche"], ["al", "mediodia"], ["temprano"],
        ["de", "manha"], ["pela", "manha"], ["a", "tarde"], ["pela", "tarde"], ["de", "noite"], ["a", "noite"], ["ao", "meio", "dia"],
        ["at", "night"], ["morning"], ["afternoon"], ["evening"], ["night"],
    ]

    /// `en un mes`, `dentro de 2 meses`, `in a month`, `daqui a um mês`, `daqui 2 meses`: months from today (1 to 12).
    static func monthsFromNow(_ words: [String]) -> Int? {
        var rest = words[...]
        for lead in [["dentro", "de"], ["daqui", "a"], ["daqui"], ["en"], ["in"], ["em"], ["within"]] where rest.starts(with: lead) {
            rest = rest.dropFirst(lead.count)
            break
        }
        guard rest.count >= 2, let unit = rest.last, ["mes", "meses", "month", "months"].contains(unit) else { return nil }
        let amount = rest.dropLast().joined(separator: " ")
        guard let n = amount == "a" ? 1 : Int(amount) ?? NumberWords.parse(amount).flatMap({ $0 == $0.rounded() && $0 < 100 ? Int($0) : nil }),
              (1...12).contains(n) else { return nil }
        return n
    }

    /// `sábado 21`, `jueves 19`, `lunes 6`, `sábado día 5`, `segunda-feira dia 7`: the day of the
    /// month as `el 21` reads it (this month's, or next month's when it has passed), when it is
    /// that weekday; nil otherwise (`lunes 20` when the 20th is a Saturday: a mistake, asked
    /// again, never a later month's).
    static func weekdayAndDay(_ words: [String], today: CivilDate) -> CivilDate? {
        var said = Array(words.dropLast())
        if said.count >= 2, said.last == "dia" { said.removeLast() }
        guard words.count >= 2, let last = words.last, let (day, _) = dayOfMonth(last), (1...31).contains(day),
              let weekday = weekdayAlone(said),
              let date = nextDay(day, today: today), date.weekday == weekday else { return nil }
        return date
    }

    /// The `day` of this month when it has not passed, else of the next month; nil when that
    /// month has no such day (`el 31` said in June is asked again: it has not passed, and July's
    /// is a guess).
    static func nextDay(_ day: Int, today: CivilDate) -> CivilDate? {
        if day >= today.day { return CivilDate.valid(year: today.year, month: today.month, day: day) }
        let next = today.month == 12 ? (today.year + 1, 1) : (today.year, today.month + 1)
        return CivilDate.valid(year: next.0, month: next.1, day: day)
    }

    /// `el 15 del mes que viene`, `el 15 de este mes`, `el día 15 del próximo mes`, `dia 15 do mês
    /// que vem`, `the 15th of next month`: that day of this month or the next (nil when the month
    /// has no such day). Words before it (`el`, `the`) are dropped already.
    static func dayOfNamedMonth(_ words: [String], today: CivilDate) -> CivilDate? {
        var rest = words[...]
        if let first = rest.first, first == "dia" || first == "day" { rest = rest.dropFirst() }
        guard let first = rest.first, let (day, _) = dayOfMonth(first), (1...31).contains(day) else { return nil }
        let phrase = rest.dropFirst().joined(separator: " ")
        let months: Int
        if thisMonth.contains(phrase) {
            months = 0
        } else if nextMonth.contains(phrase) {
            months = 1
        } else {
            return nil
        }
        let (year, month) = today.month + months > 12 ? (today.year + 1, 1) : (today.year, today.month + months)
        return CivilDate.valid(year: year, month: month, day: day)
    }

    /// This month, said after a day (folded).
    private static let thisMonth: Set<String> = [
        "de este mes", "del mes", "del mes actual", "del corriente", "del corriente mes", "deste mes", "desse mes", "do mes",
        "do mes atual", "deste mes mesmo", "of this month", "this month", "of the month",
    ]

    /// Next month, said after a day (folded).
    private static let nextMonth: Set<String> = [
        "del mes que viene", "del proximo mes", "del mes proximo", "del siguiente mes", "del mes siguiente", "del mes entrante",
        "del otro mes", "de el mes que viene", "do mes que vem", "do proximo mes", "do mes seguinte", "do outro mes",
        "of next month", "of the next month", "next month", "of the following month",
    ]

    /// Ordinal words for the first of the month (`primero de abril`).
    static let dayOrdinals: [String: Int] = ["primero": 1, "primer": 1, "primeiro": 1, "first": 1]
}
