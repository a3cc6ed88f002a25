/// A conversation waiting for a person (what ``ConversationStore/handoffs(bot:limit:)`` lists).
public struct HandoffRecord: Sendable, Equatable {
    /// The contact the conversation is with.
    public var contact: String
    /// The properties of the `handoff` event that parked it, as JSON text (`{"queue": …}`); nil
    /// when no such event is stored.
    public var properties: String?
    /// Since when it waits: the handoff event's time, else the conversation's last commit (ms).
    public var since: Int64

    public init(contact: String, properties: String?, since: Int64) {
        self.contact = contact
        self.properties = properties
        self.since = since
    }
}
