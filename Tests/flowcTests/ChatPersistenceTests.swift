import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `flowc chat --db FILE`: quit, run again, and the conversation goes on where it stopped (spec §6),
/// even when the process is killed with `kill -9`.
struct ChatPersistenceTests {
    static func events(_ r: E2ERun) -> [String] {
        (r.jsonLines() ?? []).compactMap { o in (o["event"] as? String).map { "\($0) \(o["step"] as? String ?? "")" } }
    }

    /// A timeout that fell due while the chat was closed is its own turn when it goes on, with
    /// its event line, before the next message (which then starts a new conversation).
    @Test func aTimeoutThatFellDueMeanwhileIsItsOwnTurn() throws {
        let dir = try E2E.temp()
        try E2E.write("bot: b\nstart: main\nlocale: es-AR\n", to: dir, "bot/bot.yaml")
        try E2E.write("""
            flow: main
            steps:
              a: {ask: "¿Nombre?", save: n, timeout: 1s, on_timeout: late}
              b: {end: "ok {{n}}"}
              late: {end: "tarde"}

            """, to: dir, "bot/flows/main.yaml")
        let bot = dir.appendingPathComponent("bot").path
        let db = dir.appendingPathComponent("chat.sqlite").path
        let first = try E2E.flowc(["chat", bot, "--db", db, "--jsonl"], input: "hola\n")
        #expect(Self.events(first) == ["waiting main.a"], "\(first)")
        Thread.sleep(forTimeInterval: 1.3)
        let second = try E2E.flowc(["chat", bot, "--db", db, "--jsonl"], input: "Ana\n")
        #expect(Self.events(second) == ["ended main.late", "waiting main.a"], "\(second)")
        let texts = (second.jsonLines() ?? []).compactMap { $0["text"] as? String }
        #expect(texts == ["tarde", "¿Nombre?"], "\(second)")
    }

    /// The clock `/wait` moved is the conversation's: run again, it goes on at that time, so two
    /// waits of 2m in two runs fire a 3m timeout as they do in one.
    @Test func theClockWaitMovedIsKeptAcrossRuns() throws {
        let dir = try E2E.temp()
        try E2E.write("bot: b\nstart: main\nlocale: es-AR\n", to: dir, "bot/bot.yaml")
        try E2E.write("""
            flow: main
            steps:
              a: {ask: "¿Nombre?", save: n, timeout: 3m, on_timeout: late}
              b: {end: "ok {{n}}"}
              late: {end: "tarde"}

            """, to: dir, "bot/flows/main.yaml")
        let bot = dir.appendingPathComponent("bot").path
        let db = dir.appendingPathComponent("chat.sqlite").path
        let first = try E2E.flowc(["chat", bot, "--db", db, "--jsonl"], input: E2E.lines(["hola", "/wait 2m"]))
        #expect(Self.events(first) == ["waiting main.a", "waiting main.a"], "\(first)")
        let second = try E2E.flowc(["chat", bot, "--db", db, "--jsonl"], input: E2E.lines(["/wait 2m"]))
        #expect(Self.events(second) == ["ended main.late"], "\(second)")
        #expect((second.jsonLines() ?? []).compactMap { $0["text"] as? String } == ["tarde"], "\(second)")
        // Another contact's clock is its own.
        let other = try E2E.flowc(["chat", bot, "--db", db, "--contact", "beto", "--jsonl"], input: E2E.lines(["hola", "/wait 2m"]))
        #expect(Self.events(other) == ["waiting main.a", "waiting main.a"], "\(other)")
    }

    /// After `/restart` (or once the flow ended) `/wait` has no conversation to move on: it says
    /// so, as before the first message, instead of an `ended` turn as if one had just ended.
    @Test func waitAfterRestartSaysNoConversationIsWaiting() throws {
        let dir = try E2E.temp()
        try E2E.write("bot: b\nstart: main\nlocale: es-AR\n", to: dir, "bot/bot.yaml")
        try E2E.write("flow: main\nsteps:\n  a: {ask: \"¿Nombre?\", save: n}\n  b: {end: \"ok {{n}}\"}\n", to: dir, "bot/flows/main.yaml")
        let bot = dir.appendingPathComponent("bot").path
        let run = try E2E.flowc(["chat", bot, "--jsonl"], input: E2E.lines(["/wait 1m", "hola", "/restart", "/wait 1m", "hola", "Ana", "/wait 1m"]))
        #expect(Self.events(run) == ["waiting main.a", "waiting main.a", "ended main.b"], "\(run)")
        #expect(run.stderr.components(separatedBy: "no conversation is waiting").count - 1 == 3, "\(run)")
    }

