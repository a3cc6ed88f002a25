/// A regular expression that does not compile (the checker's `invalid-regex`).
public struct PatternError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The pattern as written.
    public var pattern: String
    /// Why it does not compile, e.g. `expected ']'`.
    public var message: String

    /// An error for `pattern`.
    public init(pattern: String, message: String) {
        self.pattern = pattern
        self.message = message
    }

    /// `invalid regular expression: <message>`.
    public var description: String { "invalid regular expression: \(message)" }
}
