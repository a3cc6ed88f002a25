/// The output formats of `flowc check --format`.
public enum DiagnosticFormat: String, Sendable, CaseIterable {
    /// Human-readable, rustc-style, with the source line and a caret.
    case text
    /// One JSON document with every diagnostic.
    case json
    /// GitHub Actions workflow commands (annotations on the pull request).
    case github
    /// SARIF 2.1.0, for code-scanning dashboards.
    case sarif
}
