import FlowStore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The throughput measurements, shared by `flowc-bench turns` and the package-benchmark
/// suite: one run of `conversations` conversations on a fresh store.
public enum TurnBenchmark {
    public enum StoreKind: String, Sendable, CaseIterable {
        /// ``InMemoryConversationStore``, one task (one core), interleaved.
        case memory
        /// ``SQLiteConversationStore`` on a file (WAL, `synchronous=FULL`), `window` concurrent
        /// conversations sharing group commits.
        case sqlite
    }

    /// A fresh database path under /tmp for this process.
    public static func temporaryDatabase(_ tag: String) -> String {
        "/tmp/flowc-bench-\(getpid())-\(tag).sqlite"
    }

    /// Removes a database and its WAL and shared-memory files.
    public static func removeDatabase(_ path: String) {
        for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) }
    }

    /// One run on a fresh store. For SQLite, also the database's size after the store closed
    /// (the WAL is checkpointed into it then) and the transactions it took.
    public static func run(_ scenario: Scenario, store kind: StoreKind, conversations: Int = 10_000, window: Int = 1_000,
                           run: Int = 0) async throws -> (run: TurnRun, databaseBytes: Int, groupCommits: Int) {
        switch kind {
        case .memory:
            let store = InMemoryConversationStore()
            let result = await TurnRunner.interleaved(scenario, store: store, conversations: conversations, window: window, run: run)
            return (result, 0, 0)
        case .sqlite:
            let path = temporaryDatabase("\(scenario.name)-\(run)")
            removeDatabase(path)
            defer { removeDatabase(path) }
            let store = try SQLiteConversationStore(path: path)
            let result = await TurnRunner.concurrent(scenario, store: store, conversations: conversations, window: window, run: run)
            let commits = store.groupCommits
            store.close()
            return (result, Clock.fileSize(path) + Clock.fileSize(path + "-wal"), commits)
        }
    }
}
