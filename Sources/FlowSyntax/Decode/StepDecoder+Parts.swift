import FlowDiagnostics

/// The parts steps are made of: messages, question options, menu options, branch arms, and the
/// `http`, `track` and `handoff` values.
extension StepDecoder {
    /// The message of an `end` or `return` (a step's, or an interrupt's `end`): none when the value is
    /// null or `true` (`end: true` ends without a word, as authors write it); `false` is a mistake.
    func lastMessage(_ node: YAMLNode, kind: String) -> Message? {
        if node.isNull { return nil }
        if let scalar = node.scalar, case .bool(let value) = scalar.value {
            if !value {
                d.error("wrong-type", "`\(kind): false` does not stop \(kind == "end" ? "ending" : "returning")", node.range,
                        help: "write `\(kind):` alone (or `\(kind): true`) to \(kind) without a message, or remove the step")
            }
            return nil
        }
        // `end: ""`: ending without a message, as `end:` alone.
        if let scalar = node.scalar, case .string(let text) = scalar.value, text.unicodeScalars.allSatisfy(\.properties.isWhitespace) {
            return nil
        }
        return message(node, what: "`\(kind)`", allowNull: true)
    }

    func message(_ node: YAMLNode, what: String, allowNull: Bool) -> Message? {
        var m = Message(range: node.range)
        if let scalar = node.scalar {
            if case .null = scalar.value {
                if !allowNull, !node.isBroken {
                    d.error("empty-value", "\(what) needs a message, but it is empty", node.range,
                            help: "write the message after it (`say: \"¡Hola!\"`), or remove the step")
                }
                return nil
            }
            m.text = TextValue(text: scalar.text, node: node)
            return m
        }
        if node.sequence != nil {
            // `say: [Hola, ¿qué tal?]`: one message is text (or a mapping); several are several steps.
            d.wrongType(node, expected: "text or a mapping", what: "a message",
                        help: "write the text in quotes (`\(what.filter { $0 != "`" }): \"Hola\"`); several messages are several steps")
            return nil
        }
        let kind = what.filter { $0 != "`" }
        var elsewhere = Self.stepKeys(next: kind)
        for key in Self.question + ["expect", "options"] { elsewhere[key] = elsewhere["save"] }
        guard let f = d.fields(node, allowed: ["text", "image", "document", "audio", "video", "caption", "filename",
                                               "location", "buttons"], what: "a message", elsewhere: elsewhere) else { return nil }
        if let n = f["text"] { m.text = d.text(n, what: "`text`") }
        for kind in ["image", "document", "audio", "video"] {
            if let n = f[kind], let t = d.text(n, what: "`\(kind)`") { m.media.append((kind, t)) }
        }
        if let n = f["caption"] { m.caption = d.text(n, what: "`caption`") }
        if let n = f["filename"] { m.filename = d.text(n, what: "`filename`") }
        if let n = f["location"], let g = d.fields(n, allowed: ["lat", "lng", "name", "address"], what: "`location`",
                                                aliases: ["latitude": "lat", "longitude": "lng", "lon": "lng", "long": "lng"]) {
            for key in ["lat", "lng"] { _ = d.require(g, key, what: "`location`") }
            m.location = d.dataMap(n, what: "`location`")
        }
        if let n = f["buttons"], let items = d.list(n, what: "`buttons`") {
            m.buttons = items.compactMap { d.text($0, what: "a button") }
        }
        // A content key with a wrong value has its own error (`location: "Av. Corrientes 1234"`).
        let contentKeys = ["text", "image", "document", "audio", "video", "location"]
        if m.text == nil, m.media.isEmpty, m.location == nil, !contentKeys.contains(where: { f[$0] != nil }), !f.mayMean(contentKeys), !node.isBroken {
            d.error("missing-key", "\(what) message has nothing to send", node.range,
                    help: "add `text`, a media URL (`image`, `document`, `audio`, `video`) or `location`")
        }
        return m
    }

