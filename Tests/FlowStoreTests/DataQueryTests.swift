import CSQLite
import FlowStore
import Testing

/// The `query` step's SQL runner: read-only SELECTs with bound parameters over a bot's data file.
@Suite("data source queries")
struct DataQueryTests {
    /// A catalog file: items(id, name, price, stock) with three rows.
    static func catalog(_ dir: TemporaryDirectory) throws -> String {
        let path = dir.file("catalog.sqlite")
        var db: OpaquePointer?
        guard sqlite3_open(path, &db) == SQLITE_OK, let db else { throw QueryFailure("cannot create \(path)") }
        defer { sqlite3_close(db) }
        let script = """
            CREATE TABLE items(id INTEGER PRIMARY KEY, name TEXT NOT NULL, price REAL, stock INTEGER, photo BLOB);
            INSERT INTO items VALUES (1, 'Yerba 1 kg', 5200, 12, NULL), (2, 'Mate calabaza', 12500.5, 0, x'CAFE'),
                                     (3, 'Bombilla', 3100, 40, NULL);
            """
        guard sqlite3_exec(db, script, nil, nil, nil) == SQLITE_OK else { throw QueryFailure(String(cString: sqlite3_errmsg(db))) }
        return path
    }

    @Test("rows come back by column, parameters are bound by type")
    func select() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let path = try Self.catalog(dir)
        let read = try DataQuery.select(path: path, sql: "SELECT id, name, price, photo FROM items WHERE stock > ? AND name LIKE ? ORDER BY id",
                                        parameters: [.integer(0), .text("%a%")]).get()
        #expect(read.columns == ["id", "name", "price", "photo"])
        #expect(read.rows == [[.integer(1), .text("Yerba 1 kg"), .real(5200), .null], [.integer(3), .text("Bombilla"), .real(3100), .null]])
        let blob = try DataQuery.select(path: path, sql: "SELECT photo FROM items WHERE id = ?", parameters: [.integer(2)]).get()
        #expect(blob.rows == [[.blob([0xCA, 0xFE])]])
    }

    @Test("what a user typed is a value, never SQL")
    func injection() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let path = try Self.catalog(dir)
        let read = try DataQuery.select(path: path, sql: "SELECT name FROM items WHERE name = ?", parameters: [.text("x' OR '1'='1")]).get()
        #expect(read.rows.isEmpty)
        let stacked = DataQuery.select(path: path, sql: "SELECT name FROM items WHERE id = ?; DELETE FROM items", parameters: [.integer(1)])
        #expect(stacked == .failure(QueryFailure("the SQL holds more than one statement")))
        #expect(try DataQuery.select(path: path, sql: "SELECT count(*) AS n FROM items;  ", parameters: []).get().rows == [[.integer(3)]])
        // A comment after the `;` is no statement; a statement after a comment is one.
        #expect(try DataQuery.select(path: path, sql: "SELECT count(*) AS n FROM items; -- all of them\n /* ok */ ;", parameters: []).get().rows == [[.integer(3)]])
        let hidden = DataQuery.select(path: path, sql: "SELECT name FROM items; -- then\nDELETE FROM items", parameters: [])
        #expect(hidden == .failure(QueryFailure("the SQL holds more than one statement")))
    }

    @Test("writes, attachments and other statements are refused before they run", arguments: [
        "DELETE FROM items", "UPDATE items SET price = 0", "INSERT INTO items(name) VALUES ('x')", "DROP TABLE items",
        "ATTACH DATABASE '/tmp/other.sqlite' AS other", "PRAGMA table_info(items)",
        "WITH x AS (SELECT 1) DELETE FROM items",
    ])
    func refused(_ sql: String) throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let path = try Self.catalog(dir)
        guard case .failure = DataQuery.select(path: path, sql: sql, parameters: []) else {
            Issue.record("`\(sql)` ran")
            return
        }
        #expect(try DataQuery.select(path: path, sql: "SELECT count(*) FROM items", parameters: []).get().rows == [[.integer(3)]])
    }

    @Test("a runaway query stops at its deadline; too many rows is an error, not a silently cut list")
    func bounded() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let path = try Self.catalog(dir)
        let forever = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT max(i) FROM n"
        #expect(DataQuery.select(path: path, sql: forever, parameters: [], timeoutMs: 200)
                == .failure(QueryFailure("the query ran longer than 200 ms")))
        let many = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n LIMIT 11) SELECT i FROM n"
        #expect(DataQuery.select(path: path, sql: many, parameters: [], maxRows: 10)
                == .failure(QueryFailure("the query returned more than 10 rows; add a LIMIT")))
        #expect(try DataQuery.select(path: path, sql: many, parameters: [], maxRows: 11).get().rows.count == 11)
    }

    @Test("a missing file, bad SQL or a wrong parameter count is a clear error")
    func errors() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let path = try Self.catalog(dir)
        guard case .failure(let missing) = DataQuery.select(path: dir.file("nope.sqlite"), sql: "SELECT 1", parameters: []) else {
            Issue.record("a missing file was opened")
            return
        }
        #expect(missing.message.hasPrefix("cannot open the data source"))
        guard case .failure(let bad) = DataQuery.select(path: path, sql: "SELECT nme FROM items", parameters: []) else {
            Issue.record("bad SQL ran")
            return
        }
        #expect(bad.message.contains("no such column: nme"), "\(bad.message)")
        #expect(DataQuery.select(path: path, sql: "SELECT name FROM items WHERE id = ?", parameters: [])
                == .failure(QueryFailure("the SQL has 1 parameter(s) but 0 value(s) were given")))
    }
}
