/// One message of a conversation's history.
public struct MessageRecord: Sendable, Equatable {
    /// Who sent it.
    public var direction: MessageDirection
    /// The provider's message id (WhatsApp `wamid…`), unique across the store when present.
    /// Inbound messages carry it so redeliveries are detected; outbound ones may lack it until sent.
    public var providerMessageId: String?
    /// The message as JSON text.
    public var body: String
    /// `received`, `queued`, `sent`, `delivered`, `read` or `failed`.
    public var status: String
    /// Milliseconds since the Unix epoch.
    public var createdAt: Int64

    /// Creates a message record.
    public init(direction: MessageDirection, providerMessageId: String? = nil, body: String, status: String, createdAt: Int64) {
        self.direction = direction
        self.providerMessageId = providerMessageId
        self.body = body
        self.status = status
        self.createdAt = createdAt
    }
}
