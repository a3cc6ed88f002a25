import Foundation
import Testing

/// `flowc chat` with piped stdin: one line per user message, the bot's messages out (spec §6).
struct ChatPipedTests {
    static let orderMock = """
        - match: {method: POST, url: "https://api.test/orders"}
          status: 201
          json: {id: 77}

        """

    /// A whole order through the shop bot, as a person types it.
    static let orderLines = ["hola", "2", "1", "3", "Ana Pérez", "011 15-5555-1234", "ana@example.com", "mañana", "sí"]

    @Test func plainTextConversationEndsAtEOF() throws {
        let r = try E2E.flowc(["chat", E2E.shop, "--name", "Ana"], input: E2E.lines(["hola", "2"]))
        #expect(r.exitedCleanly && r.status == 0, "\(r)")
        // The greeting carries the name; the menu comes as numbered lines.
        #expect(r.stdout.contains("¡Hola Ana! 👋 Bienvenido/a a *Cocolu*"), "\(r)")
        #expect(r.stdout.contains("¿En qué te ayudo?\n1. Ver productos\n2. Hacer un pedido\n3. Hablar con alguien"), "\(r)")
        // A list row's description follows its label, as a numbered menu sends it (the prices).
        #expect(r.stdout.contains("¿Qué querés pedir?\n1. Yerba mate 1 kg — $ 5.200\n2. Mate de calabaza — Mediano, $ 12.500\n3. Bombilla de alpaca — Pico de loro, $ 8.900\n4. Termo de acero 1 l — $ 32.000"), "\(r)")
        // Plain mode: no prompt, no colour, no JSON.
        #expect(!r.stdout.contains("you ›"))
        #expect(!r.stdout.contains("\u{1B}["))
        #expect(!r.stdout.contains("{\"text\""))
        #expect(r.stderr.isEmpty, "\(r)")
    }

    /// A flow file of a bot: the first conversation starts at that flow (as a test's `flow:`),
    /// said on stderr; the one after it ends starts as the bot's do.
    /// Escape sequences a user typed (or an API sent) and the bot repeats are shown, not obeyed
    /// by the terminal: no window retitled, no colours changed.
    @Test func controlCharactersAreShownNotObeyed() throws {
        let dir = try E2E.temp()
        try E2E.write("bot: eco\nstart: main\n", to: dir, "bot.yaml")
        try E2E.write("flow: main\nsteps:\n  a: {ask: \"¿Qué?\", save: t}\n  b: {end: \"Dijiste: {{t}}\"}\n", to: dir, "flows/main.yaml")
        let r = try E2E.flowc(["chat", dir.path], input: "hola\n\u{1B}]0;pwned\u{07}\u{1B}[31mROJO\u{1B}[0m\n")
        #expect(r.status == 0, "\(r)")
        #expect(!r.stdout.contains("\u{1B}") && !r.stdout.contains("\u{07}"), "\(r.stdout.debugDescription)")
        #expect(r.stdout.contains("Dijiste: ^[]0;pwned^G^[[31mROJO^[[0m"), "\(r.stdout.debugDescription)")
        // Piped, a line is the message as it is, `//` and all (only a typed `//` stands for `/`).
        let slashes = try E2E.flowc(["chat", dir.path], input: "hola\n//vars\n")
        #expect(slashes.stdout.contains("Dijiste: //vars"), "\(slashes)")
    }

    /// A misspelt `--env` gets a did-you-mean, and a setting the bot reads that the others given
    /// leave out is named (it reads as empty text).
    @Test func aMisspeltEnvIsNamed() throws {
        let r = try E2E.flowc(["chat", E2E.shop, "--env", "API_URLL=https://api.test", "--env", "STORE=x"], input: E2E.lines(["hola"]))
        #expect(r.status == 0, "\(r)")
        #expect(r.stderr.contains("note: --env API_URLL: the bot reads no `env.API_URLL`; did you mean `API_URL`?"), "\(r.stderr)")
        #expect(r.stderr.contains("note: --env STORE: the bot reads no `env.STORE`\n"), "\(r.stderr)")
        let right = try E2E.flowc(["chat", E2E.shop, "--env", "API_URL=https://api.test"], input: E2E.lines(["hola"]))
        #expect(right.stderr.isEmpty, "\(right.stderr)")
    }

    @Test func aFlowFileOfABotStartsThere() throws {
        let r = try E2E.flowc(["chat", E2E.shop + "/flows/order.yaml", "--jsonl"], input: E2E.lines(["hola"]))
        #expect(r.exitedCleanly && r.status == 0, "\(r)")
        #expect(r.stdout.contains(#"{"event":"waiting","step":"order.pick"}"#), "\(r)")
        #expect(r.stderr.contains("note: the first conversation starts at flow `order` (this file)"), "\(r)")
        let folder = try E2E.flowc(["chat", E2E.shop, "--jsonl"], input: E2E.lines(["hola"]))
        #expect(folder.stdout.contains(#"{"event":"waiting","step":"main.home"}"#) && folder.stderr.isEmpty, "\(folder)")
    }

