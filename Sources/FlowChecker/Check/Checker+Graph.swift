import FlowDiagnostics
import FlowSyntax

extension Checker {
    func analyseGraph() {
        guard nodeCount > 0 else { return }
        // Flows that call each other in a circle (`recursive-call`) count as returning here, so the
        // steps after their calls are not also reported unreachable.
        let canReturn = flowsThatReturn(throughWaits: true, assuming: recursiveFlows())
        let unreachable = reportUnreachable(canReturn: canReturn)
        reportUnusedFlows()
        let returns = flowsThatReturn(throughWaits: false)
        reportWaitlessCycles(returns: returns, skipping: unreachable)
        reportRecursiveCalls()
        checkDefiniteAssignment()
    }

    func step(at n: Int) -> (flow: FlowFile, step: Step)? {
        let (f, j) = location(of: n)
        guard j < flows[f].steps.count else { return nil }
        return (flows[f], flows[f].steps[j])
    }

    /// Successors inside the same flow, the return from a call included when the callee can return.
    private func localSuccessors(_ n: Int, flow f: Int, canReturn: [Bool]) -> [Int] {
        var out = succ[n].map(\.to).filter { location(of: $0).flow == f }
        if let call = callSites[n], canReturn[call.callee], let next = call.next, location(of: next).flow == f { out.append(next) }
        return out
    }

    // MARK: unreachable steps

    /// Reports steps that can never run; returns their nodes.
    @discardableResult
    private func reportUnreachable(canReturn: [Bool]) -> Set<Int> {
        var unreachable = Set<Int>()
        // One mistake, one report: unresolved targets and broken files would make steps look unreachable.
        guard !unresolvedTargets else { return unreachable }
        for (f, flow) in flows.enumerated() where !flow.steps.isEmpty && !flow.lostTargets && flow.brokenSteps.isEmpty {
            let entry = node(flow: f, step: 0)
            var stack: [Int] = []
            if externalEntries[entry] != nil || crossTargets.contains(entry) { stack.append(entry) }
            for j in flow.steps.indices where crossTargets.contains(node(flow: f, step: j)) || externalEntries[node(flow: f, step: j)] != nil {
                stack.append(node(flow: f, step: j))
            }
            // A flow that is never entered gets an unused-flow warning instead.
            if stack.isEmpty { continue }
            var seen = Set<Int>()
            while let n = stack.popLast() {
                guard seen.insert(n).inserted else { continue }
                stack += localSuccessors(n, flow: f, canReturn: canReturn)
            }
            for (j, step) in flow.steps.enumerated() where !seen.contains(node(flow: f, step: j)) {
                let previous = j > 0 ? flow.steps[j - 1] : nil
                var help = "jump to it with `goto: \(step.id.value)` from another step, or remove it"
                if let previous {
                    switch previous.kind {
                    case .end, .return, .goto, .branch:
                        help = "the step before it (`\(previous.id.value)`) never falls through; " + help
                    default:
                        if previous.goto != nil { help = "the step before it (`\(previous.id.value)`) jumps away with `goto`; " + help }
                    }
                }
                sink.error("unreachable-step", "step `\(step.id.value)` can never run", file: flow.path, range: step.id.range, help: help)
                unreachable.insert(node(flow: f, step: j))
            }
        }
        return unreachable
    }

