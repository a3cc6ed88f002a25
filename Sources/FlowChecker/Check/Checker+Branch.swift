import FlowDiagnostics
import FlowSyntax

extension Checker {
    /// Checks a `branch`; true when it can fall through to the next step (no `else`, and its
    /// conditions may all be false: an error, reported here).
    @discardableResult
    func checkBranch(_ arms: [BranchArm], step: Step, ec: ExpressionChecker, file: String, reads: inout [Read]) -> Bool {
        var parsed: [Expr?] = []
        return checkBranch(arms, step: step, ec: ec, file: file, reads: &reads, parsed: &parsed)
    }

    /// As above; `parsed` gets each arm's condition (nil for `else` or one that does not parse).
    func checkBranch(_ arms: [BranchArm], step: Step, ec: ExpressionChecker, file: String, reads: inout [Read],
                     parsed: inout [Expr?]) -> Bool {
        var conditions: [Expr] = []
        var elseArm: BranchArm?
        parsed = Array(repeating: nil, count: arms.count)
        var shownByEarlier = Set<String>()
        var elseReported = false
        for (index, arm) in arms.enumerated() {
            if let existing = elseArm {
                if let condition = arm.condition { ec.markReads(inCondition: condition) }
                if arm.condition == nil {
                    sink.error("else-not-last", "a second `else`: `else` must be the last arm", file: file, range: arm.range,
                               notes: [DiagnosticNote("the first `else` is here", file: file, range: existing.range)],
                               help: "keep one `- else: …`, at the end")
                } else if !elseReported {
                    // The misplaced arm is the `else` itself: marked there, the arm it hides as a note.
                    elseReported = true
                    sink.error("else-not-last", "`else` must be the last arm, but an `if` comes after it", file: file, range: existing.range,
                               notes: [DiagnosticNote("this arm never runs", file: file, range: arm.range)],
                               help: "move `- else: …` to the end; arms after it never run")
                }
                continue
            }
            guard let condition = arm.condition else { elseArm = arm; continue }
            // An arm is tried only when the ones before it did not hold: after `- if: x == null`,
            // the next conditions may read `x`.
            var armReads: [Read] = []
            if let expr = ec.condition(condition, reads: &armReads) {
                conditions.append(expr)
                parsed[index] = expr
                // (An `if: "{{ … }}"` is reported as such, and its spans are inside the braces.)
                if !condition.text.trimmingPrefix(while: { $0 == " " }).hasPrefix("{{") { reportValuesNeverHeld(expr, in: condition, ec: ec, file: file) }
            }
            reads += armReads.filter { !shownByEarlier.contains($0.name) }
            if let expr = parsed[index] { shownByEarlier.formUnion(Self.nonNull(expr, holds: false)) }
        }
        branchBeingChecked = step.id.value
        defer { branchBeingChecked = nil }
        guard elseArm == nil, !arms.isEmpty, !isExhaustive(conditions) else { return false }
        // An arm lost to a mistake already reported (`else: [c]`) may have been the `else`.
        if flows.contains(where: { $0.path == file && $0.lostArms.contains(step.id.value) }) { return true }
        if conditions.count == arms.count, let missing = uncoveredValues(conditions) {
            sink.error("branch-no-else", "`branch` has no `else`, and \(missing.text) \(missing.count == 1 ? "is" : "are") not covered",
                       file: file, range: step.kindRange,
                       help: "add \(missing.count == 1 ? "an arm for it" : "arms for them"), or a last arm `- else: STEP` for when no condition holds")
            return true
        }
        sink.error("branch-no-else", "`branch` has no `else`, and its conditions may all be false",
                   file: file, range: step.kindRange,
                   help: "add a last arm `- else: STEP` for when no condition holds")
        return true
    }

    /// Variables an arm's path has a value on, by the conditions: its own holding, and the
    /// ones before it not holding (`- if: nick != null` → `nick` is set where that arm goes;
    /// after `- if: nick == null`, the next arms and `else` have it).
    static func narrowed(_ conditions: [Expr?], arm: Int) -> [String] {
        var names = Set<String>()
        for earlier in conditions.prefix(arm) { if let c = earlier { names.formUnion(nonNull(c, holds: false)) } }
        if arm < conditions.count, let c = conditions[arm] { names.formUnion(nonNull(c, holds: true)) }
        return names.sorted()
    }

