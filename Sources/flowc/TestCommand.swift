import ArgumentParser
import FlowChecker
import FlowDiagnostics
import FlowTesting

#if canImport(Glibc)
import Glibc
#endif

/// `flowc test`: run conversation tests.
struct TestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run the conversation tests (*.test.yaml) of bots, with HTTP mocked and a fake clock.",
        discussion: "Exit status: 0 all passed, 1 a test failed (a test file with errors fails too), 2 the command could not run (a path that does not exist, a path that holds no tests, a file that is not a test file such as a .flowb bundle, a file or folder that cannot be read, a --junit file that cannot be written)."
    )

    @Argument(help: "Bot folders, test files, or folders holding them (default: the current folder).")
    var paths: [String] = []

    @Option(help: "Also write a JUnit XML report to this file.")
    var junit: String?

    @Flag(help: "Do not print step coverage.")
    var noCoverage = false

    func run() async throws {
        // A report that could not be written is said before the tests run, not after.
        if let junit {
            do {
                try checkWritable(junit)
                try Self.checkReportTarget(junit)
            } catch {
                writeStandardError("error: --junit: \(error.message)\n")
                throw ExitCode(2)
            }
        }
        let report: TestReport
        do {
            report = try await TestRunner.run(paths: paths.isEmpty ? ["."] : paths)
        } catch {
            writeStandardError("error: \(error.message)\n")
            throw ExitCode(2)
        }
        let colour = isatty(1) == 1 && getenv("NO_COLOR") == nil
        func paint(_ s: String, _ code: String) -> String { colour ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }
        if !report.diagnostics.isEmpty {
            print(DiagnosticRenderer(files: report.sources, colour: colour).render(report.diagnostics, format: .text), terminator: "")
        }
        if !report.warnings.isEmpty {
            // On stderr: what the tests say stays on stdout.
            let errColour = isatty(2) == 1 && getenv("NO_COLOR") == nil
            writeStandardError(DiagnosticRenderer(files: report.sources, colour: errColour).render(report.warnings, format: .text))
        }
        // Names and what the bot said are the author's and an API's text: control characters (an ESC
        // sequence) are shown as U+FFFD, never sent to the terminal.
        func visible(_ text: some StringProtocol) -> String {
            String(String.UnicodeScalarView(text.unicodeScalars.map { $0 != "\t" && ($0.value < 0x20 || (0x7F...0x9F).contains($0.value)) ? "\u{FFFD}" : $0 }))
        }
        for o in report.outcomes {
            if o.passed {
                print(paint("✓", "32") + " \(o.file) › \(visible(o.name))")
            } else {
                print(paint("✗", "31") + " \(o.file):\(o.line) › \(visible(o.name))")
                for line in (o.failure ?? "").split(separator: "\n") { print("    " + visible(line)) }
            }
        }
        if !noCoverage {
            // Several bots in one run: each flow is named with its bot (two may have a `main`).
            let bots = Set(report.coverage.map(\.bot))
            for c in report.coverage {
                let missing = c.steps.filter { !c.reached.contains($0) }
                let lone = c.bot.hasSuffix(".yaml") || c.bot.hasSuffix(".yml")
                let name = bots.count < 2 ? c.flow : lone ? c.bot : "\(c.bot) › \(c.flow)"
                let line = "coverage \(name): \(c.steps.count - missing.count)/\(c.steps.count) steps"
                print(missing.isEmpty ? line : line + "; never reached: " + missing.joined(separator: ", "))
            }
        }
        if let junit {
            do {
                try writeFileAtomically(junit, Array(JUnitReport.xml(report).utf8))
            } catch {
                writeStandardError("error: \(error.message)\n")
                throw ExitCode(2)
            }
        }
        // Nothing to run is a path that names no tests (a typo, or tests not yet written): CI must not pass
        // it, and no `0 passed` line says otherwise.
        if report.outcomes.isEmpty {
            writeStandardError("error: no tests found in \(paths.isEmpty ? "." : paths.joined(separator: " ")) (tests are *.test.yaml files, in a bot's tests/ folder)\n")
            throw ExitCode(2)
        }
        print("\(report.passed) passed, \(report.failed) failed")
        // A bot whose files cannot be read was not tested: the command could not run (exit 2), as
        // `flowc check` of that bot says; the other bots' tests ran and are reported above.
        if !report.unrunnable.isEmpty {
            for message in report.unrunnable { writeStandardError("error: \(message)\n") }
            throw ExitCode(2)
        }
        if report.failed > 0 { throw ExitCode(1) }
    }

    /// Where a JUnit report may go: a new file, or one that holds XML (an earlier report), never
    /// a file that holds something else (`--junit shop/tests/order.test.yaml`, a slip of the
    /// shell's completion, would turn a test file or a flow into XML).
    static func checkReportTarget(_ path: String) throws(UsageError) {
        guard path != "-", !path.hasPrefix("/dev/"), FileSystem.kind(path) == .file, let head = fileHead(path, 512) else { return }
        var bytes = head[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        guard let first = bytes.first(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }), first != UInt8(ascii: "<") else { return }
        throw UsageError("\(path) exists and is not a JUnit report (XML): `--junit` writes over a report only; name a new file, e.g. `--junit report.xml`")
    }
}
