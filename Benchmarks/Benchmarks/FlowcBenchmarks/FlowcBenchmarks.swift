// package-benchmark suite: libyaml's bare event parse versus the whole `flowc check` on the
// same generated bot (50 flows, 5,000 steps, ~1 MB). Run from the repository root:
//
//   swift package --package-path Benchmarks --scratch-path .build-bench benchmark
//
// Besides wall clock and allocations, each benchmark reports `throughput (kB/s)`: kilobytes
// (1,000 bytes) of YAML per second, measured per iteration.

import Benchmark
import BotGenerator
import FlowChecker
import RawYAML

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

    atexit { fixture.remove() }
}
