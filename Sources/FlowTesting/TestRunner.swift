import FlowBytecode
import FlowChecker
import FlowCompiler
import FlowDiagnostics
import FlowRuntime
import FlowVM

/// What one test did.
public struct TestOutcome: Sendable {
    public var file: String
    public var name: String
    public var line: Int
    /// Nil when it passed; else what was expected, what came, and where the conversation was.
    public var failure: String?
    public var milliseconds: Double
    public var passed: Bool { failure == nil }
}

/// Everything `flowc test` found.
public struct TestReport: Sendable {
    public var outcomes: [TestOutcome] = []
    /// Per flow: its steps in order, and the ones some test reached.
    public var coverage: [(bot: String, flow: String, steps: [String], reached: Set<String>)] = []
    /// Problems that kept a bot from being tested (check errors).
    public var diagnostics: [Diagnostic] = []
    /// What `flowc check` fails on but lets the bot run (a variable read unset, an unreachable
    /// step, a WhatsApp limit): shown as warnings, the tests run anyway.
    public var warnings: [Diagnostic] = []
    public var sources: [String: SourceFile] = [:]
    /// Why a bot could not be built at all (a flow file or folder that cannot be read): its test
    /// files fail, and the command could not run (exit 2), as `flowc check` says of that bot.
    public var unrunnable: [String] = []
    public var passed: Int { outcomes.count { $0.passed } }
    public var failed: Int { outcomes.count { !$0.passed } }
}

/// Runs conversation tests: every `*.test.yaml` of a bot against its compiled flows, with
/// HTTP mocked and a fake clock.
public enum TestRunner {
    /// Runs the tests that `paths` name: bot folders, test files, or folders of them.
    public static func run(paths: [String]) async throws(UsageError) -> TestReport {
        var report = TestReport()
        var seen = Set<String>()
        // A bot's test files found by several paths (a lone flow's test beside it and one in tests/,
        // two files named one by one) run together: the bot is built once, its coverage is one line a flow.
        var bots: [(bot: String, files: [String])] = []
        var botIndex: [String: Int] = [:]
        for path in paths {
            for (bot, files) in try suites(for: path) {
                // A path given twice (or inside another one given) runs its tests once.
                let files = files.filter { seen.insert(FileSystem.resolved($0) ?? $0).inserted }
                guard !files.isEmpty else { continue }
                let key = FileSystem.resolved(bot) ?? bot
                if !bot.isEmpty, let i = botIndex[key] {
                    bots[i].files += files
                } else {
                    if !bot.isEmpty { botIndex[key] = bots.count }
                    bots.append((bot, files))
                }
            }
        }
        for (bot, files) in bots {
            guard !bot.isEmpty else {
                for file in files {
                    // A file that does not read says why; one that does names a flow that is not there.
                    let sink = DiagnosticSink()
                    _ = try? TestSuiteFile.read(file, sink: sink)
                    let errors = sink.diagnostics.filter { $0.severity == .error }
                    report.diagnostics += errors
                    report.outcomes.append(TestOutcome(file: file, name: "(file)", line: 1, failure: errors.isEmpty
                        ? "cannot run it: its flow is not beside it (a test file tests the bot whose tests/ folder holds it, "
                            + "or the lone flow its `flow:` names, in its folder or the one above)"
                        : "the test file has \(errors.count) error(s)", milliseconds: 0))
                }
                continue
            }
            do {
                try await runBot(bot, testFiles: files, into: &report)
            } catch {
                // A bot that cannot be built (unreadable, or more than one in the path) fails its own
                // test files; the others still run.
                if !report.unrunnable.contains(error.message) { report.unrunnable.append(error.message) }
                for file in files {
                    report.outcomes.append(TestOutcome(file: file, name: "(file)", line: 1,
                                                       failure: "cannot run it: \(error.message)", milliseconds: 0))
                }
            }
        }
        return report
    }

