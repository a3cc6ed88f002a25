import ArgumentParser
import FlowChecker
import FlowServer
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// `flowc serve`: the runtime daemon.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run bots for real: provider webhooks in, replies out (see the README's `flowc serve` section).",
        discussion: """
            The config names the address to listen on, the store, the bots (folders or .flowb \
            bundles) and their channels; `${VAR}` reads the process environment. A bad config \
            is refused at start with the key's line:col. SIGHUP or POST /api/v1/reload reads the \
            config again and recompiles the bots (bots added or removed, their env, secrets and \
            channels, admin tokens; listen, store, smtp, max_attempts and the timeouts need a \
            restart, and ${VAR} keeps the environment the daemon started with); conversations in \
            flight stay on the bundle they started on.

            Exit status: 0 after a graceful shutdown (SIGTERM, SIGINT), 1 when the config or a \
            bot is invalid or the store cannot be opened, 2 for bad arguments.
            """
    )

    @Option(help: "The daemon's config file (flowd.yaml).")
    var config: String

    @Flag(help: "Check the config and every bot, then exit.")
    var check = false

    @Option(help: "Log level: trace, debug, info, notice, warning, error or critical.")
    var logLevel: String = "info"

    func run() async throws {
        let text: String
        do {
            text = String(decoding: try FileSystem.read(config, limit: 1 << 20), as: UTF8.self)
        } catch {
            // The command cannot run (an unreadable file), as for the other commands: 2. A config
            // with mistakes in it (below) is 1.
            writeStandardError("error: \(error)\n")
            throw ExitCode(2)
        }
        let loaded: ServeConfig
        do {
            loaded = try ConfigLoader.load(path: config, text: text, environment: ConfigLoader.processEnvironment())
        } catch {
            for problem in error.problems { writeStandardError("error: \(problem)\n") }
            throw ExitCode(1)
        }
        guard let level = Logger.Level(rawValue: logLevel) else {
            writeStandardError("error: --log-level must be one of trace, debug, info, notice, warning, error, critical\n")
            throw ExitCode(2)
        }
        var logger = Logger(label: "flowc") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = level
        if check {
            // Nothing is written: the store is looked at, not created or migrated.
            do {
                for note in try await Daemon.check(config: loaded, logger: logger) { writeStandardError(note + "\n") }
            } catch let error as LoadError {
                writeStandardError("error: \(error)\n")
                throw ExitCode(1)
            } catch {
                writeStandardError("error: \(loaded.storeFailure(error))\n")
                throw ExitCode(1)
            }
            print("\(config): ok, \(loaded.bots.count) bot(s)")
            return
        }
        let daemon: Daemon
        do {
            daemon = try await Daemon(config: loaded, logger: logger)
        } catch let error as LoadError {
            writeStandardError("error: \(error)\n")
            throw ExitCode(1)
        } catch {
            writeStandardError("error: \(loaded.storeFailure(error))\n")
            throw ExitCode(1)
        }
        do {
            try await daemon.run()
        } catch {
            // Cannot start or keep serving (the port is taken, …): exit 1, saying where.
            writeStandardError("error: \(loaded.listenFailure(error))\n")
            try? await daemon.close()
            throw ExitCode(1)
        }
    }
}
