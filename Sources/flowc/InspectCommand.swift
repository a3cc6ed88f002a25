import ArgumentParser
import FlowBytecode

/// `flowc inspect`: disassemble a bundle or a source folder.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Disassemble a .flowb bundle (or compile and disassemble a bot folder), with source lines beside instructions."
    )

    @Argument(help: "A .flowb file or a bot folder.")
    var path: String

    func run() throws {
        let (bundle, sources, _) = try loadBundle(path)
        print(Disassembler(bundle: bundle, sources: sources).text(), terminator: "")
    }
}
