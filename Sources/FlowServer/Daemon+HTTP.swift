import AsyncHTTPClient
import CMallocTune
import FlowBytecode
import FlowPostgres
import FlowProviders
import FlowRuntime
import FlowStore
import FlowVM
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization
import UnixSignals
import Glibc

/// The daemon's HTTP side: provider webhooks (verified, parsed, stored, acknowledged) and the routes
/// (health, readiness, metrics, webhooks, the admin API).
extension Daemon {
    // MARK: Webhooks

    /// Handles one webhook: signature on the raw body, parse, per-contact rate limit, inbox
    /// (deduplicated), acknowledgement. Turns run after the answer.
    func webhook(bot botId: String, provider kind: String, request: WebhookRequest) async -> WebhookReply {
        guard let bot = registry.bot(botId) else {
            // One budget for every unknown name: a caller who makes up names cannot flood the log.
            if let more = refusals.admit("404|?", now: now()) {
                logger.info("webhook refused: unknown bot", metadata: ["bot": "\(botId.prefix(64))", "provider": "\(kind.prefix(32))", "status": "404", "more_refused": "\(more)"])
            }
            return WebhookReply(status: 404, body: "unknown bot")
        }
        guard let index = bot.channelIndex(kind) else {
            if let more = refusals.admit("404|\(botId)|?", now: now()) {
                logger.info("webhook refused: the bot has no such channel", metadata: ["bot": "\(botId)", "provider": "\(kind.prefix(32))", "status": "404", "more_refused": "\(more)"])
            }
            return WebhookReply(status: 404, body: "the bot has no \(kind) channel")
        }
        let provider = bot.channels[index]
        if let reply = provider.handshake(request) {
            if reply.status >= 400, let more = refusals.admit("verify|\(botId)|\(kind)", now: now()) {
                logger.warning("webhook verification refused", metadata: ["bot": "\(botId)", "provider": "\(kind)", "status": "\(reply.status)", "more_refused": "\(more)"])
            }
            return reply
        }
        guard request.method == "POST" else { return WebhookReply(status: 405, body: "method not allowed") }
        let clock = now()
        let events: [FlowProviders.InboundEvent]
        do {
            try provider.authenticate(request, now: clock)
            events = try provider.parse(request)
        } catch {
            let status = switch error { case .unauthorized: 401; case .forbidden: 403; case .malformed: 400 }
            if let more = refusals.admit("\(status)|\(botId)|\(kind)", now: clock) {
                var log = logger
                log[metadataKey: "bot"] = "\(botId)"
                log.warning("webhook refused", metadata: ["provider": "\(kind)", "reason": "\(error)", "status": "\(status)", "more_refused": "\(more)"])
            }
            switch error {
            case .unauthorized: return WebhookReply(status: 401, body: "unauthorized")
            case .forbidden: return WebhookReply(status: 403, body: "forbidden")
            case let .malformed(message): return WebhookReply(status: 400, body: message)
            }
        }
        // Events for a number the channel is not (answered 2xx, or Meta would retry and disable the
        // webhook): a `phone_number_id` set to the phone number itself looks like this, so it is said.
        for case let .otherNumber(id) in events {
            if let more = refusals.admit("number|\(botId)|\(kind)", now: clock) {
                logger.warning("webhook events dropped: they are for another phone number than the channel's", metadata: [
                    "bot": "\(botId)", "provider": "\(kind)", "received_phone_number_id": "\(id.prefix(64))",
                    "configured_phone_number_id": "\(provider.sender)", "more_dropped": "\(more)",
                    "help": "set the channel's phone_number_id to the Phone number ID Meta shows for this number (WhatsApp → API setup)",
                ])
            }
            break
        }
        var items: [InboxItem] = []
        var messages: [ProviderMessage] = []
        // New messages per contact: a redelivery of one stored lately is acknowledged (2xx) as
        // the inbox deduplicates it, without counting against the contact's rate.
        var perContact: [String: Int] = [:]
        var contactOrder: [String] = []
        // A batch's messages run in the order the provider stamped them (a batch may list them
        // otherwise); the same stamp keeps the batch's order.
        var inOrder = events.compactMap { event -> ProviderMessage? in
            if case let .message(message) = event { return message }
            return nil
        }
        if inOrder.count > 1, inOrder.allSatisfy({ $0.timestamp > 0 }) {
            inOrder = inOrder.enumerated().sorted { ($0.element.timestamp, $0.offset) < ($1.element.timestamp, $1.offset) }.map(\.element)
        }
        for message in inOrder {
            if !recent.contains("\(botId)|\(kind)|\(message.externalId)") {
                if perContact[message.contact] == nil { contactOrder.append(message.contact) }
                perContact[message.contact, default: 0] += 1
            }
            items.append(InboxItem(bot: botId, contact: message.contact, channel: kind, externalId: message.externalId,
                                   payload: message.json.json, receivedAt: clock))
            messages.append(message)
        }
        // A burst of 20 at least: an album of photos comes as a dozen webhooks at once, and some
        // providers (Evolution) never send a refused one again.
        for contact in contactOrder {
            if contacts.take("contact:\(botId):\(contact)", count: perContact[contact] ?? 1, rate: config.contactRate,
                             burst: max(20, config.contactRate * 2), now: clock) != nil {
                return WebhookReply(status: 429, body: "too many messages from one contact; retry later")
            }
        }
        do {
            let fresh = try await store.enqueueInbox(items)
            lastStoreSuccess.store(now(), ordering: .releasing)
            for item in items { recent.insert("\(botId)|\(kind)|\(item.externalId)") }
            for event in events {
                guard case let .status(status) = event, let next = DeliveryStatus(rawValue: status.status) else { continue }
                // The bot's own send (ids are stored scoped by bot and channel), else one stored before
                // they were: by the provider's id alone. An id not known yet may be a send whose answer
                // has not come back: held until it does.
                let id = OutboxWorker.storedId(bot: botId, kind: kind, status.providerMessageId)
                var updated = try await store.updateDelivery(providerMessageId: id, status: next)
                if !updated { updated = try await store.updateDelivery(providerMessageId: status.providerMessageId, status: next) }
                if !updated, !outbox.inFlight.isEmpty {
                    outbox.earlyStatuses.hold(id, next, now: clock)
                }
                // The provider took a reply and could not deliver it (outside the 24-hour window, a
                // number not on WhatsApp): the history says `failed`, the log says why, once.
                if updated, next == .failed {
                    logger.warning("a sent message was not delivered", metadata: [
                        "bot": "\(botId)", "provider": "\(kind)", "provider_message_id": "\(status.providerMessageId.prefix(128))",
                        "reason": "\((status.error ?? "the provider gave no reason").prefix(300))",
                    ])
                }
            }
            // Only new items run: a redelivery is acknowledged and not run again.
            for (index, id) in fresh.enumerated() {
                guard let id else { continue }
                var stored = items[index]
                stored.id = id
                await submit(.inbox(stored, messages[index]))
            }
            // Receipts (Telegram's answer to a button press) once per message: not for a redelivery.
            let receipts = fresh.indices.flatMap { index -> [ProviderHTTPRequest] in
                fresh[index] == nil ? [] : provider.receipts(for: messages[index])
            }
            if !receipts.isEmpty {
                Task { [outbox] in for receipt in receipts { _ = await outbox.execute(receipt) } }
            }
        } catch {
            logger.error("cannot store a webhook; answering 503 so the provider retries", metadata: ["bot": "\(botId)", "error": "\(error)"])
            lastStoreFailure.store(now(), ordering: .releasing)
            metrics.storeError()
            return WebhookReply(status: 503, body: "temporarily unavailable")
        }
        return provider.acknowledgement
    }

