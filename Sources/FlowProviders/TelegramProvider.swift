import FlowBytecode

/// The Telegram Bot API: webhooks carry `X-Telegram-Bot-Api-Secret-Token`; replies go through
/// `sendMessage` with inline keyboards for menus. Contacts are `tg:<chat id>`.
public struct TelegramProvider: Provider {
    let botToken: String
    let secretToken: String
    public let apiBase: String

    public var kind: String { "telegram" }
    public var sender: String { String(botToken.prefix { $0 != ":" }) }
    public var sendRate: Double { 30 }
    /// Telegram: about a message a second in one chat, short bursts allowed (providers.md §5, §7).
    public var contactPace: ContactPace? { ContactPace(gapMs: 1_000, burst: 5) }
    public var capabilities: Capabilities {
        Capabilities(maxButtons: 10, maxListRows: 0, maxTextLength: 4096, buttonTitleLength: 64, rowTitleLength: 0)
    }

    public init(botToken: String, secretToken: String, apiBase: String = "https://api.telegram.org") {
        self.botToken = botToken
        self.secretToken = secretToken
        self.apiBase = apiBase.hasSuffix("/") ? String(apiBase.dropLast()) : apiBase
    }

    public func authenticate(_ request: WebhookRequest, now: Int64) throws(WebhookError) {
        guard !secretToken.isEmpty else { throw .unauthorized("telegram: no secret_token is configured, so no webhook can be verified") }
        guard let header = request.header("x-telegram-bot-api-secret-token") else {
            throw .unauthorized("telegram: the X-Telegram-Bot-Api-Secret-Token header is missing")
        }
        guard Signatures.constantTimeEquals(header, secretToken) else {
            throw .unauthorized("telegram: the X-Telegram-Bot-Api-Secret-Token does not match")
        }
    }

    /// Telegram's media keys and the type each is saved as.
    static let mediaKinds: [(String, String)] = [
        ("sticker", "sticker"), ("voice", "audio"), ("audio", "audio"), ("video", "video"), ("video_note", "video"),
        ("animation", "video"), ("document", "document"),
    ]

    public func parse(_ request: WebhookRequest) throws(WebhookError) -> [InboundEvent] {
        let update = try ProviderSupport.parseJSON(request.body, provider: kind)
        guard case .object = update, let updateId = update[member: "update_id"]?.scalarText else {
            throw .malformed("telegram: the update has no update_id")
        }
        if let message = update[member: "message"], let chat = message[member: "chat"]?[member: "id"]?.scalarText {
            guard message[member: "chat"]?[member: "type"]?.textValue ?? "private" == "private" else { return [] }
            var parsed = ProviderMessage(
                externalId: updateId, contact: "tg:" + chat,
                name: message[member: "from"]?[member: "first_name"]?.textValue ?? "",
                text: message[member: "text"]?.textValue ?? message[member: "caption"]?.textValue ?? "",
                timestamp: ProviderSupport.milliseconds(seconds: message[member: "date"]))
            if let location = message[member: "location"] {
                parsed.type = "location"
                parsed.data = ProviderSupport.pin(latitude: location[member: "latitude"], longitude: location[member: "longitude"], name: nil, address: nil)
            } else if let photos = message[member: "photo"], !photos.items.isEmpty {
                parsed.type = "image"
                parsed.data = ProviderSupport.media(photos.items.last ?? .null, caption: message[member: "caption"]?.textValue)
            } else if let contact = message[member: "contact"] {
                parsed.type = "contact"
                parsed.data = contact
                parsed.text = contact[member: "phone_number"]?.textValue ?? ""
            } else if let (type, media) = Self.mediaKinds.lazy.compactMap({ key, type in message[member: key].map { (type, $0) } }).first {
                parsed.type = type
                parsed.data = ProviderSupport.media(media, caption: message[member: "caption"]?.textValue)
            } else if message[member: "text"] == nil {
                // A service message (a member joined, a pinned message), a poll, a game: nothing
                // the conversation answers.
                return []
            }
            return [.message(parsed)]
        }
        if let query = update[member: "callback_query"],
           let chat = query[member: "message"]?[member: "chat"]?[member: "id"]?.scalarText ?? query[member: "from"]?[member: "id"]?.scalarText {
            let data = query[member: "data"]?.textValue ?? ""
            var parsed = ProviderMessage(
                externalId: updateId, contact: "tg:" + chat,
                name: query[member: "from"]?[member: "first_name"]?.textValue ?? "", text: data, type: "button", payload: data)
            parsed.data = .object(JSONObject([("callback_query_id", query[member: "id"] ?? .null)]))
            return [.message(parsed)]
        }
        return []
    }

