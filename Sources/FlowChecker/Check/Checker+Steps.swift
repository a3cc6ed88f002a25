import FlowDiagnostics
import FlowSyntax
import FlowValidation

extension Checker {
    /// Checks every step of flow `f` and records its edges and variable reads.
    func checkFlow(_ f: Int) {
        flowBeingChecked = f
        defer { flowBeingChecked = nil }
        let flow = flows[f]
        let file = flow.path
        let ec = expressionChecker(file)
        if flow.steps.isEmpty { return }
        let entry = node(flow: f, step: 0)
        var entryGroups: [String]?
        for trigger in flow.triggers {
            switch trigger {
            case .keywords(let words, _):
                entryGroups = []
                checkKeywords(words, file: file)
            case .regex(let t):
                checkTriggerRegex(t, file: file)
                compileRegex(t, file: file)
                let groups = Self.namedGroups(t.text)
                entryGroups = entryGroups.map { $0.filter(groups.contains) } ?? groups
            }
        }
        if let entryGroups {
            // Trigger groups are set only when every trigger defines them; `start` and jumps meet below.
            externalEntries[entry] = externalEntries[entry].map { $0.filter(entryGroups.contains) } ?? entryGroups
        }
        for (j, step) in flow.steps.enumerated() {
            let n = node(flow: f, step: j)
            var stepReads: [Read] = []
            let fallNext = j + 1 < flow.steps.count ? n + 1 : exitNode(f)
            var next: Int? = fallNext
            if let target = step.goto {
                next = resolve(target, from: f, file: file, what: "`goto`")
                if let next { noteCross(next, from: f) }
            }
            if let track = step.track { checkTrack(track, ec: ec, reads: &stepReads) }
            func edge(_ to: Int?, _ gen: [String] = [], arm: Int = -1, narrows: Bool = false, mayGen: [String] = []) {
                guard let to else { return }
                succ[n].append(Edge(to: to, gen: gen, arm: arm, narrows: narrows, mayGen: mayGen))
            }
            // An action's `on_error` may come after an answer was saved (an `http` status, a body that is no JSON).
            let mayOnError = [step.save?.value, step.saveStatus?.value].compactMap { $0 }
            func target(_ t: Target?, _ what: String) -> Int? {
                guard let t, let to = resolve(t, from: f, file: file, what: what) else { return nil }
                noteCross(to, from: f)
                return to
            }
            switch step.kind {
            case .say(let message):
                checkMessage(message, ec: ec, file: file, reads: &stepReads)
                edge(next)
            case .ask(let ask):
                checkMessage(ask.question, ec: ec, file: file, reads: &stepReads)
                var gen: [String] = []
                if let save = ask.options.save { gen.append(save.value) }
                // The flow's own declaration first (as the compiler takes it): two flows may bound a variable differently.
                let own = ask.options.save.flatMap { save in flow.vars.last(where: { $0.name.value == save.value })?.spec }
                let spec = ask.expect ?? own ?? ask.options.save.flatMap { vars[$0.value]?.spec }
                if let spec {
                    checkSpec(spec, file: file)
                    if spec.hasDynamicBounds {
                        // A declaration's bounds (bot.yaml's `vars:`) are reported in their own file.
                        let specFile = ask.expect != nil || own != nil ? file : ask.options.save.flatMap { vars[$0.value]?.file } ?? file
                        checkBounds(spec, ec: specFile == file ? ec
                                        : expressionChecker(specFile),
                                    reads: &stepReads)
                    }
                    // Named groups of a `regex` or `text` pattern are saved with the answer.
                    if spec.kind.value == .regex || spec.kind.value == .text, let p = spec.pattern {
                        gen += Self.namedGroups(p.text)
                        if let save = ask.options.save, Self.namedGroups(p.text).contains(save.value) {
                            // The answer wins over a group of its name (the runtime saves it last).
                            let specFile = ask.expect != nil || own != nil ? file : vars[save.value]?.file ?? file
                            sink.warning("group-same-as-save", "named group `\(save.value)` is lost: the whole answer is saved into `\(save.value)` too, and it wins",
                                         file: specFile, range: groupRange(save.value, in: p, file: specFile),
                                         notes: [DiagnosticNote("the answer is saved here", file: file, range: save.range)],
                                         help: "rename the group (e.g. `(?<\(save.value)_part>…)`) or save the answer under another name")
                        }
                    }
                }
                checkQuestion(ask.options, ec: ec, reads: &stepReads)
                edge(next, gen)
                edge(target(ask.options.onFail, "`on_fail`"))
                edge(target(ask.options.onTimeout, "`on_timeout`"))
            case .menu(let menu):
                checkMessage(menu.prompt, ec: ec, file: file, reads: &stepReads)
                checkMenu(menu, file: file, ec: ec, reads: &stepReads)
                checkQuestion(menu.options, ec: ec, reads: &stepReads)
                let gen = menu.options.save.map { [$0.value] } ?? []
                // What each option tells (worked out only if the correlated-path search needs it).
                if let save = menu.options.save?.value { factSources[n] = .menu(save: save, ids: menu.choices.map(\.id.value)) }
                for (i, option) in menu.choices.enumerated() {
                    if let g = option.goto { edge(target(g, "option `goto`"), gen, arm: i) } else { edge(next, gen, arm: i) }
                }
                edge(target(menu.options.onFail, "`on_fail`"))
                edge(target(menu.options.onTimeout, "`on_timeout`"))
            case .branch(let arms):
                var conditions: [Expr?] = []
                let fallsThrough = checkBranch(arms, step: step, ec: ec, file: file, reads: &stepReads, parsed: &conditions)
                factSources[n] = .branch(conditions)
                for (i, arm) in arms.enumerated() {
                    edge(target(arm.target, arm.condition == nil ? "`else`" : "branch"), Self.narrowed(conditions, arm: i), arm: i, narrows: true)
                }
                // A branch without `else` whose conditions may all be false (already an error) falls
                // through, so the step after it is not reported unreachable too. An exhaustive one
                // does not: the paths are its arms only.
                if fallsThrough { edge(fallNext, arm: conditions.count, narrows: true) }
            case .set(let pairs):
                var earlier: Set<String> = []
                for pair in pairs {
                    var pairReads: [Read] = []
                    let type = ec.data(pair.value, reads: &pairReads)
                    // `total: qty * 1500` is that text: reported, and the variable not typed by the mistake.
                    if case .template(let t) = pair.value, reportUnbraced(pair.key.value, t, file: file) {
                    } else if case .template(let t) = pair.value, !TemplateText.hasHole(t.text), let info = vars[pair.key.value], info.declared,
                       info.type == .number, let number = unquotedNumber(t.text) {
                        sink.error("var-type-conflict", "variable `\(pair.key.value)` is a number, but \"\(t.text)\" in quotes is text",
                                   file: file, range: t.range,
                                   notes: [DiagnosticNote("`\(pair.key.value)` is declared a number here", file: info.file, range: info.range)],
                                   help: "drop the quotes: `\(pair.key.value): \(number)`")
                    } else if case .template(let t) = pair.value, !TemplateText.hasHole(t.text), let info = vars[pair.key.value],
                              info.declared, info.type == .date, t.text.utf8.count == 10, ISODateTime.isValid(t.text) {
                        // `d: "2026-12-31"` for a declared date: an ISO date, as tests and `--var` give one.
                    } else if case .template(let t) = pair.value, !TemplateText.hasHole(t.text), let info = vars[pair.key.value],
                              info.declared, info.type == .datetime, t.text.utf8.count > 10, ISODateTime.isValid(ISODateTime.withT(t.text)) {
                        // `dt: "2026-12-31T14:30:00-03:00"` for a declared datetime: an ISO date-time, as `--var` takes one.
                    } else if case .template(let t) = pair.value, !TemplateText.hasHole(t.text), let info = vars[pair.key.value],
                              info.declared, info.type == .date, t.text.contains(where: \.isNumber) {
                        sink.error("var-type-conflict", "variable `\(pair.key.value)` is a date, but \"\(t.text)\" is not one: a date is written `2026-12-31`",
                                   file: file, range: t.range,
                                   notes: [DiagnosticNote("`\(pair.key.value)` is declared a date here", file: info.file, range: info.range)],
                                   help: "write it as an ISO date, `\(pair.key.value): \"2026-12-31\"`, or compute it: `\"{{date_add(today(), 3, 'days')}}\"`")
                    } else if case .template(let t) = pair.value, type == .text, Self.isKeptBreakHole(t), let info = vars[pair.key.value],
                              info.type != .text, info.type != .json {
                        // `total: |` then `{{ n * 2 }}`: the block keeps its final line break, so it is text.
                        sink.error("var-type-conflict", "variable `\(pair.key.value)` is \(info.type), but this block keeps its final line break, which makes the value text",
                                   file: file, range: t.range,
                                   notes: [DiagnosticNote("`\(pair.key.value)` is \(info.type) here", file: info.file, range: info.range)],
                                   help: "write `\(t.style == .literal ? "|-" : ">-")` (no final line break) or put it on one line in quotes: `\(pair.key.value): \"{{ … }}\"`")
                    } else if type != .null {
                        vars.save(pair.key, type: type, file: file)
                    }
                    checkSetValue(pair.key.value, pair.value, flow: f, file: file)
                    stepReads += pairReads.filter { !earlier.contains($0.name) }
                    earlier.insert(pair.key.value)
                }
                edge(next, pairs.map(\.key.value))
            case .http(let http):
                checkHTTP(http, ec: ec, file: file, reads: &stepReads)
                edge(next, [step.save?.value, step.saveStatus?.value].compactMap { $0 })
                edge(target(step.onError, "`on_error`"), [], mayGen: mayOnError)
            case .email(let email):
                for field in email.fields {
                    ec.template(field.value, reads: &stepReads)
                    // `to`, `cc` and `bcc` may list several addresses, separated by commas (`reply_to` is one).
                    let several = field.key.value != "reply_to"
                    let addresses = several ? field.value.text.split(separator: ",").map { String($0.trimmingPrefix(while: { $0 == " " })) }
                                            : [field.value.text]
                    if ["to", "cc", "bcc", "reply_to"].contains(field.key.value), !TemplateText.hasHole(field.value.text),
                       let bad = addresses.first(where: { !Self.looksLikeEmail(String($0.reversed().drop(while: { $0 == " " }).reversed())) }) {
                        sink.error("invalid-email", "`\(bad)` is not an email address", file: file,
                                   range: field.value.range, help: "write `name@example.com` (several: `a@example.com, b@example.com`), or a `{{ }}` that gives one")
                    }
                }
                edge(next)
                edge(target(step.onError, "`on_error`"))
            case .query(let query):
                checkQuery(query, ec: ec, file: file, reads: &stepReads)
                edge(next, step.save.map { [$0.value] } ?? [])
                edge(target(step.onError, "`on_error`"), mayGen: mayOnError)
            case .order(let pairs):
                checkOrder(pairs, ec: ec, file: file, reads: &stepReads)
                edge(next, step.save.map { [$0.value] } ?? [])
                edge(target(step.onError, "`on_error`"), mayGen: mayOnError)
            case .track(let track):
                checkTrack(track, ec: ec, reads: &stepReads)
                edge(next)
                // Allowed as on every action (§5), though recording an event does not fail.
                edge(target(step.onError, "`on_error`"))
            case .call(let callee):
                if let g = flowIndex[callee.value] {
                    if g == f {
                        sink.error("recursive-call", "flow `\(flow.id.value)` calls itself", file: file, range: callee.range,
                                   help: "use `goto: \(flow.id.value)` to start it over; `call` would stack up without end")
                    }
                    if !flows[g].steps.isEmpty {
                        let calleeEntry = node(flow: g, step: 0)
                        succ[n].append(Edge(to: calleeEntry, gen: []))
                        crossTargets.insert(calleeEntry)
                    }
                    callSites[n] = (g, next)
                    // A called flow with a step too broken to read (reported there) may well come
                    // back: what follows the call is not "unreachable" on top of that mistake.
                    if flows[g].steps.isEmpty || !flows[g].brokenSteps.isEmpty { edge(next) }
                } else {
                    reportUnknownFlow(callee.value, range: callee.range, file: file)
                }
            case .handoff(let h):
                checkQueue(h.queue, file: file)
                for t in [h.queue, h.message].compactMap({ $0 }) { ec.template(t, reads: &stepReads) }
                if let message = h.message {
                    ec.singleBraces(message)
                    checkTextLimit(message, file: file, what: "the handoff message")
                }
                edge(next)
                edge(target(h.onTimeout, "`on_timeout`"))
            case .goto:
                edge(next)
            case .return(let message):
                if let message { checkMessage(message, ec: ec, file: file, reads: &stepReads) }
                edge(exitNode(f))
            case .end(let message):
                if let message { checkMessage(message, ec: ec, file: file, reads: &stepReads) }
            }
            reportExposedSecrets(step, ec: ec)
            reads[n] = stepReads
        }
    }

