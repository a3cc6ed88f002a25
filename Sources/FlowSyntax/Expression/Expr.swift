/// An expression node with its span.
///
/// `description` prints the tree as an S-expression, e.g. `(+ a (* 2 b))`,
/// `(. order id)`, `([] items 0)`, `(call len x)`, `(list 1 2)`, `(neg x)`, `(not x)`.
public struct Expr: Sendable, Equatable, CustomStringConvertible {
    /// What the node is.
    public var kind: ExprKind
    /// Where it is. A parenthesised expression's span includes its parentheses.
    public var span: ExprSpan

    /// Creates a node.
    public init(kind: ExprKind, span: ExprSpan) {
        self.kind = kind
        self.span = span
    }

    /// The tree as an S-expression (for tests and debugging).
    public var description: String {
        switch kind {
        case .number(let value): return Expr.canonical(value)
        case .string(let value): return Expr.quoted(value)
        case .bool(let value): return value ? "true" : "false"
        case .null: return "null"
        case .list(let elements):
            return "(list" + elements.map { " " + $0.description }.joined() + ")"
        case .variable(let name): return name
        case .member(let base, let name, _): return "(. \(base) \(name))"
        case .index(let base, let key): return "([] \(base) \(key))"
        case .unary(let op, let operand): return "(\(op == .not ? "not" : "neg") \(operand))"
        case .binary(let op, let left, let right): return "(\(op.symbol) \(left) \(right))"
        case .call(let name, _, let arguments):
            return "(call \(name)" + arguments.map { " " + $0.description }.joined() + ")"
        }
    }

    /// The expression written back as source, normalised: single spaces around operators,
    /// double-quoted strings, and parentheses around every nested operator, e.g. `(a + b) * 2`.
    public var sourceText: String {
        switch kind {
        case .number(let value): return Expr.canonical(value)
        case .string(let value): return Expr.quoted(value)
        case .bool(let value): return value ? "true" : "false"
        case .null: return "null"
        case .list(let elements): return "[" + elements.map(\.sourceText).joined(separator: ", ") + "]"
        case .variable(let name): return name
        case .member(let base, let name, _): return base.operandText + "." + name
        case .index(let base, let key): return base.operandText + "[" + key.sourceText + "]"
        case .unary(.not, let operand): return "not " + operand.operandText
        case .unary(.negate, let operand): return "-" + operand.operandText
        case .binary(let op, let left, let right):
            return left.operandText + " " + op.symbol + " " + right.operandText
        case .call(let name, _, let arguments):
            return name + "(" + arguments.map(\.sourceText).joined(separator: ", ") + ")"
        }
    }

    /// `sourceText`, parenthesised when it is an operator application.
    private var operandText: String {
        switch kind {
        case .unary, .binary: "(" + sourceText + ")"
        default: sourceText
        }
    }

    /// A number as written canonically: `3`, `3751.5`, `-2`.
    static func canonical(_ value: Double) -> String {
        if value.isFinite, value == value.rounded(), abs(value) < 1e15 {
            return String(Int64(value))
        }
        return "\(value)"
    }

    /// A string as a double-quoted literal with `\"`, `\\`, `\n`, `\t` escaped.
    static func quoted(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
