import ArgumentParser
import FlowChecker

/// `flowc explain RULE`: what a diagnostic means, with an example and the fix.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain a diagnostic rule, with an example of the mistake and its fix."
    )

    @Argument(help: "The rule id shown in brackets, e.g. unknown-target.")
    var rule: String?

    @Flag(help: "List every rule.")
    var all = false

    @Flag(help: "Print the rule's entry, or the whole catalogue without one, as Markdown (grammar/rules.md is generated with this).")
    var markdown = false

    func run() throws {
        if markdown, rule == nil || all {
            print(RuleCatalog.markdown(), terminator: "")
            return
        }
        guard let rule, !all else {
            for entry in RuleCatalog.rules { print("\(entry.id.padding(26)) \(entry.summary)") }
            return
        }
        guard let entry = RuleCatalog.rule(rule) else {
            var message = "error: no rule `\(rule)`"
            if let near = RuleCatalog.closest(rule) { message += "; did you mean `\(near)`?" }
            writeStandardError(message + "\n")
            throw ExitCode(2)
        }
        print(markdown ? RuleCatalog.markdown(entry) : RuleCatalog.text(entry), terminator: "")
    }
}

extension String {
    func padding(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}
