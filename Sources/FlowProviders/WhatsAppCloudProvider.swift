import FlowBytecode

/// Meta's WhatsApp Cloud API: `X-Hub-Signature-256` webhooks, the verify handshake, and
/// `POST /{version}/{phone_number_id}/messages`.
public struct WhatsAppCloudProvider: Provider {
    public let phoneNumberId: String
    let accessToken: String
    let appSecret: String
    let verifyToken: String
    /// The Graph API base (`https://graph.facebook.com`); tests point it at a fake.
    public let apiBase: String
    public let apiVersion: String

    public var kind: String { "whatsapp_cloud" }
    public var sender: String { phoneNumberId }
    public var sendRate: Double { 80 }
    /// Meta's pair rate: a message every 6 s to one user on average, bursts of up to 45 (providers.md §1, §7).
    public var contactPace: ContactPace? { ContactPace(gapMs: 6_000, burst: 45) }
    public var capabilities: Capabilities {
        Capabilities(maxButtons: 3, maxListRows: 10, maxTextLength: 4096, buttonTitleLength: 20, rowTitleLength: 24)
    }

    public init(phoneNumberId: String, accessToken: String, appSecret: String, verifyToken: String,
                apiBase: String = "https://graph.facebook.com", apiVersion: String = "v21.0") {
        self.phoneNumberId = phoneNumberId
        self.accessToken = accessToken
        self.appSecret = appSecret
        self.verifyToken = verifyToken
        self.apiBase = apiBase.hasSuffix("/") ? String(apiBase.dropLast()) : apiBase
        self.apiVersion = apiVersion
    }

    // MARK: Webhooks

    public func handshake(_ request: WebhookRequest) -> WebhookReply? {
        guard request.method == "GET" else { return nil }
        guard request.queryValue("hub.mode") == "subscribe", let token = request.queryValue("hub.verify_token"),
              !verifyToken.isEmpty, Signatures.constantTimeEquals(token, verifyToken),
              let challenge = request.queryValue("hub.challenge")
        else { return WebhookReply(status: 403, body: "forbidden") }
        return WebhookReply(status: 200, body: challenge)
    }

    public func authenticate(_ request: WebhookRequest, now: Int64) throws(WebhookError) {
        guard !appSecret.isEmpty else { throw .unauthorized("whatsapp_cloud: no app_secret is configured, so no webhook can be verified") }
        guard let header = request.header("x-hub-signature-256") else {
            throw .unauthorized("whatsapp_cloud: the X-Hub-Signature-256 header is missing")
        }
        let expected = "sha256=" + Signatures.hmacSHA256Hex(key: appSecret, message: request.body)
        guard Signatures.constantTimeEquals(header.lowercased(), expected) else {
            throw .unauthorized("whatsapp_cloud: the X-Hub-Signature-256 signature does not match the body")
        }
    }

    public func parse(_ request: WebhookRequest) throws(WebhookError) -> [InboundEvent] {
        let root = try ProviderSupport.parseJSON(request.body, provider: kind)
        guard case .object = root else { throw .malformed("whatsapp_cloud: the body is not a JSON object") }
        guard root[member: "object"]?.textValue == "whatsapp_business_account" else { return [] }
        var events: [InboundEvent] = []
        for entry in root[member: "entry"]?.items ?? [] {
            for change in entry[member: "changes"]?.items ?? [] where change[member: "field"]?.textValue ?? "messages" == "messages" {
                guard let value = change[member: "value"] else { continue }
                // Only our own number's events: another number's webhook is not ours to answer.
                if let id = value[member: "metadata"]?[member: "phone_number_id"]?.scalarText, id != phoneNumberId {
                    if !events.contains(.otherNumber(id)) { events.append(.otherNumber(id)) }
                    continue
                }
                var names: [String: String] = [:]
                for contact in value[member: "contacts"]?.items ?? [] {
                    guard let name = contact[member: "profile"]?[member: "name"]?.textValue else { continue }
                    for key in ["wa_id", "user_id"] { if let id = contact[member: key]?.scalarText { names[id] = name } }
                }
                for message in value[member: "messages"]?.items ?? [] {
                    if let parsed = Self.message(message, names: names) { events.append(.message(parsed)) }
                }
                for status in value[member: "statuses"]?.items ?? [] {
                    guard let id = status[member: "id"]?.textValue, let state = status[member: "status"]?.textValue else { continue }
                    // `code 131047 Re-engagement message: Message failed to send because more than 24 hours…`
                    let error = status[member: "errors"]?.items.first.flatMap { e -> String? in
                        let title = e[member: "title"]?.textValue ?? e[member: "message"]?.textValue
                        let details = e[member: "error_data"]?[member: "details"]?.textValue.flatMap { $0 == title ? nil : $0 }
                        let head = [ProviderSupport.code(e[member: "code"]).map { "code \($0)" }, title].compactMap { $0 }.joined(separator: " ")
                        let text = [head.isEmpty ? nil : head, details].compactMap { $0 }.joined(separator: ": ")
                        return text.isEmpty ? nil : text
                    }
                    events.append(.status(ProviderStatus(providerMessageId: id, status: state, error: error)))
                }
            }
        }
        return events
    }

