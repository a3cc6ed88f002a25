import AsyncHTTPClient
import FlowBytecode
import FlowVM
import FlowValidation
import NIOCore
import NIOHTTP1
#if canImport(Glibc)
import Glibc
#endif

/// What a network guard says about the target of one request (the first or a redirect).
public enum HostVerdict: Sendable, Equatable {
    /// It may go; the client resolves the host itself.
    case allowed
    /// It may go, to this address only (an IPv4 or IPv6 literal): the one the guard resolved
    /// and checked. A plain-http request connects there, with the URL's host in `Host`, so a
    /// second DNS answer (rebinding) cannot send it elsewhere.
    case pinned(String)
    /// Refused, and why.
    case refused(String)
}

/// Performs `http` actions with real requests (AsyncHTTPClient); other effects go to `fallback`.
public struct HTTPPerformer: EffectPerformer {
    /// Largest response body read (any step's, whether it saves it or not): 4 MiB, a catalogue
    /// of a few thousand products in one answer, while what one request holds stays bounded (the
    /// body is parsed, and a saved one is kept in the conversation's state).
    public static let maxBody = 4 << 20
    /// The error of an answer over ``maxBody``.
    public static let tooLarge = "the answer is larger than \(maxBody >> 20) MiB"
    /// Most redirects one request follows.
    public static let maxRedirects = 3
    let client: HTTPClient
    let fallback: any EffectPerformer
    let hostCheck: (@Sendable (String) -> HostVerdict)?

    /// Creates a performer over `client` (the shared one by default).
    ///
    /// With `hostCheck`, every request (the first and each redirect) is first passed to it with
    /// its URL, and redirects are followed here, not by the client (give it a client configured
    /// with `redirectConfiguration: .disallow`). So a public URL that answers
    /// `302 Location: http://169.254.169.254/…` cannot carry a request past the daemon's network
    /// guard, and a ``HostVerdict/pinned(_:)`` address is where a plain-http request goes. At
    /// most ``maxRedirects``; `Authorization`, `Cookie` and `Proxy-Authorization` are not sent
    /// to another host; 301/302/303 turn a request with a body into a GET (as browsers do),
    /// 307/308 repeat it as it was.
    public init(client: HTTPClient = .shared, fallback: any EffectPerformer = RecordingPerformer(),
                hostCheck: (@Sendable (String) -> HostVerdict)? = nil) {
        self.client = client
        self.fallback = fallback
        self.hostCheck = hostCheck
    }