    func questionOptions(_ f: Fields) -> QuestionOptions {
        var q = QuestionOptions()
        if let n = f["save"] { q.save = d.variable(n) }
        if let n = f["invalid"] {
            if n.mapping != nil {
                let reasons = ["default", "out_of_range", "too_short", "too_long", "not_a_number", "not_integer",
                               "bad_format", "not_allowed"]
                if n.mapping?.isEmpty == true {
                    d.error("missing-key", "`invalid` is empty", n.range,
                            help: "give the re-ask message, e.g. `invalid: Decime un número` or `{out_of_range: …, default: …}`")
                }
                if let g = d.fields(n, allowed: reasons, what: "`invalid`") {
                    q.invalid = InvalidMessages(messages: g.order.compactMap { key in
                        guard let v = g[key], let t = d.text(v, what: "`invalid.\(key)`"), let r = g.keyRange(key) else { return nil }
                        return (Located(key, r), t)
                    })
                }
            } else if let t = d.text(n, what: "`invalid`") {
                q.invalid = InvalidMessages(messages: [(Located("default", n.range), t)])
            }
        }
        if let n = f["retries"] { q.retries = d.integer(n, what: "`retries`") }
        if let n = f["on_fail"] { q.onFail = d.target(n, what: "`on_fail`") }
        if let n = f["timeout"] { q.timeout = d.duration(n, what: "`timeout`") }
        if let n = f["on_timeout"] { q.onTimeout = d.target(n, what: "`on_timeout`") }
        if let n = f["interrupts"], let s = n.scalar, !n.isBroken {
            switch s.value {
            case .bool(let b): q.interrupts = Located(b ? "true" : "false", n.range)
            case .string(let text) where ["true", "false", "exact"].contains(text.lowercased()):
                q.interrupts = Located(text.lowercased(), n.range)
            default:
                d.error("wrong-type", "`interrupts` must be true, false or exact, not `\(s.text)`", n.range,
                        help: "`exact` lets only a message that is just a keyword (`cancelar`) interrupt this question; `false` lets none")
            }
        } else if let n = f["interrupts"], !n.isBroken {
            d.wrongType(n, expected: "true, false or exact", what: "`interrupts`")
        }
        // (`timeout:` indented under a menu's `options:` is reported there, as misplaced.)
        let timeoutInOptions = f["options"]?.mapping?.contains { $0.keyText == "timeout" && $0.value.scalar.map { Duration.parse($0.text) != nil } == true } ?? false
        if q.onTimeout != nil, !f.has("timeout"), !f.suggested.contains("timeout"), let r = f.keyRange("on_timeout") {
            if !timeoutInOptions { d.error("missing-key", "`on_timeout` without `timeout` never fires", r, help: "add `timeout: 15m`") }
            // It never fires: no path goes there (nor are its variables read there as unset);
            // the step it names is not reported unreachable either.
            q.onTimeout = nil
            d.flags.lostTargets = true
        }
        return q
    }

    func menuOptions(_ node: YAMLNode) -> [MenuOption] {
        if node.sequence != nil {
            d.flags.lostTargets = true
            d.wrongType(node, expected: "a mapping of option ids to labels", what: "`options`",
                        help: "write options as `id: Label` lines, e.g. `s: Chico`")
            return []
        }
        guard let pairs = node.mapping, !pairs.isEmpty else {
            // A menu without options leads nowhere: the steps after it are not "unreachable" too.
            d.flags.lostTargets = true
            if node.mapping == nil {
                d.wrongType(node, expected: "a mapping of option ids to labels", what: "`options`")
            } else if !node.isBroken {
                d.error("missing-key", "`options` is empty", node.range, help: "a menu needs at least one option")
            }
            return []
        }
        let options: [MenuOption] = pairs.compactMap { pair in
            guard let key = pair.keyText else { return nil }
            let id = Located(key, pair.key.range)
            if !Self.isOptionId(key) {
                d.error("invalid-id", "`\(key)` is not a valid option id: use letters, digits, `_` and `-`", pair.key.range,
                        help: "the id is what `save` stores and what buttons send; write e.g. `\(Self.suggestedOptionId(key))`")
            }
            if let scalar = pair.value.scalar {
                if case .null = scalar.value {
                    d.error("wrong-type", "option `\(key)` has no label", pair.value.range, help: "write `\(key): Label`")
                    return nil
                }
                return MenuOption(id: id, label: TextValue(text: scalar.text, node: pair.value))
            }
            // `invalid: {default: …}` one indent too deep: the menu's re-ask messages, not an option.
            if key == "invalid", let inner = pair.value.mapping,
               !inner.isEmpty, inner.allSatisfy({ !["label", "description", "goto"].contains($0.keyText ?? "") }) {
                d.error("misplaced-key", "`invalid:` is indented under `options:`, so it is read as an option (id `invalid`), not the menu's `invalid`",
                        pair.key.range, help: "indent `invalid:` like `options:`, one level out")
                return nil
            }
            // As WhatsApp's list rows and other tools name them.
            guard let g = d.fields(pair.value, allowed: ["label", "description", "goto"], what: "option `\(key)`",
                                   aliases: ["desc": "description", "descr": "description", "title": "label", "text": "label"]),
                  let labelNode = d.require(g, "label", what: "option `\(key)`"),
                  let label = d.text(labelNode, what: "`label`") else { return nil }
            return MenuOption(id: id, label: label,
                              description: g["description"].flatMap { d.text($0, what: "`description`") },
                              goto: g["goto"].flatMap { d.target($0, what: "`goto`") })
        }
        if options.count < pairs.count { d.flags.lostTargets = true }
        return options
    }

