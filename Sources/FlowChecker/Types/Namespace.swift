/// The built-in roots of paths that are not conversation variables.
public enum Namespace: String, CaseIterable, Sendable {
    /// The person the bot talks to.
    case contact
    /// The inbound message being handled.
    case message
    /// The bot itself.
    case bot
    /// Configuration values from the runtime.
    case env
    /// Secret configuration values (never logged or stored).
    case secret

    /// The namespace named `rawValue` (every identifier of every expression is asked: a length
    /// test first, not five string compares).
    public init?(rawValue: String) {
        switch rawValue.utf8.count {
        case 3 where rawValue == "bot": self = .bot
        case 3 where rawValue == "env": self = .env
        case 6 where rawValue == "secret": self = .secret
        case 7 where rawValue == "contact": self = .contact
        case 7 where rawValue == "message": self = .message
        default: return nil
        }
    }

    /// The fields of the namespace (all text), or nil when any field name is allowed.
    public var fields: [String]? {
        switch self {
        case .contact: ["id", "name", "phone", "channel"]
        case .message: ["text", "type", "id"]
        case .bot: ["id", "name"]
        case .env, .secret: nil
        }
    }

    /// The type of `namespace.field`, or nil when the namespace has no such field.
    public func fieldType(_ name: String) -> ValueType? {
        guard let fields else { return .text }
        return fields.contains(name) ? .text : nil
    }
}
