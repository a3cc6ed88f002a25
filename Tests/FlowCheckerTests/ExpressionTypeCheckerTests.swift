import FlowChecker
import FlowSyntax
import Testing

/// A scope with a fixed set of variables.
struct TestScope: ExpressionScope {
    var types: [String: ValueType] = [
        "qty": .number, "name": .text, "size": .text, "order": .json, "items": .list(.number),
        "tags": .list(.text), "paid": .bool, "due": .date, "at": .datetime,
    ]

    func variableType(_ name: String) -> ValueType? { types[name] }
    var variableNames: [String] { types.keys.sorted() }
}

/// Parses `text` (which must be valid) and infers its type.
private func check(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> (ValueType, [TypeIssue]) {
    let (expr, syntax) = ExpressionParser.parse(text)
    #expect(syntax.isEmpty, "syntax issues in \(text): \(syntax)", sourceLocation: sourceLocation)
    guard let expr else { return (.json, []) }
    var checker = ExpressionTypeChecker(scope: TestScope())
    let type = checker.infer(expr)
    return (type, checker.issues)
}

/// The type of a well-typed expression.
private func type(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> ValueType {
    let (type, issues) = check(text, sourceLocation: sourceLocation)
    #expect(issues.isEmpty, "type issues in \(text): \(issues)", sourceLocation: sourceLocation)
    return type
}

/// The single issue an ill-typed expression produces.
private func issue(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> TypeIssue? {
    let (_, issues) = check(text, sourceLocation: sourceLocation)
    #expect(issues.count == 1, "expected one issue in \(text), got \(issues)", sourceLocation: sourceLocation)
    return issues.first
}

private func span(_ start: Int, _ end: Int) -> ExprSpan { ExprSpan(start: start, end: end) }

@Suite struct ExpressionTypeCheckerTests {
    // MARK: - ValueType

    @Test("mismatches a shop owner makes get a hint that fixes them")
    func mismatchHints() {
        #expect(issue(#"paid == "sí""#)?.help == "a yes/no answer is a bool, not the word typed: test `paid` (yes) or `not paid` (no)")
        #expect(issue(#"due > "2026-12-24""#)?.help?.hasPrefix("compare the date's ISO text: `format_date(due, 'yyyy-MM-dd')` against `'2026-12-24'`") == true)
        #expect(issue("sum(qty)")?.help == "it takes a list: write `[qty]`, or `[qty, …]` with the other values")
        #expect(type(#"format_date(due, 'yyyy-MM-dd') > '2026-12-24'"#) == .bool, "the hinted fix checks clean")
        #expect(type("sum([qty])") == .number)
    }

    @Test("the parser's hints know the same functions as the library")
    func functionNamesMatchTheLibrary() {
        #expect(FunctionNames.all == Set(FunctionLibrary.names))
    }

    @Test func descriptions() {
        #expect(ValueType.text.description == "text")
        #expect(ValueType.datetime.description == "datetime")
        #expect(ValueType.list(.number).description == "list of number")
        #expect(ValueType.list(.list(.text)).description == "list of list of text")
        #expect(ValueType.list(.json).description == "list", "a declared `list`, its items unknown")
    }

    @Test func compatibility() {
        #expect(ValueType.number.isCompatible(with: .number))
        #expect(!ValueType.number.isCompatible(with: .text))
        #expect(ValueType.json.isCompatible(with: .number))
        #expect(ValueType.number.isCompatible(with: .json))
        #expect(ValueType.null.isCompatible(with: .date))
        #expect(!ValueType.date.isCompatible(with: .datetime))
        #expect(ValueType.list(.json).isCompatible(with: .list(.text)))
        #expect(ValueType.list(.text).isCompatible(with: .list(.json)))
        #expect(!ValueType.list(.text).isCompatible(with: .list(.number)))
        #expect(!ValueType.list(.text).isCompatible(with: .text))
    }

    // MARK: - Literals

    @Test func literals() {
        #expect(type("12") == .number)
        #expect(type("3.5") == .number)
        #expect(type("'a'") == .text)
        #expect(type("true") == .bool)
        #expect(type("null") == .null)
        #expect(type("[1, 2]") == .list(.number))
        // A list mixing known types is an error at the first item that differs (and a json list after it).
        let (mixed, mixedIssues) = check("[1, \"a\", true]")
        #expect(mixed == .list(.json))
        #expect(mixedIssues.map(\.span) == [ExprSpan(start: 4, end: 7)], "\(mixedIssues)")
        #expect(mixedIssues.first?.message == "the items of a list have one type: `\"a\"` is text, but `1` is number")
        #expect(type("[1, order.id, null]") == .list(.json), "json items mix with anything")
        #expect(type("[]") == .list(.json))
        #expect(type("[null, 1]") == .list(.number))
        #expect(type("[[1], [2]]") == .list(.list(.number)))
        #expect(type("[[1], []]") == .list(.list(.json)))
    }

    @Test("`+` joins lists of one type: a number list and a text list is an error; json and empty lists join anything")
    func listJoins() {
        #expect(type("items + [3]") == .list(.number))
        #expect(type("items + []") == .list(.number))
        #expect(type("tags + order.names") == .list(.text))
        let (mixed, issues) = check("items + tags")
        #expect(mixed == .list(.json))
        #expect(issues.map(\.message) == ["`+` joins lists of one type: `items` is a list of number, `tags` a list of text"])
        #expect(issues.map(\.span) == [ExprSpan(start: 0, end: 12)])
        // One item is added as a list of one.
        let item = issue("tags + name")
        #expect(item?.message == "`+` cannot add list of text and text")
        #expect(item?.help == "`+` joins two lists: write `tags + [name]`")
        #expect(issue("qty + items")?.help == "`+` joins two lists: write `[qty] + items`")
    }

    // MARK: - Variables and namespaces

    @Test func variablesAndReads() {
        let (expr, _) = ExpressionParser.parse("qty > 1 and name == size or qty == 0")
        var checker = ExpressionTypeChecker(scope: TestScope())
        #expect(checker.infer(expr!) == .bool)
        #expect(checker.issues.isEmpty)
        #expect(checker.reads == [
            VariableRead(name: "qty", span: span(0, 3)),
            VariableRead(name: "name", span: span(12, 16)),
            VariableRead(name: "size", span: span(20, 24)),
            VariableRead(name: "qty", span: span(28, 31)),
        ])
    }

    @Test func namespacesAreNotReads() {
        let (expr, _) = ExpressionParser.parse("contact.id + message.text + bot.id + env.API_URL + secret.TOKEN + order.id")
        var checker = ExpressionTypeChecker(scope: TestScope())
        #expect(checker.infer(expr!) == .text)
        #expect(checker.issues.isEmpty)
        #expect(checker.reads.map(\.name) == ["order"])
    }

    @Test func namespaceFields() {
        for field in ["id", "name", "phone", "channel"] { #expect(type("contact.\(field)") == .text) }
        for field in ["text", "type", "id"] { #expect(type("message.\(field)") == .text) }
        for field in ["id", "name"] { #expect(type("bot.\(field)") == .text) }
        #expect(type("env.ANYTHING") == .text)
        #expect(type("secret[\"API_TOKEN\"]") == .text)
        #expect(type("contact[\"phone\"]") == .text)
        #expect(type("contact") == .json)
        // `env` or `secret` alone would render every setting or secret: an error.
        #expect(issue("env")?.rule == "unknown-field")
        #expect(issue("secret")?.message == "`secret` alone is not a value: name one secret")
    }

    @Test func unknownField() {
        let found = issue("contact.nmae")
        #expect(found?.rule == "unknown-field")
        #expect(found?.message == "`contact` has no field `nmae`")
        #expect(found?.help == "did you mean `name`?")
        #expect(found?.span == span(8, 12))
        #expect(issue("bot.zzz")?.help == "its fields are `id`, `name`")
        #expect(issue("message[\"txt\"]")?.span == span(8, 13))
        #expect(issue("message[\"txt\"]")?.rule == "unknown-field")
    }

    @Test func unknownVariable() {
        let (expr, _) = ExpressionParser.parse("qtty + 1")
        var checker = ExpressionTypeChecker(scope: TestScope())
        // The unknown variable is json, so `+ 1` makes a number without a second issue.
        #expect(checker.infer(expr!) == .number)
        #expect(checker.issues == [
            TypeIssue(rule: "unknown-variable", message: "unknown variable `qtty`", span: span(0, 4), help: "did you mean `qty`?"),
        ])
        #expect(checker.reads.isEmpty)
        #expect(issue("zzzzzz")?.help?.contains("vars:") == true)
        #expect(issue("today > due")?.help == "`today` is a function: call it, e.g. `today()`")
        #expect(issue("money(3, 'R$')")?.help == "write the currency's ISO 4217 code: \"BRL\"")
        #expect(issue("money(3, 'S/')")?.help == "write the currency's ISO 4217 code: \"PEN\"")
        #expect(issue("money(3, '$')")?.help?.contains("several currencies") == true)
        #expect(issue("contct.name")?.help == "did you mean `contact`?")
    }

    @Test func membersAndIndexes() {
        #expect(type("order.items[0].price") == .json)
        #expect(type("order[\"id\"]") == .json)
        #expect(type("items[0]") == .number)
        #expect(type("tags[qty]") == .text)
        #expect(type("tags[order.n]") == .text)
        let badIndex = issue("items[\"a\"]")
        #expect(badIndex?.rule == "type-mismatch")
        #expect(badIndex?.span == span(6, 9))
        #expect(badIndex?.message == "a list index must be a number, but `\"a\"` is text")
        let field = issue("qty.value")
        #expect(field?.rule == "type-mismatch")
        #expect(field?.message == "`qty` is number, which has no field `value`")
        #expect(field?.span == span(4, 9))
        #expect(issue("items.length")?.help == "use `len(items)`")
        #expect(issue("name.length")?.help == "use `len(name)`")
        let indexed = issue("name[0]")
        #expect(indexed?.rule == "type-mismatch")
        #expect(indexed?.span == span(0, 4))
        #expect(issue("order[true]")?.rule == "type-mismatch")
    }

    // MARK: - Operators

    @Test func arithmetic() {
        #expect(type("qty * 2 - 1 / 3 % 2") == .number)
        #expect(type("-qty") == .number)
        #expect(type("order.total * 2") == .number)
        let text = issue("name * 2")
        #expect(text?.rule == "type-mismatch")
        #expect(text?.message == "`*` needs numbers, but `name` is text")
        #expect(text?.span == span(0, 4))
        #expect(text?.help == "convert it with `number(name)`")
        #expect(issue("-name")?.span == span(1, 5))
        #expect(issue("qty - \"1\"")?.help == "write the number without quotes: `1`")
    }

    @Test("number + a text literal: join it (not number(\" unidades\")), or drop the quotes of a number")
    func plusTextLiteralHints() {
        #expect(issue("qty + \" unidades\"")?.help == "to join them write `text(qty) + \" unidades\"`, or use a template: `{{qty}} unidades`")
        #expect(issue("qty + \"3\"")?.help == "write the number without quotes: `qty + 3`")
        #expect(issue("qty + name")?.help == "to add them write `qty + number(name)`")
    }

    @Test("a bare word compared with a text: quote it")
    func unquotedWordComparedWithText() {
        #expect(issue("size == l")?.help == "to compare with the text `l`, quote it: `size == \"l\"`")
        #expect(issue("size != grande")?.message == "unknown variable `grande`")
    }

    @Test func plus() {
        #expect(type("qty + 1") == .number)
        #expect(type("name + \"!\"") == .text)
        #expect(type("items + items") == .list(.number))
        #expect(type("order + 1") == .number)
        #expect(type("\"#\" + order.id") == .text)
        #expect(type("order.a + order.b") == .json)
        let mixed = issue("name + qty")
        #expect(mixed?.rule == "type-mismatch")
        #expect(mixed?.message == "`+` cannot add text and number")
        #expect(mixed?.span == span(0, 10))
        #expect(mixed?.help?.contains("text(qty)") == true)
        #expect(issue("qty + name")?.help == "to add them write `qty + number(name)`")
        #expect(issue("due + 1")?.help == "use `date_add(due, 1, \"days\")`")
        #expect(issue("paid + 1")?.span == span(0, 4))
    }

    @Test func ordering() {
        #expect(type("qty > 1") == .bool)
        #expect(type("name <= \"m\"") == .bool)
        #expect(type("due < today()") == .bool)
        #expect(type("at >= now()") == .bool)
        #expect(type("order.n > 3") == .bool)
        let mixed = issue("qty < name")
        #expect(mixed?.rule == "type-mismatch")
        #expect(mixed?.message == "`<` compares number with text")
        #expect(mixed?.span == span(0, 10))
        let bool = issue("paid > 1")
        #expect(bool?.span == span(0, 4))
        #expect(issue("due < now()")?.rule == "type-mismatch")
        #expect(issue("items > 0")?.help == "compare its length: `len(items)`")
    }

    @Test func equality() {
        #expect(type("qty == 3") == .bool)
        #expect(type("qty == null") == .bool)
        #expect(type("order.id == 42") == .bool)
        #expect(type("tags == [\"a\"]") == .bool)
        #expect(type("items != []") == .bool)
        let numberText = issue("qty == \"3\"")
        #expect(numberText?.rule == "type-mismatch")
        #expect(numberText?.message == "comparing number with text: `==` is always false")
        #expect(numberText?.span == span(0, 10))
        #expect(numberText?.help == "write the number without quotes: `3`")
        #expect(issue("qty != name")?.message == "comparing number with text: `!=` is always true")
        #expect(issue("paid == \"yes\"")?.rule == "type-mismatch")
    }

    @Test func logic() {
        #expect(type("paid and qty > 1") == .bool)
        #expect(type("not paid or order.ok") == .bool)
        #expect(type("not null") == .bool)
        let text = issue("name and paid")
        #expect(text?.rule == "type-mismatch")
        #expect(text?.message == "`and` needs bools, but `name` is text")
        #expect(text?.help == "compare it, e.g. `name != \"\"`")
        #expect(text?.span == span(0, 4))
        let number = issue("not qty")
        #expect(number?.message == "`not` needs a bool, but `qty` is number")
        #expect(number?.help == "compare it, e.g. `qty > 0`")
        #expect(issue("paid or tags")?.help == "compare its length, e.g. `len(tags) > 0`")
    }

    @Test func expectBool() {
        let (expr, _) = ExpressionParser.parse("name")
        var checker = ExpressionTypeChecker(scope: TestScope())
        checker.expect(expr!, .bool, what: "an `if:` condition")
        #expect(checker.issues == [
            TypeIssue(
                rule: "type-mismatch", message: "an `if:` condition must be bool, but `name` is text",
                span: span(0, 4), help: "compare it, e.g. `name != \"\"`"),
        ])
        #expect(checker.reads.map(\.name) == ["name"])

        var fine = ExpressionTypeChecker(scope: TestScope())
        fine.expect(ExpressionParser.parse("qty > 10 and size == \"l\"").0!, .bool, what: "an `if:` condition")
        fine.expect(ExpressionParser.parse("order.ok").0!, .bool, what: "an `if:` condition")
        #expect(fine.issues.isEmpty)

        var number = ExpressionTypeChecker(scope: TestScope())
        number.expect(ExpressionParser.parse("name").0!, .number, what: "`qty`")
        #expect(number.issues.first?.help == "convert it with `number(name)`")
    }

    @Test func membership() {
        #expect(type("3 in items") == .bool)
        #expect(type("\"a\" in tags") == .bool)
        #expect(type("\"ho\" in name") == .bool)
        #expect(type("\"id\" in order") == .bool)
        #expect(type("order.x in items") == .bool)
        let never = issue("\"a\" in items")
        #expect(never?.rule == "type-mismatch")
        #expect(never?.message == "`\"a\"` is text, so it is never in a list of number")
        #expect(never?.span == span(0, 3))
        #expect(issue("qty in name")?.help == "convert it: `text(qty) in name`")
        // `contains(haystack, needle)` is checked as `needle in haystack`.
        #expect(issue("contains(items, \"a\")")?.message == "`\"a\"` is text, so it is never in a list of number")
        let onText = issue("contains(name, qty)")
        #expect(onText?.help == "convert it: `text(qty) in name`")
        #expect(onText?.message == "`contains` on text looks for text, but `qty` is number")
        #expect(check("contains(items, 3)").1.isEmpty)
        let right = issue("1 in qty")
        #expect(right?.span == span(5, 8))
        #expect(right?.message == "`in` needs a list, text or json on the right, but `qty` is number")
    }

    @Test func coalesce() {
        #expect(type("qty ?? 0") == .number)
        #expect(type("order.name ?? \"?\"") == .text)
        #expect(type("null ?? due") == .date)
        #expect(type("order.a ?? order.b") == .json)
        #expect(type("order.a ?? null") == .json)
        let bad = issue("qty ?? \"none\"")
        #expect(bad?.rule == "type-mismatch")
        #expect(bad?.span == span(7, 13))
    }

    // MARK: - Functions

    @Test func libraryIsComplete() {
        let expected = "len lower upper trim contains starts_with ends_with matches replace split join number text round floor ceil abs min max sum first last now today date_add format_date format_number money"
        #expect(FunctionLibrary.names == expected.split(separator: " ").map(String.init).sorted())
        for signature in FunctionLibrary.all.values {
            #expect(!signature.summary.isEmpty)
            #expect(signature.example.hasPrefix(signature.name + "("))
            // Every example type-checks without issues.
            #expect(check(signature.example).1.isEmpty, "example of \(signature.name)")
        }
        #expect(FunctionLibrary.all["round"]?.signatures == ["round(value: number, digits?: number) -> number"])
        #expect(FunctionLibrary.all["min"]?.arityDescription == "at least 1 argument")
        #expect(FunctionLibrary.all["now"]?.arityDescription == "no arguments")
        #expect(FunctionLibrary.all["replace"]?.arityDescription == "3 arguments")
        for code in ["ARS", "MXN", "BRL", "USD", "EUR", "CLP", "COP", "PEN", "UYU", "PYG", "BOB", "GBP", "CAD"] {
            #expect(FunctionLibrary.currencyCodes.contains(code))
        }
    }

    @Test(arguments: [
        ("len(name)", ValueType.number), ("len(items)", .number), ("len(order)", .number),
        ("lower(name)", .text), ("upper(name)", .text), ("trim(name)", .text),
        ("contains(name, \"a\")", .bool), ("contains(tags, \"a\")", .bool), ("contains(order, 1)", .bool),
        ("starts_with(name, \"a\")", .bool), ("ends_with(name, \"a\")", .bool),
        ("matches(name, \"^[a-z]+$\")", .bool), ("matches(name, size)", .bool),
        ("replace(name, \"a\", \"b\")", .text), ("split(name, \",\")", .list(.text)),
        ("join(tags, \", \")", .text), ("join(items, \"-\")", .text),
        ("number(name)", .number), ("number(qty)", .number), ("number(order.n)", .number),
        ("text(qty)", .text), ("text(items)", .text),
        ("round(2.5)", .number), ("round(qty, 2)", .number), ("floor(qty)", .number),
        ("ceil(qty)", .number), ("abs(qty)", .number),
        ("min(qty, 1, 2)", .number), ("min(qty)", .number), ("min(items)", .number), ("max(items)", .number),
        ("max(1, 2)", .number), ("max(order.list)", .number), ("sum(items)", .number),
        ("first(items)", .number), ("last(tags)", .text), ("first(order)", .json), ("first(split(name, \" \"))", .text),
        ("now()", .datetime), ("today()", .date),
        ("date_add(due, 3, \"days\")", .date), ("date_add(at, 1, \"hour\")", .datetime),
        ("date_add(today(), -1, \"months\")", .date), ("date_add(order.when, 1, \"day\")", .json),
        ("format_date(due)", .text), ("format_date(at, \"dd/MM/yyyy HH:mm\")", .text),
        ("format_number(qty)", .text), ("format_number(qty, 2)", .text),
        ("money(3751.5, \"ARS\")", .text), ("money(qty, size)", .text),
    ])
    func functionResults(text: String, expected: ValueType) {
        #expect(type(text) == expected)
    }

    @Test("names other languages use get the library's name", arguments: [
        ("length(name)", "len"), ("lenght(name)", "len"), ("LOWERCASE(name)", "lower"), ("toUpperCase(name)", "upper"),
        ("startsWith(name, \"a\")", "starts_with"), ("includes(name, \"a\")", "contains"), ("str(qty)", "text"),
    ])
    func functionNamesFromOtherLanguages(text: String, name: String) {
        let found = issue(text)
        #expect(found?.rule == "unknown-function")
        #expect(found?.help == "did you mean `\(name)`?")
    }

    @Test func unknownFunction() {
        let found = issue("uppr(name)")
        #expect(found?.rule == "unknown-function")
        #expect(found?.message == "unknown function `uppr`")
        #expect(found?.help == "did you mean `upper`?")
        #expect(found?.span == span(0, 4))
        #expect(issue("frobnicate(1)")?.help == "see grammar/functions.md for the functions there are")
        #expect(issue("qty(1)")?.help == "`qty` is not a function; remove the parentheses")
        // `if(c, a, b)` as spreadsheets write it: the same way out as for `c ? a : b`.
        #expect(issue("if(paid, 1.2, 1)")?.help == "there is no `if()`; choose with a `branch` step (a `set` on each arm), or use `??` for a default")
        #expect(issue("IIF(paid, 1.2, 1)")?.help == "there is no `IIF()`; choose with a `branch` step (a `set` on each arm), or use `??` for a default")
        // Arguments are still checked.
        let (expr, _) = ExpressionParser.parse("frobnicate(qtty)")
        var checker = ExpressionTypeChecker(scope: TestScope())
        _ = checker.infer(expr!)
        #expect(checker.issues.map(\.rule) == ["unknown-variable", "unknown-function"])
    }

    /// `paid and 1.2 or 1` picks a value in Python or Lua: here one error for the whole, typed as
    /// the values, so the `*` around it is no second error.
    @Test func andOrAsAValuePicker() {
        let (picked, issues) = check("round(qty * (paid and 1.2 or 1), 0)")
        #expect(picked == .number)
        #expect(issues.count == 1, "\(issues)")
        #expect(issues.first?.message == "`and`/`or` cannot choose between `1.2` and `1`: they give yes or no")
        #expect(issues.first?.span == span(12, 31))
        #expect(issues.first?.help?.hasPrefix("`and` and `or` take and give yes/no") == true)
        #expect(issue("paid and 1.2")?.help?.hasPrefix("`and` and `or` take and give yes/no") == true)
        #expect(issue("paid and qty")?.help == "compare it, e.g. `qty > 0`")
        #expect(issue("name and paid or qty > 1")?.help == "compare it, e.g. `name != \"\"`")
        #expect(type("paid and qty > 1 or name == \"x\"") == .bool)
    }

    @Test func wrongArity() {
        let none = issue("len()")
        #expect(none?.rule == "wrong-arity")
        #expect(none?.message == "`len` takes 1 argument, but 0 were given")
        #expect(none?.span == span(0, 5))
        #expect(none?.help == "usage: len(value: text|list|json) -> number")
        #expect(issue("round(1, 2, 3)")?.message == "`round` takes 1 or 2 arguments, but 3 were given")
        #expect(issue("min()")?.message == "`min` takes at least 1 argument, but 0 were given")
        #expect(issue("now(1)")?.message == "`now` takes no arguments, but 1 was given")
        #expect(issue("replace(name, \"a\")")?.message == "`replace` takes 3 arguments, but 2 were given")
    }

    @Test func argumentTypes() {
        let upper = issue("upper(qty)")
        #expect(upper?.rule == "type-mismatch")
        #expect(upper?.message == "argument `text` of `upper` must be text, but `qty` is number")
        #expect(upper?.span == span(6, 9))
        #expect(upper?.help == "convert it with `text(qty)`")
        #expect(issue("matches(name, 1)")?.message == "argument `pattern` of `matches` must be text, but `1` is number")
        #expect(issue("len(qty)")?.message == "argument `value` of `len` must be text, list or json, but `qty` is number")
        #expect(issue("round(qty, \"2\")")?.help == "write the number without quotes: `2`")
        #expect(issue("sum(tags)")?.message == "argument `list` of `sum` must be list of number, but `tags` is list of text")
        let minText = issue("min(qty, name)")
        #expect(minText?.span == span(9, 13))
        #expect(minText?.message.contains("argument `values` of `min` must be number") == true)
        #expect(issue("min(tags)")?.message.contains("usage: min(values: number...) -> number or min(list: list of number) -> number") == true)
        #expect(issue("date_add(qty, 1, \"days\")")?.span == span(9, 12))
        #expect(issue("join(name, \",\")")?.message == "argument `list` of `join` must be list, but `name` is text")
    }

    @Test func invalidRegex() {
        let found = issue("matches(name, \"[a-\")")
        #expect(found?.rule == "invalid-regex")
        #expect(found?.span == span(14, 19))
        #expect(found?.message.hasPrefix("invalid regular expression: ") == true)
        #expect((found?.message.count ?? 0) > "invalid regular expression: ".count)
        #expect(issue("matches(name, \"(?<item>.+\")")?.rule == "invalid-regex")
        #expect(type("matches(name, \"^quiero (?<item>.+)$\")") == .bool)
        #expect(type("matches(name, \"\\d+\")") == .bool)
    }

    @Test func dateUnits() {
        let typo = issue("date_add(due, 1, \"dayz\")")
        #expect(typo?.rule == "invalid-argument")
        #expect(typo?.span == span(17, 23))
        #expect(typo?.help == "did you mean `days`?")
        #expect(issue("date_add(due, 1, \"fortnights\")")?.help == "use one of minutes, hours, days, weeks, months, years")
        for unit in FunctionLibrary.dateUnits {
            #expect(type("date_add(at, 1, \"\(unit)\")") == .datetime)
        }
    }

    @Test func currencyCodes() {
        let lower = issue("money(qty, \"usd\")")
        #expect(lower?.rule == "invalid-argument")
        #expect(lower?.message == "\"usd\" is not an ISO 4217 currency code")
        #expect(lower?.span == span(11, 16))
        #expect(lower?.help == "currency codes are upper-case: \"USD\"")
        #expect(issue("money(qty, \"$\")")?.help?.contains("several currencies") == true)
        #expect(issue("money(qty, \"EURO\")")?.rule == "invalid-argument")
        #expect(issue("money(qty, \"ARSS\")")?.help == "did you mean \"ARS\"?")
    }

    // MARK: - Templates

    @Test func templates() {
        func infer(_ text: String) -> (ValueType, [TypeIssue], [VariableRead]) {
            let (template, syntax) = TemplateParser.parse(text)
            #expect(syntax.isEmpty)
            var checker = ExpressionTypeChecker(scope: TestScope())
            return (checker.infer(template), checker.issues, checker.reads)
        }
        #expect(infer("{{qty + 1}}").0 == .number)
        #expect(infer("{{ qty >= 5 }}").0 == .bool)
        #expect(infer("{{ tags }}").0 == .list(.text))
        #expect(infer("{{qty}} ").0 == .text)
        #expect(infer("hola").0 == .text)
        #expect(infer("").0 == .text)
        let (type, issues, reads) = infer("Hola {{name}}, {{qty * 2}} de {{ items }} {{contact.name}}")
        #expect(type == .text)
        #expect(issues.isEmpty)
        #expect(reads == [
            VariableRead(name: "name", span: span(7, 11)),
            VariableRead(name: "qty", span: span(17, 20)),
            VariableRead(name: "items", span: span(33, 38)),
        ])
        let (_, bad, _) = infer("x {{ qty + name }} {{ qtty }}")
        #expect(bad.map(\.rule) == ["type-mismatch", "unknown-variable"])
        #expect(bad.map(\.span) == [span(5, 15), span(22, 26)])
    }

    @Test func namespacesAreFoundByTheirNamesOnly() {
        for namespace in Namespace.allCases { #expect(Namespace(rawValue: namespace.rawValue) == namespace) }
        for other in ["", "bots", "Bot", "en", "secrets", "contacto", "mensaje", "messages", "contact ", "ënv"] {
            #expect(Namespace(rawValue: other) == nil, "\(other)")
        }
    }
}
