import FlowChecker
import FlowSyntax

/// Draws a project's flows: steps as nodes, control as labelled edges.
public struct GraphExport {
    /// Output formats of `flowc graph`.
    public enum Format: String, Sendable, CaseIterable { case dot, mermaid }

    struct Edge {
        var from: String
        var to: String
        var label: String
    }

    let project: Project

    /// Flow index by id, and step index by flow and step id (for ids that cannot be written as they are).
    private let flowIndex: [String: Int]
    private let stepIndex: [String: [String: Int]]

    /// Creates an exporter.
    public init(project: Project) {
        self.project = project
        var flows: [String: Int] = [:]
        var steps: [String: [String: Int]] = [:]
        for (f, flow) in project.flows.enumerated() where flows[flow.id.value] == nil {
            flows[flow.id.value] = f
            var own: [String: Int] = [:]
            for (j, step) in flow.steps.enumerated() where own[step.id.value] == nil { own[step.id.value] = j }
            steps[flow.id.value] = own
        }
        flowIndex = flows
        stepIndex = steps
    }

    /// A step's node: `s_FLOW__STEP` (`s_` first: Mermaid reads a node id that starts with `end` as
    /// the keyword) when both ids are ASCII letters, digits and `_` and the flow's id has no `__`
    /// (so that no two steps share a node); otherwise by position, `n_F_S`.
    func nodeId(_ flow: String, _ step: String) -> String {
        if Self.plain(flow), Self.plain(step), !flow.contains("__"), !flow.hasSuffix("_") { return "s_\(flow)__\(step)" }
        if let f = flowIndex[flow], let j = stepIndex[flow]?[step] { return "n_\(f)_\(j)" }
        return "s_\(Self.safe(flow))__\(Self.safe(step))"
    }

    static func plain(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.allSatisfy { ($0 | 0x20) >= 97 && ($0 | 0x20) <= 122 || $0 >= 48 && $0 <= 57 || $0 == 95 }
    }

    static func safe(_ id: String) -> String {
        guard id.utf8.contains(where: { !(($0 | 0x20) >= 97 && ($0 | 0x20) <= 122) && !($0 >= 48 && $0 <= 57) && $0 != 95 }) else { return id }
        var out = ""
        for byte in id.utf8 {
            if (byte | 0x20) >= 97 && (byte | 0x20) <= 122 || byte >= 48 && byte <= 57 || byte == 95 {
                out.append(Character(Unicode.Scalar(byte)))
            } else {
                out += "_x" + String(byte, radix: 16, uppercase: true)
            }
        }
        return out
    }

    /// Where a flow ends (falls off its last step, or `return`s): no step id starts with a digit,
    /// so a step named `end` or `exit` is never this node.
    func exitId(_ flow: String) -> String {
        if Self.plain(flow), !flow.contains("__"), !flow.hasSuffix("_") { return "s_\(flow)__0exit" }
        if let f = flowIndex[flow] { return "n_\(f)_exit" }
        return "s_\(Self.safe(flow))__0exit"
    }

    func resolve(_ t: Target, in flow: FlowFile) -> String {
        if let step = t.step { return nodeId(t.first, step) }
        if flow.steps.contains(where: { $0.id.value == t.first }) { return nodeId(flow.id.value, t.first) }
        if let other = project.flows.first(where: { $0.id.value == t.first }), let first = other.steps.first {
            return nodeId(other.id.value, first.id.value)
        }
        return nodeId(t.first, "start")
    }

