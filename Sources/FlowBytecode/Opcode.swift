/// The instruction set. Expressions run on a value stack; step-level instructions send
/// messages, wait for input and request effects from the host.
public enum Opcode: UInt8, Sendable, CaseIterable {
    // Values
    /// Push constant `a`.
    case const_ = 0
    case null, true_, false_
    /// Push variable named by string `a` (null when unset).
    case load
    /// Push namespace `a` (``Namespace``) field string `b` (`b` < 0: the whole namespace).
    case namespace
    /// Pop an object, push its field string `a`.
    case field
    /// Pop index and container, push the element.
    case index
    case not, neg, add, sub, mul, div, mod, eq, ne, lt, le, gt, ge, in_
    /// Keep the top; jump to `a` if it is false (`and`), true (`or`), not null (`??`).
    case jumpIfFalseKeep, jumpIfTrueKeep, jumpIfNotNullKeep
    case pop
    /// Pop `a` values, push a list.
    case list
    /// Pop `a` key/value pairs (keys are texts), push an object.
    case object
    /// Call function `a` (``Builtin``) with `b` arguments.
    case call
    /// Pop `a` values, push their rendering concatenated (a template).
    case concat
    // Control
    case jump
    /// Pop a condition; jump to `a` when it is false.
    case jumpIfFalse
    /// Jump to flow `a` at pc `b`, leaving the current flow.
    case jumpFlow
    /// Call flow `a`; come back to pc `b`.
    case callFlow
    case ret
    case end
    /// Pop a value into variable string `a`.
    case store
    /// Pop a message (text or object) and send it.
    case send
    /// Pop a prompt and the option labels of menu `a`, and send the menu.
    case sendMenu
    /// Wait for an answer to ask `a`; `b` flags the bounds worked out now (``AskBounds``), popped
    /// from the stack (pushed in the order min, max, after, before).
    case ask
    /// Wait for a choice in menu `a`.
    case menu
    /// Pop a request and wait for the host to perform effect `a`.
    case effect
    /// Pop queue and message and hand the conversation to a person (handoff `a`).
    case handoff
    /// Pop properties; record analytics event string `a` (with `b` = 1, pop the rendered name too).
    case track
    /// Show typing for `a` milliseconds.
    case delay
    /// A branch without `else` found no arm that holds.
    case noArm
    /// Marks the start of step string `a` (where the conversation is, coverage).
    case step
    /// Keep the top as a variable declared kind string `a` holds it (a json value `set` into a
    /// `number`: `"1500"` is 1500), or fail naming variable string `b`; null stays null.
    case fit
}

/// One instruction: an opcode and up to two operands.
public struct Instruction: Sendable, Hashable {
    /// What it does.
    public var op: Opcode
    /// First operand.
    public var a: Int32
    /// Second operand.
    public var b: Int32

    /// Creates an instruction.
    public init(_ op: Opcode, _ a: Int32 = 0, _ b: Int32 = 0) {
        self.op = op
        self.a = a
        self.b = b
    }
}

/// The namespaces of expressions.
public enum Namespace: Int32, Sendable, CaseIterable {
    case contact, message, bot, env, secret

    /// Its name in expressions.
    public var name: String {
        switch self {
        case .contact: "contact"
        case .message: "message"
        case .bot: "bot"
        case .env: "env"
        case .secret: "secret"
        }
    }
}

/// The functions expressions may call, by number.
public enum Builtin: Int32, Sendable, CaseIterable {
    case len, lower, upper, trim, contains, starts_with, ends_with, matches, replace, split, join, number, text
    case round, floor, ceil, abs, min, max, sum, first, last, now, today, date_add, format_date, format_number, money
    /// Not callable from flows: the compiler wraps a value spliced into an `http` URL in it, so
    /// user text (`a b&c=d#x`) stays one path segment or query value.
    case url_encode

    /// The function's name in expressions.
    public var name: String { String(describing: self) }

    /// The builtin called `name`.
    public static func named(_ name: String) -> Builtin? { allCases.first { $0.name == name } }
}
