/// Where a rendered `http` URL points, checked before any request is made.
///
/// URLs come from templates, so user input can make them anything; the HTTP client traps on
/// some malformed ones (a port above 65535), so they are refused here as an ordinary action error.
public struct HTTPTarget: Sendable, Equatable {
    /// `http` or `https`.
    public var scheme: String
    /// The host, without user info or port (an IPv6 literal keeps its brackets).
    public var host: String
    /// The explicit port, if any.
    public var port: Int?

    /// Why a URL was refused.
    public struct Invalid: Error, Sendable, Equatable {
        public var reason: String

        public init(reason: String) {
            self.reason = reason
        }
    }

    /// The target of `url`, or why it is refused: only http(s), a non-empty host, a port in
    /// 1...65535, and no spaces or control characters anywhere.
    public static func parse(_ url: String) -> Result<HTTPTarget, Invalid> {
        if url.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F }) {
            return .failure(Invalid(reason: "the URL has a space or a control character"))
        }
        guard let sep = url.firstRange(of: "://") else {
            // `{{env.API_URL}}/orders` with `API_URL` unset renders `/orders`, or nothing.
            if url.isEmpty { return .failure(Invalid(reason: "the URL is empty: is an `env` value or variable it is made of unset?")) }
            if url.hasPrefix("/") {
                return .failure(Invalid(reason: "the URL `\(url.prefix(60))` has no `https://host` before its path: is an `env` value or variable before it unset?"))
            }
            return .failure(Invalid(reason: "the URL `\(url.prefix(60))` has no scheme: write it as `https://…`"))
        }
        let scheme = url[..<sep.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else { return .failure(Invalid(reason: "the URL is not http or https")) }
        let rest = url[sep.upperBound...]
        var authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        var host = authority
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return .failure(Invalid(reason: "the URL's IPv6 host is not closed")) }
            host = authority[...close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { return .failure(Invalid(reason: "the URL has text after its host")) }
                portText = after.dropFirst()
            }
        } else if let colon = authority.firstIndex(of: ":") {
            host = authority[..<colon]
            portText = authority[authority.index(after: colon)...]
        }
        guard !host.isEmpty else { return .failure(Invalid(reason: "the URL has no host")) }
        // `{{env.API_URL}}{{path}}`: a value right after the host is part of the host, so its `/` was
        // encoded (`api.test%2Forders%2F5`) and no path begins.
        if let encoded = [("%2F", "/"), ("%3F", "?"), ("%23", "#")].first(where: { authority.uppercased().contains($0.0) }) {
            return .failure(Invalid(reason: "the URL's host `\(authority.prefix(60))` holds an encoded `\(encoded.1)`: a value in the host, "
                + "or right after it (`{{env.API_URL}}{{path}}`), is encoded as part of the host, so write the path in the URL "
                + "itself (`{{env.API_URL}}/orders/{{id}}`)"))
        }
        var port: Int?
        if let portText {
            guard !portText.isEmpty, portText.count <= 5, portText.allSatisfy({ $0 >= "0" && $0 <= "9" }),
                  let n = Int(portText), (1...65_535).contains(n) else {
                return .failure(Invalid(reason: "the URL's port is not a number from 1 to 65535"))
            }
            port = n
        }
        return .success(HTTPTarget(scheme: scheme, host: String(host).lowercased(), port: port))
    }
}
