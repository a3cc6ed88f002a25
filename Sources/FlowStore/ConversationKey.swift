/// Identifies one conversation: a bot talking to one contact (for WhatsApp, the contact's phone number).
///
/// There is exactly one stored conversation per key. When a conversation ends and a new one
/// starts, the same row is updated in place (its version keeps increasing); the message history
/// of earlier conversations stays.
public struct ConversationKey: Hashable, Sendable {
    /// The bot's identifier.
    public var bot: String
    /// The contact's identifier (a normalised phone number for WhatsApp).
    public var contact: String

    /// Creates a key for `bot` talking to `contact`.
    public init(bot: String, contact: String) {
        self.bot = bot
        self.contact = contact
    }
}
