import FlowStore
import Testing

/// The same behaviour asked of every ``ConversationStore``.
@Suite struct ContractTests {
    @Test(arguments: StoreKind.allCases)
    func roundTripsEveryRecordKind(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            #expect(try await store.load(alice) == nil)
            #expect(try await store.conversationCount() == 0)
            let full = TurnCommit(
                key: alice, expectedVersion: nil, bundleHash: "sha256:1", status: .waiting,
                state: Array(0...255), now: 1_700_000_000_000,
                inbound: MessageRecord(direction: .inbound, providerMessageId: "wamid.1", body: #"{"text":"hola ñ 👋"}"#, status: "received", createdAt: 1_700_000_000_000),
                outbound: [
                    MessageRecord(direction: .outbound, body: #"{"text":"one"}"#, status: "queued", createdAt: 1_700_000_000_001),
                    MessageRecord(direction: .outbound, providerMessageId: "wamid.out.2", body: #"{"text":"two"}"#, status: "sent", createdAt: 1_700_000_000_002),
                ],
                outbox: [
                    OutboxItem(idempotencyKey: "k1", payload: #"{"to":"a","n":1}"#, nextAttemptAt: 10),
                    OutboxItem(idempotencyKey: "k2", payload: #"{"to":"a","n":2}"#, attempts: 1, nextAttemptAt: 20, channel: 2),
                ],
                setTimers: [TimerRecord(name: "reminder", dueAt: 500), TimerRecord(name: "timeout", dueAt: 900)],
                events: [EventRecord(name: "flow_started", properties: #"{"flow":"order"}"#, at: 1), EventRecord(name: "step", at: 2)])
            #expect(try await store.commit(full) == 1)

            let loaded = try #require(try await store.load(alice))
            #expect(loaded.key == alice)
            #expect(loaded.version == 1)
            #expect(loaded.bundleHash == "sha256:1")
            #expect(loaded.status == .waiting)
            #expect(loaded.state == Array(0...255))
            #expect(loaded.updatedAt == 1_700_000_000_000)
            #expect(try await store.history(alice, limit: 10) == [full.inbound].compactMap { $0 } + full.outbound)
            #expect(try await store.events(alice) == full.events)
            #expect(try await store.hasInbound(providerMessageId: "wamid.1"))
            #expect(try await !store.hasInbound(providerMessageId: "wamid.out.2"), "outbound ids are not inbound")
            #expect(try await !store.hasInbound(providerMessageId: "wamid.other"))

            let due = try await store.dueTimers(at: 1_000, limit: 10)
            #expect(due.map(\.key) == [alice, alice])
            #expect(due.map(\.timer) == [
                TimerRecord(conversationId: loaded.id, name: "reminder", dueAt: 500),
                TimerRecord(conversationId: loaded.id, name: "timeout", dueAt: 900),
            ])
            let outbox = try await store.pendingOutbox(dueAt: 100, limit: 10)
            #expect(outbox.map(\.idempotencyKey) == ["k1", "k2"])
            #expect(outbox.allSatisfy { $0.conversationId == loaded.id && $0.id > 0 && $0.status == "pending" })
            #expect(outbox.map(\.payload) == [#"{"to":"a","n":1}"#, #"{"to":"a","n":2}"#])
            #expect(outbox.map(\.attempts) == [0, 1])
            #expect(outbox.map(\.channel) == [0, 2], "the channel a reply goes out on is kept")
            #expect(try await store.conversationCount() == 1)
            #expect(try await store.load(bob) == nil)
            #expect(try await store.history(bob, limit: 10) == [])
            #expect(try await store.events(bob) == [])
        }
    }

    @Test("the bundles in use are those of the conversations not ended", arguments: StoreKind.allCases)
    func bundlesInUse(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            #expect(try await store.bundlesInUse() == [])
            let carol = ConversationKey(bot: "shop", contact: "carol")
            for (key, hash, status) in [(alice, "h1", ConversationStatus.waiting), (bob, "h2", .ended), (carol, "h1", .handoff)] {
                _ = try await store.commit(TurnCommit(key: key, expectedVersion: nil, bundleHash: hash, status: status, state: [1], now: 1))
            }
            #expect(try await store.bundlesInUse() == ["h1"])
            // Bob's conversation starts again on a newer bundle; Alice's ends.
            _ = try await store.commit(TurnCommit(key: bob, expectedVersion: 1, bundleHash: "h3", status: .active, state: [2], now: 2))
            _ = try await store.commit(TurnCommit(key: alice, expectedVersion: 1, bundleHash: "h1", status: .ended, state: [3], now: 3))
            #expect(try await store.bundlesInUse() == ["h1", "h3"], "carol's handoff still holds h1")
        }
    }

    @Test("the conversations in handoff, the one waiting longest first, with their latest handoff event", arguments: StoreKind.allCases)
    func handoffs(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            #expect(try await store.handoffs(bot: "shop", limit: 10) == [])
            #expect(try await store.handoffCounts() == [:])
            let carol = ConversationKey(bot: "shop", contact: "carol")
            let other = ConversationKey(bot: "other", contact: "dave")
            // Bob was handed off first (at 20), then Alice (at 30); Carol waits for an answer; Dave is another bot's.
            _ = try await store.commit(TurnCommit(key: alice, expectedVersion: nil, bundleHash: "h", status: .waiting, state: [1], now: 10))
            _ = try await store.commit(TurnCommit(key: bob, expectedVersion: nil, bundleHash: "h", status: .handoff, state: [1], now: 20,
                                                  events: [EventRecord(name: "handoff", properties: #"{"queue":"ventas"}"#, at: 20)]))
            _ = try await store.commit(TurnCommit(key: alice, expectedVersion: 1, bundleHash: "h", status: .handoff, state: [2], now: 30,
                                                  events: [EventRecord(name: "step", at: 30), EventRecord(name: "handoff", properties: #"{"queue":"soporte"}"#, at: 30)]))
            _ = try await store.commit(TurnCommit(key: carol, expectedVersion: nil, bundleHash: "h", status: .waiting, state: [1], now: 5))
            _ = try await store.commit(TurnCommit(key: other, expectedVersion: nil, bundleHash: "h", status: .handoff, state: [1], now: 1,
                                                  events: [EventRecord(name: "handoff", properties: #"{"queue":null}"#, at: 1)]))
            // Bob writes while he waits: his wait still dates from his handoff.
            _ = try await store.commit(TurnCommit(key: bob, expectedVersion: 1, bundleHash: "h", status: .handoff, state: [2], now: 40))
            #expect(try await store.handoffs(bot: "shop", limit: 10) == [
                HandoffRecord(contact: bob.contact, properties: #"{"queue":"ventas"}"#, since: 20),
                HandoffRecord(contact: alice.contact, properties: #"{"queue":"soporte"}"#, since: 30),
            ])
            #expect(try await store.handoffs(bot: "shop", limit: 1).map(\.contact) == [bob.contact])
            #expect(try await store.handoffs(bot: "shop", limit: 0) == [])
            #expect(try await store.handoffCounts() == ["shop": 2, "other": 1])
            // Released and handed off again later: the latest handoff counts.
            _ = try await store.commit(TurnCommit(key: bob, expectedVersion: 2, bundleHash: "h", status: .waiting, state: [3], now: 50))
            _ = try await store.commit(TurnCommit(key: bob, expectedVersion: 3, bundleHash: "h", status: .handoff, state: [4], now: 60,
                                                  events: [EventRecord(name: "handoff", properties: #"{"queue":"caja"}"#, at: 60)]))
            #expect(try await store.handoffs(bot: "shop", limit: 10) == [
                HandoffRecord(contact: alice.contact, properties: #"{"queue":"soporte"}"#, since: 30),
                HandoffRecord(contact: bob.contact, properties: #"{"queue":"caja"}"#, since: 60),
            ])
            // A conversation in handoff without a handoff event (written by hand, or by a tool) dates from its last turn.
            _ = try await store.commit(TurnCommit(key: carol, expectedVersion: 1, bundleHash: "h", status: .handoff, state: [2], now: 45))
            #expect(try await store.handoffs(bot: "shop", limit: 10).map(\.contact) == [alice.contact, carol.contact, bob.contact])
            #expect(try await store.handoffs(bot: "shop", limit: 10)[1] == HandoffRecord(contact: carol.contact, properties: nil, since: 45))
        }
    }

    @Test(arguments: StoreKind.allCases)
    func emptyAndUnusualValuesRoundTrip(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let odd = ConversationKey(bot: "", contact: "nul\u{0}inside ✓")
            var t = turn(odd, expected: nil, state: [])
            t.bundleHash = ""
            t.outbound = [MessageRecord(direction: .outbound, body: "", status: "queued", createdAt: -1)]
            t.events = [EventRecord(name: "e\u{0}x", properties: "", at: Int64.max)]
            #expect(try await store.commit(t) == 1)
            let loaded = try #require(try await store.load(odd))
            #expect(loaded.state == [])
            #expect(loaded.bundleHash == "")
            #expect(try await store.history(odd, limit: 5) == t.outbound)
            // PostgreSQL's text cannot hold NUL: it stores U+FFFD instead (documented on the store).
            let storedEvents = kind == .postgres ? [EventRecord(name: "e\u{FFFD}x", properties: "", at: Int64.max)] : t.events
            #expect(try await store.events(odd) == storedEvents)
            #expect(try await store.history(odd, limit: 0) == [])
            #expect(try await store.dueTimers(at: .max, limit: 0).isEmpty)
            #expect(try await store.pendingOutbox(dueAt: .max, limit: 0) == [])
        }
    }

    @Test(arguments: StoreKind.allCases)
    func optimisticConcurrencyConflicts(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            #expect(try await store.commit(turn(alice, expected: nil, state: [1])) == 1)
            #expect(try await store.commit(turn(alice, expected: 1, state: [2])) == 2)
            await expectError(.conflict(expected: 1, actual: 2)) { () async throws(StoreError) in
                try await store.commit(turn(alice, expected: 1, state: [9]))
            }
            await expectError(.conflict(expected: nil, actual: 2)) { () async throws(StoreError) in
                try await store.commit(turn(alice, expected: nil, state: [9]))
            }
            await expectError(.conflict(expected: 5, actual: nil)) { () async throws(StoreError) in
                try await store.commit(turn(bob, expected: 5, state: [9]))
            }
            let loaded = try #require(try await store.load(alice))
            #expect(loaded.version == 2)
            #expect(loaded.state == [2])
            #expect(try await store.history(alice, limit: 100).count == 2, "failed turns wrote no messages")
            #expect(try await store.load(bob) == nil)
            #expect(try await store.conversationCount() == 1)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func duplicateInboundRejectsTheWholeTurn(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            _ = try await store.commit(turn(alice, expected: nil, state: [1], inbound: "wamid.A"))
            var replay = turn(alice, expected: 1, state: [7], now: 2_000, inbound: "wamid.A", status: .ended)
            replay.outbox = [OutboxItem(idempotencyKey: "replay", payload: "{}", nextAttemptAt: 0)]
            replay.setTimers = [TimerRecord(name: "t", dueAt: 1)]
            replay.events = [EventRecord(name: "replayed", at: 2_000)]
            await expectError(.duplicateInbound("wamid.A")) { () async throws(StoreError) in
                try await store.commit(replay)
            }
            // The same id for another conversation is a duplicate too (provider ids are global).
            await expectError(.duplicateInbound("wamid.A")) { () async throws(StoreError) in
                try await store.commit(turn(bob, expected: nil, inbound: "wamid.A"))
            }
            let loaded = try #require(try await store.load(alice))
            #expect(loaded.version == 1)
            #expect(loaded.state == [1])
            #expect(loaded.status == .waiting)
            #expect(loaded.updatedAt == 1_000)
            #expect(try await store.history(alice, limit: 100).count == 2)
            #expect(try await store.events(alice) == [])
            #expect(try await store.pendingOutbox(dueAt: .max, limit: 10) == [])
            #expect(try await store.dueTimers(at: .max, limit: 10).isEmpty)
            #expect(try await store.load(bob) == nil)
            // A new message goes through.
            #expect(try await store.commit(turn(alice, expected: 1, inbound: "wamid.B")) == 2)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func duplicateOutboundProviderIdIsAConstraintError(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            var first = turn(alice, expected: nil)
            first.outbound[0].providerMessageId = "wamid.out"
            _ = try await store.commit(first)
            var second = turn(alice, expected: 1, state: [5])
            second.outbound[0].providerMessageId = "wamid.out"
            let error = await expectError(matching: { if case .constraint = $0 { true } else { false } }) { () async throws(StoreError) in
                try await store.commit(second)
            }
            #expect(error?.description.contains("wamid.out") == true)
            #expect(try await store.load(alice)?.version == 1)
            #expect(try await store.history(alice, limit: 10).count == 1)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func endedConversationIsReplacedAndHistoryStays(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            _ = try await store.commit(turn(alice, expected: nil, state: [1], now: 1, inbound: "m1", status: .ended))
            var next = turn(alice, expected: 1, state: [42], now: 2, inbound: "m2", status: .active)
            next.bundleHash = "sha256:new"
            #expect(try await store.commit(next) == 2)
            let loaded = try #require(try await store.load(alice))
            #expect(loaded.state == [42])
            #expect(loaded.status == .active)
            #expect(loaded.bundleHash == "sha256:new")
            #expect(try await store.conversationCount() == 1)
            let history = try await store.history(alice, limit: 10)
            #expect(history.map(\.providerMessageId) == ["m1", nil, "m2", nil])
            #expect(try await store.history(alice, limit: 3).map(\.providerMessageId) == [nil, "m2", nil], "the newest, newest last")
        }
    }

    @Test(arguments: StoreKind.allCases)
    func timersReplaceCancelAndComeDueInOrder(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            var a = turn(alice, expected: nil)
            a.setTimers = [TimerRecord(name: "reminder", dueAt: 300), TimerRecord(name: "timeout", dueAt: 100)]
            _ = try await store.commit(a)
            var b = turn(bob, expected: nil)
            b.setTimers = [TimerRecord(name: "reminder", dueAt: 100), TimerRecord(name: "alarm", dueAt: 100)]
            _ = try await store.commit(b)
            let aliceId = try #require(try await store.load(alice)).id
            let bobId = try #require(try await store.load(bob)).id

            #expect(aliceId < bobId)

            // Earliest first; ties by conversation id, then name.
            var due = try await store.dueTimers(at: 100, limit: 10)
            #expect(due.map { "\($0.key.contact) \($0.timer.name) \($0.timer.dueAt)" } == [
                "\(alice.contact) timeout 100", "\(bob.contact) alarm 100", "\(bob.contact) reminder 100",
            ])
            #expect(try await store.dueTimers(at: 99, limit: 10).isEmpty)
            #expect(try await store.dueTimers(at: 1_000, limit: 2).count == 2)

            // Setting a name again replaces it; cancel removes; cancel and set in one turn: set wins.
            var a2 = turn(alice, expected: 1)
            a2.setTimers = [TimerRecord(name: "reminder", dueAt: 50), TimerRecord(name: "timeout", dueAt: 5_000)]
            a2.cancelTimers = ["timeout", "unknown"]
            _ = try await store.commit(a2)
            var b2 = turn(bob, expected: 1)
            b2.cancelTimers = ["alarm"]
            _ = try await store.commit(b2)
            due = try await store.dueTimers(at: 10_000, limit: 10)
            #expect(due.map(\.timer) == [
                TimerRecord(conversationId: aliceId, name: "reminder", dueAt: 50),
                TimerRecord(conversationId: bobId, name: "reminder", dueAt: 100),
                TimerRecord(conversationId: aliceId, name: "timeout", dueAt: 5_000),
            ])
            #expect(due.map(\.key) == [alice, bob, alice])
        }
    }

    @Test(arguments: StoreKind.allCases)
    func outboxPendingAndMark(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            // Due order across conversations (a conversation's own items never overtake each other).
            var b = turn(bob, expected: nil)
            b.outbox = [OutboxItem(idempotencyKey: "late", payload: "{}", nextAttemptAt: 500)]
            _ = try await store.commit(b)
            var t = turn(alice, expected: nil)
            t.outbox = [
                OutboxItem(idempotencyKey: "early", payload: "{}", nextAttemptAt: 100),
                OutboxItem(idempotencyKey: "same-time", payload: "{}", nextAttemptAt: 100),
            ]
            _ = try await store.commit(t)
            var pending = try await store.pendingOutbox(dueAt: 100, limit: 10)
            #expect(pending.map(\.idempotencyKey) == ["early", "same-time"])
            #expect(try await store.pendingOutbox(dueAt: 1_000, limit: 1).map(\.idempotencyKey) == ["early"])

            let early = pending[0]
            try await store.markOutbox(id: early.id, status: "sent", attempts: 1, nextAttemptAt: 100)
            let retry = pending[1]
            try await store.markOutbox(id: retry.id, status: "pending", attempts: 1, nextAttemptAt: 700)
            pending = try await store.pendingOutbox(dueAt: 600, limit: 10)
            #expect(pending.map(\.idempotencyKey) == ["late"])
            pending = try await store.pendingOutbox(dueAt: 700, limit: 10)
            #expect(pending.map(\.idempotencyKey) == ["late", "same-time"])
            #expect(pending[1].attempts == 1)
            try await store.markOutbox(id: retry.id, status: "dead", attempts: 5, nextAttemptAt: 700)
            #expect(try await store.pendingOutbox(dueAt: .max, limit: 10).map(\.idempotencyKey) == ["late"])

            await expectError(matching: { if case .notFound = $0 { true } else { false } }) { () async throws(StoreError) in
                try await store.markOutbox(id: 999_999, status: "sent", attempts: 1, nextAttemptAt: 0)
            }

            // A replayed idempotency key keeps the stored item.
            var replay = turn(alice, expected: 1)
            replay.outbox = [OutboxItem(idempotencyKey: "late", payload: #"{"again":true}"#, nextAttemptAt: 0)]
            _ = try await store.commit(replay)
            let all = try await store.pendingOutbox(dueAt: .max, limit: 10)
            #expect(all.count == 1)
            #expect(all.first?.payload == "{}")
            #expect(all.first?.nextAttemptAt == 500)
        }
    }
}
