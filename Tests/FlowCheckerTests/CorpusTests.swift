import FlowChecker
import FlowDiagnostics
import Testing

/// The golden corpus: every invalid case marks the diagnostics it must produce in its own
/// comments, and every valid case (plus `examples/` and `flows/`) must check clean.
///
/// A marker is a comment line `#   ^ rule-id: message part` whose caret stands under the
/// column of the previous non-marker line, or `# @LINE:COL rule-id: message part` for any
/// position. `warning[rule-id]` marks a warning; a bare rule id means an error.
struct CorpusTests {
    static let root: String = {
        var path = #filePath
        for _ in 0..<3 { path = FileSystem.dirname(path) }
        return path
    }()
    static let corpus = FileSystem.join(root, "Tests/FlowCheckerTests/Corpus")

    struct Expected: Hashable, CustomStringConvertible {
        var file: String
        var line: Int
        var column: Int
        var severity: Severity
        var rule: String
        var message: String

        var description: String { "\(file):\(line):\(column): \(severity.rawValue)[\(rule)]: …\(message)…" }
    }

    static func cases(_ kind: String) -> [String] {
        FileSystem.list(FileSystem.join(corpus, kind)).map { FileSystem.join(FileSystem.join(corpus, kind), $0) }
    }

    static func files(under path: String) -> [String] {
        guard FileSystem.kind(path) == .directory else { return [path] }
        return FileSystem.list(path).flatMap { files(under: FileSystem.join(path, $0)) }
    }

    static func parseMarkers(file: String) throws -> [Expected] {
        let bytes = try FileSystem.read(file, limit: 1 << 20)
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        var expected: [Expected] = []
        var lastCode = 0
        for (i, raw) in lines.enumerated() {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            let trimmed = line.drop(while: { $0 == " " })
            guard trimmed.hasPrefix("#") else { lastCode = i + 1; continue }
            let body = trimmed.dropFirst().drop(while: { $0 == " " })
            var position: (Int, Int)?
            var rest: Substring
            if body.hasPrefix("^"), let caret = line.firstIndex(of: "^") {
                position = (lastCode, line.distance(from: line.startIndex, to: caret) + 1)
                rest = body.dropFirst().drop(while: { $0 == " " })
            } else if body.hasPrefix("@"), let space = body.firstIndex(of: " ") {
                let parts = body[body.index(after: body.startIndex)..<space].split(separator: ":")
                guard parts.count == 2, let l = Int(parts[0]), let c = Int(parts[1]) else { continue }
                position = (l, c)
                rest = body[space...].drop(while: { $0 == " " })
            } else {
                if !body.hasPrefix("^") { continue }
                rest = ""
            }
            guard let (l, c) = position, let colon = rest.firstIndex(of: ":") else { continue }
            var rule = String(rest[..<colon])
            var severity = Severity.error
            if rule.hasPrefix("warning["), rule.hasSuffix("]") {
                severity = .warning
                rule = String(rule.dropFirst(8).dropLast())
            } else if rule.hasPrefix("error["), rule.hasSuffix("]") {
                rule = String(rule.dropFirst(6).dropLast())
            }
            let message = rest[rest.index(after: colon)...].trimmingPrefix(" ")
            expected.append(Expected(file: file, line: l, column: c, severity: severity, rule: rule, message: String(message)))
        }
        return expected
    }

    @Test("invalid case", arguments: cases("invalid"))
    func invalidCase(_ path: String) throws {
        var expected: [Expected] = []
        for file in Self.files(under: path) where file.hasSuffix(".yaml") || file.hasSuffix(".yml") {
            expected += try Self.parseMarkers(file: file)
        }
        #expect(!expected.isEmpty, "case \(path) marks no expected diagnostic")
        let report = try CheckRun.check(paths: [path])
        var unmatched = expected
        for d in report.diagnostics {
            #expect(RuleCatalog.rule(d.rule) != nil, "rule \(d.rule) is not in the catalogue (grammar/rules.md)")
            if let i = unmatched.firstIndex(where: {
                $0.file == d.file && $0.line == d.range.start.line && $0.column == d.range.start.column
                    && $0.rule == d.rule && $0.severity == d.severity
            }) {
                #expect(d.message.contains(unmatched[i].message),
                        "\(d.file):\(d.range.start): message `\(d.message)` lacks `\(unmatched[i].message)`")
                unmatched.remove(at: i)
            } else {
                Issue.record("unexpected: \(d.file):\(d.range.start): \(d.severity.rawValue)[\(d.rule)]: \(d.message)")
            }
        }
        for e in unmatched { Issue.record("missing: \(e)") }
    }

    @Test("valid case checks clean", arguments: cases("valid"))
    func validCase(_ path: String) throws {
        let report = try CheckRun.check(paths: [path], strict: true)
        let renderer = DiagnosticRenderer(files: report.sources)
        #expect(report.diagnostics.isEmpty, "\(renderer.render(report.diagnostics, format: .text))")
    }

    @Test("examples and flows check clean under --strict", arguments: ["examples", "flows"])
    func examplesClean(_ dir: String) throws {
        let report = try CheckRun.check(paths: [FileSystem.join(Self.root, dir)], strict: true)
        #expect(report.fileCount > 0)
        let renderer = DiagnosticRenderer(files: report.sources)
        #expect(report.diagnostics.isEmpty, "\(renderer.render(report.diagnostics, format: .text))")
    }

    /// `no such column: prise` covers the name SQLite points at (in a quoted and in a block scalar,
    /// after a hole and accents), as a missing table's error covers the table's.
    @Test func missingColumnSpansItsName() throws {
        let report = try CheckRun.check(paths: [FileSystem.join(Self.corpus, "invalid/query_missing_column")])
        #expect(report.diagnostics.map { "\($0.rule)@\($0.range)" } == ["query-sql@7:68-7:73", "query-sql@14:54-14:62"])
    }

    @Test func corpusIsLargeEnough() {
        #expect(Self.cases("invalid").count >= 80)
        #expect(Self.cases("valid").count >= 15)
    }
}
