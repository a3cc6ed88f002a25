// package-benchmark suite: libyaml's bare event parse versus the whole `flowc check` on the
// same generated bot (50 flows, 5,000 steps, ~1 MB), and turns per second of the 5-step bot
// and the shop bot on both conversation stores, and the memory of a 1,000,000-conversation
// SQLite store (issue 3). Run from the repository root:
//
//   swift package --package-path Benchmarks --scratch-path .build-bench benchmark
//   swift package --package-path Benchmarks --scratch-path .build-bench benchmark --filter 'turns.*'
//
// Besides wall clock and allocations, the check benchmarks report `throughput (kB/s)`:
// kilobytes (1,000 bytes) of YAML per second, measured per iteration; the turn benchmarks
// report `turns/s` (10,000 conversations an iteration).

import Benchmark
import BotGenerator
import FlowChecker
import RawYAML
import TurnWorkload

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The generated bot, written once per process to a temporary directory.
final class Fixture: Sendable {
    let directory: String
    let files: [BotGenerator.File]
    let totalBytes: Int

    init() {
        let generator = BotGenerator()
        let (directory, files) = generator.writeToTemporaryDirectory()
        self.directory = directory
        self.files = files
        self.totalBytes = files.reduce(0) { $0 + $1.bytes.count }
        // The bot must be valid, or the checker stops early and the comparison means nothing.
        do {
            let report = try CheckRun.check(paths: [directory])
            precondition(report.diagnostics.isEmpty, "generated bot has \(report.diagnostics.count) diagnostics: \(report.diagnostics.prefix(3))")
        } catch {
            fatalError("generated bot cannot be checked: \(error)")
        }
        for file in files {
            precondition(RawYAML.eventCount(file.bytes) > 0, "libyaml rejects \(file.path)")
        }
    }

    func remove() { BotGenerator().remove(directory, files: files) }
}

let fixture = Fixture()

private func now() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

/// kB (1,000 bytes) per second for `bytes` processed in `nanoseconds`.
private func kilobytesPerSecond(_ bytes: Int, _ nanoseconds: UInt64) -> Int {
    Int(Double(bytes) / Double(max(nanoseconds, 1)) * 1e9 / 1e3)
}

let throughputMetric = BenchmarkMetric.custom("throughput (kB/s)", polarity: .prefersLarger, useScalingFactor: false)

let turnsMetric = BenchmarkMetric.custom("turns/s", polarity: .prefersLarger, useScalingFactor: false)
let bytesPerConversationMetric = BenchmarkMetric.custom("bytes per stored conversation", useScalingFactor: false)
let rssMetrics = [10_000, 100_000, 1_000_000].map { BenchmarkMetric.custom("RSS (MB) at \($0 / 1000)k stored", useScalingFactor: false) }

/// The two bots of the turn benchmarks, compiled once by flowc's own compiler.
let turnScenarios: [Scenario] = {
    do {
        return [try Scenario.fiveStep(), try Scenario.shop()]
    } catch {
        print("cannot compile the turn benchmarks' bots: \(error)")
        return []
    }
}()

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident, throughputMetric],
        warmupIterations: 3,
        maxDuration: .seconds(10),
        maxIterations: 100
    )

    Benchmark("libyaml-events") { benchmark in
        let files = fixture.files
        benchmark.startMeasurement()
        let start = now()
        var events = 0
        for file in files { events += RawYAML.eventCount(file.bytes) }
        let elapsed = now() - start
        benchmark.stopMeasurement()
        blackHole(events)
        benchmark.measurement(throughputMetric, kilobytesPerSecond(fixture.totalBytes, elapsed))
    }

    // ~0.5 s an iteration: give it time for at least 20 samples.
    Benchmark("check", configuration: .init(warmupIterations: 2, maxDuration: .seconds(60), maxIterations: 20)) { benchmark in
        let directory = fixture.directory
        benchmark.startMeasurement()
        let start = now()
        let report = try CheckRun.check(paths: [directory])
        let elapsed = now() - start
        benchmark.stopMeasurement()
        blackHole(report)
        benchmark.measurement(throughputMetric, kilobytesPerSecond(fixture.totalBytes, elapsed))
    }

    Benchmark("empty (harness overhead)") { benchmark in
        blackHole(benchmark)
    }

    // Issue 3: 10,000 conversations an iteration, interleaved 1,000 at a time. In memory: one
    // task (one core). SQLite: a file store (WAL, synchronous=FULL) with 1,000 concurrent
    // conversations sharing group commits; a fresh database every iteration.
    let turnConfiguration = Benchmark.Configuration(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident, turnsMetric],
        warmupIterations: 1, maxDuration: .seconds(60), maxIterations: 10)
    for scenario in turnScenarios {
        for kind in TurnBenchmark.StoreKind.allCases {
            Benchmark("turns \(scenario.name) \(kind)", configuration: turnConfiguration) { benchmark in
                benchmark.startMeasurement()
                let (run, _, _) = try await TurnBenchmark.run(scenario, store: kind)
                benchmark.stopMeasurement()
                if run.failures > 0 { benchmark.error("\(run.failures) failures; first: \(run.firstFailure ?? "?")") }
                benchmark.measurement(turnsMetric, Int(run.turnsPerSecond))
            }
        }
    }

    // RSS of a process whose SQLite store fills up to 1,000,000 conversations (random turns over
    // stored ones at each level), and bytes per stored conversation. One iteration, ~2 minutes.
    Benchmark("turns store memory 1M", configuration: .init(
        metrics: [.wallClock, .peakMemoryResident, bytesPerConversationMetric] + rssMetrics,
        warmupIterations: 0, maxDuration: .seconds(1_800), maxIterations: 1)
    ) { benchmark in
        let path = TurnBenchmark.temporaryDatabase("store-memory")
        TurnBenchmark.removeDatabase(path)
        defer { TurnBenchmark.removeDatabase(path) }
        benchmark.startMeasurement()
        let points = try await StoreMemory.run(path: path, levels: [10_000, 100_000, 1_000_000])
        benchmark.stopMeasurement()
        for (point, metric) in zip(points, rssMetrics) { benchmark.measurement(metric, point.rss / 1_000_000) }
        if let last = points.last {
            benchmark.measurement(bytesPerConversationMetric, (last.databaseBytes + last.walBytes) / last.stored)
            if last.failures > 0 { benchmark.error("\(last.failures) failures; first: \(last.firstFailure ?? "?")") }
        }
    }

    atexit { fixture.remove() }
}
