import Foundation
import Testing
import FlowTesting

/// `flowc test` on a small bot written to a temporary folder.
func runTests(_ test: String, flows: [String] = [TestRunnerTests.api], bot: String = TestRunnerTests.bot) async throws -> TestReport {
    let folder = try TempBot(bot: bot, flows: flows, tests: ["api.test.yaml": test])
    defer { folder.remove() }
    return try await TestRunner.run(paths: [folder.path])
}

@Suite("flowc test")
struct TestRunnerTests {
    static let bot = """
        bot: api
        start: api
        locale: es-AR
        """
    static let api = """
        flow: api
        vars:
          result: json
        steps:
          fetch:
            http:
              post: "{{env.API_URL}}/orders"
              headers: {Authorization: "Bearer {{secret.TOKEN}}"}
              json: {qty: 2}
            save: result
            on_error: sorry
          done:
            end: "Pedido #{{result.id}}"
          sorry:
            end: "No pude."
        """

    @Test("a request that matches a mock passes")
    func matched() async throws {
        let report = try await runTests("""
            tests:
              - name: ok
                env: {API_URL: "https://api.test"}
                http:
                  - match: {method: POST, url: "https://api.test/orders", json: {qty: 2}}
                    status: 201
                    json: {id: 9}
                conversation:
                  - user: hola
                  - bot: "Pedido #9"
                expect:
                  vars: {result: {id: 9}}
                  ended: true
            """)
        #expect(report.passed == 1, "\(report.outcomes.map { $0.failure ?? "" })")
        #expect(report.failed == 0)
        #expect(report.coverage.first?.reached == ["fetch", "done"])
    }

    @Test("an unmatched request fails the test, even when the flow handles the error")
    func unmatchedFails() async throws {
        let report = try await runTests("""
            tests:
              - name: wrong url
                env: {API_URL: "https://api.test"}
                http:
                  - match: {method: POST, url: "https://api.test/other"}
                    status: 201
                    json: {id: 9}
                conversation:
                  - user: hola
                  - bot: "No pude."
            """)
        #expect(report.failed == 1)
        let failure = try #require(report.outcomes.first?.failure)
        #expect(failure.contains("POST https://api.test/orders matches no mock"))
    }

    @Test("a mock whose json differs does not match")
    func jsonMismatch() async throws {
        let report = try await runTests("""
            tests:
              - name: wrong body
                env: {API_URL: "https://api.test"}
                http:
                  - match: {method: POST, url: "https://api.test/orders", json: {qty: 3}}
                    status: 201
                    json: {id: 9}
                conversation:
                  - user: hola
                  - bot: "No pude."
            """)
        #expect(report.failed == 1)
        #expect(report.outcomes.first?.failure?.contains("matches no mock") == true)
    }

    @Test("a mock's match.headers must match the request's headers")
    func headerMismatch() async throws {
        let report = try await runTests("""
            tests:
              - name: wrong token
                env: {API_URL: "https://api.test"}
                secrets: {TOKEN: right}
                http:
                  - match: {method: POST, url: "https://api.test/orders", headers: {Authorization: "Bearer WRONG"}}
                    status: 201
                    json: {id: 9}
                conversation:
                  - user: hola
                  - bot: "Pedido #9"
            """)
        #expect(report.failed == 1)
        #expect(report.outcomes.first?.failure?.contains("matches no mock") == true, "\(report.outcomes.map { $0.failure ?? "" })")
    }

    @Test("match.headers: names in any case, values exactly as rendered")
    func headerMatch() async throws {
        let report = try await runTests("""
            tests:
              - name: right token
                env: {API_URL: "https://api.test"}
                secrets: {TOKEN: right}
                http:
                  - match: {method: POST, url: "https://api.test/orders", headers: {authorization: "Bearer right"}}
                    status: 201
                    json: {id: 9}
                conversation:
                  - user: hola
                  - bot: "Pedido #9"
              - name: a value differs only in case
                env: {API_URL: "https://api.test"}
                secrets: {TOKEN: right}
                http:
                  - match: {method: POST, url: "https://api.test/orders", headers: {Authorization: "bearer right"}}
                    status: 201
                    json: {id: 9}
                conversation:
                  - user: hola
                  - bot: "Pedido #9"
            """)
        #expect(report.outcomes.map { $0.failure == nil } == [true, false], "\(report.outcomes.map { $0.failure ?? "" })")
    }

    @Test("a mock matches a JSON body with a date in it")
    func jsonWithDate() async throws {
        let flow = """
            flow: api
            vars:
              when: {type: date, after: today}
              result: json
            steps:
              ask_when:
                ask: "¿Cuándo?"
                save: when
              fetch:
                http:
                  post: "https://api.test/orders"
                  json: {when: "{{when}}"}
                save: result
                on_error: sorry
              done:
                end: "Pedido #{{result.id}}"
              sorry:
                end: "No pude."
            """
        let report = try await runTests("""
            tests:
              - name: date in the body
                now: "2026-03-02T10:00:00-03:00"
                http:
                  - match: {method: POST, url: "https://api.test/orders", json: {when: "2026-03-03"}}
                    status: 201
                    json: {id: 9}
                conversation:
                  - user: hola
                  - bot: "¿Cuándo?"
                  - user: mañana
                  - bot: "Pedido #9"
            """, flows: [flow])
        #expect(report.failed == 0, "\(report.outcomes.map { $0.failure ?? "" })")
        #expect(report.passed == 1)
    }

    @Test("a wrong bot message fails with expected and got, and where the conversation was")
    func wrongMessage() async throws {
        let report = try await runTests("""
            tests:
              - name: says something else
                env: {API_URL: "https://api.test"}
                http:
                  - match: {method: POST, url: "https://api.test/orders"}
                    status: 500
                conversation:
                  - user: hola
                  - bot: "Pedido #9"
            """)
        let failure = try #require(report.outcomes.first?.failure)
        #expect(failure.contains("expected \"Pedido #9\""))
        #expect(failure.contains("got      \"No pude.\""))
        #expect(failure.contains("api.sorry"))
    }

    @Test("expect.vars, ended and status are checked", arguments: [
        ("vars: {result: {id: 8}}", "expect.vars.result"), ("ended: false", "to go on"), ("status: handoff", "expected status handoff"),
    ])
    func expectations(expect: String, message: String) async throws {
        let report = try await runTests("""
            tests:
              - name: expectations
                env: {API_URL: "https://api.test"}
                http:
                  - match: {method: POST, url: "https://api.test/orders"}
                    status: 201
                    json: {id: 9}
                conversation:
                  - user: hola
                  - bot: {contains: "#9"}
                expect:
                  \(expect)
            """)
        #expect(report.failed == 1)
        #expect(report.outcomes.first?.failure?.contains(message) == true, "\(report.outcomes.first?.failure ?? "")")
    }

    @Test("a message the test does not expect fails it")
    func unexpectedMessage() async throws {
        let report = try await runTests("""
            tests:
              - name: silent test
                env: {API_URL: "https://api.test"}
                http:
                  - match: {method: POST, url: "https://api.test/orders"}
                    status: 201
                    json: {id: 9}
                conversation:
                  - user: hola
            """)
        #expect(report.outcomes.first?.failure?.contains("which the test does not expect") == true)
    }
}
