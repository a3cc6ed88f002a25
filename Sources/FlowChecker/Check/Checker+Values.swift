import FlowDiagnostics
import FlowSyntax
import FlowValidation

/// Values written as is in a flow: a `set` value against its variable's declaration, a pin's
/// coordinates, and the shapes of numbers, dates, e-mails, phones and header names.
extension Checker {
    static let coordinateKeys: Set<String> = ["lat", "lng"]

    /// A `set` value written as an expression without `{{ }}` (`total: qty * 1500`, `nick: upper(name)`):
    /// it parses whole, every name in it is a variable, a namespace or a function, and it does what
    /// text never does: arithmetic, a comparison or a function call. (`evento: pedido.creado`,
    /// `modo: envio o retiro`, `canal: email` are words, even where they are also names.)
    static func unbraced(_ text: String, isVariable: (String) -> Bool) -> Expr? {
        guard text.utf8.count < 200, text.utf8.contains(where: { ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A }),
              // (Bytes first: with no operator or call, nothing computes; most values are words.)
              text.utf8.contains(where: { [0x2B, 0x2D, 0x2A, 0x2F, 0x25, 0x3C, 0x3E, 0x3D, 0x21, 0x28, 0x3F].contains($0) }) else { return nil }
        let (parsed, issues) = ExpressionParser.parse(text)
        guard issues.isEmpty, let expression = parsed else { return nil }
        var unknown = false
        var computes = false
        func walk(_ e: Expr) {
            switch e.kind {
            case .variable(let name):
                if !isVariable(name), !ReservedNames.namespaces.contains(name) { unknown = true }
            case .call(let name, _, let args):
                computes = true
                if FunctionLibrary.all[name] == nil { unknown = true }
                args.forEach(walk)
            case .member(let base, _, _): walk(base)
            case .index(let a, let b): walk(a); walk(b)
            case .binary(let op, let a, let b):
                // (`??` computes: `total: precio ?? 0` is meant to be the price.)
                if ![.and, .or, .`in`].contains(op) { computes = true }
                walk(a); walk(b)
            case .unary(_, let a): walk(a)
            case .list(let items): items.forEach(walk)
            case .number, .string, .bool, .null: break
            }
        }
        walk(expression)
        return computes && !unknown ? expression : nil
    }

    /// Reports a `set` value that is an expression written without `{{ }}`, unquoted; true when it
    /// did. (Quotes say the text is meant: `evento: "qty * 2"` is left alone.)
    func reportUnbraced(_ key: String, _ t: TextValue, file: String) -> Bool {
        guard t.style == .plain, !TemplateText.hasHole(t.text), Self.unbraced(t.text, isVariable: { vars[$0] != nil }) != nil else { return false }
        let text = t.text.trimmingPrefix(" ")
        sink.error("missing-braces", "`\(key)` would be set to the text \"\(text)\": an expression is worked out only inside `{{ }}`",
                   file: file, range: t.range, help: "write `\(key): \"{{\(text)}}\"`")
        return true
    }

    /// A bound is one value: `max: "hasta {{stock}}"` would be the text "hasta 5", never a number.
    private func reportNotOneValue(_ key: String, _ t: TextValue, file: String) -> Bool {
        let (parsed, issues) = TemplateParser.parse(t.text)
        guard issues.isEmpty, parsed.singleExpression == nil else { return false }
        // Spaces or a block's final line break around the hole are nothing (the number is read trimmed).
        let literalText = parsed.parts.contains { part in
            if case .literal(let s) = part { return !s.allSatisfy(\.isWhitespace) }
            return false
        }
        guard literalText else { return false }
        let example = key == "after" || key == "before" ? "date_add(today(), 2, 'days')" : "stock"
        sink.error("type-mismatch", "`\(key)` must be one `{{ }}` with nothing around it, not `\(t.text)`", file: file, range: t.range,
                   help: "write the value alone, e.g. `\(key): \"{{\(example)}}\"`")
        return true
    }

