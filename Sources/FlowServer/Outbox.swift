import AsyncHTTPClient
import FlowProviders
import FlowStore
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A token bucket: `rate` tokens a second, up to `burst`.
struct TokenBucket: Sendable {
    var rate: Double
    var burst: Double
    var tokens: Double
    var updated: Int64

    init(rate: Double, burst: Double, now: Int64) {
        self.rate = rate
        self.burst = burst
        tokens = burst
        updated = now
    }

    /// Takes `count` tokens if there are; otherwise how many ms until there are. More than a
    /// burst at once (one webhook carrying many messages) takes a full bucket: it would never fit.
    mutating func take(_ count: Int = 1, now: Int64) -> Int64? {
        tokens = min(burst, tokens + Double(max(0, now - updated)) * rate / 1000)
        updated = now
        let need = min(Double(count), burst)
        if tokens >= need {
            tokens = max(0, tokens - Double(count))
            return nil
        }
        return Int64(((need - tokens) * 1000 / rate).rounded(.up))
    }

    /// Whether the bucket has filled up again by `now` (it then says nothing a new one would not).
    func isFull(at now: Int64) -> Bool {
        tokens + Double(max(0, now - updated)) * rate / 1000 >= burst
    }
}

/// Rate limits by key (a contact's webhooks), safe to share. Buckets that have filled up again
/// are dropped once there are many, so a daemon that meets millions of contacts keeps few.
final class RateLimiter: Sendable {
    private struct State {
        var buckets: [String: TokenBucket] = [:]
        var sweepAt = 4096
    }

    private let state = Mutex(State())

    /// Takes `count` tokens for `key`: nil when allowed, otherwise the wait in ms.
    func take(_ key: String, count: Int = 1, rate: Double, burst: Double, now: Int64) -> Int64? {
        state.withLock { state in
            var bucket = state.buckets[key] ?? TokenBucket(rate: rate, burst: burst, now: now)
            let wait = bucket.take(count, now: now)
            state.buckets[key] = bucket
            if state.buckets.count >= state.sweepAt {
                state.buckets = state.buckets.filter { !$0.value.isFull(at: now) }
                state.sweepAt = max(4096, state.buckets.count * 2)
            }
            return wait
        }
    }

    /// How many buckets are kept.
    var count: Int { state.withLock { $0.buckets.count } }
}

/// The ids of messages stored lately (bounded, oldest forgotten first): a provider's
/// redelivery of one is acknowledged without counting against its contact's rate. Kept as
/// 64-bit fingerprints (FNV-1a), a few hundred kilobytes for the whole window: a collision only
/// lets one message by the rate limit.
final class RecentMessages: Sendable {
    private struct State {
        var ids: Set<UInt64> = []
        var order: [UInt64] = []
        var head = 0
    }

    private let state = Mutex(State())
    let capacity: Int

    init(capacity: Int = 20_000) { self.capacity = capacity }

    static func fingerprint(_ id: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in id.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return hash
    }

    func contains(_ id: String) -> Bool {
        let key = Self.fingerprint(id)
        return state.withLock { $0.ids.contains(key) }
    }

    func insert(_ id: String) {
        let id = Self.fingerprint(id)
        state.withLock { state in
            guard state.ids.insert(id).inserted else { return }
            if state.order.count < capacity {
                state.order.append(id)
            } else {
                state.ids.remove(state.order[state.head])
                state.order[state.head] = id
                state.head = (state.head + 1) % capacity
            }
        }
    }
}

/// At most one log line a second per key; the lines left out are counted into the next one.
final class LogThrottle: Sendable {
    private struct State {
        var keys: [String: (last: Int64, suppressed: Int)] = [:]
    }

    private let state = Mutex(State())
    let intervalMs: Int64

    init(intervalMs: Int64 = 1_000) { self.intervalMs = intervalMs }

    /// Nil when a line for `key` went out less than the interval ago (counted); otherwise how
    /// many were left out since the last one.
    func admit(_ key: String, now: Int64) -> Int? {
        state.withLock { s in
            if let entry = s.keys[key], now - entry.last < intervalMs {
                s.keys[key] = (entry.last, entry.suppressed + 1)
                return nil
            }
            let suppressed = s.keys[key]?.suppressed ?? 0
            // Keys are bots and channels named by callers: a caller inventing many starts over.
            if s.keys.count >= 4_096 { s.keys.removeAll(keepingCapacity: true) }
            s.keys[key] = (now, 0)
            return suppressed
        }
    }
}

