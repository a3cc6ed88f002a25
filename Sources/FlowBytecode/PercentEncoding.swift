/// RFC 3986 percent-encoding, as the runtime applies it to values spliced into `http` URLs and
/// as `flowc test` reads mock URLs back.
public enum PercentEncoding {
    /// Everything but the unreserved characters, over UTF-8; with `host`, `:`, `[` and `]` stay
    /// too (a port, an IPv6 literal). A whole value of `.` or `..` is encoded too, so that it
    /// cannot climb out of its path segment.
    public static func encode(_ text: String, host: Bool = false) -> String {
        if !host, text == "." || text == ".." { return text == "." ? "%2E" : "%2E%2E" }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: ":") where host, UInt8(ascii: "[") where host, UInt8(ascii: "]") where host:
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out.append("%"); out.append(hex[Int(byte >> 4)]); out.append(hex[Int(byte & 0xF)])
            }
        }
        return out
    }

    /// `url` as the HTTP client must get it: after the host, every byte that no URL may hold as
    /// it is (a letter beyond ASCII, ``" < > [ \ ] ^ ` { | }``, a `%` that starts no escape) written as
    /// `%XX`, and the rest, escapes included, left as they are. Given a URL with such a character
    /// (`?ciudad=Bogotá&q={{q}}`, `?filter[name]={{q}}`), the client encodes the whole URL again,
    /// `%` too, and the values spliced into it, encoded once already, reach the server encoded
    /// twice (`n%253D3` for `n=3`).
    public static func escapingInvalid(url: String) -> String {
        guard let scheme = url.firstRange(of: "://") else { return url }
        let rest = url[scheme.upperBound...]
        let pathStart = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        let tail = Array(url[pathStart...].utf8)
        guard tail.contains(where: { $0 >= 0x80 || invalidInURL.contains($0) || $0 == UInt8(ascii: "%") }) else { return url }
        var out = String(url[..<pathStart])
        var i = 0
        while i < tail.count {
            let byte = tail[i]
            let isEscape = byte == UInt8(ascii: "%") && i + 2 < tail.count && hexValue(tail[i + 1]) != nil && hexValue(tail[i + 2]) != nil
            if byte >= 0x80 || invalidInURL.contains(byte) || (byte == UInt8(ascii: "%") && !isEscape) {
                out.append("%"); out.append(hex[Int(byte >> 4)]); out.append(hex[Int(byte & 0xF)])
            } else {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            }
            i += 1
        }
        return out
    }

    /// ASCII that RFC 3986 allows nowhere after a URL's host (`[` `]` only in it).
    private static let invalidInURL: Set<UInt8> = Set(#"" <>[\]^`{|}"#.utf8)

    /// `text` with its `%XX` escapes decoded (a `%` not followed by two hex digits stays).
    public static func decode(_ text: Substring) -> String {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "%"), i + 2 < bytes.count, let hi = hexValue(bytes[i + 1]), let lo = hexValue(bytes[i + 2]) {
                out.append(hi << 4 | lo)
                i += 3
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static let hex = Array("0123456789ABCDEF")

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
