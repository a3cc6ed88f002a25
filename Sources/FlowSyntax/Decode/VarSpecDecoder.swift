import FlowDiagnostics

extension NodeDecoder {
    /// `text` or `{type: number, min: 1}`.
    func varSpec(_ node: YAMLNode, what: String) -> VarSpec? {
        if let scalar = node.scalar {
            guard let kind = varKind(node, text: scalar.text, what: what) else { return nil }
            if kind.value == .regex {
                error("missing-key", "a `regex` type needs a `pattern`", node.range,
                      help: "write `{type: regex, pattern: \"^[A-Z]{3}[0-9]{3}$\"}`")
            }
            if kind.value == .choice {
                error("missing-key", "a `choice` type needs `choices`", node.range,
                      help: "write `{type: choice, choices: [rojo, azul]}`")
            }
            return VarSpec(kind: kind, range: node.range)
        }
        let allOptions = ["type", "description"] + Array(Set(VarKind.allCases.flatMap(\.options))).sorted()
        guard node.mapping != nil else { wrongType(node, expected: "a type name or `{type: …}`", what: what); return nil }
        guard let typeNode = node["type"] else {
            // `tipe: choice` is already reported as an unknown key that means `type`.
            if let f = fields(node, allowed: allOptions, what: what), f.mayMean(["type"]) { return nil }
            error("missing-key", "\(what) needs `type`", node.range, help: "write e.g. `{type: number, min: 1}`")
            return nil
        }
        guard let typeText = typeNode.scalar?.text, let kind = varKind(typeNode, text: typeText, what: what) else { return nil }
        let allowed = ["type", "description"] + kind.value.options
        var elsewhere: [String: String] = [:]
        // (Worked out only where a key is out of place: most declarations have none.)
        let misplaced = node.mapping?.contains { pair in pair.keyText.map { !allowed.contains($0) } ?? false } ?? false
        for option in misplaced ? Set(VarKind.allCases.flatMap(\.options)) : [] where !allowed.contains(option) {
            let owners = VarKind.allCases.filter { $0.options.contains(option) }.map { "`\($0.rawValue)`" }
            elsewhere[option] = (owners.count == 1 ? "type \(owners[0])" : "types " + owners.dropLast().joined(separator: ", ") + " and " + (owners.last ?? ""))
                + ", not `\(kind.value.rawValue)`"
        }
        // A date is bounded by the days it may fall after and before.
        if misplaced, kind.value == .date {
            elsewhere["min"] = "types `text` and `number`; a date is bounded with `after` and `before` (days left out)"
            elsewhere["max"] = elsewhere["min"]
        }
        guard let f = fields(node, allowed: allowed, what: "\(Self.article(kind.value.rawValue)) `\(kind.value.rawValue)` type", elsewhere: elsewhere) else { return nil }
        var spec = VarSpec(kind: kind, range: node.range)
        // `max: "{{stock}}"`: every string is a template, a bound too (worked out when asked).
        if let n = f["min"], let t = boundTemplate(n, kind: kind.value) { spec.minTemplate = t }
        else if let n = f["min"] {
            if kind.value == .text { spec.min = integer(n, what: "`min` (a length)").map { Located(Double($0.value), $0.range) } }
            else { spec.min = number(n, what: "`min`") }
        }
        if let n = f["max"], let t = boundTemplate(n, kind: kind.value) { spec.maxTemplate = t }
        else if let n = f["max"] {
            if kind.value == .text { spec.max = integer(n, what: "`max` (a length)", minimum: 1).map { Located(Double($0.value), $0.range) } }
            else { spec.max = number(n, what: "`max`") }
        }
        if let mn = spec.min, let mx = spec.max, mn.value > mx.value {
            error("invalid-range", "`min` (\(fmt(mn.value))) is larger than `max` (\(fmt(mx.value)))", mx.range,
                  notes: [DiagnosticNote("`min` is here", file: path, range: mn.range)],
                  help: "no answer could ever be valid; swap them")
        }
        if let n = f["integer"] { spec.integer = bool(n, what: "`integer`") ?? false }
        if spec.integer, let mn = spec.min, let mx = spec.max, mn.value <= mx.value, mn.value.rounded(.up) > mx.value.rounded(.down) {
            error("invalid-range", "no whole number is between `min` (\(fmt(mn.value))) and `max` (\(fmt(mx.value)))", mx.range,
                  notes: [DiagnosticNote("`min` is here", file: path, range: mn.range)],
                  help: "no answer could ever be valid; widen the range or remove `integer: true`")
        }
        if let n = f["pattern"] { spec.pattern = text(n, what: "`pattern`") }
        if kind.value == .regex, spec.pattern == nil, f["pattern"] == nil, !f.mayMean(["pattern"]) {
            error("missing-key", "a `regex` type needs a `pattern`", node.range, help: "add e.g. `pattern: '^[A-Z]{3}\\d{3}$'`")
        }
        if let n = f["region"], let t = text(n, what: "`region`") {
            let s = t.text
            if PhoneRegions.all.contains(s) {
                spec.region = Located(s, n.range)
            } else if s.count == 2, s.unicodeScalars.allSatisfy({ $0.value >= 65 && $0.value <= 90 }) {
                let help = Self.regionAliases[s].map { "the code of \($0.name) is `\($0.code)`" }
                    ?? "use a two-letter ISO 3166 code in capitals, e.g. `AR`, `MX`, `BR`"
                error("invalid-region", "`\(s)` is not a country with phone numbers", n.range, help: help)
            } else {
                error("invalid-region", "`\(s)` is not a country code", n.range,
                      help: "use a two-letter ISO 3166 code in capitals, e.g. `AR`, `MX`, `BR`" +
                        (s.count == 2 && PhoneRegions.all.contains(s.uppercased()) ? "; write `\(s.uppercased())`" : ""))
            }
        }
        if let n = f["after"] { spec.after = text(n, what: "`after`") }
        if let n = f["before"] { spec.before = text(n, what: "`before`") }
        if let n = f["format"] { spec.format = text(n, what: "`format`") }
        if let after = spec.after, let before = spec.before, Self.isISODate(after.text), Self.isISODate(before.text),
           after.text >= before.text {
            error("invalid-range", "`after` (\(after.text)) is not before `before` (\(before.text))", before.range,
                  notes: [DiagnosticNote("`after` is here", file: path, range: after.range)],
                  help: "no date is after the first and before the second; swap them")
        } else if let after = spec.after, let before = spec.before, Self.isISODate(after.text), Self.isISODate(before.text),
                  let a = Self.dayNumber(after.text), let b = Self.dayNumber(before.text), b - a == 1 {
            error("invalid-range", "no date is after \(after.text) and before \(before.text): both bounds are left out", before.range,
                  notes: [DiagnosticNote("`after` is here", file: path, range: after.range)],
                  help: "`after` and `before` exclude their own days; for that one day write `after` the day before it")
        } else if let after = spec.after, let before = spec.before, let a = Self.relativeDay(after.text),
                  let b = Self.relativeDay(before.text), b - a <= 1 {
            // `after: today, before: tomorrow`: both move with the day, so the gap between them is
            // known (an ISO date with `today` can only be judged on the day).
            let message = b > a ? "no date is after \(after.text) and before \(before.text): both bounds are left out"
                : b == a ? "no date is after \(after.text) and before \(before.text): they are the same day"
                : "`after` (\(after.text)) is not before `before` (\(before.text))"
            // For the one day `after` names: the words in the language the bounds are written in.
            let oneDay = Self.relativeWord(a - 1, like: after.text).flatMap { from in
                Self.relativeWord(a + 1, like: after.text).map { "; for \(after.text) alone write `after: \(from), before: \($0)`" }
            } ?? ""
            let help = b >= a ? "`after` and `before` exclude their own days" + oneDay : "no date is after the first and before the second; swap them"
            error("invalid-range", message, before.range, notes: [DiagnosticNote("`after` is here", file: path, range: after.range)], help: help)
        }
        if let n = f["choices"], let items = list(n, what: "`choices`") {
            spec.choices = items.compactMap { item in text(item, what: "a choice").map { Located($0.text, item.range) } }
            if spec.choices.isEmpty { error("missing-key", "`choices` is empty", n.range, help: "list the answers, e.g. `choices: [efectivo, tarjeta]`") }
            // Answers match without regard to case: a choice that differs only so could never be chosen.
            // (`papa` and `papá` are told apart: an answer written with its accent, or without, picks its own.)
            var seen: [String: Located<String>] = [:]
            for choice in spec.choices {
                let key = choice.value.lowercased()
                if let first = seen[key] {
                    error("duplicate-option", "choice `\(choice.value)` is the same answer as `\(first.value)`", choice.range,
                          notes: [DiagnosticNote("`\(first.value)` is here", file: path, range: first.range)],
                          help: "answers are matched without regard to case; remove one")
                } else {
                    seen[key] = choice
                }
            }
        } else if kind.value == .choice, f["choices"] == nil, !f.mayMean(["choices"]) {
            error("missing-key", "a `choice` type needs `choices`", node.range, help: "add e.g. `choices: [efectivo, tarjeta]`")
        }
        return spec
    }

