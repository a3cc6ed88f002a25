import Foundation
import Testing
import FlowBytecode
import FlowRuntime
import FlowTesting
import FlowVM

/// `order` steps create and change the contact's orders in the runtime's store.
@Suite("order steps")
struct OrderStepTests {
    static let bot = """
        bot: shop
        start: main
        locale: es-AR
        """
    static let flow = """
        flow: main
        vars:
          qty: {type: number, min: 1, max: 20}
          address: text
          placed: json
          changed: json
          again: json
        steps:
          ask_qty:
            ask: "¿Cuántos kilos?"
            save: qty
          create:
            order:
              items:
                - {sku: YERBA-1K, name: Yerba 1 kg, qty: "{{qty}}", price: 5200}
                - {sku: BOMBILLA, name: Bombilla, qty: 1, price: 3100.5}
              customer: {name: "{{contact.name}}", phone: "{{contact.phone}}"}
            save: placed
            on_error: failed
          show:
            say: "Pedido #{{placed.id}}: {{len(placed.items)}} productos, total {{placed.total}} ({{placed.status}})"
          ask_address:
            ask: "¿Dirección?"
            save: address
          confirm:
            order:
              action: confirm
              id: "{{placed.id}}"
              customer: {address: "{{address}}"}
              delivery_date: "2026-12-01"
            save: changed
            on_error: failed
          cancel_it:
            order: {action: cancel, id: "{{changed.id}}"}
            save: again
            on_error: failed
          done:
            end: "#{{changed.id}} {{changed.status}} a {{changed.customer.address}} para {{changed.delivery_date}}; luego {{again.status}}"
          failed:
            end: "No pude."
        """

    @Test("create, confirm and cancel one order, with totals from the items")
    func lifecycle() async throws {
        let folder = try TempBot(bot: Self.bot, flows: [Self.flow], tests: ["main.test.yaml": """
            tests:
              - name: three kilos
                contact: {name: Ana, phone: "+5491155551234"}
                conversation:
                  - user: hola
                  - bot: "¿Cuántos kilos?"
                  - user: "3"
                  - bot: "Pedido #1: 2 productos, total 18700.5 (created)"
                  - bot: "¿Dirección?"
                  - user: Corrientes 1234
                  - bot: "#1 confirmed a Corrientes 1234 para 2026-12-01; luego cancelled"
                expect:
                  vars: {qty: 3, address: Corrientes 1234}
                  ended: true
            """])
        defer { folder.remove() }
        let report = try await TestRunner.run(paths: [folder.path])
        #expect(report.failed == 0, "\(report.outcomes.compactMap(\.failure))")
        #expect(report.passed == 1)
    }

    @Test("an order's customer is the contact unless the flow names another")
    func customerDefaultsToTheContact() async throws {
        let flow = """
            flow: main
            steps:
              create:
                order: {items: [{sku: A, qty: 2, price: 10}]}
                save: o
              other:
                order: {items: [{sku: B, qty: 1, price: 5}], customer: {name: Juan}}
                save: p
              done:
                end: "{{o.customer.name}}|{{o.customer.phone}}|{{o.total}}|{{p.customer.name}}|{{p.customer.phone}}"
            """
        let folder = try TempBot(bot: Self.bot, flows: [flow], tests: ["main.test.yaml": """
            tests:
              - name: the contact
                contact: {name: Ana, phone: "+5491155551234"}
                conversation:
                  - user: hola
                  - bot: "Ana|+5491155551234|20|Juan|+5491155551234"
            """])
        defer { folder.remove() }
        let report = try await TestRunner.run(paths: [folder.path])
        #expect(report.failed == 0, "\(report.outcomes.compactMap(\.failure))")
    }

    @Test("an order that cannot be made goes to on_error with the reason")
    func refused() async throws {
        let flow = """
            flow: main
            steps:
              change:
                order: {action: update, id: 99, notes: "sin sal"}
                on_error: failed
              ok:
                end: "cambiado"
              failed:
                end: "No pude."
            """
        let folder = try TempBot(bot: Self.bot, flows: [flow], tests: ["main.test.yaml": """
            tests:
              - name: no such order
                conversation:
                  - user: hola
                  - bot: "No pude."
            """])
        defer { folder.remove() }
        let report = try await TestRunner.run(paths: [folder.path])
        #expect(report.failed == 0, "\(report.outcomes.compactMap(\.failure))")
    }
}

/// An action error without `on_error` ends the conversation with the bot's error message
/// (flow-format.md §5): a test can expect exactly that, and a test that does not is told why.
@Suite("runtime errors in flowc test")
struct RuntimeErrorTestTests {
    static let bot = """
        bot: api
        start: quote
        locale: es-AR
        error_message: "Uy, algo falló."
        """
    static let flow = """
        flow: quote
        steps:
          call_api:
            http:
              get: "https://api.test/price"
            save: price
          done:
            end: "Precio: {{price.value}}"
        """

