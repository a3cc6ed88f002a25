/// Everything one turn of a conversation writes, applied atomically by ``ConversationStore/commit(_:)``.
///
/// Order of application: the inbound message, the outbound messages (in order), the outbox items,
/// the cancelled timers, then the set timers (so a timer both cancelled and set in one turn ends up
/// set), then the events.
public struct TurnCommit: Sendable {
    /// Which conversation.
    public var key: ConversationKey
    /// The version the turn was computed from; `nil` when the conversation must not exist yet.
    /// A mismatch fails the turn with ``StoreError/conflict(expected:actual:)``.
    public var expectedVersion: Int64?
    /// Hash of the compiled bundle the new state belongs to.
    public var bundleHash: String
    /// Status after the turn.
    public var status: ConversationStatus
    /// The VM's new serialised state (replaces the stored one).
    public var state: [UInt8]
    /// The turn's time, in milliseconds since the Unix epoch (becomes `updatedAt`).
    public var now: Int64
    /// The message that started the turn, if any. A provider message id that is already stored
    /// fails the whole turn with ``StoreError/duplicateInbound(_:)``.
    public var inbound: MessageRecord?
    /// Messages the bot sent during the turn, in order.
    public var outbound: [MessageRecord]
    /// Sends to perform after the commit; `conversationId` is filled in by the store.
    public var outbox: [OutboxItem]
    /// Timers to set; `conversationId` is filled in by the store. Setting a name again replaces it.
    public var setTimers: [TimerRecord]
    /// Names of the conversation's timers to cancel (unknown names are ignored).
    public var cancelTimers: [String]
    /// Analytics events, in order.
    public var events: [EventRecord]
    /// The inbox item the turn handles (see ``ConversationStore/enqueueInbox(_:)``): the turn marks
    /// it processed, and a turn for an item already processed fails with
    /// ``StoreError/duplicateInbound(_:)`` and writes nothing, so a replay never runs a turn twice.
    public var inboxId: Int64?
    /// Orders the turn placed or changed (`order` steps), stored whole: items replaced, the
    /// contact's customer details updated.
    public var orders: [OrderRecord] = []

    /// Creates a turn; everything besides the conversation itself defaults to nothing.
    public init(
        key: ConversationKey, expectedVersion: Int64?, bundleHash: String, status: ConversationStatus,
        state: [UInt8], now: Int64, inbound: MessageRecord? = nil, outbound: [MessageRecord] = [],
        outbox: [OutboxItem] = [], setTimers: [TimerRecord] = [], cancelTimers: [String] = [],
        events: [EventRecord] = [], inboxId: Int64? = nil
    ) {
        self.inboxId = inboxId
        self.key = key
        self.expectedVersion = expectedVersion
        self.bundleHash = bundleHash
        self.status = status
        self.state = state
        self.now = now
        self.inbound = inbound
        self.outbound = outbound
        self.outbox = outbox
        self.setTimers = setTimers
        self.cancelTimers = cancelTimers
        self.events = events
    }
}
