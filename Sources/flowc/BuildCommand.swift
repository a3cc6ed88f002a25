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
        print("wrote \(output): \(bundle.flows.count) flow\(bundle.flows.count == 1 ? "" : "s"), \(bytes.count) bytes, hash \(BundleCodec.contentHash(bundle))")
    }
}

/// Loads a `.flowb` file, or builds a source folder, for the commands that run bots.
func loadBundle(_ path: String) throws -> (bundle: Bundle, sources: [String: String], project: Project?) {
    if path.hasSuffix(".flowb") {
        let bytes: [UInt8]
        do {
            bytes = try FileSystem.read(path, limit: 256 << 20)
        } catch {
            writeStandardError("error: \(error)\n")
            throw ExitCode(2)
        }
        do {
            let bundle = try BundleCodec.decode(bytes)
            return (bundle, bundleSources(bundle, at: path), nil)
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
    return (bundle, built.report.sources.mapValues(\.text), built.project)
}

/// The source files a bundle names, for `flowc inspect`: read where the bundle says they are (absolute,
/// or relative to the working directory), else relative to the `.flowb`'s folder. Files that are gone,
/// too large or not UTF-8 are left out, and their instructions show without source lines.
func bundleSources(_ bundle: Bundle, at bundlePath: String) -> [String: String] {
    let folder = FileSystem.dirname(bundlePath)
    var sources: [String: String] = [:]
    for file in Set(bundle.files) where !file.isEmpty {
        let candidates = file.hasPrefix("/") ? [file] : [file, FileSystem.join(folder, file)]
        for path in candidates where FileSystem.kind(path) == .file {
            guard let bytes = try? FileSystem.read(path, limit: 8 << 20), bytes.count <= 8 << 20,
                  let text = String(validating: bytes, as: UTF8.self) else { continue }
            sources[file] = text
            break
        }
    }
    return sources
}
