import FlowDiagnostics

/// Values of the YAML tree read against what a key takes: integers, numbers, bools, durations,
/// targets, lists, and data (the values `set`, `json`, `order` and `track` take).
extension NodeDecoder {
    func integer(_ node: YAMLNode, what: String, minimum: Int = 0, maximum: Int? = nil) -> Located<Int>? {
        guard let scalar = node.scalar, case .int(let v) = scalar.value else {
            // Digits too many for an integer (read as a float): too large, not of the wrong type.
            if case .float(let f)? = node.scalar?.value, f == f.rounded(), abs(f) >= 9.2e18, !node.isBroken {
                error("wrong-type", "\(what) is far too large: `\(node.scalar?.text ?? "")`", node.range,
                      help: maximum.map { "write a whole number from \(minimum) to \($0)" } ?? "write a small whole number, e.g. `3`")
                return nil
            }
            // `retries: 2.5`: a number, but not a whole one.
            if case .float(let f)? = node.scalar?.value, f.isFinite, !node.isBroken, let text = node.scalar?.text {
                let whole = f.rounded(.down) >= Double(minimum) ? f.rounded(.down) : f.rounded(.up)
                error("wrong-type", "\(what) must be a whole number, not \(text) (a fraction)", node.range,
                      help: abs(whole) < 1e15 ? "write `\(Int(whole))`" : "write a whole number")
                return nil
            }
            wrongType(node, expected: "a whole number", what: what)
            return nil
        }
        guard v >= minimum else {
            error("wrong-type", "\(what) must be at least \(minimum), not \(v)", node.range)
            return nil
        }
        if let maximum, v > maximum {
            error("wrong-type", "\(what) must be at most \(maximum), not \(v)", node.range,
                  help: "write a whole number from \(minimum) to \(maximum)")
            return nil
        }
        return Located(v, node.range)
    }

    func number(_ node: YAMLNode, what: String) -> Located<Double>? {
        guard let scalar = node.scalar else { wrongType(node, expected: "a number", what: what); return nil }
        switch scalar.value {
        case .int(let v): return Located(Double(v), node.range)
        case .float(let v) where v.isFinite: return Located(v, node.range)
        case .float:
            // `.inf`, `.nan`: numbers to YAML, but no bound or amount a flow can use.
            error("wrong-type", "\(what) must be a finite number, not `\(scalar.text)`", node.range, help: "write a number such as `1` or `20`")
            return nil
        default:
            wrongType(node, expected: "a number", what: what)
            return nil
        }
    }

    func bool(_ node: YAMLNode, what: String) -> Bool? {
        guard let scalar = node.scalar, case .bool(let v) = scalar.value else {
            var help: String?
            if let t = node.scalar?.text, ["yes", "no", "on", "off", "y", "n"].contains(t.lowercased()) {
                help = "write `true` or `false` (`\(t)` is text in YAML 1.2)"
            }
            wrongType(node, expected: "`true` or `false`", what: what, help: help)
            return nil
        }
        return v
    }

    func duration(_ node: YAMLNode, what: String) -> Duration? {
        guard let scalar = node.scalar else { wrongType(node, expected: "a duration like `15m`", what: what); return nil }
        if let ms = Duration.parse(scalar.text) {
            if ms == 0 {
                error("invalid-duration", "\(what) `\(scalar.text)` is zero", node.range, help: "use a positive duration like `30s`")
                return nil
            }
            return Duration(text: scalar.text, milliseconds: ms, range: node.range)
        }
        var help = "write a number and a unit: `500ms`, `30s`, `15m`, `2h`, `1d`, or combined, largest unit first, like `1h30m`"
        var bare: String?
        if case .int(let n) = scalar.value { bare = "\(n)" }
        if !scalar.text.isEmpty, scalar.text.allSatisfy(\.isNumber) { bare = scalar.text }
        if let bare {
            // A typing pause of `500` means milliseconds: 500 seconds of "typing…" is no pause.
            let milliseconds = what == "`delay`" && (Int(bare.prefix(18)) ?? .max) >= 100
            help = milliseconds ? "add a unit, e.g. `\(bare)ms` or `\(bare)s`" : "add a unit, e.g. `\(bare)s` or `\(bare)m`"
        }
        if let fixed = Self.durationFix(scalar.text) { help = "write `\(fixed)`" }
        if scalar.text.hasPrefix("-"), Duration.parse(String(scalar.text.dropFirst())) != nil {
            help = "a duration cannot be negative: write `\(scalar.text.dropFirst())`"
        }
        error("invalid-duration", "`\(scalar.text)` is not a valid duration for \(what)", node.range, help: help)
        return nil
    }