    static func isOptionId(_ s: String) -> Bool {
        // Letters of any language (`sí`, `café`): the id is saved and sent as a button's payload.
        guard let first = s.unicodeScalars.first, first.properties.isAlphabetic || ("0"..."9").contains(first) || first == "_" else { return false }
        return s.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || $0.properties.generalCategory == .nonspacingMark
            || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" }
    }

    static func suggestedOptionId(_ s: String) -> String {
        // (Letters with accents are fine in an option id: `opción 1` → `opción_1`.)
        let mapped = s.lowercased().unicodeScalars.map { c -> String in
            c.properties.isAlphabetic || ("0"..."9").contains(c) ? String(c) : "_"
        }.joined()
        // Punctuation around the name (`“s”`, `¿envío?`, `1.`) is dropped, not turned into `_`.
        let trimmed = String(mapped.drop(while: { $0 == "_" }).reversed().drop(while: { $0 == "_" }).reversed())
        return trimmed.isEmpty ? "option" : trimmed
    }

    func branchArms(_ node: YAMLNode) -> [BranchArm] {
        let arms = decodeArms(node)
        if arms.count < (node.sequence?.count ?? 1) { d.flags.lostTargets = true }
        return arms
    }

    func decodeArms(_ node: YAMLNode) -> [BranchArm] {
        guard let items = node.sequence else {
            d.wrongType(node, expected: "a list of `- if: … goto: …` arms", what: "`branch`",
                        help: "write each arm as a list item: `- if: qty > 10` / `  goto: bulk`, and end with `- else: STEP`")
            return []
        }
        if items.isEmpty {
            d.error("missing-key", "`branch` has no arms", node.range, help: "write `- if: qty > 10` / `  goto: bulk`, then `- else: STEP`")
            // Where its arms were to go is unknown: the steps after it are not reported unreachable.
            d.flags.lostTargets = true
        }
        var arms: [BranchArm] = []
        for item in items {
            // As other tools name them, and in Spanish or Portuguese (`- si: qty > 3`, `- sino: poco`).
            let aliases = ["then": "goto", "target": "goto", "default": "else", "otherwise": "else",
                           "si": "if", "se": "if", "sino": "else", "si no": "else", "si_no": "else", "senao": "else", "senão": "else",
                           "entonces": "goto", "ir_a": "goto"]
            guard let f = d.fields(item, allowed: ["if", "goto", "else"], what: "a `branch` arm", aliases: aliases) else { continue }
            if !f.has("if"), !f.has("else"), f.suggested.contains("else"),
               let misspelt = item.mapping?.first(where: { pair in
                   guard let key = pair.keyText, !["if", "goto", "else"].contains(key) else { return false }
                   return (aliases[key] ?? Suggestion.closest(to: key, in: ["if", "goto", "else"])) == "else"
               }) {
                // `- esle: STEP`, `- default: STEP` (reported): still the fallback arm, and no
                // "needs `if`" on top.
                if misspelt.value.scalar != nil, let t = d.target(misspelt.value, what: "`else`") {
                    arms.append(BranchArm(condition: nil, target: t, range: item.range))
                }
                continue
            }
            if let e = f["else"], !f.has("if") {
                if let g = f["goto"] {
                    // `- else: …` with `goto:` beside it: one mistake, reported once; the goto is the target.
                    d.error("branch-arm", "an `else` arm names its target itself: `- else: STEP`", g.range,
                            help: "write `- else: \(g.scalar?.text ?? "STEP")`")
                    if let t = d.target(g, what: "`goto`") { arms.append(BranchArm(condition: nil, target: t, range: item.range)) }
                    continue
                }
                if let t = d.target(e, what: "`else`") { arms.append(BranchArm(condition: nil, target: t, range: item.range)) }
                continue
            }
            var alsoElse: Target?
            if let e = f["else"] {
                d.error("branch-arm", "an arm has `if` or `else`, not both", f.keyRange("else") ?? item.range,
                        help: "write the fallback as its own last arm: `- else: STEP`")
                // Read it as the two arms it was meant to be, so the mistake is reported once.
                alsoElse = e.scalar.flatMap { _ in d.target(e, what: "`else`") }
            }
            defer { if let alsoElse { arms.append(BranchArm(condition: nil, target: alsoElse, range: item.range)) } }
            guard let cond = d.require(f, "if", what: "a `branch` arm", help: "write `- if: CONDITION` with `goto: STEP`, or `- else: STEP`") else { continue }
            let gotoNode = d.require(f, "goto", what: "a `branch` arm")
            var condition: TextValue?
            if let s = cond.scalar {
                if case .bool = s.value { condition = TextValue(text: s.text, node: cond) }
                else { condition = d.text(cond, what: "`if`") }
            } else {
                d.wrongType(cond, expected: "an expression", what: "`if`")
            }
            // An arm whose `goto` is missing or not a target (reported) keeps its condition, which is
            // still checked: a mistake in it is a mistake of its own.
            let t = gotoNode.flatMap { d.target($0, what: "`goto`") }
            if t == nil { d.flags.lostTargets = true }
            if let condition { arms.append(BranchArm(condition: condition, target: t, range: item.range)) }
        }
        return arms
    }

