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

    /// Builds the bot at `path` (a bot folder, a bot.yaml, or one flow file). With
    /// `testFilesBlock: false`, errors in `*.test.yaml` files are reported but do not keep the
    /// flows from compiling (`flowc test` runs the other test files).
    public static func build(path: String, testFilesBlock: Bool = true) throws(UsageError) -> Output {
        let sink = DiagnosticSink()
        var projects = try ProjectLoader(sink: sink).projects(for: path)
        // Test files found beside lone flows are not flows to run.
        if projects.count > 1 { projects.removeAll { project in project.sources.keys.allSatisfy(isTestFile) } }
        guard projects.count == 1, var project = projects.first else {
            throw UsageError(projects.isEmpty ? "\(path): no bot or flow found"
                : "\(path) holds \(projects.count) bots or flows; name one of them (a bot folder or a flow file)")
        }
        if project.reportOnly != nil { project.reportOnly = nil }
        BotChecker.check(project, sink: sink)
        let report = CheckReport(diagnostics: RuleCatalog.withHelp(sink.diagnostics).sorted(), sources: project.sources, fileCount: project.sources.count)
        let blocking = report.diagnostics.contains { $0.severity == .error && (testFilesBlock || !isTestFile($0.file)) }
        guard !blocking else { return Output(bundle: nil, report: report, project: project) }
        return Output(bundle: BundleCompiler.compile(project), report: report, project: project)
    }

    /// Whether `path` is a conversation test file.
    public static func isTestFile(_ path: String) -> Bool { FileSystem.isTestFile(path) }
}
