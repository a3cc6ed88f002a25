import AsyncHTTPClient
import CMallocTune
import Dispatch
import FlowBytecode
import FlowChecker
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

#if canImport(Glibc)
import Glibc
#endif

/// `flowc serve`: webhooks in, turns run per conversation in order, replies out through the outbox.
public final class Daemon: Sendable {
    /// The config it runs: the one it started with, then each reload's (what a reload cannot change
    /// kept as it started: see ``reload()``).
    public var config: ServeConfig { current.withLock { $0 } }
    private let current: Mutex<ServeConfig>
    /// One reload at a time (SIGHUP and `POST /api/v1/reload` at once): bots and config stay one file's.
    private let reloading = Mutex(0)
    /// What `${VAR}` reads when a reload reads the config again: the process environment, which is
    /// the one the daemon started with (systemd reads an `EnvironmentFile` at start only).
    let environment: @Sendable () -> [String: String]
    let store: any ConversationStore
    let registry: BotRegistry
    let http: HTTPClient
    let actions: HTTPClient
    let logger: Logger
    public let metrics: DaemonMetrics
    let runner: TurnRunner
    let outbox: OutboxWorker
    let contacts = RateLimiter()
    /// Messages stored lately (for redeliveries, which do not count against a contact's rate).
    let recent = RecentMessages()
    /// Refused webhooks are logged once a second per bot, channel and answer: a flood of bad
    /// signatures must not become a flood of log lines.
    let refusals = LogThrottle()
    let now: @Sendable () -> Int64
    let scheduler = Mutex<TurnScheduler?>(nil)
    let ready = Atomic<Bool>(false)
    /// When a webhook last could not be stored, and when one last was (ms): a store that refuses
    /// writes (locked, full) makes `/readyz` say so until a write goes through again.
    let lastStoreFailure = Atomic<Int64>(0)
    let lastStoreSuccess = Atomic<Int64>(0)