    public func sendRequest(_ content: OutboundContent, to contact: String, idempotencyKey: String) -> ProviderHTTPRequest {
        let chat = contact.hasPrefix("tg:") ? String(contact.dropFirst(3)) : contact
        // The chat id as the update carried it: an integer (a `@channel` name stays text).
        let chatId: Value = Int64(chat).map { .number(Double($0)) } ?? .text(chat)
        var pairs: [(String, Value)] = [("chat_id", chatId)]
        let options = content.options ?? []
        let keyboardFits = !options.isEmpty && content.style != "text" && options.count <= capabilities.maxButtons
            && options.allSatisfy { $0.id.utf8.count <= 64 && !$0.label.isEmpty }
        if keyboardFits {
            // A keyboard's buttons show labels only: options with descriptions (prices) are listed
            // in the text too, the buttons under it.
            let described = options.contains { !($0.description ?? "").isEmpty }
            let text = described ? MenuLayout.numbered(content) : content.text
            pairs.append(("text", .text(String(text.prefix(capabilities.maxTextLength)))))
            let rows: [Value] = options.map { .list([.object(JSONObject([("text", .text($0.label)), ("callback_data", .text($0.id))]))]) }
            pairs.append(("reply_markup", .object(JSONObject([("inline_keyboard", .list(rows))]))))
        } else {
            pairs.append(("text", .text(String(MenuLayout.numbered(content).prefix(capabilities.maxTextLength)))))
        }
        return ProviderHTTPRequest(url: "\(apiBase)/bot\(botToken)/sendMessage", headers: [("Content-Type", "application/json")],
                                   body: ProviderSupport.body(.object(JSONObject(pairs))))
    }

    /// A button press must be answered, or the user's client keeps showing a spinner.
    public func receipts(for message: ProviderMessage) -> [ProviderHTTPRequest] {
        guard let id = message.data[member: "callback_query_id"]?.scalarText else { return [] }
        return [ProviderHTTPRequest(url: "\(apiBase)/bot\(botToken)/answerCallbackQuery", headers: [("Content-Type", "application/json")],
                                    body: ProviderSupport.body(.object(JSONObject([("callback_query_id", .text(id))]))))]
    }

    public func classify(_ response: ProviderHTTPResponse) -> SendOutcome {
        let json = try? JSONParser.parse(bytes: response.body)
        if (200..<300).contains(response.status), json?[member: "ok"] == .bool(true) {
            // Message ids count per chat: with the chat's id they name one message of the bot's.
            let result = json?[member: "result"]
            let id = result?[member: "message_id"]?.scalarText
            let chat = result?[member: "chat"]?[member: "id"]?.scalarText
            guard let id else { return .sent(providerMessageId: nil) }
            return .sent(providerMessageId: chat.map { "tg:\($0):\(id)" } ?? id)
        }
        let reason = "telegram: " + ProviderSupport.describe(response, detail: json?[member: "description"]?.textValue)
        if response.status == 429 {
            let after = json?[member: "parameters"]?[member: "retry_after"]?.numberValue
                .flatMap { $0.isFinite ? ProviderSupport.clampedSeconds(Int(max(-1, min(1e6, $0)))) : nil } ?? ProviderSupport.retryAfter(response)
            return .throttled(reason, afterSeconds: after)
        }
        if response.status == 0 || response.status >= 500 { return .retry(reason, afterSeconds: nil) }
        if response.status == 403 { return .contactStopped(reason) }
        return .permanent(reason)
    }
}
