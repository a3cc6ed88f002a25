import FlowBytecode
import FlowProviders
import FlowRuntime
import FlowStore
import FlowVM
import Logging
import Synchronization

/// Work for one conversation, run strictly in order per conversation.
enum TurnJob: Sendable {
    /// A stored inbound message; with the message as parsed from the webhook when it comes live
    /// (a replayed item is parsed again from its stored payload).
    case inbox(InboxItem, ProviderMessage? = nil)
    /// The conversation's wait timer may be due.
    case timer(ConversationKey)
    /// A person released the handoff.
    case release(ConversationKey)
    /// A person's message to the contact (admin API), queued like a turn so that it never races one.
    case message(ConversationKey, String, AdminReply)
    /// The contact stopped receiving (a provider said so on a send): the conversation ends.
    case stopped(ConversationKey)
}

/// What became of a person's message queued through the admin API.
enum AdminMessageOutcome: Sendable, Equatable {
    case queued
    case noConversation
    case failed(String)
}

/// Where a queued admin message's outcome goes, exactly once.
final class AdminReply: Sendable {
    private let continuation: Mutex<CheckedContinuation<AdminMessageOutcome, Never>?>

    init(_ continuation: CheckedContinuation<AdminMessageOutcome, Never>) {
        self.continuation = Mutex(continuation)
    }

    func resume(_ outcome: AdminMessageOutcome) {
        continuation.withLock { pending in
            pending?.resume(returning: outcome)
            pending = nil
        }
    }

    deinit {
        resume(.failed("the message was dropped before it was queued (the daemon is stopping)"))
    }
}

extension TurnJob {
    var key: ConversationKey {
        switch self {
        case let .inbox(item, _): item.key
        case let .timer(key), let .release(key), let .message(key, _, _), let .stopped(key): key
        }
    }
}

/// Runs each conversation's jobs one after the other, and different conversations in parallel.
actor TurnScheduler {
    private var queues: [ConversationKey: [TurnJob]] = [:]
    private var inFlightInbox: Set<Int64> = []
    /// Inbox items whose turn ran (or that were dropped) lately: the sweep may have read them as
    /// pending just before, and must not run them again.
    private var settledInbox: Set<Int64> = []
    private var settledOrder: [Int64] = []
    private var pendingTimers: Set<ConversationKey> = []
    /// Conversations with a handoff release queued or running (a second release is no release).
    private var pendingReleases: Set<ConversationKey> = []
    /// Runs a job; true when it is settled (false: it failed and stays stored for a retry).
    private let run: @Sendable (TurnJob) async -> Bool
    /// Set when the daemon stops: no job is taken, the running ones finish.
    private(set) var stopping = false
    /// Conversations with a job queued or running (their `drain` is under way).
    private var draining = 0
    /// No job is running (after `stop()`: the last one has finished and committed).
    var idle: Bool { draining == 0 }

    init(run: @escaping @Sendable (TurnJob) async -> Bool) {
        self.run = run
    }

    /// Queues a job; an inbox item, a timer or a release already queued is not queued twice.
    /// False when it was not queued for that.
    @discardableResult
    func submit(_ job: TurnJob) -> Bool {
        // A stopping daemon takes nothing new: an inbox item stays stored and runs after the restart.
        if stopping { return false }
        switch job {
        case let .inbox(item, _):
            guard !settledInbox.contains(item.id), inFlightInbox.insert(item.id).inserted else { return false }
        case let .timer(key):
            guard pendingTimers.insert(key).inserted else { return false }
        case let .release(key):
            guard pendingReleases.insert(key).inserted else { return false }
        case .message, .stopped: break
        }
        let key = job.key
        if var queue = queues[key] {
            // Inbox items wait in the order they were stored (two webhooks of one contact may
            // finish storing in one order and reach here in the other); the running job stays first.
            var at = queue.endIndex
            if case let .inbox(item, _) = job {
                while at > 1, case let .inbox(other, _) = queue[at - 1], other.id > item.id { at -= 1 }
            }
            queue.insert(job, at: at)
            queues[key] = queue
        } else {
            queues[key] = [job]
            draining += 1
            Task { await self.drain(key) }
        }
        return true
    }

    /// What this daemon holds: inbox items queued or running, conversations whose timer is.
    func held() -> (inbox: [Int64], timerConversations: [ConversationKey]) {
        (inFlightInbox.sorted(), Array(pendingTimers))
    }

    /// Runs a conversation's jobs in order (counted in `draining` from when it was queued).
    private func drain(_ key: ConversationKey) async {
        while let job = queues[key]?.first {
            if stopping {
                // Not started: stored inbox items and timers run after the restart.
                for job in queues.removeValue(forKey: key) ?? [] { finished(job, settled: false) }
                break
            }
            let settled = await run(job)
            finished(job, settled: settled)
            queues[key]?.removeFirst()
            if queues[key]?.isEmpty == true { queues[key] = nil }
        }
        draining -= 1
    }

    /// Stops taking jobs: the running ones finish (`idle` tells when), the queued ones stay stored.
    func stop() {
        stopping = true
    }

    private func finished(_ job: TurnJob, settled: Bool) {
        switch job {
        case let .inbox(item, _):
            inFlightInbox.remove(item.id)
            guard settled, settledInbox.insert(item.id).inserted else { break }
            settledOrder.append(item.id)
            if settledOrder.count > 8_192 {
                for id in settledOrder.prefix(4_096) { settledInbox.remove(id) }
                settledOrder.removeFirst(4_096)
            }
        case let .timer(key): pendingTimers.remove(key)
        case let .release(key): pendingReleases.remove(key)
        case .message, .stopped: break
        }
    }
}

