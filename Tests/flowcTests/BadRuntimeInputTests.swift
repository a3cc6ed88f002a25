import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// What the runtime does with input it cannot trust: damaged bundles and databases, a locked
/// database, HTTP that times out or answers garbage, and hostile or huge user messages.
struct BadRuntimeInputTests {
    /// A freshly built bundle of the shop bot.
    static func shopBundle() throws -> (dir: URL, path: String, bytes: [UInt8]) {
        let dir = try E2E.temp()
        let path = dir.appendingPathComponent("shop.flowb").path
        let r = try E2E.flowc(["build", E2E.shop, "-o", path])
        try #require(r.status == 0, "\(r)")
        return (dir, path, Array(try Data(contentsOf: URL(fileURLWithPath: path))))
    }

    /// Runs inspect and chat on a damaged bundle: each must fail cleanly with `message` on stderr.
    static func expectRejected(_ bytes: [UInt8], _ name: String, in dir: URL, mentioning message: String,
                               sourceLocation: SourceLocation = #_sourceLocation) throws {
        let path = dir.appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        for args in [["inspect", path], ["chat", path]] {
            let r = try E2E.flowc(args, input: "hola\n", timeout: 15)
            #expect(r.exitedCleanly, "no crash: \(r)", sourceLocation: sourceLocation)
            #expect(r.status != 0, "\(args[0]) fails: \(r)", sourceLocation: sourceLocation)
            #expect(r.stderr.hasPrefix("error: "), "\(args[0]): a clear error: \(r)", sourceLocation: sourceLocation)
            #expect(r.stderr.contains(message), "\(args[0]) says what is wrong: \(r)", sourceLocation: sourceLocation)
            #expect(r.stderr.contains(path), "\(args[0]) names the file: \(r)", sourceLocation: sourceLocation)
            #expect(r.stdout.isEmpty, "\(args[0]) prints no partial output: \(r)", sourceLocation: sourceLocation)
            #expect(!r.stderr.contains("Fatal error"), sourceLocation: sourceLocation)
        }
    }

    @Test func corruptBundlesAreRejected() throws {
        let (dir, _, good) = try Self.shopBundle()
        try #require(good.count > 64)

        var badMagic = good
        badMagic[0] = UInt8(ascii: "X")
        try Self.expectRejected(badMagic, "magic.flowb", in: dir, mentioning: "not a flowc bundle")

        try Self.expectRejected(Array(good.prefix(good.count / 2)), "half.flowb", in: dir, mentioning: "truncated")
        try Self.expectRejected(Array(good.prefix(10)), "tiny.flowb", in: dir, mentioning: "truncated")
        try Self.expectRejected([], "empty.flowb", in: dir, mentioning: "not a flowc bundle")

        var flipped = good
        flipped[good.count / 2] ^= 0x40
        try Self.expectRejected(flipped, "flipped.flowb", in: dir, mentioning: "corrupt")

        try Self.expectRejected(good + [0, 1, 2], "trailing.flowb", in: dir, mentioning: "corrupt")
        try Self.expectRejected(Array("bot: shop\nname: not a bundle\n".utf8), "text.flowb", in: dir, mentioning: "not a flowc bundle")

        // A bundle from a newer flowc: upgrade flowc (rebuilding it with this one is the other way).
        var newer = good
        newer[6] = 200
        try Self.expectRejected(newer, "newer.flowb", in: dir, mentioning: "bundle format version 200 is newer than this flowc reads")
        try Self.expectRejected(newer, "newer2.flowb", in: dir, mentioning: "upgrade flowc")
        var older = good
        (older[6], older[7]) = (0, 0)
        try Self.expectRejected(older, "older.flowb", in: dir, mentioning: "rebuild it with `flowc build`")
    }

