import Testing
@testable import FlowValidation

@Suite("text, regex, choice and any answers")
struct TextAndPatternTests {
    static let text: [(input: String, rule: ValidationRule, value: String?, reason: InvalidReason?)] = [
        ("Ana", ValidationRule(kind: .text), "Ana", nil),
        ("  Ana Pérez \n", ValidationRule(kind: .text), "Ana Pérez", nil),
        ("", ValidationRule(kind: .text), nil, .tooShort),
        ("   \n ", ValidationRule(kind: .text), nil, .tooShort),
        ("\u{200B}", ValidationRule(kind: .text), nil, .tooShort),
        ("\u{3164}", ValidationRule(kind: .text), nil, .tooShort),   // WhatsApp's "blank message": the Hangul filler
        ("\u{2800} \u{FE0F}", ValidationRule(kind: .text), nil, .tooShort),
        ("❤️", ValidationRule(kind: .text), "❤️", nil),
        ("ab", ValidationRule(kind: .text, min: 3), nil, .tooShort),
        ("abc", ValidationRule(kind: .text, min: 3), "abc", nil),
        ("abcdef", ValidationRule(kind: .text, max: 5), nil, .tooLong),
        ("👋👋👋👋👋", ValidationRule(kind: .text, max: 5), "👋👋👋👋👋", nil),   // characters as people count them
        ("ñandú", ValidationRule(kind: .text, min: 5, max: 5), "ñandú", nil),
        ("AB-1234", ValidationRule(kind: .text, pattern: "[A-Z]{2}-\\d+"), "AB-1234", nil),
        ("patente AB-1234", ValidationRule(kind: .text, pattern: "[A-Z]{2}-\\d+"), "patente AB-1234", nil),   // found in it
        ("xAB-1234", ValidationRule(kind: .text, pattern: "^[A-Z]{2}-\\d+$"), nil, .badFormat),   // anchored: the whole answer
        ("AB-1234x", ValidationRule(kind: .text, pattern: "^[A-Z]{2}-\\d+$"), nil, .badFormat),
        ("AB-12", ValidationRule(kind: .text, pattern: "[A-Z]{2}-\\d{4}"), nil, .badFormat),
        // A text is saved whole: its pattern is found in it, even inside a longer number.
        ("Av. Corrientes 1234", ValidationRule(kind: .text, pattern: "\\d"), "Av. Corrientes 1234", nil),
        ("codigo 12345", ValidationRule(kind: .text, pattern: "\\d{3}"), "codigo 12345", nil),
        // Named groups are saved: none is cut out of a longer number, as a regex answer's match is not.
        ("CP 12345", ValidationRule(kind: .text, pattern: "(?<cp>\\d{4})"), nil, .badFormat),
        ("12345", ValidationRule(kind: .text, pattern: "(?<cp>\\d{4})"), nil, .badFormat),
        ("CP 1234", ValidationRule(kind: .text, pattern: "(?<cp>\\d{4})"), "CP 1234", nil),
        ("AB-1234", ValidationRule(kind: .text, pattern: "(?<n>\\d{2})"), nil, .badFormat),
        ("ab-1234", ValidationRule(kind: .text, pattern: "(?i)[A-Z]{2}-\\d+"), "ab-1234", nil),
        ("A", ValidationRule(kind: .text, min: 2, pattern: "[a-z]+"), nil, .tooShort),           // length first
        ("Ana", ValidationRule(kind: .text, pattern: "[a-"), nil, .badFormat),                    // does not compile
    ]

    @Test("text", arguments: text)
    func textRule(_ c: (input: String, rule: ValidationRule, value: String?, reason: InvalidReason?)) {
        let result = check(c.input, c.rule)
        #expect(result.value == c.value.map { .text($0) }, "\(c.input)")
        #expect(result.reason == c.reason, "\(c.input)")
    }

    @Test("text: the named groups of a pattern found in the answer, none cut out of a longer number")
    func textGroups() throws {
        let rule = ValidationRule(kind: .text, pattern: "(?<cp>\\d{4})")
        let ok = try check("CP 1234, Rosario", rule).get()
        #expect(ok.value == .text("CP 1234, Rosario"))
        #expect(ok.group("cp") == "1234")
        // The first match that cuts nothing: `12345` is passed over for `1234`.
        let later = try check("12345 o 1234", rule).get()
        #expect(later.group("cp") == "1234")
        #expect(check("CP 12345", rule).reason == .badFormat)
    }

