/// An infix operator.
public enum BinaryOp: Sendable, Hashable {
    /// `+`
    case add
    /// `-`
    case sub
    /// `*`
    case mul
    /// `/`
    case div
    /// `%`
    case mod
    /// `==`
    case eq
    /// `!=`
    case ne
    /// `<`
    case lt
    /// `<=`
    case le
    /// `>`
    case gt
    /// `>=`
    case ge
    /// `and`
    case and
    /// `or`
    case or
    /// `in`
    case `in`
    /// `??`: the left side, or the right side when the left side is null.
    case coalesce

    /// How the operator is written in source, e.g. `<=`, `and`, `??`.
    public var symbol: String {
        switch self {
        case .add: "+"
        case .sub: "-"
        case .mul: "*"
        case .div: "/"
        case .mod: "%"
        case .eq: "=="
        case .ne: "!="
        case .lt: "<"
        case .le: "<="
        case .gt: ">"
        case .ge: ">="
        case .and: "and"
        case .or: "or"
        case .in: "in"
        case .coalesce: "??"
        }
    }

    /// Whether the operator is one of `== != < <= > >= in` (which do not chain).
    public var isComparison: Bool {
        switch self {
        case .eq, .ne, .lt, .le, .gt, .ge, .in: true
        default: false
        }
    }
}
