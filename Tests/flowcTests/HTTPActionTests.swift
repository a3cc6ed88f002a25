import Foundation
import Testing

/// HTTP actions end to end: real requests to a loopback server (no `--mock`), errors that take
/// `on_error`, and secrets that must never be logged or stored (spec §2, §5).
struct HTTPActionTests {
    static func chatAPI(_ bot: URL, _ apiURL: String, extra: [String] = [], input: String = "api\n") throws -> E2ERun {
        try E2E.flowc(["chat", bot.path, "--jsonl", "--env", "API_URL=\(apiURL)", "--secret", "TOKEN=s3cr3t-value"] + extra, input: input)
    }

    static func texts(_ r: E2ERun) -> [String] { (r.jsonLines() ?? []).compactMap { $0["text"] as? String } }

    @Test(.timeLimit(.minutes(1)))
    func aRealRequestIsMadeWithItsHeaders() throws {
        let server = try E2ELoopbackServer(response: E2ELoopbackServer.http(200, "{\"id\": 9}"))
        defer { server.stop() }
        let bot = try ProbeBot.write()
        let r = try Self.chatAPI(bot, server.url + "/v1")
        #expect(r.exitedCleanly && r.status == 0, "\(r)")
        #expect(Self.texts(r) == ["La API dijo 9"], "\(r)")
        let request = try #require(server.requests.first, "the server got the request")
        #expect(request.hasPrefix("GET /v1/thing HTTP/1.1\r\n"), "\(request)")
        #expect(request.lowercased().contains("authorization: bearer s3cr3t-value"), "the secret goes where the flow sends it: \(request)")
    }

    @Test(.timeLimit(.minutes(1)))
    func aServerThatNeverAnswersTimesOutIntoOnError() throws {
        let server = try E2ELoopbackServer(response: nil)
        defer { server.stop() }
        let bot = try ProbeBot.write()
        let r = try Self.chatAPI(bot, server.url)
        #expect(r.exitedCleanly && r.status == 0, "\(r)")
        #expect(r.seconds < 10, "the action's 1 s timeout bounds it: \(r.seconds) s")
        #expect(Self.texts(r) == ["Falló la API"], "\(r)")
        #expect((r.jsonLines() ?? []).last?["step"] as? String == "api.oops", "\(r)")
    }

    @Test(.timeLimit(.minutes(1)))
    func invalidJSONFromARealServerTakesOnError() throws {
        let server = try E2ELoopbackServer(response: E2ELoopbackServer.http(200, "<html>oops</html>", contentType: "text/html"))
        defer { server.stop() }
        let bot = try ProbeBot.write()
        let r = try Self.chatAPI(bot, server.url)
        #expect(r.exitedCleanly && r.status == 0, "\(r)")
        #expect(Self.texts(r) == ["Falló la API"], "\(r)")
    }

    @Test(.timeLimit(.minutes(1)))
    func aServerErrorTakesOnError() throws {
        let server = try E2ELoopbackServer(response: E2ELoopbackServer.http(503, "{\"error\": \"down\"}"))
        defer { server.stop() }
        let bot = try ProbeBot.write()
        let r = try Self.chatAPI(bot, server.url)
        #expect(r.exitedCleanly && r.status == 0, "\(r)")
        #expect(Self.texts(r) == ["Falló la API"], "\(r)")
    }

    @Test(.timeLimit(.minutes(1)))
    func aRefusedConnectionTakesOnError() throws {
        let bot = try ProbeBot.write()
        let r = try Self.chatAPI(bot, "http://127.0.0.1:\(E2ELoopbackServer.closedPort())")
        #expect(r.exitedCleanly && r.status == 0, "\(r)")
        #expect(r.seconds < 10, "\(r.seconds) s")
        #expect(Self.texts(r) == ["Falló la API"], "\(r)")
    }

    /// A flow that puts a secret in the URL and has no `on_error`.
    static func secretInURLBot() throws -> URL {
        let dir = try E2E.temp()
        try E2E.write("""
            flow: leak
            vars:
              result: json
            steps:
              fetch:
                http:
                  get: "{{env.API_URL}}/thing?key={{secret.TOKEN}}"
                  timeout: 1s
                save: result
              ok:
                end: "La API dijo {{result.id}}"

            """, to: dir, "leak.yaml")
        return dir.appendingPathComponent("leak.yaml")
    }

