import Dispatch
import Synchronization

/// Runs independent pieces of the front end (one file each) on every core.
public enum Parallel {
    /// Below this many bytes of input, one thread does it all: starting workers would cost
    /// more than it saves (and `flowc check` of one small flow must start in milliseconds).
    public static let minimumBytes = 64 * 1024

    /// `work(i)` for every `i` in `0..<count`, in index order; on all cores when `parallel`.
    static func map<T: Sendable>(_ count: Int, parallel: Bool, _ work: (Int) -> T) -> [T] {
        guard parallel, count > 1 else { return (0..<count).map(work) }
        let slots = Slots<T>(count)
        withoutActuallyEscaping(work) { work in
            let box = UncheckedBox(work)
            DispatchQueue.concurrentPerform(iterations: count) { i in
                slots.set(i, box.value(i))
            }
        }
        return slots.values()
    }
}

/// A non-Sendable closure handed to worker threads. Sound here because the closures given to
/// ``Parallel/map(_:parallel:_:)`` only read what they capture and build fresh values.
private struct UncheckedBox<Work>: @unchecked Sendable {
    let value: Work
    init(_ value: Work) { self.value = value }
}

/// One result slot per index, filled by worker threads.
private final class Slots<T: Sendable>: Sendable {
    private let storage: Mutex<[T?]>

    init(_ count: Int) { storage = Mutex(Array(repeating: nil, count: count)) }

    func set(_ i: Int, _ value: T) { storage.withLock { $0[i] = value } }

    func values() -> [T] { storage.withLock { $0.compactMap { $0 } } }
}
