/// The validated types of `ask` answers (flow-format.md §2, "Questions and validation").
/// `rawValue` is the type's name in YAML. Media answers (`image`, `document`, `location`)
/// are told apart by the message's kind, not by its text, and are not validated here.
public enum ValidationKind: String, Sendable, Hashable, CaseIterable {
    /// Any non-empty text; options `min`, `max` (length), `pattern`.
    case text
    /// `12`, `12.5`, `1.500,50` (by locale), `-3`; options `min`, `max`, `integer`.
    case number
    /// A phone number, stored as E.164; option `region`.
    case phone
    /// An email address, stored with the domain lower-cased.
    case email
    /// A date: numeric by locale, ISO, or a word (`hoy`, `mañana`); options `after`, `before`, `format`.
    case date
    /// A time of day (`14:30`, `2pm`), stored as `HH:mm`.
    case time
    /// A yes or no answer, by locale; stored as a bool.
    case yesNo = "yes_no"
    /// A match of `pattern` in the answer; named groups are saved.
    case regex
    /// One of `choices`, stored as declared.
    case choice
    /// Any message at all.
    case any
}
