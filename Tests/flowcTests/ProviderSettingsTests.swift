import Testing
import FlowProviders
@testable import FlowServer

/// A `flowd.yaml` of one bot with one channel, whose settings lines (after `provider:`) are given.
func oneChannelConfig(_ provider: String, _ settings: String) throws -> ServeConfig {
    try ConfigLoader.load(path: "flowd.yaml", text: """
        listen: 127.0.0.1:0
        store: memory
        bots:
          - path: /tmp/shop
            channels:
              - provider: \(provider)
        \(settings)
        """, environment: [:])
}

/// Provider settings from `flowd.yaml` reach the provider.
@Suite("flowd.yaml provider settings")
struct ProviderSettingsTests {
    func config(_ extra: String) throws -> ServeConfig {
        try oneChannelConfig("evolution", """
                    instance: shop
                    api_key: KEY
                    webhook_secret: w
                    api_base: http://127.0.0.1:9
            \(extra)
            """)
    }

    @Test("evolution sends lists only with interactive: true")
    func evolutionInteractive() throws {
        for (extra, expected) in [("", false), ("        interactive: true", true), ("        interactive: false", false)] {
            let loaded = try config(extra)
            let channel = try #require(loaded.bots.first?.channels.first)
            let provider = try #require(ConfigLoader.provider(channel) as? EvolutionProvider)
            #expect(provider.interactive == expected, "\(extra)")
        }
    }

    @Test("twilio content templates reach the provider; an unknown key is refused")
    func twilioTemplates() throws {
        let text = """
            listen: 127.0.0.1:0
            store: memory
            bots:
              - path: /tmp/shop
                channels:
                  - provider: twilio
                    account_sid: AC1
                    auth_token: tok
                    from: "+14155238886"
                    quick_reply_3: HX00000000000000000000000000000003
                    list_picker_10: HX00000000000000000000000000000010
            """
        let loaded = try ConfigLoader.load(path: "flowd.yaml", text: text, environment: [:])
        let channel = try #require(loaded.bots.first?.channels.first)
        let provider = try #require(ConfigLoader.provider(channel) as? TwilioProvider)
        #expect(provider.contentTemplates == ["quick_reply_3": "HX00000000000000000000000000000003", "list_picker_10": "HX00000000000000000000000000000010"])
        #expect(throws: ConfigError.self) {
            try ConfigLoader.load(path: "flowd.yaml", text: text + "\n        list_picker_11: HX1", environment: [:])
        }
        #expect(provider.statusCallback == nil, "without public_url Twilio is not asked for statuses")
        // With the public URL, each send asks for its statuses at the bot's own webhook.
        let public_ = try ConfigLoader.load(path: "flowd.yaml", text: text + "\n        public_url: https://bots.example.com/", environment: [:])
        let publicChannel = try #require(public_.bots.first?.channels.first)
        let withURL = try #require(ConfigLoader.provider(publicChannel, bot: "shop") as? TwilioProvider)
        #expect(withURL.statusCallback == "https://bots.example.com/webhooks/shop/twilio")
    }
}

/// A Telegram secret token Telegram would refuse is refused at start.
@Suite("flowd.yaml telegram secret token")
struct TelegramSecretTokenTests {
    func load(_ token: String) throws -> ServeConfig {
        try oneChannelConfig("telegram", """
                    bot_token: "123:ABC"
                    secret_token: "\(token)"
            """)
    }

    @Test("A-Z a-z 0-9 _ - only, as setWebhook takes it")
    func secretTokenCharacters() throws {
        _ = try load("tg-Secret_123")
        do {
            _ = try load("bad token!")
            Issue.record("a secret with a space and ! was accepted")
        } catch let error as ConfigError {
            #expect(error.problems.contains { $0.contains("flowd.yaml:8:") && $0.contains("secret_token") }, "\(error.problems)")
        }
    }
}

/// A misspelt key is one mistake: said as unknown, with the name it means, and not again as that
/// name missing.
@Suite("flowd.yaml misspelt keys")
struct MisspeltKeyTests {
    func problems(_ text: String) -> [String] {
        do {
            _ = try ConfigLoader.load(path: "flowd.yaml", text: text, environment: [:])
            return []
        } catch {
            return error.problems
        }
    }

