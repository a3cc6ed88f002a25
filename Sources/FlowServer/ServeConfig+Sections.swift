import FlowDiagnostics
import FlowProviders
import FlowRuntime
import FlowSyntax

/// The sections of `flowd.yaml` read on their own: `smtp:` and each entry of `bots:`.
extension ConfigLoader {
    /// `smtp: {host, port, security, username, password, from}`.
    static func smtp(_ node: YAMLNode, problem: (YAMLNode, String) -> Void, map: (YAMLNode, String) -> [String: String],
                             unknown: (YAMLPair, [String]) -> Void) -> SMTPSettings? {
        let known = ["host", "port", "security", "username", "password", "from"]
        for entry in node.mapping ?? [] where !known.contains(entry.keyText ?? "") { unknown(entry, known) }
        let values = map(node, "smtp")
        guard node.mapping != nil else { return nil }
        var ok = true
        func need(_ key: String) -> String {
            if let value = values[key], !value.isEmpty { return value }
            problem(node, "smtp needs `\(key)`")
            ok = false
            return ""
        }
        let host = need("host"), from = need("from")
        var security = SMTPSettings.Security.starttls
        if let text = values["security"] {
            if let parsed = SMTPSettings.Security(rawValue: text) { security = parsed } else {
                problem(node, "smtp.security must be `starttls`, `tls` or `none`, not `\(text)`")
                ok = false
            }
        }
        var port: Int?
        if let text = values["port"] {
            if let n = Int(text), (1...65_535).contains(n) { port = n } else {
                problem(node, "smtp.port must be a number from 1 to 65535, not `\(text)`")
                ok = false
            }
        }
        if !from.isEmpty, MailAddress.address(in: from) == nil {
            problem(node, "smtp.from must be an address like `ventas@shop.example` or `Shop <ventas@shop.example>`, not `\(from)`")
            ok = false
        }
        if (values["username"] == nil) != (values["password"] == nil) {
            problem(node, "smtp needs both `username` and `password`, or neither")
            ok = false
        }
        guard ok else { return nil }
        return SMTPSettings(host: host, port: port, security: security, username: values["username"], password: values["password"], from: from)
    }