    func edges(_ flow: FlowFile) -> [Edge] {
        var out: [Edge] = []
        for (j, step) in flow.steps.enumerated() {
            let me = nodeId(flow.id.value, step.id.value)
            let next = j + 1 < flow.steps.count ? nodeId(flow.id.value, flow.steps[j + 1].id.value) : exitId(flow.id.value)
            let after = step.goto.map { resolve($0, in: flow) } ?? next
            func add(_ to: String, _ label: String) { out.append(Edge(from: me, to: to, label: label)) }
            switch step.kind {
            case .say, .set, .email, .track, .goto:
                add(after, step.goto != nil ? "goto" : "")
                // (`email` and `track` are actions: they have `on_error` too.)
                if let t = step.onError { add(resolve(t, in: flow), "on_error") } else if case .email = step.kind { add(Self.endedId, "error") }
            case .ask(let a):
                add(after, "answer")
                // Without `on_fail`, the conversation ends when the re-asks run out.
                if let t = a.options.onFail { add(resolve(t, in: flow), "on_fail") } else { add(Self.endedId, "retries exhausted") }
                // A timeout without `on_timeout` ends the conversation.
                if let t = a.options.onTimeout { add(resolve(t, in: flow), "timeout \(a.options.timeout?.text ?? "")") }
                else if let timeout = a.options.timeout { add(Self.endedId, "timeout \(timeout.text)") }
            case .menu(let m):
                for option in m.choices { add(option.goto.map { resolve($0, in: flow) } ?? after, option.label.text) }
                if let t = m.options.onFail { add(resolve(t, in: flow), "on_fail") } else { add(Self.endedId, "retries exhausted") }
                // A timeout without `on_timeout` ends the conversation.
                if let t = m.options.onTimeout { add(resolve(t, in: flow), "timeout \(m.options.timeout?.text ?? "")") }
                else if let timeout = m.options.timeout { add(Self.endedId, "timeout \(timeout.text)") }
            case .branch(let arms):
                for arm in arms { if let t = arm.target { add(resolve(t, in: flow), arm.condition?.text ?? "else") } }
            case .http, .query, .order:
                add(after, "ok")
                // Without `on_error`, an error ends the conversation (with the bot's error message).
                if let t = step.onError { add(resolve(t, in: flow), "on_error") } else { add(Self.endedId, "error") }
            case .call(let callee):
                if let other = project.flows.first(where: { $0.id.value == callee.value }), let first = other.steps.first {
                    add(nodeId(other.id.value, first.id.value), "call")
                }
                add(after, "returned")
            case .handoff(let h):
                add(after, "released")
                if let t = h.onTimeout { add(resolve(t, in: flow), h.timeout.map { "timeout \($0.text)" } ?? "timeout") }
                else if let timeout = h.timeout { add(Self.endedId, "timeout \(timeout.text)") }
            case .return:
                add(exitId(flow.id.value), "return")
            case .end:
                add(Self.endedId, "")
            }
        }
        return out
    }

    /// Where a conversation ends (an `end` step, an `end` interrupt), and the node the bot's
    /// interrupts leave from (at any `ask` or `menu` that waits).
    static let endedId = "x_ended"
    static let interruptsId = "x_interrupts"
    static let handoffId = "x_handoff"
    /// Where a new conversation comes in: to the bot's `start` flow, or to a flow whose trigger matches.
    static let startId = "x_start"

    /// The way in: one edge from ``startId`` to the start flow's first step, and one for each
    /// flow's trigger, labelled with its keywords (or regex).
    func entryEdges() -> [Edge] {
        var out: [Edge] = []
        let start = project.bot?.start.flatMap { name in project.flows.first { $0.id.value == name.value } } ?? project.flows.first
        if let start, let first = start.steps.first { out.append(Edge(from: Self.startId, to: nodeId(start.id.value, first.id.value), label: "start")) }
        for flow in project.flows {
            guard let first = flow.steps.first else { continue }
            for trigger in flow.triggers {
                let label = switch trigger {
                case .keywords(let words, _): words.map(\.text).joined(separator: ", ")
                case .regex(let regex): "/\(regex.text)/"
                }
                out.append(Edge(from: Self.startId, to: nodeId(flow.id.value, first.id.value), label: label))
            }
        }
        return out
    }

    /// The bot's interrupts: one edge each from ``interruptsId``, labelled with its keywords (or regex).
    func interruptEdges() -> [Edge] {
        guard let bot = project.bot else { return [] }
        return bot.interrupts.map { interrupt in
            var label = interrupt.keywords.map(\.text).joined(separator: ", ")
            if let regex = interrupt.regex { label += (label.isEmpty ? "" : " / ") + "/\(regex.text)/" }
            let to: String
            switch interrupt.action {
            case .goto(let t): to = resolveFromBot(t)
            case .end: to = Self.endedId
            case .handoff: to = Self.handoffId
            }
            return Edge(from: Self.interruptsId, to: to, label: label)
        }
    }

    /// A target named in bot.yaml: `flow.step`, or a flow (its first step).
    func resolveFromBot(_ t: Target) -> String {
        if let step = t.step { return nodeId(t.first, step) }
        if let other = project.flows.first(where: { $0.id.value == t.first }), let first = other.steps.first {
            return nodeId(other.id.value, first.id.value)
        }
        return nodeId(t.first, "start")
    }

    /// The nodes outside the flows that some edge reaches: (id, label).
    func outsideNodes(_ all: [Edge]) -> [(id: String, label: String)] {
        var nodes: [(id: String, label: String)] = []
        if all.contains(where: { $0.from == Self.startId }) { nodes.append((Self.startId, "new conversation")) }
        if all.contains(where: { $0.from == Self.interruptsId }) { nodes.append((Self.interruptsId, "interrupts (at any wait)")) }
        if all.contains(where: { $0.to == Self.handoffId }) { nodes.append((Self.handoffId, "handoff to a person")) }
        if all.contains(where: { $0.to == Self.endedId }) { nodes.append((Self.endedId, "conversation ends")) }
        return nodes
    }

    static func kindLabel(_ step: Step) -> String {
        let waits = step.kind.waits ? " ⏸" : ""
        return "\(step.id.value)\\n(\(step.kind.keyword)\(waits))"
    }

    /// The graph in `format`.
    public func render(_ format: Format) -> String {
        switch format {
        case .dot: dot()
        case .mermaid: mermaid()
        }
    }

