/// The validators of `ask` answers (flow-format.md §2, "Questions and validation").
///
/// Every answer is first trimmed (whitespace, line breaks, zero-width characters); number, phone,
/// date and time answers read full-width digits (`１２`) as digits, number, phone, e-mail, date and
/// time answers drop WhatsApp's formatting marks or quotes around the answer or its value, up to three
/// pairs (`*3*`, `**3**`, `*_3_*`, `"14:30"`, `a las _14:30_`, `mi cel es *11 5555-1234*`:
/// `TextMatch.withoutFormatting`; a `regex` answer is matched as typed, its pattern found inside the
/// marks), and number, date and time
/// answers drop a hesitation before them (`eh dos`, `mmm 2`, `este... 2`, `uh two`, `mmm a las 5`,
/// not before a length of time, `um 2 hours`: `AnswerWords.afterHesitation`), as yes/no answers do
/// (`eh sí`, `mmm no`); answers of every type
/// but free text and `regex` read `x favor`, `x fa` as `por favor` (`5 x favor`). Then, by type:
///
/// - `text`: at least one character (an empty answer is `too_short`), at least `min` and at
///   most `max` characters (as a person counts them: an emoji is one) → `too_short` /
///   `too_long`; with a `pattern`, the pattern must be found in the answer (anchor it, `^…$`, to
///   ask for the whole answer) → `bad_format`; a pattern with named groups, whose values are saved,
///   is found as a `regex` answer's is, cutting no longer number out (`(?<cp>\d{4})` refuses `CP 12345`).
///   Saved trimmed, with the pattern's named groups.
/// - `number`: as `NumberText.parse` reads it by the locale (`1.500,50` and `12,5` in
///   `es-AR`), or a whole number in words (`tres`, `tres mil`, `veintidós`, `vinte e cinco`,
///   `twenty-one`, `3 mil`: `NumberWords`), or as chats write it (`NumberAnswer`: `$ 1.500`, `S/.20`,
///   `$1.500.-`, `3 unidades`, `menos 3`, `n° 5`, `1,5 mil`, `1 y medio`; not `2k`, `1000 y medio`,
///   `cien y medio`, `S/.2.000` in es-PE, `el 5 de junio`) → `not_a_number`; `integer: true` → `not_integer`;
///   `min`/`max` (inclusive) → `out_of_range`.
/// - `phone`: as `PhoneNumber.parse` reads it, with `region` or else the locale's country as
///   the default country (a lead-in before the number, `mi cel es …` or a label on its own line,
///   courtesy and a short note in parentheses after it, `… gracias`, `… (whatsapp)`, and emoji
///   around it are dropped: `AnswerWords`, whose lead-ins and notes are made of known words only,
///   so a name, a relative, a guess or a lost number (`el de Juan es …`, `Juan\n…`, `… (de mi
///   señora)`, `… (lo perdí)`, `supongo que …`) or a question mark is no answer; full-width digits
///   are digits) → `bad_format`; saved as E.164 text, an Argentine number in its
///   WhatsApp (mobile) form `+549…` (`PhoneNumber.whatsAppForm`).
/// - `email`: `local@domain.tld` (dot-atom local part, letters of any script allowed, no
///   quoted forms or IP literals), alone or as the one address in an answer with a lead-in
///   before it and courtesy after it (`mi correo es …`, `… gracias`; not `no es …`, `el de mi
///   mamá es …`, `Pedro: …`, `supongo que es …`, `mandalo a mi contador a …`, `…?`, two
///   addresses: `AnswerWords`) → `bad_format`; saved with the domain lower-cased.
/// - `date`: `dentro de 3 días`/`en 2 semanas`/`in 3 days`/`daqui a 5 dias`, `el 20`/`el día 20`/`el veinte`
///   (this month's, or next month's when it has passed; a day this month has not, still ahead, is
///   none: `el 31` in June → `bad_format`), courtesy after it (`mañana por favor`),
///   `hoy`/`today`/`hoje`, `mañana`/`tomorrow`/`amanhã`, `ayer`/`yesterday`/`ontem`,
///   `pasado mañana`/`depois de amanhã`/`the day after tomorrow`, `anteayer`/`anteontem`
///   (words of every locale are accepted in every locale); ISO `2026-12-31` (also with `/`);
///   numeric in the locale's order with `/`, `-` or `.`, one of them throughout (`31/12/2026`, `31-12-26`;
///   not `4:30`, `4 7`, `5-6/12` or `15/12 10`; `15/12 2026` is fine; `12/31/2026` in `en-US`); day and
///   month alone (`31/12`) are in the current year; with a month name (`31 de diciembre`, `31 dic 2026`,
///   `December 31, 2026`, `1º de maio`, `quince de diciembre`, `primero de abril`), which beside a
///   numeric date must be its month (`dic 15/12`; `marzo 15/12` → `bad_format`); `31 12 2026`; a
///   leading weekday name must be the date's (`viernes 31/12`), once `after` or `before` has settled its year (`viernes 1/1` on 31 December 2026, for a date after today, is 2027's); a weekday alone is the next one
///   (`next Friday`, `el viernes que viene`, `próxima sexta` said the day before → `bad_format`); a weekday and a day alone (`sábado 21`) is that day as `el 21` reads it when it is
///   that weekday (`lunes 20` when the 20th is a Saturday → `bad_format`); a day in words goes
///   with a month name only and is never a year (`cinco 10 de julio` → `bad_format`); `hoy mismo`, `en un mes`; a day of this month or the next by name (`el 15 de este mes`, `el 15 del mes
///   que viene`, `dia 15 do mês que vem`, `the 15th of next month`); a part of the day or a time after a date is dropped (`mañana a la
///   tarde`, `mañana a las 10`, `15/12 10hs`, `tomorrow at 5pm`, `amanhã às 10h`; `15 a las 10` →
///   `bad_format`). Two-digit years fall within 80 years before and 19 after the current year
///   (`26` is 2026, `85` 1985), whatever the bounds (`1/1/10` before 2008 is out of range, never
///   1910). With `format`, numeric dates are read by that
///   pattern only, the year in two digits or four whatever the pattern's, one separator throughout
///   (`31/12-2027` → `bad_format`), the date's own weekday around it (`viernes 31/12/2027`, `31/12/2027
///   (viernes)`), a full date in the order of a pattern without a year (`24/12/2026` for `dd/MM`)
///   (words and ISO `2026-12-31` still work). A day that does not exist (`31/02`) or anything else
///   → `bad_format`. Bounds are strict: `after` accepts only later dates, `before` only
///   earlier ones (`after: today` rejects today) → `out_of_range`. A day and month alone that
///   has passed this year, for a date after today, is next year's unless it is a day of the
///   last month (`15/03` in November, `15/06` in December; `1/12` on 2 December is yesterday →
///   `out_of_range`), or when a fixed
///   `after` still ahead rules this year's out; one still ahead this year is
///   never moved past a later fixed `after` (`20 de junio` after 2026-08-01 is out of range).
/// - `time`: `14:30`, `14.30`, `14h30`, `14h`, `14hs`, `14 horas`, `9` (→ `09:00`), `1430`, `17h30min`,
///   `9h30min` (not `1h30min`, nor `2 horas`, `una hora`, `2 hours` alone: lengths of time), `cuarto para las 5`, `quinze pras cinco` (04:45),
///   `2pm`, `2:30 pm`, `2:30 p. m.`, `3 de la tarde`, `10 da manhã`, `a las 14:30`, an hour and its
///   minutes in words (`las diez y ocho` → `10:08`, `ocho y diez`, `seven thirty`, `oito e dez`), the part
///   of the day as chats say it, before or after the hour (`9 de noche`, `a las 5 por la tarde`, `a la
///   noche a las 9`, `5 à tarde`, `de noite às 9`, `9 tonight`, `tonight at 9`, `9 this evening`), today or tomorrow said with
///   it, dropped (`mañana a las 9`, `7pm today`, `hoje às 8`; not a bare number: `mañana 9`),
///   `mediodía`/`medio día`/`noon`, `12 del día` (noon), `meio-dia e meia`,
///   `medianoche`/`midnight`, `12 m.`/`12:00 m.` (noon, in Spanish), a question mark around it
///   (`14h?`, `¿a las 5?`), courtesy after it (`17:00 porfa`); twelve in the morning (`12 de la mañana`, `12:30 da manhã`,
///   `12 in the morning`: noon to some, midnight to others) or anything else → `bad_format`; saved as `HH:mm` (24-hour,
///   zero-padded). Seconds are accepted and dropped.
/// - `yes_no`: the locale's words (es: sí, si, s, claro, dale, ok, de acuerdo …, no, n, nop …;
///   pt: sim, s, ss, claro, isso …, não, nao, n, nn …; en: yes, y, yeah, yep, sure …, no, n, nope,
///   nah …) plus `yes`, `y`, `ok`, `okay`, `sim`, `no`, `n`, `não` everywhere, 👍/👎; a yes or no word may be
///   followed by courtesy words (`no, gracias`, `sí por favor`; a 👍 after thanks, `no gracias 👍`, is
///   one too); a question mark anywhere makes a
///   question of it (`ok?`, `ya?`, `¿sí?`, `no?`) → `not_allowed` (like a
///   `choice`, the answer is none of the accepted words); saved as a bool.
/// - `regex`: a match of `pattern` in the trimmed answer, its full-width digits and Latin letters read
///   as ASCII (`３０１２３４５６` is `30123456`), as `matches` and regex triggers find one
///   (`\d{8}` takes `DNI 30123456`; anchor it, `^\d{8}$`, for the whole answer) → `bad_format`;
///   the whole answer is tried first, so groups at the end take the rest of it. Saved as the
///   match (the whole answer when it matches whole: `30123456` of `DNI 30123456`), with the named groups (a group that took no part is empty text, as the checker
///   types it). Without a pattern any non-empty answer matches.
/// - `choice`: one of `choices`, compared case- and accent-insensitively by words, ignoring
///   punctuation and emoji, or named as `ChoiceAnswer` reads it (what a menu reply accepts, a
///   label inside a short answer, a word of one label only, a numeric label by its value); an
///   answer naming two choices names none → `not_allowed`; saved as the choice is declared.
/// - `any`: anything, even empty; saved as the trimmed text.
///
/// An empty answer is `too_short` for `text`, `not_a_number` for `number`, `not_allowed`
/// for `choice` and `yes_no`, `bad_format` for the rest. A `pattern` that does not compile (the checker
/// reports it first) rejects every answer with `bad_format`.
public enum Validator {
    /// How many days back a day and month without a year is read as a slip (asked again) rather
    /// than as next year's, for a date after today: the last month.
    static let recentSlipDays = 31

