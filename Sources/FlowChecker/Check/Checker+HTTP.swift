import FlowDiagnostics
import FlowSyntax
import FlowValidation

/// An `http` action's URL, method, headers and body, as the runtime will read them.
extension Checker {
    func checkHTTP(_ http: HTTPAction, ec: ExpressionChecker, file: String, reads: inout [Read]) {
        ec.template(http.url, reads: &reads)
        let url = http.url.text
        let scheme = url.prefix(8).lowercased()  // schemes ignore case: `HTTPS://` is one
        if !url.hasPrefix("{{"), !(scheme.hasPrefix("https://") || scheme.hasPrefix("http://")) {
            sink.error("invalid-url", "`\(url)` is not an http(s) URL", file: file, range: http.url.range,
                       help: "write the whole URL, e.g. `https://api.example.com/orders` or `{{env.API_URL}}/orders`")
        } else if let at = Self.blankInURL(url) {
            // The flow's own text goes as written (only spliced values are encoded): every request fails.
            let space = url.unicodeScalars[url.unicodeScalars.index(url.unicodeScalars.startIndex, offsetBy: at)] == " "
            // In the host (`https://exa mple.com`) nothing stands for a space; in the path or query `%20` does.
            let before = String(String.UnicodeScalarView(url.unicodeScalars.prefix(at)))
            let inHost = before.firstRange(of: "://").map { !before[$0.upperBound...].contains { "/?#".contains($0) } } ?? false
            let example = space && !TemplateText.hasHole(url) ? ", e.g. `\(url.replacing(" ", with: "%20"))`" : ""
            sink.error("invalid-url", "`\(url)` has \(space ? "a space" : "a control character"), which a URL cannot have: every request to it fails",
                       file: file, range: ec.range(of: ExprSpan(start: at, end: at + 1), in: http.url),
                       help: !space ? "remove it" : inHost ? "remove it: a host is letters, digits, `-` and `.`" : "write a space in a URL as `%20`\(example)")
        } else if let fixed = Self.fixedOrigin(url), case .failure(let invalid) = HTTPTarget.parse(fixed) {
            // The scheme, host and port before any value: as the runtime reads them, whatever the values.
            let reason = invalid.reason.hasPrefix("the URL's ") ? "its " + invalid.reason.dropFirst(10)
                : invalid.reason.hasPrefix("the URL ") ? "it " + invalid.reason.dropFirst(8) : Substring(invalid.reason)
            sink.error("invalid-url", "`\(url)` is not a valid URL: \(reason)", file: file, range: http.url.range,
                       help: invalid.reason.contains("port") ? "write a port from 1 to 65535 (`https://api.example.com:8443/orders`), or none"
                           : invalid.reason.contains("no host") ? "write the host after the scheme, e.g. `https://api.example.com/orders`" : nil)
        }
        for header in http.headers {
            ec.data(header.value, reads: &reads)
            if !Self.isHeaderName(header.key.value) {
                sink.error("invalid-header-name", "`\(header.key.value)` is not a valid HTTP header name", file: file, range: header.key.range,
                           help: "use ASCII letters, digits and `-`, e.g. `Authorization` or `X-Api-Key`")
            }
        }
        if let json = http.json { ec.data(json, reads: &reads) }
        for field in http.form ?? [] { ec.data(field.value, reads: &reads) }
        if (http.json != nil || http.form != nil), http.method.value == "GET" {
            sink.error("http-body", "a GET request has no body", file: file, range: http.method.range,
                       help: "use `post:` to send `json` or `form`, or put the values in the URL")
        }
    }

    /// Where (in scalars) a URL's own text, outside its `{{ }}` holes, has a space or a control
    /// character: that text goes as written, and the runtime refuses such a URL.
    static func blankInURL(_ url: String) -> Int? {
        let s = Array(url.unicodeScalars)
        var i = 0
        while i < s.count {
            if s[i] == "{", i + 1 < s.count, s[i + 1] == "{" {
                i += 2
                while i + 1 < s.count, !(s[i] == "}" && s[i + 1] == "}") { i += 1 }
                i += 2
                continue
            }
            if s[i].value <= 0x20 || s[i].value == 0x7F { return i }
            i += 1
        }
        return nil
    }

    /// The part of a URL that is the same whatever its values: the whole of a URL without holes,
    /// else the text before the first hole when the scheme, host and port end in it
    /// (`https://api.test/stock/` of `https://api.test/stock/{{sku}}`); nil when a value is part of them.
    static func fixedOrigin(_ url: String) -> String? {
        guard let hole = url.firstRange(of: "{{") else { return url }
        let fixed = url[..<hole.lowerBound]
        guard let sep = fixed.firstRange(of: "://"), fixed[sep.upperBound...].contains(where: { "/?#".contains($0) }) else { return nil }
        return String(fixed)
    }
}
