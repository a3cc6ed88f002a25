import FlowBytecode
import FlowVM
import Synchronization

/// A canned HTTP response for `flowc chat --mock` and `flowc test`.
public struct HTTPMock: Sendable, Equatable {
    /// Method to match (`""`: any).
    public var method: String
    /// URL to match exactly.
    public var url: String
    /// When set, the JSON body must equal this.
    public var json: Value?
    /// The answer.
    public var status: Int
    public var body: Value
    /// Raw text body (answered as invalid JSON when it is not JSON).
    public var rawBody: String?
    /// Simulated latency; a mock slower than the request's timeout is a timeout.
    public var delayMs: Int64

    /// Creates a mock.
    public init(method: String, url: String, json: Value? = nil, status: Int = 200, body: Value = .null, rawBody: String? = nil, delayMs: Int64 = 0) {
        self.method = method
        self.url = url
        self.json = json
        self.status = status
        self.body = body
        self.rawBody = rawBody
        self.delayMs = delayMs
    }
}

/// Answers `http` effects from mocks; an unmatched request is recorded (tests fail on it).
public final class MockPerformer: EffectPerformer {
    let mocks: [HTTPMock]
    let fallback: any EffectPerformer
    private let log = Mutex<(requests: [Value], unmatched: [String])>(([], []))

    /// Creates a performer over `mocks`.
    public init(mocks: [HTTPMock], fallback: any EffectPerformer = RecordingPerformer()) {
        self.mocks = mocks
        self.fallback = fallback
    }

    /// Requests that matched no mock, as `METHOD URL`.
    public var unmatched: [String] { log.withLock { $0.unmatched } }
    /// Every request made, in order.
    public var requests: [Value] { log.withLock { $0.requests } }

    public func perform(_ request: EffectRequest, context: TurnContext) async -> EffectResult {
        guard request.kind == "http" else { return await fallback.perform(request, context: context) }
        guard case .object(let spec) = request.payload else { return EffectResult(request: request.id, ok: false, error: "bad request") }
        let method = spec["method"]?.rendered ?? "GET"
        let url = spec["url"]?.rendered ?? ""
        log.withLock { $0.requests.append(request.payload) }
        guard let mock = mocks.first(where: {
            ($0.method.isEmpty || $0.method.uppercased() == method) && $0.url == url && ($0.json == nil || $0.json == spec["json"])
        }) else {
            log.withLock { $0.unmatched.append("\(method) \(url)") }
            return EffectResult(request: request.id, ok: false, error: "no mock matches \(method) \(url)")
        }
        let timeout = Int64(HTTPPerformer.number(spec["timeout"]) ?? 10_000)
        if mock.delayMs >= timeout {
            return EffectResult(request: request.id, ok: false, error: "\(method) \(url) timed out after \(timeout) ms")
        }
        if let raw = mock.rawBody {
            guard let parsed = try? JSONParser.parse(raw) else {
                return EffectResult(request: request.id, ok: false, status: mock.status, error: "the response is not valid JSON")
            }
            return EffectResult(request: request.id, ok: true, status: mock.status, body: parsed)
        }
        return EffectResult(request: request.id, ok: true, status: mock.status, body: mock.body)
    }
}