    /// A `min`/`max` written as a template with holes (`"{{stock}}"`), for a text or a number.
    private func boundTemplate(_ node: YAMLNode, kind: VarKind) -> TextValue? {
        guard kind == .text || kind == .number, let scalar = node.scalar, case .string = scalar.value,
              TemplateText.hasHole(scalar.text) else { return nil }
        return text(node, what: "a bound")
    }

    /// `yyyy-MM-dd` (compared as text, such dates sort as days do).
    /// Days since 1970-01-01 of an ISO date (`isISODate`), by the proleptic Gregorian calendar.
    static func dayNumber(_ s: String) -> Int? {
        let parts = s.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        let (y, m, d) = (parts[1] <= 2 ? parts[0] - 1 : parts[0], parts[1], parts[2])
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        return era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468
    }

    /// The bound words the checker accepts for yesterday, today and tomorrow, by language.
    private static let relativeWords = [["yesterday", "today", "tomorrow"], ["ayer", "hoy", "mañana"], ["ontem", "hoje", "amanhã"]]

    /// Days from today of a bound word (`yesterday` -1, `hoy` 0, `amanhã` 1, in any case); nil
    /// for a date or a template.
    static func relativeDay(_ s: String) -> Int? {
        let word = s.lowercased()
        return relativeWords.lazy.compactMap { $0.firstIndex(of: word) }.first.map { $0 - 1 }
    }

