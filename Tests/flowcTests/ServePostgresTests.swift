import Foundation
import Testing

/// `flowc serve` on a PostgreSQL store (`FLOWC_TEST_POSTGRES`, started by `.ci/run` with
/// `scripts/test-postgres`): a conversation that survives `kill -9`, and two daemons sharing one
/// database, which is what a PostgreSQL store is for.
@Suite(.serialized, .enabled(if: TestDatabase.serverURL != nil && E2E.which("psql") != nil))
struct ServePostgresTests {
    @Test(.timeLimit(.minutes(2)))
    func conversationSurvivesAKillAndRestart() throws {
        let database = try TestDatabase()
        defer { database.drop() }
        let meta = try FakeProviderServer(respond: ServeTests.metaOK)
        let harness = try ServeHarness(channels: ServeTests.metaChannel(meta), store: database.url)
        try harness.start()
        #expect(send(harness, MetaPayload.text("hola", id: "wamid.PG1")).status == 200)
        #expect(E2E.wait(timeout: 10) { meta.requests.count >= 1 }, "no reply:\n\(harness.stderr)")
        #expect(meta.requests.first?.body.contains("¿Cómo te llamás?") == true)
        // Recorded as sent before the kill, so that the restart has nothing to send again.
        #expect(E2E.wait(timeout: 10) { database.scalar("SELECT count(*) FROM outbox WHERE status = 'sent'") == "1" })
        harness.kill()

        try harness.start()
        #expect(send(harness, MetaPayload.text("Ana", id: "wamid.PG2")).status == 200)
        #expect(send(harness, MetaPayload.text("Ana", id: "wamid.PG2")).status == 200, "a redelivery is acknowledged")
        #expect(E2E.wait(timeout: 10) { meta.requests.count >= 2 }, "no reply after the restart:\n\(harness.stderr)")
        #expect(meta.requests[1].body.contains("Gracias Ana"))
        #expect(send(harness, MetaPayload.button("pizza", title: "Pizza", messageId: "wamid.PG3")).status == 200)
        #expect(E2E.wait(timeout: 10) { meta.requests.count >= 3 })
        #expect(meta.requests[2].body.contains("Listo Ana: pizza"))
        Thread.sleep(forTimeInterval: 0.5)
        #expect(meta.requests.count == 3, "each reply once, the redelivery ran no turn")

        let conversation = harness.admin("GET", "/api/v1/bots/tienda/conversations/5491155551234")
        #expect(conversation.status == 200 && conversation.body.contains(#""status":"ended""#), "\(conversation)")
        #expect(database.scalar("SELECT version FROM conversations") == "3")
        #expect(database.scalar("SELECT count(*) FROM messages WHERE direction = 'inbound'") == "3")
        #expect(harness.stop() == 0, "SIGTERM shuts down gracefully:\n\(harness.stderr)")
    }

