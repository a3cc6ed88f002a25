import FlowChecker
import FlowDiagnostics

#if canImport(Glibc)
import Glibc
#endif

/// Writes a whole file atomically: a temporary file beside it, fsync, rename.
func writeFileAtomically(_ path: String, _ bytes: [UInt8]) throws(UsageError) {
    let temporary = path + ".tmp-\(getpid())"
    let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard fd >= 0 else { throw UsageError("cannot write \(path): \(String(cString: strerror(errno)))") }
    var written = 0
    while written < bytes.count {
        let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + written, bytes.count - written) }
        if n < 0 {
            if errno == EINTR { continue }
            let reason = String(cString: strerror(errno))
            close(fd)
            unlink(temporary)
            throw UsageError("cannot write \(path): \(reason)")
        }
        written += n
    }
    let synced = fsync(fd) == 0
    close(fd)
    guard synced, rename(temporary, path) == 0 else {
        let reason = String(cString: strerror(errno))
        unlink(temporary)
        throw UsageError("cannot write \(path): \(reason)")
    }
}

/// Prints a check report's diagnostics (for commands that compile first).
func printDiagnostics(_ report: CheckReport) {
    guard !report.diagnostics.isEmpty else { return }
    let colour = isatty(2) == 1 && getenv("NO_COLOR") == nil
    writeStandardError(DiagnosticRenderer(files: report.sources, colour: colour).render(report.diagnostics, format: .text))
}
