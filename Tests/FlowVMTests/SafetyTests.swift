import Foundation
import Testing
import FlowBytecode
import FlowCompiler
import FlowRuntime
import FlowStore
import FlowVM

@Suite("user input is data")
struct UserInputTests {
    static let flow = """
        flow: notes
        vars:
          note: text
        steps:
          ask_note:
            ask: "¿Qué anoto?"
            save: note
          show:
            end: "Anoté: {{note}} ({{len(note)}})"
        """

    @Test("{{ }} typed by a user is saved and shown literally, never evaluated", arguments: [
        "{{secret.API_TOKEN}}", "{{env.API_URL}}", "{{1 + 1}}", "{{note}}", "{{", "}} {{ contact.phone }}",
    ])
    func templatesNotEvaluated(text: String) throws {
        let chat = Chat(try buildFlow(Self.flow))
        chat.secrets = ["API_TOKEN": "s3cr3t"]
        chat.env = ["API_URL": "https://api.test"]
        chat.say("hola")
        let out = chat.say(text)
        #expect(chat.vars["note"] == .text(text))
        #expect(out.texts == ["Anoté: \(text) (\(text.count))"])
        #expect(!out.texts.joined().contains("s3cr3t"))
    }

    @Test("a 100 KB message is taken as an answer, and as a first message")
    func hugeMessage() throws {
        let big = String(repeating: "yerba mate ", count: 100 * 1024 / 11 + 1)
        #expect(big.utf8.count >= 100 * 1024)
        let chat = Chat(try buildFlow(Self.flow))
        let first = chat.say(big)
        #expect(first.texts == ["¿Qué anoto?"])
        let out = chat.say(big)
        #expect(chat.vars["note"] == .text(big.trimmingCharacters(in: .whitespaces)))
        #expect(out.texts.first?.hasPrefix("Anoté: yerba mate yerba") == true)
        #expect(chat.status == .ended)
        // A 100 KB reply to a menu, and to a number question, is simply invalid.
        let menu = Chat(try buildFlow("""
            flow: pick
            vars:
              n: number
            steps:
              choose:
                menu: "¿Cuál?"
                options: {a: Alfa, b: Beta}
                invalid: "Elegí 1 o 2"
              ask_n:
                ask: "¿Cuántos?"
                save: n
                invalid: "un número"
              done:
                end: "{{n}}"
            """))
        menu.say("hola")
        #expect(menu.say(big).texts == ["Elegí 1 o 2"])
        menu.say("1")
        #expect(menu.say(String(repeating: "9", count: 100 * 1024)).texts == ["un número"])
        // And to a date question: asked again at once (a date and a time after it are a few words;
        // trying every word of a long message as the start of a time would take its length squared).
        let date = Chat(try buildFlow("""
            flow: when
            vars:
              day: date
            steps:
              ask_day:
                ask: "¿Qué día?"
                save: day
                invalid: "una fecha"
              done:
                end: "{{day}}"
            """))
        date.say("hola")
        #expect(date.say(String(repeating: "1 ", count: 50 * 1024)).texts == ["una fecha"])
        #expect(date.say(String(repeating: "mañana a las 10 ", count: 6 * 1024)).texts == ["una fecha"])
    }
}

/// A bundle made by hand: one flow whose code jumps to itself forever (the checker would refuse it).
func spinningBundle(errorMessage: Bool) -> FlowBundle {
    var b = FlowBundle(botId: "loop", botName: "Loop", locale: "es-AR", timezone: "")
    b.files = ["loop.yaml"]
    b.strings = ["spin"]
    b.constants = [.text("Uy, algo falló.")]
    var flow = FlowCode(name: "loop", file: 0)
    flow.code = [Instruction(.step, 0), Instruction(.jump, 0)]
    flow.lines = [3, 4]
    flow.columns = [3, 5]
    flow.steps = [(id: "spin", pc: 0)]
    b.flows = [flow]
    var bot = FlowCode(name: "(bot)", file: 0)
    if errorMessage {
        bot.code = [Instruction(.const_, 0), Instruction(.send), Instruction(.end)]
        bot.lines = [1, 1, 1]
        bot.columns = [1, 1, 1]
        b.errorMessagePC = 0
    }
    b.botCode = bot
    return b
}

@Suite("the instruction budget")
struct BudgetTests {
    @Test("the checker refuses a cycle that never waits, so it cannot be built")
    func checkerRefusesCycle() throws {
        let bot = try TempBot(flow: """
            flow: counter
            steps:
              start:
                set: {count: 0}
              inc:
                set: {count: "{{count + 1}}"}
                goto: show
              show:
                say: "Vamos por {{count}}."
                goto: inc
            """)
        defer { bot.remove() }
        let output = try BuildRun.build(path: bot.path)
        #expect(output.bundle == nil)
        #expect(output.report.diagnostics.contains { $0.rule == "cycle-without-wait" })
    }