    /// A valid spelling of a duration written another way: `1h 30m` → `1h30m`, `2hrs` → `2h`,
    /// `15 minutos` → `15m`, `1.5s` → `1500ms`, `1w` → `7d`, ISO `PT15M` → `15m`; nil when none.
    static func durationFix(_ text: String) -> String? {
        var compact = text.lowercased().filter { $0 != " " }
        if compact.hasPrefix("p"), let iso = isoDuration(compact) { return iso }
        // Unit words of English, Spanish and Portuguese, longest first.
        let words: [(String, String)] = [
            ("milliseconds", "ms"), ("millisecond", "ms"), ("milisegundos", "ms"), ("minutes", "m"), ("minute", "m"),
            ("minutos", "m"), ("minuto", "m"), ("mins", "m"), ("min", "m"), ("seconds", "s"), ("second", "s"),
            ("segundos", "s"), ("segundo", "s"), ("secs", "s"), ("sec", "s"), ("seg", "s"), ("hours", "h"), ("hour", "h"),
            ("horas", "h"), ("hora", "h"), ("hrs", "h"), ("hr", "h"), ("hs", "h"), ("days", "d"), ("day", "d"),
            ("dias", "d"), ("días", "d"), ("dia", "d"), ("día", "d"),
        ]
        for (long, short) in words { compact = compact.replacing(long, with: short) }
        if Duration.parse(compact) != nil, compact != text { return compact }
        // Weeks as days.
        for unit in ["weeks", "week", "semanas", "semana", "wk", "w"] where compact.hasSuffix(unit) {
            if let n = Int(compact.dropLast(unit.count)), n > 0, n < 10_000 { return "\(n * 7)d" }
        }
        // A fraction: `1.5s` → `1500ms`, `1.5h` → `90m`, `2,5m` → `150s`.
        let number = compact.prefix { $0.isNumber || $0 == "." || $0 == "," }
        let unit = compact.dropFirst(number.count)
        if let value = Double(number.replacing(",", with: ".")), value > 0, value < 1e6,
           let (scale, smaller) = ["d": (24.0, "h"), "h": (60.0, "m"), "m": (60.0, "s"), "s": (1000.0, "ms")][String(unit)] {
            let whole = value * scale
            if whole == whole.rounded() { return "\(Int(whole))\(smaller)" }
        }
        return nil
    }

    /// ISO 8601 `P1DT2H30M` as `1d2h30m`.
    private static func isoDuration(_ text: String) -> String? {
        var out = ""
        var digits = ""
        var inTime = false
        for character in text.dropFirst() {
            if character == "t" { inTime = true; continue }
            if character.isNumber { digits.append(character); continue }
            guard !digits.isEmpty else { return nil }
            switch (character, inTime) {
            case ("d", false): out += digits + "d"
            case ("h", true): out += digits + "h"
            case ("m", true): out += digits + "m"
            case ("s", true): out += digits + "s"
            default: return nil
            }
            digits = ""
        }
        return digits.isEmpty && !out.isEmpty && Duration.parse(out) != nil ? out : nil
    }

    func target(_ node: YAMLNode, what: String) -> Target? {
        guard let scalar = node.scalar, case .string(let s) = scalar.value else {
            flags.lostTargets = true
            wrongType(node, expected: "a step or flow name", what: what)
            return nil
        }
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, parts.allSatisfy(Self.isLooseIdentifier) else {
            flags.lostTargets = true
            error("invalid-target", "`\(s)` is not a valid target for \(what)", node.range,
                  help: Self.targetFix(s).map { "did you mean `\($0)`? (a target is `step`, `flow` or `flow.step`)" }
                      ?? "write `step`, `flow` or `flow.step` (\(Self.namePattern))")
            return nil
        }
        let quoted = (scalar.style == .singleQuoted || scalar.style == .doubleQuoted) && node.range.start.line == node.range.end.line
        return Target(text: s, range: node.range, quoted: quoted)
    }

    /// What a target written another way means: `support/agent`, `support:agent`, `support->agent`
    /// or `support#agent` is `support.agent`; `flows/support.yaml` is `support`; `“bye”`, in the
    /// curly quotes a phone's keyboard types, is `bye`.
    static func targetFix(_ text: String) -> String? {
        let curly: Set<Character> = ["\u{201C}", "\u{201D}", "\u{2018}", "\u{2019}", "\u{00AB}", "\u{00BB}", "\u{201E}"]
        var t = Substring(text)
        while let c = t.first, curly.contains(c) { t = t.dropFirst() }
        while let c = t.last, curly.contains(c) { t = t.dropLast() }
        if t.hasPrefix("flows/") { t = t.dropFirst(6) }
        for suffix in [".yaml", ".yml"] where t.hasSuffix(suffix) { t = t.dropLast(suffix.count) }
        var parts: [Substring] = []
        var current = Substring()
        var index = t.startIndex
        while index < t.endIndex {
            let c = t[index]
            if c == "/" || c == ":" || c == "#" || c == "." || c == ">" || c == "-" && t[t.index(after: index)...].hasPrefix(">") {
                if !current.isEmpty { parts.append(current) }
                current = Substring()
                if c == "-" { index = t.index(after: index) }
            } else {
                current.append(c)
            }
            index = t.index(after: index)
        }
        if !current.isEmpty { parts.append(current) }
        // Words a space apart are one name in snake_case (`paso final` → `paso_final`).
        parts = parts.map { part in Substring(part.split(separator: " ").joined(separator: "_")) }.filter { !$0.isEmpty }
        guard (1...2).contains(parts.count), parts.allSatisfy(isLooseIdentifier) else { return nil }
        let fixed = parts.joined(separator: ".")
        return fixed == text ? nil : fixed
    }

