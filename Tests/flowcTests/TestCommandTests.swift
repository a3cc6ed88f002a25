import Foundation
import Testing

#if canImport(FoundationXML)
import FoundationXML
#endif

/// `flowc test`: exit 0 when all pass, 1 when any fails (expected vs got, with the step), `--junit FILE` (spec §4).
struct TestCommandTests {
    static let passingSuite = """
        flow: main
        tests:
          - name: greets and asks
            contact: {id: c1, name: Ana}
            conversation:
              - user: hola
              - bot: "Hola Ana (c1) plan=none"
              - bot: "¿Qué color te gusta?"
              - user: rojo
              - bot: "Elegiste rojo"
            expect:
              vars: {color: rojo}
              ended: true
          - name: silence fires the timeout
            contact: {name: Ana}
            vars: {plan: gold}
            conversation:
              - user: hola
              - bot: {contains: "plan=gold"}
              - bot: {matches: "^¿Qué color"}
              - wait: 20m
              - bot: "¿Seguís ahí? Pasaron 15 minutos."
            expect:
              ended: true

        """

    static let failingSuite = """
        flow: main
        tests:
          - name: wrong color answer
            contact: {id: c1, name: Ana}
            conversation:
              - user: hola
              - bot: {contains: "Hola Ana"}
              - bot: "¿Qué color te gusta?"
              - user: azul
              - bot: "Elegiste verde"

        """

    /// A bot folder holding `tests` (name → content).
    static func bot(tests: [String: String]) throws -> URL {
        let dir = try ProbeBot.write()
        for (name, text) in tests { try E2E.write(text, to: dir, "tests/\(name)") }
        return dir
    }

    static func closingLine(_ r: E2ERun) -> String {
        r.stdout.split(separator: "\n").last.map(String.init) ?? ""
    }

