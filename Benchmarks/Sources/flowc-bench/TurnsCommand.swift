import TurnWorkload

/// `flowc-bench turns …`: turns per second of the 5-step bot and the shop bot on both stores,
/// and the memory of a process whose SQLite store holds up to 1,000,000 conversations.
///
///   flowc-bench turns [RUNS]                 everything but store-memory (RUNS runs each, default 3)
///   flowc-bench turns memory|sqlite [5-step|shop] [RUNS]
///   flowc-bench turns store-memory [MAX]     RSS at 10k, 100k, 1M (up to MAX) stored conversations
///   flowc-bench turns once memory|sqlite 5-step|shop
///                                            one run, for callgrind or perf
enum TurnsCommand {
    static func run(_ arguments: [String]) async -> Int32 {
        do {
            switch arguments.first {
            case "store-memory":
                let max = arguments.count >= 2 ? Int(arguments[1]) ?? 1_000_000 : 1_000_000
                try await storeMemory(limit: max)
            case "once":
                guard arguments.count >= 3, let kind = TurnBenchmark.StoreKind(rawValue: arguments[1]) else { return usage() }
                let scenario = arguments[2] == "shop" ? try Scenario.shop() : try Scenario.fiveStep()
                let result = try await TurnBenchmark.run(scenario, store: kind)
                print("\(scenario.name) \(kind): \(result.run.turns) turns, \(Goals.format(result.run.turnsPerSecond)) turns/s, "
                    + "\(result.run.failures) failures")
            case "memory", "sqlite":
                guard let kind = TurnBenchmark.StoreKind(rawValue: arguments[0]) else { return usage() }
                let names = arguments.count >= 2 && Int(arguments[1]) == nil ? [arguments[1]] : ["5-step", "shop"]
                let runs = arguments.last.flatMap { Int($0) } ?? 3
                for name in names {
                    guard name == "5-step" || name == "shop" else { return usage() }
                    try await throughput(name == "shop" ? try Scenario.shop() : try Scenario.fiveStep(), kind, runs: runs)
                }
            case nil:
                try await all(runs: 3)
            case let first?:
                guard let runs = Int(first) else { return usage() }
                try await all(runs: runs)
            }
            return 0
        } catch {
            print("error: \(error)")
            return 1
        }
    }

    static func usage() -> Int32 {
        print("""
            usage: flowc-bench turns [RUNS]
                   flowc-bench turns memory|sqlite [5-step|shop] [RUNS]
                   flowc-bench turns store-memory [MAX]
                   flowc-bench turns once memory|sqlite 5-step|shop
            """)
        return 2
    }

    static func all(runs: Int) async throws {
        let five = try Scenario.fiveStep(), shop = try Scenario.shop()
        for kind in TurnBenchmark.StoreKind.allCases {
            try await throughput(five, kind, runs: runs)
            try await throughput(shop, kind, runs: runs)
        }
    }

    static func throughput(_ scenario: Scenario, _ kind: TurnBenchmark.StoreKind, runs: Int) async throws {
        let how = kind == .memory
            ? "in-memory store, one task (one core), interleaved"
            : "SQLite file store (WAL, synchronous=FULL), 1,000 concurrent conversations sharing group commits"
        print("\(scenario.name) bot, \(how): 10,000 conversations × \(scenario.turns) turns, 1,000 at a time")
        var rates: [Double] = []
        for number in 0..<max(1, runs) {
            let reference = Clock.referenceMilliseconds()
            let before = Clock.residentMemory().current
            let (result, bytes, commits) = try await TurnBenchmark.run(scenario, store: kind, run: number)
            let after = Clock.residentMemory().current
            var line = "  run \(number + 1): \(Goals.format(Double(result.turns))) turns in \(Goals.format(Double(result.wall) / 1e6)) ms"
                + " -> \(Goals.format(result.turnsPerSecond)) turns/s (per CPU second: \(Goals.format(result.turnsPerCPUSecond)))"
                + " [reference work \(Goals.format(reference, digits: 1)) ms]"
            if kind == .sqlite {
                line += "; \(Goals.format(Double(commits))) transactions (\(Goals.format(Double(result.turns) / Double(max(commits, 1)), digits: 1)) turns each)"
                    + "; \(Goals.format(Double(bytes) / Double(result.conversations))) bytes per stored conversation"
            } else if number == 0 {
                line += "; RSS grew \(Goals.format(Double(after - before) / Double(result.conversations))) bytes per stored conversation"
            }
            print(line)
            if result.failures > 0 {
                print("  FAILED: \(result.failures) conversations or turns went wrong; first: \(result.firstFailure ?? "?")")
            }
            rates.append(result.turnsPerSecond)
        }
        let sorted = rates.sorted()
        let median = sorted[sorted.count / 2]
        let goal = kind == .memory ? Goals.inMemoryTurnsPerSecond : Goals.sqliteTurnsPerSecond
        let anchors = kind == .memory ? Goals.inMemoryAnchors : Goals.sqliteAnchors
        print("  median \(Goals.format(median)) turns/s, best \(Goals.format(sorted.last ?? 0)): "
            + Goals.ratios(median, goal: goal, anchors: anchors))
    }

    static func storeMemory(limit: Int) async throws {
        let path = TurnBenchmark.temporaryDatabase("store-memory")
        TurnBenchmark.removeDatabase(path)
        defer { TurnBenchmark.removeDatabase(path) }
        let levels = [10_000, 100_000, 1_000_000].filter { $0 <= limit } + ([10_000, 100_000, 1_000_000].contains(limit) ? [] : [limit])
        print("SQLite store (WAL, synchronous=FULL) filled with 5-step conversations (each a real first turn), then 20,000 turns"
            + " over random stored ones (load + turn, 256 at a time); RSS of this process:")
        let start = Clock.residentMemory().current
        print("  before: RSS \(Goals.mebibytes(start))")
        let points = try await StoreMemory.run(path: path, levels: levels.sorted()) { p in
            print("  \(Goals.format(Double(p.stored))) stored: RSS \(Goals.mebibytes(p.rss)) (peak \(Goals.mebibytes(p.peakRSS)));"
                + " database \(Goals.mebibytes(p.databaseBytes)) + WAL \(Goals.mebibytes(p.walBytes))"
                + " = \(Goals.format(Double(p.databaseBytes + p.walBytes) / Double(p.stored))) bytes per conversation;"
                + " seeded at \(Goals.format(p.seedTurnsPerSecond)) turns/s; random turns \(Goals.format(p.randomTurnsPerSecond)) turns/s"
                + (p.failures > 0 ? "; FAILED \(p.failures): \(p.firstFailure ?? "?")" : ""))
        }
        if let first = points.first, let last = points.last, points.count > 1 {
            print("  RSS from \(Goals.format(Double(first.stored))) to \(Goals.format(Double(last.stored))) stored: "
                + "\(Goals.mebibytes(first.rss)) -> \(Goals.mebibytes(last.rss))"
                + " (\(Goals.format(Double(last.rss) / Double(max(first.rss, 1)), digits: 2))×, stored ×\(last.stored / first.stored))")
        }
    }
}