    private func reportUnusedFlows() {
        let startKnown = project.bot?.start.map { flowIndex[$0.value] != nil } ?? false
        guard project.isBot, startKnown, !unresolvedTargets else { return }
        // A step, option or interrupt too broken to read may be what enters the flow (`cal: ask_name`,
        // `gotoo: order`): that mistake is reported; "never entered" on top of it is not.
        let lostReferences = flows.contains { !$0.brokenSteps.isEmpty } || sink.diagnostics.contains { d in
            d.severity == .error && ["unknown-key", "wrong-type", "step-kinds", "step-no-kind", "invalid-id", "invalid-target",
                                     "duplicate-flow", "duplicate-key", "interrupt-actions"].contains(d.rule)
                && !FileSystem.isTestFile(d.file)
        }
        guard !lostReferences else { return }
        // Flows a conversation can get to: from `start`, triggers and interrupts, through every jump
        // and call. Flows that only jump to each other are never entered either.
        var rootFlows = Set(externalEntries.keys.map { location(of: $0).flow })
        for n in interruptEntries { rootFlows.insert(location(of: n).flow) }
        var reached = rootFlows
        var stack = Array(rootFlows)
        while let f = stack.popLast() {
            for j in flows[f].steps.indices {
                for edge in succ[node(flow: f, step: j)] where isStep(edge.to) {
                    let g = location(of: edge.to).flow
                    if reached.insert(g).inserted { stack.append(g) }
                }
            }
        }
        for (f, flow) in flows.enumerated() where !flow.steps.isEmpty {
            let entry = node(flow: f, step: 0)
            let entered = externalEntries[entry] != nil || (0..<flow.steps.count).contains { crossTargets.contains(node(flow: f, step: $0)) }
            guard flowIndex[flow.id.value] == f else { continue }
            if !entered {
                sink.warning("unused-flow", "flow `\(flow.id.value)` is never entered", file: flow.path, range: flow.id.range,
                             help: "give it `triggers`, make it `start` in bot.yaml, or `call`/`goto` it from another flow")
            } else if !reached.contains(f) {
                sink.warning("unused-flow", "flow `\(flow.id.value)` is never entered: only flows that are never entered themselves lead to it",
                             file: flow.path, range: flow.id.range,
                             help: "give one of them `triggers`, or `call`/`goto` it from a flow that runs (from `start`)")
            }
        }
    }

    // MARK: waiting

    private func waits(_ n: Int) -> Bool { n >= 0 && n < waitsAtNode.count && waitsAtNode[n] }
    private func isStep(_ n: Int) -> Bool { n >= 0 && n < isStepNode.count && isStepNode[n] }

    /// For each flow: whether it can return to its caller (without waiting for the user, unless `throughWaits`).
    private func flowsThatReturn(throughWaits: Bool, assuming returning: Set<Int> = []) -> [Bool] {
        var result = Array(repeating: false, count: flows.count)
        for f in returning { result[f] = true }
        var changed = true
        while changed {
            changed = false
            for f in flows.indices where !result[f] && !flows[f].steps.isEmpty {
                var seen = Set<Int>()
                var stack = [node(flow: f, step: 0)]
                var reaches = false
                while let n = stack.popLast(), !reaches {
                    guard seen.insert(n).inserted else { continue }
                    if !isStep(n) { reaches = true; break }   // an exit node
                    if waits(n) && !throughWaits { continue }
                    if let call = callSites[n] {
                        if result[call.callee], let next = call.next { stack.append(next) }
                        continue
                    }
                    stack += succ[n].map(\.to)
                }
                if reaches { result[f] = true; changed = true }
            }
        }
        return result
    }

    /// A loop through steps none of which waits would run until the instruction budget ends.
    /// Loops that never wait; a loop among steps that can never run is not one more mistake.
    private func reportWaitlessCycles(returns: [Bool], skipping unreachable: Set<Int>) {
        guard !unresolvedTargets else { return }
        var edges = Array(repeating: [Int](), count: nodeCount)
        for n in 0..<nodeCount where isStep(n) && !waits(n) {
            var out = succ[n].map(\.to)
            if let call = callSites[n], returns[call.callee], let next = call.next { out.append(next) }
            edges[n] = out.filter { isStep($0) && !waits($0) }
        }
        for component in Self.stronglyConnected(edges) {
            let isCycle = component.count > 1 || edges[component[0]].contains(component[0])
            guard isCycle, !unreachable.contains(component[0]), let first = component.min(), let (flow, s) = step(at: first) else { continue }
            let names = Self.shortestCycle(through: first, within: Set(component), edges: edges).compactMap { n -> String? in
                guard let (fl, st) = step(at: n) else { return nil }
                return fl.id.value == flow.id.value ? st.id.value : "\(fl.id.value).\(st.id.value)"
            }
            let loop = (names + [names[0]]).map { "`\($0)`" }.joined(separator: " → ")
            sink.error("cycle-without-wait", "steps \(loop) loop forever without waiting for the user", file: flow.path,
                       range: s.id.range,
                       help: "put an `ask` or `menu` in the loop, so that each round waits for the user; a loop that only computes is refused even with a `branch` out of it (a turn stops after 100,000 instructions)")
        }
    }

