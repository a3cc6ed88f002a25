import Synchronization

/// A ``ConversationStore`` kept in memory behind a mutex, for tests and tools.
///
/// Same semantics as ``SQLiteConversationStore``: versions, conflicts, duplicate inbound ids,
/// outbox idempotency, timer replacement and ordering. Nothing survives the process.
public final class InMemoryConversationStore: ConversationStore {
    /// A class, so that finding a conversation is a reference, never a copy of its history;
    /// only ever touched under the store's mutex.
    private final class Conversation {
        var stored: StoredConversation
        var messages: [MessageRecord] = []
        var events: [EventRecord] = []
        /// Named timers; a conversation has one or none, so a list beats a dictionary.
        var timers: [(name: String, dueAt: Int64)] = []

        init(stored: StoredConversation) {
            self.stored = stored
            // A turn stores about three messages: room for the first few turns at once.
            messages.reserveCapacity(8)
        }
    }

    private struct State {
        var conversations: [ConversationKey: Conversation] = [:]
        /// Provider message id → direction of the message that carries it.
        var providerIds: [String: MessageDirection] = [:]
        var outbox: [Int64: OutboxItem] = [:]
        var idempotencyKeys: Set<String> = []
        var nextConversationId: Int64 = 1
        var nextOutboxId: Int64 = 1
        /// Outbox id → the message it sends (conversation, index in its history).
        var outboxMessages: [Int64: (key: ConversationKey, index: Int)] = [:]
        /// The inbox in id order, with the ids of processed items and the dedupe keys.
        var inbox: [InboxItem] = []
        var processedInbox: Set<Int64> = []
        var inboxKeys: Set<[String]> = []
        var nextInboxId: Int64 = 1
        var orders: [Int64: OrderRecord] = [:]
        var nextOrderId: Int64 = 1
    }

    private let state = Mutex(State())

    /// Creates an empty store.
    public init() {}

    public func order(id: Int64) async throws(StoreError) -> OrderRecord? {
        state.withLock { $0.orders[id] }
    }

    public func newOrderId() async throws(StoreError) -> Int64 {
        state.withLock { s in
            defer { s.nextOrderId += 1 }
            return s.nextOrderId
        }
    }

    /// Loads the conversation for `key`.
    public func load(_ key: ConversationKey) async throws(StoreError) -> StoredConversation? {
        state.withLock { $0.conversations[key]?.stored }
    }

    /// Applies one turn atomically and returns the new version.
    public func commit(_ turn: TurnCommit) async throws(StoreError) -> Int64 {
        try state.withLock { (s: inout State) throws(StoreError) -> Int64 in
            try Self.apply(turn, to: &s)
        }
    }

    private static func apply(_ turn: TurnCommit, to s: inout State) throws(StoreError) -> Int64 {
        // Validate everything first: nothing is written unless the whole turn applies.
        if let id = turn.inbound?.providerMessageId, s.providerIds[id] != nil {
            throw .duplicateInbound(id)
        }
        // The conversation is looked up once; only its id and version are read out (a copy
        // of the whole conversation kept alive here would make the in-place update below
        // copy its message history every turn).
        let existing = s.conversations[turn.key]
        let actual = existing?.stored.version
        if actual != turn.expectedVersion {
            throw .conflict(expected: turn.expectedVersion, actual: actual)
        }
        if let inboxId = turn.inboxId {
            guard s.inbox.contains(where: { $0.id == inboxId }) else { throw .notFound("inbox item \(inboxId) does not exist in the in-memory store") }
            if s.processedInbox.contains(inboxId) { throw .duplicateInbound("inbox item \(inboxId)") }
        }
        if turn.outbound.contains(where: { $0.providerMessageId != nil }) {
            var newIds: Set<String> = []
            if let id = turn.inbound?.providerMessageId { newIds.insert(id) }
            for message in turn.outbound {
                guard let id = message.providerMessageId else { continue }
                if s.providerIds[id] != nil || !newIds.insert(id).inserted {
                    throw .constraint("outbound provider message id \(id) is already stored; the turn was not applied")
                }
            }
        }

        let id: Int64
        if let existing {
            id = existing.stored.id
        } else {
            id = s.nextConversationId
            s.nextConversationId += 1
        }
        let version = (actual ?? 0) + 1
        if let inbound = turn.inbound, let pid = inbound.providerMessageId { s.providerIds[pid] = inbound.direction }
        for message in turn.outbound {
            if let pid = message.providerMessageId { s.providerIds[pid] = message.direction }
        }
        // Where this turn's outbound messages will sit in the conversation's history.
        let firstOutbound = (existing?.messages.count ?? 0) + (turn.inbound == nil ? 0 : 1)
        for var item in turn.outbox where !s.idempotencyKeys.contains(item.idempotencyKey) {
            item.id = s.nextOutboxId
            item.conversationId = id
            // Not before the conversation's items already waiting: messages go out in order.
            item.nextAttemptAt = s.outbox.values.reduce(item.nextAttemptAt) { latest, other in
                other.conversationId == id && other.status == "pending" ? max(latest, other.nextAttemptAt) : latest
            }
            s.nextOutboxId += 1
            s.idempotencyKeys.insert(item.idempotencyKey)
            s.outbox[item.id] = item
            if let index = item.messageIndex, turn.outbound.indices.contains(index) {
                s.outboxMessages[item.id] = (turn.key, firstOutbound + index)
            }
        }
        if let inboxId = turn.inboxId { s.processedInbox.insert(inboxId) }
        for order in turn.orders { s.orders[order.id] = order }
        if let existing {
            Self.update(existing, with: turn, version: version)
        } else {
            let conversation = Conversation(stored: StoredConversation(
                id: id, key: turn.key, version: 0, bundleHash: "", status: .active, state: [], updatedAt: 0))
            Self.update(conversation, with: turn, version: version)
            s.conversations[turn.key] = conversation
        }
        return version
    }