    // MARK: Routes

    func routes(_ router: Router<BasicRequestContext>) {
        router.get("/healthz") { _, _ in "ok\n" }
        router.get("/readyz") { [self] _, _ -> Response in
            let storeAnswers = (try? await store.conversationCount()) != nil
            // Reads may go on while writes fail (a locked database in WAL mode): the last webhook
            // that could not be stored, in the last 30 s and with none stored since, says not ready.
            let failed = lastStoreFailure.load(ordering: .acquiring)
            let refusing = failed > lastStoreSuccess.load(ordering: .acquiring) && now() - failed < 30_000
            let isReady = ready.load(ordering: .acquiring) && storeAnswers && !refusing
            return text(isReady ? 200 : 503, isReady ? "ready\n" : refusing ? "not ready: the store refuses writes\n" : "not ready\n")
        }
        router.get("/metrics") { [self] _, _ -> Response in
            text(200, metrics.exposition(), type: "text/plain; version=0.0.4")
        }
        // Other methods on a known path: 405, saying which are taken.
        for path in ["/healthz", "/readyz", "/metrics"] {
            MethodRefusals.refuseOthers(router, path, taking: [.get]) { [self] _, allow in
                var response = text(405, "method not allowed: \(path) takes \(allow)\n")
                response.headers[.allow] = allow
                return response
            }
        }
        // (Evolution's own paths too: the router does not fall back from `evolution` to `:provider`.
        // A HEAD is no verification: 405 too.)
        // (The `Allow` the route takes, GET and POST, is said only where GET verifies: WhatsApp Cloud.)
        for path in ["/webhooks/:bot/:provider", "/webhooks/:bot/evolution", "/webhooks/:bot/evolution/:event"] {
            MethodRefusals.refuseOthers(router, path, taking: [.get, .post], headFromGet: false) { [self] request, _ in
                let named = path.hasSuffix(":provider") ? request.uri.path.split(separator: "/").last.map(String.init) : "evolution"
                let verifies = named.map(Self.webhookVerifiesWithGet) ?? false
                var response = text(405, verifies ? "method not allowed: a webhook is GET (verification) or POST\n"
                                                  : "method not allowed: a webhook is POST\n")
                response.headers[.allow] = verifies ? "GET, POST" : "POST"
                return response
            }
        }
        for method in [HTTPRequest.Method.get, .post] {
            router.on("/webhooks/:bot/:provider", method: method) { [self] request, context -> Response in
                await webhookRoute(request, context, provider: context.parameters.get("provider"))
            }
            // Evolution API with `webhook_by_events` appends the event to the URL (`…/evolution/messages-upsert`).
            // (The router does not fall back from a constant segment to `:provider`: both are named.)
            for path in ["/webhooks/:bot/evolution", "/webhooks/:bot/evolution/:event"] {
                router.on(RouterPath(path), method: method) { [self] request, context -> Response in
                    await webhookRoute(request, context, provider: "evolution")
                }
            }
        }
        AdminAPI(daemon: self).routes(router)
    }

