import FlowDiagnostics
import FlowSyntax

/// Targets (`goto`, `on_*`, `call`, option and arm targets): resolved to nodes, with "did you mean"
/// for the ones that are not there.
extension Checker {
    /// Resolves a target written in flow `f` (or in bot.yaml when `f` is nil) to a node.
    func resolve(_ target: Target, from f: Int?, file: String, what: String) -> Int? {
        let found = lookup(target, from: f, file: file, what: what)
        if found == nil { unresolvedTargets = true }
        return found
    }

    private func lookup(_ target: Target, from f: Int?, file: String, what: String) -> Int? {
        if let step = target.step {
            guard let g = flowIndex[target.first] else {
                if project.unreadableFlows.contains(target.first) {
                    reportUnknownFlow(target.first, range: target.range, file: file)
                    return nil
                }
                // `FLOW.STEP` whose flow does not exist: a target that does not exist, marked at the flow's name.
                let name = target.textStart
                let range = SourceRange(start: name, end: SourceLocation(line: name.line, column: name.column + target.first.unicodeScalars.count))
                let lone = project.isBot ? "" : " (a lone flow cannot jump to other flows)"
                // `suport.agent`: the whole target, when the flow meant has that step.
                // `Support.Agent`: the step too, when only its spelling differs.
                let whole = Suggestion.closest(to: target.first, in: flowIndex.keys).flatMap { near -> String? in
                    guard let g = flowIndex[near] else { return nil }
                    let meant = stepIndex[g][step] != nil ? step : Suggestion.closest(to: step, in: flows[g].steps.map(\.id.value))
                    return meant.map { "did you mean `\(near).\($0)`?" }
                }
                sink.error("unknown-target", "\(what) target `\(target.text)` does not exist: there is no flow `\(target.first)`"
                           + (project.isBot ? " in this bot" : lone), file: file,
                           range: target.range.start.line == target.range.end.line ? range : target.range,
                           help: whole ?? Suggestion.didYouMean(target.first, in: flowIndex.keys)
                               ?? (project.isBot ? missingFlowHelp(target.first) : loneFlowHelp(file)))
                return nil
            }
            guard let j = stepIndex[g][step] else {
                if flows[g].brokenSteps.contains(step) { return nil }
                let name = target.textStart
                let range = SourceRange(start: SourceLocation(line: name.line, column: name.column + target.first.unicodeScalars.count + 1),
                                        end: SourceLocation(line: name.line, column: name.column + target.text.unicodeScalars.count))
                sink.error("unknown-target", "flow `\(target.first)` has no step `\(step)`", file: file,
                           range: target.range.start.line == target.range.end.line ? range : target.range,
                           help: spendSuggestion() ? Suggestion.didYouMean(step, in: flows[g].steps.map(\.id.value) + flows[g].brokenSteps.sorted())
                               ?? Self.oneOf("the steps of `\(target.first)`", flows[g].steps.map(\.id.value) + flows[g].brokenSteps.sorted()) : nil)
                return nil
            }
            return node(flow: g, step: j)
        }
        if let f, let j = stepIndex[f][target.first] { return node(flow: f, step: j) }
        if let f, flows[f].brokenSteps.contains(target.first) { return nil }
        if let g = flowIndex[target.first] {
            guard !flows[g].steps.isEmpty else { return nil }
            return node(flow: g, step: 0)
        }
        // `goto: agendar` while flows/agendar.yaml does not read (its own errors say why).
        if project.unreadableFlows.contains(target.first) {
            reportUnknownFlow(target.first, range: target.range, file: file)
            return nil
        }
        let suggest = spendSuggestion()
        var candidates = Array(flowIndex.keys)
        // (A step too broken to decode is still a name the author may have meant.)
        if let f, suggest { candidates += flows[f].steps.map(\.id.value) + flows[f].brokenSteps.sorted() }
        let message: String
        if let f {
            let scope = "flow `\(flows[f].id.value)` has no step `\(target.first)`"
            message = project.isBot ? "\(scope), and the bot has no flow of that name" : "\(scope) (a lone flow cannot jump to other flows)"
        } else {
            message = "there is no flow `\(target.first)` (a target here is `FLOW` or `FLOW.STEP`)"
        }
        // A step of another flow, named alone: say how to name it.
        let owners = !suggest ? [] : flows.indices.filter { stepIndex[$0][target.first] != nil }.map { flows[$0].id.value }
        let elsewhere = owners.first.map { owner in
            "`\(target.first)` is a step of flow `\(owner)`: write `\(owner).\(target.first)` (the current flow is left)"
        }
        sink.error("unknown-target", "\(what) target `\(target.text)` does not exist: \(message)", file: file, range: target.range,
                   help: elsewhere ?? Suggestion.didYouMean(target.first, in: candidates)
                       ?? (suggest ? Self.oneOf(f == nil ? "the flows" : "the steps and flows", candidates) : nil))
        return nil
    }