    @Test(.enabled(if: E2E.which("sqlite3") != nil), .timeLimit(.minutes(1)))
    func aFailedRequestNeverLogsOrStoresTheSecret() throws {
        let sqlite = try #require(E2E.which("sqlite3"))
        let flow = try Self.secretInURLBot()
        let dir = try E2E.temp()
        let mocks = try E2E.write("[]\n", to: dir, "none.yaml")
        let db = dir.appendingPathComponent("leak.sqlite").path
        // No mock matches (and, below, nothing listens): the action fails without on_error.
        let mocked = try E2E.flowc(["chat", flow.path, "--jsonl", "--env", "API_URL=https://api.test", "--secret", "TOKEN=s3cr3t-value",
                                    "--mock", mocks, "--db", db], input: "hola\n")
        let plain = try E2E.flowc(["chat", flow.path, "--env", "API_URL=http://127.0.0.1:\(E2ELoopbackServer.closedPort())",
                                   "--secret", "TOKEN=s3cr3t-value"], input: "hola\n")
        for r in [mocked, plain] {
            #expect(r.exitedCleanly && r.status == 0, "\(r)")
            #expect(r.stdout.contains("Uy, algo salió mal"), "the bot's error message: \(r)")
            #expect(r.stdout.contains("leak.fetch") || r.stderr.contains("leak.fetch"), "the error is reported with its step: \(r)")
        }
        let dump = try E2E.run(sqlite, [db, ".dump"], timeout: 10)
        for r in [mocked, plain] {
            #expect(!r.stdout.contains("s3cr3t-value") && !r.stderr.contains("s3cr3t-value"), "never logged: \(r)")
            #expect(!r.stdout.contains("/thing?key=") && !r.stderr.contains("/thing?key="), "the rendered URL is not quoted: \(r)")
        }
        #expect(plain.stderr.contains("failed: connection failed: Connection refused"), "the system's words for it: \(plain)")
        #expect(plain.stderr.contains("[conversation local]") && mocked.stderr.contains("\"conversation\":\"local\""),
                "the error names the conversation (flow-format.md §5): \(plain.stderr) \(mocked.stderr)")
        #expect(mocked.stderr.contains("GET to host api.test failed") && !mocked.stdout.contains("GET to host"),
                "--jsonl keeps runtime errors off stdout, and the error names the method and host: \(mocked)")
        #expect(plain.stderr.contains("GET to host 127.0.0.1 failed") || plain.stdout.contains("GET to host 127.0.0.1 failed"), "\(plain)")
        #expect(!dump.stdout.contains("s3cr3t-value"), "never stored: \(dump.stdout.split(separator: "\n").filter { $0.contains("s3cr3t") })")
    }

    @Test(.timeLimit(.minutes(1)))
    func valuesInAURLWithAnAccentOrBracketAreEncodedOnce() throws {
        let server = try E2ELoopbackServer(response: E2ELoopbackServer.http(200, "{\"id\": 9}"))
        defer { server.stop() }
        let flow = try E2E.write("""
            flow: buscar
            vars:
              q: text
            steps:
              ask_q:
                ask: "¿Qué buscás?"
                save: q
              fetch:
                http:
                  get: "{{env.API_URL}}/buscar?ciudad=Bogotá&filter[name]={{q}}&pct=10%&ok=%C3%B1"
                save: r
              done:
                end: "Listo {{r.id}}"

            """, to: try E2E.temp(), "buscar.yaml")
        let r = try Self.chatAPI(URL(fileURLWithPath: flow), server.url, input: "hola\nyerba & mate=1\n")
        #expect(r.exitedCleanly && r.status == 0, "\(r)")
        #expect(Self.texts(r).last == "Listo 9", "\(r)")
        let request = try #require(server.requests.first, "the server got the request")
        #expect(request.hasPrefix("GET /buscar?ciudad=Bogot%C3%A1&filter%5Bname%5D=yerba%20%26%20mate%3D1&pct=10%25&ok=%C3%B1 HTTP/1.1\r\n"),
                "the typed value is encoded once, the literal's accent and brackets once: \(request.prefix(200))")
    }

    /// A flow that checks a site the user names: the URL is built from user input.
    static func userURLFlow() throws -> String {
        try E2E.write("""
            flow: probe_site
            vars:
              site: text
              result: json
            steps:
              ask_site:
                ask: "¿Qué sitio reviso?"
                save: site
              fetch:
                http:
                  get: "http://{{site}}/status"
                  timeout: 1s
                save: result
                on_error: oops
              ok:
                end: "Responde: {{result.id}}"
              oops:
                end: "No pude revisar {{site}}"

            """, to: try E2E.temp(), "site.yaml")
    }

    @Test(.timeLimit(.minutes(1)))
    func aUserTypedURLWithABadPortIsAnErrorNotACrash() throws {
        let flow = try Self.userURLFlow()
        let env = ["SWIFT_BACKTRACE": "enable=no"]
        // A port that exists but is closed: the ordinary error path.
        let closed = try E2E.flowc(["chat", flow, "--jsonl"], input: "hola\n127.0.0.1:\(E2ELoopbackServer.closedPort())\n", environment: env)
        #expect(closed.exitedCleanly && closed.status == 0, "\(closed)")
        #expect(Self.texts(closed).last?.hasPrefix("No pude revisar 127.0.0.1:") == true, "\(closed)")
        // Ports that cannot exist: the same error path, never a crash.
        for port in ["99999", "4294967296", "-1", "http"] {
            let r = try E2E.flowc(["chat", flow, "--jsonl"], input: "hola\n127.0.0.1:\(port)\n", environment: env)
            #expect(r.exitedCleanly && r.status == 0, "port \(port): \(r.status) signalled=\(r.signalled) \(r.stderr.prefix(300))")
            #expect(Self.texts(r).last == "No pude revisar 127.0.0.1:\(port)", "port \(port): \(r.stdout)")
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func aNonASCIIHeaderNameIsAnErrorNotACrash() throws {
        let flow = try E2E.write("""
            flow: hdr
            vars:
              result: json
            steps:
              fetch:
                http:
                  get: "{{env.API_URL}}/x"
                  headers: {"Autorización": "Bearer 1"}
                  timeout: 1s
                save: result
                on_error: oops
              ok:
                end: "ok {{result.id}}"
              oops:
                end: "falló"

            """, to: try E2E.temp(), "hdr.yaml")
        let check = try E2E.flowc(["check", flow])
        let r = try E2E.flowc(["chat", flow, "--jsonl", "--env", "API_URL=http://127.0.0.1:\(E2ELoopbackServer.closedPort())"],
                              input: "hola\n", environment: ["SWIFT_BACKTRACE": "enable=no"])
        // `flowc check` refuses the header name (and the runtime would take on_error; never a crash).
        #expect(check.status == 1, "\(check)")
        #expect(check.stdout.contains("error[invalid-header-name]") || check.stderr.contains("error[invalid-header-name]"), "\(check)")
        #expect(r.exitedCleanly, "\(r.status) signalled=\(r.signalled) \(r.stderr.prefix(300))")
        #expect(r.status == 1, "\(r)")
    }

    @Test(.timeLimit(.minutes(1)))
    func aHeaderValueWithALineBreakIsNotInjected() throws {
        // A user answer with a CR goes into a header: the request must not carry an extra header.
        let server = try E2ELoopbackServer(response: E2ELoopbackServer.http(200, "{\"id\": 1}"))
        defer { server.stop() }
        let flow = try E2E.write("""
            flow: inj
            vars:
              name: text
              result: json
            steps:
              ask_name:
                ask: "¿Nombre?"
                save: name
              fetch:
                http:
                  get: "{{env.API_URL}}/x"
                  headers: {X-Name: "{{name}}"}
                  timeout: 2s
                save: result
                on_error: oops
              ok:
                end: "ok {{result.id}}"
              oops:
                end: "falló"

            """, to: try E2E.temp(), "inj.yaml")
        let r = try E2E.flowc(["chat", flow, "--jsonl", "--env", "API_URL=\(server.url)"], input: "hola\nAna\rX-Evil: 1\n")
        #expect(r.exitedCleanly && r.status == 0, "\(r)")
        #expect(!server.requests.contains { $0.lowercased().contains("\r\nx-evil: 1\r\n") }, "\(server.requests)")
        #expect(["ok 1", "falló"].contains(Self.texts(r).last ?? ""), "\(r)")
    }

    @Test func aMockThatRequiresHeadersDoesNotMatchWithout() throws {
        // grammar/test.schema.json: `match.headers` are "Headers the request must carry".
        let suite = """
            flow: api
            tests:
              - name: wrong token
                env: {API_URL: "https://api.test"}
                secrets: {TOKEN: wrong}
                http:
                  - match:
                      method: GET
                      url: "https://api.test/thing"
                      headers: {Authorization: "Bearer right"}
                    json: {id: 5}
                conversation:
                  - user: api
                  - bot: "La API dijo 5"
              - name: right token
                env: {API_URL: "https://api.test"}
                secrets: {TOKEN: right}
                http:
                  - match:
                      method: GET
                      url: "https://api.test/thing"
                      headers: {Authorization: "Bearer right"}
                    json: {id: 5}
                conversation:
                  - user: api
                  - bot: "La API dijo 5"

            """
        let dir = try ProbeBot.write()
        try E2E.write(suite, to: dir, "tests/headers.test.yaml")
        let r = try E2E.flowc(["test", dir.path])
        #expect(r.exitedCleanly, "\(r)")
        #expect(r.stdout.contains("✓ ") && r.stdout.contains("› right token"), "\(r)")
        #expect(r.status == 1, "\(r)")
        #expect(r.stdout.contains("matches no mock"), "\(r)")
        #expect(r.stdout.split(separator: "\n").last == "1 passed, 1 failed", "\(r)")
    }
}
