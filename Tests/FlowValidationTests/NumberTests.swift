import Testing
@testable import FlowValidation

@Suite("numbers")
struct NumberTests {
    static let parsed: [(locale: String, input: String, value: Double?)] = [
        // es-AR: `.` groups, `,` is the decimal separator.
        ("es-AR", "12", 12), ("es-AR", "-3", -3), ("es-AR", "+3", 3), ("es-AR", "- 3", -3),
        ("es-AR", "12,5", 12.5), ("es-AR", "1.500,50", 1500.5), ("es-AR", "1.500", 1500),
        ("es-AR", "1500,50", 1500.5), ("es-AR", "1.234.567", 1_234_567), ("es-AR", "1.234.567,891", 1_234_567.891),
        ("es-AR", "1 500,50", 1500.5), ("es-AR", "1\u{00A0}500", 1500), ("es-AR", ",5", 0.5),
        ("es-AR", "0,25", 0.25), ("es-AR", "-0,25", -0.25), ("es-AR", "007", 7), ("es-AR", "  42 ", 42),
        ("es-AR", "\u{2212}5", -5), ("es-AR", "0", 0), ("es-AR", "-0", 0),
        ("es-AR", "1.5005", 1.5005), ("es-AR", "1.5", 1.5), ("es-AR", "12.5", 12.5), ("es-AR", "1.50", 1.5), ("es-AR", "-12.5", -12.5),
        ("es-AR", "1.2.3", nil), ("es-AR", "1.5,5", nil), ("es-AR", "1.234.56", nil), ("es-AR", "1.234.567", 1_234_567), ("es-AR", "12 5", nil), ("es-AR", "0.500", 0.5), ("es-AR", "0.5", 0.5), ("es-AR", "00.500", 0.5),
        ("es-AR", "1,2,3", nil), ("es-AR", "abc", nil), ("es-AR", "12abc", nil), ("es-AR", "", nil),
        ("es-AR", "1.500.", nil), ("es-AR", ".500", 0.5), ("es-AR", ".5", 0.5), ("es-AR", "12,", nil), ("es-AR", "1.50.000", nil),
        ("es-AR", "1.500 000", nil), ("es-AR", "1e5", nil), ("es-AR", "$ 100", nil), ("es-AR", "--3", nil),
        ("es-AR", "3-", nil), ("es-AR", "1,500.50", nil), ("es-AR", "diez", nil), ("es-AR", "1.234,5,6", nil),
        ("es-AR", "٣", nil),
        // es-MX: `,` groups, `.` is the decimal separator.
        ("es-MX", "12.5", 12.5), ("es-MX", "1,500.50", 1500.5), ("es-MX", "1,500", 1500), ("es-MX", "-3", -3),
        ("es-MX", "1.500,50", nil), ("es-MX", "1,5", 1.5), ("es-MX", "abc", nil),
        // pt-BR: like es-AR.
        ("pt-BR", "1.500,50", 1500.5), ("pt-BR", "2,75", 2.75), ("pt-BR", "10.000", 10000), ("pt-BR", "1.5005", 1.5005),
        ("pt-BR", "12abc", nil), ("pt-BR", "1,2,3", nil),
        // en-US: the mirror of es-AR.
        ("en-US", "12", 12), ("en-US", "12.5", 12.5), ("en-US", "1,500.50", 1500.5), ("en-US", "1,500", 1500),
        ("en-US", "-0.25", -0.25), ("en-US", ".5", 0.5), ("en-US", "1,234,567.5", 1_234_567.5),
        ("en-US", "1,5005", 1.5005), ("en-US", "1,5", 1.5), ("en-US", "0,250", 0.25), ("en-US", "1.500,50", nil), ("en-US", "1,2,3", nil),
        ("en-US", "abc", nil), ("en-US", "12abc", nil), ("en-US", "1.2.3", nil),
        // es-ES reads ungrouped four-digit numbers and grouped ones alike.
        ("es-ES", "1500,5", 1500.5), ("es-ES", "1.500,5", 1500.5), ("es-ES", "15.000", 15000),
    ]

