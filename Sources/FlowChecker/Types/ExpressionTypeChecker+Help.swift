import FlowDiagnostics
import FlowSyntax

extension ExpressionTypeChecker {
    // MARK: - Requirements and help

    /// Whether `type` is a bool; reports it when not.
    @discardableResult
    mutating func requireBool(_ expr: Expr, _ type: ValueType, context: @autoclosure () -> String, picking: Bool = false) -> Bool {
        guard !type.isCompatible(with: .bool) else { return true }
        // `urgente and 1.2`: a value written where `and`/`or` take a condition, as a way to pick it.
        let literal: Bool
        switch expr.kind {
        case .number, .string: literal = true
        default: literal = false
        }
        report(Self.typeMismatch, "\(context()), but \(quote(expr)) is \(type)", expr.span,
               help: picking && literal ? Self.pickerHelp : truthHelp(expr, type))
        return false
    }

    static let pickerHelp = "`and` and `or` take and give yes/no, not one of two values: to choose a value, "
        + "use a `branch` step (a `set` on each arm), or `??` for a default"

    /// `urgente and 1.2 or 1`: `and`/`or` as other languages use them to pick a value. One error
    /// for the whole (its type is the values', so what it stands in is not a second mistake).
    mutating func picker(_ condition: Expr, _ picked: Expr, _ other: Expr, _ expr: Expr) -> ValueType {
        let ct = infer(condition), pt = infer(picked), ot = infer(other)
        guard pt.isCompatible(with: .bool), ot.isCompatible(with: .bool) else {
            report(Self.typeMismatch, "`and`/`or` cannot choose between \(quote(picked)) and \(quote(other)): they give yes or no", expr.span,
                   help: Self.pickerHelp)
            if pt == ot || ot == .null { return pt }
            return pt == .null ? ot : .json
        }
        requireBool(condition, ct, context: "`and` needs bools")
        return .bool
    }

    /// Whether `type` is a number; reports it when not.
    @discardableResult
    mutating func requireNumber(_ expr: Expr, _ type: ValueType, context: @autoclosure () -> String) -> Bool {
        // A literal `null` is compatible with every type, but arithmetic on it fails at run time.
        guard !type.isCompatible(with: .number) || type == .null else { return true }
        report(
            Self.typeMismatch, "\(context()), but \(quote(expr)) is \(type)", expr.span,
            help: conversionHelp(expr, type, to: .number))
        return false
    }

    /// How to turn a non-bool into a condition.
    func truthHelp(_ expr: Expr, _ type: ValueType) -> String? {
        var text = shortSource(expr) ?? "x"
        if case .binary(.coalesce, let l, let r) = expr.kind {
            // `qty ?? 0 > 5` is `qty ?? (0 > 5)`: `??` binds loosest, so the default goes in parentheses.
            if case .binary(let op, let inner, let bound) = r.kind, [.lt, .le, .gt, .ge, .eq, .ne].contains(op) {
                return "`??` binds loosest: write `(\(l.sourceText) ?? \(inner.sourceText)) \(op.symbol) \(bound.sourceText)`"
            }
            text = "(\(text))"
        }
        switch type {
        case .text: return "compare it, e.g. `\(text) != \"\"`"
        case .number: return "compare it, e.g. `\(text) > 0`"
        case .list: return "compare its length, e.g. `len(\(text)) > 0`"
        case .date, .datetime: return "compare it with another date, e.g. `\(text) > today()`"
        default: return nil
        }
    }

    /// How to convert a value to the wanted type, when there is a function for it.
    func conversionHelp(_ expr: Expr, _ type: ValueType, to expected: ValueType?) -> String? {
        let text = shortSource(expr) ?? "x"
        switch (type, expected) {
        case (.text, .number?):
            if case .string(let literal) = expr.kind, Double(literal) != nil {
                return "write the number without quotes: `\(literal)`"
            }
            return "convert it with `number(\(text))`"
        case (_, .text?) where type != .text: return "convert it with `text(\(text))`"
        case (_, .list?) where type.elementType == nil && type != .json: return "it takes a list: write `[\(text)]`, or `[\(text), …]` with the other values"
        default: return nil
        }
    }