    static func message(_ m: Value, names: [String: String]) -> ProviderMessage? {
        guard let id = m[member: "id"]?.textValue, !id.isEmpty else { return nil }
        // A phone number (`from`), or else the business-scoped user id (`from_user_id`,
        // `US.13491208655302741918`) kept as it is: its digits are no phone number.
        let phone = m[member: "from"]?.scalarText ?? ""
        let from = phone.isEmpty ? m[member: "from_user_id"]?.scalarText ?? "" : phone
        let contact = phone.isEmpty ? from : ProviderSupport.digits(phone).isEmpty ? phone : ProviderSupport.digits(phone)
        guard !contact.isEmpty else { return nil }
        // Seconds, as Meta sends them (milliseconds kept when a sender gives those).
        let raw = Int64(m[member: "timestamp"]?.scalarText ?? "") ?? 0
        let timestamp = raw >= 100_000_000_000 && raw < 95_617_584_000_000 ? raw : ProviderSupport.milliseconds(seconds: .number(Double(raw)))
        let type = m[member: "type"]?.textValue ?? "unknown"
        var message = ProviderMessage(externalId: id, contact: contact, name: names[from] ?? "", text: "", type: type, timestamp: timestamp)
        switch type {
        case "text":
            message.text = m[member: "text"]?[member: "body"]?.textValue ?? ""
        case "interactive":
            let interactive = m[member: "interactive"]
            let kind = interactive?[member: "type"]?.textValue ?? ""
            if let reply = interactive?[member: kind], kind == "button_reply" || kind == "list_reply" {
                message.type = kind == "button_reply" ? "button" : "list"
                message.payload = reply[member: "id"]?.textValue
                message.text = reply[member: "title"]?.textValue ?? message.payload ?? ""
            } else if kind == "nfm_reply" {
                message.type = "flow"
                message.text = interactive?[member: "nfm_reply"]?[member: "body"]?.textValue ?? ""
                message.data = interactive?[member: "nfm_reply"] ?? .null
            }
        case "button":
            message.type = "button"
            message.text = m[member: "button"]?[member: "text"]?.textValue ?? ""
            message.payload = m[member: "button"]?[member: "payload"]?.textValue
        case "location":
            let pin = m[member: "location"]
            message.data = ProviderSupport.pin(latitude: pin?[member: "latitude"], longitude: pin?[member: "longitude"],
                                               name: pin?[member: "name"]?.textValue, address: pin?[member: "address"]?.textValue)
            message.text = pin?[member: "name"]?.textValue ?? ""
        case "image", "audio", "voice", "video", "document", "sticker":
            let media = m[member: type] ?? .null
            message.type = type == "voice" ? "audio" : type
            message.data = media
            message.text = media[member: "caption"]?.textValue ?? ""
        case "contacts":
            // A shared contact card is a phone number, as Telegram's `contact` is: its (first) phone
            // is the text a phone question reads and an `any` one saves; the card is its data.
            let card = m[member: "contacts"]?.items.first ?? .null
            let phones = card[member: "phones"]?.items ?? []
            let phone = phones.lazy.compactMap { $0[member: "phone"]?.scalarText }.first { !$0.isEmpty }
                ?? phones.lazy.compactMap { $0[member: "wa_id"]?.scalarText }.first { !$0.isEmpty }.map { "+" + $0 }
            message.type = "contact"
            message.text = phone ?? card[member: "name"]?[member: "formatted_name"]?.textValue ?? ""
            message.data = card
        case "order":
            // A cart sent from the catalog: the flow sees it as a message it may not expect.
            message.type = "unknown"
            message.data = m[member: "order"] ?? .null
        default:
            // A 👍 on one of the bot's messages, a notice, a type WhatsApp did not deliver or that
            // Meta adds later: nothing the conversation answers (a question is not asked again over it).
            return nil
        }
        return message
    }

    // MARK: Sending

