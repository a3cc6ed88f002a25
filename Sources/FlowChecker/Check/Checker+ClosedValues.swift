import FlowDiagnostics
import FlowSyntax

/// The closed set of values a branch's variable can hold (a `choice`'s choices, the ids of the
/// menus that save it), and which of them can reach the branch being checked.
extension Checker {
    /// The values a variable can hold when they form a closed set: a `choice` type's choices,
    /// or the option ids of every menu that saves it (and nothing else sets it).
    /// The branch's own flow is looked at first: when menus there save the variable (and nothing
    /// else there sets it), their options are the set, whatever other flows save into the same name
    /// (`choice` is a common name for unrelated menus).
    func closedValues(of variable: String) -> Set<String>? {
        if let spec = vars[variable]?.spec, spec.kind.value == .choice { return Set(spec.choices.map(\.value)) }
        // A branch that only this flow's own menus reach: what other flows save there is overwritten first.
        if let branch = branchBeingChecked, let f = flowBeingChecked, flows.indices.contains(f),
           let local = closedValues(of: variable, in: [flows[f]]), let saved = valuesSavedHere(reaching: branch, variable: variable) {
            return local.intersection(saved)
        }
        let global = closedValues(of: variable, in: flows)
        // Only when every writer is a menu (a `set` or an action opens the set), and no other flow
        // that saves it can come here (it names this flow: a jump, a call).
        guard global != nil, let f = flowBeingChecked, flows.indices.contains(f),
              let local = closedValues(of: variable, in: [flows[f]]) else { return global }
        let id = flows[f].id.value
        let reachedFromElsewhere = flows.indices.contains { g in
            g != f && closedValues(of: variable, in: [flows[g]]) != nil
                && (project.sources[flows[g].path]?.text.contains(id) ?? true)
        }
        return reachedFromElsewhere ? global : local
    }

    /// Ids of options of this flow's menus that save `variable` and jump (`goto`) somewhere from
    /// which step `branch` cannot be reached: their value never meets the branch (`agent: {goto:
    /// human}` where `human` hands off and ends, or `agent: {goto: support}`). A path that leaves the
    /// flow may come back (see `comesBack`).
    func optionsThatNeverReach(_ branch: String, saving variable: String) -> Set<String> {
        guard let f = flowBeingChecked, flows.indices.contains(f) else { return [] }
        let flow = flows[f]
        var index: [String: Int] = [:]
        for (j, s) in flow.steps.enumerated() where index[s.id.value] == nil { index[s.id.value] = j }
        guard let target = index[branch] else { return [] }
        /// The step a target names in this flow; nil when it leaves the flow.
        func local(_ t: Target) -> Int? {
            if let step = t.step { return t.first == flow.id.value ? index[step] : nil }
            return index[t.first]
        }
        /// Where a step goes next in this flow; nil when it may leave the flow.
        func successors(_ j: Int, ignoringExits: Bool = false) -> [Int]? {
            let step = flow.steps[j]
            var out: [Int] = []
            var leaves = false
            func add(_ t: Target?) { guard let t else { return }; if let n = local(t) { out.append(n) } else { leaves = true } }
            let next: () -> Void = {
                if let g = step.goto { add(g) } else if j + 1 < flow.steps.count { out.append(j + 1) }
            }
            switch step.kind {
            case .end, .return: break
            case .goto: add(step.goto)
            case .branch(let arms): for arm in arms { add(arm.target) }
            case .ask(let ask): next(); add(ask.options.onFail); add(ask.options.onTimeout)
            case .menu(let menu):
                for option in menu.choices { if let g = option.goto { add(g) } else { next() } }
                add(menu.options.onFail); add(menu.options.onTimeout)
            case .handoff(let h): next(); add(h.onTimeout)
            case .call: next(); leaves = true
            default: next(); add(step.onError)
            }
            return leaves && !ignoringExits ? nil : out
        }
        /// Whether the branch can be reached from step `start` (through paths in this flow); `stops`
        /// ends a path at a step (one that saves the variable anew). `left` tells whether some path
        /// may leave the flow.
        func walk(from start: Int, stops: (Int) -> Bool = { _ in false }) -> (reaches: Bool, left: Bool) {
            var seen: Set<Int> = []
            var stack = [start]
            var left = false
            while let j = stack.popLast() {
                if j == target { return (true, left) }
                guard seen.insert(j).inserted, !stops(j) else { continue }
                guard let next = successors(j) else {
                    left = true
                    stack += successors(j, ignoringExits: true) ?? []
                    continue
                }
                stack += next
            }
            return (false, left)
        }
        /// A path that leaves the flow comes back only through an entry: its first step (`goto:
        /// main`, `call: main`, a trigger), from where the branch is reached only if the variable is
        /// not saved anew on the way, or a step named from elsewhere (`main.route`), which counts.
        lazy var comesBack: Bool = {
            let named = "\(flow.id.value)."
            let mentions = (project.bot.map { project.sources[$0.path]?.text.contains(named) ?? true } ?? false)
                || flows.indices.contains { g in g != f && (project.sources[flows[g].path]?.text.contains(named) ?? true) }
            if mentions { return true }
            return walk(from: 0, stops: { j in
                let step = flow.steps[j]
                if step.save?.value == variable { return true }
                switch step.kind {
                case .menu(let menu): return menu.options.save?.value == variable
                case .ask(let ask): return ask.options.save?.value == variable
                default: return false
                }
            }).reaches
        }()
        func reaches(from start: Int) -> Bool {
            let (found, left) = walk(from: start)
            return found || (left && comesBack)
        }
        var never: Set<String> = []
        for step in flow.steps {
            guard case .menu(let menu) = step.kind, menu.options.save?.value == variable else { continue }
            for option in menu.choices {
                guard let g = option.goto else { continue }
                if let n = local(g) {
                    if reaches(from: n) { continue }
                } else if comesBack {
                    continue
                }
                never.insert(option.id.value)
            }
        }
        return never
    }

