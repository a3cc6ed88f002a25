import FlowDiagnostics
import FlowSyntax

/// The result of checking some paths: what was found, and the files to quote.
public struct CheckReport: Sendable {
    /// Diagnostics sorted by file and position.
    public var diagnostics: [Diagnostic]
    /// Every file read, by path.
    public var sources: [String: SourceFile]
    /// How many files were checked.
    public var fileCount: Int
    /// Paths that could not be checked at all (unreadable, nothing to check), each with why; the
    /// others were checked. `flowc check` exits 2 when there are any.
    public var failures: [String] = []
    /// Errors and warnings in the other files of a bot one of whose files was checked alone: not
    /// shown and not counted (only the file's own are), but a summary should not call the bot clean.
    public var otherFiles: (errors: Int, warnings: Int) = (0, 0)
    /// The bot folders holding those problems, to check whole to see them.
    public var otherFilesBots: [String] = []

    /// Creates a report.
    public init(diagnostics: [Diagnostic], sources: [String: SourceFile], fileCount: Int) {
        self.diagnostics = diagnostics
        self.sources = sources
        self.fileCount = fileCount
    }

    /// Number of errors.
    public var errors: Int { diagnostics.count { $0.severity == .error } }
    /// Number of warnings.
    public var warnings: Int { diagnostics.count { $0.severity == .warning } }
}

/// `flowc check`: load every path, decode, check, collect diagnostics.
public enum CheckRun {
    /// Checks `paths`; `strict` makes warnings errors. Throws only when a path cannot be read at all.
    public static func check(paths: [String], strict: Bool = false) throws(UsageError) -> CheckReport {
        var diagnostics: [Diagnostic] = []
        var hidden: [Diagnostic: String] = [:]
        var sources: [String: SourceFile] = [:]
        var seen = Set<Diagnostic>()
        var given = Set<String>()
        // A path given twice is checked once (`flowc check a.yaml ./a.yaml` checked one file).
        var failures: [UsageError] = []
        for path in paths where given.insert(FileSystem.resolved(path) ?? path).inserted {
            let sink = DiagnosticSink()
            let projects: [Project]
            do {
                projects = try ProjectLoader(sink: sink).projects(for: path)
            } catch {
                // The other paths are still checked and reported.
                failures.append(error)
                continue
            }
            // A folder with nothing to check is a wrong path, not a clean bot.
            if projects.isEmpty {
                failures.append(UsageError("\(path): no bot (bot.yaml) and no flow files (*.yaml) in it; nothing to check"))
                continue
            }
            for project in projects {
                BotChecker.check(project, sink: sink)
                for (p, s) in project.sources {
                    sources[p] = s
                }
            }
            let only = Set(projects.compactMap(\.reportOnly))
            let bot = projects.first { $0.reportOnly != nil }?.directory
            for var d in RuleCatalog.withHelp(sink.diagnostics) {
                if strict, d.severity == .warning { d.severity = .error }
                if !only.isEmpty, !only.contains(d.file) {
                    if hidden[d] == nil { hidden[d] = bot ?? "" }
                    continue
                }
                if seen.insert(d).inserted { diagnostics.append(d) }
            }
        }
        // Problems of a bot's other files, not shown because one of its files was given alone, and
        // not shown either for another path given (`flowc check flows/main.yaml flows/bad.yaml`, or `.`).
        var otherFiles: (errors: Int, warnings: Int) = (0, 0)
        var otherFilesBots: [String] = []
        for (d, bot) in hidden where !seen.contains(d) {
            if d.severity == .error { otherFiles.errors += 1 } else if d.severity == .warning { otherFiles.warnings += 1 } else { continue }
            if !bot.isEmpty, !otherFilesBots.contains(bot) { otherFilesBots.append(bot) }
        }
        otherFilesBots.sort()
        if let first = failures.first, sources.isEmpty { throw first }
        var report = CheckReport(diagnostics: diagnostics.sorted(), sources: sources, fileCount: sources.count)
        report.failures = failures.map(\.message)
        report.otherFiles = otherFiles
        report.otherFilesBots = otherFilesBots
        return report
    }
}
