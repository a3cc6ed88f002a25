/// The static type of a value in expressions, templates and conversation variables.
///
/// `phone` and `email` variables are `text`. `json` is the type of HTTP results and other
/// values whose shape is only known at run time: it is checked when used.
public indirect enum ValueType: Hashable, Sendable, CustomStringConvertible {
    /// Text (also phones and e-mail addresses).
    case text
    /// A number (integers and decimals alike).
    case number
    /// `true` or `false`.
    case bool
    /// A calendar date.
    case date
    /// A date with a time of day.
    case datetime
    /// Any JSON value, checked at run time.
    case json
    /// The type of the `null` literal.
    case null
    /// A list; the element type is `.json` when unknown.
    case list(ValueType)

    /// Whether a value of `self` may be used where `expected` is wanted.
    ///
    /// `json` is compatible both ways with everything (it is checked at run time), `null` goes
    /// anywhere, and lists are compatible when their elements are (so `list(json)` matches any
    /// list).
    public func isCompatible(with expected: ValueType) -> Bool {
        switch (self, expected) {
        case (.json, _), (_, .json), (.null, _): return true
        case (.list(let element), .list(let wanted)): return element.isCompatible(with: wanted)
        default: return self == expected
        }
    }

    /// `text`, `number`, `bool`, `date`, `datetime`, `json`, `null`, `list of number`.
    public var description: String {
        switch self {
        case .text: "text"
        case .number: "number"
        case .bool: "bool"
        case .date: "date"
        case .datetime: "datetime"
        case .json: "json"
        case .null: "null"
        // A declared `list` holds anything: "list", not "list of json".
        case .list(.json): "list"
        case .list(let element): "list of \(element)"
        }
    }

    /// The element type when `self` is a list.
    public var elementType: ValueType? {
        if case .list(let element) = self { return element }
        return nil
    }

    /// Whether the type is only known at run time (`json`), or is `null`.
    var isDynamic: Bool { self == .json || self == .null }

    /// The type of a value that may be either `a` or `b`: the same type, the non-null one,
    /// lists of the common element type, else `json`.
    static func common(_ a: ValueType, _ b: ValueType) -> ValueType {
        switch (a, b) {
        case _ where a == b: return a
        case (.null, _): return b
        case (_, .null): return a
        case (.list(let x), .list(let y)): return .list(common(x, y))
        default: return .json
        }
    }
}
