import FlowBytecode

/// Evolution API (Baileys): `messages.upsert` webhooks authenticated by a secret in the URL
/// (`?secret=`) or the `X-Flowc-Secret` header plus the instance name; `sendText`, and with
/// `interactive: true` `sendList` for a menu of up to 10 options whose labels fit a list row
/// (24 characters) unless the step asks for `style: text`. Off by default: list messages sent
/// through Baileys do not show on every WhatsApp client, numbered text always does. Messages
/// from the bot itself, groups and status broadcasts are dropped.
public struct EvolutionProvider: Provider {
    public let instance: String
    let apiKey: String
    let webhookSecret: String
    public let apiBase: String
    /// Whether menus that fit go out as `sendList` (numbered text otherwise).
    public let interactive: Bool

    public var kind: String { "evolution" }
    public var sender: String { instance }
    public var sendRate: Double { 5 }
    public var capabilities: Capabilities {
        Capabilities(maxButtons: 0, maxListRows: interactive ? 10 : 0, maxTextLength: 4096, rowTitleLength: 24)
    }

    public init(instance: String, apiKey: String, webhookSecret: String, apiBase: String, interactive: Bool = false) {
        self.interactive = interactive
        self.instance = instance
        self.apiKey = apiKey
        self.webhookSecret = webhookSecret
        self.apiBase = apiBase.hasSuffix("/") ? String(apiBase.dropLast()) : apiBase
    }

    public func authenticate(_ request: WebhookRequest, now: Int64) throws(WebhookError) {
        guard !webhookSecret.isEmpty else { throw .unauthorized("evolution: no webhook_secret is configured, so no webhook can be verified") }
        guard var given = request.header("x-flowc-secret") ?? request.queryValue("secret") else {
            throw .unauthorized("evolution: the webhook secret is missing (X-Flowc-Secret header or ?secret=)")
        }
        // With `webhook_by_events` Evolution appends `/EVENT` to the URL as configured, after its
        // query: `…/evolution?secret=S/messages-upsert` (the secret itself has no `/` then).
        if request.header("x-flowc-secret") == nil, !webhookSecret.contains("/"), let slash = given.firstIndex(of: "/"),
           given[given.index(after: slash)...].allSatisfy({ $0.isLetter || $0 == "-" || $0 == "_" || $0 == "." }) {
            given = String(given[..<slash])
        }
        guard Signatures.constantTimeEquals(given, webhookSecret) else {
            throw .unauthorized("evolution: the webhook secret does not match")
        }
    }

