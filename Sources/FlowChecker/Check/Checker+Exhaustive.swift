import FlowDiagnostics
import FlowSyntax

/// Whether a `branch` without `else` covers every case: menu ids and choices, bools, numbers and
/// their combinations (and, when it does not, which menu options no arm covers).
extension Checker {
    /// When every condition compares one variable of a closed set of texts (a menu's ids) with
    /// texts (`size == "s"`, `size in ["m"]`): the values none of them covers, written as
    /// conditions with the option's label (`` `size == "l"` (Grande) ``), in the menu's order.
    func uncoveredValues(_ conditions: [Expr]) -> (text: String, count: Int)? {
        var variable: String?
        var covered = Set<String>()
        for c in conditions.flatMap(Self.disjuncts) {
            var name: String?
            switch c.kind {
            case .binary(.eq, let l, let r):
                if case .variable(let v) = l.kind, case .string(let t) = r.kind { name = v; covered.insert(t) }
                else if case .variable(let v) = r.kind, case .string(let t) = l.kind { name = v; covered.insert(t) }
            case .binary(.in, let l, let r):
                if case .variable(let v) = l.kind, case .list(let items) = r.kind {
                    name = v
                    for item in items { if case .string(let t) = item.kind { covered.insert(t) } }
                }
            default:
                break
            }
            guard let name, variable == nil || variable == name else { return nil }
            variable = name
        }
        guard let variable, var closed = closedValues(of: variable) else { return nil }
        if let branch = branchBeingChecked { closed.subtract(optionsThatNeverReach(branch, saving: variable)) }
        closed.subtract(covered)
        guard !closed.isEmpty else { return nil }
        // The menus' order and labels, this flow's menus first.
        var labels: [(id: String, label: String?)] = []
        let order = flowBeingChecked.map { f in [f] + flows.indices.filter { $0 != f } } ?? Array(flows.indices)
        for g in order where flows.indices.contains(g) {
            for step in flows[g].steps {
                guard case .menu(let menu) = step.kind, menu.options.save?.value == variable else { continue }
                for option in menu.choices where !labels.contains(where: { $0.id == option.id.value }) {
                    labels.append((option.id.value, option.label.text))
                }
            }
        }
        let missing = labels.filter { closed.contains($0.id) }
            + closed.filter { id in !labels.contains { $0.id == id } }.sorted().map { (id: $0, label: String?.none) }
        let written = missing.prefix(3).map { id, label in
            let quoted = Expr(kind: .string(id), span: ExprSpan(start: 0, end: 0)).sourceText
            return "`\(variable) == \(quoted)`" + (label.map { " (\($0))" } ?? "")
        }
        let listed = missing.count > written.count ? written.joined(separator: ", ") + " and \(missing.count - written.count) more"
            : written.count == 1 ? written[0] : written.dropLast().joined(separator: ", ") + " and " + (written.last ?? "")
        return (listed, missing.count)
    }