    /// Bounds written as templates (`max: "{{stock}}"`, `after: "{{desde}}"`), worked out each time
    /// the question is asked: a number (or text that reads as one) for `min`/`max`, a date (or an
    /// ISO date as text) for `after`/`before`. Their reads count at the question.
    func checkBounds(_ spec: VarSpec, ec: ExpressionChecker, reads: inout [Read]) {
        let length = spec.kind.value == .text
        for (key, bound) in [("min", spec.minTemplate), ("max", spec.maxTemplate)] {
            guard let t = bound else { continue }
            let type = ec.template(t, reads: &reads, typed: true)
            if reportNotOneValue(key, t, file: ec.file) { continue }
            if type != .number, type != .json, type != .text, type != .null {
                sink.error("type-mismatch", "`\(key)` must be a number, but `\(t.text)` is \(type)", file: ec.file, range: t.range,
                           help: length ? "a text's `\(key)` is a length: use a number, e.g. `{{len(code)}}`"
                               : "use a number variable, or `{{number(x)}}`")
            }
        }
        for (key, bound) in [("after", spec.after), ("before", spec.before)] {
            guard let t = bound, TemplateText.hasHole(t.text) else { continue }
            // (Text around the hole may make an ISO date, `{{anio}}-01-01`: read when asked.)
            let type = ec.template(t, reads: &reads, typed: true)
            if type != .date, type != .datetime, type != .json, type != .text, type != .null {
                sink.error("type-mismatch", "`\(key)` must be a date, but `\(t.text)` is \(type)", file: ec.file, range: t.range,
                           help: "use a date, e.g. `{{date_add(today(), 2, 'days')}}` or a variable saved from a date question")
            }
        }
    }

    /// An `order`'s values written as one `{{ }}`: `items` a list of `{sku, name, qty, price}`
    /// (json, checked when the order is made), `qty` and `price` numbers, `delivery_date` a date.
    /// Text may hold a number or a date, except text from a closed set none of whose values does
    /// (`qty: "{{talla}}"` where `talla` is S, M or L).
    func checkOrder(_ pairs: [(key: Located<String>, value: DataValue)], ec: ExpressionChecker, file: String, reads: inout [Read]) {
        func check(_ key: String, _ value: DataValue, _ type: ValueType, allowed: (ValueType) -> Bool, expected: String, help: String) {
            guard case .template(let t) = value, let single = TemplateParser.parse(t.text).0.singleExpression else { return }
            if !allowed(type) {
                sink.error("type-mismatch", "`\(key)` must be \(expected), but `\(t.text)` is \(type)", file: file, range: t.range, help: help)
            } else if type == .text, case .variable(let name) = single.kind, let held = closedValues(of: name), !held.isEmpty,
                      !held.contains(where: { $0.contains(where: \.isNumber) }) {
                let listed = held.sorted().prefix(5).map { "`\($0)`" }.joined(separator: ", ")
                sink.error("type-mismatch", "`\(key)` must be \(expected), but `\(name)` holds \(listed)\(held.count > 5 ? ", …" : "")",
                           file: file, range: t.range, help: help)
            }
        }
        let number: (ValueType) -> Bool = { [.number, .text, .json, .null].contains($0) }
        func item(_ value: DataValue) {
            let type = ec.data(value, reads: &reads)
            guard case .map(let fields, _) = value else {
                check("items", value, type, allowed: { $0 == .json || $0 == .null }, expected: "a list of `{sku, name, qty, price}`",
                      help: "an item is a mapping: `- {sku: X1, qty: \"{{qty}}\", price: 100}`")
                return
            }
            for field in fields {
                let type = ec.data(field.value, reads: &reads)
                if ["qty", "price"].contains(field.key.value), case .template(let t) = field.value { orderLiteral(field.key.value, t, file: file) }
                switch field.key.value {
                case "qty": check("qty", field.value, type, allowed: number, expected: "a number",
                                  help: "save the quantity in a number variable (a question of `type: number`) and write `qty: \"{{cantidad}}\"`")
                case "price": check("price", field.value, type, allowed: number, expected: "a number",
                                    help: "use a number variable, e.g. `price: \"{{unit_price}}\"`, or `{{number(x)}}` on text that holds digits")
                default: break
                }
            }
        }
        for pair in pairs {
            switch (pair.key.value, pair.value) {
            case ("items", .list(let items, _)):
                for value in items { item(value) }
            case ("items", _):
                let type = ec.data(pair.value, reads: &reads)
                check("items", pair.value, type, allowed: { $0 == .json || $0 == .null || $0 == .list(.json) },
                      expected: "a list of `{sku, name, qty, price}`",
                      help: "write the items as a list (`- {sku: X1, qty: \"{{qty}}\", price: 100}`), or build that list in a json variable")
            case ("delivery_date", _):
                let type = ec.data(pair.value, reads: &reads)
                check("delivery_date", pair.value, type, allowed: { [.date, .datetime, .text, .json, .null].contains($0) },
                      expected: "a date", help: "use a date, e.g. a variable saved from a question of `type: date`, or `{{date_add(today(), 2, 'days')}}`")
                // Written as is, it must be a day the order can be delivered on (the runtime refuses `mañana`, `2026-02-30`).
                if case .template(let t) = pair.value, !TemplateText.hasHole(t.text), !t.text.isEmpty,
                   !Self.isISODate(t.text), ISOInstant.parse(t.text) == nil {
                    sink.error("invalid-date", "`delivery_date` must be a date, and `\(t.text)` is not one", file: file, range: t.range,
                               help: "write an ISO date like `2026-12-31`, or the date a question saved: `delivery_date: \"{{entrega}}\"`")
                }
            default:
                ec.data(pair.value, reads: &reads)
            }
        }
    }

