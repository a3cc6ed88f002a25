import FlowBytecode

/// Twilio Programmable Messaging for WhatsApp: form webhooks signed with `X-Twilio-Signature`
/// (HMAC-SHA1 over the URL Twilio called plus the sorted parameters), and the Messages API
/// with basic auth. Menus go out as numbered text.
public struct TwilioProvider: Provider {
    public let accountSid: String
    let authToken: String
    /// The sender, `whatsapp:+14155238886`.
    public let from: String
    public let apiBase: String
    /// The public base URL Twilio calls (`https://bots.example.com`), when a proxy rewrites it.
    public let publicURL: String?
    /// Whether `X-Forwarded-Proto`/`X-Forwarded-Host` say what URL Twilio called.
    public let trustForwarded: Bool
    /// Where Twilio posts a sent message's statuses (`StatusCallback`), when known.
    public let statusCallback: String?

    public var kind: String { "twilio" }
    public var sender: String { from }
    public var sendRate: Double { 10 }
    /// Content API templates (`HX…` Content SIDs) for menus, by option count: `quick_reply_N`
    /// (a `twilio/quick-reply` with N buttons, N ≤ 3) and `list_picker_N` (a
    /// `twilio/list-picker` with N items, N ≤ 10). Their variables, which flowc fills:
    /// - quick reply: body `{{1}}`; button k (from 1) title `{{2k}}`, id `{{2k+1}}`;
    /// - list picker: body `{{1}}`, button `{{2}}`; item k title `{{3k}}`, id `{{3k+1}}`,
    ///   description `{{3k+2}}`.
    /// A menu without a template of its size is numbered text.
    public let contentTemplates: [String: String]

    public var capabilities: Capabilities {
        let buttons = contentTemplates.keys.contains { $0.hasPrefix("quick_reply_") } ? 3 : 0
        let rows = contentTemplates.keys.contains { $0.hasPrefix("list_picker_") } ? 10 : 0
        return Capabilities(maxButtons: buttons, maxListRows: rows, maxTextLength: 1600, buttonTitleLength: 20, rowTitleLength: 24)
    }

    /// The setting keys of ``contentTemplates``.
    public static let contentTemplateKeys = (1...3).map { "quick_reply_\($0)" } + (1...10).map { "list_picker_\($0)" }

    public init(accountSid: String, authToken: String, from: String, apiBase: String = "https://api.twilio.com",
                publicURL: String? = nil, trustForwarded: Bool = false, contentTemplates: [String: String] = [:],
                statusCallback: String? = nil) {
        self.statusCallback = statusCallback
        self.contentTemplates = contentTemplates.filter { Self.contentTemplateKeys.contains($0.key) && !$0.value.isEmpty }
        self.accountSid = accountSid
        self.authToken = authToken
        self.from = from.hasPrefix("whatsapp:") ? from : "whatsapp:" + from
        self.apiBase = apiBase.hasSuffix("/") ? String(apiBase.dropLast()) : apiBase
        self.publicURL = publicURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        self.trustForwarded = trustForwarded
    }

    /// Twilio's signature of `url` and the form parameters: HMAC-SHA1 keyed with the auth token,
    /// base64, over the URL followed by each `name` + `value`, sorted by name. A repeated name's
    /// values go in the order they came, or sorted too (`sortingValues`, as Twilio's own helper
    /// libraries sign them).
    public static func signature(authToken: String, url: String, parameters: [(String, String)], sortingValues: Bool = false) -> String {
        var data = Array(url.utf8)
        let sorted = parameters.enumerated().sorted { a, b in
            guard a.element.0 == b.element.0 else { return Array(a.element.0.utf8).lexicographicallyPrecedes(Array(b.element.0.utf8)) }
            if sortingValues, a.element.1 != b.element.1 { return Array(a.element.1.utf8).lexicographicallyPrecedes(Array(b.element.1.utf8)) }
            return a.offset < b.offset
        }
        for (_, (name, value)) in sorted {
            data += Array(name.utf8)
            data += Array(value.utf8)
        }
        return Signatures.hmacSHA1Base64(key: authToken, message: data)
    }

