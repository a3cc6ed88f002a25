import FlowDiagnostics
import FlowSyntax

/// Definite assignment: a forward must-analysis over every step of the bot (a read is fine only
/// when every path from a conversation's start to it sets the variable), with call summaries and
/// the interrupts' entries.
extension Checker {
    fileprivate var brokenSaves: Set<String> { flows.reduce(into: project.lostVariables.union(misplacedSaves)) { $0.formUnion($1.brokenSaves) } }

    /// Per called flow: the variables it sets on every path from its first step to where it
    /// returns (nothing set before the call assumed). A call's continuation then has what was set
    /// before the call plus these, whatever other ways into the callee's steps there are (a
    /// `goto: sub.second` from elsewhere does not return to this call). Flows in a call cycle
    /// (`recursive-call`, reported) get none and fall back to the intersection of exit states.
    /// `may`: instead, the variables it sets on *some* path (for telling "unset on some path" from
    /// "unset on every path").
    func callSummaries(all: BitSet, none: BitSet, gens: [[BitSet]], exitsOf: [[Int]], may: Bool = false) -> [Int: BitSet] {
        var summaries: [Int: BitSet] = [:]
        var started = Set<Int>()
        // Per node, the state of the summary being computed (nil: not reached); reset after each.
        var local = [BitSet?](repeating: nil, count: nodeCount)
        var visited: [Int] = []
        func summarize(_ f: Int) {
            guard started.insert(f).inserted else { return }
            if flows[f].steps.isEmpty {
                summaries[f] = none
                return
            }
            let region = Set(exitsOf[f].map { location(of: $0).flow })
            var calls: [(node: Int, callee: Int, next: Int?)] = []
            for g in region {
                for j in flows[g].steps.indices {
                    let n = node(flow: g, step: j)
                    if let site = callSites[n] { calls.append((n, site.callee, site.next)) }
                }
            }
            for call in calls { summarize(call.callee) }
            // A callee without a summary is in a call cycle with this flow (or behind one).
            guard calls.allSatisfy({ summaries[$0.callee] != nil }) else { return }
            let entry = node(flow: f, step: 0)
            local[entry] = none
            visited.append(entry)
            var work = [entry]
            func meet(_ to: Int, _ value: BitSet) {
                let old = local[to]
                let updated = old.map { may ? $0.union(value) : $0.intersection(value) } ?? value
                guard updated != old else { return }
                if old == nil { visited.append(to) }
                local[to] = updated
                work.append(to)
            }
            while let n = work.popLast() {
                guard let here = local[n] else { continue }
                if let site = callSites[n] {
                    if let next = site.next, let summary = summaries[site.callee] { meet(next, here.union(summary)) }
                    continue
                }
                for (k, e) in succ[n].enumerated() { meet(e.to, here.union(gens[n][k])) }
            }
            var returned = may ? none : all
            for x in exitsOf[f] { if let at = local[x] { returned = may ? returned.union(at) : returned.intersection(at) } }
            summaries[f] = returned
            for n in visited { local[n] = nil }
            visited.removeAll(keepingCapacity: true)
        }
        for site in callSites.values.sorted(by: { $0.callee < $1.callee }) { summarize(site.callee) }
        return summaries
    }