    func list(_ node: YAMLNode, what: String) -> [YAMLNode]? {
        guard let items = node.sequence else {
            wrongType(node, expected: "a list", what: what)
            return nil
        }
        return items
    }

    /// Any YAML value where strings are templates.
    func data(_ node: YAMLNode, what: String) -> DataValue {
        switch node.kind {
        case .scalar(let s):
            switch s.value {
            case .null: return .null(node.range)
            case .bool(let b): return .bool(b, node.range)
            case .int(let i): return .number(Double(i), node.range)
            case .float(let d) where d.isFinite: return .number(d, node.range)
            case .float:
                // `.inf`, `.nan`, `1e400`: no number a message, a comparison or an API can use.
                error("wrong-type", "`\(s.text)` in \(what) is not a finite number", node.range,
                      help: "write a number such as `1000000`, or quote it to mean the text: \"\(s.text)\"")
                return .null(node.range)
            case .string: return .template(TextValue(text: s.text, node: node))
            }
        case .sequence(let items):
            return .list(items.map { data($0, what: what) }, node.range)
        case .mapping(let pairs):
            return .map(pairs.compactMap { pair in
                guard let key = pair.keyText else { return nil }
                return (Located(key, pair.key.range), data(pair.value, what: what))
            }, node.range)
        }
    }

    /// A key that is the rest of the value before it, cut by a `,` inside `{…}` (`{precio: 1.500,50}`):
    /// on the same line, with no value, and no name of its own. `number` is the value as a number
    /// when both parts are digits (`1500.50`; `1500` for `1,500`).
    func commaSplitValue(_ previous: YAMLPair, _ pair: YAMLPair) -> (name: String, written: String, rest: String, number: String?)? {
        guard pair.value.isNull, let rest = pair.keyText, let keyScalar = pair.key.scalar, keyScalar.style == .plain,
              !Self.isVariableName(rest), let name = previous.keyText, let value = previous.value.scalar, value.style == .plain,
              !value.text.isEmpty, previous.value.range.end.line == pair.key.range.start.line else { return nil }
        let spaced = pair.key.range.start.column - previous.value.range.end.column > 1
        let written = value.text + (spaced ? ", " : ",") + rest
        let digits = rest.allSatisfy(\.isASCII) && rest.allSatisfy(\.isNumber)
        let groups = value.text.split(separator: ".", omittingEmptySubsequences: false)
        guard digits, groups.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              groups.dropFirst().allSatisfy({ $0.count == 3 }) else { return (name, written, rest, nil) }
        let whole = groups.joined()
        // `1,500` with nothing after the comma but three digits is a thousands separator.
        return (name, written, rest, groups.count == 1 && rest.count == 3 ? whole + rest : whole + "." + rest)
    }

    /// A mapping of names to data values (`set`, `headers`, `properties`).
    func dataMap(_ node: YAMLNode, what: String, keysAreVariables: Bool = false) -> [(key: Located<String>, value: DataValue)]? {
        guard let pairs = node.mapping else {
            wrongType(node, expected: "a mapping", what: what)
            return nil
        }
        return pairs.indices.compactMap { n in
            let pair = pairs[n]
            let key: Located<String>?
            if keysAreVariables, n > 0, let split = commaSplitValue(pairs[n - 1], pair) {
                // `{precio: 1.500,50}`: the comma ended the value, and `50` became a key.
                error("invalid-id", "`\(split.rest)` is read as a variable name: the `,` in `\(split.written)` ends the value of `\(split.name)` inside `{…}`",
                      pair.key.range, help: "a comma separates entries in `{…}`: " + (split.number.map { "write `\(split.name): \($0)`, or quote the value: " } ?? "quote the value: ")
                          + "`\(split.name): \"\(split.written)\"`")
                key = nil
            } else if keysAreVariables {
                key = variableKey(pair)
            } else {
                key = pair.keyText.map { Located($0, pair.key.range) }
            }
            guard let key else { return nil }
            return (key, data(pair.value, what: what))
        }
    }
}
