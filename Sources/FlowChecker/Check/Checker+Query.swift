import FlowDiagnostics
import FlowSyntax

/// `query` steps: one read-only SELECT, holes bound as parameters (never inside quotes), a
/// declared data source.
extension Checker {
    /// The first word of a SQL statement, lowercased, past blanks, `(` and comments (`-- …`, `/* … */`).
    static func firstSQLWord(_ sql: String) -> String {
        var rest = Substring(sql)
        while let c = rest.first {
            if c.isWhitespace || c == "(" { rest = rest.dropFirst() }
            else if rest.hasPrefix("--") { rest = rest.drop(while: { $0 != "\n" }) }
            else if rest.hasPrefix("/*") {
                guard let close = rest.dropFirst(2).firstRange(of: "*/") else { return "" }
                rest = rest[close.upperBound...]
            } else { break }
        }
        return rest.prefix(while: { $0.isLetter }).lowercased()
    }

    /// Whether SQL text holds nothing but blanks, `;` and comments (`-- …`, `/* … */`): no statement.
    static func isBlankSQL(_ chars: ArraySlice<Unicode.Scalar>) -> Bool {
        var rest = chars
        while let c = rest.first {
            if c.properties.isWhitespace || c == ";" {
                rest = rest.dropFirst()
            } else if c == "-", rest.dropFirst().first == "-" {
                rest = rest.drop(while: { $0 != "\n" })
            } else if c == "/", rest.dropFirst().first == "*" {
                var k = rest.startIndex + 2
                while k + 1 < rest.endIndex, !(rest[k] == "*" && rest[k + 1] == "/") { k += 1 }
                // An unclosed `/*` runs to the end of the text, as SQLite reads it.
                guard k + 1 < rest.endIndex else { return true }
                rest = rest[(k + 2)...]
            } else {
                return false
            }
        }
        return true
    }