    static func escape(_ s: String) -> String {
        s.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"").replacing("\n", with: " ")
    }

    /// The flows whose end node some edge reaches (the last step falls off the flow, or a
    /// `return`): a flow whose every path ends in `end` or jumps away gets no such node.
    func reachedExits(_ all: [Edge]) -> Set<String> {
        let targets = Set(all.map(\.to))
        return Set(project.flows.map(\.id.value).filter { targets.contains(exitId($0)) })
    }

    func dot() -> String {
        var out = "digraph \"\(Self.escape(project.bot?.id?.value ?? project.flows.first?.id.value ?? "bot"))\" {\n  rankdir=TB;\n  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n"
        let all = entryEdges() + project.flows.flatMap(edges) + interruptEdges()
        let exits = reachedExits(all)
        for flow in project.flows {
            out += "  subgraph \"cluster_\(flow.id.value)\" {\n    label=\"flow \(flow.id.value)\";\n"
            for step in flow.steps {
                let shape = step.kind.waits ? ", shape=box, style=\"rounded,bold\"" : (step.kind.keyword == "branch" ? ", shape=diamond" : "")
                out += "    \(nodeId(flow.id.value, step.id.value)) [label=\"\(Self.kindLabel(step))\"\(shape)];\n"
            }
            if exits.contains(flow.id.value) {
                out += "    \(exitId(flow.id.value)) [label=\"end of \(Self.escape(flow.id.value))\", shape=circle];\n"
            }
            out += "  }\n"
        }
        for node in outsideNodes(all) {
            let shape = node.id == Self.interruptsId ? "hexagon" : node.id == Self.endedId ? "doublecircle" : node.id == Self.startId ? "oval" : "box"
            out += "  \(node.id) [label=\"\(node.label)\", shape=\(shape)];\n"
        }
        for e in all {
            var attributes: [String] = []
            if !e.label.isEmpty { attributes.append("label=\"\(Self.escape(e.label))\"") }
            if e.from == Self.interruptsId { attributes.append("style=dashed") }
            if e.from == Self.startId { attributes.append("style=bold") }
            out += "  \(e.from) -> \(e.to)" + (attributes.isEmpty ? "" : " [" + attributes.joined(separator: ", ") + "]") + ";\n"
        }
        return out + "}\n"
    }

    /// Text inside a Mermaid label's quotes: `#` (entity codes start with it), `&` (an HTML entity
    /// such as `&lt;` would be shown as `<`), quotes, `<`/`>` (read as HTML), `|` and a backtick
    /// (a label starting with one is Markdown) as entity codes; a line break as a space, as in DOT.
    /// `#` goes first: the codes written after it keep theirs.
    static func mermaidText(_ s: String) -> String {
        s.replacing("#", with: "#35;").replacing("&", with: "#amp;").replacing("\"", with: "#quot;").replacing("<", with: "#lt;")
            .replacing(">", with: "#gt;").replacing("|", with: "#124;").replacing("`", with: "#96;").replacing("\n", with: " ")
    }

    func mermaid() -> String {
        var out = "flowchart TD\n"
        let all = entryEdges() + project.flows.flatMap(edges) + interruptEdges()
        let exits = reachedExits(all)
        for flow in project.flows {
            // Quoted titles: a flow (or a node) named `end` would close the subgraph in Mermaid.
            out += "  subgraph flow_\(Self.plain(flow.id.value) ? flow.id.value : flowIndex[flow.id.value].map { "\($0)" } ?? Self.safe(flow.id.value))[\"flow \(Self.mermaidText(flow.id.value))\"]\n"
            for step in flow.steps {
                let label = Self.mermaidText(Self.kindLabel(step)).replacing("\\n", with: "<br/>")
                let node = nodeId(flow.id.value, step.id.value)
                out += step.kind.keyword == "branch" ? "    \(node){\"\(label)\"}\n" : "    \(node)[\"\(label)\"]\n"
            }
            if exits.contains(flow.id.value) { out += "    \(exitId(flow.id.value))((\"end of \(Self.mermaidText(flow.id.value))\"))\n" }
            out += "  end\n"
        }
        for node in outsideNodes(all) {
            out += node.id == Self.interruptsId ? "  \(node.id){{\"\(node.label)\"}}\n"
                : node.id == Self.endedId ? "  \(node.id)(((\"\(node.label)\")))\n"
                : node.id == Self.startId ? "  \(node.id)([\"\(node.label)\"])\n" : "  \(node.id)[\"\(node.label)\"]\n"
        }
        for e in all {
            let label = Self.mermaidText(e.label)
            let arrow = e.from == Self.interruptsId ? "-.->" : e.from == Self.startId ? "==>" : "-->"
            out += "  \(e.from) \(arrow)" + (label.isEmpty ? "" : "|\"\(label)\"|") + " \(e.to)\n"
        }
        return out
    }
}
