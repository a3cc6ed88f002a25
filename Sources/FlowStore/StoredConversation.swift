/// A conversation as stored: the VM's opaque state plus the bookkeeping the store needs.
public struct StoredConversation: Sendable, Equatable {
    /// The store's identifier for this conversation (stable for the key's lifetime).
    public var id: Int64
    /// Which bot and which contact.
    public var key: ConversationKey
    /// Increases by one with every committed turn; the first turn creates version 1.
    public var version: Int64
    /// Hash of the compiled bundle the state belongs to.
    public var bundleHash: String
    /// Status after the last turn.
    public var status: ConversationStatus
    /// The VM's serialised state (opaque to the store).
    public var state: [UInt8]
    /// When the last turn was committed, in milliseconds since the Unix epoch.
    public var updatedAt: Int64

    /// Creates a stored conversation value.
    public init(
        id: Int64, key: ConversationKey, version: Int64, bundleHash: String,
        status: ConversationStatus, state: [UInt8], updatedAt: Int64
    ) {
        self.id = id
        self.key = key
        self.version = version
        self.bundleHash = bundleHash
        self.status = status
        self.state = state
        self.updatedAt = updatedAt
    }
}
