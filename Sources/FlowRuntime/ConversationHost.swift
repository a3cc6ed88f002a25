import FlowBytecode
import FlowStore
import FlowVM

/// What one user action produced.
public struct TurnOutput: Sendable {
    /// The bot's messages, in order.
    public var messages: [OutboundMessage]
    /// Where the conversation stands now.
    public var status: ConversationState.Status
    /// `FLOW.STEP` it is at.
    public var step: String
    /// A runtime error, when the turn hit one.
    public var error: RuntimeError?
    /// Effects performed (HTTP requests and such), in order.
    public var effects: [EffectRequest]
    /// Analytics events recorded.
    public var events: [AnalyticsEvent]
    /// False when the input was ignored (e.g. during a handoff).
    public var handled: Bool
    /// Steps entered (`FLOW.STEP`), for coverage.
    public var visited: [String] = []
    /// Actions that failed (`failed: why`) or HTTP requests answered with an error status
    /// (`answered 503`): for `flowc chat` to show beside the conversation.
    public var failedEffects: [(kind: String, error: String, step: String)] = []
    /// The conversation was going on with a bundle that is no longer at hand (its `.flowb` gone),
    /// so this turn started a new one on the current bundle.
    public var startedOver = false

    /// This output, then `next`'s: where the conversation stands and whether input was handled come from `next`.
    func followed(by next: TurnOutput) -> TurnOutput {
        TurnOutput(messages: messages + next.messages, status: next.status, step: next.step, error: error ?? next.error,
                   effects: effects + next.effects, events: events + next.events, handled: next.handled, visited: visited + next.visited,
                   failedEffects: failedEffects + next.failedEffects, startedOver: startedOver || next.startedOver)
    }
}

/// Drives one conversation: runs the engine, performs effects, fires timers on a clock,
/// and persists every turn in one store transaction.
public final class ConversationHost {
    /// Engines by bundle hash: a conversation stays on the bundle it started on.
    let engines: (String) -> Engine?
    /// The engine new conversations start on.
    public let engine: Engine
    public let key: ConversationKey
    public var contact: Contact
    public var env: [String: String]
    public var secrets: [String: String]
    /// The host's clock, ms since the epoch.
    public var clock: Int64
    public private(set) var state: ConversationState?
    public internal(set) var version: Int64?
    let store: (any ConversationStore)?
    let performer: any EffectPerformer

    /// Creates a host; `engines` finds older bundles by hash (for resumed conversations).
    public init(engine: Engine, key: ConversationKey, contact: Contact, env: [String: String] = [:], secrets: [String: String] = [:],
                store: (any ConversationStore)? = nil, performer: any EffectPerformer = RecordingPerformer(), clock: Int64,
                engines: @escaping (String) -> Engine? = { _ in nil }) {
        self.engine = engine
        self.key = key
        self.contact = contact
        self.env = env
        self.secrets = secrets
        self.store = store
        self.performer = performer
        self.clock = clock
        self.engines = engines
    }

    /// Loads the conversation from the store, if there is one.
    public func resume() async throws(StoreError) {
        guard let store, let stored = try await store.load(key) else { return }
        version = stored.version
        do {
            state = try ConversationState.decode(stored.state)
        } catch {
            throw StoreError.corrupt("conversation \(key.bot)/\(key.contact): \(error)")
        }
    }

    /// Called with each turn's commit just before it is written, with the bot's messages of the
    /// turn: the daemon adds the outbox items and the inbox id here, so they commit atomically
    /// with the conversation.
    public var prepareCommit: ((inout TurnCommit, [OutboundMessage]) -> Void)?
    /// Orders placed without a store (`flowc test`, `flowc chat` without `--db`): kept as long as the host.
    let localOrders = LocalOrders()

    /// Variables a conversation starts with (`--var`, a test's `vars`).
    public var seed: [String: Value] = [:]
    /// What the stored id of an inbound message starts with (the daemon's `bot:channel:`), so that
    /// ids of different bots and channels never collide; flows see the provider's id alone.
    public var messageIdScope = ""
    /// A flow that the first conversation enters whatever the triggers say (a test's `flow:`);
    /// once it has started, later conversations start as the bot's do (triggers, else `start`).
    public var startFlow: Int?
    /// Messages received without a provider id (see `receive`).
    var localMessages = 0

    /// Forgets the conversation (`/restart`): the next message starts a new one, also after a restart
    /// of the host (the ended state is committed, and its timer cancelled, in one transaction).
    public func resetConversation() async throws(StoreError) {
        guard var s = state else { return }
        s.status = .ended
        s.frames = []
        s.wait = nil
        s.timerDue = nil
        try await persist(s, inbound: nil, outbound: [], events: [])
        state = s
    }

    var context: TurnContext {
        var known = contact
        // A turn no message starts (a timeout, a release) has the name the conversation last heard.
        if known.name.isEmpty, let name = state?.contactName { known.name = name }
        return TurnContext(contact: known, env: env, secrets: secrets, now: clock)
    }

