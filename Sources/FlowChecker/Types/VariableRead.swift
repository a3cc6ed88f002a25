import FlowSyntax

/// A read of a conversation variable in an expression.
public struct VariableRead: Sendable, Hashable {
    /// The variable.
    public var name: String
    /// Where it is read (the identifier).
    public var span: ExprSpan

    /// Creates a read.
    public init(name: String, span: ExprSpan) {
        self.name = name
        self.span = span
    }
}
