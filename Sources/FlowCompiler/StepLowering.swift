import FlowBytecode
import FlowDiagnostics
import FlowSyntax
import FlowValidation

extension BundleCompiler {
    mutating func compileStep(_ step: Step, flow f: Int, index j: Int, _ b: inout CodeBuilder, _ bundle: inout Bundle) {
        b.at(step.range)
        b.emit(.step, pools.string(step.id.value))
        if let delay = step.delay { b.emit(.delay, Int32(clamping: delay.milliseconds)) }
        if let track = step.track { emitTrack(track, &b) }
        b.at(step.kindRange)
        let after = continuation(step, flow: f, index: j)
        switch step.kind {
        case .say(let m):
            message(m, &b, &pools)
            b.emit(.send)
            go(to: after, from: f, index: j, &b)
        case .ask(let ask):
            let questionPC = b.pc
            message(ask.question, &b, &pools)
            b.emit(.send)
            b.at(step.kindRange)
            let index = Int32(bundle.asks.count)
            // (The answer's own variable wins over a group of the same name: that group is not read through a rule.)
            let spec = ask.expect ?? ask.options.save.flatMap { declaredSpec($0.value, flow: f) ?? asked[$0.value] }
            bundle.rules.append(rule(for: spec, flow: f, excluding: Set(ask.options.save.map { [$0.value] } ?? [])))
            var q = QuestionSpec()
            q.questionPC = questionPC
            // Bounds written as templates are worked out here, each time the question waits (a
            // re-ask too): pushed in the order min, max, after, before, `b` flags which.
            let boundsPC = b.pc
            let bounds = spec.map(Self.dynamicBounds) ?? []
            var flags: Int32 = 0
            for (bit, t) in bounds {
                if let t { template(t, &b, &pools); flags |= bit }
            }
            b.at(step.kindRange)
            b.emit(.ask, index, flags)
            go(to: after, from: f, index: j, &b, always: true)
            q = question(ask.options, base: q, waitPC: Int(boundsPC), flow: f, &b)
            bundle.asks.append(AskSpec(rule: Int32(bundle.rules.count - 1), question: q))
            lateQuestion(ask.options, flow: f) { bundle, q in bundle.asks[Int(index)].question = q(bundle.asks[Int(index)].question) }
        case .menu(let menu):
            let questionPC = b.pc
            message(menu.prompt, &b, &pools)
            for option in menu.choices { template(option.label, &b, &pools) }
            for option in menu.choices { if let d = option.description { template(d, &b, &pools) } }
            // A list button with holes (`{{word}} opciones`) is rendered, pushed last (`b` = 1).
            let dynamicButton = menu.button.map { TemplateText.hasHole($0.text) } ?? false
            if dynamicButton, let button = menu.button { text(button, &b, &pools) }
            let index = Int32(bundle.menus.count)
            b.at(step.kindRange)
            b.emit(.sendMenu, index, dynamicButton ? 1 : 0)
            var q = QuestionSpec()
            q.questionPC = questionPC
            let waitPC = b.emit(.menu, index)
            go(to: after, from: f, index: j, &b, always: true)
            q = question(menu.options, base: q, waitPC: waitPC, flow: f, &b)
            bundle.menus.append(MenuSpec(ids: menu.choices.map(\.id.value), targets: Array(repeating: -1, count: menu.choices.count),
                                         targetFlows: Array(repeating: -1, count: menu.choices.count),
                                         style: menu.style?.value ?? "", button: menu.button?.text ?? "",
                                         described: menu.choices.contains { $0.description != nil } ? menu.choices.map { $0.description != nil } : [],
                                         question: q))
            let targets = menu.choices.map { option in option.goto.flatMap { label($0, from: f) } ?? after }
            late.append { bundle, resolve in
                for (i, t) in targets.enumerated() {
                    let (pc, flow) = resolve(t)
                    bundle.menus[Int(index)].targets[i] = pc
                    bundle.menus[Int(index)].targetFlows[i] = flow
                }
            }
            lateQuestion(menu.options, flow: f) { bundle, q in bundle.menus[Int(index)].question = q(bundle.menus[Int(index)].question) }
        case .branch(let arms):
            var hasElse = false
            for arm in arms {
                guard let target = arm.target.flatMap({ label($0, from: f) }) else { continue }
                if let condition = arm.condition {
                    b.at(condition.range)
                    guard let expr = Self.parseCondition(condition.text) else { continue }
                    expression(expr, &b, &pools)
                    let skip = b.emit(.jumpIfFalse)
                    go(to: target, from: f, index: j, &b, always: true)
                    b.patch(skip, a: b.pc)
                } else {
                    hasElse = true
                    go(to: target, from: f, index: j, &b, always: true)
                    break
                }
            }
            if !hasElse { b.emit(.noArm) }
        case .set(let pairs):
            for pair in pairs {
                b.at(pair.value.range)
                // `d: "2026-12-31"` for a variable declared a date is that date (the checker allows it).
                if case .template(let t) = pair.value, !TemplateText.hasHole(t.text),
                   declaredSpec(pair.key.value, flow: f)?.kind.value == .date,
                   let day = CivilDate.parseISO(t.text) {
                    b.emit(.const_, pools.constant(.date(day.daysSinceEpoch)))
                } else if case .template(let t) = pair.value {
                    // A value that keeps its expression's type (`"{{o.price}}"`, json from an API) set into
                    // a variable declared number, date… is checked, and converted, when it is set; any text
                    // set into a phone or an e-mail is normalised as an answer is (`+5491155551234`).
                    let typed = template(t, &b, &pools)
                    if let spec = declaredSpec(pair.key.value, flow: f), Self.fittedKinds.contains(spec.kind.value),
                       typed || [.phone, .email].contains(spec.kind.value) {
                        b.emit(.fit, pools.string(Self.fitKind(spec)), pools.string(pair.key.value))
                    }
                } else {
                    data(pair.value, &b, &pools)
                }
                b.emit(.store, pools.string(pair.key.value))
            }
            go(to: after, from: f, index: j, &b)
        case .http(let http):
            var fields: [(String, DataValue)] = []
            if !http.headers.isEmpty { fields.append(("headers", .map(http.headers.map { ($0.key, $0.value) }, http.url.range))) }
            if let json = http.json { fields.append(("json", json)) }
            if let form = http.form { fields.append(("form", .map(form.map { ($0.key, $0.value) }, http.url.range))) }
            fields.append(("timeout", .number(Double(http.timeout?.milliseconds ?? 10_000), http.url.range)))
            fields.append(("retries", .number(Double(http.retries?.value ?? 0), http.url.range)))
            // The URL is lowered on its own: values spliced into it are percent-encoded.
            b.emit(.const_, pools.constant(.text("method")))
            template(TextValue(text: http.method.value, range: http.url.range, style: http.url.style), &b, &pools)
            b.emit(.const_, pools.constant(.text("url")))
            urlTemplate(http.url, &b, &pools)
            for (k, v) in fields {
                b.emit(.const_, pools.constant(.text(k)))
                data(v, &b, &pools)
            }
            b.emit(.object, Int32(fields.count + 2))
            finishEffect("http", step: step, flow: f, index: j, after: after, &b, &bundle)
        case .email(let email):
            emitEffect("email", fields: email.fields.map { ($0.key.value, .template($0.value)) }, step: step, flow: f, index: j, after: after, &b, &bundle)
        case .query(let query):
            b.at(query.sql.range)
            let (sql, params) = Self.splitSQL(query.sql.text)
            let source = query.db?.value ?? project.bot?.data.first?.name.value ?? ""
            let path = project.bot?.data.first { $0.name.value == source }?.path.value ?? ""
            b.emit(.const_, pools.constant(.text("db"))); b.emit(.const_, pools.constant(.text(source)))
            b.emit(.const_, pools.constant(.text("path"))); b.emit(.const_, pools.constant(.text(path)))
            b.emit(.const_, pools.constant(.text("sql"))); b.emit(.const_, pools.constant(.text(sql)))
            b.emit(.const_, pools.constant(.text("params")))
            for p in params { expression(p, &b, &pools) }
            b.emit(.list, Int32(params.count))
            b.emit(.object, 4)
            finishEffect("query", step: step, flow: f, index: j, after: after, &b, &bundle)
        case .order(let pairs):
            emitEffect("order", fields: pairs.map { ($0.key.value, $0.value) }, step: step, flow: f, index: j, after: after, &b, &bundle)
        case .track(let track) where step.onError != nil:
            // An action with `on_error` (flow-format.md §5): an error in its values, `{{r.ok * 2}}`,
            // goes there, as an `http`'s does. Recorded by the VM as it runs, never sent to the host.
            b.emit(.const_, pools.constant(.text("event")))
            if TemplateText.hasHole(track.event.text) { text(track.event, &b, &pools) } else { b.emit(.const_, pools.constant(.text(track.event.text))) }
            b.emit(.const_, pools.constant(.text("properties")))
            b.at(track.event.range)
            object(track.properties.map { ($0.key.value, $0.value) }, &b, &pools)
            b.emit(.object, 2)
            finishEffect("track", step: step, flow: f, index: j, after: after, &b, &bundle)
        case .track(let track):
            emitTrack(track, &b)
            go(to: after, from: f, index: j, &b)
        case .call(let callee):
            if let g = flowIndex[callee.value] {
                let at = b.emit(.callFlow, Int32(g))
                b.patch(at, a: Int32(g), b: b.pc)
            }
            go(to: after, from: f, index: j, &b)
        case .handoff(let h):
            emitHandoff(h, flow: f, at: step.kindRange, &b, &bundle)
            go(to: after, from: f, index: j, &b)
        case .goto:
            go(to: after, from: f, index: j, &b, always: true)
        case .return(let m):
            if let m { message(m, &b, &pools); b.emit(.send) }
            b.emit(.ret)
        case .end(let m):
            if let m { message(m, &b, &pools); b.emit(.send) }
            b.emit(.end)
        }
    }

