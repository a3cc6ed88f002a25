import FlowBytecode
import FlowRuntime
import FlowVM

/// The example shop bot (`examples/shop`) on its happy path: the main menu, the order flow,
/// a product from the list, quantity, name, phone (libphonenumber), e-mail, delivery date,
/// confirmation, the order API call (answered in process by ``OrderAPIStub``), a tracked
/// event and the end. 9 user turns per conversation.
public enum ShopBot {
    /// `examples/shop` of this repository.
    public static var path: String {
        var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(4)  // Benchmarks/Sources/TurnWorkload/ShopBot.swift
        return parts.joined(separator: "/") + "/examples/shop"
    }

    public static let env = ["API_URL": "https://api.cocolu.test"]
    public static let secrets = ["API_TOKEN": "bench-token"]

    /// 2026-03-02 10:00 in Buenos Aires: the delivery date below is after `today`.
    public static let clock: Int64 = 1_772_456_400_000

    public static let turns = 9

    /// The user's `turn`-th message (0-based) in conversation `conversation`.
    public static func message(conversation: Int, turn: Int) -> String {
        switch turn {
        case 0: "hola"
        case 1: "2"                                    // Hacer un pedido
        case 2: ["1", "2", "3", "4"][conversation % 4] // the product
        case 3: "2"
        case 4: "Ana Pérez"
        case 5: "011 15-5555-1234"
        case 6: "ana@example.com"
        case 7: "10/03/2026"
        default: "sí"
        }
    }
}

/// Answers the shop's `POST {{env.API_URL}}/orders` in process, like the API would (201,
/// `{"id": 1042}`), without recording anything: the benchmark measures flowc, not a network.
public struct OrderAPIStub: EffectPerformer {
    public init() {}

    public func perform(_ request: EffectRequest, context: TurnContext) async -> EffectResult {
        guard request.kind == "http" else { return await RecordingPerformer().perform(request, context: context) }
        return EffectResult(request: request.id, ok: true, status: 201,
                            body: .object(JSONObject([("id", .number(1042)), ("status", .text("created"))])))
    }
}