    func checkQuery(_ query: QueryAction, ec: ExpressionChecker, file: String, reads: inout [Read]) {
        ec.template(query.sql, reads: &reads)
        let keyword = Self.firstSQLWord(query.sql.text)
        if keyword != "select" && keyword != "with" {
            sink.error("query-not-select", keyword.isEmpty ? "a `query` runs a SELECT, and this one has no statement"
                                                         : "a `query` runs a SELECT, not `\(keyword)`",
                       file: file, range: query.sql.range, help: "queries only read data; orders and events have their own steps")
        }
        // A hole inside quotes would be bound as a parameter, not spliced into the string. Words
        // outside quotes, comments, holes and parentheses tell the statements apart.
        var quote: Unicode.Scalar?
        var depth = 0
        var topWords: [String] = []
        var word = ""
        var statementEnd: Int?
        var quotedHoleReported = false
        var placeholderReported = false
        let chars = Array(query.sql.text.unicodeScalars)
        var i = 0
        /// A hole in a comment would still be bound as a parameter the statement does not take.
        func reportCommentHole(_ range: Range<Int>) {
            guard !placeholderReported, let at = range.dropLast().first(where: { chars[$0] == "{" && chars[$0 + 1] == "{" }) else { return }
            sink.error("query-parameter", "`{{ }}` inside an SQL comment", file: file,
                       range: ec.range(of: ExprSpan(start: at, end: at + 2), in: query.sql),
                       help: "take the hole out of the comment: every `{{ }}` in a query becomes a bound parameter")
            placeholderReported = true
        }
        func endWord() {
            if !word.isEmpty, depth == 0 { topWords.append(word.lowercased()) }
            word = ""
        }
        while i < chars.count {
            let next: Unicode.Scalar? = i + 1 < chars.count ? chars[i + 1] : nil
            if quote == nil {
                // Comments and the holes themselves are not SQL text: their quotes do not count.
                if chars[i] == "-", next == "-" {
                    endWord()
                    let start = i
                    while i < chars.count, chars[i] != "\n" { i += 1 }
                    reportCommentHole(start..<i)
                    continue
                }
                // `/* … */` and `{{ … }}`: skipped to their closing pair.
                if let close: (Unicode.Scalar, Unicode.Scalar) = chars[i] == "/" && next == "*" ? ("*", "/")
                    : chars[i] == "{" && next == "{" ? ("}", "}") : nil {
                    endWord()
                    let start = i
                    i += 2
                    while i + 1 < chars.count, !(chars[i] == close.0 && chars[i + 1] == close.1) { i += 1 }
                    i += 2
                    if close.0 == "*" { reportCommentHole(start..<min(i, chars.count)) }
                    continue
                }
                // A placeholder written by hand (`?`, `?1`, `:name`, `@name`, `$name`) has no value to bind.
                let startsWord = i == 0 || !(chars[i - 1].properties.isAlphabetic || chars[i - 1] == "_" || chars[i - 1].properties.numericType != nil)
                if !placeholderReported, chars[i] == "?" || (startsWord && ":@$".unicodeScalars.contains(chars[i])
                    && next.map { $0.properties.isAlphabetic || $0 == "_" || $0.properties.numericType != nil } == true) {
                    sink.error("query-parameter", "`\(chars[i])` in SQL is a parameter with no value: flowc binds only `{{ }}` holes",
                               file: file, range: ec.range(of: ExprSpan(start: i, end: i + 1), in: query.sql),
                               help: "write the value as a hole, e.g. `WHERE name = {{name}}`: it becomes a bound parameter")
                    placeholderReported = true
                }
                if chars[i].properties.isAlphabetic || chars[i] == "_" {
                    word.unicodeScalars.append(chars[i])
                    i += 1
                    continue
                }
                endWord()
                if chars[i] == "(" { depth += 1 } else if chars[i] == ")" { depth = max(0, depth - 1) }
                if chars[i] == ";", statementEnd == nil, !Self.isBlankSQL(chars[(i + 1)...]) {
                    statementEnd = i
                }
            }
            // Strings ('…'), and identifiers ("…", `…`, […]) whose text is no parameter either.
            if chars[i] == "'" || chars[i] == "\"" || chars[i] == "`" {
                if quote == nil { quote = chars[i] } else if quote == chars[i] { quote = nil }
            } else if chars[i] == "[", quote == nil {
                quote = "]"
            } else if chars[i] == "]", quote == "]" {
                quote = nil
            }
            if quote != nil, chars[i] == "{", next == "{", !quotedHoleReported {
                // `LIKE '%{{x}}%'`: the pattern is built around the parameter, not in the string.
                let likePattern = i > 0 && chars[i - 1] == "%"
                    || chars[(i + 2)...].firstIndex(of: "}").map { $0 + 2 < chars.count && chars[$0 + 2] == "%" } == true
                sink.error("query-quoted-hole", "`{{ }}` inside quotes in SQL", file: file,
                           range: ec.range(of: ExprSpan(start: i, end: i + 2), in: query.sql),
                           help: likePattern ? "build the pattern around the parameter: `LIKE '%' || {{x}} || '%'`"
                               : "remove the quotes: `{{ }}` becomes a bound parameter, e.g. `WHERE name = {{name}}`")
                quotedHoleReported = true
            }
            i += 1
        }
        endWord()
        if let end = statementEnd {
            sink.error("query-not-select", "a `query` runs one SELECT, and this one has a second statement after `;`", file: file,
                       range: ec.range(of: ExprSpan(start: end, end: end + 1), in: query.sql),
                       help: "keep the SELECT alone (a `;` at its very end is fine)")
        } else if keyword == "with",
                  let main = topWords.first(where: { ["select", "insert", "update", "delete", "replace", "values"].contains($0) }),
                  main != "select", main != "values" {
            sink.error("query-not-select", "a `query` runs a SELECT, not `\(main)` (after `WITH`)",
                       file: file, range: query.sql.range, help: "queries only read data; orders and events have their own steps")
        }
        listsCompared(query.sql, ec: ec, file: file)
        constantOrder(query.sql, ec: ec, file: file)
        let sources = project.bot?.data.map(\.name.value) ?? []
        // `data:` itself is broken (reported there): which source is meant cannot be known.
        if sources.isEmpty, project.bot?.declaresData == true { return }
        if let db = query.db {
            if !sources.contains(db.value) {
                sink.error("unknown-data-source", "no data source `\(db.value)` is declared", file: file, range: db.range,
                           help: Suggestion.didYouMean(db.value, in: sources) ?? "declare it in bot.yaml: `data: {\(db.value): data/\(db.value).sqlite}`")
                return
            }
        } else if sources.count != 1 {
            sink.error("missing-key", sources.isEmpty ? "a `query` needs a data source, and the bot declares none"
                                                      : "a `query` needs `db:` when the bot has several data sources",
                       file: file, range: query.sql.range,
                       help: sources.isEmpty ? "declare `data:` in bot.yaml and name it with `db:`"
                           // Declared in bot.yaml or found in data/: they are there, one is named.
                           : "name the one it reads with `db:`: " + Self.either(sources.map { "`db: \($0)`" }))
            return
        }
        // The SQL as it runs (each hole a bound parameter) prepared against the data file: what
        // SQLite refuses there fails every run. Only when nothing above was found in it.
        guard statementEnd == nil, !quotedHoleReported, !placeholderReported, keyword == "select" || keyword == "with",
              let data = dataFile(of: query) else { return }
        checkPrepares(query.sql, databasePath: data.path, source: data.source, ec: ec, file: file)
    }