    /// Pushes the queue and message and emits `handoff`; its `on_timeout` is filled in once pcs are known.
    /// `flow` is -1 for bot.yaml's interrupts, whose targets name a flow.
    mutating func emitHandoff(_ h: HandoffAction, flow f: Int, at range: SourceRange?, _ b: inout CodeBuilder, _ bundle: inout Bundle) {
        if let queue = h.queue { template(queue, &b, &pools) } else { b.emit(.const_, pools.constant(.text("default"))) }
        if let message = h.message { text(message, &b, &pools) } else { b.emit(.null) }
        let index = Int(bundle.handoffs.count)
        bundle.handoffs.append(HandoffSpec(timeoutMs: Self.milliseconds(h.timeout), onTimeout: -1, onTimeoutFlow: -1))
        if let range { b.at(range) }
        b.emit(.handoff, Int32(index))
        guard let t = h.onTimeout.flatMap({ label($0, from: f) }) else { return }
        late.append { bundle, resolve in
            let (pc, flow) = resolve(t)
            bundle.handoffs[index].onTimeout = pc
            bundle.handoffs[index].onTimeoutFlow = flow
        }
    }

    /// How `name` is declared for flow `f`: the flow's own declaration first (two flows may bound it
    /// differently), else bot.yaml's or another flow's.
    func declaredSpec(_ name: String, flow f: Int) -> VarSpec? {
        project.flows[f].vars.last(where: { $0.name.value == name })?.spec ?? declared[name]
    }

