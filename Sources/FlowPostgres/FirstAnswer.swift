import Synchronization

/// Resumes a continuation with the first answer given; later ones are dropped.
final class FirstAnswer<Value: Sendable>: Sendable {
    private let continuation: Mutex<CheckedContinuation<Value, Never>?>

    init(_ continuation: CheckedContinuation<Value, Never>) {
        self.continuation = Mutex(continuation)
    }

    func answer(_ value: Value) {
        let waiting = continuation.withLock { (waiting: inout CheckedContinuation<Value, Never>?) -> CheckedContinuation<Value, Never>? in
            defer { waiting = nil }
            return waiting
        }
        waiting?.resume(returning: value)
    }
}