    /// Warns of a list hole compared as one value (`sku = {{skus}}`): a list outside `IN ( )` is
    /// bound as its JSON text (`["A","B"]`, for `json_each({{skus}})`), which no `sku` is.
    func listsCompared(_ sql: TextValue, ec: ExpressionChecker, file: String) {
        guard TemplateText.hasHole(sql.text) else { return }
        let template = (ec.parses?.template(sql.text) ?? TemplateParser.parse(sql.text)).template
        let chars = Array(sql.text.unicodeScalars)
        let operators = "=<>!".unicodeScalars
        for part in template.parts {
            guard case .hole(let expr?, let span) = part, span.end <= chars.count else { continue }
            var types = ExpressionTypeChecker(scope: ec.scope)
            guard case .list = types.infer(expr) else { continue }
            // The SQL right before and right after the hole, past blanks: an operator, or `LIKE`/`IS`.
            var before = span.start
            while before > 0, chars[before - 1].properties.isWhitespace { before -= 1 }
            var opStart = before
            while opStart > 0, operators.contains(chars[opStart - 1]) { opStart -= 1 }
            var wordStart = before
            while wordStart > 0, chars[wordStart - 1].properties.isAlphabetic { wordStart -= 1 }
            let word = String(String.UnicodeScalarView(chars[wordStart..<before])).lowercased()
            var after = span.end
            while after < chars.count, chars[after].properties.isWhitespace { after += 1 }
            let op = opStart < before ? String(String.UnicodeScalarView(chars[opStart..<before]))
                : ["like", "is", "glob"].contains(word) ? word.uppercased() : nil
            guard op != nil || (after < chars.count && operators.contains(chars[after])) else { continue }
            let hole = String(String.UnicodeScalarView(chars[span.start..<span.end]))
            sink.warning("query-list", "`\(hole)` is a list, compared here as one value: it is bound as its JSON text, which matches no row",
                         file: file, range: ec.range(of: span, in: sql),
                         help: "to find the rows of any of its items, write `IN (\(hole))`\(op.map { " in place of `\($0) \(hole)`" } ?? "")")
        }
    }

