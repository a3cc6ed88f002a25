/// Dates as `format_date` writes them. (Reading dates is the `date` validator's job.)
public enum DateText {
    /// `format_date(date, pattern?)`: the locale's default (`31/12/2026` in `es-AR`,
    /// `12/31/2026` in `en-US`, `31-12-2026` in `es-CL`) or `pattern` in Unicode date-pattern
    /// letters: `yyyy` (`2026`), `yy` (`26`), `y` (unpadded), `MMMM` (`diciembre`), `MMM`
    /// (`dic`), `MMMMM` (`D`), `MM` (`12`), `M`, `dd` (`05`), `d` (`5`), `EEEE` (`jueves`),
    /// `EEE`/`EE`/`E` (`jue`), `EEEEE` (`J`); text in single quotes is copied
    /// (`"d 'de' MMMM"` → `31 de diciembre`, `''` is a quote). Time letters (`HH` `H` `hh`
    /// `h` `mm` `ss` `a`) write midnight. Names are the locale's, in its usual case.
    public static func format(_ d: CivilDate, pattern: String?, locale: FlowLocale) -> String {
        render(d, time: nil, pattern: pattern ?? locale.datePattern, locale: locale)
    }

    /// `format_date` of a datetime: by default the locale's date and time patterns
    /// (`31/12/2026 14:30` in `es-AR`, `12/31/2026 2:30 PM` in `en-US`), else `pattern`,
    /// whose time letters are `HH`/`H` (24-hour), `hh`/`h` (12-hour), `mm`, `ss` and `a`
    /// (`p. m.` in Spanish, `PM` in English and Portuguese).
    public static func format(_ d: CivilDate, time: CivilTime, pattern: String?, locale: FlowLocale) -> String {
        render(d, time: time, pattern: pattern ?? (locale.datePattern + " " + locale.timePattern), locale: locale)
    }

    /// What is wrong with a `format_date` pattern that came from data (a literal one is checked by
    /// `flowc check`): a letter that is no pattern letter (`DD/MM/YYYY`), a quote never closed, a
    /// time letter for a date (which has no time of day). Nil when it renders as meant.
    public static func patternProblem(_ pattern: String, hasTime: Bool) -> String? {
        var quoted = false
        for c in pattern {
            if c == "'" { quoted.toggle(); continue }
            guard !quoted, c.isASCII, c.isLetter else { continue }
            if !"yMdEHhmsa".contains(c) { return "`\(c)` is no letter of format_date patterns (yyyy MM dd EEEE HH mm …)" }
            if !hasTime, "Hhmsa".contains(c) { return "`\(c)` is a time letter, and a date has no time of day" }
        }
        return quoted ? "a `'` is never closed" : nil
    }

    private static func render(_ d: CivilDate, time: CivilTime?, pattern: String, locale: FlowLocale) -> String {
        let t = time ?? CivilTime(hour: 0, minute: 0)
        var out = ""
        for token in DatePattern.tokens(pattern) {
            switch token {
            case .literal(let text):
                out += text
            case .field(let letter, let n):
                out += field(letter, n, d, t, locale)
            }
        }
        return out
    }

    private static func field(_ letter: Character, _ n: Int, _ d: CivilDate, _ t: CivilTime,
                              _ locale: FlowLocale) -> String {
        let monthIndex = Swift.min(Swift.max(d.month, 1), 12) - 1
        switch letter {
        case "y":
            if n == 2 { return CivilDate.pad(((d.year % 100) + 100) % 100, 2) }
            return n == 1 ? String(d.year) : CivilDate.pad(d.year, n)
        case "M":
            switch n {
            case 1: return String(d.month)
            case 2: return CivilDate.pad(d.month, 2)
            case 3: return name(locale.shortMonthNames, monthIndex)
            case 4: return name(locale.monthNames, monthIndex)
            default: return String(name(locale.monthNames, monthIndex).prefix(1)).uppercased()
            }
        case "d":
            return n == 1 ? String(d.day) : CivilDate.pad(d.day, n)
        case "E":
            let w = d.weekday - 1
            switch n {
            case 4: return name(locale.weekdayNames, w)
            case 5...: return String(name(locale.weekdayNames, w).prefix(1)).uppercased()
            default: return name(locale.shortWeekdayNames, w)
            }
        case "H":
            return n == 1 ? String(t.hour) : CivilDate.pad(t.hour, n)
        case "h":
            let h12 = t.hour % 12 == 0 ? 12 : t.hour % 12
            return n == 1 ? String(h12) : CivilDate.pad(h12, n)
        case "m":
            return n == 1 ? String(t.minute) : CivilDate.pad(t.minute, n)
        case "s":
            return n == 1 ? String(t.second) : CivilDate.pad(t.second, n)
        case "a":
            return t.hour < 12 ? locale.amSymbol : locale.pmSymbol
        default:
            return String(repeating: letter, count: n)
        }
    }

    /// The name at `index`, or empty text when a customised locale lacks it.
    private static func name(_ names: [String], _ index: Int) -> String {
        names.indices.contains(index) ? names[index] : ""
    }
}