/// Delivery statuses for provider message ids not known yet: a provider's "delivered" may come
/// before the answer to our own send that tells us the id (providers.md §7). Held a while
/// (bounded, oldest dropped first) and applied when the send is recorded.
final class EarlyStatuses: Sendable {
    private struct State {
        var held: [String: (status: DeliveryStatus, at: Int64)] = [:]
        /// Ids in the order they were held, with when (an id taken and held again is a new entry),
        /// from `head` on (the entries before it are gone; compacted now and then).
        var order: [(id: String, at: Int64)] = []
        var head = 0
    }

    private let state = Mutex(State())
    let capacity: Int
    let keepMs: Int64

    init(capacity: Int = 10_000, keepMs: Int64 = 600_000) {
        self.capacity = capacity
        self.keepMs = keepMs
    }

    /// Holds `status` for `id` (the furthest one, when several come).
    func hold(_ id: String, _ status: DeliveryStatus, now: Int64) {
        state.withLock { s in
            if let old = s.held[id] {
                if old.status.mayMove(to: status) { s.held[id] = (status, old.at) }
                return
            }
            s.held[id] = (status, now)
            s.order.append((id, now))
            while s.head < s.order.count, s.order.count - s.head > capacity || now - s.order[s.head].at > keepMs {
                let first = s.order[s.head]
                s.head += 1
                if s.held[first.id]?.at == first.at { s.held[first.id] = nil }
            }
            if s.head > 1_024, s.head * 2 > s.order.count {
                s.order.removeFirst(s.head)
                s.head = 0
            }
        }
    }

    /// The status held for `id`, if any (and no longer held).
    func take(_ id: String) -> DeliveryStatus? {
        state.withLock { s in s.held.removeValue(forKey: id)?.status }
    }

    var count: Int { state.withLock { $0.held.count } }
}

/// Send slots per sending number (the generic cell rate algorithm): every reservation gets the
/// earliest time at which it keeps the number within `rate` a second and bursts of `burst`, and
/// moves the number's schedule on. A backlog is spread over the future once, instead of being
/// retried against an empty bucket until its turn comes.
final class SendSchedule: Sendable {
    private struct State {
        /// Per key, the time (ms) at which the schedule is back to empty.
        var theoretical: [String: Double] = [:]
        /// Per key, the end of the provider's last "slow down".
        var paused: [String: Int64] = [:]
        /// How many keys before the next sweep (a key per contact: a daemon meets millions).
        var sweepAt = 4_096
        /// And a minute after the last sweep, once there are a thousand.
        var sweptAt: Int64 = 0
    }

    private let state = Mutex(State())

    /// How many keys it keeps.
    var count: Int { state.withLock { $0.theoretical.count } }

    /// Reserves the next slot of `key`: `now` when a send may go now, otherwise the later time.
    /// After a pause, sends resume at the rate, without a burst.
    func reserve(_ key: String, rate: Double, burst: Double, now: Int64) -> Int64 {
        let interval = 1000 / max(rate, 0.001)
        let tolerance = max(0, burst - 1) * interval
        return state.withLock { state in
            let pausedUntil = state.paused[key]
            let from = Double(max(now, pausedUntil ?? 0))
            let afterPause = pausedUntil.map { Double($0) + tolerance } ?? 0
            let tat = max(state.theoretical[key] ?? from, from, afterPause)
            let slot = max(from, tat - tolerance)
            state.theoretical[key] = max(tat, slot) + interval
            if state.theoretical.count >= state.sweepAt || (state.theoretical.count > 1_024 && now - state.sweptAt >= 60_000) {
                state.sweptAt = now
                // A schedule back to empty says nothing a new one would not: dropped.
                let clock = Double(now)
                state.theoretical = state.theoretical.filter { $0.value > clock }
                state.paused = state.paused.filter { $0.value > now }
                state.sweepAt = max(4_096, state.theoretical.count * 2)
            }
            return Int64(slot.rounded(.up))
        }
    }

    /// Whether a slot reserved for `key` at `slot` still holds at `now`: it is due and no pause
    /// began since it was given (a pause moves every later send after it).
    func holds(_ key: String, slot: Int64, now: Int64) -> Bool {
        guard slot <= now else { return false }
        return state.withLock { state in (state.paused[key] ?? 0) <= slot }
    }

    /// Pauses `key` until `until` (the provider said to slow down).
    func pause(_ key: String, until: Int64) {
        state.withLock { state in state.paused[key] = max(state.paused[key] ?? 0, until) }
    }
}

