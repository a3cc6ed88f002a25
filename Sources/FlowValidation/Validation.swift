/// A valid answer: the value to save and, for patterns with named groups, the groups.
public struct Validation: Sendable, Hashable {
    /// The value saved in the question's variable.
    public var value: ValidatedValue
    /// Named groups of the `pattern`/`regex` match, in the order they appear in the pattern;
    /// empty for other types.
    public var groups: [NamedGroup]

    /// A result with its value and groups.
    public init(value: ValidatedValue, groups: [NamedGroup] = []) {
        self.value = value
        self.groups = groups
    }

    /// The text captured by the group called `name`, or nil when there is no such group.
    public func group(_ name: String) -> String? {
        groups.first { $0.name == name }?.value
    }
}