    /// The bound word for `offset` days from today in the language of `word` (`hoy` → `ayer`).
    static func relativeWord(_ offset: Int, like word: String) -> String? {
        guard (-1...1).contains(offset), let words = relativeWords.first(where: { $0.contains(word.lowercased()) }) else { return nil }
        return words[offset + 1]
    }

    static func isISODate(_ s: String) -> Bool {
        let b = Array(s.utf8)
        return b.count == 10 && b[4] == 0x2D && b[7] == 0x2D
            && b.indices.allSatisfy { $0 == 4 || $0 == 7 || (b[$0] >= 0x30 && b[$0] <= 0x39) }
    }

    private func fmt(_ d: Double) -> String {
        d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(d)
    }

    private func varKind(_ node: YAMLNode, text: String, what: String) -> Located<VarKind>? {
        if let kind = VarKind(rawValue: text) { return Located(kind, node.range) }
        let help = Self.typeWords[Suggestion.plainKey(text)].map { "did you mean `\($0)`?" }
            ?? Suggestion.didYouMean(text, in: VarKind.allCases.map(\.rawValue))
            ?? "types: " + VarKind.allCases.map(\.rawValue).joined(separator: ", ")
        error("unknown-type", "unknown type `\(text)` in \(what)", node.range, help: help)
        return nil
    }

    /// `a` or `an` before a type's name as written (`an` `email`, `an` `image`, `a` `yes_no`).
    static func article(_ name: String) -> String {
        name.first.map { "aeiou".contains($0) } == true ? "an" : "a"
    }

    /// Type names as other languages and tools write them (folded as ``Suggestion/plainKey(_:)``:
    /// `teléfono` is `telefono`), and the type each means.
    static let typeWords: [String: String] = [
        "string": "text", "str": "text", "int": "number", "integer": "number", "float": "number", "boolean": "bool",
        "yesno": "yes_no", "object": "json", "array": "list", "tel": "phone", "mail": "email",
        // Spanish and Portuguese.
        "texto": "text", "numero": "number", "entero": "number", "inteiro": "number", "decimal": "number",
        "telefono": "phone", "celular": "phone", "movil": "phone", "telefone": "phone",
        "correo": "email", "correo_electronico": "email", "e_mail": "email",
        "fecha": "date", "hora": "time", "fecha_hora": "datetime", "data_hora": "datetime",
        "si_no": "yes_no", "sino": "yes_no", "sim_nao": "yes_no", "simnao": "yes_no", "booleano": "bool",
        "opcion": "choice", "opciones": "choice", "opcao": "choice", "opcoes": "choice", "eleccion": "choice", "escolha": "choice",
        "imagen": "image", "imagem": "image", "foto": "image", "photo": "image", "picture": "image",
        "documento": "document", "archivo": "document", "arquivo": "document", "file": "document",
        "ubicacion": "location", "localizacion": "location", "localizacao": "location",
        "lista": "list", "expresion_regular": "regex", "patron": "regex", "cualquiera": "any", "qualquer": "any",
    ]

    /// Codes people write for a country whose ISO code differs.
    static let regionAliases: [String: (name: String, code: String)] = [
        "UK": ("the United Kingdom", "GB"), "EN": ("England", "GB"), "EL": ("Greece", "GR"),
        "SP": ("Spain", "ES"), "RD": ("the Dominican Republic", "DO"),
    ]
}
