import FlowBytecode

/// Who the bot talks to.
public struct Contact: Sendable, Equatable {
    public var id: String
    public var name: String
    public var phone: String
    public var channel: String

    /// Creates a contact.
    public init(id: String, name: String = "", phone: String = "", channel: String = "chat") {
        self.id = id
        self.name = name
        self.phone = phone
        self.channel = channel
    }
}

/// What the host gives every turn: the contact, configuration, and the clock.
public struct TurnContext: Sendable {
    public var contact: Contact
    public var env: [String: String]
    public var secrets: [String: String]
    /// Milliseconds since the epoch (the host's clock; tests move a fake one).
    public var now: Int64

    /// Creates a context.
    public init(contact: Contact, env: [String: String] = [:], secrets: [String: String] = [:], now: Int64) {
        self.contact = contact
        self.env = env
        self.secrets = secrets
        self.now = now
    }

    /// `text` with every secret's value replaced by `[secret]`: what may be shown, logged or stored.
    /// A value as a flow may have changed it (trimmed, in upper or lower case) is masked too; a
    /// value of fewer than four characters only as a word of its own (a secret `a` leaves "an" alone).
    public func masked(_ text: String) -> String {
        var out = text
        var forms: Set<String> = []
        for value in secrets.values {
            let trimmed = value.trimmingPrefix(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed()
            let plain = String(trimmed)
            for form in [value, plain, plain.lowercased(), plain.uppercased()] where !form.isEmpty { forms.insert(form) }
        }
        for form in forms.sorted(by: { $0.count != $1.count ? $0.count > $1.count : $0 < $1 }) {
            let short = form.count < 4
            var result = ""
            var rest = out[...]
            while let range = rest.firstRange(of: form) {
                let before = rest[..<range.lowerBound]
                func isWord(_ c: Character?) -> Bool { c.map { $0.isLetter || $0.isNumber } ?? false }
                let wordBefore = isWord(before.last ?? result.last)
                let wordAfter = isWord(rest[range.upperBound...].first)
                result += before
                result += short && (wordBefore || wordAfter) ? String(rest[range]) : "[secret]"
                rest = rest[range.upperBound...]
            }
            out = result + rest
        }
        return out
    }
}

/// A message from the user.
public struct InboundMessage: Sendable, Equatable {
    /// The text (for media, the caption).
    public var text: String
    /// `text`, `button`, `list`, `location`, `image`, `document`, `audio`, `video`.
    public var type: String
    /// The provider's message id.
    public var id: String
    /// The id of a button or list row the user tapped.
    public var payload: String?
    /// Media URL, location and such, as JSON.
    public var data: Value

    /// Creates a message.
    public init(text: String, type: String = "text", id: String = "", payload: String? = nil, data: Value = .null) {
        self.text = text
        self.type = type
        self.id = id
        self.payload = payload
        self.data = data
    }

    /// A photo or a file (`type` `image` or `document`) at `url` with its caption, as a phone sends
    /// it: its `mime_type` told by the link's extension, as a channel gives it (`flowc chat`'s
    /// `/photo`, a test's `user: {image: …}`).
    public static func media(_ type: String, url: String, caption: String) -> InboundMessage {
        InboundMessage(text: caption, type: type,
                       data: .object(JSONObject([("url", .text(url)), ("mime_type", .text(MediaType.of(url: url, kind: type)))])))
    }
}

/// What a host's effect (HTTP request, e-mail, query, order) came back with.
public struct EffectResult: Sendable, Equatable {
    /// The request id it answers.
    public var request: String
    /// False when the effect failed (timeout, connection, invalid JSON, SMTP error).
    public var ok: Bool
    /// HTTP status (0 when none).
    public var status: Int
    /// The result body.
    public var body: Value
    /// What went wrong, when not ok.
    public var error: String
    /// An HTTP body that is not JSON, kept in `body` as text: a step that saves the body fails
    /// over it (`on_error`), one that does not goes on.
    public var notJSON: Bool
    /// Where in the request the failure lies, as keys of objects and indexes of lists (`items`,
    /// `0`, `price`): a runtime error points at that part of the step (empty: at the step).
    public var at: [String]

    /// Creates a result.
    public init(request: String, ok: Bool, status: Int = 0, body: Value = .null, error: String = "", notJSON: Bool = false,
                at: [String] = []) {
        self.request = request
        self.ok = ok
        self.status = status
        self.body = body
        self.error = error
        self.notJSON = notJSON
        self.at = at
    }
}

/// What happens to a conversation.
public enum InboundEvent: Sendable, Equatable {
    case message(InboundMessage)
    /// The timer of the wait with this serial fired.
    case timeout(serial: Int)
    case effect(EffectResult)
    /// A person released the handoff.
    case released
}

/// One option of a menu, as sent.
public struct MenuOption: Sendable, Equatable {
    public var id: String
    public var label: String
    /// The list row's description, when the option has one.
    public var description: String?

    /// Creates an option.
    public init(id: String, label: String, description: String? = nil) {
        self.id = id
        self.label = label
        self.description = description
    }

    /// `{id, label, description?}`, as `--jsonl` prints it and the store keeps it.
    public var value: Value {
        var pairs: [(String, Value)] = [("id", .text(id)), ("label", .text(label))]
        if let description { pairs.append(("description", .text(description))) }
        return .object(JSONObject(pairs))
    }
}

/// A message the bot sends.
public struct OutboundMessage: Sendable, Equatable {
    /// The text (or caption, or menu prompt).
    public var text: String
    /// Menu options, in order (nil when not a menu).
    public var options: [MenuOption]?
    /// How the menu should be shown: `buttons`, `list` or `text`.
    public var style: String
    /// The list button's text.
    public var button: String
    /// Media, location and buttons as JSON (`.null` for plain text).
    public var attachments: Value
    /// Typing to show first, in ms.
    public var delayMs: Int

