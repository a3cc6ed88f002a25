import Testing
import FlowBytecode
import FlowRuntime
import FlowVM

@Suite("http")
struct HTTPTests {
    static let bot = """
        bot: api
        start: quote
        locale: es-AR
        error_message: "Uy, algo falló."
        """

    /// POST with headers and a typed JSON body; `save` and `save_status`; `on_error`.
    static let withStatus = """
        flow: quote
        vars:
          zip: {type: text, pattern: "^[0-9]{4}$"}
          result: json
          status: number
        steps:
          ask_zip:
            ask: "¿CP?"
            save: zip
          call_api:
            http:
              post: "{{env.API_URL}}/quote"
              headers: {Authorization: "Bearer {{secret.TOKEN}}", X-Zip: "{{zip}}"}
              json: {zip: "{{zip}}", digits: "{{len(zip) + 1}}", express: true, note: "CP {{zip}}"}
              timeout: 5s
            save: result
            save_status: status
            on_error: sorry
          show:
            end: "{{result.price}} en {{result.days}} días ({{status}})"
          sorry:
            end: "sin servicio"
        """

    /// No `save_status`: an HTTP error status is an error.
    static let plain = """
        flow: quote
        vars:
          result: json
        steps:
          call_api:
            http:
              get: "{{env.API_URL}}/price"
            save: result
            on_error: sorry
          show:
            end: "precio {{result.price}}"
          sorry:
            end: "sin servicio"
        """

    static let noOnError = """
        flow: quote
        vars:
          result: json
        steps:
          call_api:
            http:
              get: "{{env.API_URL}}/price"
            save: result
          show:
            end: "precio {{result.price}}"
        """

    func makeHost(_ flow: String, _ mocks: [HTTPMock]) throws -> (ConversationHost, MockPerformer) {
        let bundle = try buildBot(Self.bot, flow)
        let performer = MockPerformer(mocks: mocks)
        let host = ConversationHost(engine: Engine(bundle: bundle), key: .init(bot: "api", contact: "c1"),
                                    contact: Contact(id: "c1", name: "Ana"), env: ["API_URL": "https://api.test"],
                                    secrets: ["TOKEN": "s3cr3t"], performer: performer, clock: mondayMorning)
        return (host, performer)
    }