    /// (bot folder or lone flow path, test files) pairs that a path names. A folder or test file
    /// that cannot be read (permission denied) is a command that cannot run, as for `flowc check`:
    /// not "no tests found", nor a failure of the bot's other test files.
    static func suites(for path: String, walking: Bool = false) throws(UsageError) -> [(String, [String])] {
        switch FileSystem.kind(path) {
        case .missing: throw UsageError("\(path): no such file or directory")
        case .other: throw UsageError("\(path): not a regular file or directory")
        case .file:
            guard path.hasSuffix(".test.yaml") || path.hasSuffix(".test.yml") else {
                // `flowc test shop/bot.yaml` runs the bot's tests, as `flowc check shop/bot.yaml` checks the bot.
                if FileSystem.basename(path) == "bot.yaml" { return try suites(for: FileSystem.dirname(path)) }
                // A flow file of a bot: its tests are the bot's (named where they are).
                let folder = FileSystem.dirname(path), bot = FileSystem.parent(folder)
                let hint = FileSystem.folderName(folder) == "flows" && FileSystem.kind(FileSystem.join(bot, "bot.yaml")) == .file
                    ? "; the bot's tests run with `flowc test \(bot)`" : ""
                throw UsageError("\(path) is not a test file (*.test.yaml)" + hint)
            }
            try readable(path)
            let dir = FileSystem.dirname(path)
            if FileSystem.folderName(dir) == "tests", FileSystem.kind(FileSystem.join(FileSystem.parent(dir), "bot.yaml")) == .file {
                return [(FileSystem.parent(dir), [path])]
            }
            // No flow to test: an empty bot path, which the run reports as this file's failure.
            return [(loneFlow(for: path) ?? "", [path])]
        case .directory:
            // (A folder met in a walk that cannot be read is left out, as `flowc check`'s walk does.)
            let names = walking ? FileSystem.list(path) : try ProjectLoader.folderEntries(path)
            if FileSystem.kind(FileSystem.join(path, "bot.yaml")) == .file {
                let tests = FileSystem.join(path, "tests")
                let files = try ProjectLoader.folderEntries(tests).filter { $0.hasSuffix(".test.yaml") || $0.hasSuffix(".test.yml") }
                    .map { FileSystem.join(tests, $0) }
                for file in files { try readable(file) }
                return files.isEmpty ? [] : [(path, files)]
            }
            var out: [(String, [String])] = []
            for name in names where !name.hasPrefix(".") {
                let child = FileSystem.join(path, name)
                if FileSystem.kind(child) == .directory { out += try suites(for: child, walking: true) }
                else if name.hasSuffix(".test.yaml") || name.hasSuffix(".test.yml") { out += try suites(for: child, walking: true) }
            }
            return out
        }
    }

    /// Throws when the test file at `path` cannot be opened for reading (a FIFO or a device is
    /// not opened at all: reading one would wait for a writer that never comes).
    static func readable(_ path: String) throws(UsageError) {
        guard FileSystem.kind(path) != .other else { throw UsageError("\(path): not a regular file") }
        do {
            _ = try FileSystem.read(path, limit: 0)
        } catch {
            throw UsageError(error.description)
        }
    }

    /// The lone flow a test file beside it (or in a `tests/` folder below it) tests: `flow: NAME` → `NAME.yaml`.
    static func loneFlow(for testPath: String) -> String? {
        let sink = DiagnosticSink()
        guard let bytes = try? FileSystem.read(testPath, limit: 1 << 20) else { return nil }
        let document = YAMLReaderFacade.read(testPath, bytes, sink)
        guard let flow = document?["flow"]?.scalar?.text else { return nil }
        return ProjectLoader.loneFlowFile(named: flow, forTest: testPath)
    }

    /// A file as one path however it was named (`./`, `..`, a link), to match a diagnostic's file with a test file run.
    static func fileKey(_ path: String) -> String { FileSystem.resolved(path) ?? path }

    /// The first errors, one a line, for a report read without the terminal (JUnit in CI).
    static func listed(_ errors: [Diagnostic]) -> String {
        let lines = errors.prefix(5).map { "\n\($0.file):\($0.range.start.line):\($0.range.start.column): error[\($0.rule)]: \($0.message)" }
        return lines.joined() + (errors.count > 5 ? "\n… and \(errors.count - 5) more" : "")
    }

