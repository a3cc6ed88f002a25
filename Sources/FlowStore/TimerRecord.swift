/// A named timer of a conversation (a reminder, a timeout). One per (conversation, name).
public struct TimerRecord: Sendable, Equatable {
    /// The conversation the timer belongs to; filled in by the store on commit.
    public var conversationId: Int64
    /// The timer's name, unique within its conversation: setting it again replaces it.
    public var name: String
    /// When it fires, in milliseconds since the Unix epoch.
    public var dueAt: Int64

    /// Creates a timer; `conversationId` is assigned by the store on commit.
    public init(conversationId: Int64 = 0, name: String, dueAt: Int64) {
        self.conversationId = conversationId
        self.name = name
        self.dueAt = dueAt
    }
}
