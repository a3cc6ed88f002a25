import FlowDiagnostics

/// Decodes a flow file's tree into a ``FlowFile``.
public struct FlowDecoder {
    let d: NodeDecoder

    /// Creates a decoder for the file at `path`.
    public init(path: String, sink: DiagnosticSink) {
        d = NodeDecoder(path: path, sink: sink)
    }

    static let topKeys = ["flow", "description", "triggers", "vars", "steps"]


    /// Every key a step may have: a misspelling of `save` is none of them.
    static let knownStepKeys = Set(StepDecoder.kinds + StepDecoder.modifiers + Array(StepDecoder.owners.keys))
    /// Decodes `document`; nil when it is too broken to check further.
    public func decode(_ document: YAMLDocument) -> FlowFile? {
        // A file that is only `---` (or `~`) holds a null document: as empty as none.
        guard let root = document.root, !(root.isNull && !root.isBroken) else {
            if !document.isIncomplete {
                d.error("empty-file", "this flow file is empty", SourceRange(line: 1, column: 1),
                        help: "a flow file needs at least `flow: NAME` and `steps:`")
            }
            return nil
        }
        let elsewhere = ["bot": "bot.yaml", "start": "bot.yaml", "interrupts": "bot.yaml", "locale": "bot.yaml",
                         "tests": "`*.test.yaml` files"]
        guard let f = d.fields(root, allowed: Self.topKeys, what: "a flow file", elsewhere: elsewhere) else { return nil }
        var id: Located<String>?
        if let n = d.require(f, "flow", what: "a flow file", help: "add `flow: NAME` at the top") {
            id = d.name(n, what: "flow id")
        }
        let description = f["description"].flatMap { d.text($0, what: "`description`")?.text }
        var triggers: [Trigger] = []
        if let n = f["triggers"], let items = d.list(n, what: "`triggers`") {
            triggers = items.compactMap(trigger)
        }
        // `var:` for `vars:` (reported): its declarations still give the types, so reads of them are
        // not also type errors.
        let misspeltVars = f["vars"] == nil
            ? root.mapping?.first { pair in pair.keyText.map { $0 != "vars" && Suggestion.didYouMean($0, in: ["vars"]) != nil } == true && pair.value.mapping != nil }
            : nil
        let vars = (f["vars"] ?? misspeltVars?.value).map(varDecls) ?? []
        var steps: [Step] = []
        var broken: Set<String> = []
        var brokenSaves: Set<String> = []
        var stepsRange = root.range
        if let n = d.require(f, "steps", what: "a flow file", help: "add `steps:` with at least one step") {
            stepsRange = n.range
            if n.isNull {
                d.error("missing-key", "`steps` is empty", n.range, help: "add at least one step")
            } else if let pairs = n.mapping {
                var stepDecoder = StepDecoder(d: d)
                for (index, pair) in pairs.enumerated() {
                    // `options:` in the column of the step ids, right under a `menu` that has none:
                    // one mistake, reported here; the menu above takes them.
                    if pair.keyText == "options", index > 0, Self.isMenuWithoutOptions(pairs[index - 1].value), Self.looksLikeOptions(pair.value) {
                        d.error("misplaced-key", "`options:` is indented like a step id, so it is read as a step named `options`, not the menu's options",
                                pair.key.range, help: "indent `options:` under the menu step above, in the column of its `menu:`")
                        continue
                    }
                    stepDecoder.optionsBelow = nil
                    stepDecoder.keyBelow = index + 1 < pairs.count && pairs[index + 1].keyText.map { StepDecoder.isMisplacedKey($0, pairs[index + 1].value) } == true
                    if index + 1 < pairs.count, pairs[index + 1].keyText == "options", Self.isMenuWithoutOptions(pair.value),
                       Self.looksLikeOptions(pairs[index + 1].value) {
                        stepDecoder.optionsBelow = pairs[index + 1].value
                    }
                    guard let stepId = d.nameKey(pair, what: "step id") else {
                        // `paso 1:` (reported): its body is still checked, as the step it was meant to be.
                        if let key = pair.keyText, case let fixed = NodeDecoder.suggestedName(key), NodeDecoder.isName(fixed),
                           !pairs.contains(where: { $0.keyText == fixed }),
                           let step = stepDecoder.step(id: Located(fixed, pair.key.range), node: pair.value) {
                            steps.append(step)
                        } else if let save = pair.value["save"]?.scalar?.text {
                            brokenSaves.insert(save)
                        }
                        continue
                    }
                    if let step = stepDecoder.step(id: stepId, node: pair.value) { steps.append(step) } else { broken.insert(stepId.value) }
                    // `save: nombre` one indent too shallow (reported): `nombre` was meant to be saved.
                    if stepId.value == "save", let name = pair.value.scalar?.text, NodeDecoder.isVariableName(name) { brokenSaves.insert(name) }
                    if steps.last?.id.value != stepId.value, let save = pair.value["save"]?.scalar?.text { brokenSaves.insert(save) }
                    // `save:` on a step that saves nothing (a `say` written for a `menu`): reported, and meant.
                    if let step = steps.last, step.id.value == stepId.value, step.save == nil, let save = pair.value["save"]?.scalar?.text {
                        switch step.kind {
                        case .ask, .menu: break
                        default: brokenSaves.insert(save)
                        }
                    }
                    // `sav: comment` or `save: [comment]` (reported): `comment` was meant to be saved,
                    // so reads of it are not also "unknown variable".
                    for entry in pair.value.mapping ?? [] {
                        guard let key = entry.keyText, key == "save" || (!Self.knownStepKeys.contains(key)
                            && (Suggestion.didYouMean(key, in: ["save"]) != nil || NodeDecoder.foreignKeys[Suggestion.plainKey(key)]?.first == "save"))
                        else { continue }
                        if key != "save", let name = entry.value.scalar?.text { brokenSaves.insert(name) }
                        for item in entry.value.sequence ?? [] { if let name = item.scalar?.text { brokenSaves.insert(name) } }
                    }
                    // `sett: {qty: 3}`, `set: [qty: 3]`, `set: qty = 3` (reported): what it meant to set.
                    if steps.last?.id.value != stepId.value {
                        for entry in pair.value.mapping ?? [] {
                            guard let key = entry.keyText, key == "set" || Suggestion.didYouMean(key, in: ["set"]) != nil, !Self.knownStepKeys.contains(key) || key == "set"
                            else { continue }
                            for item in [entry.value] + (entry.value.sequence ?? []) {
                                for named in item.mapping ?? [] { if let name = named.keyText { brokenSaves.insert(name) } }
                                if let text = item.scalar?.text, let name = text.split(whereSeparator: { $0 == "=" || $0 == ":" || $0 == " " }).first {
                                    brokenSaves.insert(String(name))
                                }
                            }
                        }
                    }
                }
                // A mapping whose only key was a list (`[a, b]: …`) has its own error.
                if pairs.isEmpty, !n.isBroken { d.error("missing-key", "`steps` is empty", n.range, help: "add at least one step") }
            } else if n.sequence != nil {
                d.wrongType(n, expected: "a mapping of step ids to steps", what: "`steps`",
                            help: "write steps as `step_id:` keys, not as a `- ` list")
            } else {
                d.wrongType(n, expected: "a mapping of step ids to steps", what: "`steps`")
            }
        }
        // `save: first-name`, `set: {Cantidad Pedida: 2}` (reported): the name its help gives was meant.
        brokenSaves.formUnion(d.flags.refusedNames)
        // A flow id that is missing, misspelt or invalid (reported) does not stop the check: the file
        // is checked under the id it was meant to have, so its other mistakes come in the same run.
        var flow = FlowFile(path: d.path, id: id ?? placeholderId(root), description: description, triggers: triggers, vars: vars,
                            steps: steps, stepsRange: stepsRange, brokenSteps: broken, brokenSaves: brokenSaves,
                            lostTargets: d.flags.lostTargets || document.droppedTargetKey, lostArms: d.flags.lostArms)
        flow.idIsPlaceholder = id == nil
        flow.droppedWords = d.flags.droppedWords.union(document.droppedWords)
        return flow
    }

