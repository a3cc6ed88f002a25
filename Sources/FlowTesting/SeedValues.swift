import FlowBytecode
import FlowDiagnostics
import FlowChecker
import FlowSyntax
import FlowValidation
import FlowVM

/// Variables given from outside a conversation (`flowc chat --var`, a test's `vars:`), turned
/// into the types the bot declares for them: `--var zip=1425` is the text `"1425"` when `zip` is
/// `text`, `vars: {day: 2026-12-31}` is a date when `day` is a `date`, so that the flow compares
/// and formats them as it would an answer.
public enum SeedValues {
    /// Every variable's type as the bot gives it: bot.yaml's shared `vars`, then each flow's, then
    /// the `expect:` of an `ask` saving into a variable none of them declares (`save: tel` +
    /// `expect: phone`).
    static func declarations(_ project: Project) -> [(name: String, spec: VarSpec)] {
        let declared = ((project.bot?.vars ?? []) + project.flows.flatMap(\.vars)).map { (name: $0.name.value, spec: $0.spec) }
        let names = Set(declared.map(\.name))
        var inline: [(name: String, spec: VarSpec)] = []
        for flow in project.flows {
            for step in flow.steps {
                guard case .ask(let ask) = step.kind, let expect = ask.expect, let save = ask.options.save?.value,
                      !names.contains(save) else { continue }
                inline.append((save, expect))
            }
        }
        return declared + inline
    }

    /// Declared kinds by variable name: bot.yaml's shared `vars`, then each flow's, then an `ask`'s
    /// `expect:` (a name declared with different kinds in two places is left out).
    public static func declaredKinds(_ project: Project) -> [String: VarKind] {
        var kinds: [String: VarKind] = [:]
        var conflicting = Set<String>()
        for decl in declarations(project) {
            let name = decl.name, kind = decl.spec.kind.value
            if let known = kinds[name], known != kind { conflicting.insert(name) }
            kinds[name] = kind
        }
        for name in conflicting { kinds[name] = nil }
        return kinds
    }

    /// Variables that hold a photo, a file or a place (declared so, or by an `ask`'s `expect:`).
    public static func mediaNames(_ project: Project) -> Set<String> {
        Set(declaredKinds(project).filter { [VarKind.image, .document, .location].contains($0.value) }.keys)
    }

    /// Every conversation variable the bot's flows know: declared, saved by a step (answers,
    /// `set`, `http`/`query`/`order` results, statuses) or a named group of a regex.
    public static func knownNames(_ project: Project) -> Set<String> {
        let declared = (project.bot?.vars ?? []) + project.flows.flatMap(\.vars)
        var names = Set(declared.map(\.name.value))
        func groups(_ pattern: String) {
            var rest = Substring(pattern)
            while let open = rest.firstRange(of: "(?<") {
                rest = rest[open.upperBound...]
                guard !rest.hasPrefix("="), !rest.hasPrefix("!"), let close = rest.firstIndex(of: ">") else { continue }
                names.insert(String(rest[..<close]))
            }
        }
        for decl in declared { if let pattern = decl.spec.pattern { groups(pattern.text) } }
        for flow in project.flows {
            for case .regex(let pattern) in flow.triggers { groups(pattern.text) }
            for step in flow.steps {
                if let save = step.save { names.insert(save.value) }
                if let status = step.saveStatus { names.insert(status.value) }
                switch step.kind {
                case .ask(let ask):
                    if let save = ask.options.save { names.insert(save.value) }
                    if let pattern = ask.expect?.pattern { groups(pattern.text) }
                case .menu(let menu):
                    if let save = menu.options.save { names.insert(save.value) }
                case .set(let pairs):
                    for pair in pairs { names.insert(pair.key.value) }
                default:
                    break
                }
            }
        }
        return names
    }

    /// The names given (`--var`, a test's `vars:`) that no flow of the bot knows, each with a
    /// "did you mean" when one is close: a misspelt name would otherwise be ignored in silence.
    public static func unknown(_ given: some Sequence<String>, project: Project?) -> [String] {
        guard let project else { return [] }
        let known = knownNames(project)
        return given.filter { !known.contains($0) }.sorted().map { name in
            let hint = Suggestion.didYouMean(name, in: Array(known)).map { "; \($0)" } ?? ""
            return "`\(name)` is no variable of this bot\(hint)"
        }
    }

    /// Kinds whose values are texts kept as written (`01425` keeps its zero).
    static let textLike: Set<VarKind> = [.text, .phone, .email, .regex, .choice, .time]

