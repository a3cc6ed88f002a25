import FlowDiagnostics
import FlowSyntax

/// What one `flowc check` argument names, decoded: a bot folder or a lone file.
public struct Project: Sendable {
    /// The bot folder, for a bot.
    public var directory: String?
    /// bot.yaml, decoded (nil for a lone flow, or when it is too broken).
    public var bot: BotFile?
    /// Whether this is a bot folder (cross-flow names resolve) rather than a lone flow.
    public var isBot: Bool
    /// The flows, in file order.
    public var flows: [FlowFile]
    /// The test files.
    public var tests: [TestFile]
    /// Every file read, by path, for quoting in diagnostics.
    public var sources: [String: SourceFile]
    /// When set, only diagnostics in this file are reported (a lone flow checked in its bot's context).
    public var reportOnly: String?
    /// Names of flows whose files could not be read as a flow (broken YAML…): the file's name
    /// without `.yaml`. References to them are not reported again as unknown flows.
    public var unreadableFlows: Set<String> = []
    /// Variables a flow file that could not be decoded saves or declares (found in its YAML):
    /// declared quietly, so that its one mistake is not also "unknown variable" in other flows.
    public var lostVariables: Set<String> = []
    /// Templates already parsed (by text) while the files were decoded on every core.
    public var parsedTemplates: [String: ParsedTemplate] = [:]
}

/// A template's tree and its syntax issues, as ``TemplateParser/parse(_:)`` gives them.
public typealias ParsedTemplate = (template: Template, issues: [SyntaxIssue])

/// An argument that cannot be checked at all (exit code 2).
public struct UsageError: Error, Sendable, CustomStringConvertible {
    /// What is wrong.
    public var message: String

    /// Creates the error.
    public init(_ message: String) { self.message = message }

    public var description: String { message }
}

/// Finds and decodes the files that a path names.
public struct ProjectLoader {
    let sink: DiagnosticSink
    /// Bots with at least this many bytes of flows and tests are decoded on every core.
    let parallelBytes: Int

    /// Creates a loader reporting into `sink`; `parallelBytes` is where decoding goes parallel.
    public init(sink: DiagnosticSink, parallelBytes: Int = Parallel.minimumBytes) {
        self.sink = sink
        self.parallelBytes = parallelBytes
    }

    /// The projects that `path` names: a bot folder, a folder of bots or lone flows, or one file.
    public func projects(for path: String) throws(UsageError) -> [Project] {
        var visited: Set<String> = []
        return Self.pairingLoneTests(try projects(for: path, visited: &visited))
    }

    /// Lone test files checked with the lone flow each names (`FLOW.yaml` in its folder or the one
    /// above, as `flowc test` finds it): its expected steps and variables are the flow's, as a
    /// bot's tests are checked against the bot.
    static func pairingLoneTests(_ projects: [Project]) -> [Project] {
        var out = projects
        var flowAt: [String: Int] = [:]
        for (i, p) in out.enumerated() where !p.isBot && p.tests.isEmpty && p.flows.count == 1 {
            flowAt[FileSystem.resolved(p.flows[0].path) ?? p.flows[0].path] = i
        }
        var merged = Set<Int>()
        for (i, p) in out.enumerated() where !p.isBot && p.flows.isEmpty && p.tests.count == 1 {
            guard let name = p.tests[0].flow?.value, let file = loneFlowFile(named: name, forTest: p.tests[0].path),
                  let j = flowAt[FileSystem.resolved(file) ?? file] else { continue }
            out[j].tests += p.tests
            out[j].sources.merge(p.sources) { first, _ in first }
            merged.insert(i)
        }
        return out.indices.filter { !merged.contains($0) }.map { out[$0] }
    }

    /// `project`, a lone flow, with the lone test files at `paths` to check against it.
    public func addingLoneTests(_ paths: [String], to project: Project) throws(UsageError) -> Project {
        var project = project
        for path in paths {
            let test = try lone(path)
            project.tests += test.tests
            project.sources.merge(test.sources) { first, _ in first }
        }
        return project
    }

