/// How serious a diagnostic is.
public enum Severity: String, Sendable, Hashable, Comparable {
    case error
    case warning
    case note

    private var rank: Int {
        switch self {
        case .error: 0
        case .warning: 1
        case .note: 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// A secondary location attached to a diagnostic ("first defined here").
public struct DiagnosticNote: Hashable, Sendable {
    /// What the note says.
    public var message: String
    /// The file it points into, when it points anywhere.
    public var file: String?
    /// The span it points at.
    public var range: SourceRange?

    /// Creates a note, optionally pointing at a span of a file.
    public init(_ message: String, file: String? = nil, range: SourceRange? = nil) {
        self.message = message
        self.file = file
        self.range = range
    }
}

/// One problem found in the input: a stable rule id, where, what, and how to fix it.
public struct Diagnostic: Hashable, Sendable {
    /// Error, warning or note.
    public var severity: Severity
    /// The stable rule id, e.g. `unknown-target` (listed in grammar/rules.md).
    public var rule: String
    /// One sentence saying what is wrong.
    public var message: String
    /// The file the problem is in.
    public var file: String
    /// The span to underline.
    public var range: SourceRange
    /// Related places ("first defined here").
    public var notes: [DiagnosticNote]
    /// How to fix it, shown as `help:`.
    public var help: String?

    /// Creates a diagnostic.
    public init(
        _ severity: Severity, rule: String, message: String, file: String, range: SourceRange,
        notes: [DiagnosticNote] = [], help: String? = nil
    ) {
        self.severity = severity
        self.rule = rule
        self.message = message
        self.file = file
        self.range = range
        self.notes = notes
        self.help = help
    }
}

extension Diagnostic: Comparable {
    /// Orders by file, then position, then severity and rule, so output is stable.
    public static func < (lhs: Diagnostic, rhs: Diagnostic) -> Bool {
        if lhs.file != rhs.file { return lhs.file < rhs.file }
        if lhs.range.start != rhs.range.start { return lhs.range.start < rhs.range.start }
        if lhs.severity != rhs.severity { return lhs.severity < rhs.severity }
        if lhs.rule != rhs.rule { return lhs.rule < rhs.rule }
        return lhs.message < rhs.message
    }
}