    /// A test's `vars:`: a text-like variable takes its scalar as the test wrote it (`zip: 01425`
    /// is the text "01425", not the number YAML reads).
    public static func asWritten(_ vars: [String: Value], texts: [String: String], project: Project?) -> [String: Value] {
        guard let project else { return vars }
        let kinds = declaredKinds(project)
        var out = vars
        for (name, text) in texts where kinds[name].map(textLike.contains) == true { out[name] = .text(text) }
        return out
    }

    /// A test's `expect: vars:` as the variables would hold them: scalars as written for text-like
    /// variables, then typed and normalised as an answer is (a phone in E.164, an e-mail's domain in
    /// lower case, a date-time in the bot's zone, or `zone`: a test's own locale's); a value that is
    /// no valid one stays as written.
    public static func expected(_ pairs: [(String, Value)], texts: [String: String], project: Project?,
                                locale: String?, today: Int, zone: ZoneRules? = nil) -> [(String, Value)] {
        guard let project else { return pairs }
        var given = asWritten(Dictionary(pairs, uniquingKeysWith: { first, _ in first }), texts: texts, project: project)
        // Only a date-time, and a text of a number, are converted up front: the number read by the
        // locale as the flow reads one (`"38.000"` is 38000 in es-CO), when it is written as a number
        // in full (`"04"` and `"4."` are not the 4 a flow saved).
        let kinds = declaredKinds(project), zone = zone ?? zoneRules(project)
        let numbers = FlowLocale.named(locale ?? project.bot?.locale?.value ?? "es-AR") ?? .esAR
        for (name, value) in given {
            switch (kinds[name], value) {
            case (.datetime?, _): given[name] = convert(value, to: .datetime, zone: zone)
            case (.number?, .text(let text)) where !Self.hasLeadingZero(text) && NumberText.parse(text.trimmingSpaces, locale: numbers) != nil:
                given[name] = convert(value, to: .number, locale: numbers)
            default: break
            }
        }
        let normal = validated(given, project: project, locale: locale, today: today).values
        return pairs.map { ($0.0, normal[$0.0] ?? $0.1) }
    }

    /// A contact's phone as a channel gives it: E.164 in its WhatsApp form, read with the bot's
    /// country (`11 5555-1234` in es-AR is `+5491155551234`); as written when it is no number.
    public static func phoneAsChannelsGiveIt(_ written: String, locale: String) -> String {
        // Twilio's form, `whatsapp:+5491155551234`, is the number too.
        let phone = written.lowercased().hasPrefix("whatsapp:") ? String(written.dropFirst(9)) : written
        guard !phone.isEmpty, let number = PhoneNumber.parse(phone, region: FlowLocale.named(locale)?.region) else { return phone }
        return number.whatsAppForm.e164
    }

    /// `vars` with each value converted to its variable's declared kind where that is lossless; a
    /// local date-time in `zone` (a test's own locale's), else the bot's; a text of a number read by
    /// `locale` as the bot reads one (`"38.000"` is 38000 in es-CO).
    public static func typed(_ vars: [String: Value], project: Project?, zone: ZoneRules? = nil, locale: FlowLocale? = nil) -> [String: Value] {
        guard let project else { return vars }
        let kinds = declaredKinds(project)
        let zone = zone ?? zoneRules(project)
        return vars.reduce(into: [:]) { out, pair in
            out[pair.key] = kinds[pair.key].map { convert(pair.value, to: $0, zone: zone, locale: locale) } ?? pair.value
        }
    }

    /// The bot's time zone, as its conversations render date-times.
    static func zoneRules(_ project: Project?) -> ZoneRules {
        TimeZones.rules(project?.bot?.timezone?.value ?? "", locale: project?.bot?.locale?.value ?? "es-AR")
    }