    /// `visited`: folders already walked (resolved), so that links between folders are walked once;
    /// `walking`: `path` was found in a folder walked, not given.
    private func projects(for path: String, visited: inout Set<String>, walking: Bool = false) throws(UsageError) -> [Project] {
        switch FileSystem.kind(path) {
        case .missing:
            throw UsageError("\(path): no such file or directory")
        case .other:
            throw UsageError("\(path): not a regular file or directory")
        case .directory:
            // A folder given that cannot be read (permission denied) says so: it is not an empty one.
            // (One found in a walk that cannot be read is left out, as the walk always did.)
            let names = walking ? FileSystem.list(path) : try Self.folderEntries(path)
            if Self.botFile(in: path) != nil {
                return [try bot(directory: path)]
            }
            // A bot's `flows/` or `tests/` folder is checked as the bot it belongs to: its flows
            // jump to and call each other, and read the bot's variables.
            var bare = Substring(path)
            while bare.count > 1, bare.hasSuffix("/") { bare = bare.dropLast() }
            var name = FileSystem.basename(String(bare))
            var parent = FileSystem.dirname(String(bare))
            if name == "." || name == ".." {
                // `flowc check .` inside `flows/`: the folder's own name says what it is.
                name = FileSystem.basename(FileSystem.resolved(String(bare)) ?? "")
                parent = bare == "." ? ".." : FileSystem.join(String(bare), "..")
            }
            if ["flows", "tests"].contains(name), Self.botFile(in: parent) != nil {
                return [try bot(directory: parent)]
            }
            var found: [Project] = []
            let here = FileSystem.resolved(path)
            for name in names where !name.hasPrefix(".") {
                let child = FileSystem.join(path, name)
                switch FileSystem.kind(child) {
                case .directory:
                    // A link back to this folder or one above it (`self -> ..`), or to a folder walked
                    // already (`a/tob -> ../b` beside `b/toa -> ../a`), is not walked again.
                    if let real = FileSystem.resolved(child) {
                        if let here, here == real || here.hasPrefix(real == "/" ? "/" : real + "/") { continue }
                        guard visited.insert(real).inserted else { continue }
                    }
                    found += try projects(for: child, visited: &visited, walking: true)
                case .file where isYAML(name) && !isDaemonConfig(name): found.append(try lone(child))
                case .missing where isYAML(name), .other where isYAML(name): _ = try Self.isReadableFile(child)
                default: break
                }
            }
            return found
        case .file:
            if path.hasSuffix(".flowb") {
                throw UsageError("\(path) is a compiled bundle: check the bot folder it was built from (`flowc inspect` reads bundles)")
            }
            if FileSystem.basename(path) == "bot.yaml" || (FileSystem.basename(path) == "bot.yml" && Self.botFile(in: FileSystem.dirname(path)) == path) {
                return [try bot(directory: FileSystem.dirname(path))]
            }
            // A flow or test file inside a bot folder is checked with its bot, reporting only on itself.
            // (`flowc check t.test.yaml` run inside the bot's tests/ folder too.)
            let parent = FileSystem.dirname(path)
            let grand = FileSystem.parent(parent)
            let folder = FileSystem.folderName(parent)
            if folder == "flows" || folder == "tests", Self.botFile(in: grand) != nil {
                var project = try bot(directory: grand)
                let real = FileSystem.resolved(path)
                let key = project.sources[path] != nil ? path
                    : project.sources.keys.first { FileSystem.resolved($0) == real }
                guard let key else { return [try lone(path)] }
                project.reportOnly = key
                return [project]
            }
            // A lone test file is checked with its flow too, reporting only on itself.
            var project = try lone(path)
            if project.flows.isEmpty, project.tests.count == 1, let name = project.tests[0].flow?.value,
               let file = Self.loneFlowFile(named: name, forTest: path) {
                var flow = try lone(file)
                project.reportOnly = path
                if flow.flows.count == 1, flow.tests.isEmpty {
                    flow.tests = project.tests
                    flow.sources.merge(project.sources) { first, _ in first }
                    flow.reportOnly = path
                    return [flow]
                }
            }
            return [project]
        }
    }

