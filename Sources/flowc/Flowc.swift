import ArgumentParser
import FlowChecker
import FlowBytecode

#if canImport(Glibc)
import Glibc
#endif

/// The `flowc` command.
struct Flowc: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flowc",
        abstract: "The flow compiler for WhatsApp-style chatbots written as YAML flows.",
        discussion: """
            Start with `flowc check examples/shop/` to check a bot, and `flowc explain RULE` \
            to read about a diagnostic.
            """,
        version: "flowc 0.1.0 (flow format v1, bundle format \(BundleCodec.formatVersion))",
        subcommands: [CheckCommand.self, BuildCommand.self, ChatCommand.self, TestCommand.self, InspectCommand.self, GraphCommand.self, ExplainCommand.self, ServeCommand.self]
    )
}

/// Runs the command line with the documented exit codes: 0 ok, 1 problems found, 2 could not run.
@main
enum Main {
    static func main() async {
        // No command at all is a command line that cannot run (exit 2), as any other bad one is:
        // the help goes to stderr, so a script that forgot its arguments fails instead of passing.
        if CommandLine.arguments.count <= 1 {
            writeStandardError(Flowc.helpMessage() + "\n")
            exit(2)
        }
        do {
            var command = try Flowc.parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let code as ExitCode {
            exit(code.rawValue)
        } catch {
            let code = Flowc.exitCode(for: error)
            if code == .success {
                print(Flowc.fullMessage(for: error))
                exit(0)
            }
            var message = Flowc.fullMessage(for: error)
            if !message.hasPrefix("Error") && !message.hasPrefix("error") { message = "error: " + message }
            writeStandardError(message + "\n")
            exit(2)
        }
    }
}

/// Writes to standard error, unbuffered.
func writeStandardError(_ text: String) {
    var text = text
    text.withUTF8 { buffer in
        _ = write(2, buffer.baseAddress, buffer.count)
    }
}
