import FlowStore
import Testing

/// The daemon's inbox, send outcomes and delivery statuses, asked of every store.
@Suite struct InboxTests {
    func item(_ id: String, contact: String = "5491155551234") -> InboxItem {
        InboxItem(bot: "shop", contact: contact, channel: "whatsapp_cloud", externalId: id, payload: #"{"id":"\#(id)"}"#, receivedAt: 1)
    }

    @Test(arguments: StoreKind.allCases)
    func redeliveriesAreStoredOnceAndProcessedOnce(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let first = try await store.enqueueInbox([item("wamid.1"), item("wamid.2")])
            #expect(first.allSatisfy { $0 != nil })
            let again = try await store.enqueueInbox([item("wamid.1"), item("wamid.3")])
            #expect(again[0] == nil, "the redelivery is a duplicate")
            #expect(again[1] != nil)
            var other = item("wamid.1")
            other.channel = "twilio"
            #expect(try await store.enqueueInbox([other])[0] != nil, "ids are per channel")
            let pending = try await store.pendingInbox(limit: 10)
            #expect(pending.map(\.externalId) == ["wamid.1", "wamid.2", "wamid.3", "wamid.1"])
            #expect(pending.map(\.id) == pending.map(\.id).sorted())

            // A turn for an inbox item marks it processed; replaying that turn fails and writes nothing.
            let id = try #require(first[0])
            let turn = TurnCommit(key: alice, expectedVersion: nil, bundleHash: "h", status: .waiting, state: [1], now: 5, inboxId: id)
            #expect(try await store.commit(turn) == 1)
            #expect(try await store.pendingInbox(limit: 10).map(\.id).contains(id) == false)
            var replay = turn
            replay.expectedVersion = 1
            await #expect(throws: StoreError.duplicateInbound("inbox item \(id)")) { try await store.commit(replay) }
            #expect(try await store.load(alice)?.version == 1)
            var unknown = turn
            unknown.expectedVersion = 1
            unknown.inboxId = 999_999
            await #expect(throws: StoreError.self) { try await store.commit(unknown) }

            let ignored = try #require(first[1])
            try await store.markInboxProcessed(id: ignored, at: 6)
            #expect(try await store.pendingInbox(limit: 10).count == 2)
            await #expect(throws: StoreError.self) { try await store.markInboxProcessed(id: 999_999, at: 6) }
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aDeferredItemHoldsBackItsConversationsLaterItems(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            func turn(_ key: ConversationKey, expected: Int64?, now: Int64, keys: [String]) -> TurnCommit {
                TurnCommit(key: key, expectedVersion: expected, bundleHash: "h", status: .waiting, state: [], now: now,
                           outbox: keys.map { OutboxItem(idempotencyKey: $0, payload: "{}", nextAttemptAt: now) })
            }
            _ = try await store.commit(turn(alice, expected: nil, now: 1, keys: ["a0", "a1"]))
            _ = try await store.commit(turn(bob, expected: nil, now: 1, keys: ["b0"]))
            let first = try await store.pendingOutbox(dueAt: 10, limit: 10)
            #expect(first.map(\.idempotencyKey) == ["a0", "a1", "b0"])
            // a0 waits until 500 (a send slot, a retry): a1 may not overtake it; bob is not held back.
            try await store.recordSend(SendRecord(id: first[0].id, status: "pending", attempts: 0, nextAttemptAt: 500))
            #expect(try await store.pendingOutbox(dueAt: 10, limit: 10).map(\.idempotencyKey) == ["b0"])
            // A later turn of alice queues behind a0 too.
            _ = try await store.commit(turn(alice, expected: 1, now: 20, keys: ["a2"]))
            #expect(try await store.pendingOutbox(dueAt: 499, limit: 10).map(\.idempotencyKey) == ["b0"])
            #expect(try await store.pendingOutbox(dueAt: 500, limit: 10).map(\.idempotencyKey) == ["b0", "a0", "a1", "a2"])
            // markOutbox holds back too.
            try await store.markOutbox(id: first[0].id, status: "pending", attempts: 1, nextAttemptAt: 800)
            #expect(try await store.pendingOutbox(dueAt: 799, limit: 10).map(\.idempotencyKey) == ["b0"])
            // A sent item holds nothing back.
            try await store.recordSend(SendRecord(id: first[2].id, status: "sent", attempts: 1, nextAttemptAt: 30))
            _ = try await store.commit(turn(bob, expected: 1, now: 40, keys: ["b1"]))
            #expect(try await store.pendingOutbox(dueAt: 40, limit: 10).map(\.idempotencyKey) == ["b1"])
        }
    }

    @Test(arguments: StoreKind.allCases)
    func sendsReachTheMessageAndStatusesOnlyMoveForward(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let turn = TurnCommit(
                key: alice, expectedVersion: nil, bundleHash: "h", status: .waiting, state: [], now: 1,
                outbound: [MessageRecord(direction: .outbound, body: #"{"text":"a"}"#, status: "queued", createdAt: 1),
                           MessageRecord(direction: .outbound, body: #"{"text":"b"}"#, status: "queued", createdAt: 1)],
                outbox: [OutboxItem(idempotencyKey: "k0", payload: "{}", nextAttemptAt: 1, messageIndex: 0),
                         OutboxItem(idempotencyKey: "k1", payload: "{}", nextAttemptAt: 1, messageIndex: 1)])
            _ = try await store.commit(turn)
            let items = try await store.pendingOutbox(dueAt: 10, limit: 10)
            #expect(items.count == 2)
            // The first is sent; the second fails once and moves to the fallback channel.
            try await store.recordSend(SendRecord(id: items[0].id, status: "sent", attempts: 1, nextAttemptAt: 2, providerMessageId: "wamid.OUT"))
            try await store.recordSend(SendRecord(id: items[1].id, status: "pending", attempts: 1, nextAttemptAt: 50, error: "HTTP 500", channel: 1))
            let retry = try await store.pendingOutbox(dueAt: 60, limit: 10)
            #expect(retry.map(\.idempotencyKey) == ["k1"])
            #expect(retry.first?.channel == 1 && retry.first?.lastError == "HTTP 500" && retry.first?.attempts == 1)
            #expect(try await store.history(alice, limit: 10).map(\.status) == ["sent", "queued"])
            #expect(try await store.history(alice, limit: 10).first?.providerMessageId == "wamid.OUT")

            #expect(try await store.updateDelivery(providerMessageId: "wamid.OUT", status: .read))
            #expect(try await !store.updateDelivery(providerMessageId: "wamid.OUT", status: .delivered), "read does not go back")
            #expect(try await !store.updateDelivery(providerMessageId: "wamid.OUT", status: .sent))
            #expect(try await !store.updateDelivery(providerMessageId: "wamid.unknown", status: .read))
            #expect(try await store.updateDelivery(providerMessageId: "wamid.OUT", status: .failed))
            #expect(try await !store.updateDelivery(providerMessageId: "wamid.OUT", status: .read), "failed is final")
            #expect(try await store.history(alice, limit: 10).first?.status == "failed")

            try await store.recordSend(SendRecord(id: items[1].id, status: "dead", attempts: 8, nextAttemptAt: 70, error: "gave up"))
            let dead = try await store.outbox(status: "dead", limit: 10)
            #expect(dead.map(\.idempotencyKey) == ["k1"] && dead.first?.lastError == "gave up")
            #expect(try await store.history(alice, limit: 10).map(\.status) == ["failed", "failed"], "a dead letter's message failed")
            #expect(try await store.pendingOutbox(dueAt: 1_000, limit: 10).isEmpty)
            await #expect(throws: StoreError.self) { try await store.recordSend(SendRecord(id: 999_999, status: "sent", attempts: 1, nextAttemptAt: 1)) }
        }
    }

    @Test func deliveryOrder() {
        #expect(DeliveryStatus.sent.mayMove(to: .delivered))
        #expect(DeliveryStatus.queued.mayMove(to: .read))
        #expect(!DeliveryStatus.read.mayMove(to: .delivered))
        #expect(DeliveryStatus.read.mayMove(to: .failed))
        #expect(!DeliveryStatus.failed.mayMove(to: .read))
        #expect(!DeliveryStatus.sent.mayMove(to: .sent))
    }
}
