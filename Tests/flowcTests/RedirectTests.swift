import AsyncHTTPClient
import Foundation
import Synchronization
import Testing
import FlowBytecode
@testable import FlowRuntime
@testable import FlowServer
@testable import FlowVM

/// HTTP actions follow redirects themselves so that the daemon's network guard sees every hop.
@Suite("HTTP action redirects")
struct RedirectTests {
    static let client = HTTPClient(eventLoopGroupProvider: .singleton,
                                   configuration: HTTPClient.Configuration(redirectConfiguration: .disallow))

    func request(_ url: String, method: String = "POST") -> EffectRequest {
        EffectRequest(id: "r1", kind: "http", payload: .object(JSONObject([
            ("method", .text(method)), ("url", .text(url)),
            ("headers", .object(JSONObject([("Authorization", .text("Bearer s3cr3t")), ("X-Api-Key", .text("key-s3cr3t")), ("X-Trace", .text("t1"))]))),
            // A long deadline: on a 2-core run, synchronous tests beside these can hold the test
            // threads for tens of seconds (a redirect loop once missed 30 s that way).
            ("json", .object(JSONObject([("order", .number(7))]))), ("timeout", .number(120_000)),
        ])))
    }

    let context = TurnContext(contact: Contact(id: "c1", name: "Ana"), secrets: ["TOKEN": "s3cr3t"], now: 0)

