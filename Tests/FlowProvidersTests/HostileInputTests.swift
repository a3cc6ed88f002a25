import FlowBytecode
@testable import FlowProviders
import Testing

/// What an attacker or a broken gateway sends: numbers out of any range, reactions and kinds
/// no flow answers, empty ids. Each is refused or ignored, never a crash.
@Suite struct HostileInputTests {
    func request(_ json: String, headers: [(String, String)] = []) -> WebhookRequest {
        WebhookRequest(method: "POST", target: "/", headers: headers, body: Array(json.utf8))
    }

    func message(_ events: [InboundEvent]) -> ProviderMessage? {
        if case .message(let m)? = events.first { return m }
        return nil
    }

    @Test func bridgeTimestampsFarFromNowAreRefusedNotOverflowed() {
        let bridge = HTTPBridgeProvider(session: "default", token: "t", secret: "s", apiBase: "http://127.0.0.1:9")
        for stamp in ["-9223372036854775808", "9223372036854775807", "-1", "99999999999999999999"] {
            #expect(throws: WebhookError.self, "\(stamp)") {
                try bridge.authenticate(request("{}", headers: [("X-Bridge-Timestamp", stamp), ("X-Bridge-Signature", "v1=00")]),
                                        now: 1_700_000_000_000)
            }
        }
    }

    @Test func errorCodesOutOfRangeClassifyAsFailures() {
        let meta = WhatsAppCloudProvider(phoneNumberId: "1", accessToken: "t", appSecret: "s", verifyToken: "v", apiBase: "http://127.0.0.1:9")
        let twilio = TwilioProvider(accountSid: "AC1", authToken: "tok", from: "+14155238886", apiBase: "http://127.0.0.1:9")
        for code in ["1e400", "-1e400", "1.5", "9.3e18", "\"x\""] {
            let metaOutcome = meta.classify(ProviderHTTPResponse(status: 400, body: Array(#"{"error":{"code":\#(code)}}"#.utf8)))
            let twilioOutcome = twilio.classify(ProviderHTTPResponse(status: 400, body: Array(#"{"code":\#(code)}"#.utf8)))
            for outcome in [metaOutcome, twilioOutcome] {
                if case .sent = outcome { Issue.record("a 400 with code \(code) was taken as sent") }
            }
        }
    }

    @Test func retryAfterAsAnHTTPDate() {
        // 1 December 2026 12:00:00 UTC is 1,796,126,400 s since the epoch.
        #expect(ProviderSupport.httpDate("Tue, 01 Dec 2026 12:00:00 GMT") == 1_796_126_400)
        let response = ProviderHTTPResponse(status: 429, headers: [("Retry-After", "Tue, 01 Dec 2026 12:00:06 GMT")])
        #expect(ProviderSupport.retryAfter(response, now: 1_796_126_400) == 6)
        #expect(ProviderSupport.retryAfter(ProviderHTTPResponse(status: 429, headers: [("Retry-After", "7")])) == 7)
        #expect(ProviderSupport.retryAfter(ProviderHTTPResponse(status: 429, headers: [("Retry-After", "soon")])) == nil)
        #expect(ProviderSupport.retryAfter(ProviderHTTPResponse(status: 429, headers: [("Retry-After", "Tue, 01 Dec 2026 11:00:00 GMT")]),
                                           now: 1_796_126_400) == 0, "a date passed: at once")
    }

    @Test func timestampsOutOfRangeAreZero() throws {
        let evolution = EvolutionProvider(instance: "shop", apiKey: "KEY", webhookSecret: "w", apiBase: "http://127.0.0.1:9")
        let telegram = TelegramProvider(botToken: "123:abc", secretToken: "s", apiBase: "http://127.0.0.1:9")
        let bridge = HTTPBridgeProvider(session: "default", token: "T", secret: "s", apiBase: "http://127.0.0.1:9")
        let meta = WhatsAppCloudProvider(phoneNumberId: "123", accessToken: "t", appSecret: "s", verifyToken: "v", apiBase: "http://127.0.0.1:9")
        for stamp in ["1e400", "1e19", "9.3e15", "-9.3e15"] {
            let evo = #"{"event":"messages.upsert","instance":"shop","data":{"key":{"remoteJid":"5511999990000@s.whatsapp.net","fromMe":false,"id":"E1"},"message":{"conversation":"hola"},"messageTimestamp":\#(stamp)}}"#
            #expect(message(try evolution.parse(request(evo)))?.timestamp == 0, "\(stamp)")
            let tg = #"{"update_id":1,"message":{"message_id":1,"chat":{"id":7,"type":"private"},"date":\#(stamp),"text":"hola"}}"#
            #expect(message(try telegram.parse(request(tg)))?.timestamp == 0, "\(stamp)")
            let br = #"{"type":"message","session":"default","timestamp":\#(stamp),"data":{"messageId":"B1","from":"5511999990000","kind":"text","text":"hola"}}"#
            #expect(message(try bridge.parse(request(br)))?.timestamp == 0, "\(stamp)")
        }
        for stamp in ["-9223372036854775807", "9223372036854775807"] {
            let body = #"{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{"metadata":{"phone_number_id":"123"},"messages":[{"from":"5511999990000","id":"wamid.T","timestamp":"\#(stamp)","type":"text","text":{"body":"hola"}}]}}]}]}"#
            #expect(message(try meta.parse(request(body)))?.timestamp == 0, "\(stamp)")
        }
    }

    @Test func reactionsEditsAndUnknownKindsRunNoTurn() throws {
        let evolution = EvolutionProvider(instance: "shop", apiKey: "KEY", webhookSecret: "w", apiBase: "http://127.0.0.1:9")
        func evo(_ id: String, _ message: String) -> String {
            #"{"event":"messages.upsert","instance":"shop","data":{"key":{"remoteJid":"5511999990000@s.whatsapp.net","fromMe":false,"id":"\#(id)"},"message":\#(message)}}"#
        }
        #expect(try evolution.parse(request(evo("R1", #"{"reactionMessage":{"text":"👍"}}"#))).isEmpty)
        #expect(try evolution.parse(request(evo("P1", #"{"protocolMessage":{"type":0}}"#))).isEmpty)
        #expect(try evolution.parse(request(evo("N1", "null"))).isEmpty)
        #expect(try evolution.parse(request(evo("", #"{"conversation":"hola"}"#))).isEmpty, "no id, no dedupe: ignored")
        #expect(message(try evolution.parse(request(evo("S1", #"{"stickerMessage":{"url":"u"}}"#))))?.type == "sticker")
        #expect(message(try evolution.parse(request(evo("A1", #"{"audioMessage":{"url":"u"}}"#))))?.type == "audio")
        let photo = message(try evolution.parse(request(evo("I1", #"{"imageMessage":{"url":"https://mmg.whatsapp.net/x","caption":"foto"}}"#))))
        #expect(photo?.type == "image" && photo?.text == "foto" && photo?.data[member: "url"] == .text("https://mmg.whatsapp.net/x"),
                "a photo is saved as a photo answer is, with its url")

        let bridge = HTTPBridgeProvider(session: "default", token: "T", secret: "s", apiBase: "http://127.0.0.1:9")
        for kind in ["reaction", "revoked", "poll"] {
            let body = #"{"type":"message","session":"default","data":{"messageId":"B1","from":"5511999990000","kind":"\#(kind)"}}"#
            #expect(try bridge.parse(request(body)).isEmpty, "\(kind)")
        }

        let telegram = TelegramProvider(botToken: "123:abc", secretToken: "s", apiBase: "http://127.0.0.1:9")
        let sticker = #"{"update_id":2,"message":{"message_id":1,"chat":{"id":7,"type":"private"},"date":1700000000,"sticker":{"file_id":"F","emoji":"😀"}}}"#
        #expect(message(try telegram.parse(request(sticker)))?.type == "sticker")
        let joined = #"{"update_id":3,"message":{"message_id":1,"chat":{"id":7,"type":"private"},"date":1700000000,"pinned_message":{}}}"#
        #expect(try telegram.parse(request(joined)).isEmpty)

        let meta = WhatsAppCloudProvider(phoneNumberId: "123", accessToken: "t", appSecret: "s", verifyToken: "v", apiBase: "http://127.0.0.1:9")
        func wa(_ type: String, _ extra: String) -> String {
            #"{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{"metadata":{"phone_number_id":"123"},"messages":[{"from":"5511999990000","id":"wamid.X","timestamp":"1700000000","type":"\#(type)"\#(extra)}]}}]}]}"#
        }
        #expect(try meta.parse(request(wa("request_welcome", ""))).isEmpty)
        #expect(try meta.parse(request(wa("something_new", #","something_new":{}"#))).isEmpty)
        let nameOnly = message(try meta.parse(request(wa("contacts", #","contacts":[{"name":{"formatted_name":"Bo"}}]"#))))
        #expect(nameOnly?.type == "contact" && nameOnly?.text == "Bo", "a card without a phone is its name")
    }

    /// A photo saved by a flow has `mime_type` and `caption` under the same names on every channel.
    @Test func mediaReadsTheSameOnEveryChannel() throws {
        let evolution = EvolutionProvider(instance: "shop", apiKey: "KEY", webhookSecret: "w", apiBase: "http://127.0.0.1:9")
        let evo = #"{"event":"messages.upsert","instance":"shop","data":{"key":{"remoteJid":"5511999990000@s.whatsapp.net","fromMe":false,"id":"E1"},"message":{"imageMessage":{"url":"https://mmg.whatsapp.net/x","mimetype":"image/jpeg","caption":"mi foto"}}}}"#
        let fromEvolution = try #require(message(try evolution.parse(request(evo))))
        #expect(fromEvolution.data[member: "mime_type"] == .text("image/jpeg") && fromEvolution.data[member: "caption"] == .text("mi foto"))
        #expect(fromEvolution.data[member: "mimetype"] == .text("image/jpeg"), "the provider's own field stays")

        let bridge = HTTPBridgeProvider(session: "default", token: "T", secret: "s", apiBase: "http://127.0.0.1:9")
        let br = #"{"type":"message","session":"default","data":{"messageId":"B1","from":"5511999990000","kind":"document","media":{"url":"https://x.test/f.pdf","mimeType":"application/pdf","filename":"f.pdf"}}}"#
        let fromBridge = try #require(message(try bridge.parse(request(br))))
        #expect(fromBridge.data[member: "mime_type"] == .text("application/pdf") && fromBridge.data[member: "caption"] == nil)

        let telegram = TelegramProvider(botToken: "123:abc", secretToken: "s", apiBase: "http://127.0.0.1:9")
        let tg = #"{"update_id":4,"message":{"message_id":1,"chat":{"id":7,"type":"private"},"date":1700000000,"caption":"mi foto","photo":[{"file_id":"small","width":90,"height":90},{"file_id":"big","width":800,"height":800}]}}"#
        let fromTelegram = try #require(message(try telegram.parse(request(tg))))
        #expect(fromTelegram.type == "image" && fromTelegram.text == "mi foto")
        #expect(fromTelegram.data[member: "file_id"] == .text("big") && fromTelegram.data[member: "caption"] == .text("mi foto"))
    }
}