    public func perform(_ request: EffectRequest, context: TurnContext) async -> EffectResult {
        guard request.kind == "http" else { return await fallback.perform(request, context: context) }
        guard case .object(let spec) = request.payload else { return EffectResult(request: request.id, ok: false, error: "bad request") }
        let method = spec["method"]?.rendered ?? "GET"
        let url = spec["url"]?.rendered ?? ""
        let timeoutMs = Int64(Self.number(spec["timeout"]) ?? 10_000)
        let retries = Self.retries(spec)
        func failure(_ reason: String) -> EffectResult {
            EffectResult(request: request.id, ok: false, error: HTTPTarget.failure(method: method, url: url, reason: reason))
        }
        // The client traps on some malformed input (a port above 65535, a non-ASCII header name): refuse it first.
        if let refused = HTTPTarget.refusal(url: url, headers: spec["headers"]) { return failure(refused) }
        var http = HTTPClientRequest(url: PercentEncoding.escapingInvalid(url: url))
        http.method = HTTPMethod(rawValue: method)
        if case .object(let headers)? = spec["headers"] {
            for pair in headers.pairs { http.headers.add(name: pair.key, value: pair.value.rendered) }
        }
        // The body's type, unless the flow names one (`application/vnd.api+json`).
        if let json = spec["json"] {
            if !http.headers.contains(name: "Content-Type") { http.headers.add(name: "Content-Type", value: "application/json") }
            http.body = .bytes(ByteBuffer(string: json.json))
        } else if case .object(let form)? = spec["form"] {
            if !http.headers.contains(name: "Content-Type") { http.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded") }
            http.body = .bytes(ByteBuffer(string: Self.formEncode(form)))
        }
        if !http.headers.contains(name: "Accept") { http.headers.add(name: "Accept", value: "application/json") }
        var lastError = ""
        for attempt in 0...retries {
            if attempt > 0 { try? await Task.sleep(for: .milliseconds(Self.retryDelay(attempt: attempt))) }
            do {
                var current = http
                // One deadline for the request and all its redirects.
                let deadline = NIODeadline.now() + .milliseconds(timeoutMs)
                var response: HTTPClientResponse
                if let hostCheck {
                    switch Self.guarded(current, verdict: hostCheck(current.url)) {
                    case .success(let checked): response = try await client.execute(checked, deadline: deadline)
                    case .failure(let refused): return failure(refused.reason)
                    }
                    var hops = 0
                    let secrets = context.secrets.values.filter { !$0.isEmpty }
                    while let next = Self.redirect(from: current, status: Int(response.status.code), headers: response.headers, secrets: secrets) {
                        hops += 1
                        guard hops <= Self.maxRedirects else { return failure("more than \(Self.maxRedirects) redirects") }
                        let target: HTTPTarget
                        switch HTTPTarget.parse(next.url) {
                        case .success(let parsed): target = parsed
                        case .failure(let invalid): return failure("a redirect to an invalid URL (\(invalid.reason))")
                        }
                        if current.url.lowercased().hasPrefix("https:"), target.scheme == "http" {
                            return failure("a redirect from https to plain http (host \(target.host)) was refused")
                        }
                        let checked: HTTPClientRequest
                        switch Self.guarded(next, verdict: hostCheck(next.url)) {
                        case .success(let request): checked = request
                        case .failure(let refused): return failure("a redirect to host \(target.host) was refused: \(refused.reason)")
                        }
                        // Read what the redirect answer carries, so its connection can serve the next request.
                        _ = try? await response.body.collect(upTo: 64 << 10)
                        current = next
                        response = try await client.execute(checked, deadline: deadline)
                    }
                } else {
                    response = try await client.execute(current, deadline: deadline)
                }
                let body: ByteBuffer
                do {
                    body = try await response.body.collect(upTo: Self.maxBody)
                } catch is NIOTooManyBytesError {
                    // Not retried: the same request gets the same answer.
                    return failure(Self.tooLarge)
                }
                let status = Int(response.status.code)
                if status >= 500, attempt < retries { lastError = "the server answered \(status)"; continue }
                let text = String(buffer: body)
                if text.allSatisfy(\.isWhitespace) { return EffectResult(request: request.id, ok: true, status: status, body: .null) }
                // A body that is not JSON (plain text, HTML) fails only a step that saves it.
                guard let parsed = try? JSONParser.parse(text) else {
                    return EffectResult(request: request.id, ok: true, status: status, body: .text(text), notJSON: true)
                }
                return EffectResult(request: request.id, ok: true, status: status, body: parsed)
            } catch let error as HTTPClientError where [.deadlineExceeded, .readTimeout, .connectTimeout].contains(error) {
                lastError = "timed out after \(timeoutMs) ms"
            } catch {
                // Connection errors name the address, never the path or query; drop the URL should one quote it.
                lastError = Self.describe(error).replacing(url, with: "<url>")
            }
        }
        return failure(lastError)
    }

    /// A connection failure in words: the system's text for its errno (`connection failed: Connection
    /// refused`) rather than the client's nested description of it.
    static func describe(_ error: any Error) -> String {
        if let io = error as? IOError { return "connection failed: " + String(cString: strerror(io.errnoCode)) }
        let text = String(describing: error)
        if let mark = text.firstRange(of: "errno: "), let code = Int32(text[mark.upperBound...].prefix(while: \.isNumber)) {
            return "connection failed: " + String(cString: strerror(code))
        }
        return text
    }

    /// `request` as the guard's verdict sends it: refused, as it is, or (plain http to a host
    /// name) to the pinned address with the URL's host and port in `Host`.
    static func guarded(_ request: HTTPClientRequest, verdict: HostVerdict) -> Result<HTTPClientRequest, HTTPTarget.Invalid> {
        switch verdict {
        case .allowed: return .success(request)
        case .refused(let reason): return .failure(HTTPTarget.Invalid(reason: reason))
        case .pinned(let address):
            guard let pinned = pinnedURL(request.url, to: address) else { return .success(request) }
            var out = request
            out.url = pinned.url
            out.headers.replaceOrAdd(name: "Host", value: pinned.host)
            return .success(out)
        }
    }

    /// `url` (plain http with a host name) with `address` in place of its host, and the
    /// `Host` header value it had; nil for https (TLS checks the name) or an address literal.
    static func pinnedURL(_ url: String, to address: String) -> (url: String, host: String)? {
        guard let sep = url.firstRange(of: "://"), url[..<sep.lowerBound].lowercased() == "http" else { return nil }
        let rest = url[sep.upperBound...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        let hostStart = authority.lastIndex(of: "@").map { authority.index(after: $0) } ?? authority.startIndex
        let hostAndPort = authority[hostStart...]
        guard !hostAndPort.hasPrefix("[") else { return nil }
        let hostEnd = hostAndPort.firstIndex(of: ":") ?? hostAndPort.endIndex
        let host = hostAndPort[..<hostEnd]
        guard !host.isEmpty, !host.allSatisfy({ $0 == "." || $0.isNumber }) else { return nil }
        let literal = address.contains(":") ? "[\(address)]" : address
        let pinned = url[..<hostStart] + literal + url[hostEnd...]
        return (String(pinned), String(hostAndPort))
    }

    /// The request a redirect answer leads to, or nil when `status` is not a redirect with a
    /// `Location` (or the location cannot be resolved).
    ///
    /// On a change of scheme, host or port, `Authorization`, `Cookie`, `Proxy-Authorization`
    /// and every header whose value holds one of `secrets` stay behind.
    static func redirect(from request: HTTPClientRequest, status: Int, headers: HTTPHeaders, secrets: [String] = []) -> HTTPClientRequest? {
        guard [301, 302, 303, 307, 308].contains(status), let location = headers.first(name: "Location"),
              let url = resolve(location, against: request.url) else { return nil }
        var next = request
        next.url = url
        // As browsers do (and the Fetch standard): 303 turns anything but HEAD into a GET,
        // 301/302 only a POST; 307/308 repeat the request as it was.
        if (status == 303 && request.method != .HEAD) || ((status == 301 || status == 302) && request.method == .POST) {
            next.method = .GET
            next.body = nil
            next.headers.remove(name: "Content-Type")
            next.headers.remove(name: "Content-Length")
        }
        let from = (try? HTTPTarget.parse(request.url).get()).map { "\($0.scheme)://\($0.host):\($0.port ?? -1)" }
        let to = (try? HTTPTarget.parse(url).get()).map { "\($0.scheme)://\($0.host):\($0.port ?? -1)" }
        if from == nil || from != to {
            for name in ["Authorization", "Cookie", "Proxy-Authorization"] { next.headers.remove(name: name) }
            let secretHeaders = next.headers.filter { header in secrets.contains { header.value.contains($0) } }.map(\.name)
            for name in secretHeaders { next.headers.remove(name: name) }
        }
        return next
    }

    /// `location` (absolute, scheme-relative, absolute-path or relative) as an absolute URL
    /// against `base`, with `.` and `..` path segments removed (RFC 3986 §5.2.4).
    static func resolve(_ location: String, against base: String) -> String? {
        resolveRaw(location, against: base).map(removingDotSegments)
    }

    /// `url` with the `.` and `..` segments of its path resolved; the query and fragment as they are.
    static func removingDotSegments(_ url: String) -> String {
        guard let sep = url.firstRange(of: "://") else { return url }
        let rest = url[sep.upperBound...]
        guard let pathStart = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }), rest[pathStart] == "/" else { return url }
        let pathEnd = rest[pathStart...].firstIndex { $0 == "?" || $0 == "#" } ?? rest.endIndex
        let path = rest[pathStart..<pathEnd]
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        guard segments.contains(where: { $0 == "." || $0 == ".." }) else { return url }
        var output: [Substring] = []
        for (i, segment) in segments.enumerated() {
            let last = i == segments.count - 1
            switch segment {
            case ".": if last { output.append("") }
            case "..":
                if !output.isEmpty { output.removeLast() }
                if last { output.append("") }
            default: output.append(segment)
            }
        }
        return String(url[..<pathStart]) + "/" + output.joined(separator: "/") + rest[pathEnd...]
    }

