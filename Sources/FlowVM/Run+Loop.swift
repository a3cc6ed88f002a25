import FlowBytecode
import FlowValidation

extension Run {
    /// Runs instructions until the conversation waits, ends, or the budget runs out.
    mutating func run() {
        while let frame = state.frames.last {
            let pc = Int(frame.pc)
            guard let ins = instruction(frame.flow, pc) else {
                returnFromFlow()
                continue
            }
            executed += 1
            if executed > limit {
                if failing { endConversation(); return }
                fail("the turn ran \(engine.budget) instructions without waiting for the user (a loop?)")
                continue
            }
            state.frames[state.frames.count - 1].pc = Int32(pc + 1)
            switch ins.op {
            case .const_: stack.append(bundle.constants[Int(ins.a)])
            case .null: stack.append(.null)
            case .true_: stack.append(.bool(true))
            case .false_: stack.append(.bool(false))
            case .load: stack.append(state.vars[bundle.strings[Int(ins.a)]] ?? .null)
            case .namespace: stack.append(namespace(ins.a, ins.b))
            case .field:
                let base = pop()
                switch base {
                case .object(let o): stack.append(o[bundle.strings[Int(ins.a)]] ?? .null)
                case .null: stack.append(.null)
                default: fail("`\(bundle.strings[Int(ins.a)])` of a \(base.typeName): only JSON objects have fields"); continue
                }
            case .index:
                let i = pop(), base = pop()
                switch (base, i) {
                case (.list(let items), .number(let n)):
                    // Any number can come from a user: only whole numbers within the list index it.
                    if let i = Int(exactly: n), abs(i) <= items.count {
                        let k = i < 0 ? items.count + i : i
                        stack.append(k >= 0 && k < items.count ? items[k] : .null)
                    } else {
                        stack.append(.null)
                    }
                case (.object(let o), .text(let key)): stack.append(o[key] ?? .null)
                case (.null, _): stack.append(.null)
                default: fail("cannot index a \(base.typeName) with a \(i.typeName)"); continue
                }
            case .not:
                switch pop() {
                case .bool(let b): stack.append(.bool(!b))
                case .null: stack.append(.bool(true))
                case let v: fail("`not` needs a bool, got \(v.typeName)"); continue
                }
            case .neg:
                guard case .number(let n) = pop() else { fail("`-` needs a number"); continue }
                stack.append(.number(-n))
            case .add where ins.a == 1:
                // A sum the checker typed as a number: a json side (an API's value) must be one.
                let r = pop(), l = pop()
                guard case .number(let a) = l, case .number(let b) = r else {
                    let text = [l, r].first { if case .text = $0 { true } else { false } }
                    fail("`+` adds numbers here, got \(l.typeName) and \(r.typeName)"
                         + (text.map { " (the text \($0.json): write number(…) to read a number from it)" } ?? ""))
                    continue
                }
                let sum = ValueOps.sum(a, b)
                guard sum.isFinite else { fail("the result is too large for a number"); continue }
                stack.append(.number(sum))
            case .add, .sub, .mul, .div, .mod, .eq, .ne, .lt, .le, .gt, .ge, .in_:
                let r = pop(), l = pop()
                switch ValueOps.binary(ins.op, l, r, zone: engine.zone) {
                case .success(let v): stack.append(v)
                case .failure(let e): fail(e.message); continue
                }
            case .jumpIfFalseKeep:
                // `a and b` with a falsy `a` (false, null, an unset json field) is false, not `a`;
                // a json value that is no bool is a mistake, as in any condition.
                switch stack.last ?? .null {
                case .bool(true): break
                case .bool(false), .null:
                    if !stack.isEmpty { stack[stack.count - 1] = .bool(false) }
                    setPC(ins.a)
                case let v: fail("`and` needs bools, got \(v.typeName)"); continue
                }
            case .jumpIfTrueKeep:
                switch stack.last ?? .null {
                case .bool(true): setPC(ins.a)
                case .bool(false), .null: break
                case let v: fail("`or` needs bools, got \(v.typeName)"); continue
                }
            case .jumpIfNotNullKeep:
                if !(stack.last ?? .null).isNull { setPC(ins.a) }
            case .pop: _ = pop()
            case .list:
                let n = Int(ins.a)
                guard stack.count >= n else { fail("stack underflow"); continue }
                let items = Array(stack.suffix(n))
                stack.removeLast(n)
                stack.append(.list(items))
            case .object:
                let n = Int(ins.a)
                guard stack.count >= 2 * n else { fail("stack underflow"); continue }
                var pairs: [(String, Value)] = []
                let slice = stack.suffix(2 * n)
                var it = slice.makeIterator()
                while let k = it.next(), let v = it.next() { pairs.append((k.rendered, v)) }
                stack.removeLast(2 * n)
                stack.append(.object(JSONObject(pairs)))
            case .call:
                let argc = Int(ins.b)
                guard stack.count >= argc, let builtin = Builtin(rawValue: ins.a) else { fail("bad call"); continue }
                let args = Array(stack.suffix(argc))
                stack.removeLast(argc)
                switch Builtins.call(builtin, args, run: self) {
                case .success(.number(let n)) where !n.isFinite:
                    // `sum([1e308, 1e308])`: no Infinity in a message.
                    fail("\(builtin.name)(): the result is too large for a number"); continue
                case .success(let v): stack.append(v)
                case .failure(let e): fail(e.message); continue
                }
            case .concat:
                let n = Int(ins.a)
                guard stack.count >= n else { fail("stack underflow"); continue }
                var text = ""
                for v in stack.suffix(n) { text += v.rendered }
                stack.removeLast(n)
                stack.append(.text(text))
            case .jump: setPC(ins.a)
            case .jumpIfFalse:
                switch pop() {
                case .bool(true): break
                case .bool(false), .null: setPC(ins.a)
                case let v: fail("a condition must be a bool, got \(v.typeName)"); continue
                }
            case .jumpFlow:
                jump(flow: ins.a, pc: ins.b)
            case .callFlow:
                state.frames[state.frames.count - 1].pc = ins.b
                guard state.frames.count < 64 else { fail("flows called each other more than 64 deep"); continue }
                state.frames.append(.init(flow: ins.a, pc: 0))
            case .ret:
                returnFromFlow()
            case .end:
                endConversation()
                return
            case .store:
                state.vars[bundle.strings[Int(ins.a)]] = pop()
            case .fit:
                let value = pop()
                let kind = bundle.strings[Int(ins.a)]
                guard !value.isNull else { stack.append(value); break }
                guard let fitted = Self.fitting(value, kind: kind, zone: engine.zone, locale: engine.locale) else {
                    fail("`\(bundle.strings[Int(ins.b)])` is declared \(kind.prefix { $0 != ":" }), but the value set is \(Self.described(value)) (\(value.typeName))")
                    continue
                }
                stack.append(fitted)
            case .send:
                send(pop())
            case .sendMenu:
                sendMenu(Int(ins.a), renderedButton: ins.b == 1)
            case .ask, .menu:
                var bounds: [String] = []
                if ins.op == .ask, ins.b != 0 {
                    guard let worked = askBounds(ins.b) else { continue }
                    bounds = worked
                }
                wait(ins.op == .ask ? .ask : .menu, spec: ins.a, pc: pc)
                if !bounds.isEmpty { state.wait?.labels = bounds }
                return
            case .effect:
                let spec = bundle.effects[Int(ins.a)]
                // A `track` step with `on_error` is recorded here; only an error in its values goes
                // out (refused) for its `on_error` to take.
                if spec.kind == "track", unbuiltRequest == nil {
                    guard case .object(let request) = pop() else { continue }
                    events.append(AnalyticsEvent(name: request["event"]?.rendered ?? "", properties: request["properties"] ?? .null, at: context.now))
                    continue
                }
                state.waitSerial += 1
                let id = "\(state.turns)-\(state.waitSerial)"
                effects.append(EffectRequest(id: id, kind: spec.kind, payload: pop(), refused: unbuiltRequest))
                unbuiltRequest = nil
                state.wait = .init(kind: .effect, spec: ins.a, request: id)
                state.status = .active
                state.frames[state.frames.count - 1].pc = Int32(pc)
                return
            case .handoff:
                let message = pop(), queue = pop()
                if !message.isNull { send(message) }
                events.append(AnalyticsEvent(name: "handoff", properties: .object(JSONObject([("queue", queue)])), at: context.now))
                state.waitSerial += 1
                state.wait = .init(kind: .handoff, spec: ins.a)
                let timeout = bundle.handoffs[Int(ins.a)].timeoutMs
                state.timerDue = timeout > 0 ? context.now + timeout : nil
                state.status = .handoff
                state.frames[state.frames.count - 1].pc = Int32(pc)
                return
            case .track:
                let properties = pop()
                // `b` = 1: the name was rendered from a template (below the properties).
                let name = ins.b == 1 ? pop().rendered : bundle.strings[Int(ins.a)]
                events.append(AnalyticsEvent(name: name, properties: properties, at: context.now))
            case .delay:
                // Pauses add up until a message goes out (`delay: 3s` on a `goto`, then `delay: 1s` on
                // the `say`: 4 s of typing), within what one `delay:` may hold.
                pendingDelay = min(pendingDelay + max(Int(ins.a), 0), Int(Int32.max))
            case .noArm:
                fail("no arm of the branch holds, and it has no `else`")
            case .step:
                let flow = state.frames[state.frames.count - 1].flow
                let index = flow >= 0 && Int(flow) < bundle.flows.count ? Int(flow) : bundle.flows.count
                state.step = engine.stepNames[index][ins.a] ?? code(flow).name + "." + bundle.strings[Int(ins.a)]
                visited.append(state.step)
            }
        }
        if state.status != .handoff { endConversation() }
    }

