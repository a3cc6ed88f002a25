/// An analytics event recorded by a turn.
public struct EventRecord: Sendable, Equatable {
    /// The event's name.
    public var name: String
    /// Its properties as JSON text.
    public var properties: String
    /// When it happened, in milliseconds since the Unix epoch.
    public var at: Int64

    /// Creates an event.
    public init(name: String, properties: String = "{}", at: Int64) {
        self.name = name
        self.properties = properties
        self.at = at
    }
}
