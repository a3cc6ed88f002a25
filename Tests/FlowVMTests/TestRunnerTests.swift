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

    @Test("a request whose URL the runtime refuses (its env value unset) fails the test saying why, not as unmatched")
    func refusedURLSaysWhy() async throws {
        let report = try await runTests("""
            tests:
              - name: no env
                http:
                  - match: {method: POST}
                    json: {id: 9}
                conversation:
                  - user: hola
                  - bot: "Pedido #9"
            """)
        #expect(report.failed == 1)
        let failure = report.outcomes.first?.failure ?? ""
        #expect(failure.contains("HTTP request POST /orders: the URL `/orders` has no `https://host`") && failure.contains("it is never sent"), "\(failure)")
        #expect(!failure.contains("matches no mock"), "\(failure)")
    }

    @Test("a failure on a message without text (a location pin) shows what it carries")
    func failureOnALocation() async throws {
        let report = try await runTests("""
            tests:
              - name: pin
                conversation:
                  - user: hola
                  - bot: {contains: "Calle"}
                  - bot: chau
            """, flows: ["flow: api\nsteps:\n  a: {say: {location: {lat: -34.6, lng: -58.4, name: Local}}}\n  b: {end: chau}\n"])
        let failure = try #require(report.outcomes.first?.failure)
        #expect(failure.contains(#"got      a message without text, {"location":{"lat":-34.6,"lng":-58.4,"name":"Local"}}"#), "\(failure)")
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
        #expect(failure.contains("POST https://api.test/orders with JSON {"), "\(failure)")
        #expect(failure.contains("} (made at api.fetch) matches no mock"), "where the request was made, not where on_error led: \(failure)")
    }

    @Test("a request made on a timeout's path (a `wait:` turn) that no mock matches fails the test there")
    func unmatchedAfterWaitFails() async throws {
        let flow = """
            flow: api
            steps:
              q:
                ask: "¿Algo?"
                save: a
                timeout: 5m
                on_timeout: ping
              done:
                end: "ok"
              ping:
                http: {get: "https://api.test/ping"}
                save: r
                on_error: oops
              good:
                end: "pong {{r}}"
              oops:
                end: "oops"
            """
        let report = try await runTests("""
            tests:
              - name: ping without a mock
                conversation:
                  - user: hola
                  - bot: "¿Algo?"
                  - wait: 5m
                  - bot: oops
            """, flows: [flow])
        #expect(report.failed == 1)
        let failure = try #require(report.outcomes.first?.failure)
        #expect(failure.contains("api.test.yaml:6 ") && failure.contains("GET https://api.test/ping (made at api.ping) matches no mock"), "\(failure)")
    }

    @Test("`release` hands a handoff back (the flow goes on after it); outside a handoff it fails the test")
    func releaseTurn() async throws {
        let flow = """
            flow: api
            steps:
              agent:
                handoff: {queue: ventas, message: "Te paso con alguien"}
              back:
                end: "Gracias"
            """
        let report = try await runTests("""
            tests:
              - name: released
                conversation:
                  - user: hola
                  - bot: "Te paso con alguien"
                  - user: ¿hola?
                  - release: true
                  - bot: "Gracias"
                expect: {ended: true}
              - name: nothing to release
                conversation:
                  - user: hola
                  - bot: "Te paso con alguien"
                  - release: true
                  - bot: "Gracias"
                  - release: true
            """, flows: [flow])
        #expect(report.outcomes.map(\.passed) == [true, false], "\(report.outcomes.map { $0.failure ?? "" })")
        #expect(report.outcomes.last?.failure?.contains("`release` expects the conversation with a person (a handoff), but it is ended") == true,
                "\(report.outcomes.last?.failure ?? "")")
    }

    @Test("an interrupt's handoff, once released, asks the question it left again; its timeout jumps as interrupts do")
    func interruptHandoffReturnsToTheQuestion() async throws {
        let bot = """
            bot: api
            start: api
            interrupts:
              - keywords: [persona]
                handoff: {queue: ventas, message: "Te paso con alguien", timeout: 1h, on_timeout: api.bye}
            """
        let flow = """
            flow: api
            steps:
              ask_name:
                ask: "¿Tu nombre?"
                save: name
              done:
                end: "Gracias {{name}}"
              bye:
                end: "Nadie atendió"
            """
        let report = try await runTests("""
            tests:
              - name: released
                conversation:
                  - user: hola
                  - bot: "¿Tu nombre?"
                  - user: persona
                  - bot: "Te paso con alguien"
                  - release: true
                  - bot: "¿Tu nombre?"
                  - user: Ana
                  - bot: "Gracias Ana"
                expect: {ended: true, vars: {name: Ana}}
              - name: nobody came
                conversation:
                  - user: hola
                  - bot: "¿Tu nombre?"
                  - user: persona
                  - bot: "Te paso con alguien"
                  - wait: 1h
                  - bot: "Nadie atendió"
                expect: {ended: true}
            """, flows: [flow], bot: bot)
        #expect(report.outcomes.map(\.passed) == [true, true], "\(report.outcomes.map { $0.failure ?? "" })")
    }

    @Test("an API's ISO date (json) moves with date_add and compares with dates, as format_date already read it")
    func jsonDatesAreDates() async throws {
        let flow = """
            flow: api
            steps:
              get:
                http: {get: "https://api.test/o"}
                save: o
              show:
                end: "{{format_date(o.date, 'dd/MM/yyyy')}} {{date_add(o.date, 1, 'day')}} {{o.date > date_add(today(), -1, 'day')}} {{o.at < now()}}"
            """
        let report = try await runTests("""
            tests:
              - name: dates
                now: "2026-12-30T10:00:00-03:00"
                http:
                  - match: {url: "https://api.test/o"}
                    json: {date: "2026-12-31", at: "2026-12-29T10:00:00-03:00"}
                conversation:
                  - user: hola
                  - bot: "31/12/2026 2027-01-01 true true"
            """, flows: [flow])
        #expect(report.outcomes.map(\.passed) == [true], "\(report.outcomes.map { $0.failure ?? "" })")
    }

    @Test("an API's date-time without an offset is on the bot's clock when compared, as format_date shows it")
    func jsonLocalDateTimesCompare() async throws {
        let flow = """
            flow: api
            steps:
              get:
                http: {get: "https://api.test/o"}
                save: o
              show:
                end: "{{format_date(o.at, 'HH:mm')}} {{o.at < now()}} {{o.at == date_add(now(), -1, 'hour')}} {{o.sql >= now()}} {{now() > o.sql}}"
            """
        let report = try await runTests("""
            tests:
              - name: local times
                now: "2026-12-30T10:00:00-03:00"
                http:
                  - match: {url: "https://api.test/o"}
                    json: {at: "2026-12-30T09:00:00", sql: "2026-12-30 10:30:00"}
                conversation:
                  - user: hola
                  - bot: "09:00 true true true false"
            """, flows: [flow])
        #expect(report.outcomes.map(\.passed) == [true], "\(report.outcomes.map { $0.failure ?? "" })")
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

    @Test("now: may be written as YAML writes timestamps, with a space for the T")
    func nowWithASpace() async throws {
        let flow = """
            flow: api
            steps:
              show:
                end: "{{today()}} {{format_date(now(), 'HH:mm')}}"
            """
        let report = try await runTests("""
            tests:
              - name: space
                now: "2026-12-31 10:00"
                conversation:
                  - user: hola
                  - bot: "2026-12-31 10:00"
            """, flows: [flow])
        #expect(report.failed == 0, "\(report.outcomes.map { $0.failure ?? "" })")
    }

    @Test("now: takes an offset without its colon (+0300), as the schema does, and a date alone is its midnight in the bot's zone")
    func nowOffsetWithoutColonAndDateAlone() async throws {
        let flow = """
            flow: api
            steps:
              show:
                end: "{{today()}} {{format_date(now(), 'HH:mm')}}"
            """
        let report = try await runTests("""
            tests:
              - name: basic offset
                now: "2026-12-31T14:30+0300"
                conversation:
                  - user: hola
                  - bot: "2026-12-31 08:30"
              - name: date alone
                now: 2026-03-02
                conversation:
                  - user: hola
                  - bot: "2026-03-02 00:00"
            """, flows: [flow])
        #expect(report.failed == 0, "\(report.outcomes.map { $0.failure ?? "" })")
        #expect(report.passed == 2)
    }

    @Test("a photo or file a test sends has the mime_type its link's extension tells, as on every channel, and its caption as text:")
    func mediaAnswerHasMimeType() async throws {
        let flow = """
            flow: api
            vars:
              foto: image
              doc: document
            steps:
              a:
                ask: "foto"
                save: foto
              b:
                ask: "comprobante"
                save: doc
              c:
                end: "{{foto.mime_type}} {{foto.caption}} / {{doc.mime_type}}"
            """
        let report = try await runTests("""
            tests:
              - name: media
                conversation:
                  - user: hola
                  - user: {image: "https://cdn.test/f.png", text: "así llegó"}
                  - user: {document: "https://cdn.test/c.pdf?x=1"}
                  - bot: "image/png así llegó / application/pdf"
              - name: no extension
                conversation:
                  - user: hola
                  - user: {image: "https://cdn.test/get"}
                  - user: {document: "https://cdn.test/get"}
                  - bot: "image/jpeg  / application/octet-stream"
            """, flows: [flow])
        #expect(report.failed == 0, "\(report.outcomes.map { $0.failure ?? "" })")
        #expect(report.passed == 2)
    }

    @Test("expect: vars of a photo, file or place compares the fields the test names (a channel adds its own, as mime_type)")
    func mediaExpectationsNameTheirFields() async throws {
        let flow = """
            flow: api
            steps:
              a: {ask: "foto", expect: image, save: foto}
              b: {ask: "comprobante", expect: document, save: doc}
              c: {end: "ok"}
            """
        let conversation = """
                conversation:
                  - user: hola
                  - user: {image: "https://x.test/a.jpg", text: linda}
                  - user: {document: "https://x.test/f.pdf"}
            """
        let report = try await runTests("""
            tests:
              - name: the fields it names
            \(conversation)
                expect:
                  vars:
                    foto: {url: "https://x.test/a.jpg", caption: linda}
                    doc: {url: "https://x.test/f.pdf", mime_type: application/pdf}
              - name: a field that differs
            \(conversation)
                expect:
                  vars: {foto: {url: "https://x.test/a.jpg", caption: fea}}
              - name: a field the answer does not have
            \(conversation)
                expect:
                  vars: {foto: {url: "https://x.test/a.jpg", caption: linda, name: x}}
            """, flows: [flow])
        #expect(report.passed == 1, "\(report.outcomes.map { $0.failure ?? "" })")
        let failures = report.outcomes.compactMap(\.failure)
        #expect(failures.count == 2)
        // The whole answer is shown, so the author sees what else it holds.
        #expect(failures.allSatisfy { $0.contains(#"got {"url":"https://x.test/a.jpg","mime_type":"image/jpeg","caption":"linda"}"#) }, "\(failures)")
    }

    @Test("a text of a number in vars: and expect: vars is read by the locale as a flow's set reads it: 38.000 is 38000 in es-CO, 38 in en-US")
    func numberTextsByLocale() async throws {
        let flow = """
            flow: api
            vars:
              precio: number
              total: number
            steps:
              a:
                ask: "¿Total?"
                save: total
              show:
                end: "{{precio}} {{total}}"
            """
        let bot = "bot: api\nstart: api\nlocale: es-CO\n"
        let report = try await runTests("""
            tests:
              - name: grouped thousands
                vars: {precio: "38.000"}
                conversation:
                  - user: hola
                  - user: "38.000"
                  - bot: "38000 38000"
                expect:
                  vars: {precio: "38.000,00", total: "38.000"}
              - name: en-US reads the dot as a decimal point
                locale: en-US
                vars: {precio: "38.000"}
                conversation:
                  - user: hola
                  - user: "38"
                  - bot: "38 38"
                expect:
                  vars: {precio: "38.000", total: "38"}
              - name: a wrong amount still fails
                conversation:
                  - user: hola
                  - user: "38.000"
                expect:
                  vars: {total: "3.800"}
            """, flows: [flow], bot: bot)
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics)")
        #expect(report.outcomes.map { $0.failure == nil } == [true, true, false], "\(report.outcomes.map { $0.failure ?? "" })")
    }

    @Test("a test's locale written as an alias (en-us, en) is the locale it names")
    func localeAlias() async throws {
        let flow = """
            flow: api
            vars:
              n: number
            steps:
              ask:
                ask: "¿Cuánto?"
                save: n
              show:
                end: "{{n}}"
            """
        for alias in ["en-US", "en-us", "en_US", "en"] {
            let report = try await runTests("""
                tests:
                  - name: \(alias)
                    locale: \(alias)
                    conversation:
                      - user: hola
                      - bot: "¿Cuánto?"
                      - user: "1,500.50"
                      - bot: "1500.5"
                """, flows: [flow])
            #expect(report.failed == 0, "\(alias): \(report.outcomes.map { $0.failure ?? "" })")
        }
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

    /// A test of the API flow that posts an order (answered `{id: 9}`) and then holds `expect:`
    /// (its entries start on line 12, under `expect:`, at column 7).
    static func orderSuite(expect: String) -> String {
        """
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
        """
    }

    @Test("expect.vars, ended and status are checked", arguments: [
        ("vars: {result: {id: 8}}", "expect.vars.result"), ("ended: false", "to go on"), ("status: handoff", "expected status handoff"),
    ])
    func expectations(expect: String, message: String) async throws {
        let report = try await runTests(Self.orderSuite(expect: expect))
        #expect(report.failed == 1)
        #expect(report.outcomes.first?.failure?.contains(message) == true, "\(report.outcomes.first?.failure ?? "")")
        // The test file's line of the entry that does not hold comes with it (line 12: under `expect:`).
        #expect(report.outcomes.first?.failure?.contains("api.test.yaml:12: " + (message == "to go on" ? "expected the conversation " : "") + message) == true,
                "\(report.outcomes.first?.failure ?? "")")
    }

    @Test("each expect entry that does not hold is named with its own line")
    func expectationLines() async throws {
        // (After its first line, each entry is written at its place in the file: `expect:`'s entries at 6.)
        let report = try await runTests(Self.orderSuite(expect: "vars:\n        result: {id: 8}\n      ended: false\n      status: handoff\n      step: sorry"))
        let failure = try #require(report.outcomes.first?.failure)
        for (line, text) in [(13, "expect.vars.result"), (14, "expected the conversation to go on"), (15, "expected status handoff"),
                             (16, "expected the conversation at sorry")] {
            #expect(failure.contains("api.test.yaml:\(line): \(text)"), "\(line): \(failure)")
        }
    }

    @Test("contains and matches see a list row's description, as a numbered menu sends it; the exact text stays the prompt and labels")
    func descriptionsAreShown() async throws {
        let flow = """
            flow: carta
            steps:
              pick:
                menu: "¿Qué pizza?"
                options:
                  m: {label: Muzzarella, description: "Chica $ 6.500 / Grande $ 9.800"}
                  n: Napolitana
                  f: {label: Fugazzeta, description: Con cebolla}
                  c: Calabresa
            """
        let report = try await runTests("""
            tests:
              - name: prices
                conversation:
                  - user: hola
                  - bot: {contains: "Chica $ 6.500 / Grande $ 9.800"}
              - name: the row
                conversation:
                  - user: hola
                  - bot: {matches: '3\\. Fugazzeta — Con cebolla'}
              - name: exact
                conversation:
                  - user: hola
                  - bot: "¿Qué pizza?\\n1. Muzzarella\\n2. Napolitana\\n3. Fugazzeta\\n4. Calabresa"
              - name: not there
                conversation:
                  - user: hola
                  - bot: {contains: "Grande $ 9.900"}
              - name: rows without their descriptions
                conversation:
                  - user: hola
                  - bot: {contains: "1. Muzzarella\\n2. Napolitana"}
            """, flows: [flow], bot: "bot: b\nstart: carta\n")
        #expect(report.outcomes.map { $0.failure == nil } == [true, true, true, false, true], "\(report.outcomes.map { $0.failure ?? "ok" })")
    }

    static let blockMenu = """
        flow: api
        vars:
          qty: number
        steps:
          pick:
            menu: |
              ¿Qué querés?
            options: {c: Comprar, a: Ayuda}
          ask_qty:
            ask: "¿Cuántos?"
            save: qty
          done:
            say: "Listo"
        """

    @Test("a block-scalar menu prompt: no blank line before its options, compared alone as a say is")
    func blockMenuPrompt() async throws {
        let report = try await runTests("""
            tests:
              - name: prompt alone
                conversation:
                  - user: hola
                  - bot: "¿Qué querés?"
              - name: with its options
                conversation:
                  - user: hola
                  - bot: "¿Qué querés?\\n1. Comprar\\n2. Ayuda"
              - name: a wrong prompt still fails
                conversation:
                  - user: hola
                  - bot: "¿Qué más?"
            """, flows: [Self.blockMenu])
        #expect(report.outcomes.map { $0.failure == nil } == [true, true, false], "\(report.outcomes)")
    }

    @Test("expect: flow and step both hold when both are given; a number written as text compares by value")
    func expectFlowAndStep() async throws {
        let base = """
            tests:
              - name: at ask_qty
                conversation:
                  - user: hola
                  - user: "1"
                  - user: "4"
                  - bot: "Listo"
                expect:
            """
        let cases: [(String, String?)] = [
            ("{flow: api, step: done}", nil), ("{flow: main, step: done}", "expected the conversation in flow main"),
            ("{flow: main}", "expected the conversation in flow main"), ("{step: api.pick}", "expected the conversation at api.pick"),
            ("{vars: {qty: \"4.0\"}}", nil), ("{vars: {qty: \"4.5\"}}", "expect.vars.qty"), ("{vars: {qty: \"04\"}}", "expect.vars.qty"),
            ("{vars: {qty: \"0x4\"}}", "expect.vars.qty"), ("{vars: {qty: \"4.\"}}", "expect.vars.qty"), ("{vars: {qty: \"4\"}}", nil),
        ]
        for (expect, failure) in cases {
            let report = try await runTests(base + " " + expect, flows: [Self.blockMenu, "flow: main\nsteps:\n  done: {say: x}\n"])
            let got = report.outcomes.first?.failure
            if let failure { #expect(got?.contains(failure) == true, "\(expect): \(got ?? "passed")") } else { #expect(got == nil, "\(expect): \(got ?? "")") }
        }
    }

    @Test("a json side of `+` takes the other side's type: added to a number, joined to a text, and a text is no number")
    func jsonPlus() async throws {
        let flow = """
            flow: api
            vars:
              o: json
              qty: number
            steps:
              get:
                http: {get: "https://api.test/p"}
                save: o
              q:
                ask: "¿Cuántos?"
                save: qty
              show:
                say: "{{o.n + 1}} {{o.n + qty}} {{'n=' + o.n}} {{o.name + o.n}}"
              bad:
                end: "{{o.s + 100}}"
            """
        let report = try await runTests("""
            tests:
              - name: sums
                http:
                  - match: {method: GET, url: "https://api.test/p"}
                    json: {n: 5, s: "1500", name: "x"}
                conversation:
                  - user: hola
                  - bot: "¿Cuántos?"
                  - user: "2"
                  - bot: "6 7 n=5 x5"
                  - bot: "Uy, algo salió mal. Probá de nuevo más tarde."
            """, flows: [flow])
        #expect(report.outcomes.first?.failure == nil, "\(report.outcomes)")
    }

    @Test("an API's number sent as text equals that number (`o.id == 42` for \"42\"); other text equals none")
    func jsonTextEqualsNumber() async throws {
        let flow = """
            flow: api
            vars:
              o: json
            steps:
              get:
                http: {get: "https://api.test/p"}
                save: o
              show:
                end: "{{o.id == 42}} {{o.price == 1500.5}} {{42 != o.id}} {{o.name == 42}} {{o.code == 7}} {{o.id in [41, 42]}}"
            """
        let report = try await runTests("""
            tests:
              - name: equal
                http:
                  - match: {method: GET, url: "https://api.test/p"}
                    json: {id: "42", price: "1500.50", name: "42 x", code: "007"}
                conversation:
                  - user: hola
                  - bot: "true true false false false true"
            """, flows: [flow])
        #expect(report.outcomes.first?.failure == nil, "\(report.outcomes)")
    }

    @Test("a json list or object is no text for the text functions; its numbers are", arguments: [
        ("{{upper(o.tags)}}", nil), ("{{starts_with(o.obj, 'a')}}", nil), ("{{upper(o.n)}} {{replace(o.name, 'x', o.n)}}", "42 42"),
    ] as [(String, String?)])
    func jsonTextFunctions(expression: String, says: String?) async throws {
        let report = try await runTests("""
            tests:
              - name: text functions
                http:
                  - match: {method: GET, url: "https://api.test/p"}
                    json: {tags: [a, b], obj: {a: 1}, n: 42, name: "x"}
                conversation:
                  - user: hola
                  - bot: "\(says ?? "Uy, algo salió mal. Probá de nuevo más tarde.")"
            """, flows: ["""
            flow: api
            vars:
              o: json
            steps:
              get:
                http: {get: "https://api.test/p"}
                save: o
              show:
                end: "\(expression)"
            """])
        #expect(report.outcomes.first?.failure == nil, "\(expression): \(report.outcomes)")
    }

    static let twoMessages = """
        flow: api
        steps:
          hi:
            say: "Hola"
          ask_qty:
            ask: "¿Cuántos?"
            save: qty
          done:
            end: "Listo: {{qty}}"
        """

    @Test("a turn that lists some of the bot's messages must list them all")
    func unexpectedMessage() async throws {
        let report = try await runTests("""
            tests:
              - name: one of two
                conversation:
                  - user: hola
                  - bot: "Hola"
                  - user: "3"
            """, flows: [Self.twoMessages])
        let failure = report.outcomes.first?.failure ?? ""
        #expect(failure.contains("the bot said \"¿Cuántos?\", which the test does not expect"), "\(failure)")
        let atEnd = try await runTests("""
            tests:
              - name: the last turn short
                conversation:
                  - user: hola
                  - bot: "Hola"
                  - bot: "¿Cuántos?"
                  - user: "3"
                  - bot: "Listo: 3"
                  - bot: "¿Algo más?"
            """, flows: [Self.twoMessages])
        #expect(atEnd.outcomes.first?.failure?.contains("expected the bot to say \"¿Algo más?\"") == true, "\(atEnd.outcomes)")
        let extra = try await runTests("""
            tests:
              - name: one message short at the end
                conversation:
                  - user: hola
                  - bot: "Hola"
                  - bot: "¿Cuántos?"
                  - user: "3"
                  - bot: "Listo: 3"
            """, flows: [Self.twoMessages.replacingOccurrences(of: "end: \"Listo: {{qty}}\"", with: "say: \"Listo: {{qty}}\"\n  more:\n    ask: \"¿Algo más?\"")])
        #expect(extra.outcomes.first?.failure?.contains("api.test.yaml:8 (conversation at api.more):") == true, "\(extra.outcomes)")
        #expect(extra.outcomes.first?.failure?.contains("the bot also said \"¿Algo más?\", which the test does not expect") == true,
                "\(extra.outcomes)")
    }

    @Test("a turn the test lists no bot message of is not checked message by message")
    func unlistedTurns() async throws {
        let report = try await runTests("""
            tests:
              - name: only what it saves
                conversation:
                  - user: hola
                  - user: "3"
                expect:
                  vars: {qty: "3"}
                  ended: true
              - name: a block scalar's last newline
                conversation:
                  - user: hola
                  - bot: "Hola   "
                  - bot: "¿Cuántos?"
            """, flows: [Self.twoMessages])
        #expect(report.passed == 2, "\(report.outcomes.map { $0.failure ?? "" })")
    }

    @Test("one wait fires every timeout that falls due within it, each at its own time")
    func waitFiresChainedTimeouts() async throws {
        let flow = """
            flow: api
            steps:
              q:
                ask: "¿Nombre?"
                save: name
                timeout: 10m
                on_timeout: remind
              remind:
                say: "¿Seguís ahí?"
              q2:
                ask: "¿Nombre otra vez?"
                save: name
                timeout: 5m
                on_timeout: bye
              done:
                end: "Hola {{name}}"
              bye:
                end: "BYE"
            """
        let report = try await runTests("""
            tests:
              - name: an hour of silence
                conversation:
                  - user: hola
                  - bot: "¿Nombre?"
                  - wait: 1h
                  - bot: "¿Seguís ahí?"
                  - bot: "¿Nombre otra vez?"
                  - bot: "BYE"
                expect:
                  ended: true
              - name: twelve minutes, then an answer
                conversation:
                  - user: hola
                  - bot: "¿Nombre?"
                  - wait: 12m
                  - bot: "¿Seguís ahí?"
                  - bot: "¿Nombre otra vez?"
                  - wait: 2m
                  - user: Ana
                  - bot: "Hola Ana"
            """, flows: [flow])
        #expect(report.passed == 2, "\(report.outcomes.map { $0.failure ?? "" })")
    }

    @Test("a response body that is not JSON fails only a step that saves it")
    func plainTextBody() async throws {
        let flow = """
            flow: api
            steps:
              ping:
                http: {put: "{{env.API_URL}}/ping"}
                on_error: sorry
              fetch:
                http: {get: "{{env.API_URL}}/motd"}
                save: motd
                on_error: sorry
              done:
                end: "{{motd}}"
              sorry:
                end: "No pude."
            """
        let report = try await runTests("""
            tests:
              - name: plain text
                env: {API_URL: "https://api.test"}
                http:
                  - match: {method: PUT, url: "https://api.test/ping"}
                    status: 200
                    body: "pong"
                  - match: {method: GET, url: "https://api.test/motd"}
                    status: 200
                    body: "<b>Hoy 2x1</b>"
                conversation:
                  - user: hola
                  - bot: "No pude."
            """, flows: [flow])
        #expect(report.passed == 1, "\(report.outcomes.map { $0.failure ?? "" })")
    }

    @Test("`flow:` pins the first conversation only, and its own regex trigger still saves the groups")
    func pinnedFlow() async throws {
        let bot = """
            bot: shop
            start: menu
            locale: es-AR
            """
        let menu = """
            flow: menu
            steps:
              hi:
                end: "Menú"
            """
        let track = """
            flow: track
            triggers:
              - regex: "^seguir (?<code>[A-Z0-9]+)$"
            vars:
              code: text
            steps:
              check:
                branch:
                  - if: code != null
                    goto: known
                  - else: unknown
              unknown:
                end: "¿Qué pedido?"
              known:
                end: "Sigo {{code}}"
            """
        let help = """
            flow: help
            triggers:
              - keywords: [ayuda]
            steps:
              hi:
                end: "Ayuda"
            """
        let report = try await runTests("""
            flow: track
            tests:
              - name: the regex of the pinned flow saves its group
                conversation:
                  - user: seguir AB12
                  - bot: "Sigo AB12"
                expect:
                  vars: {code: "AB12"}
              - name: a message the regex does not match still enters the pinned flow
                conversation:
                  - user: hola
                  - bot: "¿Qué pedido?"
              - name: the next conversation starts by the bot's triggers, else its start
                conversation:
                  - user: hola
                  - bot: "¿Qué pedido?"
                  - user: ayuda
                  - bot: "Ayuda"
                  - user: hola
                  - bot: "Menú"
            """, flows: [menu, track, help], bot: bot)
        #expect(report.passed == 3, "\(report.outcomes.map { $0.failure ?? "" })")
        #expect(report.failed == 0)
    }

    @Test("a test's messages have ids, one per message")
    func messageIds() async throws {
        let flow = """
            flow: api
            steps:
              first:
                set: {one: "{{message.id}}"}
              q:
                ask: "¿Y?"
                save: answer
              done:
                end: "{{one}} {{message.id}}"
            """
        let report = try await runTests("""
            tests:
              - name: ids
                conversation:
                  - user: hola
                  - bot: "¿Y?"
                  - user: "sí"
                  - bot: {matches: "^local-1-[0-9a-f]{16} local-2-[0-9a-f]{16}$"}
            """, flows: [flow])
        #expect(report.passed == 1, "\(report.outcomes.map { $0.failure ?? "" })")
    }

    @Test("a test's locale reads answers and formats as that locale")
    func testLocale() async throws {
        let flow = """
            flow: api
            steps:
              q:
                ask: "¿Cuánto?"
                save: amount
                expect: number
              done:
                end: "{{money(amount, 'USD')}}"
            """
        let report = try await runTests("""
            tests:
              - name: the bot's locale
                conversation:
                  - user: hola
                  - bot: "¿Cuánto?"
                  - user: "3.751,5"
                  - bot: "US$ 3.751,50"
              - name: en-US
                locale: en-US
                conversation:
                  - user: hi
                  - bot: "¿Cuánto?"
                  - user: "3,751.5"
                  - bot: "$3,751.50"
              - name: the bot's locale again
                conversation:
                  - user: hola
                  - bot: "¿Cuánto?"
                  - user: "3,751.5"
                  - bot: "¿Cuánto?"
            """, flows: [flow])
        #expect(report.passed == 3, "\(report.outcomes.map { $0.failure ?? "" })")
    }

    @Test("mocks that match the same request answer in turn, so a retry can succeed")
    func mockSequence() async throws {
        let flow = """
            flow: api
            vars:
              result: json
            steps:
              fetch:
                http:
                  post: "https://api.test/orders"
                  retries: 1
                save: result
                on_error: sorry
              done:
                say: "Pedido #{{result.id}}"
              again:
                http:
                  post: "https://api.test/orders"
                save: result
                on_error: sorry
              twice:
                end: "Pedido #{{result.id}}"
              sorry:
                end: "No pude."
            """
        let report = try await runTests("""
            tests:
              - name: a 500, its retry, then the last mock again
                http:
                  - match: {method: POST, url: "https://api.test/orders"}
                    status: 500
                  - match: {method: POST, url: "https://api.test/orders"}
                    status: 201
                    json: {id: 9}
                conversation:
                  - user: hola
                  - bot: "Pedido #9"
                  - bot: "Pedido #9"
              - name: a request made twice gets the matching mocks in turn
                http:
                  - match: {method: POST, url: "https://api.test/orders"}
                    status: 201
                    json: {id: 1}
                  - match: {method: POST, url: "https://api.test/orders"}
                    status: 201
                    json: {id: 2}
                conversation:
                  - user: hola
                  - bot: "Pedido #1"
                  - bot: "Pedido #2"
              - name: without retries the 500 is the answer
                http:
                  - match: {method: POST, url: "https://api.test/orders"}
                    status: 503
                conversation:
                  - user: hola
                  - bot: "No pude."
            """, flows: [flow])
        #expect(report.passed == 3, "\(report.outcomes.map { $0.failure ?? "" })")
    }

    @Test("requests with other bodies that the same mocks match take their turns too; seeds follow the test's locale")
    func mockTurnsAcrossBodiesAndSeedLocale() async throws {
        let flow = """
            flow: api
            vars:
              first: json
              second: json
              tel: phone
              nick: text
            steps:
              one:
                http: {post: "https://api.test/orders", json: {item: a}}
                save: first
              two:
                http: {post: "https://api.test/orders", json: {item: b}}
                save: second
              done:
                end: "#{{first.id}} #{{second.id}} {{tel}} [{{nick}}]"
            """
        let report = try await runTests("""
            tests:
              - name: turns and seeds
                locale: en-US
                vars: {tel: "(415) 555-2671", nick: ""}
                http:
                  - match: {method: POST, url: "https://api.test/orders"}
                    json: {id: 1}
                  - match: {method: POST, url: "https://api.test/orders"}
                    json: {id: 2}
                conversation:
                  - user: hi
                  - bot: "#1 #2 +14155552671 []"
            """, flows: [flow])
        #expect(report.passed == 1, "\(report.outcomes.map { $0.failure ?? "" })")
    }

    @Test("a test with its own locale reads date-times without an offset in `vars:` and `expect: vars` on its own clock")
    func testLocaleZoneForDateTimes() async throws {
        let flow = """
            flow: api
            vars:
              stamp: datetime
              due: datetime
            steps:
              s:
                set: {stamp: "{{now()}}"}
              a:
                end: "{{stamp}} {{due}}"
            """
        let report = try await runTests("""
            tests:
              - name: mexico
                locale: es-MX
                now: "2026-06-16 04:00"
                vars: {due: "2026-06-20 09:30"}
                conversation:
                  - user: hola
                  - bot: "2026-06-16T04:00:00-06:00 2026-06-20T09:30:00-06:00"
                expect:
                  vars: {stamp: "2026-06-16 04:00", due: "2026-06-20 09:30"}
              - name: argentina
                now: "2026-06-16 04:00"
                vars: {due: "2026-06-20 09:30"}
                conversation:
                  - user: hola
                  - bot: "2026-06-16T04:00:00-03:00 2026-06-20T09:30:00-03:00"
                expect:
                  vars: {stamp: "2026-06-16 04:00", due: "2026-06-20 09:30"}
            """, flows: [flow])
        #expect(report.passed == 2, "\(report.outcomes.map { $0.failure ?? "" })")
    }

    @Test("expect.vars compares a quoted number or bool with the value it names")
    func quotedExpectations() async throws {
        let flow = """
            flow: api
            steps:
              q:
                ask: "¿Regalo?"
                save: gift
                expect: yes_no
              n:
                set: {qty: 12}
              done:
                end: "ok"
            """
        let report = try await runTests("""
            tests:
              - name: quoted
                conversation:
                  - user: hola
                  - user: "sí"
                expect:
                  vars: {gift: "true", qty: "12"}
              - name: wrong
                conversation:
                  - user: hola
                  - user: "no"
                expect:
                  vars: {gift: "true"}
            """, flows: [flow])
        #expect(report.passed == 1 && report.failed == 1, "\(report.outcomes.map { $0.failure ?? "" })")
    }
}

