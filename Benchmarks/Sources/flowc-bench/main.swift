// flowc-bench: the package-benchmark suite's two measurements without the harness.
//
//   flowc-bench [RUNS]          median of RUNS (default 15) runs of each: MB/s and the ratio
//   flowc-bench generate DIR    write the generated bot to DIR (for hyperfine, callgrind)
//   flowc-bench once raw|check DIR
//                               one libyaml event pass over DIR's files, or one CheckRun.check
//                               of DIR (for valgrind --tool=callgrind instruction counts)
//   flowc-bench turns ...       turns per second and store memory (see TurnsCommand.swift)
//
// MB here is 10^6 bytes.

import BotGenerator
import FlowChecker
import RawYAML

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

func now(_ clock: clockid_t = CLOCK_MONOTONIC) -> UInt64 {
    var ts = timespec()
    clock_gettime(clock, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

func median(_ values: [UInt64]) -> UInt64 {
    let sorted = values.sorted()
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

struct Timing {
    /// Median wall-clock time (CLOCK_MONOTONIC), ns.
    var wall: UInt64
    /// Fastest wall-clock run, ns.
    var fastest: UInt64
    /// Median CPU time of the process (CLOCK_PROCESS_CPUTIME_ID), ns: less disturbed than
    /// wall time when other processes share the cores.
    var cpu: UInt64
}

func measure(runs: Int, warmup: Int = 2, _ body: () -> Int) -> Timing {
    var sink = 0
    for _ in 0..<warmup { sink &+= body() }
    var walls: [UInt64] = []
    var cpus: [UInt64] = []
    for _ in 0..<runs {
        let cpu = now(CLOCK_PROCESS_CPUTIME_ID)
        let start = now()
        sink &+= body()
        walls.append(now() - start)
        cpus.append(now(CLOCK_PROCESS_CPUTIME_ID) - cpu)
    }
    if sink == Int.min { print(sink) }
    return Timing(wall: median(walls), fastest: walls.min() ?? 0, cpu: median(cpus))
}

func format(_ value: Double, _ digits: Int = 1) -> String {
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let rounded = (value * scale).rounded() / scale
    return "\(rounded)"
}

let arguments = CommandLine.arguments
let generator = BotGenerator()

if arguments.count >= 2, arguments[1] == "turns" {
    exit(await TurnsCommand.run(Array(arguments.dropFirst(2))))
}

if arguments.count >= 3, arguments[1] == "generate" {
    let files = generator.write(to: arguments[2])
    let bytes = files.reduce(0) { $0 + $1.bytes.count }
    print("wrote \(files.count) files, \(generator.stepCount) steps, \(bytes) bytes to \(arguments[2])")
    exit(0)
}

if arguments.count >= 4, arguments[1] == "once" {
    let directory = arguments[3]
    if arguments[2] == "raw" {
        var events = 0
        var bytes = 0
        for path in [directory + "/bot.yaml"] + FileSystem.list(directory + "/flows").map({ directory + "/flows/" + $0 }) {
            guard let data = try? FileSystem.read(path, limit: 1 << 30) else { continue }
            bytes += data.count
            events += RawYAML.eventCount(data)
        }
        print("libyaml: \(events) events in \(bytes) bytes")
    } else {
        let report = try? CheckRun.check(paths: [directory])
        print("check: \(report?.fileCount ?? -1) files, \(report?.diagnostics.count ?? -1) diagnostics")
    }
    exit(0)
}

let runs = arguments.count >= 2 ? Int(arguments[1]) ?? 15 : 15
let (directory, files) = generator.writeToTemporaryDirectory()
defer { generator.remove(directory, files: files) }
let bytes = files.reduce(0) { $0 + $1.bytes.count }
let mb = Double(bytes) / 1e6

do {
    let report = try CheckRun.check(paths: [directory])
    if !report.diagnostics.isEmpty {
        print("generated bot is not clean: \(report.diagnostics.count) diagnostics, first: \(report.diagnostics[0])")
        exit(1)
    }
} catch {
    print("cannot check \(directory): \(error)")
    exit(1)
}

print("bot: \(files.count) files, \(generator.stepCount) steps, \(bytes) bytes (\(format(mb, 3)) MB); \(runs) runs each, median")

let raw = measure(runs: runs) {
    var events = 0
    for file in files { events += RawYAML.eventCount(file.bytes) }
    return events
}
let check = measure(runs: runs) {
    (try? CheckRun.check(paths: [directory]))?.fileCount ?? -1
}
func report(_ name: String, _ t: Timing) -> (wall: Double, cpu: Double) {
    let wall = mb / (Double(t.wall) / 1e9), cpu = mb / (Double(t.cpu) / 1e9)
    print("\(name) wall median \(format(Double(t.wall) / 1e6, 2)) ms (fastest \(format(Double(t.fastest) / 1e6, 2))) -> \(format(wall)) MB/s;"
        + " CPU median \(format(Double(t.cpu) / 1e6, 2)) ms -> \(format(cpu)) MB/s")
    return (wall, cpu)
}
let rawMBs = report("libyaml-events ", raw)
let checkMBs = report("check          ", check)
print("ratio check/raw: \(format(checkMBs.wall / rawMBs.wall * 100)) % by wall time, \(format(checkMBs.cpu / rawMBs.cpu * 100)) % by CPU time (goal >= 50 %)")