    /// Variables that cannot be null (unset) when `e` is `holds`.
    static func nonNull(_ e: Expr, holds: Bool) -> Set<String> {
        switch e.kind {
        case .unary(.not, let inner):
            return nonNull(inner, holds: !holds)
        case .binary(.and, let l, let r):
            return holds ? nonNull(l, holds: true).union(nonNull(r, holds: true)) : []
        case .binary(.or, let l, let r):
            return holds ? nonNull(l, holds: true).intersection(nonNull(r, holds: true))
                         : nonNull(l, holds: false).union(nonNull(r, holds: false))
        case .binary(.coalesce, _, _):
            // `ok ?? false` holds only when `ok` is true; `ok ?? true` fails only when it is false.
            guard let (root, fallback) = defaulted(e), case .bool(let b) = fallback.kind, b != holds else { return [] }
            return [root]
        case .binary(let op, let l, let r) where [.eq, .ne, .lt, .le, .gt, .ge, .in].contains(op):
            if let root = defaultedRoot(op, l, r, holds: holds) { return [root] }
            let (subject, other) = Literal(l) == nil ? (l, r) : (r, l)
            guard case .variable(let root)? = rootRead(subject)?.kind, let literal = Literal(other) else { return [] }
            if literal == .null {
                // `x != null` holding, `x == null` not holding.
                return (op == .ne && holds) || (op == .eq && !holds) ? [root] : []
            }
            // A comparison with a value holds only for a value: `x == "a"`, `x > 3`, `x in [1, 2]`.
            if op == .in, literal != .list { return [] }
            return holds && op != .ne ? [root] : []
        default:
            return []
        }
    }

    /// The variable `x` of a comparison of `x ?? DEFAULT` with a literal when `holds` says `x`
    /// has a value: the default alone would have given the other outcome (`(pax ?? 0) >= 1`
    /// holding, `(zona ?? "") == ""` not holding, `len(nick ?? "") > 0` holding). Nil when the
    /// default could give it too.
    private static func defaultedRoot(_ op: BinaryOp, _ l: Expr, _ r: Expr, holds: Bool) -> String? {
        func split(_ e: Expr) -> (root: String, fallback: Expr)? {
            // `len(x ?? "")` and `len(x ?? [])` are 0 without `x`.
            if case .call("len", _, let arguments) = e.kind, arguments.count == 1,
               let (root, fallback) = defaulted(arguments[0]) {
                switch fallback.kind {
                case .string(""), .list([]): return (root, Expr(kind: .number(0), span: fallback.span))
                default: return nil
                }
            }
            return defaulted(e)
        }
        let withDefault: Bool?
        let root: String
        if let (name, fallback) = split(l) {
            root = name
            withDefault = constantComparison(op, fallback, r)
        } else if let (name, fallback) = split(r) {
            root = name
            withDefault = constantComparison(op, l, fallback)
        } else {
            return nil
        }
        guard let withDefault, withDefault != holds else { return nil }
        return root
    }

    /// `x` and `DEFAULT` of `x ?? DEFAULT`, `x` a path.
    static func defaulted(_ e: Expr) -> (root: String, fallback: Expr)? {
        guard case .binary(.coalesce, let path, let fallback) = e.kind,
              case .variable(let root)? = rootRead(path)?.kind else { return nil }
        return (root, fallback)
    }

    /// `a op b` for two literals of one kind (nil when it cannot be told without running it):
    /// numbers by every comparison, texts and bools by `==` and `!=`, a value `in` a list of values.
    private static func constantComparison(_ op: BinaryOp, _ a: Expr, _ b: Expr) -> Bool? {
        enum Constant: Equatable { case number(Double), text(String), bool(Bool) }
        func constant(_ e: Expr) -> Constant? {
            switch e.kind {
            case .number(let n): return .number(n)
            case .string(let s): return .text(s)
            case .bool(let v): return .bool(v)
            case .unary(.negate, let inner):
                if case .number(let n) = inner.kind { return .number(-n) }
                return nil
            default: return nil
            }
        }
        guard let left = constant(a) else { return nil }
        if op == .in {
            guard case .list(let items) = b.kind else { return nil }
            let values = items.map(constant)
            guard values.allSatisfy({ $0 != nil }) else { return nil }
            return values.contains(left)
        }
        guard let right = constant(b) else { return nil }
        switch (left, right) {
        case (.number(let x), .number(let y)):
            switch op {
            case .eq: return x == y
            case .ne: return x != y
            case .lt: return x < y
            case .le: return x <= y
            case .gt: return x > y
            case .ge: return x >= y
            default: return nil
            }
        case (.text, .text), (.bool, .bool):
            switch op {
            case .eq: return left == right
            case .ne: return left != right
            default: return nil
            }
        default:
            return nil
        }
    }

    /// What a literal is, for telling what a comparison with it says about the other side.
    enum Literal {
        /// `null`.
        case null
        /// A number, text or bool (`-3` too).
        case value
        /// A list of values (no `null` in it).
        case list

        init?(_ e: Expr) {
            switch e.kind {
            case .null: self = .null
            case .number, .string, .bool: self = .value
            case .unary(let op, let inner) where op != .not && Literal(inner) == .value: self = .value
            case .list(let items) where items.allSatisfy({ Literal($0) == .value }): self = .list
            default: return nil
            }
        }
    }

    /// The variable a path reads from: `x` of `x`, `x.a`, `x.a[0]` (nil when it is not a path).
    static func rootRead(_ e: Expr) -> Expr? {
        switch e.kind {
        case .variable: return e
        case .member(let base, _, _), .index(let base, _): return rootRead(base)
        default: return nil
        }
    }

    /// The parts of an `or` (and of `or`s inside it).
    static func disjuncts(_ e: Expr) -> [Expr] {
        if case .binary(.or, let l, let r) = e.kind { return disjuncts(l) + disjuncts(r) }
        return [e]
    }
}
