import Testing
import FlowProviders
@testable import FlowServer

/// Provider settings from `flowd.yaml` reach the provider.
@Suite("flowd.yaml provider settings")
struct ProviderSettingsTests {
    func config(_ extra: String) throws -> ServeConfig {
        try ConfigLoader.load(path: "flowd.yaml", text: """
            listen: 127.0.0.1:0
            store: memory
            bots:
              - path: /tmp/shop
                channels:
                  - provider: evolution
                    instance: shop
                    api_key: KEY
                    webhook_secret: w
                    api_base: http://127.0.0.1:9
            \(extra)
            """, environment: [:])
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
    }
}
