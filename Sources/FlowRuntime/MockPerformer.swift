import FlowBytecode
import FlowVM
import FlowValidation
import Synchronization

/// A canned HTTP response for `flowc chat --mock` and `flowc test`.
public struct HTTPMock: Sendable, Equatable {
    /// Method to match (`""`: any).
    public var method: String
    /// URL to match exactly.
    public var url: String
    /// Headers the request must carry: lower-cased name → exact value.
    public var headers: [String: String]
    /// When set, the JSON body must equal this (compared as JSON: members in any order).
    public var json: Value?
    /// When set, the form body must have exactly these fields (values compared as text).
    public var form: JSONObject?
    /// The answer.
    public var status: Int
    public var body: Value
    /// Raw text body (answered as invalid JSON when it is not JSON).
    public var rawBody: String?
    /// Simulated latency; a mock slower than the request's timeout is a timeout.
    public var delayMs: Int64

    /// Creates a mock.
    public init(method: String, url: String, headers: [String: String] = [:], json: Value? = nil, status: Int = 200, body: Value = .null,
                rawBody: String? = nil, delayMs: Int64 = 0) {
        self.method = method
        self.url = url
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { _, last in last })
        self.json = json
        self.status = status
        self.body = body
        self.rawBody = rawBody
        self.delayMs = delayMs
    }

    /// Whether a request (its rendered method, URL, headers and JSON body) is one this mock answers.
    public func matches(method: String, url: String, headers: JSONObject, json: Value?, form: JSONObject? = nil) -> Bool {
        // A mock without `method` or `url` answers any (a catch-all: `match: {method: POST}`).
        guard self.method.isEmpty || self.method.uppercased() == method,
              self.url.isEmpty || self.url == url || Self.canonical(self.url) == Self.canonical(url) else { return false }
        for (name, value) in self.headers {
            guard headers.pairs.contains(where: { $0.key.lowercased() == name && $0.value.rendered == value }) else { return false }
        }
        if let expected = self.form {
            guard let form, form.pairs.count == expected.pairs.count,
                  expected.pairs.allSatisfy({ pair in form[pair.key]?.rendered == pair.value.rendered }) else { return false }
        }
        guard let expected = self.json else { return true }
        return json.map { Self.sameJSON(expected, $0) } ?? false
    }

    /// The headers a request goes out with, as ``HTTPPerformer`` sends it: the flow's, then the
    /// body's `Content-Type` (unless the flow gave one) and `Accept: application/json`.
    public static func effectiveHeaders(_ spec: JSONObject) -> JSONObject {
        var headers = JSONObject()
        if case .object(let h)? = spec["headers"] { headers = h }
        func has(_ name: String) -> Bool { headers.pairs.contains { $0.key.lowercased() == name } }
        if spec["json"] != nil, !has("content-type") {
            headers["Content-Type"] = .text("application/json")
        } else if case .object? = spec["form"], !has("content-type") {
            headers["Content-Type"] = .text("application/x-www-form-urlencoded")
        }
        if !has("accept") { headers["Accept"] = .text("application/json") }
        return headers
    }

    /// `url` in one form whichever way it was written: split at its delimiters (`/ ? & = #`),
    /// each piece decoded and encoded again as the runtime encodes values. So a mock written
    /// `?q=yerba mate` or `/customers/+5491155551234` matches the request the bot sends as
    /// `?q=yerba%20mate` or `/customers/%2B5491155551234`, while an `&` or `=` the mock writes as
    /// such still separates parameters (`?q=a&b=1` is not `?q=a%26b%3D1`).
    static func canonical(_ url: String) -> String {
        var out = ""
        var piece = url[...]
        // The scheme and host ignore case (`HTTPS://API.test/x` is `https://api.test/x`); the path does not.
        if let scheme = piece.firstRange(of: "://") {
            let hostEnd = piece[scheme.upperBound...].firstIndex(where: { "/?#".contains($0) }) ?? piece.endIndex
            out = piece[..<hostEnd].lowercased()
            piece = piece[hostEnd...]
        }
        while let delimiter = piece.firstIndex(where: { "/?&=#".contains($0) }) {
            out += PercentEncoding.encode(PercentEncoding.decode(piece[..<delimiter])) + String(piece[delimiter])
            piece = piece[piece.index(after: delimiter)...]
        }
        return out + PercentEncoding.encode(PercentEncoding.decode(piece))
    }

    /// Whether two values are the same JSON document: each is read back from the JSON it sends as
    /// (a date is its ISO text), and objects match whatever the order of their members.
    static func sameJSON(_ a: Value, _ b: Value) -> Bool {
        guard let x = try? JSONParser.parse(a.json), let y = try? JSONParser.parse(b.json) else { return false }
        return equalJSON(x, y)
    }

    private static func equalJSON(_ x: Value, _ y: Value) -> Bool {
        switch (x, y) {
        case (.object(let a), .object(let b)):
            a.pairs.count == b.pairs.count && a.pairs.allSatisfy { p in b[p.key].map { equalJSON(p.value, $0) } ?? false }
        case (.list(let a), .list(let b)):
            a.count == b.count && zip(a, b).allSatisfy { equalJSON($0, $1) }
        default:
            x == y
        }
    }
}

