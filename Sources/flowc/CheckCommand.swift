import ArgumentParser
import FlowChecker
import FlowDiagnostics

#if canImport(Glibc)
import Glibc
#endif

extension DiagnosticFormat: ExpressibleByArgument {}

/// `flowc check`: report every problem in bots and flows.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check bots and flows; report every problem with its line and column.",
        discussion: """
            PATH is a bot folder (with bot.yaml), a folder of bots or lone flows, or one file. \
            A flow file inside a bot's flows/ folder is checked together with its bot.

            Exit status: 0 no errors (warnings allowed unless --strict), 1 errors found, \
            2 the check could not run (bad arguments, unreadable path).
            """
    )

    @Argument(help: "Bot folders, flow files or test files to check.")
    var paths: [String]

    @Option(help: "Output format: text, json, github (workflow annotations) or sarif.")
    var format: DiagnosticFormat = .text

    @Flag(help: "Treat warnings as errors.")
    var strict = false

    @Option(help: "Colour in text output: auto (only on a terminal), always or never.")
    var color: ColourChoice = .auto

    @Flag(name: .shortAndLong, help: "Print only diagnostics, no summary line.")
    var quiet = false

    enum ColourChoice: String, ExpressibleByArgument { case auto, always, never }

    func validate() throws {
        if paths.isEmpty { throw ValidationError("give at least one bot folder or flow file") }
    }

    func run() throws {
        let report: CheckReport
        do {
            report = try CheckRun.check(paths: paths, strict: strict)
        } catch {
            writeStandardError("error: \(error.message)\n")
            // A CI step parsing stdout still gets a document that says the check did not run.
            print(DiagnosticRenderer.renderFailure(error.message, format: format), terminator: "")
            throw ExitCode(2)
        }
        let colour: Bool = switch color {
        case .always: true
        case .never: false
        case .auto: isatty(1) == 1 && getenv("NO_COLOR") == nil && (getenv("TERM").map { String(cString: $0) } ?? "") != "dumb"
        }
        let renderer = DiagnosticRenderer(files: report.sources, colour: colour && format == .text)
        var output = renderer.render(report.diagnostics, format: format, failures: report.failures)
        if format == .text && !quiet {
            output += summary(report)
        }
        print(output, terminator: "")
        // Paths that could not be checked: said after what the others had, exit 2.
        for failure in report.failures { writeStandardError("error: \(failure)\n") }
        if !report.failures.isEmpty { throw ExitCode(2) }
        if report.errors > 0 { throw ExitCode(1) }
    }

    private func summary(_ report: CheckReport) -> String {
        func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        let files = plural(report.fileCount, "file")
        let failed = report.failures.isEmpty ? "" : "; \(plural(report.failures.count, "path")) could not be checked"
        // A file checked with its bot shows only its own problems; the bot's others are counted, not
        // called clean (they do not change the exit status: check the bot folder for them).
        var elsewhere = ""
        let other = report.otherFiles
        if other.errors + other.warnings > 0 {
            let counts = [other.errors > 0 ? plural(other.errors, "error") : nil, other.warnings > 0 ? plural(other.warnings, "warning") : nil]
            let bots = report.otherFilesBots.map { "flowc check \($0)" }.joined(separator: ", ")
            elsewhere = "; \(counts.compactMap { $0 }.joined(separator: ", ")) in other files of the bot" + (bots.isEmpty ? "" : " (run \(bots))")
        }
        if report.errors == 0 && report.warnings == 0 {
            if failed.isEmpty && elsewhere.isEmpty { return "ok: \(files) checked, no problems\n" }
            let given = elsewhere.isEmpty ? "" : report.otherFilesBots.count <= 1 ? " in the file given" : " in the files given"
            return "\(files) checked, no problems\(given)\(elsewhere)\(failed)\n"
        }
        return "\(plural(report.errors, "error")), \(plural(report.warnings, "warning")) in \(files)\(elsewhere)\(failed)\n"
    }
}