    /// Two daemons, one database: each contact's first message goes to one daemon and its second to
    /// the other; every reply is sent once (the outbox claims), in order, and no turn runs twice.
    @Test(.timeLimit(.minutes(3)))
    func twoDaemonsShareOneDatabase() throws {
        let database = try TestDatabase()
        defer { database.drop() }
        let meta = try FakeProviderServer(respond: ServeTests.metaOK)
        let first = try ServeHarness(channels: ServeTests.metaChannel(meta), extra: "limits:\n  contact_rate: 1000\n", store: database.url)
        let second = try ServeHarness(channels: ServeTests.metaChannel(meta), extra: "limits:\n  contact_rate: 1000\n", store: database.url)
        try first.start()
        try second.start()
        let contacts = (0..<24).map { "5491100\(String(format: "%05d", $0))" }
        DispatchQueue.concurrentPerform(iterations: contacts.count) { index in
            let contact = contacts[index]
            let (a, b) = index % 2 == 0 ? (first, second) : (second, first)
            _ = send(a, MetaPayload.text("hola", from: contact, id: "wamid.A\(index)"))
            _ = send(b, MetaPayload.text("Cliente\(index)", from: contact, id: "wamid.B\(index)"))
        }
        let all = E2E.wait(timeout: 60) { meta.requests.count >= contacts.count * 2 }
        let unsent = database.scalar("SELECT string_agg(id || ':' || status || '@' || next_attempt_at, ', ') FROM outbox WHERE status <> 'sent'") ?? ""
        let waiting = database.scalar("SELECT string_agg(id || ':' || contact, ', ') FROM inbox WHERE processed_at IS NULL") ?? ""
        #expect(all, "\(meta.requests.count) of \(contacts.count * 2) replies; outbox not sent: \(unsent); inbox waiting: \(waiting)\n\(first.stderr)\n\(second.stderr)")
        Thread.sleep(forTimeInterval: 1.5)
        #expect(meta.requests.count == contacts.count * 2, "no reply sent twice")
        for (index, contact) in contacts.enumerated() {
            let bodies = meta.requests.map(\.body).filter { $0.contains(#""to":"\#(contact)""#) }
            #expect(bodies.count == 2, "\(contact): \(bodies)")
            guard bodies.count == 2 else { continue }
            #expect(bodies[0].contains("¿Cómo te llamás?") && bodies[1].contains("Gracias Cliente\(index)"), "\(contact) in order: \(bodies)")
        }
        #expect(database.scalar("SELECT count(*) FROM conversations WHERE version = 2") == "\(contacts.count)", "every turn ran once")
        #expect(database.scalar("SELECT count(*) FROM inbox WHERE processed_at IS NULL") == "0")
        #expect(first.stop() == 0)
        #expect(second.stop() == 0)
    }

    /// A deploy in progress: a conversation started on the new version (one daemon) goes on on
    /// that version on a daemon that still runs the old one, which takes the bundle from the store.
    @Test(.timeLimit(.minutes(2)))
    func aConversationKeepsItsBundleAcrossDaemons() throws {
        let database = try TestDatabase()
        defer { database.drop() }
        let meta = try FakeProviderServer(respond: ServeTests.metaOK)
        let newer = ServeHarness.mainYAML.replacingOccurrences(of: "Gracias {{name}}.", with: "Gracias {{name}} (v2).")
        let old = try ServeHarness(channels: ServeTests.metaChannel(meta), store: database.url)
        let new = try ServeHarness(channels: ServeTests.metaChannel(meta), store: database.url, mainFlow: newer)
        try old.start()
        try new.start()
        #expect(send(new, MetaPayload.text("hola", id: "wamid.D1")).status == 200)
        #expect(E2E.wait(timeout: 10) { meta.requests.count >= 1 }, "\(new.stderr)")
        #expect(send(old, MetaPayload.text("Ana", id: "wamid.D2")).status == 200)
        #expect(E2E.wait(timeout: 10) { meta.requests.count >= 2 }, "\(old.stderr)")
        #expect(meta.requests.last?.body.contains("Gracias Ana (v2).") == true, "\(meta.requests.last?.body ?? "")")
        #expect(database.scalar("SELECT count(*) FROM bundles") == "2")
        #expect(old.stop() == 0)
        #expect(new.stop() == 0)
    }

    /// A reply of a bot that no daemon on the database runs any more: each daemon leaves it for
    /// another (30 s apart), counting an attempt each time, and it ends as a dead letter.
    @Test(.timeLimit(.minutes(2)))
    func aReplyOfABotNoDaemonRunsEndsAsADeadLetter() throws {
        let database = try TestDatabase()
        defer { database.drop() }
        let meta = try FakeProviderServer(respond: ServeTests.metaOK)
        let harness = try ServeHarness(channels: ServeTests.metaChannel(meta), extra: "limits:\n  max_attempts: 3\n", store: database.url)
        try harness.start()
        let payload = #"{"bot":"retired","contact":"5491155550000","message":{"text":"hola"}}"#
        let inserted = database.scalar("""
            WITH c AS (INSERT INTO conversations(bot, contact, version, bundle_hash, status, state, updated_at)
                       VALUES ('retired', '5491155550000', 1, 'x', 'waiting', '\\x00', 0) RETURNING id)
            INSERT INTO outbox(conversation_id, idempotency_key, payload, attempts, next_attempt_at, status)
            SELECT id, 'retired-1', '\(payload)', 0, 0, 'pending' FROM c RETURNING attempts
            """)
        try #require(inserted?.hasPrefix("0") == true, "\(inserted ?? "psql failed")")
        #expect(E2E.wait(timeout: 10) { database.scalar("SELECT attempts FROM outbox") == "1" }, "\(harness.stderr)")
        #expect(database.scalar("SELECT status FROM outbox") == "pending", "left for a daemon that runs the bot")
        #expect(database.scalar("SELECT last_error FROM outbox")?.contains("the bot retired is not loaded on this daemon") == true)
        let due = Int64(database.scalar("SELECT next_attempt_at FROM outbox") ?? "") ?? 0
        #expect(due > Int64(Date().timeIntervalSince1970 * 1000) + 20_000, "tried again in about 30 s, not at once")
        // Nobody takes it up: the third attempt ends it.
        _ = database.scalar("UPDATE outbox SET attempts = 2, next_attempt_at = 0 RETURNING 1")
        #expect(E2E.wait(timeout: 10) { database.scalar("SELECT status FROM outbox") == "dead" }, "\(harness.stderr)")
        #expect(database.scalar("SELECT attempts FROM outbox") == "3")
        #expect(E2E.wait(timeout: 5) { harness.admin("GET", "/api/v1/dead-letters").body.contains(#""bot":"retired","contact":"5491155550000""#) },
                "\(harness.admin("GET", "/api/v1/dead-letters"))")
        #expect(meta.requests.isEmpty, "nothing was sent for a bot this daemon does not run")
        #expect(harness.stop() == 0)
    }

    func send(_ harness: ServeHarness, _ body: String) -> (status: Int, body: String) {
        harness.post("/webhooks/tienda/whatsapp_cloud", headers: ["X-Hub-Signature-256": Sign.meta(ServeTests.secret, body),
                                                                   "Content-Type": "application/json"], body: body)
    }
}

/// A database of its own on the test server, made with `psql` and dropped afterwards.
struct TestDatabase {
    /// `FLOWC_TEST_POSTGRES`: a URL whose user may create databases.
    static var serverURL: String? {
        let value = ProcessInfo.processInfo.environment["FLOWC_TEST_POSTGRES"] ?? ""
        return value.isEmpty ? nil : value
    }

    let name: String
    let url: String
    private let server: String

    init() throws {
        server = try #require(Self.serverURL)
        name = "flowc_e2e_\(UInt64.random(in: 0..<UInt64.max))"
        let base = server.split(separator: "?", maxSplits: 1)[0]
        let prefix = base[..<(base.lastIndex(of: "/") ?? base.endIndex)]
        url = "\(prefix)/\(name)"
        let created = try E2E.run(try #require(E2E.which("psql")), [server, "-q", "-c", "CREATE DATABASE \(name)"])
        try #require(created.exitedCleanly && created.status == 0, "\(created)")
    }

    /// The first column of the first row.
    func scalar(_ sql: String) -> String? {
        guard let psql = E2E.which("psql"), let run = try? E2E.run(psql, [url, "-tA", "-c", sql]), run.status == 0 else { return nil }
        return run.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func drop() {
        guard let psql = E2E.which("psql") else { return }
        _ = try? E2E.run(psql, [server, "-q", "-c", "DROP DATABASE IF EXISTS \(name) WITH (FORCE)"])
    }
}