    /// An action that fails into `on_error` is said on stderr (why the bot went that way); stdout
    /// keeps only the bot's messages.
    @Test func aHandledActionFailureIsNotedOnStderr() throws {
        let dir = try E2E.temp()
        let flow = try E2E.write("""
            flow: main
            steps:
              lookup:
                http: {get: "https://api.test/stock"}
                save: stock
                on_error: sorry
              ok:
                end: "Quedan {{stock.n}}"
              sorry:
                end: "No pude consultar el stock."

            """, to: dir, "main.yaml")
        let mock = try E2E.write("- match: {url: \"https://api.test/stock\"}\n  status: 503\n", to: dir, "mocks.yaml")
        let text = try E2E.flowc(["chat", flow, "--mock", mock], input: E2E.lines(["hola"]))
        #expect(text.status == 0 && text.stdout == "No pude consultar el stock.\n\n", "\(text)")
        #expect(text.stderr == "note: http answered 503\n", "\(text)")
        let jsonl = try E2E.flowc(["chat", flow, "--mock", mock, "--jsonl"], input: E2E.lines(["hola"]))
        let failure = jsonl.stderr.split(separator: "\n").first { $0.hasPrefix("{\"failed\":\"http\"") }
        #expect(failure == #"{"failed":"http","error":"answered 503"}"#, "\(jsonl)")
    }

    /// A body that is not JSON fails a step that saves it: said as a 5xx is (contract §5: an action's
    /// error is told, with on_error too).
    @Test func anAnswerThatIsNotJSONIsNotedOnStderr() throws {
        let dir = try E2E.temp()
        let flow = try E2E.write("""
            flow: main
            steps:
              lookup:
                http: {get: "https://api.test/stock"}
                save: stock
                on_error: sorry
              ok:
                end: "Quedan {{stock.n}}"
              sorry:
                end: "No pude consultar el stock."

            """, to: dir, "main.yaml")
        let mock = try E2E.write("- match: {url: \"https://api.test/stock\"}\n  status: 200\n  body: \"<html>Mantenimiento</html>\"\n", to: dir, "mocks.yaml")
        let jsonl = try E2E.flowc(["chat", flow, "--mock", mock, "--jsonl"], input: E2E.lines(["hola"]))
        let failure = jsonl.stderr.split(separator: "\n").first { $0.hasPrefix("{\"failed\":\"http\"") }
        #expect(failure == #"{"failed":"http","error":"answered 200 with a body that is not JSON"}"#, "\(jsonl)")
        let text = try E2E.flowc(["chat", flow, "--mock", mock], input: E2E.lines(["hola"]))
        #expect(text.stderr == "note: http answered 200 with a body that is not JSON\n", "\(text)")
    }

    /// `--phone` is `contact.phone` as a channel gives it: E.164 in its WhatsApp form, read with the
    /// bot's country; one that is no phone number is a usage error naming the flag (as a test's
    /// `contact.phone` is), and nothing runs.
    @Test func phoneAsChannelsGiveIt() throws {
        let dir = try E2E.temp()
        let flow = try E2E.write("flow: main\nsteps:\n  hi:\n    end: \"tel {{contact.phone}}\"\n", to: dir, "main.yaml")
        for (given, shown) in [("11 5555-1234", "+5491155551234"), ("+54 9 11 5555 1234", "+5491155551234"), ("whatsapp:+5491155551234", "+5491155551234")] {
            let r = try E2E.flowc(["chat", flow, "--phone", given], input: E2E.lines(["hola"]))
            #expect(r.status == 0 && r.stdout == "tel \(shown)\n\n", "\(given): \(r)")
        }
        for given in ["notaphone", "interno 12", "+54 11 abc"] {
            let r = try E2E.flowc(["chat", flow, "--phone", given], input: E2E.lines(["hola"]))
            #expect(r.exitedCleanly && r.status == 2, "\(given): \(r)")
            #expect(r.stderr.contains("--phone `\(given)` is no phone number"), "\(given): \(r)")
            #expect(r.stdout.isEmpty, "nothing ran: \(r)")
        }
    }

