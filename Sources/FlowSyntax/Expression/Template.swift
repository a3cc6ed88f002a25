/// A parsed template: literal text with `{{ expression }}` holes.
public struct Template: Sendable, Equatable {
    /// A piece of a template.
    public enum Part: Sendable, Equatable {
        /// Text copied as is. Adjacent literal text is always one part.
        case literal(String)
        /// A `{{ … }}` hole: its expression (nil when it did not parse, or is empty or unclosed)
        /// and its span, which includes the braces (for an unclosed `{{`: up to the end).
        case hole(Expr?, span: ExprSpan)
    }

    /// The pieces, in order.
    public var parts: [Part]

    /// The expression when the whole template is exactly one `{{ … }}` hole (no other text,
    /// not even spaces), so it keeps the expression's type.
    public var singleExpression: Expr?

    /// True when there are no holes.
    public var isLiteral: Bool

    /// Creates a template from its parts, deriving `singleExpression` and `isLiteral`.
    ///
    /// `length` is the template's length in Unicode scalars: a single hole counts as the whole
    /// template only when its span is `0..<length`.
    public init(parts: [Part], length: Int) {
        self.parts = parts
        var holes = 0
        var single: Expr?
        for part in parts {
            if case .hole(let expr, let span) = part {
                holes += 1
                if parts.count == 1, span.start == 0, span.end == length { single = expr }
            }
        }
        self.isLiteral = holes == 0
        self.singleExpression = single
    }

    /// Every hole's expression that parsed, in order.
    public var expressions: [Expr] {
        parts.compactMap {
            if case .hole(let expr, _) = $0 { return expr }
            return nil
        }
    }
}
