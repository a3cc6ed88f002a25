/// A timer that is due, with the key of its conversation (what ``ConversationStore/dueTimers(at:limit:)`` returns).
public typealias DueTimer = (key: ConversationKey, timer: TimerRecord)

/// Where conversations live between turns: the VM's state, the message history, the outbox,
/// timers and analytics events. Agnostic of the VM: state is opaque bytes.
///
/// Implementations: ``InMemoryConversationStore`` (tests) and ``SQLiteConversationStore``.
public protocol ConversationStore: Sendable {
    /// The conversation stored for `key`, or `nil` when there is none.
    func load(_ key: ConversationKey) async throws(StoreError) -> StoredConversation?

    /// Applies one turn atomically (state, messages, outbox, timers, events) and returns the new
    /// version. Durable when it returns. Fails with ``StoreError/conflict(expected:actual:)`` when
    /// `expectedVersion` is not the stored version and with ``StoreError/duplicateInbound(_:)``
    /// when the inbound provider message id is already stored; a failed turn writes nothing.
    func commit(_ turn: TurnCommit) async throws(StoreError) -> Int64

    /// The order with this id (of any contact), or nil.
    func order(id: Int64) async throws(StoreError) -> OrderRecord?

    /// A new order id, never handed out before by this store (a turn that fails leaves a gap).
    func newOrderId() async throws(StoreError) -> Int64

    /// Whether an inbound message with this provider id is stored (webhook redelivery check).
    func hasInbound(providerMessageId: String) async throws(StoreError) -> Bool

    /// The last `limit` messages of the conversation, oldest first (newest last).
    func history(_ key: ConversationKey, limit: Int) async throws(StoreError) -> [MessageRecord]

    /// All analytics events of the conversation, in the order they were committed.
    func events(_ key: ConversationKey) async throws(StoreError) -> [EventRecord]

    /// Up to `limit` conversations of `bot` waiting for a person (status `handoff`), the one
    /// waiting longest first (ties by conversation id), each with its latest `handoff` event.
    func handoffs(bot: String, limit: Int) async throws(StoreError) -> [HandoffRecord]

    /// How many conversations wait for a person, by bot (bots with none are absent).
    func handoffCounts() async throws(StoreError) -> [String: Int]

    /// Up to `limit` timers due at `now` (`dueAt <= now`), earliest first (ties by conversation id,
    /// then name). Reading does not remove them: the turn that handles a timer cancels it.
    func dueTimers(at now: Int64, limit: Int) async throws(StoreError) -> [DueTimer]

    /// Up to `limit` outbox items with status `pending` and `nextAttemptAt <= now`, earliest first
    /// (ties by id).
    func pendingOutbox(dueAt now: Int64, limit: Int) async throws(StoreError) -> [OutboxItem]

    /// The items the outbox worker should send now: what ``pendingOutbox(dueAt:limit:)`` returns.
    /// A store shared by several daemons (PostgreSQL) also *claims* them, so that no other daemon
    /// sends them while this one does (the recorded outcome ends the claim). The default is
    /// ``pendingOutbox(dueAt:limit:)``: one process has one worker.
    func claimOutbox(dueAt now: Int64, limit: Int) async throws(StoreError) -> [OutboxItem]

    /// Records the outcome of a send attempt. Durable when it returns; an unknown id fails with
    /// ``StoreError/notFound(_:)``.
    func markOutbox(id: Int64, status: String, attempts: Int, nextAttemptAt: Int64) async throws(StoreError)

    /// How many conversations are stored.
    func conversationCount() async throws(StoreError) -> Int

    /// The bundle hashes that conversations still in flight (not ended) run on: the daemon
    /// keeps those bundles and deletes the others.
    func bundlesInUse() async throws(StoreError) -> Set<String>

    // MARK: The daemon's inbox and outbox

    /// Stores inbound items durably and returns, for each, its new id, or `nil` when an item with
    /// the same (bot, channel, external id) is already stored (a redelivered webhook): that one
    /// is not stored again.
    func enqueueInbox(_ items: [InboxItem]) async throws(StoreError) -> [Int64?]

    /// Up to `limit` inbox items not processed yet, in the order they were stored.
    func pendingInbox(limit: Int) async throws(StoreError) -> [InboxItem]

    /// Whether several daemons share this store (PostgreSQL): the daemon then claims what its
    /// sweep takes up (``claimDueTimers(at:limit:)``, ``claimStaleInbox(now:olderThan:limit:)``).
    var sharedByDaemons: Bool { get }

