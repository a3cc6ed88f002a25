import FlowSyntax

/// What taking a control-flow edge tells about a condition. `key` is a condition's canonical text
/// (`delivery`, `(> qty 5)`) with `value` nil, or a variable compared with a text (`metodo` with
/// `value` `"envio"` for `metodo == "envio"`, and for choosing that menu option).
struct EdgeFact: Hashable {
    var key: String
    var value: String?
    var holds: Bool
    /// `x in ["a", "b"]`: the texts the variable is one of (holding) or none of.
    var values: [String]? = nil
}

/// What a node's edges can tell, kept as it was parsed: facts are worked out from it only when
/// a read might be cleared (a clean bot never pays for them).
enum FactSource {
    case branch([Expr?])
    case menu(save: String, ids: [String])
}

/// Correlated conditions: a shop asks `delivery` once, asks the address only `if: delivery`, and
/// reads it later only `if: delivery` again. The must-analysis sees a path (no, then yes) that no
/// conversation can take; before calling a read "may be used before it is set", the checker looks
/// for a path that keeps what it passes consistent, one condition (or compared variable) at a time.
extension Checker {
    /// What arm `arm` of a branch tells: its own condition holds, every earlier one does not
    /// (`arm == conditions.count`: the fall-through, where none held). Only conditions on
    /// conversation variables are kept (and noted in `factVariables`).
    func facts(_ conditions: [Expr?], arm: Int) -> [EdgeFact] {
        var facts: [(EdgeFact, Expr)] = []
        for earlier in conditions.prefix(arm) { if let c = earlier { Self.implied(c, holds: false, into: &facts) } }
        if arm < conditions.count, let c = conditions[arm] { Self.implied(c, holds: true, into: &facts) }
        return facts.compactMap { fact, e in
            guard let variables = stableVariables(of: e), !variables.isEmpty else { return nil }
            factVariables[fact.key, default: []].formUnion(variables)
            return fact
        }
    }

    /// What choosing a menu option that saves `save` tells: `save` is its id.
    func fact(menuSave save: String, option id: String) -> EdgeFact {
        let key = Self.valueKey(Expr(kind: .variable(save), span: ExprSpan(start: 0, end: 0)))
        factVariables[key, default: []].insert(save)
        return EdgeFact(key: key, value: id, holds: true)
    }

    /// The key of facts about the texts an expression holds, apart from the key of the
    /// expression as a condition (`if: kind` and `if: kind == "envio"` are different things).
    static func valueKey(_ e: Expr) -> String { "=" + canonical(e) }

    /// The facts that `e` being `holds` implies: itself, and through `not`, `and` (holding) and
    /// `or` (not holding) its parts. `!=` is a `==` that does not hold; `x == "text"` (either way
    /// round) is a fact about `x`.
    static func implied(_ e: Expr, holds: Bool, into facts: inout [(EdgeFact, Expr)]) {
        switch e.kind {
        case .unary(.not, let inner):
            implied(inner, holds: !holds, into: &facts)
            return
        case .binary(.ne, let l, let r):
            implied(Expr(kind: .binary(.eq, l, r), span: e.span), holds: !holds, into: &facts)
            return
        // `delivery == true` is `delivery`; `delivery == false` is `not delivery`.
        case .binary(.eq, let l, let r) where Self.boolLiteral(r) != nil:
            implied(l, holds: Self.boolLiteral(r) == true ? holds : !holds, into: &facts)
            return
        // One order for comparisons, so that `age >= 18` and `age < 18` are one condition each way
        // round (and `18 <= age` the same): `a <= b`, holding or not.
        case .binary(let op, let l, let r) where [.lt, .le, .gt, .ge].contains(op):
            let (a, b, same): (Expr, Expr, Bool) = switch op {
            case .le: (l, r, true)
            case .ge: (r, l, true)
            case .lt: (r, l, false)
            default: (l, r, false)
            }
            let atMost = Expr(kind: .binary(.le, a, b), span: e.span)
            facts.append((EdgeFact(key: canonical(atMost), value: nil, holds: same ? holds : !holds), atMost))
            return
        case .binary(.eq, let l, let r):
            if case .string(let text) = r.kind, Literal(l) == nil {
                facts.append((EdgeFact(key: valueKey(l), value: text, holds: holds), l))
                return
            }
            if case .string(let text) = l.kind, Literal(r) == nil {
                facts.append((EdgeFact(key: valueKey(r), value: text, holds: holds), r))
                return
            }
        case .binary(.in, let l, let r) where Literal(l) == nil:
            // `metodo in ["envio", "moto"]`: a fact about `metodo`'s text, as `==` with each is.
            if case .list(let items) = r.kind {
                let texts = items.compactMap { item -> String? in if case .string(let t) = item.kind { t } else { nil } }
                if texts.count == items.count, !texts.isEmpty {
                    facts.append((EdgeFact(key: valueKey(l), value: nil, holds: holds, values: texts), l))
                    return
                }
            }
        case .binary(.and, let l, let r) where holds:
            implied(l, holds: true, into: &facts)
            implied(r, holds: true, into: &facts)
        case .binary(.or, let l, let r) where !holds:
            implied(l, holds: false, into: &facts)
            implied(r, holds: false, into: &facts)
        default:
            break
        }
        facts.append((EdgeFact(key: canonical(e), value: nil, holds: holds), e))
    }

