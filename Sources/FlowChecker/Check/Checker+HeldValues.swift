import FlowDiagnostics
import FlowSyntax

/// What a variable saved only by menus or `choice` questions can hold, and the branch conditions
/// that compare it with a text it never holds.
extension Checker {
    /// `size == "Chico"` where `size` is only ever saved by menus whose option ids are `s`, `m`
    /// and `l` (or by questions of a `choice`): a text it never holds, so `==` is always false
    /// (`!=` always true, an `in` list's item never matches).
    func reportValuesNeverHeld(_ expr: Expr, in text: TextValue, ec: ExpressionChecker, file: String) {
        func check(_ variable: String, _ literal: Expr, outcome: String) {
            guard case .string(let value) = literal.kind, let held = certainValues(of: variable), !held.ids.contains(value) else { return }
            let what = held.fromMenus ? "the id of the option chosen in its menu" : "one of its choices"
            let shown = held.ids.prefix(12).map { "`\($0)`" }
            let listed = (shown.count == 1 ? shown[0] : shown.dropLast().joined(separator: ", ") + (held.ids.count > 12 ? ", …" : "") + " or " + (shown.last ?? ""))
            var help = "compare with one of \(held.ids.prefix(12).map { "`\"\($0)\"`" }.joined(separator: ", "))"
            if let id = held.labels[TextFold.folded(value)] {
                help = "`\"\(value)\"` is the label of option `\(id)`: compare with `\"\(id)\"`"
            } else if let id = held.ids.first(where: { TextFold.folded($0) == TextFold.folded(value) }) {
                help = "`==` tells case and accents apart: compare with `\"\(id)\"`"
            } else if let id = Suggestion.closest(to: value, in: held.ids) {
                help = "did you mean `\"\(id)\"`?"
            }
            sink.error("type-mismatch", "`\(variable)` holds \(what) (\(listed)), never `\"\(value)\"`: \(outcome)", file: file,
                       range: ec.range(of: literal.span, in: text), help: help)
        }
        switch expr.kind {
        case .binary(let op, let l, let r) where op == .eq || op == .ne:
            let outcome = "`\(op.symbol)` is always \(op == .eq ? "false" : "true")"
            if case .variable(let v) = l.kind { check(v, r, outcome: outcome) } else if case .variable(let v) = r.kind { check(v, l, outcome: outcome) }
        case .binary(.in, let l, let r):
            if case .variable(let v) = l.kind, case .list(let items) = r.kind {
                for item in items { check(v, item, outcome: "this item never matches") }
            }
            reportValuesNeverHeld(l, in: text, ec: ec, file: file)
            reportValuesNeverHeld(r, in: text, ec: ec, file: file)
        case .binary(_, let l, let r):
            reportValuesNeverHeld(l, in: text, ec: ec, file: file)
            reportValuesNeverHeld(r, in: text, ec: ec, file: file)
        case .unary(_, let x):
            reportValuesNeverHeld(x, in: text, ec: ec, file: file)
        default:
            break
        }
    }

    /// What a variable saved only by menus or `choice` questions holds: the ids (or choices), its menus'
    /// option labels (folded) with their ids, and whether only menus save it.
    typealias CertainValues = (ids: [String], labels: [String: String], fromMenus: Bool)

    /// `certainValues` of every variable: what menus and `choice` questions save, and the variables
    /// something else saves too.
    struct CertainValuesTable {
        var found: [String: CertainValues] = [:]
        var refused: Set<String> = []
    }

    /// The values `variable` can hold for certain, and its menus' option labels (folded) with
    /// their ids: only when every step that saves it is a menu, or a question whose answer is a
    /// `choice`; never when a `set`, an action or another question saves it, or a step that may
    /// have saved it was lost to a mistake.
    func certainValues(of variable: String) -> CertainValues? {
        if project.lostVariables.contains(variable) || misplacedSaves.contains(variable) { return nil }
        let table: CertainValuesTable
        if let known = certainValuesTable {
            table = known
        } else {
            table = workOutCertainValues()
            certainValuesTable = table
        }
        guard !table.refused.contains(variable), let found = table.found[variable], !found.ids.isEmpty else { return nil }
        return found
    }

    /// What every variable saved by menus or `choice` questions holds, in one pass over the bot's
    /// steps (a big bot asks it for many variables): `refused` are those something else saves too.
    private func workOutCertainValues() -> CertainValuesTable {
        var table = CertainValuesTable()
        func add(_ variable: String, _ values: [String], labels: [(String, String)] = [], fromMenu: Bool) {
            var held = table.found[variable] ?? (ids: [], labels: [:], fromMenus: true)
            for value in values where !held.ids.contains(value) { held.ids.append(value) }
            for (key, id) in labels where held.labels[key] == nil { held.labels[key] = id }
            if !fromMenu { held.fromMenus = false }
            table.found[variable] = held
        }
        for flow in flows {
            table.refused.formUnion(flow.brokenSaves)
            // A trigger's named group saves what the message says (`^talle (?<size>\w+)$`).
            for trigger in flow.triggers {
                if case .regex(let t) = trigger { table.refused.formUnion(Self.namedGroups(t.text)) }
            }
            for step in flow.steps {
                if let saved = step.save?.value { table.refused.insert(saved) }
                if let saved = step.saveStatus?.value { table.refused.insert(saved) }
                switch step.kind {
                case .menu(let menu):
                    guard let variable = menu.options.save?.value else { continue }
                    if flow.lostTargets { table.refused.insert(variable); continue }
                    let labels = menu.choices.compactMap { option in
                        TemplateText.hasHole(option.label.text) ? nil : (TextFold.folded(option.label.text), option.id.value)
                    }
                    add(variable, menu.choices.map(\.id.value), labels: labels, fromMenu: true)
                case .ask(let ask):
                    // So does a question's pattern's named group.
                    if let spec = ask.expect ?? ask.options.save.flatMap({ vars[$0.value]?.spec }),
                       spec.kind.value == .regex || spec.kind.value == .text, let pattern = spec.pattern {
                        table.refused.formUnion(Self.namedGroups(pattern.text))
                    }
                    guard let variable = ask.options.save?.value else { continue }
                    let declared = vars[variable]?.spec.flatMap { $0.kind.value == .choice ? $0.choices.map(\.value) : nil }
                    guard let choices = ask.expect.map({ $0.isUnknown || $0.kind.value != .choice ? nil : $0.choices.map(\.value) }) ?? declared else {
                        table.refused.insert(variable)
                        continue
                    }
                    add(variable, choices, fromMenu: false)
                case .set(let pairs):
                    for pair in pairs { table.refused.insert(pair.key.value) }
                default:
                    continue
                }
            }
        }
        return table
    }
}
