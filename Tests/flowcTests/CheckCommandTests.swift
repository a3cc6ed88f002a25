import Foundation
import Testing

/// Runs the real `flowc` binary, as CI and authors do.
struct FlowcRun {
    var status: Int32
    var stdout: String
    var stderr: String

    static let root: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var binary: URL {
        let exe = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var dir = exe.deletingLastPathComponent()
        while dir.path != "/" {
            let candidate = dir.appendingPathComponent("flowc")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return root.appendingPathComponent(".build/debug/flowc")
    }

    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> FlowcRun {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = root
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return FlowcRun(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                        stderr: String(decoding: errData, as: UTF8.self))
    }

    /// A fresh folder inside the test process's scratch folder (removed when the process exits).
    static func temporaryDirectory() throws -> URL { try E2E.temp() }
}

struct CheckCommandTests {
    @Test func cleanBotExitsZero() throws {
        let r = try FlowcRun.run(["check", "examples/shop"])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.hasPrefix("ok: "))
    }

    @Test("a bot's flows/ or tests/ folder is checked as its bot", arguments: [
        "examples/shop/flows", "examples/shop/flows/", "examples/shop/tests",
    ])
    func flowsFolderIsTheBot(_ path: String) throws {
        let r = try FlowcRun.run(["check", "--strict", path])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.hasPrefix("ok: 9 files checked"), "\(r.stdout)")
    }

    @Test("a check that cannot run still writes a document in json and sarif, and exits 2")
    func failureDocuments() throws {
        let json = try FlowcRun.run(["check", "--format", "json", "no/such/bot"])
        #expect(json.status == 2)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((object["error"] as? String)?.contains("no/such/bot") == true)
        #expect((object["diagnostics"] as? [Any])?.isEmpty == true)
        let sarif = try FlowcRun.run(["check", "--format", "sarif", "no/such/bot"])
        #expect(sarif.status == 2)
        let log = try #require(try JSONSerialization.jsonObject(with: Data(sarif.stdout.utf8)) as? [String: Any])
        let run = try #require((log["runs"] as? [[String: Any]])?.first)
        #expect((run["invocations"] as? [[String: Any]])?.first?["executionSuccessful"] as? Bool == false)
        #expect(json.stderr.contains("no such file"))
    }

    func brokenFlow() throws -> String {
        let dir = try FlowcRun.temporaryDirectory()
        let file = dir.appendingPathComponent("broken.yaml")
        try """
            flow: broken
            steps:
              ask_qty:
                ask: "¿Cuántas?"
                save: qty
                expect: number
                timout: 5m
              done:
                end: "Son {{qtty}} ({{qty}})"
            """.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    @Test func errorsExitOneWithRustcStyleText() throws {
        let path = try brokenFlow()
        let r = try FlowcRun.run(["check", path])
        #expect(r.status == 1)
        #expect(r.stdout.contains("\(path):7:5: error[unknown-key]: unknown key `timout`"))
        #expect(r.stdout.contains("  7 |     timout: 5m\n    |     ^^^^^^\n  help: did you mean `timeout`?"))
        #expect(r.stdout.contains("\(path):9:17: error[unknown-variable]: unknown variable `qtty`"))
        #expect(r.stdout.contains("2 errors, 0 warnings in 1 file"))
        #expect(!r.stdout.contains("\u{1B}["), "no colour when not on a terminal")
    }

    @Test func jsonFormat() throws {
        let r = try FlowcRun.run(["check", "--format", "json", try brokenFlow()])
        #expect(r.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let rules = (object["diagnostics"] as? [[String: Any]])?.compactMap { $0["rule"] as? String }
        #expect(rules == ["unknown-key", "unknown-variable"])
    }

    @Test func githubAndSarifFormats() throws {
        let path = try brokenFlow()
        let gh = try FlowcRun.run(["check", "--format", "github", path])
        #expect(gh.stdout.split(separator: "\n").allSatisfy { $0.hasPrefix("::error file=") })
        let sarif = try FlowcRun.run(["check", "--format", "sarif", path])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(sarif.stdout.utf8)) as? [String: Any])
        #expect(object["version"] as? String == "2.1.0")
    }

    @Test func strictTurnsWarningsIntoErrors() throws {
        let dir = try FlowcRun.temporaryDirectory()
        let file = dir.appendingPathComponent("warn.yaml")
        try "flow: warn\nsteps:\n  a:\n    set: {gift: true}\n  b:\n    end: Chau\n".write(to: file, atomically: true, encoding: .utf8)
        let lenient = try FlowcRun.run(["check", file.path])
        #expect(lenient.status == 0)
        #expect(lenient.stdout.contains("warning[unused-variable]"))
        let strict = try FlowcRun.run(["check", "--strict", file.path])
        #expect(strict.status == 1)
        #expect(strict.stdout.contains("error[unused-variable]"))
    }

    @Test("a bot folder without bot.yaml: the flows that call each other say that bot.yaml is missing")
    func aBotFolderWithoutBotYAML() throws {
        let dir = try FlowcRun.temporaryDirectory().appendingPathComponent("tienda")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("flows"), withIntermediateDirectories: true)
        try "flow: main\nsteps:\n  a:\n    call: other\n".write(to: dir.appendingPathComponent("flows/main.yaml"), atomically: true, encoding: .utf8)
        try "flow: other\nsteps:\n  b:\n    return: hola\n".write(to: dir.appendingPathComponent("flows/other.yaml"), atomically: true, encoding: .utf8)
        let r = try FlowcRun.run(["check", dir.path])
        #expect(r.status == 1, "\(r)")
        #expect(r.stdout.contains("error[unknown-flow]: there is no flow `other`"), "\(r)")
        #expect(r.stdout.contains("help: `\(dir.path)/` has no bot.yaml: add one (`bot:`, `name:`, `start:`)"), "\(r)")
    }

    @Test("a link back to a folder above is not walked into: each file is checked once")
    func aSymbolicLinkLoopIsWalkedOnce() throws {
        let dir = try FlowcRun.temporaryDirectory()
        try "flow: x\nsteps:\n  a:\n    say: hola\n".write(to: dir.appendingPathComponent("x.yaml"), atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("sub/up").path, withDestinationPath: "..")
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("self").path, withDestinationPath: ".")
        let r = try FlowcRun.run(["check", dir.path])
        #expect(r.status == 0 && r.stdout == "ok: 1 file checked, no problems\n", "\(r)")
        // Two folders linking to each other: each walked once.
        let pair = try FlowcRun.temporaryDirectory()
        for (name, other) in [("a", "b"), ("b", "a")] {
            try FileManager.default.createDirectory(at: pair.appendingPathComponent(name), withIntermediateDirectories: true)
            try "flow: f\(name)\nsteps:\n  s:\n    say: hola\n".write(to: pair.appendingPathComponent("\(name)/\(name).yaml"), atomically: true, encoding: .utf8)
            try FileManager.default.createSymbolicLink(atPath: pair.appendingPathComponent("\(name)/to\(other)").path, withDestinationPath: "../\(other)")
        }
        let both = try FlowcRun.run(["check", pair.path])
        #expect(both.status == 0 && both.stdout == "ok: 2 files checked, no problems\n", "\(both)")
    }

    @Test("one file of a bot whose other file has an error: its own problems only, and the summary counts the others")
    func oneFileOfABrokenBotIsNotCalledClean() throws {
        let dir = try FlowcRun.temporaryDirectory()
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("flows"), withIntermediateDirectories: true)
        try "bot: shop\nstart: main\n".write(to: dir.appendingPathComponent("bot.yaml"), atomically: true, encoding: .utf8)
        try "flow: main\nsteps:\n  a:\n    end: hola\n".write(to: dir.appendingPathComponent("flows/main.yaml"), atomically: true, encoding: .utf8)
        try "flow: otro\ntriggers:\n  - keywords: [otro]\nsteps:\n  a:\n    goto: nada\n".write(to: dir.appendingPathComponent("flows/otro.yaml"), atomically: true, encoding: .utf8)
        let r = try FlowcRun.run(["check", dir.appendingPathComponent("flows/main.yaml").path])
        // The exit status is the file's (README: only its own problems are shown); the bot folder's check fails.
        #expect(r.status == 0, "\(r)")
        #expect(r.stdout == "3 files checked, no problems in the file given; 1 error in other files of the bot (run flowc check \(dir.path))\n", "\(r)")
        let whole = try FlowcRun.run(["check", dir.path])
        #expect(whole.status == 1 && whole.stdout.contains("1 error, 0 warnings in 3 files\n"), "\(whole)")
        // The other file given too (a pre-commit hook's `flowc check $(git diff --name-only)`), or the
        // bot with it: its error is shown once and not counted again as elsewhere.
        for also in [dir.appendingPathComponent("flows/otro.yaml").path, dir.path] {
            let two = try FlowcRun.run(["check", dir.appendingPathComponent("flows/main.yaml").path, also])
            #expect(two.status == 1 && two.stdout.hasSuffix("\n1 error, 0 warnings in 3 files\n"), "\(two)")
        }
    }

    @Test("a step of another flow named alone: the help says to write FLOW.STEP")
    func otherFlowStepHint() throws {
        let r = try FlowcRun.run(["check", "Tests/FlowCheckerTests/Corpus/invalid/target_step_of_other_flow"])
        #expect(r.status == 1 && r.stdout.contains("help: `ask_name` is a step of flow `order`: write `order.ask_name`"), "\(r)")
    }

    @Test("a flow file whose `flow:` id is not its file name: the help says which file declares what")
    func flowIdOtherThanItsFileName() throws {
        let dir = try FlowcRun.temporaryDirectory()
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("flows"), withIntermediateDirectories: true)
        try "bot: s\nstart: main\n".write(to: dir.appendingPathComponent("bot.yaml"), atomically: true, encoding: .utf8)
        try "flow: main\nsteps:\n  a:\n    call: support\n  b:\n    end: chau\n".write(to: dir.appendingPathComponent("flows/main.yaml"), atomically: true, encoding: .utf8)
        try "flow: soporte\nsteps:\n  x:\n    return: hola\n".write(to: dir.appendingPathComponent("flows/support.yaml"), atomically: true, encoding: .utf8)
        let r = try FlowcRun.run(["check", dir.path])
        #expect(r.status == 1 && r.stdout.contains("help: flows/support.yaml declares `flow: soporte`: write `flow: support` there"), "\(r)")
    }

    @Test func versionSaysTheFormats() throws {
        let r = try FlowcRun.run(["--version"])
        #expect(r.status == 0 && r.stdout.hasPrefix("flowc ") && r.stdout.contains("flow format v1, bundle format "), "\(r)")
    }

    /// No command is a command line that cannot run: the help on stderr, exit 2; `--help` asked for it: stdout, exit 0.
    @Test func noArgumentsIsAUsageError() throws {
        let bare = try FlowcRun.run([])
        #expect(bare.status == 2, "\(bare)")
        #expect(bare.stdout.isEmpty && bare.stderr.contains("USAGE: flowc") && bare.stderr.contains("check"), "\(bare)")
        let help = try FlowcRun.run(["--help"])
        #expect(help.status == 0 && help.stdout.contains("USAGE: flowc") && help.stderr.isEmpty, "\(help)")
    }

    /// A folder flowc may not read is said to be one (exit 2), not taken for an empty folder. As
    /// root (who reads any folder) flowc runs as `nobody`.
    @Test(.enabled(if: getuid() != 0 || E2E.which("setpriv") != nil))
    func anUnreadableFolderSaysSo() throws {
        let dir = try FlowcRun.temporaryDirectory()
        chmod(dir.path, 0o755)
        let bot = dir.appendingPathComponent("bot")
        try E2E.write("bot: s\nstart: main\n", to: bot, "bot.yaml")
        try E2E.write("flow: main\nsteps:\n  a:\n    end: chau\n", to: bot, "flows/main.yaml")
        chmod(bot.path, 0)
        defer { chmod(bot.path, 0o755) }
        func check(_ path: String) throws -> E2ERun {
            guard getuid() == 0, let setpriv = E2E.which("setpriv") else { return try E2E.flowc(["check", path]) }
            return try E2E.run(setpriv, ["--reuid=65534", "--regid=65534", "--clear-groups", E2E.flowcPath, "check", path])
        }
        let r = try check(bot.path)
        #expect(r.exitedCleanly && r.status == 2, "\(r)")
        #expect(r.stderr.contains("\(bot.path): the folder cannot be read (permission denied)"), "\(r)")
        #expect(!r.stderr.contains("no bot (bot.yaml)"), "\(r)")
        // A bot whose flows/ cannot be read is not a bot without flows.
        chmod(bot.path, 0o755)
        chmod(bot.appendingPathComponent("flows").path, 0)
        defer { chmod(bot.appendingPathComponent("flows").path, 0o755) }
        let flows = try check(bot.path)
        #expect(flows.exitedCleanly && flows.status == 2, "\(flows)")
        #expect(flows.stderr.contains("\(bot.appendingPathComponent("flows").path): the folder cannot be read (permission denied)"), "\(flows)")
    }

    @Test func missingPathAndBadArgumentsExitTwo() throws {
        let missing = try FlowcRun.run(["check", "/nonexistent/bot"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("/nonexistent/bot: no such file or directory"))
        // With a good path beside it, the good one is still checked and reported; exit 2.
        let broken = try FlowcRun.temporaryDirectory().appendingPathComponent("broken.yaml")
        try "flow: b\nsteps:\n  a: {goto: nowhere}\n".write(to: broken, atomically: true, encoding: .utf8)
        let mixed = try FlowcRun.run(["check", broken.path, "/nonexistent/bot"])
        #expect(mixed.status == 2, "\(mixed)")
        #expect(mixed.stdout.contains("error[unknown-target]"), "\(mixed)")
        #expect(mixed.stdout.contains("1 path could not be checked"), "\(mixed)")
        #expect(mixed.stderr.contains("/nonexistent/bot: no such file or directory"), "\(mixed)")
        // A CI tool reading only the machine format learns of the path that was skipped too.
        let json = try FlowcRun.run(["check", broken.path, "/nonexistent/bot", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(json.status == 2 && object["errors"] as? Int == 1, "\(json)")
        #expect((object["error"] as? String)?.contains("/nonexistent/bot: no such file or directory") == true, "\(json)")
        let sarif = try FlowcRun.run(["check", broken.path, "/nonexistent/bot", "--format", "sarif"])
        let runs = try #require((try JSONSerialization.jsonObject(with: Data(sarif.stdout.utf8)) as? [String: Any])?["runs"] as? [[String: Any]])
        let invocation = try #require((runs.first?["invocations"] as? [[String: Any]])?.first)
        #expect(invocation["executionSuccessful"] as? Bool == false && (runs.first?["results"] as? [Any])?.count == 1, "\(sarif.stdout)")
        let github = try FlowcRun.run(["check", broken.path, "/nonexistent/bot", "--format", "github"])
        #expect(github.stdout.contains("::error title=flowc::/nonexistent/bot: no such file or directory"), "\(github)")
        let badFormat = try FlowcRun.run(["check", "--format", "xml", "examples/shop"])
        #expect(badFormat.status == 2)
        let noPath = try FlowcRun.run(["check"])
        #expect(noPath.status == 2)
        // A folder with no bot and no flow in it is a wrong path, not a clean bot.
        let empty = try FlowcRun.temporaryDirectory()
        try "notes\n".write(to: empty.appendingPathComponent("README.md"), atomically: true, encoding: .utf8)
        let nothing = try FlowcRun.run(["check", empty.path])
        #expect(nothing.status == 2, "\(nothing)")
        #expect(nothing.stderr.contains("nothing to check"), "\(nothing)")
    }

    @Test func aBrokenLinkOrSpecialFileInAFolderExitsTwo() throws {
        let bot = try FlowcRun.temporaryDirectory()
        let flows = bot.appendingPathComponent("flows")
        try E2E.write("bot: shop\nstart: menu\n", to: bot, "bot.yaml")
        try E2E.write("flow: menu\nsteps:\n  hi:\n    end: Hola\n", to: bot, "flows/menu.yaml")
        #expect(try FlowcRun.run(["check", bot.path]).status == 0)
        // A link whose file is gone is not skipped in silence: the bot cannot be read whole.
        try FileManager.default.createSymbolicLink(atPath: flows.appendingPathComponent("gone.yaml").path,
                                                   withDestinationPath: "/nonexistent/flow.yaml")
        let gone = try FlowcRun.run(["check", bot.path])
        #expect(gone.status == 2, "\(gone)")
        #expect(gone.stderr.contains("gone.yaml: cannot be read"), "\(gone)")
        // An editor's lock file (a dangling link named `.#…`) is not one of the bot's files.
        try FileManager.default.createDirectory(at: bot.appendingPathComponent("tests"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: bot.appendingPathComponent("tests/.#menu.test.yaml").path,
                                                   withDestinationPath: "ana@host.1234:1700000000")
        // Other broken links (not YAML) are none of flowc's business.
        try FileManager.default.removeItem(atPath: flows.appendingPathComponent("gone.yaml").path)
        try FileManager.default.createSymbolicLink(atPath: bot.appendingPathComponent("notes.txt").path,
                                                   withDestinationPath: "/nonexistent/notes.txt")
        #expect(try FlowcRun.run(["check", bot.path]).status == 0)
        // The same in a folder of lone flows.
        let lone = try FlowcRun.temporaryDirectory()
        try E2E.write("flow: menu\nsteps:\n  hi:\n    end: Hola\n", to: lone, "menu.yaml")
        #expect(try FlowcRun.run(["check", lone.path]).status == 0)
        try FileManager.default.createSymbolicLink(atPath: lone.appendingPathComponent("old.yml").path,
                                                   withDestinationPath: "/nonexistent/old.yml")
        let loneGone = try FlowcRun.run(["check", lone.path])
        #expect(loneGone.status == 2 && loneGone.stderr.contains("old.yml: cannot be read"), "\(loneGone)")
    }

    @Test func aFlowInsideABotIsCheckedWithItsBot() throws {
        let r = try FlowcRun.run(["check", "examples/shop/flows/order.yaml"])
        #expect(r.status == 0, "cross-flow targets resolve through the bot: \(r.stdout)")
    }

    @Test func aFlowNamingABrokenSiblingIsNotClean() throws {
        let bot = try FlowcRun.temporaryDirectory()
        let flows = bot.appendingPathComponent("flows")
        try E2E.write("bot: shop\nstart: menu\n", to: bot, "bot.yaml")
        try E2E.write("flow: menu\nsteps:\n  buy:\n    call: order\n", to: bot, "flows/menu.yaml")
        try E2E.write("flow: order\nsteps:\n  hi:\n    say: Horario: de 9 a 19\n", to: bot, "flows/order.yaml")
        // The whole bot: the broken file's own error, once.
        let whole = try FlowcRun.run(["check", bot.path])
        #expect(whole.status == 1)
        #expect(whole.stdout.contains("error[yaml-syntax]") && !whole.stdout.contains("unknown-flow"), "\(whole.stdout)")
        // Only the flow that names it: that name is an error there, since the broken file is not shown.
        let one = try FlowcRun.run(["check", flows.appendingPathComponent("menu.yaml").path])
        #expect(one.status == 1, "\(one.stdout)")
        #expect(one.stdout.contains("error[unknown-flow]: flow `order` is in a file that does not read as a flow"), "\(one.stdout)")
    }

    @Test func explainPrintsARule() throws {
        let r = try FlowcRun.run(["explain", "unknown-target"])
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("error[unknown-target]:"))
        let typo = try FlowcRun.run(["explain", "unknown-targt"])
        #expect(typo.status == 2)
        #expect(typo.stderr.contains("did you mean `unknown-target`?"))
        // A rule's words shortened: the rule they start.
        let short = try FlowcRun.run(["explain", "unused-var"])
        #expect(short.status == 2)
        #expect(short.stderr.contains("did you mean `unused-variable`?"))
    }

    @Test func rulesMarkdownIsGenerated() throws {
        let r = try FlowcRun.run(["explain", "--markdown"])
        let committed = try String(contentsOf: FlowcRun.root.appendingPathComponent("grammar/rules.md"), encoding: .utf8)
        #expect(r.stdout == committed, "grammar/rules.md is stale: run `flowc explain --markdown > grammar/rules.md`")
    }

    /// `explain RULE --markdown`: that rule's entry, as the catalogue has it (not the whole catalogue).
    @Test func explainOneRuleAsMarkdown() throws {
        let r = try FlowcRun.run(["explain", "unknown-target", "--markdown"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("## unknown-target\n\n"), "\(r.stdout)")
        #expect(!r.stdout.contains("# Diagnostic rules") && r.stdout.components(separatedBy: "\n## ").count == 1, "\(r.stdout)")
        let committed = try String(contentsOf: FlowcRun.root.appendingPathComponent("grammar/rules.md"), encoding: .utf8)
        #expect(committed.contains("\n" + r.stdout), "the entry as grammar/rules.md has it:\n\(r.stdout)")
        let typo = try FlowcRun.run(["explain", "unknown-targt", "--markdown"])
        #expect(typo.status == 2 && typo.stderr.contains("did you mean `unknown-target`?"), "\(typo.stderr)")
    }
}
