import FlowBytecode
import FlowChecker
import FlowDiagnostics
import FlowSyntax

/// Lowers a checked project to a bytecode ``Bundle``.
///
/// Run it only on a project that `flowc check` found no errors in: it trusts names and
/// types and skips what the checker would have reported.
public struct BundleCompiler {
    let project: Project
    var pools = Pools()
    var flowIndex: [String: Int] = [:]
    var stepIndex: [[String: Int]] = []
    var stepStart: [[Int32]] = []
    var endPC: [Int32] = []
    var fixups: [Fixup] = []
    var late: [(inout Bundle, (Label) -> (pc: Int32, flow: Int32)) -> Void] = []
    var declared: [String: VarSpec] = [:]
    /// How a variable that no `vars:` declares is asked where a question gives `expect:` (the first such).
    var asked: [String: VarSpec] = [:]
    /// Per flow, per variable a regex group of that flow saves into, the index of its rule in the
    /// bundle (``NumberGroups``): the flow's own declaration first, as a question's.
    var groupRules: [Int: [String: (index: Int, number: Bool)]] = [:]
    /// The file being compiled, so that an instruction of a `{{ }}` hole carries the hole's own
    /// line and column (a run-time error points at it, not at the start of the string).
    var currentSource: SourceFile?
    var builders: [CodeBuilder] = []

    /// Compiles `project`.
    public static func compile(_ project: Project) -> Bundle {
        var compiler = BundleCompiler(project: project)
        return compiler.run()
    }

    init(project: Project) {
        self.project = project
    }

    func relativePath(_ path: String) -> String { Self.relativePath(path, in: project) }

    /// `path` as a bundle names it: inside the bot's folder (`flows/order.yaml`), or a lone flow's file name.
    public static func relativePath(_ path: String, in project: Project) -> String {
        guard let directory = project.directory else { return FileSystem.basename(path) }
        // As written first (the loader joins the folder and `flows/…`; a symlinked `flows/` stays
        // `flows/…`), then with both resolved (`./shop` against `/abs/shop`), else the file's name.
        func inside(_ file: String, _ folder: String) -> String? {
            let prefix = folder.hasSuffix("/") ? folder : folder + "/"
            return file.hasPrefix(prefix) ? String(file.dropFirst(prefix.count)) : nil
        }
        let folder = directory == "." ? "" : directory
        if folder.isEmpty, !path.hasPrefix("/") { return path.hasPrefix("./") ? String(path.dropFirst(2)) : path }
        if let relative = inside(path, folder) { return relative }
        if let a = FileSystem.resolved(path), let b = FileSystem.resolved(directory), let relative = inside(a, b) { return relative }
        return FileSystem.basename(path)
    }

    mutating func run() -> Bundle {
        let bot = project.bot
        let first = project.flows.first
        var bundle = Bundle(botId: bot?.id?.value ?? first?.id.value ?? "bot", botName: bot?.name?.text ?? bot?.id?.value ?? first?.id.value ?? "",
                            locale: bot?.locale?.value ?? "es-AR", timezone: bot?.timezone?.value ?? "")
        for decl in bot?.vars ?? [] { declared[decl.name.value] = decl.spec }
        for flow in project.flows { for decl in flow.vars where declared[decl.name.value] == nil { declared[decl.name.value] = decl.spec } }
        // A variable no `vars:` declares takes its type from the first question that asks it with
        // `expect:` (ask/menu `save` declare, flow-format §2): a plain re-ask validates the same way.
        for flow in project.flows {
            for step in flow.steps {
                guard case .ask(let ask) = step.kind, let expect = ask.expect, let save = ask.options.save?.value,
                      declared[save] == nil, asked[save] == nil else { continue }
                asked[save] = expect
            }
        }
        var files: [String] = []
        for (i, flow) in project.flows.enumerated() {
            if flowIndex[flow.id.value] == nil { flowIndex[flow.id.value] = i }
            var steps: [String: Int] = [:]
            for (j, s) in flow.steps.enumerated() where steps[s.id.value] == nil { steps[s.id.value] = j }
            stepIndex.append(steps)
            if !files.contains(flow.path) { files.append(flow.path) }
        }
        // Paths as the bot names them (`flows/order.yaml`), not as this build was typed: the same bot
        // built from another folder or checkout is the same bundle, with the same hash.
        bundle.files = files.map(relativePath)
        if let start = bot?.start?.value, let s = flowIndex[start] { bundle.startFlow = s }
        // Rules for the variables regex groups save into, numbered first (a rule's own pattern may
        // have groups that need them), then written.
        var grouped: [(flow: Int, name: String, spec: VarSpec)] = []
        for (f, flow) in project.flows.enumerated() {
            for name in NumberGroups.groupNames(in: flow, bot: bot).sorted() {
                guard let spec = flow.vars.last(where: { $0.name.value == name })?.spec ?? declared[name], NumberGroups.needsRule(spec) else { continue }
                groupRules[f, default: [:]][name] = (bundle.rules.count + grouped.count, spec.kind.value == .number)
                grouped.append((f, name, spec))
            }
        }
        // (A variable's own pattern does not read its own group through its rule.)
        for g in grouped { bundle.rules.append(rule(for: g.spec, flow: g.flow, excluding: [g.name])) }
        for (i, flow) in project.flows.enumerated() {
            currentSource = project.sources[flow.path]
            var b = CodeBuilder()
            b.code = FlowCode(name: flow.id.value, file: files.firstIndex(of: flow.path) ?? 0)
            b.code.triggers = flow.triggers.map { trigger in
                switch trigger {
                case .keywords(let words, _): .keywords(words.map(\.text))
                case .regex(let t): .regex(NumberGroups.mark(t.text, rules: groupRules[i] ?? [:]))
                }
            }
            var starts: [Int32] = []
            for (j, step) in flow.steps.enumerated() {
                starts.append(b.pc)
                b.code.steps.append((step.id.value, b.pc))
                compileStep(step, flow: i, index: j, &b, &bundle)
            }
            b.at(flow.stepsRange)
            endPC.append(b.pc)
            b.emit(.ret)
            stepStart.append(starts)
            builders.append(b)
        }
        currentSource = bot.flatMap { project.sources[$0.path] }
        bundle.botCode = compileBotCode(&bundle)
        // Lay out: every step's pc is known now.
        let resolve: (Label) -> (pc: Int32, flow: Int32) = { [stepStart, endPC] label in
            switch label {
            case .step(let f, let j): (stepStart[f][j], Int32(f))
            case .end(let f): (endPC[f], Int32(f))
            }
        }
        for fixup in fixups {
            let (pc, flow) = resolve(fixup.target)
            switch fixup.site {
            case .jump(let f, let at): builders[f].patch(at, a: pc)
            case .jumpFlow(let f, let at): builders[f].patch(at, a: flow, b: pc)
            }
        }
        for fix in late { fix(&bundle, resolve) }
        bundle.flows = builders.map(\.code)
        bundle.strings = pools.strings
        bundle.constants = pools.constants
        return bundle
    }

