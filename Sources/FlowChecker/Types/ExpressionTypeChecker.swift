import FlowDiagnostics
import FlowSyntax

/// Infers the types of expressions and templates, reporting type and name problems.
///
/// Rule ids: `type-mismatch`, `unknown-variable`, `unknown-field`, `unknown-function`,
/// `wrong-arity`, `invalid-regex`, `invalid-argument`. After an error the checker goes on
/// with `json` (checked at run time) so one mistake does not cascade into many.
public struct ExpressionTypeChecker {
    /// Rule id of type errors.
    public static let typeMismatch = "type-mismatch"
    /// Whether the templates checked are shown as text (messages), not typed values.
    public var rendersAsText = false
    public static let divisionByZero = "division-by-zero"
    /// Rule id of a read of a variable that no flow declares or saves.
    public static let unknownVariable = "unknown-variable"
    /// Rule id of a field that `contact`, `message` or `bot` does not have (or a `query` row's column).
    public static let unknownField = "unknown-field"
    /// Rule id of a call of a function that does not exist.
    public static let unknownFunction = "unknown-function"
    /// Rule id of a call with the wrong number of arguments.
    public static let wrongArity = "wrong-arity"
    /// Rule id of a regular expression literal that does not compile.
    public static let invalidRegex = "invalid-regex"
    /// Rule id of a literal argument outside the allowed values (date unit, currency code).
    public static let invalidArgument = "invalid-argument"
    /// Rule id (a warning) of `contact.name` or `contact.phone`, null when the channel gives none,
    /// where null stops the conversation (`'Hola ' + contact.name`).
    public static let maybeNull = "maybe-null"

    let scope: any ExpressionScope

    /// Every problem found so far, in order.
    public internal(set) var issues: [TypeIssue] = []

    /// Every read of a conversation variable (not namespaces), in order, for definite-assignment
    /// analysis. Only variables the scope knows are recorded: an unknown one is already an
    /// `unknown-variable` error.
    public private(set) var reads: [VariableRead] = []

    /// A checker that looks conversation variables up in `scope`.
    public init(scope: any ExpressionScope) {
        self.scope = scope
    }

    // MARK: - Entry points

    /// Infers the type of `expr`, recording issues and reads.
    public mutating func infer(_ expr: Expr) -> ValueType {
        switch expr.kind {
        case .number: return .number
        case .string: return .text
        case .bool: return .bool
        case .null: return .null
        case .list(let elements):
            var element: ValueType?
            // The first item of a known type (not json, not null): every other such item must share it.
            var first: (type: ValueType, item: Expr)?
            var mixed = false
            for item in elements {
                let type = infer(item)
                element = element.map { ValueType.common($0, type) } ?? type
                guard type != .json, type != .null, !mixed else { continue }
                if let first, !type.isCompatible(with: first.type) || !first.type.isCompatible(with: type) {
                    mixed = true
                    report(Self.typeMismatch, "the items of a list have one type: \(quote(item)) is \(type), but \(quote(first.item)) is \(first.type)",
                           item.span, help: "write a list of one type, e.g. `[1, 2]` or `[\"a\", \"b\"]`")
                } else if first == nil {
                    first = (type, item)
                }
            }
            if mixed { return .list(.json) }
            return .list(element.map { $0 == .null ? .json : $0 } ?? .json)
        case .variable(let name):
            return variable(name, expr.span)
        case .member(let base, let name, let nameSpan):
            if misspeltName(expr) { return .json }
            return member(base, name, nameSpan, expr)
        case .index(let base, let key):
            return index(base, key, expr)
        case .unary(.not, let operand):
            requireBool(operand, infer(operand), context: "`not` needs a bool")
            return .bool
        case .unary(.negate, let operand):
            requireNumber(operand, infer(operand), context: "`-` needs a number")
            return .number
        case .binary(let op, let left, let right):
            if op == .sub, misspeltName(expr) { return .json }
            return binary(op, left, right, expr)
        case .call(let name, let nameSpan, let arguments):
            return call(name, nameSpan, arguments, expr)
        }
    }

    /// Type of a template: the single expression's type when `singleExpression` is set, else
    /// text (every hole is still checked; any type renders).
    public mutating func infer(_ template: Template) -> ValueType {
        var last: ValueType = .text
        for expr in template.expressions {
            // A hole of a message is shown as text: `{{qty ?? 'sin dato'}}` may give a default of
            // another type (in a typed value, a `set`, it may not).
            if rendersAsText, case .binary(.coalesce, let left, let right) = expr.kind {
                let lt = infer(left)
                let rt = infer(right)
                let mixed = !lt.isDynamic && !rt.isDynamic && lt != .null && !rt.isCompatible(with: lt) && !lt.isCompatible(with: rt)
                last = mixed ? .text : (lt == .json || lt == .null ? rt : lt)
                continue
            }
            last = infer(expr)
        }
        return template.singleExpression == nil ? .text : last
    }

