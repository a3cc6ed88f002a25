import FlowBytecode
import FlowProviders
import Testing

/// Inbound payload shapes of every provider (from providers.md and the gateways' fixtures), and
/// the outbound requests each builds.
@Suite struct PayloadTests {
    let meta = WhatsAppCloudProvider(phoneNumberId: "123", accessToken: "TOKEN", appSecret: "s", verifyToken: "verify-me",
                                     apiBase: "http://127.0.0.1:9/", apiVersion: "v21.0")

    func request(_ json: String) -> WebhookRequest { WebhookRequest(method: "POST", target: "/", body: Array(json.utf8)) }

    @Test func metaListReplyFromTheSpec() throws {
        let body = #"{"object":"whatsapp_business_account","entry":[{"id":"WABA","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550001111","phone_number_id":"123"},"contacts":[{"profile":{"name":"Ana"},"wa_id":"5511999990000"}],"messages":[{"from":"5511999990000","id":"wamid.X","timestamp":"1700000000","type":"interactive","interactive":{"type":"list_reply","list_reply":{"id":"opt_2","title":"Pizza"}}}]}}]}]}"#
        let events = try meta.parse(request(body))
        #expect(events == [.message(ProviderMessage(externalId: "wamid.X", contact: "5511999990000", name: "Ana", text: "Pizza",
                                                    type: "list", payload: "opt_2", timestamp: 1_700_000_000_000))])
    }

    /// A message from a user known by a business-scoped user id only (no phone): the id is the
    /// contact as it is, and replies go to it in `recipient`, never to its digits as a phone.
    @Test func metaBusinessScopedUserIds() throws {
        let body = #"{"object":"whatsapp_business_account","entry":[{"id":"WABA","changes":[{"field":"messages","value":{"metadata":{"phone_number_id":"123"},"contacts":[{"profile":{"name":"Ana"},"user_id":"US.13491208655302741918"}],"messages":[{"from_user_id":"US.13491208655302741918","id":"wamid.B1","timestamp":"1700000000","type":"text","text":{"body":"hola"}}]}}]}]}"#
        let events = try meta.parse(request(body))
        #expect(events == [.message(ProviderMessage(externalId: "wamid.B1", contact: "US.13491208655302741918", name: "Ana", text: "hola",
                                                    type: "text", timestamp: 1_700_000_000_000))])
        let reply = try JSONParser.parse(bytes: meta.sendRequest(OutboundContent(text: "¡Hola!"), to: "US.13491208655302741918", idempotencyKey: "k").body)
        #expect(reply[member: "recipient"] == .text("US.13491208655302741918"))
        #expect(reply[member: "to"] == nil)
        let phone = try JSONParser.parse(bytes: meta.sendRequest(OutboundContent(text: "¡Hola!"), to: "5511999990000", idempotencyKey: "k").body)
        #expect(phone[member: "to"] == .text("5511999990000") && phone[member: "recipient"] == nil)
    }

    /// A shared contact card answers as Telegram's does: its first phone is the text (what a phone
    /// question reads and an `any` one saves), the card the data; without a `phone`, its `wa_id`.
    @Test func metaContactCardIsItsPhone() throws {
        func card(_ phones: String) -> String {
            #"{"object":"whatsapp_business_account","entry":[{"id":"WABA","changes":[{"field":"messages","value":{"metadata":{"phone_number_id":"123"},"messages":[{"from":"5491155551234","id":"wamid.C1","timestamp":"1700000000","type":"contacts","contacts":[{"name":{"formatted_name":"Mamá","first_name":"Mamá"},"phones":[\#(phones)]},{"name":{"formatted_name":"Papá"},"phones":[{"phone":"+54 9 11 6666-7777"}]}]}]}}]}]}"#
        }
        let events = try meta.parse(request(card(#"{"phone":"+54 9 11 4444-5555","wa_id":"5491144445555","type":"CELL"},{"phone":"+54 11 4000-0000"}"#)))
        guard case let .message(shared)? = events.first, events.count == 1 else { Issue.record("\(events)"); return }
        #expect(shared.type == "contact" && shared.text == "+54 9 11 4444-5555", "\(shared)")
        #expect(shared.data[member: "name"]?[member: "formatted_name"] == .text("Mamá"))
        guard case let .message(byId)? = try meta.parse(request(card(#"{"wa_id":"5491144445555"}"#))).first else { Issue.record("no message"); return }
        #expect(byId.text == "+5491144445555")
    }

    @Test func metaReactionsAndNoticesRunNoTurn() throws {
        let body = #"{"object":"whatsapp_business_account","entry":[{"id":"WABA","changes":[{"field":"messages","value":{"metadata":{"phone_number_id":"123"},"messages":[{"from":"5511999990000","id":"wamid.R1","timestamp":"1700000000","type":"reaction","reaction":{"message_id":"wamid.OUT","emoji":"👍"}},{"from":"5511999990000","id":"wamid.U1","timestamp":"1700000001","type":"unsupported","errors":[{"code":131051}]},{"from":"5511999990000","id":"wamid.T1","timestamp":"1700000002","type":"text","text":{"body":"hola"}}]}}]}]}"#
        let events = try meta.parse(request(body))
        #expect(events.count == 1)
        if case .message(let m)? = events.first { #expect(m.externalId == "wamid.T1") }
    }

    @Test func metaMixedBatchTypesAndOtherNumbers() throws {
        let body = #"""
        {"object":"whatsapp_business_account","entry":[{"id":"W","changes":[
          {"field":"messages","value":{"metadata":{"phone_number_id":"123"},"contacts":[{"profile":{"name":"Bo"},"wa_id":"549115555"}],
           "messages":[
             {"from":"549115555","id":"wamid.1","timestamp":"1700000001","type":"text","text":{"body":"hola"}},
             {"from":"549115555","id":"wamid.2","timestamp":"1700000002","type":"interactive","interactive":{"type":"button_reply","button_reply":{"id":"yes","title":"Sí"}}},
             {"from":"549115555","id":"wamid.3","timestamp":"1700000003","type":"button","button":{"text":"Comprar","payload":"buy"}},
             {"from":"549115555","id":"wamid.4","timestamp":"1700000004","type":"location","location":{"latitude":-34.6,"longitude":-58.4,"name":"Casa"}},
             {"from":"549115555","id":"wamid.5","timestamp":"1700000005","type":"image","image":{"id":"MEDIA","mime_type":"image/jpeg","caption":"foto"}},
             {"from":"549115555","id":"wamid.6","timestamp":"1700000006","type":"contacts","contacts":[]}],
           "statuses":[{"id":"wamid.OUT","recipient_id":"549115555","status":"delivered","timestamp":"1700000007"},
                       {"id":"wamid.OUT2","status":"failed","timestamp":"1700000008","errors":[{"code":131047,"title":"Re-engagement message","message":"Re-engagement message","error_data":{"details":"Message failed to send because more than 24 hours have passed since the customer last replied to this number."}}]}]}},
          {"field":"messages","value":{"metadata":{"phone_number_id":"999"},"messages":[{"from":"1","id":"wamid.other","type":"text","text":{"body":"x"}}]}}]}]}
        """#
        let events = try meta.parse(request(body))
        #expect(events.count == 9, "the other number's message is skipped")
        guard case let .message(text) = events[0], case let .message(button) = events[1], case let .message(template) = events[2],
              case let .message(location) = events[3], case let .message(image) = events[4], case let .message(unknown) = events[5]
        else { Issue.record("expected six messages first"); return }
        #expect(text.text == "hola" && text.name == "Bo" && text.type == "text")
        #expect(button.type == "button" && button.payload == "yes" && button.text == "Sí")
        #expect(template.type == "button" && template.payload == "buy" && template.text == "Comprar")
        // Saved as every channel saves a pin (and `flowc test` gives one): `lat`, `lng`, `name`, `address`.
        #expect(location.type == "location" && location.text == "Casa"
            && location.data == .object(JSONObject([("lat", .number(-34.6)), ("lng", .number(-58.4)), ("name", .text("Casa"))])))
        #expect(image.type == "image" && image.text == "foto" && image.data[member: "id"] == .text("MEDIA"))
        #expect(unknown.type == "contact" && unknown.text.isEmpty, "a contact card is a message of its own kind")
        #expect(events[6] == .status(ProviderStatus(providerMessageId: "wamid.OUT", status: "delivered")))
        #expect(events[7] == .status(ProviderStatus(providerMessageId: "wamid.OUT2", status: "failed", error: "code 131047 Re-engagement message: Message failed to send because more than 24 hours have passed since the customer last replied to this number.")))
        #expect(events[8] == .otherNumber("999"), "said, for the daemon to log")
    }

    /// The daemon hands a live webhook's parsed message to its turn, and parses a replayed one
    /// from the inbox row: both must be the same message.
    @Test func aMessageReadBackFromTheInboxIsTheParsedOne() throws {
        let body = #"""
        {"object":"whatsapp_business_account","entry":[{"id":"W","changes":[{"field":"messages","value":{"metadata":{"phone_number_id":"123"},
         "contacts":[{"profile":{"name":"Zoë \"la\" de Ñuñoa"},"wa_id":"549115555"}],"messages":[
          {"from":"549115555","id":"wamid.1","timestamp":"1700000001","type":"text","text":{"body":"hola 👋\nsegunda línea"}},
          {"from":"549115555","id":"wamid.2","timestamp":"1700000002","type":"interactive","interactive":{"type":"list_reply","list_reply":{"id":"opt_2","title":"Pizza"}}},
          {"from":"549115555","id":"wamid.3","timestamp":"1700000003","type":"location","location":{"latitude":-34.603722,"longitude":-58.381592,"name":"Obelisco","address":"Av. 9 de Julio"}},
          {"from":"549115555","id":"wamid.4","timestamp":"1700000004","type":"image","image":{"id":"MEDIA","mime_type":"image/jpeg","caption":"foto"}}]}}]}]}
        """#
        let messages = try meta.parse(request(body)).compactMap { event -> ProviderMessage? in
            if case let .message(message) = event { return message }
            return nil
        }
        #expect(messages.count == 4)
        for message in messages {
            let stored = message.json.json
            #expect(ProviderMessage(json: try JSONParser.parse(stored)) == message, "\(stored)")
        }
    }

    @Test func metaBadBodies() throws {
        #expect(throws: WebhookError.self) { try meta.parse(request("{not json")) }
        #expect(throws: WebhookError.self) { try meta.parse(request("[1,2]")) }
        #expect(try meta.parse(request(#"{"object":"page","entry":[]}"#)).isEmpty)
        #expect(try meta.parse(request(#"{"object":"whatsapp_business_account","entry":[{"changes":[{"value":{"messages":[{"id":"x"}]}}]}]}"#)).isEmpty,
                "a message without a sender is dropped")
    }

    @Test func metaHandshake() {
        let ok = meta.handshake(WebhookRequest(method: "GET", target: "/w?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=1158201444"))
        #expect(ok == WebhookReply(status: 200, body: "1158201444"))
        let wrong = meta.handshake(WebhookRequest(method: "GET", target: "/w?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1"))
        #expect(wrong?.status == 403)
        let mode = meta.handshake(WebhookRequest(method: "GET", target: "/w?hub.mode=unsubscribe&hub.verify_token=verify-me&hub.challenge=1"))
        #expect(mode?.status == 403)
        #expect(meta.handshake(WebhookRequest(method: "POST", target: "/w")) == nil)
    }

    @Test func metaOutboundByCapability() throws {
        let text = meta.sendRequest(OutboundContent(text: "Hola"), to: "5511999990000", idempotencyKey: "k")
        #expect(text.url == "http://127.0.0.1:9/v21.0/123/messages")
        #expect(text.headers.contains { $0.0 == "Authorization" && $0.1 == "Bearer TOKEN" })
        #expect(String(decoding: text.body, as: UTF8.self)
            == #"{"messaging_product":"whatsapp","recipient_type":"individual","to":"5511999990000","type":"text","text":{"body":"Hola","preview_url":false}}"#)

        let three = OutboundContent(text: "¿Qué querés?", options: [MenuItem(id: "a", label: "Pizza"), MenuItem(id: "b", label: "Empanadas"), MenuItem(id: "c", label: "Nada")])
        let buttons = try JSONParser.parse(bytes: meta.sendRequest(three, to: "1", idempotencyKey: "k").body)
        #expect(buttons[member: "interactive"]?[member: "type"] == .text("button"))
        #expect(buttons[member: "interactive"]?[member: "action"]?[member: "buttons"]?.items.count == 3)

        let five = OutboundContent(text: "Elegí", options: (1...5).map { MenuItem(id: "o\($0)", label: "Opción \($0)", description: "d\($0)") }, button: "Ver")
        let list = try JSONParser.parse(bytes: meta.sendRequest(five, to: "1", idempotencyKey: "k").body)
        #expect(list[member: "interactive"]?[member: "type"] == .text("list"))
        #expect(list[member: "interactive"]?[member: "action"]?[member: "button"] == .text("Ver"))
        let rows = list[member: "interactive"]?[member: "action"]?[member: "sections"]?.items.first?[member: "rows"]?.items ?? []
        #expect(rows.count == 5 && rows[0][member: "description"] == .text("d1"))

        let eleven = OutboundContent(text: "Elegí", options: (1...11).map { MenuItem(id: "o\($0)", label: "Opción \($0)") })
        let numbered = try JSONParser.parse(bytes: meta.sendRequest(eleven, to: "1", idempotencyKey: "k").body)
        #expect(numbered[member: "type"] == .text("text"))
        #expect(numbered[member: "text"]?[member: "body"]?.textValue?.hasSuffix("10. Opción 10\n11. Opción 11") == true)
    }

    @Test func metaSendsADescribedMenuAsAListItsButtonsCouldNotShow() throws {
        let options = [MenuItem(id: "a", label: "Golden 15kg", description: "R$ 189,90"), MenuItem(id: "b", label: "Premier 2kg", description: "R$ 79,90")]
        // As the channel chooses (no style) and as the engine sends it (`list`): rows with their descriptions.
        for style in ["", "list"] {
            let body = try JSONParser.parse(bytes: meta.sendRequest(OutboundContent(text: "¿Cuál?", options: options, style: style),
                                                                    to: "1", idempotencyKey: "k").body)
            #expect(body[member: "type"] == .text("interactive"))
            #expect(body[member: "interactive"]?[member: "type"] == .text("list"), "style `\(style)`")
            let rows = body[member: "interactive"]?[member: "action"]?[member: "sections"]?.items.first?[member: "rows"]?.items ?? []
            #expect(rows.map { $0[member: "description"] } == [.text("R$ 189,90"), .text("R$ 79,90")], "style `\(style)`")
        }
        // `style: buttons` is the author's choice (`flowc check` warns that the descriptions are not shown).
        let buttons = try JSONParser.parse(bytes: meta.sendRequest(OutboundContent(text: "¿Cuál?", options: options, style: "buttons"),
                                                                   to: "1", idempotencyKey: "k").body)
        #expect(buttons[member: "interactive"]?[member: "type"] == .text("button"))
        #expect(MenuLayout.choose(OutboundContent(text: "¿Cuál?", options: options), meta.capabilities) == .list)
        #expect(MenuLayout.choose(OutboundContent(text: "¿Cuál?", options: options.map { MenuItem(id: $0.id, label: $0.label) }), meta.capabilities) == .buttons)
        #expect(MenuLayout.choose(OutboundContent(text: "¿Cuál?", options: options.map { MenuItem(id: $0.id, label: $0.label, description: "") }),
                                  meta.capabilities) == .buttons, "an empty description is none")
    }

    /// A list's default button, by the bot's language: short words within WhatsApp's 20 characters.
    @Test func listButtonByLanguage() {
        #expect(MenuLayout.listButton(language: "es") == "Ver opciones")
        #expect(MenuLayout.listButton(language: "pt") == "Ver opções")
        #expect(MenuLayout.listButton(language: "en") == "Menu")
        #expect(["es", "pt", "en"].allSatisfy { MenuLayout.listButton(language: $0).count <= 20 })
    }

    @Test func metaErrorClassification() {
        func response(_ status: Int, _ code: Int?) -> ProviderHTTPResponse {
            ProviderHTTPResponse(status: status, body: Array((code.map { #"{"error":{"message":"m","code":\#($0)}}"# } ?? "").utf8))
        }
        #expect(meta.classify(ProviderHTTPResponse(status: 200, body: Array(#"{"messages":[{"id":"wamid.OUT"}]}"#.utf8))) == .sent(providerMessageId: "wamid.OUT"))
        #expect(meta.classify(response(400, 130429)) == .throttled("whatsapp_cloud: HTTP 400: code 130429 m", afterSeconds: nil))
        #expect(meta.classify(response(400, 131056)).isTransient)
        #expect(meta.classify(ProviderHTTPResponse(status: 429, headers: [("Retry-After", "7")])) == .throttled("whatsapp_cloud: HTTP 429", afterSeconds: 7))
        #expect(meta.classify(response(500, nil)) == .retry("whatsapp_cloud: HTTP 500", afterSeconds: nil))
        #expect(meta.classify(ProviderHTTPResponse(status: 0)).isTransient)
        #expect(meta.classify(response(400, 131047)) == .permanent("whatsapp_cloud: HTTP 400: code 131047 m"))
        #expect(meta.classify(response(400, 131026)).isTransient == false)
    }

    @Test func twilioStatusesMediaAndSending() throws {
        let twilio = TwilioProvider(accountSid: "AC1", authToken: "tok", from: "+14155238886", apiBase: "http://127.0.0.1:9")
        let status = try twilio.parse(request("MessageSid=SM9&MessageStatus=delivered&AccountSid=AC1"))
        #expect(status == [.status(ProviderStatus(providerMessageId: "SM9", status: "delivered"))])
        let failed = try twilio.parse(request("MessageSid=SM9&MessageStatus=undelivered&ErrorCode=63016"))
        #expect(failed == [.status(ProviderStatus(providerMessageId: "SM9", status: "failed", error: "error 63016"))])
        #expect(try twilio.parse(request("MessageSid=SM9&MessageStatus=queued")).isEmpty)
        let button = try twilio.parse(request("MessageSid=SM2&From=whatsapp%3A%2B5491155551234&Body=Si&ButtonText=S%C3%AD&ButtonPayload=yes"))
        #expect(button == [.message(ProviderMessage(externalId: "SM2", contact: "5491155551234", text: "Sí", type: "button", payload: "yes"))])
        #expect(throws: WebhookError.self) { try twilio.parse(request("Body=no+sid")) }
        // A pin as every channel saves it: `lat`, `lng`, `name`, `address` (`{{place.lat}}` in a flow).
        guard case let .message(pin)? = try twilio.parse(request("MessageSid=SM7&From=whatsapp%3A%2B5491155551234&Latitude=-34.6&Longitude=-58.4&Label=Casa&Address=Calle+1")).first
        else { Issue.record("no location"); return }
        #expect(pin.type == "location" && pin.data == .object(JSONObject([("lat", .number(-34.6)), ("lng", .number(-58.4)), ("name", .text("Casa")), ("address", .text("Calle 1"))])))

        #expect(throws: WebhookError.self) { try twilio.parse(request("MessageSid=SM1&From=%ZZ")) }

        let send = twilio.sendRequest(OutboundContent(text: "Elegí", options: [MenuItem(id: "a", label: "Uno"), MenuItem(id: "b", label: "Dos")]),
                                      to: "5491155551234", idempotencyKey: "k")
        #expect(send.url == "http://127.0.0.1:9/2010-04-01/Accounts/AC1/Messages.json")
        #expect(send.headers.contains { $0.0 == "Authorization" && $0.1 == "Basic QUMxOnRvaw==" })
        let form = try #require(FormEncoding.decode(send.body))
        #expect(form.map { "\($0.0)=\($0.1)" } == ["From=whatsapp:+14155238886", "To=whatsapp:+5491155551234", "Body=Elegí\n\n1. Uno\n2. Dos"])
        #expect(twilio.classify(ProviderHTTPResponse(status: 400, body: Array(#"{"code":21610,"message":"unsubscribed"}"#.utf8)))
            == .contactStopped("twilio: HTTP 400: code 21610 unsubscribed"))
        #expect(twilio.classify(ProviderHTTPResponse(status: 429, body: Array(#"{"code":20429}"#.utf8))).isTransient)
        #expect(twilio.acknowledgement.contentType == "text/xml")

        // With the daemon's public URL, each send asks for its statuses at the bot's webhook.
        let public_ = TwilioProvider(accountSid: "AC1", authToken: "tok", from: "+14155238886", publicURL: "https://bots.example.com",
                                     statusCallback: "https://bots.example.com/webhooks/shop/twilio")
        let withCallback = try #require(FormEncoding.decode(public_.sendRequest(OutboundContent(text: "Hola"), to: "5491155551234", idempotencyKey: "k").body))
        #expect(withCallback.contains { $0.0 == "StatusCallback" && $0.1 == "https://bots.example.com/webhooks/shop/twilio" })
    }

    @Test func twilioMenusUseContentTemplatesWhenConfigured() throws {
        let quick = "HX" + String(repeating: "a", count: 32), list = "HX" + String(repeating: "b", count: 32)
        let twilio = TwilioProvider(accountSid: "AC1", authToken: "tok", from: "+14155238886", apiBase: "http://127.0.0.1:9",
                                    contentTemplates: ["quick_reply_2": quick, "list_picker_5": list, "unknown_key": "HX1"])
        #expect(twilio.contentTemplates.keys.sorted() == ["list_picker_5", "quick_reply_2"])
        func form(_ content: OutboundContent) throws -> [String: String] {
            let body = try #require(FormEncoding.decode(twilio.sendRequest(content, to: "5491155551234", idempotencyKey: "k").body))
            return Dictionary(body, uniquingKeysWith: { a, _ in a })
        }

        // Two options: the 2-button quick reply, its variables filled in the documented order.
        let two = try form(OutboundContent(text: "¿Confirmás?", options: [MenuItem(id: "yes", label: "Sí"), MenuItem(id: "no", label: "No")]))
        #expect(two["ContentSid"] == quick && two["Body"] == nil)
        #expect(two["ContentVariables"] == #"{"1":"¿Confirmás?","2":"Sí","3":"yes","4":"No","5":"no"}"#)

        // Five options: the 5-item list picker; a missing description is the label.
        let five = try form(OutboundContent(text: "Elegí", options: (1...5).map { MenuItem(id: "o\($0)", label: "Opción \($0)", description: $0 == 1 ? "La primera" : nil) },
                                            button: "Ver"))
        #expect(five["ContentSid"] == list)
        let variables = try JSONParser.parse(try #require(five["ContentVariables"]))
        #expect(variables[member: "1"] == .text("Elegí") && variables[member: "2"] == .text("Ver"))
        #expect(variables[member: "3"] == .text("Opción 1") && variables[member: "4"] == .text("o1") && variables[member: "5"] == .text("La primera"))
        #expect(variables[member: "15"] == .text("Opción 5") && variables[member: "16"] == .text("o5") && variables[member: "17"] == .text("Opción 5"))

        // No template of the menu's size, labels too long, or `style: text`: numbered text.
        var text = OutboundContent(text: "¿Confirmás?", options: [MenuItem(id: "yes", label: "Sí"), MenuItem(id: "no", label: "No")])
        text.style = "text"
        for content in [OutboundContent(text: "Elegí", options: (1...4).map { MenuItem(id: "o\($0)", label: "Opción \($0)") }),
                        OutboundContent(text: "Elegí", options: (1...5).map { MenuItem(id: "o\($0)", label: String(repeating: "x", count: 25 + $0)) }),
                        text] {
            let sent = try form(content)
            #expect(sent["ContentSid"] == nil && sent["Body"]?.contains("1. ") == true, "\(sent)")
        }

        // A list-picker selection comes back with its item id.
        let picked = try twilio.parse(WebhookRequest(method: "POST", target: "/", body: Array("MessageSid=SM3&From=whatsapp%3A%2B5491155551234&Body=Opci%C3%B3n+2&ListId=o2&ListTitle=Opci%C3%B3n+2".utf8)))
        #expect(picked == [.message(ProviderMessage(externalId: "SM3", contact: "5491155551234", text: "Opción 2", type: "list", payload: "o2"))])
    }

    @Test func evolutionDropsOwnGroupAndBroadcastMessages() throws {
        let evolution = EvolutionProvider(instance: "shop", apiKey: "KEY", webhookSecret: "w", apiBase: "http://127.0.0.1:9")
        func upsert(_ jid: String, fromMe: Bool = false, id: String = "M1") -> String {
            #"{"event":"messages.upsert","instance":"shop","data":{"key":{"remoteJid":"\#(jid)","fromMe":\#(fromMe),"id":"\#(id)"},"pushName":"Ana","message":{"conversation":"hola"},"messageType":"conversation","messageTimestamp":1700000000},"apikey":"SECRET"}"#
        }
        #expect(try evolution.parse(request(upsert("5511999990000@s.whatsapp.net")))
            == [.message(ProviderMessage(externalId: "M1", contact: "5511999990000", name: "Ana", text: "hola", timestamp: 1_700_000_000_000))])
        #expect(try evolution.parse(request(upsert("5511999990000@s.whatsapp.net", fromMe: true))).isEmpty)
        #expect(try evolution.parse(request(upsert("120363@g.us"))).isEmpty)
        #expect(try evolution.parse(request(upsert("status@broadcast"))).isEmpty)
        #expect(throws: WebhookError.self) {
            try evolution.parse(request(#"{"event":"messages.upsert","instance":"other","data":{}}"#))
        }
        #expect(throws: WebhookError.self, "a webhook that names no instance is not ours") {
            try evolution.parse(request(#"{"event":"messages.upsert","data":{"key":{"remoteJid":"5511999990000@s.whatsapp.net","fromMe":false,"id":"M2"},"message":{"conversation":"hola"}}}"#))
        }
        // A sender's device after the number (`:12`) is not part of it.
        #expect(try evolution.parse(request(upsert("5511999990000:12@s.whatsapp.net", id: "M3")))
            == [.message(ProviderMessage(externalId: "M3", contact: "5511999990000", name: "Ana", text: "hola", timestamp: 1_700_000_000_000))])
        let pin = #"{"event":"messages.upsert","instance":"shop","data":{"key":{"remoteJid":"5511999990000@s.whatsapp.net","fromMe":false,"id":"M4"},"message":{"locationMessage":{"degreesLatitude":-34.6,"degreesLongitude":-58.4,"name":"Casa","address":"Calle 1"}}}}"#
        guard case let .message(place)? = try evolution.parse(request(pin)).first else { Issue.record("no location"); return }
        #expect(place.type == "location" && place.data == .object(JSONObject([("lat", .number(-34.6)), ("lng", .number(-58.4)),
                                                                               ("name", .text("Casa")), ("address", .text("Calle 1"))])))
        let send = evolution.sendRequest(OutboundContent(text: "Hola"), to: "5511999990000", idempotencyKey: "k")
        #expect(send.url == "http://127.0.0.1:9/message/sendText/shop")
        #expect(String(decoding: send.body, as: UTF8.self) == #"{"number":"5511999990000","text":"Hola","delay":0,"linkPreview":false}"#)
    }

    @Test func evolutionSendsMenusAsListsWhenInteractiveAndTheyFit() throws {
        let evolution = EvolutionProvider(instance: "shop", apiKey: "KEY", webhookSecret: "w", apiBase: "http://127.0.0.1:9", interactive: true)
        let menu = OutboundContent(text: "¿Qué querés?", options: [MenuItem(id: "pizza", label: "Pizza", description: "Grande"), MenuItem(id: "nada", label: "Nada")],
                                   button: "Ver opciones")
        let list = evolution.sendRequest(menu, to: "+54 9 11 5555-1234", idempotencyKey: "k")
        #expect(list.url == "http://127.0.0.1:9/message/sendList/shop")
        #expect(list.headers.contains { $0.0 == "apikey" && $0.1 == "KEY" })
        #expect(String(decoding: list.body, as: UTF8.self) == #"{"number":"5491155551234","title":"Ver opciones","description":"¿Qué querés?","buttonText":"Ver opciones","footerText":"","sections":[{"title":"Ver opciones","rows":[{"title":"Pizza","description":"Grande","rowId":"pizza"},{"title":"Nada","description":"","rowId":"nada"}]}],"delay":0}"#)

        // More than 10 options, a label longer than a list row, or `style: text`: numbered text.
        let eleven = OutboundContent(text: "Elegí", options: (1...11).map { MenuItem(id: "o\($0)", label: "Opción \($0)") })
        let long = OutboundContent(text: "Elegí", options: [MenuItem(id: "a", label: String(repeating: "x", count: 25))])
        var text = menu
        text.style = "text"
        for content in [eleven, long, text] {
            let send = evolution.sendRequest(content, to: "5511999990000", idempotencyKey: "k")
            #expect(send.url == "http://127.0.0.1:9/message/sendText/shop")
            #expect(String(decoding: send.body, as: UTF8.self).contains(#"1. "#))
        }

        // Without `interactive`, every menu is numbered text.
        let plain = EvolutionProvider(instance: "shop", apiKey: "KEY", webhookSecret: "w", apiBase: "http://127.0.0.1:9")
        #expect(plain.sendRequest(menu, to: "5511999990000", idempotencyKey: "k").url == "http://127.0.0.1:9/message/sendText/shop")

        // The user's pick comes back as the row id.
        let reply = #"{"event":"messages.upsert","instance":"shop","data":{"key":{"remoteJid":"5491155551234@s.whatsapp.net","fromMe":false,"id":"L1"},"pushName":"Ana","message":{"listResponseMessage":{"title":"Pizza","singleSelectReply":{"selectedRowId":"pizza"}}},"messageTimestamp":1700000000}}"#
        #expect(try evolution.parse(request(reply))
            == [.message(ProviderMessage(externalId: "L1", contact: "5491155551234", name: "Ana", text: "Pizza", type: "list", payload: "pizza", timestamp: 1_700_000_000_000))])
    }

    /// Baileys wraps a message in envelopes that hold it under `message`: a chat with disappearing
    /// messages on, a photo to view once, a file sent with a caption. The message inside is read
    /// (not dropped, not saved as its envelope); a shared contact card is its phone, as on Cloud.
    @Test func evolutionReadsWrappedMessagesAndContactCards() throws {
        let evolution = EvolutionProvider(instance: "shop", apiKey: "KEY", webhookSecret: "w", apiBase: "http://127.0.0.1:9")
        func upsert(_ id: String, _ message: String) -> WebhookRequest {
            request(#"{"event":"messages.upsert","instance":"shop","data":{"key":{"remoteJid":"5511999990000@s.whatsapp.net","fromMe":false,"id":"\#(id)"},"pushName":"Ana","message":\#(message),"messageTimestamp":1700000000}}"#)
        }
        func parsed(_ id: String, _ message: String) throws -> ProviderMessage? {
            guard case let .message(m)? = try evolution.parse(upsert(id, message)).first else { return nil }
            return m
        }
        let ephemeral = try parsed("W1", #"{"ephemeralMessage":{"message":{"extendedTextMessage":{"text":"hola","contextInfo":{"expiration":604800}}}}}"#)
        #expect(ephemeral == ProviderMessage(externalId: "W1", contact: "5511999990000", name: "Ana", text: "hola", timestamp: 1_700_000_000_000))

        let viewOnce = try parsed("W2", #"{"ephemeralMessage":{"message":{"viewOnceMessageV2":{"message":{"imageMessage":{"url":"https://mmg.whatsapp.net/a.enc","mimetype":"image/jpeg","caption":"mi DNI"}}}}}}"#)
        #expect(viewOnce?.type == "image" && viewOnce?.text == "mi DNI")
        #expect(viewOnce?.data[member: "url"] == .text("https://mmg.whatsapp.net/a.enc") && viewOnce?.data[member: "mime_type"] == .text("image/jpeg"))

        let document = try parsed("W3", #"{"documentWithCaptionMessage":{"message":{"documentMessage":{"url":"https://mmg.whatsapp.net/d.enc","mimetype":"application/pdf","fileName":"comprobante.pdf","caption":"el comprobante"}}}}"#)
        #expect(document?.type == "document" && document?.text == "el comprobante")
        #expect(document?.data[member: "url"] == .text("https://mmg.whatsapp.net/d.enc"))
        #expect(document?.data[member: "mime_type"] == .text("application/pdf") && document?.data[member: "filename"] == .text("comprobante.pdf"))

        let card = try parsed("W4", #"{"contactMessage":{"displayName":"Ana","vcard":"BEGIN:VCARD\nVERSION:3.0\nFN:Ana\nTEL;type=CELL;type=VOICE;waid=5491155551234:+54 9 11 5555-1234\nEND:VCARD"}}"#)
        #expect(card?.type == "contact" && card?.text == "+54 9 11 5555-1234")
        #expect(card?.data[member: "displayName"] == .text("Ana"))
        let bare = try parsed("W5", #"{"contactsArrayMessage":{"contacts":[{"displayName":"Bea","vcard":"BEGIN:VCARD\r\nitem1.TEL;waid=5511988887777:\r\nEND:VCARD"}]}}"#)
        #expect(bare?.type == "contact" && bare?.text == "+5511988887777")
        // A reaction is still nothing the conversation answers, wrapped or not.
        #expect(try evolution.parse(upsert("W6", #"{"ephemeralMessage":{"message":{"reactionMessage":{"text":"👍"}}}}"#)).isEmpty)
    }

    @Test func bridgeMessagesStatusesAndSend() throws {
        let bridge = HTTPBridgeProvider(session: "default", token: "T", secret: "s", apiBase: "http://127.0.0.1:9")
        let message = #"{"id":"e1","type":"message","session":"default","timestamp":1700000000,"data":{"messageId":"B1","from":"5511999990000","chatId":"5511999990000@c.us","isGroup":false,"fromMe":false,"name":"Ana","kind":"list_reply","text":"","reply":{"id":"opt_2","title":"Pizza"}}}"#
        #expect(try bridge.parse(request(message))
            == [.message(ProviderMessage(externalId: "B1", contact: "5511999990000", name: "Ana", text: "Pizza", type: "list", payload: "opt_2", timestamp: 1_700_000_000_000))])
        // Another session's event (another number on the same bridge) is not this channel's.
        #expect(try bridge.parse(request(message.replacingOccurrences(of: #""session":"default""#, with: #""session":"other""#))).isEmpty)
        let group = #"{"id":"e2","type":"message","data":{"messageId":"B2","from":"1","isGroup":true,"kind":"text","text":"x"}}"#
        #expect(try bridge.parse(request(group)).isEmpty)
        let status = #"{"id":"e3","type":"status","data":{"messageId":"OUT1","status":"read"}}"#
        #expect(try bridge.parse(request(status)) == [.status(ProviderStatus(providerMessageId: "OUT1", status: "read"))])
        let send = bridge.sendRequest(OutboundContent(text: "Elegí", options: [MenuItem(id: "a", label: "Uno")]), to: "5511999990000", idempotencyKey: "out-7")
        #expect(send.url == "http://127.0.0.1:9/v1/sessions/default/messages")
        #expect(send.headers.contains { $0.0 == "Idempotency-Key" && $0.1 == "out-7" })
        #expect(String(decoding: send.body, as: UTF8.self) == #"{"to":"5511999990000","type":"text","text":"Elegí\n\n1. Uno"}"#)
        #expect(bridge.classify(ProviderHTTPResponse(status: 503, body: Array(#"{"error":"session_not_connected"}"#.utf8)))
            == .retry("http_bridge: HTTP 503: session_not_connected", afterSeconds: nil))
        #expect(bridge.classify(ProviderHTTPResponse(status: 202, body: Array(#"{"messageId":"X9"}"#.utf8))) == .sent(providerMessageId: "X9"))
        // Media carries its type; a pin goes as the protocol's `location` (providers.md §4).
        let photo = bridge.sendRequest(OutboundContent(text: "Mirá", media: OutboundMedia(kind: "image", url: "https://x.test/a.PNG?v=2")), to: "1", idempotencyKey: "k")
        #expect(String(decoding: photo.body, as: UTF8.self)
            == #"{"to":"1","type":"media","media":{"url":"https://x.test/a.PNG?v=2","mimeType":"image/png","caption":"Mirá","filename":""}}"#)
        let file = OutboundMedia(kind: "document", url: "https://x.test/get", filename: "lista.pdf")
        #expect(HTTPBridgeProvider.mimeType(file) == "application/pdf")
        #expect(HTTPBridgeProvider.mimeType(OutboundMedia(kind: "document", url: "https://x.test/get")) == "application/octet-stream")
        let pin = bridge.sendRequest(OutboundContent(text: "", location: OutboundLocation(latitude: -34.6, longitude: -58.4, name: "Local")), to: "1", idempotencyKey: "k")
        #expect(String(decoding: pin.body, as: UTF8.self)
            == #"{"to":"1","type":"location","location":{"lat":-34.6,"lng":-58.4,"name":"Local","address":""}}"#)
    }

    @Test func telegramCallbackAndKeyboard() throws {
        let telegram = TelegramProvider(botToken: "123:abc", secretToken: "s", apiBase: "http://127.0.0.1:9")
        let callback = #"{"update_id":11,"callback_query":{"id":"cb1","from":{"id":7,"first_name":"Ana"},"message":{"message_id":5,"chat":{"id":7,"type":"private"}},"data":"opt_2"}}"#
        let events = try telegram.parse(request(callback))
        guard case let .message(m)? = events.first else { Issue.record("no message"); return }
        #expect(m.type == "button" && m.payload == "opt_2" && m.contact == "tg:7" && m.externalId == "11")
        let place = #"{"update_id":12,"message":{"message_id":6,"from":{"id":7},"chat":{"id":7,"type":"private"},"date":1700000000,"location":{"latitude":-34.6,"longitude":-58.4}}}"#
        guard case let .message(pin)? = try telegram.parse(request(place)).first else { Issue.record("no location"); return }
        #expect(pin.type == "location" && pin.data == .object(JSONObject([("lat", .number(-34.6)), ("lng", .number(-58.4))])))
        // A file's name as WhatsApp Cloud names it (`{{doc.filename}}`), beside Telegram's own `file_name`.
        let file = #"{"update_id":13,"message":{"message_id":7,"from":{"id":7},"chat":{"id":7,"type":"private"},"date":1700000000,"document":{"file_id":"F1","file_name":"comprobante.pdf","mime_type":"application/pdf"},"caption":"pago"}}"#
        guard case let .message(doc)? = try telegram.parse(request(file)).first else { Issue.record("no document"); return }
        #expect(doc.type == "document" && doc.data[member: "filename"] == .text("comprobante.pdf") && doc.data[member: "caption"] == .text("pago"))
        let send = telegram.sendRequest(OutboundContent(text: "Elegí", options: [MenuItem(id: "a", label: "Uno"), MenuItem(id: "b", label: "Dos")]),
                                        to: "tg:7", idempotencyKey: "k")
        #expect(send.url == "http://127.0.0.1:9/bot123:abc/sendMessage")
        #expect(String(decoding: send.body, as: UTF8.self)
            == #"{"chat_id":7,"text":"Elegí","reply_markup":{"inline_keyboard":[[{"text":"Uno","callback_data":"a"}],[{"text":"Dos","callback_data":"b"}]]}}"#)
        // Descriptions (prices) are listed in the text, the buttons under it.
        let priced = telegram.sendRequest(OutboundContent(text: "Elegí", options: [MenuItem(id: "a", label: "Uno", description: "$ 100"), MenuItem(id: "b", label: "Dos")]),
                                          to: "tg:7", idempotencyKey: "k")
        #expect(String(decoding: priced.body, as: UTF8.self)
            == #"{"chat_id":7,"text":"Elegí\n\n1. Uno — $ 100\n2. Dos","reply_markup":{"inline_keyboard":[[{"text":"Uno","callback_data":"a"}],[{"text":"Dos","callback_data":"b"}]]}}"#)
        // Telegram numbers messages per chat: the id kept names the chat too, so two chats' fifth messages differ.
        #expect(telegram.classify(ProviderHTTPResponse(status: 200, body: Array(#"{"ok":true,"result":{"message_id":5,"chat":{"id":8001}}}"#.utf8)))
            == .sent(providerMessageId: "tg:8001:5"))
        #expect(telegram.classify(ProviderHTTPResponse(status: 200, body: Array(#"{"ok":true,"result":{"message_id":5,"chat":{"id":8002}}}"#.utf8)))
            == .sent(providerMessageId: "tg:8002:5"))
        // A hostile retry-after is kept within a day (it becomes milliseconds: it must not overflow).
        #expect(telegram.classify(ProviderHTTPResponse(status: 429, body: Array(#"{"ok":false,"parameters":{"retry_after":1e300}}"#.utf8)))
            == .throttled("telegram: HTTP 429", afterSeconds: 86_400))
        #expect(meta.classify(ProviderHTTPResponse(status: 429, headers: [("Retry-After", "99999999999999999")]))
            == .throttled("whatsapp_cloud: HTTP 429", afterSeconds: 86_400))
        #expect(telegram.classify(ProviderHTTPResponse(status: 429, body: Array(#"{"ok":false,"parameters":{"retry_after":3}}"#.utf8)))
            == .throttled("telegram: HTTP 429", afterSeconds: 3))
        #expect(telegram.classify(ProviderHTTPResponse(status: 403, body: Array(#"{"ok":false,"description":"Forbidden: bot was blocked by the user"}"#.utf8)))
            == .contactStopped("telegram: HTTP 403: Forbidden: bot was blocked by the user"))
    }
}

/// Media and location pins: native where the channel has them, text with the link elsewhere.
@Suite struct MediaTests {
    let image = OutboundContent(text: "Mate imperial", media: OutboundMedia(kind: "image", url: "https://example.com/m.jpg"))
    let pin = OutboundContent(text: "", location: OutboundLocation(latitude: -34.6, longitude: -58.38, name: "Cocolu", address: "Corrientes 1234"))

    @Test func whatsappSendsMediaAndPinsNatively() throws {
        let meta = WhatsAppCloudProvider(phoneNumberId: "1", accessToken: "t", appSecret: "s", verifyToken: "v", apiBase: "http://127.0.0.1:9")
        #expect(String(decoding: meta.sendRequest(image, to: "54911", idempotencyKey: "k").body, as: UTF8.self)
            == #"{"messaging_product":"whatsapp","recipient_type":"individual","to":"54911","type":"image","image":{"link":"https://example.com/m.jpg","caption":"Mate imperial"}}"#)
        let doc = OutboundContent(text: "", media: OutboundMedia(kind: "document", url: "https://e.com/c.pdf", filename: "c.pdf"))
        #expect(String(decoding: meta.sendRequest(doc, to: "54911", idempotencyKey: "k").body, as: UTF8.self).hasSuffix(#""type":"document","document":{"link":"https://e.com/c.pdf","filename":"c.pdf"}}"#))
        let location = try JSONParser.parse(bytes: meta.sendRequest(pin, to: "54911", idempotencyKey: "k").body)
        #expect(location[member: "type"] == .text("location"))
        #expect(location[member: "location"]?[member: "latitude"] == .number(-34.6))
    }

    @Test func otherChannelsFallBackToLinks() throws {
        let twilio = TwilioProvider(accountSid: "AC1", authToken: "t", from: "+1", apiBase: "http://127.0.0.1:9")
        let form = try #require(FormEncoding.decode(twilio.sendRequest(image, to: "54911", idempotencyKey: "k").body))
        #expect(form.contains { $0.0 == "MediaUrl" && $0.1 == "https://example.com/m.jpg" })
        let text = try #require(FormEncoding.decode(twilio.sendRequest(pin, to: "54911", idempotencyKey: "k").body)).first { $0.0 == "Body" }?.1
        #expect(text == "Cocolu, Corrientes 1234: https://maps.google.com/?q=-34.6,-58.38")
        let telegram = TelegramProvider(botToken: "1:a", secretToken: "s", apiBase: "http://127.0.0.1:9")
        #expect(String(decoding: telegram.sendRequest(image, to: "tg:7", idempotencyKey: "k").body, as: UTF8.self)
            == #"{"chat_id":7,"text":"Mate imperial\nhttps://example.com/m.jpg"}"#)
        // The content survives the outbox's JSON.
        #expect(OutboundContent(json: image.json) == image)
        #expect(OutboundContent(json: pin.json) == pin)
    }
}