    /// Secrets in what a step sends or stores: its messages, menu labels, `set` and `order`
    /// values, `track` events (an `http` or `email` action is where they belong).
    func reportExposedSecrets(_ step: Step, ec: ExpressionChecker) {
        guard mentionsSecrets else { return }
        let sent = "sent to the contact and stored in the conversation's history"
        let stored = "stored with the conversation"
        func invalid(_ options: QuestionOptions) -> [TextValue] { options.invalid?.messages.map(\.text) ?? [] }
        var texts: [(TextValue, String)] = []
        switch step.kind {
        case .say(let message): texts = message.templates.map { ($0, sent) }
        case .ask(let ask): texts = (ask.question.templates + invalid(ask.options)).map { ($0, sent) }
        case .menu(let menu):
            let labels = menu.choices.flatMap { [$0.label] + ($0.description.map { [$0] } ?? []) }
            texts = (menu.prompt.templates + labels + (menu.button.map { [$0] } ?? []) + invalid(menu.options)).map { ($0, sent) }
        case .set(let pairs): texts = pairs.flatMap(\.value.templates).map { ($0, stored) }
        case .order(let pairs): texts = pairs.flatMap(\.value.templates).map { ($0, "stored in the order") }
        case .track(let track): texts = ([track.event] + track.properties.flatMap(\.value.templates)).map { ($0, "stored in an analytics event") }
        case .handoff(let h): texts = [h.queue, h.message].compactMap { $0 }.map { ($0, sent) }
        case .return(let message), .end(let message): texts = (message?.templates ?? []).map { ($0, sent) }
        default: break
        }
        if let track = step.track {
            texts += ([track.event] + track.properties.flatMap(\.value.templates)).map { ($0, "stored in an analytics event") }
        }
        for (text, place) in texts { ec.exposedSecrets(text, place: place) }
    }

