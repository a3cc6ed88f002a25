/// Why an answer was rejected: the keys of an `invalid:` map in a flow
/// (`{out_of_range: ..., default: ...}`); `rawValue` is that key.
public enum InvalidReason: String, Sendable, Hashable, CaseIterable, Error {
    /// A `number` answer is not a number (`abc`, `12abc`, `1.2.3`, `3 o más`, empty).
    case notANumber = "not_a_number"
    /// A `number` with `integer: true` got a fraction (`2,5`).
    case notInteger = "not_integer"
    /// A number outside `min`/`max`, or a date outside `after`/`before`.
    case outOfRange = "out_of_range"
    /// A `text` shorter than `min` characters (an empty text is too short).
    case tooShort = "too_short"
    /// A `text` longer than `max` characters.
    case tooLong = "too_long"
    /// The answer does not have the shape of its type (phone, email, date, time, a
    /// `pattern`/`regex` that does not match).
    case badFormat = "bad_format"
    /// None of the accepted values: a `choice` answer that is none of the `choices`, a
    /// `yes_no` answer that is neither, a menu reply that is no option, or another kind of
    /// message than an `image`/`document`/`location` question asks for.
    case notAllowed = "not_allowed"
}
