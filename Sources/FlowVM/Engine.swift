import FlowBytecode
import FlowValidation

/// The pure flow engine: (bundle, state, event, clock) → (new state, messages, effects, events).
///
/// It does no I/O. Effects such as HTTP requests are handed to the host, which performs
/// them and resumes the turn with ``InboundEvent/effect(_:)``; so the same engine serves
/// `flowc chat`, `flowc test` and the daemon.
public final class Engine: Sendable {
    /// The compiled bot.
    public let bundle: Bundle
    /// Its content hash; conversations are pinned to it.
    public let hash: String
    /// Most instructions one turn may run.
    public let budget: Int
    /// The bot's locale (its `locale`, else es-AR): how its numbers are read and written.
    public let locale: FlowLocale
    /// The bot's time zone (its `timezone`, else its locale's country's).
    public let zone: ZoneRules
    let rules: [ValidationRule]
    /// Every trigger and interrupt keyword as ``TextMatch/words(_:)``, folded once here
    /// rather than on every message.
    let keywordWords: [String: [String]]
    /// Each trigger regex's words spelled out outside groups and classes (`^quiero (?<item>.+)$`: 1).
    let regexWords: [String: Int]
    /// `flow.step` for each `step` instruction, by flow index (the bot's code last) and string
    /// index: made once here, not concatenated on every step a turn passes.
    let stepNames: [[Int32: String]]

    /// Loads a bundle.
    public init(bundle: Bundle, budget: Int = 100_000) {
        self.bundle = bundle
        hash = BundleCodec.contentHash(bundle)
        self.budget = budget
        let locale = FlowLocale.named(bundle.locale) ?? FlowLocale.esAR
        self.locale = locale
        zone = TimeZones.rules(bundle.timezone, locale: bundle.locale)
        rules = bundle.rules.map { spec in
            var rule = ValidationRule(kind: ValidationKind(rawValue: spec.kind) ?? .any)
            rule.min = spec.min
            rule.max = spec.max
            rule.integer = spec.integer
            rule.pattern = spec.pattern.isEmpty ? nil : spec.pattern
            rule.region = spec.region.isEmpty ? nil : spec.region
            rule.after = spec.after.isEmpty ? nil : DateBound.parse(spec.after)
            rule.before = spec.before.isEmpty ? nil : DateBound.parse(spec.before)
            rule.format = spec.format.isEmpty ? nil : spec.format
            rule.choices = spec.choices
            try? rule.compile()
            return rule
        }
        var keywordWords: [String: [String]] = [:]
        for flow in bundle.flows { for case .keywords(let words) in flow.triggers { for w in words { keywordWords[w] = TextMatch.words(w) } } }
        for i in bundle.interrupts { for w in i.keywords { keywordWords[w] = TextMatch.words(w) } }
        self.keywordWords = keywordWords
        var regexWords: [String: Int] = [:]
        for flow in bundle.flows { for case .regex(let r) in flow.triggers { regexWords[r] = Self.spelledWords(r) } }
        self.regexWords = regexWords
        stepNames = (bundle.flows + [bundle.botCode]).map { flow in
            var names: [Int32: String] = [:]
            for ins in flow.code where ins.op == .step && bundle.strings.indices.contains(Int(ins.a)) {
                names[ins.a] = flow.name + "." + bundle.strings[Int(ins.a)]
            }
            return names
        }
        // Compile every regex of the bundle now, never per turn.
        for flow in bundle.flows { for case .regex(let r) in flow.triggers { _ = try? CompiledPattern.cached(Self.triggerPattern(r)) } }
        for i in bundle.interrupts where !i.regex.isEmpty { _ = try? CompiledPattern.cached(Self.triggerPattern(i.regex)) }
    }

