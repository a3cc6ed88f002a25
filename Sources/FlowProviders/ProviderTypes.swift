import FlowBytecode

/// A webhook request as the provider sent it: what every provider needs to check its signature
/// and read its payload. Header names are lowercased.
public struct WebhookRequest: Sendable {
    /// `GET` or `POST`.
    public var method: String
    /// The path and query as received (`/webhooks/shop/twilio?x=1`).
    public var target: String
    /// The scheme the server was reached with (`http` unless TLS terminates in the process).
    public var scheme: String
    /// Query parameters, decoded, in order.
    public var query: [(String, String)]
    /// Headers with lowercased names, in order.
    public var headers: [(String, String)]
    /// The raw body bytes (signatures are over these, never a re-serialisation).
    public var body: [UInt8]

    /// Creates a request; header names are lowercased, the query is read from `target`.
    public init(method: String, target: String, scheme: String = "http", headers: [(String, String)] = [], body: [UInt8] = []) {
        self.method = method
        self.target = target
        self.scheme = scheme
        self.headers = headers.map { ($0.0.lowercased(), $0.1) }
        self.body = body
        if let mark = target.firstIndex(of: "?") {
            query = FormEncoding.decode(Array(target[target.index(after: mark)...].utf8)) ?? []
        } else {
            query = []
        }
    }

    /// The URL the provider called: `scheme://host/target`, from the `Host` header; with
    /// `trustForwarded`, `X-Forwarded-Proto` and `X-Forwarded-Host` (set by a proxy in front) win.
    public func url(trustForwarded: Bool, forwardedPort: Bool = true) -> String {
        var scheme = self.scheme
        var host = header("host") ?? ""
        var prefix = ""
        if trustForwarded {
            if let proto = header("x-forwarded-proto")?.split(separator: ",").first { scheme = String(proto).trimmingSpaces }
            if let forwarded = header("x-forwarded-host")?.split(separator: ",").first { host = String(forwarded).trimmingSpaces }
            // The proxy's port when the host does not carry one (`X-Forwarded-Port: 8443`), unless it
            // is the scheme's own; and the path the proxy mounted the daemon under.
            if forwardedPort, let port = header("x-forwarded-port")?.split(separator: ",").first.map({ String($0).trimmingSpaces }), !port.isEmpty,
               !(host.split(separator: "]").last ?? "").contains(":"),
               !(scheme == "https" && port == "443"), !(scheme == "http" && port == "80") {
                host += ":" + port
            }
            if let mounted = header("x-forwarded-prefix")?.split(separator: ",").first.map({ String($0).trimmingSpaces }),
               mounted.hasPrefix("/") {
                prefix = mounted.hasSuffix("/") ? String(mounted.dropLast()) : mounted
            }
        }
        return "\(scheme)://\(host)\(prefix)\(target)"
    }

    /// The first header with this name (any case).
    public func header(_ name: String) -> String? {
        let lower = name.lowercased()
        return headers.first { $0.0 == lower }?.1
    }

    /// The first query parameter with this name.
    public func queryValue(_ name: String) -> String? {
        query.first { $0.0 == name }?.1
    }
}

/// Why a webhook was refused; the server maps each case to an HTTP status.
public enum WebhookError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Missing or wrong signature or secret (401). Nothing is stored.
    case unauthorized(String)
    /// A body that cannot be read as the provider's format (400).
    case malformed(String)
    /// A verification handshake that failed (403).
    case forbidden(String)

    public var description: String {
        switch self {
        case let .unauthorized(message): "unauthorized: \(message)"
        case let .malformed(message): "malformed webhook: \(message)"
        case let .forbidden(message): "forbidden: \(message)"
        }
    }
}

/// What the server answers a provider with.
public struct WebhookReply: Sendable, Equatable {
    public var status: Int
    public var contentType: String
    public var body: String

    /// Creates a reply.
    public init(status: Int = 200, contentType: String = "text/plain; charset=utf-8", body: String) {
        self.status = status
        self.contentType = contentType
        self.body = body
    }
}

/// A user's message, normalised across providers.
public struct ProviderMessage: Sendable, Equatable {
    /// The provider's id of the message (dedupe key).
    public var externalId: String
    /// The contact: E.164 digits without `+` for WhatsApp channels, `tg:<chat id>` for Telegram.
    public var contact: String
    /// The contact's profile name, when the provider gives it.
    public var name: String
    /// The text (a button's title, a media caption, a shared contact's phone).
    public var text: String
    /// `text`, `button`, `list`, `location`, `image`, `audio`, `video`, `document`, `sticker`, `contact`, `unknown`.
    public var type: String
    /// The id of the button or list row tapped.
    public var payload: String?
    /// Location or media details, as JSON.
    public var data: Value
    /// The provider's timestamp, in milliseconds since the Unix epoch (0 when unknown).
    public var timestamp: Int64