    /// Whether a YAML file found in a folder is a file to read (false for a folder); a broken link
    /// or a special file is an error, not something to skip in silence (exit 2: it cannot be read).
    /// A folder's names (none when it does not exist); an error when it exists but cannot be read.
    public static func folderEntries(_ path: String) throws(UsageError) -> [String] {
        guard FileSystem.kind(path) == .directory else { return [] }
        do {
            return try FileSystem.entries(path)
        } catch {
            throw UsageError("\(path): the folder cannot be read (\(error.reason))")
        }
    }

    static func isReadableFile(_ path: String) throws(UsageError) -> Bool {
        switch FileSystem.kind(path) {
        case .file: return true
        case .directory: return false
        case .missing: throw UsageError("\(path): cannot be read (a link to a file that does not exist)")
        case .other: throw UsageError("\(path): not a regular file")
        }
    }

    func isYAML(_ name: String) -> Bool { name.hasSuffix(".yaml") || name.hasSuffix(".yml") }

    /// `flowd.yaml` and `NAME.flowd.yaml` are `flowc serve` configs, not flows: a folder walk skips them.
    func isDaemonConfig(_ name: String) -> Bool {
        ["flowd.yaml", "flowd.yml"].contains(name) || name.hasSuffix(".flowd.yaml") || name.hasSuffix(".flowd.yml")
    }

    /// Every scalar value under `node` that holds a `{{`, parsed as a template.
    static func parseTemplates(in node: YAMLNode, into templates: inout [String: ParsedTemplate]) {
        node.forEachScalarValue { scalar in
            if case .string = scalar.value, TemplateText.hasHole(scalar.text), templates[scalar.text] == nil {
                templates[scalar.text] = TemplateParser.parse(scalar.text)
            }
        }
    }

    private func readBytes(_ path: String) throws(UsageError) -> [UInt8] {
        do {
            return try FileSystem.read(path, limit: YAMLReader.maxFileSize)
        } catch {
            throw UsageError(error.description)
        }
    }

    private func readDocument(_ path: String) throws(UsageError) -> YAMLDocument {
        YAMLReader(path: path, sink: sink).read(try readBytes(path))
    }

    /// A single file checked on its own.
    public func lone(_ path: String) throws(UsageError) -> Project {
        lone(path, document: try readDocument(path))
    }

    /// A single file, already in memory, checked on its own (also used by the fuzzer).
    public func lone(_ path: String, bytes: [UInt8]) -> Project {
        lone(path, document: YAMLReader(path: path, sink: sink).read(bytes))
    }

    private func lone(_ path: String, document: YAMLDocument) -> Project {
        var project = Project(isBot: false, flows: [], tests: [], sources: [path: document.source])
        if path.hasSuffix(".test.yaml") || path.hasSuffix(".test.yml") {
            if let test = TestDecoder(path: path, sink: sink).decode(document) {
                project.tests.append(test)
                reportMissingLoneFlow(test, path: path)
            }
        } else if FileSystem.basename(path) == "bot.yaml" {
            project.bot = BotDecoder(path: path, sink: sink).decode(document)
            // `vars: {first-name: text}` (reported): reads of `first_name` are not also unknown.
            project.lostVariables.formUnion(project.bot?.refusedNames ?? [])
        } else if let flow = FlowDecoder(path: path, sink: sink).decode(document) {
            project.flows.append(flow)
        }
        return project
    }

    /// Where a lone test file's flow is: `NAME.yaml` (or `.yml`) in the test's folder, else in the one above.
    public static func loneFlowFile(named name: String, forTest testPath: String) -> String? {
        let dir = FileSystem.dirname(testPath)
        for folder in [dir, FileSystem.parent(dir)] {
            for ext in [".yaml", ".yml"] where FileSystem.kind(FileSystem.join(folder, name + ext)) == .file {
                return FileSystem.join(folder, name + ext)
            }
        }
        return nil
    }