    /// The variables set at each node: on every path to it (`may` false: a must-analysis, meeting by
    /// intersection from "all set"), or on some path (`may`: by union from "none set"). Entries start
    /// with what is set there; a call's continuation adds its callee's summary (or, for a flow in a
    /// call cycle, what its exits hold).
    private func assignments(may: Bool, all: BitSet, none: BitSet, entries: [Int: BitSet], gens: [[BitSet]],
                             exitsOf: [[Int]]) -> [BitSet] {
        func combine(_ a: BitSet, _ b: BitSet) -> BitSet { may ? a.union(b) : a.intersection(b) }
        let summaries = callSummaries(all: all, none: none, gens: gens, exitsOf: exitsOf, may: may)
        var state = Array(repeating: may ? none : all, count: nodeCount)
        for (n, set) in entries { state[n] = set }
        var dependents: [Int: [Int]] = [:]
        for (n, site) in callSites where summaries[site.callee] == nil {
            for x in exitsOf[site.callee] { dependents[x, default: []].append(n) }
        }
        var work = Array((0..<nodeCount).reversed())
        var queued = Array(repeating: true, count: nodeCount)
        func push(_ n: Int) { if !queued[n] { queued[n] = true; work.append(n) } }
        func meet(_ to: Int, _ value: BitSet) {
            let updated = combine(state[to], value)
            if updated != state[to] {
                state[to] = updated
                push(to)
                for caller in dependents[to] ?? [] { push(caller) }
            }
        }
        while let n = work.popLast() {
            queued[n] = false
            for (k, e) in succ[n].enumerated() { meet(e.to, state[n].union(gens[n][k])) }
            if let site = callSites[n], let next = site.next {
                if let summary = summaries[site.callee] {
                    meet(next, state[n].union(summary))
                } else {
                    var returned = may ? none : all
                    for x in exitsOf[site.callee] { returned = combine(returned, state[x]) }
                    meet(next, state[n].union(returned))
                }
            }
        }
        return state
    }

