import FlowDiagnostics
import FlowSyntax
import FlowValidation

/// Checks a decoded project: names, types, the flow graph, limits. Everything in
/// flow-format.md §3 that needs more than one node of the tree.
public enum BotChecker {
    /// Runs every check on `project`, reporting into `sink`.
    public static func check(_ project: Project, sink: DiagnosticSink) {
        let checker = Checker(project: project, sink: sink)
        checker.run()
    }
}

/// A control-flow edge between steps, with the variables it sets.
struct Edge {
    var to: Int
    /// The variables it sets, or for a branch's arm (`narrows`) the ones its condition proves set.
    var gen: [String]
    /// Which arm of a branch (`conditions.count`: the fall-through) or which option of a menu it
    /// is, for what taking it tells (``Checker/factSources``); -1 for other edges.
    var arm: Int = -1
    /// A branch's arm: `gen` holds variables known to be set, not ones it sets.
    var narrows = false
    /// Variables it may set without being sure to (an action's `on_error` after an answer came:
    /// its `save_status`): they change what an earlier condition on them told.
    var mayGen: [String] = []
}

/// The state of one check run.
final class Checker {
    /// The flow `checkFlow` is in (a branch's closed value sets look there first).
    var flowBeingChecked: Int?
    /// The id of the `branch` step whose exhaustiveness is being decided.
    var branchBeingChecked: String?
    /// ``entrySteps(of:)`` by flow index.
    var entryStepsCache: [Int: [Int]] = [:]
    let project: Project
    let sink: DiagnosticSink
    let vars: VariableTable
    /// Templates parsed once, shared by every pass.
    let parses: ParseCache
    /// What tests' `user: {button: …}` can press, found once per run (see ``buttonAnswers()``).
    lazy var pressableButtons: (keys: Set<String>, shown: [String])? = buttonAnswers()
    /// Whether any file of the bot mentions `secret` (else the secret-exposed pass has nothing to find).
    /// The words read as variables anywhere in the bot's files: inside `{{ … }}` holes and in
    /// `if:` conditions. Worked out only when a misplaced `save:` is suspected (its name is not a
    /// variable the table knows).
    lazy var readWords: Set<Substring> = {
        var words = Set<Substring>()
        func add(_ text: Substring) {
            for word in text.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "_") }) { words.insert(word) }
        }
        for source in project.sources.values {
            var rest = Substring(source.text)
            while let open = rest.firstRange(of: "{{") {
                let after = rest[open.upperBound...]
                guard let close = after.firstRange(of: "}}") else { break }
                add(after[..<close.lowerBound])
                rest = after[close.upperBound...]
            }
            for line in source.text.split(separator: "\n") {
                let trimmed = line.drop { $0 == " " || $0 == "-" }
                if trimmed.hasPrefix("if:") { add(trimmed.dropFirst(3)) }
            }
        }
        return words
    }()
    lazy var mentionsSecrets: Bool = project.sources.values.contains { ExpressionChecker.mentionsSecret($0.text) }
    var flows: [FlowFile] { project.flows }
    /// Flow id → index in `flows` (first definition wins).
    var flowIndex: [String: Int] = [:]
    /// Per flow: step id → index.
    var stepIndex: [[String: Int]] = []
    /// Per flow: index of its first node; a flow's nodes are its steps, then one exit node.
    var base: [Int] = []
    var nodeCount = 0
    /// Per node: the flow it belongs to (its exit node included).
    var flowOfNode: [Int] = []
    /// Per node: whether it is a step (false for a flow's exit node).
    var isStepNode: [Bool] = []
    /// Per node: whether it is a step that waits for the user.
    var waitsAtNode: [Bool] = []
    var succ: [[Edge]] = []
    /// Variables a menu meant to save with a `save:` indented under its `options:` (reported there:
    /// reads of them are not a second error).
    var misplacedSaves: Set<String> = []
    /// What menus and `choice` questions save, worked out once (every branch of a big bot asks).
    var certainValuesTable: CertainValuesTable?
    /// The columns of what queries save, worked out on the first read of a row's column.
    var rowColumnsTable: [String: [String]?]?
    /// Variables a `query` saves its rows into (a list of json values, null where the query did not run).
    var queryResults: Set<String> = []
    /// Per branch or saving menu node: what its edges' `arm`s tell about conditions.
    var factSources: [Int: FactSource] = [:]
    /// Per condition key of the edges' facts: the conversation variables the condition reads
    /// (filled when the facts are worked out).
    var factVariables: [String: Set<String>] = [:]
    /// Call nodes: callee flow and the continuation node.
    var callSites: [Int: (callee: Int, next: Int?)] = [:]
    var reads: [[Read]] = []
    /// Nodes entered from outside any flow (start, triggers, interrupts, a lone flow) with what is set there.
    var externalEntries: [Int: [String]] = [:]
    /// Nodes targeted from another flow or an interrupt (roots for reachability).
    var crossTargets: Set<Int> = []
    var assigned: Set<String> = []
    /// Per variable, whether everything that saves it saves a whole number (every save an `ask`
    /// whose `expect:`, or whose declared spec, says `integer: true`).
    var wholeSaves: [String: Bool] = [:]
    /// Steps an interrupt jumps to (its `goto`, its handoff's `on_timeout`): entered from any
    /// `ask` or `menu` that waits, so with what is set at every one of them.
    var interruptEntries: Set<Int> = []
    /// Reads in interrupts' messages (an `end:` text, a handoff's message), checked against
    /// what is set at every waiting `ask` or `menu`.
    var interruptReads: [Read] = []
    /// Set when some target did not resolve: reachability would only repeat that mistake.
    var unresolvedTargets = false
    /// How many more unknown targets get a "did you mean" (each searches every step name: a file
    /// of thousands of broken `goto`s must not take quadratic time).
    var suggestionBudget = 200
    /// Each regular expression's compile error (nil when it compiles), by pattern: a bot repeats its
    /// patterns (a variable's `pattern` is checked where declared and where asked).
    var regexErrors: [String: String?] = [:]

    init(project: Project, sink: DiagnosticSink) {
        self.project = project
        self.sink = sink
        self.vars = VariableTable(sink: sink)
        self.parses = ParseCache(project.parsedTemplates)
    }

    /// The expression checker of one file of the bot (`2.500` warned of in comma-decimal locales).
    func expressionChecker(_ file: String) -> ExpressionChecker {
        var checker = ExpressionChecker(sink: sink, source: project.sources[file], file: file, scope: vars, parses: parses)
        checker.commaDecimals = project.bot?.locale.map { BotDecoder.commaDecimalLocales.contains($0.value) } ?? false
        checker.currency = botLocale.currency
        return checker
    }

    func node(flow: Int, step: Int) -> Int { base[flow] + step }
    func exitNode(_ flow: Int) -> Int { base[flow] + flows[flow].steps.count }
    func location(of node: Int) -> (flow: Int, step: Int) {
        if node >= 0, node < flowOfNode.count {
            let f = flowOfNode[node]
            return (f, node - base[f])
        }
        var f = 0
        while f + 1 < base.count, base[f + 1] <= node { f += 1 }
        return (f, node - base[f])
    }

    func run() {
        vars.rowColumnsOf = { [unowned self] name in self.rowColumns(of: name) }
        vars.optionIdsOf = { [unowned self] name in self.closedValues(of: name) }
        buildSymbols()
        collectVariables()
        // Every declared variable's pattern and dates are checked, asked or not (an ask of it
        // checks the same spec again; the sink drops the repeat).
        if let bot = project.bot { for decl in bot.vars { checkSpec(decl.spec, file: bot.path) } }
        for flow in flows { for decl in flow.vars { checkSpec(decl.spec, file: flow.path) } }
        checkBot()
        for f in flows.indices { checkFlow(f) }
        checkTests()
        analyseGraph()
        reportUnused()
    }

    // MARK: symbols

    private func buildSymbols() {
        // Of two flows with one id, the one in the file of that name (`flows/main.yaml` for `main`) is
        // the flow; the other (a copy being made into a variant) is the mistake, and references to the
        // flow's steps are checked against the one they were written for.
        var owner: [String: Int] = [:]
        for (i, flow) in flows.enumerated() where !flow.idIsPlaceholder {
            let named = FileSystem.basename(flow.path).split(separator: ".").first.map(String.init) == flow.id.value
            if let first = owner[flow.id.value] {
                let firstNamed = FileSystem.basename(flows[first].path).split(separator: ".").first.map(String.init) == flow.id.value
                if named, !firstNamed { owner[flow.id.value] = i }
            } else {
                owner[flow.id.value] = i
            }
        }
        // A flow checked under a stand-in for its broken id (reported) takes it only when no flow has it.
        for (i, flow) in flows.enumerated() where flow.idIsPlaceholder && owner[flow.id.value] == nil { owner[flow.id.value] = i }
        for (i, flow) in flows.enumerated() {
            if flow.idIsPlaceholder {
                if owner[flow.id.value] == i { flowIndex[flow.id.value] = i }
            } else if let first = owner[flow.id.value], first != i {
                sink.error("duplicate-flow", "flow `\(flow.id.value)` is defined twice", file: flow.path, range: flow.id.range,
                           notes: [DiagnosticNote("also defined here", file: flows[first].path, range: flows[first].id.range)],
                           help: "flow ids are unique within a bot; rename one of them")
            } else {
                flowIndex[flow.id.value] = i
            }
            var steps: [String: Int] = [:]
            for j in flow.steps.indices where steps[flow.steps[j].id.value] == nil { steps[flow.steps[j].id.value] = j }
            stepIndex.append(steps)
            base.append(nodeCount)
            nodeCount += flow.steps.count + 1
            flowOfNode += repeatElement(i, count: flow.steps.count + 1)
            isStepNode += repeatElement(true, count: flow.steps.count)
            isStepNode.append(false)
            waitsAtNode += flow.steps.map { $0.kind.waits }
            waitsAtNode.append(false)
        }
        succ = Array(repeating: [], count: nodeCount)
        reads = Array(repeating: [], count: nodeCount)
    }

    // MARK: bot.yaml

    private func checkBot() {
        guard let bot = project.bot else {
            // A lone flow: conversations enter at its first step.
            if !project.isBot, let first = flows.first, !first.steps.isEmpty {
                externalEntries[node(flow: 0, step: 0)] = []
            }
            return
        }
        let file = bot.path
        if project.isBot, let start = bot.start {
            if let g = flowIndex[start.value] {
                if !flows[g].steps.isEmpty { externalEntries[node(flow: g, step: 0)] = [] }
            } else if !flows.isEmpty || FileSystem.kind(FileSystem.join(project.directory ?? ".", "flows")) == .directory {
                reportUnknownFlow(start.value, range: start.range, file: file)
            }
        }
        let checker = expressionChecker(file)
        var ignored: [Read] = []
        if let t = bot.name {
            let fixed = Self.withoutHoles(t.text)
            checkNoHoles(t, file: file, what: "`name`",
                         help: "the bot's name is fixed text, the same for every contact: write `name: \(fixed.isEmpty ? "Tienda Cocolu" : fixed)`")
        }
        if let t = bot.errorMessage {
            checker.template(t, reads: &ignored)
            checker.singleBraces(t)
            checker.exposedSecrets(t, place: "sent to the contact")
            checkTextLimit(t, file: file, what: "`error_message`")
        }
        reportShadowedKeywords(interrupts: bot.interrupts.map(\.keywords), file: file)
        for interrupt in bot.interrupts {
            checkKeywords(interrupt.keywords, file: file)
            if let regex = interrupt.regex {
                checkTriggerRegex(regex, file: file)
                compileRegex(regex, file: file, savesGroups: false)
                // An interrupt sets no variables: a group named to be read later reads an earlier value, or none.
                for group in Self.writtenGroupNames(regex.text) {
                    sink.warning("interrupt-group", "named group `\(group)` saves nothing: an interrupt sets no variables",
                                 file: file, range: groupRange(group, in: regex, file: file),
                                 help: "where it goes, read the whole message as `{{message.text}}`, or ask for it (`save: \(Self.asciiName(group))`); "
                                     + "a group that only groups is written `(?:…)`")
                }
            }
            if case .handoff(let h) = interrupt.action { checkQueue(h.queue, file: file) }
            switch interrupt.action {
            case .goto(let target):
                if let n = resolve(target, from: nil, file: file, what: "interrupt") {
                    interruptEntries.insert(n)
                    crossTargets.insert(n)
                }
            case .end(let message):
                for t in message?.templates ?? [] {
                    checker.template(t, reads: &interruptReads)
                    checker.exposedSecrets(t, place: "sent to the contact and stored in the conversation's history")
                }
                if let m = message { checkMessageLimits(m, file: file) }
            case .handoff(let h):
                for t in [h.queue, h.message].compactMap({ $0 }) {
                    checker.template(t, reads: &interruptReads)
                    checker.exposedSecrets(t, place: "sent to the contact and stored in the conversation's history")
                }
                if let message = h.message {
                    checker.singleBraces(message)
                    checkTextLimit(message, file: file, what: "the handoff message")
                }
                if let target = h.onTimeout, let n = resolve(target, from: nil, file: file, what: "`on_timeout`") {
                    interruptEntries.insert(n)
                    crossTargets.insert(n)
                }
            }
        }
        if let dir = project.directory {
            for source in bot.data where !source.path.value.isEmpty {
                let path = FileSystem.join(dir, source.path.value)
                if FileSystem.kind(path) != .file {
                    sink.error("missing-data-file", "data source `\(source.name.value)`: \(source.path.value) does not exist",
                               file: file, range: source.path.range, help: "put the SQLite file at \(path)")
                } else if bot.declaresData, let head = try? FileSystem.read(path, limit: 15), !head.isEmpty,
                          head != Array("SQLite format 3\u{0}".utf8) {
                    sink.error("invalid-data-source", "data source `\(source.name.value)`: \(source.path.value) is not a SQLite database",
                               file: file, range: source.path.range, help: "save the catalog as SQLite (e.g. `sqlite3 \(source.path.value) '.import …'`)")
                }
            }
        }
    }

    /// Text that is shown but never evaluated (like the bot's name) must not contain holes.
    func checkNoHoles(_ t: TextValue, file: String, what: String, help: String) {
        if TemplateText.hasHole(t.text) {
            sink.error("unexpected-template", "\(what) is plain text; `{{ }}` is not evaluated here", file: file, range: t.range, help: help)
        }
    }

    /// `text` with its `{{ }}` holes taken out and spaces tidied (`Tienda {{contact.name}}` → `Tienda`).
    static func withoutHoles(_ text: String) -> String {
        var out = ""
        var rest = Substring(text)
        while let open = rest.firstRange(of: "{{") {
            out += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].firstRange(of: "}}") else { rest = ""; break }
            rest = rest[close.upperBound...]
        }
        out += rest
        return out.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }

    // MARK: keywords

    /// A keyword that an earlier interrupt, or an earlier flow's trigger, already has: the first
    /// one takes every message it names, so this one never fires.
    private func reportShadowedKeywords(interrupts: [[TextValue]], file: String) {
        func report(_ w: TextValue, in file: String, first: (TextValue, String), what: String) {
            sink.warning("duplicate-keyword", "keyword `\(w.text)` is also \(what): this one never fires", file: file, range: w.range,
                         notes: [DiagnosticNote("the first `\(first.0.text)` is here", file: first.1, range: first.0.range)],
                         help: "remove it here, or give the two different words")
        }
        // (Within one list, `[inicio, início]` spells one word twice, as people write it: harmless.)
        var seen: [String: (TextValue, Int)] = [:]
        for (i, words) in interrupts.enumerated() {
            for w in words where !w.text.isEmpty {
                let key = Suggestion.plainKey(w.text.trimmingPrefix(" ").description)
                if let first = seen[key] {
                    if first.1 != i { report(w, in: file, first: (first.0, file), what: "an earlier interrupt's") }
                } else {
                    seen[key] = (w, i)
                }
            }
        }
        var triggers: [String: (TextValue, String)] = [:]
        for flow in flows {
            for case .keywords(let words, _) in flow.triggers {
                for w in words where !w.text.isEmpty {
                    let key = Suggestion.plainKey(w.text.trimmingPrefix(" ").description)
                    if let first = triggers[key], first.1 != flow.path {
                        report(w, in: flow.path, first: first, what: "a trigger of an earlier flow (the first flow takes the message)")
                    } else if triggers[key] == nil {
                        triggers[key] = (w, flow.path)
                    }
                }
            }
        }
    }

    // MARK: unused

    /// Mistakes that may hide a read: a broken expression or template, or a value YAML read as
    /// something else (`end: {{name}}` unquoted is a mapping, not a template).
    static let losesReads: Set<String> = ["expr-syntax", "template-syntax", "unknown-variable", "yaml-complex-key", "wrong-type", "yaml-syntax",
                                              "missing-braces"]

    private func reportUnused() {
        // With errors in the bot, "unused" is usually their echo (a read in a broken expression).
        // (This project's files only: a broken lone flow beside it in the folder takes nothing from it.)
        let lostReads = sink.diagnostics.contains { d in
            Self.losesReads.contains(d.rule) && !FileSystem.isTestFile(d.file) && project.sources[d.file] != nil
        }
            || flows.contains { !$0.brokenSteps.isEmpty || $0.lostTargets }
        guard !lostReads else { return }
        // A `regex` (or patterned `text`) answer read through its named groups is used: it is what
        // validates them.
        var groupsOf: [String: [String]] = [:]
        for name in vars.variableNames {
            if let p = vars[name]?.spec?.pattern { groupsOf[name, default: []] += Self.namedGroups(p.text) }
        }
        for flow in flows {
            for step in flow.steps {
                guard case .ask(let ask) = step.kind, let save = ask.options.save?.value, let p = ask.expect?.pattern else { continue }
                groupsOf[save, default: []] += Self.namedGroups(p.text)
            }
        }
        // A read in a value dropped with its reported key (`invlid: "{{nombre}}, …"`) is that mistake.
        var dropped = project.bot?.droppedWords ?? []
        for flow in flows { dropped.formUnion(flow.droppedWords) }
        for name in vars.variableNames {
            guard let info = vars[name], info.reads == 0, !info.implicit, !dropped.contains(name) else { continue }
            if groupsOf[name, default: []].contains(where: { (vars[$0]?.reads ?? 0) > 0 }) { continue }
            // `save: qyt` beside a declared `qty` that is read but never set: one typo, both halves.
            let declaredUnset = vars.variableNames.filter { other in
                other != name && !assigned.contains(other) && (vars[other]?.declared ?? false) && (vars[other]?.reads ?? 0) > 0
            }
            if assigned.contains(name), let meant = Suggestion.closest(to: name, in: declaredUnset), let declared = vars[meant] {
                sink.warning("misspelt-variable", "`\(name)` is set but never read, and `\(meant)` is read but never set: a typo?",
                           file: info.file, range: info.range,
                           notes: [DiagnosticNote("`\(meant)` is declared here", file: declared.file, range: declared.range)],
                           help: "did you mean `\(meant)`?")
                continue
            }
            let what = assigned.contains(name) ? "is set but never read" : "is declared but never used"
            sink.warning("unused-variable", "variable `\(name)` \(what)", file: info.file, range: info.range,
                         help: "remove it, or use it in a message or condition")
        }
    }
}