    @Test("a request carries method, URL, headers, a typed JSON body and the timeout; the body and status are saved")
    func success() async throws {
        let (host, performer) = try makeHost(Self.withStatus, [
            HTTPMock(method: "POST", url: "https://api.test/quote", status: 201,
                     body: .object(JSONObject([("price", .number(3500)), ("days", .number(2))]))),
        ])
        _ = try await host.receive(InboundMessage(text: "hola"))
        let out = try await host.receive(InboundMessage(text: "1425"))
        #expect(out.messages.map(\.text) == ["3500 en 2 días (201)"])
        #expect(out.error == nil)
        #expect(out.effects.count == 1)
        let request = try #require(performer.requests.first)
        guard case .object(let spec) = request else { Issue.record("the request is not an object"); return }
        #expect(spec["method"] == .text("POST"))
        #expect(spec["url"] == .text("https://api.test/quote"))
        #expect(spec["headers"] == .object(JSONObject([("Authorization", .text("Bearer s3cr3t")), ("X-Zip", .text("1425"))])))
        #expect(spec["json"] == .object(JSONObject([("zip", .text("1425")), ("digits", .number(5)), ("express", .bool(true)),
                                                    ("note", .text("CP 1425"))])))
        #expect(spec["timeout"] == .number(5000))
        #expect(host.state?.vars["status"] == .number(201))
        #expect(host.state?.vars["result"] == .object(JSONObject([("price", .number(3500)), ("days", .number(2))])))
        #expect(performer.unmatched.isEmpty)
    }

    @Test("the turn's message is still `message` after an action: text, id and type")
    func messageAfterAction() async throws {
        let (host, _) = try makeHost("""
            flow: quote
            steps:
              ask_zip:
                ask: "¿Código postal?"
                save: zip
              call_api:
                http:
                  get: "{{env.API_URL}}/price"
                save: result
                on_error: sorry
              show:
                end: "{{message.text}} {{message.id}} {{message.type}} {{result.price}}"
              sorry:
                end: "sin servicio {{message.text}}"
            """, [HTTPMock(method: "GET", url: "https://api.test/price", status: 200, body: .object(JSONObject([("price", .number(10))])))])
        _ = try await host.receive(InboundMessage(text: "hola"))
        let out = try await host.receive(InboundMessage(text: "1425", id: "wamid.7"))
        #expect(out.messages.map(\.text) == ["1425 wamid.7 text 10"])
    }

    @Test("retries back off exponentially, at most 5 s apart: the most retries a step may have wait under a minute in all")
    func retryBackoff() {
        let delays = (1...HTTPPerformer.maxRetries).map { HTTPPerformer.retryDelay(attempt: $0) }
        #expect(delays == [400, 800, 1_600, 3_200, 5_000, 5_000, 5_000, 5_000, 5_000, 5_000])
        #expect(delays.reduce(0, +) < 60_000)
        #expect(HTTPPerformer.retryDelay(attempt: 1_000) == 5_000, "no overflow however high")
    }

    @Test("with save_status a 404 is an answer, not an error")
    func saveStatus404() async throws {
        let (host, _) = try makeHost(Self.withStatus, [
            HTTPMock(method: "POST", url: "https://api.test/quote", status: 404, body: .object(JSONObject([("price", .number(0)), ("days", .number(0))]))),
        ])
        _ = try await host.receive(InboundMessage(text: "hola"))
        let out = try await host.receive(InboundMessage(text: "9999"))
        #expect(out.messages.map(\.text) == ["0 en 0 días (404)"])
        #expect(host.state?.vars["status"] == .number(404))
    }

    @Test("a 5xx goes to on_error, and nothing is saved", arguments: [500, 502, 503])
    func serverErrorOnError(status: Int) async throws {
        let (host, _) = try makeHost(Self.plain, [HTTPMock(method: "GET", url: "https://api.test/price", status: status)])
        let out = try await host.receive(InboundMessage(text: "hola"))
        #expect(out.messages.map(\.text) == ["sin servicio"])
        #expect(out.error == nil)
        #expect(host.state?.vars["result"] == nil)
        #expect(host.state?.status == .ended)
    }

    @Test("a 4xx without save_status is an error too")
    func clientErrorOnError() async throws {
        let (host, _) = try makeHost(Self.plain, [HTTPMock(method: "GET", url: "https://api.test/price", status: 401)])
        #expect(try await host.receive(InboundMessage(text: "hola")).messages.map(\.text) == ["sin servicio"])
    }

    @Test("an error without on_error sends the bot's error message, records the error and ends")
    func errorWithoutOnError() async throws {
        let (host, _) = try makeHost(Self.noOnError, [HTTPMock(method: "GET", url: "https://api.test/price", status: 503)])
        let out = try await host.receive(InboundMessage(text: "hola"))
        #expect(out.messages.map(\.text) == ["Uy, algo falló."])
        let error = try #require(out.error)
        #expect(error.message.contains("503"))
        #expect(error.step == "quote.call_api")
        #expect(error.location.contains("quote.yaml:"))
        #expect(out.events.map(\.name) == ["error"])
        #expect(out.status == .ended)
    }

    @Test("a body that is not JSON goes to on_error")
    func invalidJSON() async throws {
        let (host, _) = try makeHost(Self.plain, [HTTPMock(method: "GET", url: "https://api.test/price", status: 200, rawBody: "<html>oops</html>")])
        let out = try await host.receive(InboundMessage(text: "hola"))
        #expect(out.messages.map(\.text) == ["sin servicio"])
        #expect(host.state?.vars["result"] == nil)
    }

    @Test("a raw body that is JSON is parsed")
    func rawJSON() async throws {
        let (host, _) = try makeHost(Self.plain, [HTTPMock(method: "GET", url: "https://api.test/price", status: 200, rawBody: #"{"price": 12.5}"#)])
        #expect(try await host.receive(InboundMessage(text: "hola")).messages.map(\.text) == ["precio 12.5"])
    }

    @Test("a mock slower than the request's timeout is a timeout: on_error")
    func timeoutByDelay() async throws {
        let slow = HTTPMock(method: "POST", url: "https://api.test/quote", status: 200, body: .object(JSONObject([("price", .number(1))])),
                            delayMs: 5000)
        let (host, _) = try makeHost(Self.withStatus, [slow])
        _ = try await host.receive(InboundMessage(text: "hola"))
        #expect(try await host.receive(InboundMessage(text: "1425")).messages.map(\.text) == ["sin servicio"])
        var quick = slow
        quick.delayMs = 4999
        let (fast, _) = try makeHost(Self.withStatus, [quick])
        _ = try await fast.receive(InboundMessage(text: "hola"))
        #expect(try await fast.receive(InboundMessage(text: "1425")).messages.map(\.text) == ["1 en  días (200)"])
    }

    @Test("the default timeout is 10 s")
    func defaultTimeout() async throws {
        let (host, performer) = try makeHost(Self.plain, [
            HTTPMock(method: "GET", url: "https://api.test/price", status: 200, body: .object(JSONObject([("price", .number(1))])), delayMs: 10_000),
        ])
        #expect(try await host.receive(InboundMessage(text: "hola")).messages.map(\.text) == ["sin servicio"])
        guard case .object(let spec)? = performer.requests.first else { Issue.record("no request"); return }
        #expect(spec["timeout"] == .number(10_000))
    }

    @Test("a request no mock matches is recorded as unmatched and fails like a connection error")
    func unmatched() async throws {
        let (host, performer) = try makeHost(Self.plain, [HTTPMock(method: "POST", url: "https://api.test/price", status: 200)])
        let out = try await host.receive(InboundMessage(text: "hola"))
        #expect(out.messages.map(\.text) == ["sin servicio"])
        #expect(performer.unmatched == ["GET https://api.test/price"])
    }

    @Test("the engine alone: a turn suspends on the effect and resumes with its result")
    func engineSuspends() throws {
        let chat = Chat(try buildBot(Self.bot, Self.plain))
        chat.env = ["API_URL": "https://api.test"]
        let engine = chat.engine
        let first = engine.handle(.message(InboundMessage(text: "hola")), state: nil, context: chat.context)
        #expect(first.messages.isEmpty)
        let request = try #require(first.effects.first)
        #expect(request.kind == "http")
        #expect(first.state.wait?.kind == .effect)
        // A result for another request is not this one's.
        let wrong = engine.handle(.effect(EffectResult(request: "nope", ok: true, status: 200)), state: first.state, context: chat.context)
        #expect(!wrong.handled)
        // A message while the effect is pending is not an answer.
        let early = engine.handle(.message(InboundMessage(text: "¿y?")), state: first.state, context: chat.context)
        #expect(!early.handled)
        let done = engine.handle(.effect(EffectResult(request: request.id, ok: true, status: 200, body: .object(JSONObject([("price", .number(7))])))),
                                 state: first.state, context: chat.context)
        #expect(done.messages.map(\.text) == ["precio 7"])
        #expect(done.state.status == .ended)
    }

    @Test("user text spliced into a URL's path or query is percent-encoded; the start, the host, env and secrets are not")
    func urlValuesArePercentEncoded() throws {
        let flow = """
            flow: quote
            vars:
              q: text
              shop: text
              dots: text
              result: json
            steps:
              ask_q:
                ask: "¿Qué buscás?"
                save: q
              search:
                http:
                  get: "{{env.API_URL}}/v1/{{shop}}/buscar?q={{q}}&key={{secret.TOKEN}}&n={{len(q)}}"
                save: result
                on_error: sorry
              host:
                http:
                  get: "https://{{shop}}.example.com/{{q}}"
                save: result
                on_error: sorry
              nested:
                http:
                  get: "{{env.API_URL}}/lookup?url=http://{{q}}&to=/c/{{shop}}/{{dots}}"
                save: result
                on_error: sorry
              show:
                end: "ok"
              sorry:
                end: "sin servicio"
            """
        let chat = Chat(try buildBot(Self.bot, flow))
        chat.env = ["API_URL": "http://127.0.0.1:8080/api"]
        chat.secrets = ["TOKEN": "a/b+c"]
        chat.seed = ["shop": .text("tienda"), "dots": .text("..")]
        chat.effect = { EffectResult(request: $0.id, ok: true, status: 200, body: .object(JSONObject([]))) }
        chat.say("hola")
        let out = chat.say("yerba mate & bombilla=1 #2 ñ/..")
        let urls = out.effects.compactMap { request -> String? in
            guard case .object(let spec) = request.payload else { return nil }
            return spec["url"]?.rendered
        }
        #expect(urls == [
            "http://127.0.0.1:8080/api/v1/tienda/buscar?q=yerba%20mate%20%26%20bombilla%3D1%20%232%20%C3%B1%2F..&key=a/b+c&n=31",
            "https://tienda.example.com/yerba%20mate%20%26%20bombilla%3D1%20%232%20%C3%B1%2F..",
            // A `://` inside the query is no host; `..` cannot climb out of its segment.
            "http://127.0.0.1:8080/api/lookup?url=http://yerba%20mate%20%26%20bombilla%3D1%20%232%20%C3%B1%2F..&to=/c/tienda/%2E%2E",
        ])
        // A host from user text stays one host (a port is fine): `evil.com/?` cannot move the request elsewhere.
        let hostile = Chat(try buildBot(Self.bot, flow))
        hostile.env = chat.env
        hostile.seed = ["shop": .text("evil.com:8443/?x=1#"), "dots": .text(".")]
        hostile.effect = chat.effect
        hostile.say("hola")
        let second = hostile.say("a").effects.compactMap { request -> String? in
            guard case .object(let spec) = request.payload else { return nil }
            return spec["url"]?.rendered
        }
        #expect(second.count == 3)
        #expect(second.dropFirst().first == "https://evil.com:8443%2F%3Fx%3D1%23.example.com/a", "\(second)")
        #expect(second.last?.hasSuffix("/c/evil.com%3A8443%2F%3Fx%3D1%23/%2E") == true, "a `:` in a path value is encoded: \(second)")
    }

    /// The effect request that `plain` makes with `API_URL` set to `url` and `headers` added.
    /// `rename` renames constants after the checker has passed, for what only a hand-made bundle can hold.
    func request(url: String, headers: String = "", rename: [String: String] = [:]) throws -> (EffectRequest, TurnContext) {
        let flow = Self.plain.replacingOccurrences(of: "get: \"{{env.API_URL}}/price\"", with: "get: \"{{env.API_URL}}\"" + headers)
        var bundle = try buildBot(Self.bot, flow)
        bundle.constants = bundle.constants.map { c in
            if case .text(let t) = c, let new = rename[t] { return .text(new) }
            return c
        }
        let chat = Chat(bundle)
        chat.env = ["API_URL": url]
        chat.secrets = ["TOKEN": "s3cr3t"]
        let first = chat.engine.handle(.message(InboundMessage(text: "hola")), state: nil, context: chat.context)
        return (try #require(first.effects.first), chat.context)
    }

    @Test("a URL the HTTP client would trap on is an error, never a request", arguments: [
        "http://127.0.0.1:99999/x", "http://127.0.0.1:4294967296/x", "http://127.0.0.1:0/x", "http://127.0.0.1:-1/x",
        "http://127.0.0.1:http/x", "http://127.0.0.1:/x", "ftp://example.com/x", "http:///x", "http://a b/x", "http://a\u{7}b/x", "example.com",
    ])
    func invalidURL(url: String) async throws {
        let (request, context) = try request(url: url)
        let result = await HTTPPerformer().perform(request, context: context)
        #expect(!result.ok)
        #expect(result.error.hasPrefix("GET to "), "\(result.error)")
        #expect(!result.error.contains("/x"), "the URL is not quoted: \(result.error)")
    }

    @Test("a header name that is not a token, or a value with a line break, is an error, never a request")
    func invalidHeaders() async throws {
        for (headers, what) in [("{X-Aaa: a}", "header name"), ("{X-Name: \"a\\r\\nX-Evil: 1\"}", "line break"),
                                ("{X-Key: \"{{secret.TOKEN}}\\n\"}", "line break")] {
            // `flowc check` refuses `Autorización`; a bundle built some other way may still carry it.
            let (request, context) = try request(url: "http://127.0.0.1:1/x", headers: "\n      headers: \(headers)", rename: ["X-Aaa": "Autorización"])
            guard case .object(let payload) = request.payload, case .object(let sent)? = payload["headers"] else { Issue.record("no headers"); continue }
            #expect(sent.pairs.count == 1)
            let result = await HTTPPerformer().perform(request, context: context)
            #expect(!result.ok)
            #expect(result.error.contains(what), "\(result.error)")
            #expect(!result.error.contains("s3cr3t") && !result.error.contains("Evil"), "\(result.error)")
        }
    }

    @Test("a failed request's error names the method and host, never the URL or a secret")
    func errorTextHasNoSecret() async throws {
        let flow = Self.noOnError.replacingOccurrences(of: "/price", with: "/price?key={{secret.TOKEN}}")
        let bundle = try buildBot(Self.bot, flow)
        let performer = MockPerformer(mocks: [])
        let host = ConversationHost(engine: Engine(bundle: bundle), key: .init(bot: "api", contact: "c1"), contact: Contact(id: "c1", name: "Ana"),
                                    env: ["API_URL": "https://api.test"], secrets: ["TOKEN": "s3cr3t"], performer: performer, clock: mondayMorning)
        let out = try await host.receive(InboundMessage(text: "hola"))
        let error = try #require(out.error)
        #expect(error.message == "http failed: GET to host api.test failed: no mock matches it")
        #expect(!out.events.contains { $0.properties.json.contains("s3cr3t") })
        #expect(performer.unmatched == ["GET https://api.test/price?key=[secret]"])
    }

    @Test("a mock's json matches the JSON sent: members in any order, a date as its ISO text")
    func jsonMatchesAsJSON() {
        let body = Value.object(JSONObject([("when", .date(20_514)), ("qty", .number(2))]))
        let yaml = HTTPMock(method: "POST", url: "https://api.test", json: .object(JSONObject([("qty", .number(2)), ("when", .text("2026-03-02"))])))
        #expect(yaml.matches(method: "POST", url: "https://api.test", headers: JSONObject(), json: body))
        let other = HTTPMock(method: "POST", url: "https://api.test", json: .object(JSONObject([("qty", .number(3)), ("when", .text("2026-03-02"))])))
        #expect(!other.matches(method: "POST", url: "https://api.test", headers: JSONObject(), json: body))
        #expect(!yaml.matches(method: "POST", url: "https://api.test", headers: JSONObject(), json: nil))
    }

    @Test("a mock's form matches the fields sent, and its headers those the request goes out with")
    func formAndEffectiveHeaders() {
        var mock = HTTPMock(method: "PUT", url: "https://api.test/f")
        mock.form = JSONObject([("name", .text("Ana")), ("qty", .text("3"))])
        let sent = JSONObject([("name", .text("Ana")), ("qty", .number(3))])
        #expect(mock.matches(method: "PUT", url: "https://api.test/f", headers: JSONObject(), json: nil, form: sent))
        #expect(!mock.matches(method: "PUT", url: "https://api.test/f", headers: JSONObject(), json: nil,
                              form: JSONObject([("name", .text("WRONG")), ("qty", .number(3))])))
        #expect(!mock.matches(method: "PUT", url: "https://api.test/f", headers: JSONObject(), json: nil, form: nil))

        let json = JSONObject([("method", .text("POST")), ("json", .object(JSONObject([("a", .number(1))])))])
        let headers = HTTPMock.effectiveHeaders(json)
        #expect(headers["Content-Type"] == .text("application/json") && headers["Accept"] == .text("application/json"))
        let own = JSONObject([("json", .number(1)), ("headers", .object(JSONObject([("content-type", .text("application/vnd.api+json"))])))])
        #expect(HTTPMock.effectiveHeaders(own)["Content-Type"] == nil, "the flow's own type stays")
        #expect(HTTPMock.effectiveHeaders(own)["content-type"] == .text("application/vnd.api+json"))
    }

    @Test("a mock without method or url takes any")
    func catchAllMocks() {
        let anyPost = HTTPMock(method: "POST", url: "")
        #expect(anyPost.matches(method: "POST", url: "https://api.test/a?x=1", headers: JSONObject(), json: nil))
        #expect(!anyPost.matches(method: "GET", url: "https://api.test/a", headers: JSONObject(), json: nil))
        #expect(HTTPMock(method: "", url: "").matches(method: "DELETE", url: "https://x.test/", headers: JSONObject(), json: nil))
        #expect(!HTTPMock(method: "", url: "https://api.test/a").matches(method: "GET", url: "https://api.test/b", headers: JSONObject(), json: nil))
    }

    /// A `set` whose value does not fit its variable is a runtime error like any other: the bot's
    /// error message, the conversation ended, and the next message starts a new one.
    @Test("a set that does not fit ends the conversation with the error message")
    func misfitSetEnds() throws {
        let chat = Chat(try buildBot("""
            bot: tienda
            start: main
            error_message: "ERRMSG"
            """, """
            flow: main
            vars:
              n: number
            steps:
              fetch:
                http: {get: "https://api.test/j"}
                save: body
              s1:
                set: {n: "{{body.price}}"}
              fin:
                end: "N {{n}}"
            """))
        chat.effect = mockHTTP(["GET https://api.test/j": (200, #"{"price": "abc"}"#)])
        let out = chat.say("hola")
        #expect(out.texts == ["ERRMSG"] && out.errors.count == 1, "\(out.texts) \(out.errors)")
        #expect(chat.status == .ended)
        chat.effect = mockHTTP(["GET https://api.test/j": (200, #"{"price": "12"}"#)])
        #expect(chat.say("hola").texts == ["N 12"], "the next message starts a new conversation")
    }
}

extension HTTPTests {
    static let twoRequests = """
        flow: quote
        vars:
          r: json
          st: number
        steps:
          first:
            http: {get: "https://api.test/a"}
            save: r
            save_status: st
          second:
            http: {get: "https://api.test/b", timeout: 1s}
            save: r
            save_status: st
            on_error: failed
          ok:
            end: "ok {{st}} {{r.v}}"
          failed:
            end: "falló ({{st}}|{{r.v}})"
        """

    @Test("a request that gets no answer leaves save and save_status empty, not the previous request's")
    func failureClearsSaved() async throws {
        let (host, _) = try makeHost(Self.twoRequests, [
            HTTPMock(method: "GET", url: "https://api.test/a", status: 200, body: .object(JSONObject([("v", .number(1))]))),
            HTTPMock(method: "GET", url: "https://api.test/b", status: 200, body: .object(JSONObject([("v", .number(2))])), delayMs: 1_000),
        ])
        let out = try await host.receive(InboundMessage(text: "hola"))
        #expect(out.messages.map(\.text) == ["falló (|)"])
        #expect((host.state?.vars["st"] ?? .null) == .null)
        #expect((host.state?.vars["r"] ?? .null) == .null)
    }

    @Test("an answer with an error status is still saved with save_status")
    func errorStatusKept() async throws {
        let (host, _) = try makeHost(Self.twoRequests, [
            HTTPMock(method: "GET", url: "https://api.test/a", status: 200, body: .object(JSONObject([("v", .number(1))]))),
            HTTPMock(method: "GET", url: "https://api.test/b", status: 503, body: .object(JSONObject([("v", .number(2))]))),
        ])
        #expect(try await host.receive(InboundMessage(text: "hola")).messages.map(\.text) == ["ok 503 2"])
    }
}

extension HTTPTests {
    /// An error in a value of an action's request is that action's failure (flow-format.md §5).
    @Test("an error while a request is built goes to the step's on_error", arguments: [
        "http: {post: \"https://api.test/a\", json: {m: \"{{r.ok * 2}}\"}}",
        "order: {items: [{sku: A, qty: \"{{r.ok * 2}}\"}]}",
        "email: {to: a@b.test, subject: Hola, body: \"{{r.ok * 2}}\"}",
        "track: {event: quoted, properties: {m: \"{{r.ok * 2}}\"}}",
        "track: {event: \"quoted_{{r.ok * 2}}\"}",
    ])
    func buildErrorToOnError(action: String) async throws {
        let flow = """
            flow: quote
            vars:
              r: json
            steps:
              act:
                \(action)
                on_error: failed
              ok:
                end: "hecho"
              failed:
                end: "no pude"
            """
        let (host, performer) = try makeHost(flow, [HTTPMock(method: "", url: "", status: 200)])
        host.seed = ["r": .object(JSONObject([("ok", .bool(true))]))]
        let out = try await host.receive(InboundMessage(text: "hola"))
        #expect(out.messages.map(\.text) == ["no pude"])
        #expect(out.error == nil, "\(String(describing: out.error))")
        #expect(out.effects.isEmpty, "nothing was sent")
        #expect(performer.requests.isEmpty)
        let failure = try #require(out.failedEffects.first)
        #expect(failure.error.contains("the request could not be made") && failure.error.contains("quote.yaml:6:"), "\(failure)")
        #expect(out.events.map(\.name) == ["error"])
    }

    @Test("without on_error such an error still ends the conversation with the bot's error message")
    func buildErrorWithoutOnError() async throws {
        let (host, performer) = try makeHost("""
            flow: quote
            vars:
              r: json
            steps:
              act:
                http: {post: "https://api.test/a", json: {m: "{{r.ok * 2}}"}}
              ok:
                end: "hecho"
            """, [HTTPMock(method: "", url: "", status: 200)])
        host.seed = ["r": .object(JSONObject([("ok", .bool(true))]))]
        let out = try await host.receive(InboundMessage(text: "hola"))
        #expect(out.messages.map(\.text) == ["Uy, algo falló."])
        #expect(out.error?.location.contains("quote.yaml:6:") == true, "\(String(describing: out.error))")
        #expect(performer.requests.isEmpty)
    }
}

extension HTTPTests {
    @Test("a path put right after the host in a value is refused with what to write instead", arguments: [
        "https://api.test%2Forders%2F5", "https://api.test:8080%2Forders%2F5", "http://127.0.0.1:8080%3Fx%3D1",
    ])
    func pathInAHostValue(url: String) async throws {
        let (request, context) = try request(url: url)
        let result = await HTTPPerformer().perform(request, context: context)
        #expect(!result.ok)
        #expect(result.error.contains("holds an encoded") && result.error.contains("{{env.API_URL}}/orders/{{id}}"), "\(result.error)")
    }

    @Test("`{{env.API_URL}}{{path}}` with a path in the value says why it fails")
    func envThenPath() async throws {
        let flow = """
            flow: quote
            vars:
              p: text
              result: json
            steps:
              call_api:
                http:
                  get: "{{env.API_URL}}{{p}}"
                save: result
              show:
                end: "ok"
            """
        let chat = Chat(try buildBot(Self.bot, flow))
        chat.env = ["API_URL": "http://127.0.0.1:1"]
        chat.seed = ["p": .text("/orders/5")]
        let first = chat.engine.handle(.message(InboundMessage(text: "hola")), state: nil, context: chat.context, seed: chat.seed)
        let request = try #require(first.effects.first)
        let result = await HTTPPerformer().perform(request, context: chat.context)
        #expect(result.error.contains("the URL's host `127.0.0.1:1%2Forders%2F5` holds an encoded `/`"), "\(result.error)")
    }
}

extension HTTPTests {
    @Test("with save_status an error page that is not JSON is an answer: its status saved, save holding nothing")
    func errorPageWithSaveStatus() async throws {
        let (host, _) = try makeHost(Self.twoRequests, [
            HTTPMock(method: "GET", url: "https://api.test/a", status: 200, body: .object(JSONObject([("v", .number(1))]))),
            HTTPMock(method: "GET", url: "https://api.test/b", status: 502, rawBody: "<html>Bad Gateway</html>"),
        ])
        #expect(try await host.receive(InboundMessage(text: "hola")).messages.map(\.text) == ["ok 502 "])
        #expect((host.state?.vars["r"] ?? .null) == .null, "not the first request's answer")
    }

    @Test("with save_status a success whose body is not JSON still fails, and save holds nothing of an earlier answer")
    func unreadableSuccessWithSaveStatus() async throws {
        let (host, _) = try makeHost(Self.twoRequests, [
            HTTPMock(method: "GET", url: "https://api.test/a", status: 200, body: .object(JSONObject([("v", .number(1))]))),
            HTTPMock(method: "GET", url: "https://api.test/b", status: 200, rawBody: "<html>Mantenimiento</html>"),
        ])
        #expect(try await host.receive(InboundMessage(text: "hola")).messages.map(\.text) == ["falló (200|)"])
    }

    /// As `twoRequests`, without `save_status`.
    static let twoPlain = """
        flow: quote
        vars:
          r: json
          n: number
        steps:
          first:
            http: {get: "https://api.test/a"}
            save: r
          third:
            http: {get: "https://api.test/c"}
            save: n
          second:
            http: {get: "https://api.test/b"}
            save: r
            on_error: failed
          fourth:
            http: {get: "https://api.test/d"}
            save: n
            on_error: failed
          ok:
            end: "ok {{r.v}} {{n}}"
          failed:
            end: "falló ({{r.v}}|{{n}})"
        """

    @Test("a request that fails leaves save holding nothing, whatever the failure: not an earlier request's answer", arguments: [
        (HTTPMock(method: "GET", url: "https://api.test/b", status: 404, body: .object(JSONObject([("v", .number(2))]))), "falló (|5)"),
        (HTTPMock(method: "GET", url: "https://api.test/b", status: 200, rawBody: "<html>oops</html>"), "falló (|5)"),
        (HTTPMock(method: "GET", url: "https://api.test/b", status: 503, rawBody: "<html>Service Unavailable</html>"), "falló (|5)"),
        (HTTPMock(method: "GET", url: "https://api.test/d", status: 200, body: .object(JSONObject([("price", .number(7))]))), "falló (1|)"),
    ])
    func failureLeavesNothing(failing: HTTPMock, shown: String) async throws {
        var mocks = [
            HTTPMock(method: "GET", url: "https://api.test/a", status: 200, body: .object(JSONObject([("v", .number(1))]))),
            HTTPMock(method: "GET", url: "https://api.test/b", status: 200, body: .object(JSONObject([("v", .number(1))]))),
            HTTPMock(method: "GET", url: "https://api.test/c", status: 200, body: .number(5)),
            HTTPMock(method: "GET", url: "https://api.test/d", status: 200, body: .number(6)),
        ]
        mocks.removeAll { $0.url == failing.url }
        let (host, _) = try makeHost(Self.twoPlain, mocks + [failing])
        #expect(try await host.receive(InboundMessage(text: "hola")).messages.map(\.text) == [shown])
    }
}

extension HTTPTests {
    /// A URL `flowc check` cannot see (an `env` value) that the runtime refuses: the test's mocks refuse it too.
    @Test("a test's mocks refuse a URL the runtime refuses: a space, no host, a port past 65535", arguments: [
        "https://exa mple.com", "http://", "https://api.test:99999",
    ])
    func mocksRefuseWhatTheRuntimeRefuses(base: String) async throws {
        let bundle = try buildBot(Self.bot, Self.plain)
        let performer = MockPerformer(mocks: [HTTPMock(method: "GET", url: base + "/price", status: 200,
                                                       body: .object(JSONObject([("price", .number(1))])))])
        let host = ConversationHost(engine: Engine(bundle: bundle), key: .init(bot: "api", contact: "c1"), contact: Contact(id: "c1", name: "Ana"),
                                    env: ["API_URL": base], secrets: [:], performer: performer, clock: mondayMorning)
        let out = try await host.receive(InboundMessage(text: "hola"))
        #expect(out.messages.map(\.text) == ["sin servicio"])
        #expect(performer.requests.isEmpty, "never a request")
    }
}

extension HTTPTests {
    @Test("a test's mock answers over 4 MiB as the runtime does: an error, saved or not")
    func mockBodyLimit() async throws {
        let limit = HTTPPerformer.maxBody
        #expect(limit == 4 << 20)
        let fits = #"{"price": 1, "pad": ""# + String(repeating: "x", count: limit - 23) + #""}"#
        #expect(fits.utf8.count == limit)
        let (small, _) = try makeHost(Self.plain, [HTTPMock(method: "GET", url: "https://api.test/price", status: 200, rawBody: fits)])
        #expect(try await small.receive(InboundMessage(text: "hola")).messages.map(\.text) == ["precio 1"])
        let (large, _) = try makeHost(Self.noOnError, [HTTPMock(method: "GET", url: "https://api.test/price", status: 200, rawBody: fits + " ")])
        let out = try await large.receive(InboundMessage(text: "hola"))
        #expect(out.error?.message == "http failed: GET to host api.test failed: the answer is larger than 4 MiB")
    }
}
