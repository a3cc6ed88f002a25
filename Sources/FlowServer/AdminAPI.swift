import FlowBytecode
import FlowProviders
import FlowStore
import FlowVM
import HTTPTypes
import Hummingbird
import NIOCore

/// `/api/v1`: bots and their channels' health, a conversation's state and history, the
/// conversations waiting for a person, handoff release, sending a message, reload, dead letters.
/// Every route needs a configured bearer token (compared in constant time); with no token
/// configured, the API is closed. Without a token, every path under `/api/v1` answers 401, a known
/// one or not; with one, a known path asked with another method answers 405 (with `Allow`), an
/// unknown path 404.
struct AdminAPI: Sendable {
    let daemon: Daemon
    /// The largest body `POST …/messages` reads (a text of some 64,000 characters, sent in parts).
    static let maxMessageBody = 256 << 10
    /// How many conversations `GET …/handoffs` lists at most (`?limit=`), and by default.
    static let maxHandoffs = 1_000
    static let defaultHandoffs = 100

    /// Each path of the API and the methods it takes.
    static let paths: [(path: String, methods: [HTTPRequest.Method])] = [
        ("/bots", [.get]),
        ("/bots/:bot/conversations/:contact", [.get]),
        ("/bots/:bot/handoffs", [.get]),
        ("/bots/:bot/conversations/:contact/release", [.post]),
        ("/bots/:bot/conversations/:contact/messages", [.post]),
        ("/reload", [.post]),
        ("/bots/:bot/channels/:provider/session", [.get]),
        ("/bots/:bot/channels/:provider/session/qr", [.get]),
        ("/dead-letters", [.get]),
    ]

    /// The beginnings of the API's paths that are no path themselves (`/bots/:bot`,
    /// `/bots/:bot/conversations`, …), in the order met.
    static var innerPaths: [String] {
        var inner: [String] = []
        for (path, _) in paths {
            let parts = path.split(separator: "/")
            for end in parts.indices.dropLast() {
                let prefix = "/" + parts[...end].joined(separator: "/")
                if !paths.contains(where: { $0.path == prefix }), !inner.contains(prefix) { inner.append(prefix) }
            }
        }
        return inner
    }

