import FlowBytecode
import FlowVM

/// Performs the effects a turn requests (HTTP, e-mail, queries, orders) for the host.
public protocol EffectPerformer: Sendable {
    /// Performs `request`; failures are results, never thrown.
    func perform(_ request: EffectRequest, context: TurnContext) async -> EffectResult
}

/// Effects that only record what they would do: e-mail is "sent". Used where no real backend
/// is configured. (Orders never come here: ``ConversationHost`` keeps them in the store.) A query is an error here: rows that are not there
/// would be wrong data (``QueryPerformer`` reads a bot's data sources).
public struct RecordingPerformer: EffectPerformer {
    /// Creates a performer.
    public init() {}

    public func perform(_ request: EffectRequest, context: TurnContext) async -> EffectResult {
        switch request.kind {
        case "query": return EffectResult(request: request.id, ok: false, error: "query: no data sources are available here")
        case "http":
            return EffectResult(request: request.id, ok: false, error: "HTTP is not available here")
        case "email":
            // Recorded, not sent; but an e-mail the daemon could not send fails here too (an empty `to`).
            guard case .object(let spec) = request.payload else { return EffectResult(request: request.id, ok: false, error: "email: bad request") }
            func text(_ key: String) -> String { spec[key]?.rendered ?? "" }
            if let problem = MailAddress.problem(to: text("to"), cc: text("cc"), bcc: text("bcc"), replyTo: text("reply_to")) {
                return EffectResult(request: request.id, ok: false, error: "email: " + problem)
            }
            return EffectResult(request: request.id, ok: true, body: .object(JSONObject([("accepted", .bool(true))])))
        default:
            return EffectResult(request: request.id, ok: true, body: .object(JSONObject([("accepted", .bool(true))])))
        }
    }
}
