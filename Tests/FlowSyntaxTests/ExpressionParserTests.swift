import Testing
@testable import FlowSyntax

/// The S-expression of `text`, which must parse without issues.
private func tree(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> String? {
    let (expr, issues) = ExpressionParser.parse(text)
    #expect(issues.isEmpty, "unexpected issues for \(text): \(issues)", sourceLocation: sourceLocation)
    return expr?.description
}

/// The single issue `text` produces.
private func issue(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> SyntaxIssue? {
    let (_, issues) = ExpressionParser.parse(text)
    #expect(issues.count == 1, "expected one issue for \(text), got \(issues)", sourceLocation: sourceLocation)
    #expect(issues.allSatisfy { $0.rule == "expr-syntax" }, sourceLocation: sourceLocation)
    return issues.first
}

private func span(_ start: Int, _ end: Int) -> ExprSpan { ExprSpan(start: start, end: end) }

@Suite struct ExpressionParserTests {
    // MARK: - Literals and paths

    @Test(arguments: [
        ("12", "12"), ("3.5", "3.5"), ("0.25", "0.25"), ("true", "true"), ("false", "false"),
        ("null", "null"), ("\"a\"", "\"a\""), ("'a'", "\"a\""), ("[1, 2]", "(list 1 2)"), ("[]", "(list)"),
        ("[[1], [\"x\", null]]", "(list (list 1) (list \"x\" null))"),
        ("qty", "qty"), ("_tmp2", "_tmp2"), ("contact.name", "(. contact name)"),
        ("order.items[0].price", "(. ([] (. order items) 0) price)"),
        ("x[\"k\"]", "([] x \"k\")"), ("a[b[0]]", "([] a ([] b 0))"),
        ("len(x)", "(call len x)"), ("now()", "(call now)"), ("round(a, 2)", "(call round a 2)"),
        ("first(split(a, \",\")).b", "(. (call first (call split a \",\")) b)"),
        ("trueish", "trueish"), ("nullable", "nullable"), ("android", "android"), ("order_in", "order_in"),
    ])
    func literalsAndPaths(text: String, expected: String) {
        #expect(tree(text) == expected)
    }

    @Test func stringEscapes() {
        let (expr, issues) = ExpressionParser.parse(#""a\"b\\c\nd\te\'f""#)
        #expect(issues.isEmpty)
        #expect(expr?.kind == .string("a\"b\\c\nd\te'f"))
        let (single, _) = ExpressionParser.parse(#"'it\'s "fine"'"#)
        #expect(single?.kind == .string("it's \"fine\""))
        // Unknown escapes stay as written, so regexes read naturally.
        let (regex, regexIssues) = ExpressionParser.parse(#""^\d+\.\d{2}$""#)
        #expect(regexIssues.isEmpty)
        #expect(regex?.kind == .string(#"^\d+\.\d{2}$"#))
    }

    @Test func numbersAreDoubles() {
        #expect(ExpressionParser.parse("42").0?.kind == .number(42))
        #expect(ExpressionParser.parse("007").0?.kind == .number(7))
        #expect(ExpressionParser.parse("1.5").0?.kind == .number(1.5))
    }

    // MARK: - Precedence and associativity

    @Test(arguments: [
        ("1 + 2 * 3", "(+ 1 (* 2 3))"),
        ("(1 + 2) * 3", "(* (+ 1 2) 3)"),
        ("a - b - c", "(- (- a b) c)"),
        ("a / b % c * d", "(* (% (/ a b) c) d)"),
        ("a ?? b ?? c", "(?? a (?? b c))"),
        ("a or b and c", "(or a (and b c))"),
        ("a and b or c and d", "(or (and a b) (and c d))"),
        ("not a == b", "(not (== a b))"),
        ("not a and b", "(and (not a) b)"),
        ("not not a", "(not (not a))"),
        ("a == b or c ?? d", "(?? (or (== a b) c) d)"),
        ("-a * b", "(* (neg a) b)"),
        ("- -2", "(neg (neg 2))"),
        ("-x.y", "(neg (. x y))"),
        ("x in [1, 2]", "(in x (list 1 2))"),
        ("a + 1 in b", "(in (+ a 1) b)"),
        ("a % 2 == 0", "(== (% a 2) 0)"),
        ("a != b", "(!= a b)"), ("a < b", "(< a b)"), ("a <= b", "(<= a b)"),
        ("a > b", "(> a b)"), ("a >= b", "(>= a b)"),
        ("qty > 10 and size == \"l\"", "(and (> qty 10) (== size \"l\"))"),
        ("len(x) > 0", "(> (call len x) 0)"),
        ("(a < b) == (c < d)", "(== (< a b) (< c d))"),
        ("true and false or null", "(or (and true false) null)"),
        ("  a\n+\tb  ", "(+ a b)"),
    ])
    func precedence(text: String, expected: String) {
        #expect(tree(text) == expected)
    }

    // MARK: - Spans

    @Test func spansOfOperators() throws {
        let expr = try #require(ExpressionParser.parse("a + b * 2").0)
        #expect(expr.span == span(0, 9))
        guard case .binary(.add, let left, let right) = expr.kind else {
            Issue.record("expected +, got \(expr)")
            return
        }
        #expect(left.span == span(0, 1))
        #expect(right.span == span(4, 9))
    }

    @Test func parenthesesWidenTheSpan() throws {
        let expr = try #require(ExpressionParser.parse("(a + b) * 2").0)
        guard case .binary(.mul, let left, _) = expr.kind else {
            Issue.record("expected *, got \(expr)")
            return
        }
        #expect(left.span == span(0, 7))
        #expect(expr.span == span(0, 11))
    }

    @Test func spansOfPathsAndCalls() throws {
        let member = try #require(ExpressionParser.parse("order.id").0)
        #expect(member.span == span(0, 8))
        guard case .member(let base, "id", let nameSpan) = member.kind else {
            Issue.record("expected member, got \(member)")
            return
        }
        #expect(base.span == span(0, 5))
        #expect(nameSpan == span(6, 8))

        let call = try #require(ExpressionParser.parse("len( x )").0)
        #expect(call.span == span(0, 8))
        guard case .call("len", let callName, let arguments) = call.kind else {
            Issue.record("expected call, got \(call)")
            return
        }
        #expect(callName == span(0, 3))
        #expect(arguments.map(\.span) == [span(5, 6)])

        let index = try #require(ExpressionParser.parse("a[0]").0)
        #expect(index.span == span(0, 4))
        #expect(try #require(ExpressionParser.parse("-a").0).span == span(0, 2))
        #expect(try #require(ExpressionParser.parse("not a").0).span == span(0, 5))
        #expect(try #require(ExpressionParser.parse("[1, 2]").0).span == span(0, 6))
        #expect(try #require(ExpressionParser.parse("'ab'").0).span == span(0, 4))
    }

    @Test func spansCountUnicodeScalars() throws {
        let expr = try #require(ExpressionParser.parse("\"ñandú 👋\" == x").0)
        guard case .binary(.eq, let left, let right) = expr.kind else {
            Issue.record("expected ==, got \(expr)")
            return
        }
        #expect(left.span == span(0, 9))
        #expect(right.span == span(13, 14))
    }

    @Test func sourceTextRoundTrips() throws {
        for text in ["(a + b) * 2", "not (a and b)", "(len(x) > 0) ?? false", "order.items[0].price", "-(-x)", "[1, \"a\", null]"] {
            let expr = try #require(ExpressionParser.parse(text).0)
            #expect(expr.sourceText == text)
        }
    }

    // MARK: - Helpful errors that still yield a tree

    @Test func doubleAmpersand() {
        let (expr, issues) = ExpressionParser.parse("a && b")
        #expect(issues.count == 1)
        #expect(issues.first?.span == span(2, 4))
        #expect(issues.first?.help == "use `and`")
        #expect(issues.first?.rule == "expr-syntax")
        #expect(expr?.description == "(and a b)")
    }

    @Test func doublePipe() {
        let (expr, issues) = ExpressionParser.parse("a || b")
        #expect(issues.first?.span == span(2, 4))
        #expect(issues.first?.help == "use `or`")
        #expect(expr?.description == "(or a b)")
    }

    @Test func bang() {
        let (expr, issues) = ExpressionParser.parse("!paid")
        #expect(issues.first?.span == span(0, 1))
        #expect(issues.first?.help == "use `not`")
        #expect(expr?.description == "(not paid)")
        #expect(ExpressionParser.parse("a != b").1.isEmpty)
    }

    /// `NOT (qty > 3)` is no call of a function `NOT`, and `Not qty > 3` no variable `Not`: the
    /// keyword is lower-case, as `AND` and `OR` are told.
    @Test func upperCaseNot() {
        for text in ["NOT (qty > 3)", "NOT qty > 3", "Not paid", "NOT(paid)"] {
            let found = issue(text)
            #expect(found?.span == span(0, 3), "\(text)")
            #expect(found?.message == "unexpected `\(text.prefix(3))`", "\(text)")
            #expect(found?.help == "write `not` in lower case", "\(text)")
        }
        #expect(issue("qty > 3 AND paid")?.help == "write `and` in lower case")
        #expect(tree("not (qty > 3)") == "(not (> qty 3))")
        #expect(tree("nothing") == "nothing")
    }

    @Test func singleEquals() {
        let (expr, issues) = ExpressionParser.parse("size = \"l\"")
        #expect(issues.count == 1)
        #expect(issues.first?.span == span(5, 6))
        #expect(issues.first?.message == "`=` is not a comparison")
        #expect(issues.first?.help == "use `==` to compare")
        #expect(expr?.description == "(== size \"l\")")
    }

    @Test func otherLanguagesOperators() {
        #expect(issue("a <> b")?.help == "use `!=`")
        #expect(ExpressionParser.parse("a <> b").0?.description == "(!= a b)")
        #expect(issue("a => b")?.help == "did you mean `>=`?")
        #expect(issue("a =< b")?.help == "did you mean `<=`?")
    }

    @Test func templateBracesInAnExpression() {
        let (expr, issues) = ExpressionParser.parse("{{ qty > 1 }}")
        #expect(issues.map(\.span) == [span(0, 2)], "one mistake, reported once")
        #expect(issues.first?.help?.contains("not a template") == true)
        #expect(expr?.description == "(> qty 1)")
    }

    // MARK: - Errors

    @Test func unterminatedString() {
        let (expr, issues) = ExpressionParser.parse("name == \"Ana")
        #expect(expr == nil)
        #expect(issues.count == 1)
        #expect(issues.first?.message == "unterminated string")
        #expect(issues.first?.span == span(8, 12))
        #expect(issues.first?.help == "close it with `\"`")
        #expect(issue("'abc")?.span == span(0, 4))
        #expect(issue(#""abc\"#)?.message == "unterminated string")
    }

    @Test func unbalancedParentheses() {
        let open = issue("(a + b")
        #expect(open?.message == "unclosed `(`")
        #expect(open?.span == span(0, 1))
        let close = issue("a + b)")
        #expect(close?.message == "unmatched `)`")
        #expect(close?.span == span(5, 6))
        let call = issue("len(1, 2")
        #expect(call?.message == "unclosed `(`")
        #expect(call?.span == span(3, 4))
        #expect(issue("(a]")?.span == span(2, 3))
        #expect(issue("(a]")?.message == "expected `)` to close the `(`, found `]`")
        #expect(issue("((a)")?.span == span(0, 1))
    }

    @Test func unbalancedBrackets() {
        let open = issue("[1, 2")
        #expect(open?.message == "unclosed `[`")
        #expect(open?.span == span(0, 1))
        let index = issue("a[0")
        #expect(index?.message == "unclosed `[`")
        #expect(index?.span == span(1, 2))
        let close = issue("a]")
        #expect(close?.message == "unmatched `]`")
        #expect(close?.span == span(1, 2))
        #expect(issue("[1, 2,]")?.span == span(5, 6))
        #expect(issue("f(a b)")?.span == span(4, 5))
    }

    @Test func trailingGarbage() {
        let extra = issue("qty > 1 2")
        #expect(extra?.message == "unexpected number `2` after the end of the expression")
        #expect(extra?.span == span(8, 9))
        #expect(issue("a b")?.span == span(2, 3))
        #expect(issue("a 'x'")?.message == "unexpected string 'x' after the end of the expression")
    }

    @Test func emptyExpression() {
        let empty = issue("")
        #expect(empty?.message == "empty expression")
        #expect(empty?.span == span(0, 0))
        #expect(issue("   ")?.span == span(0, 3))
        #expect(ExpressionParser.parse("  ").0 == nil)
    }

    @Test func missingOperand() {
        let plus = issue("a +")
        #expect(plus?.message == "expected an expression after `+`")
        #expect(plus?.span == span(2, 3))
        #expect(issue("a and")?.span == span(2, 5))
        #expect(issue("* 2")?.message == "expected an expression, found `*`")
        #expect(issue("+1")?.span == span(0, 1))
        #expect(issue("and b")?.message == "expected an expression before `and`")
        #expect(issue("a == not b")?.span == span(5, 8))
    }

    @Test func chainedComparisons() {
        let chained = issue("1 < x < 10")
        #expect(chained?.message == "comparisons cannot be chained: `<` then `<`")
        #expect(chained?.span == span(6, 7))
        #expect(chained?.help?.contains("and") == true)
        #expect(issue("a == b == c")?.span == span(7, 9))
        #expect(issue("a in b in c")?.span == span(7, 9))
    }

    @Test func notIn() {
        let notIn = issue("a not in b")
        #expect(notIn?.message == "`not in` is not an operator")
        #expect(notIn?.span == span(2, 8))
        #expect(issue("not in b")?.span == span(0, 6))
        #expect(tree("not (a in b)") == "(not (in a b))")
    }

    @Test func oneProblemPerExpression() {
        #expect(ExpressionParser.parse("n =! 4").1.count == 1)
        #expect(ExpressionParser.parse("n === 4").1.count == 1)
        #expect(ExpressionParser.parse("n !== 4").1.count == 1)
        #expect(ExpressionParser.parse("n &&& 4").1.count == 1)
        #expect(ExpressionParser.parse("a && b || c").1.first?.span == span(2, 4))
    }

    @Test func badCharacters() {
        let hash = issue("a # b")
        #expect(hash?.message == "unexpected character `#`")
        #expect(hash?.span == span(2, 3))
        #expect(issue("a @@@ b")?.span == span(2, 5))
        let ternary = ExpressionParser.parse("a ? b : c").1
        #expect(ternary.map(\.span) == [span(2, 3)], "an expression reports its first problem only")
        #expect(ternary.first?.help?.contains("??") == true)
        #expect(issue("a & b")?.help == "use `and`")
        #expect(issue("a | b")?.help == "use `or`")
        let curly = ExpressionParser.parse("\u{201C}hola\u{201D} == x").1
        #expect(curly.map(\.span) == [span(0, 1)])
        #expect(curly.allSatisfy { $0.help == "use straight quotes: `\"` or `'`" })
        #expect(ExpressionParser.parse("a # b").0 == nil)
    }

    @Test func badNames() {
        let name = issue("año > 1")
        #expect(name?.message == "`año` is not a valid name")
        #expect(name?.span == span(0, 3))
        let number = issue("12abc")
        #expect(number?.message == "invalid number `12abc`")
        #expect(number?.span == span(0, 5))
        #expect(number?.help == "a name cannot start with a digit; numbers are written like `12` or `3.5`")
        // Scientific notation is no name: the help says how to write the number.
        #expect(issue("1e3")?.help == "numbers have no exponent: write it in full, `1000`")
        #expect(issue("2.5E6")?.help == "numbers have no exponent: write it in full, `2500000`")
        #expect(issue("1e30")?.help == "numbers have no exponent: write it in full")
        // A negative exponent is the same mistake, the number and its sign one token (`n * 1e-3`).
        let small = issue("n * 1e-3")
        #expect(small?.message == "invalid number `1e-3`")
        #expect(small?.span == span(4, 8))
        #expect(small?.help == "numbers have no exponent: write it in full, `0.001`")
        #expect(issue("2E+2")?.help == "numbers have no exponent: write it in full, `200`")
        // A lone `e` before a minus is no exponent: `2e - 1` stays a bad name.
        #expect(issue("2e - 1")?.help == "a name cannot start with a digit; numbers are written like `12` or `3.5`")
    }

    @Test func badPostfix() {
        let method = issue("a.b(1)")
        #expect(method?.message == "`b` is not a field of `a`, and values have no methods")
        #expect(method?.span == span(2, 3), "at the method's name")
        #expect(issue("name.upper()")?.help == "call the function with the value as its first argument: `upper(name)`")
        // Methods of other languages get the flowc function or operator that does the same.
        #expect(issue("precios.append(precio)")?.help
            == "add to a list with `+` and a list of the new item: `precios + [precio]` (save it with `set` to keep it)")
        #expect(issue("carrito.push({sku: 1})") != nil)
        #expect(issue("carrito.push(nombre)")?.help?.contains("`carrito + [nombre]`") == true)
        #expect(issue("nombre.toUpperCase()")?.help == "call the function with the value as its first argument: `upper(nombre)`")
        #expect(issue("nombre.strip()")?.help?.hasSuffix("`trim(nombre)`") == true)
        #expect(issue("items.size()")?.help?.hasSuffix("`len(items)`") == true)
        #expect(issue("nombre.includes(\"x\")")?.help?.hasSuffix("`contains(nombre, \"x\")`") == true)
        #expect(issue("nombre.startsWith(\"a\")")?.help?.hasSuffix("`starts_with(nombre, \"a\")`") == true)
        #expect(issue("\", \".join(items)")?.help?.hasSuffix("`join(items, \", \")`") == true)
        #expect(issue("total.toFixed(2)")?.help == "round a number with `round(total, 2)`, or show it with `format_number(total, 2)`")
        #expect(issue("n.toString()")?.help?.hasSuffix("`text(n)`") == true)
        #expect(issue("x.frobnicate()")?.help?.hasPrefix("flowc has no `frobnicate`: its functions take the value") == true)
        let call = issue("(len)(x)")
        #expect(call?.message == "only a function name can be called")
        let strict = issue("qty === 1")
        #expect(strict?.message == "`===` is not an operator" && strict?.span == span(4, 7))
        #expect(issue("qty !== 1")?.span == span(4, 7))
        #expect(issue("a.")?.span == span(1, 2))
        #expect(issue("a.1")?.span == span(2, 3))
        let reserved = issue("order.in")
        #expect(reserved?.span == span(6, 8))
        #expect(reserved?.help == "write `[\"in\"]` instead of `.in`")
        #expect(issue("true(1)")?.span == span(4, 5))
    }

    // MARK: - Limits

    @Test func nestingIsBounded() {
        let ok = String(repeating: "(", count: 60) + "1" + String(repeating: ")", count: 60)
        #expect(ExpressionParser.parse(ok).1.isEmpty)
        let deep = String(repeating: "(", count: 65) + "1" + String(repeating: ")", count: 65)
        let deepIssue = issue(deep)
        #expect(deepIssue?.message == "expression nested too deeply")
        #expect(deepIssue?.span == span(64, 65))
        for text in [
            String(repeating: "(", count: 100_000),
            String(repeating: "[", count: 100_000),
            String(repeating: "not ", count: 20_000) + "a",
            String(repeating: "-", count: 100_000) + "1",
            String(repeating: "f(", count: 20_000),
            "a" + String(repeating: "[0]", count: 20_000),
        ] {
            let (expr, issues) = ExpressionParser.parse(text)
            #expect(expr == nil)
            #expect(issues.contains { $0.message == "expression nested too deeply" })
        }
    }

    @Test func longChainsAreBounded() {
        for text in [
            "1" + String(repeating: " + 1", count: 10_000),
            "a" + String(repeating: ".b", count: 10_000),
            String(repeating: "a ?? ", count: 10_000) + "b",
            String(repeating: "a or ", count: 10_000) + "b",
        ] {
            let (expr, issues) = ExpressionParser.parse(text)
            #expect(expr == nil)
            #expect(issues.map(\.message) == ["expression nested too deeply"])
        }
        #expect(ExpressionParser.parse("1" + String(repeating: " + 1", count: 100)).1.isEmpty)
    }

    @Test func garbageFloodIsCapped() {
        let (expr, issues) = ExpressionParser.parse(String(repeating: "# ", count: 5_000))
        #expect(expr == nil)
        #expect(issues.count <= 20)
        #expect(!issues.isEmpty)
    }
}