    /// A lone test file tests the flow its `flow:` names, `FLOW.yaml` in its folder or the one
    /// above (as `flowc test` finds it): one that is in neither is reported at `flow:`.
    private func reportMissingLoneFlow(_ test: TestFile, path: String) {
        guard let flow = test.flow, !flow.value.isEmpty, Self.loneFlowFile(named: flow.value, forTest: path) == nil else { return }
        let dir = FileSystem.dirname(path)
        let folders = [dir, FileSystem.parent(dir)]
        let names = folders.flatMap { folder in
            FileSystem.list(folder).filter { ($0.hasSuffix(".yaml") || $0.hasSuffix(".yml")) && !FileSystem.isTestFile($0) && !$0.hasPrefix(".") }
                .map { String($0.prefix { $0 != "." }) }
        }
        sink.error("unknown-flow", "no flow `\(flow.value)` beside this test file: `flowc test` looks for \(flow.value).yaml here and in the folder above",
                   file: path, range: flow.range,
                   help: Suggestion.didYouMean(flow.value, in: names) ?? "name the flow file's id, or put the test in the bot's tests/ folder")
    }

    /// The bot file of a folder: `bot.yaml`, or a `bot.yml` written for it (an error, reported)
    /// beside a `flows/` folder (elsewhere a `bot.yml` is some other tool's file).
    static func botFile(in directory: String) -> String? {
        let yaml = FileSystem.join(directory, "bot.yaml")
        if FileSystem.kind(yaml) == .file { return yaml }
        let yml = FileSystem.join(directory, "bot.yml")
        if FileSystem.kind(yml) == .file, FileSystem.kind(FileSystem.join(directory, "flows")) == .directory { return yml }
        return nil
    }

    /// A bot folder: bot.yaml, flows/*.yaml, tests/*.test.yaml.
    public func bot(directory: String) throws(UsageError) -> Project {
        let botPath = Self.botFile(in: directory) ?? FileSystem.join(directory, "bot.yaml")
        let botDocument = try readDocument(botPath)
        if botPath.hasSuffix(".yml") {
            // Read as the bot all the same, so that this is its one mistake.
            sink.error("bot-file-name", "the bot's file is named bot.yaml: `flowc test`, `chat` and `serve` look for that name",
                       file: botPath, range: SourceRange(line: 1, column: 1), help: "rename bot.yml to bot.yaml")
        }
        var project = Project(directory: directory, isBot: true, flows: [], tests: [], sources: [botPath: botDocument.source])
        project.bot = BotDecoder(path: botPath, sink: sink).decode(botDocument)
        project.lostVariables.formUnion(project.bot?.refusedNames ?? [])
        // No `data:` in bot.yaml: each SQLite file in the bot's data/ folder is a data source,
        // named as the file (`data/catalog.sqlite` is `catalog`), as flow-format.md §5 puts it.
        if var bot = project.bot, bot.data.isEmpty, !bot.declaresData {
            let at = SourceRange(line: 1, column: 1)
            for name in FileSystem.list(FileSystem.join(directory, "data")).sorted() where !name.hasPrefix(".") {
                guard let dot = name.lastIndex(of: "."), [".sqlite", ".sqlite3", ".db"].contains(String(name[dot...])) else { continue }
                let source = String(name[..<dot])
                guard BotDecoder.isDataSourceName(source) else { continue }
                bot.data.append((name: Located(source, at), path: Located("data/" + name, at)))
            }
            project.bot = bot
        }
        let flowsDir = FileSystem.join(directory, "flows")
        if FileSystem.kind(flowsDir) != .directory {
            sink.error("missing-flows", "the bot has no `flows/` folder", file: botPath, range: SourceRange(line: 1, column: 1),
                       help: "put one YAML file per flow in \(flowsDir)/")
        } else {
            // (With no flows/ at all, that is the one mistake to report.)
            reportUnreadFiles(directory: directory, flowsDir: flowsDir)
        }
        var flowFiles: [(path: String, bytes: [UInt8])] = []
        for name in try Self.folderEntries(flowsDir) where isYAML(name) && !name.hasPrefix(".") {
            let path = FileSystem.join(flowsDir, name)
            guard try Self.isReadableFile(path) else { continue }
            flowFiles.append((path, try readBytes(path)))
        }
        var testFiles: [(path: String, bytes: [UInt8])] = []
        let testsDir = FileSystem.join(directory, "tests")
        for name in try Self.folderEntries(testsDir) where (name.hasSuffix(".test.yaml") || name.hasSuffix(".test.yml")) && !name.hasPrefix(".") {
            let path = FileSystem.join(testsDir, name)
            guard try Self.isReadableFile(path) else { continue }
            testFiles.append((path, try readBytes(path)))
        }
        // Each file is parsed and decoded on its own (into its own sink), on every core for a
        // big bot; what each reported is then replayed in file order, as one thread would have.
        let all = flowFiles + testFiles
        let bytes = all.reduce(0) { $0 + $1.bytes.count }
        let parallel = bytes >= parallelBytes
        let decoded = Parallel.map(all.count, parallel: parallel) { i -> DecodedFile in
            let (path, content) = all[i]
            let sink = DiagnosticSink()
            let document = YAMLReader(path: path, sink: sink).read(content)
            if i < flowFiles.count {
                let flow = FlowDecoder(path: path, sink: sink).decode(document)
                var lost: [String] = []
                if flow == nil || flow?.steps.isEmpty == true {
                    if let root = document.root { Self.savedNames(in: root, into: &lost) }
                    // YAML too broken for a tree: the `save:` lines still say what it saves.
                    if lost.isEmpty { lost = Self.savedNames(inText: content) }
                }
                // On every core, also parse the file's templates now: the checker, which runs
                // on one thread, then finds them parsed.
                var templates: [String: ParsedTemplate] = [:]
                if parallel, let root = document.root { Self.parseTemplates(in: root, into: &templates) }
                return DecodedFile(source: document.source, flow: flow, diagnostics: sink.diagnostics, templates: templates,
                                   lostVariables: lost)
            }
            let test = TestDecoder(path: path, sink: sink).decode(document)
            return DecodedFile(source: document.source, test: test, diagnostics: sink.diagnostics)
        }
        for (i, file) in decoded.enumerated() {
            for d in file.diagnostics { sink.report(d) }
            project.parsedTemplates.merge(file.templates) { first, _ in first }
            project.sources[all[i].path] = file.source
            project.lostVariables.formUnion(file.lostVariables)
            if let flow = file.flow {
                project.flows.append(flow)
            }
            // A flow whose id is broken is also unreadable under its file's name: what names it so is
            // not an unknown flow too.
            if i < flowFiles.count, file.flow?.idIsPlaceholder ?? true {
                let name = FileSystem.basename(all[i].path)
                project.unreadableFlows.insert(String(name.prefix(upTo: name.lastIndex(of: ".") ?? name.endIndex)))
            }
            if let test = file.test { project.tests.append(test) }
        }
        return project
    }
}

