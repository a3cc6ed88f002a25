import FlowPostgres
import FlowStore
import Testing

/// What only the PostgreSQL store does (several daemons share it), and its URLs.
@Suite struct PostgresStoreTests {
    @Test("a store URL is read as libpq reads it; a wrong one says what is wrong, never showing the password")
    func urls() throws {
        let full = try PostgresLocation(url: "postgres://flow%40c:p%3Ass@db.example:6543/shop%20bots?sslmode=require&connect_timeout=3&application_name=node1")
        #expect(full.user == "flow@c" && full.password == "p:ss" && full.host == "db.example" && full.port == 6543)
        #expect(full.database == "shop bots" && full.sslMode == "require" && full.connectTimeoutSeconds == 3 && full.applicationName == "node1")
        #expect(full.description == "postgres://flow@c@db.example:6543/shop bots", "no password in what is shown")
        let short = try PostgresLocation(url: "postgresql://ana@[::1]")
        #expect(short.host == "::1" && short.port == 5432 && short.database == "ana" && short.sslMode == "prefer")
        #expect(short.description == "postgres://ana@[::1]:5432/ana")
        #expect(PostgresLocation.isURL("postgres://x") && !PostgresLocation.isURL("sqlite:x.db"))
        // A `/` or `?` in a password written without escaping stays in the password.
        let unescaped = try PostgresLocation(url: "postgres://u:ab/c?d@db.example/shop")
        #expect(unescaped.password == "ab/c?d" && unescaped.host == "db.example" && unescaped.database == "shop")

        let wrong: [(String, String)] = [
            ("postgres://db.example/shop", "names no user"),
            ("postgres://u:secret@h:99999/d", "port `99999` is not a port number"),
            ("postgres://u:secret@h/d?sslmode=maybe", "sslmode `maybe`"),
            ("postgres://u:secret@h/d?pool=9", "option `pool` is not known"),
            ("postgres://u:sec%zzret@h/d", "broken percent escape in the password"),
            ("postgres://u:secret@h/d?connect_timeout=0", "connect_timeout `0`"),
        ]
        for (url, message) in wrong {
            do {
                _ = try PostgresLocation(url: url)
                Issue.record("\(url) was accepted")
            } catch {
                #expect("\(error)".contains(message), "\(url): \(error)")
                #expect(!"\(error)".contains("secret") && !"\(error)".contains("sec%zz"), "\(url): the password is shown: \(error)")
            }
        }
    }

    @Test("the outbox worker's claim: what one daemon sends, no other gets, and a conversation's replies keep their order",
          .enabled(if: TestPostgres.url != nil))
    func claims() async throws {
        try await withStore(.postgres) { store in
            var a = turn(alice, expected: nil)
            a.outbox = [OutboxItem(idempotencyKey: "a0", payload: "{}", nextAttemptAt: 100),
                        OutboxItem(idempotencyKey: "a1", payload: "{}", nextAttemptAt: 100)]
            _ = try await store.commit(a)
            var b = turn(bob, expected: nil)
            b.outbox = [OutboxItem(idempotencyKey: "b0", payload: "{}", nextAttemptAt: 100)]
            _ = try await store.commit(b)

            let first = try await store.claimOutbox(dueAt: 100, limit: 2)
            #expect(first.map(\.idempotencyKey) == ["a0", "a1"])
            #expect(first.map(\.nextAttemptAt) == [100, 100], "a claim does not change when an item is due")
            // Another daemon, at the same time: alice's items are taken, bob's is not.
            #expect(try await store.claimOutbox(dueAt: 100, limit: 10).map(\.idempotencyKey) == ["b0"])
            #expect(try await store.claimOutbox(dueAt: 200, limit: 10).isEmpty, "everything is claimed")
            #expect(try await store.pendingOutbox(dueAt: 200, limit: 10).count == 3, "reading the outbox is not claiming")

            // A new turn of alice's queues behind her claimed items without inheriting the claim.
            var later = turn(alice, expected: 1, now: 150)
            later.outbox = [OutboxItem(idempotencyKey: "a2", payload: "{}", nextAttemptAt: 150)]
            _ = try await store.commit(later)
            #expect(try await store.claimOutbox(dueAt: 200, limit: 10).isEmpty, "a2 waits for alice's claimed items")

            // a0 is sent; a1 must wait for a send slot at 300: the claim ends, a2 waits behind a1.
            try await store.recordSend(SendRecord(id: first[0].id, status: "sent", attempts: 1, nextAttemptAt: 120))
            try await store.recordSend(SendRecord(id: first[1].id, status: "pending", attempts: 0, nextAttemptAt: 300))
            #expect(try await store.claimOutbox(dueAt: 299, limit: 10).isEmpty)
            #expect(try await store.claimOutbox(dueAt: 300, limit: 10).map(\.idempotencyKey) == ["a1", "a2"])

            // A daemon that died with a claim: after the claim's time, another sends the item.
            let lease = PostgresConversationStore.claimMilliseconds
            #expect(try await store.claimOutbox(dueAt: 100 + lease - 1, limit: 10).isEmpty)
            #expect(try await store.claimOutbox(dueAt: 100 + lease, limit: 10).map(\.idempotencyKey) == ["b0"])
            #expect(try await store.claimOutbox(dueAt: 300 + lease, limit: 10).map(\.idempotencyKey) == ["a1", "a2"])
        }
    }

