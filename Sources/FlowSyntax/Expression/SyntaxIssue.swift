/// A syntax problem in an expression or template.
public struct SyntaxIssue: Sendable, Hashable {
    /// The rule id: `expr-syntax` or `template-syntax`.
    public var rule: String
    /// One sentence saying what is wrong.
    public var message: String
    /// What to underline (offsets into the parsed string).
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

    /// Rule id of expression syntax errors.
    public static let expressionRule = "expr-syntax"
    /// Rule id of template-level errors (unclosed `{{`, empty hole).
    public static let templateRule = "template-syntax"
}