    mutating func pop() -> Value { stack.popLast() ?? .null }

    /// The bounds an `ask` worked out as it waits (`max: "{{stock}}"`), as its wait keeps them: one
    /// entry per ``AskBounds`` flag, min to before, "" where fixed or absent (a null bound is none).
    /// A number's bound is its canonical text, a date's its ISO date. Nil (the turn failed) when a
    /// bound is no number or no date.
    mutating func askBounds(_ flags: Int32) -> [String]? {
        var values: [Int32: Value] = [:]
        for bit in AskBounds.all.reversed() where flags & bit != 0 { values[bit] = pop() }
        var out: [String] = []
        for (bit, name) in zip(AskBounds.all, AskBounds.names) {
            switch values[bit] ?? .null {
            case .null: out.append("")
            case .number(let n) where bit <= AskBounds.max: out.append(Value.number(n).rendered)
            case .text(let t) where bit <= AskBounds.max:
                // Read by the bot's locale: `"1.500"` is 1500 in es-AR, not 1.5; `"2.000"` in en-US is 2.
                let trimmed = TextMatch.trim(t)
                if trimmed.isEmpty { out.append(""); continue }
                guard let n = NumberText.readData(trimmed, locale: engine.locale) else {
                    fail("the question's `\(name)` is `\(t.prefix(40))`, not a number"); return nil
                }
                out.append(Value.number(n).rendered)
            case .date(let days) where bit > AskBounds.max: out.append(CivilDate(daysSinceEpoch: days).iso)
            case .datetime(let ms, let off) where bit > AskBounds.max:
                out.append(CivilDate(daysSinceEpoch: ZoneRules.day(ofLocal: ms + Int64(off) * 60_000)).iso)
            case .text(let t) where bit > AskBounds.max:
                let trimmed = TextMatch.trim(t)
                // An API's date (`2026-12-31`) or date-time (`2026-12-31T10:00:00Z`): its day.
                guard trimmed.isEmpty || CivilDate.parseISO(String(trimmed.prefix(10))) != nil else {
                    fail("the question's `\(name)` is `\(t.prefix(40))`, not a date"); return nil
                }
                out.append(String(trimmed.prefix(10)))
            case let v:
                fail("the question's `\(name)` is a \(v.typeName), not \(bit <= AskBounds.max ? "a number" : "a date")"); return nil
            }
        }
        return out
    }

