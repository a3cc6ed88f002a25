import FlowSyntax

extension ExpressionTypeChecker {
    // MARK: - A name written with `-` or `.`

    /// `{{first-name}}`, `{{nombre.cliente}}` where `first_name` or `nombre_cliente` is a variable
    /// (or the name a refused `save: first-name` was meant as): one error for the name as written,
    /// not one per word of it.
    mutating func misspeltName(_ expr: Expr) -> Bool {
        guard let written = Self.writtenName(expr) else { return false }
        var words: [String] = []
        Self.variables(in: expr, into: &words)
        guard !words.contains(where: { Namespace(rawValue: $0) != nil }), words.contains(where: { scope.variableType($0) == nil }) else { return false }
        let joined = written.split(whereSeparator: { $0 == "-" || $0 == "." }).joined(separator: "_")
        guard let meant = [joined, joined.lowercased()].first(where: { scope.variableType($0) != nil }) else { return false }
        let reading = written.contains(".") ? "`.` reads a field" : "`-` is read as minus"
        report(Self.unknownVariable, "unknown variable `\(written)`: a variable name has only letters, digits and `_` (\(reading))", expr.span,
               help: "did you mean `\(meant)`?")
        return true
    }

    /// A name with `-` or `.` inside and no spaces, as written (`first-name`, `nombre.cliente`).
    static func writtenName(_ expr: Expr) -> String? {
        switch expr.kind {
        case .binary(.sub, let left, let right):
            guard case .variable(let name) = right.kind, left.span.end + 1 == right.span.start,
                  right.span.end - right.span.start == name.unicodeScalars.count else { return nil }
            if case .variable(let first) = left.kind, left.span.end - left.span.start == first.unicodeScalars.count { return first + "-" + name }
            return writtenName(left).map { $0 + "-" + name }
        case .member(let base, let name, let nameSpan):
            guard base.span.end + 1 == nameSpan.start, nameSpan.end - nameSpan.start == name.unicodeScalars.count else { return nil }
            if case .variable(let first) = base.kind, base.span.end - base.span.start == first.unicodeScalars.count { return first + "." + name }
            return writtenName(base).map { $0 + "." + name }
        default:
            return nil
        }
    }

    /// The variables `writtenName` read.
    static func variables(in expr: Expr, into words: inout [String]) {
        switch expr.kind {
        case .variable(let name): words.append(name)
        case .binary(_, let left, let right):
            variables(in: left, into: &words)
            variables(in: right, into: &words)
        case .member(let base, _, _): variables(in: base, into: &words)
        default: break
        }
    }
}