    /// Infers and reports `type-mismatch` when the result is not compatible with `expected`
    /// (e.g. an `if:` must be bool). `what` names the place in messages, e.g. "an `if:` condition".
    public mutating func expect(_ expr: Expr, _ expected: ValueType, what: String) {
        let type = infer(expr)
        guard !type.isCompatible(with: expected) else { return }
        let help = expected == .bool ? truthHelp(expr, type) : conversionHelp(expr, type, to: expected)
        report(
            Self.typeMismatch, "\(what) must be \(expected), but \(quote(expr)) is \(type)", expr.span,
            help: help)
    }

    // MARK: - Paths

    private mutating func variable(_ name: String, _ span: ExprSpan) -> ValueType {
        if let namespace = Namespace(rawValue: name) {
            // `{{secret}}` would put every secret in a message (and `{{env}}` all the settings).
            if namespace == .secret || namespace == .env {
                report(Self.unknownField, "`\(name)` alone is not a value: name one \(name == "secret" ? "secret" : "setting")", span,
                       help: "write `\(name).\(name == "secret" ? "API_TOKEN" : "API_URL")`")
            }
            return .json
        }
        if let type = scope.variableType(name) {
            reads.append(VariableRead(name: name, span: span))
            return type
        }
        // Literals as other languages spell them: `True`, `None`, `nil`.
        let literals = ["true": "true", "false": "false", "none": "null", "nil": "null", "null": "null", "undefined": "null"]
        var help = literals[name.lowercased()].map { "did you mean `\($0)`? (literals are lower case: `true`, `false`, `null`)" }
        if help == nil { help = Suggestion.didYouMean(name, in: scope.variableNames) }
        if help == nil, FunctionLibrary.all[name] != nil {
            let takesNothing = FunctionLibrary.all[name]?.forms.contains { $0.parameters.isEmpty } == true
            help = "`\(name)` is a function: call it, e.g. `\(name)(\(takesNothing ? "" : "..."))`"
        }
        if help == nil, let namespace = Suggestion.closest(to: name, in: Namespace.allCases.map(\.rawValue)) {
            help = "did you mean `\(namespace)`?"
        }
        report(
            Self.unknownVariable, "unknown variable `\(name)`", span,
            help: help ?? "declare it under `vars:`, or save it with `save:` or `set:` before reading it")
        return .json
    }

    private mutating func member(_ base: Expr, _ name: String, _ nameSpan: ExprSpan, _ expr: Expr) -> ValueType {
        if case .variable(let root) = base.kind, let namespace = Namespace(rawValue: root) {
            return field(namespace, name, nameSpan)
        }
        let type = infer(base)
        if let (rows, columns) = queryRow(base), !columns.contains(name) {
            let others = columns.prefix(12).map { "`\($0)`" }.joined(separator: ", ") + (columns.count > 12 ? ", …" : "")
            let sameButCase = columns.first { $0.lowercased() == name.lowercased() }
            report(Self.unknownField, "a row of `\(rows)` has no column `\(name)`: its query gives \(others)", nameSpan,
                   help: sameButCase.map { "a column's name is written as the query gives it: `\($0)`" }
                       ?? Suggestion.didYouMean(name, in: columns) ?? "name a column the query selects, or select this one (`SELECT …, \(name) FROM …`)")
            return .json
        }
        // `{{foto.bogus}}`, `{{lugar.lati}}`: a photo, a file and a place have fixed fields.
        if case .variable(let variable) = base.kind, let (kind, fields) = scope.valueFields(variable), !fields.contains(name) {
            let listed = fields.map { "`\($0)`" }.joined(separator: ", ")
            report(Self.unknownField, "`\(variable)` holds \(kind), which has no field `\(name)`: its fields are \(listed)", nameSpan,
                   help: Suggestion.didYouMean(name, in: fields) ?? "name one of its fields, e.g. `\(variable).\(fields[0])`")
            return .json
        }
        switch type {
        case .json: return .json
        case .list:
            let help: String? = switch name {
            case "length", "size", "count": "use `len(\(base.sourceText))`"
            case "first", "last": "use `\(name)(\(base.sourceText))`"
            default: nil
            }
            report(
                Self.typeMismatch, "\(quote(base)) is a \(type), which has no field `\(name)`", nameSpan,
                help: help)
        case .text where ["length", "size", "count"].contains(name):
            report(
                Self.typeMismatch, "\(quote(base)) is text, which has no field `\(name)`", nameSpan,
                help: "use `len(\(base.sourceText))`")
        default:
            report(Self.typeMismatch, "\(quote(base)) is \(type), which has no field `\(name)`", nameSpan,
                   help: "only json values (an `http` result, a `query` row) and `contact`, `message`, `bot` have fields")
        }
        return .json
    }

