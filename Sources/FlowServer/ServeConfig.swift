#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FlowDiagnostics
import FlowPostgres
import FlowProviders
import FlowRuntime
import FlowSyntax

/// `flowd.yaml`: what `flowc serve` runs (flow-format.md §7).
public struct ServeConfig: Sendable {
    public struct Channel: Sendable {
        /// `whatsapp_cloud`, `twilio`, `evolution`, `http_bridge` or `telegram`.
        public var provider: String
        /// The provider's settings (`${VAR}` already substituted).
        public var settings: [String: String]
        /// Where it was declared, for errors.
        public var location: String
    }

    public struct Bot: Sendable {
        /// A bot folder or a `.flowb` bundle (absolute).
        public var path: String
        /// The id in URLs (`/webhooks/{id}/…`); the bot's own id unless given.
        public var id: String?
        public var env: [String: String]
        public var secrets: [String: String]
        public var channels: [Channel]
        /// Whether the bot's HTTP actions may reach loopback and private addresses.
        public var allowPrivateNetwork: Bool
        public var location: String
    }

    public var host: String
    public var port: Int
    /// `sqlite:PATH` (absolute), a `postgres://…` URL, or `memory`.
    public var store: String
    /// Where bundles are kept for conversations in flight with a PostgreSQL store (a SQLite store
    /// keeps them next to its file).
    public var bundlesDirectory: String? = nil
    public var bots: [Bot]
    public var adminTokens: [String]
    /// Largest webhook body accepted (413 above).
    public var maxBodyBytes: Int
    /// Messages per second one contact may send before the excess is refused (429).
    public var contactRate: Double
    /// Send attempts before an outbox item is dead-lettered.
    public var maxAttempts: Int
    /// Seconds a connection may stay idle (no request, or headers that stop coming) before it is closed.
    public var idleTimeoutSeconds: Double = 30
    /// Seconds a request may take to arrive whole (a trickled body) before its connection is closed.
    public var requestTimeoutSeconds: Double = 60
    /// Where `email` steps are sent; nil when the config has no `smtp:` (they then fail to `on_error`).
    public var smtp: SMTPSettings? = nil
    /// The file it was read from.
    public var path: String
    /// Where `listen:` and `store:` are written (`path:line:col`), for the errors of a daemon
    /// that cannot bind or open its store; the file alone when the key is left to its default.
    public var listenLocation: String? = nil
    public var storeLocation: String? = nil
}

/// A config file that cannot be used: every problem, each `path:line:col: message`.
public struct ConfigError: Error, Sendable, CustomStringConvertible {
    public var problems: [String]
    public var description: String { problems.joined(separator: "\n") }
}

/// Reads `flowd.yaml` with the product's own YAML reader, so that every problem names its line:col.
public enum ConfigLoader {
    /// The keys each provider needs, and the ones it may have.
    static let providerKeys: [String: (required: [String], optional: [String])] = [
        "whatsapp_cloud": (["phone_number_id", "access_token", "app_secret", "verify_token"], ["api_base", "api_version"]),
        "twilio": (["account_sid", "auth_token", "from"], ["api_base", "public_url", "trust_forwarded"] + TwilioProvider.contentTemplateKeys),
        "evolution": (["instance", "api_key", "webhook_secret", "api_base"], ["interactive"]),
        "http_bridge": (["api_base", "token", "secret"], ["session", "interactive"]),
        "telegram": (["bot_token", "secret_token"], ["api_base"]),
    ]

    /// Braces that stand in for those of `${NAME}` while the YAML is read: private-use characters,
    /// which YAML takes as plain text and nobody types.
    static let openShield: Character = "\u{E000}", closeShield: Character = "\u{E001}"

    /// `${NAME}` written bare inside `{…}` or `[…]` (`secrets: {API_TOKEN: ${TOKEN}}`, as in
    /// flow-format.md §7) would end the YAML mapping at its `}`: its braces are swapped for
    /// characters of the same width before parsing (so line:col stay right), and back after.
    static func shieldReferences(_ text: String) -> String {
        guard text.contains("${") else { return text }
        var out = ""
        var rest = Substring(text)
        while let start = rest.range(of: "${") {
            out += rest[..<start.lowerBound]
            let after = rest[start.upperBound...]
            let name = after.prefix(while: { $0 == "_" || $0.isASCII && ($0.isLetter || $0.isNumber) })
            guard !name.isEmpty, name.endIndex < after.endIndex, after[name.endIndex] == "}" else {
                out += "${"
                rest = after
                continue
            }
            out += "$" + String(openShield) + name + String(closeShield)
            rest = after[after.index(after: name.endIndex)...]
        }
        return out + rest
    }

