/// A prefix operator.
public enum UnaryOp: Sendable, Hashable {
    /// `not x`: boolean negation.
    case not
    /// `-x`: arithmetic negation.
    case negate

    /// How the operator is written in source: `not` or `-`.
    public var symbol: String {
        switch self {
        case .not: "not"
        case .negate: "-"
        }
    }
}