    public func authenticate(_ request: WebhookRequest, now: Int64) throws(WebhookError) {
        guard !authToken.isEmpty else { throw .unauthorized("twilio: no auth_token is configured, so no webhook can be verified") }
        guard let header = request.header("x-twilio-signature") else {
            throw .unauthorized("twilio: the X-Twilio-Signature header is missing")
        }
        guard let parameters = FormEncoding.decode(request.body) else {
            throw .unauthorized("twilio: the form body cannot be decoded, so its signature cannot be checked")
        }
        // The URL Twilio called; behind proxies, with the forwarded port or without it (an inner
        // proxy's port is not one Twilio saw), as Twilio's own helper libraries try both.
        var urls = [publicURL.map { $0 + request.target } ?? request.url(trustForwarded: trustForwarded)]
        if publicURL == nil, trustForwarded {
            let portless = request.url(trustForwarded: true, forwardedPort: false)
            if portless != urls[0] { urls.append(portless) }
        }
        let repeated = Set(parameters.map(\.0)).count < parameters.count
        let matches = urls.contains { url in
            Signatures.constantTimeEquals(header, Self.signature(authToken: authToken, url: url, parameters: parameters))
                || repeated && Signatures.constantTimeEquals(header, Self.signature(authToken: authToken, url: url, parameters: parameters, sortingValues: true))
        }
        guard matches else {
            throw .unauthorized("twilio: the X-Twilio-Signature signature does not match the URL and parameters")
        }
        // Twilio always sends its AccountSid (providers.md §2), checked against ours (§8).
        guard let sid = parameters.first(where: { $0.0 == "AccountSid" })?.1 else {
            throw .unauthorized("twilio: the webhook names no AccountSid")
        }
        if sid != accountSid { throw .unauthorized("twilio: the webhook is for another account") }
    }

    public func parse(_ request: WebhookRequest) throws(WebhookError) -> [InboundEvent] {
        guard let form = FormEncoding.decode(request.body) else { throw .malformed("twilio: the body is not a valid form") }
        func field(_ name: String) -> String? { form.first { $0.0 == name }?.1 }
        guard let sid = field("MessageSid") ?? field("SmsSid"), !sid.isEmpty else {
            throw .malformed("twilio: the form has no MessageSid")
        }
        if let status = field("MessageStatus"), field("Body") == nil, status != "received" {
            let mapped: String? = switch status {
            case "sent": "sent"
            case "delivered": "delivered"
            case "read": "read"
            case "failed", "undelivered": "failed"
            default: nil
            }
            guard let mapped else { return [] }
            return [.status(ProviderStatus(providerMessageId: sid, status: mapped, error: field("ErrorCode").map { "error \($0)" }))]
        }
        let from = field("From") ?? ""
        let contact = ProviderSupport.digits(from)
        guard !contact.isEmpty else { throw .malformed("twilio: the message has no From number") }
        var message = ProviderMessage(externalId: sid, contact: contact, name: field("ProfileName") ?? "", text: field("Body") ?? "")
        if let payload = field("ButtonPayload"), !payload.isEmpty {
            message.type = "button"
            message.payload = payload
            message.text = field("ButtonText") ?? message.text
        } else if let id = field("ListId"), !id.isEmpty {
            message.type = "list"
            message.payload = id
            message.text = field("ListTitle") ?? message.text
        } else if let lat = field("Latitude").flatMap(Double.init), let lng = field("Longitude").flatMap(Double.init) {
            message.type = "location"
            message.data = ProviderSupport.pin(latitude: .number(lat), longitude: .number(lng), name: field("Label"), address: field("Address"))
        } else if let count = field("NumMedia").flatMap(Int.init), count > 0 {
            let type = field("MediaContentType0") ?? ""
            message.type = type.hasPrefix("image/") ? "image" : type.hasPrefix("audio/") ? "audio" : type.hasPrefix("video/") ? "video" : "document"
            message.data = .object(JSONObject([("url", .text(field("MediaUrl0") ?? "")), ("mime_type", .text(type))]))
        }
        return [.message(message)]
    }

