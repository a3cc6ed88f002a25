import FlowBytecode
import FlowValidation

/// One event being handled: the interpreter loop and the turn's outputs.
struct Run {
    let engine: Engine
    let context: TurnContext
    var state: ConversationState
    var messages: [OutboundMessage] = []
    /// The most messages one turn sends.
    static let maxMessages = 50
    var effects: [EffectRequest] = []
    var events: [AnalyticsEvent] = []
    var error: RuntimeError?
    var handled = true
    var inbound: InboundMessage?
    var stack: [Value] = []
    var executed = 0
    /// The `delay:`s run since the last message, added up (ms): the typing shown before the next one.
    var pendingDelay = 0
    var lastMenuLabels: [String] = []
    /// The words of the last menu's prompt a reply may lead with (`TextMatch.menuTopic`: `talla` of "¿Qué talla?").
    var lastMenuTopic = ""
    var failing = false
    /// How many messages the turn had sent when the error message began (it may fail to render too).
    var messagesBeforeFailing = 0
    /// Instructions this turn may still run up to (the error message gets a small allowance of its own).
    lazy var limit = engine.budget
    var seed: [String: Value] = [:]
    var startFlow: Int?
    var visited: [String] = []
    /// Why the request of the action about to be sent could not be built (an error in one of its
    /// values, with `on_error` to take it): the request goes out refused (``EffectRequest/refused``).
    var unbuiltRequest: String?

    init(engine: Engine, context: TurnContext, state: ConversationState) {
        self.engine = engine
        self.context = context
        self.state = state
        // One allocation each for what a turn usually holds, not one per growth step.
        stack.reserveCapacity(8)
        messages.reserveCapacity(2)
        visited.reserveCapacity(4)
    }

    var bundle: Bundle { engine.bundle }
    var botFlow: Int32 { Int32(bundle.flows.count) }

    var result: TurnResult {
        TurnResult(state: state, messages: messages, effects: effects, events: events, error: error, handled: handled, visited: visited)
    }

    /// The instruction at `pc` of `flow`, nil past its end. Read in place: the loop runs this
    /// for every instruction, and a copy of the whole ``FlowCode`` would retain all its arrays.
    func instruction(_ flow: Int32, _ pc: Int) -> Instruction? {
        let flows = engine.bundle.flows
        let code = flow == botFlow || flow < 0 || Int(flow) >= flows.count ? engine.bundle.botCode.code : flows[Int(flow)].code
        return pc >= 0 && pc < code.count ? code[pc] : nil
    }

    func code(_ flow: Int32) -> FlowCode {
        flow == botFlow || flow < 0 || Int(flow) >= bundle.flows.count ? bundle.botCode : bundle.flows[Int(flow)]
    }

    // MARK: events

    mutating func handle(_ event: InboundEvent, isNew: Bool) {
        switch event {
        case .message(let m):
            inbound = m
            if isNew {
                start(m)
                return
            }
            state.turns += 1
            switch state.status {
            case .handoff, .active, .ended:
                handled = false
            case .waiting:
                // Folded only when some interrupt could match: most bots' turns need no words.
                let words = bundle.interrupts.isEmpty ? [] : TextMatch.words(m.text)
                // A tapped button or list row of the menu that waits is that choice, even when its id
                // or title is an interrupt keyword (`cancel: Cancelar pedido`): typed text is checked.
                // The question's `interrupts:` mode: all (the default), only a bare keyword, or none.
                let mode = waitingInterrupts()
                if mode != .none, !tapsWaitingMenu(m), let interrupt = bundle.interrupts.first(where: { matches($0, m.text, words: words) }),
                   mode == .exact ? isBareKeyword(m, words: words, of: interrupt) : !answersWait(m, words: words, over: interrupt) {
                    perform(interrupt)
                } else if let wait = state.wait {
                    switch wait.kind {
                    case .ask: answerAsk(wait, m)
                    case .menu: answerMenu(wait, m)
                    case .effect, .handoff: handled = false
                    }
                }
            }
        case .timeout(let serial):
            guard let wait = state.wait, serial == state.waitSerial, state.timerDue != nil else { handled = false; return }
            clearWait()
            let target: (Int32, Int32)
            switch wait.kind {
            case .ask: target = (bundle.asks[Int(wait.spec)].question.onTimeout, bundle.asks[Int(wait.spec)].question.onTimeoutFlow)
            case .menu: target = (bundle.menus[Int(wait.spec)].question.onTimeout, bundle.menus[Int(wait.spec)].question.onTimeoutFlow)
            case .handoff: target = (bundle.handoffs[Int(wait.spec)].onTimeout, bundle.handoffs[Int(wait.spec)].onTimeoutFlow)
            case .effect: handled = false; return
            }
            state.status = .active
            guard target.0 >= 0 else { endConversation(); return }
            // An interrupt's handoff that times out jumps as interrupts do: the question it left is over.
            if wait.kind == .handoff, state.frames.last?.flow == botFlow { state.frames = [] }
            transfer(pc: target.0, flow: target.1)
            run()
        case .effect(let r):
            guard let wait = state.wait, wait.kind == .effect, wait.request == r.request else { handled = false; return }
            resumeEffect(wait, r)
        case .released:
            guard state.status == .handoff, state.wait?.kind == .handoff else { handled = false; return }
            clearWait()
            state.status = .active
            advance()
            run()
        }
    }

