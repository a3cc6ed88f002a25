import ArgumentParser

@main
struct Flowc: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "flowc", abstract: "The flow compiler and runtime for WhatsApp-style chatbots.")
}