    /// The bot's locale, as the runtime reads numbers and dates by it (`es-AR` when bot.yaml names none).
    var botLocale: FlowLocale {
        project.bot?.locale.flatMap { FlowLocale.named($0.value) } ?? .esAR
    }

    /// An order item's `qty` or `price` written as quoted text (`"2"`, `"1.500,50"`): read by the
    /// bot's locale when the order is made, so it must be a number there, above 0 for `qty`, 0 or
    /// more for `price`. (Text without a digit is reported when the flow is read; a `{{ }}` is
    /// worked out when the order is made.)
    func orderLiteral(_ key: String, _ t: TextValue, file: String) {
        guard !TemplateText.hasHole(t.text), t.text.contains(where: \.isNumber) else { return }
        let locale = botLocale
        guard let n = NumberText.read(t.text, locale: locale) else {
            // `"$ 100"`, `"1.500 pesos"`: the number inside, when there is one.
            let digits = t.text.filter { $0.isNumber || $0 == "." || $0 == "," || $0 == "-" }
            let meant = NumberText.read(digits, locale: locale).map(NumberText.canonical)
            sink.error("wrong-type", "`\(key)` must be a number, but \"\(t.text)\" is not one as \(locale.id) reads numbers",
                       file: file, range: t.range,
                       help: meant.map { "write the number alone: `\(key): \($0)`" }
                           ?? "write the number alone, without quotes, symbols or units, e.g. `\(key): \(key == "qty" ? "2" : "3500")`")
            return
        }
        if key == "qty" ? n <= 0 : n < 0 {
            sink.error("wrong-type", "`\(key)` must be \(key == "qty" ? "above 0" : "0 or more"), not \"\(t.text)\"", file: file, range: t.range,
                       help: key == "qty" ? "an item is ordered at least once: `qty: 1`" : "a price is never negative; a discount is its own line or a lower price")
        }
    }