    /// `rows[0]`, `first(rows)` or `last(rows)` where only queries save `rows`: the variable and its
    /// rows' columns.
    private func queryRow(_ expr: Expr) -> (String, [String])? {
        let variable: String
        switch expr.kind {
        case .index(let base, _):
            guard case .variable(let name) = base.kind else { return nil }
            variable = name
        case .call(let function, _, let arguments) where (function == "first" || function == "last") && arguments.count == 1:
            guard case .variable(let name) = arguments[0].kind else { return nil }
            variable = name
        default:
            return nil
        }
        guard Namespace(rawValue: variable) == nil, let columns = scope.rowColumns(variable) else { return nil }
        return (variable, columns)
    }

    private mutating func field(_ namespace: Namespace, _ name: String, _ span: ExprSpan) -> ValueType {
        if let type = namespace.fieldType(name) { return type }
        let fields = namespace.fields ?? []
        report(
            Self.unknownField, "`\(namespace.rawValue)` has no field `\(name)`", span,
            help: Suggestion.didYouMean(name, in: fields)
                ?? "its fields are " + fields.map { "`\($0)`" }.joined(separator: ", "))
        return .json
    }

    private mutating func index(_ base: Expr, _ key: Expr, _ expr: Expr) -> ValueType {
        if case .variable(let root) = base.kind, let namespace = Namespace(rawValue: root) {
            let keyType = infer(key)
            if !keyType.isCompatible(with: .text) {
                report(Self.typeMismatch, "a field name must be text, but \(quote(key)) is \(keyType)", key.span)
                return .json
            }
            if case .string(let name) = key.kind { return field(namespace, name, key.span) }
            return namespace.fields == nil ? .text : .json
        }
        let baseType = infer(base)
        let keyType = infer(key)
        switch baseType {
        case .list(let element):
            if !keyType.isCompatible(with: .number) {
                report(
                    Self.typeMismatch, "a list index must be a number, but \(quote(key)) is \(keyType)", key.span)
            }
            return element
        case .json:
            switch keyType {
            case .text, .number, .json, .null: break
            default:
                report(
                    Self.typeMismatch, "a key must be text or a number, but \(quote(key)) is \(keyType)", key.span)
            }
            return .json
        default:
            report(
                Self.typeMismatch, "\(quote(base)) is \(baseType), which cannot be indexed", base.span,
                help: baseType == .text ? "text cannot be indexed; use `split`, `starts_with` or `matches`"
                    : "only lists (`items[0]`) and json values (`order[\"id\"]`) can be indexed")
            return .json
        }
    }

    // MARK: - Operators

