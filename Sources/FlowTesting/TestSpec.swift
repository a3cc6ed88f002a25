import FlowBytecode
import FlowChecker
import FlowDiagnostics
import FlowRuntime
import FlowSyntax
import FlowValidation
import FlowVM

/// One conversation test of a `*.test.yaml`.
public struct TestSpec: Sendable {
    /// What the bot's next message must be.
    public enum Expectation: Sendable, Equatable {
        case exact(String)
        case contains(String)
        case matches(String)
        case menu([String])
    }

    /// One line of the conversation.
    public enum Turn: Sendable {
        case user(InboundMessage, line: Int)
        case bot(Expectation, line: Int)
        case wait(Int64, text: String, line: Int)
        /// A person releases the handoff.
        case release(line: Int)
    }

    public var name: String
    public var line: Int
    public var contact: Contact
    public var env: [String: String] = [:]
    public var secrets: [String: String] = [:]
    public var vars: [String: Value] = [:]
    public var now: Int64?
    /// `locale:`: the test reads answers and formats as this locale, not the bot's.
    public var locale: String?
    /// `now` was written without `Z` or an offset: a time of day in the bot's zone.
    public var nowIsLocal = false
    public var mocks: [HTTPMock] = []
    public var turns: [Turn] = []
    public var expectVars: [(String, Value)] = []
    /// Variables holding a photo, file or place: `expect: vars` compares the fields the test names.
    public var expectFieldsNamed: Set<String> = []
    /// Scalars of `vars:` and `expect: vars:` as written (`zip: 01425` is the text "01425" when
    /// `zip` is text; YAML alone reads it as the number 1425).
    public var varTexts: [String: String] = [:]
    public var expectTexts: [String: String] = [:]
    /// `contact:` gave no `id`: the contact is known by its phone (as a channel gives it).
    public var contactIdFromPhone = false
    /// The line of each `expect:` entry (`vars.qty`, `ended`, `status`, `flow`, `step`), named with its failure.
    public var expectLines: [String: Int] = [:]
    public var expectEnded: Bool?
    public var expectStatus: String?
    public var expectFlow: String?
    public var expectStep: String?
}

/// A test file, read for running (its shape was already checked by `flowc check`).
public struct TestSuiteFile: Sendable {
    public var path: String
    public var flow: String?
    public var tests: [TestSpec]

    /// Reads a test file; shape errors come back as diagnostics.
    public static func read(_ path: String, sink: DiagnosticSink) throws(UsageError) -> TestSuiteFile? {
        let bytes: [UInt8]
        do { bytes = try FileSystem.read(path, limit: YAMLReader.maxFileSize) } catch { throw UsageError(error.description) }
        let document = YAMLReader(path: path, sink: sink).read(bytes)
        guard TestDecoder(path: path, sink: sink).decode(document) != nil, sink.errorCount == 0, let root = document.root else { return nil }
        var file = TestSuiteFile(path: path, flow: root["flow"]?.scalar?.text, tests: [])
        for node in root["tests"]?.sequence ?? [] { file.tests.append(spec(node)) }
        return file
    }

    static func text(_ node: YAMLNode?) -> String? { node?.scalar.map(\.text) }

    /// A scalar's text as written, unless it is null.
    static func writtenText(_ node: YAMLNode) -> String? {
        guard let s = node.scalar, !node.isNull else { return nil }
        if case .null = s.value { return nil }
        return s.text
    }

    static func strings(_ node: YAMLNode?) -> [String: String] {
        var out: [String: String] = [:]
        for pair in node?.mapping ?? [] { if let k = pair.keyText { out[k] = pair.value.scalar?.text ?? YAMLValue.value(pair.value).json } }
        return out
    }