    /// True when one of the conditions always holds: `true`, `x` and `not x`, `a < n` and
    /// `a >= n`, `c == "v"` for every value a menu or choice can give `c`.
    func isExhaustive(_ conditions: [Expr]) -> Bool {
        // `a or b` holds when either does: its parts count as arms of their own.
        let conditions = conditions.flatMap(Self.disjuncts)
        let keys = Set(conditions.map(Self.canonical))
        if keys.contains("true") { return true }
        for c in conditions {
            if case .unary(.not, let inner) = c.kind, keys.contains(Self.canonical(inner)) { return true }
            if keys.contains("(not \(Self.canonical(c)))") { return true }
            if case .binary(let op, let l, let r) = c.kind {
                let opposite: BinaryOp? = switch op {
                case .eq: .ne
                case .ne: .eq
                case .lt: .ge
                case .ge: .lt
                case .gt: .le
                case .le: .gt
                default: nil
                }
                if let opposite, keys.contains(Self.canonical(Expr(kind: .binary(opposite, l, r), span: c.span)))
                    || keys.contains(Self.canonical(Expr(kind: .binary(Self.mirrored(opposite), r, l), span: c.span))) {
                    return true
                }
            }
        }
        // Every value of a bool or of a closed set of text values is covered.
        var covered: [String: Set<String>] = [:]
        for c in conditions {
            // `c in ["a", "b"]`: each listed text is a value covered.
            if case .binary(.`in`, let l, let r) = c.kind, case .variable(let v) = l.kind, case .list(let items) = r.kind {
                for item in items { if case .string(let s) = item.kind { covered[v, default: []].insert("s:" + s) } }
                continue
            }
            guard case .binary(.eq, let l, let r) = c.kind else {
                if case .variable(let v) = c.kind { covered[v, default: []].insert("b:true") }
                if case .unary(.not, let inner) = c.kind, case .variable(let v) = inner.kind { covered[v, default: []].insert("b:false") }
                continue
            }
            var variable: String?
            var literal: Expr?
            if case .variable(let v) = l.kind { variable = v; literal = r } else if case .variable(let v) = r.kind { variable = v; literal = l }
            guard let variable, let literal else { continue }
            switch literal.kind {
            case .string(let s): covered[variable, default: []].insert("s:" + s)
            case .bool(let b): covered[variable, default: []].insert("b:\(b)")
            default: break
            }
        }
        for (variable, values) in covered {
            if values.contains("b:true"), values.contains("b:false") { return true }
            if var closed = closedValues(of: variable), !closed.isEmpty {
                // Options that jump away and never come to this branch give it no value to cover.
                if let branch = branchBeingChecked { closed.subtract(optionsThatNeverReach(branch, saving: variable)) }
                if closed.allSatisfy({ values.contains("s:" + $0) }) { return true }
            }
        }
        return Self.coversEveryNumber(conditions, isWhole: { subject in self.isWhole(subject) })
            || coversEveryCombination(conditions)
    }

    /// True when, for every combination of values of the bools and closed text sets the
    /// conditions compare (`ok`, `ok != true`, `size == "s" and not ok`), some condition holds.
    /// Unset values are left out, as above: reading one is the definite-assignment check's.
    func coversEveryCombination(_ conditions: [Expr]) -> Bool {
        var names: [String] = []
        func collect(_ e: Expr) {
            switch e.kind {
            case .variable(let v): if !names.contains(v) { names.append(v) }
            case .unary(_, let x): collect(x)
            case .binary(_, let l, let r): collect(l); collect(r)
            default: break
            }
        }
        conditions.forEach(collect)
        // Numbers compared with literals (`n > 5`, `len(items) == 0`): one sample of each stretch
        // between the literals, keyed by the compared expression.
        var numberPoints: [String: [Double]] = [:]
        var numberOrder: [String] = []
        func collectNumbers(_ e: Expr) {
            switch e.kind {
            case .unary(_, let x): collectNumbers(x)
            case .binary(let op, let l, let r) where [.lt, .le, .gt, .ge, .eq, .ne].contains(op):
                if let p = Self.numberPredicate(e) {
                    if numberPoints[p.subject] == nil { numberOrder.append(p.subject) }
                    numberPoints[p.subject, default: []] += p.points
                } else {
                    collectNumbers(l); collectNumbers(r)
                }
            case .binary(_, let l, let r): collectNumbers(l); collectNumbers(r)
            default: break
            }
        }
        conditions.forEach(collectNumbers)
        var domains: [(String, [BranchValue])] = []
        var combinations = 1
        for subject in numberOrder {
            let points = Set(numberPoints[subject] ?? []).sorted()
            let length = subject.hasPrefix("(len ") || subject.hasPrefix("len(")
            let values = Self.numberSamples(points, whole: length || isWhole(subject), length: length).map(BranchValue.number)
            combinations *= max(1, values.count)
            if combinations > 4096 { return false }
            domains.append(("#" + subject, values))
        }
        for name in names {
            let values: [BranchValue]
            if vars[name]?.type == .bool { values = [.bool(true), .bool(false)] }
            else if let closed = closedValues(of: name), !closed.isEmpty { values = closed.sorted().map { .text($0) } }
            else { continue }
            combinations *= values.count
            if combinations > 4096 { return false }
            domains.append((name, values))
        }
        guard !domains.isEmpty else { return false }
        var assignment: [String: BranchValue] = [:]
        func every(_ i: Int) -> Bool {
            guard i < domains.count else { return conditions.contains { Self.evaluate($0, assignment) == true } }
            for value in domains[i].1 {
                assignment[domains[i].0] = value
                if !every(i + 1) { return false }
            }
            return true
        }
        return every(0)
    }

