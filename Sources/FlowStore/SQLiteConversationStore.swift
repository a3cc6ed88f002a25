#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// A ``ConversationStore`` in a SQLite database file (the system libsqlite3, WAL,
/// `synchronous=FULL`).
///
/// One writer thread owns the only read-write connection. It takes every commit waiting in its
/// queue and applies them in one transaction, then commits once: each turn is durable when
/// ``commit(_:)`` returns, and concurrent conversations share the fsync (group commit). A turn
/// that fails (conflict, duplicate inbound, full disk…) fails alone: its checks run before it
/// writes, and after a failure in the middle of a turn the others are applied again, each in its
/// own savepoint. Reads run
/// on their own threads, each with a read-only connection. No SQLite call ever runs on Swift's
/// cooperative thread pool: callers are suspended on continuations meanwhile.
///
/// Memory is bounded by the page caches (see ``SQLiteOptions/cacheSizeKiB``), not by the number
/// of stored conversations.
public final class SQLiteConversationStore: ConversationStore {
    /// The database file.
    public let path: String
    private let writes: WorkQueue<WriteJob>
    private let reads: WorkQueue<ReadJob>
    private let counters: StoreCounters
    /// The next order id to hand out, at least.
    private let orderIds = Mutex<Int64?>(nil)
    private let threads: Mutex<(writer: NativeThread?, readers: [NativeThread])>

    /// Opens or creates the store at `path`.
    ///
    /// Checks that the file is a SQLite database and a flowc store (``StoreError/notADatabase(_:)``
    /// otherwise), switches it to WAL with `synchronous=FULL`, sets the busy timeout, a bounded
    /// page cache and foreign keys, and runs the forward schema migrations (a database written by
    /// a newer flowc fails with ``StoreError/schemaTooNew(_:)``).
    public init(path: String, options: SQLiteOptions = .init()) throws(StoreError) {
        self.path = path
        let writerDB = try SQLiteConnection(path: path, readOnly: false, busyTimeout: options.busyTimeoutMilliseconds)
        try Self.configure(writer: writerDB, options)
        try StoreSchema.migrate(writerDB)
        var readerDBs: [SQLiteConnection] = []
        for _ in 0..<max(1, options.readerCount) {
            let db = try SQLiteConnection(path: path, readOnly: true, busyTimeout: options.busyTimeoutMilliseconds)
            try db.execute(script: "PRAGMA cache_size = -\(max(64, options.cacheSizeKiB))", doing: "configuring a read connection")
            readerDBs.append(db)
        }

        let writes = WorkQueue<WriteJob>()
        let reads = WorkQueue<ReadJob>()
        let counters = StoreCounters()
        let writer = Handoff(value: StoreWriter(db: writerDB, counters: counters))
        let batchLimit = max(1, options.maxTurnsPerTransaction)
        let writerThread = try NativeThread(name: "flowc-writer") {
            let writer = writer.value
            while let jobs = writes.takeBatch(limit: batchLimit) { writer.run(jobs) }
            writer.db.close()
        }
        var readerThreads: [NativeThread] = []
        for (number, db) in readerDBs.enumerated() {
            let reader = Handoff(value: StoreReader(db: db))
            do {
                readerThreads.append(try NativeThread(name: "flowc-reader\(number)") {
                    let reader = reader.value
                    while let job = reads.take() { job.run(reader) }
                    reader.db.close()
                })
            } catch {
                reads.close()
                for thread in readerThreads { thread.join() }
                writes.close()
                writerThread.join()
                throw error
            }
        }
        self.writes = writes
        self.reads = reads
        self.counters = counters
        self.threads = Mutex((writer: writerThread, readers: readerThreads))
    }

    /// What `flowc serve --check` learns of the store at `path` without writing to it: false when
    /// the file does not exist yet (serving creates it), true when it is a flowc store this build
    /// can open; otherwise the error opening it would give.
    public static func probe(path: String) throws(StoreError) -> Bool {
        guard access(path, F_OK) == 0 else {
            // Serving creates it, and the folders above it: the nearest one that exists must be a
            // folder it can write in.
            var folder = path
            repeat {
                folder = folder.contains("/") ? String(folder[..<(folder.lastIndex(of: "/") ?? folder.startIndex)]) : "."
                if folder.isEmpty { folder = "/" }
            } while access(folder, F_OK) != 0 && folder != "/" && folder != "."
            var info = stat()
            guard stat(folder, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
                throw StoreError.io("\(path) cannot be created: \(folder) is not a folder")
            }
            guard access(folder, W_OK) == 0 else { throw StoreError.io("\(path) cannot be created: the folder \(folder) cannot be written in") }
            return false
        }
        let db = try SQLiteConnection(path: path, readOnly: true, busyTimeout: 1_000)
        defer { db.close() }
        try StoreSchema.verify(db)
        return true
    }

    private static func configure(writer db: SQLiteConnection, _ options: SQLiteOptions) throws(StoreError) {
        // The first statement that reads the file: a file that is not SQLite fails here.
        let mode = try db.pragma("PRAGMA journal_mode = WAL", doing: "switching to write-ahead logging")
        guard mode?.lowercased() == "wal" else {
            throw .io("\(db.path): cannot use write-ahead logging (journal mode stays '\(mode ?? "unknown")'); put the database on a local file system")
        }
        try db.execute(script: """
            PRAGMA synchronous = FULL;
            PRAGMA foreign_keys = ON;
            PRAGMA temp_store = MEMORY;
            PRAGMA cache_size = -\(max(64, options.cacheSizeKiB));
            PRAGMA journal_size_limit = \(max(0, options.journalSizeLimit));
            """, doing: "configuring the database")
        if let pages = options.maxPageCount {
            _ = try db.pragma("PRAGMA max_page_count = \(max(1, pages))", doing: "limiting the database size")
        }
    }