    /// Creates a message.
    public init(externalId: String, contact: String, name: String = "", text: String, type: String = "text",
                payload: String? = nil, data: Value = .null, timestamp: Int64 = 0) {
        self.externalId = externalId
        self.contact = contact
        self.name = name
        self.text = text
        self.type = type
        self.payload = payload
        self.data = data
        self.timestamp = timestamp
    }

    /// The message as JSON (what the inbox stores).
    public var json: Value {
        var pairs: [(String, Value)] = [
            ("id", .text(externalId)), ("contact", .text(contact)), ("name", .text(name)),
            ("text", .text(text)), ("type", .text(type)), ("timestamp", .number(Double(timestamp))),
        ]
        if let payload { pairs.append(("payload", .text(payload))) }
        if !data.isNull { pairs.append(("data", data)) }
        return .object(JSONObject(pairs))
    }

    /// Reads a message back from its JSON.
    public init?(json: Value) {
        guard case let .object(o) = json, case let .text(id)? = o["id"], case let .text(contact)? = o["contact"] else { return nil }
        self.init(externalId: id, contact: contact, name: o["name"]?.textValue ?? "", text: o["text"]?.textValue ?? "",
                  type: o["type"]?.textValue ?? "text", payload: o["payload"]?.textValue, data: o["data"] ?? .null,
                  timestamp: o["timestamp"]?.numberValue.flatMap { $0.isFinite && abs($0) < 9e18 ? Int64($0) : nil } ?? 0)
    }
}

/// A delivery status callback for a message we sent.
public struct ProviderStatus: Sendable, Equatable {
    /// The provider's id of our message.
    public var providerMessageId: String
    /// `sent`, `delivered`, `read` or `failed`.
    public var status: String
    /// The provider's error, for `failed`.
    public var error: String?

    public init(providerMessageId: String, status: String, error: String? = nil) {
        self.providerMessageId = providerMessageId
        self.status = status
        self.error = error
    }
}

/// What one webhook carried.
public enum InboundEvent: Sendable, Equatable {
    case message(ProviderMessage)
    case status(ProviderStatus)
    /// Events for another of the business's numbers (the `phone_number_id` given): not this
    /// channel's to answer. Nothing runs; the daemon logs it, as a misconfigured id looks like this.
    case otherNumber(String)
}

/// One option of a menu.
public struct MenuItem: Sendable, Equatable {
    public var id: String
    public var label: String
    public var description: String?

    public init(id: String, label: String, description: String? = nil) {
        self.id = id
        self.label = label
        self.description = description
    }
}

/// A media file to send (by URL).
public struct OutboundMedia: Sendable, Equatable {
    /// `image`, `document`, `audio` or `video`.
    public var kind: String
    public var url: String
    public var caption: String
    public var filename: String

    public init(kind: String, url: String, caption: String = "", filename: String = "") {
        self.kind = kind
        self.url = url
        self.caption = caption
        self.filename = filename
    }
}

/// A location pin to send.
public struct OutboundLocation: Sendable, Equatable {
    public var latitude: Double
    public var longitude: Double
    public var name: String
    public var address: String

    public init(latitude: Double, longitude: Double, name: String = "", address: String = "") {
        self.latitude = latitude
        self.longitude = longitude
        self.name = name
        self.address = address
    }

    /// A link that opens the pin in a map, for channels without location messages.
    public var mapLink: String { "https://maps.google.com/?q=\(latitude),\(longitude)" }
}

/// A bot message to send, independent of the provider.
public struct OutboundContent: Sendable, Equatable {
    /// The text (a menu's prompt).
    public var text: String
    /// Menu options (nil for plain text).
    public var options: [MenuItem]?
    /// The style the flow asked for: `buttons`, `list`, `text` or empty (choose by capability).
    public var style: String
    /// The list button's label.
    public var button: String
    /// A media file (its caption is `text`).
    public var media: OutboundMedia?
    /// A location pin.
    public var location: OutboundLocation?

    public init(text: String, options: [MenuItem]? = nil, style: String = "", button: String = "",
                media: OutboundMedia? = nil, location: OutboundLocation? = nil) {
        self.text = text
        self.options = options
        self.style = style
        self.button = button
        self.media = media
        self.location = location
    }

    /// The message as plain text, for channels that cannot show its media or pin: the text, then
    /// the file's URL or a map link.
    public var plainText: String {
        var lines = text.isEmpty ? [] : [text]
        if let media { lines.append(media.url) }
        if let location {
            let label = [location.name, location.address].filter { !$0.isEmpty }.joined(separator: ", ")
            lines.append((label.isEmpty ? "" : label + ": ") + location.mapLink)
        }
        return lines.joined(separator: "\n")
    }

