import CSQLite
import FlowPostgres
import FlowStore
import Glibc
import Logging
import PostgresNIO
import Testing

/// A fresh directory under /tmp, removed with its files by `remove()`.
struct TemporaryDirectory {
    let path: String

    init() {
        var template = Array("/tmp/flowstore-test-XXXXXX".utf8CString)
        path = template.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.flatMap { mkdtemp($0) }.map { String(cString: $0) } ?? "/tmp"
        }
    }

    func file(_ name: String) -> String { "\(path)/\(name)" }

    func remove() {
        guard path != "/tmp", let dir = opendir(path) else { return }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                raw.baseAddress.map { String(cString: $0.assumingMemoryBound(to: CChar.self)) } ?? ""
            }
            if name != "." && name != ".." { names.append(name) }
        }
        closedir(dir)
        for name in names { unlink(file(name)) }
        rmdir(path)
    }

    /// Writes `text` to a file in the directory and returns its path.
    func write(_ name: String, _ text: String) -> String {
        let path = file(name)
        if let handle = fopen(path, "w") {
            fputs(text, handle)
            fclose(handle)
        }
        return path
    }
}

/// Which implementation a contract test runs against: PostgreSQL too when `FLOWC_TEST_POSTGRES`
/// names a server (`.ci/run` starts one with `scripts/test-postgres`).
enum StoreKind: String, CaseIterable, CustomStringConvertible, Sendable {
    case memory, sqlite, postgres
    var description: String { rawValue }

    static var allCases: [StoreKind] {
        TestPostgres.url == nil ? [.memory, .sqlite] : [.memory, .sqlite, .postgres]
    }
}

/// The test PostgreSQL server: each test gets a database of its own, dropped afterwards.
enum TestPostgres {
    /// `FLOWC_TEST_POSTGRES`: a URL whose user may create databases.
    static var url: String? {
        guard let value = getenv("FLOWC_TEST_POSTGRES") else { return nil }
        let text = String(cString: value)
        return text.isEmpty ? nil : text
    }

    /// Creates an empty database and returns its URL and name.
    static func createDatabase() async throws -> (url: String, name: String) {
        let base = try #require(url)
        let name = "flowc_test_\(UInt64.random(in: 0..<UInt64.max))"
        try await admin { connection in
            try await connection.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: logger)
        }
        let location = try PostgresLocation(url: base)
        let query = base.firstIndex(of: "?").map { String(base[$0...]) } ?? ""
        return ("postgres://\(location.user)\(location.password.map { ":\($0)" } ?? "")@\(location.host):\(location.port)/\(name)\(query)", name)
    }

    static func dropDatabase(_ name: String) async throws {
        try await admin { connection in
            try await connection.query(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)"), logger: logger)
        }
    }

    /// Runs SQL on the server's own database (as the `FLOWC_TEST_POSTGRES` user).
    static func admin(_ body: (PostgresConnection) async throws -> Void) async throws {
        let location = try PostgresLocation(url: try #require(url))
        let configuration = PostgresConnection.Configuration(
            host: location.host, port: location.port, username: location.user, password: location.password,
            database: location.database, tls: .disable)
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
        do {
            try await body(connection)
        } catch {
            try? await connection.close()
            throw error
        }
        try await connection.close()
    }

    static let logger = Logger(label: "flowc.test.postgres")
}

/// Runs `body` with a fresh store of `kind`, then closes and deletes it.
func withStore(_ kind: StoreKind, _ body: (any ConversationStore) async throws -> Void) async throws {
    switch kind {
    case .memory:
        try await body(InMemoryConversationStore())
    case .sqlite:
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let store = try SQLiteConversationStore(path: dir.file("store.db"))
        defer { store.close() }
        try await body(store)
    case .postgres:
        let database = try await TestPostgres.createDatabase()
        let store = try await PostgresConversationStore.open(url: database.url)
        do {
            try await body(store)
        } catch {
            await store.close()
            try await TestPostgres.dropDatabase(database.name)
            throw error
        }
        await store.close()
        try await TestPostgres.dropDatabase(database.name)
    }
}

/// A direct SQLite connection, playing "another process" in tests.
final class RawDatabase {
    private var db: OpaquePointer?

    init(_ path: String) {
        sqlite3_open(path, &db)
    }

    deinit { sqlite3_close(db) }

    /// Runs SQL and returns SQLite's result code.
    @discardableResult
    func exec(_ sql: String) -> Int32 {
        sqlite3_exec(db, sql, nil, nil, nil)
    }

    /// The first column of the first row as text.
    func text(_ sql: String) -> String? {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK else { return nil }
        defer { sqlite3_finalize(statement) }
        guard sqlite3_step(statement) == SQLITE_ROW, let text = sqlite3_column_text(statement, 0) else { return nil }
        return String(cString: text)
    }
}

let alice = ConversationKey(bot: "shop", contact: "+5491155551234")
let bob = ConversationKey(bot: "shop", contact: "+14155550100")

/// A turn for `key` with an inbound message (when `inbound` is given) and one outbound reply.
func turn(
    _ key: ConversationKey, expected: Int64?, state: [UInt8] = [1, 2, 3], now: Int64 = 1_000,
    inbound: String? = nil, status: ConversationStatus = .waiting
) -> TurnCommit {
    TurnCommit(
        key: key, expectedVersion: expected, bundleHash: "sha256:abc", status: status, state: state, now: now,
        inbound: inbound.map {
            MessageRecord(direction: .inbound, providerMessageId: $0, body: #"{"text":"hi"}"#, status: "received", createdAt: now)
        },
        outbound: [MessageRecord(direction: .outbound, body: #"{"text":"hello"}"#, status: "queued", createdAt: now)])
}

/// Expects `body` to throw exactly `expected`.
func expectError<T>(
    _ expected: StoreError, _ body: () async throws(StoreError) -> T,
    sourceLocation: SourceLocation = #_sourceLocation
) async {
    do {
        _ = try await body()
        Issue.record("expected \(expected), got success", sourceLocation: sourceLocation)
    } catch {
        #expect(error == expected, sourceLocation: sourceLocation)
    }
}

/// Expects `body` to throw an error accepted by `matches`, and returns it.
@discardableResult
func expectError<T>(
    matching matches: (StoreError) -> Bool, _ body: () async throws(StoreError) -> T,
    sourceLocation: SourceLocation = #_sourceLocation
) async -> StoreError? {
    do {
        _ = try await body()
        Issue.record("expected an error, got success", sourceLocation: sourceLocation)
        return nil
    } catch {
        #expect(matches(error), "unexpected \(error)", sourceLocation: sourceLocation)
        return error
    }
}