    /// `n == 1` where `n` is saved by a menu whose ids are `1:`, `2:` (or is a `choice` of `[1, 3]`): the ids are texts.
    func optionIdHelp(_ left: Expr, _ right: Expr, _ op: BinaryOp) -> String? {
        for (side, literal) in [(left, right), (right, left)] {
            guard case .variable(let name) = side.kind, case .number = literal.kind,
                  let ids = scope.optionIds(name), ids.contains(literal.sourceText) else { continue }
            let what = scope.variableKind(name) == .choice ? "one of its `choices`" : "a menu option's id"
            return "`\(name)` holds \(what), which is a text: write `\(name) \(op.symbol) \"\(literal.sourceText)\"`"
        }
        return nil
    }

    func equalityHelp(_ left: Expr, _ lt: ValueType, _ right: Expr, _ rt: ValueType) -> String? {
        for (literal, other) in [(right, lt), (left, rt)] {
            if other == .number, case .string(let value) = literal.kind, Double(value) != nil {
                return "write the number without quotes: `\(value)`"
            }
        }
        if lt == .number, rt == .text { return "convert one side: `text(\(left.sourceText))` or `number(\(right.sourceText))`" }
        if lt == .text, rt == .number { return "convert one side: `number(\(left.sourceText))` or `text(\(right.sourceText))`" }
        // `envio == "sí"`: a yes/no answer is saved as a bool.
        for (side, type, other) in [(left, lt, rt), (right, rt, lt)] where type == .bool && other == .text {
            return "a yes/no answer is a bool, not the word typed: test `\(side.sourceText)` (yes) or `not \(side.sourceText)` (no)"
        }
        // `dia > "2026-12-24"`: a date is no text; their ISO texts compare as the dates do.
        for (side, type, literal) in [(left, lt, right), (right, rt, left)] where type == .date || type == .datetime {
            if case .string(let value) = literal.kind, value.count >= 10 {
                return "compare the date's ISO text: `format_date(\(side.sourceText), 'yyyy-MM-dd')` against `'\(value.prefix(10))'`, or compare with a date such as `today()`"
            }
        }
        return nil
    }

    /// `hora >= "9:00"` or `hora < 10` where `hora` is a `time`: a time is saved as text `HH:mm`
    /// (`"09:00"`), so only such a text compares as the times do. Reports it; true when it did.
    mutating func timeLiteral(_ left: Expr, _ right: Expr, _ op: BinaryOp) -> Bool {
        for (side, literal) in [(left, right), (right, left)] {
            guard case .variable(let name) = side.kind, scope.variableKind(name) == .time else { continue }
            let written: String
            switch literal.kind {
            case .string(let text): written = text
            case .number: written = literal.sourceText
            default: continue
            }
            if written.isEmpty || Self.isClockText(written) { return false }
            let meant = Self.clockText(written)
            report(
                Self.typeMismatch,
                "`\(name)` is a time, saved as text `HH:mm`: \(literal.sourceText) does not compare with it as a time", literal.span,
                help: meant.map { "write `\"\($0)\"`" } ?? "compare it with a time written `\"HH:mm\"`, e.g. `\(name) \(op.symbol) \"09:00\"`")
            return true
        }
        return false
    }

    /// `09:00`, `23:59`: how a `time` answer is saved.
    static func isClockText(_ text: String) -> Bool {
        let b = Array(text.utf8)
        guard b.count == 5, b[2] == UInt8(ascii: ":") else { return false }
        let digits = [b[0], b[1], b[3], b[4]]
        guard digits.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return false }
        return (Int(b[0] - 48) * 10 + Int(b[1] - 48)) < 24 && b[3] < UInt8(ascii: "6")
    }

    /// `9:00` → `09:00`, `10` → `10:00`, `9.30` → `09:30`; nil when the text is no clock time.
    static func clockText(_ text: String) -> String? {
        let parts = text.split(whereSeparator: { $0 == ":" || $0 == "." }).map(String.init)
        guard (1...2).contains(parts.count), let h = Int(parts[0]), (0..<24).contains(h) else { return nil }
        let m = parts.count == 2 ? Int(parts[1]) : 0
        guard let m, (0..<60).contains(m), parts.count == 1 || parts[1].count == 2 else { return nil }
        let clock = (h < 10 ? "0" : "") + "\(h):" + (m < 10 ? "0" : "") + "\(m)"
        return clock
    }

    /// The expression's source when it is short enough to quote.
    func shortSource(_ expr: Expr) -> String? {
        let text = expr.sourceText
        return text.unicodeScalars.count <= 40 ? text : nil
    }

    /// "`name`" for short expressions, else "the expression".
    func quote(_ expr: Expr) -> String {
        shortSource(expr).map { "`\($0)`" } ?? "the expression"
    }
}