extension ProjectLoader {
    /// The names a flow's YAML saves or declares, whatever its shape: `save:`/`save_status:`
    /// values, the keys of `set:` and `vars:` mappings.
    static func savedNames(inText bytes: [UInt8]) -> [String] {
        var names: [String] = []
        for line in bytes.split(separator: UInt8(ascii: "\n")) {
            let text = String(decoding: line, as: UTF8.self)
            for key in ["save:", "save_status:"] {
                guard let range = text.firstRange(of: key) else { continue }
                let before = text[..<range.lowerBound]
                guard before.allSatisfy({ $0 == " " || $0 == "{" || $0 == "," || $0 == "-" }) || before.hasSuffix(" ") || before.hasSuffix("{") else { continue }
                let value = text[range.upperBound...].drop(while: { $0 == " " }).prefix { $0.isLetter || $0.isNumber || $0 == "_" }
                if let first = value.first, first.isLetter || first == "_" { names.append(String(value)) }
            }
        }
        return names
    }

    static func savedNames(in node: YAMLNode, into names: inout [String]) {
        if let pairs = node.mapping {
            for pair in pairs {
                switch pair.keyText {
                case "save", "save_status":
                    if let name = pair.value.scalar?.text { names.append(name) }
                case "set", "vars":
                    names += (pair.value.mapping ?? []).compactMap(\.keyText)
                default:
                    break
                }
                savedNames(in: pair.value, into: &names)
            }
        } else if let items = node.sequence {
            for item in items { savedNames(in: item, into: &names) }
        }
    }
}

/// A flow or test file as one worker decoded it.
private struct DecodedFile: Sendable {
    var source: SourceFile
    var flow: FlowFile?
    var test: TestFile?
    var diagnostics: [Diagnostic]
    var templates: [String: ParsedTemplate] = [:]
    var lostVariables: [String] = []
}
