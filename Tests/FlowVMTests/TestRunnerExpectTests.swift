import Testing
import FlowTesting

/// `expect: vars` and `vars:` read as the variables hold them: by declared type, as written.
@Suite("flowc test: values as the variables hold them")
struct TestRunnerExpectTests {
    static let flow = """
        flow: api
        vars:
          zip: text
          total: number
          tel: phone
          mail: email
          at: datetime
        steps:
          q:
            ask: "¿CP?"
            save: zip
          s:
            set: {total: "{{0.1 + 0.2}}", at: "{{now()}}", tel: "+5491155551234", mail: "Ana@example.com"}
          done:
            end: "cp={{zip}} total={{total}} tel={{contact.phone}} id={{contact.id}}"
        """

    static func failures(_ report: TestReport) -> [String] { report.outcomes.compactMap(\.failure) }

    @Test("a sum compares as the flow compares it; a date-time by its instant; phone and e-mail normalised; text as written")
    func typedExpectations() async throws {
        let report = try await runTests("""
            tests:
              - name: typed
                contact: {name: Ana, phone: "11 5555-1234"}
                conversation:
                  - user: hola
                  - user: "01425"
                  - bot: "cp=01425 total=0.3 tel=+5491155551234 id=+5491155551234"
                expect:
                  vars:
                    zip: 01425
                    total: 0.3
                    tel: "11 5555-1234"
                    mail: Ana@EXAMPLE.com
                    at: 2026-06-15T15:00:00Z
              - name: local time in the bot's zone
                conversation: [{user: hola}, {user: "1"}]
                expect: {vars: {at: 2026-06-15T12:00:00, zip: 1}}
              - name: another instant fails
                conversation: [{user: hola}, {user: "1"}]
                expect: {vars: {at: 2026-06-15T15:00:01Z, total: 0.31}}
            """, flows: [Self.flow])
        #expect(report.passed == 2, "\(report.outcomes.map { $0.failure ?? "ok" })")
        let failure = try #require(report.outcomes.last?.failure)
        #expect(failure.contains("expect.vars.at") && failure.contains("expect.vars.total"), "\(failure)")
    }

    @Test("a fraction compares as it is shown: 0.333333333333333 is 1 / 3, 0.33333 is not; whole numbers exactly")
    func fractionAsShown() async throws {
        let flow = """
            flow: thirds
            steps:
              s:
                set: {third: "{{1 / 3}}", id: 1234567890123456}
              done:
                end: "{{third}} {{id}}"
            """
        let report = try await runTests("""
            tests:
              - name: copied from the chat
                conversation: [{user: hola}, {bot: "0.333333333333333 1234567890123456"}]
                expect: {vars: {third: 0.333333333333333, id: 1234567890123456}}
              - name: fewer digits
                conversation: [{user: hola}]
                expect: {vars: {third: 0.33333}}
              - name: another id
                conversation: [{user: hola}]
                expect: {vars: {id: 1234567890123457}}
            """, flows: [flow], bot: "bot: b\nstart: thirds\n")
        #expect(report.outcomes.map { $0.failure == nil } == [true, false, false], "\(report.outcomes.map { $0.failure ?? "ok" }) \(report)")
    }

    @Test("a seeded text variable keeps what the test wrote")
    func seededText() async throws {
        let ok = try await runTests("""
            tests:
              - name: seed
                vars: {zip: 01425}
                conversation:
                  - user: hola
                  - bot: "[01425]"
                  - bot: "¿CP?"
            """, flows: [Self.flow.replacingOccurrences(of: "  q:\n    ask: \"¿CP?\"\n    save: zip\n", with: "  w:\n    say: \"[{{zip}}]\"\n  q:\n    ask: \"¿CP?\"\n    save: zip\n")])
        #expect(ok.passed == 1, "\(Self.failures(ok))")
    }

