import Foundation
import Synchronization
import Testing

/// `flowc serve` for real: the daemon on loopback, fake provider APIs on loopback recording what
/// is sent, signed webhooks in, replies out.
@Suite(.serialized) struct ServeTests {
    static let secret = "meta-app-secret"

    static func metaChannel(_ fake: FakeProviderServer) -> String { metaChannel(url: fake.url) }

    static func metaChannel(url: String) -> String {
        """
              - provider: whatsapp_cloud
                phone_number_id: "1065403522"
                access_token: "META-TOKEN"
                app_secret: "\(secret)"
                verify_token: "verify-me"
                api_base: "\(url)"
        """
    }

    static func telegramChannel(_ fake: FakeProviderServer) -> String {
        "      - provider: telegram\n        bot_token: \"123:ABC\"\n        secret_token: \"tg-secret\"\n        api_base: \"\(fake.url)\""
    }

    /// A Telegram update carrying a text message from chat `chat`.
    static func telegramText(_ text: String, update: Int, chat: Int = 777) -> String {
        #"{"update_id":\#(update),"message":{"message_id":\#(update),"from":{"id":\#(chat),"first_name":"Ana"},"chat":{"id":\#(chat),"type":"private"},"date":1700000000,"text":"\#(text)"}}"#
    }

    static func twilioChannel(_ fake: FakeProviderServer) -> String {
        """
              - provider: twilio
                account_sid: "AC1"
                auth_token: "twilio-token"
                from: "whatsapp:+14155238886"
                api_base: "\(fake.url)"
        """
    }

