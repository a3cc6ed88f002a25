// libFuzzer entry point for flowc's front end. Built and run by fuzz/run.sh.
//
// Every input goes two ways:
//  (a) as a YAML file: YAMLReader -> FlowDecoder / BotDecoder / TestDecoder -> a lone-file
//      Project (ProjectLoader.lone(_:bytes:)) -> BotChecker.check -> DiagnosticRenderer;
//  (b) as a string: ExpressionParser.parse and TemplateParser.parse, type-checked with
//      ExpressionTypeChecker (as an `if:` condition and as a template).
// Besides traps and sanitizer reports, the span invariants that Tests/FlowCheckerTests/
// ExpressionFuzzTests asserts are checked here too and trap (`fuzzInvariant`) when broken.

import FlowChecker
import FlowDiagnostics
import FlowSyntax

/// A scope where a few variables of each type exist (as in ExpressionFuzzTests).
private struct FuzzScope: ExpressionScope {
    func variableType(_ name: String) -> ValueType? {
        switch name {
        case "qty": .number
        case "name": .text
        case "order": .json
        case "items": .list(.number)
        case "ok": .bool
        default: nil
        }
    }

    var variableNames: [String] { ["qty", "name", "order", "items", "ok"] }
}

private func fuzzInvariant(_ condition: Bool, _ message: @autoclosure () -> String, _ text: String) {
    if !condition {
        fatalError("fuzz invariant broken: \(message()) for input \(text.debugDescription)")
    }
}

private func within(_ span: ExprSpan, _ count: Int) -> Bool {
    span.start >= 0 && span.start <= span.end && span.end <= count
}

private func spansWithin(_ expr: Expr, _ count: Int) -> Bool {
    guard within(expr.span, count) else { return false }
    switch expr.kind {
    case .number, .string, .bool, .null, .variable: return true
    case .list(let elements): return elements.allSatisfy { spansWithin($0, count) }
    case .member(let base, _, let nameSpan): return within(nameSpan, count) && spansWithin(base, count)
    case .index(let base, let key): return spansWithin(base, count) && spansWithin(key, count)
    case .unary(_, let operand): return spansWithin(operand, count)
    case .binary(_, let left, let right): return spansWithin(left, count) && spansWithin(right, count)
    case .call(_, let nameSpan, let arguments):
        return within(nameSpan, count) && arguments.allSatisfy { spansWithin($0, count) }
    }
}

/// (a) The bytes as a YAML file, decoded as each kind of file and checked.
private func fuzzYAML(_ bytes: [UInt8]) {
    let sink = DiagnosticSink()
    let path = "flows/fuzz.yaml"
    let document = YAMLReader(path: path, sink: sink).read(bytes)
    guard document.root != nil else { return }

    let loader = ProjectLoader(sink: sink)
    var projects: [Project] = []
    // The path picks the decoder in ProjectLoader.lone, so each kind that decodes is checked
    // as a lone file of that kind.
    if FlowDecoder(path: path, sink: sink).decode(document) != nil {
        projects.append(loader.lone(path, bytes: bytes))
    }
    if BotDecoder(path: "bot.yaml", sink: sink).decode(document) != nil {
        projects.append(loader.lone("bot.yaml", bytes: bytes))
    }
    if TestDecoder(path: "tests/fuzz.test.yaml", sink: sink).decode(document) != nil {
        projects.append(loader.lone("tests/fuzz.test.yaml", bytes: bytes))
    }
    var sources: [String: SourceFile] = [path: document.source]
    for project in projects {
        BotChecker.check(project, sink: sink)
        sources.merge(project.sources) { a, _ in a }
    }
    // Quoting source lines at diagnostic ranges is where off-by-ones trap.
    let renderer = DiagnosticRenderer(files: sources)
    _ = renderer.render(sink.sorted, format: .text)
    _ = renderer.render(sink.diagnostics, format: .json)
}

/// (b) The bytes as an expression and as a template.
private func fuzzExpressions(_ text: String) {
    let count = text.unicodeScalars.count
    let (expr, exprIssues) = ExpressionParser.parse(text)
    fuzzInvariant(exprIssues.allSatisfy { within($0.span, count) }, "expression issue out of bounds", text)
    fuzzInvariant(expr != nil || !exprIssues.isEmpty, "nil expression without an issue", text)
    var checker = ExpressionTypeChecker(scope: FuzzScope())
    if let expr {
        fuzzInvariant(spansWithin(expr, count), "expression span out of bounds", text)
        _ = checker.infer(expr)
        checker.expect(expr, .bool, what: "an `if:` condition")
        _ = expr.sourceText
        _ = expr.description
    }
    let (template, templateIssues) = TemplateParser.parse(text)
    fuzzInvariant(templateIssues.allSatisfy { within($0.span, count) }, "template issue out of bounds", text)
    for part in template.parts {
        if case .hole(let hole, let span) = part {
            fuzzInvariant(within(span, count), "hole span out of bounds", text)
            if let hole { fuzzInvariant(spansWithin(hole, count), "hole expression span out of bounds", text) }
        }
    }
    _ = checker.infer(template)
    fuzzInvariant(checker.issues.allSatisfy { within($0.span, count) }, "type issue out of bounds", text)
    fuzzInvariant(checker.reads.allSatisfy { within($0.span, count) }, "read span out of bounds", text)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCheck(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = size > 0 && data != nil ? Array(UnsafeBufferPointer(start: data, count: size)) : []
    fuzzYAML(bytes)
    fuzzExpressions(String(decoding: bytes, as: UTF8.self))
    return 0
}
