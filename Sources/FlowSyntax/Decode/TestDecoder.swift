import FlowDiagnostics

/// Decodes a `*.test.yaml` file.
public struct TestDecoder {
    let d: NodeDecoder

    /// Creates a decoder for the file at `path`.
    public init(path: String, sink: DiagnosticSink) {
        d = NodeDecoder(path: path, sink: sink)
    }

    /// Decodes `document`; nil when it is too broken to check further.
    public func decode(_ document: YAMLDocument) -> TestFile? {
        guard let root = document.root else {
            if !document.isIncomplete {
                d.error("empty-file", "this test file is empty", SourceRange(line: 1, column: 1),
                        help: "a test file needs `tests:` with at least one test")
            }
            return nil
        }
        guard let f = d.fields(root, allowed: ["flow", "tests"], what: "a test file",
                               elsewhere: ["steps": "flow files", "conversation": "each test under `tests:`"]) else { return nil }
        var file = TestFile(path: d.path, flow: nil, tests: [])
        if let n = f["flow"] { file.flow = d.name(n, what: "flow name") }
        if let n = d.require(f, "tests", what: "a test file"), let items = d.list(n, what: "`tests`") {
            if items.isEmpty { d.error("wrong-type", "`tests` is empty: a test file holds at least one test", n.range,
                                       help: "add `- name: …` with a `conversation:`, or remove the file") }
            file.tests = items.compactMap(testCase)
            // Two tests of one name: the report and the JUnit file cannot tell them apart.
            var seen: [String: YAMLNode] = [:]
            for item in items {
                guard let node = item["name"], let name = node.scalar?.text, !name.allSatisfy(\.isWhitespace) else { continue }
                if let first = seen[name] {
                    d.warning("duplicate-test", "a second test named `\(name)`", node.range,
                              notes: [DiagnosticNote("the first is here", file: d.path, range: first.range)],
                              help: "give each test its own name (the report and --junit name them by it)")
                } else {
                    seen[name] = node
                }
            }
        }
        return file
    }

    /// Checks a list of HTTP mocks (a test's `http:`, or a `flowc chat --mock` file).
    public func httpMocks(_ n: YAMLNode) {
        guard let items = d.list(n, what: "`http`") else { return }
        for item in items {
            guard let g = d.fields(item, allowed: ["match", "status", "json", "body", "headers", "delay"], what: "an HTTP mock") else { continue }
            if let m = d.require(g, "match", what: "an HTTP mock") {
                if let h = d.fields(m, allowed: ["method", "url", "json", "form", "headers"], what: "`match`") {
                    if let method = h["method"], let t = d.text(method, what: "`method`"),
                       !["GET", "POST", "PUT", "PATCH", "DELETE"].contains(t.text.uppercased()) {
                        d.error("wrong-type", "unknown HTTP method `\(t.text)`", method.range)
                    }
                    if let url = h["url"] {
                        textOnly(url, what: "`url`")
                        // Compared with the whole URL a flow requests: anything else (`url: 3`, `api.test/x`) never matches.
                        if let t = url.scalar?.text, !url.isNull, !t.isEmpty,
                           !["http://", "https://"].contains(where: { t.lowercased().hasPrefix($0) }) {
                            d.error("invalid-url", "`\(t)` is not an http(s) URL: a mock's `url` is the whole URL the flow requests", url.range,
                                    help: "write it as the flow's request has it, e.g. `url: https://api.test/orders` (or leave `url` out to answer any)")
                        }
                    }
                    for key in ["headers", "form"] { if let n = h[key] { textMap(n, what: "`\(key)`") } }
                }
            }
            if let n = g["headers"] { textMap(n, what: "`headers`") }
            if let n = g["body"], n.scalar == nil {
                d.wrongType(n, expected: "text", what: "`body`", help: "answer JSON with `json:` instead, e.g. `json: {id: 1}`")
            }
            if g.has("json"), g.has("body"), let r = g.keyRange("body") {
                d.error("wrong-type", "an HTTP mock answers with `json` or `body`, not both", r, help: "keep one of them")
            }
            if let s = g["status"] { _ = d.integer(s, what: "`status`", minimum: 100, maximum: 599) }
            if let s = g["delay"] { _ = d.duration(s, what: "`delay`") }
        }
    }

    /// Whether a contact's phone (a test's `contact.phone`, `flowc chat --phone`) is written as one:
    /// digits (6 to 15) with the signs people write around them: `+54 9 11 5555-1234`, `(305) 555-0123`.
    public static func looksLikePhone(_ text: String) -> Bool {
        // Twilio's form, `whatsapp:+5491155551234`, is the number too.
        let text = text.lowercased().hasPrefix("whatsapp:") ? String(text.dropFirst(9)) : text
        let digits = text.unicodeScalars.filter { $0.isASCII && $0.properties.numericType != nil }.count
        return (6...15).contains(digits) && text.unicodeScalars.allSatisfy { ($0.isASCII && $0.properties.numericType != nil) || " +-().".unicodeScalars.contains($0) }
    }

