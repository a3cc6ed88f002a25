import Foundation
import Testing
import FlowBytecode
import FlowChecker
import FlowCompiler
import FlowRuntime
import FlowTesting
import FlowVM

/// A bot written to a fresh temporary folder, for one test.
struct TempBot {
    let root: URL

    /// A lone flow in `NAME.yaml`.
    init(flow: String, name: String = "lone") throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("flowvm-\(UUID().uuidString)")
        path = root.appendingPathComponent("\(name).yaml").path
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try write("\(name).yaml", flow)
    }

    /// A bot folder: `bot.yaml` and `flows/NAME.yaml` for each flow (named by its `flow:` key).
    init(bot: String, flows: [String], tests: [String: String] = [:]) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("flowvm-\(UUID().uuidString)")
        path = root.path
        try FileManager.default.createDirectory(at: root.appendingPathComponent("flows"), withIntermediateDirectories: true)
        try write("bot.yaml", bot)
        for (i, flow) in flows.enumerated() {
            let id = flow.split(separator: "\n").first { $0.hasPrefix("flow:") }.map { $0.dropFirst(5).trimmingCharacters(in: .whitespaces) }
            try write("flows/\(id ?? "flow\(i)").yaml", flow)
        }
        if !tests.isEmpty {
            try FileManager.default.createDirectory(at: root.appendingPathComponent("tests"), withIntermediateDirectories: true)
            for (name, text) in tests { try write("tests/\(name)", text) }
        }
    }

    /// What `BuildRun.build(path:)` is given.
    let path: String

    func write(_ relative: String, _ text: String) throws {
        try Data(text.utf8).write(to: root.appendingPathComponent(relative))
    }

    func remove() { try? FileManager.default.removeItem(at: root) }

    /// Checks and compiles; a check error fails the calling test with the diagnostics.
    func build(sourceLocation: SourceLocation = #_sourceLocation) throws -> FlowBundle {
        defer { remove() }
        let output = try BuildRun.build(path: path)
        guard let bundle = output.bundle else {
            let text = output.report.diagnostics.filter { $0.severity == .error }
                .map { "\($0.range.start.line):\($0.range.start.column): \($0.rule): \($0.message)" }.joined(separator: "\n")
            Issue.record("the bot does not check:\n\(text)", sourceLocation: sourceLocation)
            throw BuildFailed()
        }
        return bundle
    }
}

struct BuildFailed: Error {}

/// Builds a lone flow from YAML text.
func buildFlow(_ yaml: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> FlowBundle {
    try TempBot(flow: yaml).build(sourceLocation: sourceLocation)
}

/// Builds a bot folder from YAML texts.
func buildBot(_ bot: String, _ flows: String..., sourceLocation: SourceLocation = #_sourceLocation) throws -> FlowBundle {
    try TempBot(bot: bot, flows: flows).build(sourceLocation: sourceLocation)
}

/// Monday 2 March 2026, 10:00 in Buenos Aires (13:00 UTC).
let mondayMorning: Int64 = FlowTesting.Clock.parse("2026-03-02T10:00:00-03:00")!

/// Days since the epoch of an ISO date, as `Value.date` holds it.
func days(_ iso: String) -> Int { Int(FlowTesting.Clock.parse(iso)! / 86_400_000) }

/// What one user action produced, with effects answered along the way.
struct TurnOut {
    var messages: [OutboundMessage] = []
    var effects: [EffectRequest] = []
    var events: [AnalyticsEvent] = []
    var errors: [RuntimeError] = []
    var visited: [String] = []
    var handled = true

    var texts: [String] { messages.map(\.text) }
}

/// Drives the pure engine turn by turn, answering effects with `effect`.
final class Chat {
    let engine: Engine
    var state: ConversationState?
    var now: Int64
    var contact = Contact(id: "5491155551234", name: "Ana", phone: "+5491155551234", channel: "whatsapp")
    var env: [String: String] = [:]
    var secrets: [String: String] = [:]
    var seed: [String: Value] = [:]
    var startFlow: Int?
    /// Answers effect requests (default: every effect fails).
    var effect: (EffectRequest) -> EffectResult = { EffectResult(request: $0.id, ok: false, error: "no effects in this test") }

    /// A conversation already started by `first` (its answer discarded), waiting for the next message.
    static func started(_ bundle: FlowBundle, with first: String = "hola") -> Chat {
        let chat = Chat(bundle)
        chat.say(first)
        return chat
    }

    init(_ bundle: FlowBundle, now: Int64 = mondayMorning, budget: Int = 100_000) {
        engine = Engine(bundle: bundle, budget: budget)
        self.now = now
    }

    var context: TurnContext { TurnContext(contact: contact, env: env, secrets: secrets, now: now) }
    var vars: [String: Value] { state?.vars ?? [:] }
    var status: ConversationState.Status { state?.status ?? .ended }

    /// One event, and the effects it leads to.
    @discardableResult
    func send(_ event: InboundEvent) -> TurnOut {
        var result = engine.handle(event, state: state, context: context, seed: seed, startFlow: startFlow)
        var step = TurnOut()
        step.handled = result.handled
        var rounds = 0
        while true {
            step.messages += result.messages
            step.events += result.events
            step.visited += result.visited
            if let e = result.error { step.errors.append(e) }
            guard let request = result.effects.first, rounds < 100 else { break }
            rounds += 1
            step.effects.append(request)
            result = engine.handle(.effect(effect(request)), state: result.state, context: context)
        }
        state = result.state
        return step
    }

    @discardableResult
    func say(_ text: String) -> TurnOut { send(.message(InboundMessage(text: text))) }

    @discardableResult
    func tap(_ id: String, text: String = "") -> TurnOut {
        send(.message(InboundMessage(text: text.isEmpty ? id : text, type: "button", payload: id)))
    }

    /// Moves the clock; fires the wait's timer when it is due.
    @discardableResult
    func wait(_ ms: Int64) -> TurnOut {
        now += ms
        guard let s = state, let due = s.timerDue, due <= now else { return TurnOut(handled: false) }
        return send(.timeout(serial: s.waitSerial))
    }
}

let minute: Int64 = 60_000
let hour: Int64 = 3_600_000

/// Answers `http` requests from mocks, as `flowc test` does (synchronously, for `Chat`).
func mockHTTP(_ answers: [String: (Int, String)]) -> (EffectRequest) -> EffectResult {
    { request in
        guard case .object(let spec) = request.payload else { return EffectResult(request: request.id, ok: false, error: "bad") }
        let key = (spec["method"]?.rendered ?? "") + " " + (spec["url"]?.rendered ?? "")
        guard let (status, body) = answers[key] else { return EffectResult(request: request.id, ok: false, error: "no mock for \(key)") }
        guard let parsed = try? JSONParser.parse(body) else {
            return EffectResult(request: request.id, ok: true, status: status, body: .text(body), notJSON: true)
        }
        return EffectResult(request: request.id, ok: true, status: status, body: parsed)
    }
}

/// The compiled bot (Foundation has a `Bundle` too).
typealias FlowBundle = FlowBytecode.Bundle