    /// Due timers for this daemon to fire: ``dueTimers(at:limit:)``, and, on a shared store,
    /// claimed so that no other daemon fires them meanwhile (the turn that fires one cancels it).
    func claimDueTimers(at now: Int64, limit: Int) async throws(StoreError) -> [DueTimer]

    /// Inbox items not processed yet that were stored at least `olderThan` ms before `now` (their
    /// daemon died or their turn keeps failing), claimed on a shared store; in order.
    func claimStaleInbox(now: Int64, olderThan: Int64, limit: Int) async throws(StoreError) -> [InboxItem]

    /// Extends, from `now`, the claims this daemon holds on what it is still working on: inbox
    /// items queued or running, the timers of `timerConversations` it fires, outbox items it is
    /// sending. A turn or a send that takes longer than a claim (slow actions, provider timeouts)
    /// is then not taken up by another daemon's sweep, which would run its actions twice. Claims
    /// end as before when the work's outcome is recorded. One process claims nothing: the default
    /// does nothing.
    func renewClaims(_ claims: HeldClaims, at now: Int64) async throws(StoreError)

    /// Gives up the claims this daemon holds (it is stopping): other daemons take that work up as
    /// soon as their sweep's rules allow, not a minute after the last renewal.
    func releaseClaims(_ claims: HeldClaims) async throws(StoreError)

    /// Keeps a compiled bundle by its hash where every daemon sharing the store finds it (a
    /// conversation another daemon started on a newer bundle goes on here). The default keeps none.
    func saveBundle(hash: String, bytes: [UInt8]) async throws(StoreError)

    /// A bundle kept by ``saveBundle(hash:bytes:)``, or nil.
    func loadBundle(hash: String) async throws(StoreError) -> [UInt8]?

    /// Whether an earlier inbound message of the same conversation is not processed yet, so this
    /// one must wait for it (several daemons share the store and another one has it). One process
    /// orders a conversation's messages itself: the default is `false`.
    func inboxWaits(_ item: InboxItem) async throws(StoreError) -> Bool

    /// Marks an inbox item processed without a turn (an event the bot ignores). Unknown ids fail
    /// with ``StoreError/notFound(_:)``.
    func markInboxProcessed(id: Int64, at now: Int64) async throws(StoreError)

    /// Moves the delivery status of the outbound message the provider knows as `providerMessageId`
    /// forward (see ``DeliveryStatus``). Returns whether it changed: a status that would move it
    /// back, or an unknown id, changes nothing.
    func updateDelivery(providerMessageId: String, status: DeliveryStatus) async throws(StoreError) -> Bool

    /// Records the outcome of a send attempt. A `sent` record with a provider message id also
    /// gives that id to the linked outbound message and marks it sent. Unknown ids fail with
    /// ``StoreError/notFound(_:)``.
    func recordSend(_ record: SendRecord) async throws(StoreError)

    /// Up to `limit` outbox items with this status, newest first (`dead` lists the dead letters).
    func outbox(status: String, limit: Int) async throws(StoreError) -> [OutboxItem]
}

extension ConversationStore {
    public var sharedByDaemons: Bool { false }

    public func claimDueTimers(at now: Int64, limit: Int) async throws(StoreError) -> [DueTimer] {
        try await dueTimers(at: now, limit: limit)
    }

    public func claimStaleInbox(now: Int64, olderThan: Int64, limit: Int) async throws(StoreError) -> [InboxItem] {
        try await pendingInbox(limit: limit).filter { $0.receivedAt <= now - olderThan }
    }

    public func inboxWaits(_ item: InboxItem) async throws(StoreError) -> Bool { false }

    public func renewClaims(_ claims: HeldClaims, at now: Int64) async throws(StoreError) {}

    public func releaseClaims(_ claims: HeldClaims) async throws(StoreError) {}

    public func saveBundle(hash: String, bytes: [UInt8]) async throws(StoreError) {}

    public func loadBundle(hash: String) async throws(StoreError) -> [UInt8]? { nil }

    public func claimOutbox(dueAt now: Int64, limit: Int) async throws(StoreError) -> [OutboxItem] {
        try await pendingOutbox(dueAt: now, limit: limit)
    }
}

/// What a daemon sharing its store is working on (see ``ConversationStore/renewClaims(_:at:)``).
public struct HeldClaims: Sendable, Equatable {
    public var inbox: [Int64]
    public var timerConversations: [ConversationKey]
    public var outbox: [Int64]

    public init(inbox: [Int64] = [], timerConversations: [ConversationKey] = [], outbox: [Int64] = []) {
        self.inbox = inbox
        self.timerConversations = timerConversations
        self.outbox = outbox
    }

    public var isEmpty: Bool { inbox.isEmpty && timerConversations.isEmpty && outbox.isEmpty }
}
