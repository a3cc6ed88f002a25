import FlowDiagnostics

/// A trigger that starts a flow.
public enum Trigger: Sendable {
    case keywords([TextValue], SourceRange)
    case regex(TextValue)
}

/// An interrupt of bot.yaml.
public struct Interrupt: Sendable {
    /// Whole-word keywords.
    public var keywords: [TextValue]
    /// A regex alternative.
    public var regex: TextValue?
    /// What it does: goto, end or handoff.
    public var action: InterruptAction
    /// Where it stands.
    public var range: SourceRange
}

/// What an interrupt does.
public enum InterruptAction: Sendable {
    case goto(Target)
    case end(Message?)
    case handoff(HandoffAction)
}

/// A decoded flow file.
public struct FlowFile: Sendable {
    /// The file's path.
    public var path: String
    /// The flow id.
    public var id: Located<String>
    /// Whether `id` stands in for a flow id that is missing or invalid (already reported): the flow
    /// is checked under it, but it is named nowhere, so it is no duplicate and no unused flow.
    public var idIsPlaceholder = false
    /// `description`.
    public var description: String?
    /// `triggers`.
    public var triggers: [Trigger]
    /// `vars`.
    public var vars: [VarDecl]
    /// The steps in order.
    public var steps: [Step]
    /// Where `steps:` stands (for "no steps" errors).
    public var stepsRange: SourceRange
    /// Ids of steps too broken to decode (already reported); targets naming them are not errors.
    public var brokenSteps: Set<String> = []
    /// Variables that broken steps would have saved (declared quietly, so one mistake is reported once).
    public var brokenSaves: Set<String> = []
    /// Whether decoding dropped a target, option or arm (reachability would be unreliable).
    public var lostTargets = false
    /// Ids of `branch` steps that lost an arm to a mistake already reported (it may have been the `else`).
    public var lostArms: Set<String> = []
    /// The words of values dropped with a reported mistake (under an unknown or repeated key): a
    /// variable such a value reads is not also reported unused.
    public var droppedWords: Set<String> = []
}

/// A decoded bot.yaml.
public struct BotFile: Sendable {
    /// The file's path.
    public var path: String
    /// `bot`: the id.
    public var id: Located<String>?
    /// `name`.
    public var name: TextValue?
    /// `start`.
    public var start: Located<String>?
    /// `locale`.
    public var locale: Located<String>?
    /// `timezone`.
    public var timezone: Located<String>?
    /// Whether bot.yaml has a `data:` key (else the data/ folder's SQLite files are the sources).
    public var declaresData = false
    /// `error_message`.
    public var errorMessage: TextValue?
    /// `data` sources: name → path.
    public var data: [(name: Located<String>, path: Located<String>)]
    /// Shared `vars`.
    public var vars: [VarDecl]
    /// `interrupts`.
    public var interrupts: [Interrupt]
    /// Where the file's root stands.
    public var range: SourceRange
    /// The words of values dropped with a reported mistake (see ``FlowFile/droppedWords``).
    public var droppedWords: Set<String> = []
    /// The names its `vars:` refused as invalid (reported) were meant as (`first-name` → `first_name`).
    public var refusedNames: Set<String> = []
}

/// One expectation or action in a test conversation.
public enum TestTurn: Sendable {
    case user(SourceRange)
    case bot(SourceRange)
    case wait(Duration)
    /// `- release: true`: a person hands the conversation back (it goes on after its handoff).
    case release(SourceRange)
}

/// One test of a `*.test.yaml`.
public struct TestCase: Sendable {
    /// `name`.
    public var name: Located<String>
    /// The turns.
    public var turns: [TestTurn]
    /// `expect.vars` names.
    public var expectedVars: [Located<String>]
    /// `vars` given at start.
    public var givenVars: [Located<String>]
    /// The regular expressions of `bot: {matches: …}` turns.
    public var patterns: [TextValue] = []
    /// What `bot:` and `bot: {contains|exact: …}` turns expect, as written.
    public var expectedTexts: [TextValue] = []
    /// What `user:` turns type, and texts with holes the test gives the bot (mocks, contact, vars, env).
    public var typedTexts: [String] = []
    /// The plain texts `user:` turns type, where they stand (a ` #` in one cuts it).
    public var userTexts: [TextValue] = []
    /// The test's own `locale` (canonical), when it gives a known one.
    public var locale: String?
    /// The values of `expect.vars` and of the given `vars`, by name, when written as plain scalars.
    public var varValues: [(name: Located<String>, value: YAMLScalar, range: SourceRange)] = []
    /// The `button` ids of `user: {button: …}` turns.
    public var buttons: [Located<String>] = []
    /// `expect.flow` and `expect.step` (`STEP` or `FLOW.STEP`): where the conversation should be.
    public var expectedFlow: Located<String>?
    public var expectedStep: Located<String>?
    /// Where it stands.
    public var range: SourceRange
}

/// A decoded test file.
public struct TestFile: Sendable {
    /// The file's path.
    public var path: String
    /// `flow`: the flow under test.
    public var flow: Located<String>?
    /// The tests.
    public var tests: [TestCase]
}