/// One turn of one conversation, run against the store: load, run the engine, commit the new
/// state, the messages and their outbox items (and mark the inbox item processed) atomically.
struct TurnRunner: Sendable {
    let store: any ConversationStore
    let registry: BotRegistry
    let performerFor: @Sendable (LoadedBot) -> any EffectPerformer
    let now: @Sendable () -> Int64
    let logger: Logger
    let metrics: DaemonMetrics
    /// Makes a provider request (a media message's download URL), nil when it got no answer.
    var fetch: @Sendable (ProviderHTTPRequest) async -> ProviderHTTPResponse? = { _ in nil }

    enum Outcome: Equatable { case done, skipped, retryLater }

    func run(_ job: TurnJob) async -> Outcome {
        if case let .message(key, text, reply) = job {
            let outcome = await message(text, to: key)
            reply.resume(outcome)
            return outcome == .queued ? .done : .skipped
        }
        let key = job.key
        // The bot's bundle is held until the turn has stored the conversation on it.
        guard let bot = registry.pinnedBot(key.bot) else {
            if case let .inbox(item, _) = job { try? await store.markInboxProcessed(id: item.id, at: now()) }
            return .skipped
        }
        defer { registry.release(bot.engine.hash) }
        // Another daemon sharing the store holds an earlier message of this conversation: wait for
        // it before running anything (the turn's actions must not run on the state before it).
        if case let .inbox(item, _) = job {
            var waited = 0
            while (try? await store.inboxWaits(item)) == true {
                waited += 1
                if waited > 40 { return .retryLater }
                try? await Task.sleep(for: .milliseconds(25 * min(waited, 8)))
            }
        }
        // A photo's download URL is asked for once, not on every attempt below.
        // (A replayed item is parsed here once, for every attempt.)
        var job = job
        if case let .inbox(item, parsed) = job,
           var message = parsed ?? ProviderMessage(json: (try? JSONParser.parse(item.payload)) ?? .null) {
            if let channel = bot.channelIndex(item.channel) { message.data = await withMediaURL(message, bot: bot, channel: channel) }
            job = .inbox(item, message)
        }
        var attempt = 0
        while true {
            attempt += 1
            let started = now()
            do throws(StoreError) {
                let outcome = try await turn(job, bot: bot)
                if outcome == .done { metrics.turn(milliseconds: now() - started) }
                return outcome
            } catch {
                switch error {
                case .duplicateInbound:
                    return .skipped
                case .conflict where attempt < 3:
                    continue
                case .notInOrder where attempt < 40:
                    // Another daemon runs the conversation's earlier message: this one goes after it.
                    try? await Task.sleep(for: .milliseconds(25 * min(attempt, 8)))
                    continue
                default:
                    var log = logger
                    log[metadataKey: "bot"] = "\(key.bot)"
                    log[metadataKey: "conversation"] = "\(key.contact)"
                    log.error("turn failed; it stays queued and is retried", metadata: ["error": "\(error)"])
                    metrics.storeError()
                    return .retryLater
                }
            }
        }
    }

    /// The channel a reply goes out on when no message of the contact's comes with it (a timeout,
    /// a release, an agent's message): the one their latest message came in on (its stored id is
    /// `bot:kind:external`), else the bot's first channel that reaches them.
    func replyChannel(_ key: ConversationKey, bot: LoadedBot) async -> Int {
        if let recent = try? await store.history(key, limit: 50) {
            for record in recent.reversed() where record.direction == .inbound {
                guard let id = record.providerMessageId else { continue }
                let parts = id.split(separator: ":", maxSplits: 2)
                if parts.count == 3, parts[0] == key.bot, let index = bot.channelIndex(String(parts[1])),
                   bot.reaches(index, contact: key.contact) {
                    return index
                }
            }
        }
        return bot.defaultChannel(for: key.contact) ?? 0
    }

