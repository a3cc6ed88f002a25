/// Dates read by an explicit `format` (`dd/MM/yyyy`): the pattern's fields in its order.
extension DateInput {
    /// A numeric pattern without a year, with one after its last field by its own separator
    /// (`dd/MM` → `dd/MM/yyyy`, `MM-dd` → `MM-dd-yyyy`): nil for a pattern with a year, with a
    /// month in words, or whose fields are not joined by a date's separator.
    static func withYear(_ pattern: String) -> String? {
        let tokens = DatePattern.tokens(pattern)
        guard tokens.count == 3, case .field(let a, let n) = tokens[0], case .literal(let separator) = tokens[1],
              case .field(let b, let m) = tokens[2], Set([a, b]) == ["d", "M"], n <= 2, m <= 2,
              ["/", "-", "."].contains(separator) else { return nil }
        return pattern + separator + "yyyy"
    }

    static func parse(_ input: String, pattern: String, locale: FlowLocale, today: CivilDate) -> CivilDate? {
        let text = Array(TextMatch.fold(input).unicodeScalars)
        var pos = 0
        var day: Int?
        var month: Int?
        var year: Int?
        var weekday: Int?
        func skipSpaces() { while pos < text.count, text[pos] == " " { pos += 1 } }
        func readDigits(_ range: ClosedRange<Int>) -> (value: Int, digits: Int)? {
            var value = 0
            var n = 0
            while pos < text.count, n < range.upperBound, text[pos].value >= 0x30, text[pos].value <= 0x39 {
                value = value * 10 + Int(text[pos].value - 0x30)
                n += 1
                pos += 1
            }
            return range.contains(n) ? (value, n) : nil
        }
        func readWord() -> String {
            var word = String.UnicodeScalarView()
            while pos < text.count, text[pos].properties.isAlphabetic || text[pos] == "-" {
                word.append(text[pos])
                pos += 1
            }
            return String(word)
        }
        // The separators typed where the pattern has one, and whether any differs from it.
        var typedSeparators: Set<Unicode.Scalar> = []
        var separatorChanged = false
        for token in DatePattern.tokens(pattern) {
            skipSpaces()
            switch token {
            case .literal(let literal):
                // A date's separators stand for one another (`15-03-2027`, `15.03.2027` for `dd/MM/yyyy`),
                // one throughout (`31/12-2027` is no date, as without a format).
                let separators: Set<Unicode.Scalar> = ["/", "-", "."]
                for scalar in TextMatch.fold(literal).unicodeScalars where scalar != " " {
                    skipSpaces()
                    guard pos < text.count, text[pos] == scalar || separators.contains(scalar) && separators.contains(text[pos]) else { return nil }
                    if separators.contains(scalar) {
                        typedSeparators.insert(text[pos])
                        if text[pos] != scalar { separatorChanged = true }
                    }
                    pos += 1
                }
            case .field("d", _):
                guard let d = readDigits(1...2) else { return nil }
                day = d.value
            case .field("M", let n) where n <= 2:
                guard let m = readDigits(1...2) else { return nil }
                month = m.value
            case .field("M", _):
                guard let m = monthNumbers[TextMatch.fold(readWord())] else { return nil }
                month = m
            case .field("y", let n):
                // A year of two or four digits whatever the pattern's (`31/12/2026` for `dd/MM/yy`,
                // `31/12/26` for `dd/MM/yyyy`), as day and month take one digit or two; digits that
                // run on (`261231` for `yyMMdd`) are read as the pattern counts them.
                var run = 0
                while pos + run < text.count, text[pos + run].value >= 0x30, text[pos + run].value <= 0x39 { run += 1 }
                let count = run == 2 || run == 4 ? run : n == 2 ? 2 : 4
                guard let y = readDigits(count...count), let full = fullYear(y, today: today) else { return nil }
                year = full
            case .field("E", _):
                let word = TextMatch.words(readWord()).joined(separator: " ")
                guard let number = weekdayNames[word] else { return nil }
                weekday = number
            default:
                return nil
            }
        }
        skipSpaces()
        guard !separatorChanged || typedSeparators.count <= 1 else { return nil }
        guard pos == text.count, let day, let month, let date = CivilDate.valid(year: year ?? today.year, month: month, day: day),
              weekday.map({ $0 == date.weekday }) ?? true else { return nil }
        return date
    }
}