    static func unshield(_ text: String) -> String {
        guard text.contains(openShield) else { return text }
        return String(text.map { $0 == openShield ? "{" : $0 == closeShield ? "}" : $0 })
    }

    /// The process environment, which `${VAR}` reads.
    public static func processEnvironment() -> [String: String] {
        var out: [String: String] = [:]
        var pointer = environ
        while let entry = pointer.pointee {
            let text = String(cString: entry)
            if let eq = text.firstIndex(of: "=") { out[String(text[..<eq])] = String(text[text.index(after: eq)...]) }
            pointer += 1
        }
        return out
    }

    public static func load(path: String, text: String, environment: [String: String]) throws(ConfigError) -> ServeConfig {
        let sink = DiagnosticSink()
        let document = YAMLReader(path: path, sink: sink).read(Array(Self.shieldReferences(text).utf8))
        var problems = sink.diagnostics.filter { $0.severity == .error }.map { "\(path):\($0.range.start): \($0.message)" }
        let directory = path.contains("/") ? String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)]) : "."
        var config = ServeConfig(host: "127.0.0.1", port: 8080, store: "sqlite:" + join(directory, "state/flowd.sqlite"), bots: [],
                                 adminTokens: [], maxBodyBytes: 3 << 20, contactRate: 5, maxAttempts: 8, path: path)
        func at(_ node: YAMLNode) -> String { "\(path):\(node.range.start)" }
        func problem(_ node: YAMLNode, _ message: String) { problems.append("\(at(node)): \(message)") }
        func string(_ node: YAMLNode, _ what: String) -> String? {
            guard let scalar = node.scalar, !node.isNull else {
                problem(node, "\(what) must be text, not \(node.typeDescription)")
                return nil
            }
            return substitute(scalar.text, node: node)
        }
        func substitute(_ shielded: String, node: YAMLNode) -> String {
            let text = Self.unshield(shielded)
            var out = ""
            var rest = Substring(text)
            while let start = rest.range(of: "${") {
                out += rest[..<start.lowerBound]
                guard let end = rest[start.upperBound...].firstIndex(of: "}") else {
                    problem(node, "`${` without a closing `}`")
                    return out + rest[start.lowerBound...]
                }
                let name = String(rest[start.upperBound..<end])
                if name.isEmpty {
                    problem(node, "`${}` names no environment variable: write `${NAME}` with the variable's name")
                } else if let value = environment[name] {
                    out += value
                } else {
                    problem(node, "the environment variable \(name) is not set (`${\(name)}`)")
                }
                rest = rest[rest.index(after: end)...]
            }
            return out + rest
        }
        func map(_ node: YAMLNode, _ what: String) -> [String: String] {
            guard let pairs = node.mapping else {
                if !node.isNull { problem(node, "\(what) must be a mapping of names to text") }
                return [:]
            }
            var out: [String: String] = [:]
            for pair in pairs {
                guard let shielded = pair.keyText else { continue }
                // Names are written as they are: `${…}` is read in values only.
                let key = Self.unshield(shielded)
                if key.contains("${") {
                    problem(pair.key, "`\(key)`: `${VAR}` is read in values, not in names")
                    continue
                }
                out[key] = string(pair.value, "\(what).\(key)")
            }
            return out
        }
        func unknown(_ pair: YAMLPair, known: [String]) {
            let key = Self.unshield(pair.keyText ?? "")
            let hint = Suggestion.closest(to: key, in: known).map { "; did you mean `\($0)`?" } ?? ""
            problem(pair.key, "unknown key `\(key)`\(hint)")
        }

        guard let root = document.root, let pairs = root.mapping else {
            if problems.isEmpty { problems.append("\(path):1:1: the config must be a mapping with `bots:`") }
            throw ConfigError(problems: problems)
        }
        var sawBots = false
        for pair in pairs {
            switch pair.keyText ?? "" {
            case "listen":
                guard let text = string(pair.value, "listen") else { continue }
                guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port) else {
                    problem(pair.value, "listen must be HOST:PORT (e.g. 127.0.0.1:8080), not `\(text)`")
                    continue
                }
                var host = String(text[..<colon])
                if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
                if let reason = Self.badListenHost(host) {
                    problem(pair.value, "listen must be HOST:PORT (e.g. 127.0.0.1:8080): \(reason)")
                    continue
                }
                config.host = host.isEmpty ? "0.0.0.0" : host
                config.port = port
                config.listenLocation = at(pair.value)
            case "store":
                guard let text = string(pair.value, "store") else { continue }
                config.storeLocation = at(pair.value)
                if text == "memory" {
                    config.store = "memory"
                } else if text.hasPrefix("sqlite:") {
                    let file = String(text.dropFirst("sqlite:".count))
                    guard file.contains(where: { $0 != " " }), !file.hasSuffix("/") else {
                        problem(pair.value, "store must name a file: `sqlite:PATH` (e.g. `sqlite:state/flowd.sqlite`), not `\(text)`")
                        continue
                    }
                    config.store = "sqlite:" + (file.hasPrefix("/") ? file : join(directory, file))
                } else if PostgresLocation.isURL(text) {
                    do {
                        _ = try PostgresLocation(url: text)
                        config.store = text
                        // Bundles kept for conversations in flight live on this machine, next to the config.
                        config.bundlesDirectory = join(directory, "state/bundles")
                    } catch {
                        if case let .io(message) = error { problem(pair.value, message) } else { problem(pair.value, "\(error)") }
                    }
                } else {
                    problem(pair.value, "store must be `sqlite:PATH`, `postgres://USER:PASSWORD@HOST:PORT/DATABASE` or `memory`, not `\(text)`")
                }
            case "admin":
                for item in pair.value.mapping ?? [] {
                    guard item.keyText == "tokens" else { unknown(item, known: ["tokens"]); continue }
                    guard let tokens = item.value.sequence else { problem(item.value, "admin.tokens must be a list"); continue }
                    for token in tokens {
                        let before = problems.count
                        guard let text = string(token, "an admin token"), problems.count == before else { continue }
                        // `${ADMIN_TOKEN}` set to nothing is said as such, as a channel's empty secret is.
                        let written = Self.unshield(token.scalar?.text ?? "")
                        if text.isEmpty, written.contains("${") {
                            let names = written.split(separator: "${", omittingEmptySubsequences: false).dropFirst()
                                .compactMap { $0.split(separator: "}").first.map(String.init) }
                            problem(token, "the admin token is empty: " + names.joined(separator: ", ") + " is set to nothing")
                        } else if text.count < 16 { problem(token, "admin tokens must be at least 16 characters long") } else { config.adminTokens.append(text) }
                    }
                }
            case "limits":
                for item in pair.value.mapping ?? [] {
                    let text = string(item.value, item.keyText ?? "") ?? ""
                    switch item.keyText ?? "" {
                    case "body_bytes":
                        if let n = Int(text), n > 0 { config.maxBodyBytes = n } else { problem(item.value, "body_bytes must be a whole number of bytes above 0") }
                    case "contact_rate":
                        if let n = Double(text), n > 0 { config.contactRate = n } else { problem(item.value, "contact_rate must be a positive number of messages per second") }
                    case "max_attempts":
                        if let n = Int(text), n > 0 { config.maxAttempts = n } else { problem(item.value, "max_attempts must be a whole number above 0") }
                    case "idle_timeout", "request_timeout":
                        // Seconds, written `30` or `30s`.
                        let seconds = Double(text.hasSuffix("s") ? String(text.dropLast()) : text)
                        guard let seconds, seconds > 0, seconds <= 86_400 else {
                            problem(item.value, "\(item.keyText ?? "") must be a number of seconds (`30` or `30s`), at most a day")
                            continue
                        }
                        if item.keyText == "idle_timeout" { config.idleTimeoutSeconds = seconds } else { config.requestTimeoutSeconds = seconds }
                    default: unknown(item, known: ["body_bytes", "contact_rate", "max_attempts", "idle_timeout", "request_timeout"])
                    }
                }
            case "smtp":
                config.smtp = smtp(pair.value, problem: problem, map: map, unknown: unknown)
            case "bots":
                sawBots = true
                guard let list = pair.value.sequence else { problem(pair.value, "bots must be a list"); continue }
                if list.isEmpty { problem(pair.value, "`bots` is empty: list at least one bot (`- path: bots/shop`)") }
                for node in list { if let bot = self.bot(node, directory: directory, environment: environment, problem: problem, string: string, map: map, unknown: unknown, at: at) { config.bots.append(bot) } }
            default:
                unknown(pair, known: ["listen", "store", "bots", "admin", "limits", "smtp"])
            }
        }
        if !sawBots { problems.append("\(path):\(root.range.start): the config has no `bots:`") }
        var seen: [String: String] = [:]
        for bot in config.bots {
            let id = bot.id ?? ""
            if !id.isEmpty, let first = seen[id] { problems.append("\(bot.location): a second bot with id `\(id)` (the first is at \(first))") }
            seen[id] = bot.location
        }
        guard problems.isEmpty else { throw ConfigError(problems: problems) }
        return config
    }

    /// Why a `listen` host cannot be bound, or nil: a dotted quad must be an IPv4 address, text
    /// with a colon an IPv6 address, anything else a host name (resolved when the daemon starts).
    static func badListenHost(_ host: String) -> String? {
        if host.isEmpty { return nil }
        if host.contains(":") {
            var address = in6_addr()
            return inet_pton(AF_INET6, host, &address) == 1 ? nil : "`\(host)` is not an IPv6 address"
        }
        if host.allSatisfy({ $0 == "." || ("0"..."9").contains($0) }) {
            var address = in_addr()
            return inet_pton(AF_INET, host, &address) == 1 ? nil : "`\(host)` is not an IPv4 address (four numbers 0–255)"
        }
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        let fine = labels.allSatisfy { label in
            !label.isEmpty && label.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.unicodeScalars.allSatisfy { $0.isASCII && ($0 == "-" || ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)) }
        }
        return fine ? nil : "`\(host)` is neither an IP address nor a host name"
    }

    static func join(_ directory: String, _ file: String) -> String {
        directory.isEmpty || directory == "." ? file : directory + "/" + file
    }

    /// Builds a channel's provider from its settings.
    /// Builds a channel's provider from its settings; `bot` is the id in the bot's webhook URLs.
    public static func provider(_ channel: ServeConfig.Channel, bot: String = "") -> any Provider {
        let s = channel.settings
        func v(_ key: String) -> String { s[key] ?? "" }
        switch channel.provider {
        case "twilio":
            // With `public_url`, each send asks Twilio for its delivery statuses at the bot's webhook.
            let base = s["public_url"].map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
            let callback = base.flatMap { base in bot.isEmpty ? nil : base + "/webhooks/" + FormEncoding.escape(bot) + "/twilio" }
            return TwilioProvider(accountSid: v("account_sid"), authToken: v("auth_token"), from: v("from"),
                                  apiBase: s["api_base"] ?? "https://api.twilio.com", publicURL: s["public_url"],
                                  trustForwarded: s["trust_forwarded"] == "true",
                                  contentTemplates: s.filter { TwilioProvider.contentTemplateKeys.contains($0.key) },
                                  statusCallback: callback)
        case "evolution":
            return EvolutionProvider(instance: v("instance"), apiKey: v("api_key"), webhookSecret: v("webhook_secret"), apiBase: v("api_base"),
                                     interactive: s["interactive"] == "true")
        case "http_bridge":
            return HTTPBridgeProvider(session: s["session"] ?? "default", token: v("token"), secret: v("secret"), apiBase: v("api_base"),
                                      interactive: s["interactive"] == "true")
        case "telegram":
            return TelegramProvider(botToken: v("bot_token"), secretToken: v("secret_token"), apiBase: s["api_base"] ?? "https://api.telegram.org")
        default:
            return WhatsAppCloudProvider(phoneNumberId: v("phone_number_id"), accessToken: v("access_token"), appSecret: v("app_secret"),
                                         verifyToken: v("verify_token"), apiBase: s["api_base"] ?? "https://graph.facebook.com",
                                         apiVersion: s["api_version"] ?? "v21.0")
        }
    }
}
