import FlowBytecode
import FlowValidation

/// Interrupts (bot.yaml): which one a message matches, whether the question that waits takes the
/// message as its answer instead, and what the interrupt does.
extension Run {
    /// `words` is `TextMatch.words(text)`, computed once per message for all the keywords. A
    /// keyword the message negates is not said: `no quiero cancelar`, `no, no cancelar, son 3`,
    /// `sin cancelar` (`TextMatch.saysPhrase`).
    func matches(_ interrupt: InterruptSpec, _ text: String, words: [String]) -> Bool {
        if interrupt.keywords.contains(where: { keyword in
            guard keywordMatches(text, words, keyword) else { return false }
            let phrase = engine.keywordWords[keyword] ?? TextMatch.words(keyword)
            return phrase.isEmpty || TextMatch.saysPhrase(text, phrase)
        }) { return true }
        // (Trimmed, as answers are: a keyboard's trailing space does not hide `^#AB$`.)
        return !interrupt.regex.isEmpty && engine.match(Engine.triggerPattern(interrupt.regex), TextMatch.trim(text), whole: false) != nil
    }

    /// ``TextMatch/containsKeyword(_:_:)`` with the message's words and the keyword's folded already.
    func keywordMatches(_ text: String, _ words: [String], _ keyword: String) -> Bool {
        let phrase = engine.keywordWords[keyword] ?? TextMatch.words(keyword)
        return phrase.isEmpty ? TextMatch.containsKeyword(text, keyword) : TextMatch.containsPhrase(words, phrase)
    }

    /// Whether `m` is a tap on one of the options of the menu the conversation waits at.
    func tapsWaitingMenu(_ m: InboundMessage) -> Bool {
        guard let payload = m.payload, let wait = state.wait, wait.kind == .menu, bundle.menus.indices.contains(Int(wait.spec))
        else { return false }
        let ids = bundle.menus[Int(wait.spec)].ids
        return Self.shownOptions(wait.labels, count: ids.count).contains { ids[$0] == payload }
    }

    mutating func perform(_ interrupt: InterruptSpec) {
        let interrupted = state.wait
        clearWait()
        state.status = .active
        // The question the interrupt left is over: the next one gets its own re-asks.
        state.retriesUsed = 0
        switch interrupt.action {
        case .goto(let flow, let pc):
            state.frames = [ConversationState.Frame(flow: flow, pc: pc)]
        case .end(let pc):
            state.frames = [ConversationState.Frame(flow: botFlow, pc: pc)]
        case .handoff(let pc):
            // When the person releases the conversation, the question it left is asked again (the
            // handoff's code returns to it; bundles built before this ended there).
            if let wait = interrupted, wait.kind == .ask || wait.kind == .menu, !state.frames.isEmpty {
                let question = wait.kind == .ask ? bundle.asks[Int(wait.spec)].question : bundle.menus[Int(wait.spec)].question
                state.frames[state.frames.count - 1].pc = question.questionPC
                state.frames.append(ConversationState.Frame(flow: botFlow, pc: pc))
            } else {
                state.frames = [ConversationState.Frame(flow: botFlow, pc: pc)]
            }
        }
        run()
    }

    /// The `interrupts:` mode of the question that waits.
    func waitingInterrupts() -> QuestionSpec.Interrupts {
        guard let wait = state.wait else { return .all }
        switch wait.kind {
        case .ask: return bundle.asks.indices.contains(Int(wait.spec)) ? bundle.asks[Int(wait.spec)].question.interrupts : .all
        case .menu: return bundle.menus.indices.contains(Int(wait.spec)) ? bundle.menus[Int(wait.spec)].question.interrupts : .all
        case .effect, .handoff: return .all
        }
    }