    @Test("an inbound message runs after the earlier ones of its conversation that another daemon holds",
          .enabled(if: TestPostgres.url != nil))
    func inboundOrder() async throws {
        try await withStore(.postgres) { store in
            let items = (1...2).map { InboxItem(bot: alice.bot, contact: alice.contact, channel: "whatsapp_cloud", externalId: "w\($0)", payload: "{}", receivedAt: 1) }
            let ids = try await store.enqueueInbox(items + [InboxItem(bot: bob.bot, contact: bob.contact, channel: "whatsapp_cloud",
                                                                      externalId: "x1", payload: "{}", receivedAt: 1)])
            var second = turn(alice, expected: nil, inbound: "w2")
            second.inboxId = ids[1]
            await expectError(matching: { if case .notInOrder = $0 { true } else { false } }) { () async throws(StoreError) in
                try await store.commit(second)
            }
            #expect(try await store.load(alice) == nil, "nothing was written")
            var bobs = turn(bob, expected: nil, inbound: "x1")
            bobs.inboxId = ids[2]
            #expect(try await store.commit(bobs) == 1, "another conversation is not held back")
            var first = turn(alice, expected: nil, inbound: "w1")
            first.inboxId = ids[0]
            #expect(try await store.commit(first) == 1)
            second.expectedVersion = 1
            #expect(try await store.commit(second) == 2)
        }
    }