    public func sendRequest(_ content: OutboundContent, to contact: String, idempotencyKey: String) -> ProviderHTTPRequest {
        // A phone number goes in `to`; a business-scoped user id (letters and a dot) in `recipient`.
        let isPhone = contact.allSatisfy { $0.isASCII && ($0.isNumber || $0 == "+") }
        var pairs: [(String, Value)] = [
            ("messaging_product", .text("whatsapp")), ("recipient_type", .text("individual")),
            isPhone ? ("to", .text(ProviderSupport.digits(contact))) : ("recipient", .text(contact)),
        ]
        if let media = content.media, content.options == nil {
            var object: [(String, Value)] = [("link", .text(media.url))]
            if media.kind != "audio", !content.text.isEmpty { object.append(("caption", .text(String(content.text.prefix(1024))))) }
            if media.kind == "document", !media.filename.isEmpty { object.append(("filename", .text(media.filename))) }
            pairs += [("type", .text(media.kind)), (media.kind, .object(JSONObject(object)))]
            return request(pairs)
        }
        if let location = content.location, content.options == nil, content.text.isEmpty {
            pairs += [("type", .text("location")), ("location", .object(JSONObject([
                ("latitude", .number(location.latitude)), ("longitude", .number(location.longitude)),
                ("name", .text(location.name)), ("address", .text(location.address)),
            ])))]
            return request(pairs)
        }
        switch MenuLayout.choose(content, capabilities) {
        case let .plain(text):
            pairs.append(("type", .text("text")))
            pairs.append(("text", .object(JSONObject([("body", .text(String(text.prefix(capabilities.maxTextLength)))), ("preview_url", .bool(false))]))))
        case .buttons:
            let buttons: [Value] = (content.options ?? []).map { option in
                .object(JSONObject([("type", .text("reply")), ("reply", .object(JSONObject([("id", .text(option.id)), ("title", .text(option.label))])))]))
            }
            pairs.append(("type", .text("interactive")))
            pairs.append(("interactive", .object(JSONObject([
                ("type", .text("button")), ("body", .object(JSONObject([("text", .text(content.text))]))),
                ("action", .object(JSONObject([("buttons", .list(buttons))]))),
            ]))))
        case .list:
            let rows: [Value] = (content.options ?? []).map { option in
                var row: [(String, Value)] = [("id", .text(option.id)), ("title", .text(option.label))]
                if let d = option.description, !d.isEmpty { row.append(("description", .text(String(d.prefix(72))))) }
                return .object(JSONObject(row))
            }
            let button = content.button.isEmpty ? "Menu" : String(content.button.prefix(20))
            pairs.append(("type", .text("interactive")))
            pairs.append(("interactive", .object(JSONObject([
                ("type", .text("list")), ("body", .object(JSONObject([("text", .text(content.text))]))),
                ("action", .object(JSONObject([
                    ("button", .text(button)),
                    ("sections", .list([.object(JSONObject([("title", .text(String(button.prefix(24)))), ("rows", .list(rows))]))])),
                ]))),
            ]))))
        }
        return request(pairs)
    }

    /// `GET /{media-id}` (providers.md §1): a photo, file, voice note or video's download URL.
    public func mediaRequest(for message: ProviderMessage) -> ProviderHTTPRequest? {
        guard ["image", "audio", "video", "document", "sticker"].contains(message.type), message.data[member: "url"] == nil,
              let id = message.data[member: "id"]?.textValue, !id.isEmpty else { return nil }
        return ProviderHTTPRequest(method: "GET", url: "\(apiBase)/\(apiVersion)/\(FormEncoding.escape(id))",
                                   headers: [("Authorization", "Bearer \(accessToken)")], body: [])
    }

    public func mediaURL(from response: ProviderHTTPResponse) -> String? {
        guard (200..<300).contains(response.status), let json = try? JSONParser.parse(bytes: response.body),
              let url = json[member: "url"]?.textValue, url.lowercased().hasPrefix("https://") || url.lowercased().hasPrefix("http://") else { return nil }
        return url
    }

    private func request(_ pairs: [(String, Value)]) -> ProviderHTTPRequest {
        ProviderHTTPRequest(
            url: "\(apiBase)/\(apiVersion)/\(FormEncoding.escape(phoneNumberId))/messages",
            headers: [("Authorization", "Bearer \(accessToken)"), ("Content-Type", "application/json")],
            body: ProviderSupport.body(.object(JSONObject(pairs))))
    }

    /// Error codes Meta uses for throttling (courier's list).
    static let throttlingCodes: Set<Int> = [4, 80007, 130429, 131048, 131056, 133016]

    public func classify(_ response: ProviderHTTPResponse) -> SendOutcome {
        let json = try? JSONParser.parse(bytes: response.body)
        if (200..<300).contains(response.status) {
            return .sent(providerMessageId: json?[member: "messages"]?.items.first?[member: "id"]?.textValue)
        }
        let error = json?[member: "error"]
        let code = ProviderSupport.code(error?[member: "code"])
        let detail = [code.map { "code \($0)" }, error?[member: "message"]?.textValue].compactMap { $0 }.joined(separator: " ")
        let reason = "whatsapp_cloud: " + ProviderSupport.describe(response, detail: detail)
        if code == 131056 { return .contactThrottled(reason, afterSeconds: ProviderSupport.retryAfter(response)) }
        if response.status == 429 || code.map(Self.throttlingCodes.contains) == true {
            return .throttled(reason, afterSeconds: ProviderSupport.retryAfter(response))
        }
        if code == 131053 || response.status == 0 || response.status >= 500 {
            return .retry(reason, afterSeconds: ProviderSupport.retryAfter(response))
        }
        if code == 131050 { return .contactStopped(reason) }
        return .permanent(reason)
    }
}
