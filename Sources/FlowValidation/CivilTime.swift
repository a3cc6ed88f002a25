/// A time of day without a date or a time zone, e.g. what a `time` answer names. Used to
/// render datetimes with `DateText.format(_:time:pattern:locale:)`.
public struct CivilTime: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The hour, `0`…`23`.
    public var hour: Int
    /// The minute, `0`…`59`.
    public var minute: Int
    /// The second, `0`…`59`.
    public var second: Int

    /// A time from its parts, as given (unchecked).
    public init(hour: Int, minute: Int, second: Int = 0) {
        self.hour = hour
        self.minute = minute
        self.second = second
    }

    /// The time when the parts are in range (`0…23`, `0…59`, `0…59`), else nil.
    public static func valid(hour: Int, minute: Int, second: Int = 0) -> CivilTime? {
        guard (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second) else { return nil }
        return CivilTime(hour: hour, minute: minute, second: second)
    }

    /// `HH:mm`, zero-padded 24-hour, as a `time` answer is stored: `14:30`, `09:05`.
    public var text: String { CivilDate.pad(hour, 2) + ":" + CivilDate.pad(minute, 2) }

    /// The `HH:mm` form.
    public var description: String { text }

    /// Earlier times sort first.
    public static func < (lhs: CivilTime, rhs: CivilTime) -> Bool {
        (lhs.hour, lhs.minute, lhs.second) < (rhs.hour, rhs.minute, rhs.second)
    }
}