    func checkDefiniteAssignment() {
        let names = vars.variableNames
        var indexOf: [String: Int] = [:]
        for (i, name) in names.enumerated() { indexOf[name] = i }
        let all = BitSet(count: names.count, filled: true)
        func bits(_ list: [String]) -> BitSet {
            var b = BitSet(count: names.count, filled: false)
            for name in list { if let i = indexOf[name] { b.insert(i) } }
            return b
        }
        let gens: [[BitSet]] = succ.map { edges in edges.map { bits($0.gen) } }
        // Flows whose exit a caller's continuation depends on (the callee, and flows it jumps to).
        var exitsOf = Array(repeating: [Int](), count: flows.count)
        for f in flows.indices {
            var seen: Set<Int> = [f]
            var stack = [f]
            while let g = stack.popLast() {
                for j in flows[g].steps.indices {
                    for e in succ[node(flow: g, step: j)] where callSites[node(flow: g, step: j)]?.callee == nil {
                        let h = location(of: e.to).flow
                        if seen.insert(h).inserted { stack.append(h) }
                    }
                }
            }
            exitsOf[f] = seen.map(exitNode)
        }
        let none = BitSet(count: names.count, filled: false)
        var entries = externalEntries.mapValues(bits)
        var state = assignments(may: false, all: all, none: none, entries: entries, gens: gens, exitsOf: exitsOf)
        // Interrupts fire at any `ask` or `menu` that waits: what they enter (and their messages)
        // has what every such wait has. Their targets change what is set at the waits after them,
        // so repeat until it settles (it only shrinks).
        let hasInterrupts = !interruptEntries.isEmpty || !interruptReads.isEmpty
        var waits: [Int] = []
        if hasInterrupts {
            for (f, flow) in flows.enumerated() {
                for (j, s) in flow.steps.enumerated() {
                    switch s.kind { case .ask, .menu: waits.append(node(flow: f, step: j)); default: break }
                }
            }
        }
        func atEveryWait() -> BitSet { waits.reduce(all) { $0.intersection(state[$1]) } }
        var atWaits = atEveryWait()
        if !interruptEntries.isEmpty {
            let plain = entries
            while true {
                entries = plain
                for n in interruptEntries { entries[n] = (plain[n] ?? all).intersection(atWaits) }
                state = assignments(may: false, all: all, none: none, entries: entries, gens: gens, exitsOf: exitsOf)
                let next = atEveryWait()
                if next == atWaits { break }
                atWaits = next
            }
        }
        reportInterruptReads(atWaits: atWaits, indexOf: indexOf)
        // For json values unset on some path: which of them some path does set (the may-analysis, run
        // only when needed). Set on some path: null on the others, a warning; on none: an error.
        let jsonUnset = (0..<nodeCount).contains { n in
            reads[n].contains { read in indexOf[read.name].map { !state[n].contains($0) } == true && isResult(read.name) }
        }
        let mayBeSet = jsonUnset ? assignments(may: true, all: all, none: none, entries: entries, gens: gens, exitsOf: exitsOf) : []
        var correlated: (table: [Int: [[EdgeFact]]], conditions: [Tracked], preds: [[(from: Int, edge: Int?)]])?
        var summaries: [Int: BitSet]?
        var refinements = 0
        func mayBeUnsetOnAFeasiblePath(_ vi: Int, at n: Int) -> Bool {
            let found = correlated ?? {
                let table = edgeFacts()
                return (table, correlatedConditions(table), predecessors())
            }()
            correlated = found
            let conditions = found.conditions
            // Bounded: a bot with thousands of such reads has them reported as the must-analysis finds them.
            refinements += 1
            guard !conditions.isEmpty, refinements <= 2_000 else { return true }
            let must = summaries ?? callSummaries(all: all, none: none, gens: gens, exitsOf: exitsOf)
            summaries = must
            // Tried one condition at a time: any one that rules out every path without the variable
            // clears the read. Only those told on the paths without it can; a bounded number of them
            // is tried, first those where such a path turns to or away from setting it (`if: delivery`
            // before asking the address), then those tested in the read's own flow, so that the other
            // conditions of a big bot do not crowd them out.
            let (told, guarding) = conditionsOnUnsetPaths(vi, at: n, facts: found.table, entries: entries, gens: gens,
                                                          summaries: must, preds: found.preds)
            let flow = location(of: n).flow
            let onPaths = conditions.filter { told.contains($0.key) }
            let first = onPaths.filter { guarding.contains($0.key) }
            let rest = onPaths.filter { !guarding.contains($0.key) }
            let near = rest.filter { $0.flows.contains(flow) }
            let candidates = first + near + rest.filter { !$0.flows.contains(flow) }
            for c in candidates.prefix(32) where !feasiblyUnset(vi, at: n, tracked: c, facts: found.table, entries: entries,
                                                                 gens: gens, summaries: must) {
                return false
            }
            return true
        }
        let anyBrokenStep = flows.contains { !$0.brokenSteps.isEmpty }
        for n in 0..<nodeCount {
            var reported = Set<String>()
            for read in reads[n] {
                guard let i = indexOf[read.name], !state[n].contains(i), !brokenSaves.contains(read.name),
                      reported.insert(read.name).inserted else { continue }
                guard let (_, s) = step(at: n) else { continue }
                // A step too broken to read (reported), in this flow or in one it calls or jumps to,
                // may be what sets it (`cal: ask_name`): the read is not a second error for that one mistake.
                if anyBrokenStep, assigned.contains(read.name) { continue }
                let range = ExpressionChecker(sink: sink, source: project.sources[read.file], file: read.file, scope: vars)
                    .range(of: read.span, in: read.text)
                if !assigned.contains(read.name) {
                    // Declared under `vars:` and set by no step: an input, given from outside the
                    // flows (a test's `vars:`, `flowc chat --var`, the runtime) and null until then,
                    // as `phone` in flow-format.md §2. Worth a warning, not an error.
                    // (So is one declared with a type that was wrong, `apodo: textt`, reported there.)
                    if vars[read.name]?.declared == true || vars[read.name]?.open == true {
                        sink.warning("never-set", "variable `\(read.name)` is declared but no step sets it: it is null unless given from outside",
                                     file: read.file, range: range,
                                     help: "save it with an `ask`/`menu` (`save: \(read.name)`) or a `set` before step `\(s.id.value)`, or write `\(read.name) ?? …`")
                    } else {
                        sink.error("used-before-set", "variable `\(read.name)` is read here but nothing ever sets it",
                                   file: read.file, range: range,
                                   help: "save it with an `ask`/`menu` (`save: \(read.name)`) or a `set` before step `\(s.id.value)`")
                    }
                } else if isResult(read.name), n < mayBeSet.count, mayBeSet[n].contains(i) {
                    // A json value (an HTTP or query result) is checked when used (flow-format.md §2):
                    // on a path that skipped the request it is null, which templates render as empty,
                    // like `order` on the `bulk` path of §2's example. A warning, not an error.
                    sink.warning("maybe-unset", "`\(read.name)` (\(resultKind(read.name))) may not be set here: it is null on some path",
                                 file: read.file, range: range,
                                 help: "on some path to step `\(s.id.value)` nothing saves `\(read.name)`; save it on every path, or write \(resultDefault(read.name))")
                } else if !mayBeUnsetOnAFeasiblePath(i, at: n) {
                    // Set on every path a conversation can take: the paths without it pass a
                    // condition both ways (`if: delivery` asks the address, `if: delivery` reads it).
                    continue
                } else {
                    sink.error("used-before-set", "variable `\(read.name)` may be used before it is set",
                               file: read.file, range: range,
                               help: "on some path to step `\(s.id.value)` nothing sets `\(read.name)`; set it on every path, or use `\(read.name) ?? …`")
                }
            }
        }
    }
}

