import FlowDiagnostics

/// Decodes one step: exactly one kind key, its modifiers, and the kind's own keys.
struct StepDecoder {
    let d: NodeDecoder
    /// A menu's `options:` written one indent too shallow, as the next step (reported there): the
    /// menu takes them, so it is not also "a menu without options".
    var optionsBelow: YAMLNode?
    /// The next step is one of this step's keys written one indent too shallow (`fin:` then
    /// `end: Chau` in its column, reported there): an empty step here is that one mistake.
    var keyBelow = false

    /// Whether `id: node` under `steps:` is a step's key (`end: Chau`, `goto: fin`) written in the
    /// column of the step ids.
    static func isMisplacedKey(_ id: String, _ node: YAMLNode) -> Bool {
        guard let s = node.scalar, case .string = s.value else { return false }
        return kinds.contains(id) || modifiers.contains(id) || owners[id] != nil
    }

    static let kinds = ["say", "ask", "menu", "branch", "set", "http", "email", "query", "order", "track",
                        "call", "handoff", "goto", "return", "end"]
    static let modifiers = ["goto", "delay", "track", "description"]
    /// Words for a step's kind, as other chatbot tools and people name it (folded as
    /// ``Suggestion/plainKey(_:)``), and the kind each means.
    static let kindWords: [String: String] = {
        var words = [
            "message": "say", "msg": "say", "text": "say", "send": "say", "reply": "say", "respond": "say", "response": "say",
            "mensaje": "say", "mensagem": "say", "texto": "say", "enviar": "say", "respuesta": "say", "resposta": "say",
            "question": "ask", "prompt": "ask", "input": "ask", "pregunta": "ask", "pergunta": "ask",
            "siguiente": "goto", "proximo": "goto", "ir_a": "goto", "saltar": "goto",
            "decision": "branch", "condition": "branch", "decisao": "branch", "condicion": "branch",
            "finish": "end", "stop": "end", "exit": "end", "transfer": "handoff",
        ]
        for word in NodeDecoder.gotoWords { words[word] = "goto" }
        return words
    }()
    static let question = ["save", "invalid", "retries", "on_fail", "timeout", "on_timeout", "interrupts"]

    /// Words for a menu's `style` (folded as ``Suggestion/plainKey(_:)``), in Spanish, Portuguese
    /// and as other tools name them, and the style each means.
    static let styleWords: [String: String] = [
        "button": "buttons", "boton": "buttons", "botones": "buttons", "botao": "buttons", "botoes": "buttons", "reply_buttons": "buttons",
        "lista": "list", "menu": "list", "rows": "list", "filas": "list",
        "texto": "text", "plain": "text", "numbered": "text", "numeros": "text", "numerado": "text", "numerada": "text",
    ]
    /// "did you mean" for an enumerated value: a word for one of `allowed` (in `words`), else the closest spelling.
    static func meant(_ value: String, in allowed: [String], words: [String: String]) -> String? {
        words[Suggestion.plainKey(value)].map { "did you mean `\($0)`?" } ?? Suggestion.didYouMean(value, in: allowed)
    }

    static func keys(for kind: String) -> [String] {
        switch kind {
        case "ask": question + ["expect"]
        case "menu": question + ["options", "style", "button"]
        case "http": ["save", "save_status", "on_error"]
        case "email": ["on_error"]
        case "query": ["db", "save", "on_error"]
        case "order": ["save", "on_error"]
        // Every action has `on_error` (flow-format.md §5); recording an event does not fail.
        case "track": ["on_error"]
        default: []
        }
    }

    /// For a key used on the wrong kind of step: where it belongs.
    /// Keys of a step (its modifiers and `on_error`/`save`) written inside its action's mapping:
    /// where they belong instead.
    static func stepKeys(next kind: String) -> [String: String] {
        let place = "the step (next to `\(kind):`, not inside it)"
        return Dictionary(uniqueKeysWithValues: ["on_error", "save", "goto", "delay", "track"].map { ($0, place) })
    }

