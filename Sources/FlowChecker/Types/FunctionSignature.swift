/// The typed signature and documentation of a library function.
///
/// A function has one or more *forms* (overloads), e.g. `min(number, number...)` and
/// `min(list of number)`. A call is checked against the forms whose arity fits it.
public struct FunctionSignature: Sendable {
    /// A check applied to an argument when it is a string literal.
    public enum LiteralRule: Sendable, Hashable {
        /// A regular expression: it must compile (`invalid-regex`).
        case regex
        /// A `date_add` unit: one of `FunctionLibrary.dateUnits` (`invalid-argument`).
        case dateUnit
        /// An ISO 4217 currency code from `FunctionLibrary.currencyCodes` (`invalid-argument`).
        case currencyCode
        /// A `format_date` pattern: letters outside quotes are pattern letters (`invalid-argument`).
        case datePattern
    }

    /// One parameter of a form.
    public struct Parameter: Sendable, Hashable {
        /// The name used in messages and docs, e.g. `pattern`.
        public var name: String
        /// Accepted types; empty means any type. `.list(.json)` accepts any list.
        public var accepts: [ValueType]
        /// Whether the argument may be left out (only trailing parameters).
        public var isOptional: Bool
        /// Whether the parameter takes one or more arguments (only the last parameter).
        public var isVariadic: Bool
        /// A check applied when the argument is a string literal.
        public var literalRule: LiteralRule?

        /// Creates a parameter.
        public init(
            _ name: String, _ accepts: [ValueType], optional: Bool = false, variadic: Bool = false,
            literal: LiteralRule? = nil
        ) {
            self.name = name
            self.accepts = accepts
            self.isOptional = optional
            self.isVariadic = variadic
            self.literalRule = literal
        }

        /// Whether an argument of type `type` may be passed.
        ///
        /// A `json` or `null` argument is always accepted (it is checked at run time); a `.json`
        /// in `accepts` documents that a JSON value is meaningful there, and widens nothing else.
        public func accepts(_ type: ValueType) -> Bool {
            if accepts.isEmpty || type == .json || type == .null { return true }
            return accepts.contains { $0 != .json && type.isCompatible(with: $0) }
        }

        /// The accepted types in words: `text, list or json`, `number`, `any value`.
        public var typeDescription: String {
            if accepts.isEmpty { return "any value" }
            let names = accepts.map { $0 == .list(.json) ? "list" : $0.description }
            guard let last = names.last, names.count > 1 else { return names.first ?? "any value" }
            return names.dropLast().joined(separator: ", ") + " or " + last
        }

        /// `name: type`, with `?` for optional and `...` for variadic: `digits?: number`.
        public var declaration: String {
            let type = accepts.isEmpty ? "any" : accepts.map { $0 == .list(.json) ? "list" : $0.description }
                .joined(separator: "|")
            return "\(name)\(isOptional ? "?" : ""): \(type)\(isVariadic ? "..." : "")"
        }
    }

    /// How the result type of a call is found.
    public enum ResultRule: Sendable, Hashable {
        /// Always this type.
        case fixed(ValueType)
        /// The type of the argument at this index (`date_add` returns a date for a date).
        case sameAsArgument(Int)
        /// The element type of the list argument at this index (`first` of a list of number).
        case elementOfArgument(Int)

        /// The rule in words, for docs: `number`, `same as argument 1`.
        public var description: String {
            switch self {
            case .fixed(let type): type.description
            case .sameAsArgument(let index): "same type as argument \(index + 1)"
            case .elementOfArgument(let index): "element type of argument \(index + 1)"
            }
        }
    }

    /// One overload.
    public struct Form: Sendable, Hashable {
        /// The parameters, in order.
        public var parameters: [Parameter]
        /// The result type rule.
        public var result: ResultRule

        /// Creates a form.
        public init(_ parameters: [Parameter], _ result: ResultRule) {
            self.parameters = parameters
            self.result = result
        }

        /// The fewest arguments the form takes.
        public var minArity: Int { parameters.filter { !$0.isOptional }.count }

        /// The most arguments the form takes; nil when variadic.
        public var maxArity: Int? { parameters.contains(where: \.isVariadic) ? nil : parameters.count }

        /// Whether a call with `count` arguments fits this form.
        public func accepts(argumentCount count: Int) -> Bool {
            count >= minArity && (maxArity.map { count <= $0 } ?? true)
        }

        /// The parameter that the argument at `index` binds to, or nil when there is none.
        public func parameter(at index: Int) -> Parameter? {
            if index < parameters.count { return parameters[index] }
            if let last = parameters.last, last.isVariadic { return last }
            return nil
        }
    }

    /// The function's name.
    public var name: String
    /// Its overloads; a call must fit one of them.
    public var forms: [Form]
    /// One line saying what it does.
    public var summary: String
    /// An example call.
    public var example: String
    /// What the example gives (rendered as in a template).
    public var exampleResult: String

    /// Creates a signature.
    public init(_ name: String, _ forms: [Form], summary: String, example: String, result: String) {
        self.name = name
        self.forms = forms
        self.summary = summary
        self.example = example
        self.exampleResult = result
    }

    /// Each form written out: `round(value: number, digits?: number) -> number`.
    public var signatures: [String] {
        forms.map { form in
            "\(name)(\(form.parameters.map(\.declaration).joined(separator: ", "))) -> \(form.result.description)"
        }
    }

    /// The accepted argument counts in words: `1 argument`, `1 or 2 arguments`, `at least 1 argument`.
    public var arityDescription: String {
        let low = forms.map(\.minArity).min() ?? 0
        let highs = forms.map(\.maxArity)
        func plural(_ n: Int) -> String { n == 1 ? "1 argument" : "\(n) arguments" }
        if highs.contains(where: { $0 == nil }) { return "at least \(plural(low))" }
        let high = highs.compactMap { $0 }.max() ?? low
        if high == low { return low == 0 ? "no arguments" : plural(low) }
        if high == low + 1 { return "\(low) or \(plural(high))" }
        return "\(low) to \(plural(high))"
    }
}
