import FlowBytecode
import FlowChecker
import FlowCompiler
import FlowDiagnostics
import FlowRuntime
import FlowVM

/// A bot's message against what a test expects of it, and a variable's value against `expect: vars`.
extension TestRunner {
    static func check(_ e: TestSpec.Expectation, _ m: OutboundMessage) -> String? {
        switch e {
        case .exact(let text):
            // A block scalar (`say: |`) ends in a newline the test's quoted text does not have.
            // A menu's prompt alone is compared the same way, and so is the message as `flowc chat`
            // prints it (a list row with its description, a `say`'s image and buttons under its text).
            let expected = trimmedEnd(text)
            return [m.text, m.plainText, m.readableText, m.chatText].contains { $0 == text || trimmedEnd($0) == expected } ? nil : ""
        // With or without a list row's description after its label (`1. Muzzarella\n2. Napolitana` too).
        case .contains(let text): return Self.shown(m).contains(text) || Self.shown(m, descriptions: false).contains(text) ? nil : ""
        case .matches(let pattern):
            guard let regex = try? Regex(pattern) else { return "`\(pattern)` is not a valid regex" }
            // The prompt alone, or the message with its options as a person reads it.
            let found = [m.text, Self.shown(m), Self.shown(m, descriptions: false)].contains { (try? regex.firstMatch(in: $0)) != nil }
            return found ? nil : ""
        case .menu(let labels):
            guard let got = Self.choices(m) else { return "that message is not a menu" }
            return got == labels ? nil : "options were \(got)"
        }
    }

    /// What a person can choose in a message: a menu's options, or a `say`'s quick-reply buttons.
    static func choices(_ m: OutboundMessage) -> [String]? {
        if let options = m.options { return options.map(\.label) }
        guard case .object(let attachments) = m.attachments, case .list(let buttons)? = attachments["buttons"], !buttons.isEmpty else {
            return nil
        }
        return buttons.map { $0.rendered }
    }

    /// The message as a person reads it: its text, then its options or buttons, numbered (a list
    /// row with its description, as a numbered menu sends it: `1. Muzzarella — Chica $ 6.500`), then
    /// what else it carries (a photo's link and caption, a document's name, a pin's name and address),
    /// so that `contains: "b.jpg"` or `contains: "Local"` finds a message without text.
    static func shown(_ m: OutboundMessage, descriptions: Bool = true) -> String {
        var shown = descriptions ? m.readableText : m.plainText
        if m.options == nil, let buttons = choices(m) {
            shown = buttons.enumerated().reduce(m.text) { $0 + "\n\($1.offset + 1). \($1.element)" }
        }
        guard case .object(let attachments) = m.attachments else { return shown }
        for pair in attachments.pairs where pair.key != "buttons" {
            for text in texts(in: pair.value) where !text.isEmpty { shown += shown.isEmpty ? text : "\n" + text }
        }
        return shown
    }

    /// The texts a carried value holds (numbers too: a pin's coordinates), in order.
    static func texts(in value: Value) -> [String] {
        switch value {
        case .null: []
        case .text(let t): [t]
        case .list(let items): items.flatMap(texts(in:))
        case .object(let object): object.pairs.flatMap { texts(in: $0.value) }
        default: [value.rendered]
        }
    }

    static func trimmedEnd(_ text: String) -> Substring {
        var t = Substring(text)
        while let last = t.last, last == "\n" || last == " " || last == "\r" || last == "\t" { t.removeLast() }
        return t
    }

    static func describe(_ e: TestSpec.Expectation) -> String {
        switch e {
        case .exact(let t): quote(t)
        case .contains(let t): "something containing \(quote(t))"
        case .matches(let p): "something matching /\(p)/"
        case .menu(let labels): "a menu \(labels)"
        }
    }

    static func quote(_ s: String) -> String { Value.text(s).json }

    /// A bot message as a failure shows it: its text, or for a message without one (a location
    /// pin, a photo) what it carries.
    static func said(_ m: OutboundMessage) -> String {
        m.plainText.isEmpty && !m.attachments.isNull ? "a message without text, \(m.attachments.json)" : quote(m.plainText)
    }

    static func show(_ v: Value) -> String { if case .text = v { v.json } else { v.isNull ? "nothing (unset)" : v.json } }

    /// YAML values against runtime values: numbers by value, dates by their ISO text. A variable's
    /// own value may be written as its text (`zip: 1425` for the text "1425", `qty: "3"` for 3);
    /// inside a list or json value, where no declared type says which was meant, `"3"` is not 3.
    /// `4`, `4.0`, `-0.50`: digits with no leading zero (a lost `0` of `01425` still fails a test).
    static func isPlainDecimal(_ s: String) -> Bool {
        var digits = Substring(s)
        if digits.hasPrefix("-") { digits = digits.dropFirst() }
        let whole = digits.prefix { $0.isASCII && $0.isNumber }
        let rest = digits.dropFirst(whole.count)
        guard !whole.isEmpty, whole == "0" || !whole.hasPrefix("0") else { return false }
        return rest.isEmpty || rest.hasPrefix(".") && rest.count > 1 && rest.dropFirst().allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// `expected` against a variable's value `got`: as ``same(_:_:nested:)``, and a text variable
    /// holding the scalar as the test wrote it (`t: 1.0` for the text "1.0"), a date-time by its instant
    /// (without `Z` or an offset, a time in the bot's `zone`).
    static func same(_ expected: Value, _ got: Value, written: String?, zone: ZoneRules) -> Bool {
        if let written, case .text(let text) = got, text == written { return true }
        if case .datetime = got, case .text = expected {
            return same(SeedValues.convert(expected, to: .datetime, zone: zone), got)
        }
        return same(expected, got)
    }

    static func same(_ expected: Value, _ got: Value, nested: Bool = false) -> Bool {
        switch (expected, got) {
        // A fraction is the number a person sees: `0.333333333333333`, copied from the chat, is 1 / 3.
        case (.number(let a), .number(let b)):
            return NumberEquality.same(a, b) || (a != a.rounded() || b != b.rounded()) && expected.rendered == got.rendered
        case (.datetime(let a, _), .datetime(let b, _)): return a == b
        case (.text(let a), .date), (.text(let a), .datetime): return a == got.rendered
        case (.number, .text(let b)) where !nested: return expected.rendered == b
        case (.text(let a), .number(let b)): return !nested && (a == got.rendered || isPlainDecimal(a) && Double(a) == b)
        case (.text(let a), .bool): return !nested && a == got.rendered
        case (.list(let a), .list(let b)): return a.count == b.count && zip(a, b).allSatisfy { same($0, $1, nested: true) }
        case (.object(let a), .object(let b)):
            return a.count == b.count && a.pairs.allSatisfy { p in b[p.key].map { same(p.value, $0, nested: true) } ?? false }
        default: return expected == got
        }
    }
}
