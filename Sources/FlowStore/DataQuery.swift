import CSQLite

#if canImport(Glibc)
import Glibc
#endif

/// A value bound into, or read out of, a bot's data source.
public enum SQLValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
}

/// What a `query` step read: the column names and the rows, in order.
public struct QueryRows: Sendable, Equatable {
    /// Column names, as the `SELECT` names them.
    public var columns: [String]
    /// One array of values per row, in column order.
    public var rows: [[SQLValue]]

    /// Creates a result.
    public init(columns: [String], rows: [[SQLValue]]) {
        self.columns = columns
        self.rows = rows
    }
}

/// Why a query did not run; the message names no parameter value (they may be user data).
public struct QueryFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public var message: String

    /// Creates a failure.
    public init(_ message: String) { self.message = message }

    public var description: String { message }
}

/// Runs the `query` step: one read-only `SELECT` (or `WITH … SELECT`) against a bot's data
/// source (a SQLite file under the bot's `data/` folder), with the template holes bound as
/// parameters, never spliced into the SQL.
///
/// The file is opened read-only for each query and closed after it, so a shop can replace
/// its catalog file while the bot runs. Other databases cannot be attached, a query that
/// would write is refused before it runs, and a query is stopped after `timeoutMs` or past
/// `maxRows` rows (an error that says so: a silently cut list would be wrong data).
public enum DataQuery {
    /// Most rows a query may return.
    public static let maxRows = 1_000
    /// Longest a query may run, in milliseconds.
    public static let timeoutMs = 2_000

    /// Runs `sql` (with `?` placeholders) on the file at `path` with `parameters` bound in order.
    public static func select(path: String, sql: String, parameters: [SQLValue],
                              maxRows: Int = maxRows, timeoutMs: Int = timeoutMs) -> Result<QueryRows, QueryFailure> {
        var db: OpaquePointer?
        let rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nil)
        guard rc == SQLITE_OK, let db else {
            let reason = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(db)
            return .failure(QueryFailure("cannot open the data source: \(reason)"))
        }
        defer { sqlite3_close_v2(db) }
        sqlite3_extended_result_codes(db, 1)
        sqlite3_busy_timeout(db, Int32(clamping: min(timeoutMs, 1_000)))
        sqlite3_limit(db, SQLITE_LIMIT_ATTACHED, 0)

        var statement: OpaquePointer?
        var tail: UnsafePointer<CChar>?
        let prepared = sql.withCString { text in
            let rc = sqlite3_prepare_v2(db, text, -1, &statement, &tail)
            // After the first statement, blanks, `;` and comments (`SELECT …; -- why`) are no
            // statement: SQLite prepares them to none. Anything else is a second statement.
            guard let tail, tail.pointee != 0 else { return (rc, true) }
            var next: OpaquePointer?
            let restRC = sqlite3_prepare_v2(db, tail, -1, &next, nil)
            defer { sqlite3_finalize(next) }
            return (rc, restRC == SQLITE_OK && next == nil)
        }
        defer { sqlite3_finalize(statement) }
        guard prepared.0 == SQLITE_OK, let statement else {
            return .failure(QueryFailure("the SQL is not valid: \(String(cString: sqlite3_errmsg(db)))"))
        }
        guard prepared.1 else { return .failure(QueryFailure("the SQL holds more than one statement")) }
        guard sqlite3_stmt_readonly(statement) != 0, sqlite3_column_count(statement) > 0, isSelect(sql) else {
            return .failure(QueryFailure("a query may only read (one SELECT)"))
        }
        let expected = Int(sqlite3_bind_parameter_count(statement))
        guard expected == parameters.count else {
            return .failure(QueryFailure("the SQL has \(expected) parameter(s) but \(parameters.count) value(s) were given"))
        }
        for (i, value) in parameters.enumerated() {
            let index = Int32(i + 1)
            let bound: Int32 = switch value {
            case .null: sqlite3_bind_null(statement, index)
            case .integer(let n): sqlite3_bind_int64(statement, index, n)
            case .real(let x): sqlite3_bind_double(statement, index, x)
            case .text(let s): sqlite3_bind_text(statement, index, s, -1, sqliteTransient)
            case .blob(let b): b.withUnsafeBytes { sqlite3_bind_blob(statement, index, $0.baseAddress, Int32(clamping: b.count), sqliteTransient) }
            }
            guard bound == SQLITE_OK else { return .failure(QueryFailure("cannot bind parameter \(i + 1)")) }
        }

        // Stop a runaway query (a cross join over a big table) at the deadline.
        let deadline = UnsafeMutablePointer<Int64>.allocate(capacity: 1)
        defer {
            sqlite3_progress_handler(db, 0, nil, nil)
            deadline.deallocate()
        }
        deadline.pointee = monotonicMilliseconds() + Int64(timeoutMs)
        sqlite3_progress_handler(db, 10_000, { context in
            guard let context else { return 0 }
            return monotonicMilliseconds() > context.assumingMemoryBound(to: Int64.self).pointee ? 1 : 0
        }, deadline)

        let columnCount = sqlite3_column_count(statement)
        let columns = (0..<columnCount).map { sqlite3_column_name(statement, $0).map { String(cString: $0) } ?? "column\($0 + 1)" }
        var rows: [[SQLValue]] = []
        while true {
            let step = sqlite3_step(statement)
            if step == SQLITE_DONE { break }
            guard step == SQLITE_ROW else {
                if step == SQLITE_INTERRUPT { return .failure(QueryFailure("the query ran longer than \(timeoutMs) ms")) }
                if step & 0xFF == SQLITE_BUSY { return .failure(QueryFailure("the data source is locked")) }
                return .failure(QueryFailure("the query failed: \(String(cString: sqlite3_errmsg(db)))"))
            }
            guard rows.count < maxRows else {
                return .failure(QueryFailure("the query returned more than \(maxRows) rows; add a LIMIT"))
            }
            rows.append((0..<columnCount).map { column($0, of: statement) })
        }
        return .success(QueryRows(columns: columns, rows: rows))
    }

    /// Whether the SQL starts (after spaces, comments and parentheses) with SELECT or WITH.
    static func isSelect(_ sql: String) -> Bool {
        var rest = Substring(sql)
        while true {
            rest = rest.drop { $0.isWhitespace || $0 == "(" }
            if rest.hasPrefix("--") {
                rest = rest.drop { $0 != "\n" }
            } else if rest.hasPrefix("/*"), let end = rest.firstRange(of: "*/") {
                rest = rest[end.upperBound...]
            } else {
                break
            }
        }
        let word = rest.prefix { $0.isLetter }.lowercased()
        return word == "select" || word == "with"
    }

    private static func column(_ i: Int32, of statement: OpaquePointer) -> SQLValue {
        switch sqlite3_column_type(statement, i) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(statement, i))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(statement, i))
        case SQLITE_TEXT:
            guard let text = sqlite3_column_text(statement, i) else { return .text("") }
            let count = Int(sqlite3_column_bytes(statement, i))
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(statement, i))
            guard count > 0, let bytes = sqlite3_column_blob(statement, i) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: bytes, count: count)))
        default: return .null
        }
    }
}

private func monotonicMilliseconds() -> Int64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Int64(ts.tv_sec) * 1_000 + Int64(ts.tv_nsec) / 1_000_000
}