    /// The steps of a shortest loop from `start` back to it, inside `within`, in the order they run.
    static func shortestCycle(through start: Int, within: Set<Int>, edges: [[Int]]) -> [Int] {
        var parent: [Int: Int] = [:]
        var queue = [start]
        var head = 0
        while head < queue.count {
            let n = queue[head]
            head += 1
            for m in edges[n] where within.contains(m) {
                if m == start {
                    var path = [n]
                    while let p = parent[path[0]] { path.insert(p, at: 0) }
                    return path[0] == start ? path : [start] + path
                }
                if parent[m] == nil, m != start {
                    parent[m] = n
                    queue.append(m)
                }
            }
        }
        return within.sorted()
    }

    /// Tarjan's strongly connected components, iteratively.
    static func stronglyConnected(_ edges: [[Int]]) -> [[Int]] {
        let n = edges.count
        var index = Array(repeating: -1, count: n)
        var low = Array(repeating: 0, count: n)
        var onStack = Array(repeating: false, count: n)
        var stack: [Int] = []
        var components: [[Int]] = []
        var counter = 0
        for root in 0..<n where index[root] < 0 {
            var work: [(node: Int, edge: Int)] = [(root, 0)]
            index[root] = counter; low[root] = counter; counter += 1
            stack.append(root); onStack[root] = true
            while let (v, i) = work.last {
                if i < edges[v].count {
                    work[work.count - 1].edge += 1
                    let w = edges[v][i]
                    if index[w] < 0 {
                        index[w] = counter; low[w] = counter; counter += 1
                        stack.append(w); onStack[w] = true
                        work.append((w, 0))
                    } else if onStack[w] {
                        low[v] = min(low[v], index[w])
                    }
                } else {
                    work.removeLast()
                    if let parent = work.last?.node { low[parent] = min(low[parent], low[v]) }
                    if low[v] == index[v] {
                        var component: [Int] = []
                        while let w = stack.popLast() {
                            onStack[w] = false
                            component.append(w)
                            if w == v { break }
                        }
                        components.append(component)
                    }
                }
            }
        }
        return components
    }

    /// `call` chains that come back to a flow already on the stack grow it without end.
    /// Which flow calls which (a flow calling itself left out: reported where it is written).
    private func callGraph() -> [[Int]] {
        var calls = Array(repeating: [Int](), count: flows.count)
        for (n, site) in callSites.sorted(by: { $0.key < $1.key }) {
            let f = location(of: n).flow
            if site.callee != f { calls[f].append(site.callee) }
        }
        return calls
    }

    /// The flows in a circle of calls, a flow that calls itself included.
    private func recursiveFlows() -> Set<Int> {
        var out = Set<Int>()
        for component in Self.stronglyConnected(callGraph()) where component.count > 1 { out.formUnion(component) }
        for (n, site) in callSites where site.callee == location(of: n).flow { out.insert(site.callee) }
        return out
    }

