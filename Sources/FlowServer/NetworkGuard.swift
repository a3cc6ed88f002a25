import FlowBytecode
import FlowRuntime
import FlowVM

#if canImport(Glibc)
import Glibc
#endif

/// Keeps a bot's HTTP actions off loopback, private, link-local and other internal addresses
/// (SSRF) unless the bot's config sets `allow_private_network: true`.
///
/// The checks themselves run in the ``HTTPPerformer`` this wraps (built with
/// `hostCheck: NetworkGuardPerformer.verdict(url:)`), on the first request and on every
/// redirect: the host is resolved once, every address it resolves to must be public, and a
/// plain-http request connects to the address that was checked (no second DNS answer can
/// point it elsewhere: DNS rebinding).
struct NetworkGuardPerformer: EffectPerformer {
    let inner: any EffectPerformer
    let allowPrivate: Bool
    /// Where `query` steps go (the bot's data sources).
    var data: (any EffectPerformer)?
    /// Where `email` steps go (the daemon's SMTP server).
    var mail: (any EffectPerformer)?

    func perform(_ request: EffectRequest, context: TurnContext) async -> EffectResult {
        if request.kind == "query", let data { return await data.perform(request, context: context) }
        if request.kind == "email", let mail { return await mail.perform(request, context: context) }
        guard request.kind == "http", !allowPrivate else { return await inner.perform(request, context: context) }
        let url = request.payload[member: "url"]?.rendered ?? ""
        guard Self.host(of: url) != nil else {
            return EffectResult(request: request.id, ok: false, error: "the HTTP action's URL has no host")
        }
        return await inner.perform(request, context: context)
    }

    enum Verdict: Equatable {
        /// Every address is public; `address` is the first one (nil when it could not be read).
        case allowed(address: String?)
        case refused(String)
    }

    /// What the guard says about a request to `url`: where it may connect, or why not.
    @Sendable static func verdict(url: String) -> HostVerdict {
        guard let host = host(of: url) else { return .refused("the URL has no host") }
        switch check(host: host) {
        case .allowed(let address?): return .pinned(address)
        case .allowed(nil): return .allowed
        case .refused(let reason):
            return .refused("HTTP actions may not reach \(reason) (host \(host)); set `allow_private_network: true` on the bot in the daemon's config to allow it")
        }
    }

    /// Why a request to `url` is refused (a redirect target, say), or nil when it may go.
    static func refusal(url: String) -> String? {
        if case .refused(let reason) = verdict(url: url) { return reason }
        return nil
    }

    /// The host of `scheme://[user@]host[:port]/…`, without brackets for IPv6.
    static func host(of url: String) -> String? {
        guard let schemeEnd = url.range(of: "://") else { return nil }
        var rest = url[schemeEnd.upperBound...]
        if let end = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) { rest = rest[..<end] }
        if let at = rest.lastIndex(of: "@") { rest = rest[rest.index(after: at)...] }
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { return nil }
            return String(rest[rest.index(after: rest.startIndex)..<close])
        }
        if let colon = rest.lastIndex(of: ":") { rest = rest[..<colon] }
        return rest.isEmpty ? nil : String(rest).lowercased()
    }

    /// Resolves `host` once: refused when it does not resolve or any address is not public.
    static func check(host: String) -> Verdict {
        if host == "localhost" || host.hasSuffix(".localhost") { return .refused("loopback addresses") }
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &result) == 0, let first = result else {
            // Letting the client resolve it again could get another answer: refuse it here.
            return .refused("hosts that do not resolve")
        }
        defer { freeaddrinfo(first) }
        var chosen: String?
        var node: UnsafeMutablePointer<addrinfo>? = first
        while let current = node {
            if let address = current.pointee.ai_addr {
                if current.pointee.ai_family == AF_INET {
                    let ip = address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { UInt32(bigEndian: $0.pointee.sin_addr.s_addr) }
                    if let reason = ipv4Reason(ip) { return .refused(reason) }
                    chosen = chosen ?? "\(ip >> 24).\((ip >> 16) & 0xFF).\((ip >> 8) & 0xFF).\(ip & 0xFF)"
                } else if current.pointee.ai_family == AF_INET6 {
                    let bytes = address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { pointer in
                        withUnsafeBytes(of: pointer.pointee.sin6_addr) { Array($0) }
                    }
                    if let reason = ipv6Reason(bytes) { return .refused(reason) }
                    chosen = chosen ?? ipv6Text(bytes)
                }
            }
            node = current.pointee.ai_next
        }
        return .allowed(address: chosen)
    }

    /// An IPv6 address as eight groups of hex digits (no `::` shortening: any form will do for connecting).
    static func ipv6Text(_ b: [UInt8]) -> String {
        stride(from: 0, to: 16, by: 2).map { String(UInt16(b[$0]) << 8 | UInt16(b[$0 + 1]), radix: 16) }.joined(separator: ":")
    }

    static func ipv4Reason(_ ip: UInt32) -> String? {
        let a = ip >> 24, b = (ip >> 16) & 0xFF
        switch true {
        case a == 127: return "loopback addresses"
        case a == 10, a == 172 && (16...31).contains(b), a == 192 && b == 168: return "private addresses"
        case a == 169 && b == 254: return "link-local addresses (cloud metadata)"
        case a == 100 && (64...127).contains(b): return "shared (carrier-grade NAT) addresses"
        case a == 0: return "unspecified addresses"
        case a >= 224: return "multicast or reserved addresses"
        default: return nil
        }
    }

    static func ipv6Reason(_ b: [UInt8]) -> String? {
        guard b.count == 16 else { return "malformed addresses" }
        if b[0..<15].allSatisfy({ $0 == 0 }) { return b[15] == 1 ? "loopback addresses" : "unspecified addresses" }
        if b[0..<10].allSatisfy({ $0 == 0 }) && b[10] == 0xFF && b[11] == 0xFF {
            return ipv4Reason(UInt32(b[12]) << 24 | UInt32(b[13]) << 16 | UInt32(b[14]) << 8 | UInt32(b[15]))
        }
        if b[0] & 0xFE == 0xFC { return "private addresses" }
        if b[0] == 0xFE && b[1] & 0xC0 == 0x80 { return "link-local addresses" }
        if b[0] == 0xFF { return "multicast addresses" }
        return nil
    }
}
