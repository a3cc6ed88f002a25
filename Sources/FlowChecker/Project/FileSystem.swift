#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a file could not be read.
public struct FileReadError: Error, Sendable, CustomStringConvertible {
    /// The path.
    public var path: String
    /// What went wrong, as the system says it.
    public var reason: String

    public var description: String { "cannot read \(path): \(reason)" }
}

/// The few file-system calls the front end needs, over POSIX (no Foundation, for a fast cold start).
public enum FileSystem {
    /// What a path is.
    public enum Kind: Sendable { case file, directory, missing, other }

    /// What `path` is.
    public static func kind(_ path: String) -> Kind {
        var st = stat()
        guard stat(path, &st) == 0 else { return .missing }
        switch st.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .directory
        default: return .other
        }
    }

    /// Reads a whole file. Files larger than `limit` are read only up to `limit + 1` bytes,
    /// so that the caller can report them as too large without loading them.
    public static func read(_ path: String, limit: Int) throws(FileReadError) -> [UInt8] {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw FileReadError(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw FileReadError(path: path, reason: String(cString: strerror(errno))) }
        if st.st_mode & S_IFMT == S_IFDIR { throw FileReadError(path: path, reason: "is a directory") }
        // Read at most one byte past the limit: enough for the caller to report the file as too large.
        // A pipe (`--mock <(…)`) has no size: it is read in pieces until it ends.
        let regular = st.st_mode & S_IFMT == S_IFREG
        var size = regular ? min(Int(st.st_size), limit + 1) : min(64 << 10, limit + 1)
        var bytes = [UInt8](repeating: 0, count: size)
        var filled = 0
        while filled < size {
            let n = bytes.withUnsafeMutableBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return Glibc.read(fd, base + filled, size - filled)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw FileReadError(path: path, reason: String(cString: strerror(errno)))
            }
            if n == 0 { break }
            filled += n
            if !regular, filled == size, size <= limit {
                let grown = min(size * 2, limit + 1)
                bytes += [UInt8](repeating: 0, count: grown - size)
                size = grown
            }
        }
        if filled < size { bytes.removeLast(size - filled) }
        return bytes
    }

    /// The names in a directory, sorted, without `.` and `..`; none when it cannot be read.
    public static func list(_ path: String) -> [String] {
        (try? entries(path)) ?? []
    }

    /// The names in a directory, sorted, without `.` and `..`; fails when it cannot be opened
    /// (permission denied, no such directory).
    public static func entries(_ path: String) throws(FileReadError) -> [String] {
        guard let dir = opendir(path) else {
            let reason = String(cString: strerror(errno))
            throw FileReadError(path: path, reason: reason.prefix(1).lowercased() + reason.dropFirst())
        }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    /// `a/b` joined, without doubling the slash.
    public static func join(_ a: String, _ b: String) -> String {
        if a.isEmpty || a == "." { return b }
        return a.hasSuffix("/") ? a + b : a + "/" + b
    }

    /// The directory part of a path (`.` when there is none).
    public static func dirname(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        if slash == path.startIndex { return "/" }
        return String(path[..<slash])
    }

    /// The folder that holds `dir`, also for a relative `dir` that has no slash to cut
    /// (`.` → `..`, `..` → `../..`, `tests` → `.`).
    public static func parent(_ dir: String) -> String {
        let name = basename(dir)
        if dir.isEmpty || dir == "." { return ".." }
        if name == "." { return parent(dirname(dir)) }
        if name == ".." { return join(dir, "..") }
        return dirname(dir)
    }

    /// A folder's own name, also when it is given as `.` or `..` (`tests` for `.` inside `bot/tests`).
    public static func folderName(_ dir: String) -> String {
        let name = basename(dir)
        guard dir.isEmpty || name == "." || name == ".." else { return name }
        return basename(resolved(dir.isEmpty ? "." : dir) ?? dir)
    }

    /// The absolute path with links and `.`/`..` resolved, or nil when it does not exist.
    public static func resolved(_ path: String) -> String? {
        guard let real = realpath(path, nil) else { return nil }
        defer { free(real) }
        return String(cString: real)
    }

    /// Whether a path names a conversation test file (`*.test.yaml`).
    public static func isTestFile(_ path: String) -> Bool { path.hasSuffix(".test.yaml") || path.hasSuffix(".test.yml") }

    /// The last component of a path.
    public static func basename(_ path: String) -> String {
        var p = Substring(path)
        while p.count > 1, p.hasSuffix("/") { p = p.dropLast() }
        guard let slash = p.lastIndex(of: "/") else { return String(p) }
        return String(p[p.index(after: slash)...])
    }
}