    /// A new conversation: the flow whose trigger matches, else `start`.
    mutating func start(_ m: InboundMessage) {
        state = ConversationState(bundleHash: engine.hash, now: context.now)
        state.vars = seed
        state.turns = 1
        var chosen = Int32(bundle.startFlow)
        if let forced = startFlow, bundle.flows.indices.contains(forced) {
            // The flow a test pins: its own regex trigger still names the groups it captures.
            chosen = Int32(forced)
            saveTriggerGroups(of: forced, m.text)
        } else {
        // The trigger that names the most of the message wins, whatever order the files come in:
        // a keyword phrase by its words, a regex by the words it spells out (`^cancelar cita
        // (?<folio>\d+)$` is 2, `^quiero (?<item>.+)$` 1); on a tie a keyword beats a regex (it was
        // written for that word), then the first flow by file name.
        // `keywordWords` holds every trigger's keywords: none, no words needed.
        let messageWords = engine.keywordWords.isEmpty ? [] : TextMatch.words(m.text)
        var best: (flow: Int, score: Int, keyword: Bool, groups: [(String, Value)])?
        func better(_ score: Int, keyword: Bool) -> Bool {
            guard let best else { return true }
            return score > best.score || score == best.score && keyword && !best.keyword
        }
        for (i, flow) in bundle.flows.enumerated() {
            for trigger in flow.triggers {
                switch trigger {
                case .keywords(let words):
                    for word in words where keywordMatches(m.text, messageWords, word) {
                        let size = max(1, (engine.keywordWords[word] ?? TextMatch.words(word)).count)
                        if better(size, keyword: true) { best = (i, size, true, []) }
                    }
                case .regex(let pattern):
                    let size = engine.regexWords[pattern] ?? Engine.spelledWords(pattern)
                    // A group saved as a number that captured no number is no match.
                    guard better(size, keyword: false),
                          let groups = engine.triggerMatch(pattern, TextMatch.trim(m.text)),
                          let values = engine.groupValues(groups, now: context.now) else { continue }
                    best = (i, size, false, values)
                }
            }
        }
        if let best {
            for (name, value) in best.groups { state.vars[name] = value }
            chosen = Int32(best.flow)
            // A keyword won the tie, but a regex trigger of the same flow matched too: its groups land.
            if best.keyword { saveTriggerGroups(of: best.flow, m.text) }
        }
        }
        guard !bundle.flows.isEmpty else { endConversation(); return }
        state.frames = [ConversationState.Frame(flow: chosen, pc: 0)]
        run()
    }

    /// The named groups of the first regex trigger of `flow` that matches `text`. The flow is
    /// entered anyway: each group that reads is saved (a number group that captured no number
    /// leaves its variable unset).
    mutating func saveTriggerGroups(of flow: Int, _ text: String) {
        for case .regex(let pattern) in bundle.flows[flow].triggers {
            guard let groups = engine.triggerMatch(pattern, TextMatch.trim(text)) else { continue }
            for group in groups {
                if let (name, value) = engine.groupValues([group], now: context.now)?.first { state.vars[name] = value }
            }
            return
        }
    }