    /// Writes a validated turn into its conversation, in place.
    private static func update(_ conversation: Conversation, with turn: TurnCommit, version: Int64) {
        conversation.stored.version = version
        conversation.stored.bundleHash = turn.bundleHash
        conversation.stored.status = turn.status
        conversation.stored.state = turn.state
        conversation.stored.updatedAt = turn.now
        if let inbound = turn.inbound { conversation.messages.append(inbound) }
        conversation.messages += turn.outbound
        if !conversation.timers.isEmpty {
            for name in turn.cancelTimers { conversation.timers.removeAll { $0.name == name } }
        }
        for timer in turn.setTimers {
            if let i = conversation.timers.firstIndex(where: { $0.name == timer.name }) {
                conversation.timers[i].dueAt = timer.dueAt
            } else {
                conversation.timers.append((timer.name, timer.dueAt))
            }
        }
        conversation.events += turn.events
    }

    /// Whether an inbound message with this provider id is stored.
    public func hasInbound(providerMessageId: String) async throws(StoreError) -> Bool {
        state.withLock { $0.providerIds[providerMessageId] == .inbound }
    }

    /// The last `limit` messages of the conversation, newest last.
    public func history(_ key: ConversationKey, limit: Int) async throws(StoreError) -> [MessageRecord] {
        guard limit > 0 else { return [] }
        return state.withLock { Array(($0.conversations[key]?.messages ?? []).suffix(limit)) }
    }

    /// All events of the conversation in commit order.
    public func events(_ key: ConversationKey) async throws(StoreError) -> [EventRecord] {
        state.withLock { $0.conversations[key]?.events ?? [] }
    }

    /// Up to `limit` conversations of `bot` in handoff, the one waiting longest first.
    public func handoffs(bot: String, limit: Int) async throws(StoreError) -> [HandoffRecord] {
        guard limit > 0 else { return [] }
        let waiting = state.withLock { s in
            s.conversations.values.filter { $0.stored.key.bot == bot && $0.stored.status == .handoff }.map { conversation in
                let event = conversation.events.last { $0.name == "handoff" }
                return (id: conversation.stored.id,
                        record: HandoffRecord(contact: conversation.stored.key.contact, properties: event?.properties,
                                              since: event?.at ?? conversation.stored.updatedAt))
            }
        }
        return waiting.sorted { ($0.record.since, $0.id) < ($1.record.since, $1.id) }.prefix(limit).map(\.record)
    }

    /// Conversations in handoff, by bot.
    public func handoffCounts() async throws(StoreError) -> [String: Int] {
        state.withLock { s in
            var counts: [String: Int] = [:]
            for conversation in s.conversations.values where conversation.stored.status == .handoff {
                counts[conversation.stored.key.bot, default: 0] += 1
            }
            return counts
        }
    }

    /// Up to `limit` due timers, earliest first.
    public func dueTimers(at now: Int64, limit: Int) async throws(StoreError) -> [DueTimer] {
        guard limit > 0 else { return [] }
        let due = state.withLock { s -> [DueTimer] in
            var due: [DueTimer] = []
            for (key, conversation) in s.conversations {
                for (name, dueAt) in conversation.timers where dueAt <= now {
                    due.append((key: key, timer: TimerRecord(conversationId: conversation.stored.id, name: name, dueAt: dueAt)))
                }
            }
            return due
        }
        return Array(due.sorted { a, b in
            (a.timer.dueAt, a.timer.conversationId) != (b.timer.dueAt, b.timer.conversationId)
                ? (a.timer.dueAt, a.timer.conversationId) < (b.timer.dueAt, b.timer.conversationId)
                : a.timer.name < b.timer.name
        }.prefix(limit))
    }

    /// Up to `limit` pending outbox items due at `now`, earliest first.
    public func pendingOutbox(dueAt now: Int64, limit: Int) async throws(StoreError) -> [OutboxItem] {
        guard limit > 0 else { return [] }
        let items = state.withLock { s in
            s.outbox.values.filter { $0.status == "pending" && $0.nextAttemptAt <= now }
        }
        return Array(items.sorted { ($0.nextAttemptAt, $0.id) < ($1.nextAttemptAt, $1.id) }.prefix(limit))
    }

