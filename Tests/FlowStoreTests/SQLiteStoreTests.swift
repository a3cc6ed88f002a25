import CSQLite
import FlowStore
import Glibc
import Testing

/// What only the SQLite store does: files, durability, group commit, locks, full disks, schema.
@Suite struct SQLiteStoreTests {
    @Test func committedTurnsAreDurableAndSurviveReopening() async throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("store.db")
        var first = turn(alice, expected: nil, state: [9, 9], inbound: "wamid.1")
        first.outbox = [OutboxItem(idempotencyKey: "o1", payload: #"{"n":1}"#, nextAttemptAt: 10)]
        first.setTimers = [TimerRecord(name: "reminder", dueAt: 50)]
        first.events = [EventRecord(name: "started", at: 1)]
        do {
            let store = try SQLiteConversationStore(path: path)
            _ = try await store.commit(first)
            _ = try await store.commit(turn(bob, expected: nil, state: [4]))
            // Committed when `commit` returns: another connection sees it at once.
            #expect(RawDatabase(path).text("SELECT count(*) FROM conversations") == "2")
            let item = try #require(try await store.pendingOutbox(dueAt: 10, limit: 1).first)
            try await store.markOutbox(id: item.id, status: "pending", attempts: 2, nextAttemptAt: 30)
            store.close()
            store.close()
            await expectError(.closed) { () async throws(StoreError) in try await store.load(alice) }
            await expectError(.closed) { () async throws(StoreError) in try await store.commit(turn(alice, expected: 1)) }
        }
        let store = try SQLiteConversationStore(path: path)
        defer { store.close() }
        let loaded = try #require(try await store.load(alice))
        #expect(loaded.version == 1)
        #expect(loaded.state == [9, 9])
        #expect(try await store.load(bob)?.state == [4])
        #expect(try await store.conversationCount() == 2)
        #expect(try await store.hasInbound(providerMessageId: "wamid.1"))
        #expect(try await store.history(alice, limit: 10) == [first.inbound].compactMap { $0 } + first.outbound)
        #expect(try await store.events(alice) == first.events)
        #expect(try await store.dueTimers(at: 50, limit: 10).map(\.timer.name) == ["reminder"])
        let items = try await store.pendingOutbox(dueAt: 30, limit: 10)
        #expect(items.map(\.attempts) == [2])
        #expect(items.map(\.nextAttemptAt) == [30])
        #expect(try await store.commit(turn(alice, expected: 1)) == 2)
        // The file carries flowc's schema version and application id.
        let raw = RawDatabase(path)
        #expect(raw.text("PRAGMA user_version") == "6")
        #expect(raw.text("PRAGMA application_id") == "\(0x666C_6F77)")
        #expect(raw.text("PRAGMA journal_mode") == "wal")
    }

    @Test func concurrentCommitsAllLandInFewerTransactions() async throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("store.db")
        // A long busy timeout: the test's own lock is released after a sleep, which a test run
        // busy with other suites may wake from late.
        let store = try SQLiteConversationStore(path: path, options: SQLiteOptions(busyTimeoutMilliseconds: 60_000))
        defer { store.close() }
        // Another connection holds the write lock for a moment, so the writer waits and the
        // commits queue up behind it, as they do behind an fsync under load.
        let raw = RawDatabase(path)
        #expect(raw.exec("BEGIN IMMEDIATE") == SQLITE_OK)
        try await withThrowingTaskGroup(of: Int64.self) { group in
            for i in 0..<200 {
                group.addTask {
                    try await store.commit(turn(ConversationKey(bot: "shop", contact: "c\(i)"), expected: nil, inbound: "w\(i)"))
                }
            }
            try await Task.sleep(for: .milliseconds(100))
            #expect(raw.exec("COMMIT") == SQLITE_OK)
            for try await version in group { #expect(version == 1) }
        }
        #expect(try await store.conversationCount() == 200)
        #expect(store.committedWrites == 200)
        #expect(store.groupCommits < 200)
        #expect(store.groupCommits <= 10)
        #expect(try await store.hasInbound(providerMessageId: "w199"))
        #expect(try await store.history(ConversationKey(bot: "shop", contact: "c7"), limit: 5).count == 2)
    }

    @Test func failingTurnsInAGroupFailAlone() async throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("store.db")
        let store = try SQLiteConversationStore(path: path, options: SQLiteOptions(busyTimeoutMilliseconds: 60_000))
        defer { store.close() }
        let raw = RawDatabase(path)
        #expect(raw.exec("BEGIN IMMEDIATE") == SQLITE_OK)
        let results = try await withThrowingTaskGroup(of: (Int, Result<Int64, StoreError>).self) { group in
            for i in 0..<40 {
                group.addTask {
                    let key = ConversationKey(bot: "shop", contact: "c\(i)")
                    // Odd turns expect a version that does not exist; turns 0 and 2 share an inbound id.
                    let t = turn(key, expected: i % 2 == 0 ? nil : 3, inbound: i == 0 || i == 2 ? "shared" : "w\(i)")
                    do throws(StoreError) {
                        return (i, .success(try await store.commit(t)))
                    } catch {
                        return (i, .failure(error))
                    }
                }
            }
            try await Task.sleep(for: .milliseconds(50))
            raw.exec("COMMIT")
            var results: [Int: Result<Int64, StoreError>] = [:]
            for try await (i, result) in group { results[i] = result }
            return results
        }
        #expect(store.groupCommits <= 3)
        let sharedWinners = [0, 2].filter { (try? results[$0]?.get()) == 1 }
        #expect(sharedWinners.count == 1)
        for i in 0..<40 {
            let key = ConversationKey(bot: "shop", contact: "c\(i)")
            if i % 2 == 1 {
                #expect(results[i] == .failure(.conflict(expected: 3, actual: nil)))
                #expect(try await store.load(key) == nil)
            } else if i == 0 || i == 2 {
                let won = sharedWinners.contains(i)
                #expect(results[i] == (won ? .success(1) : .failure(.duplicateInbound("shared"))))
                #expect(try await store.load(key) == nil ? !won : won)
            } else {
                #expect(results[i] == .success(1))
                #expect(try await store.history(key, limit: 10).count == 2)
            }
        }
        #expect(try await store.conversationCount() == 19)
        #expect(raw.text("PRAGMA integrity_check") == "ok")
    }

