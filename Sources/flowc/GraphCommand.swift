import ArgumentParser
import FlowChecker
import FlowCompiler

extension GraphExport.Format: ExpressibleByArgument {}

/// `flowc graph`: the flows as a picture (Graphviz DOT or Mermaid).
struct GraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Print the bot's flows as a Graphviz DOT or Mermaid graph: steps as nodes, branches and waits labelled."
    )

    @Argument(help: "The bot folder (or one flow file).")
    var path: String

    @Option(help: "dot (Graphviz) or mermaid.")
    var format: GraphExport.Format = .dot

    func run() throws {
        if path.hasSuffix(".flowb") {
            // The picture is drawn from the flows' source (steps, labels, targets), which a bundle does not keep.
            writeStandardError("error: \(path): `flowc graph` draws a bot folder or flow file, not a .flowb bundle; "
                               + "give the bot's folder (`flowc inspect` shows what a bundle holds)\n")
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
        guard built.report.errors == 0 else { throw ExitCode(1) }
        print(GraphExport(project: built.project).render(format), terminator: "")
    }
}
