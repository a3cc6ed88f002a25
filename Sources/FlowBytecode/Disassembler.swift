/// Bytecode as text, with the source line beside each instruction (clox's `debug.c`).
public struct Disassembler {
    let bundle: Bundle
    /// Source lines by file path, when the sources are at hand.
    let sources: [String: [Substring]]

    /// Creates a disassembler; `sources` maps file paths to their text.
    public init(bundle: Bundle, sources: [String: String] = [:]) {
        self.bundle = bundle
        var lines: [String: [Substring]] = [:]
        for (path, text) in sources { lines[path] = text.split(separator: "\n", omittingEmptySubsequences: false) }
        self.sources = lines
    }

    /// The whole bundle: header, constants, then each flow.
    public func text() -> String {
        var out = "bundle \(bundle.botId) \"\(bundle.botName)\" locale \(bundle.locale) hash \(BundleCodec.contentHash(bundle))\n"
        if !bundle.flows.isEmpty { out += "start \(bundle.flows[bundle.startFlow].name)\n" }
        out += "\nconstants (\(bundle.constants.count)):\n"
        for (i, c) in bundle.constants.enumerated() { out += "  #\(i) \(describe(c))\n" }
        out += "\nstrings (\(bundle.strings.count)):\n"
        for (i, s) in bundle.strings.enumerated() { out += "  $\(i) \(s)\n" }
        for (i, rule) in bundle.rules.enumerated() { out += "rule \(i): \(describe(rule))\n" }
        for (i, interrupt) in bundle.interrupts.enumerated() {
            out += "interrupt \(i): \(interrupt.keywords.joined(separator: ",")) \(interrupt.regex.isEmpty ? "" : "/\(interrupt.regex)/ ")→ \(describe(interrupt.action))\n"
        }
        for flow in bundle.flows { out += "\n" + text(flow) }
        if !bundle.botCode.code.isEmpty { out += "\n" + text(bundle.botCode) }
        return out
    }

    /// One flow.
    public func text(_ flow: FlowCode) -> String {
        let path = flow.file >= 0 && flow.file < bundle.files.count ? bundle.files[flow.file] : ""
        var out = "flow \(flow.name)" + (path.isEmpty ? "" : " (\(path))") + "\n"
        for t in flow.triggers { out += "  trigger \(t)\n" }
        var lastLine: Int32 = -1
        for (pc, ins) in flow.code.enumerated() {
            if let step = flow.steps.first(where: { Int($0.pc) == pc }) { out += "  \(step.id):\n" }
            let line = flow.lines[pc]
            var source = ""
            // The flow's final `ret` (falling off its last step) is no step's line.
            let implicitReturn = pc == flow.code.count - 1 && ins.op == .ret
            if line != lastLine, !implicitReturn, let lines = sources[path], line >= 1, Int(line) <= lines.count {
                source = "  ; \(line): " + lines[Int(line) - 1].trimmingPrefix(while: { $0 == " " })
            }
            lastLine = line
            let number = String(pc)
            out += "    " + String(repeating: " ", count: max(0, 4 - number.count)) + number + "  " + pad(describe(ins), 34) + source + "\n"
        }
        return out
    }

    private func pad(_ s: String, _ width: Int) -> String { s.count >= width ? s : s + String(repeating: " ", count: width - s.count) }

    private func string(_ i: Int32) -> String { i >= 0 && Int(i) < bundle.strings.count ? bundle.strings[Int(i)] : "?\(i)" }

    func describe(_ v: Value) -> String {
        switch v {
        case .text(let s):
            var out = ""
            Value.quote(s, into: &out)
            return out
        default: return v.json
        }
    }

    func describe(_ r: RuleSpec) -> String {
        var parts = [r.kind]
        if let min = r.min { parts.append("min \(Value.canonical(min))") }
        if let max = r.max { parts.append("max \(Value.canonical(max))") }
        if r.integer { parts.append("integer") }
        if !r.pattern.isEmpty { parts.append("pattern /\(r.pattern)/") }
        if !r.region.isEmpty { parts.append("region \(r.region)") }
        if !r.after.isEmpty { parts.append("after \(r.after)") }
        if !r.before.isEmpty { parts.append("before \(r.before)") }
        if !r.format.isEmpty { parts.append("format \(r.format)") }
        if !r.choices.isEmpty { parts.append("choices \(r.choices.joined(separator: "|"))") }
        return parts.joined(separator: " ")
    }

    func target(_ pc: Int32, _ flow: Int32) -> String {
        if pc < 0 { return "end" }
        if flow >= 0, Int(flow) < bundle.flows.count { return "\(bundle.flows[Int(flow)].name)@\(pc)" }
        return "@\(pc)"
    }