    /// Kinds a `set` value is fitted to when it keeps its expression's type.
    static let fittedKinds: Set<VarKind> = [.number, .text, .bool, .yesNo, .date, .datetime, .list, .phone, .email, .choice, .time, .regex]

    /// The kind a value is fitted to (`fit`, an HTTP `save`): a phone with its own default country
    /// carries it (`phone:MX`), as an answer is read with it.
    static func fitKind(_ spec: VarSpec) -> String {
        if spec.kind.value == .phone, let region = spec.region?.value, !region.isEmpty { return "phone:" + region }
        return spec.kind.value.rawValue
    }

    mutating func emitTrack(_ track: TrackSpec, _ b: inout CodeBuilder) {
        // An event name with holes is rendered (pushed before the properties; `b` = 1).
        let dynamic = TemplateText.hasHole(track.event.text)
        if dynamic { text(track.event, &b, &pools) }
        b.at(track.event.range)
        object(track.properties.map { ($0.key.value, $0.value) }, &b, &pools)
        b.emit(.track, pools.string(track.event.text), dynamic ? 1 : 0)
    }

    mutating func emitEffect(_ kind: String, fields: [(String, DataValue)], step: Step, flow f: Int, index j: Int, after: Label,
                             _ b: inout CodeBuilder, _ bundle: inout Bundle) {
        object(fields, &b, &pools)
        finishEffect(kind, step: step, flow: f, index: j, after: after, &b, &bundle)
    }

    mutating func finishEffect(_ kind: String, step: Step, flow f: Int, index j: Int, after: Label, _ b: inout CodeBuilder, _ bundle: inout Bundle) {
        let index = Int32(bundle.effects.count)
        // An HTTP body saved into a variable declared number, text, list… must be one (else `on_error`).
        let declared = kind == "http" ? step.save.flatMap { declaredSpec($0.value, flow: f) } : nil
        let saveKind = declared.map { [.json, .any, .image, .document, .location].contains($0.kind.value) ? "" : Self.fitKind($0) } ?? ""
        bundle.effects.append(EffectSpec(kind: kind, save: variable(step.save), saveStatus: variable(step.saveStatus), onError: -1, onErrorFlow: -1,
                                         saveKind: saveKind))
        b.at(step.kindRange)
        b.emit(.effect, index)
        if let t = step.onError.flatMap({ label($0, from: f) }) {
            late.append { bundle, resolve in
                let (pc, flow) = resolve(t)
                bundle.effects[Int(index)].onError = pc
                bundle.effects[Int(index)].onErrorFlow = flow
            }
        }
        go(to: after, from: f, index: j, &b)
    }

