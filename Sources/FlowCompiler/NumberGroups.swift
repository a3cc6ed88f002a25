import FlowChecker
import FlowSyntax

/// Named groups of a regex that land in declared variables (`vars: {qty: {type: number, max: 20}}`
/// with `^quiero (?<qty>\\d+)`): the compiler gives each such variable a rule in the bundle and
/// renames its groups `NAME__vN` (N: the rule's index), back-references too; the runtime reads what
/// a group captures as an answer of the variable's type (a number by the locale and its range, a
/// phone in E.164, a time `HH:mm`, a choice as listed, a match of a `regex` variable's pattern) and
/// refuses the match (a trigger that does not fire, an answer asked again) when it is not one. A
/// number's group only when it takes part in every match: an optional one stays text (and `check`
/// says the variable gets two types).
enum NumberGroups {
    /// The kinds a group is read as; others stay text, as `check` types them.
    static let checkedKinds: Set<VarKind> = [.number, .text, .phone, .email, .time, .choice, .date, .yesNo, .regex]

    /// Whether a group saved into a variable declared `spec` needs its rule: numbers always (they
    /// are read as numbers), text only with a length or pattern, a regex with its pattern, the other kinds always.
    static func needsRule(_ spec: VarSpec) -> Bool {
        guard checkedKinds.contains(spec.kind.value), !spec.isUnknown else { return false }
        if spec.kind.value == .text { return spec.min != nil || spec.max != nil || spec.pattern != nil }
        if spec.kind.value == .regex { return spec.pattern != nil }
        return true
    }

    /// The group names of a flow's regexes: its triggers, its questions' patterns, its declarations' patterns.
    static func groupNames(in flow: FlowFile, bot: BotFile?) -> Set<String> {
        var patterns: [String] = []
        for decl in (bot?.vars ?? []) + flow.vars { if let p = decl.spec.pattern { patterns.append(p.text) } }
        for case .regex(let t) in flow.triggers { patterns.append(t.text) }
        for step in flow.steps { if case .ask(let ask) = step.kind, let p = ask.expect?.pattern { patterns.append(p.text) } }
        return Set(patterns.filter { $0.contains("(?") }.flatMap { RegexGroups.scan($0).groups.map(\.name) })
    }

    /// `pattern` with each group whose variable has a rule in `rules` renamed `NAME__vN`, but those
    /// in `excluding` (an answer's own variable: the answer wins). A number's group only when it takes
    /// part in every match. When the renamed pattern does not compile (a back-reference form the
    /// renaming does not know), the pattern as written: its groups then save text, as before.
    static func mark(_ pattern: String, rules: [String: (index: Int, number: Bool)], excluding: Set<String> = []) -> String {
        guard !rules.isEmpty, pattern.contains("(?") else { return pattern }
        var out = pattern
        var done = excluding
        for group in RegexGroups.scan(pattern).groups where done.insert(group.name).inserted {
            guard let rule = rules[group.name], !(rule.number && group.optional) else { continue }
            out = RegexGroups.rename(out, [group.name], suffix: "__v\(rule.index)")
        }
        guard out != pattern, (try? Regex(out)) != nil else { return pattern }
        return out
    }
}
