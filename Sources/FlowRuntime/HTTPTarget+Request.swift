import FlowBytecode
import FlowValidation

/// What a request may carry, and the text of its failure.
extension HTTPTarget {
    /// The error text of a failed request. It names the method and the host only: the rendered URL,
    /// headers and body may carry secrets or user data, and this text reaches logs, `--jsonl` and the store.
    static func failure(method: String, url: String, reason: String) -> String {
        let target = (try? parse(url).get()).map { "host \($0.host)" } ?? "an invalid URL"
        return "\(method) to \(target) failed: \(reason)"
    }

    /// Why a request is refused before it is made (its URL, a header's name or value), or nil: the
    /// HTTP client would trap on some of these, and a test's mocks refuse what the runtime does.
    static func refusal(url: String, headers: Value?) -> String? {
        if case .failure(let invalid) = parse(url) { return invalid.reason }
        if case .object(let headers)? = headers {
            for pair in headers.pairs {
                guard isHeaderName(pair.key) else { return "`\(pair.key)` is not a valid header name" }
                guard isHeaderValue(pair.value.rendered) else { return "the value of header `\(pair.key)` has a line break or a control character" }
            }
        }
        return nil
    }

    /// Whether `name` is an HTTP header name (an RFC 7230 token).
    static func isHeaderName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { c in
            (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || "!#$%&'*+-.^_`|~".utf8.contains(c)
        }
    }

    /// Whether `value` can be sent as a header value: no line breaks or other control characters but tab.
    static func isHeaderValue(_ value: String) -> Bool {
        value.unicodeScalars.allSatisfy { $0.value == 0x09 || ($0.value >= 0x20 && $0.value != 0x7F) }
    }
}
