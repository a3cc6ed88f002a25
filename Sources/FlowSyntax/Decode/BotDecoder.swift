import FlowDiagnostics

/// Decodes bot.yaml.
public struct BotDecoder {
    let d: NodeDecoder

    /// Creates a decoder for the file at `path`.
    public init(path: String, sink: DiagnosticSink) {
        d = NodeDecoder(path: path, sink: sink)
    }

    /// Whether `name` can name a data source (`[a-z][a-z0-9_]*`).
    public static func isDataSourceName(_ name: String) -> Bool { NodeDecoder.isIdentifier(name) }

    /// Locales whose number and date formats flowc knows.
    public static let locales = ["es-AR", "es-MX", "es-CO", "es-CL", "es-PE", "es-UY", "es-ES", "pt-BR", "en-US", "en-GB",
                                 "es-VE", "es-EC", "es-BO", "es-PY", "es-CR", "es-GT", "es-PA", "es-DO", "es-SV", "es-HN",
                                 "es-NI", "es-PR", "es-US", "pt-PT", "en-CA", "en-AU"]

    /// The locales whose people write a decimal comma and a thousands dot (`1.500,50`): there a
    /// number written `2.500` in a flow (two and a half to YAML) likely meant two thousand five hundred.
    public static let commaDecimalLocales: Set<String> = ["es-AR", "es-CO", "es-CL", "es-UY", "es-ES", "pt-BR", "es-VE", "es-EC",
                                                         "es-BO", "es-PY", "es-CR", "pt-PT"]

    /// Language tags are case-insensitive (BCP 47) and `_` is often written for `-`: `en-us` and
    /// `es_AR` are `en-US` and `es-AR`. A language alone takes its usual region (CLDR's likely
    /// subtags): `es` is `es-ES`, `pt` is `pt-BR`, `en` is `en-US`.
    public static func canonicalLocale(_ text: String) -> String? {
        let fixed = text.replacing("_", with: "-").lowercased()
        if let known = locales.first(where: { $0.lowercased() == fixed }) { return known }
        // `es-419` (Latin American Spanish) reads and writes as Mexico does.
        return ["es": "es-ES", "pt": "pt-BR", "en": "en-US", "es-419": "es-MX"][fixed]
    }

    /// A `locale:` value (of bot.yaml or a test), or nil when it is not one flowc knows (reported).
    static func locale(_ n: YAMLNode, _ d: NodeDecoder) -> Located<String>? {
        guard let t = d.text(n, what: "`locale`") else { return nil }
        if let known = canonicalLocale(t.text) { return Located(known, n.range) }
        // `es-AR.UTF-8`, `es_AR@euro`: a system locale's encoding or variant, which flowc has no use for.
        let bare = t.text.prefix { $0 != "." && $0 != "@" }
        let help = (bare.count < t.text.count ? canonicalLocale(String(bare)).map { "did you mean `\($0)`?" } : nil)
            ?? Suggestion.didYouMean(t.text, in: locales)
            ?? "supported: " + locales.joined(separator: ", ")
        d.error("unknown-locale", "unknown locale `\(t.text)`", n.range, help: help)
        return nil
    }