    /// Kinds of message that carry no typed answer.
    static let mediaKinds: Set<String> = ["image", "document", "location", "audio", "video", "sticker", "contacts"]

    /// A photo or file sent with a caption keeps it (`{{foto.caption}}`); a place has none.
    static func withCaption(_ value: Value, of m: InboundMessage) -> Value {
        guard m.type != "location", case .object(var object) = value, object["caption"] == nil,
              case let caption = TextMatch.trim(m.text), !caption.isEmpty else { return value }
        object["caption"] = .text(caption)
        return .object(object)
    }

    /// What an `any` question saves of a message, as text (`{{upper(note)}}` must work whatever
    /// came): its text; for a photo, file or voice note its caption then its link (`así
    /// https://…/a.jpg`); for a pin its name, address and `lat,lng`.
    static func anyText(_ m: InboundMessage) -> String {
        let text = TextMatch.trim(m.text)
        guard m.type != "text" else { return text }
        var parts = text.isEmpty ? [] : [text]
        func add(_ v: Value?) {
            guard let v, !v.isNull, case let s = TextMatch.trim(v.rendered), !s.isEmpty, !parts.contains(s) else { return }
            parts.append(s)
        }
        switch m.data {
        case .object(let o) where m.type == "location":
            add(o["name"])
            add(o["address"])
            if case .number? = o["lat"], case .number? = o["lng"], let lat = o["lat"], let lng = o["lng"] {
                add(.text("\(lat.rendered),\(lng.rendered)"))
            }
        case .object(let o):
            add(o["caption"])
            add(o["url"] ?? o["filename"])
        default:
            add(m.data)
        }
        return parts.joined(separator: " ")
    }

    mutating func answerAsk(_ wait: ConversationState.Wait, _ m: InboundMessage) {
        let spec = bundle.asks[Int(wait.spec)]
        let (value, groups, reason) = evaluate(wait, m)
        if let value {
            let saved = spec.question.save >= 0 ? bundle.strings[Int(spec.question.save)] : nil
            // The answer wins over a named group of the same name (`save: code` with `(?<code>…)`).
            for (name, groupValue) in groups where name != saved { state.vars[name] = groupValue }
            if let saved { state.vars[saved] = value }
            state.retriesUsed = 0
            clearWait()
            state.status = .active
            advance()
            run()
        } else {
            invalidAnswer(spec.question, reason: reason)
        }
    }

    /// The value `m` gives the `ask` that waits, with its named groups, or why it gives none.
    func evaluate(_ wait: ConversationState.Wait, _ m: InboundMessage) -> (value: Value?, groups: [(String, Value)], reason: String) {
        let spec = bundle.asks[Int(wait.spec)]
        var rule = engine.rules[Int(spec.rule)]
        let kind = bundle.rules[Int(spec.rule)].kind
        // Bounds worked out when the question waited (`max: "{{stock}}"`): min, max, after, before.
        if wait.labels.count == AskBounds.all.count {
            let b = wait.labels
            if !b[0].isEmpty { rule.min = Double(b[0]) }
            if !b[1].isEmpty { rule.max = Double(b[1]) }
            if !b[2].isEmpty { rule.after = CivilDate.parseISO(b[2]).map(DateBound.date) }
            if !b[3].isEmpty { rule.before = CivilDate.parseISO(b[3]).map(DateBound.date) }
        }
        var value: Value?
        var groups: [(String, Value)] = []
        var reason = "bad_format"
        switch kind {
        case "image", "document", "location":
            // Another kind of message is not one the question accepts (`not_allowed`).
            reason = "not_allowed"
            if m.type == kind { value = Self.withCaption(m.data.isNull ? .text(m.text) : m.data, of: m) }
            // A photo sent as a file (WhatsApp's way to keep its quality) is a photo: a document whose
            // `mime_type` is an image's answers an `image` question.
            if kind == "image", m.type == "document", case .object(let file) = m.data,
               case .text(let mime)? = file["mime_type"], mime.lowercased().hasPrefix("image/") {
                value = Self.withCaption(m.data, of: m)
            }
        case "any":
            // Anything, even empty, saved as the text the checker types it as: a text trimmed, as
            // every answer is; a photo or file as its caption and link, a pin as its place.
            value = .text(Self.anyText(m))
        case _ where Self.mediaKinds.contains(m.type):
            // A photo, file, place or voice note is not an answer to a typed question, caption or not.
            reason = "not_allowed"
        default:
            let today = CivilDate(daysSinceEpoch: engine.today(context.now))
            switch Validator.validate(m.text, rule: rule, locale: engine.locale, today: today) {
            case .success(let validation):
                // A group saved as a number that captured no number makes no answer.
                var why: InvalidReason?
                if let values = engine.groupValues(validation.groups.map { ($0.name, $0.matched ? $0.value : nil) }, now: context.now, reason: &why) {
                    value = Self.value(validation.value)
                    groups = values
                } else {
                    // Why a group's text is not what its variable takes (`11` of `max: 10` is out of range).
                    reason = (why ?? .badFormat).rawValue
                }
            case .failure(let why):
                reason = why.rawValue
            }
        }
        return (value, groups, reason)
    }

