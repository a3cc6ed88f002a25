import Foundation
import Testing
import FlowBytecode
import FlowCompiler

/// Paths of this test target and of the repository, from this file's path.
enum Paths {
    static let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let golden = here.appendingPathComponent("Golden")
    static let root = here.deletingLastPathComponent().deletingLastPathComponent()

    static func list(_ dir: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }

    /// Every bot and lone flow that builds: example bots, `flows/*.yaml`, and the checker's valid corpus.
    static let buildable: [String] = {
        var out: [String] = []
        let examples = root.appendingPathComponent("examples")
        for name in list(examples) where FileManager.default.fileExists(atPath: examples.appendingPathComponent("\(name)/bot.yaml").path) {
            out.append("examples/\(name)")
        }
        for name in list(root.appendingPathComponent("flows")) where name.hasSuffix(".yaml") { out.append("flows/\(name)") }
        let corpus = "Tests/FlowCheckerTests/Corpus/valid"
        for name in list(root.appendingPathComponent(corpus)) where !name.hasSuffix(".md") { out.append("\(corpus)/\(name)") }
        return out
    }()
}

/// Builds a path relative to the repository; a check error fails the test.
func build(_ relative: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> FlowBytecode.Bundle {
    let output = try BuildRun.build(path: Paths.root.appendingPathComponent(relative).path)
    guard let bundle = output.bundle else {
        let errors = output.report.diagnostics.filter { $0.severity == .error }
            .map { "\($0.file):\($0.range.start.line): \($0.rule): \($0.message)" }
        Issue.record("\(relative) does not check:\n\(errors.joined(separator: "\n"))", sourceLocation: sourceLocation)
        throw CompileFailed()
    }
    return bundle
}

struct CompileFailed: Error {}

/// A line diff (longest common subsequence) for golden mismatches: `-` expected, `+` got.
func lineDiff(expected: String, got: String) -> String {
    let a = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let b = got.split(separator: "\n", omittingEmptySubsequences: false)
    var lcs = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
    for i in stride(from: a.count - 1, through: 0, by: -1) {
        for j in stride(from: b.count - 1, through: 0, by: -1) {
            lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
        }
    }
    var out: [String] = []
    var i = 0, j = 0
    while i < a.count || j < b.count {
        if i < a.count, j < b.count, a[i] == b[j] {
            i += 1; j += 1
        } else if i < a.count, j == b.count || lcs[i + 1][j] >= lcs[i][j + 1] {
            out.append("\(i + 1) - \(a[i])"); i += 1
        } else {
            out.append("\(j + 1) + \(b[j])"); j += 1
        }
    }
    return out.joined(separator: "\n")
}