    @Test func quitAndResumeAtTheSameStep() throws {
        let db = try E2E.temp().appendingPathComponent("chat.sqlite").path
        let first = try E2E.flowc(["chat", E2E.shop, "--db", db, "--contact", "ana", "--jsonl"],
                                  input: E2E.lines(["hola", "2", "1", "/quit"]))
        #expect(first.exitedCleanly && first.status == 0, "\(first)")
        #expect(Self.events(first) == ["waiting main.home", "waiting order.pick", "waiting order.ask_qty"], "\(first)")

        // The next line answers the pending question (how many units).
        let second = try E2E.flowc(["chat", E2E.shop, "--db", db, "--contact", "ana", "--jsonl"], input: E2E.lines(["4", "/vars"]))
        #expect(second.exitedCleanly && second.status == 0, "\(second)")
        let objects = try #require(second.jsonLines())
        #expect(objects.first?["text"] as? String == "¿A nombre de quién va el pedido?", "\(second)")
        #expect(Self.events(second) == ["waiting order.ask_name"], "\(second)")
        let vars = objects.compactMap { $0["vars"] as? [String: Any] }.first
        #expect(vars?["item"] as? String == "yerba", "\(second)")
        #expect((vars?["qty"] as? NSNumber)?.doubleValue == 4, "\(second)")
        #expect((vars?["total"] as? NSNumber)?.doubleValue == 20800, "\(second)")

        // EOF without /quit keeps it too.
        let third = try E2E.flowc(["chat", E2E.shop, "--db", db, "--contact", "ana", "--jsonl"], input: "Ana Pérez\n")
        #expect(Self.events(third) == ["waiting order.ask_phone"], "\(third)")

        // Another contact in the same db starts fresh.
        let other = try E2E.flowc(["chat", E2E.shop, "--db", db, "--contact", "beto", "--name", "Beto", "--jsonl"], input: "4\n")
        #expect(other.exitedCleanly && other.status == 0, "\(other)")
        let otherTexts = (other.jsonLines() ?? []).compactMap { $0["text"] as? String }
        #expect(otherTexts.first?.hasPrefix("¡Hola Beto!") == true, "a new conversation greets: \(other)")
        #expect(Self.events(other) == ["waiting main.home"], "\(other)")
    }

    /// `--var` gives a new conversation its first variables: one that goes on keeps its own, and a
    /// note says so (the values are not silently dropped); after `/restart` they are there.
    @Test func varsGivenToAConversationThatGoesOnAreNoted() throws {
        let db = try E2E.temp().appendingPathComponent("vars.sqlite").path
        _ = try E2E.flowc(["chat", E2E.shop, "--db", db, "--jsonl"], input: E2E.lines(["pedido"]))
        let resumed = try E2E.flowc(["chat", E2E.shop, "--db", db, "--jsonl", "--var", "qty=3"], input: E2E.lines(["/vars", "/restart", "pedido", "/vars"]))
        #expect(resumed.exitedCleanly && resumed.status == 0, "\(resumed)")
        #expect(resumed.stderr.contains("--var qty: this conversation goes on with the variables it has"), "\(resumed)")
        let vars = (resumed.jsonLines() ?? []).compactMap { $0["vars"] as? [String: Any] }
        #expect(vars.count == 2 && vars[0]["qty"] == nil && (vars[1]["qty"] as? NSNumber)?.doubleValue == 3, "\(resumed)")
        // A new conversation (none going on) takes them without a note.
        let fresh = try E2E.flowc(["chat", E2E.shop, "--db", db, "--jsonl", "--contact", "otro", "--var", "qty=3"], input: E2E.lines(["/vars"]))
        #expect(!fresh.stderr.contains("--var qty"), "\(fresh)")
    }

