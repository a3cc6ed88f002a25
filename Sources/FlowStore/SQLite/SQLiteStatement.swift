import CSQLite

/// A prepared statement with bind, step and column helpers. Owned by its ``SQLiteConnection``'s
/// cache; callers `reset()` it (usually with `defer`) when done so it can be reused.
final class SQLiteStatement {
    private let handle: OpaquePointer
    private unowned let connection: SQLiteConnection

    init(handle: OpaquePointer, connection: SQLiteConnection) {
        self.handle = handle
        self.connection = connection
    }

    /// Releases the statement (called by the connection when it closes).
    func finalize() {
        sqlite3_finalize(handle)
    }

    /// Resets the statement and clears its bindings, ready for the next use.
    func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// Binds an integer to the 1-based parameter `index`.
    func bind(_ index: Int32, _ value: Int64) throws(StoreError) {
        try check(sqlite3_bind_int64(handle, index, value))
    }

    /// Binds a real, or NULL for nil.
    func bind(_ index: Int32, _ value: Double?) throws(StoreError) {
        if let value { try check(sqlite3_bind_double(handle, index, value)) } else { try check(sqlite3_bind_null(handle, index)) }
    }

    /// Binds a text value (any length, embedded NULs kept) to the 1-based parameter `index`.
    func bind(_ index: Int32, _ value: String) throws(StoreError) {
        var value = value
        let rc = value.withUTF8 { bytes -> Int32 in
            guard let base = bytes.baseAddress, !bytes.isEmpty else {
                return sqlite3_bind_text(handle, index, "", 0, sqliteTransient)
            }
            return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                sqlite3_bind_text64(handle, index, $0, UInt64(bytes.count), sqliteTransient, UInt8(SQLITE_UTF8))
            }
        }
        try check(rc)
    }

    /// Binds text, or NULL for `nil`, to the 1-based parameter `index`.
    func bind(_ index: Int32, _ value: String?) throws(StoreError) {
        if let value { try bind(index, value) } else { try check(sqlite3_bind_null(handle, index)) }
    }

    /// Binds bytes as a BLOB (an empty array is an empty BLOB, not NULL).
    func bind(_ index: Int32, blob: [UInt8]) throws(StoreError) {
        let rc = blob.withUnsafeBytes { bytes -> Int32 in
            guard let base = bytes.baseAddress, !bytes.isEmpty else { return sqlite3_bind_zeroblob(handle, index, 0) }
            return sqlite3_bind_blob64(handle, index, base, UInt64(bytes.count), sqliteTransient)
        }
        try check(rc)
    }

    /// Advances to the next row: `true` when a row is available, `false` when done.
    func step(_ doing: @autoclosure () -> String) throws(StoreError) -> Bool {
        let rc = sqlite3_step(handle)
        if rc == SQLITE_ROW { return true }
        if rc == SQLITE_DONE { return false }
        throw connection.error(rc, doing: doing())
    }

    /// Column `column` of the current row as an integer.
    func int64(_ column: Int32) -> Int64 {
        sqlite3_column_int64(handle, column)
    }

    /// Column `column` of the current row as a real, `nil` for NULL.
    func optionalDouble(_ column: Int32) -> Double? {
        isNull(column) ? nil : sqlite3_column_double(handle, column)
    }

    /// Column `column` of the current row as text (NULL reads as "").
    func text(_ column: Int32) -> String {
        guard let bytes = sqlite3_column_text(handle, column) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    /// Whether column `column` of the current row is NULL.
    func isNull(_ column: Int32) -> Bool {
        sqlite3_column_type(handle, column) == SQLITE_NULL
    }

    /// Column `column` of the current row as text, `nil` for NULL.
    func optionalText(_ column: Int32) -> String? {
        isNull(column) ? nil : text(column)
    }

    /// Column `column` of the current row as bytes.
    func blob(_ column: Int32) -> [UInt8] {
        guard let bytes = sqlite3_column_blob(handle, column) else { return [] }
        let count = Int(sqlite3_column_bytes(handle, column))
        return Array(UnsafeRawBufferPointer(start: bytes, count: count))
    }

    private func check(_ rc: Int32) throws(StoreError) {
        if rc != SQLITE_OK { throw connection.error(rc, doing: "binding a value") }
    }
}
