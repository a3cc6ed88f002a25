import FlowRuntime
import FlowStore
import FlowVM

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The process's memory as the SQLite store fills: conversations are seeded (each by a real
/// first turn of the 5-step bot, committed through the store's group commit), then random
/// stored conversations are loaded and take a turn, and the RSS is read at each level.
public enum StoreMemory {
    public struct Point: Sendable {
        /// Conversations stored.
        public var stored: Int
        /// RSS after the random turns at this level, and the process's peak so far, bytes.
        public var rss: Int
        public var peakRSS: Int
        /// Database and WAL file sizes, bytes.
        public var databaseBytes: Int
        public var walBytes: Int
        /// Seeding speed up to this level (turns/s, each a first turn with its commit).
        public var seedTurnsPerSecond: Double
        /// Random turns over stored conversations: each loads the conversation, then takes a turn.
        public var randomTurns: Int
        public var randomTurnsPerSecond: Double
        public var failures: Int
        public var firstFailure: String?
    }

    /// Fills a new store at `path` up to each of `levels` and measures. `seedWindow` concurrent
    /// first turns feed the group commit; `randomWindow` concurrent random turns follow.
    public static func run(path: String, levels: [Int], randomTurns: Int = 20_000, seedWindow: Int = 2_000,
                           randomWindow: Int = 256, progress: (Point) -> Void = { _ in }) async throws -> [Point] {
        let scenario = try Scenario.fiveStep()
        // Bigger groups than the daemon's default cap (512) while seeding: the store still
        // commits whatever is queued, and the caps only bound one transaction.
        let store = try SQLiteConversationStore(path: path, options: SQLiteOptions(maxTurnsPerTransaction: 4_096))
        defer { store.close() }
        var points: [Point] = []
        var stored = 0
        var seedTime: UInt64 = 0
        for level in levels where level > stored {
            let start = Clock.wall()
            let seeded = await TurnRunner.firstTurns(scenario, store: store, range: stored..<level, window: seedWindow)
            seedTime += Clock.wall() - start
            stored = level
            let random = await randomTurnsOver(scenario, store: store, stored: stored, turns: randomTurns, window: randomWindow,
                                                run: level)
            let memory = Clock.residentMemory()
            let point = Point(
                stored: stored, rss: memory.current, peakRSS: memory.peak, databaseBytes: Clock.fileSize(path),
                walBytes: Clock.fileSize(path + "-wal"), seedTurnsPerSecond: Double(stored) / (Double(seedTime) / 1e9),
                randomTurns: randomTurns, randomTurnsPerSecond: Double(randomTurns) / (Double(random.wall) / 1e9),
                failures: seeded.failures + random.failures, firstFailure: seeded.firstFailure ?? random.firstFailure)
            progress(point)
            points.append(point)
        }
        return points
    }

    /// `turns` turns over conversations picked at random among the first `stored`: each loads
    /// its conversation from the store (as a daemon does for a contact it has no host for) and
    /// answers where it stands. Two tasks picking the same conversation at once is a version
    /// conflict, which the store must report: counted apart, not as failures.
    static func randomTurnsOver(_ scenario: Scenario, store: SQLiteConversationStore, stored: Int, turns: Int, window: Int,
                                run: Int) async -> TurnRun {
        await TurnRunner.bounded(turns, window: window, turns: turns) { number in
            let conversation = Int.random(in: 0..<stored)
            let host = scenario.host(conversation, store: store)
            do throws(StoreError) {
                try await host.resume()
                let text = FiveStepBot.next(afterStep: host.state?.step ?? "", ended: host.state?.status != .waiting,
                                            conversation: conversation)
                let out = try await host.receive(InboundMessage(text: text, id: "wamid.r\(run).\(number)"))
                if let error = out.error { return "conversation \(conversation): runtime error \(error)" }
            } catch .conflict {
                return nil
            } catch {
                return "conversation \(conversation): \(error)"
            }
            return nil
        }
    }
}

extension TurnRunner {
    /// The first turn of each conversation in `range`, `window` at a time, through the host and
    /// the store's commit (the seeding path of ``StoreMemory``).
    static func firstTurns(_ scenario: Scenario, store: any ConversationStore, range: Range<Int>, window: Int) async -> TurnRun {
        await bounded(range.count, window: window, turns: range.count) { offset in
            let conversation = range.lowerBound + offset
            let host = scenario.host(conversation, store: store)
            do {
                let out = try await host.receive(scenario.inbound(conversation, turn: 0))
                return check(out, turn: 0, of: scenario).map { "conversation \(conversation): \($0)" }
            } catch {
                return "conversation \(conversation): \(error)"
            }
        }
    }
}
