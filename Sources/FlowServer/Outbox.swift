import AsyncHTTPClient
import FlowProviders
import FlowStore
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// Sends the outbox: each item through its channel's provider, with backoff and jitter, the
/// provider's `Retry-After`, a token bucket per sending number, circuit breakers, fallback to the
/// bot's next channel on transient failures, and dead letters after `maxAttempts`.
final class OutboxWorker: Sendable {
    let store: any ConversationStore
    let registry: BotRegistry
    let http: HTTPClient
    let maxAttempts: Int
    let now: @Sendable () -> Int64
    let logger: Logger
    let metrics: DaemonMetrics
    let schedule = SendSchedule()
    let breakers = CircuitBreakers()
    /// Statuses that came before their send was recorded.
    let earlyStatuses = EarlyStatuses()
    /// Items holding a send slot reserved for them when they were deferred: on which schedule (a
    /// sending number), and when; and the same for a contact's pace (a number and contact).
    private let reserved = Mutex<[Int64: (key: String, slot: Int64)]>([:])
    private let pairReserved = Mutex<[Int64: (key: String, slot: Int64)]>([:])
    private let wakeups = Mutex<[CheckedContinuation<Void, Never>]>([])
    /// The items of the batch being sent (their claims are renewed while it lasts).
    private let sending = Mutex<[Int64]>([])
    /// Sends that went out but whose outcome the store did not take (locked, full): when the item
    /// comes round again it is recorded, never sent a second time.
    private let unrecorded = Mutex<[Int64: SendRecord]>([:])
    /// Store writes that failed in a row: the worker slows down while the store is in trouble.
    private let recordFailures = Mutex(0)
    /// Told of a conversation whose contact stopped receiving (blocked the bot, sent STOP): the
    /// daemon ends it, so that no reminder or timeout keeps writing to them.
    let contactStopped = Mutex<(@Sendable (ConversationKey) -> Void)?>(nil)

    /// The ids of the outbox items being sent now.
    var inFlight: [Int64] { sending.withLock { $0 } }

    /// A provider's id for a message a bot sent, as it is stored: `bot/kind/id`, scoped as an
    /// inbound message's `bot:kind:id` is. Providers number per bot (Telegram's `tg:CHAT:N` counts
    /// per bot and chat), and the store keeps each id once: two bots in one daemon would otherwise
    /// share ids, and the second one's send would be left unlinked (its status never moving past
    /// `queued`). The slashes keep sends apart from inbound ids (a bot id has none), so a provider
    /// that numbers both directions alike cannot make a message look like a duplicate of a send.
    static func storedId(bot: String, kind: String, _ id: String) -> String { "\(bot)/\(kind)/\(id)" }

    init(store: any ConversationStore, registry: BotRegistry, http: HTTPClient, maxAttempts: Int,
         now: @escaping @Sendable () -> Int64, logger: Logger, metrics: DaemonMetrics) {
        self.store = store
        self.registry = registry
        self.http = http
        self.maxAttempts = maxAttempts
        self.now = now
        self.logger = logger
        self.metrics = metrics
    }

    /// Wakes the worker (a turn queued replies).
    func wake() {
        let waiting = wakeups.withLock { w in
            defer { w = [] }
            return w
        }
        for continuation in waiting { continuation.resume() }
    }

    /// Runs until the task is cancelled.
    func run() async {
        while !Task.isCancelled {
            let items: [OutboxItem]
            do {
                items = try await store.claimOutbox(dueAt: now(), limit: 64)
            } catch {
                logger.error("cannot read the outbox", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: .seconds(1))
                continue
            }
            metrics.outboxBatch(items.count)
            if items.isEmpty {
                await sleep(milliseconds: 200)
                continue
            }
            // Items of one conversation go out in order; conversations in parallel.
            var byConversation: [Int64: [OutboxItem]] = [:]
            var order: [Int64] = []
            for item in items {
                if byConversation[item.conversationId] == nil { order.append(item.conversationId) }
                byConversation[item.conversationId, default: []].append(item)
            }
            sending.withLock { $0 = items.map(\.id) }
            defer { sending.withLock { $0 = [] } }
            await withTaskGroup(of: Void.self) { group in
                for id in order {
                    let batch = byConversation[id] ?? []
                    group.addTask {
                        for item in batch {
                            // After a failed item, the conversation's later items wait for it.
                            guard await self.send(item) else { break }
                        }
                    }
                }
            }
            // A store that refuses writes (locked, full) is not hammered: items whose outcome was
            // not stored come back at once, so wait a little longer each time until it takes them.
            let failures = recordFailures.withLock { $0 }
            if failures > 0 { try? await Task.sleep(for: .milliseconds(min(5_000, 250 << min(failures - 1, 5)))) }
        }
    }