    /// `true` or `false` written as is.
    static func boolLiteral(_ e: Expr) -> Bool? {
        if case .bool(let b) = e.kind { return b }
        return nil
    }

    /// The conversation variables an expression reads, or nil when it reads anything that changes
    /// without a step setting it (a namespace such as `message`, a call such as `now()`).
    func stableVariables(of e: Expr) -> Set<String>? {
        switch e.kind {
        case .number, .string, .bool, .null: return []
        case .variable(let name): return vars[name] == nil ? nil : [name]
        case .list(let items):
            var all = Set<String>()
            for item in items {
                guard let v = stableVariables(of: item) else { return nil }
                all.formUnion(v)
            }
            return all
        case .member(let base, _, _): return stableVariables(of: base)
        case .index(let base, let i):
            guard let a = stableVariables(of: base), let b = stableVariables(of: i) else { return nil }
            return a.union(b)
        case .unary(_, let x): return stableVariables(of: x)
        case .binary(_, let l, let r):
            guard let a = stableVariables(of: l), let b = stableVariables(of: r) else { return nil }
            return a.union(b)
        case .call: return nil
        }
    }

    /// One thing to follow along paths: a condition (true, false) or a compared variable (each text
    /// it is compared with, and "anything else").
    struct Tracked {
        var key: String
        var variables: Set<String>
        /// The texts compared with, in order (empty for a condition).
        var values: [String]
        /// The flows whose steps test it.
        var flows: Set<Int> = []
        var full: UInt64 { values.isEmpty ? 0b11 : (values.count >= 63 ? ~0 : (1 << UInt64(values.count + 1)) - 1) }

        /// The values a fact leaves possible.
        func allowed(_ fact: EdgeFact) -> UInt64 {
            if let set = fact.values {
                var bits: UInt64 = 0
                for value in set {
                    guard let i = values.firstIndex(of: value), i < 62 else { return full }
                    bits |= UInt64(1) << UInt64(i)
                }
                return fact.holds ? bits : full & ~bits
            }
            guard let value = fact.value else { return fact.holds ? 0b01 : 0b10 }
            guard let i = values.firstIndex(of: value), i < 62 else { return full }
            let bit = UInt64(1) << UInt64(i)
            return fact.holds ? bit : full & ~bit
        }
    }

    /// What each edge of each branch or saving menu tells: per node, per edge index.
    func edgeFacts() -> [Int: [[EdgeFact]]] {
        var table: [Int: [[EdgeFact]]] = [:]
        for (n, source) in factSources {
            table[n] = succ[n].map { e in
                guard e.arm >= 0 else { return [] }
                switch source {
                case .branch(let conditions): return facts(conditions, arm: e.arm)
                case .menu(let save, let ids): return e.arm < ids.count ? [fact(menuSave: save, option: ids[e.arm])] : []
                }
            }
        }
        return table
    }

    /// The conditions and compared variables that edges of two or more steps tell something about
    /// (one step's alone correlates nothing).
    func correlatedConditions(_ table: [Int: [[EdgeFact]]]) -> [Tracked] {
        var steps: [String: Int] = [:]
        var values: [String: [String]] = [:]
        var order: [String] = []
        var flowsOf: [String: Set<Int>] = [:]
        for n in table.keys.sorted() {
            var here = Set<String>()
            for edgeFacts in table[n] ?? [] {
                for f in edgeFacts {
                    here.insert(f.key)
                    for v in (f.value.map { [$0] } ?? []) + (f.values ?? []) where !(values[f.key]?.contains(v) ?? false) {
                        values[f.key, default: []].append(v)
                    }
                }
            }
            for key in here.sorted() {
                if steps[key] == nil { order.append(key) }
                steps[key, default: 0] += 1
                flowsOf[key, default: []].insert(location(of: n).flow)
            }
        }
        return order.compactMap { key in
            guard (steps[key] ?? 0) >= 2, let variables = factVariables[key] else { return nil }
            return Tracked(key: key, variables: variables, values: values[key] ?? [], flows: flowsOf[key] ?? [])
        }
    }