    /// Warns of a hole that is a whole `ORDER BY` or `GROUP BY` term (`ORDER BY {{orden}}`): bound
    /// as a value, it is the same constant for every row, so the rows come in no order at all (nor
    /// grouped), whatever column its text names. A hole inside a term (`ORDER BY abs(price - {{x}})`)
    /// is a value the rows are measured by, and fine.
    func constantOrder(_ sql: TextValue, ec: ExpressionChecker, file: String) {
        guard TemplateText.hasHole(sql.text) else { return }
        let template = (ec.parses?.template(sql.text) ?? TemplateParser.parse(sql.text)).template
        let chars = Array(sql.text.unicodeScalars)
        func isBlank(_ c: Unicode.Scalar) -> Bool { c.properties.isWhitespace }
        func isWordChar(_ c: Unicode.Scalar) -> Bool { c.properties.isAlphabetic || c == "_" || c.properties.numericType != nil }
        /// The word that ends right before `end` (past blanks), lowercased, and where it starts.
        func word(endingAt end: Int) -> (String, Int) {
            var end = end
            while end > 0, isBlank(chars[end - 1]) { end -= 1 }
            var start = end
            while start > 0, isWordChar(chars[start - 1]) { start -= 1 }
            return (String(String.UnicodeScalarView(chars[start..<end])).lowercased(), start)
        }
        let termEnds: Set<String> = ["asc", "desc", "limit", "nulls", "collate", "having", "window", "offset", "order", "union", "except", "intersect"]
        /// The clause (`order`, `group`) whose list of terms a term after a comma at `position` is part
        /// of: back over the terms before it, to their `BY` (`ORDER BY price, {{orden}}`).
        func listClause(before position: Int) -> String? {
            var j = position
            while j > 0, isBlank(chars[j - 1]) { j -= 1 }
            guard j > 0, chars[j - 1] == "," else { return nil }
            j -= 1
            var depth = 0
            let stops: Set<String> = ["select", "from", "where", "limit", "offset", "having", "union", "on", "set", "values", "and", "or",
                                      "when", "then", "else", "in", "distinct"]
            while j > 0 {
                let c = chars[j - 1]
                if c == ")" {
                    depth += 1
                } else if c == "(" {
                    if depth == 0 { return nil }
                    depth -= 1
                } else if depth == 0, isWordChar(c) {
                    let (w, start) = word(endingAt: j)
                    if w == "by" { return word(endingAt: start).0 }
                    if stops.contains(w) { return nil }
                    j = start
                    continue
                }
                j -= 1
            }
            return nil
        }
        for part in template.parts {
            guard case .hole(_?, let span) = part, span.end <= chars.count else { continue }
            let (by, byStart) = word(endingAt: span.start)
            let first = by == "by"
            guard let clause = first ? word(endingAt: byStart).0 : listClause(before: span.start),
                  clause == "order" || clause == "group" else { continue }
            var after = span.end
            while after < chars.count, isBlank(chars[after]) { after += 1 }
            var next = after
            while next < chars.count, isWordChar(chars[next]) { next += 1 }
            let following = String(String.UnicodeScalarView(chars[after..<next])).lowercased()
            guard after == chars.count || ",);".unicodeScalars.contains(chars[after]) || termEnds.contains(following) else { continue }
            let hole = String(String.UnicodeScalarView(chars[span.start..<span.end]))
            let keyword = clause.uppercased() + " BY"
            sink.warning("query-constant-order", "`\(keyword) \(first ? "" : "…, ")\(hole)` \(clause == "order" ? "sorts" : "groups") by a constant: a hole is bound as a value, not as the name of a column",
                         file: file, range: ec.range(of: span, in: sql),
                         help: "name the column in the SQL (`\(keyword) price`), or choose it by the value: `\(keyword) CASE \(hole) WHEN 'precio' THEN price ELSE name END`")
        }
    }

    /// The data file a query reads (its path, and the path as bot.yaml writes it), when the bot
    /// declares it.
    func dataFile(of query: QueryAction) -> (path: String, source: String)? {
        guard let dir = project.directory, let sources = project.bot?.data,
              let name = query.db?.value ?? (sources.count == 1 ? sources.first?.name.value : nil),
              let source = sources.first(where: { $0.name.value == name }), !source.path.value.isEmpty else { return nil }
        return (FileSystem.join(dir, source.path.value), source.path.value)
    }

