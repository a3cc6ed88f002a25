import FlowBytecode
import FlowCompiler
import FlowRuntime
import FlowStore
import FlowVM

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A bot compiled by flowc's own compiler plus the script its conversations follow.
public struct Scenario: Sendable {
    public var name: String
    public var engine: Engine
    /// User turns per conversation.
    public var turns: Int
    public var message: @Sendable (_ conversation: Int, _ turn: Int) -> String
    public var env: [String: String]
    public var secrets: [String: String]
    public var clock: Int64
    public var performer: any EffectPerformer

    /// Builds the bot folder at `path` with `BuildRun` (check + compile), as `flowc build` does.
    public static func compile(_ path: String) throws -> Engine {
        let output = try BuildRun.build(path: path)
        guard let bundle = output.bundle else {
            throw WorkloadError("\(path) does not compile: \(output.report.diagnostics.prefix(3))")
        }
        guard output.report.diagnostics.isEmpty else {
            throw WorkloadError("\(path) has diagnostics: \(output.report.diagnostics.prefix(3))")
        }
        return Engine(bundle: bundle)
    }

    /// The 5-step bot, written to a temporary folder and compiled.
    public static func fiveStep() throws -> Scenario {
        var template = Array("/tmp/flowc-5step-XXXXXX".utf8CString)
        guard let dir = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }).map({ String(cString: $0) }) else {
            throw WorkloadError("cannot create a temporary folder")
        }
        mkdir(dir + "/flows", 0o755)
        try writeFile(dir + "/bot.yaml", FiveStepBot.botYAML)
        try writeFile(dir + "/flows/main.yaml", FiveStepBot.flowYAML)
        let engine = try compile(dir)
        unlink(dir + "/flows/main.yaml")
        unlink(dir + "/bot.yaml")
        rmdir(dir + "/flows")
        rmdir(dir)
        return Scenario(name: "5-step", engine: engine, turns: 4, message: FiveStepBot.message, env: [:], secrets: [:],
                        clock: ShopBot.clock, performer: RecordingPerformer())
    }

    /// The example shop bot on its happy path.
    public static func shop() throws -> Scenario {
        Scenario(name: "shop", engine: try compile(ShopBot.path), turns: ShopBot.turns, message: ShopBot.message,
                 env: ShopBot.env, secrets: ShopBot.secrets, clock: ShopBot.clock, performer: OrderAPIStub())
    }

    /// The host of conversation `conversation`, on `store`: the same `ConversationHost` that
    /// `flowc chat` and the daemon drive, so every turn is the engine plus one store commit
    /// (state, inbound and outbound messages, timers and events in one transaction).
    public func host(_ conversation: Int, store: any ConversationStore, run: Int = 0) -> ConversationHost {
        let contact = "549\(1_100_000_000 + conversation)"
        return ConversationHost(
            engine: engine, key: ConversationKey(bot: engine.bundle.botId, contact: contact),
            contact: Contact(id: contact, name: "Cliente \(conversation)", phone: "+" + contact, channel: "whatsapp"),
            env: env, secrets: secrets, store: store, performer: performer, clock: clock)
    }

    /// The inbound message of a turn, with a unique provider id as WhatsApp gives (the store
    /// checks it for redeliveries).
    public func inbound(_ conversation: Int, turn: Int, run: Int = 0) -> InboundMessage {
        InboundMessage(text: message(conversation, turn), id: "wamid.\(run).\(conversation).\(turn)")
    }
}

public struct WorkloadError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

func writeFile(_ path: String, _ text: String) throws {
    guard let file = fopen(path, "w") else { throw WorkloadError("cannot write \(path)") }
    defer { fclose(file) }
    let bytes = Array(text.utf8)
    guard fwrite(bytes, 1, bytes.count, file) == bytes.count else { throw WorkloadError("cannot write \(path)") }
}