    /// A value a closed-domain variable takes while branch arms are tried.
    enum BranchValue: Equatable {
        case bool(Bool)
        case text(String)
        /// A sample of a compared number (keyed `#` + the compared expression).
        case number(Double)

        init?(literal e: Expr) {
            switch e.kind {
            case .bool(let b): self = .bool(b)
            case .string(let s): self = .text(s)
            default: return nil
            }
        }
    }

    /// A condition's truth under `assignment`; nil when it depends on anything else.
    static func evaluate(_ e: Expr, _ assignment: [String: BranchValue]) -> Bool? {
        switch e.kind {
        case .bool(let b): return b
        case .variable(let v):
            if case .bool(let b)? = assignment[v] { return b }
            return nil
        case .unary(.not, let x): return evaluate(x, assignment).map { !$0 }
        case .binary(.and, let l, let r):
            let a = evaluate(l, assignment), b = evaluate(r, assignment)
            if a == false || b == false { return false }
            return a == true && b == true ? true : nil
        case .binary(.or, let l, let r):
            let a = evaluate(l, assignment), b = evaluate(r, assignment)
            if a == true || b == true { return true }
            return a == false && b == false ? false : nil
        case .binary(let op, _, _) where [.lt, .le, .gt, .ge, .eq, .ne].contains(op) && numberPredicate(e) != nil:
            guard let p = numberPredicate(e), case .number(let x)? = assignment["#" + p.subject] else { return nil }
            return p.holds(x)
        case .binary(let op, let l, let r) where op == .eq || op == .ne:
            let (subject, other) = BranchValue(literal: l) == nil ? (l, r) : (r, l)
            guard case .variable(let v) = subject.kind, let value = assignment[v], let literal = BranchValue(literal: other) else { return nil }
            return (value == literal) == (op == .eq)
        case .binary(.in, let l, let r):
            guard case .variable(let v) = l.kind, let value = assignment[v], case .list(let items) = r.kind else { return nil }
            let literals = items.compactMap(BranchValue.init(literal:))
            guard literals.count == items.count else { return nil }
            return literals.contains(value)
        default:
            return nil
        }
    }

    /// True when the comparisons of one expression with number literals cover every number
    /// between them: `n < 0`, `n == 0`, `n > 0`; `n <= 10`, `n >= 10`; `n > 3`, `n < 5`.
    static func coversEveryNumber(_ conditions: [Expr], isWhole: (String) -> Bool = { _ in false }) -> Bool {
        // Each condition as a test of one number: comparisons with literals, joined by `and`, `or`, `not`.
        var tests: [String: [(points: [Double], holds: (Double) -> Bool)]] = [:]
        for c in conditions {
            guard let p = numberPredicate(c) else { continue }
            tests[p.subject, default: []].append((p.points, p.holds))
        }
        for (subject, predicates) in tests {
            let points = Set(predicates.flatMap(\.points)).sorted()
            guard !points.isEmpty else { continue }
            let length = subject.hasPrefix("(len ") || subject.hasPrefix("len(")
            let samples = numberSamples(points, whole: length || isWhole(subject), length: length)
            if samples.allSatisfy({ x in predicates.contains { $0.holds(x) } }) { return true }
        }
        return false
    }

