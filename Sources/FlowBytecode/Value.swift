/// A runtime value: what variables hold and expressions produce.
public enum Value: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case text(String)
    /// A calendar date, as days since 1970-01-01.
    case date(Int)
    /// An instant, as milliseconds since 1970-01-01T00:00:00Z, with the offset it is shown in (minutes).
    case datetime(Int64, offsetMinutes: Int)
    case list([Value])
    /// A JSON object; keys keep their order.
    case object(JSONObject)

    /// The name of the value's type, as the checker names types.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "bool"
        case .number: "number"
        case .text: "text"
        case .date: "date"
        case .datetime: "datetime"
        case .list: "list"
        case .object: "json"
        }
    }

    /// True only for `.null`.
    public var isNull: Bool { if case .null = self { true } else { false } }
}

/// An ordered JSON object.
public struct JSONObject: Sendable, Hashable {
    /// The members in order.
    public private(set) var pairs: [Pair]

    /// One member.
    public struct Pair: Sendable, Hashable {
        /// The key.
        public var key: String
        /// The value.
        public var value: Value
    }

    /// Creates an object from ordered members; a repeated key keeps its last value in the first position.
    public init(_ pairs: [(String, Value)] = []) {
        self.pairs = []
        self.pairs.reserveCapacity(pairs.count)
        for (k, v) in pairs { self[k] = v }
    }

    /// The member's value, or nil.
    public subscript(key: String) -> Value? {
        get { pairs.first { $0.key == key }?.value }
        set {
            if let i = pairs.firstIndex(where: { $0.key == key }) {
                if let newValue { pairs[i].value = newValue } else { pairs.remove(at: i) }
            } else if let newValue {
                pairs.append(Pair(key: key, value: newValue))
            }
        }
    }

    /// Number of members.
    public var count: Int { pairs.count }
}