extension TestRunnerTests {
    @Test("two tests of one name in a test file are shown as a warning, and both still run")
    func duplicateTestNames() async throws {
        let report = try await runTests("""
            tests:
              - name: dup
                env: {API_URL: "https://api.test"}
                http: [{match: {method: POST, url: "https://api.test/orders"}, json: {id: 9}}]
                conversation:
                  - user: hola
                  - bot: "Pedido #9"
              - name: dup
                env: {API_URL: "https://api.test"}
                http: [{match: {method: POST, url: "https://api.test/orders"}, json: {id: 9}}]
                conversation:
                  - user: hola
                  - bot: "Pedido #9"
            """)
        #expect(report.warnings.map(\.rule) == ["duplicate-test"])
        #expect(report.warnings.first?.range.start.line == 8)
        #expect(report.passed == 2, "\(report.outcomes.map { $0.failure ?? "" })")
    }
}

extension TestRunnerTests {
    static let pizza = """
        flow: api
        vars:
          p: text
        steps:
          a:
            say:
              text: "Mirá nuestra carta 🍕"
              image: "https://x.test/carta.jpg"
              buttons: [Ver menú, Hablar]
          m:
            menu: "¿Qué pizza?"
            options:
              muz: {label: Muzzarella, description: "Chica $ 6.500"}
              nap: {label: Napolitana, description: "Grande $ 9.000"}
              fug: Fugazzeta
            save: p
          bye:
            end: "Elegiste {{p}}"
        """