    /// One number from each stretch the sorted `points` cut the line into, and each point: every
    /// number compares with the points as one of these does. A length, or a number declared whole,
    /// takes whole values only (a length none below 0).
    static func numberSamples(_ points: [Double], whole: Bool, length: Bool) -> [Double] {
        guard let low = points.first, let high = points.last else { return [] }
        var samples = points + [low.nextDown, high.nextUp]
        for (a, b) in zip(points, points.dropFirst()) { samples.append(a + (b - a) / 2) }
        if whole {
            samples = Array(Set(points.flatMap { [($0 - 1).rounded(.down), $0.rounded(.down), $0.rounded(.up), ($0 + 1).rounded(.up)] }))
            for (a, b) in zip(points, points.dropFirst()) where b - a > 1 { samples.append((a + 1).rounded(.down)) }
            samples = samples.filter { !length || $0 >= 0 }
        }
        return samples
    }

    /// A condition over one number (`n < 7`, `n >= 7 and n < 9`, `not (n > 3)`): its subject, the
    /// numbers it compares with, and whether it holds for a value.
    static func numberPredicate(_ e: Expr) -> (subject: String, points: [Double], holds: (Double) -> Bool)? {
        switch e.kind {
        case .binary(let op, let l, let r) where [.lt, .le, .gt, .ge, .eq, .ne].contains(op):
            let subject: Expr, n: Double, o: BinaryOp
            if let v = numberLiteral(r), numberLiteral(l) == nil { (subject, n, o) = (l, v, op) }
            else if let v = numberLiteral(l), numberLiteral(r) == nil { (subject, n, o) = (r, v, mirrored(op)) }
            else { return nil }
            let holds: (Double) -> Bool = { x in
                switch o {
                case .lt: x < n
                case .le: x <= n
                case .gt: x > n
                case .ge: x >= n
                case .eq: x == n
                default: x != n
                }
            }
            return (canonical(subject), [n], holds)
        case .binary(let op, let l, let r) where op == .and || op == .or:
            guard let a = numberPredicate(l), let b = numberPredicate(r), a.subject == b.subject else { return nil }
            let both: (Double) -> Bool = op == .and ? { a.holds($0) && b.holds($0) } : { a.holds($0) || b.holds($0) }
            return (a.subject, a.points + b.points, both)
        case .unary(.not, let inner):
            guard let p = numberPredicate(inner) else { return nil }
            return (p.subject, p.points, { !p.holds($0) })
        default:
            return nil
        }
    }

    static func numberLiteral(_ e: Expr) -> Double? {
        if case .number(let d) = e.kind { return d }
        if case .unary(let op, let inner) = e.kind, op != .not, case .number(let d) = inner.kind { return -d }
        return nil
    }

    /// The operator that holds with the operands swapped: `a < b` is `b > a`.
    static func mirrored(_ op: BinaryOp) -> BinaryOp {
        switch op {
        case .lt: .gt
        case .gt: .lt
        case .le: .ge
        case .ge: .le
        default: op
        }
    }

    /// A canonical text of an expression, for comparing conditions structurally.
    static func canonical(_ e: Expr) -> String {
        switch e.kind {
        case .number(let d): return plainNumber(d)
        case .string(let s): return "\"" + s.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"") + "\""
        case .bool(let b): return String(b)
        case .null: return "null"
        case .list(let items): return "[" + items.map(canonical).joined(separator: ",") + "]"
        case .variable(let v): return v
        case .member(let base, let name, _): return canonical(base) + "." + name
        case .index(let base, let i): return canonical(base) + "[" + canonical(i) + "]"
        case .unary(let op, let x): return "(\(op == .not ? "not" : "-") \(canonical(x)))"
        case .binary(let op, let l, let r) where op == .and || op == .or:
            // Either way round (`a and b`, `b and a`): one condition.
            let sides = [canonical(l), canonical(r)].sorted()
            return "(\(op) \(sides[0]) \(sides[1]))"
        case .binary(let op, let l, let r): return "(\(op) \(canonical(l)) \(canonical(r)))"
        case .call(let name, _, let args): return name + "(" + args.map(canonical).joined(separator: ",") + ")"
        }
    }
}