    // MARK: targets

    func label(_ target: Target, from f: Int) -> Label? {
        if let step = target.step {
            guard let g = flowIndex[target.first], let j = stepIndex[g][step] else { return nil }
            return .step(flow: g, step: j)
        }
        if f >= 0, let j = stepIndex[f][target.first] { return .step(flow: f, step: j) }
        guard let g = flowIndex[target.first] else { return nil }
        return project.flows[g].steps.isEmpty ? .end(flow: g) : .step(flow: g, step: 0)
    }

    func next(flow f: Int, index j: Int) -> Label {
        j + 1 < project.flows[f].steps.count ? .step(flow: f, step: j + 1) : .end(flow: f)
    }

    /// Where a step continues: its `goto`, else the next step.
    func continuation(_ step: Step, flow f: Int, index j: Int) -> Label {
        step.goto.flatMap { label($0, from: f) } ?? next(flow: f, index: j)
    }

    /// Emits a jump to `target` (nothing when it is the very next instruction's step).
    mutating func go(to target: Label, from f: Int, index j: Int, _ b: inout CodeBuilder, always: Bool = false) {
        if !always, target == next(flow: f, index: j) { return }
        switch target {
        case .step(let g, _) where g != f, .end(let g) where g != f:
            let at = b.emit(.jumpFlow)
            fixups.append(Fixup(site: .jumpFlow(flow: f, pc: at), target: target))
        default:
            let at = b.emit(.jump)
            fixups.append(Fixup(site: .jump(flow: f, pc: at), target: target))
        }
    }

    mutating func variable(_ name: Located<String>?) -> Int32 {
        guard let name else { return -1 }
        return pools.string(name.value)
    }

    /// `spec` as the bundle's rule; its pattern's groups marked for `flow` (but `excluding`).
    func rule(for spec: VarSpec?, flow: Int, excluding: Set<String> = []) -> RuleSpec {
        guard let spec else { return RuleSpec(kind: "text") }
        var rule = RuleSpec(kind: spec.kind.value.rawValue)
        rule.min = spec.min?.value
        rule.max = spec.max?.value
        rule.integer = spec.integer
        rule.pattern = NumberGroups.mark(spec.pattern?.text ?? "", rules: groupRules[flow] ?? [:], excluding: excluding)
        rule.region = spec.region?.value ?? ""
        // A bound with holes is worked out when the question is asked (``dynamicBounds``).
        rule.after = spec.after.flatMap { TemplateText.hasHole($0.text) ? nil : $0.text } ?? ""
        rule.before = spec.before.flatMap { TemplateText.hasHole($0.text) ? nil : $0.text } ?? ""
        rule.format = spec.format.map { DateFormat.normalized($0.text) } ?? ""
        rule.choices = spec.choices.map(\.value)
        return rule
    }

    /// A question's bounds written as templates, by their flag in an `ask` instruction's `b`
    /// (``AskBounds``): nil where the bound is fixed or absent.
    static func dynamicBounds(_ spec: VarSpec) -> [(Int32, TextValue?)] {
        func hole(_ t: TextValue?) -> TextValue? { t.flatMap { TemplateText.hasHole($0.text) ? $0 : nil } }
        return [(AskBounds.min, spec.minTemplate), (AskBounds.max, spec.maxTemplate),
                (AskBounds.after, hole(spec.after)), (AskBounds.before, hole(spec.before))]
    }

    static func milliseconds(_ d: Duration?) -> Int64 { Int64(d?.milliseconds ?? 0) }
}