    /// A `|` or `>` block whose text is one `{{ … }}` hole and the line break the block keeps.
    static func isKeptBreakHole(_ t: TextValue) -> Bool {
        guard t.style == .literal || t.style == .folded, t.text.hasSuffix("\n") else { return false }
        let body = t.text.drop { $0 == " " }.reversed().drop { $0 == "\n" || $0 == " " }
        let text = String(body.reversed())
        return text.hasPrefix("{{") && text.hasSuffix("}}") && text.dropFirst(2).firstRange(of: "{{") == nil
    }

    func noteCross(_ to: Int, from f: Int) {
        if location(of: to).flow != f { crossTargets.insert(to) }
    }

    /// A trigger's or interrupt's keywords: plain words, none empty.
    func checkKeywords(_ words: [TextValue], file: String) {
        for w in words where TemplateText.hasHole(w.text) {
            let fixed = Self.withoutHoles(w.text)
            checkNoHoles(w, file: file, what: "a keyword",
                         help: "a keyword is matched as the contact types it: write the word itself, e.g. `keywords: [\(fixed.isEmpty || fixed.contains(",") ? "pedido" : fixed)]`")
        }
        for w in words where !w.text.unicodeScalars.contains(where: { $0.properties.isAlphabetic || $0.properties.numericType != nil || $0.properties.isEmoji && !$0.isASCII }) {
            sink.error("empty-value", w.text.isEmpty ? "a keyword is empty" : "keyword \"\(w.text)\" has no word in it",
                       file: file, range: w.range, help: "list whole words, e.g. `keywords: [hola, menu]`")
        }
    }