extension Checker {
    /// An interrupt's message reading a variable that some waiting `ask` or `menu` has not set.
    fileprivate func reportInterruptReads(atWaits: BitSet, indexOf: [String: Int]) {
        var reported = Set<String>()
        for read in interruptReads {
            guard let i = indexOf[read.name], !atWaits.contains(i), !brokenSaves.contains(read.name) else { continue }
            let range = ExpressionChecker(sink: sink, source: project.sources[read.file], file: read.file, scope: vars)
                .range(of: read.span, in: read.text)
            guard reported.insert("\(read.name) \(range.start.line):\(range.start.column)").inserted else { continue }
            if !assigned.contains(read.name), vars[read.name]?.declared == true {
                sink.warning("never-set", "variable `\(read.name)` is declared but no step sets it: it is null unless given from outside",
                             file: read.file, range: range, help: "write `\(read.name) ?? …` for when it is not given")
            } else if isResult(read.name) {
                sink.warning("maybe-unset", "`\(read.name)` (\(resultKind(read.name))) may not be set when this interrupt fires: it is null then",
                             file: read.file, range: range, help: "write \(resultDefault(read.name))")
            } else {
                sink.error("used-before-set", "variable `\(read.name)` may not be set when this interrupt fires",
                           file: read.file, range: range,
                           help: "an interrupt fires at any question or menu, and some of them come before `\(read.name)` is set; "
                               + "write `\(read.name) ?? …`")
            }
        }
    }
}

extension Checker {
    /// A json value (an `http` result) or a query's rows: null on a path that skipped
    /// the request, which `maybe-unset` warns of (flow-format.md §2: checked when used).
    func resultKind(_ name: String) -> String { vars[name]?.type == .json ? "a json value" : "a query's rows" }
    func resultDefault(_ name: String) -> String { vars[name]?.type == .json ? "`\(name).field ?? …`" : "`\(name) ?? []`" }

    func isResult(_ name: String) -> Bool {
        let type = vars[name]?.type
        return type == .json || type == .list(.json) && queryResults.contains(name)
    }
}

/// A fixed-size set of small integers.
struct BitSet: Equatable {
    private var words: [UInt64]

    init(count: Int, filled: Bool) {
        let n = (count + 63) / 64
        words = Array(repeating: filled ? ~0 : 0, count: n)
    }

    func contains(_ i: Int) -> Bool { words[i >> 6] & (1 << UInt64(i & 63)) != 0 }
    mutating func insert(_ i: Int) { words[i >> 6] |= 1 << UInt64(i & 63) }

    func intersection(_ other: BitSet) -> BitSet {
        var r = self
        for i in r.words.indices { r.words[i] &= other.words[i] }
        return r
    }

    func union(_ other: BitSet) -> BitSet {
        var r = self
        for i in r.words.indices { r.words[i] |= other.words[i] }
        return r
    }
}