    @Test("regex: a match in the trimmed answer (the whole answer first), named groups saved")
    func regexGroups() throws {
        let rule = ValidationRule(kind: .regex, pattern: "quiero (?<qty>\\d+) (?<item>.+?)(?: para (?<who>\\w+))?")
        let ok = try check("  quiero 3 empanadas de carne ", rule).get()
        #expect(ok.value == .text("quiero 3 empanadas de carne"))
        #expect(ok.groups == [NamedGroup(name: "qty", value: "3"), NamedGroup(name: "item", value: "empanadas de carne"),
                              NamedGroup(name: "who", value: "", matched: false)])
        #expect(ok.group("item") == "empanadas de carne")
        #expect(ok.group("nope") == nil)
        let withWho = try check("quiero 2 pizzas para Ana", rule).get()
        #expect(withWho.group("who") == "Ana")
        #expect(withWho.group("item") == "pizzas")
        let inside = try check("hola, quiero 3 empanadas para Ana", rule).get()
        #expect(inside.group("qty") == "3", "found inside the answer")
        let dni = try check("DNI 30123456", ValidationRule(kind: .regex, pattern: "\\d{8}")).get()
        #expect(dni.value == .text("30123456"), "the match found inside is what is saved")
        let empty = try check("abc", ValidationRule(kind: .regex, pattern: "(?<code>[0-9]*)")).get()
        #expect(empty.value == .text("abc"), "an empty match found is no value to save: the answer is")
        #expect(check("hola, quiero empanadas", rule).reason == .badFormat)
        #expect(check("", rule).reason == .badFormat)
    }

    @Test("regex: full-width digits and letters are matched and saved as ASCII")
    func regexFullWidth() throws {
        #expect(check("３０１２３４５６", ValidationRule(kind: .regex, pattern: "^\\d{8}$")).value == .text("30123456"))
        #expect(check("DNI ３０１２３４５６", ValidationRule(kind: .regex, pattern: "[0-9]{8}")).value == .text("30123456"))
        #expect(check("３０１２３４５６７", ValidationRule(kind: .regex, pattern: "\\d{8}")).reason == .badFormat)
        let plate = try check("ＡＢ－１２３", ValidationRule(kind: .regex, pattern: "(?<letters>[A-Z]{2})\\W?(?<n>[0-9]{3})")).get()
        #expect(plate.group("letters") == "AB" && plate.group("n") == "123")
        #expect(check("ｈｏｌａ", ValidationRule(kind: .regex, pattern: "^hola$")).value == .text("hola"))
        // A text answer keeps what was typed.
        #expect(check("３０１２", ValidationRule(kind: .text)).value == .text("３０１２"))
    }

    static let regexCases: [(pattern: String, input: String, groups: [NamedGroup]?)] = [
        ("^quiero (?<item>.+)$", "quiero una pizza", [NamedGroup(name: "item", value: "una pizza")]),
        ("(?<code>[A-Z]{3})-(?<n>\\d{4})", "ABC-1234", [NamedGroup(name: "code", value: "ABC"), NamedGroup(name: "n", value: "1234")]),
        ("(?<code>[A-Z]{3})-(?<n>\\d{4})", "ABC-123", nil),
        ("\\d{8}", "30123456", []),
        ("\\d{8}", "DNI 30123456", []),
        ("^\\d{8}$", "DNI 30123456", nil),
        ("\\d{8}", "DNI 3012345", nil),
        // A match that cuts a number or a code out of a longer one is none; letters may end inside a word.
        ("\\d{8}", "301234567", nil), ("\\d{8}", "DNI30123456", []),
        ("(?<country>[A-Za-z]{2})-?(?<serial>[0-9]{6})", "XAR-1234567", nil),
        ("(?<country>[A-Za-z]{2})-?(?<serial>[0-9]{6})", "pasaporte AR-123456", [NamedGroup(name: "country", value: "AR"), NamedGroup(name: "serial", value: "123456")]),
        ("(?i)envio", "envios", []),
        (".*pizza.*", "una pizza grande", []),
        ("(?i)hola", "HOLA", []),
        ("[a-", "anything", nil),
    ]

    @Test("regex answers", arguments: regexCases)
    func regexAnswer(_ c: (pattern: String, input: String, groups: [NamedGroup]?)) {
        let result = check(c.input, ValidationRule(kind: .regex, pattern: c.pattern))
        switch result {
        case .success(let v): #expect(v.groups == c.groups, "\(c.pattern) ~ \(c.input)")
        case .failure(let r):
            #expect(c.groups == nil, "\(c.pattern) ~ \(c.input)")
            #expect(r == .badFormat)
        }
    }

    @Test("regex without a pattern takes any non-empty answer")
    func regexWithoutPattern() {
        #expect(check("algo", ValidationRule(kind: .regex)).value == .text("algo"))
        #expect(check("  ", ValidationRule(kind: .regex)).reason == .badFormat)
    }

    @Test("compiled patterns: ahead of time, cached, errors")
    func compiled() throws {
        var rule = ValidationRule(kind: .regex, pattern: "(?<n>\\d+)")
        try rule.compile()
        let first = try #require(rule.compiledPattern)
        #expect(try CompiledPattern.cached("(?<n>\\d+)") === first)
        #expect(check("42", rule).value == .text("42"))
        rule.pattern = "[a-z]+"   // a stale compiled pattern is not used
        #expect(check("abc", rule).value == .text("abc"))
        #expect(check("42", rule).reason == .badFormat)
        #expect(throws: PatternError.self) { try CompiledPattern("[a-") }
        #expect(throws: PatternError.self) { try CompiledPattern.cached("(?<x>") }
        #expect(throws: PatternError.self) { try CompiledPattern.cached("(?<x>") }
        var bad = ValidationRule(kind: .text, pattern: "[a-")
        #expect(throws: PatternError.self) { try bad.compile() }
        do {
            _ = try CompiledPattern("[a-")
            Issue.record("`[a-` compiled")
        } catch {
            #expect(error.description == "invalid regular expression: expected ']'")
            #expect(error.pattern == "[a-")
        }
        let p = try CompiledPattern("^quiero (?<item>.+)$")
        #expect(p.firstMatch(in: "quiero pan") == [NamedGroup(name: "item", value: "pan")])
        #expect(p.matches("quiero pan"))
        #expect(!p.matches("no quiero"))
        let search = try CompiledPattern("\\d+")
        #expect(search.matches("tengo 3"))
        #expect(search.firstMatch(in: "tengo 3") == [])
        #expect(search.wholeMatch("tengo 3") == nil)
    }

    @Test("a text longer than a pattern is matched against matches nothing, at once")
    func longTextsMatchNothing() throws {
        // `(?<g>.*?)x` searches in time that grows with the square of the text: a long message is refused.
        let lazy = try CompiledPattern("(?<g>.*?)x")
        let limit = CompiledPattern.maxSubjectLength
        #expect(lazy.firstMatch(in: String(repeating: "a", count: limit - 1) + "x") != nil)
        let long = String(repeating: "a", count: limit * 4)
        #expect(lazy.firstMatch(in: long + "x") == nil && !lazy.matches(long + "x") && lazy.wholeMatch(long + "x") == nil)
        #expect(lazy.firstWholeMatch(in: long + "x") == nil)
        #expect(check(long, ValidationRule(kind: .regex, pattern: "(?<g>.*?)x")).reason == .badFormat)
        // Counted in characters, not bytes: 3,000 accented letters are within it.
        #expect(lazy.matches(String(repeating: "ñ", count: 3_000) + "x"))
    }

    @Test("patterns are safe to use from many tasks")
    func concurrentUse() async throws {
        let pattern = try CompiledPattern("(?<a>\\d+)-(?<b>\\d+)")
        let results = await withTaskGroup(of: Bool.self) { group in
            for i in 0..<64 {
                group.addTask {
                    pattern.wholeMatch("\(i)-\(i * 2)") == [NamedGroup(name: "a", value: "\(i)"),
                                                             NamedGroup(name: "b", value: "\(i * 2)")]
                }
            }
            var all: [Bool] = []
            for await r in group { all.append(r) }
            return all
        }
        #expect(results.count == 64 && results.allSatisfy { $0 })
    }

    static let choices: [(input: String, value: String?)] = [
        ("Efectivo", "Efectivo"), ("efectivo", "Efectivo"), ("EFECTIVO!", "Efectivo"), ("  efectivo  ", "Efectivo"),
        ("tarjeta de crédito", "Tarjeta de Crédito"), ("Tarjeta de credito", "Tarjeta de Crédito"),
        ("💵 efectivo", "Efectivo"), ("Mercado Pago", "Mercado Pago"), ("mercadopago", "Mercado Pago"), ("tarjeta", "Tarjeta de Crédito"),
        ("1", "Efectivo"), ("", nil), ("efectivo o tarjeta", nil), ("Sí", "Sí"), ("si", "Sí"),
        // An article before the choice.
        ("el efectivo", "Efectivo"), ("La tarjeta de crédito", "Tarjeta de Crédito"), ("el", nil), ("la tarjeta", "Tarjeta de Crédito"),
        ("el el efectivo", "Efectivo"),
    ]

    @Test("choice: folded, saved as declared", arguments: choices)
    func choice(_ c: (input: String, value: String?)) {
        let rule = ValidationRule(kind: .choice, choices: ["Efectivo", "Tarjeta de Crédito", "Mercado Pago", "Sí"])
        let result = check(c.input, rule)
        #expect(result.value == c.value.map { .text($0) }, "\(c.input)")
        if c.value == nil { #expect(result.reason == .notAllowed) }
    }

    @Test("choice of emoji and with no choices")
    func choiceEdges() {
        #expect(check("👍", ValidationRule(kind: .choice, choices: ["👎", "👍"])).value == .text("👍"))
        #expect(check("x", ValidationRule(kind: .choice)).reason == .notAllowed)
    }

    @Test("any takes anything")
    func any() {
        #expect(check("", ValidationRule(kind: .any)).value == .text(""))
        #expect(check(" 🎉 hola ", ValidationRule(kind: .any)).value == .text("🎉 hola"))
    }

    @Test("reasons and kinds have their YAML names")
    func names() {
        #expect(InvalidReason.allCases.map(\.rawValue) == ["not_a_number", "not_integer", "out_of_range", "too_short",
                                                           "too_long", "bad_format", "not_allowed"])
        #expect(ValidationKind(rawValue: "yes_no") == .yesNo)
        #expect(ValidationKind.allCases.count == 10)
        #expect(ValidatedValue.number(3751.5).rendered == "3751.5")
        #expect(ValidatedValue.bool(false).rendered == "false")
        #expect(ValidatedValue.date(CivilDate(year: 2026, month: 12, day: 31)).rendered == "2026-12-31")
    }
}