    private static func resolveRaw(_ location: String, against base: String) -> String? {
        let location = String(location.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
        guard !location.isEmpty else { return nil }
        // Any `scheme:` (RFC 3986) is absolute: a non-HTTP one is then refused by the caller.
        if let colon = location.firstIndex(of: ":"), let first = location.first, first.isASCII, first.isLetter,
           location[..<colon].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == ".") }) {
            return location
        }
        guard let sep = base.firstRange(of: "://") else { return nil }
        let scheme = base[..<sep.lowerBound]
        if location.hasPrefix("//") { return scheme + ":" + location }
        let rest = base[sep.upperBound...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        let origin = base[..<authorityEnd]
        if location.hasPrefix("/") { return origin + location }
        // A relative path: replace what follows the base path's last `/`.
        let path = rest[authorityEnd...].prefix { $0 != "?" && $0 != "#" }
        let directory = path.lastIndex(of: "/").map { path[...$0] } ?? "/"
        if location.hasPrefix("?") { return origin + path + location }
        if location.hasPrefix("#") {
            let withoutFragment = base.prefix { $0 != "#" }
            return withoutFragment + location
        }
        return origin + directory + location
    }

    /// A request's `retries`: more attempts after a timeout or a 5xx answer, 0 to 5.
    /// `retries`, at most ``maxRetries`` (the checker refuses more).
    /// Milliseconds to wait before retry number `attempt` (1-based): 400, 800, 1,600, 3,200, then
    /// 5,000 each, so that a step with the most retries waits under a minute in all.
    public static func retryDelay(attempt: Int) -> Int { min(200 << min(max(attempt, 0), 10), 5_000) }

    static func retries(_ spec: JSONObject) -> Int { max(0, min(maxRetries, Int(number(spec["retries"]) ?? 0))) }

    /// The most retries an `http` step may ask for.
    public static let maxRetries = 10

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