    @Test("an exact bot text may be the message as flowc chat prints it: list rows with descriptions, a say's image and buttons")
    func exactAsChatPrints() async throws {
        let report = try await runTests("""
            tests:
              - name: as chat prints it
                conversation:
                  - user: hola
                  - bot: "Mirá nuestra carta 🍕\\n[image: https://x.test/carta.jpg]\\n[Ver menú] [Hablar]"
                  - bot: |
                      ¿Qué pizza?
                      1. Muzzarella — Chica $ 6.500
                      2. Napolitana — Grande $ 9.000
                      3. Fugazzeta
              - name: the text alone, or the options without descriptions
                conversation:
                  - user: hola
                  - bot: "Mirá nuestra carta 🍕"
                  - bot: "¿Qué pizza?\\n1. Muzzarella\\n2. Napolitana\\n3. Fugazzeta"
              - name: still exact
                conversation:
                  - user: hola
                  - bot: "Mirá nuestra carta 🍕\\n[Ver menú] [Hablar]"
                  - bot: "¿Qué pizza?"
            """, flows: [Self.pizza])
        #expect(report.passed == 2, "\(report.outcomes.map { $0.failure ?? "ok" })")
        #expect(report.outcomes.last?.passed == false, "buttons without the image line are not the message")
    }
}

