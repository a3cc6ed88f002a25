/// A date answer followed by the time of day (`mañana a las 10`), which a date question drops.
extension DateInput {
    /// `mañana a las 10`, `15/12 a las 14hs`, `el 15 10hs`, `tomorrow at 5pm`, `amanhã às 10h`: a
    /// date and then the time of day, which a date question drops. Nil unless what comes before
    /// the time is a date by itself (`hola a las 10`, `15 a las 10`, `lunes 20 porfa` are none).
    static func readBeforeTime(_ input: String, locale: FlowLocale, today: CivilDate, format: String?) -> CivilDate? {
        let pieces = input.split(whereSeparator: { $0.isWhitespace })
        // A date and a time are a few words (`el viernes 15 de diciembre a las 10 y media`): a long
        // message is no such answer, and is not tried word by word (that would take its length squared).
        guard pieces.count >= 2, pieces.count <= 16 else { return nil }
        for k in 1..<pieces.count {
            let first = TextMatch.fold(String(pieces[k]))
            // Led by `a las`, `at`, `às`; or a time by its own look (`10hs`, `5pm`, `10:30`, `5 pm`),
            // never a bare number (`2026`, `10`).
            let looksLikeTime = first.first.map { $0.isASCII && $0.isNumber } == true
                && (first.contains(":") || first.contains(where: \.isLetter) || k + 1 < pieces.count && hourUnits.contains(TextMatch.fold(String(pieces[k + 1]))))
            guard looksLikeTime || timeLeads.contains(where: { TextMatch.words(first).first == $0[0] }) else { continue }
            let time = pieces[k...].joined(separator: " ")
            let words = TextMatch.words(time)
            let led = timeLeads.contains { words.count > $0.count && words.starts(with: $0) }
            guard led || looksLikeTime, TimeInput.parse(time, locale: locale, timeOfDay: true) != nil else { continue }
            return read(pieces[..<k].joined(separator: " "), locale: locale, today: today, format: format)
        }
        return nil
    }

    /// Folded words that lead a time after a date.
    static let timeLeads: [[String]] = [["a", "las"], ["a", "la"], ["at"], ["as"], ["a", "eso", "de", "las"], ["como", "a", "las"], ["por", "volta", "das"]]
    /// Words after an hour that make it one (`5 pm`, `10 hs`).
    static let hourUnits: Set<String> = ["am", "pm", "a.m.", "p.m.", "h", "hs", "hrs", "horas"]
}