    /// Whether one more unknown target gets suggestions (see ``suggestionBudget``).
    func spendSuggestion() -> Bool {
        guard suggestionBudget > 0 else { return false }
        suggestionBudget -= 1
        return true
    }

    /// `help:` listing what a name could have been: "the steps of `main` are `a`, `b` and `c`".
    static func oneOf(_ what: String, _ names: [String]) -> String? {
        let listed = names.sorted().prefix(12).map { "`\($0)`" }
        guard let last = listed.last else { return nil }
        let more = names.count > listed.count ? ", …" : ""
        let text = listed.count == 1 ? last : listed.dropLast().joined(separator: ", ") + more + " and " + last
        return "\(what) \(listed.count == 1 ? "is" : "are") \(text)"
    }

    /// What to do about a flow of the bot that does not exist: write its file, or, when
    /// `flows/NAME.yaml` is there with another `flow:` id, make the two agree.
    func missingFlowHelp(_ name: String) -> String {
        if let file = flows.first(where: { ["\(name).yaml", "\(name).yml"].contains(FileSystem.basename($0.path)) && $0.id.value != name && !$0.idIsPlaceholder }) {
            return "flows/\(FileSystem.basename(file.path)) declares `flow: \(file.id.value)`: write `flow: \(name)` there, or name `\(file.id.value)` here"
        }
        return "add flows/\(name).yaml with `flow: \(name)`"
    }

    /// What to do about another flow named from a lone flow: check the bot it belongs to, or, in a
    /// `flows/` folder whose bot has no bot.yaml, write one.
    func loneFlowHelp(_ file: String) -> String {
        let folder = FileSystem.dirname(file)
        guard FileSystem.basename(folder) == "flows" else { return "check it inside its bot folder: `flowc check BOT/`" }
        let bot = FileSystem.dirname(folder)
        guard FileSystem.kind(FileSystem.join(bot, "bot.yaml")) != .file, FileSystem.kind(FileSystem.join(bot, "bot.yml")) != .file else {
            return "check it inside its bot folder: `flowc check \(bot == "." ? "." : bot + "/")`"
        }
        return "\(bot == "." ? "this folder" : "`\(bot)/`") has no bot.yaml: add one (`bot:`, `name:`, `start:`) so that its flows are checked together"
    }

    func reportUnknownFlow(_ name: String, range: SourceRange, file: String) {
        // A test file naming a flow that does not exist takes nothing from the flows' own checks
        // (reachability, loops): only a flow's unresolved target makes those unreliable.
        if !FileSystem.isTestFile(file) { unresolvedTargets = true }
        if project.unreadableFlows.contains(name) {
            // Its file is there but broken: reported as such, unless only another file is reported.
            guard project.reportOnly != nil else { return }
            sink.error("unknown-flow", "flow `\(name)` is in a file that does not read as a flow", file: file, range: range,
                       help: "fix flows/\(name).yaml first (`flowc check` on the bot folder shows its errors)")
            return
        }
        let help = Suggestion.didYouMean(name, in: flowIndex.keys)
            ?? (project.isBot ? missingFlowHelp(name) : loneFlowHelp(file))
        sink.error("unknown-flow", "there is no flow `\(name)`" + (project.isBot ? " in this bot" : ""), file: file, range: range, help: help)
    }
}