    /// Prepares `sql` with its holes as `?`; a refusal is `query-sql` at the place SQLite names.
    func checkPrepares(_ sql: TextValue, databasePath: String, source: String, ec: ExpressionChecker, file: String) {
        let (text, origin) = Self.statement(sql)
        guard FileSystem.kind(databasePath) == .file,
              let (message, offset) = SQLPrepare.problem(sql: String(decoding: text, as: UTF8.self), databasePath: databasePath) else { return }
        var range = sql.range
        if let offset, offset < origin.count {
            let at = origin[offset]
            // `no such column: prise`: the whole name where SQLite points, as a missing table's.
            var end = at + 1
            if message.hasPrefix("no such column: ") {
                let name = Array(message.dropFirst(16).utf8).map(Self.lowered)
                if !name.isEmpty, offset + name.count <= text.count, offset + name.count <= origin.count,
                   text[offset..<(offset + name.count)].map(Self.lowered) == name {
                    end = origin[offset + name.count - 1] + 1
                }
            }
            range = ec.range(of: ExprSpan(start: at, end: end), in: sql)
        } else if message.hasPrefix("no such table: "), let name = Self.tableName(message.dropFirst(15), in: text) {
            // SQLite gives no offset for a missing table: its name in the SQL.
            range = ec.range(of: ExprSpan(start: origin[name.lowerBound], end: origin[name.upperBound - 1] + 1), in: sql)
        }
        let help = message.hasPrefix("no such table") ? "check the table's name in \(source) (`sqlite3 \(source) .tables`)"
            : message.hasPrefix("no such column") ? "check the column's name in \(source) (`sqlite3 \(source) '.schema'`)"
            : sql.text.contains("%{{") || sql.text.contains("}}%") ? "a `{{ }}` hole is a value (a bound parameter): for a pattern write `LIKE '%' || {{x}} || '%'`"
            : Self.writeKeywords.contains(where: { message.lowercased().hasPrefix("near \"\($0)\"") })
                ? "queries only read data; orders and events have their own steps"
            : "try the statement in `sqlite3 \(source)`, with a value for each `{{ }}`"
        sink.error("query-sql", "SQLite refuses this query on \(source): \(message)", file: file, range: range, help: help)
    }

    /// Where `name` (as SQLite's "no such table" gives it) is written in `sql`: the first time it
    /// follows `FROM`, `JOIN`, `INTO` or `UPDATE`, else its first mention as a whole word; nil when
    /// it is not written as such (in quotes of another spelling).
    static func tableName(_ name: Substring, in sql: [UInt8]) -> Range<Int>? {
        let wanted = Array(name.utf8).map(lowered)
        guard !wanted.isEmpty, wanted.count <= sql.count else { return nil }
        func isWord(_ b: UInt8) -> Bool { b >= 0x80 || b == UInt8(ascii: "_") || b == UInt8(ascii: "$") || (48...57).contains(b) || (97...122).contains(lowered(b)) }
        var first: Range<Int>?
        var quote: UInt8?
        var i = 0
        while i < sql.count {
            let b = sql[i]
            if let q = quote {
                if b == q { quote = nil }
                i += 1
                continue
            }
            // Text in single quotes is a value, never a table.
            if b == UInt8(ascii: "'") { quote = b; i += 1; continue }
            if i + wanted.count <= sql.count, (i == 0 || !isWord(sql[i - 1])),
               (i + wanted.count == sql.count || !isWord(sql[i + wanted.count])),
               sql[i..<(i + wanted.count)].map(lowered) == wanted {
                let found = i..<(i + wanted.count)
                // The word before it, skipping spaces and an opening quote (`FROM "producto"`).
                var j = i - 1
                while j >= 0, sql[j] == UInt8(ascii: " ") || sql[j] == UInt8(ascii: "\n") || sql[j] == UInt8(ascii: "\t")
                        || sql[j] == UInt8(ascii: "\"") || sql[j] == UInt8(ascii: "`") || sql[j] == UInt8(ascii: "[") { j -= 1 }
                var k = j
                while k >= 0, isWord(sql[k]) { k -= 1 }
                let before = String(decoding: sql[(k + 1)..<(j + 1)].map(lowered), as: UTF8.self)
                if ["from", "join", "into", "update"].contains(before) { return found }
                if first == nil { first = found }
                i += wanted.count
                continue
            }
            i += 1
        }
        return first
    }

