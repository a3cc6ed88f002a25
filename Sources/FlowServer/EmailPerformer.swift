import FlowBytecode
import FlowRuntime
import FlowVM

/// Sends `email` steps through the daemon's SMTP server (`smtp:` in the config).
///
/// `to`, `cc` and `bcc` may each list several addresses separated by commas. The step's
/// `save` gets `{accepted: true, message_id}`; a failure (no `smtp:` settings, a bad address,
/// the server refusing or not answering) goes to `on_error` with the reason.
struct EmailPerformer: EffectPerformer {
    let settings: SMTPSettings?

    func perform(_ request: EffectRequest, context: TurnContext) async -> EffectResult {
        func failure(_ reason: String) -> EffectResult { EffectResult(request: request.id, ok: false, error: "email: " + reason) }
        guard let settings else {
            return failure("this daemon has no `smtp:` settings, so e-mail cannot be sent; add them to the config")
        }
        guard case .object(let spec) = request.payload else { return failure("bad request") }
        func text(_ key: String) -> String { spec[key]?.rendered ?? "" }
        let replyTo = text("reply_to")
        let message = MailMessage(to: MailAddress.list(text("to")), cc: MailAddress.list(text("cc")),
                                  bcc: MailAddress.list(text("bcc")), replyTo: replyTo.isEmpty ? nil : replyTo,
                                  subject: text("subject"), body: text("body"))
        do {
            let id = try await SMTPMailer.send(message, with: settings, now: context.now)
            return EffectResult(request: request.id, ok: true, body: .object(JSONObject([("accepted", .bool(true)), ("message_id", .text(id))])))
        } catch {
            return failure(error.message)
        }
    }
}
