@testable import FlowServer
import FlowStore
import Synchronization
import Testing

@Suite("turn scheduler")
struct TurnSchedulerTests {
    final class Runs: Sendable {
        let ids = Mutex<[Int64]>([])
        /// Inbox ids whose run fails (stays stored for the sweep).
        let failing: Set<Int64>
        init(failing: Set<Int64> = []) { self.failing = failing }
    }

    func item(_ id: Int64) -> InboxItem {
        var item = InboxItem(bot: "shop", contact: "5491155551234", channel: "whatsapp_cloud", externalId: "wamid.\(id)",
                             payload: "{}", receivedAt: 1)
        item.id = id
        return item
    }

    func waitFor(_ runs: Runs, count: Int) async {
        for _ in 0..<500 where runs.ids.withLock({ $0.count }) < count { try? await Task.sleep(for: .milliseconds(2)) }
    }

    @Test("an inbox item the sweep read just before its turn settled is not run again; a failed one is")
    func settledItemsRunOnce() async {
        let runs = Runs(failing: [2])
        let scheduler = TurnScheduler { job in
            guard case let .inbox(item, _) = job else { return true }
            runs.ids.withLock { $0.append(item.id) }
            return !runs.failing.contains(item.id)
        }
        await scheduler.submit(.inbox(item(1)))
        await scheduler.submit(.inbox(item(2)))
        await waitFor(runs, count: 2)
        // The sweep's copies, read while the turns were running.
        await scheduler.submit(.inbox(item(1)))
        await scheduler.submit(.inbox(item(2)))
        await waitFor(runs, count: 3)
        try? await Task.sleep(for: .milliseconds(50))
        #expect(runs.ids.withLock { $0 } == [1, 2, 2], "1 settled and is skipped; 2 failed and is retried")
    }
}
