/// The typed value a valid answer is saved as. `phone` (E.164), `email`, `time` (`HH:mm`),
/// `text`, `regex`, `choice` and `any` answers are text; `number` a number; `yes_no` a bool;
/// `date` a date.
public enum ValidatedValue: Sendable, Hashable {
    /// A text.
    case text(String)
    /// A number.
    case number(Double)
    /// A bool (`yes_no`).
    case bool(Bool)
    /// A calendar date.
    case date(CivilDate)

    /// The value rendered as a template renders it: numbers canonically (`3751.5`), bools
    /// `true`/`false`, dates ISO (`2026-12-31`), text as is.
    public var rendered: String {
        switch self {
        case .text(let s): s
        case .number(let n): NumberText.canonical(n)
        case .bool(let b): b ? "true" : "false"
        case .date(let d): d.iso
        }
    }
}