    @Test("a currency code or a pattern from a variable is checked when used, as a literal one is by check")
    func valuesCheckedWhenUsed() throws {
        for (value, call, error) in [("EURO", "money(1, v)", "money() needs an ISO 4217 currency code such as \"ARS\", not `EURO`"),
                                     ("", "money(1, v)", "money() needs an ISO 4217 currency code such as \"ARS\", not ``"),
                                     ("[a-", "matches('a', v)", "matches() with an invalid regular expression `[a-`")] {
            let chat = Chat(try buildFlow("""
                flow: late
                steps:
                  pick: {set: {v: "\(value)"}}
                  show: {end: "{{\(call)}}"}
                """))
            #expect(chat.say("hola").errors.map(\.message) == [error], "\(call) with \(value)")
        }
        let fine = Chat(try buildFlow("""
            flow: late
            steps:
              pick: {set: {v: " usd", p: "^a"}}
              show: {end: "{{money(1500, v)}} {{matches('abc', p)}}"}
            """))
        #expect(fine.say("hola").texts == ["US$ 1.500,00 true"])
    }

    @Test("a run-time error inside a template points at its `{{ }}` hole, not at the start of the string")
    func errorLocationIsTheHole() throws {
        let chat = Chat(try buildFlow("""
            flow: split
            steps:
              ask_n:
                ask: "¿Entre cuántos?"
                expect: number
                save: n
              share:
                set: {each: "Total {{100}}, cada uno {{100 / n}}"}
              done:
                end: "{{each}}"
            """))
        chat.say("hola")
        let error = try #require(chat.say("0").errors.first)
        #expect(error.message == "division by zero")
        #expect(error.location.hasSuffix(":8:44"), "\(error.location)")
    }

    @Test("a hand-made infinite jump loop stops at the budget with a runtime error", .timeLimit(.minutes(1)))
    func infiniteLoop() throws {
        let bundle = try BundleCodec.decode(BundleCodec.encode(spinningBundle(errorMessage: false)))
        let engine = Engine(bundle: bundle, budget: 10_000)
        let result = engine.handle(.message(InboundMessage(text: "hola")), state: nil, context: TurnContext(contact: Contact(id: "c"), now: mondayMorning))
        let error = try #require(result.error)
        #expect(error.message.contains("10000 instructions"))
        #expect(error.step == "loop.spin")
        #expect(error.location.hasPrefix("loop.yaml:"))
        #expect(result.state.status == .ended)
        #expect(result.events.map(\.name) == ["error"])
        // The next message starts over (and stops again), it does not hang either.
        let again = engine.handle(.message(InboundMessage(text: "hola")), state: result.state, context: TurnContext(contact: Contact(id: "c"), now: mondayMorning))
        #expect(again.error != nil)
    }

    @Test("the bot's error message is sent when the budget runs out", .timeLimit(.minutes(1)))
    func budgetSendsErrorMessage() throws {
        let engine = Engine(bundle: spinningBundle(errorMessage: true), budget: 5_000)
        let result = engine.handle(.message(InboundMessage(text: "hola")), state: nil, context: TurnContext(contact: Contact(id: "c"), now: mondayMorning))
        #expect(result.error?.message.contains("5000 instructions") == true)
        #expect(result.state.status == .ended)
        do {
            #expect(result.messages.map(\.text) == ["Uy, algo falló."])
        }
    }

    @Test("the default budget also stops the loop", .timeLimit(.minutes(1)))
    func defaultBudget() throws {
        let engine = Engine(bundle: spinningBundle(errorMessage: false))
        #expect(engine.budget == 100_000)
        let result = engine.handle(.message(InboundMessage(text: "hola")), state: nil, context: TurnContext(contact: Contact(id: "c"), now: mondayMorning))
        #expect(result.error?.message.contains("100000 instructions") == true)
    }
}

@Suite("conversation state")
struct StateTests {
    static let v1 = """
        flow: hello
        vars:
          name: text
        steps:
          ask_name:
            ask: "¿Nombre? (v1)"
            save: name
          done:
            end: "v1: Hola {{name}}"
        """
    static let v2 = v1.replacingOccurrences(of: "v1", with: "v2")

    @Test("a conversation is pinned to the bundle it started on")
    func pinnedHash() throws {
        let one = try buildFlow(Self.v1)
        let two = try buildFlow(Self.v2)
        let chat = Chat(one)
        #expect(chat.engine.hash == BundleCodec.contentHash(one))
        #expect(chat.engine.hash != Engine(bundle: two).hash)
        chat.say("hola")
        #expect(chat.state?.bundleHash == chat.engine.hash)
        chat.say("Ana")
        #expect(chat.state?.bundleHash == chat.engine.hash)
    }

