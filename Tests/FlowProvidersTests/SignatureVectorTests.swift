import FlowBytecode
import FlowProviders
import Testing

/// The signature test vectors of providers.md, and each provider's refusal of wrong or missing ones.
@Suite struct SignatureVectorTests {
    @Test func metaVector() throws {
        let body = Array(#"{"object":"whatsapp_business_account","entry":[]}"#.utf8)
        #expect("sha256=" + Signatures.hmacSHA256Hex(key: "test_app_secret", message: body)
            == "sha256=dec6a680679a968e7e0319355b23599cbfc54502c0784668e9618baa0c633756")
        let provider = WhatsAppCloudProvider(phoneNumberId: "123", accessToken: "t", appSecret: "test_app_secret", verifyToken: "v")
        let good = WebhookRequest(method: "POST", target: "/webhooks/shop/whatsapp_cloud",
                                  headers: [("X-Hub-Signature-256", "sha256=dec6a680679a968e7e0319355b23599cbfc54502c0784668e9618baa0c633756")], body: body)
        try provider.authenticate(good, now: 0)
        var wrong = good
        wrong.headers = [("x-hub-signature-256", "sha256=" + String(repeating: "0", count: 64))]
        #expect(throws: WebhookError.self) { try provider.authenticate(wrong, now: 0) }
        var missing = good
        missing.headers = []
        #expect(throws: WebhookError.unauthorized("whatsapp_cloud: the X-Hub-Signature-256 header is missing")) {
            try provider.authenticate(missing, now: 0)
        }
        var tampered = good
        tampered.body = Array(#"{"object":"whatsapp_business_account","entry":[{}]}"#.utf8)
        #expect(throws: WebhookError.self) { try provider.authenticate(tampered, now: 0) }
        let noSecret = WhatsAppCloudProvider(phoneNumberId: "123", accessToken: "t", appSecret: "", verifyToken: "v")
        #expect(throws: WebhookError.self, "fails closed without a secret") { try noSecret.authenticate(good, now: 0) }
    }