    func http(_ node: YAMLNode) -> HTTPAction? {
        let methods = ["get", "post", "put", "patch", "delete"]
        // `method: POST` + `url: …`, as other tools write a request: one error with the one-line fix.
        if let pairs = node.mapping, let m = pairs.first(where: { $0.keyText == "method" }), let method = m.value.scalar?.text,
           methods.contains(method.lowercased()), let u = pairs.first(where: { $0.keyText == "url" })?.value.scalar?.text,
           !pairs.contains(where: { methods.contains($0.keyText ?? "") }) {
            d.error("unknown-key", "`http` takes the method as the key of the URL, not `method:` and `url:`", m.key.range,
                    help: "write `\(method.lowercased()): \"\(u)\"`")
            return nil
        }
        guard let f = d.fields(node, allowed: methods + ["headers", "json", "form", "timeout", "retries"], what: "`http`",
                               elsewhere: Self.stepKeys(next: "http").merging([
                                   "save_status": "the step (next to `http:`, not inside it)", "url": "the method key, e.g. `get: URL`",
                                   "method": "the method key, e.g. `post: URL`", "body": "`json` or `form`"]) { $1 })
        else { return nil }
        let present = methods.filter { f.has($0) }
        guard let method = present.first, let urlNode = f[method], let url = d.text(urlNode, what: "the URL") else {
            if present.isEmpty, !f.mayMean(methods) {
                d.error("missing-key", "`http` needs a method and URL", node.range,
                        help: "write `get: URL` (or post, put, patch, delete)")
            }
            return nil
        }
        if present.count > 1, let r = f.keyRange(present[1]) {
            d.error("http-methods", "`http` has two methods: `\(present[0])` and `\(present[1])`", r)
        }
        if f.has("json"), f.has("form"), let r = f.keyRange("form") {
            d.error("http-body", "`http` sends `json` or `form`, not both", r)
        }
        var action = HTTPAction(method: Located(method.uppercased(), f.keyRange(method) ?? node.range), url: url, headers: [])
        // A header's value and a form field's are one text (a number or yes/no is written as text).
        func scalars(_ n: YAMLNode) {
            for pair in n.mapping ?? [] where pair.value.scalar == nil {
                d.wrongType(pair.value, expected: "text", what: "`\(pair.keyText ?? "")`",
                            help: "write the value as text, e.g. `\(pair.keyText ?? "name"): \"{{value}}\"` (lists and mappings go in `json`)")
            }
        }
        if let n = f["headers"] {
            scalars(n)
            action.headers = d.dataMap(n, what: "`headers`") ?? []
            // Header names ignore case: `authorization` and `Authorization` are one header sent twice.
            var seen: [String: SourceRange] = [:]
            for header in action.headers {
                let folded = header.key.value.lowercased()
                if let first = seen[folded] {
                    d.error("duplicate-key", "header `\(header.key.value)` is given twice (header names ignore case)", header.key.range,
                            notes: [DiagnosticNote("first given here", file: d.path, range: first)], help: "keep one of them")
                } else {
                    seen[folded] = header.key.range
                }
            }
        }
        if let n = f["json"] { action.json = d.data(n, what: "`json`") }
        if let n = f["form"] { scalars(n); action.form = d.dataMap(n, what: "`form`") }
        if let n = f["timeout"] { action.timeout = d.duration(n, what: "`timeout`") }
        // At most 10 (HTTPPerformer.maxRetries): each retry may wait for the whole timeout.
        if let n = f["retries"] { action.retries = d.integer(n, what: "`retries`", maximum: 10) }
        return action
    }

