import FlowDiagnostics
import FlowSyntax

#if canImport(Glibc)
import Glibc
#endif

/// A monotonic clock reading in milliseconds (for test durations).
func monotonicMilliseconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) * 1000 + Double(ts.tv_nsec) / 1_000_000
}

/// Reads a YAML document's root.
enum YAMLReaderFacade {
    static func read(_ path: String, _ bytes: [UInt8], _ sink: DiagnosticSink) -> YAMLNode? {
        YAMLReader(path: path, sink: sink).read(bytes).root
    }
}
