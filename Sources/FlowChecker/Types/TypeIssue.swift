import FlowSyntax

/// A type or name problem found in an expression.
public struct TypeIssue: Sendable, Hashable {
    /// The rule id, e.g. `type-mismatch`, `unknown-variable`.
    public var rule: String
    /// One sentence saying what is wrong.
    public var message: String
    /// What to underline (offsets into the parsed expression or template).
    public var span: ExprSpan
    /// How to fix it, when there is something useful to say.
    public var help: String?

    /// Creates an issue.
    public init(rule: String, message: String, span: ExprSpan, help: String? = nil) {
        self.rule = rule
        self.message = message
        self.span = span
        self.help = help
    }
}