    private static func lowered(_ b: UInt8) -> UInt8 { (65...90).contains(b) ? b + 32 : b }

    /// SQL words that start a statement that writes.
    static let writeKeywords = ["delete", "insert", "update", "replace", "drop", "create", "alter"]

    /// The statement as it runs, with `?` for each hole, and for each of its bytes the scalar offset in the template.
    static func statement(_ sql: TextValue) -> (text: [UInt8], origin: [Int]) {
        var text: [UInt8] = []
        var origin: [Int] = []
        let scalars = Array(sql.text.unicodeScalars)
        var i = 0
        while i < scalars.count {
            if scalars[i] == "{", i + 1 < scalars.count, scalars[i + 1] == "{" {
                text.append(UInt8(ascii: "?"))
                origin.append(i)
                i += 2
                while i + 1 < scalars.count, !(scalars[i] == "}" && scalars[i + 1] == "}") { i += 1 }
                i += 2
                continue
            }
            for byte in String(scalars[i]).utf8 {
                text.append(byte)
                origin.append(i)
            }
            i += 1
        }
        return (text, origin)
    }

    /// The columns of the rows in `variable` when only queries save it, every one of them reading
    /// a declared data file that gives its columns (worked out once, on the first row read).
    func rowColumns(of variable: String) -> [String]? {
        if rowColumnsTable == nil { rowColumnsTable = workOutRowColumns() }
        return rowColumnsTable?[variable] ?? nil
    }

    /// Per variable a query saves: the union of its queries' columns, or nil when something else
    /// saves it too or a query's columns are not known.
    private func workOutRowColumns() -> [String: [String]?] {
        var table: [String: [String]?] = [:]
        var refused = project.lostVariables.union(misplacedSaves)
        for flow in flows {
            refused.formUnion(flow.brokenSaves)
            for trigger in flow.triggers {
                if case .regex(let t) = trigger { refused.formUnion(Self.namedGroups(t.text)) }
            }
            for step in flow.steps {
                if let saved = step.saveStatus?.value { refused.insert(saved) }
                if case .query = step.kind {} else if let saved = step.save?.value { refused.insert(saved) }
                switch step.kind {
                case .query(let query):
                    guard let saved = step.save?.value else { continue }
                    var columns: [String]?
                    if !flow.lostTargets, let data = dataFile(of: query), FileSystem.kind(data.path) == .file {
                        columns = SQLPrepare.columns(sql: String(decoding: Self.statement(query.sql).text, as: UTF8.self), databasePath: data.path)
                    }
                    guard let columns, table[saved] != .some(nil) else {
                        table[saved] = .some(nil)
                        continue
                    }
                    var union = table[saved].flatMap { $0 } ?? []
                    for column in columns where !union.contains(column) { union.append(column) }
                    table[saved] = union
                case .menu(let menu):
                    if let saved = menu.options.save?.value { refused.insert(saved) }
                case .ask(let ask):
                    if let saved = ask.options.save?.value { refused.insert(saved) }
                    if let spec = ask.expect ?? ask.options.save.flatMap({ vars[$0.value]?.spec }), let pattern = spec.pattern {
                        refused.formUnion(Self.namedGroups(pattern.text))
                    }
                case .set(let pairs):
                    for pair in pairs { refused.insert(pair.key.value) }
                default:
                    continue
                }
            }
        }
        for name in refused { table[name] = .some(nil) }
        return table
    }
}

extension Checker {
    /// `a`, `b` or `c` (the first eight).
    static func either(_ items: [String]) -> String {
        let shown = Array(items.prefix(8))
        guard let last = shown.last else { return "" }
        if shown.count == 1 { return last }
        return shown.dropLast().joined(separator: ", ") + (items.count > shown.count ? ", …" : "") + " or " + last
    }
}