    /// Piped: chat's own notes go to stderr (stdout holds only the bot's messages); a `|` block's
    /// last line break is no extra blank line; `/wait` with no conversation prints no event line;
    /// a reminder every minute fires every time in a long wait.
    @Test func notesTrailingBreaksAndLongWaits() throws {
        let dir = try E2E.temp()
        let flow = try E2E.write("""
            flow: main
            steps:
              hola:
                say: |
                  Hola.
                  Dos líneas.
              q:
                ask: "¿Seguís?"
                timeout: 1m
                on_timeout: r
                save: x
              fin:
                end: "fin {{x}}"
              r:
                say: "recordatorio"
                goto: q

            """, to: dir, "main.yaml")
        let plain = try E2E.flowc(["chat", flow], input: E2E.lines(["/wait xx", "hola", "/restart"]))
        #expect(plain.status == 0 && plain.stdout == "Hola.\nDos líneas.\n\n¿Seguís?\n\n", "\(plain)")
        #expect(plain.stderr.contains("note: write a duration") && plain.stderr.contains("note: conversation restarted"), "\(plain)")
        // `--jsonl` gives the text as the person reads it too: the block's last line break is no part of it.
        let block = try E2E.flowc(["chat", flow, "--jsonl"], input: E2E.lines(["hola"]))
        #expect(block.stdout.hasPrefix(#"{"text":"Hola.\nDos líneas."}"#), "\(block)")
        let early = try E2E.flowc(["chat", flow, "--jsonl"], input: E2E.lines(["/wait 10m"]))
        #expect(early.status == 0 && early.stdout.isEmpty, "no conversation, no event line: \(early)")
        let long = try E2E.flowc(["chat", flow, "--jsonl"], input: E2E.lines(["hola", "/wait 3h"]), timeout: 60)
        let reminders = long.stdout.split(separator: "\n").filter { $0.contains("recordatorio") }.count
        #expect(reminders == 180, "a reminder a minute for three hours: \(reminders)")
    }

    /// A variable two flows declare with other limits: a `--var` one of them takes is taken; one
    /// that both refuse is refused, naming the first.
    @Test func aVarDeclaredTwiceIsCheckedAgainstEach() throws {
        let dir = try E2E.temp()
        _ = try E2E.write("bot: shared\nstart: main\nvars:\n  qty: {type: number, min: 1, max: 5}\n", to: dir, "bot.yaml")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("flows"), withIntermediateDirectories: true)
        _ = try E2E.write("flow: main\nsteps:\n  q: {ask: \"¿Cuántos?\", save: qty}\n  c: {call: other}\n  e: {end: \"{{qty}}\"}\n", to: dir, "flows/main.yaml")
        _ = try E2E.write("flow: other\nvars:\n  qty: {type: number, min: 10, max: 50}\nsteps:\n  q: {ask: \"¿Y acá?\", save: qty}\n", to: dir, "flows/other.yaml")
        for (value, refused) in [("9", true), ("-4", true), ("100", true), ("3", false), ("20", false)] {
            let r = try E2E.flowc(["chat", dir.path, "--var", "qty=\(value)"], input: "")
            #expect((r.status == 2) == refused, "qty=\(value): \(r)")
            if refused { #expect(r.stderr.contains("--var `qty` is at"), "\(r)") }
        }
    }

    /// Bad arguments are refused with chat's own usage (exit 2); `/vars` shows the `--var`s the
    /// conversation will start with before the first message.
    @Test func badArgumentsAndVarsBeforeTheFirstMessage() throws {
        for args in [["--var", "qty"], ["--env", "=x"], ["--db", ""], ["--contact", ""]] {
            let r = try E2E.flowc(["chat", E2E.shop] + args, input: "")
            #expect(r.status == 2 && r.stderr.contains("Usage: flowc chat"), "\(args): \(r)")
        }
        let vars = try E2E.flowc(["chat", E2E.shop, "--var", "qty=3", "--jsonl"], input: E2E.lines(["/vars"]))
        #expect(vars.status == 0 && vars.stdout.contains(#"{"vars":{"qty":3}}"#), "\(vars)")
    }

    /// `data:` left empty (`{}`, `[]`, null) declares nothing: the data/ folder's SQLite files are
    /// the sources, as with no `data:` at all.
    @Test(.enabled(if: E2E.which("sqlite3") != nil, "needs the sqlite3 CLI (apt sqlite3)"))
    func anEmptyDataKeyStillFindsTheDataFolder() throws {
        let sqlite = try #require(E2E.which("sqlite3"))
        for empty in ["{}", "[]", ""] {
            let dir = try E2E.temp()
            try E2E.write("bot: b\nstart: main\ndata: \(empty)\n", to: dir, "bot/bot.yaml")
            try E2E.write("flow: main\nsteps:\n  q: {query: \"SELECT n FROM p\", save: r}\n  e: {end: \"{{r[0].n}}\"}\n", to: dir, "bot/flows/main.yaml")
            try E2E.write("", to: dir, "bot/data/.keep")
            let db = dir.appendingPathComponent("bot/data/catalog.sqlite").path
            #expect(try E2E.run(sqlite, [db, "CREATE TABLE p(n TEXT); INSERT INTO p VALUES ('mate');"]).status == 0)
            let r = try E2E.flowc(["chat", dir.appendingPathComponent("bot").path], input: E2E.lines(["hola"]))
            #expect(r.status == 0 && r.stdout == "mate\n\n", "data: \(empty): \(r)")
        }
    }