    /// As JSON (the outbox payload's `message`).
    public var json: Value {
        var pairs: [(String, Value)] = [("text", .text(text))]
        if let options {
            pairs.append(("options", .list(options.map { item in
                var o: [(String, Value)] = [("id", .text(item.id)), ("label", .text(item.label))]
                if let d = item.description { o.append(("description", .text(d))) }
                return .object(JSONObject(o))
            })))
        }
        if !style.isEmpty { pairs.append(("style", .text(style))) }
        if !button.isEmpty { pairs.append(("button", .text(button))) }
        if let media {
            pairs.append(("media", .object(JSONObject([("kind", .text(media.kind)), ("url", .text(media.url)),
                                                       ("caption", .text(media.caption)), ("filename", .text(media.filename))]))))
        }
        if let location {
            pairs.append(("location", .object(JSONObject([("lat", .number(location.latitude)), ("lng", .number(location.longitude)),
                                                          ("name", .text(location.name)), ("address", .text(location.address))]))))
        }
        return .object(JSONObject(pairs))
    }

    /// Reads a message back from its JSON.
    public init?(json: Value) {
        guard case let .object(o) = json, case let .text(text)? = o["text"] else { return nil }
        var options: [MenuItem]?
        if case let .list(items)? = o["options"] {
            options = items.compactMap { item in
                guard case let .object(io) = item, let id = io["id"]?.textValue, let label = io["label"]?.textValue else { return nil }
                return MenuItem(id: id, label: label, description: io["description"]?.textValue)
            }
        }
        var media: OutboundMedia?
        if let m = o["media"], let kind = m[member: "kind"]?.textValue, let url = m[member: "url"]?.textValue {
            media = OutboundMedia(kind: kind, url: url, caption: m[member: "caption"]?.textValue ?? "", filename: m[member: "filename"]?.textValue ?? "")
        }
        var location: OutboundLocation?
        if let l = o["location"], let lat = l[member: "lat"]?.numberValue, let lng = l[member: "lng"]?.numberValue {
            location = OutboundLocation(latitude: lat, longitude: lng, name: l[member: "name"]?.textValue ?? "", address: l[member: "address"]?.textValue ?? "")
        }
        self.init(text: text, options: options, style: o["style"]?.textValue ?? "", button: o["button"]?.textValue ?? "",
                  media: media, location: location)
    }
}

/// An HTTP request a provider wants sent (the server's HTTP client sends it).
public struct ProviderHTTPRequest: Sendable, Equatable {
    public var method: String
    public var url: String
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(method: String = "POST", url: String, headers: [(String, String)], body: [UInt8]) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.method == b.method && a.url == b.url && a.body == b.body
            && a.headers.map { "\($0.0):\($0.1)" } == b.headers.map { "\($0.0):\($0.1)" }
    }
}

/// The provider's answer to a send.
public struct ProviderHTTPResponse: Sendable {
    /// HTTP status; 0 when no response came (timeout, connection refused).
    public var status: Int
    /// Headers with lowercased names.
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(String, String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers.map { ($0.0.lowercased(), $0.1) }
        self.body = body
    }

    public func header(_ name: String) -> String? {
        let lower = name.lowercased()
        return headers.first { $0.0 == lower }?.1
    }
}

/// How a send ended, classified so the outbox knows what to do next.
public enum SendOutcome: Sendable, Equatable {
    /// Accepted; the provider's message id when it gave one.
    case sent(providerMessageId: String?)
    /// A transient failure (network, timeout, 5xx): retry with backoff; fallback may take over.
    case retry(String, afterSeconds: Int?)
    /// Rate-limited: retry after the given delay; the sending number pauses.
    case throttled(String, afterSeconds: Int?)
    /// Rate-limited for this contact only (Meta's pair rate, 131056): retry after the delay; the
    /// number goes on sending to others.
    case contactThrottled(String, afterSeconds: Int?)
    /// The contact blocked the bot or opted out: never retried, never sent through another channel.
    case contactStopped(String)
    /// Any other permanent error (invalid number, outside the 24-hour window, bad request).
    case permanent(String)

    /// Whether trying again (here or on a fallback channel) may succeed.
    public var isTransient: Bool {
        switch self {
        case .retry, .throttled, .contactThrottled: true
        default: false
        }
    }
}

/// What a channel can show.
public struct Capabilities: Sendable, Equatable {
    /// Reply buttons per message (0 = none).
    public var maxButtons: Int
    /// Rows in a list message (0 = no lists).
    public var maxListRows: Int
    /// Longest text message, in characters.
    public var maxTextLength: Int
    /// Longest button title.
    public var buttonTitleLength: Int
    /// Longest list row title.
    public var rowTitleLength: Int

