import FlowDiagnostics
import FlowSyntax

/// WhatsApp Cloud API limits that a message must respect.
enum WhatsAppLimits {
    static let text = 4096
    static let caption = 1024
    static let buttons = 3
    static let buttonTitle = 20
    static let listRows = 10
    static let rowTitle = 24
    static let rowDescription = 72
    static let listButton = 20
}

extension Checker {
    /// Length of the text a template always shows (its literal parts).
    static func literalLength(_ text: String) -> Int {
        guard TemplateText.hasHole(text) else { return text.count }
        // ASCII without `\r` is one character per byte: count on the bytes themselves.
        if text.utf8.allSatisfy({ $0 < 0x80 && $0 != 13 }) {
            return literalCount(Array(text.utf8), open: UInt8(ascii: "{"), close: UInt8(ascii: "}"))
        }
        // Otherwise count the characters of each literal run (no array of `Character`s).
        let scalars = text.unicodeScalars
        var count = 0
        var runStart = scalars.startIndex
        var i = scalars.startIndex
        while i < scalars.endIndex {
            let next = scalars.index(after: i)
            guard scalars[i] == "{", next < scalars.endIndex, scalars[next] == "{" else { i = next; continue }
            // A hole: find its `}}`; an unclosed `{{` counts as text to the end.
            var j = scalars.index(after: next)
            var close: String.UnicodeScalarView.Index?
            while j < scalars.endIndex {
                let after = scalars.index(after: j)
                if scalars[j] == "}", after < scalars.endIndex, scalars[after] == "}" { close = after; break }
                j = after
            }
            guard let close else { break }
            count += Substring(scalars[runStart..<i]).count
            i = scalars.index(after: close)
            runStart = i
        }
        return count + Substring(scalars[runStart...]).count
    }

    /// Counts the elements outside `{{ … }}` holes; an unclosed `{{` counts as text to the end.
    private static func literalCount<Element: Equatable>(_ chars: [Element], open: Element, close: Element) -> Int {
        var count = 0
        var i = 0
        while i < chars.count {
            if chars[i] == open, i + 1 < chars.count, chars[i + 1] == open {
                var j = i + 2
                while j + 1 < chars.count, !(chars[j] == close && chars[j + 1] == close) { j += 1 }
                if j + 1 >= chars.count { return count + chars.count - i }
                i = j + 2
                continue
            }
            count += 1
            i += 1
        }
        return count
    }

    /// A text sent as a message of its own (a re-ask, a handoff notice): at most 4096 characters.
    func checkTextLimit(_ text: TextValue, file: String, what: String) {
        let length = Self.literalLength(text.text)
        if length > WhatsAppLimits.text {
            sink.error("text-too-long", "\(what) is \(length) characters; WhatsApp allows \(WhatsAppLimits.text)",
                       file: file, range: text.range, help: "shorten it; a message over the limit is not delivered")
        }
    }

