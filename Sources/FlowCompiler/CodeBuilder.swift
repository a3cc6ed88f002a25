import FlowBytecode
import FlowDiagnostics
import FlowSyntax

/// A jump whose target pc is known only once every flow is laid out.
struct Fixup {
    enum Site {
        /// Operand `a` of instruction `pc` in flow `flow` (a same-flow jump).
        case jump(flow: Int, pc: Int)
        /// Operands `a`/`b` of a `jumpFlow` at `pc`.
        case jumpFlow(flow: Int, pc: Int)
    }
    var site: Site
    var target: Label
}

/// Where control goes: a step of a flow, the flow's entry, or the flow's end.
enum Label: Hashable {
    case step(flow: Int, step: Int)
    case end(flow: Int)
}

/// Appends instructions to one flow's code, interning strings and constants in the bundle.
struct CodeBuilder {
    var code = FlowCode(name: "", file: -1)
    var line: Int32 = 0
    var column: Int32 = 0

    mutating func at(_ range: SourceRange) {
        line = Int32(range.start.line)
        column = Int32(range.start.column)
    }

    @discardableResult
    mutating func emit(_ op: Opcode, _ a: Int32 = 0, _ b: Int32 = 0) -> Int {
        code.code.append(Instruction(op, a, b))
        code.lines.append(line)
        code.columns.append(column)
        return code.code.count - 1
    }

    var pc: Int32 { Int32(code.code.count) }

    mutating func patch(_ at: Int, a: Int32) { code.code[at].a = a }
    mutating func patch(_ at: Int, a: Int32, b: Int32) { code.code[at].a = a; code.code[at].b = b }
}

/// The bundle's string and constant pools.
struct Pools {
    var strings: [String] = []
    var stringIndex: [String: Int32] = [:]
    var constants: [Value] = []
    var constantIndex: [Value: Int32] = [:]

    mutating func string(_ s: String) -> Int32 {
        if let i = stringIndex[s] { return i }
        let i = Int32(strings.count)
        strings.append(s)
        stringIndex[s] = i
        return i
    }

    mutating func constant(_ v: Value) -> Int32 {
        if let i = constantIndex[v] { return i }
        let i = Int32(constants.count)
        constants.append(v)
        constantIndex[v] = i
        return i
    }
}
