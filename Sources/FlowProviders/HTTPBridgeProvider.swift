import FlowBytecode

/// The generic bridge protocol (v1) for Venom, whatsapp-web.js, Baileys and WPPConnect bridges:
/// webhooks signed `X-Bridge-Signature: v1=<hex HMAC-SHA256(secret, ts + "." + body)>` with a
/// timestamp window, and `POST /v1/sessions/{s}/messages` with an `Idempotency-Key`.
public struct HTTPBridgeProvider: Provider {
    public let session: String
    let token: String
    let secret: String
    public let apiBase: String
    /// Whether the bridge's engine shows buttons and lists reliably (numbered text otherwise).
    public let interactive: Bool
    /// Largest clock difference accepted on a webhook, in seconds.
    public static let maxSkewSeconds: Int64 = 300

    public var kind: String { "http_bridge" }
    public var sender: String { session }
    public var sendRate: Double { 5 }
    public var capabilities: Capabilities {
        interactive
            ? Capabilities(maxButtons: 3, maxListRows: 10, maxTextLength: 4096)
            : Capabilities(maxButtons: 0, maxListRows: 0, maxTextLength: 4096)
    }

    public init(session: String, token: String, secret: String, apiBase: String, interactive: Bool = false) {
        self.session = session
        self.token = token
        self.secret = secret
        self.apiBase = apiBase.hasSuffix("/") ? String(apiBase.dropLast()) : apiBase
        self.interactive = interactive
    }

    /// The signature header's value for `body` sent at `timestamp`.
    public static func signature(secret: String, timestamp: String, body: [UInt8]) -> String {
        "v1=" + Signatures.hmacSHA256Hex(key: secret, message: Array((timestamp + ".").utf8) + body)
    }

    public func authenticate(_ request: WebhookRequest, now: Int64) throws(WebhookError) {
        guard !secret.isEmpty else { throw .unauthorized("http_bridge: no secret is configured, so no webhook can be verified") }
        guard let timestamp = request.header("x-bridge-timestamp"), let signature = request.header("x-bridge-signature") else {
            throw .unauthorized("http_bridge: the X-Bridge-Timestamp or X-Bridge-Signature header is missing")
        }
        // (Compared without overflow: `-9223372036854775808` is a hostile header, not a crash.)
        guard let seconds = Int64(timestamp), case let (skew, overflow) = (now / 1000).subtractingReportingOverflow(seconds), !overflow,
              skew.magnitude <= UInt64(Self.maxSkewSeconds) else {
            throw .unauthorized("http_bridge: the timestamp is more than \(Self.maxSkewSeconds) s away from now (a replay?)")
        }
        guard Signatures.constantTimeEquals(signature.lowercased(), Self.signature(secret: secret, timestamp: timestamp, body: request.body)) else {
            throw .unauthorized("http_bridge: the X-Bridge-Signature signature does not match")
        }
    }

    public func parse(_ request: WebhookRequest) throws(WebhookError) -> [InboundEvent] {
        let root = try ProviderSupport.parseJSON(request.body, provider: kind)
        guard case .object = root, let type = root[member: "type"]?.textValue else {
            throw .malformed("http_bridge: the event has no type")
        }
        let data = root[member: "data"] ?? .null
        // An event of another session (another WhatsApp number on the same bridge) is not this
        // channel's: answering it from this session would write from the wrong number.
        if let eventSession = root[member: "session"]?.textValue, eventSession != session { return [] }
        switch type {
        case "message":
            guard data[member: "fromMe"] != .bool(true), data[member: "isGroup"] != .bool(true),
                  let id = data[member: "messageId"]?.textValue ?? root[member: "id"]?.textValue,
                  let from = data[member: "from"]?.scalarText
            else { return [] }
            let contact = ProviderSupport.digits(from)
            guard !contact.isEmpty else { return [] }
            let kind = data[member: "kind"]?.textValue ?? "text"
            var message = ProviderMessage(externalId: id, contact: contact, name: data[member: "name"]?.textValue ?? "",
                                          text: data[member: "text"]?.textValue ?? "", type: kind,
                                          timestamp: ProviderSupport.milliseconds(seconds: root[member: "timestamp"]))
            switch kind {
            case "button_reply", "list_reply":
                message.type = kind == "button_reply" ? "button" : "list"
                message.payload = data[member: "reply"]?[member: "id"]?.textValue
                message.text = data[member: "reply"]?[member: "title"]?.textValue ?? message.payload ?? ""
            case "location":
                let pin = data[member: "location"]
                message.data = ProviderSupport.pin(latitude: pin?[member: "lat"], longitude: pin?[member: "lng"],
                                                   name: pin?[member: "name"]?.textValue, address: pin?[member: "address"]?.textValue)
            case "image", "audio", "video", "document", "sticker":
                message.data = ProviderSupport.media(data[member: "media"] ?? .null, caption: nil)
                message.text = data[member: "media"]?[member: "caption"]?.textValue ?? message.text
            case "text": break
            default:
                // A reaction, a revoke, a kind this bridge protocol does not name: nothing the
                // conversation answers (a question is not asked again over a 👍).
                return []
            }
            return [.message(message)]
        case "status":
            guard let id = data[member: "messageId"]?.textValue, let status = data[member: "status"]?.textValue else { return [] }
            return [.status(ProviderStatus(providerMessageId: id, status: status, error: data[member: "error"]?.textValue))]
        default:
            return []
        }
    }