    private func reportRecursiveCalls() {
        for component in Self.stronglyConnected(callGraph()) where component.count > 1 {
            let first = component.min() ?? 0
            let names = component.sorted().map { "`\(flows[$0].id.value)`" }.joined(separator: ", ")
            guard let (n, _) = callSites.sorted(by: { $0.key < $1.key }).first(where: {
                location(of: $0.key).flow == first && component.contains($0.value.callee)
            }), let (flow, s) = step(at: n) else { continue }
            // At the callee's name, as for a flow that calls itself.
            var range = s.kindRange
            if case .call(let callee) = s.kind { range = callee.range }
            sink.error("recursive-call", "flows \(names) call each other in a circle", file: flow.path, range: range,
                       help: "each `call` waits for the called flow to return; use `goto` to move on for good")
        }
    }

    // MARK: definite assignment

    /// Forward must-analysis over every step of the bot: a read is fine only when every
    /// path from a conversation's start to it sets the variable.
    private var brokenSaves: Set<String> { flows.reduce(into: project.lostVariables.union(misplacedSaves)) { $0.formUnion($1.brokenSaves) } }

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

    private func checkDefiniteAssignment() {
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
            reads[n].contains { read in indexOf[read.name].map { !state[n].contains($0) } == true && vars[read.name]?.type == .json }
        }
        let mayBeSet = jsonUnset ? assignments(may: true, all: all, none: none, entries: entries, gens: gens, exitsOf: exitsOf) : []
        var correlated: (table: [Int: [[EdgeFact]]], conditions: [Tracked])?
        var summaries: [Int: BitSet]?
        var refinements = 0
        func mayBeUnsetOnAFeasiblePath(_ vi: Int, at n: Int) -> Bool {
            let found = correlated ?? {
                let table = edgeFacts()
                return (table, correlatedConditions(table))
            }()
            correlated = found
            let conditions = found.conditions
            // Bounded: a bot with hundreds of such reads has them reported as the must-analysis finds them.
            refinements += 1
            guard !conditions.isEmpty, refinements <= 500 else { return true }
            let must = summaries ?? callSummaries(all: all, none: none, gens: gens, exitsOf: exitsOf)
            summaries = must
            // Tried one condition at a time (a bounded number of them): any one that rules out
            // every path without the variable clears the read.
            for c in conditions.prefix(32) where !feasiblyUnset(vi, at: n, tracked: c, facts: found.table, entries: entries,
                                                                  gens: gens, summaries: must) {
                return false
            }
            return true
        }
        for n in 0..<nodeCount {
            var reported = Set<String>()
            for read in reads[n] {
                guard let i = indexOf[read.name], !state[n].contains(i), !brokenSaves.contains(read.name),
                      reported.insert(read.name).inserted else { continue }
                guard let (_, s) = step(at: n) else { continue }
                // A step of this flow too broken to read (reported) may be what sets it
                // (`cal: ask_name`): the read is not a second error for that one mistake.
                if !flows[location(of: n).flow].brokenSteps.isEmpty, assigned.contains(read.name) { continue }
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
                } else if vars[read.name]?.type == .json, n < mayBeSet.count, mayBeSet[n].contains(i) {
                    // A json value (an HTTP or query result) is checked when used (flow-format.md §2):
                    // on a path that skipped the request it is null, which templates render as empty,
                    // like `order` on the `bulk` path of §2's example. A warning, not an error.
                    sink.warning("maybe-unset", "`\(read.name)` (a json value) may not be set here: it is null on some path",
                                 file: read.file, range: range,
                                 help: "on some path to step `\(s.id.value)` nothing saves `\(read.name)`; save it on every path, or write `\(read.name).field ?? …`")
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
            } else if vars[read.name]?.type == .json {
                sink.warning("maybe-unset", "`\(read.name)` (a json value) may not be set when this interrupt fires: it is null then",
                             file: read.file, range: range, help: "write `\(read.name).field ?? …`")
            } else {
                sink.error("used-before-set", "variable `\(read.name)` may not be set when this interrupt fires",
                           file: read.file, range: range,
                           help: "an interrupt fires at any question or menu, and some of them come before `\(read.name)` is set; "
                               + "write `\(read.name) ?? …`")
            }
        }
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
