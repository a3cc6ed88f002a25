import FlowDiagnostics
import FlowSyntax

extension Checker {
    /// Builds the bot-wide variable table: declarations first, then what steps save, then
    /// the types of `set` values (which may read other variables).
    func collectVariables() {
        if let bot = project.bot { for decl in bot.vars { vars.declare(decl, file: bot.path) } }
        for flow in flows { for decl in flow.vars { vars.declare(decl, file: flow.path) } }
        for name in project.lostVariables.sorted() where vars[name] == nil {
            vars.save(Located(name, SourceRange(line: 1, column: 1)), type: .json, file: project.bot?.path ?? "", implicit: true)
            assigned.insert(name)
        }
        for flow in flows {
            for name in flow.brokenSaves.sorted() where vars[name] == nil {
                vars.save(Located(name, flow.stepsRange), type: .json, file: flow.path, implicit: true)
                assigned.insert(name)
            }
            for trigger in flow.triggers {
                if case .regex(let t) = trigger {
                    let optional = Self.optionalGroups(t.text)
                    for group in Self.namedGroups(t.text) {
                        if reportOptionalNumberGroup(group, optional: optional, pattern: t, file: flow.path) {
                            assigned.insert(group)
                            continue
                        }
                        vars.save(Located(group, t.range), type: groupType(group, optional: optional), file: flow.path, implicit: true)
                        assigned.insert(group)
                        wholeSaves[group] = false
                    }
                }
            }
            for step in flow.steps {
                switch step.kind {
                case .ask(let ask):
                    if let save = ask.options.save, ask.expect?.isUnknown == true {
                        // `expect: numbr` (reported): the saved value's type is unknown, not text.
                        if vars[save.value] == nil { vars.save(save, type: .json, file: flow.path, implicit: true) }
                        assigned.insert(save.value)
                    } else if let save = ask.options.save {
                        let whole = (ask.expect ?? vars[save.value]?.spec).map { $0.kind.value == .number && $0.integer } ?? false
                        wholeSaves[save.value] = (wholeSaves[save.value] ?? true) && whole
                        let kind = ask.expect?.kind.value ?? vars[save.value]?.kind ?? .text
                        vars.save(save, type: VariableTable.valueType(kind), kind: ask.expect?.kind.value, file: flow.path)
                        assigned.insert(save.value)
                    }
                    if let spec = ask.expect ?? ask.options.save.flatMap({ vars[$0.value]?.spec }),
                       spec.kind.value == .regex || spec.kind.value == .text, let pattern = spec.pattern {
                        let optional = Self.optionalGroups(pattern.text)
                        for group in Self.namedGroups(pattern.text) {
                            if reportOptionalNumberGroup(group, optional: optional, pattern: pattern, file: flow.path) {
                                assigned.insert(group)
                                continue
                            }
                            vars.save(Located(group, pattern.range), type: groupType(group, optional: optional), file: flow.path, implicit: true)
                            assigned.insert(group)
                            wholeSaves[group] = false
                        }
                    }
                case .menu(let menu):
                    if let save = menu.options.save {
                        vars.save(save, type: .text, file: flow.path)
                        assigned.insert(save.value)
                        wholeSaves[save.value] = false
                    } else if let option = menu.choices.first(where: { $0.id.value == "save" && isMisplacedSave($0, menu: menu) }) {
                        // `save: size` indented under `options:` (reported by the menu's check): the
                        // variable it meant is known, so its reads are not a second mistake.
                        let name = option.label.text
                        if vars[name] == nil { vars.save(Located(name, option.label.range), type: .text, file: flow.path, implicit: true) }
                        misplacedSaves.insert(name)
                        assigned.insert(name)
                    }
                case .set(let pairs):
                    for pair in pairs {
                        vars.save(pair.key, type: .json, file: flow.path)
                        assigned.insert(pair.key.value)
                    }
                case .query:
                    if let save = step.save {
                        vars.save(save, type: .list(.json), file: flow.path)
                        queryResults.insert(save.value)
                    }
                case .order:
                    if let save = step.save {
                        // The order saved is always an object (id, status, items, total): no number, text or list.
                        if let info = vars[save.value], info.declared, info.type != .json, info.kind != .any {
                            sink.error("var-type-conflict", "variable `\(save.value)` is declared \(info.kind?.rawValue ?? info.type.description), "
                                       + "but an `order` saves the order itself (json: id, status, items, total)",
                                       file: flow.path, range: save.range,
                                       notes: [DiagnosticNote("declared here", file: info.file, range: info.range)],
                                       help: "declare `\(save.value)` as json, or save the order in a variable of its own and `set` what you need from it (its `total`, its `id`)")
                        }
                        vars.save(save, type: .json, file: flow.path)
                    }
                default:
                    if let save = step.save { vars.save(save, type: .json, file: flow.path) }
                }
                if let status = step.saveStatus, let save = step.save, status.value == save.value {
                    // `save: stock` and `save_status: stock`: the body and the status code in one
                    // variable, the second overwriting the first.
                    sink.error("var-type-conflict", "variable `\(status.value)` is given two types: the response body (json) and its status (number)",
                               file: flow.path, range: status.range,
                               notes: [DiagnosticNote("`\(save.value)` saves the body here", file: flow.path, range: save.range)],
                               help: "save the status in a variable of its own, e.g. `save_status: \(status.value)_status`")
                } else if let status = step.saveStatus {
                    vars.save(status, type: .number, file: flow.path)
                    assigned.insert(status.value)
                }
                if let save = step.save { assigned.insert(save.value) }
                if case .ask = step.kind {} else if let save = step.save { wholeSaves[save.value] = false }
                if case .set(let pairs) = step.kind { for pair in pairs { wholeSaves[pair.key.value] = false } }
                if let status = step.saveStatus { wholeSaves[status.value] = false }
            }
        }
        // `set` values may read variables that other `set`s type; two rounds settle chains.
        let scratch = DiagnosticSink()
        let hasSets = flows.contains { $0.steps.contains { if case .set = $0.kind { true } else { false } } }
        for round in 0..<(hasSets ? 2 : 0) {
            var refined = false
            for flow in flows {
                let ec = ExpressionChecker(sink: scratch, source: nil, file: flow.path, scope: vars, parses: parses)
                for step in flow.steps {
                    guard case .set(let pairs) = step.kind else { continue }
                    for pair in pairs {
                        var ignored: [Read] = []
                        let type = ec.data(pair.value, reads: &ignored)
                        // (`total: qty * 1500`, a missing `{{ }}`, reported later, types nothing.)
                        if case .template(let t) = pair.value, t.style == .plain, !TemplateText.hasHole(t.text),
                           Self.unbraced(t.text, isVariable: { vars[$0] != nil }) != nil { continue }
                        if type != .null, vars[pair.key.value]?.type == .json, type != .json {
                            vars.refine(pair.key.value, to: type)
                            refined = true
                        }
                    }
                }
            }
            // A second round only matters when the first typed a variable another `set` reads.
            if round == 0, !refined { break }
        }
        for name in vars.variableNames { vars.resetReads(name) }
    }