    /// Handles one event for a conversation (`nil` state: none yet, or the last one ended).
    /// `seed` gives a conversation that this event starts its first variables (`flowc chat --var`, tests' `vars`).
    /// `startFlow` makes a new conversation enter that flow whatever the triggers say (`flowc test` with `flow:`);
    /// a regex trigger of that flow that matches still saves its named groups.
    /// `message` is the turn's message when `event` goes on with it (an action's result): `message.text`
    /// still reads it after the action.
    public func handle(_ event: InboundEvent, state: ConversationState?, context: TurnContext, seed: [String: Value] = [:],
                       startFlow: Int? = nil, message: InboundMessage? = nil) -> TurnResult {
        var run = Run(engine: self, context: context, state: state ?? ConversationState(bundleHash: hash, now: context.now))
        run.seed = seed
        run.startFlow = startFlow
        run.inbound = message
        run.handle(event, isNew: state == nil || state?.status == .ended)
        return run.result
    }

    /// Named groups of `pattern` matched against `text`, or nil when it does not match (or does not compile).
    /// A trigger's or interrupt's regex as it is matched: case-insensitively, like keywords
    /// (phones capitalise the first letter: `Quiero un mate` starts the flow of `^quiero …`).
    static func triggerPattern(_ pattern: String) -> String { "(?i)" + pattern }

    /// The words a pattern spells out at its top level, outside groups, classes and escapes:
    /// how much of a message it names (`^cancelar cita (?<folio>\d+)$`: 2, `^(hola|buenas)$`: 0).
    static func spelledWords(_ pattern: String) -> Int {
        var depth = 0
        var inClass = false
        var words = 0
        var inWord = false
        var escaped = false
        for c in pattern {
            defer { if !c.isLetter { inWord = false } }
            if escaped { escaped = false; continue }
            switch c {
            case "\\": escaped = true
            case "[" where !inClass: inClass = true
            case "]" where inClass: inClass = false
            case "(" where !inClass: depth += 1
            case ")" where !inClass: depth = max(0, depth - 1)
            default:
                if c.isLetter, depth == 0, !inClass, !inWord { words += 1; inWord = true }
            }
        }
        return words
    }

    /// The named groups of `pattern` matched against `text` (nil text: the group took no part).
    func match(_ pattern: String, _ text: String, whole: Bool) -> [(String, String?)]? {
        guard let compiled = try? CompiledPattern.cached(pattern) else { return nil }
        let groups = whole ? compiled.wholeMatch(text) : compiled.firstMatch(in: text)
        return groups?.map { ($0.name, $0.matched ? $0.value : nil) }
    }

    /// The named groups a regex trigger saves from `text`. A pattern without named groups is found
    /// anywhere in it; one with them, whose values are saved, takes the first match not cut out of a
    /// longer number or code, as a question's pattern does (`(?<cp>\d{4})` fires on `CP 1234`, not on
    /// `CP 12345`). Nil when there is no such match.
    func triggerMatch(_ pattern: String, _ text: String) -> [(String, String?)]? {
        guard let compiled = try? CompiledPattern.cached(Self.triggerPattern(pattern)),
              let first = compiled.firstMatch(in: text) else { return nil }
        let groups = first.isEmpty ? first : compiled.firstWholeMatch(in: text)?.groups
        return groups?.map { ($0.name, $0.matched ? $0.value : nil) }
    }

    /// What a regex's named groups save: their text, or for a group the compiler marked with its
    /// variable's rule (`NAME__vN`, N the rule's index) what an answer of that type saves, read and
    /// checked as one (a number by the locale and its `min`/`max`, a phone in E.164, a time `HH:mm`,
    /// a choice as listed…); `NAME__number` (older bundles) a number. Nil when a marked group's text
    /// is not what its variable takes. A group that took no part in the match is empty text.
    func groupValues(_ groups: [(String, String?)], now: Int64) -> [(String, Value)]? {
        var reason: InvalidReason?
        return groupValues(groups, now: now, reason: &reason)
    }