    mutating func returnFromFlow() {
        state.frames.removeLast()
        if state.frames.isEmpty { endConversation() }
    }

    mutating func wait(_ kind: ConversationState.Wait.Kind, spec: Int32, pc: Int) {
        let q = kind == .ask ? bundle.asks[Int(spec)].question : bundle.menus[Int(spec)].question
        state.waitSerial += 1
        state.wait = .init(kind: kind, spec: spec, request: kind == .menu ? lastMenuTopic : "", labels: kind == .menu ? lastMenuLabels : [])
        state.timerDue = q.timeoutMs > 0 ? context.now + q.timeoutMs : nil
        state.status = .waiting
        state.frames[state.frames.count - 1].pc = Int32(pc)
    }

    mutating func send(_ v: Value) {
        var m = OutboundMessage(text: "")
        switch v {
        case .object(var o):
            // A caption written as a block scalar (`caption: |`) goes out as its text does.
            for key in ["text", "caption"] {
                if case .text(let t)? = o[key] { o[key] = .text(Self.withoutTrailingLineBreaks(t)) }
            }
            // A button whose title renders to nothing (`"{{x}}"` with no x) cannot be sent (WhatsApp
            // refuses an empty title) nor tapped: left out; the others go as their text.
            if case .list(let buttons)? = o["buttons"] {
                let titles = buttons.map(\.rendered).filter { !$0.allSatisfy(\.isWhitespace) }
                o["buttons"] = titles.isEmpty ? nil : .list(titles.map(Value.text))
            }
            m.text = Self.withoutTrailingLineBreaks(o["text"]?.rendered ?? o["caption"]?.rendered ?? "")
            m.attachments = .object(o)
        default:
            m.text = Self.withoutTrailingLineBreaks(v.rendered)
        }
        m.delayMs = pendingDelay
        pendingDelay = 0
        // A text that renders to nothing (`end: ""`, `say: "{{note}}"` with no note) is no message:
        // WhatsApp refuses an empty one, and a person would see a blank bubble.
        if m.attachments.isNull, m.text.allSatisfy(\.isWhitespace) { return }
        guard withinMessageCap() else { return }
        messages.append(m)
    }

