import Foundation
import Testing

/// `flowc chat` in a real terminal (tmux): what a person sees and types.
@Suite(.enabled(if: E2ETmux.available, "needs tmux (apt tmux)"))
struct ChatInteractiveTests {
    @Test(.timeLimit(.minutes(1)))
    func delayIsShownAsTyping() throws {
        let tmux = try E2ETmux()
        defer { tmux.kill() }
        try tmux.start("\(shellQuote(E2E.flowcPath)) chat flows/say.yaml --name Ana")
        var s = tmux.waitForScreen { $0.contains("you ›") }
        #expect(s.ok, "\(s.screen)")
        tmux.type("hola")
        s = tmux.waitForScreen { $0.contains("bot is typing…") }
        #expect(s.ok, "a `delay: 2s` shows typing first:\n\(s.screen)")
        #expect(!s.screen.contains("Mate imperial"), "the delayed message is not out yet:\n\(s.screen)")
        s = tmux.waitForScreen { $0.contains("Mate imperial") }
        #expect(s.ok, "\(s.screen)")
        #expect(!s.screen.contains("bot is typing…"), "the typing line gives way to the message:\n\(s.screen)")
        s = tmux.waitForScreen { $0.contains("conversation ended") }
        #expect(s.screen.contains("📍 Cocolu, Av. Corrientes 1234, CABA (-34.6037, -58.3816)"), "a pin as a person reads it:\n\(s.screen)")
        #expect(s.screen.contains("(catalogo-2026.pdf)]"), "a document's file name:\n\(s.screen)")
        #expect(s.screen.contains("bot › [audio: https://example.com/audio/bienvenida.ogg]"), "no empty first line:\n\(s.screen)")
    }

    /// An e-mail step is shown as recorded (chat sends none), with its recipient and subject.
    @Test(.timeLimit(.minutes(1)))
    func anEmailIsShownAsRecorded() throws {
        let tmux = try E2ETmux()
        defer { tmux.kill() }
        try tmux.start("\(shellQuote(E2E.flowcPath)) chat flows/email.yaml --name Ana --env SALES_EMAIL=ventas@cocolu.ar")
        var s = tmux.waitForScreen { $0.contains("you ›") }
        #expect(s.ok, "\(s.screen)")
        tmux.type("hola")
        s = tmux.waitForScreen { $0.contains("Contame tu consulta") }
        #expect(s.ok, "\(s.screen)")
        tmux.type("¿Tienen termos de 1 litro?")
        s = tmux.waitForScreen { $0.contains("¿A qué e-mail te respondemos?") }
        #expect(s.ok, "\(s.screen)")
        tmux.type("ana@mail.com")
        s = tmux.waitForScreen { $0.contains("e-mail to ventas@cocolu.ar") }
        #expect(s.ok && s.screen.contains("Consulta de Ana por WhatsApp (recorded, not sent)"), "\(s.screen)")
    }

