import FlowSyntax

/// What the type checker knows about conversation variables.
public protocol ExpressionScope {
    /// Type of a conversation variable; nil when no flow of the bot declares or saves it.
    func variableType(_ name: String) -> ValueType?
    /// Every known variable name, for "did you mean".
    var variableNames: [String] { get }
    /// The columns of the rows a variable holds when only `query` steps save it (each a list of
    /// `{column: value}` rows), as SQLite names them; nil when anything else may save it or a
    /// query's columns cannot be known.
    func rowColumns(_ name: String) -> [String]?
    /// The texts a variable can hold when only menus (or a `choice`) give it its value: their
    /// options' ids; nil when anything else may.
    func optionIds(_ name: String) -> Set<String>?
    /// The input kind a variable is declared or asked with (`time`, `phone`, …), when known.
    func variableKind(_ name: String) -> VarKind?
    /// What a variable holds when its fields are fixed (a photo, a file or a place a question
    /// saves: `an image`, `{url, caption, mime_type, id}`), and those fields; nil otherwise.
    func valueFields(_ name: String) -> (kind: String, fields: [String])?
}

extension ExpressionScope {
    public func rowColumns(_ name: String) -> [String]? { nil }
    public func optionIds(_ name: String) -> Set<String>? { nil }
    public func variableKind(_ name: String) -> VarKind? { nil }
    public func valueFields(_ name: String) -> (kind: String, fields: [String])? { nil }
}