    /// A trigger's or interrupt's regex: not empty (it would match every message).
    func checkTriggerRegex(_ t: TextValue, file: String) {
        guard t.text.isEmpty else { return }
        sink.error("empty-value", "the regex is empty: it would match every message", file: file, range: t.range,
                   help: "write what the message must match, e.g. `regex: \"^pedido (?<n>\\d+)$\"`")
    }

    /// A handoff's queue names where the conversation goes: not empty.
    func checkQueue(_ queue: TextValue?, file: String) {
        guard let queue, Self.isBlank(queue.text) else { return }
        sink.error("empty-value", "the handoff's queue is empty", file: file, range: queue.range,
                   help: "name the team that takes the conversation, e.g. `handoff: ventas`")
    }

    func checkTrack(_ track: TrackSpec, ec: ExpressionChecker, reads: inout [Read]) {
        ec.template(track.event, reads: &reads)
        for p in track.properties { ec.data(p.value, reads: &reads) }
    }

    func checkMessage(_ message: Message, ec: ExpressionChecker, file: String, reads: inout [Read]) {
        let coordinates = Set((message.location ?? []).filter { Self.coordinateKeys.contains($0.key.value) }.compactMap {
            if case .template(let t) = $0.value { t.range.start } else { nil }
        })
        for t in message.templates where !coordinates.contains(t.range.start) { ec.template(t, reads: &reads) }
        if let text = message.text { ec.singleBraces(text) }
        if let caption = message.caption { ec.singleBraces(caption) }
        for button in message.buttons { ec.singleBraces(button) }
        checkPin(message, ec: ec, file: file, reads: &reads)
        checkMessageLimits(message, file: file)
    }