    deinit {
        close()
    }

    /// Finishes the writes already queued, then stops the threads and closes the database.
    /// Later calls fail with ``StoreError/closed``. Blocks until done; idempotent.
    public func close() {
        let (writer, readers) = threads.withLock { threads in
            defer { threads = (writer: nil, readers: []) }
            return (threads.writer, threads.readers)
        }
        reads.close()
        for reader in readers { reader.join() }
        writes.close()
        writer?.join()
    }

    /// Transactions the writer has committed. With concurrent callers this is lower than the
    /// number of committed turns: that is group commit at work.
    public var groupCommits: Int {
        counters.groupCommits.load(ordering: .relaxed)
    }

    /// Writes (turns and outbox updates) the writer has made durable.
    public var committedWrites: Int {
        counters.committedWrites.load(ordering: .relaxed)
    }

    // MARK: ConversationStore

    /// Loads the conversation for `key`.
    public func load(_ key: ConversationKey) async throws(StoreError) -> StoredConversation? {
        try await read { reader throws(StoreError) in try reader.load(key) }
    }

    /// Applies one turn atomically and returns the new version; durable when it returns.
    /// Cancelling the calling task does not withdraw a turn already handed to the writer.
    public func commit(_ turn: TurnCommit) async throws(StoreError) -> Int64 {
        try await write { writer throws(StoreError) in try writer.apply(turn) }
    }

    public func order(id: Int64) async throws(StoreError) -> OrderRecord? {
        try await read { reader throws(StoreError) in try reader.order(id: id) }
    }

    /// The next id after both the highest stored one (read each time: another process may
    /// have written orders to the file) and the last one this store handed out.
    public func newOrderId() async throws(StoreError) -> Int64 {
        let stored = try await read { reader throws(StoreError) in try reader.maxOrderId() }
        return orderIds.withLock { (next: inout Int64?) -> Int64 in
            let id = max(next ?? 0, stored + 1)
            next = id + 1
            return id
        }
    }

    /// Whether an inbound message with this provider id is stored.
    public func hasInbound(providerMessageId: String) async throws(StoreError) -> Bool {
        try await read { reader throws(StoreError) in try reader.hasInbound(providerMessageId: providerMessageId) }
    }

    /// The last `limit` messages of the conversation, newest last.
    public func history(_ key: ConversationKey, limit: Int) async throws(StoreError) -> [MessageRecord] {
        try await read { reader throws(StoreError) in try reader.history(key, limit: limit) }
    }

    /// All events of the conversation in commit order.
    public func events(_ key: ConversationKey) async throws(StoreError) -> [EventRecord] {
        try await read { reader throws(StoreError) in try reader.events(key) }
    }

    /// Up to `limit` conversations of `bot` in handoff, the one waiting longest first.
    public func handoffs(bot: String, limit: Int) async throws(StoreError) -> [HandoffRecord] {
        try await read { reader throws(StoreError) in try reader.handoffs(bot: bot, limit: limit) }
    }

    /// Conversations in handoff, by bot.
    public func handoffCounts() async throws(StoreError) -> [String: Int] {
        try await read { reader throws(StoreError) in try reader.handoffCounts() }
    }

    /// Up to `limit` due timers, earliest first.
    public func dueTimers(at now: Int64, limit: Int) async throws(StoreError) -> [DueTimer] {
        try await read { reader throws(StoreError) in try reader.dueTimers(at: now, limit: limit) }
    }

    /// Up to `limit` pending outbox items due at `now`, earliest first.
    public func pendingOutbox(dueAt now: Int64, limit: Int) async throws(StoreError) -> [OutboxItem] {
        try await read { reader throws(StoreError) in try reader.pendingOutbox(dueAt: now, limit: limit) }
    }

    /// Records the outcome of a send attempt; durable when it returns.
    public func markOutbox(id: Int64, status: String, attempts: Int, nextAttemptAt: Int64) async throws(StoreError) {
        _ = try await write { writer throws(StoreError) in
            try writer.markOutbox(id: id, status: status, attempts: attempts, nextAttemptAt: nextAttemptAt)
            return 0
        }
    }

    /// How many conversations are stored.
    public func conversationCount() async throws(StoreError) -> Int {
        try await read { reader throws(StoreError) in try reader.conversationCount() }
    }

    /// Bundle hashes of the conversations not ended.
    public func bundlesInUse() async throws(StoreError) -> Set<String> {
        try await read { reader throws(StoreError) in try reader.bundlesInUse() }
    }

    // MARK: Bridging to the store's threads

    func read<T: Sendable>(
        _ body: @escaping @Sendable (StoreReader) throws(StoreError) -> T
    ) async throws(StoreError) -> T {
        let reads = self.reads
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<T, StoreError>, Never>) in
            let job = ReadJob { reader in
                do throws(StoreError) {
                    continuation.resume(returning: .success(try body(reader)))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
            if !reads.submit(job) { continuation.resume(returning: .failure(.closed)) }
        }
        return try result.get()
    }

    func write(
        _ apply: @escaping @Sendable (StoreWriter) throws(StoreError) -> Int64
    ) async throws(StoreError) -> Int64 {
        let writes = self.writes
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<Int64, StoreError>, Never>) in
            let job = WriteJob(apply: apply, complete: { continuation.resume(returning: $0) })
            if !writes.submit(job) { continuation.resume(returning: .failure(.closed)) }
        }
        return try result.get()
    }
}