    @Test func plainModeResumesToo() throws {
        let db = try E2E.temp().appendingPathComponent("plain.sqlite").path
        let first = try E2E.flowc(["chat", E2E.shop, "--db", db], input: E2E.lines(["pedido"]))
        #expect(first.stdout.contains("¿Qué querés pedir?"), "\(first)")
        let second = try E2E.flowc(["chat", E2E.shop, "--db", db], input: E2E.lines(["termo"]))
        #expect(second.exitedCleanly && second.status == 0, "\(second)")
        #expect(second.stdout.hasPrefix("¿Cuántas unidades querés? (de 1 a 20)"), "the menu answer is taken: \(second)")
    }

    @Test func restartIsKeptInTheDatabase() throws {
        let db = try E2E.temp().appendingPathComponent("restart.sqlite").path
        let first = try E2E.flowc(["chat", E2E.shop, "--db", db, "--jsonl", "--name", "Ana"], input: E2E.lines(["hola", "2", "/restart", "/quit"]))
        #expect(Self.events(first) == ["waiting main.home", "waiting order.pick"], "\(first)")
        #expect(first.stderr.contains("conversation restarted"), "\(first)")
        // The next run starts over: "1" is a first message (greeting + main menu), not the answer to order.pick.
        let second = try E2E.flowc(["chat", E2E.shop, "--db", db, "--jsonl", "--name", "Ana"], input: "1\n")
        #expect(second.exitedCleanly && second.status == 0, "\(second)")
        #expect(Self.events(second) == ["waiting main.home"], "\(second)")
        #expect((second.jsonLines() ?? []).first?["text"] as? String == "¡Hola Ana! 👋 Bienvenido/a a *Cocolu*: yerba, mates y todo para el mate.", "\(second)")
        // Within one run the restart works.
        let same = try E2E.flowc(["chat", E2E.shop, "--jsonl"], input: E2E.lines(["hola", "2", "/restart", "1"]))
        #expect(Self.events(same) == ["waiting main.home", "waiting order.pick", "waiting main.home"], "\(same)")
    }

    @Test func endedConversationStartsOverOnTheNextRun() throws {
        let db = try E2E.temp().appendingPathComponent("ended.sqlite").path
        let first = try E2E.flowc(["chat", E2E.shop, "--db", db, "--jsonl"], input: E2E.lines(["hola", "cancelar"]))
        #expect(Self.events(first).count == 2 && Self.events(first).first == "waiting main.home", "\(first)")
        #expect(Self.events(first).last?.hasPrefix("ended ") == true, "the cancel interrupt ends it: \(first)")
        let second = try E2E.flowc(["chat", E2E.shop, "--db", db, "--jsonl"], input: "hola\n")
        #expect(Self.events(second) == ["waiting main.home"], "\(second)")
    }

    /// A copy of the shop bot with a conversation stored in `db`, waiting at `order.pick`.
    static func shopWaitingAtOrder() throws -> (bot: URL, db: String) {
        let dir = try E2E.temp()
        let bot = dir.appendingPathComponent("shop")
        try FileManager.default.copyItem(at: URL(fileURLWithPath: E2E.shop), to: bot)
        let db = dir.appendingPathComponent("chat.sqlite").path
        let first = try E2E.flowc(["chat", bot.path, "--db", db, "--jsonl"], input: "pedido\n")
        #expect(events(first) == ["waiting order.pick"], "\(first)")
        return (bot, db)
    }

    @Test func aConversationStaysOnItsBundleWhenTheBotChanges() throws {
        let (bot, db) = try Self.shopWaitingAtOrder()

        // Edit the bot: the question text changes.
        let order = bot.appendingPathComponent("flows/order.yaml")
        let old = try String(contentsOf: order, encoding: .utf8)
        let edited = old.replacingOccurrences(of: "ask: \"¿Cuántas unidades querés? (de 1 a 20)\"", with: "ask: \"¿Cuántas querés? (versión 2)\"")
        try #require(edited != old)
        try edited.write(to: order, atomically: true, encoding: .utf8)

        // The running conversation finishes on the bundle it started on...
        let second = try E2E.flowc(["chat", bot.path, "--db", db, "--jsonl"], input: "1\n")
        #expect(second.exitedCleanly && second.status == 0, "\(second)")
        #expect((second.jsonLines() ?? []).first?["text"] as? String == "¿Cuántas unidades querés? (de 1 a 20)", "\(second)")
        #expect(second.stderr.contains(#"{"note":"this conversation started before the bot was last changed"#), "said, so the edit is not thought lost: \(second)")
        // ...and a new one starts on the new bot.
        let third = try E2E.flowc(["chat", bot.path, "--db", db, "--jsonl"], input: E2E.lines(["cancelar", "pedido", "1"]))
        #expect((third.jsonLines() ?? []).compactMap { $0["text"] as? String }.last == "¿Cuántas querés? (versión 2)", "\(third)")
    }

