import FlowBytecode
import FlowProviders
import FlowRuntime
import FlowStore
import FlowVM

/// What an outbox item holds: where it goes and what it says.
struct OutboxPayload: Sendable {
    var bot: String
    var contact: String
    var content: OutboundContent

    var json: String {
        Value.object(JSONObject([("bot", .text(bot)), ("contact", .text(contact)), ("message", content.json)])).json
    }

    init(bot: String, contact: String, content: OutboundContent) {
        self.bot = bot
        self.contact = contact
        self.content = content
    }

    init?(json text: String) {
        guard let value = try? JSONParser.parse(text), let bot = value[member: "bot"]?.textValue,
              let contact = value[member: "contact"]?.textValue, let content = value[member: "message"].flatMap(OutboundContent.init(json:))
        else { return nil }
        self.init(bot: bot, contact: contact, content: content)
    }
}

extension OutboundContent {
    /// A bot message as the providers take it: a `say` object's media, location pin and quick-reply
    /// buttons become the content's media, location and options.
    init(_ message: OutboundMessage) {
        self.init(text: message.text,
                  options: message.options?.map { MenuItem(id: $0.id, label: $0.label, description: $0.description) },
                  style: message.style, button: message.button)
        let a = message.attachments
        for kind in ["image", "document", "audio", "video"] {
            guard let url = a[member: kind]?.rendered, !url.isEmpty else { continue }
            media = OutboundMedia(kind: kind, url: url, caption: a[member: "caption"]?.rendered ?? "", filename: a[member: "filename"]?.rendered ?? "")
            if text.isEmpty { text = media?.caption ?? "" }
            break
        }
        if let pin = a[member: "location"], let lat = Self.number(pin[member: "lat"] ?? pin[member: "latitude"]),
           let lng = Self.number(pin[member: "lng"] ?? pin[member: "longitude"]) {
            location = OutboundLocation(latitude: lat, longitude: lng, name: pin[member: "name"]?.rendered ?? "",
                                        address: pin[member: "address"]?.rendered ?? "")
        }
        if options == nil, case let .list(buttons)? = a[member: "buttons"], !buttons.isEmpty {
            options = buttons.map { MenuItem(id: $0.rendered, label: $0.rendered) }
            style = "buttons"
        }
    }

    /// The messages it goes out as: a file or a pin with buttons is the file or pin, then the
    /// text with the buttons; a text with a location pin is the text, then the pin; a
    /// plain text longer than `maxText` characters is several texts, cut at a paragraph, a line
    /// or a space where one is near the limit; a menu too long for its numbered text is texts,
    /// then the menu with the prompt's last part, and so is a menu whose prompt is over the 1,024
    /// of a button or list message, when `interactive` (a channel of the bot shows them).
    func parts(maxText: Int, interactive: Bool = true) -> [OutboundContent] {
        // A file or a pin with buttons: no provider sends both in one message (WhatsApp's reply
        // buttons take a text body): the file or pin first, then the text with the buttons.
        if let options, !options.isEmpty, media != nil || location != nil {
            var first: [OutboundContent] = []
            if var file = media {
                file.caption = ""
                first.append(OutboundContent(text: "", media: file))
            }
            if let location { first.append(OutboundContent(text: "", location: location)) }
            var menu = self
            menu.media = nil
            menu.location = nil
            return first + menu.parts(maxText: maxText, interactive: interactive)
        }
        if let options, !options.isEmpty, media == nil, location == nil, maxText > 0 {
            // A menu whose numbered text would not fit: the prompt's first parts go as texts of their
            // own, and the last part carries the options (cut, they would be lost to the user).
            let block = MenuLayout.numbered(OutboundContent(text: "", options: options)).utf16.count + 2
            let overText = text.utf16.count + block > maxText && maxText - block >= 64
            // A prompt over the 1,024 a button or list message takes, with options that would show as
            // buttons or a list on a channel of the bot that has them: split too, so that the menu
            // keeps its buttons (made numbered text by the engine for the prompt's length alone).
            let overBody = interactive && style == "text" && text.count > 1024 && options.count <= 10
                && Self.style("-", options) != "text"
            guard overText || overBody else { return [self] }
            var pieces = overText ? Self.chunks(text, maxText - block) : [text]
            // Up to ten options may show as buttons or a list, whose body takes 1,024: the last part
            // is kept within it, so splitting does not cost the menu its buttons.
            if options.count <= 10, let last = pieces.last, last.utf16.count > 1024 {
                pieces.removeLast()
                pieces += Self.chunks(last, 1024)
            }
            var menu = self
            menu.text = pieces.removeLast()
            // The engine made the menu numbered text because the whole prompt was over 1,024; the
            // last part is chosen again from its own length, as the engine chooses for a short prompt.
            if style == "text", text.count > 1024 { menu.style = Self.style(menu.text, options) }
            return pieces.map { OutboundContent(text: $0) } + [menu]
        }
        if let location, options == nil, media == nil, !text.isEmpty {
            return Self.chunks(text, maxText).map { OutboundContent(text: $0) } + [OutboundContent(text: "", location: location)]
        }
        guard options == nil, media == nil, location == nil, text.utf16.count > maxText, maxText > 0 else { return [self] }
        return Self.chunks(text, maxText).map { OutboundContent(text: $0) }
    }

    /// The engine's choice for a menu (`OutboundMessage.menuStyle`, as `sendMenu` makes it).
    static func style(_ prompt: String, _ options: [MenuItem]) -> String {
        OutboundMessage.menuStyle(prompt: prompt, labels: options.map(\.label), described: options.contains { !($0.description ?? "").isEmpty })
    }

    /// Lengths are UTF-16 code units, as the providers count them (an emoji is two, a flag four),
    /// and a cut never splits a character.
    static func chunks(_ text: String, _ limit: Int) -> [String] {
        guard limit > 0, text.utf16.count > limit else { return [text] }
        // A `\r\n` is one Character to Swift: cut on `\n` alone.
        let text = text.contains("\r\n") ? String(text.map { $0 == "\r\n" ? "\n" : $0 }) : text
        var out: [String] = []
        var rest = Substring(text)
        while rest.utf16.count > limit {
            // The longest run of whole characters within the limit (at least one).
            var end = rest.startIndex
            var units = 0
            for index in rest.indices {
                let size = rest[index].utf16.count
                if units + size > limit, end != rest.startIndex { break }
                units += size
                end = rest.index(after: index)
                if units >= limit { break }
            }
            let window = rest[..<end]
            // The last paragraph break, else line break, else space in the second half of the window.
            let half = window.index(window.startIndex, offsetBy: window.count / 2)
            let cut = window[half...].range(of: "\n\n", options: .backwards)?.lowerBound
                ?? window[half...].lastIndex(of: "\n") ?? window[half...].lastIndex(of: " ") ?? window.endIndex
            out.append(String(rest[..<cut]))
            rest = rest[cut...].drop(while: { $0 == "\n" || $0 == " " })
        }
        if !rest.isEmpty { out.append(String(rest)) }
        return out
    }

    private static func number(_ value: Value?) -> Double? {
        switch value {
        case let .number(n)?: n
        case let .text(t)?: Double(t)
        default: nil
        }
    }
}
