import Dispatch
import FlowBytecode
import FlowStore
import FlowVM

/// Runs `query` steps against the bot's data sources (`data/*.sqlite` in the bot's folder);
/// other effects go to `fallback`.
///
/// A query's rows become a list of objects keyed by column name: integers and reals are
/// numbers, text is text, NULL is null. The SQL runs read-only, off the caller's thread.
public struct QueryPerformer: EffectPerformer {
    /// The folder that data source paths are relative to (the bot's folder, or the folder
    /// holding its `.flowb` bundle); nil where there is none (a lone flow).
    let root: String?
    let fallback: any EffectPerformer

    /// Creates a performer reading data sources under `root`.
    public init(root: String?, fallback: any EffectPerformer = RecordingPerformer()) {
        self.root = root
        self.fallback = fallback
    }

    public func perform(_ request: EffectRequest, context: TurnContext) async -> EffectResult {
        guard request.kind == "query" else { return await fallback.perform(request, context: context) }
        func failure(_ message: String) -> EffectResult { EffectResult(request: request.id, ok: false, error: message) }
        guard case .object(let spec) = request.payload else { return failure("query: bad request") }
        let name = spec["db"]?.rendered ?? ""
        guard let relative = spec["path"]?.rendered, !relative.isEmpty else {
            return failure("query: no data source `\(name)` is declared in bot.yaml")
        }
        guard let root else { return failure("query: data source `\(name)` is read from a bot folder, and this flow has none") }
        guard let path = Self.path(relative, under: root) else {
            return failure("query: data source `\(name)` must be a file under the bot's data/ folder")
        }
        var values: [Value] = []
        if case .list(let params)? = spec["params"] { values = params }
        let (sql, expanded) = Self.expandingLists(spec["sql"]?.rendered ?? "", values)
        let parameters = expanded.map(Self.sqlValue)
        let result = await withCheckedContinuation { (done: CheckedContinuation<Result<QueryRows, QueryFailure>, Never>) in
            DispatchQueue.global().async { done.resume(returning: DataQuery.select(path: path, sql: sql, parameters: parameters)) }
        }
        switch result {
        case .success(let read):
            let rows: [Value] = read.rows.map { row in
                .object(JSONObject(zip(read.columns, row).map { ($0, Self.value($1)) }))
            }
            return EffectResult(request: request.id, ok: true, body: .list(rows))
        case .failure(let error):
            return failure("query on `\(name)`: \(error.message)")
        }
    }

    /// `relative` (like `data/catalog.sqlite`) under `root`, or nil when it would leave `data/`.
    static func path(_ relative: String, under root: String) -> String? {
        let parts = relative.split(separator: "/", omittingEmptySubsequences: true)
        guard !relative.hasPrefix("/"), parts.count >= 2, parts.first == "data",
              !parts.contains(where: { $0 == ".." || $0 == "." }) else { return nil }
        return (root.hasSuffix("/") ? root : root + "/") + parts.joined(separator: "/")
    }

    /// `sql` with each `IN ({{list}})` whose hole holds a list turned into one parameter per item
    /// (`IN (?, ?, ?)`, `IN ()` for an empty list), so that `WHERE sku IN ({{skus}})` finds the
    /// rows of the list's items; a list anywhere else (`json_each({{skus}})`) stays one JSON text.
    /// `params` are the holes' values, one per `?` outside quotes and comments, as the compiler
    /// writes them.
    static func expandingLists(_ sql: String, _ params: [Value]) -> (String, [Value]) {
        guard params.contains(where: { if case .list = $0 { true } else { false } }) else { return (sql, params) }
        let chars = Array(sql.unicodeScalars)
        var out = String.UnicodeScalarView()
        var values: [Value] = []
        var hole = 0
        var i = 0
        func skipSpace(_ j: Int, by step: Int) -> Int {
            var j = j
            while j >= 0, j < chars.count, chars[j].properties.isWhitespace { j += step }
            return j
        }
        func isWordChar(_ c: Unicode.Scalar) -> Bool { c.properties.isAlphabetic || c.properties.numericType != nil || c == "_" }
        while i < chars.count {
            let c = chars[i]
            // Quoted text and names, and comments, hold no parameters: copied as they are.
            var end: Int?
            switch c {
            case "'", "\"", "`": end = chars[(i + 1)...].firstIndex(of: c) ?? chars.count - 1
            case "[": end = chars[(i + 1)...].firstIndex(of: "]") ?? chars.count - 1
            case "-" where i + 1 < chars.count && chars[i + 1] == "-": end = chars[i...].firstIndex(of: "\n") ?? chars.count - 1
            case "/" where i + 1 < chars.count && chars[i + 1] == "*":
                var j = i + 2
                while j + 1 < chars.count, !(chars[j] == "*" && chars[j + 1] == "/") { j += 1 }
                end = min(j + 1, chars.count - 1)
            default: break
            }
            if let end {
                out.append(contentsOf: chars[i...end])
                i = end + 1
                continue
            }
            guard c == "?", hole < params.count else {
                out.append(c)
                i += 1
                continue
            }
            let value = params[hole]
            hole += 1
            // `IN (` before the placeholder and `)` after it: the list is the whole of the parentheses.
            let open = skipSpace(i - 1, by: -1), close = skipSpace(i + 1, by: 1)
            let keywordEnd = skipSpace(open - 1, by: -1)
            let inList = open >= 0 && chars[open] == "(" && close < chars.count && chars[close] == ")" && keywordEnd >= 1
                && String(String.UnicodeScalarView(chars[(keywordEnd - 1)...keywordEnd])).uppercased() == "IN"
                && (keywordEnd < 2 || !isWordChar(chars[keywordEnd - 2]))
            if inList, case .list(let items) = value {
                out.append(contentsOf: Array(repeating: "?", count: items.count).joined(separator: ", ").unicodeScalars)
                values += items
            } else {
                out.append(c)
                values.append(value)
            }
            i += 1
        }
        return (String(out), values)
    }

    /// How a template hole's value is bound: whole numbers as integers (so `id = {{n}}` matches
    /// an INTEGER column), other numbers as reals, booleans as 1/0, dates and JSON as text.
    static func sqlValue(_ value: Value) -> SQLValue {
        switch value {
        case .null: return .null
        case .bool(let b): return .integer(b ? 1 : 0)
        case .number(let x):
            if x.rounded() == x, abs(x) < 9.007_199_254_740_992e15 { return .integer(Int64(x)) }
            return .real(x)
        case .text(let s): return .text(s)
        case .list, .object: return .text(value.json)
        default: return .text(value.rendered)
        }
    }

    static func value(_ sql: SQLValue) -> Value {
        switch sql {
        case .null: return .null
        case .integer(let n): return .number(Double(n))
        case .real(let x): return .number(x)
        case .text(let s): return .text(s)
        case .blob(let bytes): return .text(bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined())
        }
    }
}
