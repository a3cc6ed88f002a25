import FlowDiagnostics
import FlowSyntax
import FlowValidation

/// Test files: their flows, buttons, expected variables and places, against the bot.
extension Checker {
    func checkTests() {
        for test in project.tests {
            if let flow = test.flow, project.isBot || !flows.isEmpty, flowIndex[flow.value] == nil {
                reportUnknownFlow(flow.value, range: flow.range, file: test.path)
            }
            for t in test.tests { reportTemplatesExpected(t, file: test.path) }
            // `- user: Estado de mi pedido #1234` sends "Estado de mi pedido", as it would in a flow.
            let texts = ExpressionChecker(sink: sink, source: project.sources[test.path], file: test.path, scope: vars, parses: nil)
            for t in test.tests { for text in t.userTexts + t.expectedTexts where text.style == .plain { texts.commentCut(text) } }
            for case_ in test.tests { for pattern in case_.patterns { compileRegex(pattern, file: test.path, savesGroups: false, matchesAnswers: false) } }
            // (A lone test file names a flow that is not beside it: reported at `flow:`.)
            guard project.isBot || !flows.isEmpty else { continue }
            for case_ in test.tests {
                checkExpectedPlace(case_, file: test.path)
                for name in case_.expectedVars + case_.givenVars where vars[name.value] == nil {
                    let what = project.isBot ? "no flow of this bot sets a variable" : "the flow sets no variable"
                    sink.error("unknown-variable", "\(what) `\(name.value)`", file: test.path,
                               range: name.range, help: Suggestion.didYouMean(name.value, in: vars.variableNames)
                                   ?? "name a variable a flow saves or sets, or remove it from the test")
                }
                for (name, value, range) in case_.varValues { checkTestValue(name, value, range, file: test.path, locale: case_.locale) }
                for button in case_.buttons {
                    guard let answers = pressableButtons, !answers.keys.contains(Self.folded(button.value)),
                          !button.value.contains(where: \.isNumber),
                          !Self.words(button.value).contains(where: answers.keys.contains) else { continue }
                    sink.warning("unknown-option", "no menu option or button of this bot is `\(button.value)`", file: test.path, range: button.range,
                               help: Suggestion.didYouMean(button.value, in: answers.shown).map { "\($0)" }
                                   ?? "a `button` reply is a menu option's id or label, or a button's title")
                }
            }
        }
    }

    /// What a test's `user: {button: …}` can press: every menu option's id and label, every button
    /// title, and each of their words (a reply of a label's first words picks it). A question's
    /// buttons count too, and a choice or yes/no question's answers; another question shows nothing
    /// to press (its answer is typed).
    /// Nil when a label is filled in at run time.
    func buttonAnswers() -> (keys: Set<String>, shown: [String])? {
        var shown: [String] = []
        for flow in flows {
            for step in flow.steps {
                switch step.kind {
                case .menu(let menu):
                    for option in menu.choices { shown += [option.id.value, option.label.text] }
                    shown += menu.prompt.buttons.map(\.text)
                case .say(let m): shown += m.buttons.map(\.text)
                case .end(let m?), .return(let m?): shown += m.buttons.map(\.text)
                case .ask(let a):
                    shown += a.question.buttons.map(\.text)
                    // A choice or yes/no question takes its words as a typed reply would.
                    if let spec = a.expect ?? a.options.save.flatMap({ vars[$0.value]?.spec }) {
                        shown += spec.choices.map(\.value)
                        if spec.kind.value == .yesNo { shown += ["sí", "si", "no", "yes", "sim", "não"] }
                    }
                default: break
                }
            }
        }
        for interrupt in project.bot?.interrupts ?? [] {
            if case .end(let m?) = interrupt.action { shown += m.buttons.map(\.text) }
        }
        if shown.contains(where: TemplateText.hasHole) { return nil }
        var keys = Set(shown.map(Self.folded))
        for text in shown { keys.formUnion(Self.words(text)) }
        return (keys, shown)
    }

    /// The folded words of a text (letters and digits).
    static func words(_ text: String) -> [String] {
        folded(text).split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
    }

