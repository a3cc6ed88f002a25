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
    /// A filter written as other template languages do (`{{ precio | money }}`), when that is the mistake.
    public var pipe: PipeFilter?

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

/// `{{ value | filter }}`, a filter as other template languages write it: a function call here.
public struct PipeFilter: Sendable, Hashable {
    /// The expression before the `|`, as written (`precio`).
    public var value: String
    /// The filter's name (`money`).
    public var filter: String

    /// Creates a pipe filter.
    public init(value: String, filter: String) {
        self.value = value
        self.filter = filter
    }

    /// The call to write instead, with `currency` (an ISO 4217 code) for `money`, which takes one.
    public func help(currency: String) -> String {
        let argument = value.isEmpty ? "name" : value
        let call = filter == "money" ? "money(\(argument), \"\(currency)\")" : "\(filter)(\(argument))"
        return "a filter is a function here: write `{{\(call)}}`"
    }
}
