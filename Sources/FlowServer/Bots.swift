#if canImport(Glibc)
import Glibc
#endif
import FlowBytecode
import FlowChecker
import FlowCompiler
import FlowProviders
import FlowRuntime
import FlowVM
import Synchronization

/// A bot as the daemon runs it: its current compiled bundle, configuration and channels.
public struct LoadedBot: Sendable {
    public var id: String
    public var engine: Engine
    public var env: [String: String]
    public var secrets: [String: String]
    public var channels: [any Provider]
    public var allowPrivateNetwork: Bool
    /// Where the bot's data sources (`data/*.sqlite`) are: its folder, or the folder holding its bundle.
    public var dataRoot: String = ""
    /// `env.X` and `secret.X` the bot reads that its entry in flowd.yaml does not give (they read
    /// as empty text): one warning each, with where it is read and where the bot is configured.
    public var unsetSettings: [String] = []
    /// The channels' credentials and the bot's secrets (and Twilio's basic-auth form of them):
    /// masked in what a provider says back (an error body may echo the request), which is logged
    /// and stored with dead letters.
    public var credentials: [String] = []

    /// The credential keys of a channel's settings.
    static let credentialKeys: Set<String> = ["access_token", "app_secret", "verify_token", "auth_token", "api_key",
                                              "webhook_secret", "token", "secret", "bot_token", "secret_token"]

    /// `text` with every credential shown as `[secret]`.
    public func masked(_ text: String) -> String {
        var out = text
        for value in credentials where out.contains(value) { out = out.replacing(value, with: "[secret]") }
        return out
    }

    /// The index of the channel of this provider kind, if the bot has one.
    public func channelIndex(_ kind: String) -> Int? { channels.firstIndex { $0.kind == kind } }

    /// Whether channel `index` can reach `contact`: a Telegram chat (`tg:…`) only through Telegram,
    /// a phone number only through the WhatsApp channels (Cloud API, Twilio, Evolution, a bridge).
    public func reaches(_ index: Int, contact: String) -> Bool {
        channels.indices.contains(index) && (channels[index].kind == "telegram") == contact.hasPrefix("tg:")
    }

    /// The channel for a reply to `contact` when none of their messages names one (a timeout, the
    /// admin API): the first that reaches them.
    public func defaultChannel(for contact: String) -> Int? {
        channels.indices.first { reaches($0, contact: contact) }
    }

    /// The channel that takes over from `index` for `contact`: the next one that reaches them
    /// (wrapping round), or `index` itself when no other does. Fallback never crosses networks.
    public func nextChannel(after index: Int, contact: String) -> Int {
        guard !channels.isEmpty else { return index }
        for step in 1..<max(channels.count, 1) {
            let candidate = (index + step) % channels.count
            if reaches(candidate, contact: contact) { return candidate }
        }
        return index
    }
}

/// Why bots could not be loaded.
public struct LoadError: Error, Sendable, CustomStringConvertible {
    public var description: String
}

/// The bots of the running daemon, swapped atomically on reload. Every bundle a conversation may
/// still be on is kept (in memory and in the bundles folder next to the store), so conversations
/// in flight finish on the bundle they started on.
public final class BotRegistry: Sendable {
    private let bots = Mutex<[String: LoadedBot]>([:])
    private let engines = Mutex<[String: Engine]>([:])
    /// Bundles that running turns hold (hash → number of turns). Taken with the bot under this
    /// lock, and `collect` and `load` run under it too, so a bundle a turn is about to store a
    /// conversation on is never deleted under it (lock order: pins, then bots or engines).
    private let pins = Mutex<[String: Int]>([:])
    /// Where bundles are kept by hash (nil for an in-memory store).
    let bundlesDirectory: String?

    init(bundlesDirectory: String?) {
        self.bundlesDirectory = bundlesDirectory
        if let bundlesDirectory { DaemonFiles.makeDirectories(bundlesDirectory) }
    }

    /// The bot with this id.
    public func bot(_ id: String) -> LoadedBot? { bots.withLock { $0[id] } }

    /// All bots, by id.
    public var all: [LoadedBot] { bots.withLock { $0.values.sorted { $0.id < $1.id } } }

    /// The engine of a bundle by its hash: a current one, one loaded before, or one kept on disk.
    public func engine(hash: String) -> Engine? {
        if let engine = engines.withLock({ $0[hash] }) { return engine }
        guard let dir = bundlesDirectory,
              let bytes = try? FileSystem.read(FileSystem.join(dir, hash + ".flowb"), limit: 256 << 20),
              let bundle = try? BundleCodec.decode(bytes)
        else { return nil }
        let engine = Engine(bundle: bundle)
        engines.withLock { $0[hash] = engine }
        return engine
    }

    /// Takes a bundle another daemon compiled (kept in a shared store): its engine, from now on
    /// found by ``engine(hash:)``; nil when the bytes are no bundle of that hash.
    func install(hash: String, bytes: [UInt8]) -> Engine? {
        guard let bundle = try? BundleCodec.decode(bytes) else { return nil }
        let engine = Engine(bundle: bundle)
        guard engine.hash == hash else { return nil }
        if let dir = bundlesDirectory {
            let file = FileSystem.join(dir, hash + ".flowb")
            if FileSystem.kind(file) != .file { _ = DaemonFiles.writeAtomically(file, bytes) }
        }
        engines.withLock { $0[hash] = engine }
        return engine
    }