    func routes(_ router: Router<BasicRequestContext>) {
        let api = router.group("/api/v1")
        for (path, methods) in Self.paths {
            MethodRefusals.refuseOthers(api, path, taking: methods) { request, allow in
                guard authorized(request) else { return unauthorized() }
                var response = json(405, error("method \(request.method.rawValue) is not allowed here (allowed: \(allow))"))
                response.headers[.allow] = allow
                return response
            }
        }
        // Any other path: the token first, so that the API's paths are not told to whoever asks.
        // (`/api/v1` and `/api/v1/` themselves too.)
        // The router does not fall back to `/**` from a path that ends inside a known one
        // (`/bots/tienda`, `/bots/tienda/conversations`): those are named too.
        for method in MethodRefusals.answered {
            for path in ["/**", ""] + Self.innerPaths {
                api.on(RouterPath(path), method: method) { request, _ -> Response in
                    guard authorized(request) else { return unauthorized() }
                    return json(404, error("no such path in the admin API"))
                }
            }
        }
        api.get("/bots") { request, _ -> Response in
            guard authorized(request) else { return unauthorized() }
            let now = daemon.now()
            let bots: [Value] = daemon.registry.all.map { bot in
                .object(JSONObject([
                    ("id", .text(bot.id)), ("hash", .text(bot.engine.hash)),
                    ("channels", .list(bot.channels.map { channel in
                        .object(JSONObject([("provider", .text(channel.kind)),
                                            ("health", .text(daemon.outbox.breakers.health("\(bot.id)/\(channel.kind)", now: now)))]))
                    })),
                ]))
            }
            return json(200, .object(JSONObject([("bots", .list(bots))])))
        }
        api.get("/bots/:bot/conversations/:contact") { request, context -> Response in
            guard authorized(request) else { return unauthorized() }
            guard let key = key(context) else { return json(404, error("unknown bot")) }
            do {
                guard let stored = try await daemon.store.load(key) else { return json(404, error("no conversation with \(key.contact)")) }
                let state = try? ConversationState.decode(stored.state)
                let history: [Value] = try await daemon.store.history(key, limit: 50).map { m in
                    .object(JSONObject([("direction", .text(m.direction.rawValue)), ("status", .text(m.status)),
                                        ("at", .number(Double(m.createdAt))), ("body", (try? JSONParser.parse(m.body)) ?? .text(m.body))]))
                }
                var variables: [(String, Value)] = []
                for name in (state?.vars.keys.sorted() ?? []) { variables.append((name, state?.vars[name] ?? .null)) }
                var fields: [(String, Value)] = [
                    ("bot", .text(key.bot)), ("contact", .text(key.contact)), ("status", .text(stored.status.rawValue)),
                    ("step", .text(state?.step ?? "")), ("version", .number(Double(stored.version))),
                    ("bundle", .text(stored.bundleHash)),
                ]
                // With a person: which queue, and since when (the handoff event of the turn that parked it).
                if stored.status == .handoff {
                    let event = try await daemon.store.events(key).last { $0.name == "handoff" }
                    let record = HandoffRecord(contact: key.contact, properties: event?.properties, since: event?.at ?? stored.updatedAt)
                    fields.append(("handoff", handoff(record, withContact: false)))
                }
                fields += [("variables", .object(JSONObject(variables))), ("history", .list(history))]
                return json(200, .object(JSONObject(fields)))
            } catch {
                return json(503, self.error("\(error)"))
            }
        }
        // The conversations waiting for a person, the one waiting longest first.
        api.get("/bots/:bot/handoffs") { request, context -> Response in
            guard authorized(request) else { return unauthorized() }
            guard let bot = context.parameters.get("bot"), daemon.registry.bot(bot) != nil else { return json(404, error("unknown bot")) }
            var limit = Self.defaultHandoffs
            if let given = request.uri.queryParameters["limit"] {
                guard let number = Int(String(given)), (1...Self.maxHandoffs).contains(number) else {
                    return json(400, error("limit must be a whole number from 1 to \(Self.maxHandoffs), not '\(given)'"))
                }
                limit = number
            }
            do {
                let waiting = try await daemon.store.handoffs(bot: bot, limit: limit)
                return json(200, .object(JSONObject([("handoffs", .list(waiting.map { handoff($0, withContact: true) }))])))
            } catch {
                return json(503, self.error("\(error)"))
            }
        }
        api.post("/bots/:bot/conversations/:contact/release") { request, context -> Response in
            guard authorized(request) else { return unauthorized() }
            guard let key = key(context) else { return json(404, error("unknown bot")) }
            do {
                guard let stored = try await daemon.store.load(key) else { return json(404, error("no conversation with \(key.contact)")) }
                guard stored.status == .handoff else {
                    return json(409, error("the conversation with \(key.contact) is \(stored.status.rawValue), not with a person"))
                }
            } catch {
                return json(503, self.error("\(error)"))
            }
            guard await daemon.submit(.release(key)) else {
                if await daemon.isStopping() { return json(503, error("the daemon is stopping; release it again once it is back")) }
                return json(409, error("the conversation with \(key.contact) is already being released"))
            }
            return json(202, .object(JSONObject([("released", .bool(true))])))
        }
        api.post("/bots/:bot/conversations/:contact/messages") { request, context -> Response in
            guard authorized(request) else { return unauthorized() }
            guard let key = key(context) else { return json(404, error("unknown bot")) }
            let body: ByteBuffer
            do {
                body = try await request.body.collect(upTo: Self.maxMessageBody)
            } catch let error as HTTPError where error.status == .contentTooLarge {
                return json(413, self.error("the body is over \(Self.maxMessageBody >> 10) KiB"))
            } catch is NIOTooManyBytesError {
                return json(413, self.error("the body is over \(Self.maxMessageBody >> 10) KiB"))
            } catch {
                return json(400, self.error("the body could not be read"))
            }
            guard let text = (try? JSONParser.parse(bytes: Array(body.readableBytesView)))?[member: "text"]?.textValue, !text.allSatisfy(\.isWhitespace)
            else { return json(400, error("the body must be JSON with a `text` that is not blank")) }
            // Queued behind the conversation's turns: a turn in flight finishes first, and neither
            // has to be run again.
            switch await daemon.queueMessage(text, to: key) {
            case .queued: return json(202, .object(JSONObject([("queued", .bool(true))])))
            case .noConversation: return json(404, error("no conversation with \(key.contact)"))
            case let .failed(reason): return json(503, error(reason))
            }
        }
        api.post("/reload") { request, _ -> Response in
            guard authorized(request) else { return unauthorized() }
            do {
                let reloaded = try daemon.reload()
                await daemon.collectBundles()
                return json(200, .object(JSONObject([
                    ("bots", .list(reloaded.bots.map { .object(JSONObject([("id", .text($0.id)), ("hash", .text($0.engine.hash))])) })),
                    ("added", .list(reloaded.added.map { .text($0) })), ("removed", .list(reloaded.removed.map { .text($0) })),
                    // Changed in the file, applied only by a restart (the running values stay).
                    ("restart_needed", .list(reloaded.restartNeeded.map { .text($0) })),
                ])))
            } catch {
                return json(422, self.error("reload refused, the running config and bots stay: \(error)"))
            }
        }
        // The pairing session of a channel that pairs a phone (HTTP bridge, Evolution): its state
        // and QR code, proxied so the shop owner never needs the bridge's own credentials.
        for (path, pickQR) in [("session", false), ("session/qr", true)] {
            api.get("/bots/:bot/channels/:provider/\(path)") { request, context -> Response in
                guard authorized(request) else { return unauthorized() }
                guard let bot = context.parameters.get("bot").flatMap(daemon.registry.bot), let kind = context.parameters.get("provider"),
                      let index = bot.channelIndex(kind) else { return json(404, error("unknown bot or channel")) }
                guard let requests = bot.channels[index].sessionRequests else {
                    return json(404, error("the \(kind) channel has no pairing session"))
                }
                let (answer, _) = await daemon.outbox.execute(pickQR ? requests.qr : requests.state)
                guard answer.status != 0 else { return json(502, error("the \(kind) API did not answer")) }
                return Response(status: HTTPResponse.Status(code: answer.status), headers: [.contentType: "application/json"],
                                body: ResponseBody(byteBuffer: ByteBuffer(bytes: answer.body)))
            }
        }
        api.get("/dead-letters") { request, _ -> Response in
            guard authorized(request) else { return unauthorized() }
            do {
                let items: [Value] = try await daemon.store.outbox(status: "dead", limit: 100).map { item in
                    let payload = OutboxPayload(json: item.payload)
                    return .object(JSONObject([
                        ("id", .number(Double(item.id))), ("bot", .text(payload?.bot ?? "")), ("contact", .text(payload?.contact ?? "")),
                        ("text", .text(payload?.content.text ?? "")), ("attempts", .number(Double(item.attempts))),
                        ("error", .text(item.lastError ?? "")),
                    ]))
                }
                return json(200, .object(JSONObject([("dead_letters", .list(items))])))
            } catch {
                return json(503, self.error("\(error)"))
            }
        }
    }