    /// Emits the re-ask blocks of a question and fills in what is known now.
    mutating func question(_ o: QuestionOptions, base: QuestionSpec, waitPC: Int, flow f: Int, _ b: inout CodeBuilder) -> QuestionSpec {
        var q = base
        q.save = variable(o.save)
        q.retries = Int32(o.retries?.value ?? 3)
        q.timeoutMs = Self.milliseconds(o.timeout)
        q.interrupts = switch o.interrupts?.value { case "false": .none; case "exact": .exact; default: .all }
        for (reason, text) in o.invalid?.messages ?? [] {
            q.invalid[reason.value] = b.pc
            self.text(text, &b, &pools)
            b.emit(.send)
            b.emit(.jump, Int32(waitPC))
        }
        return q
    }

    /// Schedules `on_fail` / `on_timeout` once their pcs are known.
    mutating func lateQuestion(_ o: QuestionOptions, flow f: Int, _ apply: @escaping (inout Bundle, (QuestionSpec) -> QuestionSpec) -> Void) {
        let fail = o.onFail.flatMap { label($0, from: f) }
        let timeout = o.onTimeout.flatMap { label($0, from: f) }
        guard fail != nil || timeout != nil else { return }
        late.append { bundle, resolve in
            apply(&bundle) { q in
                var q = q
                if let fail { (q.onFail, q.onFailFlow) = resolve(fail) }
                if let timeout { (q.onTimeout, q.onTimeoutFlow) = resolve(timeout) }
                return q
            }
        }
    }

    /// The expression of an `if:` (a `{{ }}` around it is accepted, as the checker does).
    static func parseCondition(_ text: String) -> Expr? {
        var source = Substring(text)
        let trimmed = source.trimmingPrefix(while: { $0 == " " })
        if trimmed.hasPrefix("{{"), source.hasSuffix("}}"), !source.dropFirst(2).contains("{{") {
            source = trimmed.dropFirst(2).dropLast(2)
        }
        return ExpressionParser.parse(String(source)).0
    }

    /// SQL with `{{ }}` holes → SQL with `?` placeholders and the hole expressions, in order.
    static func splitSQL(_ text: String) -> (String, [Expr]) {
        let (template, _) = TemplateParser.parse(text)
        var sql = ""
        var params: [Expr] = []
        for part in template.parts {
            switch part {
            case .literal(let s): sql += s
            case .hole(let e, _):
                sql += "?"
                params.append(e ?? Expr(kind: .null, span: ExprSpan(start: 0, end: 0)))
            }
        }
        return (sql, params)
    }

    /// bot.yaml's code: the error message and interrupt actions.
    mutating func compileBotCode(_ bundle: inout Bundle) -> FlowCode {
        var b = CodeBuilder()
        b.code = FlowCode(name: "(bot)", file: -1)
        if let path = project.bot.map({ relativePath($0.path) }) {
            if !bundle.files.contains(path) { bundle.files.append(path) }
            b.code.file = bundle.files.firstIndex(of: path) ?? -1
        } else if !bundle.files.isEmpty {
            b.code.file = 0
        } else {
            bundle.files.append("")
            b.code.file = 0
        }
        bundle.errorMessagePC = b.pc
        if let text = project.bot?.errorMessage {
            self.text(text, &b, &pools)
        } else {
            b.emit(.const_, pools.constant(.text(DefaultTexts.errorMessage(locale: bundle.locale))))
        }
        b.emit(.send)
        b.emit(.end)
        for interrupt in project.bot?.interrupts ?? [] {
            let keywords = interrupt.keywords.map(\.text)
            let regex = interrupt.regex?.text ?? ""
            switch interrupt.action {
            case .goto(let target):
                guard let l = label(target, from: -1) else { continue }
                let i = bundle.interrupts.count
                bundle.interrupts.append(InterruptSpec(keywords: keywords, regex: regex, action: .goto(flow: 0, pc: 0)))
                late.append { bundle, resolve in
                    let (pc, flow) = resolve(l)
                    bundle.interrupts[i].action = .goto(flow: flow, pc: pc)
                }
            case .end(let m):
                b.at(interrupt.range)
                let pc = b.pc
                if let m { message(m, &b, &pools); b.emit(.send) }
                b.emit(.end)
                bundle.interrupts.append(InterruptSpec(keywords: keywords, regex: regex, action: .end(pc: pc)))
            case .handoff(let h):
                b.at(interrupt.range)
                let pc = b.pc
                emitHandoff(h, flow: -1, at: nil, &b, &bundle)
                // Released: back to the question the interrupt left (asked again).
                b.emit(.ret)
                bundle.interrupts.append(InterruptSpec(keywords: keywords, regex: regex, action: .handoff(pc: pc)))
            }
        }
        return b.code
    }
}