    @Test func textFileIsNotADatabaseAndIsLeftAlone() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let text = String(repeating: "these are my notes, not a database\n", count: 40)
        let path = dir.write("notes.txt", text)
        #expect {
            try SQLiteConversationStore(path: path)
        } throws: { error in
            guard let error = error as? StoreError, case .notADatabase = error else { return false }
            return error.description.contains(path)
        }
        #expect(readFile(path) == text, "the file was not touched")
    }

    @Test func databaseOfAnotherApplicationIsRefused() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let tables = dir.file("tables.db")
        RawDatabase(tables).exec("CREATE TABLE invoices(id INTEGER PRIMARY KEY)")
        let other = dir.file("other.db")
        RawDatabase(other).exec("PRAGMA application_id = 42")
        for path in [tables, other] {
            #expect {
                try SQLiteConversationStore(path: path)
            } throws: { error in
                guard let error = error as? StoreError, case .notADatabase = error else { return false }
                return error.description.contains(path)
            }
        }
        #expect(RawDatabase(tables).text("SELECT count(*) FROM sqlite_schema") == "1", "nothing was created")
    }

    @Test func newerSchemaIsRefused() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("store.db")
        try SQLiteConversationStore(path: path).close()
        RawDatabase(path).exec("PRAGMA user_version = 7")
        #expect(throws: StoreError.schemaTooNew(7)) { try SQLiteConversationStore(path: path) }
        #expect(StoreError.schemaTooNew(7).description.contains("newer"))
        #expect(RawDatabase(path).text("PRAGMA user_version") == "7", "left as it was")
    }

    /// `flowc chat --db`'s clock, per conversation; a store of schema 5 (before it was kept) opens
    /// with its conversations and gains it.
    @Test func chatClockOffsetsAreKeptAndOlderStoresGainThem() async throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("store.db")
        do {
            let store = try SQLiteConversationStore(path: path)
            _ = try await store.commit(turn(alice, expected: nil))
            store.close()
        }
        #expect(RawDatabase(path).exec("DROP TABLE chat_clocks; PRAGMA user_version = 5;") == 0)
        do {
            let store = try SQLiteConversationStore(path: path)
            #expect(try await store.load(alice)?.version == 1)
            #expect(try await store.chatClockOffset(alice) == 0)
            try await store.setChatClockOffset(120_000, for: alice)
            try await store.setChatClockOffset(240_000, for: alice)
            store.close()
        }
        let store = try SQLiteConversationStore(path: path)
        defer { store.close() }
        #expect(try await store.chatClockOffset(alice) == 240_000)
        #expect(try await store.chatClockOffset(bob) == 0)
        #expect(RawDatabase(path).text("PRAGMA user_version") == "6")
    }

    @Test func missingDirectoryIsAnIOError() throws {
        let path = "/nonexistent-flowc-dir/store.db"
        #expect {
            try SQLiteConversationStore(path: path)
        } throws: { error in
            guard let error = error as? StoreError, case .io = error else { return false }
            return error.description.contains(path)
        }
    }

    /// Bounded by a time limit, not a wall-clock assertion: under a loaded test run the
    /// error may take a while to be delivered, but it must come and never hang.
    @Test(.timeLimit(.minutes(1))) func lockedDatabaseIsBusyWithinTheTimeout() async throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("store.db")
        let store = try SQLiteConversationStore(path: path, options: SQLiteOptions(busyTimeoutMilliseconds: 100))
        defer { store.close() }
        _ = try await store.commit(turn(bob, expected: nil))
        let raw = RawDatabase(path)
        #expect(raw.exec("BEGIN EXCLUSIVE") == SQLITE_OK)
        #expect(raw.exec("UPDATE conversations SET updated_at = 5") == SQLITE_OK)
        let error = await expectError(matching: { if case .busy = $0 { true } else { false } }) { () async throws(StoreError) in
            try await store.commit(turn(alice, expected: nil))
        }
        #expect(error?.description.contains(path) == true)
        // Readers are not blocked by the writer (WAL) and see the last committed state.
        #expect(try await store.load(bob)?.updatedAt == 1_000)
        raw.exec("ROLLBACK")
        #expect(try await store.commit(turn(alice, expected: nil)) == 1)
        #expect(try await store.conversationCount() == 2)
    }

    @Test func databaseLockedWhileOpeningIsBusy() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("store.db")
        let raw = RawDatabase(path)
        #expect(raw.exec("BEGIN EXCLUSIVE") == SQLITE_OK)
        #expect {
            try SQLiteConversationStore(path: path, options: SQLiteOptions(busyTimeoutMilliseconds: 50))
        } throws: { error in
            guard let error = error as? StoreError, case .busy = error else { return false }
            return error.description.contains(path)
        }
        raw.exec("ROLLBACK")
        try SQLiteConversationStore(path: path).close()
    }

    @Test func fullDatabaseFailsTheTurnAndStaysUsable() async throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("store.db")
        let store = try SQLiteConversationStore(path: path, options: SQLiteOptions(maxPageCount: 40))
        defer { store.close() }
        #expect(try await store.commit(turn(alice, expected: nil, state: [1])) == 1)
        let big = [UInt8](repeating: 7, count: 400_000)
        let error = await expectError(matching: { if case .full = $0 { true } else { false } }) { () async throws(StoreError) in
            try await store.commit(turn(bob, expected: nil, state: big, inbound: "big"))
        }
        #expect(error?.description.contains(path) == true)
        #expect(try await store.load(bob) == nil)
        #expect(try await !store.hasInbound(providerMessageId: "big"))

        // In a group: the turns that do not fit fail alone, the others land. (The first failure
        // makes the writer apply the group again with a savepoint per turn; the second is undone
        // by its savepoint.)
        let raw = RawDatabase(path)
        #expect(raw.exec("BEGIN IMMEDIATE") == SQLITE_OK)
        let results = try await withThrowingTaskGroup(of: (Int, Bool).self) { group in
            for i in 0..<6 {
                group.addTask {
                    let state = i == 1 || i == 3 ? big : [UInt8(i)]
                    let ok = (try? await store.commit(turn(ConversationKey(bot: "b", contact: "c\(i)"), expected: nil, state: state))) != nil
                    return (i, ok)
                }
            }
            try await Task.sleep(for: .milliseconds(50))
            raw.exec("COMMIT")
            var results: [Int: Bool] = [:]
            for try await (i, ok) in group { results[i] = ok }
            return results
        }
        #expect(results == [0: true, 1: false, 2: true, 3: false, 4: true, 5: true])
        #expect(try await store.commit(turn(alice, expected: 1, state: [2])) == 2)
        #expect(try await store.load(alice)?.state == [2])
        #expect(try await store.conversationCount() == 5)
        #expect(raw.text("PRAGMA integrity_check") == "ok")
    }

    @Test func descriptionsSayWhatAndWhatToDo() {
        #expect(StoreError.conflict(expected: 1, actual: 2).description.contains("reload"))
        #expect(StoreError.duplicateInbound("wamid.X").description.contains("wamid.X"))
        #expect(StoreError.closed.description.contains("closed"))
    }
}

/// The contents of a text file.
func readFile(_ path: String) -> String? {
    guard let handle = fopen(path, "r") else { return nil }
    defer { fclose(handle) }
    var bytes: [UInt8] = []
    while true {
        let c = fgetc(handle)
        if c == EOF { break }
        bytes.append(UInt8(truncatingIfNeeded: c))
    }
    return String(decoding: bytes, as: UTF8.self)
}
