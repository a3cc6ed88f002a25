/// How to validate the answer to a question: the saved variable's type and its options
/// (`{type: number, min: 1, max: 20}`), or an inline `expect:`.
public struct ValidationRule: Sendable {
    /// The type.
    public var kind: ValidationKind
    /// `number`: the smallest value allowed (inclusive); `text`: the fewest characters.
    public var min: Double?
    /// `number`: the largest value allowed (inclusive); `text`: the most characters.
    public var max: Double?
    /// `number`: only whole numbers (`not_integer` otherwise).
    public var integer: Bool
    /// `text` and `regex`: the pattern that must be found in the (trimmed) answer.
    public var pattern: String?
    /// `pattern`, compiled ahead (see `compile()`); when nil or compiled from another text,
    /// `pattern` is looked up in the shared cache of `CompiledPattern.cached(_:)`.
    public var compiledPattern: CompiledPattern?
    /// `phone`: the default country (ISO 3166 alpha-2, e.g. `AR`); nil means the locale's.
    public var region: String?
    /// `date`: only dates strictly after this one.
    public var after: DateBound?
    /// `date`: only dates strictly before this one.
    public var before: DateBound?
    /// `date`: the one numeric format to accept, in date-pattern letters (`dd/MM/yyyy`,
    /// `d 'de' MMMM`); words such as `hoy` are still accepted. Nil: the locale's usual forms.
    public var format: String?
    /// `choice`: the allowed answers, as declared.
    public var choices: [String]

    /// A rule of `kind` with no options.
    public init(kind: ValidationKind) {
        self.init(kind: kind, min: nil)
    }

    /// A rule with its options.
    public init(kind: ValidationKind, min: Double? = nil, max: Double? = nil, integer: Bool = false,
                pattern: String? = nil, region: String? = nil, after: DateBound? = nil,
                before: DateBound? = nil, format: String? = nil, choices: [String] = []) {
        self.kind = kind
        self.min = min
        self.max = max
        self.integer = integer
        self.pattern = pattern
        self.compiledPattern = nil
        self.region = region
        self.after = after
        self.before = before
        self.format = format
        self.choices = choices
    }

    /// Compiles `pattern` ahead (when the bot loads), so validating takes no lock on the
    /// shared pattern cache. Throws when the pattern does not compile.
    public mutating func compile() throws(PatternError) {
        guard let pattern else {
            compiledPattern = nil
            return
        }
        compiledPattern = try CompiledPattern.cached(pattern)
    }

    /// The compiled pattern, if there is a pattern and it compiles.
    func resolvedPattern() -> Result<CompiledPattern, PatternError>? {
        guard let pattern else { return nil }
        if let compiledPattern, compiledPattern.source == pattern { return .success(compiledPattern) }
        do {
            return .success(try CompiledPattern.cached(pattern))
        } catch {
            return .failure(error)
        }
    }
}