    @Test("chanels and secret_tokn are unknown keys, not also missing ones")
    func misspeltRequiredKeys() {
        #expect(problems("bots:\n  - path: /tmp/shop\n    chanels:\n      - provider: whatsapp_cloud\n")
            == ["flowd.yaml:3:5: unknown key `chanels`; did you mean `channels`?"])
        #expect(problems("bots:\n  - pth: /tmp/shop\n    channels:\n      - {provider: telegram, bot_token: \"1:A\", secret_token: s}\n")
            == ["flowd.yaml:2:5: unknown key `pth`; did you mean `path`?"])
        #expect(problems("bots:\n  - path: /tmp/shop\n    channels:\n      - provider: telegram\n        bot_token: \"1:A\"\n        secret_tokn: s\n")
            == ["flowd.yaml:6:9: unknown key `secret_tokn`; did you mean `secret_token`?"])
        // A key missing with no near miss is still missing.
        #expect(problems("bots:\n  - path: /tmp/shop\n    channels:\n      - provider: telegram\n        bot_token: \"1:A\"\n        colour: red\n")
            == ["flowd.yaml:4:9: the telegram channel needs `secret_token`", "flowd.yaml:6:9: unknown key `colour`"])
    }
}

/// flow-format.md §7's config, as written there: `${VAR}` bare inside `{…}` and `[…]`.
@Suite("flowd.yaml as the contract writes it")
struct ContractConfigTests {
    static let text = """
        listen: 127.0.0.1:8080
        store: sqlite:state/flowd.sqlite       # embedded default; postgres://… for several nodes
        bots:
          - path: bots/shop                    # a bot folder, or a .flowb bundle
            env: {API_URL: "https://api.example.com"}
            secrets: {API_TOKEN: ${SHOP_API_TOKEN}}      # ${VAR} reads the process environment
            channels:                          # tried in order for sending: the rest are fallbacks
              - provider: whatsapp_cloud
                phone_number_id: "1234567890"
                access_token: ${WA_TOKEN}
                app_secret: ${WA_APP_SECRET}
                verify_token: ${WA_VERIFY_TOKEN}
              - provider: twilio
                account_sid: ${TWILIO_SID}
                auth_token: ${TWILIO_TOKEN}
                from: "whatsapp:+14155238886"
        admin:
          tokens: [${ADMIN_TOKEN}]              # bearer tokens for /api
        """
    static let environment = [
        "SHOP_API_TOKEN": "tok-{shop}", "WA_TOKEN": "EAAG", "WA_APP_SECRET": "app-secret", "WA_VERIFY_TOKEN": "verify",
        "TWILIO_SID": "AC123", "TWILIO_TOKEN": "twilio-token", "ADMIN_TOKEN": "admin-token-0123456789",
    ]

    @Test("loads, with every ${VAR} read from the environment")
    func loadsVerbatim() throws {
        let config = try ConfigLoader.load(path: "flowd.yaml", text: Self.text, environment: Self.environment)
        let bot = try #require(config.bots.first)
        #expect(bot.secrets == ["API_TOKEN": "tok-{shop}"])
        #expect(bot.env == ["API_URL": "https://api.example.com"])
        #expect(bot.channels.map(\.provider) == ["whatsapp_cloud", "twilio"])
        #expect(bot.channels[0].settings["access_token"] == "EAAG")
        #expect(bot.channels[1].settings["auth_token"] == "twilio-token")
        #expect(config.adminTokens == ["admin-token-0123456789"])
    }

    @Test("${VAR} in a name (not a value) is refused, written as it was")
    func referenceInAName() throws {
        let text = Self.text.replacingOccurrences(of: "env: {API_URL:", with: "env: {${KEY}:")
        do {
            _ = try ConfigLoader.load(path: "flowd.yaml", text: text, environment: Self.environment.merging(["KEY": "K"]) { $1 })
            Issue.record("loaded a name with ${KEY}")
        } catch {
            #expect(error.problems == ["flowd.yaml:5:11: `${KEY}`: `${VAR}` is read in values, not in names"])
        }
    }