    /// In a narrow terminal a long message wraps at a space, under its text, not under `bot ›`.
    @Test(.timeLimit(.minutes(1)))
    func longLinesWrapUnderTheText() throws {
        let tmux = try E2ETmux()
        defer { tmux.kill() }
        try tmux.start("\(shellQuote(E2E.flowcPath)) chat flows/say.yaml --name Ana")
        tmux.tmuxCommand(["resize-window", "-t", tmux.session, "-x", "60", "-y", "40"])
        var s = tmux.waitForScreen { $0.contains("you ›") }
        #expect(s.ok, "\(s.screen)")
        tmux.type("hola")
        s = tmux.waitForScreen { $0.contains("~tachado~.") }
        #expect(s.screen.contains("bot › ¡Hola Ana! Esto es texto con *negrita*, _cursiva_ y\n      ~tachado~."),
                "wrapped at the last space that fits, indented under the text:\n\(s.screen)")
    }

    /// A question whose 2 s timeout asks again, then a greeting (with the name's length) and a second question.
    static let espera = """
        flow: espera
        steps:
          pregunta:
            ask: "¿Cómo te llamás?"
            save: nombre
            timeout: 2s
            on_timeout: recordar
          saludo:
            say: "Hola {{nombre}} ({{len(nombre)}})"
          otra:
            ask: "¿Y tu apellido?"
            save: apellido
          fin:
            end: "Listo {{apellido}}"
          recordar:
            ask: "¿Seguís ahí?"
            save: nombre
            goto: saludo

        """

    /// A question's timeout fires while the person at the terminal writes nothing, as on WhatsApp.
    @Test(.timeLimit(.minutes(1)))
    func aTimeoutFiresWhileNobodyTypes() throws {
        let flow = try E2E.write(Self.espera, to: try E2E.temp(), "espera.yaml")
        let tmux = try E2ETmux()
        defer { tmux.kill() }
        try tmux.start("\(shellQuote(E2E.flowcPath)) chat \(shellQuote(flow))")
        var s = tmux.waitForScreen { $0.contains("you ›") }
        #expect(s.ok, "\(s.screen)")
        tmux.type("hola")
        s = tmux.waitForScreen { $0.contains("¿Cómo te llamás?") }
        #expect(s.ok, "\(s.screen)")
        #expect(!s.screen.contains("¿Seguís ahí?"), "not yet:\n\(s.screen)")
        s = tmux.waitForScreen(timeout: 8) { $0.contains("¿Seguís ahí?") }
        #expect(s.ok, "the reminder comes by itself after 2 s:\n\(s.screen)")
        #expect(s.screen.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix("you ›"), "the prompt comes back:\n\(s.screen)")
        tmux.type("Ana")
        s = tmux.waitForScreen { $0.contains("Hola Ana") }
        #expect(s.ok, "\(s.screen)")
    }

    /// What a person types stays theirs: a message that comes while they type is printed above
    /// the half-typed line, which is drawn again; arrows, Home/End and Ctrl-U edit it; Up recalls.
    @Test(.timeLimit(.minutes(1)))
    func theLineBeingTypedIsKeptAndEdited() throws {
        let flow = try E2E.write(Self.espera, to: try E2E.temp(), "espera.yaml")
        let tmux = try E2ETmux()
        defer { tmux.kill() }
        try tmux.start("\(shellQuote(E2E.flowcPath)) chat \(shellQuote(flow)); echo EXIT=$?; stty -a; sleep 20")
        var s = tmux.waitForScreen { $0.contains("you ›") }
        #expect(s.ok, "\(s.screen)")
        tmux.type("hola")
        s = tmux.waitForScreen { $0.contains("¿Cómo te llamás?") }
        tmux.keys("Pedr", literal: true)
        s = tmux.waitForScreen(timeout: 8) { $0.contains("¿Seguís ahí?") }
        #expect(s.ok, "\(s.screen)")
        s = tmux.waitForScreen { $0.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix("you › Pedr") }
        #expect(s.ok, "the half-typed line is drawn again below the reminder:\n\(s.screen)")
        // Left, a letter, End, another: `Pedro` + `s`; the escape codes never reach the message.
        tmux.keys("Left")
        tmux.keys("x", literal: true)
        tmux.keys("End")
        tmux.keys("o", literal: true)
        tmux.keys("Enter")
        s = tmux.waitForScreen { $0.contains("Hola Pedxro (6)") }
        #expect(s.ok, "\(s.screen)")
        // Ctrl-U clears the line; Up brings back the line sent before.
        tmux.keys("basura", literal: true)
        tmux.keys("C-u")
        tmux.keys("Up")
        tmux.keys("Enter")
        s = tmux.waitForScreen { $0.contains("Listo Pedxro") }
        #expect(s.ok, "\(s.screen)")
        // A pasted block: each line is a message, at once.
        tmux.keys("uno\ndos\n", literal: true)
        s = tmux.waitForScreen { $0.contains("Hola dos (3)") && $0.contains("¿Y tu apellido?") }
        #expect(s.ok, "every pasted line is sent:\n\(s.screen)")
        // Ctrl-D on an empty line ends the chat, and the terminal is as it was.
        tmux.keys("C-d")
        // (`stty -a` prints after EXIT=0: wait for its flags, not only for the exit.)
        s = tmux.waitForScreen { $0.contains("EXIT=0") && $0.contains("icanon") && $0.contains("echo") }
        #expect(s.ok, "\(s.screen)")
        #expect(s.screen.contains(" icanon") && s.screen.contains(" echo "), "the terminal is back in line mode with echo:\n\(s.screen)")
    }

    @Test(.timeLimit(.minutes(1)))
    func shopGreetingMenuVarsRestartQuit() throws {
        let dir = try E2E.temp()
        let mock = try E2E.write(ChatPipedTests.orderMock, to: dir, "mocks.yaml")
        let tmux = try E2ETmux()
        defer { tmux.kill() }
        try tmux.start("\(shellQuote(E2E.flowcPath)) chat examples/shop --name Ana --mock \(shellQuote(mock)) --env API_URL=https://api.test")

        var s = tmux.waitForScreen { $0.contains("you ›") }
        #expect(s.ok, "banner and prompt:\n\(s.screen)")
        #expect(s.screen.contains("Chatting with Cocolu Ventas"), "\(s.screen)")
        #expect(s.screen.contains("/help"), "\(s.screen)")

        tmux.type("hola")
        s = tmux.waitForScreen { $0.contains("3. Hablar con alguien") }
        #expect(s.ok, "\(s.screen)")
        #expect(s.screen.contains("bot › ¡Hola Ana! 👋"), "\(s.screen)")
        #expect(s.screen.contains("¿En qué te ayudo?"), "\(s.screen)")
        #expect(s.screen.contains("1. Ver productos"), "\(s.screen)")
        #expect(s.screen.contains("2. Hacer un pedido"), "\(s.screen)")
        #expect(s.screen.contains("you › hola"), "the typed line stays on screen:\n\(s.screen)")
        #expect(s.screen.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix("you ›"), "the prompt comes back:\n\(s.screen)")

        tmux.type("2")
        s = tmux.waitForScreen { $0.contains("4. Termo de acero 1 l") }
        #expect(s.ok, "\(s.screen)")
        tmux.type("1")
        s = tmux.waitForScreen { $0.contains("¿Cuántas unidades querés?") }
        #expect(s.ok, "\(s.screen)")

        tmux.type("/vars")
        s = tmux.waitForScreen { $0.contains("unit_price") }
        #expect(s.ok, "\(s.screen)")
        #expect(s.screen.contains("item = \"yerba\""), "\(s.screen)")
        #expect(s.screen.contains("unit_price = 5200"), "\(s.screen)")
        #expect(s.screen.contains("label = \"Yerba mate 1 kg\""), "\(s.screen)")

        tmux.type("/help")
        s = tmux.waitForScreen { $0.contains("/release") }
        #expect(s.ok, "\(s.screen)")

        tmux.type("/restart")
        s = tmux.waitForScreen { $0.contains("conversation restarted") }
        #expect(s.ok, "\(s.screen)")
        tmux.type("hola")
        s = tmux.waitForScreen { $0.occurrences(of: "¡Hola Ana! 👋") == 2 }
        #expect(s.ok, "a new conversation greets again:\n\(s.screen)")

        tmux.type("/quit")
        let gone = E2E.wait(timeout: 10) { !tmux.sessionAlive }
        #expect(gone, "/quit ends the process (and so the tmux session)")
    }

    /// Telegram's first message is `/start`: interactively it reads as an unknown command, whose
    /// note says how to send it, and `//start` sends it.
    @Test(.timeLimit(.minutes(1)))
    func aDoubleSlashSendsASlashMessage() throws {
        let dir = try E2E.temp()
        try E2E.write("bot: tg\nstart: main\n", to: dir, "bot.yaml")
        try E2E.write("flow: main\nsteps:\n  hi:\n    end: \"Recibí: {{message.text}}\"\n", to: dir, "flows/main.yaml")
        let tmux = try E2ETmux()
        defer { tmux.kill() }
        try tmux.start("\(shellQuote(E2E.flowcPath)) chat \(shellQuote(dir.path))")
        var s = tmux.waitForScreen { $0.contains("you ›") }
        #expect(s.ok, "\(s.screen)")
        tmux.type("/start")
        s = tmux.waitForScreen { $0.contains("unknown command /start") }
        #expect(s.ok && s.screen.contains("write //start"), "\(s.screen)")
        tmux.type("//start")
        s = tmux.waitForScreen { $0.contains("Recibí: /start") }
        #expect(s.ok, "\(s.screen)")
        #expect(!s.screen.contains("Recibí: //start"), "\(s.screen)")
    }

    @Test(.timeLimit(.minutes(1)))
    func waitFiresTheTimeout() throws {
        let bot = try ProbeBot.write()
        let tmux = try E2ETmux()
        defer { tmux.kill() }
        try tmux.start("\(shellQuote(E2E.flowcPath)) chat \(shellQuote(bot.path)) --name Ana --contact c9")
        var s = tmux.waitForScreen { $0.contains("you ›") }
        #expect(s.ok, "\(s.screen)")
        #expect(s.screen.contains("Chatting with Probe"), "\(s.screen)")

        tmux.type("hola")
        s = tmux.waitForScreen { $0.contains("¿Qué color te gusta?") }
        #expect(s.ok, "\(s.screen)")
        #expect(s.screen.contains("bot › Hola Ana (c9) plan=none"), "\(s.screen)")

        // 10 minutes: not yet.
        tmux.type("/wait 10m")
        s = tmux.waitForScreen { $0.occurrences(of: "you ›") >= 3 }
        #expect(s.ok, "\(s.screen)")
        #expect(!s.screen.contains("¿Seguís ahí?"), "the 15m timeout has not fired after 10m:\n\(s.screen)")

        // 20 more: fired, once, and the conversation ended.
        tmux.type("/wait 20m")
        s = tmux.waitForScreen { $0.contains("conversation ended") }
        #expect(s.ok, "\(s.screen)")
        #expect(s.screen.contains("bot › ¿Seguís ahí? Pasaron 15 minutos."), "\(s.screen)")
        #expect(s.screen.occurrences(of: "¿Seguís ahí?") == 1, "\(s.screen)")

        tmux.type("/wait nonsense")
        s = tmux.waitForScreen { $0.contains("write a duration") }
        #expect(s.ok, "a bad duration is explained:\n\(s.screen)")

        // After the end, the next message starts a new conversation.
        tmux.type("hola otra vez")
        s = tmux.waitForScreen { $0.occurrences(of: "Hola Ana (c9)") == 2 }
        #expect(s.ok, "\(s.screen)")

        tmux.type("/quit")
        #expect(E2E.wait(timeout: 10) { !tmux.sessionAlive }, "/quit ends the process")
    }

    @Test(.timeLimit(.minutes(1)))
    func resumeWithADatabaseShowsWhereItIs() throws {
        let db = try E2E.temp().appendingPathComponent("tty.sqlite").path
        let first = try E2E.flowc(["chat", E2E.shop, "--db", db, "--name", "Ana"], input: E2E.lines(["pedido"]))
        try #require(first.status == 0, "\(first)")
        let tmux = try E2ETmux()
        defer { tmux.kill() }
        try tmux.start("\(shellQuote(E2E.flowcPath)) chat examples/shop --db \(shellQuote(db)) --name Ana")
        var s = tmux.waitForScreen { $0.contains("you ›") }
        #expect(s.ok, "\(s.screen)")
        #expect(s.screen.contains("resuming at order.pick; the bot last said:"), "\(s.screen)")
        #expect(s.screen.contains("¿Qué querés pedir?") && s.screen.contains("4. Termo de acero 1 l"), "the question it waits on, again:\n\(s.screen)")
        tmux.type("termo")
        s = tmux.waitForScreen { $0.contains("¿Cuántas unidades querés?") }
        #expect(s.ok, "\(s.screen)")
        tmux.type("agente")
        s = tmux.waitForScreen { $0.contains("/release to give it back") }
        #expect(s.ok, "a handoff is shown:\n\(s.screen)")
        tmux.type("/release")
        s = tmux.waitForScreen { $0.contains("¡Gracias por escribirnos!") }
        #expect(s.ok, "\(s.screen)")
        tmux.type("/quit")
        #expect(E2E.wait(timeout: 10) { !tmux.sessionAlive })
    }

    @Test(.timeLimit(.minutes(1)))
    func endOfInputLeaves() throws {
        // Ctrl-D at the prompt ends the chat like /quit.
        let tmux = try E2ETmux()
        defer { tmux.kill() }
        try tmux.start("\(shellQuote(E2E.flowcPath)) chat examples/shop")
        let s = tmux.waitForScreen { $0.contains("you ›") }
        #expect(s.ok, "\(s.screen)")
        tmux.tmuxCommand(["send-keys", "-t", tmux.session, "C-d"])
        #expect(E2E.wait(timeout: 10) { !tmux.sessionAlive }, "Ctrl-D ends the process")
    }
}
