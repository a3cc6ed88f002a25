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

    /// The longest text a pattern is matched against, in Unicode scalars: a search's time grows with
    /// the square of the text for many patterns (`(?<g>.*?)x`). A chat message is at most 4,096
    /// characters (WhatsApp, Telegram); a longer text matches nothing (an answer asked again, a
    /// trigger that does not fire, `matches()` false).
    public static let maxSubjectLength = 4_096

    private static func tooLong(_ text: String) -> Bool {
        text.utf8.count > maxSubjectLength && text.unicodeScalars.count > maxSubjectLength
    }

    /// The named groups when the pattern matches the whole of `text`, else nil.
    public func wholeMatch(_ text: String) -> [NamedGroup]? {
        guard !Self.tooLong(text) else { return nil }
        return regex.withLock { r in
            guard let m = text.wholeMatch(of: r) else { return nil }
            return Self.groups(of: m.output)
        }
    }

    /// The named groups of the first match anywhere in `text`, else nil.
    public func firstMatch(in text: String) -> [NamedGroup]? {
        guard !Self.tooLong(text) else { return nil }
        return regex.withLock { r in
            guard let m = text.firstMatch(of: r) else { return nil }
            return Self.groups(of: m.output)
        }
    }

    /// The text and named groups of the first match in `text` that cuts no number or code out of a longer
    /// one (`\\d{8}` in `301234567` is no DNI: the match ends inside the digits; `AR-123456` out
    /// of `XAR-1234567` neither), else nil. A match may end inside a word, and one of letters
    /// only may start inside one.
    public func firstWholeMatch(in text: String) -> (text: String, groups: [NamedGroup])? {
        guard !Self.tooLong(text) else { return nil }
        return regex.withLock { r in
            for m in text.matches(of: r) {
                let range = m.range
                let code = text[range].contains(where: \.isNumber)
                // (Letters only at the start: a lazy group may well end inside a word, `(?<item>.+?)`.)
                func cuts(_ inside: Character?, _ outside: Character?, letters: Bool) -> Bool {
                    guard let inside, let outside else { return false }
                    return (inside.isNumber && outside.isNumber) || (letters && code && inside.isLetter && outside.isLetter)
                }
                let before = range.lowerBound > text.startIndex ? text[text.index(before: range.lowerBound)] : nil
                let after = range.upperBound < text.endIndex ? text[range.upperBound] : nil
                let first = range.isEmpty ? nil : text[range.lowerBound]
                let last = range.isEmpty ? nil : text[text.index(before: range.upperBound)]
                if cuts(first, before, letters: true) || cuts(last, after, letters: false) { continue }
                return (String(text[range]), Self.groups(of: m.output))
            }
            return nil
        }
    }

    /// Whether the pattern matches somewhere in `text` (the `matches` function).
    public func matches(_ text: String) -> Bool {
        guard !Self.tooLong(text) else { return false }
        return regex.withLock { r in text.contains(r) }
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
