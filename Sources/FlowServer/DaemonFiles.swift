#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The few file writes the daemon makes (kept bundles): POSIX, durable, atomic.
enum DaemonFiles {
    /// `mkdir -p`.
    static func makeDirectories(_ path: String) {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for part in path.split(separator: "/") {
            prefix += part + "/"
            mkdir(prefix, 0o755)
        }
    }

    /// Writes `bytes` to a temporary file, syncs it and renames it over `path`; false on failure.
    static func writeAtomically(_ path: String, _ bytes: [UInt8]) -> Bool {
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { return false }
        var written = 0
        let ok: Bool = bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return fsync(fd) == 0 }
            while written < raw.count {
                let n = write(fd, base + written, raw.count - written)
                if n <= 0 { return false }
                written += n
            }
            return fsync(fd) == 0
        }
        close(fd)
        guard ok, rename(temporary, path) == 0 else {
            unlink(temporary)
            return false
        }
        return true
    }
}
