/// Why a store operation failed. Every case's ``description`` says what happened, where (the
/// database file) and what to do about it. A failed ``ConversationStore/commit(_:)`` wrote nothing.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Optimistic concurrency: the conversation's stored version (`actual`, `nil` when it does not
    /// exist) is not the one the turn was computed from (`expected`, `nil` for "must not exist").
    /// Reload the conversation and run the turn again.
    case conflict(expected: Int64?, actual: Int64?)
    /// The inbound message's provider id is already stored: the message was processed before and
    /// the turn was not applied. Drop the redelivery.
    case duplicateInbound(String)
    /// The database is locked by another connection and stayed locked for the whole busy timeout.
    case busy(String)
    /// The disk is full or the database reached its `max_page_count`; nothing was written.
    case full(String)
    /// The file is not a SQLite database, or is a SQLite database that is not a flowc store.
    case notADatabase(String)
    /// The database file is damaged.
    case corrupt(String)
    /// Another I/O or SQLite failure (cannot open, read-only, permissions, out of memory…).
    case io(String)
    /// The database was written by a newer flowc: its schema version is this number.
    case schemaTooNew(Int)
    /// The store was closed.
    case closed
    /// The turn broke a uniqueness rule other than the inbound one (an outbound provider message
    /// id that is already stored); nothing was written.
    case constraint(String)
    /// The turn is for an inbound message while an earlier one of the same conversation is not
    /// processed yet (several daemons share the store, and another one runs it): nothing was
    /// written; run the turn again after that one.
    case notInOrder(String)
    /// The record to update does not exist (``ConversationStore/markOutbox(id:status:attempts:nextAttemptAt:)``
    /// with an unknown id).
    case notFound(String)

    /// What happened, where, and what to do.
    public var description: String {
        switch self {
        case let .conflict(expected, actual):
            let e = expected.map { "version \($0)" } ?? "no conversation yet"
            let a = actual.map { "version \($0)" } ?? "no conversation"
            return "conflict: the turn expected \(e) but the store has \(a); reload the conversation and run the turn again"
        case let .duplicateInbound(id):
            return "duplicate inbound message \(id): it is already stored, the turn was not applied; drop the redelivery"
        case let .busy(message):
            return "database busy: \(message)"
        case let .full(message):
            return "database full: \(message)"
        case let .notADatabase(message):
            return "not a flowc database: \(message)"
        case let .corrupt(message):
            return "database corrupt: \(message)"
        case let .io(message):
            return "database I/O error: \(message)"
        case let .schemaTooNew(version):
            return "the database has schema version \(version), newer than this flowc supports (\(StoreSchema.latestVersion)); run a newer flowc or restore an older backup"
        case .closed:
            return "the conversation store is closed; open it again"
        case let .constraint(message):
            return "constraint violated: \(message)"
        case let .notInOrder(message):
            return "not in order: \(message)"
        case let .notFound(message):
            return "not found: \(message)"
        }
    }
}