    /// A value that must be plain text (a number or bool written bare reads as its text).
    private func textOnly(_ n: YAMLNode, what: String) {
        if n.scalar == nil { d.wrongType(n, expected: "text", what: what) } else if n.isNull { d.wrongType(n, expected: "text", what: what) }
    }

    /// A mapping of names to plain texts (headers, form fields).
    private func textMap(_ n: YAMLNode, what: String) {
        guard let pairs = n.mapping else { return d.wrongType(n, expected: "a mapping of names to texts", what: what) }
        for pair in pairs where pair.value.scalar == nil { d.wrongType(pair.value, expected: "text", what: "`\(pair.keyText ?? "")`") }
    }

    func testCase(_ node: YAMLNode) -> TestCase? {
        let allowed = ["name", "description", "contact", "env", "secrets", "vars", "locale", "now", "http", "conversation", "expect"]
        guard let f = d.fields(node, allowed: allowed, what: "a test",
                               elsewhere: ["flow": "the top of the test file (`flow: NAME` above `tests:`), for all of its tests"])
        else { return nil }
        let name = d.require(f, "name", what: "a test").flatMap { d.text($0, what: "`name`") }
        if let name, name.text.allSatisfy(\.isWhitespace) {
            d.error("wrong-type", "a test's `name` is empty", name.range, help: "say what the test shows, e.g. `name: compra dos mates`")
        }
        var test = TestCase(name: Located(name?.text ?? "", node.range), turns: [], expectedVars: [], givenVars: [], range: node.range)
        if let n = f["contact"], let c = d.fields(n, allowed: ["id", "name", "phone", "channel"], what: "`contact`") {
            for key in ["id", "name", "phone", "channel"] { if let v = c[key] { textOnly(v, what: "`\(key)`") } }
            if let v = c["phone"], let text = v.scalar?.text, !v.isNull, !Self.looksLikePhone(text) {
                d.error("wrong-type", "`\(text)` is no phone number", v.range,
                        help: "write the contact's number as a channel gives it, e.g. `phone: \"+5491155551234\"` (a national number is read with the bot's country)")
            }
        }
        if let n = f["locale"] { test.locale = BotDecoder.locale(n, d)?.value }
        for key in ["env", "secrets"] { if let n = f[key] { textMap(n, what: "`\(key)`") } }
        if let n = f["vars"], n.mapping == nil, !n.isNull {
            d.wrongType(n, expected: "a mapping of variable names to values", what: "`vars`", help: "write e.g. `vars: {qty: 3}`")
        }
        if let n = f["vars"], let pairs = n.mapping {
            test.givenVars = pairs.compactMap { d.variableKey($0) }
            test.varValues += Self.scalars(pairs)
        }
        if let n = f["now"], let t = d.text(n, what: "`now`"), !ISODateTime.isValid(ISODateTime.withT(t.text)) {
            d.error("wrong-type", "`now` must be an ISO date or date-time, not `\(t.text)`", n.range,
                    help: "write e.g. `now: 2026-12-31T14:30:00-03:00` (`Z` for UTC)")
        }
        if let n = f["http"] { httpMocks(n) }
        if let n = d.require(f, "conversation", what: "a test"), let items = d.list(n, what: "`conversation`") {
            if items.isEmpty { d.error("wrong-type", "`conversation` is empty", n.range, help: "start with `- user: hola`") }
            // (The checker looks at expected texts with holes: `Hola {{name}}` is compared as written.)
            test.typedTexts = items.compactMap { item in (item["user"]?.scalar ?? item["user"]?["text"]?.scalar)?.text }
            test.userTexts = items.compactMap { item in
                guard let node = item["user"]?.scalar != nil ? item["user"] : item["user"]?["text"], node.scalar != nil else { return nil }
                return node.scalar.map { TextValue(text: $0.text, node: node) }
            }
            // So is what the test gives the bot: an API's mocked body, the contact, vars, env.
            for key in ["http", "contact", "vars", "env", "secrets"] {
                f[key]?.forEachScalarValue { if TemplateText.hasHole($0.text) { test.typedTexts.append($0.text) } }
            }
            test.turns = items.compactMap { turn($0, patterns: &test.patterns, buttons: &test.buttons, expected: &test.expectedTexts) }
        }
        if let n = f["expect"], let g = d.fields(n, allowed: ["vars", "ended", "status", "flow", "step"], what: "`expect`") {
            if let v = g["vars"], v.mapping == nil, !v.isNull {
                d.wrongType(v, expected: "a mapping of variable names to values", what: "`expect: vars`", help: "write e.g. `vars: {qty: 3}`")
            }
            if let v = g["vars"], let pairs = v.mapping {
                test.expectedVars = pairs.compactMap { d.variableKey($0) }
                test.varValues += Self.scalars(pairs)
            }
            if let e = g["ended"] { _ = d.bool(e, what: "`ended`") }
            if let n = g["flow"], let t = d.text(n, what: "`flow`") { test.expectedFlow = Located(t.text, n.range) }
            if let n = g["step"], let t = d.text(n, what: "`step`") { test.expectedStep = Located(t.text, n.range) }
            if let s = g["status"], let t = d.text(s, what: "`status`"),
               !["active", "waiting", "ended", "handoff"].contains(t.text) {
                d.error("wrong-type", "`status` must be active, waiting, ended or handoff, not `\(t.text)`", s.range,
                        help: Suggestion.didYouMean(t.text, in: ["active", "waiting", "ended", "handoff"]))
            }
        }
        return test
    }

