/// A position in a source file: 1-based line and column (columns count Unicode scalars).
public struct SourceLocation: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// 1-based line number.
    public var line: Int
    /// 1-based column, counted in Unicode scalars as editors and libyaml do.
    public var column: Int

    /// Creates a location from a 1-based line and column.
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }

    public var description: String { "\(line):\(column)" }
}

/// A half-open span `[start, end)` in one file.
public struct SourceRange: Hashable, Sendable, CustomStringConvertible {
    /// The first position covered.
    public var start: SourceLocation
    /// The position just after the last one covered.
    public var end: SourceLocation

    /// Creates a range; an `end` before `start` is clamped to `start`.
    public init(start: SourceLocation, end: SourceLocation) {
        self.start = start
        self.end = end < start ? start : end
    }

    /// A range of `length` columns on one line.
    public init(line: Int, column: Int, length: Int = 1) {
        self.init(start: SourceLocation(line: line, column: column),
                  end: SourceLocation(line: line, column: column + max(length, 0)))
    }

    /// The smallest range covering both.
    public func union(_ other: SourceRange) -> SourceRange {
        SourceRange(start: Swift.min(start, other.start), end: Swift.max(end, other.end))
    }

    public var description: String { "\(start)-\(end)" }
}
