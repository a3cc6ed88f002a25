import FlowBytecode
import Crypto
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// HMAC signatures and the encodings providers use, with constant-time comparison.
public enum Signatures {
    /// Lowercase hex of HMAC-SHA256(key, message).
    public static func hmacSHA256Hex(key: String, message: some Sequence<UInt8>) -> String {
        hex(HMAC<SHA256>.authenticationCode(for: Array(message), using: SymmetricKey(data: Array(key.utf8))))
    }

    /// Lowercase hex of HMAC-SHA512(key, message).
    public static func hmacSHA512Hex(key: String, message: some Sequence<UInt8>) -> String {
        hex(HMAC<SHA512>.authenticationCode(for: Array(message), using: SymmetricKey(data: Array(key.utf8))))
    }

    /// Base64 of HMAC-SHA1(key, message) (Twilio's signature).
    public static func hmacSHA1Base64(key: String, message: some Sequence<UInt8>) -> String {
        base64(Array(HMAC<Insecure.SHA1>.authenticationCode(for: Array(message), using: SymmetricKey(data: Array(key.utf8)))))
    }

    /// Base64 of HMAC-SHA256(key, message).
    public static func hmacSHA256Base64(key: String, message: some Sequence<UInt8>) -> String {
        base64(Array(HMAC<SHA256>.authenticationCode(for: Array(message), using: SymmetricKey(data: Array(key.utf8)))))
    }

    /// Compares two secrets in time that depends only on their lengths, never on where they differ.
    public static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        var difference = UInt8(x.count == y.count ? 0 : 1)
        let n = max(x.count, y.count)
        for i in 0..<n {
            difference |= (i < x.count ? x[i] : 0) ^ (i < y.count ? y[i] : 0)
        }
        return difference == 0
    }

    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Standard base64 with padding.
    public static func base64(_ bytes: [UInt8]) -> String {
        let table = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i < bytes.count {
            let b0 = UInt32(bytes[i])
            let b1 = i + 1 < bytes.count ? UInt32(bytes[i + 1]) : 0
            let b2 = i + 2 < bytes.count ? UInt32(bytes[i + 2]) : 0
            let n = b0 << 16 | b1 << 8 | b2
            out.append(table[Int(n >> 18 & 63)])
            out.append(table[Int(n >> 12 & 63)])
            out.append(i + 1 < bytes.count ? table[Int(n >> 6 & 63)] : UInt8(ascii: "="))
            out.append(i + 2 < bytes.count ? table[Int(n & 63)] : UInt8(ascii: "="))
            i += 3
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// `application/x-www-form-urlencoded` bodies (Twilio's webhooks and API).
public enum FormEncoding {
    /// Decodes `a=1&b=x+y` into pairs, in order; nil when a percent escape is broken or the
    /// result is not UTF-8.
    public static func decode(_ bytes: [UInt8]) -> [(String, String)]? {
        var pairs: [(String, String)] = []
        for part in bytes.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let kv = part.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            guard let key = percentDecode(Array(kv[0])) else { return nil }
            let value = kv.count > 1 ? percentDecode(Array(kv[1])) : ""
            guard let value else { return nil }
            pairs.append((key, value))
        }
        return pairs
    }

    static func percentDecode(_ bytes: [UInt8]) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "+") {
                out.append(UInt8(ascii: " "))
            } else if b == UInt8(ascii: "%") {
                guard i + 2 < bytes.count, let hi = hexValue(bytes[i + 1]), let lo = hexValue(bytes[i + 2]) else { return nil }
                out.append(hi << 4 | lo)
                i += 2
            } else {
                out.append(b)
            }
            i += 1
        }
        return String(validating: out, as: UTF8.self)
    }

    private static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): b - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): b - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): b - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// Encodes pairs as a form body (unreserved characters kept, space as `%20`).
    public static func encode(_ pairs: [(String, String)]) -> [UInt8] {
        var out: [UInt8] = []
        for (index, (key, value)) in pairs.enumerated() {
            if index > 0 { out.append(UInt8(ascii: "&")) }
            escape(key, into: &out)
            out.append(UInt8(ascii: "="))
            escape(value, into: &out)
        }
        return out
    }

    /// Percent-escapes everything but RFC 3986's unreserved characters.
    public static func escape(_ text: String, into out: inout [UInt8]) {
        let digits = Array("0123456789ABCDEF".utf8)
        for b in text.utf8 {
            switch b {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.append(b)
            default:
                out.append(UInt8(ascii: "%"))
                out.append(digits[Int(b >> 4)])
                out.append(digits[Int(b & 0xF)])
            }
        }
    }

    /// Percent-escapes a path segment or query value.
    public static func escape(_ text: String) -> String {
        var out: [UInt8] = []
        escape(text, into: &out)
        return String(decoding: out, as: UTF8.self)
    }
}

/// Helpers shared by providers.
enum ProviderSupport {
    /// A shared location as every channel saves it (and `flowc chat`/`flowc test` give it): `lat`,
    /// `lng`, and the place's `name` and `address` when it has them.
    static func pin(latitude: Value?, longitude: Value?, name: String?, address: String?) -> Value {
        func number(_ value: Value?) -> Value {
            switch value {
            case let .number(n)?: .number(n)
            case let .text(t)?: Double(t).map(Value.number) ?? .null
            default: .null
            }
        }
        var pairs: [(String, Value)] = [("lat", number(latitude)), ("lng", number(longitude))]
        if let name, !name.isEmpty { pairs.append(("name", .text(name))) }
        if let address, !address.isEmpty { pairs.append(("address", .text(address))) }
        return .object(JSONObject(pairs))
    }

