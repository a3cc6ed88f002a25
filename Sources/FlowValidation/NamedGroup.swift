/// A named capture group of a matched pattern (`(?<item>.+)` → name `item`), saved as a
/// variable of that name.
public struct NamedGroup: Sendable, Hashable {
    /// The group's name.
    public var name: String
    /// The captured text; empty when the group took no part in the match.
    public var value: String

    /// A group with its captured text.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}