    static func run(_ test: String) async throws -> TestReport {
        let folder = try TempBot(bot: bot, flows: [flow], tests: ["quote.test.yaml": test])
        defer { folder.remove() }
        return try await TestRunner.run(paths: [folder.path])
    }

    @Test("a test that expects the error message passes")
    func expected() async throws {
        let report = try await Self.run("""
            tests:
              - name: the API is down
                http:
                  - match: {method: GET, url: "https://api.test/price"}
                    status: 503
                conversation:
                  - user: hola
                  - bot: "Uy, algo falló."
                expect:
                  ended: true
            """)
        #expect(report.failed == 0, "\(report.outcomes.compactMap(\.failure))")
        #expect(report.passed == 1)
    }

    @Test("a test that expects the happy path fails, naming the runtime error")
    func unexpected() async throws {
        let report = try await Self.run("""
            tests:
              - name: expects a price
                http:
                  - match: {method: GET, url: "https://api.test/price"}
                    status: 503
                conversation:
                  - user: hola
                  - bot: {contains: "Precio"}
            """)
        #expect(report.failed == 1)
        let failure = try #require(report.outcomes.first?.failure)
        #expect(failure.contains("got      \"Uy, algo falló.\""), "\(failure)")
        #expect(failure.contains("runtime error") && failure.contains("503"), "\(failure)")
    }
}

@Suite("broken test files")
struct BrokenTestFileTests {
    @Test("a broken test file fails its own tests; the other files still run")
    func isolated() async throws {
        let folder = try TempBot(bot: RuntimeErrorTestTests.bot, flows: [RuntimeErrorTestTests.flow], tests: [
            "good.test.yaml": """
                tests:
                  - name: down
                    http:
                      - match: {method: GET, url: "https://api.test/price"}
                        status: 503
                    conversation:
                      - user: hola
                      - bot: "Uy, algo falló."
                """,
            "broken.test.yaml": """
                tests:
                  - name: typo
                    conversaton:
                      - user: hola
                """,
        ])
        defer { folder.remove() }
        let report = try await TestRunner.run(paths: [folder.path])
        #expect(report.passed == 1, "\(report.outcomes.map { ($0.file, $0.name, $0.failure ?? "ok") })")
        let failed = try #require(report.outcomes.first { !$0.passed })
        #expect(failed.file.hasSuffix("broken.test.yaml") && failed.name == "(file)", "\(failed)")
        #expect(report.diagnostics.contains { $0.rule == "unknown-key" && $0.file.hasSuffix("broken.test.yaml") })
    }
}

/// An `order`'s text quantities and prices (`"{{precio}}"` from an answer) are read by the bot's
/// locale, as `number()` reads them; a refused item is pointed at.
@Suite("order numbers by locale")
struct OrderNumberLocaleTests {
    static func host(locale: String, _ flow: String) throws -> ConversationHost {
        let bundle = try buildBot("bot: shop\nstart: main\nlocale: \(locale)\nerror_message: ERR", flow)
        return ConversationHost(engine: Engine(bundle: bundle), key: .init(bot: "shop", contact: "c1"), contact: Contact(id: "c1", name: "Ana"),
                                clock: mondayMorning)
    }

    static let asked = """
        flow: main
        vars:
          precio: text
        steps:
          ask_price:
            ask: "¿Precio?"
            save: precio
          place:
            order:
              items: [{sku: A, qty: "2", price: "{{precio}}"}]
            save: o
          done:
            end: "{{o.total}}"
        """

    @Test("a text price is read by the locale", arguments: [
        ("es-AR", "5.200", "10400"), ("es-AR", "1.500,50", "3001"), ("es-AR", "12,5", "25"), ("es-CL", "25.000", "50000"),
        ("en-US", "1,500.50", "3001"), ("en-US", "5.25", "10.5"),
    ])
    func textPrice(locale: String, price: String, total: String) async throws {
        let host = try Self.host(locale: locale, Self.asked)
        _ = try await host.receive(InboundMessage(text: "hola"))
        let out = try await host.receive(InboundMessage(text: price))
        #expect(out.error == nil, "\(String(describing: out.error))")
        #expect(out.messages.map(\.text) == [total])
    }

    @Test("a price written as text in the flow is read by the locale too, and `1,500` in es-AR is no number")
    func writtenPrice() async throws {
        let host = try Self.host(locale: "es-CL", """
            flow: main
            steps:
              place:
                order: {items: [{sku: A, qty: 1, price: "25.000"}]}
                save: o
              done:
                end: "{{o.total}}"
            """)
        #expect(try await host.receive(InboundMessage(text: "hola")).messages.map(\.text) == ["25000"])
        let ar = try Self.host(locale: "es-AR", Self.asked)
        _ = try await ar.receive(InboundMessage(text: "hola"))
        let out = try await ar.receive(InboundMessage(text: "1,500"))
        #expect(out.messages.map(\.text) == ["ERR"])
        #expect(out.error?.message.contains("item 1 has a price that is not a number: `1,500`") == true, "\(String(describing: out.error))")
    }