    @Test("`vars` and `expect: vars` that are no mapping, and a contact phone that is none, are errors")
    func shapes() async throws {
        let report = try await runTests("""
            tests:
              - name: t
                vars: [1]
                contact: {phone: garbage}
                env: {A: [1]}
                conversation: [{user: hola}]
                expect: {vars: [{zip: 1}]}
            """, flows: [Self.flow])
        #expect(report.failed == 1 && report.passed == 0)
        let messages = report.diagnostics.map(\.message)
        #expect(messages.contains { $0.contains("`vars` must be a mapping") }, "\(messages)")
        #expect(messages.contains { $0.contains("`expect: vars` must be a mapping") }, "\(messages)")
        #expect(messages.contains { $0.contains("`garbage` is no phone number") }, "\(messages)")
        #expect(messages.contains { $0.contains("`A` must be text") }, "\(messages)")
    }

    @Test("a line break in a test's name or failure survives in JUnit attributes")
    func junitAttributes() async throws {
        let report = try await runTests("""
            tests:
              - name: "two\\nlines"
                conversation: [{user: hola}, {bot: nada}]
            """, flows: [Self.flow])
        let xml = JUnitReport.xml(report)
        #expect(xml.contains("name=\"two&#10;lines\""), "\(xml)")
        #expect(xml.contains("<failure message=\""))
    }
}

/// An HTTP body saved into a declared variable must be of its type, or the step fails (`on_error`).
@Suite("http save into a declared type")
struct HTTPSaveTypeTests {
    static let flow = """
        flow: api
        vars:
          price: number
        steps:
          fetch:
            http: {get: "https://api.test/price"}
            save: price
            on_error: oops
          show:
            end: "Total {{price * 2}}"
          oops:
            end: "No pude consultar el precio"
        """

    @Test("a number, or a text of one, is the number; an object goes to on_error", arguments: [
        ("json: 1500", "Total 3000"), ("json: \"1500\"", "Total 3000"), ("json: {id: 7, price: 1500}", "No pude consultar el precio"),
        ("json: null", "No pude consultar el precio"),
    ])
    func bodies(body: String, said: String) async throws {
        let report = try await runTests("""
            tests:
              - name: t
                http:
                  - match: {method: GET, url: "https://api.test/price"}
                    \(body)
                conversation:
                  - user: hola
                  - bot: "\(said)"
            """, flows: [Self.flow])
        #expect(report.passed == 1, "\(body): \(report.outcomes.map { $0.failure ?? "ok" })")
    }
}

/// A json value `set` into a declared variable is checked, and converted, when it is set.
@Suite("set: json into a declared type")
struct SetJSONTypeTests {
    static let flow = """
        flow: api
        vars:
          o: json
          total: number
          day: date
        steps:
          fetch:
            http: {get: "https://api.test/o"}
            save: o
          keep:
            set: {total: "{{o.price}}", day: "{{o.day}}"}
          show:
            end: "{{money(total + 500, 'ARS')}} {{day}}"
        """

    @Test("a text of a number is the number, an ISO text the date; a value that is none fails at the set", arguments: [
        ("{price: \"1500\", day: \"2026-12-31\"}", "$ 2.000,00 2026-12-31"), ("{price: 1500, day: null}", "$ 2.000,00 "),
        ("{price: hola, day: \"2026-12-31\"}", nil),
    ])
    func setFromJSON(body: String, said: String?) async throws {
        let report = try await runTests("""
            tests:
              - name: t
                http:
                  - match: {method: GET, url: "https://api.test/o"}
                    json: \(body)
                conversation:
                  - user: hola
                  - bot: "\(said ?? "Perdón, algo salió mal.")"
            """, flows: [Self.flow])
        if let said {
            #expect(report.passed == 1, "\(said): \(report.outcomes.map { $0.failure ?? "ok" })")
        } else {
            let failure = report.outcomes.first?.failure ?? ""
            #expect(failure.contains("`total` is declared number, but the value set is \"hola\""), "\(failure)")
        }
    }

