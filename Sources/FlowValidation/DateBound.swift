/// The `after` / `before` option of a `date` question: a fixed date or a day relative to
/// the conversation's current date.
public enum DateBound: Sendable, Hashable {
    /// The current date.
    case today
    /// The day after the current date.
    case tomorrow
    /// The day before the current date.
    case yesterday
    /// A fixed date.
    case date(CivilDate)

    /// Reads a bound as the checker accepts it: an ISO date (`2026-12-31`) or a word,
    /// case- and accent-insensitively: `today`/`hoy`/`hoje`, `tomorrow`/`mañana`/`amanhã`,
    /// `yesterday`/`ayer`/`ontem`. Nil for anything else.
    public static func parse(_ text: String) -> DateBound? {
        let word = TextMatch.fold(text)
        switch word {
        case "today", "hoy", "hoje": return .today
        case "tomorrow", "manana", "amanha": return .tomorrow
        case "yesterday", "ayer", "ontem": return .yesterday
        default: return CivilDate.parseISO(word).map { .date($0) }
        }
    }

    /// The date this bound names when the current date is `today`.
    public func resolve(today: CivilDate) -> CivilDate {
        switch self {
        case .today: today
        case .tomorrow: today.adding(days: 1)
        case .yesterday: today.adding(days: -1)
        case .date(let d): d
        }
    }

    /// A fixed date (not one relative to the current date).
    var isFixed: Bool {
        if case .date = self { return true }
        return false
    }
}