    func checkQuestion(_ q: QuestionOptions, ec: ExpressionChecker, reads: inout [Read]) {
        for message in q.invalid?.messages ?? [] {
            ec.template(message.text, reads: &reads)
            ec.singleBraces(message.text)
            checkTextLimit(message.text, file: ec.file, what: "the `invalid` message")
        }
    }

    /// A name with its accents dropped and anything else not ASCII made `_` (`tamaño` → `tamanio`).
    static func asciiName(_ name: String) -> String {
        // `ñ` is written `ni` without it (`año` → `anio`: `ano` is another word).
        String(folded(name.replacing("ñ", with: "ni").replacing("Ñ", with: "NI")).map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") ? $0 : "_" })
    }

    /// Compiles a regex; when its named groups become variables (`savesGroups`), none may be a reserved name.
    func compileRegex(_ t: TextValue, file: String, savesGroups: Bool = true, matchesAnswers: Bool = true) {
        let compileError: String?
        if let known = regexErrors[t.text] {
            compileError = known
        } else {
            do {
                _ = try Regex(t.text)
                compileError = nil
            } catch {
                compileError = "\(error)"
            }
            regexErrors[t.text] = .some(compileError)
        }
        if let compileError {
            sink.error("invalid-regex", "invalid regular expression: \(compileError)", file: file, range: t.range,
                       help: "check brackets and escapes; in YAML, prefer single quotes so `\\` stays as written")
            return
        }
        if matchesAnswers, let group = RegexBacktracking.nestedRepetition(t.text) {
            sink.warning(RegexBacktracking.rule, RegexBacktracking.message(group), file: file, range: t.range, help: RegexBacktracking.help)
        }
        if let (body, flags) = Self.slashDelimited(t.text) {
            sink.warning("regex-slashes", "`\(t.text)` is written between slashes, as in JavaScript: here the slashes are characters to match, so it needs them in the text",
                         file: file, range: t.range,
                         help: "write the pattern alone: `'\(flags.contains("i") ? "(?i)" : "")\(body)'`")
        }
        guard savesGroups else { return }
        for group in Self.namedGroups(t.text) {
            let marker = group.hasSuffix(RegexGroups.numberSuffix) ? RegexGroups.numberSuffix : RegexGroups.ruleMarker(of: group)
            guard let marker else { continue }
            sink.error("reserved-name", "named group `\(group)` cannot become a variable: names ending in `\(marker)` are flowc's own",
                       file: file, range: t.range, help: "rename the group, e.g. `(?<\(group.dropLast(marker.count))_n>…)`")
        }
        // A group becomes a variable: its name is written as a variable's is (`tamaño` is not one).
        for group in Self.writtenGroupNames(t.text) where !Self.isASCIIName(group) {
            sink.error("invalid-id", "named group `\(group)` cannot become a variable: a variable's name uses ASCII letters, digits and `_`",
                       file: file, range: groupRange(group, in: t, file: file), help: "write `(?<\(Self.asciiName(group))>…)` and read it as `{{\(Self.asciiName(group))}}`")
        }
        for group in Self.namedGroups(t.text) where ReservedNames.all.contains(group) {
            sink.error("reserved-name", "named group `\(group)` cannot become a variable: it is \(ReservedNames.what(group)) of expressions",
                       file: file, range: t.range, help: "rename the group, e.g. `(?<\(group)_text>…)`")
        }
    }

    /// The pattern and flags of a JavaScript-style literal (`/^hola$/i` → `^hola$`, `i`), nil for anything else.
    static func slashDelimited(_ text: String) -> (body: Substring, flags: Substring)? {
        guard text.count >= 3, text.first == "/", let close = text.lastIndex(of: "/"), close != text.startIndex else { return nil }
        let flags = text[text.index(after: close)...]
        let body = text[text.index(after: text.startIndex)..<close]
        guard !body.isEmpty, flags.allSatisfy({ "gimsuyx".contains($0) }), body.last != "\\" else { return nil }
        return (body, flags)
    }

    func checkSpec(_ spec: VarSpec, file: String) {
        // `max: 1.000` in an es-AR bot: 1, not a thousand.
        for bound in [spec.min, spec.max].compactMap({ $0 }) where ExpressionChecker.mayBeThousandsSlip(bound.value, bound.range) {
            let ec = expressionChecker(file)
            if let written = ec.written(bound.range) { ec.thousandsSlip(written, at: bound.range) }
        }
        if let pattern = spec.pattern, pattern.text.isEmpty {
            sink.error("empty-value", "the pattern is empty: it would accept every answer", file: file, range: pattern.range,
                       help: spec.kind.value == .regex ? "write what an answer must match, e.g. `pattern: '^[A-Z]{3}\\d{3}$'`"
                                                        : "remove `pattern`, or write what an answer must match")
        } else if let pattern = spec.pattern {
            compileRegex(pattern, file: file)
        }
        if let format = spec.format, let problem = DateFormat.problem(DateFormat.normalized(format.text)) {
            sink.error("invalid-date-format", "date format `\(format.text)` cannot read a date: \(problem)", file: file, range: format.range,
                       help: "write it with d, M and y, e.g. `format: dd/MM/yyyy` (`DD/MM/AAAA` and `%d/%m/%Y` read the same)")
        }
        for date in [spec.after, spec.before].compactMap({ $0 }) {
            // A template is worked out when the question is asked (`checkBounds`).
            if TemplateText.hasHole(date.text) { continue }
            let words = ["today", "tomorrow", "yesterday", "hoy", "mañana", "ayer", "hoje", "amanhã", "ontem"]
            if !words.contains(date.text.lowercased()), !Self.isISODate(date.text) {
                sink.error("invalid-date", "`\(date.text)` is not a date", file: file, range: date.range,
                           help: "write an ISO date like `2026-12-31`, or `today` / `tomorrow`")
            }
        }
    }
}
