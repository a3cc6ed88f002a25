import ArgumentParser
import FlowBytecode
import FlowChecker
import FlowDiagnostics
import FlowRuntime
import FlowStore
import FlowSyntax
import FlowTesting
import FlowValidation
import FlowVM

#if canImport(Glibc)
import Glibc
#endif

/// `flowc chat`: talk to a bot in the terminal.
struct ChatCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat",
        abstract: "Chat with a bot in the terminal (or pipe lines in: one user message per line).",
        discussion: """
            Commands: /vars shows the variables, /restart starts over, /wait 10m moves the clock \
            (fires timeouts), /release ends a handoff, /photo URL [caption], /document URL [caption] \
            and /location LAT,LNG send what a phone would, /quit leaves. With --db the conversation \
            is kept in a SQLite file and goes on where it stopped the next time.
            """
    )

    @Argument(help: "A bot folder, a flow file, or a .flowb bundle.")
    var path: String

    @Option(help: "Keep the conversation in this SQLite file (resumed on the next run).")
    var db: String?

    @Option(help: "The contact's id (also the conversation's key in --db).")
    var contact = "local"

    @Option(help: "The contact's name ({{contact.name}}).")
    var name = ""

    @Option(help: "The contact's phone number ({{contact.phone}}), in E.164 as a channel gives it (read with the bot's country).")
    var phone = ""

    @Option(name: .customLong("var"), help: "A variable the conversation starts with, as name=value (repeatable).")
    var vars: [String] = []

    @Option(help: "A value of {{env.NAME}}, as NAME=value (repeatable).")
    var env: [String] = []

    @Option(help: "A value of {{secret.NAME}}, as NAME=value (repeatable).")
    var secret: [String] = []

    @Option(help: "Answer HTTP actions from this YAML file of mocks instead of making real requests.")
    var mock: String?

    @Flag(help: "Print one JSON object per bot message, and an event line after each turn.")
    var jsonl = false

    /// Bad arguments are refused before anything runs, with `chat`'s own usage.
    func validate() throws {
        _ = try Self.pairs(vars, "--var")
        _ = try Self.pairs(env, "--env")
        _ = try Self.pairs(secret, "--secret")
        if let db, db.isEmpty { throw ValidationError("--db needs the path of a SQLite file") }
        if contact.isEmpty { throw ValidationError("--contact needs an id (the conversation's key)") }
        // As a test's `contact.phone`: a phone that is no number would be {{contact.phone}} as written.
        if !phone.isEmpty, !TestDecoder.looksLikePhone(phone) {
            throw ValidationError("--phone `\(phone)` is no phone number: write the contact's number as a channel gives it, "
                                  + "e.g. --phone +5491155551234 (a national number is read with the bot's country)")
        }
    }

    static func pairs(_ items: [String], _ what: String) throws -> [String: String] {
        var out: [String: String] = [:]
        for item in items {
            guard let eq = item.firstIndex(of: "="), eq != item.startIndex else {
                throw ValidationError("\(what) must be NAME=value, not `\(item)`")
            }
            out[String(item[..<eq])] = String(item[item.index(after: eq)...])
        }
        return out
    }

    /// `3` → number, `true` → bool, anything else text.
    static func parseValue(_ text: String) -> Value {
        if text == "true" { return .bool(true) }
        if text == "false" { return .bool(false) }
        if let n = Double(text), text.first?.isNumber == true || text.first == "-" { return .number(n) }
        if let json = try? JSONParser.parse(text), case .object = json { return json }
        if let json = try? JSONParser.parse(text), case .list = json { return json }
        // A JSON string (`"01425"`) is its text: the way to keep a leading zero for a bundle,
        // whose variables' declared types are not known here.
        if text.hasPrefix("\""), let json = try? JSONParser.parse(text), case .text = json { return json }
        return .text(text)
    }

    /// The folder a bot's data sources are under: the bot's folder (also for one of its flow
    /// files), or the folder holding a bundle; nil for a lone flow.
    static func dataRoot(_ path: String) -> String? {
        if path.hasSuffix(".flowb") || FileSystem.basename(path) == "bot.yaml" { return FileSystem.dirname(path) }
        if FileSystem.kind(path) == .directory { return path }
        let bot = FileSystem.dirname(FileSystem.dirname(path))
        return FileSystem.kind(FileSystem.join(bot, "bot.yaml")) == .file ? bot : nil
    }

    /// The flow a file of a bot holds (`flowc chat shop/flows/order.yaml`): the first conversation
    /// starts there, as a test's `flow:` does; nil for a folder, `bot.yaml`, a bundle or a lone flow.
    static func entryFlow(_ path: String, bundle: FlowBytecode.Bundle) -> Int? {
        guard path.hasSuffix(".yaml") || path.hasSuffix(".yml"), FileSystem.basename(path) != "bot.yaml", bundle.flows.count > 1,
              dataRoot(path) != nil else { return nil }
        let relative = FileSystem.basename(FileSystem.dirname(path)) + "/" + FileSystem.basename(path)
        let matches = bundle.flows.indices.filter { i in
            let file = bundle.flows[i].file
            return bundle.files.indices.contains(file) && (bundle.files[file] == relative || bundle.files[file].hasSuffix("/" + relative))
        }
        return matches.count == 1 ? matches[0] : nil
    }

    /// `--env`/`--secret` names the bot never reads (a typo: `API_URLL`), and, when some are given,
    /// names it reads that none gives (they read as empty text, and an API call to `/orders` fails).
    /// (With `--mock`, a secret the bot reads but none gives is no matter: no real API sees it.)
    static func settingNotes(bundle: FlowBytecode.Bundle, env: [String: String], secrets: [String: String], mocked: Bool) -> [String] {
        var notes: [String] = []
        for (ns, given, flag) in [(FlowBytecode.Namespace.env, env, "--env"), (FlowBytecode.Namespace.secret, secrets, "--secret")] {
            let read = bundle.fieldsRead(of: ns)
            let names = read.map(\.name)
            for key in given.keys.sorted() where !names.contains(key) {
                let meant = Suggestion.closest(to: key, in: names)
                notes.append("\(flag) \(key): the bot reads no `\(ns.name).\(key)`" + (meant.map { "; did you mean `\($0)`?" } ?? ""))
            }
            // (Said when some are given: a bare `flowc chat shop` is a quick look, not a setup.)
            for (name, at) in read where !given.isEmpty && given[name] == nil && !(mocked && ns == .secret) {
                if given.keys.contains(where: { Suggestion.closest(to: $0, in: [name]) != nil }) { continue }
                notes.append("the bot reads `\(ns.name).\(name)` (\(at)), which no \(flag) \(name)=… gives: it reads as empty text")
            }
        }
        return notes
    }

    func run() async throws {
        let variables = try Self.pairs(vars, "--var")
        let environment = try Self.pairs(env, "--env")
        let secrets = try Self.pairs(secret, "--secret")
        let (bundle, _, project) = try loadBundle(path, providerLimitsBlock: false)
        let engine = Engine(bundle: bundle)
        var store: (any ConversationStore)?
        var sqlite: SQLiteConversationStore?
        var bundlesDir: String?
        if let db {
            do {
                sqlite = try SQLiteConversationStore(path: db)
                store = sqlite
            } catch {
                writeStandardError("error: \(error)\n")
                throw ExitCode(2)
            }
            let dir = db + ".bundles"
            bundlesDir = dir
            mkdir(dir, 0o755)
            let file = FileSystem.join(dir, engine.hash + ".flowb")
            if FileSystem.kind(file) != .file { try? writeFileAtomically(file, BundleCodec.encode(bundle)) }
        }
        let performer: any EffectPerformer
        let data = QueryPerformer(root: Self.dataRoot(path))
        if let mock {
            do {
                performer = MockPerformer(mocks: try MockFile.load(mock), fallback: data)
            } catch {
                writeStandardError("error: \(error.message)\n")
                throw ExitCode(2)
            }
        } else {
            performer = HTTPPerformer(fallback: data)
        }
        let host = ConversationHost(
            engine: engine, key: ConversationKey(bot: bundle.botId, contact: contact),
            contact: Contact(id: contact, name: name, phone: SeedValues.phoneAsChannelsGiveIt(phone, locale: bundle.locale), channel: "chat"),
            env: environment, secrets: secrets, store: store, performer: performer, clock: Self.now(),
            engines: { hash in
                guard let dir = bundlesDir, let bytes = try? FileSystem.read(FileSystem.join(dir, hash + ".flowb"), limit: 256 << 20),
                      let old = try? BundleCodec.decode(bytes) else { return nil }
                return Engine(bundle: old)
            })
        let (seed, invalid) = SeedValues.validated(SeedValues.typed(raw: variables, project: project, locale: engine.locale, parse: Self.parseValue), project: project,
                                                   today: engine.today(Self.now()))
        host.seed = seed
        if let entry = Self.entryFlow(path, bundle: bundle) {
            host.startFlow = entry
            writeStandardError("note: the first conversation starts at flow `\(bundle.flows[entry].name)` (this file); later ones start as the bot's do\n")
        }
        let misfits = SeedValues.unknown(variables.keys, project: project) + SeedValues.mismatches(host.seed, project: project) + invalid
        if !misfits.isEmpty {
            for line in misfits { writeStandardError("error: --var \(line)\n") }
            throw ExitCode(2)
        }
        for line in Self.settingNotes(bundle: bundle, env: environment, secrets: secrets, mocked: mock != nil) { writeStandardError("note: \(line)\n") }
        // How far `/wait` moved this chat's clock in the runs before: it goes on at that time.
        var offset: Int64 = 0
        do {
            if let sqlite { offset = try await sqlite.chatClockOffset(host.key) }
            host.clock = Self.now() + offset
            try await host.resume()
        } catch {
            writeStandardError("error: \(error)\n")
            throw ExitCode(1)
        }
        let interactive = isatty(0) == 1 && !jsonl
        // Colours and the typing line only on a terminal (not into a file stdout is redirected to).
        var printer = ChatPrinter(jsonl: jsonl, interactive: interactive, colour: interactive && isatty(1) == 1 && getenv("NO_COLOR") == nil)
        printer.conversation = contact
        // A conversation goes on with the bot as it was when it started: said when the files changed since.
        if let s = host.state, s.status != .ended, s.bundleHash != engine.hash {
            printer.note("this conversation started before the bot was last changed and goes on as it was then; /restart (or a new --contact) starts one with the edited flows")
        }
        // `--var` gives a conversation its first variables: one that goes on (--db) keeps its own.
        if let s = host.state, s.status != .ended, !variables.isEmpty {
            printer.note("--var \(variables.keys.sorted().joined(separator: ", ")): this conversation goes on with the variables it has "
                         + "(it started before); the values given are for the next one: /restart (or a new --contact) starts one with them")
        }
        if interactive {
            printer.banner(bundle: bundle, resumed: host.state.map { $0.status != .ended } ?? false)
            if let s = host.state, s.status != .ended {
                printer.note("resuming at \(s.step)" + (s.status == .handoff ? " (with a person: /release hands it back)" : "; the bot last said:"))
                // What the conversation waits on: the bot's last message, as it was shown.
                if s.status != .handoff, let store, let last = try? await store.history(host.key, limit: 20).last(where: { $0.direction == .outbound }),
                   let message = Self.outbound(last.body) {
                    printer.message(message)
                }
            }
        }
        // In a terminal, the line is edited by flowc (echo off), so a message that comes while the
        // person types is printed above the half-typed line, which is then drawn again.
        let editor = interactive ? LineEditor(prompt: printer.promptText, promptWidth: ChatPrinter.promptWidth) : nil
        while true {
            var typed: String?
            if let editor {
                editor.show()
                var outcome: LineEditor.Outcome?
                var heldDue: Int64?
                while outcome == nil {
                    // A question's timeout falls due while the person reads or types: it fires then,
                    // as it would on WhatsApp, above the line being typed.
                    if !editor.hasPending, let due = host.state?.timerDue, due != heldDue, !Self.inputArrives(before: due - offset) {
                        host.clock = Self.now() + offset
                        editor.hide()
                        do {
                            if let fired = try await host.fireDueTimers() { printer.turn(fired) }
                        } catch {
                            writeStandardError("error: \(error)\n")
                            throw ExitCode(1)
                        }
                        editor.show()
                        // A timer that did not move waits for the person's next key.
                        if host.state?.timerDue == due { heldDue = due }
                        continue
                    }
                    outcome = editor.readAvailable()
                }
                switch outcome {
                case .line(let text)?: typed = text
                case .interrupt?: throw ExitCode(130)
                default: break
                }
                guard typed != nil else { break }
            } else if interactive {
                printer.prompt()
                // A question's timeout falls due while the user reads or types: it fires then, as it
                // would on WhatsApp, and the prompt comes back.
                while let due = host.state?.timerDue, !Self.inputArrives(before: due - offset) {
                    host.clock = Self.now() + offset
                    do {
                        if let fired = try await host.fireDueTimers() {
                            print("\r\u{1B}[K", terminator: "")
                            printer.turn(fired)
                        }
                    } catch {
                        writeStandardError("error: \(error)\n")
                        throw ExitCode(1)
                    }
                    printer.prompt()
                    if host.state?.timerDue == due { break }
                }
            }
            guard let line = typed ?? readLine(strippingNewline: true) else {
                // Ctrl-D: leave the shell's prompt on a line of its own.
                if interactive { print("") }
                break
            }
            let text = line.hasSuffix("\r") ? String(line.dropLast()) : line
            // WhatsApp sends no empty message: a blank line is not one (and uses up no re-ask).
            if text.allSatisfy(\.isWhitespace) { continue }
            host.clock = Self.now() + offset
            do {
                // A question's timeout that fell due while nobody wrote is its own turn, shown
                // before what this line does (with its event line in --jsonl).
                if let overdue = try await host.fireDueTimers() { printer.turn(overdue) }
                // chat's own commands; any other line, `/start` too, is what the user says
                // (interactively, an unknown command is more likely a typo: a note says so).
                // (` /vars` and `/WAIT 1h` are the commands too.)
                let command = String(text.trimmingPrefix(while: { $0 == " " }))
                var parts = command.split(separator: " ", maxSplits: 1).map(String.init)
                if command.hasPrefix("/") { parts[0] = parts[0].lowercased() }
                // `//start` typed is the message `/start` (Telegram's first message), never a command.
                // (Piped, every line is the message as it is: `/start` already is one.)
                if interactive, command.hasPrefix("//") {
                    printer.turn(try await host.receive(InboundMessage(text: String(command.dropFirst()))))
                    continue
                }
                if command.hasPrefix("/"), interactive || Self.commands.contains(parts[0]) {
                    switch parts[0] {
                    case "/quit", "/exit": return
                    case "/help": printer.note("/vars  /restart  /wait DURATION  /release  /photo URL [caption]  /document URL [caption]  /location LAT,LNG  /quit  (//TEXT sends /TEXT as a message)")
                    case "/photo", "/document", "/location":
                        guard parts.count == 2, let message = Self.media(parts[0], parts[1]) else {
                            printer.note(parts[0] == "/location" ? "write /location -34.6037,-58.3816" : "write \(parts[0]) https://… [caption]")
                            continue
                        }
                        printer.turn(try await host.receive(message))
                    // Before the first message, the variables the conversation will start with.
                    case "/vars": printer.vars(host.state.map(\.vars) ?? host.seed)
                    case "/restart":
                        try await host.resetConversation()
                        printer.note("conversation restarted; say something to start again")
                    case "/release":
                        guard host.state?.status == .handoff else {
                            printer.note("the conversation is not with a person; /release ends a handoff")
                            continue
                        }
                        printer.turn(try await host.release())
                    case "/wait":
                        guard parts.count == 2, let ms = DurationText.milliseconds(parts[1]) else {
                            printer.note("write a duration: /wait 10m, /wait 30s, /wait 2h")
                            continue
                        }
                        offset += ms
                        // Kept before the conversation moves: run again, it is at this time.
                        try await sqlite?.setChatClockOffset(offset, for: host.key)
                        let goingOn = host.state.map { $0.status != .ended } ?? false
                        let moved = try await host.advance(by: ms)
                        // Without a conversation going on (none yet, one `/restart` or its flow ended) there
                        // is nothing to say where it stands.
                        if goingOn { printer.turn(moved) } else { printer.note("the clock moved \(parts[1]); no conversation is waiting") }
                    default:
                        printer.note("unknown command \(parts[0]); /help lists them (to send it as a message, write /\(command.prefix { $0 != " " }))")
                    }
                    continue
                }
                printer.turn(try await host.receive(InboundMessage(text: text)))
            } catch {
                writeStandardError("error: \(error)\n")
                throw ExitCode(1)
            }
        }
    }

    /// A stored bot message (`{"text":…,"options":[{id,label,description}]…}`) to show again.
    static func outbound(_ body: String) -> OutboundMessage? {
        guard let json = try? JSONParser.parse(body), case .object(let o) = json, case .text(let text)? = o["text"] else { return nil }
        var message = OutboundMessage(text: text)
        if case .list(let options)? = o["options"] {
            message.options = options.compactMap { option in
                guard case .object(let f) = option, case .text(let id)? = f["id"], case .text(let label)? = f["label"] else { return nil }
                if case .text(let description)? = f["description"] { return MenuOption(id: id, label: label, description: description) }
                return MenuOption(id: id, label: label)
            }
        }
        if let attachments = o["attachments"] { message.attachments = attachments }
        return message
    }

    /// The commands a line can be instead of a message.
    static let commands: Set<String> = ["/quit", "/exit", "/help", "/vars", "/restart", "/release", "/wait", "/photo", "/document", "/location"]

    /// A photo, a document (`URL [caption]`) or a place (`LAT,LNG`) as a phone sends it.
    static func media(_ command: String, _ argument: String) -> InboundMessage? {
        if command == "/location" {
            let numbers = argument.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard numbers.count == 2, let lat = numbers[0], let lng = numbers[1], abs(lat) <= 90, abs(lng) <= 180 else { return nil }
            return InboundMessage(text: "", type: "location", data: .object(JSONObject([("lat", .number(lat)), ("lng", .number(lng))])))
        }
        let pieces = argument.split(separator: " ", maxSplits: 1).map(String.init)
        guard let url = pieces.first, url.hasPrefix("http://") || url.hasPrefix("https://") else { return nil }
        return InboundMessage.media(command == "/photo" ? "image" : "document", url: url, caption: pieces.count > 1 ? pieces[1] : "")
    }

    /// Whether standard input has something to read before the wall clock reaches `deadline`
    /// (milliseconds since the epoch); true at once when input is waiting or it cannot tell.
    static func inputArrives(before deadline: Int64) -> Bool {
        while true {
            let left = deadline - now()
            if left <= 0 { return false }
            var fd = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
            let ready = poll(&fd, 1, Int32(min(left, 60_000)))
            if ready > 0 { return true }
            if ready < 0 && errno != EINTR { return true }
        }
    }

    static func now() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }
}

/// Durations typed in the chat (`10m`, `1h30m`): as flows and tests write them, so within
/// their bounds (a `/wait` of a billion days is refused, not an overflow).
enum DurationText {
    static func milliseconds(_ text: String) -> Int64? {
        guard let ms = Duration.parse(String(text.trimmingPrefix(" "))), ms > 0 else { return nil }
        return Int64(ms)
    }
}