    public func parse(_ request: WebhookRequest) throws(WebhookError) -> [InboundEvent] {
        let root = try ProviderSupport.parseJSON(request.body, provider: kind)
        guard case .object = root else { throw .malformed("evolution: the body is not a JSON object") }
        // The instance is checked first (providers.md §8): one the webhook does not name is not ours either.
        guard let name = root[member: "instance"]?.textValue else { throw .unauthorized("evolution: the webhook names no instance") }
        if name != instance { throw .unauthorized("evolution: the webhook is for another instance") }
        let event = (root[member: "event"]?.textValue ?? "").lowercased().replacingUnderscores
        guard event == "messages.upsert" else { return [] }
        let records = root[member: "data"].map { $0.items.isEmpty ? [$0] : $0.items } ?? []
        return records.compactMap { data -> InboundEvent? in
            let key = data[member: "key"]
            guard key?[member: "fromMe"] != .bool(true), let jid = key?[member: "remoteJid"]?.textValue,
                  !jid.hasSuffix("@g.us"), jid != "status@broadcast", let id = key?[member: "id"]?.textValue,
                  // (No id, no dedupe: an empty one would make the next such message a "duplicate".)
                  !id.isEmpty
            else { return nil }
            // `5511…:12@s.whatsapp.net`: the `:12` is the sender's device, not part of the number.
            let contact = ProviderSupport.digits(String(jid.prefix { $0 != "@" && $0 != ":" }))
            guard !contact.isEmpty else { return nil }
            let m = Self.unwrapped(data[member: "message"])
            var message = ProviderMessage(externalId: id, contact: contact, name: data[member: "pushName"]?.textValue ?? "", text: "",
                                          timestamp: ProviderSupport.milliseconds(seconds: data[member: "messageTimestamp"]))
            if let text = m?[member: "conversation"]?.textValue ?? m?[member: "extendedTextMessage"]?[member: "text"]?.textValue {
                message.text = text
            } else if let list = m?[member: "listResponseMessage"] {
                message.type = "list"
                message.payload = list[member: "singleSelectReply"]?[member: "selectedRowId"]?.textValue
                message.text = list[member: "title"]?.textValue ?? message.payload ?? ""
            } else if let buttons = m?[member: "buttonsResponseMessage"] {
                message.type = "button"
                message.payload = buttons[member: "selectedButtonId"]?.textValue
                message.text = buttons[member: "selectedDisplayText"]?.textValue ?? message.payload ?? ""
            } else if let image = m?[member: "imageMessage"] {
                message.type = "image"
                message.text = image[member: "caption"]?.textValue ?? ""
                // Saved as a photo answer is (`{url, …}`), not as its caption.
                message.data = ProviderSupport.media(image, caption: nil)
            } else if let location = m?[member: "locationMessage"] {
                message.type = "location"
                message.data = ProviderSupport.pin(latitude: location[member: "degreesLatitude"], longitude: location[member: "degreesLongitude"],
                                                   name: location[member: "name"]?.textValue, address: location[member: "address"]?.textValue)
            } else if let card = m?[member: "contactMessage"] ?? m?[member: "contactsArrayMessage"]?[member: "contacts"]?.items.first {
                // A shared contact card is a phone number, as on WhatsApp Cloud and Telegram: the
                // vCard's (first) phone is the text a phone question reads; the card is its data.
                message.type = "contact"
                message.text = Self.vcardPhone(card[member: "vcard"]?.textValue ?? "") ?? card[member: "displayName"]?.textValue ?? ""
                message.data = card
            } else if let (type, media) = Self.mediaKinds.lazy.compactMap({ key, type in m?[member: key].map { (type, $0) } }).first {
                message.type = type
                message.data = ProviderSupport.media(media, caption: nil)
                message.text = media[member: "caption"]?.textValue ?? ""
            } else {
                // A reaction, an edit or deletion (`protocolMessage`), an empty or unknown message:
                // nothing the conversation answers (a question is not asked again over a 👍).
                return nil
            }
            return .message(message)
        }
    }

    /// Baileys' media message keys and the type each is saved as.
    static let mediaKinds: [(String, String)] = [
        ("audioMessage", "audio"), ("videoMessage", "video"), ("documentMessage", "document"),
        ("documentWithCaptionMessage", "document"), ("stickerMessage", "sticker"),
    ]

    /// Baileys' envelopes that hold the message itself under `message`: a chat with disappearing
    /// messages on (`ephemeralMessage`), a photo or video to view once, a file sent with a caption
    /// (`documentWithCaptionMessage.message.documentMessage`).
    static let wrappers = ["ephemeralMessage", "viewOnceMessage", "viewOnceMessageV2", "viewOnceMessageV2Extension", "documentWithCaptionMessage"]

    /// The message inside its envelopes (a view-once photo in a disappearing chat has two).
    static func unwrapped(_ message: Value?) -> Value? {
        var current = message
        for _ in 0..<4 {
            guard let inner = wrappers.lazy.compactMap({ current?[member: $0]?[member: "message"] }).first(where: { if case .object = $0 { true } else { false } })
            else { break }
            current = inner
        }
        return current
    }