    /// The id a flow without a valid one was meant to have: its `flow:` written as an id
    /// (`Pedidos Web` → `pedidos_web`), the value of a misspelt `flow:` (`flw: main`), else the
    /// file's name (`flows/pedidos.yaml` → `pedidos`).
    func placeholderId(_ root: YAMLNode) -> Located<String> {
        func meant(_ text: String) -> String? {
            if NodeDecoder.isName(text) { return text }
            let fixed = NodeDecoder.suggestedName(text.split(separator: ".").joined(separator: "_"))
            return NodeDecoder.isName(fixed) ? fixed : nil
        }
        let pairs = root.mapping ?? []
        let written = pairs.first { $0.keyText == "flow" }
            ?? pairs.first { pair in
                guard let key = pair.keyText, !Self.topKeys.contains(key) else { return false }
                return Suggestion.closest(to: key, in: Self.topKeys) == "flow" || NodeDecoder.foreignKeys[Suggestion.plainKey(key)]?.first == "flow"
            }
        if let written, let text = written.value.scalar?.text, let name = meant(text) { return Located(name, written.value.range) }
        let file = String((d.path.split(separator: "/").last ?? "").prefix { $0 != "." })
        return Located(meant(file) ?? "flow", written?.value.range ?? SourceRange(line: 1, column: 1))
    }