    /// A pin's `lat` and `lng` are numbers within range: `"-19,9191"` or a bool would be refused by
    /// WhatsApp (text from a variable or the env is read as a number when the pin is sent).
    func checkPin(_ message: Message, ec: ExpressionChecker, file: String, reads: inout [Read]) {
        for pair in message.location ?? [] where Self.coordinateKeys.contains(pair.key.value) {
            let key = pair.key.value
            let limit: Double = key == "lat" ? 90 : 180
            var written: (value: Double, text: String, range: SourceRange)?
            switch pair.value {
            case .number(let n, let range): written = (n, Self.plainNumber(n), range)
            case .template(let t):
                let type = ec.template(t, reads: &reads, typed: true)
                if TemplateText.hasHole(t.text) {
                    if type != .number, type != .json, type != .text {
                        sink.error("type-mismatch", "`\(key)` must be a number, but `\(t.text)` is \(type)", file: file, range: t.range,
                                   help: "use a number variable, or `{{number(x)}}`")
                    }
                } else if let n = Double(t.text.trimmingPrefix(" ")), n.isFinite {
                    written = (n, t.text, t.range)
                } else {
                    sink.error("wrong-type", "`\(key)` must be a number, not text", file: file, range: t.range,
                               help: "write the number without quotes, with a point for decimals: `\(key): -34.6037`")
                }
            default:
                sink.error("wrong-type", "`\(key)` must be a number", file: file, range: pair.value.range,
                           help: "write the number, e.g. `\(key): -34.6037`")
            }
            if let written, abs(written.value) > limit {
                sink.error("invalid-value", "`\(key)` must be between -\(Int(limit)) and \(Int(limit)), not \(written.text)",
                           file: file, range: written.range, help: "`lat` is the latitude (-90 to 90), `lng` the longitude (-180 to 180)")
            }
        }
    }

    /// Digits with an optional sign and decimals, as a flow writes a number (not `nan`, `inf`, `0x1A`).
    /// Quoted text meant as a number, as a flow writes that number: `"25.000"` is `25000` where the
    /// bot's locale writes a decimal comma (es-CL), `25.000` elsewhere; `"2,5"` is `2.5`. Nil for
    /// text that is no number.
    func unquotedNumber(_ text: String) -> String? {
        let commaDecimals = project.bot?.locale.map { BotDecoder.commaDecimalLocales.contains($0.value) } ?? false
        if !commaDecimals, Self.isPlainNumber(text) { return text }
        guard text.contains(where: \.isNumber) else { return nil }
        return NumberText.parse(text, locale: botLocale).map(NumberText.canonical)
    }

