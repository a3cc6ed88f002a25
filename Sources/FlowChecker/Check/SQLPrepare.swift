import CSQLite

/// Prepares a `query`'s SQL against the bot's own data file, read-only, so that `flowc check`
/// finds what SQLite would refuse at every run: a syntax error, a table or column that is not
/// there (`FROM produto`, `LIKE %{{termo}}%`).
enum SQLPrepare {
    /// SQLite's complaint and the byte offset it points at (when it says), or nil when the SQL
    /// prepares, the file cannot be opened (reported on its own) or holds no table yet.
    static func problem(sql: String, databasePath: String) -> (message: String, offset: Int?)? {
        guard let db = open(databasePath) else { return nil }
        defer { sqlite3_close_v2(db) }
        // An empty file (a placeholder until the catalog is exported) has no tables to check against.
        var count: OpaquePointer?
        defer { sqlite3_finalize(count) }
        guard sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_master", -1, &count, nil) == SQLITE_OK,
              sqlite3_step(count) == SQLITE_ROW, sqlite3_column_int64(count, 0) > 0 else { return nil }
        var statement: OpaquePointer?
        let rc = sqlite3_prepare_v2(db, sql, -1, &statement, nil)
        sqlite3_finalize(statement)
        guard rc != SQLITE_OK else { return nil }
        // A file that is no database (reported at `data:`), or one locked by a writer: no verdict.
        guard rc == SQLITE_ERROR else { return nil }
        let offset = Int(sqlite3_error_offset(db))
        return (String(cString: sqlite3_errmsg(db)), offset >= 0 ? offset : nil)
    }

    /// The names of the columns `sql` gives (as a row's keys at run time), or nil when it does not
    /// prepare or the file cannot be read.
    static func columns(sql: String, databasePath: String) -> [String]? {
        guard let db = open(databasePath) else { return nil }
        defer { sqlite3_close_v2(db) }
        var statement: OpaquePointer?
        defer { sqlite3_finalize(statement) }
        guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK, let statement else { return nil }
        let count = sqlite3_column_count(statement)
        var names: [String] = []
        for i in 0..<count {
            guard let name = sqlite3_column_name(statement, i) else { return nil }
            names.append(String(cString: name))
        }
        return names.isEmpty ? nil : names
    }

    /// The data file opened read-only, with no other database attachable; nil when it cannot be.
    private static func open(_ path: String) -> OpaquePointer? {
        var db: OpaquePointer?
        guard sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nil) == SQLITE_OK, let db else {
            sqlite3_close_v2(db)
            return nil
        }
        sqlite3_limit(db, SQLITE_LIMIT_ATTACHED, 0)
        return db
    }
}