    /// The options of a menu that went out, by index: those whose label (`labels` as sent, one per
    /// option) renders to something; all `count` when the labels are not one per option.
    static func shownOptions(_ labels: [String], count: Int) -> [Int] {
        guard labels.count == count else { return Array(0..<count) }
        return labels.indices.filter { !labels[$0].allSatisfy(\.isWhitespace) }
    }

    /// The option of the menu that waits that `m` picks (a tapped id, or the reply matched to the
    /// options sent), nil when none.
    func menuPick(_ wait: ConversationState.Wait, _ m: InboundMessage) -> Int? {
        let spec = bundle.menus[Int(wait.spec)]
        // Only the options sent can be picked (`3` is not an option left out for an empty label).
        let shown = Self.shownOptions(wait.labels, count: spec.ids.count)
        let aligned = wait.labels.count == spec.ids.count
        if let payload = m.payload, let tapped = spec.ids.firstIndex(of: payload), shown.contains(tapped) { return tapped }
        return TextMatch.menuChoice(m.text, ids: shown.map { spec.ids[$0] }, labels: aligned ? shown.map { wait.labels[$0] } : wait.labels,
                                    topic: wait.request, locale: engine.locale).map { shown[$0] }
    }

    mutating func answerMenu(_ wait: ConversationState.Wait, _ m: InboundMessage) {
        let spec = bundle.menus[Int(wait.spec)]
        let shown = Self.shownOptions(wait.labels, count: spec.ids.count)
        let aligned = wait.labels.count == spec.ids.count
        guard let i = menuPick(wait, m) else {
            // The re-ask may not send the menu again: keep matching against what was sent.
            lastMenuLabels = wait.labels
            lastMenuTopic = wait.request
            // A number that is no option's (`5` of 3, `0`, `opción 4`, `la cuarta`) is out of range;
            // anything else not allowed.
            let outOfRange = m.payload == nil && TextMatch.namesMissingPosition(m.text, count: aligned ? shown.count : max(spec.ids.count, wait.labels.count))
            invalidAnswer(spec.question, reason: outOfRange ? "out_of_range" : "not_allowed", menu: true)
            return
        }
        if spec.question.save >= 0 { state.vars[bundle.strings[Int(spec.question.save)]] = .text(spec.ids[i]) }
        state.retriesUsed = 0
        clearWait()
        state.status = .active
        transfer(pc: spec.targets[i], flow: spec.targetFlows[i])
        run()
    }

    mutating func invalidAnswer(_ q: QuestionSpec, reason: String, menu: Bool = false) {
        state.retriesUsed += 1
        let retries = state.retriesUsed
        clearWait()
        state.status = .active
        if retries > Int(q.retries) {
            guard q.onFail >= 0 else { endConversation(); return }
            transfer(pc: q.onFail, flow: q.onFailFlow)
        } else {
            state.retriesUsed = retries
            // A menu's number of no option is out of range, and also not one of its options (an
            // `ask`'s number or date out of its bounds is not: it goes to `default`).
            // A text's length out of its `min`/`max` is out of range too (the contract's example key).
            let fallback = menu && reason == "out_of_range" ? q.invalid["not_allowed"]
                : reason == "too_short" || reason == "too_long" ? q.invalid["out_of_range"] : nil
            let pc = q.invalid[reason] ?? fallback ?? q.invalid["default"] ?? q.questionPC
            setPC(pc)
        }
        run()
    }

    // MARK: control