    /// The first phone of a vCard (`TEL;type=CELL;waid=5491155551234:+54 9 11 5555-1234` gives
    /// `+54 9 11 5555-1234`; with no number after the colon, `+` and its `waid`).
    static func vcardPhone(_ vcard: String) -> String? {
        for line in vcard.split(whereSeparator: \.isNewline) {
            // `item1.TEL;…:` is a grouped property; the name ends at the first `;` or `:`.
            guard let colon = line.firstIndex(of: ":") else { continue }
            let head = line[..<colon].uppercased()
            let name = head.split(separator: ";", maxSplits: 1).first.map { $0.split(separator: ".").last ?? $0 } ?? ""
            guard name == "TEL" else { continue }
            let number = String(line[line.index(after: colon)...]).trimmingSpaces
            if !number.isEmpty { return number }
            if let waid = head.split(separator: ";").first(where: { $0.hasPrefix("WAID=") }), waid.count > 5 { return "+" + waid.dropFirst(5) }
        }
        return nil
    }

    public func sendRequest(_ content: OutboundContent, to contact: String, idempotencyKey: String) -> ProviderHTTPRequest {
        let number = Value.text(ProviderSupport.digits(contact))
        if case .list = MenuLayout.choose(content, capabilities), let options = content.options {
            // `sendList`: one section; the list's button opens it. Row ids come back as
            // `listResponseMessage.singleSelectReply.selectedRowId`.
            let button = content.button.isEmpty ? "Menu" : String(content.button.prefix(20))
            let rows: [Value] = options.map { option in
                .object(JSONObject([("title", .text(option.label)), ("description", .text(String((option.description ?? "").prefix(72)))),
                                    ("rowId", .text(option.id))]))
            }
            let body = Value.object(JSONObject([
                ("number", number), ("title", .text(button)), ("description", .text(content.text)), ("buttonText", .text(button)),
                ("footerText", .text("")),
                ("sections", .list([.object(JSONObject([("title", .text(String(button.prefix(24)))), ("rows", .list(rows))]))])),
                ("delay", .number(0)),
            ]))
            return request("sendList", body)
        }
        let body = Value.object(JSONObject([
            ("number", number), ("text", .text(MenuLayout.numbered(content))),
            ("delay", .number(0)), ("linkPreview", .bool(false)),
        ]))
        return request("sendText", body)
    }

    private func request(_ endpoint: String, _ body: Value) -> ProviderHTTPRequest {
        ProviderHTTPRequest(url: "\(apiBase)/message/\(endpoint)/\(FormEncoding.escape(instance))",
                            headers: [("apikey", apiKey), ("Content-Type", "application/json")], body: ProviderSupport.body(body))
    }

    public var sessionRequests: (state: ProviderHTTPRequest, qr: ProviderHTTPRequest)? {
        let name = FormEncoding.escape(instance)
        return (ProviderHTTPRequest(method: "GET", url: "\(apiBase)/instance/connectionState/\(name)", headers: [("apikey", apiKey)], body: []),
                ProviderHTTPRequest(method: "GET", url: "\(apiBase)/instance/connect/\(name)", headers: [("apikey", apiKey)], body: []))
    }

    public func classify(_ response: ProviderHTTPResponse) -> SendOutcome {
        let json = try? JSONParser.parse(bytes: response.body)
        if (200..<300).contains(response.status) {
            return .sent(providerMessageId: json?[member: "key"]?[member: "id"]?.textValue)
        }
        let reason = "evolution: " + ProviderSupport.describe(response, detail: json?[member: "message"]?.textValue ?? json?[member: "error"]?.textValue)
        if response.status == 429 { return .throttled(reason, afterSeconds: ProviderSupport.retryAfter(response)) }
        if response.status == 0 || response.status >= 500 { return .retry(reason, afterSeconds: ProviderSupport.retryAfter(response)) }
        return .permanent(reason)
    }
}

extension String {
    var replacingUnderscores: String { String(map { $0 == "_" ? "." : $0 }) }
}