    /// Whether `name` only ever holds whole numbers: declared `integer: true`, or saved only by
    /// questions that take whole numbers (`expect: {type: number, integer: true}`).
    func isWhole(_ name: String) -> Bool {
        vars[name]?.spec?.integer == true || wholeSaves[name] == true
    }

    /// What a named group saves: a number into a variable declared a number when the group takes
    /// part in every match (the runtime reads it by the bot's locale; a capture that is no number
    /// is no match), else text.
    /// A group's type: what its declared variable holds when the runtime reads the capture as an
    /// answer of that type (a number, a date, a yes/no), text otherwise.
    func groupType(_ name: String, optional: Set<String>) -> ValueType {
        guard !optional.contains(name), let info = vars[name], info.declared, Self.readsGroup(info) else { return .text }
        return info.type
    }

    /// Whether a declared variable reads a group's capture as its own type (a number, a date, a
    /// yes/no; the runtime refuses a match that is not one). A `bool` declared as such is no
    /// answer's type: a group saves text into it, which check reports.
    static func readsGroup(_ info: VariableInfo) -> Bool {
        switch info.spec?.kind.value ?? info.kind {
        case .number?, .date?, .yesNo?: true
        default: false
        }
    }

    /// An optional group (`( for (?<people>[0-9]+))?`) saving into a variable declared a number: a
    /// match that leaves it out saves empty text, which no number is. Reported at the group, with
    /// what to do; true when reported (the variable keeps its declared type).
    func reportOptionalNumberGroup(_ group: String, optional: Set<String>, pattern: TextValue, file: String) -> Bool {
        guard optional.contains(group), let info = vars[group], info.declared, Self.readsGroup(info) else { return false }
        let declared = info.type == .number ? "a number" : info.type == .date ? "a date" : "a yes/no (bool)"
        let range = groupRange(group, in: pattern, file: file)
        sink.error("var-type-conflict", "group `\(group)` may take no part in a match, and then it saves empty text, but `\(group)` is declared \(declared)",
                   file: file, range: range, notes: [DiagnosticNote("`\(group)` is declared here", file: info.file, range: info.range)],
                   help: "make the group take part in every match (not inside a part marked `?`, `*` or `{0,…}`, nor one side of `|`), or declare `\(group)` as text"
                    + (info.type == .number ? " and read it with `number(\(group))`" : ""))
        return true
    }