    static func runBot(_ bot: String, testFiles: [String], into report: inout TestReport) async throws(UsageError) {
        // A broken test file fails its own tests only; broken flows fail them all.
        // A lone flow's test files are checked against it, as a bot's are (a bot folder finds its own).
        let lone = FileSystem.kind(bot) == .file
        let built = try BuildRun.build(path: bot, testFiles: .report, providerLimitsBlock: false, loneTests: lone ? testFiles : [])
        for (path, source) in built.report.sources { report.sources[path] = source }
        // By the whole path: a lone flow's test files beside it and in tests/ may share a name.
        let testFileErrors = Dictionary(grouping: built.report.diagnostics.filter { $0.severity == .error && BuildRun.isTestFile($0.file) },
                                        by: { Self.fileKey($0.file) })
        guard let bundle = built.bundle else {
            let errors = built.report.diagnostics.filter { $0.severity == .error }
            report.diagnostics += errors
            for file in testFiles {
                report.outcomes.append(TestOutcome(file: file, name: "(all tests)", line: 1,
                                                   failure: "\(bot) has \(built.report.errors) error(s); run `flowc check \(bot)`" + Self.listed(errors),
                                                   milliseconds: 0))
            }
            return
        }
        // And what the checker warns of in the test files run (two tests of one name, a button no menu has).
        let running = Set(testFiles.map(Self.fileKey))
        report.warnings += built.report.diagnostics.filter { d in
            d.severity == .warning && (BuildRun.analysisRules.contains(d.rule) || BuildRun.providerLimitRules.contains(d.rule)
                || BuildRun.isTestFile(d.file) && running.contains(Self.fileKey(d.file)))
        }
        let engine = Engine(bundle: bundle)
        // A test's `locale:` runs it on the same bundle as that locale (answers, formats, zone).
        var localized: [String: Engine] = [:]
        func engineFor(_ locale: String?) -> Engine {
            guard let locale, locale != bundle.locale else { return engine }
            if let known = localized[locale] { return known }
            var copy = bundle
            copy.locale = locale
            let made = Engine(bundle: copy)
            localized[locale] = made
            return made
        }
        var reached = Set<String>()
        for file in testFiles {
            if let errors = testFileErrors[Self.fileKey(file)], !errors.isEmpty {
                report.diagnostics += errors
                report.outcomes.append(TestOutcome(file: file, name: "(file)", line: 1,
                                                   failure: "the test file has \(errors.count) error(s); run `flowc check \(lone ? file : bot)`" + Self.listed(errors),
                                                   milliseconds: 0))
                continue
            }
            let sink = DiagnosticSink()
            guard let suite = try TestSuiteFile.read(file, sink: sink) else {
                report.diagnostics += sink.diagnostics
                report.outcomes.append(TestOutcome(file: file, name: "(file)", line: 1, failure: "the test file has errors", milliseconds: 0))
                continue
            }
            for var spec in suite.tests {
                let engine = engineFor(spec.locale)
                // The contact as a channel gives it: its phone in E.164 (and its id, when the phone is it).
                let phone = SeedValues.phoneAsChannelsGiveIt(spec.contact.phone, locale: engine.bundle.locale)
                if spec.contactIdFromPhone { spec.contact.id = phone }
                spec.contact.phone = phone
                let today = engine.today(clock(spec, engine))
                spec.vars = SeedValues.asWritten(spec.vars, texts: spec.varTexts, project: built.project)
                // Date-times without an offset are on the clock the test runs by (its own locale's, when it names one).
                spec.expectVars = SeedValues.expected(spec.expectVars, texts: spec.expectTexts, project: built.project,
                                                      locale: spec.locale, today: today, zone: engine.zone)
                spec.expectFieldsNamed = SeedValues.mediaNames(built.project)
                let (seed, invalid) = SeedValues.validated(SeedValues.typed(spec.vars, project: built.project, zone: engine.zone, locale: engine.locale),
                                                           project: built.project,
                                                           locale: spec.locale, today: today)
                spec.vars = seed
                let misfits = SeedValues.mismatches(spec.vars, project: built.project) + invalid
                if !misfits.isEmpty {
                    report.outcomes.append(TestOutcome(file: file, name: spec.name, line: spec.line,
                                                       failure: "vars: " + misfits.joined(separator: "; "), milliseconds: 0))
                    continue
                }
                let start = monotonicMilliseconds()
                let (failure, visited) = await runTest(spec, flow: suite.flow, engine: engine, file: file,
                                                       dataRoot: FileSystem.kind(bot) == .directory ? bot : nil)
                reached.formUnion(visited)
                report.outcomes.append(TestOutcome(file: file, name: spec.name, line: spec.line, failure: failure,
                                                   milliseconds: monotonicMilliseconds() - start))
            }
        }
        for flow in bundle.flows {
            report.coverage.append((bot, flow.name, flow.steps.map(\.id), Set(reached.compactMap { step in
                step.hasPrefix(flow.name + ".") ? String(step.dropFirst(flow.name.count + 1)) : nil
            })))
        }
    }

