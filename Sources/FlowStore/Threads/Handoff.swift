/// Moves a non-`Sendable` value (a SQLite connection and its wrapper) to the thread that will
/// own it from then on. The creating thread must not touch the value after the hand-off.
struct Handoff<Value>: @unchecked Sendable {
    let value: Value
}