    /// `--var k=v` values: a text-like variable (`text`, `phone`, `email`, `regex`, `choice`,
    /// `time`) takes the text as written (`01425` keeps its zero); a `number` is read by `locale` as
    /// the bot reads a text of one (`38.000` is 38000 in es-CO, 38 in en-US); others are read by
    /// `parse` and converted as ``typed(_:project:zone:locale:)`` does.
    public static func typed(raw: [String: String], project: Project?, locale: FlowLocale, parse: (String) -> Value) -> [String: Value] {
        let kinds = project.map(declaredKinds) ?? [:]
        let zone = zoneRules(project)
        return raw.reduce(into: [:]) { out, pair in
            if let kind = kinds[pair.key], textLike.contains(kind) {
                // As written; a JSON string (`"01425"`, as a bundle needs it) is its text.
                if pair.value.hasPrefix("\""), case .text(let text) = parse(pair.value) {
                    out[pair.key] = .text(text)
                } else {
                    out[pair.key] = .text(pair.value)
                }
            } else if kinds[pair.key] == .number, let n = NumberText.readData(pair.value, locale: locale) {
                out[pair.key] = .number(n)
            } else if kinds[pair.key] == .number, !Self.isPlainNumber(pair.value) {
                // `1e1`, `0x10`, `inf`: an answer would not be a number, so neither is this (the mismatch says so).
                out[pair.key] = .text(pair.value)
            } else {
                let value = parse(pair.value)
                out[pair.key] = kinds[pair.key].map { convert(value, to: $0, zone: zone) } ?? value
            }
        }
    }

    /// `04`, `-007`: a zero before other digits, which a number's text never has.
    static func hasLeadingZero(_ text: String) -> Bool {
        var t = Substring(text.trimmingSpaces)
        if t.first == "-" || t.first == "+" { t = t.dropFirst() }
        return t.count > 1 && t.first == "0" && t.dropFirst().first.map { $0.isASCII && $0.isNumber } == true
    }