    /// The instant a test's conversation starts at: its `now` (a local time is in the bot's zone), else the default.
    static func clock(_ spec: TestSpec, _ engine: Engine) -> Int64 {
        spec.now.map { spec.nowIsLocal ? engine.zone.instant(local: $0) : $0 } ?? Clock.testDefault
    }

    static func runTest(_ spec: TestSpec, flow: String?, engine: Engine, file: String, dataRoot: String? = nil) async -> (String?, [String]) {
        var errors: [String] = []
        let (failure, visited) = await runConversation(spec, flow: flow, engine: engine, file: file, dataRoot: dataRoot, runtimeErrors: &errors)
        guard let failure else { return (nil, visited) }
        guard !errors.isEmpty else { return (failure, visited) }
        return (failure + "\n    (the flow hit a runtime error before this: " + errors.joined(separator: "; ") + ")", visited)
    }

    static func runConversation(_ spec: TestSpec, flow: String?, engine: Engine, file: String, dataRoot: String?,
                                runtimeErrors: inout [String]) async -> (String?, [String]) {
        let mocks = MockPerformer(mocks: spec.mocks, fallback: QueryPerformer(root: dataRoot))
        let host = ConversationHost(engine: engine, key: .init(bot: engine.bundle.botId, contact: spec.contact.id), contact: spec.contact,
                                    env: spec.env, secrets: spec.secrets, performer: mocks, clock: clock(spec, engine))
        host.seed = spec.vars
        if let flow {
            guard let index = engine.bundle.flowIndex(flow) else { return ("no flow `\(flow)` in the bot", []) }
            host.startFlow = index
        }
        var pending: [OutboundMessage] = []
        var visited: [String] = []
        func at(_ line: Int) -> String { "\(file):\(line) (conversation at \(host.state?.step.isEmpty == false ? host.state!.step : "the start"))" }
        // A runtime error is what the flow does (flow-format.md §5: without `on_error` the
        // conversation ends with the bot's error message), so a test may expect it; it fails the
        // test only through an expectation it breaks, and is named in that failure.
        var found: [String] = []
        defer { runtimeErrors = found }
        func take(_ out: TurnOutput) -> String? {
            pending += out.messages
            visited += out.visited
            if let error = out.error { found.append("\(error)") }
            return nil
        }
        // A turn whose bot messages the test lists must list them all; a turn it lists none of
        // (`user:` after `user:`, or only `expect:` at the end) is not checked message by message.
        var listed = false
        // The line of the last `bot:` of the conversation, where a message the test does not list comes after.
        var lastListed = spec.line
        func unexpected(_ line: Int) -> String? {
            defer { listed = false }
            guard listed else { pending.removeAll(); return nil }
            guard let extra = pending.first else { return nil }
            return "at \(at(line)):\n    the bot said \(said(extra)), which the test does not expect"
                + (pending.count > 1 ? " (and \(pending.count - 1) more message(s))" : "")
        }
        // A request no mock matches fails the test where it was made (named by its step, not by
        // where `on_error` led).
        func unmatchedRequest(_ out: TurnOutput, _ line: Int) -> String? {
            let step = out.failedEffects.first { $0.kind == "http" }?.step ?? ""
            let made = step.isEmpty ? "" : " (made at \(step))"
            // A URL the runtime would refuse (an `env` value unset, a space): said as such, not as a
            // request no mock matches.
            if let refused = mocks.refused.first { return "at \(at(line)): HTTP request \(refused)\(made); it is never sent" }
            guard let unmatched = mocks.unmatched.first else { return nil }
            return "at \(at(line)): HTTP request \(unmatched)\(made) matches no mock"
        }
        do {
            for turn in spec.turns {
                switch turn {
                case .user(let message, let line):
                    if let u = unexpected(line) { return (u, visited) }
                    let out = try await host.receive(message)
                    if let error = take(out) { return ("at \(at(line)): \(error)", visited) }
                    if let failure = unmatchedRequest(out, line) { return (failure, visited) }
                case .release(let line):
                    if let u = unexpected(line) { return (u, visited) }
                    guard host.state?.status == .handoff else {
                        return ("at \(at(line)):\n    `release` expects the conversation with a person (a handoff), but it is \(host.state?.status.rawValue ?? "not started")", visited)
                    }
                    let out = try await host.release()
                    if let error = take(out) { return ("at \(at(line)): \(error)", visited) }
                    if let failure = unmatchedRequest(out, line) { return (failure, visited) }
                case .wait(let ms, _, let line):
                    if let u = unexpected(line) { return (u, visited) }
                    // A timeout's path may make requests too (`on_timeout: ping` with an `http` step).
                    let out = try await host.advance(by: ms)
                    if let error = take(out) { return ("at \(at(line)): \(error)", visited) }
                    if let failure = unmatchedRequest(out, line) { return (failure, visited) }
                case .bot(let expectation, let line):
                    listed = true
                    lastListed = line
                    guard !pending.isEmpty else {
                        return ("at \(at(line)):\n    expected the bot to say \(describe(expectation))\n    but it said nothing more", visited)
                    }
                    let got = pending.removeFirst()
                    if let problem = check(expectation, got) {
                        return ("at \(at(line)):\n    expected \(describe(expectation))\n    got      \(said(got))" + (problem.isEmpty ? "" : "\n    (\(problem))"), visited)
                    }
                }
            }
        } catch {
            return ("store error: \(error)", visited)
        }
        if listed, let extra = pending.first {
            return ("at \(at(lastListed)):\n    at the end of the conversation the bot also said \(said(extra)), which the test does not expect"
                    + (pending.count > 1 ? " (and \(pending.count - 1) more message(s))" : ""), visited)
        }
        // Every `expect:` that does not hold is named, not only the first.
        let state = host.state
        let at = state.map { $0.step.isEmpty ? "the start" : $0.step } ?? "its end"
        var failures: [String] = []
        // Each failure names the test file's line of the `expect:` entry it breaks.
        func expectAt(_ key: String) -> String { spec.expectLines[key].map { "at \(file):\($0): " } ?? "" }
        for (name, expected) in spec.expectVars {
            let got = state?.vars[name] ?? .null
            // A photo, file or place carries what its channel adds (`mime_type`, a provider's own ids):
            // the test names the fields it checks, `{url, caption}`, and only those are compared.
            var compared = got
            if spec.expectFieldsNamed.contains(name), case .object(let want) = expected, case .object(let have) = got {
                compared = .object(JSONObject(have.pairs.filter { want[$0.key] != nil }.map { ($0.key, $0.value) }))
            }
            if !same(expected, compared, written: spec.expectTexts[name], zone: engine.zone) { failures.append(expectAt("vars." + name) + "expect.vars.\(name): expected \(show(expected)), got \(show(got))") }
        }
        let status = state?.status ?? .ended
        if let ended = spec.expectEnded, ended != (status == .ended) {
            failures.append(expectAt("ended") + "expected the conversation \(ended ? "to have ended" : "to go on"), but it is \(status.rawValue)")
        }
        if let s = spec.expectStatus, s != status.rawValue, !(s == "active" && status == .waiting) {
            failures.append(expectAt("status") + "expected status \(s), got \(status.rawValue)")
        }
        // `flow` and `step` each hold when given (`step: ask_qty` with `flow: order` is order.ask_qty).
        let current = state?.step ?? ""
        if let flow = spec.expectFlow, !current.hasPrefix(flow + ".") {
            failures.append(expectAt("flow") + "expected the conversation in flow \(flow)")
        }
        if let step = spec.expectStep, current != step, !current.hasSuffix("." + step) {
            failures.append(expectAt("step") + "expected the conversation at \(spec.expectFlow.map { step.contains(".") ? step : $0 + "." + step } ?? step)")
        }
        guard !failures.isEmpty else { return (nil, visited) }
        return (failures.joined(separator: "\n") + "\n(the conversation is at \(at))", visited)
    }
}
