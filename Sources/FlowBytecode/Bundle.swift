/// A compiled bot: everything the VM needs, without any YAML.
public struct Bundle: Sendable {
    /// `bot:` id.
    public var botId: String
    /// `name:`.
    public var botName: String
    /// `locale:`.
    public var locale: String
    /// `timezone:` (empty for the locale's default).
    public var timezone: String
    /// Index of the `start` flow.
    public var startFlow: Int
    /// Interned strings (variable names, field names, step ids, event names).
    public var strings: [String]
    /// Constants.
    public var constants: [Value]
    /// The flows.
    public var flows: [FlowCode]
    /// Bot-level code: the error message and interrupt messages (a pseudo-flow).
    public var botCode: FlowCode
    /// pc in `botCode` of the error message (a message on the stack, then `end`), or -1.
    public var errorMessagePC: Int32
    /// Interrupts, checked before a waiting `ask`/`menu` sees a message.
    public var interrupts: [InterruptSpec]
    /// Validation rules of asks.
    public var rules: [RuleSpec]
    /// Asks, menus, effects and handoffs referenced by instructions.
    public var asks: [AskSpec]
    public var menus: [MenuSpec]
    public var effects: [EffectSpec]
    public var handoffs: [HandoffSpec]
    /// Source file paths, for positions.
    public var files: [String]

    /// Creates an empty bundle for a bot.
    public init(botId: String, botName: String, locale: String, timezone: String) {
        self.botId = botId
        self.botName = botName
        self.locale = locale
        self.timezone = timezone
        startFlow = 0
        strings = []
        constants = []
        flows = []
        botCode = FlowCode(name: "(bot)", file: -1)
        errorMessagePC = -1
        interrupts = []
        rules = []
        asks = []
        menus = []
        effects = []
        handoffs = []
        files = []
    }

    /// Index of the flow called `name`.
    public func flowIndex(_ name: String) -> Int? { flows.firstIndex { $0.name == name } }
}

/// The code of one flow.
public struct FlowCode: Sendable {
    /// Flow id.
    public var name: String
    /// Index in ``Bundle/files``.
    public var file: Int
    /// Instructions.
    public var code: [Instruction] = []
    /// Source line and column of each instruction.
    public var lines: [Int32] = []
    public var columns: [Int32] = []
    /// Steps: id and first pc, in source order.
    public var steps: [(id: String, pc: Int32)] = []
    /// Triggers that start this flow.
    public var triggers: [TriggerSpec] = []

    /// Creates an empty flow.
    public init(name: String, file: Int) {
        self.name = name
        self.file = file
    }

    /// The step whose code holds `pc`.
    public func step(at pc: Int) -> String? {
        var found: String?
        for s in steps where Int(s.pc) <= pc { found = s.id }
        return found
    }
}

/// A trigger: whole-word keywords, or a regex whose named groups become variables.
public enum TriggerSpec: Sendable, Hashable {
    case keywords([String])
    case regex(String)
}

/// An interrupt of bot.yaml.
public struct InterruptSpec: Sendable, Hashable {
    /// Keywords that fire it.
    public var keywords: [String]
    /// A regex that fires it ("" for none).
    public var regex: String
    /// What it does.
    public var action: Action

    /// The interrupt's action.
    public enum Action: Sendable, Hashable {
        /// Leave everything and go to flow at pc.
        case goto(flow: Int32, pc: Int32)
        /// Run `botCode` from pc (sends the message if any) and end.
        case end(pc: Int32)
        /// Hand off: run `botCode` from pc, which pushes queue and message and executes `handoff`.
        case handoff(pc: Int32)
    }

    /// Creates an interrupt.
    public init(keywords: [String], regex: String, action: Action) {
        self.keywords = keywords
        self.regex = regex
        self.action = action
    }
}

/// How an `ask` validates its answer (mirrors the variable type and its options).
public struct RuleSpec: Sendable, Hashable {
    public var kind: String
    public var min: Double?
    public var max: Double?
    public var integer: Bool
    public var pattern: String
    public var region: String
    public var after: String
    public var before: String
    /// `date`: the one numeric format to accept (`MM/dd/yyyy`), "" for the locale's.
    public var format: String
    public var choices: [String]

    /// A rule of `kind` without options.
    public init(kind: String) {
        self.kind = kind
        integer = false
        pattern = ""
        region = ""
        after = ""
        before = ""
        format = ""
        choices = []
    }
}