    static func spec(_ node: YAMLNode) -> TestSpec {
        let contactNode = node["contact"]
        let contact = Contact(id: text(contactNode?["id"]) ?? text(contactNode?["phone"]) ?? "test-contact",
                              name: text(contactNode?["name"]) ?? "", phone: text(contactNode?["phone"]) ?? "",
                              channel: text(contactNode?["channel"]) ?? "test")
        var spec = TestSpec(name: text(node["name"]) ?? "", line: node.range.start.line, contact: contact)
        spec.contactIdFromPhone = contactNode?["id"] == nil && contactNode?["phone"] != nil
        spec.env = strings(node["env"])
        spec.secrets = strings(node["secrets"])
        spec.locale = text(node["locale"]).map { BotDecoder.canonicalLocale($0) ?? $0 }
        for pair in node["vars"]?.mapping ?? [] {
            guard let k = pair.keyText else { continue }
            spec.vars[k] = YAMLValue.value(pair.value)
            spec.varTexts[k] = writtenText(pair.value)
        }
        if let now = text(node["now"]).map(ISODateTime.withT) {
            spec.now = Clock.parse(now)
            let time = now.dropFirst(10)
            spec.nowIsLocal = !time.contains(where: { "Zz+-".contains($0) })
        }
        spec.mocks = (node["http"]?.sequence ?? []).compactMap(YAMLValue.mock)
        for item in node["conversation"]?.sequence ?? [] {
            let line = item.range.start.line
            if let user = item["user"] {
                if let s = user.scalar {
                    spec.turns.append(.user(InboundMessage(text: s.text), line: line))
                } else {
                    var m = InboundMessage(text: text(user["text"]) ?? "")
                    if let button = text(user["button"]) { m.type = "button"; m.payload = button; if m.text.isEmpty { m.text = button } }
                    if let loc = user["location"] { m.type = "location"; m.data = YAMLValue.value(loc) }
                    for kind in ["image", "document"] { if let url = text(user[kind]) { m = .media(kind, url: url, caption: m.text) } }
                    spec.turns.append(.user(m, line: line))
                }
            } else if let bot = item["bot"] {
                let expectation: TestSpec.Expectation
                if let s = bot.scalar { expectation = .exact(s.text) }
                else if let c = text(bot["contains"]) { expectation = .contains(c) }
                else if let m = text(bot["matches"]) { expectation = .matches(m) }
                else if let e = text(bot["exact"]) { expectation = .exact(e) }
                else { expectation = .menu((bot["menu"]?.sequence ?? []).compactMap { $0.scalar?.text }) }
                spec.turns.append(.bot(expectation, line: line))
            } else if let wait = text(item["wait"]), let ms = Duration.parse(wait) {
                spec.turns.append(.wait(Int64(ms), text: wait, line: line))
            } else if item["release"] != nil {
                spec.turns.append(.release(line: line))
            }
        }
        if let expect = node["expect"] {
            for pair in expect["vars"]?.mapping ?? [] {
                guard let k = pair.keyText else { continue }
                spec.expectVars.append((k, YAMLValue.value(pair.value)))
                spec.expectTexts[k] = writtenText(pair.value)
                spec.expectLines["vars." + k] = pair.key.range.start.line
            }
            for key in ["ended", "status", "flow", "step"] {
                if let entry = expect.mapping?.first(where: { $0.keyText == key }) { spec.expectLines[key] = entry.key.range.start.line }
            }
            if case .bool(let b)? = expect["ended"]?.scalar?.value { spec.expectEnded = b }
            spec.expectStatus = text(expect["status"])
            spec.expectFlow = text(expect["flow"])
            spec.expectStep = text(expect["step"])
        }
        return spec
    }
}

/// The fake clock of tests.
public enum Clock {
    /// 2026-06-15T15:00:00Z: a Monday afternoon in Buenos Aires, the default `now` of a test.
    public static let testDefault: Int64 = 1_781_535_600_000

    /// `2026-12-31`, `2026-12-31T14:30`, `2026-12-31T14:30:00Z` or with `-03:00` → ms since the epoch
    /// (without an offset, read as UTC: callers place a local time in the bot's zone).
    public static func parse(_ text: String) -> Int64? {
        if let day = CivilDate.parseISO(text) { return Int64(day.daysSinceEpoch) * 86_400_000 }
        return ISOInstant.parse(text).map { $0.local - Int64($0.offset ?? 0) * 60_000 }
    }
}