    /// Validates what a user typed. `today` is the conversation's current date (the VM's clock).
    public static func validate(_ input: String, rule: ValidationRule, locale: FlowLocale,
                                today: CivilDate) -> Result<Validation, InvalidReason> {
        var text = TextMatch.trim(input)
        switch rule.kind {
        case .number, .phone, .email, .time, .date:
            // `3 🤷`, `mañana 🤔`: a guess or a question is no answer.
            if text.unicodeScalars.contains(where: { TextMatch.doubtEmoji.contains($0.value) }) {
                return .failure(rule.kind == .number ? .notANumber : .badFormat)
            }
            // `3 👍`, `14:30 🙏`: the emoji is not part of the answer.
            text = TextMatch.withoutEmoji(text)
            // `１２`: full-width digits are digits (not in an e-mail address, which keeps its text).
            if rule.kind != .email { text = TextMatch.withASCIIDigits(text) }
            // `*3*`, `"14:30"`, `a las _14:30_`: WhatsApp's bold or italics, or quotes, around the value.
            text = TextMatch.trim(TextMatch.withoutFormatting(text))
            // `eh dos`, `mmm 2`, `este... el lunes`: a hesitation before a number or a date (a time's
            // is dropped as its other lead-ins are, never before a length of time: `um 2 hours`).
            if [.number, .date].contains(rule.kind), let rest = AnswerWords.afterHesitation(text, locale: locale) {
                text = String(rest)
            }
        case .regex:
            // `３０１２３４５６`, `ＡＢ１２３`: full-width digits and letters are matched, and saved, as ASCII.
            text = TextMatch.withASCIIDigits(text, letters: true)
        default:
            break
        }
        // `5 x favor`, `mañana x fa`, `sí x favor`: the chat spelling of `por favor` after an answer.
        if [.number, .phone, .email, .time, .date, .yesNo, .choice].contains(rule.kind) {
            text = AnswerWords.withPorSpelledOut(text)
        }
        switch rule.kind {
        case .any:
            return .success(Validation(value: .text(text)))
        case .text:
            return validateText(text, rule: rule)
        case .number:
            return validateNumber(text, rule: rule, locale: locale)
        case .phone:
            guard let phone = PhoneNumber.parse(text, region: rule.region ?? locale.region) else {
                return .failure(.badFormat)
            }
            // A number its owner calls a landline (`… (fijo)`, `mi fijo es …`, `… (casa)` unless also a
            // cell) keeps its form: the mobile `9` would make it another number. (An office's number
            // may be a work cell: `(oficina)`, `(trabajo)` say nothing of the line.)
            let words = TextMatch.words(text)
            let landline = words.contains { ["fijo", "fija", "fixo", "landline"].contains($0) }
                || words.contains { ["casa", "home"].contains($0) } && !words.contains(where: PhoneNumber.bareNotes.contains)
            return .success(Validation(value: .text(landline ? phone.e164 : phone.whatsAppForm.e164)))
        case .email:
            guard let email = EmailInput.parse(text) else { return .failure(.badFormat) }
            return .success(Validation(value: .text(email)))
        case .date:
            return validateDate(text, rule: rule, locale: locale, today: today)
        case .time:
            guard let time = TimeInput.parse(text, locale: locale) else { return .failure(.badFormat) }
            return .success(Validation(value: .text(time.text)))
        case .yesNo:
            // `eh sí`, `mmm no`: a hesitation before the yes or the no.
            guard let answer = YesNoInput.parse(text, locale: locale)
                    ?? AnswerWords.afterHesitation(text, locale: locale).flatMap({ YesNoInput.parse(String($0), locale: locale) }) else {
                return .failure(.notAllowed)
            }
            return .success(Validation(value: .bool(answer)))
        case .regex:
            guard !text.isEmpty else { return .failure(.badFormat) }
            // Found inside a longer answer (`DNI 30123456` for `\d{8}`), the match is what is saved.
            if case .success(let pattern)? = rule.resolvedPattern(), pattern.wholeMatch(text) == nil,
               let found = pattern.firstWholeMatch(in: text), !found.text.isEmpty {
                return .success(Validation(value: .text(found.text), groups: found.groups))
            }
            // (What is saved is a match: one cut out of a longer number or code is none.)
            guard let groups = match(text, rule: rule, cutting: false) else { return .failure(.badFormat) }
            return .success(Validation(value: .text(text), groups: groups))
        case .choice:
            guard let i = ChoiceAnswer.index(text, rule.choices, locale: locale) else { return .failure(.notAllowed) }
            return .success(Validation(value: .text(rule.choices[i])))
        }
    }