    /// Opens the store and loads every bot; throws a clear error otherwise.
    public init(config: ServeConfig, logger: Logger, now: @escaping @Sendable () -> Int64 = Daemon.wallClock,
                environment: @escaping @Sendable () -> [String: String] = ConfigLoader.processEnvironment) async throws {
        // glibc gives every thread that allocates its own arena (up to 8 per core), each
        // keeping freed memory: two are plenty for this daemon's few busy threads and keep
        // its RSS flat under load (MALLOC_ARENA_MAX in the environment still decides).
        _ = flowc_cap_malloc_arenas(2)
        current = Mutex(config)
        self.environment = environment
        self.logger = logger
        self.now = now
        if config.store == "memory" {
            store = InMemoryConversationStore()
            registry = BotRegistry(bundlesDirectory: nil)
        } else if PostgresLocation.isURL(config.store) {
            var storeLogger = logger
            storeLogger[metadataKey: "store"] = "postgres"
            store = try await PostgresConversationStore.open(url: config.store, logger: storeLogger)
            registry = BotRegistry(bundlesDirectory: config.bundlesDirectory)
        } else {
            let path = String(config.store.dropFirst("sqlite:".count))
            DaemonFiles.makeDirectories(path.contains("/") ? String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)]) : ".")
            // 2 MiB of page cache per connection (3 connections): the hot pages of the indexes
            // fit, and the daemon's memory stays small whatever the number of conversations;
            // the kernel's page cache serves the rest of the file.
            store = try SQLiteConversationStore(path: path, options: SQLiteOptions(cacheSizeKiB: 2_048))
            registry = BotRegistry(bundlesDirectory: path + ".bundles")
        }
        let loaded = try registry.load(config)
        http = HTTPClient(eventLoopGroupProvider: .singleton,
                          configuration: HTTPClient.Configuration(redirectConfiguration: .disallow,
                                                                  timeout: .init(connect: .seconds(5), read: .seconds(15))))
        metrics = DaemonMetrics()
        // HTTP actions: no private addresses unless the bot allows them, and at most 3
        // redirects, followed by the performer so that the guard checks every hop.
        let actions = HTTPClient(eventLoopGroupProvider: .singleton,
                                 configuration: HTTPClient.Configuration(redirectConfiguration: .disallow))
        let guarded = HTTPPerformer(client: actions, hostCheck: NetworkGuardPerformer.verdict(url:))
        let open = HTTPPerformer(client: actions, hostCheck: { _ in .allowed })
        let mail = EmailPerformer(settings: config.smtp)
        self.actions = actions
        let outbox = OutboxWorker(store: store, registry: registry, http: http, maxAttempts: config.maxAttempts, now: now, logger: logger, metrics: metrics)
        self.outbox = outbox
        runner = TurnRunner(store: store, registry: registry,
                            performerFor: { bot in
                                NetworkGuardPerformer(inner: bot.allowPrivateNetwork ? open : guarded, allowPrivate: bot.allowPrivateNetwork,
                                                      data: QueryPerformer(root: bot.dataRoot), mail: mail)
                            },
                            now: now, logger: logger, metrics: metrics,
                            fetch: { request in
                                let (response, ambiguous) = await outbox.execute(request)
                                return ambiguous ? nil : response
                            })
        for bot in loaded { for warning in bot.unsetSettings { logger.warning("\(warning)") } }
        await shareBundles(loaded)
    }

    /// `flowc serve --check`: the bots compiled and the store looked at, nothing written (no
    /// store created, no schema migrated, no bundle kept). Returns lines for the operator (`warning: …`, `note: …`).
    public static func check(config: ServeConfig, logger: Logger) async throws -> [String] {
        let bots = try BotRegistry(bundlesDirectory: nil).load(config)
        var notes: [String] = bots.flatMap(\.unsetSettings).map { "warning: " + $0 }
        if PostgresLocation.isURL(config.store) {
            var storeLogger = logger
            storeLogger[metadataKey: "store"] = "postgres"
            try await PostgresConversationStore.probe(url: config.store, logger: storeLogger)
        } else if config.store.hasPrefix("sqlite:") {
            let path = String(config.store.dropFirst("sqlite:".count))
            if try !SQLiteConversationStore.probe(path: path) {
                notes.append("note: the store \(path) does not exist yet: serving creates it")
            }
        }
        if config.adminTokens.isEmpty {
            notes.append("note: no `admin: tokens`: the admin API (/api/v1) answers 401 to every call")
        }
        return notes
    }

    /// On a store several daemons share, keeps the bundles this daemon runs there, so that a
    /// conversation started here goes on on a daemon that never compiled them (a deploy in progress).
    func shareBundles(_ bots: [LoadedBot]) async {
        guard store.sharedByDaemons else { return }
        for bot in bots {
            do {
                try await store.saveBundle(hash: bot.engine.hash, bytes: BundleCodec.encode(bot.engine.bundle))
            } catch {
                logger.error("cannot keep a bundle in the store", metadata: ["bot": "\(bot.id)", "error": "\(error)"])
            }
        }
    }

    public static let wallClock: @Sendable () -> Int64 = {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }

    /// What a reload did.
    public struct Reloaded: Sendable {
        /// The bots now running.
        public var bots: [LoadedBot]
        /// Bot ids the reload added and removed.
        public var added: [String]
        public var removed: [String]
        /// The config keys that changed but take effect only at a restart (the running values stay).
        public var restartNeeded: [String]
    }

    /// SIGHUP, `POST /api/v1/reload`: reads the config file again and recompiles the bots. Bots
    /// added or removed, each bot's path, env, secrets and channels, the admin tokens,
    /// `limits.body_bytes` and `limits.contact_rate` are swapped at once; `listen`, `store`, `smtp`,
    /// `limits.max_attempts`, `idle_timeout` and `request_timeout` keep their running values until
    /// a restart (named in ``Reloaded/restartNeeded`` and logged). A config that does not load or a
    /// bot that does not compile changes nothing.
    public func reload() throws(LoadError) -> Reloaded {
        try reloading.withLock { _ throws(LoadError) -> Reloaded in
            let running = config
            let text: String
            do {
                text = String(decoding: try FileSystem.read(running.path, limit: 1 << 20), as: UTF8.self)
            } catch {
                throw LoadError(description: "\(error)")
            }
            var next: ServeConfig
            do {
                next = try ConfigLoader.load(path: running.path, text: text, environment: environment())
            } catch {
                throw LoadError(description: "\(error)")
            }
            var restartNeeded: [String] = []
            if next.host != running.host || next.port != running.port { restartNeeded.append("listen") }
            if next.store != running.store { restartNeeded.append("store") }
            if next.smtp != running.smtp { restartNeeded.append("smtp") }
            if next.maxAttempts != running.maxAttempts { restartNeeded.append("limits.max_attempts") }
            if next.idleTimeoutSeconds != running.idleTimeoutSeconds { restartNeeded.append("limits.idle_timeout") }
            if next.requestTimeoutSeconds != running.requestTimeoutSeconds { restartNeeded.append("limits.request_timeout") }
            next.host = running.host
            next.port = running.port
            next.store = running.store
            next.bundlesDirectory = running.bundlesDirectory
            next.smtp = running.smtp
            next.maxAttempts = running.maxAttempts
            next.idleTimeoutSeconds = running.idleTimeoutSeconds
            next.requestTimeoutSeconds = running.requestTimeoutSeconds
            let before = Set(registry.all.map(\.id))
            let bots = try registry.load(next)
            for bot in bots { for warning in bot.unsetSettings { logger.warning("\(warning)") } }
            current.withLock { $0 = next }
            let after = Set(bots.map(\.id))
            let reloaded = Reloaded(bots: bots, added: after.subtracting(before).sorted(), removed: before.subtracting(after).sorted(),
                                    restartNeeded: restartNeeded)
            var metadata: Logger.Metadata = ["bots": "\(bots.map { "\($0.id)@\($0.engine.hash.prefix(12))" })"]
            if !reloaded.added.isEmpty { metadata["added"] = "\(reloaded.added)" }
            if !reloaded.removed.isEmpty { metadata["removed"] = "\(reloaded.removed)" }
            logger.info("config and bots reloaded", metadata: metadata)
            if !restartNeeded.isEmpty {
                logger.warning("the config changed where a reload cannot apply it; restart flowc to apply it (the running values stay)",
                               metadata: ["keys": "\(restartNeeded.joined(separator: ", "))"])
            }
            if store.sharedByDaemons { Task { await shareBundles(bots) } }
            return reloaded
        }
    }

    // MARK: Running

    /// Serves until SIGTERM/SIGINT.
    public func run() async throws {
        let scheduler = TurnScheduler { [runner, outbox] job in
            let outcome = await runner.run(job)
            if outcome == .done { outbox.wake() }
            return outcome != .retryLater
        }
        self.scheduler.withLock { $0 = scheduler }
        outbox.contactStopped.withLock { $0 = { key in Task { await scheduler.submit(.stopped(key)) } } }
        // HEAD of every GET route (a monitor's `HEAD /healthz`), answered by the GET handler.
        let router = Router(options: .autoGenerateHeadEndpoints)
        routes(router)
        // A connection idle for 30 s (no request, or headers that stop coming) is closed, and so is
        // one whose request is not whole 60 s after it began (`limits.idle_timeout`, `request_timeout`):
        // slow clients cannot hold the daemon's connections and file descriptors.
        let requestLimit = TimeAmount.milliseconds(Int64(config.requestTimeoutSeconds * 1000))
        let app = Application(
            router: router,
            server: .http1(configuration: .init(
                additionalChannelHandlers: [RequestDeadlineHandler(limit: requestLimit)],
                idleTimeout: .milliseconds(Int64(config.idleTimeoutSeconds * 1000)))),
            configuration: .init(address: .hostname(config.host, port: config.port), serverName: "flowc"),
            onServerRunning: { [weak self] channel in
                guard let self else { return }
                self.ready.store(true, ordering: .releasing)
                let port = channel.localAddress?.port ?? self.config.port
                self.logger.info("flowc serve is ready", metadata: ["address": "\(self.config.host):\(port)", "bots": "\(self.registry.all.count)"])
                if self.config.adminTokens.isEmpty {
                    self.logger.warning("no admin tokens in the config: the admin API (/api/v1) answers 401 to every call")
                }
            },
            logger: logger)
        let workers = Workers(daemon: self, scheduler: scheduler)
        let group = ServiceGroup(configuration: .init(
            services: [.init(service: app), .init(service: workers)],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
        await finishTurns(scheduler)
        try await close()
    }

    /// Stops taking turns and waits (up to `limit`) for the running ones to finish and commit, so
    /// that a SIGTERM never cuts a turn in the middle of its actions (an HTTP call, an order).
    /// Queued turns stay stored and run after the restart.
    func finishTurns(_ scheduler: TurnScheduler, limit: Duration = .seconds(20)) async {
        await scheduler.stop()
        let clock = ContinuousClock()
        let deadline = clock.now + limit
        var logged = false
        while await !scheduler.idle {
            if clock.now >= deadline {
                logger.warning("turns still running after \(limit); stopping without them (their messages run again after the restart)")
                return
            }
            if !logged {
                logger.info("waiting for the running turns to finish before stopping")
                logged = true
            }
            // Not cancellable: the wait is what shutting down gracefully means here.
            await withCheckedContinuation { (resume: CheckedContinuation<Void, Never>) in
                DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(10)) { resume.resume() }
            }
        }
    }

    /// Releases what the daemon holds: its HTTP clients (which must be shut down before they go)
    /// and the store. After `run()` returns, or instead of it (`flowc serve --check`).
    public func close() async throws {
        try await http.shutdown()
        try await actions.shutdown()
        if let sqlite = store as? SQLiteConversationStore { sqlite.close() }
        if let postgres = store as? PostgresConversationStore { await postgres.close() }
    }

    /// Background work: replays the inbox left by a crash, fires timers, sends the outbox,
    /// and reloads on SIGHUP.
    struct Workers: Service {
        let daemon: Daemon
        let scheduler: TurnScheduler

        func run() async throws {
            // Nothing is claimed or sent before the server holds its port: a second daemon started by
            // mistake on a busy port exits without touching another daemon's outbox or timers.
            while !daemon.ready.load(ordering: .acquiring) {
                if Task.isCancelled || Task.isShuttingDownGracefully { return }
                try? await Task.sleep(for: .milliseconds(5))
            }
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await daemon.outbox.run() }
                group.addTask { await daemon.sweep(scheduler) }
                if daemon.store.sharedByDaemons { group.addTask { await daemon.renewClaims(scheduler) } }
                group.addTask { await daemon.reloadOnHangup() }
                try? await gracefulShutdown()
                group.cancelAll()
            }
            // The turns running now finish before this daemon lets go of what it holds.
            await daemon.finishTurns(scheduler)
            // What this daemon still held goes back to the daemons sharing the store.
            if daemon.store.sharedByDaemons {
                let (inbox, timers) = await scheduler.held()
                try? await daemon.store.releaseClaims(HeldClaims(inbox: inbox, timerConversations: timers, outbox: daemon.outbox.inFlight))
            }
        }
    }

    /// Re-queues stored inbox items not processed yet (after a restart, or after a turn that
    /// failed because the database was busy) and due timers, every 250 ms.
    func sweep(_ scheduler: TurnScheduler) async {
        var lastCollection = ContinuousClock.now
        var lastHandoffCount: ContinuousClock.Instant?
        var pendingBefore: Set<Int64> = []
        while !Task.isCancelled {
            if ContinuousClock.now - lastCollection > .seconds(600) {
                lastCollection = ContinuousClock.now
                await collectBundles()
            }
            if lastHandoffCount.map({ ContinuousClock.now - $0 > .seconds(5) }) ?? true {
                lastHandoffCount = ContinuousClock.now
                if let counts = try? await store.handoffCounts() { metrics.handoffs(counts, bots: registry.all.map(\.id)) }
            }
            do {
                if store.sharedByDaemons {
                    // Several daemons on one database: each takes up what it claims, items another
                    // daemon left behind after 30 s (it died, or its turn keeps failing) and due timers.
                    let clock = now()
                    for item in try await store.claimStaleInbox(now: clock, olderThan: 30_000, limit: 1000)
                    where registry.bot(item.bot) != nil {
                        await scheduler.submit(.inbox(item))
                    }
                    for due in try await store.claimDueTimers(at: clock, limit: 1000) where registry.bot(due.key.bot) != nil {
                        await scheduler.submit(.timer(due.key))
                    }
                } else {
                    // An item that was pending at the last sweep too was left by a restart or by a turn
                    // that failed: it is queued from here. Newer ones are on their way through the live
                    // path (and one queued twice runs once: the scheduler knows what it ran lately).
                    let pending = try await store.pendingInbox(limit: 1000)
                    for item in pending where pendingBefore.contains(item.id) { await scheduler.submit(.inbox(item)) }
                    pendingBefore = Set(pending.map(\.id))
                    for due in try await store.dueTimers(at: now(), limit: 1000) { await scheduler.submit(.timer(due.key)) }
                }
            } catch {
                logger.error("cannot read the inbox or timers", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: .milliseconds(250))
        }
    }

    /// On a store shared by several daemons: every 10 s, extends the claims on the inbox items,
    /// timers and outbox items this daemon is still working on, so that a slow turn or send is
    /// not taken up (and its actions run again) by another daemon's sweep.
    func renewClaims(_ scheduler: TurnScheduler) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(10))
            let (inbox, timers) = await scheduler.held()
            let claims = HeldClaims(inbox: inbox, timerConversations: timers, outbox: outbox.inFlight)
            do {
                try await store.renewClaims(claims, at: now())
            } catch {
                logger.error("cannot renew this daemon's claims", metadata: ["error": "\(error)"])
            }
        }
    }

    func reloadOnHangup() async {
        for await _ in await UnixSignalsSequence(trapping: .sighup) {
            do {
                _ = try reload()
                await collectBundles()
            } catch {
                logger.error("reload refused; the running config and bots stay", metadata: ["error": "\(error)"])
            }
        }
    }

    /// Deletes the kept bundles that neither a bot nor a conversation in flight runs on (after
    /// a reload, and every 10 minutes). A bundle current when the store was asked is kept too,
    /// so a conversation that starts on it while the question runs keeps its bundle.
    func collectBundles() async {
        let currentBefore = registry.currentHashes
        do {
            let inUse = try await store.bundlesInUse()
            let removed = registry.collect(keeping: inUse.union(currentBefore))
            if !removed.isEmpty {
                logger.info("old bundles deleted", metadata: ["bundles": "\(removed.map { String($0.prefix(12)) })"])
            }
        } catch {
            logger.error("cannot read which bundles are in use; none deleted", metadata: ["error": "\(error)"])
        }
    }
}

extension ServeConfig {
    /// What `flowc serve` prints when the store cannot be opened at start, pointing at `store:`
    /// (a PostgreSQL server that cannot be reached is not a "busy" database here: its message says what).
    public func storeFailure(_ error: any Error) -> String {
        var reason = "\(error)"
        if let error = error as? StoreError {
            switch error {
            case let .busy(message), let .io(message): reason = message
            default: break
            }
        }
        return "\(storeLocation ?? path): cannot open the store: \(reason)"
    }

    /// What `flowc serve` prints when it cannot listen, pointing at `listen:`.
    public func listenFailure(_ error: any Error) -> String {
        let text = "\(error)"
        let reason = text.contains("Address already in use") ? "the address is already in use (another process has the port)"
            : text.contains("Permission denied") ? "permission denied (ports below 1024 need privileges)"
            : text.contains("Cannot assign requested address") ? "no network interface of this machine has that address (use 0.0.0.0 to listen on all of them)"
            : text
        return "\(listenLocation ?? path): cannot serve on \(host):\(port): \(reason)"
    }
}