    @Test func shopSuitePasses() throws {
        let r = try E2E.flowc(["test", E2E.shop])
        #expect(r.exitedCleanly && r.status == 0, "\(r)")
        let closing = Self.closingLine(r)
        let match = closing.wholeMatch(of: /(\d+) passed, 0 failed/)
        #expect(match != nil, "\(r)")
        #expect((match.flatMap { Int($0.1) } ?? 0) >= 3, "the shop's order tests ran: \(r)")
        #expect(r.stdout.contains("✓ examples/shop/tests/order.test.yaml › compra dos mates y confirma")
                || r.stdout.contains("› compra dos mates y confirma"), "\(r)")
        #expect(!r.stdout.contains("✗"), "\(r)")
    }

    /// flow-format.md §2's order flow, unchanged, with the flows it names and §4's test: it is
    /// not refused for `order` being unset on the `bulk` path (a json value: a warning), and passes.
    @Test func theContractsOwnExamplePassesItsOwnTest() throws {
        let bot = FlowcRun.root.appendingPathComponent("Tests/FlowCheckerTests/Corpus/invalid/spec_order_example").path
        let check = try E2E.flowc(["check", bot])
        #expect(check.exitedCleanly && check.status == 0, "\(check)")
        #expect(check.stdout.contains("warning[maybe-unset]") && !check.stdout.contains("error["), "\(check)")
        let r = try E2E.flowc(["test", bot])
        #expect(r.exitedCleanly && r.status == 0, "\(r)")
        #expect(r.stdout.contains("✓ ") && r.stdout.contains("buys three small"), "\(r)")
        #expect(Self.closingLine(r) == "1 passed, 0 failed", "\(r)")
        // `flowc test [PATH...]`: without a path, the current folder.
        let here = try E2E.run(E2E.flowcPath, ["test"], cwd: URL(fileURLWithPath: bot))
        #expect(here.exitedCleanly && here.status == 0, "\(here)")
        #expect(Self.closingLine(here) == "1 passed, 0 failed", "\(here)")
    }

    /// The one-flow-per-feature examples keep passing their own conversation tests.
    @Test func featureFlowsSuitePasses() throws {
        let r = try E2E.flowc(["test", FlowcRun.root.appendingPathComponent("flows").path])
        #expect(r.exitedCleanly && r.status == 0, "\(r)")
        #expect(Self.closingLine(r).hasSuffix(" passed, 0 failed"), "\(r)")
        #expect(!r.stdout.contains("✗"), "\(r)")
    }

    /// The contract fixes the form of bot ids only: flows and steps in camelCase or with dashes
    /// run, and a test names camelCase variables as the flow does.
    @Test func camelCaseAndDashedIdsRun() throws {
        let bot = FlowcRun.root.appendingPathComponent("Tests/FlowCheckerTests/Corpus/valid/camel_case_and_dashed_ids")
        let r = try E2E.flowc(["test", bot.path])
        #expect(r.exitedCleanly && r.status == 0, "\(r)")
        #expect(Self.closingLine(r) == "1 passed, 0 failed", "\(r)")
    }

    /// WhatsApp's limits fail `flowc check`, but `flowc test` (no WhatsApp there) still runs the
    /// conversations, and `flowc chat` too, with the limits shown as warnings.
    @Test func providerLimitsDoNotKeepTestsAndChatFromRunning() throws {
        let dir = try E2E.temp()
        try E2E.write("bot: b\nstart: main\nlocale: es-AR\n", to: dir, "bot/bot.yaml")
        try E2E.write("""
            flow: main
            steps:
              m:
                menu: "¿Qué querés?"
                options:
                  a: Hablar con una persona del equipo
                  b: Ver el catálogo completo de productos
                save: pick
              e: {end: "ok {{pick}}"}

            """, to: dir, "bot/flows/main.yaml")
        try E2E.write("""
            tests:
              - name: long labels
                conversation:
                  - user: hola
                  - bot: {menu: ["Hablar con una persona del equipo", "Ver el catálogo completo de productos"]}
                  - user: "2"
                  - bot: "ok b"

            """, to: dir, "bot/tests/main.test.yaml")
        let bot = dir.appendingPathComponent("bot").path
        let check = try E2E.flowc(["check", bot])
        #expect(check.status == 1 && check.stdout.contains("error[button-title-too-long]"), "\(check)")
        let test = try E2E.flowc(["test", bot])
        #expect(test.exitedCleanly && test.status == 0, "\(test)")
        #expect(Self.closingLine(test) == "1 passed, 0 failed", "\(test)")
        let chat = try E2E.flowc(["chat", bot, "--jsonl"], input: "hola\n1\n")
        #expect(chat.exitedCleanly && chat.status == 0, "\(chat)")
        #expect(chat.stdout.contains(#"{"text":"ok a"}"#), "\(chat)")
        #expect(chat.stderr.contains("warning[button-title-too-long]"), "\(chat)")
        // `flowc test` shows them too, on stderr (stdout is the tests' own report).
        #expect(test.stderr.contains("warning[button-title-too-long]") && !test.stdout.contains("warning["), "\(test)")
    }

    /// Two bots in one run each have a `main`: coverage names each flow with its bot.
    @Test func coverageOfSeveralBotsNamesTheBot() throws {
        let shop = E2E.shop
        let other = FlowcRun.root.appendingPathComponent("Tests/FlowCheckerTests/Corpus/valid/camel_case_and_dashed_ids").path
        let r = try E2E.flowc(["test", shop, other])
        #expect(r.exitedCleanly && r.status == 0, "\(r)")
        let coverage = r.stdout.split(separator: "\n").filter { $0.hasPrefix("coverage ") }
        #expect(!coverage.isEmpty && coverage.allSatisfy { $0.contains(" › ") }, "\(r)")
        #expect(coverage.contains { $0.hasPrefix("coverage \(shop) › main: ") }, "\(r)")
        let alone = try E2E.flowc(["test", shop])
        #expect(alone.stdout.contains("\ncoverage main: "), "\(alone)")
    }

    /// A bot with no `data:` in bot.yaml queries the SQLite files of its data/ folder (§5).
    @Test func dataSourcesAreTheFilesInData() throws {
        let bot = FlowcRun.root.appendingPathComponent("Tests/FlowCheckerTests/Corpus/valid/query_discovered_source")
        let r = try E2E.flowc(["test", bot.path])
        #expect(r.exitedCleanly && r.status == 0, "\(r)")
        #expect(Self.closingLine(r) == "1 passed, 0 failed", "\(r)")
    }

    /// flow-format.md's own example bot (§1, §2) runs its own conversation test (§4).
    @Test func theContractsExampleTestPasses() throws {
        let bot = FlowcRun.root.appendingPathComponent("Tests/FlowCheckerTests/Corpus/invalid/spec_order_example")
        let r = try E2E.flowc(["test", bot.path])
        #expect(r.exitedCleanly && r.status == 0, "\(r)")
        #expect(r.stdout.contains("› buys three small"), "\(r)")
        #expect(Self.closingLine(r) == "1 passed, 0 failed", "\(r)")
    }

    @Test func passingSuiteOfATempBot() throws {
        let dir = try Self.bot(tests: ["main.test.yaml": Self.passingSuite])
        let r = try E2E.flowc(["test", dir.path])
        #expect(r.exitedCleanly && r.status == 0, "\(r)")
        #expect(Self.closingLine(r) == "2 passed, 0 failed", "\(r)")
        #expect(r.stdout.contains("› greets and asks"))
        #expect(r.stdout.contains("› silence fires the timeout"))
    }

    /// Run from inside the bot's tests/ folder, a test file given by its bare name is still its bot's
    /// (it was "its flow is not beside it"), and `check` cross-checks it against the bot's flows.
    @Test func aTestFileNamedFromInsideTheTestsFolder() throws {
        let dir = try Self.bot(tests: ["main.test.yaml": Self.passingSuite,
                                       "typo.test.yaml": "flow: mian\ntests:\n  - name: t\n    conversation:\n      - user: hola\n"])
        let tests = dir.appendingPathComponent("tests")
        for arguments in [["test", "main.test.yaml"], ["test", "./main.test.yaml"]] {
            let r = try E2E.run(E2E.flowcPath, arguments, cwd: tests)
            #expect(r.exitedCleanly && r.status == 0, "\(arguments): \(r)")
            #expect(Self.closingLine(r) == "2 passed, 0 failed", "\(arguments): \(r)")
        }
        let check = try E2E.run(E2E.flowcPath, ["check", "typo.test.yaml"], cwd: tests)
        #expect(check.status == 1, "\(check)")
        #expect(check.stdout.contains("unknown-flow") && check.stdout.contains("main"), "\(check)")
    }

    /// A path that holds no tests cannot pass CI by accident.
    @Test func noTestsFoundExitsTwo() throws {
        let dir = try E2E.temp()
        try E2E.write("flow: main\nsteps:\n  hi:\n    end: hola\n", to: dir, "main.yaml")
        for r in [try E2E.flowc(["test", dir.path]), try E2E.run(E2E.flowcPath, ["test"], cwd: dir)] {
            #expect(r.exitedCleanly && r.status == 2, "\(r)")
            #expect(r.stderr.contains("no tests found"), "\(r)")
            #expect(r.stdout.isEmpty, "no `0 passed, 0 failed` when nothing ran: \(r)")
        }
    }

    @Test func aWrongExpectationFailsWithExpectedGotAndStep() throws {
        let dir = try Self.bot(tests: ["main.test.yaml": Self.failingSuite])
        let file = dir.appendingPathComponent("tests/main.test.yaml").path
        let r = try E2E.flowc(["test", dir.path])
        #expect(r.exitedCleanly && r.status == 1, "\(r)")
        #expect(Self.closingLine(r) == "0 passed, 1 failed", "\(r)")
        #expect(r.stdout.contains("✗ \(file):3 › wrong color answer"), "\(r)")
        #expect(r.stdout.contains("expected \"Elegiste verde\""), "\(r)")
        #expect(r.stdout.contains("got      \"Elegiste azul\""), "\(r)")
        // Where the conversation was: the file:line of the expectation and the step.
        #expect(r.stdout.contains("at \(file):10 (conversation at main.done):"), "the line and the step: \(r)")
    }

    @Test func aMissingBotMessageFails() throws {
        let suite = """
            flow: main
            tests:
              - name: expects more than the bot says
                conversation:
                  - user: hola
                  - bot: {contains: "Hola"}
                  - bot: {contains: "color"}
                  - bot: "¿Algo más?"

            """
        let dir = try Self.bot(tests: ["more.test.yaml": suite])
        let r = try E2E.flowc(["test", dir.path])
        #expect(r.status == 1, "\(r)")
        #expect(r.stdout.contains("but it said nothing more"), "\(r)")
        #expect(r.stdout.contains("main.ask_color"), "the step where it waits: \(r)")
    }

    @Test func anUnexpectedExtraMessageFails() throws {
        let suite = """
            flow: main
            tests:
              - name: forgets the question
                conversation:
                  - user: hola
                  - bot: {contains: "Hola"}

            """
        let dir = try Self.bot(tests: ["extra.test.yaml": suite])
        let r = try E2E.flowc(["test", dir.path])
        #expect(r.status == 1, "\(r)")
        #expect(r.stdout.contains("¿Qué color te gusta?"), "the extra message is shown: \(r)")
        // With the test file's line it comes after (the last `bot:`) and the step, as any failure.
        let file = dir.appendingPathComponent("tests/extra.test.yaml").path
        #expect(r.stdout.contains("at \(file):6 (conversation at main."), "\(r)")
    }

    @Test func anUnmatchedHTTPRequestFailsTheTest() throws {
        let suite = """
            flow: api
            tests:
              - name: mocked
                env: {API_URL: "https://api.test"}
                http:
                  - match: {method: GET, url: "https://api.test/thing"}
                    json: {id: 5}
                conversation:
                  - user: api
                  - bot: "La API dijo 5"
              - name: not mocked
                env: {API_URL: "https://api.test"}
                conversation:
                  - user: api
                  - bot: "Falló la API"
              - name: mock for another url
                env: {API_URL: "https://api.test"}
                http:
                  - match: {method: GET, url: "https://api.test/other"}
                    json: {id: 5}
                conversation:
                  - user: api
                  - bot: "Falló la API"

            """
        let dir = try Self.bot(tests: ["api.test.yaml": suite])
        let r = try E2E.flowc(["test", dir.path])
        #expect(r.exitedCleanly && r.status == 1, "\(r)")
        #expect(Self.closingLine(r) == "1 passed, 2 failed", "\(r)")
        #expect(r.stdout.contains("✓ ") && r.stdout.contains("› mocked"), "\(r)")
        #expect(r.stdout.contains("HTTP request GET https://api.test/thing (made at api.fetch) matches no mock"), "\(r)")
        #expect(r.stdout.occurrences(of: "matches no mock") == 2, "\(r)")
    }

    @Test func junitReportIsWellFormedXML() throws {
        let dir = try Self.bot(tests: ["main.test.yaml": Self.passingSuite, "zfail.test.yaml": Self.failingSuite])
        let report = try E2E.temp().appendingPathComponent("junit.xml").path
        let r = try E2E.flowc(["test", dir.path, "--junit", report])
        #expect(r.exitedCleanly && r.status == 1, "\(r)")
        #expect(Self.closingLine(r) == "2 passed, 1 failed", "\(r)")
        let data = try Data(contentsOf: URL(fileURLWithPath: report))

        // Well-formed: an XML parser reads it to the end, and it has the JUnit shape.
        final class Collector: NSObject, XMLParserDelegate {
            var stack: [String] = []
            var paths: [String] = []
            var attributes: [[String: String]] = []
            var failureText = ""
            func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                        attributes attributeDict: [String: String] = [:]) {
                stack.append(name)
                paths.append(stack.joined(separator: "/"))
                attributes.append(attributeDict)
            }
            func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
                stack.removeLast()
            }
            func parser(_ parser: XMLParser, foundCharacters string: String) {
                if stack.last == "failure" { failureText += string }
            }
        }
        let parser = XMLParser(data: data)
        let collector = Collector()
        parser.delegate = collector
        #expect(parser.parse(), "XML parse error: \(String(describing: parser.parserError))\n\(String(decoding: data, as: UTF8.self))")
        #expect(collector.paths.first == "testsuites")
        let cases = collector.paths.indices.filter { collector.paths[$0] == "testsuites/testsuite/testcase" }
        #expect(cases.count == 3, "\(collector.paths)")
        let names = Set(cases.compactMap { collector.attributes[$0]["name"] })
        #expect(names == ["greets and asks", "silence fires the timeout", "wrong color answer"])
        let failures = collector.paths.indices.filter { collector.paths[$0] == "testsuites/testsuite/testcase/failure" }
        #expect(failures.count == 1)
        #expect(failures.first.flatMap { collector.attributes[$0]["message"] }?.isEmpty == false)
        #expect(collector.failureText.contains("Elegiste verde") && collector.failureText.contains("Elegiste azul"), "\(collector.failureText)")
        #expect(collector.attributes.first?["tests"] == "3" && collector.attributes.first?["failures"] == "1", "\(collector.attributes.first ?? [:])")
        let suites = collector.paths.indices.filter { collector.paths[$0] == "testsuites/testsuite" }
        #expect(suites.count == 2, "one testsuite per file")
        // Every `time` is an xs:decimal (the JUnit schema's type): digits, a point, digits.
        let times = collector.attributes.compactMap { $0["time"] }
        #expect(times.count == 1 + 2 + 3, "\(collector.attributes)")
        #expect(times.allSatisfy { $0.wholeMatch(of: /[0-9]+\.[0-9]{3}/) != nil }, "\(times)")
    }

    /// A bot that does not build fails its tests with its errors named, in the JUnit file too
    /// (CI shows the file, not the terminal).
    @Test func junitOfABrokenBotNamesItsErrors() throws {
        let dir = try Self.bot(tests: ["main.test.yaml": Self.passingSuite])
        try E2E.write("flow: extra\nsteps:\n  go:\n    goto: byee\n", to: dir, "flows/extra.yaml")
        let report = try E2E.temp().appendingPathComponent("junit.xml").path
        let r = try E2E.flowc(["test", dir.path, "--junit", report])
        #expect(r.exitedCleanly && r.status == 1, "\(r)")
        let xml = try String(contentsOfFile: report, encoding: .utf8)
        #expect(xml.contains("error[unknown-target]") && xml.contains("extra.yaml:4:11"), "\(xml)")
    }

    @Test func junitEscapesMarkupInNamesAndMessages() throws {
        let suite = """
            flow: echo
            tests:
              - name: "quotes \\" & <angles> 'apos'"
                conversation:
                  - user: eco
                  - bot: "Decime algo"
              - name: "control \\u0001 and non-characters \\uFFFE \\uFFFF end"
                conversation:
                  - user: eco
                  - bot: "Decime algo"
                  - user: "<b>&amp;</b>"
                  - bot: "Dijiste: <i>"

            """
        let dir = try Self.bot(tests: ["markup.test.yaml": suite])
        let report = try E2E.temp().appendingPathComponent("junit.xml").path
        let r = try E2E.flowc(["test", dir.path, "--junit", report])
        #expect(r.status == 1, "\(r)")
        let data = try Data(contentsOf: URL(fileURLWithPath: report))
        let parser = XMLParser(data: data)
        #expect(parser.parse(), "XML parse error: \(String(describing: parser.parserError))\n\(String(decoding: data, as: UTF8.self))")
        #expect(String(decoding: data, as: UTF8.self).contains("control   and non-characters \u{FFFD} \u{FFFD} end"))
    }

    @Test func aLoneFlowWithItsTestFile() throws {
        let dir = try E2E.temp()
        try E2E.write("""
            flow: solo
            vars:
              n: number
            steps:
              ask_n:
                ask: "¿Un número?"
                save: n
              done:
                end: "El doble es {{n * 2}}"

            """, to: dir, "solo.yaml")
        let test = try E2E.write("""
            flow: solo
            tests:
              - name: doubles
                conversation:
                  - user: hola
                  - bot: "¿Un número?"
                  - user: "21"
                  - bot: "El doble es 42"
                expect:
                  vars: {n: 21}
                  ended: true
              - name: re-asks on words
                conversation:
                  - user: hola
                  - bot: "¿Un número?"
                  - user: varios
                  - bot: "¿Un número?"
                expect:
                  ended: false

            """, to: dir, "solo.test.yaml")
        for path in [dir.path, test] {
            let r = try E2E.flowc(["test", path])
            #expect(r.exitedCleanly && r.status == 0, "\(path): \(r)")
            #expect(Self.closingLine(r) == "2 passed, 0 failed", "\(path): \(r)")
        }
        // A test file given by path inside a bot runs against its bot.
        let one = try E2E.flowc(["test", FlowcRun.root.appendingPathComponent("examples/shop/tests/order.test.yaml").path])
        #expect(one.exitedCleanly && one.status == 0, "\(one)")
        #expect(one.stdout.contains("› compra dos mates y confirma"), "\(one)")
    }

    /// A lone flow's test file beside it and another in tests/ run against it together: one coverage line.
    @Test func aLoneFlowWithTwoTestFilesHasOneCoverageLine() throws {
        let dir = try E2E.temp()
        try E2E.write("flow: greet\nsteps:\n  q:\n    ask: \"¿Nombre?\"\n    save: n\n  e:\n    end: \"Hola {{n}}\"\n", to: dir, "greet.yaml")
        let suite = "flow: greet\ntests:\n  - name: hi\n    conversation:\n      - user: hola\n      - bot: \"¿Nombre?\"\n"
        let beside = try E2E.write(suite, to: dir, "greet2.test.yaml")
        let below = try E2E.write(suite, to: dir, "tests/greet.test.yaml")
        for arguments in [["test", dir.path], ["test", beside, below]] {
            let r = try E2E.flowc(arguments)
            #expect(r.exitedCleanly && r.status == 0, "\(arguments): \(r)")
            #expect(Self.closingLine(r) == "2 passed, 0 failed", "\(arguments): \(r)")
            let coverage = r.stdout.split(separator: "\n").filter { $0.hasPrefix("coverage ") }
            #expect(coverage == ["coverage greet: 1/2 steps; never reached: e"], "\(arguments): \(r)")
        }
    }

    /// A lone flow's test file is checked against the flow as a bot's is: one that expects a step
    /// or a variable the flow does not have fails as a file, by the folder or by its own path.
    @Test func aLoneFlowsTestFileWithCheckErrorsFails() throws {
        let dir = try E2E.temp()
        try E2E.write("flow: hi\nsteps:\n  a:\n    end: \"Hola\"\n", to: dir, "hi.yaml")
        let test = try E2E.write("""
            flow: hi
            tests:
              - name: typo in expect
                conversation:
                  - user: hola
                  - bot: "Hola"
                expect: {step: nope, vars: {nmbre: null}}

            """, to: dir, "tests/hi.test.yaml")
        for path in [dir.path, test] {
            let r = try E2E.flowc(["test", path])
            #expect(r.exitedCleanly && r.status == 1, "\(path): \(r)")
            #expect(r.stdout.contains("the test file has 2 error(s)"), "\(path): \(r)")
            #expect(Self.closingLine(r) == "0 passed, 1 failed", "\(path): \(r)")
            let check = try E2E.flowc(["check", path])
            #expect(check.status == 1, "\(path): \(check)")
            #expect(check.stdout.contains("error[unknown-target]: the flow has no step `nope`"), "\(path): \(check)")
            #expect(check.stdout.contains("error[unknown-variable]: the flow sets no variable `nmbre`"), "\(path): \(check)")
        }
    }

    /// Two test files of one name, one beside a lone flow and one in its tests/ folder, are two
    /// files: a broken one fails with its own errors, and the other still runs.
    @Test func aLoneFlowsTestFilesOfOneNameFailOnTheirOwnErrors() throws {
        let dir = try E2E.temp()
        try E2E.write("flow: say\nsteps:\n  a:\n    ask: \"¿Cuántos?\"\n    save: n\n    expect: number\n  b:\n    end: \"Son {{n}}\"\n",
                      to: dir, "say.yaml")
        func test(_ user: String) -> String {
            "flow: say\ntests:\n  - name: lone\n    conversation:\n      - user: hola\n      - bot: \"¿Cuántos?\"\n"
                + "      - user: \(user)\n      - bot: \"Son 3\"\n    expect: {vars: {n: 3}, ended: true}\n"
        }
        try E2E.write(test("[3]"), to: dir, "say.test.yaml")
        try E2E.write(test("\"3\""), to: dir, "tests/say.test.yaml")
        let r = try E2E.flowc(["test", dir.path])
        #expect(r.exitedCleanly && r.status == 1, "\(r)")
        #expect(r.stdout.contains("✗ \(dir.path)/say.test.yaml:1 › (file)"), "\(r)")
        #expect(r.stdout.contains("run `flowc check \(dir.path)/say.test.yaml`"), "\(r)")
        #expect(r.stdout.contains("✓ \(dir.path)/tests/say.test.yaml › lone"), "\(r)")
        // Shown once above the results, and once under the file it fails.
        #expect(r.stdout.components(separatedBy: "error[wrong-type]: `user` must be text, not a list").count == 3, "\(r)")
        #expect(Self.closingLine(r) == "1 passed, 1 failed", "\(r)")
    }

    @Test func aMockURLMatchesTheEncodedRequestWrittenEitherWay() throws {
        let dir = try E2E.temp()
        try E2E.write("""
            flow: search
            vars:
              q: text
              found: json
            steps:
              ask_q:
                ask: "¿Qué buscás?"
                save: q
              find:
                http:
                  get: "{{env.API_URL}}/buscar?q={{q}}"
                save: found
              done:
                end: "Hay {{found.count}}"

            """, to: dir, "search.yaml")
        try E2E.write("""
            flow: search
            tests:
              - name: as the author reads it
                env: {API_URL: "https://api.test"}
                http:
                  - match: {method: GET, url: "https://api.test/buscar?q=yerba mate ñandú"}
                    json: {count: 3}
                conversation:
                  - user: hola
                  - user: "yerba mate ñandú"
                  - bot: "Hay 3"
              - name: as it goes on the wire
                env: {API_URL: "https://api.test"}
                http:
                  - match: {method: GET, url: "https://api.test/buscar?q=yerba%20mate%26env%C3%ADo"}
                    json: {count: 4}
                conversation:
                  - user: hola
                  - user: "yerba mate&envío"
                  - bot: "Hay 4"
              - name: a phone in the path, as the author writes it
                env: {API_URL: "https://api.test"}
                http:
                  - match: {method: GET, url: "https://api.test/buscar?q=+5491155551234"}
                    json: {count: 6}
                conversation:
                  - user: hola
                  - user: "+5491155551234"
                  - bot: "Hay 6"
              - name: a parameter the user typed is not a parameter
                env: {API_URL: "https://api.test"}
                http:
                  - match: {method: GET, url: "https://api.test/buscar?q=yerba&admin=1"}
                    json: {count: 5}
                conversation:
                  - user: hola
                  - user: "yerba&admin=1"
                  - bot: "Hay 5"

            """, to: dir, "search.test.yaml")
        let r = try E2E.flowc(["test", dir.path])
        #expect(r.status == 1, "\(r)")
        #expect(Self.closingLine(r) == "3 passed, 1 failed", "\(r)")
        #expect(r.stdout.contains("yerba%26admin%3D1"), "the unmatched request shows as sent: \(r)")
    }

    @Test func seededVariablesTakeTheirDeclaredTypes() throws {
        let dir = try E2E.temp()
        let flow = try E2E.write("""
            flow: seeded
            vars:
              zip: text
              qty: number
              day: date
            steps:
              check:
                branch:
                  - if: zip == "1425" and qty + 1 == 4 and day > date_add(today(), -100, "years")
                    goto: typed
                  - else: untyped
              typed:
                end: "CP {{zip}} ({{len(zip)}} cifras), {{qty * 2}} unidades, el {{format_date(day, 'dd/MM/yyyy')}}"
              untyped:
                end: "no"

            """, to: dir, "seeded.yaml")
        try E2E.write("""
            flow: seeded
            tests:
              - name: YAML numbers and dates for text and date variables
                vars: {zip: 1425, qty: 3, day: 2026-12-31}
                conversation:
                  - user: hola
                  - bot: "CP 1425 (4 cifras), 6 unidades, el 31/12/2026"
                expect:
                  vars: {zip: 1425, qty: "3", day: 2026-12-31}
                  ended: true

            """, to: dir, "seeded.test.yaml")
        let r = try E2E.flowc(["test", dir.path])
        #expect(r.status == 0, "\(r)")
        #expect(Self.closingLine(r) == "1 passed, 0 failed", "\(r)")
        let chat = try E2E.flowc(["chat", flow, "--jsonl", "--var", "zip=1425", "--var", "qty=3", "--var", "day=2026-12-31"], input: "hola\n")
        #expect(chat.stdout.contains("CP 1425 (4 cifras), 6 unidades, el 31/12/2026"), "\(chat)")
        // A text variable takes the text as written: a leading zero stays.
        let zero = try E2E.flowc(["chat", flow, "--jsonl", "--var", "zip=01425", "--var", "qty=3", "--var", "day=2026-12-31"], input: "hola\n")
        #expect(zero.stdout.contains("\"no\""), "\(zero)")
        // A value that is not of the declared type is refused, saying which and why.
        let wrong = try E2E.flowc(["chat", flow, "--jsonl", "--var", "zip=1425", "--var", "qty=tres", "--var", "day=pronto"], input: "hola\n")
        #expect(wrong.exitedCleanly && wrong.status == 2, "\(wrong)")
        #expect(wrong.stderr.contains("--var `qty` is declared number, but `tres` is not one"), "\(wrong)")
        #expect(wrong.stderr.contains("--var `day` is declared date, but `pronto` is not one"), "\(wrong)")
        try E2E.write("""
            flow: seeded
            tests:
              - name: a date that is not one
                vars: {zip: 1425, qty: 3, day: pronto}
                conversation:
                  - user: hola

            """, to: dir, "wrong.test.yaml")
        let failing = try E2E.flowc(["test", dir.path])
        #expect(failing.status == 1, "\(failing)")
        // Checked against the flow, as a bot's test file is: the file fails before it runs.
        #expect(failing.stdout.contains("error[wrong-type]: variable `day` is date, but the test gives `pronto`"), "\(failing)")
        #expect(failing.stdout.contains("wrong.test.yaml:1 › (file)"), "\(failing)")
    }

    @Test func seededTimesAndDateBoundsAreCheckedLikeAnswers() throws {
        let dir = try E2E.temp()
        try E2E.write("""
            flow: slot
            vars:
              at: time
              day: {type: date, after: today, before: "2027-01-01"}
            steps:
              show:
                end: "{{at}} {{day}}"

            """, to: dir, "slot.yaml")
        try E2E.write("""
            flow: slot
            tests:
              - name: a time as an answer would be stored
                now: 2026-12-01T10:00
                vars: {at: 2pm, day: 2026-12-24}
                conversation:
                  - user: hola
                  - bot: "14:00 2026-12-24"
              - name: not a time
                vars: {at: efectivo, day: 2026-12-24}
                conversation:
                  - user: hola
              - name: a day not after today (the test's now)
                now: 2026-12-24T10:00
                vars: {at: "10:00", day: 2026-12-24}
                conversation:
                  - user: hola
              - name: a day not before 2027
                now: 2026-12-01T10:00
                vars: {at: "10:00", day: 2027-01-01}
                conversation:
                  - user: hola

            """, to: dir, "slot.test.yaml")
        let r = try E2E.flowc(["test", dir.path])
        #expect(r.status == 1, "\(r)")
        #expect(Self.closingLine(r) == "1 passed, 3 failed", "\(r)")
        #expect(r.stdout.contains("vars: `at` is declared time, and `efectivo` is not a valid one (bad_format)"), "\(r)")
        #expect(r.stdout.contains("vars: `day` is a date after 2026-12-24, not 2026-12-24"), "\(r)")
        #expect(r.stdout.contains("vars: `day` is a date before 2027-01-01, not 2027-01-01"), "\(r)")
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/usr/share/zoneinfo/America/Santiago")))
    func todayAndNowFollowDaylightSavingTime() throws {
        let dir = try E2E.temp()
        try E2E.write("bot: cl\nname: CL\nstart: main\nlocale: es-CL\n", to: dir, "bot.yaml")
        try E2E.write("""
            flow: main
            steps:
              show:
                end: "{{today()}} {{format_date(now(), 'HH:mm')}} {{format_date(date_add(now(), 6, 'months'), 'HH:mm')}}"

            """, to: dir, "flows/main.yaml")
        try E2E.write("""
            tests:
              - name: in December Chile is three hours behind UTC, in June four
                now: 2026-12-01T03:30:00Z
                conversation:
                  - user: hola
                  - bot: "2026-12-01 00:30 00:30"
              - name: a local now is read in the zone as it is that day
                now: 2026-06-15T09:00
                conversation:
                  - user: hola
                  - bot: "2026-06-15 09:00 09:00"

            """, to: dir, "tests/main.test.yaml")
        // Chile leaves summer time at the start of 2026-04-05: a day later is 9:00 again, 24 hours later 8:00.
        try E2E.write("""
            flow: later
            triggers:
              - keywords: [luego]
            steps:
              show:
                end: "{{format_date(date_add(now(), 1, 'day'), 'dd HH:mm')}} {{format_date(date_add(now(), 24, 'hours'), 'dd HH:mm')}} {{format_date(date_add(now(), 1.5, 'hours'), 'HH:mm')}}"

            """, to: dir, "flows/later.yaml")
        try E2E.write("""
            tests:
              - name: days move the wall clock, hours the instant, fractions count
                now: 2026-04-04T09:00
                conversation:
                  - user: luego
                  - bot: "05 09:00 05 08:00 10:30"

            """, to: dir, "tests/later.test.yaml")
        let r = try E2E.flowc(["test", dir.path])
        #expect(r.status == 0, "\(r)")
        #expect(Self.closingLine(r) == "3 passed, 0 failed", "\(r)")
    }

    @Test func jsonValuesAreCheckedWhenTheyAreUsed() throws {
        let dir = try E2E.temp()
        try E2E.write("bot: js\nname: J\nstart: main\nlocale: es-AR\n", to: dir, "bot.yaml")
        try E2E.write("""
            flow: main
            steps:
              get:
                http: {get: "https://api.test/o"}
                save: r
              show:
                say: "{{format_date(r.d)}} {{format_date(r.dt, 'dd/MM HH:mm')}} {{format_date(r.local, 'HH:mm')}} {{r.s + 'x'}}"
              pick:
                branch:
                  - if: r.flag == "and" and (r.s and true)
                    goto: sum
                  - if: r.flag == "or" and (r.s or false)
                    goto: sum
                  - if: r.flag == "date"
                    goto: bad_date
                  - else: sum
              sum:
                end: "{{r.s + 1}}"
              bad_date:
                end: "{{format_date(r.s)}}"

            """, to: dir, "flows/main.yaml")
        func test(_ name: String, flag: String, says: String) -> String {
            """
              - name: \(name)
                http:
                  - match: {method: GET, url: "https://api.test/o"}
                    json: {d: "2026-12-31", dt: "2026-12-31T18:30:00Z", local: "2026-12-31T09:15", s: "5", flag: \(flag)}
                conversation:
                  - user: hola
                  - bot: "31/12/2026 31/12 15:30 09:15 5x"
                  - bot: "\(says)"
                expect: {ended: true}

            """
        }
        let failed = "Uy, algo salió mal. Probá de nuevo más tarde."
        try E2E.write("tests:\n" + test("a json text plus a number is an error, json taking the number type and checked when used (never joined into 51)", flag: "none", says: failed)
                      + test("a json text is no bool for and", flag: "and", says: failed)
                      + test("nor for or", flag: "or", says: failed)
                      + test("format_date of a text that is no date fails", flag: "date", says: failed), to: dir, "tests/t.test.yaml")
        let r = try E2E.flowc(["test", dir.path])
        #expect(r.status == 0, "\(r)")
        #expect(Self.closingLine(r) == "4 passed, 0 failed", "\(r)")
        let chat = try E2E.flowc(["chat", dir.path, "--jsonl", "--mock", try E2E.write("""
            - match: {method: GET, url: "https://api.test/o"}
              json: {d: "2026-12-31", dt: "2026-12-31T18:30:00Z", local: "2026-12-31T09:15", s: "5", flag: and}

            """, to: dir, "mocks.yaml")], input: "hola\n")
        #expect(chat.stderr.contains("`and` needs bools, got text"), "\(chat)")
    }

    /// A test may press a button no menu has (a stale one, tapped late): `check` warns, `test` runs it.
    @Test func aButtonNoMenuHasIsAWarningAndTheTestRuns() throws {
        let dir = try E2E.temp()
        try E2E.write("bot: m\nname: M\nstart: main\n", to: dir, "bot.yaml")
        try E2E.write("""
            flow: main
            steps:
              pick:
                menu: "Elegí"
                options: {a: Alfa, b: Beta}
                save: choice
                invalid: "Elegí Alfa o Beta"
              bye:
                end: "ok {{choice}}"

            """, to: dir, "flows/main.yaml")
        try E2E.write("""
            tests:
              - name: a stale button re-asks
                conversation:
                  - user: hola
                  - bot: {matches: "^Elegí"}
                  - user: {button: zeta}
                  - bot: "Elegí Alfa o Beta"
                  - user: {button: b}
                  - bot: ok b

            """, to: dir, "tests/t.test.yaml")
        let check = try E2E.flowc(["check", dir.path])
        #expect(check.status == 0 && check.stdout.contains("warning[unknown-option]"), "\(check)")
        let r = try E2E.flowc(["test", dir.path])
        #expect(r.status == 0 && Self.closingLine(r) == "1 passed, 0 failed", "\(r)")
    }

    @Test func buttonsAndMenusAreMatchedAsAPersonSeesThem() throws {
        let dir = try E2E.temp()
        try E2E.write("bot: m\nname: M\nstart: main\n", to: dir, "bot.yaml")
        try E2E.write("""
            flow: main
            steps:
              offer:
                say: {text: "Mirá", buttons: [Ofertas, Novedades]}
              pick:
                menu: "Elegí"
                options: {a: Alfa, b: Beta, c: Gama}
                save: choice
              done:
                set: {order: {items: [1, 2], code: "7"}}
              bye:
                end: ok

            """, to: dir, "flows/main.yaml")
        try E2E.write("""
            tests:
              - name: quick-reply buttons are choices, a menu's prompt matches alone
                conversation:
                  - user: hola
                  - bot: {menu: [Ofertas, Novedades]}
                  - bot: {matches: "^Elegí$"}
                  - user: "1"
                  - bot: ok
                expect:
                  vars: {choice: a, order: {items: [1, 2], code: "7"}}
              - name: contains sees the buttons
                conversation:
                  - user: hola
                  - bot: {contains: "Novedades"}
                  - bot: {contains: "3. Gama"}
              - name: inside a json value "1" is not 1
                conversation:
                  - user: hola
                  - user: "1"
                expect:
                  vars: {order: {items: ["1", "2"], code: 7}}

            """, to: dir, "tests/t.test.yaml")
        let r = try E2E.flowc(["test", dir.path])
        #expect(r.status == 1, "\(r)")
        #expect(Self.closingLine(r) == "2 passed, 1 failed", "\(r)")
        #expect(r.stdout.contains("t.test.yaml:16 › inside a json value"), "\(r)")
    }

    @Test func aTestFileTheSchemaRefusesIsAnError() throws {
        let dir = try E2E.temp()
        try E2E.write("flow: main\nsteps:\n  hi:\n    end: hola\n", to: dir, "main.yaml")
        try E2E.write("""
            flow: main
            tests:
              - name: " "
                http:
                  - match: {method: GET}
                    json: {a: 1}
                    body: "x"
                conversation: []
              - name: two kinds in one message
                conversation:
                  - user: {image: "https://x.test/a.jpg", document: "https://x.test/b.pdf"}
                  - user: {image: "https://x.test/a.jpg", text: "mi foto"}

            """, to: dir, "main.test.yaml")
        try E2E.write("tests: []\n", to: dir, "empty.test.yaml")
        let check = try E2E.flowc(["check", dir.path])
        #expect(check.status == 1, "\(check)")
        for expected in ["main.test.yaml:3:11: error[wrong-type]: a test's `name` is empty",
                         "main.test.yaml:7:9: error[wrong-type]: an HTTP mock answers with `json` or `body`, not both",
                         "main.test.yaml:8:19: error[wrong-type]: `conversation` is empty",
                         "main.test.yaml:11:15: error[turn-kinds]: a user message is one of",
                         "empty.test.yaml:1:8: error[wrong-type]: `tests` is empty"] {
            #expect(check.stdout.contains(expected), "\(expected)\n\(check.stdout)")
        }
        #expect(!check.stdout.contains("main.test.yaml:12:"), "text goes with an image: \(check.stdout)")
        let run = try E2E.flowc(["test", dir.path])
        #expect(run.status == 1, "\(run)")
    }

    @Test func seededDateTimesAndALocalNowAreTimesInTheBotsZone() throws {
        let dir = try E2E.temp()
        let flow = try E2E.write("""
            flow: when
            vars:
              dt: datetime
            steps:
              show:
                end: "{{format_date(dt)}} / {{format_date(date_add(dt, 2, 'hours'), 'HH:mm')}} / {{format_date(now(), 'HH:mm')}}"

            """, to: dir, "when.yaml")
        try E2E.write("""
            flow: when
            tests:
              - name: with an offset, and a now without one (the bot's zone, es-AR); t and z in lower case too
                now: 2026-12-31t09:00
                vars: {dt: "2026-12-31T17:30:00z"}
                conversation:
                  - user: hola
                  - bot: "31/12/2026 14:30 / 16:30 / 09:00"

            """, to: dir, "when.test.yaml")
        let r = try E2E.flowc(["test", dir.path])
        #expect(r.status == 0, "\(r)")
        #expect(Self.closingLine(r) == "1 passed, 0 failed", "\(r)")
        let chat = try E2E.flowc(["chat", flow, "--jsonl", "--var", "dt=2026-12-31T14:30"], input: "hola\n")
        #expect(chat.stdout.contains("31/12/2026 14:30 / 16:30 / "), "\(chat)")
        #expect(!chat.stderr.contains("error"), "\(chat)")
    }

    /// A report that cannot be written is said before any test runs (not after a long run).
    @Test func anUnwritableJUnitPathExitsTwo() throws {
        let r = try E2E.flowc(["test", E2E.shop, "--junit", "/nonexistent/dir/junit.xml"])
        #expect(r.exitedCleanly && r.status == 2, "\(r)")
        #expect(r.stderr.contains("error: --junit: cannot write /nonexistent/dir/junit.xml: the folder /nonexistent/dir does not exist"), "\(r)")
        #expect(r.stdout.isEmpty, "no test ran: \(r.stdout)")
        let dir = try E2E.temp()
        let folder = try E2E.flowc(["test", E2E.shop, "--junit", dir.path])
        #expect(folder.exitedCleanly && folder.status == 2, "\(folder)")
        #expect(folder.stderr.contains("cannot write \(dir.path): it is a directory"), "\(folder)")
        #expect(folder.stdout.isEmpty, "no test ran: \(folder.stdout)")
        let file = try E2E.write("x", to: dir, "plain")
        let underFile = try E2E.flowc(["test", E2E.shop, "--junit", file + "/junit.xml"])
        #expect(underFile.status == 2 && underFile.stderr.contains("\(file) is not a folder") && underFile.stdout.isEmpty, "\(underFile)")
    }

    /// `--junit` never writes over one of the bot's own files (a flow, a test file: a slip of the
    /// shell's completion) nor any file that is not a report: exit 2 before the run, the file kept.
    /// An earlier report (XML) and an empty file are written over.
    @Test func aJUnitPathThatIsNoReportIsRefused() throws {
        let bot = try Self.bot(tests: ["main.test.yaml": Self.passingSuite])
        for name in ["flows/main.yaml", "tests/main.test.yaml", "bot.yaml"] {
            let path = bot.appendingPathComponent(name).path
            let before = try String(contentsOfFile: path, encoding: .utf8)
            let r = try E2E.flowc(["test", bot.path, "--junit", path])
            #expect(r.exitedCleanly && r.status == 2, "\(name): \(r)")
            #expect(r.stderr.contains("error: --junit: \(path) exists and is not a JUnit report (XML)"), "\(name): \(r)")
            #expect(r.stdout.isEmpty, "no test ran: \(r.stdout)")
            #expect(try String(contentsOfFile: path, encoding: .utf8) == before, "\(name) is kept")
        }
        let dir = try E2E.temp()
        for (name, text) in [("old.xml", "\u{FEFF}\n  <?xml version=\"1.0\"?>\n<testsuites/>\n"), ("empty.xml", "")] {
            let path = try E2E.write(text, to: dir, name)
            let r = try E2E.flowc(["test", bot.path, "--junit", path])
            #expect(r.exitedCleanly && r.status == 0, "\(name): \(r)")
            #expect(try String(contentsOfFile: path, encoding: .utf8).contains("<testsuites name=\"flowc\" tests=\"2\""), "\(name)")
        }
    }

    /// `flowc test shop/bot.yaml` runs the bot's tests, as `check`, `chat` and `build` take the bot
    /// from its bot.yaml; a flow file of the bot is no test file, and the message names the bot to test.
    @Test func botYAMLRunsTheBotsTestsAndAFlowFileNamesTheBot() throws {
        let bot = try Self.bot(tests: ["main.test.yaml": Self.passingSuite])
        let r = try E2E.flowc(["test", bot.appendingPathComponent("bot.yaml").path, "--no-coverage"])
        #expect(r.exitedCleanly && r.status == 0 && Self.closingLine(r) == "2 passed, 0 failed", "\(r)")
        let flow = bot.appendingPathComponent("flows/main.yaml").path
        let f = try E2E.flowc(["test", flow])
        #expect(f.exitedCleanly && f.status == 2, "\(f)")
        #expect(f.stderr.contains("error: \(flow) is not a test file (*.test.yaml); the bot's tests run with `flowc test \(bot.path)`"), "\(f)")
    }

    /// A FIFO named like a test file is no file to read: it is refused at once (exit 2), never
    /// opened, which would wait for a writer that never comes.
    @Test func aFIFOInTestsIsRefusedWithoutHanging() throws {
        let bot = try Self.bot(tests: ["main.test.yaml": Self.passingSuite])
        let fifo = bot.appendingPathComponent("tests/zz.test.yaml").path
        #expect(mkfifo(fifo, 0o644) == 0)
        for path in [bot.path, fifo] {
            let r = try E2E.flowc(["test", path, "--no-coverage"])
            #expect(r.exitedCleanly && r.status == 2, "\(path): \(r)")
            #expect(r.stderr.contains("\(fifo): not a regular file"), "\(path): \(r)")
        }
    }

    @Test func aPathThatDoesNotExistExitsTwo() throws {
        let r = try E2E.flowc(["test", "/nonexistent/flowc-e2e-bot"])
        #expect(r.exitedCleanly && r.status == 2, "\(r)")
        #expect(r.stderr.contains("/nonexistent/flowc-e2e-bot: no such file or directory"), "\(r)")
    }

    /// A bot folder, its tests/ folder, a test file or a flow file that flowc may not read is a
    /// command that cannot run (exit 2, the reason named), as `flowc check` says: not "no tests
    /// found", nor a failure that blames the bot's other test files. As root (who reads anything)
    /// flowc runs as `nobody`.
    @Test(.enabled(if: getuid() != 0 || E2E.which("setpriv") != nil))
    func unreadablePathsExitTwoAndSayWhy() throws {
        let dir = try E2E.temp()
        chmod(dir.path, 0o755)
        let bot = dir.appendingPathComponent("bot")
        try FileManager.default.copyItem(at: try Self.bot(tests: ["a.test.yaml": Self.passingSuite, "b.test.yaml": Self.passingSuite]), to: bot)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: bot.path)
        func test(_ path: String) throws -> E2ERun {
            guard getuid() == 0, let setpriv = E2E.which("setpriv") else { return try E2E.flowc(["test", path, "--no-coverage"]) }
            return try E2E.run(setpriv, ["--reuid=65534", "--regid=65534", "--clear-groups", E2E.flowcPath, "test", path, "--no-coverage"])
        }
        func unreadable(_ sub: String, _ reason: String, paths: [String]) throws {
            let target = sub.isEmpty ? bot.path : bot.appendingPathComponent(sub).path
            chmod(target, 0)
            defer { chmod(target, sub.hasSuffix(".yaml") ? 0o644 : 0o755) }
            for path in paths {
                let r = try test(path)
                #expect(r.exitedCleanly && r.status == 2, "\(sub) \(path): \(r)")
                #expect(r.stderr.contains(reason), "\(sub) \(path): \(r)")
                #expect(!r.stderr.contains("no tests found"), "\(sub) \(path): \(r)")
            }
        }
        let b = bot.appendingPathComponent("tests/b.test.yaml").path
        try unreadable("", "\(bot.path): the folder cannot be read (permission denied)", paths: [bot.path])
        try unreadable("tests", "\(bot.path)/tests: the folder cannot be read (permission denied)", paths: [bot.path])
        try unreadable("tests/a.test.yaml", "cannot read \(bot.path)/tests/a.test.yaml: Permission denied",
                       paths: [bot.path, bot.appendingPathComponent("tests/a.test.yaml").path, b])
        try unreadable("flows/main.yaml", "cannot read \(bot.path)/flows/main.yaml: Permission denied", paths: [bot.path, b])
        let readable = try test(bot.path)
        #expect(readable.exitedCleanly && readable.status == 0, "\(readable)")
    }

    @Test func aBotWithCheckErrorsFailsItsTests() throws {
        let dir = try Self.bot(tests: ["main.test.yaml": Self.passingSuite])
        try E2E.write(ProbeBot.mainYAML.replacingOccurrences(of: "on_timeout: nudge", with: "on_timeout: nudgee"), to: dir, "flows/main.yaml")
        let r = try E2E.flowc(["test", dir.path])
        #expect(r.exitedCleanly && r.status == 1, "\(r)")
        #expect(r.stdout.contains("unknown-target") || r.stdout.contains("nudgee"), "the check error is shown: \(r)")
        #expect(r.stdout.contains("flowc check"), "\(r)")
    }

    @Test func aTestFileWithShapeErrorsIsReported() throws {
        let dir = try Self.bot(tests: ["bad.test.yaml": "flow: main\ntests:\n  - name: x\n    conversaton:\n      - user: hola\n"])
        let r = try E2E.flowc(["test", dir.path])
        #expect(r.exitedCleanly && r.status != 0, "\(r)")
        #expect(r.stdout.contains("conversaton") || r.stderr.contains("conversaton"), "the bad key is named: \(r)")
    }
}