    /// A message's text without the line breaks it ends in: a `say`, `end` or `menu` written as a
    /// block scalar (`say: |`) ends in one, which no channel should send (a blank line under the
    /// bubble). Done here, once, so that `flowc chat`, `flowc test` and `flowc serve` send the same text.
    static func withoutTrailingLineBreaks(_ text: String) -> String {
        guard let last = text.last, last == "\n" || last == "\r\n" || last == "\r" else { return text }
        var t = Substring(text)
        while let last = t.last, last == "\n" || last == "\r\n" || last == "\r" { t.removeLast() }
        return String(t)
    }

    /// At most ``Run/maxMessages`` messages a turn (a loop that sends and never waits would flood
    /// the chat before the instruction budget stops it): past them the turn fails, and the bot's
    /// error message still goes out.
    mutating func withinMessageCap() -> Bool {
        guard messages.count >= Self.maxMessages, !failing else { return true }
        fail("the turn sent \(Self.maxMessages) messages without waiting for the user (a loop?)")
        return false
    }

    mutating func sendMenu(_ index: Int, renderedButton: Bool = false) {
        let spec = bundle.menus[index]
        let n = spec.ids.count
        let k = spec.descriptionCount
        guard stack.count >= n + k + 1 + (renderedButton ? 1 : 0) else { fail("stack underflow"); return }
        let button = renderedButton ? pop().rendered : spec.button
        var written = stack.suffix(k).map(\.rendered).makeIterator()
        let descriptions = spec.ids.indices.map { i in i < spec.described.count && spec.described[i] ? written.next() : nil }
        stack.removeLast(k)
        let labels = stack.suffix(n).map(\.rendered)
        stack.removeLast(n)
        let prompt = pop()
        // An option whose label renders to nothing (`"{{prods[2]}}"` past the list's end) can be
        // neither shown nor picked: left out, as a say's empty button is. With none left there is
        // nothing to ask.
        let shown = Self.shownOptions(labels, count: n)
        guard !shown.isEmpty else {
            fail("the menu has no option to offer: every option's label is empty")
            return
        }
        var m = OutboundMessage(text: Self.withoutTrailingLineBreaks(prompt.rendered))
        if case .object(let o) = prompt { m.text = Self.withoutTrailingLineBreaks(o["text"]?.rendered ?? ""); m.attachments = prompt }
        m.options = shown.map { MenuOption(id: spec.ids[$0], label: labels[$0], description: descriptions[$0]) }
        let described = m.options?.contains { !($0.description ?? "").isEmpty } ?? false
        m.style = spec.style.isEmpty ? OutboundMessage.menuStyle(prompt: m.text, labels: shown.map { labels[$0] }, described: described) : spec.style
        m.button = button
        m.delayMs = pendingDelay
        pendingDelay = 0
        lastMenuLabels = labels
        lastMenuTopic = TextMatch.menuTopic(m.text)
        guard withinMessageCap() else { return }
        messages.append(m)
    }