    @Test("timers and inbox items left behind are claimed by one daemon at a time", .enabled(if: TestPostgres.url != nil))
    func sweepClaims() async throws {
        try await withStore(.postgres) { store in
            #expect(store.sharedByDaemons)
            var a = turn(alice, expected: nil)
            a.setTimers = [TimerRecord(name: "timeout", dueAt: 500)]
            _ = try await store.commit(a)
            #expect(try await store.claimDueTimers(at: 499, limit: 10).isEmpty)
            #expect(try await store.claimDueTimers(at: 500, limit: 10).map(\.key) == [alice])
            #expect(try await store.claimDueTimers(at: 600, limit: 10).isEmpty, "another daemon does not get it")
            #expect(try await store.dueTimers(at: 600, limit: 10).count == 1, "reading is not claiming")
            // The turn that fires it sets it again (a new wait): claimable again when due.
            var again = turn(alice, expected: 1)
            again.setTimers = [TimerRecord(name: "timeout", dueAt: 900)]
            _ = try await store.commit(again)
            #expect(try await store.claimDueTimers(at: 900, limit: 10).map(\.key) == [alice])

            let ids = try await store.enqueueInbox([
                InboxItem(bot: bob.bot, contact: bob.contact, channel: "twilio", externalId: "x1", payload: "{}", receivedAt: 1_000),
                InboxItem(bot: bob.bot, contact: bob.contact, channel: "twilio", externalId: "x2", payload: "{}", receivedAt: 40_000),
            ])
            #expect(try await store.claimStaleInbox(now: 30_999, olderThan: 30_000, limit: 10).isEmpty)
            #expect(try await store.claimStaleInbox(now: 31_000, olderThan: 30_000, limit: 10).map(\.id) == [ids[0]])
            #expect(try await store.claimStaleInbox(now: 70_000, olderThan: 30_000, limit: 10).map(\.id) == [ids[1]],
                    "the first is still claimed")
            let first = try #require(ids[0])
            #expect(try await store.inboxWaits(InboxItem(id: try #require(ids[1]), bot: bob.bot, contact: bob.contact, channel: "twilio",
                                                         externalId: "x2", payload: "{}", receivedAt: 40_000)))
            try await store.markInboxProcessed(id: first, at: 80_000)
            #expect(try await store.claimStaleInbox(now: 200_000, olderThan: 30_000, limit: 10).map(\.id) == [ids[1]])
        }
    }

    @Test("a daemon still working on an inbox item, a timer or a send keeps it: renewed claims hold off other daemons' sweeps",
          .enabled(if: TestPostgres.url != nil))
    func renewedClaims() async throws {
        try await withStore(.postgres) { store in
            let ids = try await store.enqueueInbox([
                InboxItem(bot: bob.bot, contact: bob.contact, channel: "twilio", externalId: "slow", payload: "{}", receivedAt: 1_000),
                InboxItem(bot: alice.bot, contact: alice.contact, channel: "twilio", externalId: "done", payload: "{}", receivedAt: 1_000),
            ])
            let slow = try #require(ids[0])
            var a = turn(alice, expected: nil)
            a.setTimers = [TimerRecord(name: "timeout", dueAt: 500)]
            a.outbox = [OutboxItem(idempotencyKey: "a0", payload: "{}", nextAttemptAt: 500)]
            _ = try await store.commit(a)
            #expect(try await store.claimDueTimers(at: 500, limit: 10).map(\.key) == [alice])
            #expect(try await store.claimOutbox(dueAt: 500, limit: 10).map(\.idempotencyKey) == ["a0"])
            try await store.markInboxProcessed(id: try #require(ids[1]), at: 2_000)

            // The webhook's daemon is still on `slow` 25 s later (a slow action), on the timer's turn and the send.
            try await store.renewClaims(HeldClaims(inbox: [slow, try #require(ids[1])], timerConversations: [alice, ConversationKey(bot: "shop", contact: "carol")],
                                                   outbox: [99_999]), at: 25_000)
            try await store.renewClaims(HeldClaims(outbox: try await store.pendingOutbox(dueAt: 500, limit: 10).map(\.id)), at: 25_000)
            #expect(try await store.claimStaleInbox(now: 31_000, olderThan: 30_000, limit: 10).isEmpty,
                    "without the renewal another daemon would take it up at 31 s and run its actions again")
            #expect(try await store.claimDueTimers(at: 80_000, limit: 10).isEmpty)
            #expect(try await store.claimOutbox(dueAt: 80_000, limit: 10).isEmpty)
            // The daemon died: the claims run out a minute after the last renewal.
            #expect(try await store.claimStaleInbox(now: 85_000, olderThan: 30_000, limit: 10).map(\.id) == [slow],
                    "a processed item is never claimed, renewed or not")
            #expect(try await store.claimDueTimers(at: 85_000, limit: 10).map(\.key) == [alice])
            #expect(try await store.claimOutbox(dueAt: 85_000, limit: 10).map(\.idempotencyKey) == ["a0"])
        }
    }

    @Test("a stopping daemon gives its claims back: the work is another daemon's at once, not a minute later",
          .enabled(if: TestPostgres.url != nil))
    func releasedClaims() async throws {
        try await withStore(.postgres) { store in
            let ids = try await store.enqueueInbox([
                InboxItem(bot: bob.bot, contact: bob.contact, channel: "twilio", externalId: "queued", payload: "{}", receivedAt: 1_000),
            ])
            let queued = try #require(ids[0])
            var a = turn(alice, expected: nil)
            a.setTimers = [TimerRecord(name: "timeout", dueAt: 500)]
            a.outbox = [OutboxItem(idempotencyKey: "a0", payload: "{}", nextAttemptAt: 500)]
            _ = try await store.commit(a)
            #expect(try await store.claimDueTimers(at: 500, limit: 10).map(\.key) == [alice])
            let sending = try await store.claimOutbox(dueAt: 500, limit: 10)
            try await store.renewClaims(HeldClaims(inbox: [queued], timerConversations: [alice], outbox: sending.map(\.id)), at: 25_000)
            try await store.releaseClaims(HeldClaims(inbox: [queued], timerConversations: [alice], outbox: sending.map(\.id)))
            #expect(try await store.claimStaleInbox(now: 31_000, olderThan: 30_000, limit: 10).map(\.id) == [queued])
            #expect(try await store.claimDueTimers(at: 31_000, limit: 10).map(\.key) == [alice])
            #expect(try await store.claimOutbox(dueAt: 31_000, limit: 10).map(\.idempotencyKey) == ["a0"])
        }
    }

    @Test("a daemon renews and gives back only its own claims: a late renewal never extends or ends another daemon's",
          .enabled(if: TestPostgres.url != nil))
    func claimsHaveOwners() async throws {
        let database = try await TestPostgres.createDatabase()
        let first = try await PostgresConversationStore.open(url: database.url)
        let second = try await PostgresConversationStore.open(url: database.url)
        do {
            let ids = try await first.enqueueInbox([
                InboxItem(bot: bob.bot, contact: bob.contact, channel: "twilio", externalId: "m1", payload: "{}", receivedAt: 1_000),
            ])
            let item = try #require(ids[0])
            var a = turn(alice, expected: nil)
            a.setTimers = [TimerRecord(name: "timeout", dueAt: 500)]
            a.outbox = [OutboxItem(idempotencyKey: "a0", payload: "{}", nextAttemptAt: 500)]
            _ = try await first.commit(a)
            #expect(try await first.claimDueTimers(at: 500, limit: 10).map(\.key) == [alice])
            let sending = try await first.claimOutbox(dueAt: 500, limit: 10)
            #expect(sending.map(\.idempotencyKey) == ["a0"])
            let held = HeldClaims(inbox: [item], timerConversations: [alice], outbox: sending.map(\.id))

            // The first daemon stalls past its claims; the second takes the work up.
            #expect(try await second.claimStaleInbox(now: 62_000, olderThan: 30_000, limit: 10).map(\.id) == [item])
            #expect(try await second.claimDueTimers(at: 62_000, limit: 10).map(\.key) == [alice])
            #expect(try await second.claimOutbox(dueAt: 62_000, limit: 10).map(\.idempotencyKey) == ["a0"])
            // The first daemon's late renewal must not stretch the second's claims to 65 + 60 s.
            try await first.renewClaims(held, at: 65_000)
            #expect(try await first.claimStaleInbox(now: 123_000, olderThan: 30_000, limit: 10).map(\.id) == [item],
                    "the second daemon's claim (62 s + 60 s) ran out; the late renewal did not extend it")
            #expect(try await first.claimDueTimers(at: 123_000, limit: 10).map(\.key) == [alice])
            #expect(try await first.claimOutbox(dueAt: 123_000, limit: 10).map(\.idempotencyKey) == ["a0"])

            // Now the first holds them again (until 183 s); the second stops and gives back what it
            // thinks it holds: the first's claims stay.
            try await second.releaseClaims(held)
            #expect(try await second.claimStaleInbox(now: 130_000, olderThan: 30_000, limit: 10).isEmpty)
            #expect(try await second.claimDueTimers(at: 130_000, limit: 10).isEmpty)
            #expect(try await second.claimOutbox(dueAt: 130_000, limit: 10).isEmpty)
            // Its own renewal still works.
            try await first.renewClaims(held, at: 170_000)
            #expect(try await second.claimStaleInbox(now: 200_000, olderThan: 30_000, limit: 10).isEmpty)
            try await first.releaseClaims(held)
            #expect(try await second.claimStaleInbox(now: 200_000, olderThan: 30_000, limit: 10).map(\.id) == [item])
        } catch {
            await first.close()
            await second.close()
            try await TestPostgres.dropDatabase(database.name)
            throw error
        }
        await first.close()
        await second.close()
        try await TestPostgres.dropDatabase(database.name)
    }

    @Test("a server that is not there, a database that is missing: a clear error at once",
          .enabled(if: TestPostgres.url != nil))
    func unreachable() async throws {
        let base = try PostgresLocation(url: try #require(TestPostgres.url))
        await expectError(matching: { error in
            guard case let .busy(message) = error else { return false }
            return message.contains("cannot reach the PostgreSQL server")
        }) { () async throws(StoreError) in
            try await PostgresConversationStore.open(url: "postgres://\(base.user)@127.0.0.1:1/x?connect_timeout=2")
        }
        await expectError(matching: { error in
            guard case let .io(message) = error else { return false }
            return message.contains("does not exist") && message.contains("createdb flowc_missing_db")
        }) { () async throws(StoreError) in
            try await PostgresConversationStore.open(url: "postgres://\(base.user)@\(base.host):\(base.port)/flowc_missing_db")
        }
    }
}