    /// A photo, file or voice note as a flow saves it, whatever the provider: the provider's own
    /// fields, plus `mime_type`, `filename` and `caption` under the names WhatsApp Cloud gives them,
    /// so that `{{foto.mime_type}}`, `{{doc.filename}}` and `{{foto.caption}}` read the same on every
    /// channel (Evolution says `mimetype` and `fileName`, Telegram `file_name`, the bridge `mimeType`; Telegram puts the
    /// caption beside the photo).
    static func media(_ data: Value, caption: String?) -> Value {
        guard case .object(var object) = data else { return data }
        if object["mime_type"] == nil, let type = object["mimetype"] ?? object["mimeType"] { object["mime_type"] = type }
        if object["filename"] == nil, let name = object["fileName"] ?? object["file_name"] { object["filename"] = name }
        if object["caption"] == nil, let caption, !caption.isEmpty { object["caption"] = .text(caption) }
        return .object(object)
    }

    /// JSON body bytes of a value.
    static func body(_ value: Value) -> [UInt8] { Array(value.json.utf8) }

    /// Parses a JSON body; a clear error otherwise.
    static func parseJSON(_ bytes: [UInt8], provider: String) throws(WebhookError) -> Value {
        do {
            return try JSONParser.parse(bytes: bytes)
        } catch {
            throw .malformed("\(provider): the body is not valid JSON (\(error))")
        }
    }

    /// Digits of a phone number (`whatsapp:+54 9 11…` → `54911…`).
    static func digits(_ phone: String) -> String {
        String(phone.unicodeScalars.filter { $0.value >= 48 && $0.value <= 57 }.map(Character.init))
    }

    /// Seconds of a `Retry-After` header, when it is a number.
    static func retryAfter(_ response: ProviderHTTPResponse, now: Int64? = nil) -> Int? {
        guard let value = response.header("retry-after")?.trimmingSpaces else { return nil }
        if let seconds = Int(value) { return clampedSeconds(seconds) }
        // The other form RFC 9110 allows: an HTTP date (`Wed, 21 Oct 2026 07:28:00 GMT`).
        guard let at = httpDate(value) else { return nil }
        let current = now ?? Int64(time(nil))
        return clampedSeconds(Int(clamping: at - current))
    }

    /// Seconds since the epoch of an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), nil otherwise.
    static func httpDate(_ text: String) -> Int64? {
        let parts = text.split(separator: " ")
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        guard parts.count == 6, parts[5] == "GMT", let day = Int(parts[1]), let monthIndex = months.firstIndex(of: String(parts[2])),
              let year = Int(parts[3]), (1970...9999).contains(year), (1...31).contains(day) else { return nil }
        let clock = parts[4].split(separator: ":").compactMap { Int($0) }
        guard clock.count == 3, (0...23).contains(clock[0]), (0...59).contains(clock[1]), (0...60).contains(clock[2]) else { return nil }
        // Days from the civil date (Howard Hinnant's algorithm).
        let m = monthIndex + 1
        let y = m <= 2 ? year - 1 : year
        let era = y / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = Int64(era * 146_097 + doe - 719_468)
        return days * 86_400 + Int64(clock[0] * 3600 + clock[1] * 60 + clock[2])
    }

    /// A provider's "retry after" in seconds, within 0 s and a day: a hostile or broken value
    /// (`99999999999999999`) must not overflow the milliseconds it becomes.
    static func clampedSeconds(_ seconds: Int) -> Int { max(0, min(86_400, seconds)) }

    /// Milliseconds since the epoch of a provider's timestamp in seconds (a number or digits as
    /// text), 0 when it is none or out of any real range (`1e400`, `-9.3e15`, `-9223372036854775808`
    /// would overflow the milliseconds): a hostile value never crashes the daemon.
    static func milliseconds(seconds value: Value?) -> Int64 {
        let seconds: Double
        switch value {
        case let .number(n)?: seconds = n
        case let .text(t)?: seconds = Double(t.trimmingSpaces) ?? 0
        default: return 0
        }
        // Year 1970 to year 5000: anything else is no time a message was sent.
        guard seconds.isFinite, seconds >= 0, seconds < 95_617_584_000 else { return 0 }
        return Int64(seconds * 1000)
    }

    /// A provider's numeric error code, nil when it is none or no whole number that fits an Int.
    static func code(_ value: Value?) -> Int? {
        guard case let .number(n)? = value, n.isFinite, n == n.rounded(), abs(n) < 1e15 else {
            if case let .text(t)? = value { return Int(t.trimmingSpaces) }
            return nil
        }
        return Int(n)
    }

    /// A short, secret-free description of a failed response.
    static func describe(_ response: ProviderHTTPResponse, detail: String?) -> String {
        let status = response.status == 0 ? "no response" : "HTTP \(response.status)"
        guard let detail, !detail.isEmpty else { return status }
        return "\(status): \(detail.prefix(200))"
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " || s.first == "\t" { s.removeFirst() }
        while s.last == " " || s.last == "\t" { s.removeLast() }
        return String(s)
    }
}
