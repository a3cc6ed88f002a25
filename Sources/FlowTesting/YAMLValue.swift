import FlowBytecode
import FlowChecker
import FlowDiagnostics
import FlowRuntime
import FlowSyntax

/// Reads YAML into runtime values (mocks, test fixtures).
public enum YAMLValue {
    /// The node as a value (scalars typed by the YAML 1.2 core schema).
    public static func value(_ node: YAMLNode) -> Value {
        switch node.kind {
        case .scalar(let s):
            switch s.value {
            case .null: return .null
            case .bool(let b): return .bool(b)
            case .int(let i): return .number(Double(i))
            case .float(let d): return .number(d)
            case .string(let t): return .text(t)
            }
        case .sequence(let items): return .list(items.map(value))
        case .mapping(let pairs): return .object(JSONObject(pairs.compactMap { p in p.keyText.map { ($0, value(p.value)) } }))
        }
    }

    /// An HTTP mock `{match: {method, url, headers, json | form}, status, json | body, delay}`.
    public static func mock(_ node: YAMLNode) -> HTTPMock? {
        guard let match = node["match"] else { return nil }
        var mock = HTTPMock(method: match["method"]?.scalar?.text.uppercased() ?? "", url: match["url"]?.scalar?.text ?? "")
        if case .object(let headers)? = match["headers"].map(value) {
            for pair in headers.pairs { mock.headers[pair.key.lowercased()] = pair.value.rendered }
        }
        if let json = match["json"] { mock.json = value(json) }
        if case .object(let form)? = match["form"].map(value) { mock.form = form }
        if case .int(let status)? = node["status"]?.scalar?.value { mock.status = status }
        if let json = node["json"] { mock.body = value(json) }
        if let body = node["body"]?.scalar?.text { mock.rawBody = body }
        if let delay = node["delay"]?.scalar?.text, let ms = Duration.parse(delay) { mock.delayMs = Int64(ms) }
        return mock
    }
}

/// `--mock FILE`: a YAML list of `{match: {method, url}, status, json}` like a test's `http:`.
public enum MockFile {
    /// The mocks in a YAML file: a list, or a mapping with `http:`.
    public static func load(_ path: String) throws(UsageError) -> [HTTPMock] {
        let bytes: [UInt8]
        do { bytes = try FileSystem.read(path, limit: 8 << 20) } catch { throw UsageError(error.description) }
        let sink = DiagnosticSink()
        let document = YAMLReader(path: path, sink: sink).read(bytes)
        // Checked as a test's `http:` is: a typo (`jsno:`) is an error, not a mock that answers nothing.
        let list = document.root.flatMap { $0.sequence != nil ? $0 : $0["http"] }
        if sink.errorCount == 0, let root = document.root {
            if let list { TestDecoder(path: path, sink: sink).httpMocks(list) }
            else { sink.error("wrong-type", "a mock file is a list of mocks (or a mapping with `http:` holding one)", file: path, range: root.range) }
        }
        guard sink.errorCount == 0, let items = list?.sequence else {
            let details = DiagnosticRenderer(files: [path: document.source]).render(sink.diagnostics, format: .text)
            throw UsageError("\(path) is not a valid mock file\n" + details)
        }
        return items.compactMap(YAMLValue.mock)
    }
}
