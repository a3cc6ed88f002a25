/// Names that cannot be conversation variables: the namespaces and keywords of expressions.
public enum ReservedNames {
    /// The namespaces (`contact.name`, `env.API_URL`, …).
    public static let namespaces: Set<String> = ["contact", "message", "bot", "env", "secret"]
    /// Every reserved name: the namespaces and the keywords.
    public static let all: Set<String> = namespaces.union(["and", "or", "not", "in", "true", "false", "null"])

    /// "a namespace" or "a keyword".
    public static func what(_ name: String) -> String { namespaces.contains(name) ? "a namespace" : "a keyword" }
}
