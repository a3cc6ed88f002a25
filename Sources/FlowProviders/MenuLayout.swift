/// How a menu is shown on a channel: its own buttons or list when the channel has them and the
/// options fit, numbered text otherwise (the user answers with the number, the id or the label).
public enum MenuLayout: Equatable, Sendable {
    case plain(String)
    case buttons
    case list

    /// Chooses the layout for `content` on a channel with `capabilities`; `bodyLimit` is the
    /// longest body an interactive message may carry.
    public static func choose(_ content: OutboundContent, _ capabilities: Capabilities, bodyLimit: Int = 1024) -> MenuLayout {
        guard let options = content.options, !options.isEmpty else { return .plain(content.plainText) }
        let bodyFits = !content.text.isEmpty && content.text.count <= bodyLimit
        // A reply button has no description: a menu with one goes as a list unless it asks for buttons.
        let described = content.style != "buttons" && options.contains { !($0.description ?? "").isEmpty }
        let fitsButtons = bodyFits && !described && options.count <= capabilities.maxButtons
            && options.allSatisfy { $0.label.count <= capabilities.buttonTitleLength && !$0.label.isEmpty }
        let fitsList = bodyFits && options.count <= capabilities.maxListRows
            && options.allSatisfy { $0.label.count <= capabilities.rowTitleLength && !$0.label.isEmpty }
        switch content.style {
        case "text": return .plain(numbered(content))
        case "list": return fitsList ? .list : .plain(numbered(content))
        default:
            if fitsButtons { return .buttons }
            if fitsList { return .list }
            return .plain(numbered(content))
        }
    }

    /// The label of a list's button (and its section's title) when the menu names none (`button:`),
    /// in the bot's language: a few words, within WhatsApp's 20 characters.
    public static func listButton(language: String) -> String {
        switch language {
        case "es": "Ver opciones"
        case "pt": "Ver opções"
        default: "Menu"
        }
    }

    /// The menu as numbered text: the prompt, a blank line, then `1. Label` lines.
    public static func numbered(_ content: OutboundContent) -> String {
        guard let options = content.options, !options.isEmpty else { return content.plainText }
        // A block scalar's prompt (`menu: |`) ends in a line break: one blank line before the options.
        var prompt = Substring(content.text)
        while let last = prompt.last, last.isWhitespace { prompt.removeLast() }
        var lines = prompt.isEmpty ? [] : [String(prompt), ""]
        for (index, option) in options.enumerated() {
            var line = "\(index + 1). \(option.label)"
            if let description = option.description, !description.isEmpty { line += " — \(description)" }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }
}