    /// Where a named group opens in its pattern (`(?<name>`), or the whole pattern.
    func groupRange(_ group: String, in pattern: TextValue, file: String) -> SourceRange {
        guard let map = project.sources[file].map({ ScalarMap(pattern, source: $0) }),
              let at = pattern.text.firstRange(of: "(?<\(group)>") ?? pattern.text.firstRange(of: "(?P<\(group)>") else { return pattern.range }
        let start = pattern.text.unicodeScalars.distance(from: pattern.text.unicodeScalars.startIndex, to: at.lowerBound)
        let end = pattern.text.unicodeScalars.distance(from: pattern.text.unicodeScalars.startIndex, to: at.upperBound)
        return map.range(start: start, end: end)
    }

    /// The named groups a match may leave out.
    static func optionalGroups(_ pattern: String) -> Set<String> {
        Set(RegexGroups.scan(pattern).groups.filter(\.optional).map(\.name))
    }

    /// Named groups `(?<name>…)` / `(?P<name>…)` of a regex.
    /// The variables a pattern's named groups become: a name that is not one (`tamaño`, reported
    /// where the pattern is compiled) as the name it was meant to be (`tamano`), so its reads are no
    /// second mistake.
    static func namedGroups(_ pattern: String) -> [String] {
        writtenGroupNames(pattern).map { isASCIIName($0) ? $0 : asciiName($0) }
    }

    /// Whether a name is written with ASCII letters, digits and `_` only.
    static func isASCIIName(_ name: String) -> Bool {
        name.utf8.allSatisfy { $0 == 0x5F || (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) }
    }

    /// The names of a pattern's named groups as written.
    static func writtenGroupNames(_ pattern: String) -> [String] {
        let chars = Array(pattern.unicodeScalars)
        var names: [String] = []
        var i = 0
        while i < chars.count {
            if chars[i] == "\\" { i += 2; continue }
            if chars[i] == "(", i + 2 < chars.count, chars[i + 1] == "?" {
                var j = i + 2
                if j < chars.count, chars[j] == "P" { j += 1 }
                if j < chars.count, chars[j] == "<" || chars[j] == "'" {
                    let close: Unicode.Scalar = chars[j] == "<" ? ">" : "'"
                    var k = j + 1
                    var name = ""
                    while k < chars.count, chars[k] != close { name.unicodeScalars.append(chars[k]); k += 1 }
                    if !name.isEmpty, name != "=", name != "!", !name.hasPrefix("="), !name.hasPrefix("!") { names.append(name) }
                }
            }
            i += 1
        }
        return names
    }
}

extension VariableTable {
    func resetReads(_ name: String) {
        setReads(name, 0)
    }
}
