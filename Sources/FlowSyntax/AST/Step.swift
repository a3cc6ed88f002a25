import FlowDiagnostics

/// A message: plain text, or media, location and buttons.
public struct Message: Sendable {
    /// The text (a template), or the caption of media.
    public var text: TextValue?
    /// Media attachments by kind (`image`, `document`, `audio`, `video`) with their URL templates.
    public var media: [(kind: String, url: TextValue)]
    /// `caption` and `filename` for media.
    public var caption: TextValue?
    /// The file name shown for a document.
    public var filename: TextValue?
    /// A location pin.
    public var location: [(key: Located<String>, value: DataValue)]?
    /// Reply buttons (at most 3 on WhatsApp).
    public var buttons: [TextValue]
    /// Where the message stands.
    public var range: SourceRange

    /// Creates an empty message at `range`.
    public init(range: SourceRange) {
        self.media = []
        self.buttons = []
        self.range = range
    }

    /// Every template in the message.
    public var templates: [TextValue] {
        var out: [TextValue] = []
        if let text { out.append(text) }
        out += media.map(\.url)
        if let caption { out.append(caption) }
        if let filename { out.append(filename) }
        out += buttons
        for pair in location ?? [] { out += pair.value.templates }
        return out
    }
}

/// The re-ask message of a question: one template, or one per failure reason.
public struct InvalidMessages: Sendable {
    /// `reason: template` pairs (`default` for the single-template form).
    public var messages: [(reason: Located<String>, text: TextValue)]
}

/// What an `ask` or `menu` shares: saving, re-asking, timing out.
public struct QuestionOptions: Sendable {
    /// `save`: the variable the answer goes to.
    public var save: Located<String>?
    /// `invalid`: the re-ask message(s).
    public var invalid: InvalidMessages?
    /// `retries`: how many re-asks.
    public var retries: Located<Int>?
    /// `on_fail`: where to go when re-asks run out.
    public var onFail: Target?
    /// `timeout`: how long to wait.
    public var timeout: Duration?
    /// `on_timeout`: where to go on silence.
    public var onTimeout: Target?
    /// `interrupts`: `true` (the default), `exact` (only a message that is just a keyword), `false` (none).
    public var interrupts: Located<String>?

    /// Creates empty options.
    public init() {}
}

/// An `ask` step.
public struct AskStep: Sendable {
    /// The question.
    public var question: Message
    /// `expect`: inline validation type.
    public var expect: VarSpec?
    /// Save, invalid, retries, timeouts.
    public var options: QuestionOptions
}

/// One option of a menu.
public struct MenuOption: Sendable {
    /// The option id (saved when chosen).
    public var id: Located<String>
    /// The label shown.
    public var label: TextValue
    /// The description (list rows).
    public var description: TextValue?
    /// Where choosing it goes.
    public var goto: Target?
}

/// A `menu` step.
public struct MenuStep: Sendable {
    /// The prompt.
    public var prompt: Message
    /// The options, in order.
    public var choices: [MenuOption]
    /// Where `options:` stands.
    public var optionsRange: SourceRange
    /// Save, invalid, retries, timeouts.
    public var options: QuestionOptions
    /// `style`: buttons, list or text.
    public var style: Located<String>?
    /// `button`: the list button's text.
    public var button: TextValue?
}

/// One arm of a `branch`.
public struct BranchArm: Sendable {
    /// The condition; nil for `else`.
    public var condition: TextValue?
    /// Where it goes; nil when its `goto` is missing or not a target (reported), so that its
    /// condition is still checked.
    public var target: Target?
    /// Where the arm stands.
    public var range: SourceRange
}

/// An `http` action.
public struct HTTPAction: Sendable {
    /// GET, POST, PUT, PATCH or DELETE.
    public var method: Located<String>
    /// The URL template.
    public var url: TextValue
    /// Header templates.
    public var headers: [(key: Located<String>, value: DataValue)]
    /// The JSON body.
    public var json: DataValue?
    /// A form body.
    public var form: [(key: Located<String>, value: DataValue)]?
    /// `timeout`.
    public var timeout: Duration?
    /// `retries`.
    public var retries: Located<Int>?
}

/// An `email` action.
public struct EmailAction: Sendable {
    /// Fields by name (`to`, `cc`, `bcc`, `reply_to`, `subject`, `body`).
    public var fields: [(key: Located<String>, value: TextValue)]
}

/// A `query` action.
public struct QueryAction: Sendable {
    /// The SQL (a template whose holes become bound parameters).
    public var sql: TextValue
    /// `db`: the data source.
    public var db: Located<String>?
}

/// A `handoff`.
public struct HandoffAction: Sendable {
    /// The queue.
    public var queue: TextValue?
    /// What to say while handing off.
    public var message: TextValue?
    /// How long to wait for an agent.
    public var timeout: Duration?
    /// Where to go if no agent takes it.
    public var onTimeout: Target?
}

/// An analytics event.
public struct TrackSpec: Sendable {
    /// The event name.
    public var event: TextValue
    /// Its properties.
    public var properties: [(key: Located<String>, value: DataValue)]
}

/// What a step does.
public enum StepKind: Sendable {
    case say(Message)
    case ask(AskStep)
    case menu(MenuStep)
    case branch([BranchArm])
    case set([(key: Located<String>, value: DataValue)])
    case http(HTTPAction)
    case email(EmailAction)
    case query(QueryAction)
    case order([(key: Located<String>, value: DataValue)])
    case track(TrackSpec)
    case call(Located<String>)
    case handoff(HandoffAction)
    case goto
    case `return`(Message?)
    case end(Message?)

    /// The kind key as written in YAML.
    public var keyword: String {
        switch self {
        case .say: "say"
        case .ask: "ask"
        case .menu: "menu"
        case .branch: "branch"
        case .set: "set"
        case .http: "http"
        case .email: "email"
        case .query: "query"
        case .order: "order"
        case .track: "track"
        case .call: "call"
        case .handoff: "handoff"
        case .goto: "goto"
        case .return: "return"
        case .end: "end"
        }
    }

    /// True for steps that wait for the user (and so break loops).
    public var waits: Bool {
        switch self {
        case .ask, .menu, .handoff: true
        default: false
        }
    }
}

/// One step of a flow.
public struct Step: Sendable {
    /// The step id.
    public var id: Located<String>
    /// What it does.
    public var kind: StepKind
    /// Where the kind key stands.
    public var kindRange: SourceRange
    /// `goto` modifier (or the target of a `goto` step).
    public var goto: Target?
    /// `delay` modifier.
    public var delay: Duration?
    /// `track` modifier.
    public var track: TrackSpec?
    /// `save` (actions: http, query, order).
    public var save: Located<String>?
    /// `save_status` (http).
    public var saveStatus: Located<String>?
    /// `on_error` (actions).
    public var onError: Target?
    /// Where the whole step stands.
    public var range: SourceRange
}
