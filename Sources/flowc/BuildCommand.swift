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
        if path.hasSuffix(".flowb") {
            // (The checker's own words would say "check" the folder.)
            writeStandardError("error: \(path) is a compiled bundle: build the bot folder it was built from (`flowc inspect` reads bundles)\n")
            throw ExitCode(2)
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
            writeStandardError("error: \(built.report.errors) error(s); no bundle written\n")
            throw ExitCode(1)
        }
        let bytes = BundleCodec.encode(bundle)
        do {
            try checkOutput(output, sources: Array(built.report.sources.keys))
            try writeFileAtomically(output, bytes)
        } catch {
            writeStandardError("error: \(error.message)\n")
            throw ExitCode(2)
        }
        let summary = "wrote \(output): \(bundle.flows.count) flow\(bundle.flows.count == 1 ? "" : "s"), \(bytes.count) bytes, hash \(BundleCodec.contentHash(bundle))\n"
        // The bundle itself on standard output: what was written is said on stderr.
        if output == "-" || output == "/dev/stdout" { writeStandardError(summary) } else { print(summary, terminator: "") }
    }
}

/// Where a bundle may go: never over one of the bot's sources, nor over a file that is neither a
/// bundle nor named `.flowb` (`-o flows/order.yaml` would turn a flow into bytes).
func checkOutput(_ output: String, sources: [String]) throws(UsageError) {
    guard output != "-", !output.hasPrefix("/dev/") else { return }
    let real = FileSystem.resolved(output)
    if sources.contains(where: { $0 == output || (real != nil && FileSystem.resolved($0) == real) }) {
        throw UsageError("\(output) is one of the bot's own files: write the bundle elsewhere, e.g. `-o shop.flowb`")
    }
    if !output.hasSuffix(".flowb"), FileSystem.kind(output) == .file, let head = fileHead(output, 6), !head.isEmpty, head != BundleCodec.magic {
        throw UsageError("\(output) exists and is not a bundle: `flowc build` writes over a .flowb only")
    }
}

/// Loads a `.flowb` file, or builds a source folder, for the commands that run bots; a folder's
/// sources come with it (keyed as the bundle names its files, `flows/order.yaml`), a bundle's do not
/// (``bundleSources(_:at:folder:)`` looks for them).
func loadBundle(_ path: String, providerLimitsBlock: Bool = true) throws -> (bundle: Bundle, sources: [String: String], project: Project?) {
    // A bundle by its name or by its first bytes (one saved without the extension).
    if path.hasSuffix(".flowb") || (FileSystem.kind(path) == .file && fileHead(path, 6) == BundleCodec.magic) {
        let bytes: [UInt8]
        do {
            bytes = try FileSystem.read(path, limit: 256 << 20)
        } catch {
            writeStandardError("error: \(error)\n")
            throw ExitCode(2)
        }
        do {
            return (try BundleCodec.decode(bytes), [:], nil)
        } catch {
            // A bundle that does not decode (truncated, altered, another format version) is a file
            // that cannot be read: the command cannot run.
            writeStandardError("error: \(path): \(error)\n")
            throw ExitCode(2)
        }
    }
    let built: BuildRun.Output
    do {
        built = try BuildRun.build(path: path, providerLimitsBlock: providerLimitsBlock)
    } catch {
        writeStandardError("error: \(error.message)\n")
        throw ExitCode(2)
    }
    printDiagnostics(built.report)
    guard let bundle = built.bundle else {
        writeStandardError("error: \(path) has \(built.report.errors) error(s); fix them first (`flowc check \(path)`)\n")
        throw ExitCode(1)
    }
    // Keyed as the bundle names its files (`flows/order.yaml`).
    var sources: [String: String] = [:]
    for (file, source) in built.report.sources { sources[BundleCompiler.relativePath(file, in: built.project)] = source.text }
    return (bundle, sources, built.project)
}

/// The source files a bundle names (relative to its bot's folder: `flows/order.yaml`), for `flowc
/// inspect`: read in `folder` when given, else beside the `.flowb`, else in the working directory
/// (the first of them that holds any). Files that are not found, too large or not UTF-8 are left
/// out, and their instructions show without source lines. Sources that do not build to this very
/// bundle (changed since it was built, or built by another flowc) would put wrong lines beside its
/// instructions: none are given then, and a warning says why.
func bundleSources(_ bundle: Bundle, at bundlePath: String, folder: String? = nil) -> [String: String] {
    let roots = folder.map { [$0] } ?? [FileSystem.dirname(bundlePath), ""]
    for root in roots {
        var sources: [String: String] = [:]
        for file in Set(bundle.files) where !file.isEmpty {
            let path = file.hasPrefix("/") || root.isEmpty ? file : FileSystem.join(root, file)
            guard FileSystem.kind(path) == .file, let bytes = try? FileSystem.read(path, limit: 8 << 20), bytes.count <= 8 << 20,
                  let text = String(validating: bytes, as: UTF8.self) else { continue }
            sources[file] = text
        }
        if sources.isEmpty { continue }
        let place = root.isEmpty ? "the current folder" : root
        guard buildsTo(bundle, root: root) else {
            writeStandardError("warning: the sources in \(place) are not what \(bundlePath) was built from (they changed since, "
                               + "or another flowc built it): no source lines are shown; rebuild the bundle to see them\n")
            return [:]
        }
        return sources
    }
    return [:]
}

/// Whether the bot (or lone flow) in `root` compiles to `bundle`: the same content hash.
private func buildsTo(_ bundle: Bundle, root: String) -> Bool {
    let folder = root.isEmpty ? "." : root
    // A bot folder, or the one flow file a lone flow's bundle was built from.
    let path = FileSystem.kind(FileSystem.join(folder, "bot.yaml")) == .file || bundle.files.count != 1
        ? folder : (bundle.files[0].hasPrefix("/") ? bundle.files[0] : FileSystem.join(folder, bundle.files[0]))
    guard let built = try? BuildRun.build(path: path, providerLimitsBlock: false), let rebuilt = built.bundle else { return false }
    return BundleCodec.contentHash(rebuilt) == BundleCodec.contentHash(bundle)
}