    public init(maxButtons: Int, maxListRows: Int, maxTextLength: Int, buttonTitleLength: Int = 20, rowTitleLength: Int = 24) {
        self.maxButtons = maxButtons
        self.maxListRows = maxListRows
        self.maxTextLength = maxTextLength
        self.buttonTitleLength = buttonTitleLength
        self.rowTitleLength = rowTitleLength
    }
}

/// One messaging provider (WhatsApp Cloud API, Twilio, Evolution API, an HTTP bridge, Telegram):
/// checks and reads its webhooks, and turns bot messages into its API requests. Pure: no I/O.
public protocol Provider: Sendable {
    /// The provider's name in the config (`whatsapp_cloud`, `twilio`…).
    var kind: String { get }
    /// What its messages can show.
    var capabilities: Capabilities { get }
    /// The sending number's identity, for rate limits (a phone number id, a `From`).
    var sender: String { get }
    /// Messages per second the sending number may send (the token bucket's rate).
    var sendRate: Double { get }
    /// How fast one contact may be sent to (Meta's pair rate, Telegram's chats), or nil.
    var contactPace: ContactPace? { get }

    /// Answers a verification handshake (Meta's `GET ?hub.mode=subscribe`), or nil when the
    /// request is not one.
    func handshake(_ request: WebhookRequest) -> WebhookReply?
    /// Checks the request's signature or secret; fails closed.
    func authenticate(_ request: WebhookRequest, now: Int64) throws(WebhookError)
    /// Reads the events of an authenticated request.
    func parse(_ request: WebhookRequest) throws(WebhookError) -> [InboundEvent]
    /// What to answer an accepted webhook with.
    var acknowledgement: WebhookReply { get }
    /// The API request that sends `content` to `contact`. `idempotencyKey` is the same for every
    /// attempt of one message.
    func sendRequest(_ content: OutboundContent, to contact: String, idempotencyKey: String) -> ProviderHTTPRequest
    /// Classifies the API's answer.
    func classify(_ response: ProviderHTTPResponse) -> SendOutcome
    /// Requests to make, best effort, once an inbound message is stored (Telegram's
    /// `answerCallbackQuery` after a button press).
    func receipts(for message: ProviderMessage) -> [ProviderHTTPRequest]
    /// The request that finds where an inbound photo, file or voice note can be downloaded
    /// (Meta's `GET /{media-id}`), for a message whose media has an id and no `url`; nil otherwise.
    func mediaRequest(for message: ProviderMessage) -> ProviderHTTPRequest?
    /// The media's URL in that request's answer.
    func mediaURL(from response: ProviderHTTPResponse) -> String?
    /// The requests that read the channel's session state and its pairing QR code, for channels
    /// that pair a phone (the HTTP bridge, Evolution API); nil for the others.
    var sessionRequests: (state: ProviderHTTPRequest, qr: ProviderHTTPRequest)? { get }
}

extension Provider {
    public func receipts(for message: ProviderMessage) -> [ProviderHTTPRequest] { [] }
    public func mediaRequest(for message: ProviderMessage) -> ProviderHTTPRequest? { nil }
    public func mediaURL(from response: ProviderHTTPResponse) -> String? { nil }
    public var sessionRequests: (state: ProviderHTTPRequest, qr: ProviderHTTPRequest)? { nil }
    public var acknowledgement: WebhookReply { WebhookReply(body: "ok") }
    public func handshake(_ request: WebhookRequest) -> WebhookReply? { nil }
    public var contactPace: ContactPace? { nil }
}

/// A pace per contact: on average one message every `gapMs`, with bursts of up to `burst`
/// (the generic cell rate algorithm: a burst is paid back at the pace before the next one).
public struct ContactPace: Sendable, Equatable {
    public var gapMs: Int64
    public var burst: Int

    public init(gapMs: Int64, burst: Int) {
        self.gapMs = gapMs
        self.burst = burst
    }
}

extension Value {
    /// The text, for `.text`.
    public var textValue: String? { if case let .text(t) = self { t } else { nil } }
    /// The number, for `.number`.
    public var numberValue: Double? { if case let .number(n) = self { n } else { nil } }
    /// The member `key` of an object.
    public subscript(member key: String) -> Value? { if case let .object(o) = self { o[key] } else { nil } }
    /// The items of a list (empty otherwise).
    public var items: [Value] { if case let .list(l) = self { l } else { [] } }
    /// The text or number as text (ids sometimes come as numbers).
    public var scalarText: String? {
        switch self {
        case let .text(t): t
        case let .number(n) where n == n.rounded() && abs(n) < 1e15: String(Int64(n))
        default: nil
        }
    }
}
