/// An inbound provider event (a user's message, a button tap) stored before the webhook is
/// acknowledged, so that a crash after the acknowledgement never loses it. Deduplicated by
/// (bot, channel, external id): a redelivered webhook is stored once.
public struct InboxItem: Sendable, Equatable {
    /// The store's identifier (0 before it is stored). Items of one conversation are processed in
    /// increasing id order.
    public var id: Int64
    /// Which bot and which contact the item is for.
    public var bot: String
    public var contact: String
    /// The channel it came in on (the provider's name, e.g. `whatsapp_cloud`).
    public var channel: String
    /// The provider's id of the event (`wamid…`, `MessageSid`, a Telegram `update_id`).
    public var externalId: String
    /// The normalised message, as JSON text.
    public var payload: String
    /// When it was received, in milliseconds since the Unix epoch.
    public var receivedAt: Int64

    /// Creates an item; `id` is assigned by the store.
    public init(id: Int64 = 0, bot: String, contact: String, channel: String, externalId: String, payload: String, receivedAt: Int64) {
        self.id = id
        self.bot = bot
        self.contact = contact
        self.channel = channel
        self.externalId = externalId
        self.payload = payload
        self.receivedAt = receivedAt
    }

    /// The conversation it belongs to.
    public var key: ConversationKey { ConversationKey(bot: bot, contact: contact) }
}

/// The outcome of one attempt to send an outbox item, recorded by
/// ``ConversationStore/recordSend(_:)``.
public struct SendRecord: Sendable, Equatable {
    /// The outbox item.
    public var id: Int64
    /// `pending` (try again at `nextAttemptAt`), `sent` or `dead`.
    public var status: String
    /// Attempts made so far, this one included.
    public var attempts: Int
    /// When to try again (for `pending`).
    public var nextAttemptAt: Int64
    /// The provider's id of the sent message, when it gave one: the message's delivery statuses
    /// refer to it.
    public var providerMessageId: String?
    /// Why the attempt failed (for `pending` and `dead`); never holds a token or a secret.
    public var error: String?
    /// Which of the bot's channels the item goes out on next (fallback moves it on).
    public var channel: Int

    /// Creates a record.
    public init(id: Int64, status: String, attempts: Int, nextAttemptAt: Int64, providerMessageId: String? = nil,
                error: String? = nil, channel: Int = 0) {
        self.id = id
        self.status = status
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.providerMessageId = providerMessageId
        self.error = error
        self.channel = channel
    }
}

/// Delivery statuses of an outbound message, in the only order they may move: a status callback
/// never takes a message back (a late `sent` after `read` is ignored) and `failed` is final.
public enum DeliveryStatus: String, Sendable, CaseIterable {
    case queued, sent, delivered, read, failed

    /// Position in the forward order.
    public var rank: Int {
        switch self {
        case .queued: 0
        case .sent: 1
        case .delivered: 2
        case .read: 3
        case .failed: 4
        }
    }

    /// Whether a message now in `self` may move to `next`.
    public func mayMove(to next: DeliveryStatus) -> Bool {
        self != .failed && self != next && (next == .failed || next.rank > rank)
    }
}