    public var acknowledgement: WebhookReply {
        WebhookReply(contentType: "text/xml", body: "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>")
    }

    public func sendRequest(_ content: OutboundContent, to contact: String, idempotencyKey: String) -> ProviderHTTPRequest {
        let text = MenuLayout.numbered(content)
        let to = contact.hasPrefix("whatsapp:") ? contact : "whatsapp:+" + ProviderSupport.digits(contact)
        var form = [("From", from), ("To", to)]
        if let (sid, variables) = template(for: content) {
            form += [("ContentSid", sid), ("ContentVariables", variables.json)]
        } else if let media = content.media, content.options == nil {
            form += [("Body", String(content.text.prefix(capabilities.maxTextLength))), ("MediaUrl", media.url)]
        } else {
            form.append(("Body", String(text.prefix(capabilities.maxTextLength))))
        }
        if let statusCallback { form.append(("StatusCallback", statusCallback)) }
        let body = FormEncoding.encode(form)
        let credentials = Signatures.base64(Array("\(accountSid):\(authToken)".utf8))
        return ProviderHTTPRequest(
            url: "\(apiBase)/2010-04-01/Accounts/\(FormEncoding.escape(accountSid))/Messages.json",
            headers: [("Authorization", "Basic \(credentials)"), ("Content-Type", "application/x-www-form-urlencoded")],
            body: body)
    }

    /// The Content template and its variables for a menu, when one of its size is configured
    /// and the options fit it (else nil: numbered text).
    func template(for content: OutboundContent) -> (sid: String, variables: Value)? {
        guard let options = content.options, !options.isEmpty else { return nil }
        var variables: [(String, Value)] = [("1", .text(String(content.text.prefix(1024))))]
        func set(_ n: Int, _ value: String) { variables.append((String(n), .text(value))) }
        let layout = MenuLayout.choose(content, capabilities)
        if layout == .buttons, let sid = contentTemplates["quick_reply_\(options.count)"] {
            for (i, option) in options.enumerated() {
                set(2 * (i + 1), option.label)
                set(2 * (i + 1) + 1, String(option.id.prefix(200)))
            }
            return (sid, .object(JSONObject(variables)))
        }
        // A layout of buttons or a list means the options fit a list picker too (at most 10,
        // labels of at most 24 characters); a menu that fits neither is `.plain`.
        if case .plain = layout { return nil }
        if let sid = contentTemplates["list_picker_\(options.count)"] {
            set(2, content.button.isEmpty ? "Menu" : String(content.button.prefix(20)))
            for (i, option) in options.enumerated() {
                set(3 * (i + 1), option.label)
                set(3 * (i + 1) + 1, String(option.id.prefix(200)))
                // The list picker's description is required: the label stands in for a missing one.
                let description = option.description.flatMap { $0.isEmpty ? nil : $0 } ?? option.label
                set(3 * (i + 1) + 2, String(description.prefix(72)))
            }
            return (sid, .object(JSONObject(variables)))
        }
        return nil
    }

    public func classify(_ response: ProviderHTTPResponse) -> SendOutcome {
        let json = try? JSONParser.parse(bytes: response.body)
        if (200..<300).contains(response.status) {
            return .sent(providerMessageId: json?[member: "sid"]?.textValue)
        }
        let code = ProviderSupport.code(json?[member: "code"])
        let detail = [code.map { "code \($0)" }, json?[member: "message"]?.textValue].compactMap { $0 }.joined(separator: " ")
        let reason = "twilio: " + ProviderSupport.describe(response, detail: detail)
        if response.status == 429 || code == 20429 || code == 63018 {
            return .throttled(reason, afterSeconds: ProviderSupport.retryAfter(response))
        }
        if response.status == 0 || response.status >= 500 { return .retry(reason, afterSeconds: ProviderSupport.retryAfter(response)) }
        if code == 21610 { return .contactStopped(reason) }
        return .permanent(reason)
    }
}