    /// A conversation waiting for a person: its contact, the queue the flow named (null without
    /// one) and since when it waits (ms since the epoch, as the history's `at`).
    func handoff(_ record: HandoffRecord, withContact: Bool) -> Value {
        let queue = record.properties.flatMap { try? JSONParser.parse($0) }?[member: "queue"] ?? .null
        var fields: [(String, Value)] = withContact ? [("contact", .text(record.contact))] : []
        fields += [("queue", queue), ("since", .number(Double(record.since)))]
        return .object(JSONObject(fields))
    }

    func key(_ context: BasicRequestContext) -> ConversationKey? {
        guard let bot = context.parameters.get("bot"), daemon.registry.bot(bot) != nil, let contact = context.parameters.get("contact") else { return nil }
        return ConversationKey(bot: bot, contact: Self.contactId(contact))
    }

    /// A contact as conversations are keyed: a phone's digits (`+54 9 11 5555-1234` and
    /// `5491155551234` are one contact, and so are Twilio's `whatsapp:+5491155551234` and a
    /// `tel:` link), a Telegram chat as `tg:ID`, anything else as given.
    static func contactId(_ given: String) -> String {
        var text = given.removingPercentEncoding ?? given
        if text.hasPrefix("tg:") { return text }
        for scheme in ["whatsapp:", "tel:"] where text.lowercased().hasPrefix(scheme) {
            text = String(text.dropFirst(scheme.count))
        }
        let digits = text.filter(\.isASCII).filter(\.isNumber)
        let phoneish = !digits.isEmpty && text.allSatisfy { $0.isNumber || " +-().".contains($0) }
        return phoneish ? String(digits) : text
    }

    func authorized(_ request: Request) -> Bool {
        // The scheme is case-insensitive (RFC 9110 §11.1); the token is not.
        guard let header = request.headers[.authorization], header.count > 7, header.prefix(7).lowercased() == "bearer " else { return false }
        let token = String(header.dropFirst(7).drop(while: { $0 == " " }))
        var ok = false
        for configured in daemon.config.adminTokens where Signatures.constantTimeEquals(token, configured) { ok = true }
        return ok
    }

    func unauthorized() -> Response {
        var response = json(401, error("a valid bearer token is required"))
        response.headers[.wwwAuthenticate] = "Bearer"
        return response
    }

    func error(_ message: String) -> Value { .object(JSONObject([("error", .text(message))])) }

    func json(_ status: Int, _ value: Value) -> Response {
        Response(status: HTTPResponse.Status(code: status), headers: [.contentType: "application/json"],
                 body: ResponseBody(byteBuffer: ByteBuffer(string: value.json + "\n")))
    }
}