    /// ``groupValues(_:now:)``, saying why a marked group's text is not what its variable takes
    /// (`out_of_range`, `not_integer`, `too_short`…; `bad_format` when it is no such value at all).
    func groupValues(_ groups: [(String, String?)], now: Int64, reason: inout InvalidReason?) -> [(String, Value)]? {
        var out: [(String, Value)] = []
        out.reserveCapacity(groups.count)
        for (name, captured) in groups {
            // (The compiler's markers: this module does not see FlowCompiler's `GroupRules`.)
            let (base, ruleIndex, legacyNumber) = Self.groupMarker(name)
            guard let text = captured else {
                // Took no part in the match: empty text, as `check` types an optional group (`== ""`
                // holds, `+` joins), whatever its variable's type.
                out.append((base, .text("")))
                continue
            }
            if legacyNumber {
                guard let n = Self.strictNumber(text, locale: locale) else {
                    reason = .badFormat
                    return nil
                }
                out.append((base, .number(n)))
            } else if let ruleIndex, rules.indices.contains(ruleIndex) {
                switch groupValue(text, rule: rules[ruleIndex], now: now) {
                case .success(let value): out.append((base, value))
                case .failure(let why):
                    reason = why
                    return nil
                }
            } else {
                // Without the spaces around it, as the message itself and a typed group's answer are
                // (`quiero  una remera` saves `una remera`, not ` una remera`).
                out.append((name, .text(TextMatch.trim(text))))
            }
        }
        return out
    }

    /// A group's name without the compiler's marker, the rule it names, and whether it is the older number marker.
    static func groupMarker(_ name: String) -> (base: String, rule: Int?, legacyNumber: Bool) {
        if name.hasSuffix("__number") { return (String(name.dropLast(8)), nil, true) }
        // `NAME__v12`: digits after the last `__v`.
        let digits = name.reversed().prefix { $0.isASCII && $0.isNumber }
        if !digits.isEmpty, name.dropLast(digits.count).hasSuffix("__v"), let n = Int(String(digits.reversed())) {
            return (String(name.dropLast(digits.count + 3)), n, false)
        }
        return (name, nil, false)
    }

    /// Only a number as written (`3`, `1,5`, `tres`): not a longer capture that starts with one. As the
    /// number question reads it: `1,500` in es-AR (thousands to whoever wrote it) is none, not 1.5.
    static func strictNumber(_ text: String, locale: FlowLocale) -> Double? {
        let trimmed = TextMatch.trim(text)
        return NumberText.read(trimmed, locale: locale) ?? NumberWords.parse(trimmed)
    }

    /// A captured text read as an answer of `rule`'s type would be, or why it is not one.
    func groupValue(_ text: String, rule: ValidationRule, now: Int64) -> Result<Value, InvalidReason> {
        if rule.kind == .number {
            // (A capture that is no number is the pattern's miss: `bad_format`, as a number the answer did not have.)
            guard let n = Self.strictNumber(text, locale: locale), abs(n) < 9_007_199_254_740_992 else { return .failure(.badFormat) }
            if rule.integer, n.rounded(.towardZero) != n { return .failure(.notInteger) }
            if rule.min.map({ n < $0 }) == true || rule.max.map({ n > $0 }) == true { return .failure(.outOfRange) }
            return .success(.number(n))
        }
        switch rule.kind {
        case .choice:
            // A choice as listed (case- and accent-insensitive): no position, no menu shown to count.
            return TextMatch.choiceIndex(text, rule.choices).map { .success(.text(rule.choices[$0])) } ?? .failure(.notAllowed)
        case .text where TextMatch.trim(text).isEmpty && rule.min == nil:
            return .success(.text(""))
        default: break
        }
        // (`mañana` in a date's group is the day after the bot's today.)
        switch Validator.validate(text, rule: rule, locale: locale, today: CivilDate(daysSinceEpoch: today(now))) {
        case .success(let validation): return .success(Run.value(validation.value))
        case .failure(let why): return .failure(why)
        }
    }

    /// Today's date in the bot's time zone, as days since the epoch.
    public func today(_ now: Int64) -> Int {
        ZoneRules.day(ofLocal: now + Int64(zone.offset(atMillis: now)) * 60_000)
    }
}