    private func sleep(milliseconds: Int64) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await withCheckedContinuation { continuation in
                    self.wakeups.withLock { $0.append(continuation) }
                }
            }
            group.addTask { try? await Task.sleep(for: .milliseconds(milliseconds)) }
            await group.next()
            group.cancelAll()
            self.wake()
        }
    }

    /// One attempt; true when the item is done (sent or dead), false when it waits for a retry.
    func send(_ item: OutboxItem) async -> Bool {
        let clock = now()
        if let done = unrecorded.withLock({ $0[item.id] }) {
            // Sent already: only its outcome is still to be stored.
            if await record(done, item: item) {
                unrecorded.withLock { _ = $0.removeValue(forKey: item.id) }
                if let id = done.providerMessageId, let status = earlyStatuses.take(id) {
                    _ = try? await store.updateDelivery(providerMessageId: id, status: status)
                }
            }
            return true
        }
        if store.sharedByDaemons, let payload = OutboxPayload(json: item.payload), registry.bot(payload.bot) == nil {
            // Another daemon on the same database runs this bot (a deploy in progress): leave the
            // reply to it rather than dead-letter it here.
            // Counted as an attempt: a bot no daemon runs any more ends as a dead letter.
            let attempts = item.attempts + 1
            let dead = attempts >= maxAttempts
            await record(SendRecord(id: item.id, status: dead ? "dead" : "pending", attempts: attempts, nextAttemptAt: clock + 30_000,
                                    error: "the bot \(payload.bot) is not loaded on this daemon", channel: item.channel), item: item)
            return dead
        }
        guard let payload = OutboxPayload(json: item.payload), let bot = registry.bot(payload.bot), !bot.channels.isEmpty else {
            await record(SendRecord(id: item.id, status: "dead", attempts: item.attempts, nextAttemptAt: clock,
                                    error: "the outbox item's bot is not loaded or its payload is unreadable"), item: item)
            return true
        }
        var log: Logger {
            var log = logger
            log[metadataKey: "bot"] = "\(payload.bot)"
            log[metadataKey: "conversation"] = "\(payload.contact)"
            return log
        }
        // The item's channel, unless it cannot reach the contact (a reload changed the channels).
        let stored = item.channel % bot.channels.count
        guard let channelIndex = bot.reaches(stored, contact: payload.contact) ? stored : bot.defaultChannel(for: payload.contact) else {
            // No channel of the bot is on the contact's network any more (a reload removed it).
            await record(SendRecord(id: item.id, status: "dead", attempts: item.attempts, nextAttemptAt: clock,
                                    error: "no channel of the bot reaches \(payload.contact)"), item: item)
            return true
        }
        let provider = bot.channels[channelIndex]
        let breakerKey = "\(bot.id)/\(provider.kind)"
        // An earlier attempt went out and got no answer: the item stays on its channel for good
        // (another number could send a second copy of what may have arrived).
        let sentBefore = item.lastError?.hasPrefix(Self.maybeSent) == true
        if breakers.isOpen(breakerKey, now: clock), sentBefore {
            await record(SendRecord(id: item.id, status: "pending", attempts: item.attempts, nextAttemptAt: clock + 5_000,
                                    error: item.lastError, channel: channelIndex), item: item)
            return false
        }
        if breakers.isOpen(breakerKey, now: clock) {
            // An open breaker sends nothing: move to the next channel, if there is one.
            let next = bot.nextChannel(after: channelIndex, contact: payload.contact)
            await record(SendRecord(id: item.id, status: "pending", attempts: item.attempts,
                                    nextAttemptAt: clock + (next == channelIndex ? 5_000 : 0),
                                    error: "\(provider.kind): circuit breaker open", channel: next), item: item)
            return false
        }
        // The sending number's rate: an item without a slot reserved earlier takes the next one,
        // and waits for it in the store when it is not now (its conversation's later items after it).
        // A slot holds only on its own number (fallback may have moved the item), once due, and
        // when no pause began since.
        let sender = "sender:\(provider.kind):\(provider.sender)"
        // The contact's pace first (Meta's pair rate, Telegram's chats): the same reservation, per
        // number and contact, so a burst is paid back before the next one.
        let pair = "pair:\(provider.kind):\(provider.sender):\(payload.contact)"
        if let pace = provider.contactPace, pace.gapMs > 0,
           await !slotHolds(pair, rate: 1000 / Double(pace.gapMs), burst: Double(max(1, pace.burst)), in: pairReserved, item: item,
                            channel: channelIndex, now: clock) {
            return false
        }
        guard await slotHolds(sender, rate: provider.sendRate, burst: max(1, provider.sendRate), in: reserved, item: item,
                              channel: channelIndex, now: clock)
        else { return false }
        let request = provider.sendRequest(payload.content, to: payload.contact, idempotencyKey: item.idempotencyKey)
        let (response, ambiguous) = await execute(request)
        let outcome = provider.classify(response)
        let attempts = item.attempts + 1
        metrics.send(provider: provider.kind, outcome: outcome)
        switch outcome {
        case let .sent(given):
            breakers.record(breakerKey, success: true, now: clock)
            let id = given.map { Self.storedId(bot: bot.id, kind: provider.kind, $0) }
            let sent = SendRecord(id: item.id, status: "sent", attempts: attempts, nextAttemptAt: clock, providerMessageId: id,
                                  channel: channelIndex)
            if !(await record(sent, item: item)) {
                unrecorded.withLock { $0[item.id] = sent }
            } else if let id, let status = earlyStatuses.take(id) {
                _ = try? await store.updateDelivery(providerMessageId: id, status: status)
            }
            return true
        case let .retry(said, after), let .throttled(said, after), let .contactThrottled(said, after):
            // No answer at all: say whether the connection was ever made.
            let reason = response.status == 0 && !ambiguous ? "\(provider.kind): could not connect (refused, unreachable or timed out)" : bot.masked(said)
            // Rate-limited: the channel is up, the number waits (providers.md: throttled = retry later);
            // only a transient failure counts against the channel and lets the next one take over.
            let throttled: Bool
            switch outcome {
            case .throttled:
                throttled = true
                schedule.pause(sender, until: clock + Int64(after ?? 1) * 1000)
            case .contactThrottled:
                // Only this contact waits (its later items behind it); the number goes on with others.
                throttled = true
                schedule.pause(pair, until: clock + Int64(after ?? 6) * 1000)
            default:
                throttled = false
            }
            if !throttled {
                breakers.record(breakerKey, success: false, now: clock)
            }
            if attempts >= maxAttempts {
                log.warning("dead letter after \(attempts) attempts", metadata: ["reason": "\(reason)"])
                await record(SendRecord(id: item.id, status: "dead", attempts: attempts, nextAttemptAt: clock, error: reason, channel: channelIndex), item: item)
                return true
            }
            // Two transient failures in a row on one channel: the next channel takes over. Not after
            // a request that went out and got no answer (it may have been delivered): another
            // number would send a second copy (providers.md §7), so it waits longer on the same
            // channel, for the provider to answer or its breaker to open.
            let other = bot.nextChannel(after: channelIndex, contact: payload.contact)
            let maybeSent = ambiguous || sentBefore
            let fallback = !throttled && !maybeSent && other != channelIndex && (attempts % 2 == 0 || breakers.isOpen(breakerKey, now: clock))
            let next = fallback ? other : channelIndex
            let backoff = min(300_000, 500 * (Int64(1) << Int64(min(attempts - 1, 10))))
            let jitter = Int64.random(in: 0...(backoff / 4))
            let delay = max(fallback ? 0 : backoff + jitter, Int64(after ?? 0) * 1000, ambiguous ? 60_000 : 0)
            let why = maybeSent ? Self.maybeSent + reason + (ambiguous ? " after the request went out (it may have arrived: no other channel sends it)" : "") : reason
            log.info("send failed, retrying", metadata: ["reason": "\(why)", "attempt": "\(attempts)", "next_channel": "\(bot.channels[next].kind)"])
            await record(SendRecord(id: item.id, status: "pending", attempts: attempts, nextAttemptAt: clock + delay, error: why, channel: next), item: item)
            return false
        case let .contactStopped(said), let .permanent(said):
            let reason = bot.masked(said)
            breakers.record(breakerKey, success: true, now: clock)
            log.warning("send failed permanently; dead letter", metadata: ["reason": "\(reason)"])
            await record(SendRecord(id: item.id, status: "dead", attempts: attempts, nextAttemptAt: clock, error: reason, channel: channelIndex), item: item)
            if case .contactStopped = outcome {
                let key = ConversationKey(bot: payload.bot, contact: payload.contact)
                contactStopped.withLock { $0 }?(key)
            }
            return true
        }
    }

    /// Whether `item` may go now on schedule `key`: the slot `slots` kept for it there still holds
    /// (on that schedule, due, no pause since), or the next slot is now. Otherwise the item waits for
    /// its slot in the store (kept only once stored: an item whose new time was not written is fetched
    /// again at once, and must not go out before it).
    private func slotHolds(_ key: String, rate: Double, burst: Double, in slots: borrowing Mutex<[Int64: (key: String, slot: Int64)]>,
                           item: OutboxItem, channel: Int, now clock: Int64) async -> Bool {
        let held = slots.withLock { $0.removeValue(forKey: item.id) }
        if let held, held.key == key, schedule.holds(key, slot: held.slot, now: clock) { return true }
        let slot = schedule.reserve(key, rate: rate, burst: burst, now: clock)
        guard slot > clock else { return true }
        if await record(SendRecord(id: item.id, status: "pending", attempts: item.attempts, nextAttemptAt: slot,
                                   error: item.lastError, channel: channel), item: item) {
            slots.withLock { $0[item.id] = (key, slot) }
        }
        return false
    }

    /// How the error of an item that may have reached its provider starts (kept on every later
    /// attempt): it is never moved to another channel.
    static let maybeSent = "[may have been sent] "

    /// Stores a send outcome; false when the store failed (logged, counted).
    @discardableResult
    private func record(_ record: SendRecord, item: OutboxItem) async -> Bool {
        do {
            try await store.recordSend(record)
            recordFailures.withLock { $0 = 0 }
            if record.status == "dead" { metrics.deadLetter() }
            return true
        } catch {
            let inRow = recordFailures.withLock { count in
                count += 1
                return count
            }
            metrics.storeError()
            // Once per trouble (and now and then while it lasts), not once per item and retry.
            if inRow == 1 || inRow % 100 == 0 {
                logger.error("cannot store a send's outcome; the outbox waits for the store", metadata: [
                    "outbox_id": "\(item.id)", "status": "\(record.status)", "error": "\(error)", "failures_in_a_row": "\(inRow)",
                ])
            }
            return false
        }
    }

    /// Sends a provider request; status 0 when no answer came (timeout, refused). `ambiguous`:
    /// no answer came although the connection was made, so the provider may have taken it.
    func execute(_ request: ProviderHTTPRequest) async -> (response: ProviderHTTPResponse, ambiguous: Bool) {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for (name, value) in request.headers { outgoing.headers.add(name: name, value: value) }
        outgoing.body = .bytes(ByteBuffer(bytes: request.body))
        do {
            let response = try await http.execute(outgoing, timeout: .seconds(15))
            let body = try await response.body.collect(upTo: 1 << 20)
            return (ProviderHTTPResponse(status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) },
                                         body: Array(body.readableBytesView)), false)
        } catch {
            return (ProviderHTTPResponse(status: 0), !Self.neverConnected(error))
        }
    }

    /// Whether an error says the request never reached the provider (no connection was made).
    static func neverConnected(_ error: any Error) -> Bool {
        if let e = error as? HTTPClientError {
            return e == .connectTimeout || e == .getConnectionFromPoolTimeout || e == .alreadyShutdown
        }
        if error is NIOConnectionError { return true }
        if case ChannelError.connectTimeout? = error as? ChannelError { return true }
        if let e = error as? IOError { return [ECONNREFUSED, ENETUNREACH, EHOSTUNREACH, ECONNABORTED].contains(e.errnoCode) }
        return false
    }
}