    @Test("a secret whose variable is set to nothing, an id that is no URL segment, a URL that is none: refused at their line:col")
    func emptyAndMalformedValues() throws {
        var environment = Self.environment
        environment["WA_APP_SECRET"] = ""
        let text = Self.text
            .replacingOccurrences(of: "  - path: bots/shop ", with: "  - id: \"../x\"\n    path: bots/shop ")
            .replacingOccurrences(of: "from: \"whatsapp:+14155238886\"", with: "from: \"whatsapp:+14155238886\"\n        public_url: not a url\n        quick_reply_3: XX123")
        do {
            _ = try ConfigLoader.load(path: "flowd.yaml", text: text, environment: environment)
            Issue.record("loaded an empty app_secret")
        } catch {
            #expect(error.problems == [
                "flowd.yaml:4:9: `id` must be lower-case letters, digits, `_` and `-`, starting with a letter (it is in the webhook's URL), not `../x`",
                "flowd.yaml:12:21: the whatsapp_cloud channel's `app_secret` is empty: WA_APP_SECRET is set to nothing",
                "flowd.yaml:18:21: `public_url` must be an http(s) URL such as `https://api.example.com`, not `not a url`",
                "flowd.yaml:19:24: `quick_reply_3` must be a Content template SID, `HX` and 32 hex digits, not `XX123`",
            ])
        }
        do {
            let twice = Self.text.replacingOccurrences(of: "      - provider: twilio", with: "      - provider: whatsapp_cloud\n        phone_number_id: \"2\"\n        access_token: t\n        app_secret: s\n        verify_token: v\n      - provider: twilio")
            _ = try ConfigLoader.load(path: "flowd.yaml", text: twice, environment: Self.environment)
            Issue.record("loaded two whatsapp_cloud channels")
        } catch {
            #expect(error.problems == ["flowd.yaml:13:9: a second whatsapp_cloud channel (the first is at flowd.yaml:8:9): a bot may have each provider once (its webhook is /webhooks/BOT/PROVIDER)"])
        }
        // The phone number where Meta's Phone number ID goes: every webhook would be dropped.
        for number in ["+54 9 11 5555-1234", "549 11 5555 1234"] {
            do {
                _ = try ConfigLoader.load(path: "flowd.yaml", text: Self.text.replacingOccurrences(of: "\"1234567890\"", with: "\"\(number)\""),
                                          environment: Self.environment)
                Issue.record("loaded phone_number_id \(number)")
            } catch {
                #expect(error.problems == ["flowd.yaml:9:26: `phone_number_id` must be digits only (like `106540352242922`), not `\(number)`: it is Meta's Phone number ID (WhatsApp → API setup), not the phone number"])
            }
        }
        do {
            _ = try ConfigLoader.load(path: "flowd.yaml", text: "bots: []\n", environment: [:])
            Issue.record("loaded no bots")
        } catch {
            #expect(error.problems == ["flowd.yaml:1:7: `bots` is empty: list at least one bot (`- path: bots/shop`)"])
        }
    }

    @Test("`${}` and an unset variable in a switch are each one error, not two")
    func emptyReferenceIsOneError() throws {
        let text = Self.text.replacingOccurrences(of: "access_token: ${WA_TOKEN}", with: "access_token: ${}")
            .replacingOccurrences(of: "from: \"whatsapp:+14155238886\"", with: "from: \"whatsapp:+14155238886\"\n        trust_forwarded: \"${NOPE_BOOL}\"")
        do {
            _ = try ConfigLoader.load(path: "flowd.yaml", text: text, environment: Self.environment)
            Issue.record("loaded `${}`")
        } catch {
            #expect(error.problems == [
                "flowd.yaml:10:23: `${}` names no environment variable: write `${NAME}` with the variable's name",
                "flowd.yaml:17:26: the environment variable NOPE_BOOL is not set (`${NOPE_BOOL}`)",
            ])
        }
    }

    @Test("a variable that is not set is named at its line:col")
    func missingVariable() throws {
        var environment = Self.environment
        environment["ADMIN_TOKEN"] = nil
        do {
            _ = try ConfigLoader.load(path: "flowd.yaml", text: Self.text, environment: environment)
            Issue.record("loaded without ADMIN_TOKEN")
        } catch {
            #expect(error.problems == ["flowd.yaml:18:12: the environment variable ADMIN_TOKEN is not set (`${ADMIN_TOKEN}`)"])
        }
        // Set to nothing (`ADMIN_TOKEN=` in the env file): said as an empty channel secret is, not as a short token.
        environment["ADMIN_TOKEN"] = ""
        do {
            _ = try ConfigLoader.load(path: "flowd.yaml", text: Self.text, environment: environment)
            Issue.record("loaded an empty admin token")
        } catch {
            #expect(error.problems == ["flowd.yaml:18:12: the admin token is empty: ADMIN_TOKEN is set to nothing"])
        }
        do {
            _ = try ConfigLoader.load(path: "flowd.yaml", text: Self.text.replacingOccurrences(of: "[${ADMIN_TOKEN}]", with: "[short]"),
                                      environment: Self.environment)
            Issue.record("loaded a short admin token")
        } catch {
            #expect(error.problems == ["flowd.yaml:18:12: admin tokens must be at least 16 characters long"])
        }
    }
}