    public func sendRequest(_ content: OutboundContent, to contact: String, idempotencyKey: String) -> ProviderHTTPRequest {
        var pairs: [(String, Value)] = [("to", .text(ProviderSupport.digits(contact)))]
        if let media = content.media, content.options == nil {
            pairs += [("type", .text("media")), ("media", .object(JSONObject([
                ("url", .text(media.url)), ("mimeType", .text(Self.mimeType(media))), ("caption", .text(content.text)),
                ("filename", .text(media.filename)),
            ])))]
            return sendRequest(pairs, idempotencyKey: idempotencyKey)
        }
        // A pin alone goes as the protocol's `location` (with a text, the text goes first: `parts`).
        if let pin = content.location, content.options == nil, content.media == nil, content.text.isEmpty {
            pairs += [("type", .text("location")), ("location", .object(JSONObject([
                ("lat", .number(pin.latitude)), ("lng", .number(pin.longitude)), ("name", .text(pin.name)), ("address", .text(pin.address)),
            ])))]
            return sendRequest(pairs, idempotencyKey: idempotencyKey)
        }
        switch MenuLayout.choose(content, capabilities) {
        case let .plain(text):
            pairs += [("type", .text("text")), ("text", .text(text))]
        case .buttons:
            pairs += [("type", .text("buttons")), ("text", .text(content.text)),
                      ("buttons", .list((content.options ?? []).map { .object(JSONObject([("id", .text($0.id)), ("title", .text($0.label))])) }))]
        case .list:
            let rows: [Value] = (content.options ?? []).map { option in
                // The engines behind a bridge are WhatsApp's: its limits (72 for a row's description, 20 for the button).
                .object(JSONObject([("id", .text(option.id)), ("title", .text(option.label)),
                                    ("description", .text(String((option.description ?? "").prefix(72))))]))
            }
            let button = content.button.isEmpty ? "Menu" : String(content.button.prefix(20))
            pairs += [("type", .text("list")), ("text", .text(content.text)),
                      ("list", .object(JSONObject([("button", .text(button)), ("sections", .list([.object(JSONObject([("title", .text(button)), ("rows", .list(rows))]))]))])))]
        }
        return sendRequest(pairs, idempotencyKey: idempotencyKey)
    }

    /// The media's type by its file's extension (the protocol's `mimeType`), else a generic one of its kind.
    public static func mimeType(_ media: OutboundMedia) -> String {
        MediaType.of(url: media.url, filename: media.filename, kind: media.kind)
    }

    private func sendRequest(_ pairs: [(String, Value)], idempotencyKey: String) -> ProviderHTTPRequest {
        ProviderHTTPRequest(
            url: "\(apiBase)/v1/sessions/\(FormEncoding.escape(session))/messages",
            headers: [("Authorization", "Bearer \(token)"), ("Content-Type", "application/json"), ("Idempotency-Key", idempotencyKey)],
            body: ProviderSupport.body(.object(JSONObject(pairs))))
    }

    public var sessionRequests: (state: ProviderHTTPRequest, qr: ProviderHTTPRequest)? {
        let base = "\(apiBase)/v1/sessions/\(FormEncoding.escape(session))"
        let auth = [("Authorization", "Bearer \(token)")]
        return (ProviderHTTPRequest(method: "GET", url: base, headers: auth, body: []),
                ProviderHTTPRequest(method: "GET", url: base + "/qr", headers: auth, body: []))
    }

    public func classify(_ response: ProviderHTTPResponse) -> SendOutcome {
        let json = try? JSONParser.parse(bytes: response.body)
        if (200..<300).contains(response.status) {
            return .sent(providerMessageId: json?[member: "messageId"]?.textValue)
        }
        let reason = "http_bridge: " + ProviderSupport.describe(response, detail: json?[member: "error"]?.textValue)
        if response.status == 429 { return .throttled(reason, afterSeconds: ProviderSupport.retryAfter(response)) }
        if response.status == 0 || response.status >= 500 { return .retry(reason, afterSeconds: ProviderSupport.retryAfter(response)) }
        return .permanent(reason)
    }
}