    /// A user message. A wait whose timer fell due before it times out first (its output comes
    /// first): the message then answers whatever the conversation waits for after the timeout.
    public func receive(_ message: InboundMessage) async throws(StoreError) -> TurnOutput {
        var message = message
        if message.id.isEmpty {
            // `flowc chat` and `flowc test` have no provider to name the message: `message.id`
            // still gets one, numbered per host, and unique on a store many hosts and runs share.
            localMessages += 1
            message.id = "local-\(localMessages)-" + String(UInt64.random(in: .min ... .max) | 1 << 63, radix: 16)
        }
        let overdue = try await fireDueTimers()
        var output = try await turn(.message(message), state: state, inbound: message)
        if let overdue { output = overdue.followed(by: output) }
        return output
    }

    /// Moves the clock forward and fires the wait's timer if it is due.
    /// Every timer that falls due within the wait fires at its own time, in order: a timeout
    /// that leads to another question starts that question's timer then, not at the end of
    /// the wait (`wait: 1h` over a 10-minute and then a 5-minute timeout fires both).
    public func advance(by milliseconds: Int64) async throws(StoreError) -> TurnOutput {
        let (sum, overflow) = clock.addingReportingOverflow(max(0, milliseconds))
        let target = overflow ? Int64.max : sum
        var output: TurnOutput?
        // Each firing moves the conversation on (a reminder every minute fires 180 times in 3 h);
        // the bounds only guard against a timer that stays due at the same time, or without end.
        var lastDue = Int64.min
        var stuck = 0
        for _ in 0..<10_000 {
            guard let s = state, let due = s.timerDue, due <= target else { break }
            if due <= lastDue { stuck += 1 } else { stuck = 0 }
            if stuck > 100 { break }
            lastDue = due
            clock = max(clock, due)
            let fired = try await turn(.timeout(serial: s.waitSerial), state: s, inbound: nil)
            output = output.map { $0.followed(by: fired) } ?? fired
        }
        clock = target
        return output
            ?? TurnOutput(messages: [], status: state?.status ?? .ended, step: state?.step ?? "", error: nil, effects: [], events: [], handled: false)
    }

    /// Fires the wait's timer while it is due (a timeout can lead to another wait), in order; nil when none was.
    public func fireDueTimers() async throws(StoreError) -> TurnOutput? {
        var output: TurnOutput?
        // Each firing moves the conversation on; the bound only guards against a timer that stays due.
        for _ in 0..<100 {
            guard let s = state, let due = s.timerDue, due <= clock else { break }
            let fired = try await turn(.timeout(serial: s.waitSerial), state: s, inbound: nil)
            output = output.map { $0.followed(by: fired) } ?? fired
        }
        return output
    }

    /// A person released the handoff.
    public func release() async throws(StoreError) -> TurnOutput {
        try await turn(.released, state: state, inbound: nil)
    }

    func turn(_ event: InboundEvent, state before: ConversationState?, inbound: InboundMessage?) async throws(StoreError) -> TurnOutput {
        var before = before
        var engine = self.engine
        var startedOver = false
        // The contact's name outlives a start-over (their next message may not carry it).
        let knownName = before?.contactName ?? ""
        if let s = before, s.status != .ended, s.bundleHash != self.engine.hash {
            // Stay on the bundle the conversation started on; without it, start over on the new one.
            if let old = engines(s.bundleHash) { engine = old } else { before = nil; startedOver = true }
        }
        var result = engine.handle(event, state: before, context: context, seed: seed, startFlow: engine === self.engine ? startFlow : nil)
        if case .message = event, before == nil || before?.status == .ended { startFlow = nil }
        var visited = result.visited
        var messages = result.messages
        var events = result.events
        var performed: [EffectRequest] = []
        var failed: [(kind: String, error: String, step: String)] = []
        var error = result.error
        var guardCount = 0
        var books = orderBooks()
        while let request = result.effects.first, guardCount < 1000 {
            guardCount += 1
            let answer: EffectResult
            if let refused = request.refused {
                // Not made: a value in it failed (the flow's `on_error` takes it).
                answer = EffectResult(request: request.id, ok: false, error: refused)
            } else if request.kind == "order" {
                switch await OrderDesk.apply(request, bot: key.bot, contact: contact, now: clock, locale: engine.locale, books: &books) {
                case .success(let order): answer = EffectResult(request: request.id, ok: true, body: OrderDesk.value(order))
                case .failure(let refusal): answer = EffectResult(request: request.id, ok: false, error: refusal.reason, at: refusal.path)
                }
            } else {
                answer = await performer.perform(request, context: context)
            }
            if request.refused == nil { performed.append(request) }
            if !answer.ok {
                failed.append((request.kind, "failed: " + (answer.error.isEmpty ? "status \(answer.status)" : answer.error), result.state.step))
            } else if request.kind == "http", answer.status >= 400, !Self.savesStatus(result.state, engine) {
                failed.append((request.kind, "answered \(answer.status)", result.state.step))
            } else if request.kind == "http", answer.notJSON, answer.status < 400, Self.savesBody(result.state, engine) {
                failed.append((request.kind, "answered \(answer.status) with a body that is not JSON", result.state.step))
            }
            result = engine.handle(.effect(answer), state: result.state, context: context, message: inbound)
            messages += result.messages
            events += result.events
            visited += result.visited
            if error == nil { error = result.error }
        }
        let orders = books.pending.values.sorted { $0.id < $1.id }
        result.state.contactName = contact.name.isEmpty ? knownName : contact.name
        try await persist(result.state, inbound: inbound, outbound: messages, events: events, orders: orders)
        if store == nil { for order in orders { localOrders.orders[order.id] = order } }
        state = result.state
        return TurnOutput(messages: messages, status: result.state.status, step: result.state.step, error: error,
                          effects: performed, events: events, handled: result.handled, visited: visited, failedEffects: failed,
                          startedOver: startedOver)
    }

