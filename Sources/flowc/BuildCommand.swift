import ArgumentParser
import FlowBytecode
import FlowChecker
import FlowCompiler

/// `flowc build`: check and compile a bot to a `.flowb` bundle.
struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Check a bot and compile it to a versioned bytecode bundle (.flowb).",
        discussion: "The bundle loads without any YAML; `flowc inspect` disassembles it."
    )

    @Argument(help: "The bot folder (or one flow file).")
    var path: String

    @Option(name: .shortAndLong, help: "Where to write the bundle.")
    var output: String

    func run() throws {
        let built: BuildRun.Output
        do {
            built = try BuildRun.build(path: path)
        } catch {
            writeStandardError("error: \(error.message)\n")
            throw ExitCode(2)
        }
        printDiagnostics(built.report)
        guard let bundle = built.bundle else {
            writeStandardError("error: \(built.report.errors) error(s); no bundle written\n")
            throw ExitCode(1)
        }
        let bytes = BundleCodec.encode(bundle)
        do {
            try writeFileAtomically(output, bytes)
        } catch {
            writeStandardError("error: \(error.message)\n")
            throw ExitCode(2)
        }
        print("wrote \(output): \(bundle.flows.count) flows, \(bytes.count) bytes, hash \(BundleCodec.contentHash(bundle))")
    }
}

/// Loads a `.flowb` file, or builds a source folder, for the commands that run bots.
func loadBundle(_ path: String) throws -> (bundle: Bundle, sources: [String: String]) {
    if path.hasSuffix(".flowb") {
        let bytes: [UInt8]
        do {
            bytes = try FileSystem.read(path, limit: 256 << 20)
        } catch {
            writeStandardError("error: \(error)\n")
            throw ExitCode(2)
        }
        do {
            return (try BundleCodec.decode(bytes), [:])
        } catch {
            writeStandardError("error: \(path): \(error)\n")
            throw ExitCode(1)
        }
    }
    let built: BuildRun.Output
    do {
        built = try BuildRun.build(path: path)
    } catch {
        writeStandardError("error: \(error.message)\n")
        throw ExitCode(2)
    }
    printDiagnostics(built.report)
    guard let bundle = built.bundle else {
        writeStandardError("error: \(path) has \(built.report.errors) error(s); fix them first (`flowc check \(path)`)\n")
        throw ExitCode(1)
    }
    return (bundle, built.report.sources.mapValues(\.text))
}
