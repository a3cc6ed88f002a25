/// A lexical token of the expression language.
struct Token: Sendable, Equatable {
    /// The kinds of token.
    enum Kind: Sendable, Equatable {
        case number(Double)
        case string(String)
        case identifier(String)
        case kwTrue, kwFalse, kwNull, kwAnd, kwOr, kwNot, kwIn
        case lparen, rparen, lbracket, rbracket, comma, dot
        case plus, minus, star, slash, percent
        case eq, ne, lt, le, gt, ge, coalesce
        case eof
    }

    var kind: Kind
    var span: ExprSpan

    /// The keyword kind for a reserved word, or nil.
    static func keyword(_ word: String) -> Kind? {
        switch word {
        case "true": .kwTrue
        case "false": .kwFalse
        case "null": .kwNull
        case "and": .kwAnd
        case "or": .kwOr
        case "not": .kwNot
        case "in": .kwIn
        default: nil
        }
    }

    /// The binary operator this token spells, if any.
    var binaryOp: BinaryOp? {
        switch kind {
        case .plus: .add
        case .minus: .sub
        case .star: .mul
        case .slash: .div
        case .percent: .mod
        case .eq: .eq
        case .ne: .ne
        case .lt: .lt
        case .le: .le
        case .gt: .gt
        case .ge: .ge
        case .kwAnd: .and
        case .kwOr: .or
        case .kwIn: .in
        case .coalesce: .coalesce
        default: nil
        }
    }
}
