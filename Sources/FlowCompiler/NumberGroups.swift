import FlowChecker

/// Named groups of a regex that land in variables declared as numbers (`vars: {qty: number}` with
/// `^quiero (?<qty>\\d+)`): the compiler renames them `NAME__number` in the bundle's pattern (with
/// their back-references), and the runtime saves what they capture as a number, read by the bot's
/// locale. Only groups that take part in every match: an optional one stays text (and `check`
/// says the variable gets two types), so a number variable is never left as it was by a match.
enum NumberGroups {
    static func mark(_ pattern: String, numbers: Set<String>) -> String {
        guard !numbers.isEmpty, pattern.contains("(?") else { return pattern }
        let required = Set(RegexGroups.scan(pattern).groups.filter { !$0.optional && numbers.contains($0.name) }.map(\.name))
        return RegexGroups.rename(pattern, required, suffix: RegexGroups.numberSuffix)
    }
}
