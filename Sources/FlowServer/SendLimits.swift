import FlowStore
import Synchronization

// The limits and bookkeeping the webhook path and the outbox share: rate limits, send
// schedules, circuit breakers, recent message ids, early statuses, throttled logs.

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
