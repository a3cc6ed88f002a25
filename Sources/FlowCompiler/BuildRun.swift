import FlowBytecode
import FlowChecker
import FlowDiagnostics
import FlowSyntax

/// Checks one bot (or lone flow) and, when it has no errors, compiles it.
public enum BuildRun {
    /// The outcome: the bundle when the check passed, and the check's report either way.
    public struct Output: Sendable {
        public var bundle: Bundle?
        public var report: CheckReport
        public var project: Project
    }

    /// What errors in the bot's `*.test.yaml` files do to a build.
    public enum TestFileErrors: Sendable {
        /// They keep the flows from compiling.
        case block
        /// Reported as errors, but the flows compile (`flowc test` fails those files and runs the others).
        case report
        /// Shown as warnings (`flowc chat`, `build`, `serve`, `graph`: tests are not what runs).
        case warn
    }

    /// Builds the bot at `path` (a bot folder, a bot.yaml, or one flow file).
    /// WhatsApp's limits on messages (flow-format.md §3): errors for `check`, `build` and `serve`.
    public static let providerLimitRules: Set<String> = [
        "text-too-long", "too-many-buttons", "button-title-too-long", "too-many-list-rows", "list-row-too-long",
    ]

    /// Findings of the flow analysis that leave a bot that still runs as written (a variable read
    /// unset renders empty, an unreachable step never runs, a cycle stops at the runtime's step
    /// budget): errors for `check`, `build` and `serve`, warnings for trying it out.
    public static let analysisRules: Set<String> = [
        "used-before-set", "unreachable-step", "cycle-without-wait", "branch-no-else", "recursive-call",
        "invalid-value", "duplicate-option",
    ]

    /// With `providerLimitsBlock: false` (`flowc chat`, `flowc test`: no WhatsApp there, menus are
    /// numbered text), a broken WhatsApp limit is shown as a warning and the bot still runs; so are
    /// the flow analysis's findings (``analysisRules``), which `flowc check` still fails on.
    /// `loneTests`: test files of a lone flow, checked against it as a bot's tests are (`flowc test`).
    public static func build(path: String, testFiles: TestFileErrors = .warn, providerLimitsBlock: Bool = true,
                             loneTests: [String] = []) throws(UsageError) -> Output {
        let sink = DiagnosticSink()
        let loader = ProjectLoader(sink: sink)
        var projects = try loader.projects(for: path)
        // Test files found beside lone flows are not flows to run.
        if projects.count > 1 { projects.removeAll { project in project.sources.keys.allSatisfy(isTestFile) } }
        guard projects.count == 1, var project = projects.first else {
            throw UsageError(projects.isEmpty ? "\(path): no bot or flow found"
                : "\(path) holds \(projects.count) bots or flows; name one of them (a bot folder or a flow file)")
        }
        if project.reportOnly != nil { project.reportOnly = nil }
        if !project.isBot, !loneTests.isEmpty { project = try loader.addingLoneTests(loneTests, to: project) }
        BotChecker.check(project, sink: sink)
        var diagnostics = RuleCatalog.withHelp(sink.diagnostics)
        if !providerLimitsBlock {
            for index in diagnostics.indices where diagnostics[index].severity == .error && providerLimitRules.contains(diagnostics[index].rule) {
                diagnostics[index].severity = .warning
                diagnostics[index].message += " (an error for WhatsApp: `flowc check` fails on it)"
            }
            for index in diagnostics.indices where diagnostics[index].severity == .error && analysisRules.contains(diagnostics[index].rule) {
                diagnostics[index].severity = .warning
                diagnostics[index].message += " (`flowc check` fails on it; run anyway)"
            }
        }
        if testFiles == .warn {
            for index in diagnostics.indices where diagnostics[index].severity == .error && isTestFile(diagnostics[index].file) {
                diagnostics[index].severity = .warning
                diagnostics[index].message += " (in a test file: `flowc test` and `flowc check` fail on it)"
            }
        }
        let report = CheckReport(diagnostics: diagnostics.sorted(), sources: project.sources, fileCount: project.sources.count)
        let blocking = report.diagnostics.contains { $0.severity == .error && (testFiles == .block || !isTestFile($0.file)) }
        guard !blocking else { return Output(bundle: nil, report: report, project: project) }
        return Output(bundle: BundleCompiler.compile(project), report: report, project: project)
    }

    /// Whether `path` is a conversation test file.
    public static func isTestFile(_ path: String) -> Bool { FileSystem.isTestFile(path) }
}
