import AsyncHTTPClient
import FlowBytecode
import FlowVM
import NIOCore
import NIOHTTP1

/// Performs `http` actions with real requests (AsyncHTTPClient); other effects go to `fallback`.
public struct HTTPPerformer: EffectPerformer {
    /// Largest response body read.
    public static let maxBody = 1 << 20
    let client: HTTPClient
    let fallback: any EffectPerformer

    /// Creates a performer over `client` (the shared one by default).
    public init(client: HTTPClient = .shared, fallback: any EffectPerformer = RecordingPerformer()) {
        self.client = client
        self.fallback = fallback
    }

    public func perform(_ request: EffectRequest, context: TurnContext) async -> EffectResult {
        guard request.kind == "http" else { return await fallback.perform(request, context: context) }
        guard case .object(let spec) = request.payload else { return EffectResult(request: request.id, ok: false, error: "bad request") }
        let method = spec["method"]?.rendered ?? "GET"
        let url = spec["url"]?.rendered ?? ""
        let timeoutMs = Int64(Self.number(spec["timeout"]) ?? 10_000)
        let retries = max(0, min(5, Int(Self.number(spec["retries"]) ?? 0)))
        func failure(_ reason: String) -> EffectResult {
            EffectResult(request: request.id, ok: false, error: HTTPTarget.failure(method: method, url: url, reason: reason))
        }
        // The client traps on some malformed input (a port above 65535, a non-ASCII header name): refuse it first.
        if case .failure(let invalid) = HTTPTarget.parse(url) { return failure(invalid.reason) }
        var http = HTTPClientRequest(url: url)
        http.method = HTTPMethod(rawValue: method)
        if case .object(let headers)? = spec["headers"] {
            for pair in headers.pairs {
                let value = pair.value.rendered
                guard HTTPTarget.isHeaderName(pair.key) else { return failure("`\(pair.key)` is not a valid header name") }
                guard HTTPTarget.isHeaderValue(value) else { return failure("the value of header `\(pair.key)` has a line break or a control character") }
                http.headers.add(name: pair.key, value: value)
            }
        }
        if let json = spec["json"] {
            http.headers.replaceOrAdd(name: "Content-Type", value: "application/json")
            http.body = .bytes(ByteBuffer(string: json.json))
        } else if case .object(let form)? = spec["form"] {
            http.headers.replaceOrAdd(name: "Content-Type", value: "application/x-www-form-urlencoded")
            http.body = .bytes(ByteBuffer(string: Self.formEncode(form)))
        }
        if !http.headers.contains(name: "Accept") { http.headers.add(name: "Accept", value: "application/json") }
        var lastError = ""
        for attempt in 0...retries {
            if attempt > 0 { try? await Task.sleep(for: .milliseconds(200 << attempt)) }
            do {
                let response = try await client.execute(http, timeout: .milliseconds(timeoutMs))
                let body = try await response.body.collect(upTo: Self.maxBody)
                let status = Int(response.status.code)
                if status >= 500, attempt < retries { lastError = "the server answered \(status)"; continue }
                let text = String(buffer: body)
                if text.allSatisfy(\.isWhitespace) { return EffectResult(request: request.id, ok: true, status: status, body: .null) }
                do {
                    return EffectResult(request: request.id, ok: true, status: status, body: try JSONParser.parse(text))
                } catch {
                    return EffectResult(request: request.id, ok: false, status: status, error: "the response is not valid JSON (\(error))")
                }
            } catch let error as HTTPClientError where [.deadlineExceeded, .readTimeout, .connectTimeout].contains(error) {
                lastError = "timed out after \(timeoutMs) ms"
            } catch {
                // Connection errors name the address, never the path or query; drop the URL should one quote it.
                lastError = String(describing: error).replacing(url, with: "<url>")
            }
        }
        return failure(lastError)
    }

    static func number(_ v: Value?) -> Double? {
        if case .number(let n)? = v { return n }
        return nil
    }

    /// `application/x-www-form-urlencoded` of an object's members.
    static func formEncode(_ form: JSONObject) -> String {
        func escape(_ s: String) -> String {
            var out = ""
            for byte in s.utf8 {
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                     UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                    out.unicodeScalars.append(Unicode.Scalar(byte))
                case UInt8(ascii: " "): out += "+"
                default:
                    let hex = String(byte, radix: 16, uppercase: true)
                    out += "%" + (hex.count == 1 ? "0" + hex : hex)
                }
            }
            return out
        }
        return form.pairs.map { escape($0.key) + "=" + escape($0.value.rendered) }.joined(separator: "&")
    }
}
