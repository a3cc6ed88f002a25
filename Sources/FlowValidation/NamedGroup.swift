/// A named capture group of a matched pattern (`(?<item>.+)` → name `item`), saved as a
/// variable of that name.
public struct NamedGroup: Sendable, Hashable {
    /// The group's name.
    public var name: String
    /// The captured text; empty when the group took no part in the match.
    public var value: String
    /// Whether the group took part in the match (an optional one may not: its variable is left empty).
    public var matched: Bool

    /// A group with its captured text.
    public init(name: String, value: String, matched: Bool = true) {
        self.name = name
        self.value = value
        self.matched = matched
    }
}