    static let owners: [String: String] = [
        "options": "`menu` steps", "expect": "`ask` steps", "style": "`menu` steps", "button": "`menu` steps",
        "save": "`ask`, `menu`, `http`, `query` and `order` steps", "invalid": "`ask` and `menu` steps",
        "retries": "`ask` and `menu` steps (or inside `http:`)", "on_fail": "`ask` and `menu` steps",
        "timeout": "`ask` and `menu` steps (or inside `http:` / `handoff:`)", "on_timeout": "`ask` and `menu` steps",
        "on_error": "action steps (`http`, `email`, `query`, `order`, `track`)", "save_status": "`http` steps",
        "db": "`query` steps", "if": "the arms of a `branch` list", "else": "the arms of a `branch` list",
        "headers": "the `http:` mapping", "json": "the `http:` mapping", "form": "the `http:` mapping",
        "get": "the `http:` mapping", "post": "the `http:` mapping", "put": "the `http:` mapping",
        "patch": "the `http:` mapping", "delete": "the `http:` mapping", "message": "`say`", "text": "`say`",
        "image": "a `say:` message mapping", "properties": "the `track:` mapping (`track: {event: …, properties: {…}}`)",
    ]

    func step(id: Located<String>, node: YAMLNode) -> Step? {
        // `vars:`, `triggers:` or `description:` one indent too deep, under `steps:`: read as a step.
        if ["vars", "triggers", "description"].contains(id.value),
           node.sequence != nil || node.mapping.map({ pairs in !pairs.contains { Self.kinds.contains($0.keyText ?? "") } }) == true
            || (id.value == "description" && node.scalar != nil && !node.isNull) {
            d.error("misplaced-key", "`\(id.value):` is indented under `steps:`, so it is read as a step named `\(id.value)`", id.range,
                    help: "indent `\(id.value):` like `steps:`, at the flow's level")
            return nil
        }
        guard let pairs = node.mapping else {
            if let s = node.scalar, case .null = s.value {
                // `step:` with nothing after it (its key below it, one indent too shallow, is reported there).
                if keyBelow { return nil }
                d.error("step-no-kind", "step `\(id.value)` has no kind", id.range,
                        help: "add one of " + Self.kinds.map { "`\($0)`" }.joined(separator: ", ") + " under it")
            } else if let s = node.scalar, case .string(let text) = s.value, Self.isMisplacedKey(id.value, node) {
                // `goto: bye` (or `say: Hola`) written at the level of the step ids: a step's key
                // one indent too shallow, read as a step of that name.
                d.error("misplaced-key", "`\(id.value): \(text.prefix(30))` is indented like a step id, so it is read as a step named `\(id.value)`",
                        id.range, help: "indent it under the step above, as one of its keys")
            } else if let s = node.scalar, case .string(let text) = s.value {
                // `ok: return` / `fim: end`: a kind written alone, without its colon.
                let bare = ["return", "end"].contains(text.trimmingPrefix(" ").lowercased())
                d.error("wrong-type", "step `\(id.value)` must be a mapping with a kind, not text", node.range,
                        help: bare ? "write `\(id.value): {\(text.lowercased()): true}` (a kind takes a value after its `:`)"
                                   : "write `\(id.value): {say: \"\(text.prefix(30))\"}` or put `say:` on the line below")
            } else {
                d.wrongType(node, expected: "a mapping with one kind key (`say`, `ask`, `menu`, …)", what: "step `\(id.value)`")
            }
            return nil
        }
        let keys = pairs.compactMap(\.keyText)
        var found = keys.filter { Self.kinds.contains($0) && $0 != "goto" && $0 != "track" }
        // `message:`, `decir:`, `pregunta:`: a word for a kind (in English as other tools
        // name it, in Spanish or Portuguese) is that kind, before any kind spelt alike
        // (`send:` is a `say`, not an `end`).
        func kind(_ key: String) -> String? {
            let plain = Suggestion.plainKey(key)
            return Self.kindWords[plain] ?? NodeDecoder.foreignKeys[plain]?.first(where: Self.kinds.contains)
                ?? Suggestion.closest(to: key, in: Self.kinds)
        }
        // `goto:` or `track:` alone make a step of that kind, but not beside a misspelt kind
        // (`sya:` with `goto: pick` is a `say` that jumps, its kind mistyped).
        if found.isEmpty, !pairs.contains(where: { pair in
            guard let key = pair.keyText, !Self.modifiers.contains(key) else { return false }
            return kind(key) != nil && !Self.kinds.contains { Self.keys(for: $0).contains(key) }
        }) {
            if keys.contains("track") { found = ["track"] } else if keys.contains("goto") { found = ["goto"] }
        }
        guard found.count == 1 else {
            if found.count > 1 {
                let second = pairs.first { $0.keyText == found[1] }?.key.range ?? node.range
                let first = pairs.first { $0.keyText == found[0] }?.key.range
                d.error("step-kinds", "step `\(id.value)` has two kinds: `\(found[0])` and `\(found[1])`", second,
                        notes: first.map { [DiagnosticNote("`\(found[0])` is here", file: d.path, range: $0)] } ?? [],
                        help: "a step does one thing; split it into two steps")
            } else {
                let unknown = pairs.filter { pair in pair.keyText.map { !Self.modifiers.contains($0) } ?? false }
                if let typo = unknown.first(where: { kind($0.keyText ?? "") != nil }), let key = typo.keyText, var meant = kind(key) {
                    // What the step's other keys say it is: with `options:` a menu, with `save:` a question.
                    var why = ""
                    if ["say", "ask"].contains(meant), keys.contains("options") {
                        meant = "menu"
                        why = " (a step with `options` is a menu)"
                    } else if meant == "say", keys.contains("save") {
                        meant = "ask"
                        why = " (a step that saves the answer asks)"
                    }
                    d.error("unknown-key", "unknown key `\(key)` in step `\(id.value)`", typo.key.range, help: "did you mean `\(meant)`?" + why)
                    // The step's other keys cannot be checked against a kind; still name those
                    // no step has (`gotoo`, `dealy`), with what they were likely meant to be.
                    let known = Array(Set(Self.kinds + Self.modifiers + Self.kinds.flatMap(Self.keys(for:)))).sorted()
                    for pair in unknown where pair.key.range != typo.key.range {
                        guard let other = pair.keyText, !known.contains(other) else { continue }
                        let translated = NodeDecoder.foreignKeys[Suggestion.plainKey(other)]?.first(where: known.contains)
                        d.error("unknown-key", "unknown key `\(other)` in step `\(id.value)`", pair.key.range,
                                help: translated.map { "did you mean `\($0)`?" } ?? Suggestion.didYouMean(other, in: known))
                    }
                } else {
                    d.error("step-no-kind", "step `\(id.value)` has no kind", id.range,
                            help: "add one of " + Self.kinds.map { "`\($0)`" }.joined(separator: ", "))
                }
            }
            return nil
        }
        let kind = found[0]
        var allowed = [kind] + Self.keys(for: kind)
        // `expect: number` with `min: 1` beside it (not inside `expect: {type: number, min: 1}`):
        // the named type's options are the step's too.
        let inlineOptions: [String]
        if kind == "ask", let name = pairs.first(where: { $0.keyText == "expect" })?.value.scalar?.text,
           let expected = VarKind(rawValue: name) {
            inlineOptions = expected.options
        } else {
            inlineOptions = []
        }
        allowed += inlineOptions
        // A branch takes the common modifiers but `goto`: its arms say where to go.
        allowed += Self.modifiers.filter { $0 != kind && (kind != "branch" || $0 != "goto") }
        var elsewhere = Self.owners
        // (Said only where a key is out of place: most steps have none, and need no copy of the table.)
        let misplaced = pairs.contains { pair in pair.keyText.map { !allowed.contains($0) } ?? false }
        if kind == "branch" { elsewhere["goto"] = "the arms of a `branch` (`- if: …` / `goto: …`)" }
        // `min: 1` on an `ask` with no type named: the option of a type, given with `expect`.
        if misplaced, kind == "ask", inlineOptions.isEmpty {
            for (option, type) in [("min", "number"), ("max", "number"), ("integer", "number"), ("pattern", "text"), ("region", "phone"),
                                   ("after", "date"), ("before", "date"), ("format", "date"), ("choices", "choice")] {
                elsewhere[option] = "a type: write `expect: \(type)` beside it, or `expect: {type: \(type), \(option): …}`"
            }
        }
        // `say:` with `options:` under it is a menu written with the wrong kind.
        if misplaced, kind == "say" || kind == "ask" { elsewhere["options"] = "`menu` steps: a step with options is a menu, write `menu:` instead of `\(kind):`" }
        // `properties:` beside `track: compra`: an event's properties go inside its mapping.
        if misplaced, let track = pairs.first(where: { $0.keyText == "track" })?.value {
            let event = track.scalar?.text ?? track.mapping?.first(where: { $0.keyText == "event" })?.value.scalar?.text ?? "…"
            elsewhere["properties"] = "the `track:` mapping: write `track: {event: \(event), properties: {…}}`"
        }
        guard var f = d.fields(node, allowed: allowed, what: "`\(kind)` step `\(id.value)`", elsewhere: elsewhere),
              let kindNode = f[kind], let kindRange = f.keyRange(kind) else { return nil }
        // `save`, `save_status`, `on_error` or `goto` written inside the kind's mapping (`http: {…,
        // save: order}`) is reported there once; the step still saves and jumps as meant, so that
        // no read of `order` and no step only it reaches is reported again.
        // (Not from `set:`, whose keys are variable names, nor `end:`/`return:`, where `goto` never runs.)
        for key in ["save", "save_status", "on_error", "goto"]
        where allowed.contains(key) && !f.has(key) && !["set", "end", "return"].contains(kind) {
            if let pair = kindNode.mapping?.first(where: { $0.keyText == key }) { f.lift(pair) }
        }
        var step = Step(id: id, kind: .goto, kindRange: kindRange, range: SourceRange(start: id.range.start, end: node.range.end))
        if let n = f["goto"] {
            step.goto = d.target(n, what: "`goto`")
        }
        if kind != "track", let n = f["track"] { step.track = track(n) }
        if let n = f["delay"] { step.delay = d.duration(n, what: "`delay`") }
        if kind != "ask", kind != "menu", let n = f["save"] { step.save = d.variable(n) }
        if let n = f["save_status"] { step.saveStatus = d.variable(n, key: "save_status") }
        if let n = f["on_error"] { step.onError = d.target(n, what: "`on_error`") }
        switch kind {
        case "say":
            guard let m = message(kindNode, what: "`say`", allowNull: false) else { return nil }
            step.kind = .say(m)
        case "ask":
            guard let m = message(kindNode, what: "`ask`", allowNull: false) else { return nil }
            var expectNode = f["expect"]
            if let n = expectNode, let typeKey = f.keyRange("expect"), inlineOptions.contains(where: f.has) {
                // Read as `expect: {type: …, min: …}` written out.
                let typePair = YAMLPair(key: YAMLNode(kind: .scalar(YAMLScalar(text: "type", style: .plain, value: .string("type"))), range: typeKey),
                                        value: n)
                let optionPairs = inlineOptions.compactMap { key in
                    f[key].map { value in
                        YAMLPair(key: YAMLNode(kind: .scalar(YAMLScalar(text: key, style: .plain, value: .string(key))), range: f.keyRange(key) ?? n.range),
                                 value: value)
                    }
                }
                expectNode = YAMLNode(kind: .mapping([typePair] + optionPairs), range: node.range)
            }
            var expect = expectNode.flatMap { d.varSpec($0, what: "`expect`") }
            if expect == nil, let n = f["expect"] ?? (f.suggested.contains("expect") ? node : nil) {
                // A type already reported as wrong, or a misspelt `expect:` (`expected: number`): the
                // answer's type is unknown (no follow-on type errors at its reads).
                expect = VarSpec(kind: Located(.json, n.range), range: n.range)
                expect?.isUnknown = true
            }
            step.kind = .ask(AskStep(question: m, expect: expect, options: questionOptions(f)))
        case "menu":
            guard let m = message(kindNode, what: "`menu`", allowNull: false) else { return nil }
            guard let optionsNode = f["options"] ?? optionsBelow ?? d.require(f, "options", what: "a `menu` step",
                                                                              help: "add `options:` with `id: label` lines") else { return nil }
            var menu = MenuStep(prompt: m, choices: menuOptions(optionsNode), optionsRange: optionsNode.range,
                                options: questionOptions(f))
            if let n = f["style"], let t = d.text(n, what: "`style`") {
                if ["buttons", "list", "text"].contains(t.text) { menu.style = Located(t.text, n.range) }
                else {
                    d.error("wrong-type", "`style` must be `buttons`, `list` or `text`, not `\(t.text)`", n.range,
                            help: Self.meant(t.text, in: ["buttons", "list", "text"], words: Self.styleWords))
                }
            }
            if let n = f["button"] { menu.button = d.text(n, what: "`button`") }
            step.kind = .menu(menu)
        case "branch":
            let arms = branchArms(kindNode)
            if arms.count < (kindNode.sequence?.count ?? 1) { d.flags.lostArms.insert(id.value) }
            step.kind = .branch(arms)
        case "set":
            // `set: qty = 3` as other languages assign: say the mapping it means.
            if let text = kindNode.scalar?.text, let eq = text.firstIndex(of: "="), !text.contains("{{") {
                func trimmed(_ part: Substring) -> String { String(String(part.drop(while: \.isWhitespace).reversed()).drop(while: \.isWhitespace).reversed()) }
                let name = trimmed(text[..<eq])
                let value = trimmed(text[text.index(after: eq)...])
                if !name.isEmpty, !value.isEmpty {
                    d.error("wrong-type", "`set` must be a mapping, not text", kindNode.range, help: "write `set: {\(name): \(value)}`")
                    return nil
                }
            }
            guard let pairs = d.dataMap(kindNode, what: "`set`", keysAreVariables: true) else { return nil }
            if kindNode.mapping?.isEmpty == true {
                d.error("missing-key", "`set` assigns nothing", kindNode.range, help: "write `set: {qty: 1}`, one variable per key")
            }
            step.kind = .set(pairs)
        case "http":
            guard let action = http(kindNode) else { return nil }
            step.kind = .http(action)
        case "email":
            guard let g = d.fields(kindNode, allowed: ["to", "cc", "bcc", "reply_to", "subject", "body"], what: "`email`",
                                   elsewhere: Self.stepKeys(next: "email")) else { return nil }
            for key in ["to", "subject", "body"] { _ = d.require(g, key, what: "`email`") }
            let fields: [(key: Located<String>, value: TextValue)] = g.order.compactMap { key in
                guard let n = g[key], let t = d.text(n, what: "`\(key)`"), let r = g.keyRange(key) else { return nil }
                return (Located(key, r), t)
            }
            step.kind = .email(EmailAction(fields: fields))
        case "query":
            guard let sql = d.text(kindNode, what: "`query`") else { return nil }
            step.kind = .query(QueryAction(sql: sql, db: f["db"].flatMap { d.identifier($0, what: "data source name") }))
        case "order":
            guard let g = d.fields(kindNode, allowed: ["action", "id", "items", "customer", "delivery_date", "notes", "status"],
                                   what: "`order`", elsewhere: Self.stepKeys(next: "order")) else { return nil }
            checkOrder(g, kindNode: kindNode)
            step.kind = .order(d.dataMap(kindNode, what: "`order`") ?? [])
        case "track":
            guard let t = track(kindNode) else { return nil }
            step.kind = .track(t)
        case "call":
            if let text = kindNode.scalar?.text, TemplateText.hasHole(text) {
                // `call: "{{categoria}}"`: the flow is fixed when the bot is written.
                let chooser = TemplateParser.parse(text).0.singleExpression.flatMap { e -> String? in
                    if case .variable(let name) = e.kind { return name }
                    return nil
                }
                let help = chooser.map {
                    "to call the flow `\($0)` names, `branch` on it with one `call` per flow (e.g. `- if: \($0) == \"camisas\"` "
                        + "then `goto: llamar_camisas`, a step with `call: camisas`)"
                } ?? "`branch` on the value with one step per flow, each with its own `call:` (e.g. `call: camisas`)"
                d.error("invalid-id", "`call` takes a fixed flow name, not `\(text)`: `{{ }}` is not evaluated here", kindNode.range, help: help)
                return nil
            }
            guard let name = d.name(kindNode, what: "flow name to call") else { return nil }
            step.kind = .call(name)
        case "handoff":
            guard let h = handoff(kindNode) else { return nil }
            step.kind = .handoff(h)
        case "goto":
            if step.goto == nil { return nil }
            step.kind = .goto
        case "return", "end":
            let m = lastMessage(kindNode, kind: kind)
            step.kind = kind == "end" ? .end(m) : .return(m)
            if let n = f["goto"] {
                d.error("goto-after-\(kind)", "`goto` on \(kind == "end" ? "an" : "a") `\(kind)` step never runs", f.keyRange("goto") ?? n.range,
                        help: "remove it, or use `say:` with `goto:` to keep going")
            }
        default:
            return nil
        }
        return step
    }
}