    @Test("the runtime error of a refused item points at the item's field, not at the step's last line", arguments: [
        ("        - {sku: TORTA, qty: 1, price: \"{{precio}}\"}", 8),
        ("        - sku: TORTA\n          qty: 1\n          price: \"{{precio}}\"", 10),
        ("        - {sku: A, qty: 1}\n        - sku: TORTA\n          price: \"{{precio}}\"\n          qty: 2", 10),
    ])
    func errorAtTheItem(items: String, line: Int) async throws {
        let host = try Self.host(locale: "es-AR", """
            flow: main
            vars:
              precio: text
            steps:
              e:
                order:
                  items:
            \(items)
                  notes: "hola"
                save: o
              final:
                end: "{{o.total}}"
            """)
        host.seed = ["precio": .text("abc")]
        let out = try await host.receive(InboundMessage(text: "hola"))
        let error = try #require(out.error)
        #expect(error.message.contains("has a price that is not a number: `abc`"), "\(error)")
        #expect(error.location.contains("main.yaml:\(line):"), "\(error)")
    }
}

/// An update that sets no status keeps the order's (README, `order`).
@Suite("order status on update")
struct OrderStatusUpdateTests {
    @Test("changing a confirmed order's notes keeps it confirmed; a new order's change makes it updated; a flow's own status stays",
          arguments: [("action: confirm", "confirmed"), ("status: paid", "paid"), ("notes: nada", "updated")])
    func statusKept(first: String, expected: String) async throws {
        let host = try OrderNumberLocaleTests.host(locale: "es-AR", """
            flow: main
            steps:
              place:
                order: {items: [{sku: A, qty: 1, price: 10}]}
                save: o
              first:
                order: {id: "{{o.id}}", \(first)}
                save: o
              change:
                order: {id: "{{o.id}}", notes: "timbre roto"}
                save: o
              done:
                end: "{{o.status}} {{o.notes}}"
            """)
        let out = try await host.receive(InboundMessage(text: "hola"))
        #expect(out.error == nil, "\(String(describing: out.error))")
        #expect(out.messages.map(\.text) == ["\(expected) timbre roto"])
    }

    @Test("an update that sets a status sets it")
    func statusSet() async throws {
        let host = try OrderNumberLocaleTests.host(locale: "es-AR", """
            flow: main
            steps:
              place:
                order: {items: [{sku: A, qty: 1, price: 10}]}
                save: o
              confirm:
                order: {action: confirm, id: "{{o.id}}"}
                save: o
              ship:
                order: {id: "{{o.id}}", status: shipped}
                save: o
              done:
                end: "{{o.status}}"
            """)
        #expect(try await host.receive(InboundMessage(text: "hola")).messages.map(\.text) == ["shipped"])
    }
}

extension OrderStepTests {
    static let customerFlow = """
        flow: main
        vars:
          tel: text
          cuando: text
        steps:
          ask_tel:
            ask: "¿Teléfono?"
            save: tel
          ask_when:
            ask: "¿Cuándo?"
            save: cuando
          create:
            order:
              items: [{sku: A, qty: 1, price: 10}]
              customer: {phone: "{{tel}}", email: "ANA@Gmail.COM"}
              delivery_date: "{{cuando}}"
            save: o
            on_error: failed
          done:
            end: "{{o.customer.phone}}|{{o.customer.email}}|{{o.delivery_date}}"
          failed:
            end: "No pude."
        """

    @Test("an order keeps the customer's phone in E.164 and the e-mail's domain lower-cased; a delivery date must be a day")
    func customerAndDeliveryDate() async throws {
        let folder = try TempBot(bot: Self.bot, flows: [Self.customerFlow], tests: ["main.test.yaml": """
            tests:
              - name: normalised
                conversation:
                  - user: hola
                  - bot: "¿Teléfono?"
                  - user: "11 5555-1234"
                  - bot: "¿Cuándo?"
                  - user: "2026-03-01"
                  - bot: "+5491155551234|ANA@gmail.com|2026-03-01"
              - name: no day
                conversation:
                  - user: hola
                  - bot: "¿Teléfono?"
                  - user: "11 5555-1234"
                  - bot: "¿Cuándo?"
                  - user: mañana
                  - bot: "No pude."
              - name: no such day
                conversation:
                  - user: hola
                  - bot: "¿Teléfono?"
                  - user: "11 5555-1234"
                  - bot: "¿Cuándo?"
                  - user: "2026-02-30"
                  - bot: "No pude."
            """])
        defer { folder.remove() }
        let report = try await TestRunner.run(paths: [folder.path])
        #expect(report.failed == 0, "\(report.outcomes.compactMap(\.failure))")
        #expect(report.passed == 3)
    }
}