    static func isPlainNumber(_ text: String) -> Bool {
        var s = Substring(text)
        if s.first == "-" || s.first == "+" { s = s.dropFirst() }
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        return (1...2).contains(parts.count) && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }
    }

    static func looksLikeEmail(_ text: String) -> Bool {
        var s = Substring(text)
        // A mailbox with a display name: `Ventas Cocolu <ventas@cocolu.com>`.
        if s.hasSuffix(">"), let open = s.lastIndex(of: "<") {
            s = s[s.index(after: open)..<s.index(before: s.endIndex)]
        }
        let parts = s.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !s.contains(" ")
    }

    /// An RFC 7230 token: what the HTTP client accepts as a header name.
    static func isHeaderName(_ name: String) -> Bool {
        !name.isEmpty && name.unicodeScalars.allSatisfy { c in
            c.isASCII && (c.properties.isAlphabetic || ("0"..."9").contains(c) || "!#$%&'*+-.^_`|~".unicodeScalars.contains(c))
        }
    }

    static func isISODate(_ s: String) -> Bool {
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]), y > 0 else { return false }
        let days = [31, (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return (1...12).contains(m) && d >= 1 && d <= days[m - 1]
    }

    /// A value written as is (`set: {qty: 50}`) for a variable declared with limits must keep
    /// them: a `number`'s `min`, `max` and `integer`, a `choice`'s choices, a `text`'s length, a
    /// `time`'s `HH:mm`.
    func checkSetValue(_ name: String, _ value: DataValue, flow f: Int, file: String) {
        // The declaration this flow sees: its own, else the bot's shared one.
        let declared = flows[f].vars.first { $0.name.value == name } ?? project.bot?.vars.first { $0.name.value == name }
        guard let decl = declared, !decl.spec.isUnknown else { return }
        let spec = decl.spec
        let declaredIn = flows[f].vars.contains { $0.name.value == name } ? flows[f].path : (project.bot?.path ?? file)
        var problem: String?
        var help = "set a value the declaration allows, or change the declaration"
        switch (spec.kind.value, value) {
        case (.number, .number(let n, _)):
            if let min = spec.min?.value, n < min { problem = "below its `min` of \(Self.plainNumber(min))" }
            else if let max = spec.max?.value, n > max { problem = "above its `max` of \(Self.plainNumber(max))" }
            else if spec.integer, n != n.rounded() { problem = "not a whole number, and it is `integer: true`" }
        case (.choice, .template(let t)) where !TemplateText.hasHole(t.text) && !spec.choices.isEmpty:
            if !spec.choices.contains(where: { $0.value == t.text }) {
                problem = "not one of its choices (" + spec.choices.map { "`\($0.value)`" }.joined(separator: ", ") + ")"
                // A set value is stored as written, so `m` never equals the `M` an answer saves.
                if let listed = spec.choices.first(where: { TextFold.folded($0.value) == TextFold.folded(t.text) }) {
                    help = "write `\(listed.value)`, as an answer is saved: a set value is stored as written"
                }
            }
        case (.text, .template(let t)) where !TemplateText.hasHole(t.text):
            if let min = spec.min?.value, Double(t.text.count) < min { problem = "shorter than its `min` of \(Self.plainNumber(min)) characters" }
            else if let max = spec.max?.value, Double(t.text.count) > max { problem = "longer than its `max` of \(Self.plainNumber(max)) characters" }
            else if !t.text.isEmpty, let p = spec.pattern, let regex = try? Regex(p.text), (try? regex.firstMatch(in: t.text)) == nil {
                problem = "not matched by its `pattern` `\(p.text)`"
            }
        case (.regex, .template(let t)) where !TemplateText.hasHole(t.text) && !t.text.isEmpty:
            if let p = spec.pattern, let regex = try? Regex(p.text), (try? regex.firstMatch(in: t.text)) == nil {
                problem = "not matched by its `pattern` `\(p.text)`"
            }
        case (.email, .template(let t)) where !TemplateText.hasHole(t.text) && !t.text.isEmpty:
            if !Self.looksLikeEmail(t.text) { problem = "not an email address" }
        case (.phone, .template(let t)) where !TemplateText.hasHole(t.text) && !t.text.isEmpty:
            if !Self.looksLikePhone(t.text) { problem = "not a phone number" }
        case (.time, .template(let t)) where !TemplateText.hasHole(t.text) && !t.text.isEmpty:
            // A time answer is saved as `HH:mm`, and only that text compares as the times do.
            if !ExpressionTypeChecker.isClockText(t.text) {
                problem = "not a time of day written `HH:mm`"
                help = ExpressionTypeChecker.clockText(t.text).map { "write `\"\($0)\"`, as a time answer is saved" }
                    ?? "write a time of day `HH:mm` from 00:00 to 23:59, e.g. `\"09:30\"`"
            }
        case (.date, .template(let t)) where Self.isISODate(t.text):
            // Only fixed bounds (`after: 2026-01-01`); `today` moves. Both are strict, as for answers.
            if let a = spec.after?.text, Self.isISODate(a), t.text <= a { problem = "not after its `after` of \(a)" }
            else if let b = spec.before?.text, Self.isISODate(b), t.text >= b { problem = "not before its `before` of \(b)" }
        default:
            return
        }
        guard let problem else { return }
        sink.error("invalid-value", "the value set for `\(name)` is \(problem)", file: file, range: value.range,
                   notes: [DiagnosticNote("`\(name)` is declared here", file: declaredIn, range: spec.range)],
                   help: help)
    }

    /// A phone number as written (`+54 9 11 5555-1234`, `(011) 4555-1234`): digits with the usual
    /// separators and an optional leading `+`, 6 to 15 digits.
    static func looksLikePhone(_ text: String) -> Bool {
        var digits = 0
        let body = text.lowercased().hasPrefix("tel:") ? Substring(text.dropFirst(4)) : Substring(text)
        for (i, c) in body.unicodeScalars.enumerated() {
            if ("0"..."9").contains(c) { digits += 1 }
            else if c == "+" { if i != 0 { return false } }
            // Any space or dash (a no-break space, an en dash), dots, brackets, a slash.
            else if !(".()/".unicodeScalars.contains(c) || c.properties.generalCategory == .spaceSeparator
                      || c.properties.generalCategory == .dashPunctuation || c == "\t") { return false }
        }
        return (6...15).contains(digits)
    }

    static func plainNumber(_ d: Double) -> String { d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(d) }
}