    /// A mistake in a test file fails `flowc check` and `flowc test`, not `chat` or `build` of the
    /// bot: the flows are fine.
    @Test func aBrokenTestFileDoesNotStopChatOrBuild() throws {
        let dir = try E2E.temp()
        try E2E.write("bot: b\nstart: main\n", to: dir, "bot.yaml")
        try E2E.write("flow: main\nsteps:\n  a:\n    end: hola\n", to: dir, "flows/main.yaml")
        try E2E.write("flow: main\ntests:\n  - name: t\n    conversation:\n      - user: hola\n      - relase: true\n", to: dir, "tests/t.test.yaml")
        let chat = try E2E.flowc(["chat", dir.path], input: E2E.lines(["hola"]))
        #expect(chat.status == 0 && chat.stdout == "hola\n\n", "\(chat)")
        #expect(chat.stderr.contains("warning[unknown-key]") && chat.stderr.contains("in a test file"), "\(chat)")
        let build = try E2E.flowc(["build", dir.path, "-o", dir.appendingPathComponent("b.flowb").path])
        #expect(build.status == 0, "\(build)")
        let check = try E2E.flowc(["check", dir.path])
        #expect(check.status == 1 && check.stdout.contains("error[unknown-key]"), "\(check)")
    }

    @Test func jsonlMenuOptionsCarryTheirDescriptions() throws {
        let flow = FlowcRun.root.appendingPathComponent("Tests/FlowCheckerTests/Corpus/valid/menu_list_descriptions.yaml").path
        let r = try E2E.flowc(["chat", flow, "--jsonl"], input: "hola\n")
        #expect(r.exitedCleanly && r.status == 0, "\(r)")
        let options = try #require((r.jsonLines() ?? []).first?["options"] as? [[String: Any]], "\(r)")
        #expect(options.first?["id"] as? String == "yerba", "\(r)")
        #expect(options.first?["description"] as? String == "Con palo, estacionada 24 meses", "\(r)")
        #expect(options.allSatisfy { $0["description"] is String }, "\(r)")
    }

