/// Where a conversation stands, as decided by the VM at the end of a turn.
public enum ConversationStatus: String, Sendable, CaseIterable {
    /// The bot is running or will run on the next message.
    case active
    /// The bot is waiting for the contact's reply or for a timer.
    case waiting
    /// A human agent has taken over; the bot does not answer.
    case handoff
    /// The conversation is over; the next inbound message starts a new one.
    case ended
}