    /// Characters that show as nothing though they are no space: Hangul fillers, the braille
    /// blank, variation selectors, the combining grapheme joiner.
    static let blanks: Set<UInt32> = [0x3164, 0x115F, 0x1160, 0xFFA0, 0x2800, 0xFE0E, 0xFE0F, 0x034F, 0x180E]

    private static func validateText(_ text: String, rule: ValidationRule) -> Result<Validation, InvalidReason> {
        let length = Double(text.count)
        // A "blank" message (WhatsApp's trick of the Hangul filler, the braille blank, a lone
        // variation selector) shows nothing: no text.
        if length == 0 || text.unicodeScalars.allSatisfy({ TextMatch.isSpace($0) || Self.blanks.contains($0.value) })
            || rule.min.map({ length < $0 }) == true { return .failure(.tooShort) }
        if rule.max.map({ length > $0 }) == true { return .failure(.tooLong) }
        guard let groups = match(text, rule: rule) else { return .failure(.badFormat) }
        return .success(Validation(value: .text(text), groups: groups))
    }

    private static func validateNumber(_ text: String, rule: ValidationRule,
                                       locale: FlowLocale) -> Result<Validation, InvalidReason> {
        // `2.000` in es-MX, `1,500` in es-CO, alone or with words (`quiero 2.000`, `2.000!`): three decimals
        // by the locale, thousands to whoever typed them; asked again, as a price with its sign is
        // (`1.500 kg` is a weight, read by the locale).
        if NumberAnswer.hasThreeDecimals(text, locale: locale) { return .failure(.notANumber) }
        guard let n = NumberText.parse(text, locale: locale) ?? NumberWords.parse(text) ?? NumberAnswer.parse(text, locale: locale) else {
            return .failure(.notANumber)
        }
        // Past 2^53 a number loses its last digits (`9007199254740993` would be saved as …992): a
        // long code asked as a number is asked again, never saved changed.
        guard abs(n) < 9_007_199_254_740_992 else { return .failure(.notANumber) }
        if rule.integer, n.rounded(.towardZero) != n { return .failure(.notInteger) }
        if rule.min.map({ n < $0 }) == true || rule.max.map({ n > $0 }) == true { return .failure(.outOfRange) }
        return .success(Validation(value: .number(n)))
    }