    /// The one timer a conversation has, as the store's list of timers to cancel (one shared array).
    private static let waitTimer = ["wait"]

    /// Where `order` steps read orders: the store, or this host's own list without one.
    private func orderBooks() -> OrderDesk.Books {
        if let store {
            return OrderDesk.Books(order: { id throws(StoreError) in try await store.order(id: id) },
                                   newId: { () throws(StoreError) in try await store.newOrderId() })
        }
        let local = localOrders
        return OrderDesk.Books(order: { id in local.orders[id] },
                               newId: {
                                   defer { local.next += 1 }
                                   return local.next
                               })
    }

    /// Whether the step waiting on an HTTP answer saves its status (`save_status`): then a 4xx or
    /// 5xx is an answer the flow reads, not a failure.
    static func savesStatus(_ state: ConversationState, _ engine: Engine) -> Bool {
        (awaitedEffect(state, engine)?.saveStatus ?? -1) >= 0
    }

    /// Whether the step the conversation waits on saves the body (one that is not JSON then fails it).
    static func savesBody(_ state: ConversationState, _ engine: Engine) -> Bool {
        (awaitedEffect(state, engine)?.save ?? -1) >= 0
    }

    static func awaitedEffect(_ state: ConversationState, _ engine: Engine) -> EffectSpec? {
        guard let wait = state.wait, wait.kind == .effect, wait.spec >= 0, Int(wait.spec) < engine.bundle.effects.count else { return nil }
        return engine.bundle.effects[Int(wait.spec)]
    }

    func persist(_ s: ConversationState, inbound: InboundMessage?, outbound: [OutboundMessage], events: [AnalyticsEvent],
                 orders: [OrderRecord] = []) async throws(StoreError) {
        guard let store else { return }
        let status: ConversationStatus = switch s.status {
        case .active: .active
        case .waiting: .waiting
        case .handoff: .handoff
        case .ended: .ended
        }
        var commit = TurnCommit(key: key, expectedVersion: version, bundleHash: s.bundleHash, status: status, state: s.encode(), now: clock)
        // Message bodies are JSON written straight as bytes into one reused buffer: this runs
        // for every message of every turn.
        var json: [UInt8] = []
        json.reserveCapacity(512)
        if let inbound {
            json.append(contentsOf: #"{"text":"#.utf8)
            Value.quote(inbound.text, into: &json)
            json.append(contentsOf: #","type":"#.utf8)
            Value.quote(inbound.type, into: &json)
            json.append(0x7D)
            commit.inbound = MessageRecord(direction: .inbound, providerMessageId: inbound.id.isEmpty ? nil : messageIdScope + inbound.id,
                                           body: String(decoding: json, as: UTF8.self), status: "received", createdAt: clock)
        }
        // Each outbound body is `{"text":…,"options":[…],"attachments":…}`, options (as
        // `MenuOption.value`) and attachments only when present.
        commit.outbound.reserveCapacity(outbound.count)
        for m in outbound {
            json.removeAll(keepingCapacity: true)
            json.append(contentsOf: #"{"text":"#.utf8)
            Value.quote(m.text, into: &json)
            if let options = m.options {
                json.append(contentsOf: #","options":["#.utf8)
                for (i, option) in options.enumerated() {
                    if i > 0 { json.append(0x2C) }
                    option.value.writeJSON(into: &json)
                }
                json.append(0x5D)
            }
            if !m.attachments.isNull {
                json.append(contentsOf: #","attachments":"#.utf8)
                m.attachments.writeJSON(into: &json)
            }
            json.append(0x7D)
            commit.outbound.append(MessageRecord(direction: .outbound, providerMessageId: nil, body: String(decoding: json, as: UTF8.self),
                                                 status: "sent", createdAt: clock))
        }
        commit.events = events.map { EventRecord(name: $0.name, properties: $0.properties.json, at: $0.at) }
        commit.orders = orders
        if let due = s.timerDue {
            commit.setTimers = [TimerRecord(conversationId: 0, name: "wait", dueAt: due)]
        } else {
            commit.cancelTimers = Self.waitTimer
        }
        prepareCommit?(&commit, outbound)
        version = try await store.commit(commit)
    }
}

/// A host's orders when it has no store.
final class LocalOrders {
    var orders: [Int64: OrderRecord] = [:]
    var next: Int64 = 1
}