    static func bot(
        _ node: YAMLNode, directory: String, environment: [String: String], problem: (YAMLNode, String) -> Void, string: (YAMLNode, String) -> String?,
        map: (YAMLNode, String) -> [String: String], unknown: (YAMLPair, [String]) -> Void, at: (YAMLNode) -> String
    ) -> ServeConfig.Bot? {
        guard let pairs = node.mapping else { problem(node, "each bot must be a mapping with `path:` and `channels:`"); return nil }
        var bot = ServeConfig.Bot(path: "", id: nil, env: [:], secrets: [:], channels: [], allowPrivateNetwork: false, location: at(node))
        let known = ["path", "id", "env", "secrets", "channels", "allow_private_network"]
        for pair in pairs {
            switch pair.keyText ?? "" {
            case "path":
                guard let text = string(pair.value, "path") else { continue }
                bot.path = text.hasPrefix("/") ? text : join(directory, text)
            case "id":
                bot.id = string(pair.value, "id")
                // It is a segment of the webhook's URL (`/webhooks/ID/…`), as bot.yaml's `bot:` is.
                if let id = bot.id, !id.isEmpty, !(id.first.map { $0 >= "a" && $0 <= "z" } ?? false)
                    || !id.utf8.allSatisfy({ (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x5F || $0 == 0x2D }) {
                    problem(pair.value, "`id` must be lower-case letters, digits, `_` and `-`, starting with a letter (it is in the webhook's URL), not `\(id)`")
                }
            case "env": bot.env = map(pair.value, "env")
            case "secrets": bot.secrets = map(pair.value, "secrets")
            case "allow_private_network":
                // `${ALLOW_PRIVATE}` reads the environment, as every value does.
                if let text = string(pair.value, "allow_private_network") {
                    bot.allowPrivateNetwork = text == "true"
                    if text != "true", text != "false" { problem(pair.value, "`allow_private_network` must be true or false, not `\(text)`") }
                }
            case "channels":
                guard let list = pair.value.sequence, !list.isEmpty else { problem(pair.value, "channels must be a non-empty list"); continue }
                for item in list {
                    var settings = map(item, "channel")
                    guard let provider = settings.removeValue(forKey: "provider") else {
                        problem(item, "each channel needs `provider:` (one of \(providerKeys.keys.sorted().joined(separator: ", ")))")
                        continue
                    }
                    guard let keys = providerKeys[provider] else {
                        let hint = Suggestion.closest(to: provider, in: providerKeys.keys).map { "; did you mean `\($0)`?" } ?? ""
                        problem(item, "unknown provider `\(provider)`\(hint)")
                        continue
                    }
                    // A key misspelt (`secret_tokn`) is said once, as unknown with the right name, not also as missing.
                    let misspelt = Set((item.mapping ?? []).compactMap { entry -> String? in
                        guard let key = entry.keyText, key != "provider", !keys.required.contains(key), !keys.optional.contains(key) else { return nil }
                        return Suggestion.closest(to: key, in: keys.required + keys.optional)
                    })
                    for key in keys.required where (settings[key] ?? "").isEmpty && !misspelt.contains(key) {
                        // `access_token: ${WA_TOKEN}` with the variable unset is reported as such, once.
                        let written = Self.unshield(item.mapping?.first { $0.keyText == key }?.value.scalar?.text ?? "")
                        if written.contains("${") {
                            // Unset: reported where it is read. Set to nothing: every webhook would be refused.
                            let names = written.split(separator: "${", omittingEmptySubsequences: false).dropFirst()
                                .compactMap { $0.split(separator: "}").first.map(String.init) }
                            if names.isEmpty || names.contains(where: { $0.isEmpty || environment[$0] == nil }) { continue }
                            let at = item.mapping?.first { $0.keyText == key }?.value ?? item
                            problem(at, "the \(provider) channel's `\(key)` is empty: " + names.map { "\($0)" }.joined(separator: ", ") + " is set to nothing")
                            continue
                        }
                        problem(item, "the \(provider) channel needs `\(key)`")
                    }
                    for entry in item.mapping ?? [] {
                        // A switch is `true` or `false`: `interactive: maybe` would silently mean false.
                        // (An empty value from an unset `${VAR}` is reported as such, once.)
                        if let key = entry.keyText, ["interactive", "trust_forwarded"].contains(key), let value = settings[key],
                           value != "true", value != "false",
                           !(value.isEmpty && Self.unshield(entry.value.scalar?.text ?? "").contains("${")) {
                            problem(entry.value, "`\(key)` must be true or false, not `\(value)`")
                        }
                        // Telegram's setWebhook takes 1-256 of A-Z a-z 0-9 _ - (providers.md §5): another
                        // secret could never be set there, so every webhook would be refused.
                        if provider == "telegram", entry.keyText == "secret_token", let value = settings["secret_token"], !value.isEmpty,
                           value.utf8.count > 256 || !value.utf8.allSatisfy({ $0 == 0x5F || $0 == 0x2D || (0x30...0x39).contains($0)
                                || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) }) {
                            problem(entry.value, "`secret_token` may hold only A-Z, a-z, 0-9, `_` and `-` (1 to 256 of them), as Telegram's setWebhook takes it")
                        }
                        // Meta's Phone number ID is digits: the number itself (`+54 9 11 5555-1234`) would drop
                        // every webhook as another number's and send nothing.
                        if provider == "whatsapp_cloud", entry.keyText == "phone_number_id", let value = settings["phone_number_id"],
                           !value.isEmpty, !value.utf8.allSatisfy({ (0x30...0x39).contains($0) }) {
                            problem(entry.value, "`phone_number_id` must be digits only (like `106540352242922`), not `\(value)`: it is Meta's Phone number ID (WhatsApp → API setup), not the phone number")
                        }
                        // An API base or public URL that is no http(s) URL could never be called or signed.
                        if let key = entry.keyText, key == "api_base" || key == "public_url", let value = settings[key], !value.isEmpty,
                           !["https://", "http://"].contains(where: { value.lowercased().hasPrefix($0) && value.count > $0.count }) {
                            problem(entry.value, "`\(key)` must be an http(s) URL such as `https://api.example.com`, not `\(value)`")
                        }
                        // A Twilio Content template's SID: `HX` and 32 hex digits.
                        if provider == "twilio", let key = entry.keyText, TwilioProvider.contentTemplateKeys.contains(key),
                           let value = settings[key], !value.isEmpty,
                           !(value.hasPrefix("HX") && value.utf8.count == 34 && value.utf8.dropFirst(2).allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })) {
                            problem(entry.value, "`\(key)` must be a Content template SID, `HX` and 32 hex digits, not `\(value)`")
                        }
                        guard let key = entry.keyText, key != "provider", !keys.required.contains(key), !keys.optional.contains(key) else { continue }
                        unknown(entry, keys.required + keys.optional)
                    }
                    if let first = bot.channels.first(where: { $0.provider == provider }) {
                        problem(item, "a second \(provider) channel (the first is at \(first.location)): a bot may have each provider once (its webhook is /webhooks/BOT/PROVIDER)")
                    }
                    bot.channels.append(ServeConfig.Channel(provider: provider, settings: settings, location: at(item)))
                }
            default:
                unknown(pair, known)
            }
        }
        // A key misspelt (`chanels:`) is said once, as unknown with the right name, not also as missing.
        let misspelt = Set(pairs.compactMap { pair in pair.keyText.flatMap { known.contains($0) ? nil : Suggestion.closest(to: $0, in: known) } })
        if bot.path.isEmpty && !misspelt.contains("path") { problem(node, "the bot needs `path:` (a bot folder or a .flowb bundle)") }
        if bot.channels.isEmpty && !pairs.contains(where: { $0.keyText == "channels" }) && !misspelt.contains("channels") {
            problem(node, "the bot needs `channels:`")
        }
        return bot
    }
}