    func checkMessageLimits(_ message: Message, file: String) {
        if let text = message.text, message.media.isEmpty, Self.isBlank(text.text) {
            sink.error("empty-value", "the message is empty; WhatsApp sends no empty text", file: file, range: text.range,
                       help: "write what the bot says, e.g. `say: \"¡Hola!\"`")
        }
        for button in message.buttons where Self.isBlank(button.text) {
            sink.error("empty-value", "a button title is empty", file: file, range: button.range, help: "give the button a title, or remove it")
        }
        // A tap is matched by its title: two alike (`Sí`, `sí`) cannot be told apart.
        var seenButtons: [String: TextValue] = [:]
        for button in message.buttons where !Self.isBlank(button.text) && !TemplateText.hasHole(button.text) {
            let key = Self.folded(button.text)
            if let first = seenButtons[key] {
                sink.error("duplicate-option", "two buttons have the title `\(button.text)`", file: file, range: button.range,
                           notes: [DiagnosticNote("`\(first.text)` is here", file: file, range: first.range)],
                           help: "a tap is matched by its title; make the titles differ, or remove one")
            } else {
                seenButtons[key] = button
            }
        }
        if let text = message.text {
            // A menu's prompt or a text with buttons over 1,024 (an interactive message's body) still
            // goes out: as numbered text, or its first parts as texts of their own; only the 4,096
            // of a text (flow-format.md §3) and a media caption's 1,024 are limits it breaks.
            let length = Self.literalLength(text.text)
            let limit = message.media.isEmpty ? WhatsAppLimits.text : WhatsAppLimits.caption
            if length > limit {
                sink.error("text-too-long", "message text is \(length) characters; WhatsApp allows \(limit)" + (message.media.isEmpty ? "" : " with a photo, video or document"),
                           file: file, range: text.range, help: "split it into several `say` steps")
            }
        }
        if let caption = message.caption, Self.literalLength(caption.text) > WhatsAppLimits.caption {
            sink.error("text-too-long", "caption is \(Self.literalLength(caption.text)) characters; WhatsApp allows \(WhatsAppLimits.caption)",
                       file: file, range: caption.range,
                       help: "shorten it to \(WhatsAppLimits.caption) characters, or send the rest in a `say` step after it")
        }
        if message.buttons.count > WhatsAppLimits.buttons {
            sink.error("too-many-buttons", "\(message.buttons.count) buttons; WhatsApp shows at most \(WhatsAppLimits.buttons)",
                       file: file, range: message.buttons[WhatsAppLimits.buttons].range,
                       help: "use a `menu` step: more than 3 options are sent as a list")
        }
        for button in message.buttons where Self.literalLength(button.text) > WhatsAppLimits.buttonTitle {
            sink.error("button-title-too-long",
                       "button title `\(button.text)` is \(Self.literalLength(button.text)) characters; WhatsApp allows \(WhatsAppLimits.buttonTitle)",
                       file: file, range: button.range, help: "shorten it")
        }
    }

