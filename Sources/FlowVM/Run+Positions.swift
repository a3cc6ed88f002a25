import FlowBytecode

/// Where in a flow's code a failure points: the action a request belongs to, and the
/// instruction that builds one part of it (an order's item's `price`).
extension Run {
    /// The pc of the action (`effect`) whose request the instruction at `pc` helps build: only
    /// expression code lies between them. Nil when `pc` is in no action's request.
    func effectBuilt(after pc: Int, in flow: Int32) -> Int? {
        let instructions = code(flow).code
        var at = max(pc, 0)
        while at < instructions.count {
            switch instructions[at].op {
            case .effect: return at
            case .const_, .null, .true_, .false_, .load, .namespace, .field, .index, .not, .neg, .add, .sub, .mul, .div, .mod,
                 .eq, .ne, .lt, .le, .gt, .ge, .in_, .jumpIfFalseKeep, .jumpIfTrueKeep, .jumpIfNotNullKeep, .pop, .list, .object,
                 .call, .concat:
                at += 1
            default: return nil
            }
        }
        return nil
    }

    /// The instruction that builds the part at `path` (keys of objects, indexes of lists: `items`,
    /// `0`, `price`) of the value the instruction at `end` builds, or the deepest part of it that
    /// can be told (a list from a variable has no instructions of its own items).
    func instruction(building path: [String], endingAt end: Int, in flow: Int32) -> Int? {
        let instructions = code(flow).code
        guard end >= 0, end < instructions.count else { return nil }
        var end = end
        for key in path {
            let ins = instructions[end]
            guard ins.op == .object || ins.op == .list else { return end }
            // The operands' last instructions, first to last.
            var ends: [Int] = []
            var at = end - 1
            for _ in 0..<(ins.op == .object ? 2 * Int(ins.a) : Int(ins.a)) {
                guard let start = valueStart(endingAt: at, in: instructions) else { return end }
                ends.append(at)
                at = start - 1
            }
            ends.reverse()
            if ins.op == .list {
                guard let i = Int(key), ends.indices.contains(i) else { return end }
                end = ends[i]
            } else {
                guard let pair = stride(from: 0, to: ends.count, by: 2).first(where: {
                    instructions[ends[$0]].op == .const_ && bundle.constants[Int(instructions[ends[$0]].a)] == .text(key)
                }) else { return end }
                end = ends[pair + 1]
            }
        }
        return end
    }

    /// Where the expression code whose last instruction is at `end` begins (it leaves one value).
    func valueStart(endingAt end: Int, in instructions: [Instruction]) -> Int? {
        var needed = 1
        var valueEnd = end
        var j = end
        while j >= 0, j < instructions.count {
            let ins = instructions[j]
            let (pops, pushes): (Int, Int)
            switch ins.op {
            case .const_, .null, .true_, .false_, .load, .namespace: (pops, pushes) = (0, 1)
            case .field, .not, .neg: (pops, pushes) = (1, 1)
            case .index, .add, .sub, .mul, .div, .mod, .eq, .ne, .lt, .le, .gt, .ge, .in_: (pops, pushes) = (2, 1)
            case .list, .concat: (pops, pushes) = (Int(ins.a), 1)
            case .object: (pops, pushes) = (2 * Int(ins.a), 1)
            case .call: (pops, pushes) = (Int(ins.b), 1)
            default: return nil
            }
            needed += pops - pushes
            if needed == 0 {
                // `a and b`, `a ?? b`: `a`, a jump past `b` that keeps it, `pop`, `b`: `a` is part of it too.
                if j >= 2, instructions[j - 1].op == .pop, [.jumpIfFalseKeep, .jumpIfTrueKeep, .jumpIfNotNullKeep].contains(instructions[j - 2].op),
                   Int(instructions[j - 2].a) == valueEnd + 1 {
                    needed = 1
                    valueEnd = j - 3
                    j -= 3
                    continue
                }
                return j
            }
            j -= 1
        }
        return nil
    }
}