    @Test("NumberText.parse by locale", arguments: parsed)
    func parse(_ c: (locale: String, input: String, value: Double?)) {
        #expect(NumberText.parse(c.input, locale: locale(c.locale)) == c.value, "\(c.locale) \(c.input)")
    }

    @Test("too big for a Double is not a number")
    func huge() {
        #expect(NumberText.parse(String(repeating: "9", count: 400), locale: .enUS) == nil)
        #expect(NumberText.parse(String(repeating: "9", count: 30), locale: .enUS) == 1e30)
    }

    static let rules: [(input: String, rule: ValidationRule, expected: ValidatedValue?, reason: InvalidReason?)] = [
        ("12", ValidationRule(kind: .number, min: 1, max: 20, integer: true), .number(12), nil),
        ("1", ValidationRule(kind: .number, min: 1, max: 20), .number(1), nil),
        ("20", ValidationRule(kind: .number, min: 1, max: 20), .number(20), nil),
        ("0", ValidationRule(kind: .number, min: 1, max: 20), nil, .outOfRange),
        ("21", ValidationRule(kind: .number, min: 1, max: 20), nil, .outOfRange),
        ("-3", ValidationRule(kind: .number, min: 0), nil, .outOfRange),
        ("2,5", ValidationRule(kind: .number, integer: true), nil, .notInteger),
        ("2,5", ValidationRule(kind: .number, min: 3, integer: true), nil, .notInteger),
        ("2,5", ValidationRule(kind: .number), .number(2.5), nil),
        ("1.500", ValidationRule(kind: .number, integer: true), .number(1500), nil),
        ("-7", ValidationRule(kind: .number, integer: true), .number(-7), nil),
        ("abc", ValidationRule(kind: .number, min: 1), nil, .notANumber),
        ("", ValidationRule(kind: .number), nil, .notANumber),
        ("   ", ValidationRule(kind: .number), nil, .notANumber),
        ("1.2.3", ValidationRule(kind: .number), nil, .notANumber),
        ("12.5", ValidationRule(kind: .number), .number(12.5), nil),
        ("2.5", ValidationRule(kind: .number, integer: true), nil, .notInteger),
        // Full-width digits (a keyboard in CJK mode) are digits.
        ("１２", ValidationRule(kind: .number), .number(12), nil), ("１.５００,５", ValidationRule(kind: .number), .number(1500.5), nil),
        ("$ ２０", ValidationRule(kind: .number), .number(20), nil), ("１２", ValidationRule(kind: .number, max: 10), nil, .outOfRange),
        ("１２ab", ValidationRule(kind: .number), nil, .notANumber),
    ]

    @Test("number questions (es-AR)", arguments: rules)
    func numberRule(_ c: (input: String, rule: ValidationRule, expected: ValidatedValue?, reason: InvalidReason?)) {
        let result = check(c.input, c.rule, .esAR)
        #expect(result.value == c.expected, "\(c.input)")
        #expect(result.reason == c.reason, "\(c.input)")
    }

    static let canonical: [(Double, String)] = [
        (3, "3"), (3751.5, "3751.5"), (-0.25, "-0.25"), (0, "0"), (-0.0, "0"), (1500, "1500"),
        (0.1 + 0.2, "0.3"), (1.1 * 3, "3.3"), (-1.1 * 3, "-3.3"), (1234.5678901234567, "1234.56789012346"), (0.1234567890123, "0.1234567890123"), (1e15, "1000000000000000"), (1e16, "10000000000000000"),
        (1.5e16, "15000000000000000"), (1.2345678901234568e17, "123456789012345680"),
        (1e20, "100000000000000000000"), (1e21, "1e+21"), (1.5e300, "1.5e+300"),
        (0.0001, "0.0001"), (0.00001, "0.00001"), (0.000001, "0.000001"), (1e-7, "1e-7"),
        (1.25e-10, "1.25e-10"), (2.675, "2.675"), (100.5, "100.5"), (-42, "-42"),
        (Double.nan, "NaN"), (Double.infinity, "Infinity"), (-Double.infinity, "-Infinity"),
    ]

    @Test("canonical rendering", arguments: canonical)
    func canonicalText(_ c: (Double, String)) {
        #expect(NumberText.canonical(c.0) == c.1)
    }

