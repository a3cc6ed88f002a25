import FlowStore
import Testing

/// Orders (`order` steps) kept by every store, written with the turn that placed them.
@Suite struct OrderStoreTests {
    static func yerba(_ id: Int64, contact: String = alice.contact, qty: Double = 2, status: String = "created", at: Int64 = 1_000) -> OrderRecord {
        OrderRecord(id: id, bot: "shop", contact: contact, status: status,
                    lines: [OrderLine(sku: "YERBA-1K", name: "Yerba 1 kg", qty: qty, price: 5200), OrderLine(name: "Regalo", qty: 1)],
                    customer: OrderCustomer(name: "Ana", phone: "+5491155551234"), deliveryDate: "2026-12-01", notes: "timbre 2B",
                    createdAt: at, updatedAt: at)
    }

    @Test("an order committed with its turn reads back whole; a change replaces its items", arguments: StoreKind.allCases)
    func roundTrip(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let first = try await store.newOrderId()
            let second = try await store.newOrderId()
            #expect(second > first, "ids are never handed out twice")
            var t = turn(alice, expected: nil)
            let order = Self.yerba(first)
            t.orders = [order]
            _ = try await store.commit(t)
            #expect(try await store.order(id: first) == order)
            #expect(order.total == 10_400)

            var changed = order
            changed.lines = [OrderLine(sku: "MATE", qty: 1, price: 12_500)]
            changed.status = "confirmed"
            changed.customer.address = "Corrientes 1234"
            changed.updatedAt = 2_000
            var t2 = turn(alice, expected: 1, now: 2_000)
            t2.orders = [changed]
            _ = try await store.commit(t2)
            #expect(try await store.order(id: first) == changed)
            #expect(try await store.order(id: second) == nil, "an id handed out but never committed is a gap")
        }
    }

    @Test("a turn that fails writes no order", arguments: StoreKind.allCases)
    func atomic(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            _ = try await store.commit(turn(alice, expected: nil))
            var stale = turn(alice, expected: nil)
            let id = try await store.newOrderId()
            stale.orders = [Self.yerba(id)]
            await expectError(.conflict(expected: nil, actual: 1)) { () throws(StoreError) in try await store.commit(stale) }
            #expect(try await store.order(id: id) == nil)
        }
    }

    @Test("ids go on after the highest stored one when the file is opened again")
    func idsAfterReopen() async throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("store.db")
        do {
            let store = try SQLiteConversationStore(path: path)
            defer { store.close() }
            var t = turn(alice, expected: nil)
            t.orders = [Self.yerba(41)]
            _ = try await store.commit(t)
        }
        let store = try SQLiteConversationStore(path: path)
        defer { store.close() }
        #expect(try await store.newOrderId() == 42)
        #expect(try await store.order(id: 41)?.lines.count == 2)
        let raw = RawDatabase(path)
        #expect(raw.text("SELECT name || ' ' || (address IS NULL) FROM customers WHERE contact = '\(alice.contact)'") == "Ana 1")
        #expect(raw.text("SELECT total FROM orders WHERE id = 41") == "10400.0")
    }

    /// The outbox indexes as schemas 1 to 3 had them (and no index of conversations in handoff, schema 5,
    /// nor chat clocks, schema 6).
    static let outboxIndexesBeforeSchema4 = """
        DROP INDEX conversations_handoff; DROP TABLE chat_clocks;
        DROP INDEX outbox_pending_due; DROP INDEX outbox_conversation_pending; DROP INDEX outbox_dead;
        CREATE INDEX outbox_due ON outbox(status, next_attempt_at); CREATE INDEX outbox_status ON outbox(status, id);
        """

    @Test("a store of schema 3 gains the partial outbox indexes, and a pending item that overtook an earlier one waits for it again")
    func migratesFromVersion3() async throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("store.db")
        do {
            let store = try SQLiteConversationStore(path: path)
            var t = turn(alice, expected: nil)
            t.outbox = [OutboxItem(idempotencyKey: "first", payload: "{}", nextAttemptAt: 1),
                        OutboxItem(idempotencyKey: "second", payload: "{}", nextAttemptAt: 1)]
            _ = try await store.commit(t)
            store.close()
        }
        // What a schema-3 build could leave: the first item waits for a retry, the second is due.
        let raw = RawDatabase(path)
        #expect(raw.exec("""
            UPDATE outbox SET next_attempt_at = 900 WHERE idempotency_key = 'first';
            UPDATE outbox SET next_attempt_at = 100 WHERE idempotency_key = 'second';
            \(Self.outboxIndexesBeforeSchema4)
            PRAGMA user_version = 3;
            """) == 0)
        let store = try SQLiteConversationStore(path: path)
        defer { store.close() }
        #expect(try await store.pendingOutbox(dueAt: 500, limit: 10).isEmpty, "the second waits for the first")
        #expect(try await store.pendingOutbox(dueAt: 900, limit: 10).map(\.idempotencyKey) == ["first", "second"])
        #expect(RawDatabase(path).text("PRAGMA user_version") == "6")
        #expect(RawDatabase(path).text("SELECT sql FROM sqlite_schema WHERE name = 'conversations_handoff'")
                == "CREATE INDEX conversations_handoff ON conversations(bot, id) WHERE status = 'handoff'")
    }

    @Test("a store written before orders existed (schema 2) gains the order tables and keeps its conversations")
    func migratesFromVersion2() async throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("store.db")
        do {
            let store = try SQLiteConversationStore(path: path)
            _ = try await store.commit(turn(alice, expected: nil))
            store.close()
        }
        // Back to what a schema-2 build left: no order tables.
        let raw = RawDatabase(path)
        #expect(raw.exec("""
            DROP TABLE order_items; DROP TABLE orders; DROP TABLE customers;
            \(Self.outboxIndexesBeforeSchema4)
            PRAGMA user_version = 2;
            """) == 0)
        let store = try SQLiteConversationStore(path: path)
        defer { store.close() }
        #expect(try await store.load(alice)?.version == 1)
        var t = turn(alice, expected: 1)
        t.orders = [Self.yerba(try await store.newOrderId())]
        _ = try await store.commit(t)
        #expect(try await store.order(id: 1)?.total == 10_400)
        #expect(RawDatabase(path).text("PRAGMA user_version") == "6")
        #expect(RawDatabase(path).text("SELECT group_concat(name, ' ') FROM (SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'outbox' AND sql IS NOT NULL ORDER BY name)")
                == "outbox_conversation_pending outbox_dead outbox_pending_due")
    }

    @Test("an order id that is another contact's order fails the turn and leaves that order alone")
    func idClash() async throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let store = try SQLiteConversationStore(path: dir.file("store.db"))
        defer { store.close() }
        var first = turn(alice, expected: nil)
        first.orders = [Self.yerba(7)]
        _ = try await store.commit(first)
        // Another process on the same file handed out 7 too.
        var clash = turn(bob, expected: nil)
        clash.orders = [Self.yerba(7, contact: bob.contact, qty: 9)]
        await expectError(matching: { if case .constraint = $0 { true } else { false } }) { () throws(StoreError) in
            try await store.commit(clash)
        }
        #expect(try await store.order(id: 7) == Self.yerba(7))
        #expect(try await store.load(bob) == nil, "the whole turn was rolled back")
        #expect(try await store.newOrderId() == 8, "ids go on after what the file holds")
    }
}
