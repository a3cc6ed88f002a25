import ArgumentParser
import FlowBytecode
import FlowChecker

/// `flowc inspect`: disassemble a bundle or a source folder.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Disassemble a .flowb bundle (or compile and disassemble a bot folder), with source lines beside instructions."
    )

    @Argument(help: "A .flowb file or a bot folder.")
    var path: String

    @Option(help: "For a .flowb: the bot folder it was built from, for source lines (default: the bundle's folder, then the current one).")
    var sources: String?

    func run() throws {
        if let sources, FileSystem.kind(sources) != .directory {
            writeStandardError("error: --sources \(sources): not a folder\n")
            throw ExitCode(2)
        }
        let (bundle, folderSources, project) = try loadBundle(path)
        // A bundle's sources are looked for, and shown only when they are what it was built from.
        let found = project == nil ? bundleSources(bundle, at: path, folder: sources) : folderSources
        print(Disassembler(bundle: bundle, sources: found).text(), terminator: "")
    }
}
