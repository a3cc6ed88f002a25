import CSQLite
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `SQLITE_TRANSIENT`, which the C header defines as a cast the importer skips: SQLite copies the
/// bound bytes before the bind call returns.
var sqliteTransient: sqlite3_destructor_type {
    unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)
}

/// One SQLite connection with a cache of prepared statements, reused for the connection's life.
///
/// Not thread-safe: a connection is used by one thread at a time (it is opened with
/// `SQLITE_OPEN_NOMUTEX`), which the store guarantees by giving each connection its own thread.
final class SQLiteConnection {
    /// The database file, for error messages.
    let path: String
    /// The busy timeout in milliseconds, for error messages.
    let busyTimeout: Int
    private var handle: OpaquePointer?
    private var statements: [Int: SQLiteStatement] = [:]

    /// Opens `path` (creating it unless `readOnly`) with extended result codes and a busy timeout.
    init(path: String, readOnly: Bool, busyTimeout: Int) throws(StoreError) {
        self.path = path
        self.busyTimeout = max(0, busyTimeout)
        if Self.isFolder(path) {
            throw .io("\(path) is a folder, not a database file; name a file in it (e.g. `\(path.hasSuffix("/") ? path : path + "/")flowd.sqlite`)")
        }
        var db: OpaquePointer?
        let flags = (readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) | SQLITE_OPEN_NOMUTEX
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(db)
            throw Self.error(code: rc, message: message, path: path, busyTimeout: busyTimeout,
                             doing: readOnly ? "opening it for reading" : "opening it")
        }
        handle = db
        sqlite3_extended_result_codes(db, 1)
        sqlite3_busy_timeout(db, Int32(clamping: self.busyTimeout))
    }

    deinit { close() }

    /// Finalizes every cached statement and closes the connection (idempotent).
    func close() {
        for statement in statements.values { statement.finalize() }
        statements = [:]
        if let handle { sqlite3_close_v2(handle) }
        handle = nil
    }

    /// The prepared statement for `sql`, prepared on first use and cached for the connection's
    /// life (keyed by the literal's address: no hashing of the SQL text per use).
    func statement(_ sql: StaticString) throws(StoreError) -> SQLiteStatement {
        let key = sql.hasPointerRepresentation ? Int(bitPattern: sql.utf8Start) : Int(sql.unicodeScalar.value)
        if let cached = statements[key] { return cached }
        let statement = try prepare(sql.description)
        statements[key] = statement
        return statement
    }

    /// Prepares `sql` without caching it; the caller finalizes the statement.
    private func prepare(_ sql: String) throws(StoreError) -> SQLiteStatement {
        guard let handle else { throw .closed }
        var raw: OpaquePointer?
        let rc = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &raw, nil)
        guard rc == SQLITE_OK, let raw else {
            sqlite3_finalize(raw)
            throw error(rc, doing: "preparing `\(sql)`")
        }
        return SQLiteStatement(handle: raw, connection: self)
    }

    /// Runs a cached statement that returns no rows of interest (BEGIN, COMMIT, SAVEPOINT…).
    func run(_ sql: StaticString, doing: @autoclosure () -> String) throws(StoreError) {
        let statement = try statement(sql)
        defer { statement.reset() }
        while try statement.step(doing()) {}
    }

    /// The first column of the first row of the cached statement `sql` as an integer.
    func integer(_ sql: StaticString, doing: @autoclosure () -> String) throws(StoreError) -> Int64? {
        let statement = try statement(sql)
        defer { statement.reset() }
        return try statement.step(doing()) ? statement.int64(0) : nil
    }

    /// Runs a one-off statement (a `PRAGMA` built at run time) and returns the first column of
    /// its first row as text, `nil` when it returns no row.
    func pragma(_ sql: String, doing: @autoclosure () -> String) throws(StoreError) -> String? {
        let statement = try prepare(sql)
        defer { statement.finalize() }
        return try statement.step(doing()) ? statement.text(0) : nil
    }

    /// Runs a script of several statements without caching them (schema migrations).
    func execute(script: String, doing: @autoclosure () -> String) throws(StoreError) {
        guard let handle else { throw .closed }
        var message: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, script, nil, nil, &message)
        let text = message.map { String(cString: $0) }
        sqlite3_free(message)
        if rc != SQLITE_OK {
            throw Self.error(code: rc, message: text ?? errorMessage, path: path, busyTimeout: busyTimeout, doing: doing())
        }
    }

    /// Whether a transaction is open (SQLite may roll one back by itself after some errors).
    var inTransaction: Bool {
        guard let handle else { return false }
        return sqlite3_get_autocommit(handle) == 0
    }

    /// Rows changed by the last INSERT, UPDATE or DELETE.
    var changes: Int {
        guard let handle else { return 0 }
        return Int(sqlite3_changes64(handle))
    }

    /// Rowid of the last successful INSERT.
    var lastInsertRowID: Int64 {
        guard let handle else { return 0 }
        return sqlite3_last_insert_rowid(handle)
    }

    /// SQLite's message for the last failure on this connection.
    var errorMessage: String {
        guard let handle else { return "connection closed" }
        return String(cString: sqlite3_errmsg(handle))
    }

    /// The ``StoreError`` for result code `code` from this connection.
    func error(_ code: Int32, doing: String) -> StoreError {
        Self.error(code: code, message: errorMessage, path: path, busyTimeout: busyTimeout, doing: doing)
    }

    /// Maps a SQLite result code to a ``StoreError`` that says what, where and what to do.
    static func error(code: Int32, message: String, path: String, busyTimeout: Int, doing: String) -> StoreError {
        switch code & 0xFF {
        case SQLITE_BUSY, SQLITE_LOCKED:
            return .busy("\(path) is locked by another connection (gave up after \(busyTimeout) ms while \(doing)); stop the other process using this file, or retry later")
        case SQLITE_FULL:
            return .full("\(path): \(message) while \(doing); free disk space or raise the database's page limit (nothing of the failed operation was written)")
        case SQLITE_NOTADB:
            return .notADatabase("\(path) is not a SQLite database (\(message)); give flowc a path to a new file or to its own database")
        case SQLITE_CORRUPT:
            return .corrupt("\(path): \(message) while \(doing); restore the file from a backup")
        case SQLITE_CONSTRAINT:
            return .constraint("\(path): \(message) while \(doing)")
        case SQLITE_CANTOPEN:
            return .io("\(path): cannot open the database (\(message)); check that the directory exists and is writable")
        case SQLITE_READONLY, SQLITE_PERM:
            return .io("\(path): \(message) while \(doing); check the permissions of the file, its -wal and -shm files and their directory")
        default:
            return .io("\(path): \(message) (SQLite code \(code)) while \(doing); check the disk and the file")
        }
    }

    private static func isFolder(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }
}