extension TestRunnerTests {
    @Test("expect: vars normalises a phone, e-mail or time typed by the ask's own expect, as one declared under vars")
    func inlineExpectNormalised() async throws {
        let report = try await runTests("""
            tests:
              - name: inline and declared
                conversation:
                  - user: hola
                  - user: "011 15-5555-1234"
                  - user: "011 15-5555-1234"
                  - user: "Ana@Gmail.COM"
                  - user: "2pm"
                  - bot: "ok +5491155551234 +5491155551234 Ana@gmail.com 14:00"
                expect:
                  vars: {tel2: "11 5555-1234", tel: "11 5555-1234", mail: "Ana@GMAIL.com", hora: "2pm"}
              - name: seeded
                vars: {tel: "11 5555-1234", tel2: "11 5555-1234", mail: "Ana@GMAIL.com", hora: "2pm"}
                conversation:
                  - user: hola
                expect:
                  vars: {tel: "+5491155551234", mail: "Ana@gmail.com", hora: "14:00"}
            """, flows: ["""
            flow: api
            vars:
              tel2: {type: phone, region: AR}
            steps:
              a:
                ask: "¿Tel?"
                save: tel
                expect: phone
              b:
                ask: "¿Otro tel?"
                save: tel2
              c:
                ask: "¿Mail?"
                save: mail
                expect: email
              d:
                ask: "¿Hora?"
                save: hora
                expect: time
              e:
                end: "ok {{tel}} {{tel2}} {{mail}} {{hora}}"
            """])
        #expect(report.passed == 2, "\(report.outcomes.map { $0.failure ?? "ok" })")
    }
}