    /// Whether `m` is only one of `interrupt`'s keywords (`cancelar`, `¡Cancelar!`), or all of it a
    /// match of its regex (`humano` found in "Para mi humano favorito" is not).
    func isBareKeyword(_ m: InboundMessage, words: [String], of interrupt: InterruptSpec) -> Bool {
        if !interrupt.regex.isEmpty, engine.match(Engine.triggerPattern(interrupt.regex), TextMatch.trim(m.text), whole: true) != nil { return true }
        return interrupt.keywords.contains { (engine.keywordWords[$0] ?? TextMatch.words($0)) == words }
    }

    /// Whether `m` answers the question that waits, one with a shape of answer, and says more than
    /// one of `interrupt`'s keywords: `stop@mail.com` to an e-mail question, `Hablar con un agente`
    /// (an option's whole label) to a menu are answers. A message that is only the keyword
    /// (`cancelar`, `¡Cancelar!`), a regex interrupt's match, a message the question would refuse,
    /// and any message to a free-text, number, date or time question (`quiero un agente` to "¿Cómo
    /// te llamás?", `3 agente` to "¿Cuántos?") are the interrupt's.
    func answersWait(_ m: InboundMessage, words: [String], over interrupt: InterruptSpec) -> Bool {
        guard let wait = state.wait, !isBareKeyword(m, words: words, of: interrupt) else { return false }
        // A regex interrupt's match anywhere in the message is the interrupt's.
        if !interrupt.regex.isEmpty, engine.match(Engine.triggerPattern(interrupt.regex), TextMatch.trim(m.text), whole: false) != nil { return false }
        switch wait.kind {
        case .ask:
            // Free text (`text`, with a pattern or not, and `any`) takes anything, and a number, date or
            // time takes words around it (`3 empanadas`, `mañana temprano`): a keyword there is the
            // interrupt's (`3 agente`). An address, a phone, a code or a choice holding one is the answer.
            let kind = bundle.rules[Int(bundle.asks[Int(wait.spec)].rule)].kind
            guard ["email", "phone", "regex", "choice", "yes_no"].contains(kind) else { return false }
            return evaluate(wait, m).value != nil
        case .menu:
            // An option named in full (its label or id, case and accents aside, and a sentence's marks,
            // an emoji or courtesy around it): `menu por favor` to a menu with "Menú del día" is the
            // interrupt's; `Menú del día`, `¡Menú del día!`, `menú del día 🙏`, `menú del día por favor`
            // the option. (Marks inside count: `no, cancelar` is not the option `No cancelar`; the keyword
            // with courtesy, `menú por favor`, is the interrupt's even when an option is `Menú`.)
            let spec = bundle.menus[Int(wait.spec)]
            let names = { (typed: String) in
                wait.labels.contains { Self.withoutOuterMarks(TextMatch.fold(TextMatch.trim($0))) == typed }
                    || Self.shownOptions(wait.labels, count: spec.ids.count).contains { TextMatch.fold(spec.ids[$0]) == typed }
            }
            let typed = Self.withoutOuterMarks(TextMatch.fold(TextMatch.trim(m.text)))
            guard !typed.isEmpty else { return false }
            if names(typed) { return true }
            let said = Self.withoutOuterMarks(TextMatch.droppingTrailingCourtesy(typed))
            guard said != typed, !said.isEmpty,
                  !interrupt.keywords.contains(where: { (engine.keywordWords[$0] ?? TextMatch.words($0)) == TextMatch.words(said) })
            else { return false }
            // And only when the menu takes the whole reply (`… muchas gracias` it may not).
            return names(said) && menuPick(wait, m) != nil
        case .effect, .handoff: return false
        }
    }

    /// A folded text without the punctuation, symbols and spaces before its first letter or digit
    /// and after its last (`¡hablar con un agente!` → `hablar con un agente`).
    static func withoutOuterMarks(_ text: String) -> String {
        let scalars = text.unicodeScalars
        let isWord: (Unicode.Scalar) -> Bool = { $0.properties.isAlphabetic || $0.properties.numericType != nil }
        guard let first = scalars.firstIndex(where: isWord), let last = scalars.lastIndex(where: isWord) else { return "" }
        return String(scalars[first...last])
    }
}
