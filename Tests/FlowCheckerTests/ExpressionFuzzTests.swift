import FlowChecker
import FlowSyntax
import Testing

/// A deterministic xorshift64* generator.
private struct XorShift {
    var state: UInt64

    mutating func next() -> UInt64 {
        state ^= state >> 12
        state ^= state << 25
        state ^= state >> 27
        return state &* 2_685_821_657_736_338_717
    }

    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}

/// Pieces that make interesting expressions and templates when glued at random.
private let fragments: [String] = [
    "{{", "}}", "{", "}", "(", ")", "[", "]", "\"", "'", "\\", " ", "  ", "\n", "\t", ",", ".", "..",
    "a", "qty", "name", "order", "items", "contact", "contact.", "message.", "env.", "secret.", "bot.",
    "1", "2.5", "007", "1e5", "-", "+", "*", "/", "%", "==", "=", "!=", "!", "<", "<=", ">", ">=", "<>", "=>",
    "&&", "&", "||", "|", "?", "??", "not ", " and ", " or ", " in ", "true", "false", "null",
    "len(", "matches(", "date_add(", "money(", "min(", "first(", "now()", "\"[a-\"", "\"days\"", "\"usd\"",
    "ñ", "año", "👋", "\u{201C}", "#", "@", "$", ";", ":", "\u{0}", "\u{FEFF}", "é", "\u{301}",
]

/// A random, syntactically valid expression (often ill-typed), to exercise the type checker.
private func randomExpression(_ random: inout XorShift, depth: Int) -> String {
    let atoms = [
        "qty", "name", "order", "items", "qtty", "contact.name", "contact.nmae", "env.URL", "message",
        "12", "3.5", "\"a\"", "'b'", "true", "null", "[]", "[1, 2]", "order.items[0].price", "\"[a-\"",
        "\"days\"", "\"usd\"", "\"ARS\"",
    ]
    if depth == 0 || random.below(3) == 0 { return atoms[random.below(atoms.count)] }
    let operators = ["+", "-", "*", "/", "%", "==", "!=", "<", "<=", ">", ">=", "and", "or", "in", "??"]
    let functions = FunctionLibrary.names + ["lenght", "foo"]
    switch random.below(6) {
    case 0, 1:
        // Parenthesised so that chained comparisons stay valid.
        return "(" + randomExpression(&random, depth: depth - 1) + " "
            + operators[random.below(operators.count)] + " " + randomExpression(&random, depth: depth - 1) + ")"
    case 2:
        return (random.below(2) == 0 ? "not " : "-") + "(" + randomExpression(&random, depth: depth - 1) + ")"
    case 3:
        let arguments = (0..<random.below(4)).map { _ in randomExpression(&random, depth: depth - 1) }
        return functions[random.below(functions.count)] + "(" + arguments.joined(separator: ", ") + ")"
    case 4:
        let elements = (0..<random.below(3)).map { _ in randomExpression(&random, depth: depth - 1) }
        return "[" + elements.joined(separator: ", ") + "]"
    default:
        return "(" + randomExpression(&random, depth: depth - 1) + ")"
            + (random.below(2) == 0 ? ".field" : "[" + randomExpression(&random, depth: depth - 1) + "]")
    }
}

/// A scope where a few variables exist.
private struct FuzzScope: ExpressionScope {
    func variableType(_ name: String) -> ValueType? {
        switch name {
        case "qty": .number
        case "name": .text
        case "order": .json
        case "items": .list(.number)
        default: nil
        }
    }

    var variableNames: [String] { ["qty", "name", "order", "items"] }
}

private func within(_ span: ExprSpan, _ count: Int) -> Bool {
    span.start >= 0 && span.start <= span.end && span.end <= count
}

/// Every span in the tree lies within `count` scalars.
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

@Suite struct ExpressionFuzzTests {
    @Test func randomInputsNeverCrashAndSpansStayInBounds() {
        var random = XorShift(state: 0x9E37_79B9_7F4A_7C15)
        var inputs: [String] = []
        for round in 0..<4_000 {
            var text = ""
            if round % 4 == 2 {
                text = randomExpression(&random, depth: 4)
                if round % 8 == 2 { text = "Hola {{" + text + "}}!" }
            } else if round % 4 == 3 {
                // Raw random scalars, mostly ASCII.
                for _ in 0..<random.below(40) {
                    let value = random.below(10) == 0 ? UInt32(random.below(0x2_0000)) : UInt32(random.below(128))
                    text.unicodeScalars.append(Unicode.Scalar(value) ?? "?")
                }
            } else {
                for _ in 0..<random.below(24) {
                    text += fragments[random.below(fragments.count)]
                }
            }
            inputs.append(text)
        }
        var parsed = 0
        var typeIssues = 0
        for text in inputs {
            let count = text.unicodeScalars.count
            let (expr, exprIssues) = ExpressionParser.parse(text)
            #expect(exprIssues.allSatisfy { within($0.span, count) }, "expression issue out of bounds: \(text.debugDescription)")
            #expect(expr != nil || !exprIssues.isEmpty, "nil without an issue: \(text.debugDescription)")
            let (template, templateIssues) = TemplateParser.parse(text)
            #expect(templateIssues.allSatisfy { within($0.span, count) }, "template issue out of bounds: \(text.debugDescription)")

            var checker = ExpressionTypeChecker(scope: FuzzScope())
            if let expr {
                parsed += 1
                #expect(spansWithin(expr, count), "expression span out of bounds: \(text.debugDescription)")
                _ = checker.infer(expr)
                checker.expect(expr, .bool, what: "an `if:` condition")
            }
            for part in template.parts {
                if case .hole(let hole, let span) = part {
                    #expect(within(span, count))
                    if let hole { #expect(spansWithin(hole, count)) }
                }
            }
            _ = checker.infer(template)
            typeIssues += checker.issues.count
            #expect(checker.issues.allSatisfy { within($0.span, count) }, "type issue out of bounds: \(text.debugDescription)")
            #expect(checker.reads.allSatisfy { within($0.span, count) })
        }
        // The generator must exercise the happy path too.
        #expect(parsed > 500)
        #expect(typeIssues > 500)
    }
}