    @Test("the host resumes a stored conversation on its old bundle, or starts over without it")
    func hostKeepsOldBundle() async throws {
        let one = Engine(bundle: try buildFlow(Self.v1))
        let two = Engine(bundle: try buildFlow(Self.v2))
        let store = InMemoryConversationStore()
        let key = ConversationKey(bot: "hello", contact: "c1")
        let first = ConversationHost(engine: one, key: key, contact: Contact(id: "c1"), store: store, clock: mondayMorning)
        #expect(try await first.receive(InboundMessage(text: "hola")).messages.map(\.text) == ["¿Nombre? (v1)"])

        // A new deployment (v2) that still knows v1.
        let second = ConversationHost(engine: two, key: key, contact: Contact(id: "c1"), store: store, clock: mondayMorning + minute,
                                      engines: { $0 == one.hash ? one : nil })
        try await second.resume()
        #expect(second.state?.bundleHash == one.hash)
        #expect(try await second.receive(InboundMessage(text: "Ana")).messages.map(\.text) == ["v1: Hola Ana"])
        #expect(second.state?.bundleHash == one.hash)
        // Once it ended, the next conversation starts on v2.
        #expect(try await second.receive(InboundMessage(text: "hola")).messages.map(\.text) == ["¿Nombre? (v2)"])
        #expect(second.state?.bundleHash == two.hash)

        // A deployment that no longer has v1 starts over on v2.
        let store2 = InMemoryConversationStore()
        let old = ConversationHost(engine: one, key: key, contact: Contact(id: "c1"), store: store2, clock: mondayMorning)
        _ = try await old.receive(InboundMessage(text: "hola"))
        let fresh = ConversationHost(engine: two, key: key, contact: Contact(id: "c1"), store: store2, clock: mondayMorning)
        try await fresh.resume()
        #expect(try await fresh.receive(InboundMessage(text: "Ana")).messages.map(\.text) == ["¿Nombre? (v2)"])
        #expect(fresh.state?.bundleHash == two.hash)
    }

    @Test("encode/decode round-trips a state with every kind of value, a menu wait and a timer")
    func roundTrip() throws {
        let bundle = try buildFlow("""
            flow: rt
            vars:
              qty: number
            steps:
              ask_qty:
                ask: "¿Cuántos?"
                save: qty
              pick:
                menu: "¿Cuál?"
                options: {a: Alfa, b: Beta}
                save: choice
                timeout: 10m
              done:
                end: "{{qty}} {{choice}}"
            """)
        let chat = Chat(bundle)
        chat.say("hola")
        chat.say("x")
        chat.say("3")
        var state = try #require(chat.state)
        #expect(state.wait?.kind == .menu)
        #expect(state.timerDue != nil)
        state.vars["nothing"] = .null
        state.vars["flag"] = .bool(true)
        state.vars["pi"] = .number(-3.25)
        state.vars["text"] = .text("ñandú 🧉 \"quoted\"\n")
        state.vars["day"] = .date(days("2026-12-31"))
        state.vars["moment"] = .datetime(mondayMorning, offsetMinutes: -180)
        state.vars["list"] = .list([.number(1), .text("dos"), .list([])])
        state.vars["json"] = .object(JSONObject([("id", .number(42)), ("nested", .object(JSONObject([("ok", .bool(false))])))]))
        let decoded = try ConversationState.decode(state.encode())
        #expect(decoded == state)
        #expect(decoded.encode() == state.encode())

        // The decoded state goes on exactly like the original.
        let a = chat.engine.handle(.message(InboundMessage(text: "beta")), state: state, context: chat.context)
        let b = chat.engine.handle(.message(InboundMessage(text: "beta")), state: decoded, context: chat.context)
        #expect(a.messages == b.messages)
        #expect(a.state == b.state)
        #expect(a.messages.map(\.text) == ["3 b"])
    }

    @Test("a state in a call, a handoff, or an effect wait round-trips too")
    func roundTripOtherWaits() throws {
        let chat = Chat(try Shop.build())
        chat.say("ayuda")
        let handoff = try #require(chat.state)
        #expect(try ConversationState.decode(handoff.encode()) == handoff)
        let fresh = ConversationState(bundleHash: "0123456789abcdef", now: 0)
        #expect(try ConversationState.decode(fresh.encode()) == fresh)
        let http = Chat(try buildBot(HTTPTests.bot, HTTPTests.plain))
        let pending = http.engine.handle(.message(InboundMessage(text: "hola")), state: nil, context: http.context).state
        #expect(pending.wait?.kind == .effect)
        #expect(try ConversationState.decode(pending.encode()) == pending)
    }

    @Test("a truncated or unknown state is refused with an error")
    func badStateBytes() throws {
        let chat = Chat(try Shop.build())
        chat.say("hola")
        let bytes = try #require(chat.state).encode()
        for n in 0..<bytes.count {
            #expect(throws: DecodeError.self) { try ConversationState.decode(Array(bytes[0..<n])) }
        }
        var wrongVersion = bytes
        wrongVersion[0] = 3
        #expect(throws: DecodeError.self) { try ConversationState.decode(wrongVersion) }
        // A version 1 state (stored before the contact's name was kept) still reads, with no name.
        var named = try #require(chat.state)
        named.contactName = "Ana"
        #expect(try ConversationState.decode(named.encode()).contactName == "Ana")
        let version1 = try #require(chat.state).encode()
        #expect(version1.first == 1, "no name to keep: version 1, which older binaries read")
        #expect(named.encode().first == 2)
        #expect(try ConversationState.decode(version1).contactName == "")
        #expect(try ConversationState.decode(version1).step == chat.state?.step)
        wrongVersion = version1 + [0]
        #expect(throws: DecodeError.self) { try ConversationState.decode(wrongVersion) }
    }
}