    @Test func attachmentsAndLocationsArePrintedToo() throws {
        let dir = try E2E.temp()
        let flow = try E2E.write("""
            flow: shop
            steps:
              photo:
                say: {text: "Mirá", image: "https://x.test/a.jpg", buttons: [Sí, No]}
              map:
                say: {location: {lat: -34.6, lng: -58.4, name: "Local Ñ", address: "Av. Siempre Viva 123"}, text: "Estamos acá"}
              doc:
                say: {document: "https://x.test/menu.pdf", filename: "menú.pdf", caption: "La carta"}
              bye:
                end: Chau
            """, to: dir, "shop.yaml")
        let r = try E2E.flowc(["chat", flow], input: "hola\n")
        #expect(r.exitedCleanly && r.status == 0, "\(r)")
        // A pin and a document's name as the terminal shows them (not the pin's JSON).
        #expect(r.stdout == "Mirá\n[image: https://x.test/a.jpg]\n[Sí] [No]\n\nEstamos acá\n📍 Local Ñ, Av. Siempre Viva 123 (-34.6, -58.4)\n\n"
                + "La carta\n[document: https://x.test/menu.pdf (menú.pdf)]\n\nChau\n\n", "\(r)")
    }

    @Test func emptyInputExitsZeroSilently() throws {
        let r = try E2E.flowc(["chat", E2E.shop], input: "")
        #expect(r.exitedCleanly && r.status == 0, "\(r)")
        #expect(r.stdout.isEmpty, "\(r)")
    }

    @Test func jsonlWholeOrderConversation() throws {
        let dir = try E2E.temp()
        let mock = try E2E.write(Self.orderMock, to: dir, "mocks.yaml")
        let r = try E2E.flowc(["chat", E2E.shop, "--jsonl", "--name", "Ana", "--env", "API_URL=https://api.test", "--mock", mock],
                              input: E2E.lines(Self.orderLines))
        #expect(r.exitedCleanly && r.status == 0, "\(r)")
        let objects = try #require(r.jsonLines())

        // Split into turns at each event line: exactly one event per user line.
        var turns: [[[String: Any]]] = [[]]
        var events: [(String, String)] = []
        for o in objects {
            if let event = o["event"] as? String {
                events.append((event, o["step"] as? String ?? "?"))
                turns.append([])
            } else {
                turns[turns.count - 1].append(o)
            }
        }
        #expect(turns.last?.isEmpty == true, "nothing after the last event line")
        try #require(events.count == Self.orderLines.count, "one event per turn: \(events)\n\(r)")
        let expectedEvents: [(String, String)] = [
            ("waiting", "main.home"), ("waiting", "order.pick"), ("waiting", "order.ask_qty"), ("waiting", "order.ask_name"),
            ("waiting", "order.ask_phone"), ("waiting", "order.ask_email"), ("waiting", "order.ask_date"), ("waiting", "order.confirm"),
        ]
        for (i, e) in expectedEvents.enumerated() {
            #expect(events[i].0 == e.0 && events[i].1 == e.1, "turn \(i + 1): \(events[i]) ≠ \(e)")
        }
        #expect(events[8].0 == "ended", "\(events[8])")
        #expect(events[8].1.hasPrefix("order."), "ended inside the order flow: \(events[8])")

        func texts(_ turn: Int) -> [String] { turns[turn].compactMap { $0["text"] as? String } }
        // Every bot message object has a text.
        for turn in turns { for m in turn { #expect(m["text"] is String, "\(m)") } }

        #expect(texts(0) == ["¡Hola Ana! 👋 Bienvenido/a a *Cocolu*: yerba, mates y todo para el mate.", "¿En qué te ayudo?"])
        let homeOptions = (turns[0].last?["options"] as? [[String: Any]])?.map { "\($0["id"] ?? "")=\($0["label"] ?? "")" }
        #expect(homeOptions == ["products=Ver productos", "buy=Hacer un pedido", "human=Hablar con alguien"])
        #expect(turns[0].first?["options"] == nil, "a plain message has no options")

        #expect(texts(1) == ["¿Qué querés pedir?"])
        let orderOptions = (turns[1].first?["options"] as? [[String: Any]])?.compactMap { $0["id"] as? String }
        #expect(orderOptions == ["yerba", "mate", "bombilla", "termo"])

        #expect(texts(2) == ["¿Cuántas unidades querés? (de 1 a 20)"])
        #expect(texts(3) == ["¿A nombre de quién va el pedido?"])
        #expect(texts(4) == ["¿A qué teléfono te llamamos si hace falta? (con código de área)"])
        #expect(texts(5) == ["¿A qué e-mail te mandamos el comprobante?"])
        #expect(texts(6) == ["¿Qué día querés recibirlo? (por ejemplo 15/03)"])
        #expect(texts(7).count == 1 && texts(7)[0].contains("• 3 × Yerba mate 1 kg: $ 15.600,00"), "\(texts(7))")
        #expect(texts(7).first?.contains("tel. +5491155551234") == true, "\(texts(7))")
        // The mocked POST answered {id: 77}.
        #expect(texts(8) == ["¡Listo, Ana Pérez! Tu pedido #77 quedó confirmado. Te mandamos el detalle a ana@example.com. 🧉"], "\(r)")
    }

    @Test func jsonlWithoutAMatchingMockTakesOnError() throws {
        // The order POST goes to a URL no mock answers: the flow's on_error (`failed` → support.agent handoff).
        let dir = try E2E.temp()
        let mock = try E2E.write(Self.orderMock, to: dir, "mocks.yaml")
        let r = try E2E.flowc(["chat", E2E.shop, "--jsonl", "--env", "API_URL=https://other.test", "--mock", mock],
                              input: E2E.lines(Self.orderLines))
        #expect(r.exitedCleanly && r.status == 0, "\(r)")
        let objects = try #require(r.jsonLines())
        let tail = objects.suffix(3)
        #expect(tail.compactMap { $0["text"] as? String } == [
            "Uy, no pude registrar el pedido en este momento.",
            "Te paso con alguien del equipo de ventas. Te responde en unos minutos. 🙌",
        ], "\(r)")
        #expect(tail.last?["event"] as? String == "handoff")
        #expect(tail.last?["step"] as? String == "support.agent")
    }

    @Test func varSeedsAVariable() throws {
        let bot = try ProbeBot.write()
        let seeded = try E2E.flowc(["chat", bot.path, "--var", "plan=gold", "--name", "Ana"], input: "hola\n")
        #expect(seeded.exitedCleanly && seeded.status == 0, "\(seeded)")
        #expect(seeded.stdout.contains("plan=gold"), "\(seeded)")
        let unseeded = try E2E.flowc(["chat", bot.path, "--name", "Ana"], input: "hola\n")
        #expect(unseeded.stdout.contains("plan=none"), "\(unseeded)")
        // Seeded variables are visible in /vars.
        let vars = try E2E.flowc(["chat", bot.path, "--jsonl", "--var", "plan=gold", "--var", "color=3"], input: "hola\n/vars\n")
        let objects = try #require(vars.jsonLines())
        let shown = objects.compactMap { $0["vars"] as? [String: Any] }.first
        #expect(shown?["plan"] as? String == "gold", "\(vars)")
        #expect(shown?["color"] as? String == "3", "a --var takes its variable's declared type (text): \(vars)")
    }

    @Test func aNumberVarIsReadByTheBotsLocale() throws {
        let dir = try E2E.temp()
        try E2E.write("bot: m\nstart: f\nlocale: es-CO\n", to: dir, "bot.yaml")
        try E2E.write("flow: f\nvars:\n  p: number\nsteps:\n  s:\n    end: \"[{{p}}]\"\n", to: dir, "flows/f.yaml")
        // `38.000` is thirty-eight thousand in es-CO, as an answer or a `set` of the text reads it; never 38 in silence.
        let grouped = try E2E.flowc(["chat", dir.path, "--var", "p=38.000"], input: "hola\n")
        #expect(grouped.status == 0 && grouped.stdout.contains("[38000]"), "\(grouped)")
        let decimal = try E2E.flowc(["chat", dir.path, "--var", "p=38.000,50"], input: "hola\n")
        #expect(decimal.status == 0 && decimal.stdout.contains("[38000.5]"), "\(decimal)")
        let plain = try E2E.flowc(["chat", dir.path, "--var", "p=12.5"], input: "hola\n")
        #expect(plain.status == 0 && plain.stdout.contains("[12.5]"), "\(plain)")
    }

    @Test func badVarOrEnvArgumentExitsTwo() throws {
        let bot = try ProbeBot.write()
        let badVar = try E2E.flowc(["chat", bot.path, "--var", "novalue"], input: "hola\n")
        #expect(badVar.exitedCleanly && badVar.status == 2, "\(badVar)")
        #expect(badVar.stderr.contains("--var"), "\(badVar)")
        let badEnv = try E2E.flowc(["chat", bot.path, "--env", "=x"], input: "hola\n")
        #expect(badEnv.exitedCleanly && badEnv.status == 2, "\(badEnv)")
        // A name no flow knows is a typo, not a silent no-op.
        let typo = try E2E.flowc(["chat", E2E.shop, "--var", "qtty=3"], input: "hola\n")
        #expect(typo.exitedCleanly && typo.status == 2, "\(typo)")
        #expect(typo.stderr.contains("--var `qtty` is no variable of this bot; did you mean `qty`?"), "\(typo)")
    }

    @Test func photosDocumentsAndPlacesAreSentWithCommands() throws {
        let flow = FlowcRun.root.appendingPathComponent("flows/ask_media.yaml").path
        let r = try E2E.flowc(["chat", flow, "--jsonl"],
                              input: "hola\n/photo not-a-url\n/photo https://m.test/a.jpg\n/document https://m.test/c.pdf mi comprobante\n/location 91,0\n/location -34.6037, -58.3816\n")
        #expect(r.exitedCleanly && r.status == 0, "\(r)")
        #expect(r.stdout.contains("Gracias: foto https://m.test/a.jpg, comprobante https://m.test/c.pdf, entrega en -34.6037, -58.3816."), "\(r)")
        #expect(r.stderr.contains("write /photo https://… [caption]") && r.stderr.contains("write /location -34.6037,-58.3816"), "\(r)")
        // A photo's mime_type is told by its link, as a channel gives it.
        let dir = try E2E.temp()
        let photo = try E2E.write("""
            flow: foto
            vars: {f: image}
            steps:
              a: {ask: "foto", save: f}
              b: {end: "[{{f.mime_type}}] [{{f.caption}}]"}
            """, to: dir, "foto.yaml")
        let typed = try E2E.flowc(["chat", photo], input: "hola\n/photo https://m.test/a.webp así\n")
        #expect(typed.stdout.contains("[image/webp] [así]"), "\(typed)")
    }

    @Test func aListVariableTakesOnlyAList() throws {
        let dir = try E2E.temp()
        let path = try E2E.write("""
            flow: lista
            vars: {items: list}
            steps:
              show:
                end: "{{len(items ?? [])}} {{first(items ?? []) ?? '-'}}"
            """, to: dir, "lista.yaml")
        for text in ["notalist", "a,b"] {
            let r = try E2E.flowc(["chat", path, "--jsonl", "--var", "items=\(text)"], input: "hola\n")
            #expect(r.exitedCleanly && r.status == 2, "\(r)")
            #expect(r.stderr.contains("--var `items` is declared list, but `\(text)` is not one: give a list such as"), "\(r)")
        }
        let good = try E2E.flowc(["chat", path, "--jsonl", "--var", #"items=["a", "b"]"#], input: "hola\n")
        #expect(good.status == 0 && good.stdout.contains(#"{"text":"2 a"}"#), "\(good)")
    }

    @Test func varsAreValidatedLikeAnswers() throws {
        let bad = try E2E.flowc(["chat", E2E.shop, "--var", "phone=abc", "--var", "qty=25"], input: "hola\n")
        #expect(bad.exitedCleanly && bad.status == 2, "\(bad)")
        #expect(bad.stderr.contains("`phone` is declared phone"), "\(bad)")
        #expect(bad.stderr.contains("`qty` is at most 20, not 25"), "\(bad)")
        // A number an answer would not be is no number from outside either.
        let exponent = try E2E.flowc(["chat", E2E.shop, "--var", "qty=1e1"], input: "hola\n")
        #expect(exponent.status == 2 && exponent.stderr.contains("`qty` is declared number, but `1e1` is not one"), "\(exponent)")
        let good = try E2E.flowc(["chat", E2E.shop, "--var", "phone=11 5555-1234", "--var", "email=Ana@GMAIL.com"], input: "hola\n/vars\n")
        #expect(good.status == 0, "\(good)")
        #expect(good.stdout.contains("+5491155551234") && good.stdout.contains("Ana@gmail.com"), "stored as an answer would be: \(good)")
    }

    @Test func mockFileIsCheckedLikeATestsMocks() throws {
        let dir = try E2E.temp()
        let bad = try E2E.write("- match: {method: GET, url: \"https://api.test/x\"}\n  jsno: {id: 99}\n", to: dir, "mocks.yaml")
        let r = try E2E.flowc(["chat", E2E.shop, "--mock", bad], input: "hola\n")
        #expect(r.exitedCleanly && r.status == 2, "\(r)")
        #expect(r.stderr.contains("unknown key `jsno`") && r.stderr.contains("did you mean `json`?"), "\(r)")
    }

    @Test func contactAndNameReachTheTemplates() throws {
        let bot = try ProbeBot.write()
        let r = try E2E.flowc(["chat", bot.path, "--contact", "5491100001111", "--name", "Zoe"], input: "hola\n")
        #expect(r.exitedCleanly && r.status == 0, "\(r)")
        #expect(r.stdout.contains("Hola Zoe (5491100001111) plan=none"), "\(r)")
        #expect(r.stdout.contains("¿Qué color te gusta?"), "\(r)")
    }

    @Test func envWithMockAnswersTheRequest() throws {
        let bot = try ProbeBot.write()
        let dir = try E2E.temp()
        let mock = try E2E.write("""
            http:
              - match: {method: GET, url: "http://127.0.0.1:9/v1/thing"}
                json: {id: 12}

            """, to: dir, "mocks.yaml")
        let r = try E2E.flowc(["chat", bot.path, "--jsonl", "--env", "API_URL=http://127.0.0.1:9/v1", "--mock", mock], input: "api\n")
        #expect(r.exitedCleanly && r.status == 0, "\(r)")
        let objects = try #require(r.jsonLines())
        #expect(objects.compactMap { $0["text"] as? String } == ["La API dijo 12"], "\(r)")
        #expect(objects.last?["event"] as? String == "ended")
        #expect(objects.last?["step"] as? String == "api.ok", "\(r)")
    }

    @Test func waitCommandFiresTheTimeoutInPipedMode() throws {
        let bot = try ProbeBot.write()
        let r = try E2E.flowc(["chat", bot.path, "--jsonl"], input: E2E.lines(["hola", "/wait 10m", "/wait 6m"]))
        #expect(r.exitedCleanly && r.status == 0, "\(r)")
        let objects = try #require(r.jsonLines())
        let texts = objects.compactMap { $0["text"] as? String }
        #expect(texts.last == "¿Seguís ahí? Pasaron 15 minutos.", "\(r)")
        #expect(texts.count(where: { $0.hasPrefix("¿Seguís ahí?") }) == 1, "fires once, after 16 minutes: \(r)")
        let events = objects.compactMap { o in (o["event"] as? String).map { ($0, o["step"] as? String ?? "") } }
        #expect(events.first?.0 == "waiting" && events.first?.1 == "main.ask_color", "\(events)")
        #expect(events.last?.0 == "ended", "\(events)")
        #expect(events.last?.1 == "main.nudge", "\(events)")
    }

    /// Piped, every line that is not one of chat's own commands is a user message (flow-format.md
    /// §6), `/start` included; stdout holds only bot messages and turn events.
    @Test func anUnknownSlashLineIsAUserMessageWhenPiped() throws {
        let bot = try ProbeBot.write()
        let r = try E2E.flowc(["chat", bot.path, "--jsonl"], input: E2E.lines(["/start"]))
        #expect(r.exitedCleanly && r.status == 0, "\(r)")
        let objects = try #require(r.jsonLines())
        #expect(objects.first.flatMap { $0["text"] as? String }?.hasPrefix("Hola") == true, "the bot answered /start: \(r)")
        #expect(objects.last?["event"] as? String == "waiting", "\(r)")
        #expect(objects.allSatisfy { $0["text"] != nil || $0["event"] != nil }, "only messages and events: \(r)")
    }

    @Test func handoffIsSilentUntilReleased() throws {
        let r = try E2E.flowc(["chat", E2E.shop, "--jsonl"], input: E2E.lines(["hola", "agente", "¿hay alguien?", "/release"]))
        #expect(r.exitedCleanly && r.status == 0, "\(r)")
        let objects = try #require(r.jsonLines())
        let events = objects.compactMap { o in (o["event"] as? String).map { "\($0) \(o["step"] as? String ?? "")" } }
        #expect(events == ["waiting main.home", "handoff support.agent", "handoff support.agent", "ended support.released"], "\(r)")
        // Nothing was said to the message sent during the handoff.
        let i = try #require(objects.firstIndex { $0["event"] as? String == "handoff" })
        #expect(objects[i + 1]["event"] as? String == "handoff", "the bot stays silent during a handoff: \(r)")
        #expect(objects.compactMap { $0["text"] as? String }.last == "¡Gracias por escribirnos! Si necesitás algo más, escribí *menu*.")
    }

    @Test func blankLinesAndReleaseWithoutHandoffAreNotTurns() throws {
        let r = try E2E.flowc(["chat", E2E.shop, "--jsonl"], input: E2E.lines(["/release", "hola", "", "   ", "/release", "/wait 99999999999999d"]))
        #expect(r.exitedCleanly && r.status == 0, "\(r)")
        let objects = try #require(r.jsonLines())
        let events = objects.compactMap { $0["event"] as? String }
        #expect(events == ["waiting"], "one turn only, for hola: \(r)")
        #expect(r.stderr.components(separatedBy: "not with a person").count == 3, "two /release notes: \(r)")
        #expect(r.stderr.contains("write a duration"), "a /wait too long is refused, not a crash: \(r)")
    }

    @Test func handoffTimeoutWithWait() throws {
        let r = try E2E.flowc(["chat", E2E.shop, "--jsonl"], input: E2E.lines(["ayuda", "/wait 3h", "/wait 1h"]))
        let objects = try #require(r.jsonLines())
        let events = objects.compactMap { o in (o["event"] as? String).map { "\($0) \(o["step"] as? String ?? "")" } }
        #expect(events == ["handoff support.agent", "handoff support.agent", "ended support.no_agent"], "\(r)")
    }

    @Test func lastLineWithoutNewlineIsAMessage() throws {
        let r = try E2E.flowc(["chat", E2E.shop, "--jsonl"], input: "hola\n2")
        let steps = (r.jsonLines() ?? []).compactMap { $0["step"] as? String }
        #expect(steps == ["main.home", "order.pick"], "\(r)")
    }

    @Test func interruptsWorkWhileWaiting() throws {
        let r = try E2E.flowc(["chat", E2E.shop, "--jsonl"], input: E2E.lines(["pedido", "1", "MENU", "cancelar"]))
        let objects = try #require(r.jsonLines())
        let events = objects.compactMap { o in (o["event"] as? String).map { "\($0) \(o["step"] as? String ?? "")" } }
        #expect(events.count == 4, "\(r)")
        #expect(events.prefix(3) == ["waiting order.pick", "waiting order.ask_qty", "waiting main.home"], "`menu` (any case) goes to main: \(r)")
        #expect(events.last?.hasPrefix("ended ") == true, "\(r)")
        #expect(objects.compactMap { $0["text"] as? String }.last == "Listo, cancelé todo. Escribí *hola* cuando quieras.", "\(r)")
    }

    @Test func crlfLinesAreAnswersToo() throws {
        let r = try E2E.flowc(["chat", E2E.shop, "--jsonl"], input: "hola\r\n2\r\n")
        let objects = try #require(r.jsonLines())
        let events = objects.compactMap { $0["step"] as? String }
        #expect(events == ["main.home", "order.pick"], "\(r)")
    }
}
