import CSQLite
import Foundation
import Testing

/// `query`, `order` and `email` steps through the running daemon: the bot's own data file, the
/// daemon's database, its SMTP server (a fake on loopback).
@Suite(.serialized) struct ServeActionsTests {
    static let bot = """
        bot: tienda
        name: Tienda
        start: main
        locale: es-AR
        data:
          catalog: data/catalog.sqlite

        """
    static let flow = """
        flow: comprar
        triggers:
          - keywords: [comprar]
        steps:
          find:
            query: "SELECT name, price FROM items WHERE stock > {{0}} ORDER BY price LIMIT 1"
            save: found
            on_error: failed
          place:
            order:
              items:
                - {sku: "{{found[0].name}}", qty: 2, price: "{{found[0].price}}"}
              customer: {name: "{{contact.name}}"}
            save: placed
            on_error: failed
          tell:
            email:
              to: ventas@shop.test
              subject: "Pedido #{{placed.id}}"
              body: "{{contact.name}} pidió 2 × {{found[0].name}}: total {{placed.total}}"
            on_error: failed
          done:
            end: "Pedido #{{placed.id}}: 2 × {{found[0].name}} = {{placed.total}}"
          failed:
            end: "No pude."

        """

    @Test(.timeLimit(.minutes(2)))
    func queryOrderAndEmail() throws {
        let meta = try FakeProviderServer(respond: ServeTests.metaOK)
        let smtp = try FakeSMTPServer()
        let harness = try ServeHarness(channels: ServeTests.metaChannel(meta), extra: """
            smtp:
              host: 127.0.0.1
              port: \(smtp.port)
              security: none
              from: "Tienda <bot@shop.test>"
            """)
        try E2E.write(Self.bot, to: harness.dir, "bots/tienda/bot.yaml")
        try E2E.write(Self.flow, to: harness.dir, "bots/tienda/flows/comprar.yaml")
        let catalog = harness.dir.appendingPathComponent("bots/tienda/data/catalog.sqlite").path
        try FileManager.default.createDirectory(atPath: (catalog as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        var db: OpaquePointer?
        try #require(sqlite3_open(catalog, &db) == SQLITE_OK)
        try #require(sqlite3_exec(db, "CREATE TABLE items(name TEXT, price REAL, stock INTEGER); INSERT INTO items VALUES ('Mate', 12500, 1), ('Yerba', 5200, 4), ('Termo', 100, 0);", nil, nil, nil) == SQLITE_OK)
        sqlite3_close(db)
        try harness.start()

        #expect(ServeTests().sendMeta(harness, MetaPayload.text("comprar", id: "wamid.BUY")).status == 200)
        #expect(E2E.wait(timeout: 20) { meta.requests.count >= 1 }, "\(harness.stderr)")
        #expect(meta.requests.first?.body.contains("Pedido #1: 2 × Yerba = 10400") == true,
                "\(meta.requests.first?.body ?? "") \(harness.stderr)")
        let session = try #require(smtp.sessions.first)
        #expect(session.commands.contains("RCPT TO:<ventas@shop.test>"))
        #expect(session.data.contains("Subject: Pedido #1"))
        _ = harness.stop()

        var store: OpaquePointer?
        try #require(sqlite3_open(harness.dir.appendingPathComponent("state/flowd.sqlite").path, &store) == SQLITE_OK)
        defer { sqlite3_close(store) }
        var row: OpaquePointer?
        try #require(sqlite3_prepare_v2(store, "SELECT o.id, o.status, o.total, i.sku, i.qty FROM orders o JOIN order_items i ON i.order_id = o.id", -1, &row, nil) == SQLITE_OK)
        defer { sqlite3_finalize(row) }
        try #require(sqlite3_step(row) == SQLITE_ROW)
        #expect(sqlite3_column_int64(row, 0) == 1)
        #expect(String(cString: sqlite3_column_text(row, 1)) == "created")
        #expect(sqlite3_column_double(row, 2) == 10_400)
        #expect(String(cString: sqlite3_column_text(row, 3)) == "Yerba")
        #expect(sqlite3_column_double(row, 4) == 2)
    }

    @Test(.timeLimit(.minutes(2)))
    func aFailedActionEndsWithTheErrorMessageAndIsLoggedWithTheConversation() throws {
        let meta = try FakeProviderServer(respond: ServeTests.metaOK)
        let harness = try ServeHarness(channels: ServeTests.metaChannel(meta))
        try E2E.write("bot: tienda\nname: Tienda\nstart: main\nerror_message: \"Uy, se cayó el sistema.\"\n", to: harness.dir, "bots/tienda/bot.yaml")
        // Loopback without `allow_private_network`: the request is refused, and no `on_error` catches it.
        try E2E.write("""
            flow: main
            steps:
              stock:
                http: {get: "http://127.0.0.1:9/stock"}
                save: stock
              done:
                end: "Hay {{stock.count}}"

            """, to: harness.dir, "bots/tienda/flows/main.yaml")
        try harness.start()
        #expect(ServeTests().sendMeta(harness, MetaPayload.text("hola", id: "wamid.FAIL")).status == 200)
        #expect(E2E.wait(timeout: 20) { meta.requests.count >= 1 }, "\(harness.stderr)")
        #expect(meta.requests.first?.body.contains("Uy, se cayó el sistema.") == true, "\(meta.requests.first?.body ?? "")")
        #expect(E2E.wait(timeout: 10) { harness.stderr.contains("the flow failed") }, "\(harness.stderr)")
        let line = harness.stderr.split(separator: "\n").first { $0.contains("the flow failed") }.map(String.init) ?? ""
        #expect(line.contains("conversation=5491155551234"), "\(line)")
        #expect(line.contains("main.stock") && line.contains("bot=tienda"), "\(line)")
        _ = harness.stop()
    }

    /// An action that fails into `on_error` is logged with its conversation: why the bot went that way.
    @Test(.timeLimit(.minutes(2)))
    func aHandledActionFailureIsLoggedWithTheConversation() throws {
        let meta = try FakeProviderServer(respond: ServeTests.metaOK)
        let harness = try ServeHarness(channels: ServeTests.metaChannel(meta))
        try E2E.write("bot: tienda\nname: Tienda\nstart: main\n", to: harness.dir, "bots/tienda/bot.yaml")
        // Loopback without `allow_private_network`: the request is refused, and `on_error` takes it.
        try E2E.write("""
            flow: main
            steps:
              stock:
                http: {get: "http://127.0.0.1:9/stock"}
                save: stock
                on_error: sorry
              done:
                end: "Hay {{stock.count}}"
              sorry:
                end: "No pude ver el stock."

            """, to: harness.dir, "bots/tienda/flows/main.yaml")
        try harness.start()
        #expect(ServeTests().sendMeta(harness, MetaPayload.text("hola", id: "wamid.HANDLED")).status == 200)
        #expect(E2E.wait(timeout: 20) { meta.requests.count >= 1 }, "\(harness.stderr)")
        #expect(meta.requests.first?.body.contains("No pude ver el stock.") == true, "\(meta.requests.first?.body ?? "")")
        #expect(E2E.wait(timeout: 10) { harness.stderr.contains("an action failed") }, "\(harness.stderr)")
        let line = harness.stderr.split(separator: "\n").first { $0.contains("an action failed") }.map(String.init) ?? ""
        #expect(line.contains("conversation=5491155551234") && line.contains("bot=tienda"), "\(line)")
        #expect(line.contains("main.stock") && line.contains("GET to host 127.0.0.1 failed"), "\(line)")
        _ = harness.stop()
    }
}
