/// Collects diagnostics during one run of the front end.
///
/// A reference type so that the YAML reader, the decoder and the checker can all report
/// into the same list without threading it through every call.
public final class DiagnosticSink {
    /// Everything reported so far, in report order.
    public private(set) var diagnostics: [Diagnostic] = []
    private var seen: Set<Key> = []

    /// What makes two diagnostics the same mistake: the same rule, place and message; and for
    /// `unknown-key`, the place alone (a key merged by `<<` into several mappings is one key,
    /// whatever mapping each report names).
    private struct Key: Hashable {
        var rule: String
        var file: String
        var range: SourceRange
        var severity: Severity
        var message: String?
    }

    /// Creates an empty sink.
    public init() {}

    /// Reports one diagnostic; one already reported (see `Key`) is dropped.
    public func report(_ diagnostic: Diagnostic) {
        let key = Key(rule: diagnostic.rule, file: diagnostic.file, range: diagnostic.range, severity: diagnostic.severity,
                      message: diagnostic.rule == "unknown-key" ? nil : diagnostic.message)
        if seen.insert(key).inserted {
            diagnostics.append(diagnostic)
        }
    }

    /// Reports an error.
    public func error(
        _ rule: String, _ message: String, file: String, range: SourceRange,
        notes: [DiagnosticNote] = [], help: String? = nil
    ) {
        report(Diagnostic(.error, rule: rule, message: message, file: file, range: range, notes: notes, help: help))
    }

    /// Reports a warning.
    public func warning(
        _ rule: String, _ message: String, file: String, range: SourceRange,
        notes: [DiagnosticNote] = [], help: String? = nil
    ) {
        report(Diagnostic(.warning, rule: rule, message: message, file: file, range: range, notes: notes, help: help))
    }

    /// Number of errors reported.
    public var errorCount: Int { diagnostics.count { $0.severity == .error } }
    /// Number of warnings reported.
    public var warningCount: Int { diagnostics.count { $0.severity == .warning } }

    /// The diagnostics sorted by file and position.
    public var sorted: [Diagnostic] { diagnostics.sorted() }
}