    /// Records the outcome of a send attempt.
    public func markOutbox(id: Int64, status: String, attempts: Int, nextAttemptAt: Int64) async throws(StoreError) {
        try state.withLock { (s: inout State) throws(StoreError) in
            guard var item = s.outbox[id] else { throw .notFound("outbox item \(id) does not exist in the in-memory store") }
            item.status = status
            item.attempts = attempts
            item.nextAttemptAt = nextAttemptAt
            s.outbox[id] = item
            if status == "pending" { Self.holdBack(&s, after: item, until: nextAttemptAt) }
        }
    }

    /// The conversation's later pending items wait until `time` too (messages go out in order).
    private static func holdBack(_ s: inout State, after item: OutboxItem, until time: Int64) {
        for (otherId, var other) in s.outbox where other.conversationId == item.conversationId && other.status == "pending"
            && otherId > item.id && other.nextAttemptAt < time {
            other.nextAttemptAt = time
            s.outbox[otherId] = other
        }
    }

    /// Bundle hashes of the conversations not ended.
    public func bundlesInUse() async throws(StoreError) -> Set<String> {
        state.withLock { s in Set(s.conversations.values.filter { $0.stored.status != .ended }.map(\.stored.bundleHash)) }
    }

    /// How many conversations are stored.
    public func conversationCount() async throws(StoreError) -> Int {
        state.withLock { $0.conversations.count }
    }

    // MARK: The daemon's inbox and outbox

    /// Stores the items that are new; their ids, nil for duplicates.
    public func enqueueInbox(_ items: [InboxItem]) async throws(StoreError) -> [Int64?] {
        state.withLock { s in
            items.map { item -> Int64? in
                guard s.inboxKeys.insert([item.bot, item.channel, item.externalId]).inserted else { return nil }
                var stored = item
                stored.id = s.nextInboxId
                s.nextInboxId += 1
                s.inbox.append(stored)
                return stored.id
            }
        }
    }

    /// Unprocessed inbox items in the order they were stored.
    public func pendingInbox(limit: Int) async throws(StoreError) -> [InboxItem] {
        guard limit > 0 else { return [] }
        return state.withLock { s in
            let processed = s.processedInbox
            return Array(s.inbox.filter { !processed.contains($0.id) }.prefix(limit))
        }
    }

    /// Marks an inbox item processed without a turn.
    public func markInboxProcessed(id: Int64, at now: Int64) async throws(StoreError) {
        try state.withLock { (s: inout State) throws(StoreError) in
            guard s.inbox.contains(where: { $0.id == id }) else { throw .notFound("inbox item \(id) does not exist in the in-memory store") }
            s.processedInbox.insert(id)
        }
    }

    /// Moves an outbound message's delivery status forward.
    public func updateDelivery(providerMessageId: String, status: DeliveryStatus) async throws(StoreError) -> Bool {
        state.withLock { s in
            for conversation in s.conversations.values {
                guard let index = conversation.messages.firstIndex(where: {
                    $0.providerMessageId == providerMessageId && $0.direction == .outbound
                }) else { continue }
                let current = DeliveryStatus(rawValue: conversation.messages[index].status) ?? .queued
                guard current.mayMove(to: status) else { return false }
                conversation.messages[index].status = status.rawValue
                return true
            }
            return false
        }
    }

    /// Records a send attempt's outcome.
    public func recordSend(_ record: SendRecord) async throws(StoreError) {
        try state.withLock { (s: inout State) throws(StoreError) in
            guard var item = s.outbox[record.id] else { throw .notFound("outbox item \(record.id) does not exist in the in-memory store") }
            item.status = record.status
            item.attempts = record.attempts
            item.nextAttemptAt = record.nextAttemptAt
            item.providerMessageId = record.providerMessageId ?? item.providerMessageId
            item.lastError = record.error
            item.channel = record.channel
            s.outbox[record.id] = item
            if record.status == "pending" { Self.holdBack(&s, after: item, until: record.nextAttemptAt) }
            // A dead letter's message failed: its history says so.
            if record.status == "dead", let link = s.outboxMessages[record.id], let conversation = s.conversations[link.key],
               conversation.messages[link.index].status == DeliveryStatus.queued.rawValue {
                conversation.messages[link.index].status = DeliveryStatus.failed.rawValue
            }
            guard record.status == "sent", let link = s.outboxMessages[record.id], let conversation = s.conversations[link.key] else { return }
            if let pid = record.providerMessageId, s.providerIds[pid] == nil {
                conversation.messages[link.index].providerMessageId = pid
                s.providerIds[pid] = .outbound
            }
            if conversation.messages[link.index].status == DeliveryStatus.queued.rawValue {
                conversation.messages[link.index].status = DeliveryStatus.sent.rawValue
            }
        }
    }

    /// Outbox items with this status, newest first.
    public func outbox(status: String, limit: Int) async throws(StoreError) -> [OutboxItem] {
        guard limit > 0 else { return [] }
        return state.withLock { s in Array(s.outbox.values.filter { $0.status == status }.sorted { $0.id > $1.id }.prefix(limit)) }
    }
}
