/// What an expression node is.
public indirect enum ExprKind: Sendable, Equatable {
    /// A number literal: `12`, `3.5`.
    case number(Double)
    /// A string literal, escapes already decoded: `"a"`, `'a'`.
    case string(String)
    /// `true` or `false`.
    case bool(Bool)
    /// `null`.
    case null
    /// A list literal: `[1, 2]`.
    case list([Expr])
    /// A bare identifier: the root of a path (a namespace or a conversation variable).
    case variable(String)
    /// Field access `a.b`; `nameSpan` covers `b`.
    case member(Expr, String, nameSpan: ExprSpan)
    /// Indexing `a[0]`, `a["k"]`.
    case index(Expr, Expr)
    /// A prefix operator applied to an operand.
    case unary(UnaryOp, Expr)
    /// An infix operator applied to two operands.
    case binary(BinaryOp, Expr, Expr)
    /// A function call `len(x)`; only a bare identifier can be called. `nameSpan` covers the name.
    case call(String, nameSpan: ExprSpan, [Expr])
}
