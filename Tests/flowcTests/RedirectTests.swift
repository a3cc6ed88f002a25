import AsyncHTTPClient
import Foundation
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
            ("json", .object(JSONObject([("order", .number(7))]))), ("timeout", .number(30_000)),
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
        let performer = HTTPPerformer(client: Self.client, redirectCheck: { _ in nil })
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
        let performer = HTTPPerformer(client: Self.client, redirectCheck: { url in
            url.contains(":\(refusedPort)/") ? "the test's private address" : nil
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
        let performer = HTTPPerformer(client: Self.client, redirectCheck: { _ in nil })
        let result = await performer.perform(request(origin.url + "/items/1", method: "DELETE"), context: context)
        #expect(result.ok, "\(result.error)")
        #expect(target.requests.map(\.method) == ["DELETE"])
        #expect(target.requests.first?.body.contains("7") == true, "its body goes along")
    }

    @Test("a redirect to another scheme is an invalid URL, never a request")
    func otherScheme() async throws {
        let origin = try FakeProviderServer(respondWithHeaders: { _, _ in (302, ["Location": "file:///etc/passwd"], "") })
        let performer = HTTPPerformer(client: Self.client, redirectCheck: { _ in nil })
        let result = await performer.perform(request(origin.url + "/x", method: "GET"), context: context)
        #expect(!result.ok)
        #expect(result.error.contains("a redirect to an invalid URL"), "\(result.error)")
        #expect(origin.requests.count == 1)
    }

    @Test("a redirect loop stops after three hops")
    func loop() async throws {
        let origin = try FakeProviderServer(respondWithHeaders: { request, _ in (302, ["Location": request.path == "/a" ? "/b" : "/a"], "") })
        let performer = HTTPPerformer(client: Self.client, redirectCheck: { _ in nil })
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
    ])
    func resolve(_ c: (String, String, String)) {
        #expect(HTTPPerformer.resolve(c.1, against: c.0) == c.2)
    }
}