    /// The README's serve guide: `--check` by hand sees `${VAR}` once the env file is loaded as it
    /// says (`set -a; . flowd.env; set +a`), and the example env file has every variable the example
    /// config reads; the unit says how to create the user it runs as.
    @Test("the deploy examples check with the env file loaded as the README says")
    func deployExamplesCheck() throws {
        let dir = try E2E.temp()
        let deploy = FlowcRun.root.appendingPathComponent("examples/deploy")
        let config = try E2E.write(E2E.read(deploy.appendingPathComponent("flowd.yaml").path)
            .replacingOccurrences(of: "/opt/flowc/bots/shop", with: E2E.shop)
            .replacingOccurrences(of: "sqlite:/var/lib/flowc/flowd.sqlite", with: "sqlite:\(dir.path)/flowd.sqlite"), to: dir, "flowd.yaml")
        let bare = try E2E.flowc(["serve", "--config", config, "--check"])
        #expect(bare.status == 1 && bare.stderr.contains("the environment variable SHOP_API_TOKEN is not set"), "\(bare)")
        let env = deploy.appendingPathComponent("flowd.env.example").path
        let loaded = try E2E.run("/bin/sh", ["-c", "set -a; . \"$1\"; set +a; exec \"$2\" serve --config \"$3\" --check", "sh", env, E2E.flowcPath, config])
        #expect(loaded.exitedCleanly && loaded.status == 0 && loaded.stdout.contains("ok, 1 bot(s)"), "\(loaded)")
        let unit = E2E.read(deploy.appendingPathComponent("flowc.service").path)
        #expect(unit.contains("User=flowc") && unit.contains("useradd --system --home-dir /var/lib/flowc --no-create-home --shell /usr/sbin/nologin flowc"),
                "the unit says how to create its user")
        #expect(unit.contains("set -a; . /etc/flowc/flowd.env; set +a; flowc serve --config /etc/flowc/flowd.yaml --check"))
    }

    @Test("serve --check validates the config and the bots, and exits 0 without serving")
    func checkOnly() throws {
        let dir = try E2E.temp()
        let config = try E2E.write("""
            listen: 127.0.0.1:0
            store: sqlite:\(dir.path)/state/flowd.sqlite
            bots:
              - path: \(FlowcRun.root.appendingPathComponent("examples/shop").path)
                secrets: {API_TOKEN: ${SHOP_TOKEN}}
                channels:
                  - provider: whatsapp_cloud
                    phone_number_id: "1065403522"
                    access_token: ${WA_TOKEN}
                    app_secret: "s"
                    verify_token: "v"
            admin:
              tokens: [${ADMIN_TOKEN}]

            """, to: dir, "flowd.yaml")
        let environment = ["SHOP_TOKEN": "t", "WA_TOKEN": "w", "ADMIN_TOKEN": "admin-token-0123456789"]
        let ok = try E2E.flowc(["serve", "--config", config, "--check"], environment: environment)
        #expect(ok.exitedCleanly && ok.status == 0, "\(ok)")
        #expect(ok.stdout.contains("flowd.yaml: ok, 1 bot(s)"), "\(ok)")
        // The shop reads `env.API_URL`, which this config does not give (its secret it does).
        #expect(ok.stderr.contains("warning: bot `shop` (") && ok.stderr.contains("reads `env.API_URL` at flows/order.yaml:"), "\(ok)")
        #expect(!ok.stderr.contains("secret.API_TOKEN"), "\(ok)")
        // Nothing written: the store is not created (serving does), and --check says so.
        #expect(ok.stderr.contains("note: the store \(dir.path)/state/flowd.sqlite does not exist yet"), "\(ok)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("state").path))
        // A file that is no flowc store is refused, and left as it was.
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("state"), withIntermediateDirectories: true)
        try Data("not a database at all, just text that is long enough for a header".utf8).write(to: dir.appendingPathComponent("state/flowd.sqlite"))
        let notStore = try E2E.flowc(["serve", "--config", config, "--check"], environment: environment)
        #expect(notStore.exitedCleanly && notStore.status == 1 && notStore.stderr.contains("is not a SQLite database"), "\(notStore)")
        #expect(try String(contentsOf: dir.appendingPathComponent("state/flowd.sqlite"), encoding: .utf8).hasPrefix("not a database"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("state").path) == ["flowd.sqlite"])
        // A store under a file (a typo, or a folder that is a file) cannot be created: --check says so.
        let underFile = try E2E.write(try String(contentsOfFile: config, encoding: .utf8)
            .replacingOccurrences(of: "state/flowd.sqlite", with: "state/flowd.sqlite/inner/x.sqlite"), to: dir, "flowd-underfile.yaml")
        let blocked = try E2E.flowc(["serve", "--config", underFile, "--check"], environment: environment)
        #expect(blocked.exitedCleanly && blocked.status == 1 && blocked.stderr.contains("is not a folder"), "\(blocked)")
        var missing = environment
        missing["WA_TOKEN"] = nil
        let bad = try E2E.flowc(["serve", "--config", config, "--check"], environment: missing)
        #expect(bad.exitedCleanly && bad.status == 1, "\(bad)")
        #expect(bad.stderr.contains("flowd.yaml:9:23: the environment variable WA_TOKEN is not set"), "\(bad)")
    }

    /// `flowd.yaml` in `dir` serving the example shop on a Telegram channel (`listen:` at 1:9, `store:` at 2:8).
    static func shopConfig(listen: String, store: String, in dir: URL) throws -> String {
        try E2E.write("""
            listen: \(listen)
            store: \(store)
            bots:
              - path: \(FlowcRun.root.appendingPathComponent("examples/shop").path)
                channels:
                  - provider: telegram
                    bot_token: "123:ABC"
                    secret_token: "s"

            """, to: dir, "flowd.yaml")
    }

    @Test("a port another process holds: exit 1, saying so")
    func portInUse() throws {
        let holder = try FakeProviderServer { _, _ in (200, "{}") }
        let dir = try E2E.temp()
        let config = try Self.shopConfig(listen: "127.0.0.1:\(holder.port)", store: "sqlite:\(dir.path)/flowd.sqlite", in: dir)
        let r = try E2E.flowc(["serve", "--config", config], timeout: 20)
        #expect(r.exitedCleanly && r.status == 1, "\(r)")
        #expect(r.stderr.contains("flowd.yaml:1:9: cannot serve on 127.0.0.1:\(holder.port): the address is already in use"), "\(r)")
    }

    @Test("a store that cannot be opened at start: exit 1, pointing at `store:` and saying why")
    func storeThatCannotOpen() throws {
        let dir = try E2E.temp()
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("data"), withIntermediateDirectories: true)
        let config = try Self.shopConfig(listen: "127.0.0.1:0", store: "  sqlite:data", in: dir)
        let r = try E2E.flowc(["serve", "--config", config], timeout: 20)
        #expect(r.exitedCleanly && r.status == 1, "\(r)")
        #expect(r.stderr.contains("flowd.yaml:2:10: cannot open the store: \(dir.path)/data is a folder, not a database file; name a file in it (e.g. `\(dir.path)/data/flowd.sqlite`)"), "\(r)")
        let checked = try E2E.flowc(["serve", "--config", config, "--check"], timeout: 20)
        #expect(checked.exitedCleanly && checked.status == 1 && checked.stderr.contains("flowd.yaml:2:10: cannot open the store:"), "\(checked)")
    }

    /// A second daemon started on the same store and a port the first holds exits before it
    /// claims or sends anything (it sent the first daemon's backlog through its own channels).
    @Test(.timeLimit(.minutes(2)))
    func aSecondDaemonOnABusyPortTouchesNothing() throws {
        // A slow provider: the first daemon has a batch in flight and more replies due behind it.
        let meta = try Self.slowMeta(seconds: 4)
        let harness = try ServeHarness(channels: Self.metaChannel(meta))
        try harness.start()
        for i in 0..<90 {
            #expect(sendMeta(harness, MetaPayload.text("hola", from: "5491100\(String(format: "%05d", i))", id: "wamid.BUSY\(i)")).status == 200)
        }
        #expect(E2E.wait(timeout: 10) { meta.requests.count >= 1 }, "\(harness.stderr)")
        let other = try FakeProviderServer { request, n in Self.metaOK(request, n) }
        let config = try String(contentsOfFile: harness.configPath, encoding: .utf8)
        let second = try E2E.write(config.replacingOccurrences(of: meta.url, with: other.url), to: harness.dir, "flowd-second.yaml")
        let r = try E2E.run(E2E.flowcPath, ["serve", "--config", second], timeout: 20, cwd: harness.dir)
        #expect(r.exitedCleanly && r.status == 1 && r.stderr.contains("already in use"), "\(r)")
        Thread.sleep(forTimeInterval: 0.5)
        #expect(other.requests.isEmpty, "the second daemon sent nothing, not \(other.requests.count) replies")
    }

    /// Slow clients cannot hold connections: one idle after connecting, one whose headers stop
    /// coming and one that trickles its body are closed (`limits.idle_timeout`, `request_timeout`).
    @Test(.timeLimit(.minutes(2)))
    func slowClientsAreCut() throws {
        let meta = try FakeProviderServer(respond: Self.metaOK)
        let harness = try ServeHarness(channels: Self.metaChannel(meta), extra: "limits:\n  idle_timeout: 1\n  request_timeout: 2s\n")
        try harness.start()
        let path = "/webhooks/tienda/whatsapp_cloud"
        let idle = HTTPWire.slowClient(port: harness.port, parts: [], pause: 0, wait: 8)
        #expect(idle.map { $0 < 6 } == true, "an idle connection is closed: \(String(describing: idle))")
        let headers = HTTPWire.slowClient(port: harness.port, parts: ["POST \(path) HTTP/1.1\r\n", "Host: x\r\n"] + Array(repeating: "X-Slow: 1\r\n", count: 20),
                                          pause: 0.4, wait: 12)
        #expect(headers.map { $0 < 8 } == true, "headers that trickle are cut: \(String(describing: headers))")
        let body = HTTPWire.slowClient(port: harness.port,
                                       parts: ["POST \(path) HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"]
                                           + Array(repeating: " ", count: 40), pause: 0.2, wait: 12)
        #expect(body.map { $0 < 6 } == true, "a body that trickles is cut: \(String(describing: body))")
        // The daemon still serves everyone else.
        #expect(sendMeta(harness, MetaPayload.text("hola", id: "wamid.SLOW")).status == 200)
    }

    /// A Graph API that takes `seconds` to answer each send, then accepts it.
    static func slowMeta(seconds: Double) throws -> FakeProviderServer {
        try FakeProviderServer { request, n in
            Thread.sleep(forTimeInterval: seconds)
            return metaOK(request, n)
        }
    }

    static func metaOK(_ request: FakeRequest, _ n: Int) -> (Int, String) {
        (200, #"{"messaging_product":"whatsapp","contacts":[{"wa_id":"5491155551234"}],"messages":[{"id":"wamid.OUT\#(n)"}]}"#)
    }

    func sendMeta(_ harness: ServeHarness, _ body: String) -> (status: Int, body: String) {
        harness.post("/webhooks/tienda/whatsapp_cloud", headers: ["X-Hub-Signature-256": Sign.meta(Self.secret, body),
                                                                   "Content-Type": "application/json"], body: body)
    }

    /// A list's button (and its section's title) is in the bot's language when the menu names none;
    /// `button:` still names it.
    @Test(.timeLimit(.minutes(2)))
    func listButtonSpeaksTheBotsLanguage() throws {
        let meta = try FakeProviderServer(respond: Self.metaOK)
        let flow = """
            flow: main
            vars: {sabor: text, otro: text}
            steps:
              uno:
                menu: "¿Qué sabor?"
                style: list
                options: {a: Frutilla, b: Chocolate, c: Vainilla, d: Limón}
                save: sabor
              dos:
                menu: "¿Y otro?"
                style: list
                button: Elegí acá
                options: {a: Frutilla, b: Chocolate, c: Vainilla, d: Limón}
                save: otro
              fin:
                end: "{{sabor}} {{otro}}"

            """
        let harness = try ServeHarness(channels: Self.metaChannel(meta), mainFlow: flow)
        try harness.start()
        func action(_ containing: String) -> [String: Any]? {
            guard let body = meta.requests.first(where: { $0.body.contains(containing) })?.body,
                  let json = (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] else { return nil }
            return (json["interactive"] as? [String: Any])?["action"] as? [String: Any]
        }
        func titles(_ action: [String: Any]?) -> [String] { (action?["sections"] as? [[String: Any]] ?? []).compactMap { $0["title"] as? String } }
        #expect(sendMeta(harness, MetaPayload.text("hola", id: "wamid.L1")).status == 200)
        #expect(E2E.wait(timeout: 10) { action("¿Qué sabor?") != nil }, "\(meta.requests.map(\.body))\n\(harness.stderr)")
        #expect(action("¿Qué sabor?")?["button"] as? String == "Ver opciones" && titles(action("¿Qué sabor?")) == ["Ver opciones"],
                "es-AR, not Menu: \(action("¿Qué sabor?") ?? [:])")
        #expect(sendMeta(harness, MetaPayload.text("Chocolate", id: "wamid.L2")).status == 200)
        #expect(E2E.wait(timeout: 10) { action("¿Y otro?") != nil }, "\(meta.requests.map(\.body))\n\(harness.stderr)")
        #expect(action("¿Y otro?")?["button"] as? String == "Elegí acá", "\(action("¿Y otro?") ?? [:])")
    }

    /// A contact card shared on WhatsApp answers a phone question with its phone, and an `any`
    /// one saves it as text (not the card's JSON).
    @Test(.timeLimit(.minutes(2)))
    func aSharedContactCardAnswersAPhoneQuestion() throws {
        let meta = try FakeProviderServer(respond: Self.metaOK)
        let flow = """
            flow: main
            vars: {tel: phone, nota: any}
            steps:
              pedir:
                ask: "¿A qué número?"
                save: tel
              otra:
                ask: "¿Y otro contacto?"
                save: nota
              fin:
                end: "tel {{tel}} nota [{{nota}}]"

            """
        let harness = try ServeHarness(channels: Self.metaChannel(meta), mainFlow: flow)
        try harness.start()
        func card(_ id: String) -> String {
            MetaPayload.text("-", id: id).replacingOccurrences(of: #""type":"text","text":{"body":"-"}"#, with: #""type":"contacts","contacts":[{"name":{"formatted_name":"Mamá"},"phones":[{"phone":"+54 9 11 4444-5555","wa_id":"5491144445555","type":"CELL"}]}]"#)
        }
        #expect(sendMeta(harness, MetaPayload.text("hola", id: "wamid.C0")).status == 200)
        #expect(E2E.wait(timeout: 10) { meta.requests.contains { $0.body.contains("¿A qué número?") } }, "\(harness.stderr)")
        #expect(sendMeta(harness, card("wamid.C1")).status == 200)
        #expect(E2E.wait(timeout: 10) { meta.requests.contains { $0.body.contains("¿Y otro contacto?") } }, "\(meta.requests.map(\.body))\n\(harness.stderr)")
        #expect(sendMeta(harness, card("wamid.C2")).status == 200)
        #expect(E2E.wait(timeout: 10) { meta.requests.contains { $0.body.contains("nota [+54 9 11 4444-5555]") } },
                "\(meta.requests.map(\.body))\n\(harness.stderr)")
        let end = meta.requests.first { $0.body.contains("nota [") }?.body ?? ""
        #expect(end.contains("tel +54") || end.contains("tel 54"), "the phone question took the card's phone: \(end)")
    }

    /// A WhatsApp contact known only by its business-scoped user id (sent instead of the number)
    /// has no `contact.phone`: the id is no phone number.
    @Test(.timeLimit(.minutes(2)))
    func contactKnownByUserIdHasNoPhone() throws {
        let meta = try FakeProviderServer(respond: Self.metaOK)
        let harness = try ServeHarness(channels: Self.metaChannel(meta),
                                       mainFlow: "flow: main\nsteps:\n  hi:\n    end: \"tel [{{contact.phone}}] id {{contact.id}}\"\n")
        try harness.start()
        let byId = #"{"object":"whatsapp_business_account","entry":[{"id":"WABA","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550001111","phone_number_id":"1065403522"},"contacts":[{"profile":{"name":"Bob"},"user_id":"US.123456"}],"messages":[{"from_user_id":"US.123456","id":"wamid.BSUID1","timestamp":"1700000000","type":"text","text":{"body":"hola"}}]}}]}]}"#
        #expect(sendMeta(harness, byId).status == 200)
        #expect(sendMeta(harness, MetaPayload.text("hola", id: "wamid.PHONE1")).status == 200)
        #expect(E2E.wait(timeout: 10) { meta.requests.count >= 2 }, "\(harness.stderr)")
        let bodies = meta.requests.map(\.body)
        #expect(bodies.contains { $0.contains("tel [] id US.123456") }, "\(bodies)")
        #expect(bodies.contains { $0.contains("tel [+5491155551234] id 5491155551234") }, "\(bodies)")
    }

    @Test(.timeLimit(.minutes(2)))
    func whatsappCloudConversationEndToEnd() throws {
        let meta = try FakeProviderServer(respond: Self.metaOK)
        let harness = try ServeHarness(channels: Self.metaChannel(meta))
        try harness.start()

        // Meta's verification handshake.
        let verify = HTTPWire.request(port: harness.port, "GET", "/webhooks/tienda/whatsapp_cloud?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=4242")
        #expect(verify.status == 200 && verify.body == "4242")
        #expect(HTTPWire.request(port: harness.port, "GET", "/webhooks/tienda/whatsapp_cloud?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1").status == 403)

        // First message: the bot asks the name.
        #expect(sendMeta(harness, MetaPayload.text("hola", id: "wamid.IN1")).status == 200)
        #expect(E2E.wait(timeout: 10) { meta.requests.count >= 1 }, "no reply reached the fake Meta API:\n\(harness.stderr)")
        let first = try #require(meta.requests.first)
        #expect(first.method == "POST" && first.path == "/v21.0/1065403522/messages")
        #expect(first.headers["authorization"] == "Bearer META-TOKEN")
        #expect(first.body.contains(#""to":"5491155551234""#) && first.body.contains(#""type":"text""#) && first.body.contains("¿Cómo te llamás?"))

        // The name: the bot answers with a 3-button menu.
        #expect(sendMeta(harness, MetaPayload.text("Ana", id: "wamid.IN2")).status == 200)
        #expect(E2E.wait(timeout: 10) { meta.requests.count >= 2 })
        let menu = meta.requests[1].body
        #expect(menu.contains(#""type":"interactive""#) && menu.contains(#""type":"button""#) && menu.contains("Gracias Ana"))
        #expect(menu.contains(#"{"type":"reply","reply":{"id":"empanadas","title":"Empanadas"}}"#))

        // A button tap ends the flow.
        #expect(sendMeta(harness, MetaPayload.button("empanadas", title: "Empanadas", messageId: "wamid.IN3")).status == 200)
        #expect(E2E.wait(timeout: 10) { meta.requests.count >= 3 })
        #expect(meta.requests[2].body.contains("Listo Ana: empanadas"))

        // Status callbacks move the message's status forward only.
        #expect(sendMeta(harness, MetaPayload.status("wamid.OUT2", "read")).status == 200)
        #expect(sendMeta(harness, MetaPayload.status("wamid.OUT2", "delivered")).status == 200)
        let conversation = harness.admin("GET", "/api/v1/bots/tienda/conversations/5491155551234")
        #expect(conversation.status == 200)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(conversation.body.utf8)) as? [String: Any])
        #expect(json["status"] as? String == "ended")
        #expect((json["variables"] as? [String: Any])?["name"] as? String == "Ana")
        let history = json["history"] as? [[String: Any]] ?? []
        #expect(history.filter { $0["direction"] as? String == "inbound" }.count == 3)
        let outbound = history.filter { $0["direction"] as? String == "outbound" }.map { $0["status"] as? String ?? "" }
        #expect(outbound == ["sent", "sent", "read"], "the last reply was read; a late delivered does not take it back")

        // A reply Meta took and could not deliver: the log says why, once (a redelivery is no news).
        let failed = #"{"object":"whatsapp_business_account","entry":[{"id":"WABA","changes":[{"field":"messages","value":{"metadata":{"phone_number_id":"1065403522"},"statuses":[{"id":"wamid.OUT1","recipient_id":"5491155551234","status":"failed","timestamp":"1700000003","errors":[{"code":131047,"title":"Re-engagement message","error_data":{"details":"Message failed to send because more than 24 hours have passed"}}]}]}}]}]}"#
        #expect(sendMeta(harness, failed).status == 200)
        #expect(sendMeta(harness, failed).status == 200)
        #expect(E2E.wait(timeout: 10) { harness.stderr.contains("a sent message was not delivered") }, "\(harness.stderr)")
        #expect(harness.stderr.contains("code 131047 Re-engagement message: Message failed to send because more than 24 hours have passed"), "\(harness.stderr)")
        #expect(harness.stderr.components(separatedBy: "a sent message was not delivered").count == 2, "\(harness.stderr)")

        // The contact as a person writes it is the same contact; the bearer scheme is case-insensitive.
        #expect(harness.admin("GET", "/api/v1/bots/tienda/conversations/+54%209%2011%205555-1234").status == 200)
        // As Twilio writes it (`whatsapp:+…`), or a `tel:` link, too.
        for written in ["whatsapp:+5491155551234", "whatsapp%3A%2B5491155551234", "WhatsApp:+54%209%2011%205555-1234", "tel:+5491155551234"] {
            #expect(harness.admin("GET", "/api/v1/bots/tienda/conversations/\(written)").status == 200, "\(written)")
        }
        let lower = HTTPWire.request(port: harness.port, "GET", "/api/v1/bots/tienda/conversations/5491155551234",
                                     headers: ["Authorization": "bearer admin-token-0123456789"], body: "")
        #expect(lower.status == 200)
        // Release: only a conversation that is with a person.
        #expect(harness.admin("POST", "/api/v1/bots/tienda/conversations/5491100000000/release").status == 404)
        let notHanded = harness.admin("POST", "/api/v1/bots/tienda/conversations/5491155551234/release")
        #expect(notHanded.status == 409 && notHanded.body.contains("ended"), "\(notHanded)")

        #expect(harness.stop() == 0, "SIGTERM shuts down gracefully:\n\(harness.stderr)")
        #expect(!harness.stderr.contains("META-TOKEN") && !harness.stderr.contains(Self.secret), "no secret in the logs")
    }

    /// A `say` or `end` written as a block scalar (`|`) ends in a line break: the provider gets the
    /// text `flowc chat` shows, without it.
    @Test(.timeLimit(.minutes(2)))
    func blockScalarTextsGoOutAsChatShowsThem() throws {
        let fake = try FakeProviderServer { _, n in (200, #"{"ok":true,"result":{"message_id":\#(n)}}"#) }
        let flow = "flow: main\nsteps:\n  hi:\n    say: |\n      Hola\n      mundo\n  bye:\n    end: |\n      Chau\n\n"
        let harness = try ServeHarness(channels: Self.telegramChannel(fake), mainFlow: flow)
        try harness.start()
        #expect(harness.post("/webhooks/tienda/telegram", headers: ["X-Telegram-Bot-Api-Secret-Token": "tg-secret"],
                             body: Self.telegramText("hola", update: 1)).status == 200)
        #expect(E2E.wait(timeout: 10) { fake.requests.count >= 2 }, "\(harness.stderr)")
        let bodies = fake.requests.map(\.body)
        #expect(bodies.contains { $0.contains(#""text":"Hola\nmundo""#) }, "\(bodies)")
        #expect(bodies.contains { $0.contains(#""text":"Chau""#) }, "\(bodies)")
        #expect(!bodies.contains { $0.contains(#"\n""#) }, "no text ends in a line break: \(bodies)")
        let chat = try E2E.flowc(["chat", harness.dir.appendingPathComponent("bots/tienda/flows/main.yaml").path, "--jsonl"], input: "hola\n")
        #expect(chat.stdout.contains(#"{"text":"Hola\nmundo""#) && chat.stdout.contains(#"{"text":"Chau""#), "\(chat)")
    }

    /// A contact who blocked the bot (Telegram answers 403) is not written to again: the failed send
    /// is a dead letter and the conversation ends, so the question's timeout does not fire a reminder.
    @Test(.timeLimit(.minutes(2)))
    func aContactWhoBlockedTheBotIsNotWrittenToAgain() throws {
        let fake = try FakeProviderServer { _, _ in (403, #"{"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"}"#) }
        let flow = "flow: main\nsteps:\n  q:\n    ask: \"¿Cuántas querés?\"\n    save: n\n    timeout: 2s\n    on_timeout: late\n  late:\n    end: \"Se te hizo tarde\"\n"
        let harness = try ServeHarness(channels: Self.telegramChannel(fake), mainFlow: flow)
        try harness.start()
        #expect(harness.post("/webhooks/tienda/telegram", headers: ["X-Telegram-Bot-Api-Secret-Token": "tg-secret"],
                             body: Self.telegramText("hola", update: 1)).status == 200)
        #expect(E2E.wait(timeout: 10) { harness.stderr.contains("the contact stopped receiving messages") }, "\(harness.stderr)")
        let conversation = harness.admin("GET", "/api/v1/bots/tienda/conversations/tg:777")
        #expect(conversation.status == 200 && conversation.body.contains(#""status":"ended""#), "\(conversation)")
        Thread.sleep(forTimeInterval: 3.5)
        #expect(fake.requests.count == 1, "only the question was tried, not the timeout's message: \(fake.requests.map(\.body))")
        #expect(harness.admin("GET", "/api/v1/dead-letters").body.contains("blocked by the user"))
    }

    /// Providers number messages per bot (Telegram per bot and chat): two bots of one daemon may be
    /// given the same id for their sends. Each send is still linked to its message (history says
    /// `sent`, not `queued` forever), and a status goes to the bot whose webhook it came to; a
    /// status for a send stored before ids were scoped by bot still finds it by the provider's id.
    @Test(.enabled(if: E2E.which("sqlite3") != nil), .timeLimit(.minutes(2)))
    func twoBotsGivenTheSameMessageIdsKeepTheirOwn() throws {
        let counter = PerKeyCounter()
        // Each number's sends counted from 0 by the fake Graph API: both bots' first reply is wamid.OUT0.
        let meta = try FakeProviderServer { request, _ in
            (200, #"{"messaging_product":"whatsapp","messages":[{"id":"wamid.OUT\#(counter.next(request.path))"}]}"#)
        }
        let kiosco = """
              - path: bots/kiosco
                channels:
                  - provider: whatsapp_cloud
                    phone_number_id: "1065403523"
                    access_token: "META-TOKEN"
                    app_secret: "\(Self.secret)"
                    verify_token: "verify-me"
                    api_base: "\(meta.url)"
            """
        let harness = try ServeHarness(channels: Self.metaChannel(meta) + "\n" + kiosco)
        try E2E.write(ServeHarness.botYAML.replacingOccurrences(of: "bot: tienda", with: "bot: kiosco"), to: harness.dir, "bots/kiosco/bot.yaml")
        try E2E.write(ServeHarness.mainYAML, to: harness.dir, "bots/kiosco/flows/main.yaml")
        try harness.start()
        func post(_ bot: String, _ body: String) -> Int {
            harness.post("/webhooks/\(bot)/whatsapp_cloud", headers: ["X-Hub-Signature-256": Sign.meta(Self.secret, body), "Content-Type": "application/json"],
                         body: body).status
        }
        func status(_ id: String, _ state: String, number: String) -> String {
            MetaPayload.status(id, state).replacingOccurrences(of: #""phone_number_id":"1065403522""#, with: #""phone_number_id":"\#(number)""#)
        }
        func outbound(_ bot: String) -> [String] {
            let body = harness.admin("GET", "/api/v1/bots/\(bot)/conversations/5491155551234").body
            let json = (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any]
            return (json?["history"] as? [[String: Any]] ?? []).filter { $0["direction"] as? String == "outbound" }.map { $0["status"] as? String ?? "" }
        }
        #expect(post("tienda", MetaPayload.text("hola", id: "wamid.T1")) == 200)
        #expect(post("kiosco", MetaPayload.text("hola", id: "wamid.K1", phoneNumberId: "1065403523")) == 200)
        #expect(E2E.wait(timeout: 10) { outbound("tienda") == ["sent"] && outbound("kiosco") == ["sent"] },
                "both sends linked: \(outbound("tienda")) \(outbound("kiosco"))\n\(harness.stderr)")
        #expect(meta.requests.map(\.path).sorted() == ["/v21.0/1065403522/messages", "/v21.0/1065403523/messages"], "\(meta.requests.map(\.path))")
        // The other number's message at this bot's webhook: acknowledged, not run, and said (a
        // phone_number_id mistyped in flowd.yaml looks like this).
        #expect(post("tienda", MetaPayload.text("hola", from: "5491166660000", id: "wamid.K2", phoneNumberId: "1065403523")) == 200)
        #expect(E2E.wait(timeout: 5) { harness.stderr.contains("webhook events dropped: they are for another phone number than the channel's") },
                "\(harness.stderr)")
        let dropped = harness.stderr.split(separator: "\n").first { $0.contains("another phone number") } ?? ""
        #expect(dropped.contains("received_phone_number_id=1065403523") && dropped.contains("configured_phone_number_id=1065403522")
                && !dropped.contains("META-TOKEN") && !dropped.contains(Self.secret), "\(dropped)")
        #expect(harness.admin("GET", "/api/v1/bots/tienda/conversations/5491166660000").status == 404, "nothing ran")
        let stored = harness.sql("SELECT group_concat(provider_message_id, ' ') FROM (SELECT provider_message_id FROM messages WHERE direction = 'outbound' ORDER BY 1)")
        #expect(stored == "kiosco/whatsapp_cloud/wamid.OUT0 tienda/whatsapp_cloud/wamid.OUT0", "\(stored)")
        // A status reaches the message of the bot whose webhook it came to, and only that one.
        #expect(post("kiosco", status("wamid.OUT0", "read", number: "1065403523")) == 200)
        #expect(E2E.wait(timeout: 5) { outbound("kiosco") == ["read"] }, "\(outbound("kiosco"))")
        #expect(outbound("tienda") == ["sent"])
        #expect(post("tienda", status("wamid.OUT0", "delivered", number: "1065403522")) == 200)
        #expect(E2E.wait(timeout: 5) { outbound("tienda") == ["delivered"] }, "\(outbound("tienda"))")
        #expect(outbound("kiosco") == ["read"])
        // A send stored by an earlier flowc, under the provider's id alone, is still found.
        _ = harness.sql("UPDATE messages SET provider_message_id = 'wamid.OLD' WHERE provider_message_id = 'tienda/whatsapp_cloud/wamid.OUT0'")
        #expect(post("tienda", status("wamid.OLD", "read", number: "1065403522")) == 200)
        #expect(E2E.wait(timeout: 5) { outbound("tienda") == ["read"] }, "\(outbound("tienda"))")
    }

    /// A known path asked with a method it does not take answers 405 with `Allow`, not 404
    /// (Evolution's own paths too); the admin API wants the token before it says 405 or 404; HEAD
    /// of a GET route answers as GET does, without a body.
    @Test(.timeLimit(.minutes(2)))
    func wrongMethodsAre405AndTheAdminAPIAsksForTheTokenFirst() throws {
        let meta = try FakeProviderServer(respond: Self.metaOK)
        let evolution = "      - provider: evolution\n        instance: \"shop\"\n        api_key: \"EVKEY\"\n        webhook_secret: \"ev-secret\"\n        api_base: \"\(meta.url)\""
        let harness = try ServeHarness(channels: Self.metaChannel(meta) + "\n" + evolution)
        try harness.start()
        let token = ["Authorization": "Bearer admin-token-0123456789"]
        func ask(_ method: String, _ path: String, _ headers: [String: String] = [:]) -> (status: Int, headers: [String: String], body: String) {
            HTTPWire.exchange(port: harness.port, method, path, headers: headers)
        }
        for (method, path, allow) in [("GET", "/api/v1/reload", "POST"), ("HEAD", "/api/v1/reload", "POST"),
                                      ("GET", "/api/v1/bots/tienda/conversations/5491155551234/release", "POST"),
                                      ("GET", "/api/v1/bots/tienda/conversations/5491155551234/messages", "POST"),
                                      ("POST", "/api/v1/bots", "GET, HEAD"), ("DELETE", "/api/v1/dead-letters", "GET, HEAD"),
                                      ("PUT", "/api/v1/bots/tienda/conversations/5491155551234", "GET, HEAD"),
                                      ("POST", "/api/v1/bots/tienda/channels/evolution/session/qr", "GET, HEAD")] {
            let r = ask(method, path, token)
            #expect(r.status == 405 && r.headers["allow"] == allow, "\(method) \(path): \(r)")
            let anonymous = ask(method, path)
            #expect(anonymous.status == 401 && anonymous.headers["www-authenticate"] == "Bearer", "\(method) \(path): \(anonymous)")
        }
        // An unknown path: 401 without the token, 404 with it, whatever the method.
        // (A path that ends inside a known one too, and each says so in JSON.)
        for (method, path) in [("GET", "/api/v1/nothing"), ("POST", "/api/v1/nothing/here"), ("GET", "/api/v1/bots/tienda/conversations/5491155551234/x/y"),
                               ("DELETE", "/api/v1/bots/tienda/other"), ("GET", "/api/v1/bots/tienda"), ("GET", "/api/v1/bots/tienda/conversations"),
                               ("POST", "/api/v1/bots/tienda/conversations"), ("GET", "/api/v1/bots/tienda/channels/evolution")] {
            #expect(ask(method, path).status == 401, "\(method) \(path)")
            let r = ask(method, path, token)
            #expect(r.status == 404 && r.body.contains(#""error":"no such path in the admin API""#)
                    && r.headers["content-type"] == "application/json", "\(method) \(path): \(r)")
        }
        // Webhooks: Evolution's paths as every provider's. Only WhatsApp Cloud takes GET (its
        // verification handshake); the others say POST alone.
        for (method, path, allow) in [("PUT", "/webhooks/tienda/evolution", "POST"), ("DELETE", "/webhooks/tienda/evolution", "POST"),
                                      ("PATCH", "/webhooks/tienda/evolution/messages-upsert", "POST"), ("PUT", "/webhooks/tienda/whatsapp_cloud", "GET, POST"),
                                      ("HEAD", "/webhooks/tienda/whatsapp_cloud", "GET, POST"), ("PUT", "/webhooks/tienda/twilio", "POST"),
                                      ("DELETE", "/webhooks/tienda/telegram", "POST"), ("OPTIONS", "/webhooks/tienda/http_bridge", "POST")] {
            let r = ask(method, path)
            #expect(r.status == 405 && r.headers["allow"] == allow, "\(method) \(path): \(r)")
        }
        let get = ask("GET", "/webhooks/tienda/evolution")
        #expect(get.status == 405 && get.headers["allow"] == "POST", "no verification handshake on Evolution: \(get)")
        let post = ask("POST", "/healthz")
        #expect(post.status == 405 && post.headers["allow"] == "GET, HEAD", "\(post)")
        // HEAD of GET routes.
        let head = ask("HEAD", "/healthz")
        #expect(head.status == 200 && head.body.isEmpty, "\(head)")
        #expect(ask("HEAD", "/api/v1/bots", token).status == 200)
        #expect(ask("HEAD", "/api/v1/bots").status == 401)
        // The API's root, and any path under it, tells nothing without a token.
        for path in ["/api/v1", "/api/v1/", "/api/v1/nope"] {
            #expect(ask("GET", path).status == 401, "\(path)")
            #expect(ask("GET", path, token).status == 404, "\(path)")
        }
        // What works still works.
        #expect(ask("GET", "/api/v1/bots", token).status == 200)
        #expect(ask("GET", "/api/v1/bots/tienda/conversations/5491155551234", token).status == 404, "no conversation yet")
    }

    @Test(.timeLimit(.minutes(2)))
    func refusedWebhooksStoreNothing() throws {
        let meta = try FakeProviderServer(respond: Self.metaOK)
        let harness = try ServeHarness(channels: Self.metaChannel(meta), extra: "limits:\n  body_bytes: 4096\n")
        try harness.start()
        let body = MetaPayload.text("hola", id: "wamid.BAD")
        let wrong = harness.post("/webhooks/tienda/whatsapp_cloud", headers: ["X-Hub-Signature-256": Sign.meta("other", body)], body: body)
        #expect(wrong.status == 401)
        #expect(harness.post("/webhooks/tienda/whatsapp_cloud", headers: [:], body: body).status == 401)
        let malformed = "{\"object\": [unclosed"
        #expect(sendMeta(harness, malformed).status == 400)
        #expect(harness.post("/webhooks/nobody/whatsapp_cloud", headers: [:], body: body).status == 404)
        #expect(harness.post("/webhooks/tienda/telegram", headers: [:], body: body).status == 404)
        // A made-up provider is counted as "unknown": callers cannot grow the metrics' label set.
        #expect(harness.post("/webhooks/tienda/made-up-\(UUID().uuidString.prefix(8))", headers: [:], body: body).status == 404)
        let exposition = HTTPWire.request(port: harness.port, "GET", "/metrics", headers: [:], body: "").body
        #expect(exposition.contains(#"provider="unknown""#) && !exposition.contains("made-up-"), "\(exposition)")
        let huge = String(repeating: "x", count: 10_000)
        #expect(harness.post("/webhooks/tienda/whatsapp_cloud", headers: ["X-Hub-Signature-256": Sign.meta(Self.secret, huge)], body: huge).status == 413)
        // A client that writes all of a 10 MB body before it reads still gets its 413.
        let tenMB = String(repeating: "y", count: 10 << 20)
        let started = Date()
        #expect(harness.post("/webhooks/tienda/whatsapp_cloud", headers: [:], body: tenMB).status == 413)
        #expect(Date().timeIntervalSince(started) < 15, "answered, not left writing into a connection nobody reads")
        #expect(harness.post("/webhooks/tienda/whatsapp_cloud", headers: [:], body: body).status != 413, "the connection after it is served")
        var put = HTTPWire.request(port: harness.port, "PUT", "/webhooks/tienda/whatsapp_cloud", headers: [:], body: body)
        #expect(put.status == 405, "\(put)")
        put = HTTPWire.request(port: harness.port, "DELETE", "/webhooks/tienda/whatsapp_cloud")
        #expect(put.status == 405, "\(put)")
        Thread.sleep(forTimeInterval: 1)
        #expect(meta.requests.isEmpty, "no refused webhook ran a turn")
        #expect(harness.admin("GET", "/api/v1/bots/tienda/conversations/5491155551234").status == 404, "nothing stored")
        // The admin API is closed without the token.
        #expect(HTTPWire.request(port: harness.port, "GET", "/api/v1/bots").status == 401)
        #expect(HTTPWire.request(port: harness.port, "GET", "/api/v1/bots", headers: ["Authorization": "Bearer admin-token-012345678X"]).status == 401)
        #expect(harness.admin("GET", "/api/v1/bots").body.contains(#""provider":"whatsapp_cloud""#))
        let metrics = HTTPWire.request(port: harness.port, "GET", "/metrics").body
        #expect(metrics.contains("flowc_webhooks_total") && metrics.contains(#"status="401""#))
    }

    @Test(.timeLimit(.minutes(2)))
    func aWebhookDeliveredFiveTimesRunsOneTurn() throws {
        let meta = try FakeProviderServer(respond: Self.metaOK)
        let harness = try ServeHarness(channels: Self.metaChannel(meta))
        try harness.start()
        let body = MetaPayload.text("hola", id: "wamid.DUP")
        for _ in 0..<5 { #expect(sendMeta(harness, body).status == 200) }
        #expect(E2E.wait(timeout: 10) { meta.requests.count >= 1 })
        Thread.sleep(forTimeInterval: 1.5)
        #expect(meta.requests.count == 1, "one turn, one reply")
        let conversation = harness.admin("GET", "/api/v1/bots/tienda/conversations/5491155551234").body
        #expect(conversation.contains(#""version":1"#))
    }

    @Test(.timeLimit(.minutes(2)))
    func aRestartInTheMiddleOfAConversationGoesOn() throws {
        let meta = try FakeProviderServer(respond: Self.metaOK)
        let harness = try ServeHarness(channels: Self.metaChannel(meta))
        try harness.start()
        #expect(sendMeta(harness, MetaPayload.text("hola", id: "wamid.R1")).status == 200)
        #expect(E2E.wait(timeout: 10) { meta.requests.count >= 1 })
        // Killed only once the send is recorded: a kill between the provider's answer and that
        // record sends the reply again after the restart (at least once), which is not what
        // this test is about (ServeCrashTests is).
        #expect(E2E.wait(timeout: 10) {
            harness.admin("GET", "/api/v1/bots/tienda/conversations/5491155551234").body.contains(#""direction":"outbound","status":"sent""#)
        })
        harness.kill()
        try harness.start()
        #expect(sendMeta(harness, MetaPayload.text("Bea", id: "wamid.R2")).status == 200)
        #expect(E2E.wait(timeout: 10) { meta.requests.count >= 2 }, "\(harness.stderr)")
        #expect(meta.requests.count == 2, "the first reply is not sent again after the restart")
        #expect(meta.requests.last?.body.contains("Gracias Bea") == true)
    }

    @Test(.timeLimit(.minutes(2)))
    func fallbackToTheNextChannelWhenTheFirstKeepsFailing() throws {
        let meta = try FakeProviderServer { _, _ in (500, #"{"error":{"message":"internal","code":1}}"#) }
        let twilio = try FakeProviderServer { _, n in (201, #"{"sid":"SM\#(n)","status":"queued"}"#) }
        let channels = Self.metaChannel(meta) + "\n" + Self.twilioChannel(twilio)
        let harness = try ServeHarness(channels: channels)
        try harness.start()
        #expect(sendMeta(harness, MetaPayload.text("hola", id: "wamid.F1")).status == 200)
        #expect(E2E.wait(timeout: 20) { twilio.requests.count >= 1 }, "twilio never took over:\n\(harness.stderr)")
        #expect(meta.requests.count >= 2, "Meta was tried first")
        let sent = try #require(twilio.requests.first)
        #expect(sent.path == "/2010-04-01/Accounts/AC1/Messages.json")
        #expect(sent.headers["authorization"] == "Basic " + Data("AC1:twilio-token".utf8).base64EncodedString())
        #expect(sent.body.contains("To=whatsapp%3A%2B5491155551234") && sent.body.contains("Body="))
    }

    /// A provider nobody answers at (a closed port) never got the message: its channel's sends fail
    /// over to the next one, and the log says the connection was never made.
    @Test(.timeLimit(.minutes(2)))
    func aRefusedConnectionFailsOverAndSaysSo() throws {
        let twilio = try FakeProviderServer { _, n in (201, #"{"sid":"SM\#(n)","status":"queued"}"#) }
        let closed = Self.metaChannel(url: "http://127.0.0.1:\(E2ELoopbackServer.closedPort())")
        let harness = try ServeHarness(channels: closed + "\n" + Self.twilioChannel(twilio))
        try harness.start()
        #expect(sendMeta(harness, MetaPayload.text("hola", id: "wamid.REFUSED")).status == 200)
        #expect(E2E.wait(timeout: 60) { twilio.requests.count >= 1 }, "twilio never took over:\n\(harness.stderr)")
        #expect(harness.stderr.contains("could not connect"), "\(harness.stderr)")
    }

    /// A flow sees the provider's message id, and the contact's name also in a turn no message
    /// starts (a person's release of a handoff).
    @Test(.timeLimit(.minutes(2)))
    func messageIdAndNameAsTheFlowSeesThem() throws {
        let meta = try FakeProviderServer(respond: Self.metaOK)
        let harness = try ServeHarness(channels: Self.metaChannel(meta))
        try E2E.write("""
            flow: main
            steps:
              hello:
                say: "id={{message.id}} name={{contact.name}}"
              wait:
                handoff: ventas
              back:
                end: "Gracias {{contact.name}}"

            """, to: harness.dir, "bots/tienda/flows/main.yaml")
        try harness.start()
        #expect(sendMeta(harness, MetaPayload.text("hola", id: "wamid.ID1")).status == 200)
        #expect(E2E.wait(timeout: 20) { meta.requests.count >= 1 }, "\(harness.stderr)")
        #expect(meta.requests.first?.body.contains("id=wamid.ID1 name=Ana") == true, "\(meta.requests.first?.body ?? "")")
        #expect(E2E.wait(timeout: 10) { harness.admin("POST", "/api/v1/bots/tienda/conversations/5491155551234/release").status == 202 })
        #expect(E2E.wait(timeout: 20) { meta.requests.count >= 2 }, "\(harness.stderr)")
        #expect(meta.requests.last?.body.contains("Gracias Ana") == true, "\(meta.requests.last?.body ?? "")")
    }

    /// A handoff is seen by the shop: a log line with its queue, the queue and since when in the
    /// conversation, the list of conversations waiting for a person (oldest first), a gauge.
    @Test(.timeLimit(.minutes(2)))
    func handoffsAreListedLoggedAndCounted() throws {
        let meta = try FakeProviderServer(respond: Self.metaOK)
        let harness = try ServeHarness(channels: Self.metaChannel(meta), mainFlow: """
            flow: main
            steps:
              wait:
                handoff: {queue: ventas, message: "Te paso con una persona"}
              back:
                end: "Gracias"

            """)
        try harness.start()
        #expect(harness.admin("GET", "/api/v1/bots/tienda/handoffs").body == "{\"handoffs\":[]}\n")
        #expect(sendMeta(harness, MetaPayload.text("hola", id: "wamid.H1")).status == 200)
        #expect(E2E.wait(timeout: 20) { meta.requests.count >= 1 }, "\(harness.stderr)")
        #expect(sendMeta(harness, MetaPayload.text("hola", from: "5491100000002", id: "wamid.H2")).status == 200)
        #expect(E2E.wait(timeout: 20) { meta.requests.count >= 2 }, "\(harness.stderr)")
        #expect(E2E.wait(timeout: 10) { harness.stderr.components(separatedBy: "handed off to a person").count == 3 }, "\(harness.stderr)")
        let line = harness.stderr.split(separator: "\n").first { $0.contains("handed off to a person") } ?? ""
        #expect(line.contains("bot=tienda") && line.contains("conversation=5491155551234") && line.contains("queue=ventas"), "\(line)")
        let conversation = harness.admin("GET", "/api/v1/bots/tienda/conversations/5491155551234").body
        #expect(conversation.contains(#""status":"handoff","#) && conversation.contains(#""handoff":{"queue":"ventas","since":"#), "\(conversation)")
        let list = harness.admin("GET", "/api/v1/bots/tienda/handoffs").body
        #expect(list.hasPrefix(#"{"handoffs":[{"contact":"5491155551234","queue":"ventas","since":"#), "\(list)")
        #expect(list.contains(#"},{"contact":"5491100000002","queue":"ventas","since":"#), "oldest first: \(list)")
        let one = harness.admin("GET", "/api/v1/bots/tienda/handoffs?limit=1").body
        #expect(one.contains("5491155551234") && !one.contains("5491100000002"), "\(one)")
        for bad in ["0", "abc", "1001"] {
            let refused = harness.admin("GET", "/api/v1/bots/tienda/handoffs?limit=\(bad)")
            #expect(refused.status == 400 && refused.body.contains("limit must be a whole number from 1 to 1000"), "\(refused)")
        }
        #expect(harness.admin("GET", "/api/v1/bots/nope/handoffs").status == 404)
        #expect(HTTPWire.request(port: harness.port, "GET", "/api/v1/bots/tienda/handoffs").status == 401)
        #expect(E2E.wait(timeout: 15) { HTTPWire.request(port: harness.port, "GET", "/metrics").body.contains(#"flowc_handoffs{bot="tienda"} 2"#) },
                "\(HTTPWire.request(port: harness.port, "GET", "/metrics").body)")
        // Released: off the list, and out of the conversation's JSON.
        #expect(harness.admin("POST", "/api/v1/bots/tienda/conversations/5491155551234/release").status == 202)
        // A second release right after it is no release (queued or already done): 409.
        let again = harness.admin("POST", "/api/v1/bots/tienda/conversations/5491155551234/release")
        #expect(again.status == 409, "\(again)")
        #expect(E2E.wait(timeout: 10) { !harness.admin("GET", "/api/v1/bots/tienda/handoffs").body.contains("5491155551234") })
        #expect(E2E.wait(timeout: 10) { !harness.admin("GET", "/api/v1/bots/tienda/conversations/5491155551234").body.contains(#""handoff":"#) })
    }

    /// WhatsApp's 130429 (rate limit hit) is "retry later": the number waits and sends again;
    /// the fallback channel does not take over.
    @Test(.timeLimit(.minutes(2)))
    func aThrottledSendWaitsInsteadOfFallingBack() throws {
        let meta = try FakeProviderServer { _, n in
            n < 2 ? (400, #"{"error":{"message":"Rate limit hit","code":130429}}"#) : (200, #"{"messages":[{"id":"wamid.OUT\#(n)"}]}"#)
        }
        let twilio = try FakeProviderServer { _, n in (201, #"{"sid":"SM\#(n)"}"#) }
        let harness = try ServeHarness(channels: Self.metaChannel(meta) + "\n" + Self.twilioChannel(twilio))
        try harness.start()
        #expect(sendMeta(harness, MetaPayload.text("hola", id: "wamid.T1")).status == 200)
        #expect(E2E.wait(timeout: 20) { meta.requests.count >= 3 }, "\(meta.requests.count) sends:\n\(harness.stderr)")
        Thread.sleep(forTimeInterval: 0.5)
        #expect(twilio.requests.isEmpty, "throttling is no reason to fall back: \(twilio.requests.map(\.body))")
        #expect(!harness.admin("GET", "/api/v1/dead-letters").body.contains("130429"))
    }

    @Test(.timeLimit(.minutes(2)))
    func aPermanentErrorIsADeadLetterWithoutFallback() throws {
        // The error echoes the request's token, as some proxies' errors do: it is masked wherever it is kept.
        let meta = try FakeProviderServer { request, _ in
            (400, #"{"error":{"message":"Re-engagement message (\#(request.headers["authorization"] ?? ""))","code":131047}}"#)
        }
        let twilio = try FakeProviderServer { _, n in (201, #"{"sid":"SM\#(n)"}"#) }
        let channels = Self.metaChannel(meta) + "\n" + Self.twilioChannel(twilio)
        let harness = try ServeHarness(channels: channels)
        try harness.start()
        #expect(sendMeta(harness, MetaPayload.text("hola", id: "wamid.P1")).status == 200)
        #expect(E2E.wait(timeout: 10) { harness.admin("GET", "/api/v1/dead-letters").body.contains("131047") })
        #expect(meta.requests.count == 1 && twilio.requests.isEmpty)
        let dead = harness.admin("GET", "/api/v1/dead-letters").body
        #expect(dead.contains("Bearer [secret]") && !dead.contains("META-TOKEN"), "\(dead)")
        #expect(!harness.stderr.contains("META-TOKEN"), "\(harness.stderr)")
        let exposition = HTTPWire.request(port: harness.port, "GET", "/metrics").body
        #expect(exposition.contains("flowc_dead_letters_total 1"), "\(exposition)")
    }

    /// A contact's pace goes through the outbox (Telegram: bursts of 5, then about one a second per
    /// chat), and one chat's pace holds back no other chat.
    @Test(.timeLimit(.minutes(2)))
    func aChatsPaceHoldsOnlyThatChat() throws {
        let fake = try FakeProviderServer { _, n in (200, #"{"ok":true,"result":{"message_id":\#(n)}}"#) }
        let says = (1...8).map { "  m\($0):\n    say: \"mensaje \($0)\"\n" }.joined()
        let harness = try ServeHarness(channels: Self.telegramChannel(fake), mainFlow: "flow: main\nsteps:\n" + says + "  fin:\n    end: fin\n")
        try harness.start()
        func sent(_ chat: Int) -> Int { fake.requests.filter { $0.body.contains(#""chat_id":\#(chat),"#) }.count }
        let start = Date()
        let path = "/webhooks/tienda/telegram"
        #expect(harness.post(path, headers: ["X-Telegram-Bot-Api-Secret-Token": "tg-secret"], body: Self.telegramText("hola", update: 1, chat: 1)).status == 200)
        #expect(E2E.wait(timeout: 10) { sent(1) >= 5 }, "\(harness.stderr)")
        // While chat 1 waits out its pace, chat 2's burst goes at once.
        #expect(harness.post(path, headers: ["X-Telegram-Bot-Api-Secret-Token": "tg-secret"], body: Self.telegramText("hola", update: 2, chat: 2)).status == 200)
        #expect(E2E.wait(timeout: 10) { sent(2) >= 5 }, "\(harness.stderr)")
        #expect(sent(1) < 9, "chat 1 is still being paced when chat 2's burst has gone: \(sent(1))")
        #expect(E2E.wait(timeout: 15) { sent(1) == 9 && sent(2) == 9 }, "every message goes in the end: \(sent(1)) \(sent(2))")
        #expect(Date().timeIntervalSince(start) >= 3, "the four past the burst took about a second each")
    }

    /// Each provider: a signed (or secret-carrying) webhook in, the flow's reply out at its API.
    @Test(.timeLimit(.minutes(3)), arguments: ["twilio", "telegram", "evolution", "http_bridge"])
    func eachProviderEndToEnd(_ provider: String) throws {
        let fake = try FakeProviderServer { request, n in
            switch provider {
            case "telegram": (200, #"{"ok":true,"result":{"message_id":\#(n)}}"#)
            case "evolution": (201, #"{"key":{"id":"EV\#(n)"}}"#)
            case "http_bridge": (202, #"{"messageId":"BR\#(n)"}"#)
            default: (201, #"{"sid":"SM\#(n)"}"#)
            }
        }
        let channel: String
        switch provider {
        case "telegram":
            channel = Self.telegramChannel(fake)
        case "evolution":
            channel = "      - provider: evolution\n        instance: \"shop\"\n        api_key: \"EVKEY\"\n        webhook_secret: \"ev-secret\"\n        api_base: \"\(fake.url)\""
        case "http_bridge":
            channel = "      - provider: http_bridge\n        token: \"BRTOKEN\"\n        secret: \"bridge-secret\"\n        api_base: \"\(fake.url)\""
        default:
            channel = "      - provider: twilio\n        account_sid: \"AC1\"\n        auth_token: \"tw-token\"\n        from: \"+14155238886\"\n        api_base: \"\(fake.url)\""
        }
        let harness = try ServeHarness(channels: channel)
        try harness.start()
        let path = "/webhooks/tienda/\(provider)"
        let status: Int
        switch provider {
        case "telegram":
            let body = #"{"update_id":5,"message":{"message_id":1,"from":{"id":77,"first_name":"Ana"},"chat":{"id":77,"type":"private"},"date":1700000000,"text":"hola"}}"#
            #expect(harness.post(path, headers: ["X-Telegram-Bot-Api-Secret-Token": "nope"], body: body).status == 401)
            status = harness.post(path, headers: ["X-Telegram-Bot-Api-Secret-Token": "tg-secret"], body: body).status
        case "evolution":
            let body = #"{"event":"messages.upsert","instance":"shop","data":{"key":{"remoteJid":"5491155551234@s.whatsapp.net","fromMe":false,"id":"EVIN1"},"pushName":"Ana","message":{"conversation":"hola"},"messageTimestamp":1700000000},"apikey":"x"}"#
            #expect(harness.post(path + "?secret=wrong", headers: [:], body: body).status == 401)
            // With `webhook_by_events`, Evolution appends the event to the URL.
            status = harness.post(path + "/messages-upsert?secret=ev-secret", headers: [:], body: body).status
        case "http_bridge":
            let body = #"{"id":"e1","type":"message","session":"default","timestamp":1700000000,"data":{"messageId":"BRIN1","from":"5491155551234","isGroup":false,"fromMe":false,"name":"Ana","kind":"text","text":"hola"}}"#
            let ts = String(Int(Date().timeIntervalSince1970))
            #expect(harness.post(path, headers: ["X-Bridge-Timestamp": "1000", "X-Bridge-Signature": Sign.bridge("bridge-secret", timestamp: "1000", body)], body: body).status == 401,
                    "an old timestamp is a replay")
            status = harness.post(path, headers: ["X-Bridge-Timestamp": ts, "X-Bridge-Signature": Sign.bridge("bridge-secret", timestamp: ts, body)], body: body).status
        default:
            let form = [("MessageSid", "SMIN1"), ("AccountSid", "AC1"), ("From", "whatsapp:+5491155551234"), ("To", "whatsapp:+14155238886"),
                        ("Body", "hola"), ("NumMedia", "0"), ("ProfileName", "Ana")]
            let url = "http://127.0.0.1:\(harness.port)\(path)"
            #expect(harness.post(path, headers: ["X-Twilio-Signature": "AAAA", "Content-Type": "application/x-www-form-urlencoded"], body: Sign.form(form)).status == 401)
            status = harness.post(path, headers: ["X-Twilio-Signature": Sign.twilio("tw-token", url: url, form: form),
                                                  "Content-Type": "application/x-www-form-urlencoded"], body: Sign.form(form)).status
        }
        #expect(status == 200)
        #expect(E2E.wait(timeout: 10) { fake.requests.count >= 1 }, "no reply for \(provider):\n\(harness.stderr)")
        let sent = try #require(fake.requests.first)
        #expect(sent.body.contains("Cómo te llamás") || sent.body.contains("C%C3%B3mo%20te%20llam%C3%A1s"), "\(sent.body)")
        if provider == "http_bridge" {
            // The bridge's pairing session is proxied by the admin API.
            let session = harness.admin("GET", "/api/v1/bots/tienda/channels/http_bridge/session/qr")
            #expect(session.status == 202 || session.status == 200)
            #expect(E2E.wait(timeout: 5) { fake.requests.contains { $0.method == "GET" && $0.path == "/v1/sessions/default/qr" && $0.headers["authorization"] == "Bearer BRTOKEN" } })
            #expect(harness.admin("GET", "/api/v1/bots/tienda/channels/whatsapp_cloud/session").status == 404)
        }
        if provider == "telegram" {
            // A button press is answered with answerCallbackQuery.
            let press = #"{"update_id":6,"callback_query":{"id":"cb-9","from":{"id":77,"first_name":"Ana"},"message":{"message_id":2,"chat":{"id":77,"type":"private"}},"data":"Ana"}}"#
            #expect(harness.post(path, headers: ["X-Telegram-Bot-Api-Secret-Token": "tg-secret"], body: press).status == 200)
            #expect(E2E.wait(timeout: 10) { fake.requests.contains { $0.path == "/bot123:ABC/answerCallbackQuery" && $0.body.contains("cb-9") } })
        }
        switch provider {
        case "telegram": #expect(sent.path == "/bot123:ABC/sendMessage" && sent.body.contains(#""chat_id":77,"#))
        case "evolution": #expect(sent.path == "/message/sendText/shop" && sent.headers["apikey"] == "EVKEY")
        case "http_bridge": #expect(sent.path == "/v1/sessions/default/messages" && sent.headers["idempotency-key"] != nil)
        default: #expect(sent.path == "/2010-04-01/Accounts/AC1/Messages.json")
        }
    }

    /// A bot on WhatsApp first and Telegram second: a Telegram user is answered on Telegram
    /// (provider affinity), never through WhatsApp, and a WhatsApp user on WhatsApp.
    @Test(.timeLimit(.minutes(2)))
    func repliesGoBackThroughTheChannelTheyCameIn() throws {
        let meta = try FakeProviderServer(respond: Self.metaOK)
        let telegram = try FakeProviderServer { _, n in (200, #"{"ok":true,"result":{"message_id":\#(n)}}"#) }
        let channels = Self.metaChannel(meta)
            + "\n" + Self.telegramChannel(telegram)
        let harness = try ServeHarness(channels: channels)
        try harness.start()
        #expect(harness.post("/webhooks/tienda/telegram", headers: ["X-Telegram-Bot-Api-Secret-Token": "tg-secret"],
                             body: Self.telegramText("hola", update: 5)).status == 200)
        #expect(E2E.wait(timeout: 10) { telegram.requests.contains { $0.path == "/bot123:ABC/sendMessage" } }, "\(harness.stderr)")
        #expect(harness.post("/webhooks/tienda/telegram", headers: ["X-Telegram-Bot-Api-Secret-Token": "tg-secret"],
                             body: Self.telegramText("Ana", update: 6)).status == 200)
        #expect(E2E.wait(timeout: 10) { telegram.requests.filter { $0.path == "/bot123:ABC/sendMessage" }.count >= 2 }, "\(harness.stderr)")
        // A person's message from the admin API goes where the contact last wrote from.
        #expect(harness.admin("POST", "/api/v1/bots/tienda/conversations/tg:777/messages", body: #"{"text":"Soy Juan, de la tienda"}"#).status == 202)
        #expect(E2E.wait(timeout: 10) { telegram.requests.contains { $0.body.contains("Soy Juan") } }, "\(harness.stderr)")
        #expect(sendMeta(harness, MetaPayload.text("hola", id: "wamid.AFF1")).status == 200)
        #expect(E2E.wait(timeout: 10) { meta.requests.count >= 1 }, "\(harness.stderr)")
        #expect(meta.requests.allSatisfy { !$0.body.contains(#""to":"777""#) }, "a Telegram user's reply went out on WhatsApp: \(meta.requests.map(\.body))")
    }

    /// A contact who writes on the second WhatsApp channel (Twilio) gets an agent's message there
    /// too, not from the first channel's number.
    @Test(.timeLimit(.minutes(2)))
    func anAgentsMessageGoesWhereTheContactWrote() throws {
        let meta = try FakeProviderServer(respond: Self.metaOK)
        let twilio = try FakeProviderServer { _, n in (201, #"{"sid":"SM\#(n)"}"#) }
        let harness = try ServeHarness(channels: Self.metaChannel(meta) + "\n" + Self.twilioChannel(twilio))
        try harness.start()
        let path = "/webhooks/tienda/twilio"
        let form = [("MessageSid", "SMIN1"), ("AccountSid", "AC1"), ("From", "whatsapp:+5491155551234"), ("To", "whatsapp:+14155238886"),
                    ("Body", "hola"), ("NumMedia", "0"), ("ProfileName", "Ana")]
        let url = "http://127.0.0.1:\(harness.port)\(path)"
        let status = harness.post(path, headers: ["X-Twilio-Signature": Sign.twilio("twilio-token", url: url, form: form),
                                                  "Content-Type": "application/x-www-form-urlencoded"], body: Sign.form(form)).status
        #expect(status == 200)
        #expect(E2E.wait(timeout: 10) { twilio.requests.count >= 1 }, "\(harness.stderr)")
        #expect(harness.admin("POST", "/api/v1/bots/tienda/conversations/5491155551234/messages", body: #"{"text":"Soy Juan"}"#).status == 202)
        #expect(E2E.wait(timeout: 10) { twilio.requests.contains { $0.body.contains("Soy%20Juan") || $0.body.contains("Soy+Juan") } },
                "\(twilio.requests.map(\.body)) \(harness.stderr)")
        #expect(meta.requests.isEmpty, "\(meta.requests.map(\.body))")
        // A person's text longer than Twilio's 1,600 characters goes out whole, in parts cut at spaces.
        let words = (1...700).map { "w\($0)" }
        let long = words.joined(separator: " ")
        #expect(harness.admin("POST", "/api/v1/bots/tienda/conversations/5491155551234/messages", body: #"{"text":"\#(long)"}"#).status == 202)
        #expect(E2E.wait(timeout: 10) { twilio.requests.contains { $0.body.contains("w700") } }, "\(harness.stderr)")
        let parts = twilio.requests.compactMap { Sign.formValue($0.body, "Body") }.filter { $0.hasPrefix("w") }
        #expect(parts.count == 3 && parts.allSatisfy { $0.utf16.count <= 1600 }, "\(parts.map(\.count))")
        #expect(parts.joined(separator: " ") == long)
        // A body over the limit is refused as too large, not as malformed.
        let huge = String(repeating: "a", count: 300_000)
        #expect(harness.admin("POST", "/api/v1/bots/tienda/conversations/5491155551234/messages", body: #"{"text":"\#(huge)"}"#).status == 413)
    }

    /// Fallback stays on the contact's network: a Telegram chat whose Telegram sends fail is
    /// retried on Telegram, never handed to the WhatsApp channel (which cannot reach it).
    @Test(.timeLimit(.minutes(2)))
    func fallbackNeverCrossesNetworks() throws {
        let meta = try FakeProviderServer(respond: Self.metaOK)
        let telegram = try FakeProviderServer { _, _ in (500, #"{"ok":false,"error_code":500,"description":"Internal Server Error"}"#) }
        let channels = Self.metaChannel(meta)
            + "\n" + Self.telegramChannel(telegram)
        let harness = try ServeHarness(channels: channels)
        try harness.start()
        #expect(harness.post("/webhooks/tienda/telegram", headers: ["X-Telegram-Bot-Api-Secret-Token": "tg-secret"],
                             body: Self.telegramText("hola", update: 5)).status == 200)
        #expect(E2E.wait(timeout: 15) { telegram.requests.count >= 3 }, "retried on Telegram: \(harness.stderr)")
        #expect(meta.requests.isEmpty, "handed to WhatsApp: \(meta.requests.map(\.body))")
    }

    /// HTTP actions cannot reach loopback unless the bot allows it (SSRF guard).
    @Test(.timeLimit(.minutes(2)), arguments: [false, true])
    func httpActionsStayOffPrivateAddresses(_ allow: Bool) throws {
        let meta = try FakeProviderServer(respond: Self.metaOK)
        let api = try FakeProviderServer { _, _ in (200, #"{"id":"X42"}"#) }
        let bot = "    env: {API_URL: \"\(api.url)\"}\n" + (allow ? "    allow_private_network: true\n" : "")
        let harness = try ServeHarness(channels: Self.metaChannel(meta), bot: bot)
        try harness.start()
        #expect(sendMeta(harness, MetaPayload.text("api", id: "wamid.API")).status == 200)
        #expect(E2E.wait(timeout: 10) { meta.requests.count >= 1 }, "\(harness.stderr)")
        if allow {
            #expect(api.requests.count == 1)
            #expect(meta.requests.first?.body.contains("La API dijo X42") == true)
        } else {
            #expect(api.requests.isEmpty, "the loopback API was never called")
            #expect(meta.requests.first?.body.contains("Falló la API") == true)
        }
    }

    /// A person's message from the admin API while a turn waits on a slow HTTP action: it queues
    /// behind the turn, so the turn is not run again (its action is called once) and both the
    /// turn's reply and the person's message reach the contact, in that order.
    @Test(.timeLimit(.minutes(2)))
    func anAdminMessageWaitsForTheTurnInFlight() throws {
        let meta = try FakeProviderServer(respond: Self.metaOK)
        // The first call answers at once, the second after 0.7 s (the action's timeout is 1 s).
        let api = try FakeProviderServer { _, n in
            if n > 0 { Thread.sleep(forTimeInterval: 0.7) }
            return (200, #"{"id":"X42"}"#)
        }
        let bot = "    env: {API_URL: \"\(api.url)\"}\n    allow_private_network: true\n"
        let harness = try ServeHarness(channels: Self.metaChannel(meta), bot: bot)
        try harness.start()
        let path = "/api/v1/bots/tienda/conversations/5491155551234/messages"
        #expect(harness.admin("POST", path, body: #"{"text":"hola"}"#).status == 404, "no conversation yet")
        #expect(harness.admin("POST", "/api/v1/bots/nope/conversations/5491155551234/messages", body: #"{"text":"hola"}"#).status == 404)
        #expect(sendMeta(harness, MetaPayload.text("api", id: "wamid.ADM1")).status == 200)
        #expect(E2E.wait(timeout: 10) { meta.requests.count >= 1 }, "\(harness.stderr)")
        #expect(harness.admin("POST", path, body: #"{"texto":"x"}"#).status == 400)
        #expect(harness.admin("POST", path, body: #"{"text":"  \n "}"#).status == 400, "blank text is no message")

        #expect(sendMeta(harness, MetaPayload.text("api", id: "wamid.ADM2")).status == 200)
        #expect(E2E.wait(timeout: 5) { api.requests.count >= 2 }, "the slow action started")
        let queued = harness.admin("POST", path, body: #"{"text":"Te escribe Marta, del local"}"#)
        #expect(queued.status == 202, "\(queued.body)")
        #expect(E2E.wait(timeout: 10) { meta.requests.count >= 3 }, "\(meta.requests.map(\.body))\n\(harness.stderr)")
        Thread.sleep(forTimeInterval: 0.5)
        #expect(api.requests.count == 2, "each turn ran once: \(api.requests.count) calls")
        let bodies = meta.requests.map(\.body)
        #expect(bodies.count == 3, "\(bodies)")
        #expect(bodies.dropFirst().first?.contains("La API dijo X42") == true, "the turn's reply first: \(bodies)")
        #expect(bodies.last?.contains("Te escribe Marta") == true, "\(bodies)")
        let conversation = harness.admin("GET", "/api/v1/bots/tienda/conversations/5491155551234").body
        #expect(conversation.contains("Te escribe Marta"), "\(conversation)")
    }

    /// SIGTERM while a turn waits on a slow API: the turn finishes (its answer is used, not cut into
    /// its `on_error`) and commits before the daemon exits; the reply goes out after the restart,
    /// and the API is not called again.
    @Test(.timeLimit(.minutes(2)))
    func sigtermLetsTheTurnInFlightFinish() throws {
        let meta = try FakeProviderServer(respond: Self.metaOK)
        let api = try FakeProviderServer { _, _ in
            Thread.sleep(forTimeInterval: 2)
            return (200, #"{"id":"X42"}"#)
        }
        let bot = "    env: {API_URL: \"\(api.url)\"}\n    allow_private_network: true\n"
        let harness = try ServeHarness(channels: Self.metaChannel(meta), bot: bot, mainFlow: """
            flow: main
            steps:
              pedir:
                http: {post: "{{env.API_URL}}/orders", json: {qty: 1}, timeout: 8s}
                save: r
                on_error: oops
              listo:
                end: "Listo {{r.id}}"
              oops:
                end: "Error"

            """)
        try harness.start()
        #expect(sendMeta(harness, MetaPayload.text("hola", id: "wamid.TERM1")).status == 200)
        #expect(E2E.wait(timeout: 10) { api.requests.count >= 1 }, "the slow call started: \(harness.stderr)")
        Thread.sleep(forTimeInterval: 0.3)
        #expect(harness.stop() == 0, "SIGTERM waits for the turn and exits 0:\n\(harness.stderr)")
        if E2E.which("sqlite3") != nil {
            #expect(harness.sql("SELECT count(*) FROM inbox WHERE processed_at IS NULL") == "0", "the turn committed")
        }

        try harness.start()
        #expect(E2E.wait(timeout: 20) { meta.requests.contains { $0.body.contains("Listo X42") } },
                "\(meta.requests.map(\.body))\n\(harness.stderr)")
        Thread.sleep(forTimeInterval: 0.5)
        #expect(!meta.requests.contains { $0.body.contains("Error") }, "\(meta.requests.map(\.body))")
        #expect(api.requests.count == 1, "the API was called once: \(api.requests.count)")
        _ = harness.stop()
    }

    /// A step's `delay` is a pause before its message on WhatsApp too: the message (and the turn's
    /// later ones) goes out that much after the ones before it.
    @Test(.timeLimit(.minutes(2)))
    func aDelayPausesBeforeItsMessage() throws {
        let times = Mutex<[Date]>([])
        let meta = try FakeProviderServer { _, n in
            times.withLock { $0.append(Date()) }
            return (200, #"{"messages":[{"id":"wamid.D\#(n)"}]}"#)
        }
        let flow = """
            flow: main
            steps:
              hi:
                say: "Hola"
              wait:
                say: "Te cuento…"
                delay: 2s
              bye:
                end: "Listo"
            """
        let harness = try ServeHarness(channels: Self.metaChannel(meta), mainFlow: flow)
        try harness.start()
        #expect(sendMeta(harness, MetaPayload.text("hola", id: "wamid.DELAY")).status == 200)
        #expect(E2E.wait(timeout: 15) { meta.requests.count == 3 }, "\(harness.stderr)")
        let at = times.withLock { $0 }
        let bodies = meta.requests.map(\.body)
        #expect(bodies.first?.contains("Hola") == true && bodies.last?.contains("Listo") == true, "in order: \(bodies)")
        if at.count == 3 {
            #expect(at[1].timeIntervalSince(at[0]) >= 1.8, "the pause before the second: \(at[1].timeIntervalSince(at[0]))")
            #expect(at[2].timeIntervalSince(at[1]) < 1.5, "no pause before the third")
        }
    }

    /// A locked database answers 503 (the provider retries), never a 2xx that drops the message;
    /// the admin API's "send a message" answers 503 too, and sends nothing it did not store.
    @Test(.enabled(if: E2E.which("sqlite3") != nil), .timeLimit(.minutes(2)))
    func aLockedDatabaseAnswers503AndTheRetryIsServed() throws {
        let meta = try FakeProviderServer(respond: Self.metaOK)
        let harness = try ServeHarness(channels: Self.metaChannel(meta))
        try harness.start()
        // A conversation to write to from the admin API while the database is locked.
        #expect(sendMeta(harness, MetaPayload.text("hola", from: "5491100000009", id: "wamid.PRE")).status == 200)
        #expect(E2E.wait(timeout: 10) { meta.requests.count == 1 }, "\(harness.stderr)")
        let adminPath = "/api/v1/bots/tienda/conversations/5491100000009/messages"
        let lock = try StoreLock(harness)
        defer { lock.end() }
        Thread.sleep(forTimeInterval: 0.5)
        let body = MetaPayload.text("hola", id: "wamid.LOCK")
        #expect(sendMeta(harness, body).status == 503)
        let notReady = HTTPWire.request(port: harness.port, "GET", "/readyz")
        #expect(notReady.status == 503 && notReady.body.contains("refuses writes"), "readiness says the store refuses writes: \(notReady)")
        let refused = harness.admin("POST", adminPath, body: #"{"text":"Te escribe Marta"}"#)
        #expect(refused.status == 503, "\(refused.body)")
        #expect(refused.body.contains("error"), "\(refused.body)")
        try lock.release()
        Thread.sleep(forTimeInterval: 0.3)
        #expect(meta.requests.count == 1, "nothing ran while the database was locked: \(meta.requests.map(\.body))")
        #expect(sendMeta(harness, body).status == 200, "the provider's retry is stored")
        #expect(HTTPWire.request(port: harness.port, "GET", "/readyz").status == 200, "ready again once a write went through")
        #expect(E2E.wait(timeout: 10) { meta.requests.count == 2 }, "\(harness.stderr)")
        #expect(harness.admin("POST", adminPath, body: #"{"text":"Te escribe Marta"}"#).status == 202, "served once unlocked")
        #expect(E2E.wait(timeout: 10) { meta.requests.count == 3 }, "\(harness.stderr)")
        let bodies = meta.requests.map(\.body)
        #expect(bodies.filter { $0.contains("Te escribe Marta") }.count == 1, "the refused message was never sent: \(bodies)")
    }

    /// A reply that went out while the database was locked (its outcome could not be stored) is
    /// stored once the lock goes, and never sent a second time.
    @Test(.enabled(if: E2E.which("sqlite3") != nil), .timeLimit(.minutes(2)))
    func aSendWhoseOutcomeCannotBeStoredIsNotSentAgain() throws {
        // The provider takes 2 s to answer: the lock comes while the send is out.
        let meta = try Self.slowMeta(seconds: 2)
        let harness = try ServeHarness(channels: Self.metaChannel(meta))
        try harness.start()
        #expect(sendMeta(harness, MetaPayload.text("hola", from: "5491100000011", id: "wamid.OUT1")).status == 200)
        #expect(E2E.wait(timeout: 10) { meta.requests.count == 1 }, "\(harness.stderr)")
        let lock = try StoreLock(harness)
        defer { lock.end() }
        // Held past the send's answer, the store's 5 s busy wait, and a few claims of the item.
        Thread.sleep(forTimeInterval: 10)
        try lock.release()
        let stored = E2E.wait(timeout: 15) {
            harness.sql("SELECT count(*) FROM outbox WHERE status = 'sent'") == "1"
        }
        #expect(stored, "the send's outcome is stored once the lock goes: \(harness.sql("SELECT status, attempts FROM outbox"))\n\(harness.stderr)")
        Thread.sleep(forTimeInterval: 1)
        #expect(meta.requests.count == 1, "the reply went out once: \(meta.requests.count) sends\n\(harness.stderr)")
    }

    /// SIGHUP recompiles the bots: new conversations get the new flow, a conversation in flight
    /// stays on the bundle it started on.
    @Test(.timeLimit(.minutes(2)))
    func reloadSwapsBundlesAndKeepsConversationsOnTheirOwn() throws {
        let meta = try FakeProviderServer(respond: Self.metaOK)
        let harness = try ServeHarness(channels: Self.metaChannel(meta))
        try harness.start()
        #expect(sendMeta(harness, MetaPayload.text("hola", from: "5491100000001", id: "wamid.A1")).status == 200)
        #expect(E2E.wait(timeout: 10) { meta.requests.count >= 1 })
        let before = harness.admin("GET", "/api/v1/bots").body
        let changed = ServeHarness.mainYAML.replacingOccurrences(of: "¡Hola! ¿Cómo te llamás?", with: "¡Buenas! ¿Tu nombre?")
            .replacingOccurrences(of: "Gracias {{name}}.", with: "Genial {{name}}.")
        try E2E.write(changed, to: harness.dir, "bots/tienda/flows/main.yaml")
        let pid = try #require(harness.process?.process.processIdentifier)
        kill(pid, SIGHUP)
        #expect(E2E.wait(timeout: 20) { harness.admin("GET", "/api/v1/bots").body != before }, "the bundle hash changes after SIGHUP")
        // A new conversation starts on the new bundle.
        #expect(sendMeta(harness, MetaPayload.text("hola", from: "5491100000002", id: "wamid.B1")).status == 200)
        #expect(E2E.wait(timeout: 10) { meta.requests.contains { $0.body.contains("¡Buenas! ¿Tu nombre?") } }, "\(harness.stderr)")
        // The first conversation finishes on the old one.
        #expect(sendMeta(harness, MetaPayload.text("Ana", from: "5491100000001", id: "wamid.A2")).status == 200)
        #expect(E2E.wait(timeout: 10) { meta.requests.contains { $0.body.contains("Gracias Ana") } }, "\(harness.stderr)")
        #expect(!meta.requests.contains { $0.body.contains("Genial Ana") })

        // Old bundles are kept while a conversation in flight runs on them, then deleted.
        let bundles = harness.dir.appendingPathComponent("state/flowd.sqlite.bundles").path
        func kept() -> Set<String> {
            Set(((try? FileManager.default.contentsOfDirectory(atPath: bundles)) ?? []).filter { $0.hasSuffix(".flowb") }.map { String($0.dropLast(6)) })
        }
        func hash(_ json: String) -> String? {
            json.firstRange(of: #/"hash":"([0-9a-f]+)"/#).map { String(json[$0].dropFirst(8).dropLast()) }
        }
        let first = try #require(hash(before)), second = try #require(hash(harness.admin("GET", "/api/v1/bots").body))
        #expect(kept() == [first, second], "the first bundle stays while conversation 1 runs on it")
        #expect(sendMeta(harness, MetaPayload.text("1", from: "5491100000001", id: "wamid.A3")).status == 200)
        #expect(E2E.wait(timeout: 10) { meta.requests.contains { $0.body.contains("Listo Ana: pizza") } }, "\(harness.stderr)")
        try E2E.write(changed.replacingOccurrences(of: "Listo {{name}}", with: "Hecho {{name}}"), to: harness.dir, "bots/tienda/flows/main.yaml")
        let third = harness.admin("POST", "/api/v1/reload")
        #expect(third.status == 200, "\(third.body)")
        let thirdHash = try #require(hash(third.body))
        #expect(kept() == [second, thirdHash], "conversation 1 ended: its bundle is deleted; conversation 2 still runs on the second")

        // A broken edit is refused and the running bots stay.
        try E2E.write("flow: main\nsteps: {}\n", to: harness.dir, "bots/tienda/flows/main.yaml")
        let reload = harness.admin("POST", "/api/v1/reload")
        #expect(reload.status == 422, "\(reload.body)")
        #expect(sendMeta(harness, MetaPayload.text("hola", from: "5491100000003", id: "wamid.C1")).status == 200)
        #expect(E2E.wait(timeout: 10) { meta.requests.filter { $0.body.contains("¡Buenas! ¿Tu nombre?") }.count == 2 })
    }

    /// A reload reads flowd.yaml again: a bot added is served, one removed is gone, a channel's new
    /// secret and new admin tokens hold at once; what only a restart can apply is named and stays as
    /// it runs; a config with a mistake is refused at its line:col and changes nothing.
    @Test(.timeLimit(.minutes(2)))
    func reloadReadsTheConfigAgain() throws {
        let meta = try FakeProviderServer(respond: Self.metaOK)
        let harness = try ServeHarness(channels: Self.metaChannel(meta))
        try harness.start()
        try E2E.write(ServeHarness.botYAML.replacingOccurrences(of: "bot: tienda", with: "bot: otra"), to: harness.dir, "bots/otra/bot.yaml")
        try E2E.write(ServeHarness.mainYAML, to: harness.dir, "bots/otra/flows/main.yaml")
        let newToken = "new-admin-token-0123456789"
        func admin(_ method: String, _ path: String, token: String = newToken) -> (status: Int, body: String) {
            HTTPWire.request(port: harness.port, method, path, headers: ["Authorization": "Bearer \(token)"], body: "")
        }
        func config(otra: Bool, first: String = "listen: 127.0.0.1:\(harness.port + 1)") -> String {
            let second = otra ? "  - path: bots/otra\n    channels:\n" + Self.metaChannel(meta).replacingOccurrences(of: Self.secret, with: "otra-secret") : ""
            return """
                \(first)
                store: sqlite:state/flowd.sqlite
                bots:
                  - path: bots/tienda
                    channels:
                \(Self.metaChannel(meta).replacingOccurrences(of: Self.secret, with: "rotated-secret"))
                \(second)
                admin:
                  tokens: ["\(newToken)"]
                limits:
                  max_attempts: 3

                """
        }
        func otraWebhook(_ id: String) -> Int {
            let body = MetaPayload.text("hola", id: id)
            return harness.post("/webhooks/otra/whatsapp_cloud", headers: ["X-Hub-Signature-256": Sign.meta("otra-secret", body),
                                                                           "Content-Type": "application/json"], body: body).status
        }
        #expect(otraWebhook("wamid.O0") == 404)

        try E2E.write(config(otra: true), to: harness.dir, "flowd.yaml")
        let reload = harness.admin("POST", "/api/v1/reload")
        #expect(reload.status == 200, "\(reload.body)")
        #expect(reload.body.contains(#""added":["otra"],"removed":[],"restart_needed":["listen","limits.max_attempts"]"#), "\(reload.body)")
        #expect(E2E.wait(timeout: 5) { harness.stderr.contains("restart flowc to apply it") }, "\(harness.stderr)")
        #expect(harness.stderr.contains("keys=listen, limits.max_attempts"), "\(harness.stderr)")
        // The admin tokens are the new ones; the daemon still listens where it started.
        #expect(harness.admin("GET", "/api/v1/bots").status == 401)
        #expect(admin("GET", "/api/v1/bots").body.contains(#""id":"otra""#))
        // The new bot answers; the rotated app secret holds, the old one no longer does.
        #expect(otraWebhook("wamid.O1") == 200)
        #expect(E2E.wait(timeout: 10) { meta.requests.count >= 1 }, "\(harness.stderr)")
        #expect(sendMeta(harness, MetaPayload.text("hola", id: "wamid.T1")).status == 401)
        let rotated = MetaPayload.text("hola", id: "wamid.T2")
        #expect(harness.post("/webhooks/tienda/whatsapp_cloud", headers: ["X-Hub-Signature-256": Sign.meta("rotated-secret", rotated),
                                                                          "Content-Type": "application/json"], body: rotated).status == 200)

        // A mistake is refused where it is, and nothing changes.
        try E2E.write(config(otra: false, first: "listn: 127.0.0.1:\(harness.port)"), to: harness.dir, "flowd.yaml")
        let refused = admin("POST", "/api/v1/reload")
        #expect(refused.status == 422 && refused.body.contains("flowd.yaml:1:1: unknown key `listn`; did you mean `listen`?"), "\(refused.body)")
        #expect(otraWebhook("wamid.O2") == 200, "the running bots stay")
        #expect(admin("GET", "/api/v1/bots").status == 200, "the running tokens stay")

        // SIGHUP does the same: the bot taken out of the config is no longer served.
        try E2E.write(config(otra: false), to: harness.dir, "flowd.yaml")
        kill(try #require(harness.process?.process.processIdentifier), SIGHUP)
        #expect(E2E.wait(timeout: 20) { otraWebhook("wamid.O3") == 404 }, "\(harness.stderr)")
        #expect(E2E.wait(timeout: 5) { harness.stderr.contains(#"removed=["otra"]"#) }, "\(harness.stderr)")
    }

    /// One contact flooding is refused with 429 (the provider retries later) while another
    /// contact is answered as usual.
    @Test(.timeLimit(.minutes(2)))
    func aFloodingContactIsRateLimitedAlone() throws {
        let meta = try FakeProviderServer(respond: Self.metaOK)
        let harness = try ServeHarness(channels: Self.metaChannel(meta))
        try harness.start()
        var statuses: [Int] = []
        for i in 0..<100 {
            statuses.append(sendMeta(harness, MetaPayload.text("spam \(i)", from: "5491100000666", id: "wamid.FLOOD\(i)")).status)
        }
        #expect(statuses.filter { $0 == 429 }.count >= 50, "most of a 100-message burst is refused: \(statuses)")
        #expect(statuses.prefix(5).allSatisfy { $0 == 200 }, "the first messages of the burst are taken")
        // An album of a dozen photos arrives as a dozen webhooks at once: all of it is taken.
        let album = (0..<12).map { sendMeta(harness, MetaPayload.text("foto \($0)", from: "5491100000888", id: "wamid.ALBUM\($0)")).status }
        #expect(album.allSatisfy { $0 == 200 }, "\(album)")
        #expect(sendMeta(harness, MetaPayload.text("hola", from: "5491100000777", id: "wamid.CALM")).status == 200)
        #expect(E2E.wait(timeout: 10) { meta.requests.contains { $0.body.contains(#""to":"5491100000777""#) } },
                "the calm contact is answered while the other floods")
    }

    /// Redeliveries of a message already stored are acknowledged (the inbox drops them), not
    /// counted against the contact's rate; one webhook with more messages than the burst is taken.
    @Test(.timeLimit(.minutes(2)))
    func redeliveriesAndBigBatchesAreNotRateLimited() throws {
        let meta = try FakeProviderServer(respond: Self.metaOK)
        let harness = try ServeHarness(channels: Self.metaChannel(meta))
        try harness.start()
        let again = MetaPayload.text("hola", from: "5491100000888", id: "wamid.AGAIN")
        let statuses = (0..<15).map { _ in sendMeta(harness, again).status }
        #expect(statuses.allSatisfy { $0 == 200 }, "a redelivered message is answered 2xx every time: \(statuses)")
        let batch = MetaPayload.texts((0..<12).map { "m\($0)" }, from: "5491100000999", ids: (0..<12).map { "wamid.BATCH\($0)" })
        #expect(sendMeta(harness, batch).status == 200, "12 messages in one webhook (burst 10) are taken, not refused forever")
        #expect(E2E.wait(timeout: 10) { meta.requests.contains { $0.body.contains(#""to":"5491100000999""#) } })
        #expect(meta.requests.filter { $0.body.contains(#""to":"5491100000888""#) }.count == 1, "one turn for the redelivered message")
    }

    /// A batch's messages run in the order the provider stamped them, not the order it listed them.
    @Test(.timeLimit(.minutes(2)))
    func aBatchRunsInTimestampOrder() throws {
        let meta = try FakeProviderServer(respond: Self.metaOK)
        let harness = try ServeHarness(channels: Self.metaChannel(meta))
        try harness.start()
        let batch = MetaPayload.texts(["Ana", "hola"], from: "5491100000444", ids: ["wamid.LATE", "wamid.EARLY"],
                                      timestamps: [1_700_000_005, 1_700_000_000])
        #expect(sendMeta(harness, batch).status == 200)
        #expect(E2E.wait(timeout: 20) { meta.requests.contains { $0.body.contains("Gracias Ana") } },
                "hola (stamped first) starts, Ana answers the question: \(meta.requests.map(\.body))")
    }

    /// A question's timeout lives in the store: it fires after a restart too.
    @Test(.timeLimit(.minutes(2)))
    func timersFireAfterARestart() throws {
        let meta = try FakeProviderServer(respond: Self.metaOK)
        let harness = try ServeHarness(channels: Self.metaChannel(meta))
        try E2E.write("""
            flow: main
            vars:
              name: text
            steps:
              hello:
                ask: "¿Cómo te llamás?"
                save: name
                timeout: 3s
                on_timeout: nudge
              done:
                end: "Gracias {{name}}"
              nudge:
                end: "¿Seguís ahí?"

            """, to: harness.dir, "bots/tienda/flows/main.yaml")
        try harness.start()
        #expect(sendMeta(harness, MetaPayload.text("hola", id: "wamid.T1")).status == 200)
        #expect(E2E.wait(timeout: 10) { meta.requests.count >= 1 })
        harness.kill()
        Thread.sleep(forTimeInterval: 3.5)
        try harness.start()
        #expect(E2E.wait(timeout: 15) { meta.requests.contains { $0.body.contains("¿Seguís ahí?") } },
                "the overdue timeout fired after the restart:\n\(harness.stderr)")
        #expect(meta.requests.filter { $0.body.contains("¿Seguís ahí?") }.count == 1)
    }

    /// `say` with media, a location pin and quick-reply buttons reaches WhatsApp as native messages.
    @Test(.timeLimit(.minutes(2)))
    func mediaPinsAndButtonsGoOutNatively() throws {
        let meta = try FakeProviderServer(respond: Self.metaOK)
        let harness = try ServeHarness(channels: Self.metaChannel(meta))
        try E2E.write("""
            flow: main
            steps:
              photo:
                say:
                  image: "https://example.com/img/mate.jpg"
                  caption: Mate imperial
              store:
                say:
                  text: "Nuestro local:"
                  location: {lat: -34.6037, lng: -58.3816, name: Cocolu, address: "Av. Corrientes 1234"}
              quick:
                say:
                  text: "¿Qué querés ver?"
                  buttons: [Ofertas, Novedades]
              bye:
                end: "Chau"

            """, to: harness.dir, "bots/tienda/flows/main.yaml")
        try harness.start()
        #expect(sendMeta(harness, MetaPayload.text("hola", id: "wamid.M1")).status == 200)
        #expect(E2E.wait(timeout: 10) { meta.requests.count >= 5 }, "\(harness.stderr)")
        let bodies = meta.requests.map(\.body)
        #expect(bodies.count == 5)
        guard bodies.count == 5 else { return }
        #expect(bodies[0].contains(#""type":"image","image":{"link":"https://example.com/img/mate.jpg","caption":"Mate imperial"}"#))
        #expect(bodies[1].contains(#""type":"text""#) && bodies[1].contains("Nuestro local:"))
        #expect(bodies[2].contains(#""type":"location""#) && bodies[2].contains(#""latitude":-34.6037"#))
        #expect(bodies[3].contains(#""type":"button""#) && bodies[3].contains(#""title":"Novedades""#))
        #expect(bodies[4].contains("Chau"))
    }

    /// A photo sent to an image question is saved with its download URL, which WhatsApp Cloud
    /// gives on `GET /{media-id}` (providers.md §1), asked with the channel's token.
    @Test(.timeLimit(.minutes(2)))
    func aPhotoAnswerGetsItsURL() throws {
        let meta = try FakeProviderServer { request, n in
            request.method == "GET"
                ? (200, #"{"url":"https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=M1","mime_type":"image/jpeg","id":"MEDIA1"}"#)
                : Self.metaOK(request, n)
        }
        let harness = try ServeHarness(channels: Self.metaChannel(meta))
        try E2E.write("""
            flow: main
            steps:
              ask_photo:
                ask: "Mandanos una foto"
                save: photo
                expect: image
              bye:
                end: "Recibida: {{photo.url}} ({{photo.caption}})"

            """, to: harness.dir, "bots/tienda/flows/main.yaml")
        try harness.start()
        #expect(sendMeta(harness, MetaPayload.text("hola", id: "wamid.P1")).status == 200)
        #expect(E2E.wait(timeout: 10) { meta.requests.count >= 1 }, "\(harness.stderr)")
        let photo = #"{"object":"whatsapp_business_account","entry":[{"id":"WABA","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550001111","phone_number_id":"1065403522"},"contacts":[{"profile":{"name":"Ana"},"wa_id":"5491155551234"}],"messages":[{"from":"5491155551234","id":"wamid.P2","timestamp":"1700000001","type":"image","image":{"id":"MEDIA1","mime_type":"image/jpeg","caption":"mi mate"}}]}}]}]}"#
        #expect(sendMeta(harness, photo).status == 200)
        #expect(E2E.wait(timeout: 10) { meta.requests.contains { $0.body.contains("Recibida:") } }, "\(harness.stderr)")
        let lookup = meta.requests.first { $0.method == "GET" }
        #expect(lookup?.path.hasSuffix("/MEDIA1") == true && lookup?.headers.first { $0.key.lowercased() == "authorization" }?.value.hasPrefix("Bearer ") == true,
                "\(meta.requests.map { "\($0.method) \($0.path)" })")
        let reply = meta.requests.first { $0.body.contains("Recibida:") }?.body ?? ""
        #expect(reply.contains("https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=M1") && reply.contains("(mi mate)"), "\(reply)")
    }

    @Test func aBadConfigIsRefusedWithItsLineAndColumn() throws {
        let dir = try E2E.temp()
        let path = try E2E.write("""
            listen: 127.0.0.1:0
            bots:
              - path: nowhere
                chanels:
                  - provider: whatsapp_cloud
            admin:
              tokens: ["${FLOWC_TEST_UNSET_TOKEN}"]
            limits:
              idle_timeout: soon

            """, to: dir, "flowd.yaml")
        let run = try E2E.flowc(["serve", "--config", path], timeout: 20)
        #expect(run.status == 1, "\(run.description)")
        #expect(run.stderr.contains("flowd.yaml:4:5: unknown key `chanels`; did you mean `channels`?"), "\(run.stderr)")
        #expect(run.stderr.contains("flowd.yaml:7:12: the environment variable FLOWC_TEST_UNSET_TOKEN is not set"), "\(run.stderr)")
        #expect(run.stderr.contains("flowd.yaml:9:17: idle_timeout must be a number of seconds"), "\(run.stderr)")
        let unset = try E2E.write("""
            bots:
              - path: nowhere
                channels:
                  - provider: telegram
                    bot_token: "${FLOWC_TEST_UNSET_BOT_TOKEN}"

            """, to: dir, "flowd-unset.yaml")
        let second = try E2E.flowc(["serve", "--check", "--config", unset], timeout: 20)
        #expect(second.stderr.contains("FLOWC_TEST_UNSET_BOT_TOKEN is not set"), "\(second.stderr)")
        #expect(!second.stderr.contains("needs `bot_token`"), "an unset variable is one error, not two: \(second.stderr)")
        // An address no socket can take, and a store that names no file, are found by --check.
        for (line, expected) in [("listen: 256.1.1.1:80", "flowd-addr.yaml:1:9: listen must be HOST:PORT (e.g. 127.0.0.1:8080): `256.1.1.1` is not an IPv4 address"),
                                 ("listen: \"[::g]:80\"", "flowd-addr.yaml:1:9: listen must be HOST:PORT (e.g. 127.0.0.1:8080): `::g` is not an IPv6 address"),
                                 ("listen: bad_host!:80", "`bad_host!` is neither an IP address nor a host name"),
                                 ("store: \"sqlite:\"", "flowd-addr.yaml:1:8: store must name a file: `sqlite:PATH`"),
                                 ("limits: {body_bytes: 1.5}", "flowd-addr.yaml:1:22: body_bytes must be a whole number of bytes above 0")] {
            let file = try E2E.write(line + "\nbots: []\n", to: dir, "flowd-addr.yaml")
            let run = try E2E.flowc(["serve", "--check", "--config", file], timeout: 20)
            #expect(run.status == 1 && run.stderr.contains(expected), "\(line): \(run.stderr)")
        }
        for line in ["listen: localhost:8080", "listen: \"[::1]:8080\"", "listen: 0.0.0.0:8080", "listen: :8080"] {
            let file = try E2E.write(line + "\nstore: memory\nbots: []\n", to: dir, "flowd-addr.yaml")
            let run = try E2E.flowc(["serve", "--check", "--config", file], timeout: 20)
            #expect(!run.stderr.contains("listen must be"), "\(line): \(run.stderr)")
        }
    }

    @Test func aWrongPostgreSQLStoreURLIsRefusedWithItsLineAndColumn() throws {
        let dir = try E2E.temp()
        let path = try E2E.write("""
            listen: 127.0.0.1:0
            store: "postgres://flowc:hunter2@db.internal/shop?sslmode=sometimes"
            bots:
              - path: nowhere

            """, to: dir, "flowd.yaml")
        let run = try E2E.flowc(["serve", "--config", path, "--check"], timeout: 20)
        #expect(run.status == 1, "\(run.description)")
        #expect(run.stderr.contains("flowd.yaml:2:8: the PostgreSQL URL's sslmode `sometimes` is none of disable, prefer, require, verify-ca, verify-full"), "\(run.stderr)")
        #expect(!run.stderr.contains("hunter2"), "the password is not shown")
    }

    @Test func aSwitchThatIsNeitherTrueNorFalseIsRefused() throws {
        let dir = try E2E.temp()
        let path = try E2E.write("""
            listen: 127.0.0.1:0
            bots:
              - path: nowhere
                allow_private_network: yes
                channels:
                  - provider: http_bridge
                    api_base: "http://127.0.0.1:9"
                    token: "t"
                    secret: "s"
                    interactive: maybe

            """, to: dir, "flowd.yaml")
        let run = try E2E.flowc(["serve", "--config", path, "--check"], timeout: 20)
        #expect(run.status == 1, "\(run.description)")
        #expect(run.stderr.contains("flowd.yaml:4:28: `allow_private_network` must be true or false, not `yes`"), "\(run.stderr)")
        #expect(run.stderr.contains("flowd.yaml:10:22: `interactive` must be true or false, not `maybe`"), "\(run.stderr)")
    }
}

/// `kill -9` in the middle of a stream of webhooks: after a restart, every webhook that got a
/// 2xx has had its turn run exactly once, and every reply reached the provider once per
/// idempotency key (the bridge protocol's `Idempotency-Key`, which a real bridge deduplicates).
@Suite(.serialized) struct ServeCrashTests {
    @Test(.timeLimit(.minutes(3)))
    func killNineUnderLoadLosesNothingAndRepeatsNothing() throws {
        let bridge = try FakeProviderServer { _, n in (202, #"{"messageId":"BR\#(n)"}"#) }
        let channel = "      - provider: http_bridge\n        token: \"BRTOKEN\"\n        secret: \"bridge-secret\"\n        api_base: \"\(bridge.url)\""
        let harness = try ServeHarness(channels: channel, extra: "limits:\n  contact_rate: 1000\n")
        try harness.start()
        let total = 120
        let acked = AckedContacts()
        let group = DispatchGroup()
        for worker in 0..<4 {
            group.enter()
            Thread {
                defer { group.leave() }
                for i in stride(from: worker, to: total, by: 4) {
                    let contact = "54911000\(String(format: "%05d", i))"
                    let body = #"{"id":"e\#(i)","type":"message","session":"default","timestamp":1700000000,"data":{"messageId":"M\#(i)","from":"\#(contact)","isGroup":false,"fromMe":false,"name":"C","kind":"text","text":"hola"}}"#
                    let ts = String(Int(Date().timeIntervalSince1970))
                    let reply = harness.post("/webhooks/tienda/http_bridge",
                                             headers: ["X-Bridge-Timestamp": ts, "X-Bridge-Signature": Sign.bridge("bridge-secret", timestamp: ts, body)], body: body)
                    if reply.status == 200 { acked.insert(contact) }
                }
            }.start()
        }
        // Kill the daemon while the load runs.
        #expect(E2E.wait(timeout: 20) { acked.all.count >= 20 })
        harness.kill()
        group.wait()
        let survivors = acked.all
        try #require(survivors.count < total, "the kill landed after the load ended; nothing was tested")
        try harness.start()
        // Every acknowledged webhook gets its reply after the restart.
        let replied = E2E.wait(timeout: 60) {
            let sentTo = Set(bridge.requests.compactMap { Self.recipient($0.body) })
            return survivors.isSubset(of: sentTo)
        }
        #expect(replied, "some acknowledged webhooks never got a reply:\n\(harness.stderr)")
        Thread.sleep(forTimeInterval: 1)
        // One reply per conversation: one idempotency key per contact, and each turn ran once.
        var keysByContact: [String: Set<String>] = [:]
        for request in bridge.requests {
            guard let to = Self.recipient(request.body), let key = request.headers["idempotency-key"] else { continue }
            keysByContact[to, default: []].insert(key)
        }
        for contact in survivors {
            #expect(keysByContact[contact]?.count == 1, "\(contact) got \(keysByContact[contact] ?? [])")
            let conversation = harness.admin("GET", "/api/v1/bots/tienda/conversations/\(contact)").body
            #expect(conversation.contains(#""version":1"#), "\(contact): \(conversation)")
        }
        #expect(keysByContact.values.allSatisfy { $0.count == 1 }, "no conversation's reply was queued twice")
    }

    /// A bridge takes 5 messages a second: a turn that says 8 things sends 5 at once, then the rest
    /// in their reserved slots, all in order, and two contacts' messages do not mix up their order.
    @Test(.timeLimit(.minutes(2)))
    func sendsBeyondTheRateWaitForTheirSlotsInOrder() throws {
        let arrivals = Arrivals()
        let bridge = try FakeProviderServer { request, n in
            arrivals.record()
            return (202, #"{"messageId":"BR\#(n)"}"#)
        }
        let harness = try ServeHarness(channels: """
              - provider: http_bridge
                token: "BRTOKEN"
                secret: "bridge-secret"
                api_base: "\(bridge.url)"
        """)
        let says = (1...7).map { "  m\($0):\n    say: \"m\($0)\"\n" }.joined()
        try E2E.write("flow: main\nsteps:\n" + says + "  m8:\n    end: \"m8\"\n", to: harness.dir, "bots/tienda/flows/main.yaml")
        try harness.start()
        for (number, contact) in ["5491155550001", "5491155550002"].enumerated() {
            let body = #"{"id":"e\#(number)","type":"message","session":"default","timestamp":1700000000,"data":{"messageId":"IN\#(number)","from":"\#(contact)","isGroup":false,"fromMe":false,"name":"Ana","kind":"text","text":"hola"}}"#
            let ts = String(Int(Date().timeIntervalSince1970))
            let status = harness.post("/webhooks/tienda/http_bridge",
                                      headers: ["X-Bridge-Timestamp": ts, "X-Bridge-Signature": Sign.bridge("bridge-secret", timestamp: ts, body)],
                                      body: body).status
            #expect(status == 200)
        }
        #expect(E2E.wait(timeout: 30) { bridge.requests.count >= 16 }, "\(bridge.requests.count) sends:\n\(harness.stderr)")
        Thread.sleep(forTimeInterval: 0.5)
        let sends = bridge.requests.compactMap { request -> (String, String)? in
            guard let json = try? JSONSerialization.jsonObject(with: Data(request.body.utf8)) as? [String: Any],
                  let to = json["to"] as? String, let text = json["text"] as? String else { return nil }
            return (to, text)
        }
        #expect(sends.count == 16, "each message sent once: \(sends)")
        for contact in ["5491155550001", "5491155550002"] {
            #expect(sends.filter { $0.0 == contact }.map(\.1) == (1...8).map { "m\($0)" }, "in order for \(contact): \(sends)")
        }
        // 16 sends at 5 a second with a burst of 5: at least 2.2 s from the first to the last.
        let times = arrivals.all
        if let first = times.min(), let last = times.max() { #expect(last - first >= 2.0, "\(times)") }
        #expect(harness.admin("GET", "/api/v1/dead-letters").body.contains("m1") == false)
    }

    /// A provider's 429 with `Retry-After` pauses the sending number: nothing goes out before it
    /// ends, then the throttled message and the ones queued after it go, in order.
    @Test(.timeLimit(.minutes(2)))
    func aThrottledNumberWaitsForRetryAfterThenSendsInOrder() throws {
        let arrivals = Arrivals()
        let bridge = try FakeProviderServer(respondWithHeaders: { _, n in
            arrivals.record()
            return n == 0 ? (429, ["Retry-After": "2"], #"{"error":"slow down"}"#) : (202, [:], #"{"messageId":"BR\#(n)"}"#)
        })
        let harness = try ServeHarness(channels: """
              - provider: http_bridge
                token: "BRTOKEN"
                secret: "bridge-secret"
                api_base: "\(bridge.url)"
        """)
        try E2E.write("flow: main\nsteps:\n  m1:\n    say: \"m1\"\n  m2:\n    say: \"m2\"\n  m3:\n    end: \"m3\"\n",
                      to: harness.dir, "bots/tienda/flows/main.yaml")
        try harness.start()
        let body = #"{"id":"e1","type":"message","session":"default","timestamp":1700000000,"data":{"messageId":"IN1","from":"5491155550001","isGroup":false,"fromMe":false,"name":"Ana","kind":"text","text":"hola"}}"#
        let ts = String(Int(Date().timeIntervalSince1970))
        #expect(harness.post("/webhooks/tienda/http_bridge",
                             headers: ["X-Bridge-Timestamp": ts, "X-Bridge-Signature": Sign.bridge("bridge-secret", timestamp: ts, body)],
                             body: body).status == 200)
        #expect(E2E.wait(timeout: 20) { bridge.requests.count >= 4 }, "\(bridge.requests.count) sends:\n\(harness.stderr)")
        Thread.sleep(forTimeInterval: 0.5)
        let texts = bridge.requests.compactMap { request in
            (try? JSONSerialization.jsonObject(with: Data(request.body.utf8)) as? [String: Any])?["text"] as? String
        }
        #expect(texts == ["m1", "m1", "m2", "m3"], "\(texts)")
        let times = arrivals.all
        if times.count >= 2 { #expect(times[1] - times[0] >= 1.9, "the retry waited for Retry-After: \(times)") }
    }

    final class Arrivals: @unchecked Sendable {
        private let lock = NSLock()
        private var times: [TimeInterval] = []
        func record() { lock.lock(); times.append(Date().timeIntervalSince1970); lock.unlock() }
        var all: [TimeInterval] { lock.lock(); defer { lock.unlock() }; return times }
    }

    final class AckedContacts: @unchecked Sendable {
        private let lock = NSLock()
        private var contacts: Set<String> = []
        func insert(_ contact: String) { lock.lock(); contacts.insert(contact); lock.unlock() }
        var all: Set<String> { lock.lock(); defer { lock.unlock() }; return contacts }
    }

    static func recipient(_ body: String) -> String? {
        guard let json = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any] else { return nil }
        return json["to"] as? String
    }
}