    @Test func twilioVectors() {
        let params = [("CallSid", "CA1234567890ABCDE"), ("Caller", "+14158675310"), ("Digits", "1234"),
                      ("From", "+14158675310"), ("To", "+18005551212")]
        #expect(TwilioProvider.signature(authToken: "12345", url: "https://mycompany.com/myapp.php?foo=1&bar=2", parameters: params)
            == "GvWf1cFY/Q7PnoempGyD5oXAezc=")
        let older = [("CallSid", "CA1234567890ABCDE"), ("Caller", "+12349013030"), ("Digits", "1234"),
                     ("From", "+12349013030"), ("To", "+18005551212")]
        #expect(TwilioProvider.signature(authToken: "12345", url: "https://mycompany.com/myapp.php?foo=1&bar=2", parameters: older)
            == "0/KCTR6DLpKmkAf8muzZqo1nDgQ=")
        // The order the parameters arrive in does not matter.
        #expect(TwilioProvider.signature(authToken: "12345", url: "https://mycompany.com/myapp.php?foo=1&bar=2", parameters: params.reversed())
            == "GvWf1cFY/Q7PnoempGyD5oXAezc=")
    }

    @Test func twilioChecksTheURLTwilioCalled() throws {
        let provider = TwilioProvider(accountSid: "AC1", authToken: "tok", from: "whatsapp:+14155238886", trustForwarded: true)
        let body = "MessageSid=SM1&AccountSid=AC1&From=whatsapp%3A%2B5511999990000&To=whatsapp%3A%2B14155238886&Body=Oi&NumMedia=0&ProfileName=Ana&WaId=5511999990000"
        let params = try #require(FormEncoding.decode(Array(body.utf8)))
        let signature = TwilioProvider.signature(authToken: "tok", url: "https://bots.example.com/webhooks/shop/twilio", parameters: params)
        let behindProxy = WebhookRequest(method: "POST", target: "/webhooks/shop/twilio",
                                         headers: [("Host", "127.0.0.1:8080"), ("X-Forwarded-Proto", "https"),
                                                   ("X-Forwarded-Host", "bots.example.com"), ("X-Twilio-Signature", signature)],
                                         body: Array(body.utf8))
        try provider.authenticate(behindProxy, now: 0)
        let untrusting = TwilioProvider(accountSid: "AC1", authToken: "tok", from: "whatsapp:+14155238886")
        #expect(throws: WebhookError.self, "without trust_forwarded the proxy's headers are ignored") {
            try untrusting.authenticate(behindProxy, now: 0)
        }
        let events = try provider.parse(behindProxy)
        #expect(events == [.message(ProviderMessage(externalId: "SM1", contact: "5511999990000", name: "Ana", text: "Oi"))])

        // A proxy on another port and under a path says so in X-Forwarded-Port / -Prefix.
        let elsewhere = TwilioProvider.signature(authToken: "tok", url: "https://bots.example.com:8443/flowc/webhooks/shop/twilio", parameters: params)
        try provider.authenticate(WebhookRequest(method: "POST", target: "/webhooks/shop/twilio",
                                                 headers: [("Host", "127.0.0.1:8080"), ("X-Forwarded-Proto", "https"),
                                                           ("X-Forwarded-Host", "bots.example.com"), ("X-Forwarded-Port", "8443"),
                                                           ("X-Forwarded-Prefix", "/flowc"), ("X-Twilio-Signature", elsewhere)],
                                                 body: Array(body.utf8)), now: 0)
        // An inner proxy's port (TLS ended upstream, `X-Forwarded-Port: 80` with https) is not in the URL Twilio signed.
        try provider.authenticate(WebhookRequest(method: "POST", target: "/webhooks/shop/twilio",
                                                 headers: [("Host", "127.0.0.1:8080"), ("X-Forwarded-Proto", "https"),
                                                           ("X-Forwarded-Host", "bots.example.com"), ("X-Forwarded-Port", "80"),
                                                           ("X-Twilio-Signature", signature)],
                                                 body: Array(body.utf8)), now: 0)
    }

    /// A repeated parameter's values signed in the order they came or sorted (Twilio's helper libraries).
    @Test func twilioRepeatedParameters() throws {
        let provider = TwilioProvider(accountSid: "AC1", authToken: "tok", from: "whatsapp:+14155238886")
        let body = "MessageSid=SM2&AccountSid=AC1&From=whatsapp%3A%2B5511999990000&Body=Oi&Extra=b&Extra=a"
        let params = try #require(FormEncoding.decode(Array(body.utf8)))
        for sorting in [false, true] {
            let signature = TwilioProvider.signature(authToken: "tok", url: "http://127.0.0.1:8080/webhooks/shop/twilio", parameters: params, sortingValues: sorting)
            try provider.authenticate(WebhookRequest(method: "POST", target: "/webhooks/shop/twilio",
                                                     headers: [("Host", "127.0.0.1:8080"), ("X-Twilio-Signature", signature)],
                                                     body: Array(body.utf8)), now: 0)
        }
        #expect(throws: WebhookError.self) {
            try provider.authenticate(WebhookRequest(method: "POST", target: "/webhooks/shop/twilio",
                                                     headers: [("Host", "127.0.0.1:8080"), ("X-Twilio-Signature", "AAAA")],
                                                     body: Array(body.utf8)), now: 0)
        }
        // Signed, but naming no account, or another one (providers.md §8: checked against the config).
        for other in ["MessageSid=SM3&From=whatsapp%3A%2B5511999990000&Body=Oi", "MessageSid=SM3&AccountSid=AC2&From=whatsapp%3A%2B5511999990000&Body=Oi"] {
            let signature = TwilioProvider.signature(authToken: "tok", url: "http://127.0.0.1:8080/webhooks/shop/twilio",
                                                     parameters: try #require(FormEncoding.decode(Array(other.utf8))))
            #expect(throws: WebhookError.self) {
                try provider.authenticate(WebhookRequest(method: "POST", target: "/webhooks/shop/twilio",
                                                         headers: [("Host", "127.0.0.1:8080"), ("X-Twilio-Signature", signature)],
                                                         body: Array(other.utf8)), now: 0)
            }
        }
    }

    @Test func bridgeVector() throws {
        let body = Array(#"{"event":"message","session":"default"}"#.utf8)
        #expect(HTTPBridgeProvider.signature(secret: "bridge_secret", timestamp: "1700000000", body: body)
            == "v1=43471f19c5425cae527c63c9f46af41df8713ac894a0f98b820cd768bfdbdc08")
        let provider = HTTPBridgeProvider(session: "default", token: "t", secret: "bridge_secret", apiBase: "http://127.0.0.1:1")
        let request = WebhookRequest(method: "POST", target: "/webhooks/shop/http_bridge", headers: [
            ("X-Bridge-Timestamp", "1700000000"),
            ("X-Bridge-Signature", "v1=43471f19c5425cae527c63c9f46af41df8713ac894a0f98b820cd768bfdbdc08"),
        ], body: body)
        try provider.authenticate(request, now: 1_700_000_100_000)
        #expect(throws: WebhookError.self, "a replay ten minutes later is refused") {
            try provider.authenticate(request, now: 1_700_000_600_000)
        }
    }

    @Test func telegramAndEvolutionSecrets() throws {
        let telegram = TelegramProvider(botToken: "123:abc", secretToken: "s3cret")
        let update = Array(#"{"update_id":10,"message":{"message_id":1,"from":{"id":7,"first_name":"Ana"},"chat":{"id":7,"type":"private"},"date":1700000000,"text":"hola"}}"#.utf8)
        try telegram.authenticate(WebhookRequest(method: "POST", target: "/", headers: [("X-Telegram-Bot-Api-Secret-Token", "s3cret")], body: update), now: 0)
        #expect(throws: WebhookError.self) {
            try telegram.authenticate(WebhookRequest(method: "POST", target: "/", headers: [("X-Telegram-Bot-Api-Secret-Token", "s3creT")], body: update), now: 0)
        }
        #expect(try telegram.parse(WebhookRequest(method: "POST", target: "/", body: update))
            == [.message(ProviderMessage(externalId: "10", contact: "tg:7", name: "Ana", text: "hola", timestamp: 1_700_000_000_000))])
        let evolution = EvolutionProvider(instance: "shop", apiKey: "k", webhookSecret: "w", apiBase: "http://127.0.0.1:1")
        try evolution.authenticate(WebhookRequest(method: "POST", target: "/webhooks/shop/evolution?secret=w"), now: 0)
        #expect(throws: WebhookError.self) { try evolution.authenticate(WebhookRequest(method: "POST", target: "/webhooks/shop/evolution"), now: 0) }
        // `webhook_by_events` appends the event after the configured URL's query.
        try evolution.authenticate(WebhookRequest(method: "POST", target: "/webhooks/shop/evolution?secret=w/messages-upsert"), now: 0)
        #expect(throws: WebhookError.self) { try evolution.authenticate(WebhookRequest(method: "POST", target: "/webhooks/shop/evolution?secret=x/messages-upsert"), now: 0) }
        #expect(throws: WebhookError.self) { try evolution.authenticate(WebhookRequest(method: "POST", target: "/webhooks/shop/evolution?secret=w/../x"), now: 0) }
    }

    @Test func constantTimeComparison() {
        #expect(Signatures.constantTimeEquals("abc", "abc"))
        #expect(!Signatures.constantTimeEquals("abc", "abd"))
        #expect(!Signatures.constantTimeEquals("abc", "abcd"))
        #expect(!Signatures.constantTimeEquals("", "a"))
        #expect(Signatures.base64(Array("AC1:tok".utf8)) == "QUMxOnRvaw==")
    }
}