    /// The values step `branch` of the flow being checked can see in `variable` when every way to it
    /// passes one of this flow's own menus or questions that save it, with no `call` after one (a
    /// called flow may save it anew): the options of those whose answer is not saved over before the
    /// branch (and any text a `set` here gives it). Then what other flows save into the same name
    /// does not count (`main` saves `opcion` from its menu and jumps to `pizza`, whose own menu saves
    /// `opcion` again before it branches), nor does an earlier menu of this flow (`opcion` asked
    /// again as `si`/`no`). Nil when some way reaches the branch without such a save. A flow is
    /// entered at its first step, or at a step named `flow.step` elsewhere; a path that jumps out
    /// comes back only through one of those.
    func valuesSavedHere(reaching branch: String, variable: String) -> Set<String>? {
        guard let f = flowBeingChecked, flows.indices.contains(f) else { return nil }
        let flow = flows[f]
        let id = flow.id.value
        var index: [String: Int] = [:]
        for (j, s) in flow.steps.enumerated() where index[s.id.value] == nil { index[s.id.value] = j }
        guard let target = index[branch] else { return nil }
        func local(_ t: Target?) -> [Int] {
            guard let t else { return [] }
            if let step = t.step { return t.first == id ? index[step].map { [$0] } ?? [] : [] }
            return index[t.first].map { [$0] } ?? []
        }
        func saves(_ j: Int) -> Bool {
            switch flow.steps[j].kind {
            case .menu(let menu): return menu.options.save?.value == variable
            case .ask(let ask): return ask.options.save?.value == variable
            default: return false
            }
        }
        /// The steps of this flow that come after step `j`: those after an answer (`answered`), or
        /// those where a question gives up without one (`on_fail`, `on_timeout`).
        func next(_ j: Int, answered: Bool) -> [Int] {
            let step = flow.steps[j]
            let after = step.goto.map(local) ?? (j + 1 < flow.steps.count ? [j + 1] : [])
            switch step.kind {
            case .end, .return: return []
            case .goto: return local(step.goto)
            case .branch(let arms): return arms.flatMap { local($0.target) }
            case .ask(let ask):
                return (answered ? after : []) + local(ask.options.onFail) + local(ask.options.onTimeout)
            case .menu(let menu):
                let chosen = answered ? menu.choices.flatMap { $0.goto.map(local) ?? after } : []
                return chosen + local(menu.options.onFail) + local(menu.options.onTimeout)
            case .handoff(let h): return after + local(h.onTimeout)
            default: return after + local(step.onError)
            }
        }
        let entries = entrySteps(of: f)
        // Before any save: the branch must not be reached.
        var seen = Set<Int>()
        var pending: [Int] = []
        var stack = entries
        while let j = stack.popLast() {
            guard seen.insert(j).inserted else { continue }
            if j == target { return nil }
            if saves(j) { pending.append(j) }
            stack += next(j, answered: !saves(j))
        }
        // After each save: which reach the branch before another save, and no `call` on the way.
        var values = Set<String>()
        var walked = Set<Int>()
        while let s = pending.popLast() {
            guard walked.insert(s).inserted else { continue }
            seen = []
            stack = next(s, answered: true)
            while let j = stack.popLast() {
                guard seen.insert(j).inserted else { continue }
                if case .call = flow.steps[j].kind { return nil }
                if j == target {
                    switch flow.steps[s].kind {
                    case .menu(let menu): values.formUnion(menu.choices.map(\.id.value))
                    case .ask(let ask): values.formUnion(ask.expect?.choices.map(\.value) ?? [])
                    default: break
                    }
                }
                if saves(j) { pending.append(j) }
                // A question that gives up keeps the value saved before it.
                stack += next(j, answered: !saves(j))
            }
        }
        for step in flow.steps {
            guard case .set(let pairs) = step.kind else { continue }
            for pair in pairs where pair.key.value == variable {
                if case .template(let t) = pair.value { values.insert(t.text) }
            }
        }
        return values
    }