    /// Decodes `document`; nil when it is too broken to check further.
    public func decode(_ document: YAMLDocument) -> BotFile? {
        guard let root = document.root else {
            if !document.isIncomplete {
                d.error("empty-file", "bot.yaml is empty", SourceRange(line: 1, column: 1),
                        help: "bot.yaml needs at least `bot: NAME` and `start: FLOW`")
            }
            return nil
        }
        let allowed = ["bot", "name", "description", "start", "locale", "timezone", "error_message", "data", "vars", "interrupts"]
        guard let f = d.fields(root, allowed: allowed, what: "bot.yaml",
                               elsewhere: ["flow": "flow files under flows/", "steps": "flow files under flows/",
                                           "triggers": "flow files under flows/", "channels": "the daemon's config file"])
        else { return nil }
        var bot = BotFile(path: d.path, data: [], vars: [], interrupts: [], range: root.range)
        if let n = d.require(f, "bot", what: "bot.yaml", help: "add `bot: NAME` (the bot's id)") {
            bot.id = d.identifier(n, what: "bot id")
        }
        if let n = f["name"] { bot.name = d.text(n, what: "`name`") }
        if let n = d.require(f, "start", what: "bot.yaml", help: "add `start: FLOW`, the flow a new conversation enters") {
            bot.start = d.name(n, what: "flow name")
        }
        if let n = f["locale"] { bot.locale = Self.locale(n, d) }
        if let n = f["timezone"], let t = d.text(n, what: "`timezone`") {
            if TimeZoneNames.isKnown(t.text) {
                bot.timezone = Located(t.text, n.range)
            } else {
                // An unknown zone would silently run on the locale's country's clock.
                d.error("unknown-timezone", "unknown time zone `\(t.text)`", n.range,
                        help: Suggestion.didYouMean(t.text, in: TimeZoneNames.known)
                            ?? "use a zone of the time zone database (`America/Argentina/Buenos_Aires`, `Europe/Madrid`, `Asia/Tokyo`), "
                            + "or leave `timezone` out to use the locale's country's")
            }
        }
        if let n = f["error_message"] { bot.errorMessage = d.text(n, what: "`error_message`") }
        func source(_ name: Located<String>, _ t: TextValue, _ node: YAMLNode) {
            let insideData = t.text.hasPrefix("data/") && !t.text.contains("..")
            if !insideData {
                d.error("invalid-data-source", "data source `\(name.value)` must be a file under the bot's data/ folder", node.range,
                        help: "put it at `data/\(FileSystemName.basename(t.text))`")
            } else if !(t.text.hasSuffix(".sqlite") || t.text.hasSuffix(".db") || t.text.hasSuffix(".sqlite3")) {
                d.error("invalid-data-source", "data source `\(name.value)` must be a SQLite file", node.range,
                        help: "point it at a file like `data/catalog.sqlite`")
            } else {
                // (A source already reported is not looked for on disk too.)
                bot.data.append((name, Located(t.text, node.range)))
                return
            }
            // The name is still declared: the queries that use it are not "unknown source" too.
            bot.data.append((name, Located("", node.range)))
        }
        /// A data source's path: text, not a number or a list.
        func path(_ node: YAMLNode) -> TextValue? {
            if let s = node.scalar, case .string = s.value { return d.text(node, what: "data source path") }
            d.wrongType(node, expected: "the path of a SQLite file under data/", what: "a data source", help: "write e.g. `data: {catalog: data/catalog.sqlite}`")
            return nil
        }
        /// `data/catalog.sqlite` alone (or in a list) is the source `catalog`.
        func named(_ node: YAMLNode) {
            guard let t = path(node) else { return }
            let file = FileSystemName.basename(t.text)
            let stem = file.lastIndex(of: ".").map { String(file[..<$0]) } ?? file
            guard NodeDecoder.isIdentifier(stem) else {
                d.error("invalid-id", "`\(stem)` is not a valid data source name: use \(NodeDecoder.idPattern)", node.range,
                        help: "rename the file, or name it: `data: {catalog: \(t.text)}`")
                return
            }
            source(Located(stem, node.range), t, node)
        }
        // `data:` left empty (null, `{}`, `[]`) declares nothing: the data/ folder's files are the sources.
        bot.declaresData = f["data"].map { n in !n.isNull && n.mapping?.isEmpty != true && n.sequence?.isEmpty != true } ?? false
        if let n = f["data"], let pairs = n.mapping {
            for pair in pairs {
                guard let name = d.identifierKey(pair, what: "data source name") else { continue }
                if let t = path(pair.value) { source(name, t, pair.value) } else { bot.data.append((name, Located("", pair.value.range))) }
            }
        } else if let n = f["data"], let items = n.sequence {
            items.forEach(named)
        } else if let n = f["data"], n.scalar != nil, !n.isNull {
            named(n)
        } else if let n = f["data"], !n.isNull {
            d.wrongType(n, expected: "a mapping of names to SQLite files", what: "`data`")
        }
        if let n = f["vars"] { bot.vars = FlowDecoder(d: d).varDecls(n) }
        if let n = f["interrupts"], let items = d.list(n, what: "`interrupts`") {
            bot.interrupts = items.compactMap(interrupt)
        }
        bot.droppedWords = d.flags.droppedWords.union(document.droppedWords)
        bot.refusedNames = d.flags.refusedNames
        return bot
    }

    func interrupt(_ node: YAMLNode) -> Interrupt? {
        guard let f = d.fields(node, allowed: ["keywords", "regex", "goto", "end", "handoff"], what: "an interrupt") else { return nil }
        let flowDecoder = FlowDecoder(d: d)
        let keywords = f["keywords"].flatMap(flowDecoder.keywords) ?? []
        let regex = f["regex"].flatMap { d.text($0, what: "`regex`") }
        if !f.has("keywords"), !f.has("regex"), !f.mayMean(["keywords", "regex"]) {
            d.error("missing-key", "an interrupt needs `keywords` or `regex`", node.range,
                    help: "add `keywords: [agente, humano]`")
        }
        // In file order: the second one written is the one reported.
        let actions = f.order.filter { ["goto", "end", "handoff"].contains($0) }
        guard actions.count == 1 else {
            if actions.isEmpty {
                if f.mayMean(["goto", "end", "handoff"]) { return nil }
                d.error("missing-key", "an interrupt needs one action: `goto`, `end` or `handoff`", node.range,
                        help: "add what it does, e.g. `goto: main` or `handoff: ventas`")
            } else {
                d.error("interrupt-actions", "an interrupt does one thing: it has both `\(actions[0])` and `\(actions[1])`",
                        f.keyRange(actions[1]) ?? node.range)
            }
            return nil
        }
        let action: InterruptAction
        let stepDecoder = StepDecoder(d: d)
        switch actions[0] {
        case "goto":
            guard let n = f["goto"], let t = d.target(n, what: "`goto`") else { return nil }
            action = .goto(t)
        case "end":
            let n = f["end"]
            action = .end(n.flatMap { stepDecoder.lastMessage($0, kind: "end") })
        default:
            guard let n = f["handoff"], let h = stepDecoder.handoff(n) else { return nil }
            action = .handoff(h)
        }
        return Interrupt(keywords: keywords, regex: regex, action: action, range: node.range)
    }
}

/// Path helpers that need no file system.
enum FileSystemName {
    static func basename(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}

extension FlowDecoder {
    init(d: NodeDecoder) { self.d = d }
}
