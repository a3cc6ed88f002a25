import FlowChecker
import FlowDiagnostics

#if canImport(Glibc)
import Glibc
#endif

/// Writes a whole output file. A regular file (or a new one) is replaced atomically: a temporary
/// file beside it, fsync, rename. A symbolic link is written through (its target is replaced), and
/// a FIFO, a device or `/dev/stdout` is written to as it is, never replaced by a file; `-` is
/// standard output.
func writeFileAtomically(_ path: String, _ bytes: [UInt8]) throws(UsageError) {
    if path == "-" { return try writeAll(1, bytes, path: "standard output") }
    var info = stat()
    if lstat(path, &info) == 0 {
        let kind = info.st_mode & S_IFMT
        if kind == S_IFLNK {
            // The link's target, when it resolves to a regular file or none yet: replaced there.
            if let resolved = realpath(path, nil) {
                defer { free(resolved) }
                return try writeFileAtomically(String(cString: resolved), bytes)
            }
            return try writeThrough(path, bytes)
        }
        if kind == S_IFDIR { throw UsageError("cannot write \(path): it is a directory") }
        if kind != S_IFREG { return try writeThrough(path, bytes) }
    }
    let temporary = path + ".tmp-\(getpid())"
    let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard fd >= 0 else { throw UsageError("cannot write \(path): \(String(cString: strerror(errno)))") }
    do {
        try writeAll(fd, bytes, path: path)
    } catch {
        close(fd)
        unlink(temporary)
        throw error
    }
    let synced = fsync(fd) == 0
    close(fd)
    guard synced, rename(temporary, path) == 0 else {
        let reason = String(cString: strerror(errno))
        unlink(temporary)
        throw UsageError("cannot write \(path): \(reason)")
    }
}

/// Fails when ``writeFileAtomically(_:_:)`` could not write `path`: a directory, a folder that does
/// not exist (or is no folder), or one that cannot be written in. Asked before a command does its
/// work (`flowc test --junit`), so that a wrong path is said at once, not after the run.
func checkWritable(_ path: String) throws(UsageError) {
    if path == "-" { return }
    if path.isEmpty { throw UsageError("cannot write an output file with an empty name") }
    var info = stat()
    if lstat(path, &info) == 0 {
        switch info.st_mode & S_IFMT {
        case S_IFDIR: throw UsageError("cannot write \(path): it is a directory")
        case S_IFLNK:
            // A link is written through: its target decides (one that does not exist yet is created).
            if let resolved = realpath(path, nil) {
                defer { free(resolved) }
                return try checkWritable(String(cString: resolved))
            }
            return
        case S_IFREG: break
        // A FIFO, a device, `/dev/stdout`: written to as it is.
        default: if access(path, W_OK) != 0 { throw UsageError("cannot write \(path): \(String(cString: strerror(errno)))") }; return
        }
    }
    // A new or replaced regular file is written beside itself and renamed: its folder must take it.
    let folder = FileSystem.dirname(path)
    var folderInfo = stat()
    guard stat(folder, &folderInfo) == 0 else {
        throw UsageError("cannot write \(path): the folder \(folder) does not exist")
    }
    guard folderInfo.st_mode & S_IFMT == S_IFDIR else { throw UsageError("cannot write \(path): \(folder) is not a folder") }
    guard access(folder, W_OK | X_OK) == 0 else {
        throw UsageError("cannot write \(path): the folder \(folder) cannot be written in (\(String(cString: strerror(errno))))")
    }
}

/// Opens `path` as it is (following a link) and writes to it.
private func writeThrough(_ path: String, _ bytes: [UInt8]) throws(UsageError) {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard fd >= 0 else { throw UsageError("cannot write \(path): \(String(cString: strerror(errno)))") }
    defer { close(fd) }
    try writeAll(fd, bytes, path: path)
}

private func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws(UsageError) {
    var written = 0
    while written < bytes.count {
        let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + written, bytes.count - written) }
        if n < 0 {
            if errno == EINTR { continue }
            throw UsageError("cannot write \(path): \(String(cString: strerror(errno)))")
        }
        written += n
    }
}

/// Prints a check report's diagnostics (for commands that compile first).
func printDiagnostics(_ report: CheckReport) {
    guard !report.diagnostics.isEmpty else { return }
    let colour = isatty(2) == 1 && getenv("NO_COLOR") == nil
    writeStandardError(DiagnosticRenderer(files: report.sources, colour: colour).render(report.diagnostics, format: .text))
}

/// The first `count` bytes of a file (fewer when it is shorter), nil when it cannot be read.
func fileHead(_ path: String, _ count: Int) -> [UInt8]? {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var buffer = [UInt8](repeating: 0, count: count)
    let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, count) }
    return n < 0 ? nil : Array(buffer.prefix(n))
}