    func checkMenu(_ menu: MenuStep, file: String, ec: ExpressionChecker, reads: inout [Read]) {
        let count = menu.choices.count
        // A reply button has no description: a menu with one goes as a list (as the engine sends it).
        let described = menu.choices.filter { $0.description.map { !Self.isBlank($0.text) } ?? false }
        let style = menu.style?.value ?? (count <= WhatsAppLimits.buttons && described.isEmpty ? "buttons"
            : count <= WhatsAppLimits.listRows ? "list" : "text")
        if style == "buttons", let s = menu.style, let first = described.first, let d = first.description {
            sink.warning("description-not-shown", "a menu with `style: buttons` has descriptions; a WhatsApp reply button shows only its title",
                         file: file, range: d.range,
                         notes: [DiagnosticNote("`style: buttons` is here", file: file, range: s.range)],
                         help: "remove `style` (a menu with descriptions goes as a list), or put the description in the label")
        }
        if style == "buttons", count > WhatsAppLimits.buttons, let s = menu.style {
            sink.error("too-many-buttons", "a menu with `style: buttons` has \(count) options; WhatsApp shows at most \(WhatsAppLimits.buttons) buttons",
                       file: file, range: s.range, help: "use `style: list` (up to 10) or remove `style`")
        }
        if style == "list", count > WhatsAppLimits.listRows, let s = menu.style {
            sink.error("too-many-list-rows", "a menu with `style: list` has \(count) options; a WhatsApp list holds at most \(WhatsAppLimits.listRows) rows",
                       file: file, range: s.range, help: "remove `style` to send it as numbered text, or split the menu")
        }
        // The list button is a template too (`{{word}} opciones`): its reads count and are checked.
        if let button = menu.button { ec.template(button, reads: &reads) }
        var seenLabels: [String: MenuOption] = [:]
        var seenIds: [String: MenuOption] = [:]
        for option in menu.choices {
            reportMisplacedKey(option, menu: menu, file: file)
            // A typed id is matched case- and accent-insensitively: `s` and `S`, `si` and `sí` cannot be told apart.
            let folded = Self.folded(option.id.value)
            if let first = seenIds[folded] {
                if first.id.value != option.id.value {
                    sink.error("duplicate-option", "option ids `\(first.id.value)` and `\(option.id.value)` differ only in case or accents",
                               file: file, range: option.id.range,
                               notes: [DiagnosticNote("option `\(first.id.value)` is here", file: file, range: first.id.range)],
                               help: "a typed reply matches an id ignoring case and accents; give the options ids that differ in letters")
                }
            } else {
                seenIds[folded] = option
            }
            if Self.isBlank(option.label.text) {
                sink.error("empty-value", "option `\(option.id.value)` has an empty label", file: file, range: option.label.range,
                           help: "give it the text the customer sees, e.g. `\(option.id.value): Chico`")
            }
            ec.template(option.label, reads: &reads)
            ec.singleBraces(option.label)
            if let d = option.description {
                ec.template(d, reads: &reads)
                ec.singleBraces(d)
            }
            let length = Self.literalLength(option.label.text)
            if style == "buttons", length > WhatsAppLimits.buttonTitle {
                sink.error("button-title-too-long",
                           "option label is \(length) characters; a WhatsApp reply button title allows \(WhatsAppLimits.buttonTitle)",
                           file: file, range: option.label.range,
                           help: length > WhatsAppLimits.rowTitle
                               // Too long for a list row too: only numbered text takes it whole.
                               ? "shorten it to \(WhatsAppLimits.buttonTitle) characters, or add `style: text` (a numbered list in the message)"
                               : "shorten it, or add `style: list` (row titles allow \(WhatsAppLimits.rowTitle))")
            } else if style == "list", length > WhatsAppLimits.rowTitle {
                sink.error("list-row-too-long",
                           "option label is \(length) characters; a WhatsApp list row title allows \(WhatsAppLimits.rowTitle)",
                           file: file, range: option.label.range, help: "shorten it and put the rest in `description`")
            }
            if let d = option.description, Self.literalLength(d.text) > WhatsAppLimits.rowDescription {
                sink.error("list-row-too-long",
                           "option description is \(Self.literalLength(d.text)) characters; WhatsApp allows \(WhatsAppLimits.rowDescription)",
                           file: file, range: d.range,
                           help: "shorten it to \(WhatsAppLimits.rowDescription) characters, or put the details in the menu's text")
            }
            let key = Self.folded(option.label.text)
            if let first = seenLabels[key] {
                sink.error("duplicate-option", "two options have the label `\(option.label.text)`", file: file, range: option.label.range,
                           notes: [DiagnosticNote("option `\(first.id.value)` has it too", file: file, range: first.label.range)],
                           help: "a reply is matched by its label; make the labels differ")
            } else {
                seenLabels[key] = option
            }
        }
        if let button = menu.button, Self.literalLength(button.text) > WhatsAppLimits.listButton {
            sink.error("button-title-too-long", "list button text is \(Self.literalLength(button.text)) characters; WhatsApp allows \(WhatsAppLimits.listButton)",
                       file: file, range: button.range,
                       help: "shorten the text of the button that opens the list to \(WhatsAppLimits.listButton) characters, e.g. `button: Ver opciones`")
        }
    }

    /// Text that is empty or only spaces (no `{{ }}` that could fill it).
    static func isBlank(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { $0.properties.isWhitespace }
    }

    /// Lower-cased, accents removed: how replies are matched to labels.
    static func folded(_ s: String) -> String { TextFold.folded(s) }

