import Synchronization

/// Counters the writer thread updates and the store exposes (for tests and metrics).
final class StoreCounters: Sendable {
    /// Transactions committed by the writer (each holds one or more turns).
    let groupCommits = Atomic<Int>(0)
    /// Write jobs (turns and outbox updates) made durable.
    let committedWrites = Atomic<Int>(0)
}