/// A circuit breaker per channel: opens after `threshold` consecutive transient failures and lets
/// one attempt through after `cooldown` ms.
final class CircuitBreakers: Sendable {
    struct State: Sendable {
        var failures = 0
        var openedAt: Int64?
    }

    private let states = Mutex<[String: State]>([:])
    let threshold = 5
    let cooldown: Int64 = 30_000

    func isOpen(_ key: String, now: Int64) -> Bool {
        states.withLock { states in
            guard let opened = states[key]?.openedAt else { return false }
            return now - opened < cooldown
        }
    }

    func record(_ key: String, success: Bool, now: Int64) {
        states.withLock { states in
            var state = states[key] ?? State()
            if success {
                state = State()
            } else {
                state.failures += 1
                if state.failures >= threshold { state.openedAt = now }
            }
            states[key] = state
        }
    }

    /// `closed`, `open` or `half-open`, for the admin API.
    func health(_ key: String, now: Int64) -> String {
        states.withLock { states in
            guard let opened = states[key]?.openedAt else { return "closed" }
            return now - opened < cooldown ? "open" : "half-open"
        }
    }
}

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
    /// Items holding a send slot reserved for them when they were deferred: on which sending
    /// number, and when.
    private let reserved = Mutex<[Int64: (sender: String, slot: Int64)]>([:])
    /// The same for a contact's pace (`Provider.contactPace`): which number and contact, and when.
    private let pairReserved = Mutex<[Int64: (key: String, slot: Int64)]>([:])
    private let wakeups = Mutex<[CheckedContinuation<Void, Never>]>([])
    /// The items of the batch being sent (their claims are renewed while it lasts).
    private let sending = Mutex<[Int64]>([])
    /// Sends that went out but whose outcome the store did not take (locked, full): when the item
    /// comes round again it is recorded, never sent a second time.
    private let unrecorded = Mutex<[Int64: SendRecord]>([:])
    /// Store writes that failed in a row: the worker slows down while the store is in trouble.
    private let recordFailures = Mutex(0)

    /// The ids of the outbox items being sent now.
    var inFlight: [Int64] { sending.withLock { $0 } }

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
        if let pace = provider.contactPace, pace.gapMs > 0 {
            let heldPair = pairReserved.withLock { $0.removeValue(forKey: item.id) }
            let holdsPair = heldPair.map { $0.key == pair && schedule.holds(pair, slot: $0.slot, now: clock) } ?? false
            if !holdsPair {
                let slot = schedule.reserve(pair, rate: 1000 / Double(pace.gapMs), burst: Double(max(1, pace.burst)), now: clock)
                if slot > clock {
                    if await record(SendRecord(id: item.id, status: "pending", attempts: item.attempts, nextAttemptAt: slot,
                                               error: item.lastError, channel: channelIndex), item: item) {
                        pairReserved.withLock { $0[item.id] = (pair, slot) }
                    }
                    return false
                }
            }
        }
        let held = reserved.withLock { $0.removeValue(forKey: item.id) }
        let holdsSlot = held.map { $0.sender == sender && schedule.holds(sender, slot: $0.slot, now: clock) } ?? false
        if !holdsSlot {
            let slot = schedule.reserve(sender, rate: provider.sendRate, burst: max(1, provider.sendRate), now: clock)
            if slot > clock {
                // Remembered only once stored: an item whose new time was not written is fetched
                // again at once, and must not go out before its slot.
                if await record(SendRecord(id: item.id, status: "pending", attempts: item.attempts, nextAttemptAt: slot,
                                           error: item.lastError, channel: channelIndex), item: item) {
                    reserved.withLock { $0[item.id] = (sender, slot) }
                }
                return false
            }
        }
        let request = provider.sendRequest(payload.content, to: payload.contact, idempotencyKey: item.idempotencyKey)
        let (response, ambiguous) = await execute(request)
        let outcome = provider.classify(response)
        let attempts = item.attempts + 1
        metrics.send(provider: provider.kind, outcome: outcome)
        switch outcome {
        case let .sent(id):
            breakers.record(breakerKey, success: true, now: clock)
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
            let reason = response.status == 0 && !ambiguous ? "\(provider.kind): could not connect (refused, unreachable or timed out)" : said
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
        case let .contactStopped(reason), let .permanent(reason):
            breakers.record(breakerKey, success: true, now: clock)
            log.warning("send failed permanently; dead letter", metadata: ["reason": "\(reason)"])
            await record(SendRecord(id: item.id, status: "dead", attempts: attempts, nextAttemptAt: clock, error: reason, channel: channelIndex), item: item)
            return true
        }
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
