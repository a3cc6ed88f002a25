import FlowChecker
import FlowDiagnostics
import Testing

/// The catalogue's examples (`flowc explain`, grammar/rules.md) show the mistake of their own rule:
/// each example that is a whole piece of a flow, checked inside a flow, reports that rule.
struct RuleCatalogTests {
    /// Where an example goes in a flow file.
    enum Shape: Sendable {
        /// The example is the whole file.
        case file
        /// The example follows `flow: main` (it has its own `vars:`/`steps:`).
        case flowBody
        /// The example is steps, under `steps:`.
        case steps
        /// The example is one step's keys.
        case step
    }

    /// The examples that are whole steps, files or step bodies. The others are fragments
    /// (a `vars` entry, a trigger, a test turn, bot.yaml, an elided `…`) and are not checked.
    static let complete: [(rule: String, shape: Shape)] = [
        ("yaml-syntax", .steps), ("yaml-multiple-documents", .file), ("yaml-undefined-alias", .steps),
        ("yaml-complex-key", .steps), ("yaml-merge", .steps), ("duplicate-key", .flowBody),
        ("unknown-key", .step), ("missing-key", .step), ("invalid-target", .step),
        ("step-no-kind", .steps), ("step-kinds", .steps), ("goto-after-end", .steps), ("goto-after-return", .steps),
        ("branch-no-else", .step), ("http-methods", .step), ("http-body", .step),
        ("unknown-flow", .step), ("unknown-target", .step), ("comment-in-text", .step),
        ("misspelt-variable", .flowBody), ("unreachable-step", .steps), ("cycle-without-wait", .steps),
        ("used-before-set", .steps), ("unused-variable", .step), ("template-syntax", .step),
        ("unknown-variable", .step), ("secret-exposed", .step), ("division-by-zero", .step),
        ("query-not-select", .step), ("too-many-buttons", .step), ("maybe-null", .step),
    ]

    static func flow(_ example: String, _ shape: Shape) -> String {
        func indent(_ text: String, _ n: Int) -> String {
            text.split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.isEmpty ? "" : String(repeating: " ", count: n) + $0 }.joined(separator: "\n")
        }
        switch shape {
        case .file: return example + "\n"
        case .flowBody: return "flow: main\n" + example + "\n"
        case .steps: return "flow: main\nsteps:\n" + indent(example, 2) + "\n"
        case .step: return "flow: main\nsteps:\n  s:\n" + indent(example, 4) + "\n"
        }
    }

    @Test("a catalogue example reports its own rule", arguments: complete.map(\.rule))
    func exampleReportsItsRule(_ rule: String) throws {
        let entry = try #require(RuleCatalog.rule(rule), "\(rule) is not in the catalogue")
        let shape = try #require(Self.complete.first { $0.rule == rule }?.shape)
        let dir = try BadInputTests.TempDir()
        let path = try dir.write("main.yaml", Self.flow(entry.example, shape))
        let report = try CheckRun.check(paths: [path])
        let rules = report.diagnostics.map(\.rule)
        #expect(rules.contains(rule), "the example of \(rule) reports \(rules) instead")
    }
}
