/// A span of an expression or template: Unicode-scalar offsets, 0-based, end exclusive.
///
/// Offsets are into the string that was parsed. For a template that is the whole template
/// string, so the expression inside a hole has offsets relative to the template's start.
public struct ExprSpan: Hashable, Sendable, CustomStringConvertible {
    /// Offset of the first scalar.
    public var start: Int
    /// Offset just past the last scalar.
    public var end: Int

    /// Creates a span from `start` (inclusive) to `end` (exclusive).
    public init(start: Int, end: Int) {
        self.start = start
        self.end = end
    }

    /// The number of scalars the span covers.
    public var length: Int { end - start }

    /// The smallest span covering both `self` and `other`.
    public func union(_ other: ExprSpan) -> ExprSpan {
        ExprSpan(start: Swift.min(start, other.start), end: Swift.max(end, other.end))
    }

    /// `start..<end`, e.g. `3..<7`.
    public var description: String { "\(start)..<\(end)" }
}
