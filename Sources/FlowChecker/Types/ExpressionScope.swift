/// What the type checker knows about conversation variables.
public protocol ExpressionScope {
    /// Type of a conversation variable; nil when no flow of the bot declares or saves it.
    func variableType(_ name: String) -> ValueType?
    /// Every known variable name, for "did you mean".
    var variableNames: [String] { get }
}