    @Test func everySingleByteFlipIsCaught() throws {
        // A flipped byte anywhere (header, payload, hash) must never crash the loader.
        let (dir, _, good) = try Self.shopBundle()
        let positions = Array(Set([0, 5, 6, 7, 8, 12, 16, 19, 20, 21, 30, good.count / 3, good.count - 2, good.count - 1]))
        for (i, pos) in positions.sorted().enumerated() where pos < good.count {
            var bytes = good
            bytes[pos] ^= 0xFF
            let path = dir.appendingPathComponent("flip\(i).flowb").path
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            let r = try E2E.flowc(["inspect", path], timeout: 15)
            #expect(r.exitedCleanly, "byte \(pos): no crash: \(r)")
            #expect(r.status != 0, "byte \(pos): rejected: \(r)")
            #expect(r.stderr.hasPrefix("error: "), "byte \(pos): \(r)")
        }
    }

    /// FNV-1a 64 (the bundle's content hash), to forge bundles whose header is right but whose
    /// payload is damaged: only the loader's verifier stands between them and the VM.
    static func fnv1a(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return h
    }

    static func rehashed(_ bytes: [UInt8]) -> [UInt8] {
        var out = bytes
        var h = fnv1a(bytes[20...])
        for i in 0..<8 { out[8 + i] = UInt8(h & 0xFF); h >>= 8 }
        return out
    }

