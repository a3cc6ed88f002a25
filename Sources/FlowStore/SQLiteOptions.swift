/// Tuning of a ``SQLiteConversationStore``. The durability settings (WAL, `synchronous=FULL`) are
/// not options: every committed turn is on disk when ``SQLiteConversationStore/commit(_:)`` returns.
public struct SQLiteOptions: Sendable, Equatable {
    /// How long a statement waits for a lock held by another connection before failing with
    /// ``StoreError/busy(_:)``, in milliseconds.
    public var busyTimeoutMilliseconds: Int
    /// Page cache per connection, in KiB (`PRAGMA cache_size=-N`). Memory stays bounded by
    /// `(readerCount + 1) × cacheSizeKiB` whatever the number of stored conversations.
    public var cacheSizeKiB: Int
    /// Read connections, each on its own thread (at least 1).
    public var readerCount: Int
    /// Most turns the writer groups into one transaction (at least 1).
    public var maxTurnsPerTransaction: Int
    /// Upper bound on the database size in pages (`PRAGMA max_page_count`), `nil` for SQLite's
    /// default. Mostly for tests of the "database full" path.
    public var maxPageCount: Int?
    /// Size the WAL file is truncated to after a checkpoint (`PRAGMA journal_size_limit`), in bytes.
    public var journalSizeLimit: Int

    /// Creates options; the defaults suit a production daemon.
    public init(
        busyTimeoutMilliseconds: Int = 5_000, cacheSizeKiB: Int = 8_192, readerCount: Int = 2,
        maxTurnsPerTransaction: Int = 512, maxPageCount: Int? = nil, journalSizeLimit: Int = 64 << 20
    ) {
        self.busyTimeoutMilliseconds = busyTimeoutMilliseconds
        self.cacheSizeKiB = cacheSizeKiB
        self.readerCount = readerCount
        self.maxTurnsPerTransaction = maxTurnsPerTransaction
        self.maxPageCount = maxPageCount
        self.journalSizeLimit = journalSizeLimit
    }
}