    /// The steps where flow `f` may be entered: its first, and each one another file names as
    /// `flow.step` (a jump, an interrupt). Found once per flow: the files are scanned as text.
    func entrySteps(of f: Int) -> [Int] {
        if let known = entryStepsCache[f] { return known }
        let flow = flows[f], id = flow.id.value
        var entries = [0]
        let mentions = ([project.bot?.path].compactMap { $0 } + flows.indices.filter { $0 != f }.map { flows[$0].path })
            .map { project.sources[$0]?.text }.filter { $0?.contains("\(id).") ?? true }
        for (j, s) in flow.steps.enumerated() where j > 0 && !mentions.isEmpty {
            let named = "\(id).\(s.id.value)"
            if mentions.contains(where: { $0?.contains(named) ?? true }) { entries.append(j) }
        }
        entryStepsCache[f] = entries
        return entries
    }

    private func closedValues(of variable: String, in flows: [FlowFile]) -> Set<String>? {
        var values = Set<String>()
        var sawMenu = false
        for flow in flows {
            for step in flow.steps {
                // An action's result saved into it (`http`, `query`, `order`) can be anything.
                if step.save?.value == variable { return nil }
                switch step.kind {
                case .menu(let menu) where menu.options.save?.value == variable:
                    sawMenu = true
                    values.formUnion(menu.choices.map(\.id.value))
                case .set(let pairs) where pairs.contains(where: { $0.key.value == variable }):
                    // A literal text set into it (`set: {size: "l"}`) is one more value; anything else opens the set.
                    for pair in pairs where pair.key.value == variable {
                        guard case .template(let t) = pair.value, !TemplateText.hasHole(t.text) else { return nil }
                        values.insert(t.text)
                    }
                case .ask(let ask) where ask.options.save?.value == variable:
                    // An inline `expect: {type: choice, choices: […]}` closes the set as a declared one does.
                    guard let expect = ask.expect, expect.kind.value == .choice else { return nil }
                    sawMenu = true
                    values.formUnion(expect.choices.map(\.value))
                default:
                    break
                }
            }
        }
        return sawMenu ? values : nil
    }
}