    /// A provider's webhook: the body read within the limit, then verified, parsed and stored.
    func webhookRoute(_ request: Request, _ context: BasicRequestContext, provider named: String?) async -> Response {
        guard let bot = context.parameters.get("bot"), let named else { return text(404, "not found\n") }
        // Metric labels only from the known provider kinds: a caller cannot grow the label set.
        let provider = ConfigLoader.providerKeys[named] != nil ? named : "unknown"
        if let length = request.headers[.contentLength].flatMap(Int.init), length > config.maxBodyBytes {
            return await tooLarge(request, bot: bot, provider: provider, declared: length)
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: config.maxBodyBytes)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            return await tooLarge(request, bot: bot, provider: provider, declared: nil)
        } catch is NIOTooManyBytesError {
            // A chunked body that outgrew the limit while it was read.
            return await tooLarge(request, bot: bot, provider: provider, declared: nil)
        } catch {
            // The client hung up, or was cut for sending too slowly: nothing to answer to.
            metrics.webhook(provider: provider, status: 400)
            if let more = refusals.admit("unread|\(registry.bot(bot) == nil ? "?" : bot)|\(provider)", now: now()) {
                logger.info("webhook body not read", metadata: ["bot": "\(bot.prefix(64))", "provider": "\(provider)", "error": "\(error)", "more_refused": "\(more)"])
            }
            return text(400, "the body could not be read\n")
        }
        var headers = request.headers.map { ($0.name.canonicalName, $0.value) }
        if let authority = request.head.authority { headers.append(("host", authority)) }
        let webhook = WebhookRequest(method: request.method.rawValue, target: request.uri.description, headers: headers,
                                     body: Array(body.readableBytesView))
        let reply = await self.webhook(bot: bot, provider: named, request: webhook)
        metrics.webhook(provider: provider, status: reply.status)
        var response = text(reply.status, reply.body, type: reply.contentType)
        // A GET to a provider without a verification handshake: only POST is taken there.
        if reply.status == 405 { response.headers[.allow] = "POST" }
        return response
    }

    /// Whether a provider's webhook takes GET: Meta's verification handshake (providers.md §1).
    /// The others take POST only.
    static func webhookVerifiesWithGet(_ provider: String) -> Bool { provider == "whatsapp_cloud" }

    /// 413 for a body over the limit, logged. A body of up to 64 MiB is read and dropped first:
    /// a client that writes its whole body before it reads (most do) then gets the answer instead
    /// of a connection that stops reading under it. (A slower one is cut by `request_timeout`.)
    func tooLarge(_ request: Request, bot: String, provider: String, declared: Int?) async -> Response {
        metrics.webhook(provider: provider, status: 413)
        if let more = refusals.admit("413|\(registry.bot(bot) == nil ? "?" : bot)|\(provider)", now: now()) {
            logger.info("webhook refused: body too large", metadata: [
                "bot": "\(bot.prefix(64))", "provider": "\(provider)", "status": "413", "content_length": "\(declared.map(String.init) ?? "chunked")",
                "more_refused": "\(more)",
            ])
        }
        // (Only a body not read yet: one that outgrew the limit while being read is left as it is.)
        // A client that waits for `100 Continue` before it sends gets the answer at once.
        let drainLimit = 64 << 20
        let waitsToSend = request.headers[.expect].map { $0.lowercased().contains("100-continue") } ?? false
        if let declared, declared <= drainLimit, !waitsToSend {
            var drained = 0
            do {
                for try await chunk in request.body {
                    drained += chunk.readableBytes
                    if drained > drainLimit { break }
                }
            } catch {}
        }
        return text(413, "the body is larger than \(config.maxBodyBytes) bytes\n")
    }

    func text(_ status: Int, _ body: String, type: String = "text/plain; charset=utf-8") -> Response {
        Response(status: HTTPResponse.Status(code: status), headers: [.contentType: type],
                 body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }

    /// Queues a job; false when the same job (an inbox item, a timer, a release) is already queued.
    @discardableResult
    func submit(_ job: TurnJob) async -> Bool {
        guard let scheduler = scheduler.withLock({ $0 }) else { return false }
        return await scheduler.submit(job)
    }

    /// Whether the daemon is stopping (it takes no more turns).
    func isStopping() async -> Bool {
        guard let scheduler = scheduler.withLock({ $0 }) else { return false }
        return await scheduler.stopping
    }

    /// Queues a person's message to a contact behind the conversation's turns; its outcome.
    func queueMessage(_ text: String, to key: ConversationKey) async -> AdminMessageOutcome {
        guard let scheduler = scheduler.withLock({ $0 }) else { return .failed("the daemon is not serving yet") }
        return await withCheckedContinuation { continuation in
            let reply = AdminReply(continuation)
            Task { await scheduler.submit(.message(key, text, reply)) }
        }
    }
}
