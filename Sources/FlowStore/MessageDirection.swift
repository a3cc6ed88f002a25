/// Whether a message came from the contact or was sent by the bot.
public enum MessageDirection: String, Sendable, CaseIterable {
    /// From the contact to the bot.
    case inbound
    /// From the bot to the contact.
    case outbound
}
