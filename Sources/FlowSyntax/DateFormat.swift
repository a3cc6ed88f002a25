/// The `format` of a `date` question, as authors write it: Unicode date letters (`dd/MM/yyyy`),
/// and the spellings they bring from elsewhere, read as the same thing: `DD/MM/YYYY`,
/// `DD/MM/AAAA` and `dd/mm/aaaa` (año), `%d/%m/%Y` and `%-d/%-m/%Y` (strftime), `dd/mm/yyyy` (a
/// lower-case month when the pattern has no time).
public enum DateFormat {
    /// `pattern` in Unicode date letters (text in single quotes kept as is).
    public static func normalized(_ pattern: String) -> String {
        let strftime: [Character: String] = ["d": "dd", "e": "d", "m": "MM", "Y": "yyyy", "y": "yy", "b": "MMM", "B": "MMMM",
                                             "h": "MMM", "a": "EEE", "A": "EEEE", "%": "'%'"]
        var out = ""
        var quoted = false
        var chars = Array(pattern)[...]
        // Hours or seconds make `mm` minutes; otherwise it is the month, and `aa`/`aaaa` the year (año).
        let hasTime = pattern.contains { "Hhs".contains($0) } && !pattern.contains("%")
        while let c = chars.popFirst() {
            if c == "'" { quoted.toggle(); out.append(c); continue }
            if quoted { out.append(c); continue }
            if c == "%" {
                // strftime, with GNU's padding flags (`%-d`, `%_m`, `%0d`): input is read unpadded anyway.
                while let flag = chars.first, "-_0".contains(flag) { chars.removeFirst() }
                if let next = chars.first, let mapped = strftime[next] {
                    chars.removeFirst()
                    out += mapped
                    continue
                }
            }
            var run = 1
            while chars.first == c { chars.removeFirst(); run += 1 }
            switch c {
            case "D": out += String(repeating: "d", count: min(run, 2))
            case "Y": out += String(repeating: "y", count: run)
            case "A" where run == 2 || run == 4: out += String(repeating: "y", count: run)
            case "a" where !hasTime && (run == 2 || run == 4): out += String(repeating: "y", count: run)
            case "m" where !hasTime: out += String(repeating: "M", count: run)
            default: out += String(repeating: c, count: run)
            }
        }
        return out
    }

    /// What is wrong with a (normalised) pattern for reading dates, or nil: it needs a day and a
    /// month, and no field but day, month, year and weekday.
    public static func problem(_ pattern: String) -> String? {
        var fields: Set<Character> = []
        var quoted = false
        for c in pattern {
            if c == "'" { quoted.toggle(); continue }
            if quoted { continue }
            if c == "%" { return "`%` starts no date field here (write e.g. `%d/%m/%Y` or `dd/MM/yyyy`)" }
            if c.isASCII, c.isLetter {
                guard "dMLyE".contains(c) else {
                    return "`\(c)` is not a date field here (use d for the day, M for the month, y for the year)"
                }
                fields.insert(c == "L" ? "M" : c)
            }
        }
        if !fields.contains("d") { return "it has no day (`dd`)" }
        if !fields.contains("M") { return "it has no month (`MM`)" }
        return nil
    }
}
