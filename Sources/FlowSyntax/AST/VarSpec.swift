import FlowDiagnostics

/// The input types of `vars:` and `expect:`.
public enum VarKind: String, Sendable, CaseIterable {
    case text, number, phone, email, date, time
    case yesNo = "yes_no"
    case regex, choice, image, document, location, any, bool, json, list, datetime

    /// Options each kind accepts besides `type` and `description`.
    public var options: [String] {
        switch self {
        case .text: ["min", "max", "pattern"]
        case .number: ["min", "max", "integer"]
        case .phone: ["region"]
        case .date: ["after", "before", "format"]
        case .regex: ["pattern"]
        case .choice: ["choices"]
        default: []
        }
    }
}

/// A type with its validation options: `{type: number, min: 1, max: 20}`.
public struct VarSpec: Sendable {
    /// The type.
    public var kind: Located<VarKind>
    /// `min` (length for text, value for number).
    public var min: Located<Double>?
    /// `max` (length for text, value for number).
    public var max: Located<Double>?
    /// `min: "{{stock_min}}"`: a bound worked out each time the question is asked.
    public var minTemplate: TextValue?
    /// `max: "{{stock}}"`: a bound worked out each time the question is asked.
    public var maxTemplate: TextValue?
    /// `integer: true` for numbers.
    public var integer: Bool
    /// `pattern` for text and regex.
    public var pattern: TextValue?
    /// `region` for phones (ISO country code).
    public var region: Located<String>?
    /// `after`/`before` for dates: `today`, an ISO date, or a template (`"{{desde}}"`) worked out
    /// each time the question is asked.
    public var after: TextValue?
    /// `before` for dates.
    public var before: TextValue?
    /// `format` for dates.
    public var format: TextValue?
    /// `choices` for choice.
    public var choices: [Located<String>]
    /// Where the spec stands.
    public var range: SourceRange
    /// Its type could not be read (already reported): the name is declared, its type unknown.
    public var isUnknown = false

    /// Whether a bound is a template, worked out when the question is asked.
    public var hasDynamicBounds: Bool {
        minTemplate != nil || maxTemplate != nil
            || [after, before].contains { $0.map { TemplateText.hasHole($0.text) } ?? false }
    }

    /// Creates a spec of a kind with no options.
    public init(kind: Located<VarKind>, range: SourceRange) {
        self.kind = kind
        self.range = range
        self.integer = false
        self.choices = []
    }
}

/// A variable declared under `vars:`.
public struct VarDecl: Sendable {
    /// The variable's name.
    public var name: Located<String>
    /// Its type and options.
    public var spec: VarSpec
}