    static func known(_ text: String) -> Value { text.isEmpty ? .null : .text(text) }

    func namespace(_ ns: Int32, _ field: Int32) -> Value {
        let name = field >= 0 ? bundle.strings[Int(field)] : nil
        // `contact.name` and the like pick their field straight away; only the whole
        // namespace (`{{contact}}`) is built as an object.
        let pairs: [(String, Value)]
        switch Namespace(rawValue: ns) ?? .contact {
        case .contact:
            let c = context.contact
            switch name {
            case "id": return .text(c.id)
            // A name or phone the provider did not give is unknown: null, so that
            // `contact.name ?? "amigo"` works (it still renders as empty text).
            case "name": return Self.known(c.name)
            case "phone": return Self.known(c.phone)
            case "channel": return .text(c.channel)
            case nil: pairs = [("id", .text(c.id)), ("name", Self.known(c.name)), ("phone", Self.known(c.phone)), ("channel", .text(c.channel))]
            default: return .null
            }
        case .message:
            // A turn no message started (a timeout, a handoff released) has none: every field empty.
            let m = inbound ?? InboundMessage(text: "", type: "")
            switch name {
            case "text": return .text(m.text)
            case "type": return .text(m.type)
            case "id": return .text(m.id)
            case nil: pairs = [("text", .text(m.text)), ("type", .text(m.type)), ("id", .text(m.id))]
            default: return .null
            }
        case .bot:
            switch name {
            case "id": return .text(bundle.botId)
            case "name": return .text(bundle.botName)
            case nil: pairs = [("id", .text(bundle.botId)), ("name", .text(bundle.botName))]
            default: return .null
            }
        case .env:
            if let name { return context.env[name].map(Value.text) ?? .null }
            pairs = context.env.sorted { $0.key < $1.key }.map { ($0.key, .text($0.value)) }
        case .secret:
            if let name { return context.secrets[name].map(Value.text) ?? .null }
            return .null
        }
        return .object(JSONObject(pairs))
    }
}