    /// An option whose id is one of the menu's own keys, left unset on the menu, and whose label
    /// is what that key would take (`save: size` one indent too deep, under `options:`, with `size`
    /// a variable of the bot): the menu saves nothing, or goes nowhere, in silence. An option
    /// written as a mapping (a label with a `goto`) is an option.
    private func reportMisplacedKey(_ option: MenuOption, menu: MenuStep, file: String) {
        guard option.goto == nil, option.description == nil else { return }
        let key = option.id.value
        let label = option.label.text
        func names(_ text: String) -> Bool {
            let parts = text.split(separator: ".", maxSplits: 1).map(String.init)
            guard let first = parts.first else { return false }
            if parts.count == 2 { return flowIndex[first].map { stepIndex[$0][parts[1]] != nil } ?? false }
            return flowIndex[first] != nil || stepIndex.contains { $0[first] != nil }
        }
        let misplaced: Bool
        switch key {
        case "save": misplaced = isMisplacedSave(option, menu: menu)
        case "goto": misplaced = names(label)
        case "on_fail": misplaced = menu.options.onFail == nil && names(label)
        case "on_timeout": misplaced = menu.options.onTimeout == nil && names(label)
        case "retries": misplaced = menu.options.retries == nil && !label.isEmpty && label.allSatisfy { $0.isASCII && $0.isNumber }
        case "timeout": misplaced = menu.options.timeout == nil && Duration.parse(label) != nil
        case "delay": misplaced = Duration.parse(label) != nil
        // The re-ask message (`invalid: "Elegí 1 o 2"`), not a label (`invalid: Reportar un error`):
        // it names the options' numbers, asks to choose, or is longer than any button or row.
        case "invalid": misplaced = menu.options.invalid == nil && Self.readsLikeReask(label)
        case "style": misplaced = menu.style == nil && ["buttons", "list", "text"].contains(label)
        // An event's name (`track: menu_talle`), not a label a person reads.
        case "track": misplaced = Self.isVariableName(label) && label.contains("_")
        // The list's button text (`button: Ver productos`), copied under the options it sits beside:
        // the last option of a menu long enough to go as a list, one that has no `button`.
        case "button": misplaced = menu.button == nil && menu.choices.count > 4 && menu.choices.last?.id.value == "button"
            && !Self.isBlank(label) && label.contains(" ")
        default: misplaced = false
        }
        guard misplaced else { return }
        if key == "save" { misplacedSaves.insert(label) }
        sink.error("misplaced-key", "`\(key): \(label)` is indented under `options:`, so it is an option (id `\(key)`), not the menu's `\(key)`",
                   file: file, range: option.id.range,
                   help: "indent `\(key):` like `options:`, one level out")
    }

    /// A re-ask message rather than an option's label: it asks to choose (`Elegí una opción`), names
    /// the options' numbers (`1 o 2`, `1, 2 or 3`) or says the answer was not valid (`Opción no válida`).
    static func readsLikeReask(_ label: String) -> Bool {
        let text = folded(label)
        let words = text.split { !$0.isLetter && !$0.isNumber }.map(String.init)
        let stems = ["eleg", "elij", "elig", "escolh", "escoj", "choose", "pick", "select", "seleccion", "selecion", "responde", "responda"]
        if words.contains(where: { word in stems.contains { word.hasPrefix($0) } }) { return true }
        if ["no valid", "no es valid", "nao e valid", "not valid", "not a valid"].contains(where: text.contains) { return true }
        // Two numbers joined as choices are: `1 o 2`, `1, 2 o 3`, `1 or 2`, `1 ou 2`, `1 a 3`.
        for (i, word) in words.enumerated() where i + 2 < words.count && word.allSatisfy(\.isNumber) {
            if ["o", "or", "ou", "y", "e", "and", "a", "to", "al"].contains(words[i + 1]), words[i + 2].allSatisfy(\.isNumber) { return true }
        }
        return false
    }

    /// An option `save: NAME` of a menu that saves nothing, NAME a variable of the bot or a name
    /// read elsewhere in its files (`{{size}}`, `if: size == "l"`): the menu's `save` one indent too deep.
    func isMisplacedSave(_ option: MenuOption, menu: MenuStep) -> Bool {
        let label = option.label.text
        return option.id.value == "save" && option.goto == nil && option.description == nil && menu.options.save == nil
            && Self.isVariableName(label) && (vars[label] != nil || readWords.contains(Substring(label)))
    }

    /// Whether a text is written as a variable's name is (`[a-z_][a-z0-9_]*`): `Save` is a label.
    private static func isVariableName(_ text: String) -> Bool {
        guard let first = text.utf8.first, first == UInt8(ascii: "_") || (first >= 0x61 && first <= 0x7A) else { return false }
        return text.utf8.allSatisfy { $0 == UInt8(ascii: "_") || ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) }
    }

    /// Whether a text is a plain name (a variable's or a step's).
    private static func looksLikeName(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first == "_" || first.properties.isAlphabetic else { return false }
        return text.unicodeScalars.allSatisfy { $0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0) }
    }
}