/// Answers `http` effects from mocks; an unmatched request is recorded (tests fail on it).
public final class MockPerformer: EffectPerformer {
    let mocks: [HTTPMock]
    let fallback: any EffectPerformer
    /// Per set of matching mocks: how many answers they have given.
    private let log = Mutex<(requests: [Value], unmatched: [String], refused: [String], answered: [String: Int])>(([], [], [], [:]))

    /// Creates a performer over `mocks`.
    public init(mocks: [HTTPMock], fallback: any EffectPerformer = RecordingPerformer()) {
        self.mocks = mocks
        self.fallback = fallback
    }

    /// Requests that matched no mock, as `METHOD URL`.
    public var unmatched: [String] { log.withLock { $0.unmatched } }
    /// Requests refused before they were made, as the runtime refuses them, as `METHOD URL: why`.
    public var refused: [String] { log.withLock { $0.refused } }
    /// Every request made, in order.
    public var requests: [Value] { log.withLock { $0.requests } }

    public func perform(_ request: EffectRequest, context: TurnContext) async -> EffectResult {
        guard request.kind == "http" else { return await fallback.perform(request, context: context) }
        guard case .object(let spec) = request.payload else { return EffectResult(request: request.id, ok: false, error: "bad request") }
        let method = spec["method"]?.rendered ?? "GET"
        let url = spec["url"]?.rendered ?? ""
        // As the real performer: a URL or header it refuses (a space, no host, a line break) is never a request.
        if let refused = HTTPTarget.refusal(url: url, headers: spec["headers"]) {
            log.withLock { $0.refused.append(context.masked("\(method) \(url): \(refused)")) }
            return EffectResult(request: request.id, ok: false, error: HTTPTarget.failure(method: method, url: url, reason: refused))
        }
        log.withLock { $0.requests.append(request.payload) }
        let headers = HTTPMock.effectiveHeaders(spec)
        var form: JSONObject?
        if case .object(let f)? = spec["form"] { form = f }
        let matching = mocks.indices.filter { mocks[$0].matches(method: method, url: url, headers: headers, json: spec["json"], form: form) }
        guard !matching.isEmpty else {
            // The test report names the request and its body; secrets in it are masked, and the
            // flow's error names only the host.
            var body = ""
            if let json = spec["json"] { body = " with JSON " + json.json } else if let form { body = " with form " + Value.object(form).json }
            if body.count > 300 { body = String(body.prefix(300)) + "…" }
            log.withLock { $0.unmatched.append(context.masked("\(method) \(url)\(body)")) }
            return EffectResult(request: request.id, ok: false, error: HTTPTarget.failure(method: method, url: url, reason: "no mock matches it"))
        }
        let timeout = Int64(HTTPPerformer.number(spec["timeout"]) ?? 10_000)
        // Turns are kept per set of matching mocks: a request they answer takes the next one,
        // whatever its body (a retry, or a second order to the same URL).
        let signature = matching.map(String.init).joined(separator: ",")
        // As the real performer: `retries` more attempts after a timeout or a 5xx answer.
        let retries = HTTPPerformer.retries(spec)
        var lastError = ""
        for attempt in 0...retries {
            // Mocks that match the same request answer it in turn, each once; the last one keeps
            // answering (`500` then `200` is a failure and its retry).
            let mock = log.withLock { log in
                let count = log.answered[signature, default: 0]
                log.answered[signature] = count + 1
                return mocks[matching[min(count, matching.count - 1)]]
            }
            if mock.delayMs >= timeout {
                lastError = "timed out after \(timeout) ms"
                continue
            }
            if mock.status >= 500, attempt < retries { lastError = "the server answered \(mock.status)"; continue }
            // As the real performer: an answer over its limit is an error, saved or not.
            if (mock.rawBody?.utf8.count ?? mock.body.json.utf8.count) > HTTPPerformer.maxBody {
                return EffectResult(request: request.id, ok: false, error: HTTPTarget.failure(method: method, url: url, reason: HTTPPerformer.tooLarge))
            }
            if let raw = mock.rawBody, raw.contains(where: { !$0.isWhitespace }) {
                // As the real performer: a body that is not JSON is kept as text.
                guard let parsed = try? JSONParser.parse(raw) else {
                    return EffectResult(request: request.id, ok: true, status: mock.status, body: .text(raw), notJSON: true)
                }
                return EffectResult(request: request.id, ok: true, status: mock.status, body: parsed)
            }
            return EffectResult(request: request.id, ok: true, status: mock.status, body: mock.body)
        }
        return EffectResult(request: request.id, ok: false, error: HTTPTarget.failure(method: method, url: url, reason: lastError))
    }
}