    /// `-12`, `3.5`: digits with an optional sign and decimal point, as `--var` writes a number.
    static func isPlainNumber(_ text: String) -> Bool {
        var t = Substring(text.trimmingSpaces)
        if t.first == "-" || t.first == "+" { t = t.dropFirst() }
        let parts = t.split(separator: ".", omittingEmptySubsequences: false)
        return (1...2).contains(parts.count) && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }
    }

    /// What is wrong with seeded values that do not read as their declared kind (`--var qty=abc`
    /// for a `number`): one line per variable, sorted; empty when all fit.
    public static func mismatches(_ typed: [String: Value], project: Project?) -> [String] {
        guard let project else { return [] }
        let kinds = declaredKinds(project)
        return typed.keys.sorted().compactMap { name in
            guard let kind = kinds[name], let value = typed[name] else { return nil }
            let fits: Bool
            switch (kind, value) {
            case (_, .null): fits = true
            case (.number, .number), (.bool, .bool), (.yesNo, .bool), (.date, .date), (.datetime, .datetime), (.list, .list): fits = true
            case (.number, _), (.bool, _), (.yesNo, _), (.date, _), (.datetime, _), (.list, _): fits = false
            default: fits = true
            }
            guard !fits else { return nil }
            let example = switch kind {
            case .number: "a number such as 3 or 12.5"
            case .bool, .yesNo: "true or false"
            case .date: "a date such as 2026-12-31"
            case .list: "a list such as [\"a\", \"b\"] or []"
            default: "a date-time such as 2026-12-31T14:30:00-03:00"
            }
            return "`\(name)` is declared \(kind.rawValue), but \(value.rendered.isEmpty ? "the value" : "`\(value.rendered)`") is not one: give \(example)"
        }
    }

    /// Seeded values checked against the options their variables are declared with, as an answer
    /// would be: a `phone` becomes E.164, an `email` gets its domain lower-cased, a `choice` its
    /// declared spelling; a number outside `min`/`max`, a phone or e-mail that is not one, a
    /// choice not listed or a text of the wrong length, a time that is not one (`2pm` becomes
    /// `14:00`), a date outside `after`/`before` (relative to `today`, the conversation's date) is
    /// a problem (one line per variable). `today` is in days since 1970-01-01.
    public static func validated(_ typed: [String: Value], project: Project?, locale localeName: String? = nil,
                                 today days: Int) -> (values: [String: Value], problems: [String]) {
        let today = CivilDate(daysSinceEpoch: days)
        guard let project else { return (typed, []) }
        // A variable declared in several places (flows may give it different limits; the flow that
        // reads it decides) is refused only when every declaration refuses it.
        var specs: [String: [VarSpec]] = [:]
        for decl in declarations(project) where !decl.spec.isUnknown {
            specs[decl.name, default: []].append(decl.spec)
        }
        let locale = FlowLocale.named(localeName ?? project.bot?.locale?.value ?? "es-AR") ?? .esAR
        var values = typed
        var problems: [String] = []
        for name in typed.keys.sorted() {
            guard let declared = specs[name], let value = typed[name] else { continue }
            var first: String?
            var taken: Value?
            for spec in declared {
                let (problem, normal) = Self.problem(name, value, spec: spec, locale: locale, today: today)
                if let problem { first = first ?? problem } else { taken = normal ?? value; first = nil; break }
            }
            if let first { problems.append(first) } else if let taken { values[name] = taken }
        }
        return (values, problems)
    }

    /// Why `value` is refused by the declaration `spec` (nil when it is taken), and the value as the
    /// declaration normalises it (a phone in E.164, a time `HH:mm`…).
    static func problem(_ name: String, _ value: Value, spec: VarSpec, locale: FlowLocale, today: CivilDate) -> (String?, Value?) {
        switch (spec.kind.value, value) {
        case (.number, .number(let n)):
            if let min = spec.min?.value, n < min { return ("`\(name)` is at least \(NumberText.canonical(min)), not \(value.rendered)", nil) }
            if let max = spec.max?.value, n > max { return ("`\(name)` is at most \(NumberText.canonical(max)), not \(value.rendered)", nil) }
            if spec.integer, n != n.rounded() { return ("`\(name)` is a whole number, not \(value.rendered)", nil) }
        case (.date, .date(let days)):
            let date = CivilDate(daysSinceEpoch: days)
            if let after = spec.after.flatMap({ DateBound.parse($0.text) }), date <= after.resolve(today: today) {
                return ("`\(name)` is a date after \(after.resolve(today: today).iso), not \(date.iso)", nil)
            }
            if let before = spec.before.flatMap({ DateBound.parse($0.text) }), date >= before.resolve(today: today) {
                return ("`\(name)` is a date before \(before.resolve(today: today).iso), not \(date.iso)", nil)
            }
        case (.text, .text(let text)), (.phone, .text(let text)), (.email, .text(let text)), (.choice, .text(let text)),
             (.regex, .text(let text)), (.time, .text(let text)):
            guard let kind = ValidationKind(rawValue: spec.kind.value.rawValue) else { return (nil, nil) }
            // An empty text is a state a flow can set (`set: {nick: ""}`) unless `min` forbids it.
            if text.isEmpty, spec.kind.value == .text, spec.min == nil { return (nil, nil) }
            let rule = ValidationRule(kind: kind, min: spec.min?.value, max: spec.max?.value, pattern: spec.pattern?.text,
                                      region: spec.region?.value, choices: spec.choices.map(\.value))
            switch Validator.validate(text, rule: rule, locale: locale, today: today) {
            case .success(let valid):
                if case .text(let normal) = valid.value { return (nil, .text(normal)) }
            case .failure(let reason):
                return ("`\(name)` is declared \(spec.kind.value.rawValue), and `\(text)` is not a valid one (\(reason.rawValue))", nil)
            }
        default:
            break
        }
        return (nil, nil)
    }

    /// `value` as a variable of `kind` holds it; unchanged when it does not read as one.
    /// A `datetime` written with `Z` or an offset is that instant; without one, a time in the bot's
    /// zone, where it is also rendered.
    /// A text of a number is read by `locale` as the bot reads one (`set`, an API's value), when one is given.
    public static func convert(_ value: Value, to kind: VarKind, zone: ZoneRules = ZoneRules(fixed: 0), locale: FlowLocale? = nil) -> Value {
        switch (kind, value) {
        case (.datetime, .text(let text)):
            let iso = text.trimmingSpaces
            guard var ms = Clock.parse(iso) else { return value }
            let time = iso.dropFirst(10)
            if !time.contains(where: { "Zz+-".contains($0) }) {
                ms = zone.instant(local: ms)
            }
            return .datetime(ms, offsetMinutes: zone.offset(atMillis: ms))
        case (.text, .number), (.phone, .number), (.email, .number), (.regex, .number), (.choice, .number), (.time, .number):
            return .text(value.rendered)
        case (.number, .text(let text)):
            let trimmed = text.trimmingSpaces
            if let locale { return NumberText.readData(trimmed, locale: locale).map(Value.number) ?? value }
            guard !trimmed.isEmpty, let n = Double(trimmed), n.isFinite else { return value }
            return .number(n)
        case (.date, .text(let text)):
            return CivilDate.parseISO(text.trimmingSpaces).map { .date($0.daysSinceEpoch) } ?? value
        case (.bool, .text(let text)), (.yesNo, .text(let text)):
            switch text.trimmingSpaces.lowercased() {
            case "true": return .bool(true)
            case "false": return .bool(false)
            default: return value
            }
        default:
            return value
        }
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