    /// Queues a person's message in the conversation's history and outbox (the flow stays where it is).
    private func message(_ text: String, to key: ConversationKey) async -> AdminMessageOutcome {
        for attempt in 1...3 {
            do throws(StoreError) {
                guard let stored = try await store.load(key) else { return .noConversation }
                let clock = now()
                let content = OutboundContent(text: text)
                var commit = TurnCommit(key: key, expectedVersion: stored.version, bundleHash: stored.bundleHash, status: stored.status,
                                        state: stored.state, now: clock)
                commit.outbound = [MessageRecord(direction: .outbound, body: content.json.json, status: DeliveryStatus.queued.rawValue, createdAt: clock)]
                var channel = 0
                var limit = 4096
                if let bot = registry.bot(key.bot) {
                    channel = await replyChannel(key, bot: bot)
                    limit = bot.channels.map(\.capabilities.maxTextLength).min() ?? limit
                }
                // A text longer than a channel takes goes out as several messages, as a bot's do.
                commit.outbox = content.parts(maxText: limit).enumerated().map { part, piece in
                    OutboxItem(idempotencyKey: "\(key.bot)/\(key.contact)/v\(stored.version)/admin" + (part == 0 ? "" : ".\(part)"),
                               payload: OutboxPayload(bot: key.bot, contact: key.contact, content: piece).json,
                               nextAttemptAt: clock, messageIndex: 0, channel: channel)
                }
                _ = try await store.commit(commit)
                return .queued
            } catch {
                // Another process wrote the conversation meanwhile: read it again (nothing was sent).
                if case .conflict = error, attempt < 3 { continue }
                metrics.storeError()
                return .failed("\(error)")
            }
        }
        return .failed("the conversation kept changing")
    }

    /// A photo, file or voice note as the flow saves it: with its `url`, which WhatsApp Cloud gives
    /// only on asking (`GET /{media-id}`); without it when the API does not answer (the id stays).
    private func withMediaURL(_ message: ProviderMessage, bot: LoadedBot, channel: Int) async -> Value {
        guard bot.channels.indices.contains(channel), let request = bot.channels[channel].mediaRequest(for: message),
              case .object(var object) = message.data else { return message.data }
        guard let response = await fetch(request), let url = bot.channels[channel].mediaURL(from: response) else {
            logger.info("media URL not resolved", metadata: ["bot": "\(bot.id)", "channel": "\(bot.channels[channel].kind)"])
            return message.data
        }
        object["url"] = .text(url)
        return .object(object)
    }