    /// A phone or an e-mail `set` (a literal, a template, an API's value) or saved from an API is
    /// kept as an answer would be: E.164 by the variable's `region:` or the bot's country, the
    /// e-mail's domain lower-cased; a text that is none stays as written.
    @Test("a phone or e-mail set or saved is normalised as its answer would be")
    func phoneAndEmailNormalised() async throws {
        let report = try await runTests("""
            tests:
              - name: t
                http:
                  - match: {method: GET, url: "https://api.test/o"}
                    json: {tel: "011 15-5555-1234", mail: " Ana@Example.COM", n: 1155551234}
                  - match: {method: GET, url: "https://api.test/tel"}
                    json: "+54 9 11 5555-1234"
                conversation:
                  - user: hola
                  - bot: "+5491155551234|Ana@example.com|+5491155551234|+5491155551234|+5491155551234|+525512345678|nadie|+5491155551234"
            """, flows: ["""
            flow: api
            vars:
              o: json
              a: phone
              b: email
              c: phone
              d: phone
              e: phone
              mx: {type: phone, region: MX}
              bad: phone
              saved: phone
            steps:
              fetch:
                http: {get: "https://api.test/o"}
                save: o
              keep:
                set: {a: "11 5555-1234", b: "{{o.mail}}", c: "{{o.tel}}", d: "{{o.n}}", e: "11 {{'5555-1234'}}", mx: "55 1234 5678", bad: "nadie"}
              get:
                http: {get: "https://api.test/tel"}
                save: saved
              show:
                end: "{{a}}|{{b}}|{{c}}|{{d}}|{{e}}|{{mx}}|{{bad}}|{{saved}}"
            """])
        #expect(report.passed == 1, "\(report.outcomes.map { $0.failure ?? "ok" })")
    }

    /// `"1,500"` in es-AR is thousands to whoever wrote it and 1.5 by the locale: as `number()` and
    /// the number question, a `set` and an http `save` into a number take it for no number, never 1.5.
    @Test("an API's \"1,500\" in es-AR is no number for a set or a save into a number, as for number()")
    func ambiguousThousands() async throws {
        let set = try await runTests("""
            tests:
              - name: t
                http:
                  - match: {method: GET, url: "https://api.test/o"}
                    json: {price: "1,500", day: null}
                conversation:
                  - user: hola
                  - bot: "Perdón, algo salió mal."
            """, flows: [Self.flow])
        let setFailure = set.outcomes.first?.failure ?? ""
        #expect(setFailure.contains("`total` is declared number, but the value set is \"1,500\""), "\(setFailure)")
        let saved = try await runTests("""
            tests:
              - name: t
                http:
                  - match: {method: GET, url: "https://api.test/p"}
                    json: "1,500"
                  - match: {method: GET, url: "https://api.test/q"}
                    json: "1.500"
                conversation:
                  - user: hola
                  - bot: "no number"
            """, flows: ["""
            flow: api
            vars:
              price: number
            steps:
              fetch:
                http: {get: "https://api.test/q"}
                save: price
              ambiguous:
                http: {get: "https://api.test/p"}
                save: price
                on_error: refused
              show:
                end: "{{price}}"
              refused:
                end: "no number"
            """])
        #expect(saved.passed == 1, "\(saved.outcomes.map { $0.failure ?? "ok" })")
    }
}

@Suite("http mocks: scheme and host ignore case")
struct MockHostCaseTests {
    @Test("a mock written HTTPS://API.test matches a request to https://api.test; the path keeps its case")
    func hostCase() async throws {
        func run(_ url: String) async throws -> TestReport {
            try await runTests("""
                tests:
                  - name: t
                    env: {API_URL: "https://api.test"}
                    secrets: {TOKEN: x}
                    http:
                      - match: {method: POST, url: "\(url)"}
                        status: 201
                        json: {id: 9}
                    conversation:
                      - user: hola
                      - bot: "Pedido #9"
                """)
        }
        #expect(try await run("HTTPS://API.test/orders").passed == 1)
        #expect(try await run("https://api.test/ORDERS").passed == 0)
    }
}