    /// The keys of the conditions that can rule out a path reaching node `target` with variable `v`
    /// (index `vi`) unset (`told`): those told on an edge between two nodes that such a path passes
    /// (reached from an entry without `v`, and reaching `target` without setting it), the same edges
    /// that `feasiblyUnset` follows; a condition told nowhere on them clears nothing. `guarding`: those
    /// told at a step where such a path can also turn away (to the step that sets `v`, as `if: delivery`
    /// before asking the address, or away from the read), the ones likeliest to clear it.
    func conditionsOnUnsetPaths(_ vi: Int, at target: Int, facts table: [Int: [[EdgeFact]]], entries: [Int: BitSet],
                                gens: [[BitSet]], summaries: [Int: BitSet],
                                preds: [[(from: Int, edge: Int?)]]) -> (told: Set<String>, guarding: Set<String>) {
        var forward = [Bool](repeating: false, count: nodeCount)
        var stack: [Int] = []
        for (n, set) in entries where n >= 0 && n < nodeCount && !set.contains(vi) && !forward[n] {
            forward[n] = true
            stack.append(n)
        }
        while let n = stack.popLast() {
            var out: [Int] = []
            for (k, e) in succ[n].enumerated() where !gens[n][k].contains(vi) { out.append(e.to) }
            if let site = callSites[n], let next = site.next, !(summaries[site.callee]?.contains(vi) ?? false) { out.append(next) }
            for m in out where m >= 0 && m < nodeCount && !forward[m] {
                forward[m] = true
                stack.append(m)
            }
        }
        var backward = [Bool](repeating: false, count: nodeCount)
        guard target >= 0, target < nodeCount, forward[target] else { return ([], []) }
        backward[target] = true
        stack = [target]
        var keys = Set<String>()
        while let m = stack.popLast() {
            for (n, k) in preds[m] where forward[n] {
                if let k {
                    guard !gens[n][k].contains(vi) else { continue }
                    if let told = table[n], k < told.count { for f in told[k] { keys.insert(f.key) } }
                } else if let site = callSites[n], summaries[site.callee]?.contains(vi) ?? false {
                    continue
                }
                if !backward[n] {
                    backward[n] = true
                    stack.append(n)
                }
            }
        }
        var guarding = Set<String>()
        for (n, told) in table where n >= 0 && n < nodeCount && forward[n] && backward[n] {
            let turns = succ[n].indices.contains { k in
                let to = succ[n][k].to
                return gens[n][k].contains(vi) || to < 0 || to >= nodeCount || !backward[to]
            }
            if turns { for facts in told { for f in facts { guarding.insert(f.key) } } }
        }
        return (keys, guarding)
    }

    /// Each node's incoming edges: (node, edge index), or (call site, nil) for a call's continuation.
    func predecessors() -> [[(from: Int, edge: Int?)]] {
        var preds = [[(from: Int, edge: Int?)]](repeating: [], count: nodeCount)
        for n in 0..<nodeCount {
            for (k, e) in succ[n].enumerated() where e.to >= 0 && e.to < nodeCount { preds[e.to].append((n, k)) }
            if let site = callSites[n], let next = site.next, next >= 0, next < nodeCount { preds[next].append((n, nil)) }
        }
        return preds
    }

    /// Whether some path that keeps `tracked` consistent reaches node `target` with variable `v`
    /// (index `vi`) unset. Paths start at the entries (with what is set there); a call's
    /// continuation follows only when the callee may come back without setting `v` (`summaries`,
    /// the must-analysis of each callee).
    func feasiblyUnset(_ vi: Int, at target: Int, tracked: Tracked, facts table: [Int: [[EdgeFact]]], entries: [Int: BitSet],
                       gens: [[BitSet]], summaries: [Int: BitSet]) -> Bool {
        struct At: Hashable { var node: Int; var possible: UInt64 }
        let full = tracked.full
        var seen = Set<At>()
        var work: [At] = []
        func visit(_ n: Int, _ possible: UInt64) {
            guard n >= 0, n < nodeCount, possible != 0, seen.insert(At(node: n, possible: possible)).inserted else { return }
            work.append(At(node: n, possible: possible))
        }
        for (n, set) in entries where !set.contains(vi) { visit(n, full) }
        while let at = work.popLast() {
            if at.node == target { return true }
            for (k, e) in succ[at.node].enumerated() {
                // Set on this edge, or proven set by the arm's condition (`if: address != null`).
                if gens[at.node][k].contains(vi) { continue }
                let changes = !e.narrows && (e.gen.contains(where: tracked.variables.contains) || e.mayGen.contains(where: tracked.variables.contains))
                var possible = changes ? full : at.possible
                if let told = table[at.node], k < told.count {
                    for f in told[k] where f.key == tracked.key { possible &= tracked.allowed(f) }
                }
                visit(e.to, possible)
            }
            if let site = callSites[at.node], let next = site.next, !(summaries[site.callee]?.contains(vi) ?? false) {
                visit(next, full)
            }
        }
        return false
    }
}