    static let formatted: [(locale: String, n: Double, decimals: Int?, text: String)] = [
        ("es-AR", 3751.5, 2, "3.751,50"), ("es-AR", 3751.5, nil, "3.751,5"), ("es-AR", 1_234_567, nil, "1.234.567"),
        ("es-AR", 999, nil, "999"), ("es-AR", 1000, nil, "1.000"), ("es-AR", -1234.5, 1, "-1.234,5"),
        ("es-AR", 2.675, 2, "2,68"), ("es-AR", 0.5, 0, "1"), ("es-AR", -0.4, 0, "0"), ("es-AR", 1.005, 2, "1,01"),
        ("es-AR", 999.995, 2, "1.000,00"), ("es-AR", 12, 3, "12,000"), ("es-AR", 0.25, nil, "0,25"),
        ("es-AR", 3.14159, -1, "3"), ("es-AR", 1e-7, nil, "0,0000001"),
        ("en-US", 3751.5, 2, "3,751.50"), ("en-US", 1_234_567.891, 2, "1,234,567.89"), ("en-US", -0.25, nil, "-0.25"),
        ("es-MX", 3751.5, 2, "3,751.50"), ("pt-BR", 3751.5, 2, "3.751,50"), ("en-GB", 1_000_000, nil, "1,000,000"),
        ("es-ES", 3751.5, 2, "3751,50"), ("es-ES", 37510.5, 2, "37.510,50"), ("es-CO", 1_500_000, nil, "1.500.000"),
        ("es-PE", 3751.5, 2, "3,751.50"),
    ]

    @Test("format_number by locale", arguments: formatted)
    func formatNumber(_ c: (locale: String, n: Double, decimals: Int?, text: String)) {
        #expect(NumberText.format(c.n, decimals: c.decimals, locale: locale(c.locale)) == c.text)
    }

    static let money: [(locale: String, n: Double, currency: String, text: String)] = [
        ("es-AR", 3751.5, "ARS", "$ 3.751,50"), ("es-AR", 1500, "USD", "US$ 1.500,00"), ("es-AR", -20, "ARS", "-$ 20,00"),
        ("es-AR", 10, "EUR", "€ 10,00"), ("es-AR", 3751.5, "CLP", "CLP 3.752"), ("es-AR", 0.005, "ARS", "$ 0,01"),
        ("en-US", 3751.5, "USD", "$3,751.50"), ("en-US", -20, "USD", "-$20.00"), ("en-US", 3751.5, "CLP", "CLP 3,752"),
        ("en-US", 3751.5, "EUR", "€3,751.50"), ("en-US", 1.2345, "KWD", "KWD 1.235"),
        ("pt-BR", 3751.5, "BRL", "R$ 3.751,50"), ("pt-BR", 99.9, "USD", "US$ 99,90"),
        ("es-MX", 3751.5, "MXN", "$3,751.50"), ("es-MX", 3751.5, "USD", "US$3,751.50"),
        ("es-CL", 3751.5, "CLP", "$3.752"), ("es-CL", 1_250_000, "CLP", "$1.250.000"),
        ("es-CO", 3751.5, "COP", "$ 3.752"), ("es-CO", 45000, "COP", "$ 45.000"),
        ("es-PE", 3751.5, "PEN", "S/ 3,751.50"), ("es-UY", 3751.5, "UYU", "$ 3.751,50"),
        ("es-AR", 150_000, "PYG", "PYG 150.000"), ("es-ES", 3751.5, "EUR", "3751,50 €"),
        ("es-ES", 37510.5, "EUR", "37.510,50 €"), ("es-ES", -20, "EUR", "-20,00 €"),
        ("en-GB", 3751.5, "GBP", "£3,751.50"), ("en-GB", 5, "USD", "US$5.00"), ("en-US", 5, "usd", "$5.00"),
    ]

    @Test("money by locale", arguments: money)
    func moneyText(_ c: (locale: String, n: Double, currency: String, text: String)) {
        #expect(NumberText.money(c.n, currency: c.currency, locale: locale(c.locale)) == c.text)
    }
}