/// What a question does with answers.
public struct QuestionSpec: Sendable, Hashable {
    /// Variable string index to save into, or -1.
    public var save: Int32 = -1
    /// Re-asks allowed.
    public var retries: Int32 = 3
    /// pc when re-asks run out, or -1 to end the conversation.
    public var onFail: Int32 = -1
    /// Flow of `onFail` when it is in another flow (-1: same flow).
    public var onFailFlow: Int32 = -1
    /// Milliseconds of silence before `onTimeout`, or 0.
    public var timeoutMs: Int64 = 0
    public var onTimeout: Int32 = -1
    public var onTimeoutFlow: Int32 = -1
    /// Re-ask code by failure reason (`default` included); -1 when the question is simply asked again.
    public var invalid: [String: Int32] = [:]
    /// pc of the question's code (sent again as the default re-ask).
    public var questionPC: Int32 = 0
    /// Which interrupts are checked while the question waits (`interrupts:` on the step).
    public var interrupts: Interrupts = .all

    /// `interrupts: true` (all, the default), `exact` (only a message that is just a keyword), `false` (none).
    public enum Interrupts: UInt8, Sendable, Hashable {
        case all = 0, exact = 1, none = 2
    }

    /// Creates a spec with defaults.
    public init() {}
}

/// The flags of an `ask` instruction's `b`: which of its question's bounds were written as
/// templates and are popped when it waits (`max: "{{stock}}"`).
public enum AskBounds {
    public static let min: Int32 = 1
    public static let max: Int32 = 2
    public static let after: Int32 = 4
    public static let before: Int32 = 8
    /// In the order they are pushed (`min` first, popped last).
    public static let all: [Int32] = [min, max, after, before]
    /// Their option names, in the same order.
    public static let names = ["min", "max", "after", "before"]
}

/// An `ask`.
public struct AskSpec: Sendable, Hashable {
    public var rule: Int32
    public var question: QuestionSpec

    /// Creates an ask.
    public init(rule: Int32, question: QuestionSpec) {
        self.rule = rule
        self.question = question
    }
}

/// A `menu`.
public struct MenuSpec: Sendable, Hashable {
    /// Option ids in order.
    public var ids: [String]
    /// Where each option goes: pc, and flow (-1: same flow).
    public var targets: [Int32]
    public var targetFlows: [Int32]
    /// `buttons`, `list`, `text` or "" (by count).
    public var style: String
    /// The list button's text ("" for the default).
    public var button: String
    /// Which options have a description (list rows): empty, or one flag per option. The code pushes the
    /// described options' descriptions, in order, after the labels.
    public var described: [Bool]
    public var question: QuestionSpec

    /// Creates a menu.
    public init(ids: [String], targets: [Int32], targetFlows: [Int32], style: String, button: String, described: [Bool] = [],
                question: QuestionSpec) {
        self.ids = ids
        self.targets = targets
        self.targetFlows = targetFlows
        self.style = style
        self.button = button
        self.described = described
        self.question = question
    }

    /// How many descriptions `sendmenu` takes from the stack.
    public var descriptionCount: Int { described.count { $0 } }
}

/// An action the host performs: `http`, `email`, `query`, `order`.
public struct EffectSpec: Sendable, Hashable {
    public var kind: String
    /// Variable string indexes, or -1.
    public var save: Int32
    public var saveStatus: Int32
    /// pc and flow of `on_error`, or -1.
    public var onError: Int32
    public var onErrorFlow: Int32
    /// The declared kind of the variable `save` fills (`number`, `text`, `list`…), or empty when it
    /// takes any json: a response body that is no such value is the step's error.
    public var saveKind: String

    /// Creates an effect.
    public init(kind: String, save: Int32, saveStatus: Int32, onError: Int32, onErrorFlow: Int32, saveKind: String = "") {
        self.kind = kind
        self.save = save
        self.saveStatus = saveStatus
        self.onError = onError
        self.onErrorFlow = onErrorFlow
        self.saveKind = saveKind
    }
}

/// A `handoff`.
public struct HandoffSpec: Sendable, Hashable {
    public var timeoutMs: Int64
    public var onTimeout: Int32
    public var onTimeoutFlow: Int32

    /// Creates a handoff.
    public init(timeoutMs: Int64, onTimeout: Int32, onTimeoutFlow: Int32) {
        self.timeoutMs = timeoutMs
        self.onTimeout = onTimeout
        self.onTimeoutFlow = onTimeoutFlow
    }
}

extension Bundle {
    /// The fields of namespace `ns` the bot's code reads (`env.API_URL`), in the order first read,
    /// each with where (`flows/main.yaml:12:9`).
    public func fieldsRead(of ns: Namespace) -> [(name: String, location: String)] {
        var seen: Set<String> = []
        var out: [(name: String, location: String)] = []
        for f in flows + [botCode] {
            for (pc, ins) in f.code.enumerated() where ins.op == .namespace && ins.a == ns.rawValue && ins.b >= 0 {
                guard strings.indices.contains(Int(ins.b)) else { continue }
                let name = strings[Int(ins.b)]
                guard seen.insert(name).inserted else { continue }
                let file = files.indices.contains(f.file) ? files[f.file] : f.name
                out.append((name, "\(file):\(f.lines[pc]):\(f.columns[pc])"))
            }
        }
        return out
    }
}