    @Test("a 303 becomes a GET without the body; a 307 repeats the POST; the Authorization stays with the first origin")
    func followed() async throws {
        let target = try FakeProviderServer { _, _ in (200, #"{"ok":true}"#) }
        // Another port is another origin: the secrets stay with the first.
        let origin = try FakeProviderServer(respondWithHeaders: { request, _ in
            request.path == "/see-other"
                ? (303, ["Location": "http://127.0.0.1:\(target.port)/done?x=1"], "")
                : (307, ["Location": "/see-other"], "")
        })
        let performer = HTTPPerformer(client: Self.client, hostCheck: { _ in .allowed })
        let result = await performer.perform(request(origin.url + "/start"), context: context)
        #expect(result.ok, "\(result.error)")
        #expect(result.body == .object(JSONObject([("ok", .bool(true))])))
        #expect(origin.requests.map(\.method) == ["POST", "POST"], "307 repeats the method")
        #expect(origin.requests.map(\.path) == ["/start", "/see-other"], "a relative Location resolves against the URL")
        #expect(origin.requests.allSatisfy { $0.headers["authorization"] == "Bearer s3cr3t" && $0.headers["x-api-key"] == "key-s3cr3t" && $0.body.contains("7") })
        let last = try #require(target.requests.first)
        #expect(last.method == "GET" && last.path == "/done?x=1" && last.body.isEmpty)
        #expect(last.headers["authorization"] == nil, "no Authorization to another origin")
        #expect(last.headers["x-api-key"] == nil, "no header carrying a secret to another origin")
        #expect(last.headers["x-trace"] == "t1", "other headers go on")
    }

    @Test("a redirect the check refuses is an error naming the host, and the target never sees a request")
    func refused() async throws {
        let target = try FakeProviderServer { _, _ in (200, "{}") }
        let origin = try FakeProviderServer(respondWithHeaders: { _, _ in (302, ["Location": "\(target.url)/latest/meta-data?token=abc"], "") })
        let refusedPort = target.port
        let performer = HTTPPerformer(client: Self.client, hostCheck: { url in
            url.contains(":\(refusedPort)/") ? .refused("the test's private address") : .allowed
        })
        let result = await performer.perform(request(origin.url + "/public"), context: context)
        #expect(!result.ok)
        #expect(result.error.contains("a redirect to host 127.0.0.1 was refused: the test's private address"), "\(result.error)")
        #expect(!result.error.contains("meta-data") && !result.error.contains("abc"), "no path or query in the error: \(result.error)")
        #expect(target.requests.isEmpty)
        #expect(origin.requests.count == 1)
    }

    @Test("301 and 302 turn only a POST into a GET; a DELETE stays a DELETE")
    func methodsKept() async throws {
        let target = try FakeProviderServer { _, _ in (200, "{}") }
        let origin = try FakeProviderServer(respondWithHeaders: { _, _ in (301, ["Location": "\(target.url)/items/1/"], "") })
        let performer = HTTPPerformer(client: Self.client, hostCheck: { _ in .allowed })
        let result = await performer.perform(request(origin.url + "/items/1", method: "DELETE"), context: context)
        #expect(result.ok, "\(result.error)")
        #expect(target.requests.map(\.method) == ["DELETE"])
        #expect(target.requests.first?.body.contains("7") == true, "its body goes along")
    }

    @Test("a redirect to another scheme is an invalid URL, never a request")
    func otherScheme() async throws {
        let origin = try FakeProviderServer(respondWithHeaders: { _, _ in (302, ["Location": "file:///etc/passwd"], "") })
        let performer = HTTPPerformer(client: Self.client, hostCheck: { _ in .allowed })
        let result = await performer.perform(request(origin.url + "/x", method: "GET"), context: context)
        #expect(!result.ok)
        #expect(result.error.contains("a redirect to an invalid URL"), "\(result.error)")
        #expect(origin.requests.count == 1)
    }

    @Test("a URL left without its base by an unset env value says so, and sends nothing")
    func urlWithoutItsBase() async throws {
        let performer = HTTPPerformer(client: Self.client, hostCheck: { _ in .allowed })
        for (url, expected) in [("", "the URL is empty: is an `env` value or variable it is made of unset?"),
                                ("/orders", "the URL `/orders` has no `https://host` before its path: is an `env` value or variable before it unset?"),
                                ("api.tienda.com/orders", "the URL `api.tienda.com/orders` has no scheme: write it as `https://…`")] {
            let result = await performer.perform(request(url), context: context)
            #expect(!result.ok && result.error.contains(expected), "\(url): \(result.error)")
        }
    }

    @Test("a redirect loop stops after three hops")
    func loop() async throws {
        let origin = try FakeProviderServer(respondWithHeaders: { request, _ in (302, ["Location": request.path == "/a" ? "/b" : "/a"], "") })
        let performer = HTTPPerformer(client: Self.client, hostCheck: { _ in .allowed })
        let result = await performer.perform(request(origin.url + "/a", method: "GET"), context: context)
        #expect(!result.ok)
        #expect(result.error.contains("more than 3 redirects"), "\(result.error)")
        #expect(origin.requests.count == 4)
    }

    @Test("the daemon's guard refuses redirects to loopback, private and link-local addresses")
    func guardRefusesPrivateTargets() {
        for url in ["http://127.0.0.1:8080/admin", "http://169.254.169.254/latest/meta-data", "http://10.1.2.3/x", "http://[::1]/x",
                    "http://localhost/x"] {
            #expect(NetworkGuardPerformer.refusal(url: url) != nil, "\(url)")
        }
    }

    @Test("a plain-http request goes to the address the guard checked, with the URL's host in Host, on every hop")
    func pinnedAddress() async throws {
        // `.invalid` names never resolve (RFC 6761): the requests can only arrive through the pin.
        let target = try FakeProviderServer { _, _ in (200, #"{"ok":true}"#) }
        let origin = try FakeProviderServer(respondWithHeaders: { _, _ in
            (302, ["Location": "http://second.flowc.invalid:\(target.port)/done"], "")
        })
        let checked = Mutex<[String]>([])
        let performer = HTTPPerformer(client: Self.client, hostCheck: { url in
            checked.withLock { $0.append(url) }
            return .pinned("127.0.0.1")
        })
        let result = await performer.perform(request("http://first.flowc.invalid:\(origin.port)/start"), context: context)
        #expect(result.ok, "\(result.error)")
        #expect(checked.withLock { $0 } == ["http://first.flowc.invalid:\(origin.port)/start", "http://second.flowc.invalid:\(target.port)/done"])
        #expect(origin.requests.first?.headers["host"] == "first.flowc.invalid:\(origin.port)")
        #expect(origin.requests.first?.path == "/start")
        #expect(target.requests.first?.headers["host"] == "second.flowc.invalid:\(target.port)")
        #expect(target.requests.first?.headers["authorization"] == nil, "another host is another origin, pinned or not")
    }

    @Test("the first request is checked too: a refused one never leaves")
    func firstHopRefused() async throws {
        let api = try FakeProviderServer { _, _ in (200, "{}") }
        let performer = HTTPPerformer(client: Self.client, hostCheck: NetworkGuardPerformer.verdict(url:))
        let result = await performer.perform(request(api.url + "/orders"), context: context)
        #expect(!result.ok)
        #expect(result.error.contains("may not reach loopback addresses (host 127.0.0.1)"), "\(result.error)")
        #expect(api.requests.isEmpty)
    }

    @Test("pinning rewrites only plain-http URLs with a host name", arguments: [
        ("http://api.example.com:8080/v1/x?y=1", "93.184.216.34", "http://93.184.216.34:8080/v1/x?y=1", "api.example.com:8080"),
        ("http://api.example.com", "93.184.216.34", "http://93.184.216.34", "api.example.com"),
        ("HTTP://user:pw@api.example.com/a#f", "2606:2800:220:1:248:1893:25c8:1946",
         "HTTP://user:pw@[2606:2800:220:1:248:1893:25c8:1946]/a#f", "api.example.com"),
        ("https://api.example.com/v1", "93.184.216.34", nil, nil),
        ("http://93.184.216.34/v1", "93.184.216.34", nil, nil),
        ("http://[2606:2800:220:1::1]/v1", "2606:2800:220:1::1", nil, nil),
    ] as [(String, String, String?, String?)])
    func pinnedURLs(_ c: (String, String, String?, String?)) {
        let pinned = HTTPPerformer.pinnedURL(c.0, to: c.1)
        #expect(pinned?.url == c.2)
        #expect(pinned?.host == c.3)
    }

    @Test("the daemon's guard pins a public host to the address it checked, and refuses what does not resolve")
    func guardVerdicts() {
        // Address literals resolve without any network traffic.
        #expect(NetworkGuardPerformer.verdict(url: "http://93.184.216.34:8080/x") == .pinned("93.184.216.34"))
        #expect(NetworkGuardPerformer.verdict(url: "https://[2606:2800:220:1:248:1893:25c8:1946]/x")
                == .pinned("2606:2800:220:1:248:1893:25c8:1946"))
        // A label over 63 bytes cannot be put in a DNS query: glibc fails it without sending one.
        let unresolvable = String(repeating: "a", count: 64) + ".flowc.invalid"
        guard case .refused(let reason) = NetworkGuardPerformer.verdict(url: "http://\(unresolvable)/x") else {
            Issue.record("an unresolvable host went through")
            return
        }
        #expect(reason.contains("hosts that do not resolve (host \(unresolvable))"), "\(reason)")
        #expect(NetworkGuardPerformer.verdict(url: "http://[::ffff:10.0.0.1]/x") != .allowed)
    }

    @Test("Location forms resolve against the request's URL", arguments: [
        ("https://api.example.com/v1/orders?x=1", "/v2/orders", "https://api.example.com/v2/orders"),
        ("https://api.example.com/v1/orders", "status", "https://api.example.com/v1/status"),
        ("https://api.example.com:8443/v1/", "next?page=2", "https://api.example.com:8443/v1/next?page=2"),
        ("https://api.example.com", "/x", "https://api.example.com/x"),
        ("https://api.example.com/a", "//cdn.example.com/b", "https://cdn.example.com/b"),
        ("https://api.example.com/a", "HTTP://other.example.com/b", "HTTP://other.example.com/b"),
        ("https://api.example.com/a/b", "?page=2", "https://api.example.com/a/b?page=2"),
        ("https://api.example.com/a/b#old", "#top", "https://api.example.com/a/b#top"),
        ("https://api.example.com/a/b", "ftp://files.example.com/x", "ftp://files.example.com/x"),
        ("https://api.example.com/v1/orders/7", "../status", "https://api.example.com/v1/status"),
        ("https://api.example.com/v1/orders/", "./7?x=1", "https://api.example.com/v1/orders/7?x=1"),
        ("https://api.example.com/a", "/../../etc/x/./y/..", "https://api.example.com/etc/x/"),
        ("https://api.example.com/a/b/c", "..", "https://api.example.com/a/"),
        ("https://api.example.com/a", "https://other.example.com/p/../q#f/../g", "https://other.example.com/q#f/../g"),
    ])
    func resolve(_ c: (String, String, String)) {
        #expect(HTTPPerformer.resolve(c.1, against: c.0) == c.2)
    }
}

extension RedirectTests {
    @Test("an answer over 4 MiB is an error saying so, not retried")
    func answerTooLarge() async throws {
        let big = "[" + Array(repeating: "\"" + String(repeating: "x", count: 1_000) + "\"", count: 4_300).joined(separator: ",") + "]"
        let server = try FakeProviderServer { _, _ in (200, big) }
        let request = EffectRequest(id: "r1", kind: "http", payload: .object(JSONObject([
            ("method", .text("GET")), ("url", .text(server.url + "/catalog")), ("retries", .number(2)), ("timeout", .number(120_000)),
        ])))
        let result = await HTTPPerformer(client: Self.client).perform(request, context: context)
        #expect(!result.ok)
        #expect(result.error == "GET to host 127.0.0.1 failed: the answer is larger than 4 MiB", "\(result.error)")
        #expect(server.requests.count == 1, "the same request gets the same answer: no retry")
    }
}
