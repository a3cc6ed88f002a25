import CoreMetrics
import FlowProviders
import Metrics
import Prometheus
import Synchronization

/// The daemon's metrics, through swift-metrics, exported by swift-prometheus at `/metrics`.
public final class DaemonMetrics: Sendable {
    let registry: PrometheusCollectorRegistry
    private let turns: CoreMetrics.Counter
    private let latency: CoreMetrics.Timer
    private let storeErrors: CoreMetrics.Counter
    private let webhooks = Mutex<[String: CoreMetrics.Counter]>([:])
    private let sends = Mutex<[String: CoreMetrics.Counter]>([:])
    private let outboxDepth: CoreMetrics.Gauge
    private let deadLetters: CoreMetrics.Counter
    private let handoffs = Mutex<[String: CoreMetrics.Gauge]>([:])

    /// Uses `registry` through a metrics factory bound to it (not the global bootstrap, so that
    /// several daemons in one process, as in tests, keep their own figures).
    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        let factory = PrometheusMetricsFactory(registry: registry)
        turns = CoreMetrics.Counter(label: "flowc_turns_total", dimensions: [], factory: factory)
        latency = CoreMetrics.Timer(label: "flowc_turn_duration_seconds", dimensions: [], factory: factory)
        storeErrors = CoreMetrics.Counter(label: "flowc_store_errors_total", dimensions: [], factory: factory)
        outboxDepth = CoreMetrics.Gauge(label: "flowc_outbox_due", dimensions: [], factory: factory)
        deadLetters = CoreMetrics.Counter(label: "flowc_dead_letters_total", dimensions: [], factory: factory)
        self.factory = factory
    }

    private let factory: PrometheusMetricsFactory

    func turn(milliseconds: Int64) {
        turns.increment()
        latency.recordMilliseconds(milliseconds)
    }

    func storeError() { storeErrors.increment() }

    /// A reply given up on (`/api/v1/dead-letters` lists them).
    func deadLetter() { deadLetters.increment() }

    func outboxBatch(_ count: Int) { outboxDepth.record(count) }

    /// Conversations waiting for a person, by bot (`flowc_handoffs{bot}`); a bot with none is 0.
    func handoffs(_ counts: [String: Int], bots: [String]) {
        handoffs.withLock { gauges in
            for bot in Set(bots).union(counts.keys) {
                let gauge = gauges[bot] ?? CoreMetrics.Gauge(label: "flowc_handoffs", dimensions: [("bot", bot)], factory: factory)
                gauges[bot] = gauge
                gauge.record(counts[bot] ?? 0)
            }
        }
    }

    func webhook(provider: String, status: Int) {
        let key = "\(provider)|\(status)"
        let counter = webhooks.withLock { counters in
            if let c = counters[key] { return c }
            let c = CoreMetrics.Counter(label: "flowc_webhooks_total", dimensions: [("provider", provider), ("status", String(status))], factory: factory)
            counters[key] = c
            return c
        }
        counter.increment()
    }

    func send(provider: String, outcome: SendOutcome) {
        let result = switch outcome {
        case .sent: "sent"
        case .retry: "retry"
        case .throttled, .contactThrottled: "throttled"
        case .contactStopped: "contact_stopped"
        case .permanent: "permanent"
        }
        let key = "\(provider)|\(result)"
        let counter = sends.withLock { counters in
            if let c = counters[key] { return c }
            let c = CoreMetrics.Counter(label: "flowc_provider_sends_total", dimensions: [("provider", provider), ("result", result)], factory: factory)
            counters[key] = c
            return c
        }
        counter.increment()
    }

    /// The Prometheus text exposition.
    public func exposition() -> String { registry.emitToString() }
}
