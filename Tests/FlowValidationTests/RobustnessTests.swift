import Testing
@testable import FlowValidation

/// Whatever a user types, no validator or matcher may trap.
@Suite("robustness")
struct RobustnessTests {
    static let nasty = [
        "", " ", "\n\n", "\u{200B}", "\u{FEFF}", "0", "-", "+", ".", ",", "-.", "+,", "1.", "1,", "..", ",,",
        "٣", "١٢:٣٠", "１２", "Ⅻ", "½", "2️⃣", "🔟", "👍🏽👎", "e\u{0301}\u{0301}\u{0301}", "\u{0301}", "ﬁ", "İ",
        String(repeating: "9", count: 5000), String(repeating: "1.", count: 500), String(repeating: "a@", count: 100),
        String(repeating: "🇦🇷", count: 300), "99/99/9999", "0/0/0", "-1/-1/-1", "31/12/99999", "9999-12-31",
        "0000-00-00", "99:99", "-1:00", "12:-1", "+54", "+", "(((", "1/1/1/1", "de de de", "el el", "hs",
        "am", "pm", "a.m.", "h", "horas", "12h60", "25h", "mañana mañana", "999999999999999999999999999999",
        "1e308", "-1e308", "NaN", "inf", "-0", "0x10", "1_000",
        // Shapes the readers cut or join: minutes' units, split hundreds, a minus before a sign, notes.
        "min", "h min", "hmin", "1hmin", "17h30min30min", "mins", "0xx", "(0xx", "0xx(", "09 ", "09-", "09 9", "mil 500 mil",
        "dos cientos cientos", "cientos", "y cientos", "-$", "- $", "-$-$5", "minus", "minus minus", "medio millón medio",
        "13 de la noche", "hs de la tarde", "de la noche", ",", ",,,", "fijo", "(fijo)", "11 5555 1234 whatsapp whatsapp",
        "ana@x.cóm.", "@.cóm", "9007199254740993", "-9007199254740993",
        // Formatting marks and quotes alone, unpaired, nested, around nothing.
        "*", "**", "***", "``````", "```", "\"\"", "“”", "«»", "* *", "*_3_*", "_*_", "'", "*3", "„“",
    ]

    @Test("every kind, every locale, nasty inputs")
    func nastyInputs() {
        var rules: [ValidationRule] = ValidationKind.allCases.map { ValidationRule(kind: $0) }
        rules.append(ValidationRule(kind: .number, min: 1, max: 20, integer: true))
        rules.append(ValidationRule(kind: .date, after: .today, before: .date(CivilDate(year: 2027, month: 1, day: 1))))
        rules.append(ValidationRule(kind: .date, format: "EEEE d 'de' MMMM yy"))
        rules.append(ValidationRule(kind: .text, min: 2, max: 5, pattern: "(?<a>.)(?<b>.)?"))
        rules.append(ValidationRule(kind: .choice, choices: ["", "👍", "a b"]))
        rules.append(ValidationRule(kind: .choice, choices: ["una", "tres", "seis"]))
        rules.append(ValidationRule(kind: .choice, choices: ["Media docena", "Una docena", "mil", "cero"]))
        for locale in FlowLocale.all {
            for input in Self.nasty {
                for rule in rules { _ = check(input, rule, locale) }
                _ = NumberText.parse(input, locale: locale)
                _ = TextMatch.menuChoice(input, ids: [], labels: [])
                _ = TextMatch.menuChoice(input, ids: ["a"], labels: [])
                _ = TextMatch.menuChoice(input, ids: [], labels: ["", "👍"])
                _ = TextMatch.containsKeyword(input, input)
                _ = DateBound.parse(input)
                _ = DateText.format(fixedToday, pattern: input, locale: locale)
            }
        }
    }

    @Test("random inputs from a phone keyboard's characters")
    func randomInputs() {
        let alphabet = Array("0123456789 .,:/-+()hpamsínoóñ😀👍\n'\"@#".unicodeScalars)
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(truncatingIfNeeded: state >> 33)
        }
        let kinds: [ValidationKind] = [.number, .date, .time, .yesNo, .email, .phone]
        for _ in 0..<3000 {
            var s = String.UnicodeScalarView()
            for _ in 0..<(next() % 14) { s.append(alphabet[next() % alphabet.count]) }
            let input = String(s)
            let locale = FlowLocale.all[next() % FlowLocale.all.count]
            _ = check(input, ValidationRule(kind: kinds[next() % kinds.count]), locale)
            _ = TextMatch.menuChoice(input, ids: ["s", "m"], labels: ["Chico", "Mediano"])
        }
    }

    @Test("extreme numbers render")
    func extremeNumbers() {
        for n in [Double.greatestFiniteMagnitude, -Double.greatestFiniteMagnitude, Double.leastNonzeroMagnitude,
                  Double.leastNormalMagnitude, .nan, .infinity, -.infinity, 0, -0.0] {
            for locale in FlowLocale.all {
                _ = NumberText.format(n, decimals: nil, locale: locale)
                _ = NumberText.format(n, decimals: Int.max, locale: locale)
                _ = NumberText.format(n, decimals: Int.min, locale: locale)
                _ = NumberText.money(n, currency: "", locale: locale)
                _ = NumberText.money(n, currency: "ZZZZZZ", locale: locale)
            }
            _ = NumberText.canonical(n)
        }
        #expect(NumberText.canonical(Double.leastNonzeroMagnitude) == "5e-324")
        #expect(NumberText.canonical(Double.greatestFiniteMagnitude) == "1.7976931348623157e+308")
        #expect(NumberText.format(1e25, decimals: 0, locale: .enUS) == "10,000,000,000,000,000,000,000,000")
    }
}
