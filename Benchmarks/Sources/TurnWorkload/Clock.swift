#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Clocks and process figures for the measurements.
public enum Clock {
    /// CLOCK_MONOTONIC, ns.
    public static func wall() -> UInt64 { read(CLOCK_MONOTONIC) }
    /// CPU time of the whole process (every thread), ns.
    public static func cpu() -> UInt64 { read(CLOCK_PROCESS_CPUTIME_ID) }

    static func read(_ clock: clockid_t) -> UInt64 {
        var ts = timespec()
        clock_gettime(clock, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    /// Resident set size now and its peak (`VmRSS`, `VmHWM` of /proc/self/status), bytes.
    public static func residentMemory() -> (current: Int, peak: Int) {
        guard let file = fopen("/proc/self/status", "r") else { return (0, 0) }
        defer { fclose(file) }
        var current = 0, peak = 0
        var line = [CChar](repeating: 0, count: 256)
        while fgets(&line, Int32(line.count), file) != nil {
            let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            let kib = Int(text.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().first ?? "") ?? 0
            if text.hasPrefix("VmRSS:") { current = kib * 1024 }
            if text.hasPrefix("VmHWM:") { peak = kib * 1024 }
        }
        return (current, peak)
    }

    /// Size of a file in bytes (0 when missing).
    public static func fileSize(_ path: String) -> Int {
        var info = stat()
        return stat(path, &info) == 0 ? Int(info.st_size) : 0
    }

    /// Milliseconds of CPU a fixed piece of work takes now: strings made, hashed into a
    /// dictionary and freed, the kind of work a turn does. This shared VM runs the same work
    /// up to 1.5× slower at times (other tenants); printed next to each run, it tells a slow
    /// run of flowc from a slow minute of the machine.
    public static func referenceMilliseconds() -> Double {
        let start = cpu()
        var table: [String: Int] = [:]
        var total = 0
        for round in 0..<40 {
            table.removeAll(keepingCapacity: true)
            for i in 0..<2_000 {
                let key = "conversation-\(i)-of-round-\(round)"
                table[key] = key.utf8.count &+ i
            }
            for i in stride(from: 0, to: 2_000, by: 7) { total &+= table["conversation-\(i)-of-round-\(round)"] ?? 0 }
        }
        precondition(total > 0)
        return Double(cpu() - start) / 1e6
    }
}
