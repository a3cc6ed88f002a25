/// A blocking FIFO of jobs between async callers (producers) and the store's worker threads
/// (consumers). Closing it refuses new jobs; consumers drain what was accepted, then stop.
final class WorkQueue<Job: Sendable>: @unchecked Sendable {
    // All mutable state below is only touched with `lock` held.
    private let lock = ConditionLock()
    private var jobs: [Job] = []
    private var head = 0
    private var isClosed = false

    /// Queues `job`; `false` when the queue is closed (the job will never run).
    func submit(_ job: Job) -> Bool {
        let accepted = lock.withLock {
            if isClosed { return false }
            jobs.append(job)
            return true
        }
        if accepted { lock.signal() }
        return accepted
    }

    /// Blocks until at least one job is queued, then takes up to `limit` of them, oldest first.
    /// `nil` once the queue is closed and drained.
    func takeBatch(limit: Int) -> [Job]? {
        lock.withLock {
            while jobs.count == head && !isClosed { lock.wait() }
            if jobs.count == head { return nil }
            let end = min(jobs.count, head + max(1, limit))
            let batch = Array(jobs[head..<end])
            head = end
            compact()
            return batch
        }
    }

    /// Blocks until a job is queued and takes it; `nil` once the queue is closed and drained.
    func take() -> Job? {
        lock.withLock {
            while jobs.count == head && !isClosed { lock.wait() }
            if jobs.count == head { return nil }
            let job = jobs[head]
            head += 1
            compact()
            return job
        }
    }

    /// Refuses new jobs and wakes every consumer so it can drain and stop.
    func close() {
        lock.withLock { isClosed = true }
        lock.broadcast()
    }

    /// Drops taken jobs from the front of the array (call with the lock held).
    private func compact() {
        if head == jobs.count {
            jobs.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 1024 && head * 2 >= jobs.count {
            jobs.removeFirst(head)
            head = 0
        }
    }
}