    private mutating func binary(_ op: BinaryOp, _ left: Expr, _ right: Expr, _ expr: Expr) -> ValueType {
        if op == .or, case .binary(.and, let condition, let picked) = left.kind {
            return picker(condition, picked, right, expr)
        }
        let lt = infer(left)
        // `size == l`: a bare word compared with a text is nearly always text left unquoted (an option id).
        if op == .eq || op == .ne, lt == .text, case .variable(let word) = right.kind, scope.variableType(word) == nil,
           Namespace(rawValue: word) == nil, FunctionLibrary.all[word] == nil,
           !["true", "false", "null", "none", "nil", "undefined"].contains(word.lowercased()) {
            report(Self.unknownVariable, "unknown variable `\(word)`", right.span,
                   help: Suggestion.didYouMean(word, in: scope.variableNames).map { "\($0), or to compare with the text `\(word)`, quote it: `\(left.sourceText) \(op.symbol) \"\(word)\"`" }
                       ?? "to compare with the text `\(word)`, quote it: `\(left.sourceText) \(op.symbol) \"\(word)\"`")
            return .bool
        }
        let rt = infer(right)
        switch op {
        case .sub, .mul, .div, .mod:
            // One report for one operator: the first side that is no number.
            if requireNumber(left, lt, context: "`\(op.symbol)` needs numbers") {
                requireNumber(right, rt, context: "`\(op.symbol)` needs numbers")
            }
            // `x / 0` fails whenever it runs: say so now.
            if op == .div || op == .mod, case .number(let d) = right.kind, d == 0 {
                report(Self.divisionByZero, "`\(op.symbol) 0` divides by zero: this fails every time it runs", right.span,
                       help: "divide by a number that is not 0, or check it first: `if: n != 0`")
            }
            return .number
        case .add:
            let before = issues.count
            let type = add(left, lt, right, rt, expr)
            if issues.count == before { nullFields(left, right, fails: "`+` fails on null") }
            return type
        case .and, .or:
            if requireBool(left, lt, context: "`\(op.symbol)` needs bools", picking: true) {
                requireBool(right, rt, context: "`\(op.symbol)` needs bools", picking: true)
            }
            return .bool
        case .eq, .ne:
            if timeLiteral(left, right, op) { return .bool }
            if !lt.isCompatible(with: rt), !rt.isCompatible(with: lt) {
                let always = op == .eq ? "false" : "true"
                report(
                    Self.typeMismatch,
                    "comparing \(lt) with \(rt): `\(op.symbol)` is always \(always)", expr.span,
                    help: optionIdHelp(left, right, op) ?? equalityHelp(left, lt, right, rt))
            }
            return .bool
        case .lt, .le, .gt, .ge:
            if timeLiteral(left, right, op) { return .bool }
            let before = issues.count
            order(op, left, lt, right, rt, expr)
            if issues.count == before { nullFields(left, right, fails: "`\(op.symbol)` fails on null") }
            return .bool
        case .in:
            membership(left, lt, right, rt)
            return .bool
        case .coalesce:
            if lt == .json { return rt.isDynamic ? .json : rt }
            if lt == .null { return rt }
            if !rt.isDynamic, !rt.isCompatible(with: lt), !lt.isCompatible(with: rt) {
                report(
                    Self.typeMismatch, "the default \(quote(right)) is \(rt), but \(quote(left)) is \(lt)",
                    right.span, help: {
                        if case .binary(let op, let inner, let bound) = right.kind, [.lt, .le, .gt, .ge, .eq, .ne].contains(op) {
                            return "`??` binds loosest: write `(\(left.sourceText) ?? \(inner.sourceText)) \(op.symbol) \(bound.sourceText)`"
                        }
                        return "give a default of the same type"
                    }())
            }
            return lt
        }
    }

    private mutating func add(
        _ left: Expr, _ lt: ValueType, _ right: Expr, _ rt: ValueType, _ expr: Expr
    ) -> ValueType {
        func addable(_ type: ValueType) -> Bool {
            switch type {
            case .number, .text, .list, .json: true
            default: false
            }
        }
        for (side, type) in [(left, lt), (right, rt)] where !addable(type) {
            let help = type == .date || type == .datetime ? "use `date_add(\(side.sourceText), 1, \"days\")`"
                : type == .null ? "`+` adds numbers and joins text or lists; for a default write `x ?? 0`"
                : "`+` adds numbers and joins text or lists; a \(type) is neither (for yes/no logic use `and`, `or`)"
            report(Self.typeMismatch, "`+` cannot add \(type): \(quote(side)) is \(type)", side.span, help: help)
            return .json
        }
        switch (lt, rt) {
        case (.number, .number): return .number
        case (.text, .text): return .text
        case (.list(let a), .list(let b)):
            // A list holds one type: `[1] + ["a"]` would be a list that `sum` and `join` trip on.
            if !a.isDynamic, !b.isDynamic, a != .null, b != .null, !a.isCompatible(with: b), !b.isCompatible(with: a) {
                report(Self.typeMismatch, "`+` joins lists of one type: \(quote(left)) is a list of \(a), \(quote(right)) a list of \(b)",
                       expr.span, help: "join lists of the same type (convert the items with `text(…)` or `number(…)` first)")
                return .list(.json)
            }
            // An empty or json list takes the other's item type (`items + []` is still numbers).
            return .list(a.isDynamic ? b : b.isDynamic ? a : ValueType.common(a, b))
        case _ where lt.isDynamic && rt.isDynamic: return .json
        case _ where lt.isDynamic: return rt
        case _ where rt.isDynamic: return lt
        default:
            var help: String?
            if lt.elementType != nil, rt.elementType == nil {
                // `carrito + item`: one item is added as a list of one.
                help = "`+` joins two lists: write `\(left.sourceText) + [\(right.sourceText)]`"
            } else if rt.elementType != nil, lt.elementType == nil {
                help = "`+` joins two lists: write `[\(left.sourceText)] + \(right.sourceText)`"
            } else if lt == .text, rt == .number {
                help = "to join them write `\(left.sourceText) + text(\(right.sourceText))`, "
                    + "or use a template: `... {{\(right.sourceText)}}`"
            } else if lt == .number, rt == .text {
                // A text literal that is no number (`" unidades"`) is meant to be joined, not added.
                if case .string(let literal) = right.kind, !Checker.isPlainNumber(literal.filter { $0 != " " }) {
                    help = "to join them write `text(\(left.sourceText)) + \(right.sourceText)`, or use a template: `{{\(left.sourceText)}}\(literal)`"
                } else if case .string(let literal) = right.kind {
                    help = "write the number without quotes: `\(left.sourceText) + \(literal.filter { $0 != " " })`"
                } else {
                    help = "to add them write `\(left.sourceText) + number(\(right.sourceText))`"
                }
            }
            report(Self.typeMismatch, "`+` cannot add \(lt) and \(rt)", expr.span, help: help)
            // Typed as anything: the operators and conditions around it do not report the same mistake again.
            return .json
        }
    }