    @Test func aConversationWhoseBundleIsGoneStartsOverWithANote() throws {
        let (bot, db) = try Self.shopWaitingAtOrder()
        let order = bot.appendingPathComponent("flows/order.yaml")
        let old = try String(contentsOf: order, encoding: .utf8)
        try old.replacingOccurrences(of: "(de 1 a 20)", with: "(v2)").write(to: order, atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(atPath: db + ".bundles")
        let second = try E2E.flowc(["chat", bot.path, "--db", db, "--jsonl"], input: "hola\n")
        #expect(second.exitedCleanly && second.status == 0, "\(second)")
        #expect(second.stderr.contains("a new conversation started"), "\(second)")
        #expect(Self.events(second) == ["waiting main.home"], "\(second)")
    }

    @Test func twoChatsOnOneConversationNeverCorruptIt() throws {
        // A chat left open while another run moves the same conversation on: the stale one must not
        // overwrite the newer turn (it answers on the latest state, or stops with a clear conflict error).
        let db = try E2E.temp().appendingPathComponent("two.sqlite").path
        let args = ["chat", E2E.shop, "--db", db, "--contact", "shared", "--jsonl"]
        let stale = try E2ELiveProcess(args)
        try stale.send("hola")
        try #require(stale.waitForOutput(timeout: 10) { $0.contains("\"event\"") }, "\(stale.stdout)\(stale.stderr)")
        let other = try E2E.flowc(args, input: "2\n")
        #expect(Self.events(other) == ["waiting order.pick"], "\(other)")
        try stale.send("1")
        _ = stale.waitForOutput(timeout: 10) { $0.occurrences(of: "\"event\"") >= 2 }
        let status = stale.finish(timeout: 10)
        #expect(status != nil, "no hang")
        if status != 0 {
            #expect(stale.stderr.contains("conflict"), "a clear error: \(stale.stderr)")
        }
        let after = try E2E.flowc(args, input: "/vars\n")
        let steps = (after.jsonLines() ?? []).compactMap { $0["vars"] as? [String: Any] }
        #expect(after.exitedCleanly && after.status == 0, "\(after)")
        if status == 0 {
            #expect(steps.first?["item"] as? String == "yerba", "the stale chat answered on the latest state: \(after)")
        } else {
            #expect(steps.first?["item"] == nil, "the stale turn wrote nothing: \(after)")
        }
    }

    /// A question with a 1-second timeout.
    static func quickTimeoutFlow() throws -> String {
        try E2E.write("""
            flow: quick
            vars:
              color: text
            steps:
              ask_color:
                ask: "¿Color?"
                save: color
                timeout: 1s
                on_timeout: nudge
              done:
                end: "Elegiste {{color}}"
              nudge:
                end: "Se acabó el tiempo"

            """, to: try E2E.temp(), "quick.yaml")
    }

    @Test func aReplyAfterTheTimeoutIsLate() throws {
        // chat runs on the real clock: when the answer comes after the question's timeout, the
        // timeout has already happened (on_timeout), and the late line starts a new conversation.
        let flow = try Self.quickTimeoutFlow()
        let db = try E2E.temp().appendingPathComponent("late.sqlite").path
        let first = try E2E.flowc(["chat", flow, "--db", db, "--jsonl"], input: "hola\n")
        #expect(Self.events(first) == ["waiting quick.ask_color"], "\(first)")
        usleep(1_500_000)
        let second = try E2E.flowc(["chat", flow, "--db", db, "--jsonl"], input: "rojo\n")
        #expect(second.exitedCleanly && second.status == 0, "\(second)")
        let texts = (second.jsonLines() ?? []).compactMap { $0["text"] as? String }
        #expect(texts.first == "Se acabó el tiempo", "\(second)")
        #expect(!texts.contains("Elegiste rojo"), "\(second)")
        // The late line started a new conversation: the question is asked again after the timeout's message.
        #expect(texts.dropFirst().first == "¿Color?", "\(second)")
        // In time, the same answer is taken.
        let fresh = try E2E.temp().appendingPathComponent("intime.sqlite").path
        let inTime = try E2E.flowc(["chat", flow, "--db", fresh, "--jsonl"], input: "hola\nrojo\n")
        #expect((inTime.jsonLines() ?? []).compactMap { $0["text"] as? String }.last == "Elegiste rojo", "\(inTime)")
    }

    @Test func killDashNineLosesNothing() throws {
        let db = try E2E.temp().appendingPathComponent("crash.sqlite").path
        let args = ["chat", E2E.shop, "--db", db, "--contact", "crash", "--name", "Ana", "--jsonl"]
        let live = try E2ELiveProcess(args)
        let lines = ["hola", "2", "3", "5", "Ana Pérez"]
        for (i, line) in lines.enumerated() {
            try live.send(line)
            // Wait until this line's turn is visible (its event line) before sending the next one.
            let seen = live.waitForOutput(timeout: 10) { $0.occurrences(of: "\"event\"") >= i + 1 }
            try #require(seen, "no reply to `\(line)`:\n\(live.stdout)\n\(live.stderr)")
        }
        #expect(live.stdout.contains("\"step\":\"order.ask_phone\""), "\(live.stdout)")
        live.killHard()
        #expect(live.process.terminationReason == .uncaughtSignal)

        // Start again on the same db: nothing lost.
        let after = try E2E.flowc(args, input: E2E.lines(["/vars", "011 15-5555-1234", "/vars"]))
        #expect(after.exitedCleanly && after.status == 0, "\(after)")
        let objects = try #require(after.jsonLines())
        let vars = objects.compactMap { $0["vars"] as? [String: Any] }
        try #require(vars.count == 2, "\(after)")
        #expect(vars[0]["item"] as? String == "bombilla", "\(after)")
        #expect((vars[0]["qty"] as? NSNumber)?.doubleValue == 5, "\(after)")
        #expect((vars[0]["unit_price"] as? NSNumber)?.doubleValue == 8900, "\(after)")
        #expect(vars[0]["customer_name"] as? String == "Ana Pérez", "\(after)")
        #expect(vars[0]["phone"] == nil, "not answered yet: \(after)")
        // The next line answered the pending phone question.
        #expect(objects.compactMap { $0["text"] as? String } == ["¿A qué e-mail te mandamos el comprobante?"], "\(after)")
        #expect(Self.events(after) == ["waiting order.ask_email"], "\(after)")
        #expect(vars[1]["phone"] as? String == "+5491155551234", "\(after)")

        // The database itself is intact.
        if let sqlite = E2E.which("sqlite3") {
            let check = try E2E.run(sqlite, [db, "PRAGMA integrity_check;"], timeout: 10)
            #expect(check.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "ok", "\(check)")
        }
    }

    @Test func killDashNineMidConversationRepeatedly() throws {
        // Several crashes in a row, each after a visible reply: every answered turn survives.
        let db = try E2E.temp().appendingPathComponent("crash2.sqlite").path
        let args = ["chat", E2E.shop, "--db", db, "--contact", "again", "--jsonl"]
        let answers = ["pedido", "1", "2", "Beto", "+54 9 11 5555-9876"]
        let steps = ["order.pick", "order.ask_qty", "order.ask_name", "order.ask_phone", "order.ask_email"]
        for (answer, step) in zip(answers, steps) {
            let live = try E2ELiveProcess(args)
            try live.send(answer)
            let seen = live.waitForOutput(timeout: 10) { $0.contains("\"event\"") }
            try #require(seen, "no reply to `\(answer)`:\n\(live.stdout)\n\(live.stderr)")
            #expect(live.stdout.contains("\"step\":\"\(step)\""), "after `\(answer)`: \(live.stdout)")
            live.killHard()
        }
        let end = try E2E.flowc(args, input: "/vars\n")
        let vars = (end.jsonLines() ?? []).compactMap { $0["vars"] as? [String: Any] }.first
        #expect(vars?["item"] as? String == "yerba", "\(end)")
        #expect((vars?["qty"] as? NSNumber)?.doubleValue == 2, "\(end)")
        #expect(vars?["customer_name"] as? String == "Beto", "\(end)")
        #expect(vars?["phone"] as? String == "+5491155559876", "\(end)")
    }
}