    private func turn(_ job: TurnJob, bot: LoadedBot) async throws(StoreError) -> Outcome {
        let key = job.key
        let clock = now()
        // A message names its channel (below); a timeout or a release replies where the contact last wrote.
        var channel = 0
        if case .inbox = job {} else { channel = await replyChannel(key, bot: bot) }
        // A contact known by its phone's digits has that phone; a Telegram chat or a WhatsApp
        // business-scoped user id (`US.1349…`, sent instead of the number) has none.
        let isPhone = !key.contact.isEmpty && key.contact.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
        var contact = Contact(id: key.contact, phone: isPhone ? "+" + key.contact : "",
                              channel: bot.channels.indices.contains(channel) ? bot.channels[channel].kind : "")
        var inbound: InboundMessage?
        var inboxId: Int64?
        if case let .inbox(item, parsed) = job {
            guard let message = parsed ?? ProviderMessage(json: (try? JSONParser.parse(item.payload)) ?? .null) else {
                try await store.markInboxProcessed(id: item.id, at: clock)
                return .skipped
            }
            channel = bot.channelIndex(item.channel) ?? 0
            contact.name = message.name
            contact.channel = item.channel
            inboxId = item.id
            inbound = InboundMessage(text: message.text, type: message.type, id: message.externalId,
                                     payload: message.payload, data: message.data)
        }
        if store.sharedByDaemons, let stored = try await store.load(key), stored.status != .ended,
           registry.engine(hash: stored.bundleHash) == nil, let bytes = try await store.loadBundle(hash: stored.bundleHash) {
            // The conversation runs on a bundle another daemon compiled: take it from the store.
            _ = registry.install(hash: stored.bundleHash, bytes: bytes)
        }
        let host = ConversationHost(engine: bot.engine, key: key, contact: contact, env: bot.env, secrets: bot.secrets, store: store,
                                    performer: performerFor(bot), clock: clock, engines: { registry.engine(hash: $0) })
        // Stored as `bot:channel:id` (``replyChannel(_:bot:)`` reads the channel back from it).
        if case let .inbox(item, _) = job { host.messageIdScope = "\(item.bot):\(item.channel):" }
        try await host.resume()
        host.prepareCommit = { commit, outbound in
            // A message may first fire an overdue timer (its own commit): only the commit that
            // stores the message marks the inbox item processed. Keys name the version each turn
            // starts from, so a replayed turn queues nothing twice.
            if commit.inbound != nil { commit.inboxId = inboxId }
            let before = commit.expectedVersion ?? 0
            for index in commit.outbound.indices { commit.outbound[index].status = DeliveryStatus.queued.rawValue }
            // A text longer than a channel takes goes out as several messages, not cut: sized for the
            // smallest of the bot's channels, as a send may fall back to any of them.
            let limit = bot.channels.map(\.capabilities.maxTextLength).min() ?? 4096
            let interactive = bot.channels.contains { $0.capabilities.maxButtons > 0 || $0.capabilities.maxListRows > 0 }
            // A step's `delay` is a pause before its message (the typing the flow asked for): the
            // message, and every later one of the turn, goes out that much later.
            var pause: Int64 = 0
            commit.outbox = outbound.enumerated().flatMap { index, message in
                pause += Int64(max(0, message.delayMs))
                var content = OutboundContent(message)
                // A list's button in the bot's language, unless the menu names it (`button:`).
                if content.options != nil, content.button.isEmpty { content.button = MenuLayout.listButton(language: bot.engine.locale.language) }
                return content.parts(maxText: limit, interactive: interactive).enumerated().map { part, content in
                    OutboxItem(idempotencyKey: "\(key.bot)/\(key.contact)/v\(before)/\(index)" + (part == 0 ? "" : ".\(part)"),
                               payload: OutboxPayload(bot: key.bot, contact: key.contact, content: content).json,
                               nextAttemptAt: clock + pause, messageIndex: index, channel: channel)
                }
            }
        }
        let output: TurnOutput
        switch job {
        case .inbox:
            guard let inbound else { return .skipped }
            output = try await host.receive(inbound)
        case .timer:
            guard let state = host.state, let due = state.timerDue, due <= clock else { return .skipped }
            output = try await host.advance(by: 0)
        case .release:
            guard host.state?.status == .handoff else { return .skipped }
            output = try await host.release()
        case .message:
            return .skipped // run by `run(_:)`, which needs no bundle for it
        case .stopped:
            // Blocked, or STOP: nothing more reaches them (a reminder, a timeout, a handoff's
            // release). Their next message, if they come back, starts a new conversation.
            guard let state = host.state, state.status != .ended else { return .skipped }
            try await host.resetConversation()
            var log = logger
            log[metadataKey: "bot"] = "\(key.bot)"
            log[metadataKey: "conversation"] = "\(key.contact)"
            log.notice("the contact stopped receiving messages (the provider refused a send for that); the conversation ended",
                       metadata: ["step": "\(state.step)"])
            return .done
        }
        if let handoff = output.events.last(where: { $0.name == "handoff" }) {
            // The shop's people see who waits (and `GET /api/v1/bots/{bot}/handoffs` lists them).
            var log = logger
            log[metadataKey: "bot"] = "\(key.bot)"
            log[metadataKey: "conversation"] = "\(key.contact)"
            let queue = handoff.properties[member: "queue"]
            log.info("the conversation was handed off to a person", metadata: ["queue": "\(queue.map { $0.isNull ? "" : $0.rendered } ?? "")"])
        }
        if output.error == nil, !output.failedEffects.isEmpty {
            // An action failed and the flow's `on_error` took it: why the bot went that way.
            var log = logger
            log[metadataKey: "bot"] = "\(key.bot)"
            log[metadataKey: "conversation"] = "\(key.contact)"
            for failure in output.failedEffects {
                log.info("an action failed; the flow's on_error went on", metadata: [
                    "action": "\(failure.kind)", "error": "\(failure.error)", "step": "\(failure.step)",
                ])
            }
        }
        if let error = output.error {
            // An action failed without `on_error` (or a value did not fit): the conversation ended with the
            // bot's error message; the log says which conversation, where and why (secrets masked already).
            var log = logger
            log[metadataKey: "bot"] = "\(key.bot)"
            log[metadataKey: "conversation"] = "\(key.contact)"
            log.warning("the flow failed; the conversation ended with the bot's error message",
                        metadata: ["error": "\(error.message)", "step": "\(error.step)", "at": "\(error.location)"])
        }
        return .done
    }
}