    /// An interrupt's action: a `goto` by the step it goes to (`support.agent`), an `end` or a
    /// handoff by where the bot's own code for it starts.
    func describe(_ action: InterruptSpec.Action) -> String {
        switch action {
        case .goto(let flow, let pc):
            guard flow >= 0, Int(flow) < bundle.flows.count else { return "goto \(target(pc, flow))" }
            let code = bundle.flows[Int(flow)]
            if let step = code.steps.first(where: { $0.pc == pc }) { return "goto \(code.name).\(step.id)" }
            return "goto \(target(pc, flow))"
        case .end(let pc): return "end, \(bundle.botCode.name)@\(pc)"
        case .handoff(let pc): return "handoff, \(bundle.botCode.name)@\(pc)"
        }
    }

    func describe(_ q: QuestionSpec) -> String {
        var parts: [String] = []
        if q.save >= 0 { parts.append("save $\(q.save) \(string(q.save))") }
        parts.append("retries \(q.retries)")
        parts.append("fail → \(target(q.onFail, q.onFailFlow))")
        if q.timeoutMs > 0 { parts.append("timeout \(q.timeoutMs)ms → \(target(q.onTimeout, q.onTimeoutFlow))") }
        for (reason, pc) in q.invalid.sorted(by: { $0.key < $1.key }) { parts.append("\(reason) → @\(pc)") }
        switch q.interrupts {
        case .all: break
        case .exact: parts.append("interrupts exact")
        case .none: parts.append("no interrupts")
        }
        return parts.joined(separator: ", ")
    }

    /// One instruction with its operands spelled out.
    public func describe(_ ins: Instruction) -> String {
        let name = String(describing: ins.op).replacing("_", with: "")
        switch ins.op {
        case .const_: return "const #\(ins.a) \(describe(bundle.constants[Int(ins.a)]))"
        case .track where ins.b == 1: return "\(name) $\(ins.a) \(string(ins.a)) (name rendered)"
        case .load, .store, .field, .track, .step: return "\(name) $\(ins.a) \(string(ins.a))"
        case .fit: return "\(name) \(string(ins.a)) for $\(ins.b) \(string(ins.b))"
        case .namespace:
            let ns = Namespace(rawValue: ins.a)?.name ?? "?"
            return ins.b >= 0 ? "namespace \(ns).\(string(ins.b))" : "namespace \(ns)"
        case .call: return "call \(Builtin(rawValue: ins.a)?.name ?? "?")/\(ins.b)"
        case .list, .object, .concat: return "\(name) \(ins.a)"
        case .jump, .jumpIfFalse, .jumpIfFalseKeep, .jumpIfTrueKeep, .jumpIfNotNullKeep: return "\(name) @\(ins.a)"
        case .jumpFlow: return "jumpflow \(bundle.flows[Int(ins.a)].name)@\(ins.b)"
        case .callFlow: return "callflow \(bundle.flows[Int(ins.a)].name) → @\(ins.b)"
        case .ask:
            let a = bundle.asks[Int(ins.a)]
            let names = zip(AskBounds.all, AskBounds.names).filter { ins.b & $0.0 != 0 }.map(\.1)
            return "ask #\(ins.a) rule \(a.rule)" + (names.isEmpty ? "" : " bounds " + names.joined(separator: ",")) + ": \(describe(a.question))"
        case .menu, .sendMenu:
            let m = bundle.menus[Int(ins.a)]
            if ins.op == .sendMenu {
                // A described option shows as `id+` (its description is on the stack after the labels).
                let ids = m.ids.enumerated().map { i, id in i < m.described.count && m.described[i] ? id + "+" : id }
                return "sendmenu #\(ins.a) [\(ids.joined(separator: ", "))]" + (m.style.isEmpty ? "" : " \(m.style)")
                    + (ins.b == 1 ? " (button rendered)" : "")
            }
            let options = m.ids.enumerated().map { "\($0.element) → \(target(m.targets[$0.offset], m.targetFlows[$0.offset]))" }
            return "menu #\(ins.a) [\(options.joined(separator: ", "))]; \(describe(m.question))"
        case .effect:
            let e = bundle.effects[Int(ins.a)]
            var s = "effect #\(ins.a) \(e.kind)"
            if e.save >= 0 { s += " save \(string(e.save))" + (e.saveKind.isEmpty ? "" : " (\(e.saveKind))") }
            if e.saveStatus >= 0 { s += " status \(string(e.saveStatus))" }
            return s + " error → \(target(e.onError, e.onErrorFlow))"
        case .handoff:
            let h = bundle.handoffs[Int(ins.a)]
            return "handoff #\(ins.a)" + (h.timeoutMs > 0 ? " timeout \(h.timeoutMs)ms → \(target(h.onTimeout, h.onTimeoutFlow))" : "")
        case .delay: return "delay \(ins.a)ms"
        case .add where ins.a == 1: return "add (numbers)"
        default: return name
        }
    }
}