    @Test func damagedPayloadsWithARightHashNeverCrash() throws {
        let (dir, _, good) = try Self.shopBundle()
        var seed: UInt64 = 0x5EED_F10C
        func next() -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(truncatingIfNeeded: seed >> 33)
        }
        var accepted = 0, rejected = 0
        for i in 0..<40 {
            var bytes = good
            for _ in 0..<(1 + next() % 3) {
                let pos = 20 + next() % (good.count - 20)
                bytes[pos] ^= UInt8(1 << (next() % 8))
            }
            let path = dir.appendingPathComponent("forged\(i).flowb").path
            try Data(Self.rehashed(bytes)).write(to: URL(fileURLWithPath: path))
            let inspect = try E2E.flowc(["inspect", path], timeout: 15, environment: ["SWIFT_BACKTRACE": "enable=no"])
            #expect(inspect.exitedCleanly, "forged\(i): inspect must not crash: \(inspect.status) \(inspect.stderr.prefix(300))")
            #expect([0, 2].contains(inspect.status), "forged\(i): \(inspect.status) \(inspect.stderr.prefix(300))")
            if inspect.status != 0 {
                rejected += 1
                #expect(inspect.stderr.hasPrefix("error: "), "forged\(i): \(inspect.stderr.prefix(300))")
                continue
            }
            accepted += 1
            // The verifier let it through (e.g. a changed letter in a string): running it must not crash either.
            let chat = try E2E.flowc(["chat", path, "--jsonl"], input: E2E.lines(["hola", "2", "1", "3"]), timeout: 15,
                                     environment: ["SWIFT_BACKTRACE": "enable=no"])
            #expect(chat.exitedCleanly, "forged\(i): chat must not crash: \(chat.status) \(chat.stderr.prefix(300))")
            #expect(chat.jsonLines() != nil, "forged\(i)")
        }
        #expect(accepted + rejected == 40)
    }

    @Test func aMissingBundleExitsTwo() throws {
        let r = try E2E.flowc(["inspect", "/nonexistent/shop.flowb"])
        #expect(r.exitedCleanly && r.status == 2, "\(r)")
        #expect(r.stderr.contains("/nonexistent/shop.flowb"), "\(r)")
        let chat = try E2E.flowc(["chat", "/nonexistent/shop.flowb"], input: "hola\n")
        #expect(chat.exitedCleanly && chat.status == 2, "\(chat)")
        let serve = try E2E.flowc(["serve", "--config", "/nonexistent/flowd.yaml"])
        #expect(serve.exitedCleanly && serve.status == 2, "\(serve)")
        #expect(serve.stderr.contains("/nonexistent/flowd.yaml"), "\(serve)")
    }

    @Test func aTextFileIsNotADatabase() throws {
        let dir = try E2E.temp()
        let db = try E2E.write(String(repeating: "these are my shopping notes, not SQLite\n", count: 200), to: dir, "notes.txt")
        let before = try Data(contentsOf: URL(fileURLWithPath: db))
        let r = try E2E.flowc(["chat", E2E.shop, "--db", db], input: "hola\n", timeout: 15)
        #expect(r.exitedCleanly, "no crash: \(r)")
        #expect(r.status != 0, "\(r)")
        #expect(r.stderr.contains(db), "the error names the file: \(r)")
        #expect(r.stderr.lowercased().contains("not a") && r.stderr.lowercased().contains("database"), "\(r)")
        #expect(!r.stdout.contains("Hola"), "no conversation ran: \(r)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: db)) == before, "the file is left as it was")
    }

    @Test(.enabled(if: E2E.which("sqlite3") != nil, "needs the sqlite3 CLI (apt sqlite3)"))
    func aSQLiteFileThatIsNotAFlowcStore() throws {
        let sqlite = try #require(E2E.which("sqlite3"))
        let dir = try E2E.temp()
        let db = dir.appendingPathComponent("other.sqlite").path
        let make = try E2E.run(sqlite, [db, "CREATE TABLE conversations(x TEXT); INSERT INTO conversations VALUES('mine');"])
        try #require(make.status == 0, "\(make)")
        let r = try E2E.flowc(["chat", E2E.shop, "--db", db], input: "hola\n", timeout: 15)
        #expect(r.exitedCleanly, "no crash: \(r)")
        #expect(r.status != 0, "someone else's database is refused, not adopted: \(r)")
        #expect(r.stderr.contains(db), "\(r)")
        let still = try E2E.run(sqlite, [db, "SELECT x FROM conversations;"])
        #expect(still.stdout == "mine\n", "their data is untouched: \(still)")
    }

    @Test(.enabled(if: E2E.which("sqlite3") != nil), .timeLimit(.minutes(3)))
    func aLockedDatabaseIsABoundedClearError() throws {
        let sqlite = try #require(E2E.which("sqlite3"))
        let db = try E2E.temp().appendingPathComponent("locked.sqlite").path
        // A real store with a conversation in it.
        let setup = try E2E.flowc(["chat", E2E.shop, "--db", db, "--jsonl"], input: "hola\n")
        try #require(setup.status == 0, "\(setup)")

        // Another process holds an exclusive write transaction.
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: sqlite)
        holder.arguments = [db]
        let toHolder = Pipe()
        holder.standardInput = toHolder
        holder.standardOutput = FileHandle.nullDevice
        holder.standardError = FileHandle.nullDevice
        _ = E2E.ignoreSIGPIPE
        try holder.run()
        defer {
            if holder.isRunning { kill(holder.processIdentifier, SIGKILL) }
            holder.waitUntilExit()
        }
        try toHolder.fileHandleForWriting.write(contentsOf: Data("BEGIN EXCLUSIVE;\n".utf8))
        // Until a second writer is refused, the holder does not hold the lock yet (on a loaded
        // machine, starting the holder and each probe can take seconds).
        let locked = E2E.wait(timeout: 90) {
            let probe = try? E2E.run(sqlite, [db, "PRAGMA busy_timeout=0; BEGIN IMMEDIATE; ROLLBACK;"], timeout: 15)
            return probe.map { $0.stderr.contains("locked") || $0.stderr.contains("busy") } ?? false
        }
        try #require(locked, "the lock holder holds the lock")

        let r = try E2E.flowc(["chat", E2E.shop, "--db", db, "--jsonl"], input: "2\n", timeout: 20)
        #expect(r.exitedCleanly, "no crash, no hang: \(r)")
        #expect(r.seconds < 15, "waits at most about the busy timeout: \(r)")
        if r.status != 0 {
            #expect(r.stderr.lowercased().contains("busy") || r.stderr.lowercased().contains("locked"), "a clear error: \(r)")
            #expect(!r.stderr.contains("Fatal error"), "\(r)")
        }

        // Release the lock: the database is intact and the conversation goes on.
        try toHolder.fileHandleForWriting.write(contentsOf: Data("COMMIT;\n.quit\n".utf8))
        try? toHolder.fileHandleForWriting.close()
        _ = E2E.wait(timeout: 5) { !holder.isRunning }
        let check = try E2E.run(sqlite, [db, "PRAGMA integrity_check;"], timeout: 10)
        #expect(check.stdout == "ok\n", "\(check)")
        let after = try E2E.flowc(["chat", E2E.shop, "--db", db, "--jsonl"], input: "2\n")
        #expect(after.exitedCleanly && after.status == 0, "\(after)")
        let steps = (after.jsonLines() ?? []).compactMap { $0["step"] as? String }
        if r.status == 0 {
            // The locked run waited and answered "2" (order.pick); this "2" picks the mate.
            #expect(steps == ["order.ask_qty"], "\(after)")
        } else {
            #expect(steps == ["order.pick"], "the failed turn left no trace: \(after)")
        }
    }

    @Test func anHTTPTimeoutTakesOnError() throws {
        let bot = try ProbeBot.write()
        let dir = try E2E.temp()
        let mock = try E2E.write("""
            - match: {method: GET, url: "https://api.test/thing"}
              delay: 5s
              json: {id: 1}

            """, to: dir, "slow.yaml")
        let r = try E2E.flowc(["chat", bot.path, "--jsonl", "--env", "API_URL=https://api.test", "--mock", mock], input: "api\n")
        #expect(r.exitedCleanly && r.status == 0, "\(r)")
        #expect(r.seconds < 10, "the 1 s timeout bounds the wait: \(r)")
        let objects = try #require(r.jsonLines())
        #expect(objects.compactMap { $0["text"] as? String } == ["Falló la API"], "\(r)")
        #expect(objects.last?["step"] as? String == "api.oops", "\(r)")
        #expect(!objects.contains { $0["error"] != nil }, "on_error handled it: \(r)")
    }

    @Test func aFastEnoughMockIsNotATimeout() throws {
        let bot = try ProbeBot.write()
        let dir = try E2E.temp()
        let mock = try E2E.write("""
            - match: {method: GET, url: "https://api.test/thing"}
              delay: 200ms
              json: {id: 1}

            """, to: dir, "ok.yaml")
        let r = try E2E.flowc(["chat", bot.path, "--jsonl", "--env", "API_URL=https://api.test", "--mock", mock], input: "api\n")
        let objects = try #require(r.jsonLines())
        #expect(objects.compactMap { $0["text"] as? String } == ["La API dijo 1"], "\(r)")
    }

    @Test func invalidJSONFromTheAPITakesOnError() throws {
        let bot = try ProbeBot.write()
        let dir = try E2E.temp()
        let mock = try E2E.write("""
            - match: {method: GET, url: "https://api.test/thing"}
              status: 200
              body: "{\\"id\\": 1,,, <html>"

            """, to: dir, "garbage.yaml")
        let r = try E2E.flowc(["chat", bot.path, "--jsonl", "--env", "API_URL=https://api.test", "--mock", mock], input: "api\n")
        #expect(r.exitedCleanly && r.status == 0, "\(r)")
        let objects = try #require(r.jsonLines())
        #expect(objects.compactMap { $0["text"] as? String } == ["Falló la API"], "\(r)")
        #expect(objects.last?["step"] as? String == "api.oops", "\(r)")
    }

    @Test func anInvalidMockFileExitsTwo() throws {
        let bot = try ProbeBot.write()
        let dir = try E2E.temp()
        let mock = try E2E.write("- match: {method: GET\n  url: [unclosed\n", to: dir, "broken.yaml")
        let r = try E2E.flowc(["chat", bot.path, "--mock", mock], input: "api\n")
        #expect(r.exitedCleanly && r.status == 2, "\(r)")
        #expect(r.stderr.contains(mock), "\(r)")
        let missing = try E2E.flowc(["chat", bot.path, "--mock", "/nonexistent/mocks.yaml"], input: "api\n")
        #expect(missing.exitedCleanly && missing.status == 2, "\(missing)")
    }

    @Test func userTextIsNeverEvaluatedAsATemplate() throws {
        let bot = try ProbeBot.write()
        let hostile = "{{secret.TOKEN}} {{env.API_URL}} {{contact.name}} {{ 1 + 1 }}"
        let r = try E2E.flowc(["chat", bot.path, "--jsonl", "--name", "Ana", "--secret", "TOKEN=s3cr3t-value", "--env", "API_URL=https://x.test"],
                              input: E2E.lines(["eco", hostile, "/vars"]))
        #expect(r.exitedCleanly && r.status == 0, "\(r)")
        let objects = try #require(r.jsonLines())
        #expect(objects.compactMap { $0["text"] as? String }.last == "Dijiste: " + hostile, "echoed literally: \(r)")
        #expect(!r.stdout.contains("s3cr3t-value"), "the secret never shows: \(r)")
        #expect(!r.stdout.contains("https://x.test"), "\(r)")
        #expect(!r.stderr.contains("s3cr3t-value"), "\(r)")
        let vars = objects.compactMap { $0["vars"] as? [String: Any] }.first
        #expect(vars?["said"] as? String == hostile, "stored literally: \(r)")
    }

    @Test(.enabled(if: E2E.which("sqlite3") != nil, "needs the sqlite3 CLI (apt sqlite3)"))
    func secretsAreNeverStoredInTheDatabase() throws {
        let sqlite = try #require(E2E.which("sqlite3"))
        let bot = try ProbeBot.write()
        let dir = try E2E.temp()
        let db = dir.appendingPathComponent("secret.sqlite").path
        let mock = try E2E.write("- match: {method: GET, url: \"https://api.test/thing\"}\n  json: {id: 3}\n", to: dir, "m.yaml")
        let r = try E2E.flowc(["chat", bot.path, "--db", db, "--secret", "TOKEN=s3cr3t-value", "--env", "API_URL=https://api.test", "--mock", mock],
                              input: E2E.lines(["api"]))
        #expect(r.stdout.contains("La API dijo 3"), "\(r)")
        let dump = try E2E.run(sqlite, [db, ".dump"], timeout: 10)
        #expect(dump.status == 0, "\(dump)")
        #expect(!dump.stdout.contains("s3cr3t-value"), "secrets are never stored")
    }

    @Test func aHundredKilobyteMessageIsHandled() throws {
        let bot = try ProbeBot.write()
        let big = String(repeating: "mate y bizcochitos ", count: 100 * 1024 / 19 + 1)
        #expect(big.utf8.count >= 100 * 1024)
        let r = try E2E.flowc(["chat", bot.path, "--jsonl"], input: E2E.lines(["eco", big, "/vars"]), timeout: 20)
        #expect(r.exitedCleanly && r.status == 0, "\(r.status) \(r.seconds) s \(r.stderr.prefix(500))")
        #expect(r.seconds < 15, "bounded time: \(r.seconds) s")
        let objects = try #require(r.jsonLines())
        let events = objects.compactMap { $0["event"] as? String }
        #expect(events.count == 2, "one event per message: \(events)")
        let last = objects.compactMap { $0["text"] as? String }.last ?? ""
        // Echoed whole (text answers are trimmed), never a crash.
        let trimmed = big.trimmingCharacters(in: .whitespaces)
        #expect(last == "Dijiste: " + trimmed, "\(last.count) characters: \(last.prefix(100))…\(last.suffix(40))")
        let said = objects.compactMap { $0["vars"] as? [String: Any] }.first?["said"] as? String
        #expect(said == trimmed, "stored whole: \(said?.count ?? -1) characters")
    }

    @Test func aHundredKilobyteMessageInAMenuAndWithADatabase() throws {
        let db = try E2E.temp().appendingPathComponent("big.sqlite").path
        let big = String(repeating: "ñ", count: 60 * 1024) // 120 KB of UTF-8
        let r = try E2E.flowc(["chat", E2E.shop, "--db", db, "--jsonl"], input: E2E.lines(["hola", big, "1"]), timeout: 20)
        #expect(r.exitedCleanly && r.status == 0, "\(r.status) \(r.seconds) s \(r.stderr.prefix(500))")
        #expect(r.seconds < 15, "bounded time: \(r.seconds) s")
        let objects = try #require(r.jsonLines())
        // The menu re-asks on the huge reply, then "1" picks Ver productos.
        #expect(objects.contains { $0["text"] as? String == "Elegí una opción: 1, 2 o 3." }, "\(r.stdout.prefix(2000))")
        #expect(objects.compactMap { $0["step"] as? String }.last == "catalog.pick", "\(r.stdout.prefix(2000))")
    }

    @Test func controlCharactersAndBadUTF8StayValidJSONLines() throws {
        let bot = try ProbeBot.write()
        let dir = try E2E.temp()
        let input = dir.appendingPathComponent("ctl.bin")
        var bytes = Array("eco\n".utf8)
        bytes += [0x01, 0x1B] + Array("[31m\"q\"\\ ".utf8) + [0xFF, 0xFE] + Array(" a".utf8) + [0x7F, 0x09] + Array("b \u{2028} end\n/vars\n".utf8)
        try Data(bytes).write(to: input)
        let r = try E2E.run("/bin/sh", ["-c", "exec \(shellQuote(E2E.flowcPath)) chat \(shellQuote(bot.path)) --jsonl < \(shellQuote(input.path))"])
        #expect(r.exitedCleanly && r.status == 0, "\(r)")
        let objects = try #require(r.jsonLines())
        let echoed = objects.compactMap { $0["text"] as? String }.last ?? ""
        #expect(echoed.hasPrefix("Dijiste: \u{01}\u{1B}[31m\"q\"\\ "), "\(echoed.debugDescription)")
        #expect(echoed.hasSuffix("\u{7F}\tb \u{2028} end"), "\(echoed.debugDescription)")
        #expect(r.stdout.split(separator: "\n").count == objects.count, "one object per line: no raw newline inside a line")
    }

    @Test func aBotWithCheckErrorsDoesNotChat() throws {
        let bot = try ProbeBot.write()
        try E2E.write(ProbeBot.mainYAML.replacingOccurrences(of: "on_timeout: nudge", with: "on_timeout: nudgee"), to: bot, "flows/main.yaml")
        let r = try E2E.flowc(["chat", bot.path], input: "hola\n")
        #expect(r.exitedCleanly && r.status == 1, "\(r)")
        #expect(r.stdout.contains("nudgee") || r.stderr.contains("nudgee"), "the check error is shown: \(r)")
        #expect(r.stderr.contains("fix them first"), "\(r)")
        #expect(!r.stdout.contains("Hola"), "\(r)")
    }

    @Test func binaryGarbageOnStdinDoesNotCrash() throws {
        var bytes: [UInt8] = Array("hola\n".utf8)
        var seed: UInt32 = 12345
        for _ in 0..<4096 {
            seed = seed &* 1_103_515_245 &+ 12345
            bytes.append(UInt8(truncatingIfNeeded: seed >> 16))
        }
        bytes += Array("\n1\n".utf8)
        let dir = try E2E.temp()
        let input = dir.appendingPathComponent("garbage.bin")
        try Data(bytes).write(to: input)
        // Feed it through a shell redirect so the bytes arrive exactly.
        let r = try E2E.run("/bin/sh", ["-c", "exec \(shellQuote(E2E.flowcPath)) chat \(shellQuote(E2E.shop)) --jsonl < \(shellQuote(input.path))"],
                            timeout: 20)
        #expect(r.exitedCleanly && r.status == 0, "\(r.status) \(r.stderr.prefix(500))")
        #expect(r.jsonLines() != nil)
    }
}