    private mutating func order(
        _ op: BinaryOp, _ left: Expr, _ lt: ValueType, _ right: Expr, _ rt: ValueType, _ expr: Expr
    ) {
        func orderable(_ type: ValueType) -> Bool {
            switch type {
            case .number, .text, .date, .datetime, .json: true
            default: false
            }
        }
        var bad = false
        for (side, type) in [(left, lt), (right, rt)] where !orderable(type) && !bad {
            bad = true
            report(
                Self.typeMismatch, "`\(op.symbol)` cannot compare \(type): \(quote(side)) is \(type)", side.span,
                help: type.elementType != nil ? "compare its length: `len(\(side.sourceText))`" : nil)
        }
        if !bad, lt != .json, rt != .json, lt != rt {
            report(
                Self.typeMismatch, "`\(op.symbol)` compares \(lt) with \(rt)", expr.span,
                help: equalityHelp(left, lt, right, rt))
        }
    }

    mutating func membership(_ left: Expr, _ lt: ValueType, _ right: Expr, _ rt: ValueType) {
        switch rt {
        case .list(let element):
            if !lt.isCompatible(with: element), !element.isCompatible(with: lt) {
                report(
                    Self.typeMismatch, "\(quote(left)) is \(lt), so it is never in a \(rt)", left.span)
            }
        case .text:
            if !lt.isCompatible(with: .text) {
                report(
                    Self.typeMismatch, "`in` on text looks for text, but \(quote(left)) is \(lt)", left.span,
                    help: lt == .number ? "convert it: `text(\(left.sourceText)) in \(right.sourceText)`" : nil)
            }
        case .json, .null:
            break
        default:
            report(
                Self.typeMismatch, "`in` needs a list, text or json on the right, but \(quote(right)) is \(rt)",
                right.span)
        }
    }

    /// `contact.name` or `contact.phone` (`contact["name"]`): null when the channel gives none.
    static func mayBeNullField(_ expr: Expr) -> String? {
        let field: String
        switch expr.kind {
        case .member(let base, let name, _):
            guard case .variable("contact") = base.kind else { return nil }
            field = name
        case .index(let base, let key):
            guard case .variable("contact") = base.kind, case .string(let name) = key.kind else { return nil }
            field = name
        default:
            return nil
        }
        return field == "name" || field == "phone" ? field : nil
    }

    /// Warns of `contact.name` or `contact.phone` given to what `fails` on null (`+`, `<`): the
    /// conversation stops there for a contact without one. (The text functions take null as empty
    /// text, `upper(contact.name)`; `==`, `!=` and `in` compare it.)
    mutating func nullFields(_ operands: Expr..., fails: @autoclosure () -> String) {
        for operand in operands {
            guard let field = Self.mayBeNullField(operand) else { continue }
            let when = field == "name" ? "the contact's profile has no name" : "the channel gives no phone number"
            report(Self.maybeNull, "`contact.\(field)` is null when \(when): \(fails()), which stops the conversation", operand.span,
                   help: "write `(\(operand.sourceText) ?? '')`")
        }
    }

    mutating func report(_ rule: String, _ message: String, _ span: ExprSpan, help: String? = nil) {
        issues.append(TypeIssue(rule: rule, message: message, span: span, help: help))
    }
}
