import FlowDiagnostics

/// A YAML value inside `set`, `json`, `properties` and the like: strings are templates.
public indirect enum DataValue: Sendable {
    case template(TextValue)
    case number(Double, SourceRange)
    case bool(Bool, SourceRange)
    case null(SourceRange)
    case list([DataValue], SourceRange)
    case map([(key: Located<String>, value: DataValue)], SourceRange)

    /// Where the value stands.
    public var range: SourceRange {
        switch self {
        case .template(let t): t.range
        case .number(_, let r), .bool(_, let r), .null(let r), .list(_, let r), .map(_, let r): r
        }
    }

    /// Every template inside, depth first.
    public var templates: [TextValue] {
        var out: [TextValue] = []
        var stack: [DataValue] = [self]
        while let value = stack.popLast() {
            switch value {
            case .template(let t): out.append(t)
            case .list(let items, _): stack.append(contentsOf: items.reversed())
            case .map(let pairs, _): stack.append(contentsOf: pairs.map(\.value).reversed())
            default: break
            }
        }
        return out
    }
}