    func track(_ node: YAMLNode) -> TrackSpec? {
        guard let spec = trackSpec(node) else { return nil }
        if spec.event.text.allSatisfy(\.isWhitespace) {
            d.error("empty-value", "an analytics event needs a name", spec.event.range,
                    help: "name what happened, e.g. `track: pedido_confirmado`")
        }
        return spec
    }

    private func trackSpec(_ node: YAMLNode) -> TrackSpec? {
        if node.scalar != nil {
            return d.text(node, what: "`track`").map { TrackSpec(event: $0, properties: []) }
        }
        if let items = node.sequence {
            // `track: [pedido]`: one event is tracked, by its name.
            let name = items.first?.scalar?.text ?? "pedido_confirmado"
            d.wrongType(node, expected: "an event name or `{event: …, properties: {…}}`", what: "`track`",
                        help: "write the event's name: `track: \(name)`")
            return nil
        }
        guard let f = d.fields(node, allowed: ["event", "properties"], what: "`track`"),
              let e = d.require(f, "event", what: "`track`"), let event = d.text(e, what: "`event`") else { return nil }
        return TrackSpec(event: event, properties: f["properties"].flatMap { d.dataMap($0, what: "`properties`") } ?? [])
    }

    func handoff(_ node: YAMLNode) -> HandoffAction? {
        if node.scalar != nil {
            return d.text(node, what: "`handoff`").map { HandoffAction(queue: $0) }
        }
        guard let f = d.fields(node, allowed: ["queue", "message", "timeout", "on_timeout"], what: "`handoff`",
                               elsewhere: Self.stepKeys(next: "handoff")) else { return nil }
        var h = HandoffAction()
        if let n = d.require(f, "queue", what: "`handoff`", help: "name the people's queue, e.g. `queue: ventas`") {
            h.queue = d.text(n, what: "`queue`")
        }
        if let n = f["message"] { h.message = d.text(n, what: "`message`") }
        if let n = f["timeout"] { h.timeout = d.duration(n, what: "`timeout`") }
        if let n = f["on_timeout"] { h.onTimeout = d.target(n, what: "`on_timeout`") }
        if h.onTimeout != nil, !f.has("timeout"), !f.suggested.contains("timeout"), let r = f.keyRange("on_timeout") {
            d.error("missing-key", "`on_timeout` without `timeout` never fires", r, help: "add `timeout: 30m`")
        }
        return h
    }
}