    /// The pairs whose key and value are plain scalars.
    static func scalars(_ pairs: [YAMLPair]) -> [(name: Located<String>, value: YAMLScalar, range: SourceRange)] {
        pairs.compactMap { pair in
            guard let key = pair.keyText, let value = pair.value.scalar, !pair.value.isBroken else { return nil }
            return (Located(key, pair.key.range), value, pair.value.range)
        }
    }

    /// One turn; what a `bot:` turn expects as text goes into `expected`.
    func turn(_ node: YAMLNode, patterns: inout [TextValue], buttons: inout [Located<String>], expected: inout [TextValue]) -> TestTurn? {
        guard let f = d.fields(node, allowed: ["user", "bot", "wait", "release"], what: "a conversation turn",
                               elsewhere: ["say": "flows; in a test write `bot:`", "expect": "the test, after `conversation`"],
                               aliases: ["usuario": "user", "usuário": "user", "cliente": "user", "contacto": "user", "contato": "user"])
        else { return nil }
        guard f.order.count == 1, let key = f.order.first, let value = f[key] else {
            if f.order.isEmpty {
                if f.mayMean(["user", "bot", "wait", "release"]) { return nil }
                d.error("missing-key", "a conversation turn needs `user`, `bot`, `wait` or `release`", node.range,
                        help: "write `- user: hola`, `- bot: \"¡Hola!\"` or `- wait: 20m`")
            } else {
                d.error("turn-kinds", "a turn is one of `user`, `bot`, `wait` or `release`; this one has \(f.order.map { "`\($0)`" }.joined(separator: " and "))",
                        node.range, help: "write them as separate `- ` items")
            }
            return nil
        }
        switch key {
        case "user":
            if value.mapping != nil {
                // `text` may go with one kind (a button's title, a photo's caption); two kinds are two messages.
                if let g = d.fields(value, allowed: ["text", "button", "location", "image", "document"], what: "`user`",
                                        aliases: ["caption": "text", "photo": "image", "file": "document"]),
                   case let kinds = g.order.filter({ $0 != "text" }), kinds.count > 1 {
                    d.error("turn-kinds", "a user message is one of `button`, `location`, `image`, `document` (with a `text`); this one has "
                            + kinds.map { "`\($0)`" }.joined(separator: " and "), value.range,
                            help: "write them as separate `- user:` turns")
                } else if let b = value["button"], let s = b.scalar, !b.isBroken {
                    buttons.append(Located(s.text, b.range))
                } else if let l = value["location"], let g = d.fields(l, allowed: ["lat", "lng"], what: "`location`") {
                    for key in ["lat", "lng"] {
                        if let v = g[key] { _ = d.number(v, what: "`\(key)`") } else if !g.mayMean([key]) {
                            d.error("missing-key", "a shared `location` needs `\(key)`", l.range, help: "write `location: {lat: -34.6, lng: -58.4}`")
                        }
                    }
                }
            } else {
                _ = d.text(value, what: "`user`")
            }
            return .user(node.range)
        case "bot":
            if value.mapping != nil {
                if let g = d.fields(value, allowed: ["contains", "matches", "menu", "exact"], what: "`bot`") {
                    if g.order.count != 1, !(g.order.isEmpty && g.mayMean(["contains", "matches", "menu", "exact"])) {
                        d.error("turn-kinds", "a `bot` expectation has exactly one of `contains`, `matches`, `menu`, `exact`", value.range)
                    }
                    for key in ["contains", "exact"] { if let n = g[key], let t = d.text(n, what: "`\(key)`") { expected.append(t) } }
                    if let n = g["matches"], let t = d.text(n, what: "`matches`") { patterns.append(t) }
                    if let n = g["menu"] {
                        if n.scalar != nil {
                            d.wrongType(n, expected: "a list of the option labels", what: "`menu`",
                                        help: "write the labels as a list, e.g. `menu: [\(n.scalar?.text ?? "Chico"), …]`")
                        } else if let items = d.list(n, what: "`menu`") {
                            for item in items { _ = d.text(item, what: "an option label") }
                        }
                    }
                }
            } else if let t = d.text(value, what: "`bot`") {
                expected.append(t)
            }
            return .bot(node.range)
        case "release":
            // A person hands the conversation back: `release: true` (or `release:` alone).
            if !value.isNull, d.bool(value, what: "`release`") == false {
                d.error("wrong-type", "`release: false` releases nothing", value.range, help: "write `- release: true`, or remove the turn")
            }
            return .release(node.range)
        default:
            return d.duration(value, what: "`wait`").map(TestTurn.wait)
        }
    }
}
