import Synchronization

/// A regular expression compiled once, for `pattern` options, `regex` questions and
/// triggers. Building a Swift `Regex` is expensive (and its program is lowered on first
/// use), so patterns are compiled when a bot loads, or once per pattern text through
/// `CompiledPattern.cached(_:)`, never per message.
///
/// Safe to share between tasks: the regex is only used under a lock.
public final class CompiledPattern: Sendable {
    /// The pattern as written in the flow.
    public let source: String
    private let regex: Mutex<Regex<AnyRegexOutput>>

    /// Compiles `source` (Swift `Regex` syntax: `(?<name>…)` groups, `(?i)`, `\d` …) and
    /// warms it up so that the first match pays no compilation either.
    public init(_ source: String) throws(PatternError) {
        let compiled: Regex<AnyRegexOutput>
        do {
            compiled = try Regex(source)
        } catch {
            throw PatternError(pattern: source, message: "\(error)")
        }
        _ = "".firstMatch(of: compiled)
        self.source = source
        self.regex = Mutex(compiled)
    }

    /// The compiled pattern for `source`, compiled on first request and shared afterwards
    /// (a failure is remembered too).
    public static func cached(_ source: String) throws(PatternError) -> CompiledPattern {
        if let known = cache.withLock({ $0[source] }) { return try known.get() }
        let result: Result<CompiledPattern, PatternError>
        do {
            result = .success(try CompiledPattern(source))
        } catch {
            result = .failure(error)
        }
        let stored = cache.withLock { table in
            if let existing = table[source] { return existing }
            table[source] = result
            return result
        }
        return try stored.get()
    }

    /// The named groups when the pattern matches the whole of `text`, else nil.
    public func wholeMatch(_ text: String) -> [NamedGroup]? {
        regex.withLock { r in
            guard let m = text.wholeMatch(of: r) else { return nil }
            return Self.groups(of: m.output)
        }
    }

    /// The named groups of the first match anywhere in `text`, else nil.
    public func firstMatch(in text: String) -> [NamedGroup]? {
        regex.withLock { r in
            guard let m = text.firstMatch(of: r) else { return nil }
            return Self.groups(of: m.output)
        }
    }

    /// The text of the first match anywhere in `text` and its named groups, else nil.
    public func firstMatchText(in text: String) -> (text: String, groups: [NamedGroup])? {
        regex.withLock { r in
            guard let m = text.firstMatch(of: r) else { return nil }
            return (String(text[m.range]), Self.groups(of: m.output))
        }
    }

    /// Whether the pattern matches somewhere in `text` (the `matches` function).
    public func matches(_ text: String) -> Bool {
        regex.withLock { r in text.contains(r) }
    }

    private static let cache = Mutex<[String: Result<CompiledPattern, PatternError>]>([:])

    private static func groups(of output: AnyRegexOutput) -> [NamedGroup] {
        var groups: [NamedGroup] = []
        for element in output {
            guard let name = element.name else { continue }
            groups.append(NamedGroup(name: name, value: element.substring.map(String.init) ?? "", matched: element.substring != nil))
        }
        return groups
    }
}
