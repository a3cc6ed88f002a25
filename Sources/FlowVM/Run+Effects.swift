import FlowBytecode
import FlowValidation

/// An action's result coming back to the step that waits on it: what is saved, and where the flow goes.
extension Run {
    mutating func resumeEffect(_ wait: ConversationState.Wait, _ r: EffectResult) {
        let spec = bundle.effects[Int(wait.spec)]
        clearWait()
        state.status = .active
        // A body that is not JSON fails only a step that saves it; with `save_status`, only a
        // success's: an error's page (a proxy's HTML 502) is an answer its status tells of.
        let unreadable = r.ok && r.notJSON && spec.save >= 0 && !(spec.saveStatus >= 0 && r.status >= 400)
        var success = r.ok && !unreadable && (spec.kind != "http" || r.status < 400 || spec.saveStatus >= 0)
        if r.ok, spec.saveStatus >= 0 { state.vars[bundle.strings[Int(spec.saveStatus)]] = .number(Double(r.status)) }
        if !r.ok, spec.kind == "http", spec.saveStatus >= 0 {
            // No answer (a timeout, no connection): nothing of an earlier request stays to be misread
            // (`st == 200` on the way to `on_error`).
            state.vars[bundle.strings[Int(spec.saveStatus)]] = .null
        }
        // A body saved into a variable declared number, text, list… must be one (`{"price": 1500}` is no number).
        // A body that is not JSON is saved as nothing.
        var body = r.notJSON ? Value.null : r.body
        var misfit: String?
        if success, spec.save >= 0, !spec.saveKind.isEmpty {
            if let fitted = Self.fitting(r.body, kind: spec.saveKind, zone: engine.zone, locale: engine.locale) {
                body = fitted
            } else if r.status >= 400 {
                // An error's body kept for `save_status` to judge: the variable holds nothing of it.
                body = .null
            } else {
                success = false
                misfit = "\(spec.kind) answered \(r.status) with \(Self.described(r.body)), which is no \(spec.saveKind.prefix { $0 != ":" }) for `\(bundle.strings[Int(spec.save)])`"
            }
        }
        // Whatever failed (no answer, a 404, a body that is not JSON or not the variable's), nothing of
        // an earlier request stays in `save` for `on_error` to show as this one's (an old price).
        if !success, spec.kind == "http", spec.save >= 0 { state.vars[bundle.strings[Int(spec.save)]] = nil }
        if success {
            if spec.save >= 0 { state.vars[bundle.strings[Int(spec.save)]] = body }
            advance()
        } else if spec.onError >= 0 {
            transfer(pc: spec.onError, flow: spec.onErrorFlow)
        } else {
            let what = misfit ?? (unreadable ? "\(spec.kind) failed: the response (\(r.status)) is not valid JSON"
                : r.ok ? "\(spec.kind) answered \(r.status)" : "\(spec.kind) failed: \(r.error)")
            // At the part of the request that failed (an order's item), when the result names it.
            let frame = state.frames[state.frames.count - 1]
            fail(what, at: r.at.isEmpty ? nil : instruction(building: r.at, endingAt: Int(frame.pc) - 1, in: frame.flow))
        }
        run()
    }

    /// `body` as a variable declared `kind` holds it, or nil when it is no such value: a number (or
    /// a text of one, `"1500"`), a text (or a number or bool, as its text), a bool, a list, a date or
    /// date-time in ISO text. Null is none of them. A phone or an e-mail is normalised as its answer would be (E.164 by the variable's `region:`,
    /// `phone:MX`, or the bot's country; the domain lower-cased); a text that is none stays as written.
    static func fitting(_ body: Value, kind: String, zone: ZoneRules, locale: FlowLocale) -> Value? {
        let (kind, region) = kind.hasPrefix("phone:") ? ("phone", String(kind.dropFirst(6))) : (kind, nil)
        if kind == "phone" || kind == "email" {
            let written: String
            switch body {
            case .text(let t): written = t
            case .number: written = body.rendered
            default: return nil
            }
            let rule = ValidationRule(kind: kind == "phone" ? .phone : .email, region: region)
            guard case .success(let valid) = Validator.validate(written, rule: rule, locale: locale, today: CivilDate(daysSinceEpoch: 0)),
                  case .text(let normal) = valid.value else { return .text(written) }
            return .text(normal)
        }
        switch (kind, body) {
        case ("number", .number): return body
        // A text of a number is read by the bot's locale (`"1.500"` is 1500 in es-AR), and `"1,500"` there
        // (thousands to whoever wrote it, 1.5 by the locale) is none rather than a guess; `"2.000"` in
        // en-US is 2, as the program that wrote it meant.
        case ("number", .text(let t)): return NumberText.readData(t, locale: locale).map(Value.number)
        case ("bool", .text(let t)), ("yes_no", .text(let t)):
            switch TextMatch.trim(t).lowercased() {
            case "true": return .bool(true)
            case "false": return .bool(false)
            default: return nil
            }
        case ("text", .text), ("regex", .text), ("choice", .text), ("time", .text): return body
        // Any other value a text variable takes as its text (a list or json as compact JSON).
        case ("text", _): return .text(body.rendered)
        case ("regex", .number), ("choice", .number), ("time", .number): return .text(body.rendered)
        case ("bool", .bool), ("yes_no", .bool), ("list", .list), ("date", .date), ("datetime", .datetime): return body
        case ("date", .datetime(let ms, let offset)): return .date(ZoneRules.day(ofLocal: ms + Int64(offset) * 60_000))
        // A date, or the day of a date-time (`2026-03-01T10:00:00Z`).
        case ("date", .text(let t)):
            let day = ISOInstant.parse(t) != nil ? String(t.prefix(10)) : t
            return CivilDate.parseISO(day).map { .date($0.daysSinceEpoch) }
        case ("datetime", .text(let t)): return zone.dateTime(iso: t)
        default: return nil
        }
    }

    /// A response body for an error message: its JSON, cut short.
    static func described(_ body: Value) -> String {
        let json = body.isNull ? "no body (null)" : body.json
        return json.count > 80 ? String(json.prefix(77)) + "…" : json
    }
}
