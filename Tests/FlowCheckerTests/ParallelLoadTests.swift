import FlowChecker
import FlowDiagnostics
import Testing

/// A big bot's files are read and decoded on every core; what comes out must be exactly what
/// one thread makes: the same flows and tests in file order, the same diagnostics in the same
/// report order.
struct ParallelLoadTests {
    typealias TempDir = BadInputTests.TempDir

    /// A bot of `flows` flow files, each with its own mistakes (YAML, schema and expression
    /// ones), padded so that the whole bot is well past the parallel threshold.
    static func writeBot(_ dir: TempDir, flows: Int) throws -> String {
        let bot = try dir.folder("big")
        _ = try dir.folder("big/flows")
        _ = try dir.folder("big/tests")
        try dir.write("big/bot.yaml", "bot: big\nstart: f00\n")
        for i in 0..<flows {
            let id = String(format2(i))
            let next = i + 1 < flows ? "f" + format2(i + 1) : "f00"
            var text = "flow: f\(id)\nsteps:\n"
            for k in 0..<40 {
                text += "  s\(k):\n    say: \"Paso \(k) de {{ contact.name ?? 'vos' }}: un texto largo para que el bot pese.\"\n"
            }
            switch i % 4 {
            case 0: text += "  bad:\n    say: \"{{ 1 + }}\"\n"                       // expression syntax
            case 1: text += "  bad:\n    sya: \"hola\"\n"                              // unknown key
            case 2: text += "  bad:\n    say: a\n    say: b\n"                        // duplicate key
            default: text += "  bad:\n    branch:\n      - if: \"nope > 1\"\n        goto: s0\n      - else: s1\n"
            }
            text += "  done:\n    goto: \(next)\n"
            try dir.write("big/flows/f\(id).yaml", text)
        }
        try dir.write("big/tests/f00.test.yaml", "tests:\n  - name: saluda\n    steps:\n      - expect: \"hola\"\n        bogus: 1\n")
        return bot
    }

    static func format2(_ i: Int) -> String { i < 10 ? "0\(i)" : "\(i)" }

    static func load(_ path: String, parallelBytes: Int) throws -> (project: Project, diagnostics: [Diagnostic]) {
        let sink = DiagnosticSink()
        let project = try ProjectLoader(sink: sink, parallelBytes: parallelBytes).bot(directory: path)
        return (project, sink.diagnostics)
    }

    @Test func parallelDecodingMatchesOneThread() throws {
        let dir = try TempDir()
        let bot = try Self.writeBot(dir, flows: 24)
        let one = try Self.load(bot, parallelBytes: .max)
        let all = try Self.load(bot, parallelBytes: 0)
        #expect(one.project.flows.map(\.id.value) == (0..<24).map { "f" + Self.format2($0) })
        #expect(all.project.flows.map(\.id.value) == one.project.flows.map(\.id.value))
        #expect(all.project.flows.map { $0.steps.count } == one.project.flows.map { $0.steps.count })
        #expect(all.project.tests.count == one.project.tests.count)
        #expect(Set(all.project.sources.keys) == Set(one.project.sources.keys))
        // Half the flows have a YAML or schema mistake (the others' are the checker's), the test file one.
        #expect(one.diagnostics.count >= 13)
        #expect(all.diagnostics == one.diagnostics)
        let rules = Set(one.diagnostics.map(\.rule))
        #expect(rules.isSuperset(of: ["unknown-key", "duplicate-key"]))
        // The parallel load parses the templates too; the checker finds the same mistakes either way.
        #expect(!all.project.parsedTemplates.isEmpty && one.project.parsedTemplates.isEmpty)
        let checkedOne = DiagnosticSink(), checkedAll = DiagnosticSink()
        BotChecker.check(one.project, sink: checkedOne)
        BotChecker.check(all.project, sink: checkedAll)
        #expect(checkedAll.diagnostics == checkedOne.diagnostics)
        #expect(checkedOne.diagnostics.contains { $0.rule == "expr-syntax" })
    }

    @Test func checkOfABigBotReportsEveryFilesMistakes() throws {
        let dir = try TempDir()
        let bot = try Self.writeBot(dir, flows: 24)
        let report = try CheckRun.check(paths: [bot])
        let files = Set(report.diagnostics.map(\.file))
        // One mistake per flow file at least, and the test file's.
        #expect(files.count == 25)
        #expect(report.fileCount == 26)
        #expect(report.diagnostics == report.diagnostics.sorted())
    }
}

/// Paths given relative to where a command runs (`flowc test main.test.yaml` inside `tests/`).
struct RelativePathTests {
    @Test("the folder that holds a folder, also for `.`, `..` and a trailing `/.`", arguments: [
        ("bot/tests", "bot"), (".", ".."), ("", ".."), ("..", "../.."), ("tests", "."), ("bot/tests/.", "bot"), ("./.", ".."), ("/a/b", "/a"),
    ])
    func parent(dir: String, expected: String) {
        #expect(FileSystem.parent(dir) == expected)
    }
}

/// Named groups found as written: which a match may leave out, and renaming with back-references.
struct RegexGroupsTests {
    @Test("optional groups: under ?, *, {0,}, an alternative or a lookaround; not in a character class")
    func optional() {
        func optional(_ p: String) -> [String: Bool] {
            Dictionary(uniqueKeysWithValues: RegexGroups.scan(p).groups.map { ($0.name, $0.optional) })
        }
        #expect(optional(#"^quiero (?<qty>\d+) (?<item>.+)$"#) == ["qty": false, "item": false])
        #expect(optional(#"^(?<item>[a-z]+)(?: x(?<qty>\d+))?$"#) == ["item": false, "qty": true])
        #expect(optional(#"^(?<a>\d)*(?P<b>x){0,2}(?'c'y){1,}"#) == ["a": true, "b": true, "c": false])
        #expect(optional(#"^(?<a>\d+)|(?<b>x)$"#) == ["a": true, "b": true])
        #expect(optional(#"^((?<a>\d+)|x)(?<b>y)$"#) == ["a": true, "b": false])
        #expect(optional(#"(?<kilos>[0-9.,]+|(?<w>[a-z]+)) ?kg"#) == ["kilos": false, "w": true])
        #expect(optional(#"^c [(?<x>]+ (?<item>\w+)$"#) == ["item": false])
        #expect(optional(#"\Q(?<x>\E(?<y>z)"#) == ["y": false])
    }

    @Test("renaming a group renames its back-references, not a longer name or text in a class")
    func rename() {
        #expect(RegexGroups.rename(#"^(?<qty>\d+) y \k<qty>$"#, ["qty"], suffix: "__n") == #"^(?<qty__n>\d+) y \k<qty__n>$"#)
        #expect(RegexGroups.rename(#"^(?P<qty>\d+)-(?P=qty) (?<qty2>\d)$"#, ["qty"], suffix: "__n") == #"^(?P<qty__n>\d+)-(?P=qty__n) (?<qty2>\d)$"#)
        #expect(RegexGroups.rename(#"[(?<qty>](?<qty>\d)"#, ["qty"], suffix: "__n") == #"[(?<qty>](?<qty__n>\d)"#)
    }
}