    private static func validateDate(_ text: String, rule: ValidationRule, locale: FlowLocale,
                                     today: CivilDate) -> Result<Validation, InvalidReason> {
        guard var date = DateInput.parse(text, locale: locale, today: today, format: rule.format) else {
            // `29/02` when this year has none: with `after`, the next year that has it (a date
            // named with its year would have been read already).
            if let after = rule.after {
                for years in 1...4 {
                    guard let rolled = DateInput.parse(text, locale: locale, today: today.adding(years: years), format: rule.format) else { continue }
                    // Only a 29 February moves on: `viernes 1/12` on a Tuesday is a mistake, not the
                    // next year whose 1 December is a Friday.
                    if rolled.month == 2, rolled.day == 29, rolled.year == today.year + years, rolled > after.resolve(today: today),
                       !after.isFixed || withinAYear(rolled, today: today),
                       rule.before.map({ rolled < $0.resolve(today: today) }) ?? true {
                        return .success(Validation(value: .date(rolled)))
                    }
                    break
                }
            }
            // `viernes 1/1` said on 31 December, for a date after today: the weekday goes with the date
            // the answer names once its year is settled (2027's, a Friday), not with this year's. (Said
            // with any other date, it is a mistake, asked again.)
            if rule.after != nil || rule.before != nil, let (weekday, rest) = DateInput.leadingWeekday(text),
               case .success(let settled) = validateDate(rest, rule: rule, locale: locale, today: today),
               case .date(let moved) = settled.value, moved.year != today.year, moved.weekday == weekday {
                return .success(settled)
            }
            return .failure(.badFormat)
        }
        if let after = rule.after, date <= after.resolve(today: today) {
            // A day and month without a year that has already passed this year (`15/03` in
            // November, for a date after today) is next year's: within the next twelve months,
            // never further, and not for a day of the last month (`1/12` on 2 December is
            // yesterday, a slip: asked again, never December next year; `15/6` is next June), unless a
            // fixed `after` still ahead rules this year's out by itself (`15/03` after 2026-08-01,
            // said in June, is 2027's). The year was left out when reading the answer a year on gives a
            // year on, while reading it a day on changes nothing (as it would for `hoy` or
            // `el lunes`). A date still ahead this year is never moved past a later fixed
            // `after` (`20 de junio` after 2026-08-01 is out of range, not 2027's).
            let bound = after.resolve(today: today)
            let nextYear = DateInput.parse(text, locale: locale, today: today.adding(years: 1), format: rule.format)
            let nextDay = DateInput.parse(text, locale: locale, today: today.adding(days: today.month == 12 && today.day == 31 ? -1 : 1),
                                          format: rule.format)
            guard date < today, let rolled = nextYear, nextDay == date, rolled.year == date.year + 1,
                  rolled > bound, withinAYear(rolled, today: today),
                  after.isFixed && bound > today || today.daysSinceEpoch - date.daysSinceEpoch > Self.recentSlipDays else {
                return .failure(.outOfRange)
            }
            date = rolled
        }
        if let before = rule.before, date >= before.resolve(today: today), DateInput.hasTwoDigitYear(text),
           date.year > today.year + 10, case let earlier = date.adding(years: -100), earlier < before.resolve(today: today),
           rule.after.map({ earlier > $0.resolve(today: today) }) ?? true {
            // `21/09/45` for a date before today (a birthday) is 1945: a year more than ten years
            // ahead is no slip of the keyboard (`20/06/26` a few days ahead stays out of range).
            date = earlier
        }
        if let before = rule.before, date >= before.resolve(today: today) {
            // A day and month without a year, still to come this year (`20/12` in January, for a
            // date before today: a purchase, a birthday) is last year's, within the last twelve
            // months, when that is the nearer. The year was left out when reading the answer a year earlier gives the same
            // day a year earlier, and reading it a day or a month on changes nothing.
            let limit = before.resolve(today: today)
            let lastYear = DateInput.parse(text, locale: locale, today: today.adding(years: -1), format: rule.format)
            let nextDay = DateInput.parse(text, locale: locale, today: today.adding(days: 1), format: rule.format)
            // (A month on or a month back: in December a month on is next year's.)
            let monthNamed = [1, -1].contains { DateInput.parse(text, locale: locale, today: today.adding(months: $0), format: rule.format) == date }
            // Only a bound that moves with today: `before: 2026-12-01` is a date the author fixed.
            // And only when last year's day is the nearer one (`20/12` in January): one a few days
            // ahead (`20/06` on the 15th) is more likely a slip, and asked again.
            guard !before.isFixed, date > today, let rolled = lastYear, nextDay == date, monthNamed, rolled.year == date.year - 1,
                  today.daysSinceEpoch - rolled.daysSinceEpoch < date.daysSinceEpoch - today.daysSinceEpoch,
                  rolled.month == date.month, rolled.day == date.day, rolled < limit, rolled >= today.adding(years: -1),
                  rule.after.map({ rolled > $0.resolve(today: today) }) ?? true else {
                return .failure(.outOfRange)
            }
            date = rolled
        }
        return .success(Validation(value: .date(date)))
    }

    /// A date moved on to a later year is kept only when it is within the next twelve months
    /// and in this year or the next.
    private static func withinAYear(_ date: CivilDate, today: CivilDate) -> Bool {
        date > today && date <= today.adding(years: 1) && date.year <= today.year + 1
    }

    /// The named groups when there is no pattern (none) or it is found in the text (as the whole
    /// text when it can be, so a lazy group at the end still takes the rest); nil otherwise.
    /// A `text` answer is saved whole, so a pattern without named groups is only found in it (`\\d` in
    /// `Av. Corrientes 1234`); what is saved of a match, a `regex` answer's match (not `cutting`) or
    /// any named group, must not be cut out of a longer number or code (`(?<cp>\\d{4})` in `CP 12345`).
    private static func match(_ text: String, rule: ValidationRule, cutting: Bool = true) -> [NamedGroup]? {
        switch rule.resolvedPattern() {
        case nil: return []
        case .failure: return nil
        case .success(let pattern):
            if let whole = pattern.wholeMatch(text) { return whole }
            if cutting, let found = pattern.firstMatch(in: text), found.isEmpty { return found }
            return pattern.firstWholeMatch(in: text)?.groups
        }
    }
}
