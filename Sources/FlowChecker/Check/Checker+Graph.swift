import FlowDiagnostics
import FlowSyntax

extension Checker {
    func analyseGraph() {
        guard nodeCount > 0 else { return }
        // Flows that call each other in a circle (`recursive-call`) count as returning here, so the
        // steps after their calls are not also reported unreachable.
        let canReturn = flowsThatReturn(throughWaits: true, assuming: recursiveFlows())
        let unreachable = reportUnreachable(canReturn: canReturn)
        reportUnusedFlows(canReturn: canReturn)
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
            // One report per unreachable part: the steps that only unreachable steps lead to
            // (`plazo` → `ok`, `fuera`) are that one mistake, not three.
            let lost = flow.steps.indices.map { node(flow: f, step: $0) }.filter { !seen.contains($0) }
            let lostSet = Set(lost)
            var ledTo = Set<Int>()
            for n in lost { for next in localSuccessors(n, flow: f, canReturn: canReturn) where next != n && lostSet.contains(next) { ledTo.insert(next) } }
            var covered = Set<Int>()
            func cover(_ start: Int) {
                var stack = [start]
                while let n = stack.popLast() {
                    guard lostSet.contains(n), covered.insert(n).inserted else { continue }
                    stack += localSuccessors(n, flow: f, canReturn: canReturn)
                }
            }
            // Roots first (nothing unreachable leads to them), then what is left of cycles, in order.
            var reported = Set<Int>()
            for n in lost where !ledTo.contains(n) { reported.insert(n); cover(n) }
            for n in lost where !covered.contains(n) { reported.insert(n); cover(n) }
            unreachable.formUnion(lostSet)
            for (j, step) in flow.steps.enumerated() where reported.contains(node(flow: f, step: j)) {
                let previous = j > 0 ? flow.steps[j - 1] : nil
                var help = "jump to it with `goto: \(step.id.value)` from another step, or remove it"
                if let previous, case .call(let callee) = previous.kind, let g = flowIndex[callee.value], !canReturn[g] {
                    help = "the flow `\(callee.value)` that `\(previous.id.value)` calls never comes back (it ends or jumps away on every path): "
                        + "let it `return` (or fall off its last step), or remove this step"
                } else if let previous {
                    switch previous.kind {
                    case .end, .return, .goto, .branch:
                        help = "the step before it (`\(previous.id.value)`) never falls through; " + help
                    default:
                        if previous.goto != nil { help = "the step before it (`\(previous.id.value)`) jumps away with `goto`; " + help }
                    }
                }
                sink.error("unreachable-step", "step `\(step.id.value)` can never run", file: flow.path, range: step.id.range, help: help)
            }
        }
        return unreachable
    }

    private func reportUnusedFlows(canReturn: [Bool]) {
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
                let n = node(flow: f, step: j)
                var targets = succ[n].map(\.to)
                // `call: sub` with `goto: other`: `other` is entered when `sub` comes back.
                if let call = callSites[n], canReturn[call.callee], let next = call.next { targets.append(next) }
                for to in targets where isStep(to) {
                    let g = location(of: to).flow
                    if reached.insert(g).inserted { stack.append(g) }
                }
            }
        }
        for (f, flow) in flows.enumerated() where !flow.steps.isEmpty {
            let entry = node(flow: f, step: 0)
            let entered = externalEntries[entry] != nil || (0..<flow.steps.count).contains { crossTargets.contains(node(flow: f, step: $0)) }
            guard flowIndex[flow.id.value] == f, !flow.idIsPlaceholder else { continue }
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
    /// A target that does not resolve (reported) only takes an edge away, so a loop found without
    /// it is one all the same: a typo elsewhere in the bot hides none.
    /// A step lost to a mistake (`akс:` with a Cyrillic `с`, reported) may have been the loop's wait:
    /// no loop is told through a flow with one, nor through a call of one.
    private func reportWaitlessCycles(returns: [Bool], skipping unreachable: Set<Int>) {
        var edges = Array(repeating: [Int](), count: nodeCount)
        for n in 0..<nodeCount where isStep(n) && !waits(n) && flows[flowOfNode[n]].brokenSteps.isEmpty {
            if let call = callSites[n], !flows[call.callee].brokenSteps.isEmpty { continue }
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
            var help = "put an `ask` or `menu` in the loop, so that each round waits for the user; a loop that only computes is refused even with a `branch` out of it (a turn stops after 100,000 instructions)"
            // `goto: receta` meant for the flow `receta`, in a flow with a step of that name: the step wins.
            if let (_, named) = component.lazy.compactMap({ self.step(at: $0) }).first(where: { fl, st in
                   st.id.value != fl.id.value && self.flows.contains { $0.id.value == st.id.value } }),
               let other = flows.first(where: { $0.id.value == named.id.value }) {
                let entry = other.steps.first.map { "`goto: \(other.id.value).\($0.id.value)`" } ?? "`goto: \(other.id.value).STEP`"
                help = "the step `\(named.id.value)` has the name of the flow `\(other.id.value)`, and `goto: \(named.id.value)` goes to the step; to go to the flow, rename the step or write \(entry)"
            }
            sink.error("cycle-without-wait", "steps \(loop) loop forever without waiting for the user", file: flow.path,
                       range: s.id.range, help: help)
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
}