    /// A value a test gives or expects for a variable, against the variable's type: `qty: cinco`
    /// for a number can never be equal.
    func checkTestValue(_ name: Located<String>, _ value: YAMLScalar, _ range: SourceRange, file: String, locale: String? = nil) {
        guard let info = vars[name.value], !info.open, !info.conflicted else { return }
        let fits: Bool
        var expected = ""
        switch (info.type, value.value) {
        case (_, .null): fits = true
        case (.number, .float):
            // `precio: 38.000` is 38 to YAML, as `2.500` in a flow is 2.5: a slip where the test's people group with a dot.
            var slips = expressionChecker(file)
            slips.commaDecimals = (locale ?? project.bot?.locale?.value).map { BotDecoder.commaDecimalLocales.contains($0) } ?? false
            slips.thousandsSlip(Substring(value.text), at: range, in: "a test")
            fits = true
        case (.number, .int): fits = true
        // A text of a number is read by the test's locale, else the bot's, as a flow's `set` reads one (`"38.000,00"` in es-CO).
        case (.number, .string(let s)):
            let numbers = FlowLocale.named(locale ?? project.bot?.locale?.value ?? "es-AR") ?? .esAR
            fits = Double(s.filter { $0 != " " }) != nil || NumberText.readData(s, locale: numbers) != nil
            expected = "a number, e.g. `3`"
        case (.number, _): fits = false; expected = "a number, e.g. `3`"
        case (.bool, .bool): fits = true
        case (.bool, .string(let s)): fits = s == "true" || s == "false"; expected = "`true` or `false`"
        case (.bool, _): fits = false; expected = "`true` or `false`"
        case (.date, .string(let s)): fits = s.utf8.count == 10 && ISODateTime.isValid(s); expected = "an ISO date, e.g. `2026-12-31`"
        case (.date, _): fits = false; expected = "an ISO date, e.g. `2026-12-31`"
        default: fits = true
        }
        guard !fits else { return }
        sink.error("wrong-type", "variable `\(name.value)` is \(info.type), but the test gives `\(value.text)`", file: file, range: range,
                   help: "write \(expected)")
    }

    /// What the bot sends is compared as written: `Hola {{name}}` in a `bot:` turn never matches
    /// `Hola Ana`. Only holes that read a variable or a namespace of the bot, and that are no echo of
    /// what the person typed (`{{1}}` of an API's template, a user's `{{sofi}}` said back, are text).
    func reportTemplatesExpected(_ test: TestCase, file: String) {
        for t in test.expectedTexts where TemplateText.hasHole(t.text) {
            let (template, issues) = TemplateParser.parse(t.text)
            guard issues.isEmpty else { continue }
            let holes: [(text: String, reads: Bool)] = template.parts.compactMap { part in
                guard case .hole(let e, let span) = part, let e else { return nil }
                let scalars = Array(t.text.unicodeScalars)
                let written = span.end <= scalars.count ? String(String.UnicodeScalarView(scalars[span.start..<span.end])) : ""
                return (written, Self.readsKnownName(e) { vars[$0] != nil })
            }
            guard holes.contains(where: { hole in hole.reads && !test.typedTexts.contains { $0.contains(hole.text) } }) else { continue }
            sink.error("unexpected-template", "what the bot sends is compared as written: `{{ }}` is not evaluated in a test",
                       file: file, range: t.range,
                       help: "write the text the bot sends, e.g. `Hola Ana` for `Hola {{name}}` with `contact: {name: Ana}`")
        }
    }

    /// Whether an expression reads a variable (by `isVariable`) or a namespace.
    static func readsKnownName(_ e: Expr, isVariable: (String) -> Bool) -> Bool {
        switch e.kind {
        case .variable(let name): return isVariable(name) || ReservedNames.namespaces.contains(name)
        case .member(let base, _, _), .unary(_, let base): return readsKnownName(base, isVariable: isVariable)
        case .index(let a, let b), .binary(_, let a, let b): return readsKnownName(a, isVariable: isVariable) || readsKnownName(b, isVariable: isVariable)
        case .call(_, _, let args), .list(let args): return args.contains { readsKnownName($0, isVariable: isVariable) }
        case .number, .string, .bool, .null: return false
        }
    }

    /// `expect.flow` / `expect.step` name a flow and a step of the bot (`STEP` of any flow, or `FLOW.STEP`).
    func checkExpectedPlace(_ test: TestCase, file: String) {
        if let flow = test.expectedFlow, flowIndex[flow.value] == nil {
            reportUnknownFlow(flow.value, range: flow.range, file: file)
        }
        guard let step = test.expectedStep else { return }
        let parts = step.value.split(separator: ".", maxSplits: 1).map(String.init)
        if parts.count == 2 {
            guard let g = flowIndex[parts[0]] else { return reportUnknownFlow(parts[0], range: step.range, file: file) }
            guard stepIndex[g][parts[1]] == nil else { return }
            sink.error("unknown-target", "flow `\(parts[0])` has no step `\(parts[1])`", file: file, range: step.range,
                       help: Suggestion.didYouMean(parts[1], in: flows[g].steps.map(\.id.value)).map { "\($0)" }
                           ?? "steps of `\(parts[0])`: " + flows[g].steps.prefix(8).map { "`\($0.id.value)`" }.joined(separator: ", "))
        } else if !stepIndex.contains(where: { $0[step.value] != nil }) {
            let all = flows.flatMap { $0.steps.map(\.id.value) }
            let what = project.isBot ? "no flow of this bot has a step" : "the flow has no step"
            sink.error("unknown-target", "\(what) `\(step.value)`", file: file, range: step.range,
                       help: Suggestion.didYouMean(step.value, in: all) ?? "write `FLOW.STEP`, e.g. `\(flows.first.map { "\($0.id.value).\($0.steps.first?.id.value ?? "step")" } ?? "main.done")`")
        }
    }
}
