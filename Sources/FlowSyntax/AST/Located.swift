import FlowDiagnostics

/// A value read from the file, with where it was written.
public struct Located<Value: Sendable>: Sendable {
    /// The value.
    public var value: Value
    /// Where it was written.
    public var range: SourceRange

    /// Creates a located value.
    public init(_ value: Value, _ range: SourceRange) {
        self.value = value
        self.range = range
    }
}

/// A string that holds a template or an expression, kept with where its scalar stands and
/// how it was quoted, so that offsets inside it map back to file columns (see ``ScalarMap``).
/// Small on purpose: the checker's passes copy these often.
public struct TextValue: Sendable {
    /// The decoded text.
    public var text: String
    /// Where the scalar stands.
    public var range: SourceRange
    /// How the scalar was written.
    public var style: ScalarStyle

    /// Creates a text value from a scalar node.
    public init(text: String, node: YAMLNode) {
        self.text = text
        self.range = node.range
        self.style = node.scalar?.style ?? .plain
    }

    /// Creates a text value from its parts.
    public init(text: String, range: SourceRange, style: ScalarStyle) {
        self.text = text
        self.range = range
        self.style = style
    }
}

/// A `goto`/`on_*` target: `step`, `flow` or `flow.step`.
public struct Target: Sendable {
    /// The text as written.
    public var text: String
    /// Where it was written.
    public var range: SourceRange
    /// The part before the dot, or the whole name.
    public var first: String
    /// The part after the dot, when there is one.
    public var step: String?
    /// Where the name itself starts: past the opening quote of `"order.pay"`.
    public var textStart: SourceLocation

    /// Creates a target from its text; `quoted` when it was written in quotes (on one line).
    public init(text: String, range: SourceRange, quoted: Bool = false) {
        self.text = text
        self.range = range
        textStart = quoted ? SourceLocation(line: range.start.line, column: range.start.column + 1) : range.start
        if let dot = text.firstIndex(of: ".") {
            first = String(text[..<dot])
            step = String(text[text.index(after: dot)...])
        } else {
            first = text
            step = nil
        }
    }
}

/// A duration such as `15m` or `1h30m`.
public struct Duration: Sendable {
    /// The text as written.
    public var text: String
    /// Its length in milliseconds.
    public var milliseconds: Int
    /// Where it was written.
    public var range: SourceRange

    /// Parses `15m`, `2s`, `1h30m`, `500ms`, `1d`; nil when the text is not a duration.
    /// Units go from the largest down, each once (`1h1h` and `30m1h` are not durations).
    public static func parse(_ text: String) -> Int? {
        var total = 0
        var previous = Int.max
        var digits = 0
        var sawDigit = false
        var chars = Array(text.unicodeScalars)[...]
        guard !chars.isEmpty else { return nil }
        while let c = chars.first {
            if let d = Int(String(c)), c.isASCII {
                digits = digits * 10 + d
                sawDigit = true
                guard digits < 1_000_000_000 else { return nil }
                chars = chars.dropFirst()
                continue
            }
            guard sawDigit else { return nil }
            let unit: Int
            if c == "m", chars.dropFirst().first == "s" { unit = 1; chars = chars.dropFirst(2) }
            else if c == "s" { unit = 1000; chars = chars.dropFirst() }
            else if c == "m" { unit = 60_000; chars = chars.dropFirst() }
            else if c == "h" { unit = 3_600_000; chars = chars.dropFirst() }
            else if c == "d" { unit = 86_400_000; chars = chars.dropFirst() }
            else { return nil }
            guard unit < previous else { return nil }
            previous = unit
            total += digits * unit
            digits = 0
            sawDigit = false
        }
        return sawDigit ? nil : total
    }
}