    mutating func clearWait() {
        state.wait = nil
        state.timerDue = nil
    }

    mutating func endConversation() {
        // The bot's error message failed too, or rendered to nothing: the default one, never silence.
        if failing, messages.count == messagesBeforeFailing {
            send(.text(DefaultTexts.errorMessage(locale: bundle.locale)))
        }
        state.status = .ended
        state.frames = []
        state.wait = nil
        state.timerDue = nil
        state.retriesUsed = 0
    }

    mutating func advance() {
        guard !state.frames.isEmpty else { return }
        state.frames[state.frames.count - 1].pc += 1
    }

    mutating func setPC(_ pc: Int32) {
        guard !state.frames.isEmpty else { return }
        state.frames[state.frames.count - 1].pc = pc
    }

    /// A jump to (pc, flow): inside the flow, or leaving it for another.
    mutating func transfer(pc: Int32, flow: Int32) {
        guard !state.frames.isEmpty else { state.frames = [.init(flow: flow, pc: pc)]; return }
        if flow >= 0 { jump(flow: flow, pc: pc) } else { state.frames[state.frames.count - 1].pc = pc }
        if state.retriesUsed > 0 { state.retriesUsed = 0 }
    }

    /// A jump to another flow leaves the current one (it takes its place on the call stack); a jump
    /// back to a flow that called this one goes back to that flow (its call is over), so "start
    /// over" from a called flow neither repeats the caller's rest nor piles up frames.
    mutating func jump(flow: Int32, pc: Int32) {
        let top = state.frames.count - 1
        if flow != state.frames[top].flow, let caller = state.frames[..<top].lastIndex(where: { $0.flow == flow }) {
            state.frames.removeSubrange((caller + 1)...)
        }
        state.frames[state.frames.count - 1] = .init(flow: flow, pc: pc)
    }

    /// A runtime error: record it, send the bot's error message, end.
    /// `at`: the instruction it points at, when not the one that ran last.
    mutating func fail(_ message: String, at pointed: Int? = nil) {
        // Secrets are never logged or stored (spec §2), and this message goes to both.
        let message = context.masked(message)
        let frame = state.frames.last
        var location = ""
        if let frame {
            let flow = code(frame.flow)
            let pc = max(0, min(pointed ?? Int(frame.pc) - 1, flow.code.count - 1))
            let file = flow.file >= 0 && flow.file < bundle.files.count ? bundle.files[flow.file] : ""
            if pc < flow.lines.count { location = "\(file):\(flow.lines[pc]):\(flow.columns[pc])" }
        }
        // An error while an action's request is built (`json: {m: "{{r.ok * 2}}"}`) is that action's
        // failure: its `on_error` takes it, as it takes a request that failed (flow-format.md §5).
        if !failing, executed <= limit, let frame, let at = effectBuilt(after: Int(frame.pc) - 1, in: frame.flow),
           bundle.effects[Int(code(frame.flow).code[at].a)].onError >= 0 {
            events.append(AnalyticsEvent(name: "error", properties: .object(JSONObject([("message", .text(message)), ("step", .text(state.step))])),
                                         at: context.now))
            stack.removeAll()
            unbuiltRequest = "the request could not be made: \(message)" + (location.isEmpty ? "" : " (\(location))")
            state.frames[state.frames.count - 1].pc = Int32(at)
            return
        }
        if error == nil { error = RuntimeError(message: message, step: state.step, location: location) }
        events.append(AnalyticsEvent(name: "error", properties: .object(JSONObject([("message", .text(message)), ("step", .text(state.step))])),
                                     at: context.now))
        stack.removeAll()
        state.wait = nil
        state.timerDue = nil
        if failing || bundle.errorMessagePC < 0 {
            // (The bot's own error message failed too, `{{body.x + 1}}`: the default one, in endConversation.)
            endConversation()
            return
        }
        failing = true
        messagesBeforeFailing = messages.count
        limit = executed + 10_000
        state.frames = [.init(flow: botFlow, pc: bundle.errorMessagePC)]
    }

    static func value(_ v: ValidatedValue) -> Value {
        switch v {
        case .text(let s): .text(s)
        case .number(let n): .number(n)
        case .bool(let b): .bool(b)
        case .date(let d): .date(d.daysSinceEpoch)
        }
    }
}
