/// A message waiting to be sent to the provider (the transactional outbox).
///
/// Items are written in the same transaction as the turn that produced them, so a committed turn
/// never loses its replies and a rolled-back turn never sends any.
public struct OutboxItem: Sendable, Equatable {
    /// The store's identifier; 0 for an item not stored yet.
    public var id: Int64
    /// The conversation the item belongs to; filled in by the store on commit.
    public var conversationId: Int64
    /// Unique across the store. Committing an item whose key is already stored keeps the stored
    /// item and drops the new one (a replayed turn does not send twice).
    public var idempotencyKey: String
    /// What to send, as JSON text.
    public var payload: String
    /// How many sends were attempted.
    public var attempts: Int
    /// Not to be attempted before this time (milliseconds since the Unix epoch).
    public var nextAttemptAt: Int64
    /// `pending`, `sent` or `dead`.
    public var status: String
    /// The index, in its turn's ``TurnCommit/outbound``, of the message this item sends: the store
    /// links them, so that the provider's id and delivery statuses reach the message's history.
    public var messageIndex: Int?
    /// Which of the bot's channels the item goes out on next (0 = the first; fallback moves it on).
    public var channel: Int
    /// The provider's id of the sent message (after a successful send).
    public var providerMessageId: String?
    /// Why the last attempt failed.
    public var lastError: String?

    /// Creates an outbox item; `id` and `conversationId` are assigned by the store on commit.
    public init(
        id: Int64 = 0, conversationId: Int64 = 0, idempotencyKey: String, payload: String,
        attempts: Int = 0, nextAttemptAt: Int64, status: String = "pending", messageIndex: Int? = nil,
        channel: Int = 0, providerMessageId: String? = nil, lastError: String? = nil
    ) {
        self.messageIndex = messageIndex
        self.channel = channel
        self.providerMessageId = providerMessageId
        self.lastError = lastError
        self.id = id
        self.conversationId = conversationId
        self.idempotencyKey = idempotencyKey
        self.payload = payload
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.status = status
    }
}