    func trigger(_ node: YAMLNode) -> Trigger? {
        guard let f = d.fields(node, allowed: ["keywords", "regex"], what: "a trigger") else { return nil }
        if f.has("keywords") && f.has("regex") {
            d.error("trigger-kinds", "a trigger has either `keywords` or `regex`, not both", node.range,
                    help: "write them as two triggers")
        }
        if let n = f["keywords"] {
            return keywords(n).map { .keywords($0, n.range) }
        }
        if let n = f["regex"], let t = d.text(n, what: "`regex`") { return .regex(t) }
        if !f.has("regex"), !f.mayMean(["keywords", "regex"]) { d.error("missing-key", "a trigger needs `keywords` or `regex`", node.range,
                                                      help: "write `- keywords: [hola, menu]` or `- regex: '^pedido \\d+$'`") }
        return nil
    }

    func keywords(_ node: YAMLNode) -> [TextValue]? {
        if node.scalar != nil {
            d.wrongType(node, expected: "a list", what: "`keywords`", help: "write `keywords: [\(node.scalar?.text ?? "")]`")
            return nil
        }
        guard let items = d.list(node, what: "`keywords`") else { return nil }
        if items.isEmpty { d.error("missing-key", "`keywords` is empty", node.range, help: "list the words, e.g. `keywords: [hola, menu]`") }
        return items.compactMap { d.text($0, what: "a keyword") }
    }

    func varDecls(_ node: YAMLNode) -> [VarDecl] {
        guard let pairs = node.mapping else {
            d.wrongType(node, expected: "a mapping of variable names to types", what: "`vars`",
                        help: node.sequence != nil ? "write the names without `- `: `vars:` then `  qty: number` on the next line" : nil)
            // `- qty: number` items: still read as declarations (one mistake, one error).
            guard let items = node.sequence else { return [] }
            let listed = items.flatMap { $0.mapping ?? [] }
            return varDecls(YAMLNode(kind: .mapping(listed), range: node.range))
        }
        return pairs.compactMap { pair in
            guard let name = d.variableKey(pair) else { return nil }
            // A type already reported as wrong still declares the name, of no known type: reads
            // of it are not also "unknown variable", and what it is saved as is no conflict.
            var spec = d.varSpec(pair.value, what: "variable `\(name.value)`")
            if spec == nil {
                spec = VarSpec(kind: Located(.json, pair.value.range), range: pair.value.range)
                spec?.isUnknown = true
            }
            return spec.map { VarDecl(name: name, spec: $0) }
        }
    }

    /// A step's value that is a menu's options, not a step: a list, or a mapping with no step kind.
    static func looksLikeOptions(_ node: YAMLNode) -> Bool {
        node.mapping.map { !$0.contains { StepDecoder.kinds.contains($0.keyText ?? "") } } ?? (node.sequence != nil)
    }

    /// A step written as a `menu` with no `options:` of its own.
    static func isMenuWithoutOptions(_ node: YAMLNode) -> Bool {
        guard let pairs = node.mapping else { return false }
        return pairs.contains { $0.keyText == "menu" } && !pairs.contains { $0.keyText == "options" }
    }
}
