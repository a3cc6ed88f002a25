import Testing
import FlowSyntax

private func span(_ start: Int, _ end: Int) -> ExprSpan { ExprSpan(start: start, end: end) }

/// The parts of a template, printed: literals quoted, holes as `{S-expression@start..<end}`.
private func shape(_ template: Template) -> [String] {
    template.parts.map { part in
        switch part {
        case .literal(let text): return "'\(text)'"
        case .hole(let expr, let span): return "{\(expr?.description ?? "nil")@\(span)}"
        }
    }
}

@Suite struct TemplateParserTests {
    @Test("hasHole finds `{{` anywhere, and only `{{`")
    func hasHole() {
        for text in ["{{", "{{x}}", "a{b{{", "}{{", "ñ{{x", String(repeating: "{ ", count: 50) + "{{"] { #expect(TemplateText.hasHole(text), "\(text)") }
        for text in ["", "{", "x{", "{ {", "a}}", "{x}{y}", String(repeating: "{a", count: 50)] { #expect(!TemplateText.hasHole(text), "\(text)") }
        // A substring's bytes (not contiguous from the start of a native string) too.
        #expect(TemplateText.hasHole(String("ab{{c".dropFirst())))
    }

    @Test func plainText() {
        let (template, issues) = TemplateParser.parse("¡Gracias por tu compra!")
        #expect(issues.isEmpty)
        #expect(shape(template) == ["'¡Gracias por tu compra!'"])
        #expect(template.isLiteral)
        #expect(template.singleExpression == nil)
    }

    @Test func emptyTemplate() {
        let (template, issues) = TemplateParser.parse("")
        #expect(issues.isEmpty)
        #expect(template.parts.isEmpty)
        #expect(template.isLiteral)
        #expect(template.singleExpression == nil)
    }

    @Test func holesBetweenText() {
        let (template, issues) = TemplateParser.parse("Hola {{contact.name}}!")
        #expect(issues.isEmpty)
        #expect(shape(template) == ["'Hola '", "{(. contact name)@5..<21}", "'!'"])
        #expect(!template.isLiteral)
        #expect(template.singleExpression == nil)
        #expect(template.expressions.first?.span == span(7, 19))
    }

    @Test func singleHoleKeepsTheExpression() throws {
        let (template, issues) = TemplateParser.parse("{{ qty + 1 }}")
        #expect(issues.isEmpty)
        let expr = try #require(template.singleExpression)
        #expect(expr.description == "(+ qty 1)")
        #expect(expr.span == span(3, 10))
        #expect(shape(template) == ["{(+ qty 1)@0..<13}"])
        #expect(!template.isLiteral)
    }

    @Test func anyOtherTextMeansNoSingleExpression() {
        #expect(TemplateParser.parse(" {{qty}}").0.singleExpression == nil)
        #expect(TemplateParser.parse("{{qty}} ").0.singleExpression == nil)
        #expect(TemplateParser.parse("{{a}}{{b}}").0.singleExpression == nil)
        #expect(shape(TemplateParser.parse("{{a}}{{b}}").0) == ["{a@0..<5}", "{b@5..<10}"])
        #expect(TemplateParser.parse("{{qty}}").0.singleExpression?.description == "qty")
    }

    @Test func offsetsCountUnicodeScalars() {
        let (template, _) = TemplateParser.parse("¡Hola {{contact.name}}! 👋 {{x}}")
        #expect(shape(template) == ["'¡Hola '", "{(. contact name)@6..<22}", "'! 👋 '", "{x@26..<31}"])
    }

    @Test func lonelyBracesAreText() {
        let (closing, closingIssues) = TemplateParser.parse("a }} b")
        #expect(closingIssues.isEmpty)
        #expect(shape(closing) == ["'a }} b'"])
        let (json, jsonIssues) = TemplateParser.parse("{\"qty\": {{qty}}}")
        #expect(jsonIssues.isEmpty)
        #expect(shape(json) == ["'{\"qty\": '", "{qty@8..<15}", "'}'"])
        #expect(shape(TemplateParser.parse("{ x }").0) == ["'{ x }'"])
        #expect(TemplateParser.parse("{ x }").0.isLiteral)
    }

    @Test func closingBracesInsideStrings() {
        let (template, issues) = TemplateParser.parse("{{ \"}}\" + name }} ok")
        #expect(issues.isEmpty)
        #expect(shape(template) == ["{(+ \"}}\" name)@0..<17}", "' ok'"])
    }

    @Test func emptyHole() {
        let (template, issues) = TemplateParser.parse("Hola {{ }}!")
        #expect(issues.count == 1)
        #expect(issues.first?.rule == "template-syntax")
        #expect(issues.first?.message == "empty `{{ }}`")
        #expect(issues.first?.span == span(5, 10))
        #expect(shape(template) == ["'Hola '", "{nil@5..<10}", "'!'"])
        #expect(TemplateParser.parse("{{}}").1.first?.span == span(0, 4))
    }

    @Test func unclosedHole() {
        let (template, issues) = TemplateParser.parse("Hola {{name")
        #expect(issues.count == 1)
        #expect(issues.first?.rule == "template-syntax")
        #expect(issues.first?.message == "unclosed `{{`")
        #expect(issues.first?.span == span(5, 7))
        #expect(issues.first?.help == "close the hole with `}}`")
        #expect(shape(template) == ["'Hola '", "{nil@5..<11}"])
        #expect(!template.isLiteral)
        #expect(TemplateParser.parse("{{ a }} {{").1.first?.span == span(8, 10))
        #expect(TemplateParser.parse("{{x}").1.first?.message == "unclosed `{{`")
    }

    @Test func expressionIssuesAreRelativeToTheTemplate() {
        let (template, issues) = TemplateParser.parse("Total: {{ a && b }}")
        #expect(issues.count == 1)
        #expect(issues.first?.rule == "expr-syntax")
        #expect(issues.first?.span == span(12, 14))
        #expect(shape(template) == ["'Total: '", "{(and a b)@7..<19}"])

        let (broken, brokenIssues) = TemplateParser.parse("x {{ 1 + }} y")
        #expect(brokenIssues.map(\.span) == [span(7, 8)])
        #expect(shape(broken) == ["'x '", "{nil@2..<11}", "' y'"])
    }

    @Test func unterminatedStringInAHole() {
        let (template, issues) = TemplateParser.parse("{{ 'x }} y")
        #expect(issues.map(\.message) == ["unterminated string"])
        #expect(issues.first?.span == span(3, 6))
        #expect(shape(template) == ["{nil@0..<8}", "' y'"])
    }

    @Test func nestedOpening() {
        let (_, issues) = TemplateParser.parse("{{ a {{ b }}")
        #expect(issues.count == 1)
        #expect(issues.first?.rule == "expr-syntax")
        #expect(issues.first?.span == span(5, 7))
    }

    @Test func tripleBraces() {
        let (template, issues) = TemplateParser.parse("{{x}}}")
        #expect(issues.isEmpty)
        #expect(shape(template) == ["{x@0..<5}", "'}'"])
    }

    @Test func manyHoles() {
        let text = String(repeating: "a {{x}} ", count: 2_000)
        let (template, issues) = TemplateParser.parse(text)
        #expect(issues.isEmpty)
        #expect(template.expressions.count == 2_000)
    }
}
