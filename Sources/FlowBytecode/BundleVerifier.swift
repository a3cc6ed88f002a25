/// Checks every index in a loaded bundle, so that the VM never reads out of bounds.
enum BundleVerifier {
    static func verify(_ b: Bundle) throws(BundleCodec.LoadError) {
        func fail(_ what: String) -> BundleCodec.LoadError { .corrupt(what) }
        guard b.flows.indices.contains(b.startFlow) || b.flows.isEmpty else { throw fail("start flow \(b.startFlow) out of range") }
        func checkPC(_ pc: Int32, flow: Int32, in current: FlowCode, _ what: String) throws(BundleCodec.LoadError) {
            guard flow >= -1, Int(flow) < b.flows.count else { throw fail("\(what) names a flow that does not exist") }
            if pc < 0 { return }
            let target = flow < 0 ? current : (b.flows.indices.contains(Int(flow)) ? b.flows[Int(flow)] : nil)
            guard let target, Int(pc) <= target.code.count else { throw fail("\(what) jumps out of its flow") }
        }
        func checkQuestion(_ q: QuestionSpec, in f: FlowCode) throws(BundleCodec.LoadError) {
            guard q.save < Int32(b.strings.count) else { throw fail("question saves into an unknown variable") }
            try checkPC(q.onFail, flow: q.onFailFlow, in: f, "on_fail")
            try checkPC(q.onTimeout, flow: q.onTimeoutFlow, in: f, "on_timeout")
            guard q.questionPC >= 0, q.invalid.values.allSatisfy({ $0 >= 0 }), q.retries >= 0 else { throw fail("question code") }
            try checkPC(q.questionPC, flow: -1, in: f, "question")
            for pc in q.invalid.values { try checkPC(pc, flow: -1, in: f, "invalid") }
        }
        for f in b.flows + [b.botCode] {
            guard f.lines.count == f.code.count, f.columns.count == f.code.count else { throw fail("positions of \(f.name)") }
            guard f.file < b.files.count else { throw fail("file index of \(f.name)") }
            for s in f.steps where s.pc < 0 || Int(s.pc) > f.code.count { throw fail("step \(s.id) out of range") }
            for ins in f.code {
                let a = Int(ins.a), b2 = Int(ins.b)
                switch ins.op {
                case .const_: guard b.constants.indices.contains(a) else { throw fail("constant \(a)") }
                case .load, .field, .store, .track, .step: guard b.strings.indices.contains(a) else { throw fail("string \(a)") }
                case .fit: guard b.strings.indices.contains(a), b.strings.indices.contains(b2) else { throw fail("fit operands") }
                case .namespace:
                    guard Namespace(rawValue: ins.a) != nil, b2 < b.strings.count else { throw fail("namespace operand") }
                case .call: guard Builtin(rawValue: ins.a) != nil, b2 >= 0, b2 < 64 else { throw fail("call operand") }
                case .list, .object, .concat: guard a >= 0, a < 1 << 20 else { throw fail("count operand") }
                case .jump, .jumpIfFalse, .jumpIfFalseKeep, .jumpIfTrueKeep, .jumpIfNotNullKeep:
                    guard a >= 0, a <= f.code.count else { throw fail("jump target \(a) in \(f.name)") }
                case .jumpFlow, .callFlow:
                    guard b.flows.indices.contains(a), b2 >= 0 else { throw fail("flow operand") }
                    if ins.op == .jumpFlow { guard b2 <= b.flows[a].code.count else { throw fail("jump target") } }
                    else { guard b2 <= f.code.count else { throw fail("return target") } }
                case .sendMenu, .menu:
                    guard b.menus.indices.contains(a) else { throw fail("menu \(a)") }
                    let m = b.menus[a]
                    guard m.targets.count == m.ids.count, m.targetFlows.count == m.ids.count,
                          m.described.isEmpty || m.described.count == m.ids.count else { throw fail("menu \(a) options") }
                    for (i, pc) in m.targets.enumerated() {
                        guard pc >= 0 else { throw fail("menu \(a) option without a target") }
                        try checkPC(pc, flow: m.targetFlows[i], in: f, "menu option")
                    }
                    try checkQuestion(m.question, in: f)
                case .ask:
                    guard b.asks.indices.contains(a), b.rules.indices.contains(Int(b.asks[a].rule)) else { throw fail("ask \(a)") }
                    try checkQuestion(b.asks[a].question, in: f)
                case .effect:
                    guard b.effects.indices.contains(a) else { throw fail("effect \(a)") }
                    let e = b.effects[a]
                    guard e.save < Int32(b.strings.count), e.saveStatus < Int32(b.strings.count) else { throw fail("effect variables") }
                    try checkPC(e.onError, flow: e.onErrorFlow, in: f, "on_error")
                case .handoff:
                    guard b.handoffs.indices.contains(a) else { throw fail("handoff \(a)") }
                    try checkPC(b.handoffs[a].onTimeout, flow: b.handoffs[a].onTimeoutFlow, in: f, "handoff on_timeout")
                default: break
                }
            }
        }
        for i in b.interrupts {
            switch i.action {
            case .goto(let flow, let pc):
                guard b.flows.indices.contains(Int(flow)), pc >= 0, Int(pc) <= b.flows[Int(flow)].code.count else { throw fail("interrupt target") }
            case .end(let pc), .handoff(let pc):
                guard pc >= 0, Int(pc) <= b.botCode.code.count else { throw fail("interrupt code") }
            }
        }
        if b.errorMessagePC >= 0, Int(b.errorMessagePC) > b.botCode.code.count { throw fail("error message code") }
    }
}