    /// The bot with this id, its current bundle held until `release` (for a turn that may
    /// store a conversation on it).
    func pinnedBot(_ id: String) -> LoadedBot? {
        pins.withLock { pins in
            guard let bot = bots.withLock({ $0[id] }) else { return nil }
            pins[bot.engine.hash, default: 0] += 1
            return bot
        }
    }

    /// Lets go of a bundle taken by ``pinnedBot(_:)``.
    func release(_ hash: String) {
        pins.withLock { pins in
            if let n = pins[hash], n > 1 { pins[hash] = n - 1 } else { pins[hash] = nil }
        }
    }

    /// The hashes of the bundles the bots run now.
    var currentHashes: Set<String> { bots.withLock { Set($0.values.map(\.engine.hash)) } }

    /// Forgets every bundle that no bot runs and that is not in `keep` (the bundles of the
    /// conversations in flight): its engine leaves memory and its file the bundles folder.
    /// Returns the hashes of the files removed.
    func collect(keeping keep: Set<String>) -> [String] {
        pins.withLock { pins in
            let keep = keep.union(currentHashes).union(pins.keys)
            engines.withLock { engines in engines = engines.filter { keep.contains($0.key) } }
            guard let dir = bundlesDirectory else { return [] }
            var removed: [String] = []
            for name in FileSystem.list(dir) where name.hasSuffix(".flowb") {
                let hash = String(name.dropLast(".flowb".count))
                guard !keep.contains(hash) else { continue }
                if unlink(FileSystem.join(dir, name)) == 0 { removed.append(hash) }
            }
            return removed
        }
    }

    /// Compiles (or loads) every configured bot; replaces the running set only when all succeed.
    func load(_ config: ServeConfig) throws(LoadError) -> [LoadedBot] {
        var loaded: [String: LoadedBot] = [:]
        var problems: [String] = []
        for bot in config.bots {
            let bundle: Bundle
            do {
                bundle = try Self.bundle(at: bot.path)
            } catch {
                problems.append("\(bot.location): \(error.description)")
                continue
            }
            let id = bot.id ?? bundle.botId
            if loaded[id] != nil {
                problems.append("\(bot.location): a second bot with id `\(id)`")
                continue
            }
            let engine = Engine(bundle: bundle)
            var unset: [String] = []
            for (ns, given, key) in [(FlowBytecode.Namespace.env, bot.env, "env"), (FlowBytecode.Namespace.secret, bot.secrets, "secrets")] {
                for (name, at) in bundle.fieldsRead(of: ns) where given[name] == nil {
                    unset.append("bot `\(id)` (\(bot.location)) reads `\(ns.name).\(name)` at \(at), but its `\(key)` in the config "
                                 + "does not give it: it reads as empty text; add `\(key): {\(name): …}` to the bot")
                }
            }
            loaded[id] = LoadedBot(id: id, engine: engine, env: bot.env, secrets: bot.secrets,
                                   channels: bot.channels.map { ConfigLoader.provider($0, bot: id) }, allowPrivateNetwork: bot.allowPrivateNetwork,
                                   dataRoot: bot.path.hasSuffix(".flowb") || FileSystem.basename(bot.path) == "bot.yaml"
                                       ? FileSystem.dirname(bot.path) : bot.path,
                                   unsetSettings: unset,
                                   credentials: Self.credentials(of: bot))
        }
        guard problems.isEmpty else { throw LoadError(description: problems.joined(separator: "\n")) }
        // The new bundles are written, registered and made current with no collection between.
        pins.withLock { _ in
            for bot in loaded.values {
                if let dir = bundlesDirectory {
                    let file = FileSystem.join(dir, bot.engine.hash + ".flowb")
                    if FileSystem.kind(file) != .file { _ = DaemonFiles.writeAtomically(file, BundleCodec.encode(bot.engine.bundle)) }
                }
            }
            engines.withLock { engines in for bot in loaded.values { engines[bot.engine.hash] = bot.engine } }
            bots.withLock { $0 = loaded }
        }
        return loaded.values.sorted { $0.id < $1.id }
    }

    /// What `LoadedBot.masked` hides: longest first (a token that holds another is hidden whole);
    /// values under 6 characters are left alone (they would mask ordinary words).
    static func credentials(of bot: ServeConfig.Bot) -> [String] {
        var values = Set(bot.secrets.values)
        for channel in bot.channels {
            for (key, value) in channel.settings where LoadedBot.credentialKeys.contains(key) { values.insert(value) }
            if channel.provider == "twilio", let sid = channel.settings["account_sid"], let token = channel.settings["auth_token"] {
                values.insert(Signatures.base64(Array("\(sid):\(token)".utf8)))
            }
        }
        return values.filter { $0.count >= 6 }.sorted { $0.count != $1.count ? $0.count > $1.count : $0 < $1 }
    }

    static func bundle(at path: String) throws(LoadError) -> Bundle {
        if path.hasSuffix(".flowb") {
            do {
                return try BundleCodec.decode(try FileSystem.read(path, limit: 256 << 20))
            } catch {
                throw LoadError(description: "\(path): \(error)")
            }
        }
        let built: BuildRun.Output
        do {
            built = try BuildRun.build(path: path)
        } catch {
            throw LoadError(description: error.message)
        }
        guard let bundle = built.bundle else {
            let first = built.report.diagnostics.first { $0.severity == .error }
            let detail = first.map { ": \($0.file):\($0.range.start): \($0.message)" } ?? ""
            throw LoadError(description: "\(path) has \(built.report.errors) error(s)\(detail); run `flowc check \(path)`")
        }
        return bundle
    }
}