    /// Plain text.
    public init(text: String) {
        self.text = text
        options = nil
        style = ""
        button = ""
        attachments = .null
        delayMs = 0
    }

    /// The message as a person sees it in plain text: menus as numbered lines.
    public var plainText: String {
        guard let options else { return text }
        // A block scalar's prompt (`menu: |`) ends in a line break: no blank line before the options.
        var prompt = Substring(text)
        while let last = prompt.last, last.isWhitespace { prompt.removeLast() }
        var out = String(prompt)
        for (i, o) in options.enumerated() { out += "\n\(i + 1). \(o.label)" }
        return out
    }

    /// `plainText` with each list row's description after its label (`1. Muzzarella — Chica
    /// $ 6.500`), as a numbered menu is sent and a person reads it.
    public var readableText: String {
        guard let options, options.contains(where: { !($0.description ?? "").isEmpty }) else { return plainText }
        var prompt = Substring(text)
        while let last = prompt.last, last.isWhitespace { prompt.removeLast() }
        var out = String(prompt)
        for (i, o) in options.enumerated() {
            out += "\n\(i + 1). \(o.label)"
            if let description = o.description, !description.isEmpty { out += " — \(description)" }
        }
        return out
    }

    /// The message as `flowc chat` prints it (and a test may copy it): ``readableText`` without
    /// the line breaks it ends in, then a line for each thing it carries (`[image: https://…]`),
    /// then its buttons (`[Sí] [No]`).
    public var chatText: String {
        var text = Substring(readableText)
        while text.last == "\n" || text.last == "\r\n" || text.last == "\r" { text.removeLast() }
        var lines = text.isEmpty ? [] : [String(text)]
        if case .object(let o) = attachments {
            lines += Self.attachmentLines(o)
            if case .list(let buttons)? = o["buttons"] { lines.append(buttons.map { "[\($0.rendered)]" }.joined(separator: " ")) }
        }
        return lines.joined(separator: "\n")
    }

    /// A message's files and pin as a person reads them, a line each, in the terminal and in plain
    /// piped output: `[document: URL (menú.pdf)]`, `📍 Cocolu, Av. Corrientes 1234 (-34.6037, -58.3816)`.
    public static func attachmentLines(_ o: JSONObject) -> [String] {
        var lines: [String] = []
        for kind in ["image", "document", "audio", "video"] {
            guard let url = o[kind] else { continue }
            let name = kind == "document" ? o["filename"].map { " (\($0.rendered))" } ?? "" : ""
            lines.append("[\(kind): \(url.rendered)\(name)]")
        }
        if case .object(let pin)? = o["location"] {
            let label = ["name", "address"].compactMap { pin[$0]?.rendered }.filter { !$0.isEmpty }.joined(separator: ", ")
            let at = "(\(pin["lat"]?.rendered ?? "?"), \(pin["lng"]?.rendered ?? "?"))"
            lines.append("📍 " + (label.isEmpty ? at : label + " " + at))
        }
        return lines
    }
}

/// An effect the host must perform before the turn can go on.
public struct EffectRequest: Sendable, Equatable {
    public var id: String
    /// `http`, `email`, `query` or `order`.
    public var kind: String
    /// The request, e.g. `{method, url, headers, json, timeout}`.
    public var payload: Value
    /// Why the request could not be built (a value in it failed, `{{r.ok * 2}}`, and the step has
    /// `on_error`): the host answers it as a failure with this error, without performing it.
    public var refused: String? = nil
}

/// An analytics event recorded by `track`.
public struct AnalyticsEvent: Sendable, Equatable {
    public var name: String
    public var properties: Value
    public var at: Int64
}

/// A runtime error: what, and where in the flows.
public struct RuntimeError: Sendable, Equatable, CustomStringConvertible {
    public var message: String
    /// `FLOW.STEP`.
    public var step: String
    /// `file:line:col` of the instruction.
    public var location: String
    public var description: String { "\(location): \(message) (in \(step))" }
}

/// The outcome of one event.
public struct TurnResult: Sendable {
    public var state: ConversationState
    public var messages: [OutboundMessage]
    /// At most one: the turn is suspended until its result comes back as ``InboundEvent/effect(_:)``.
    public var effects: [EffectRequest]
    public var events: [AnalyticsEvent]
    /// Set when the turn hit a runtime error (the error message was sent and the conversation ended).
    public var error: RuntimeError?
    /// Whether the event was consumed (false: e.g. a message while handed off, or a stale timer).
    public var handled: Bool
    /// Steps entered during the turn (`FLOW.STEP`), in order, for coverage.
    public var visited: [String]
}

extension OutboundMessage {
    /// A menu's style as WhatsApp takes it (what `flowc chat` shows and a channel starts from): reply
    /// buttons for up to 3 labels of up to 20 (none with a description: a button shows none), a list
    /// for up to 10 of up to 24, else numbered text; a prompt over 1,024 goes as text too.
    public static func menuStyle(prompt: String, labels: [String], described: Bool) -> String {
        guard !prompt.isEmpty, prompt.count <= 1024 else { return "text" }
        if !described, labels.count <= 3, labels.allSatisfy({ !$0.isEmpty && $0.count <= 20 }) { return "buttons" }
        if labels.count <= 10, labels.allSatisfy({ !$0.isEmpty && $0.count <= 24 }) { return "list" }
        return "text"
    }
}
