import FlowRuntime
import FlowStore
import FlowVM

/// What one run of conversations measured.
public struct TurnRun: Sendable {
    public var conversations: Int
    public var turns: Int
    /// Wall-clock and process CPU time, ns.
    public var wall: UInt64
    public var cpu: UInt64
    /// Turns that failed or conversations that did not end where the script says.
    public var failures: Int
    public var firstFailure: String?

    public var turnsPerSecond: Double { Double(turns) / (Double(max(wall, 1)) / 1e9) }
    public var turnsPerCPUSecond: Double { Double(turns) / (Double(max(cpu, 1)) / 1e9) }
}

/// Runs the workload: `conversations` conversations of `scenario.turns` turns each,
/// interleaved `window` at a time, every turn through ``ConversationHost`` and the store.
public enum TurnRunner {
    /// One core: a single task takes turn 1 of each of the window's conversations, then turn 2
    /// of each, and so on; then the next window.
    public static func interleaved(_ scenario: Scenario, store: any ConversationStore, conversations: Int = 10_000,
                                   window: Int = 1_000, run: Int = 0) async -> TurnRun {
        var failures = 0
        var firstFailure: String?
        let cpu = Clock.cpu(), start = Clock.wall()
        var first = 0
        while first < conversations {
            let range = first..<min(conversations, first + window)
            let hosts = range.map { scenario.host($0, store: store, run: run) }
            for turn in 0..<scenario.turns {
                for (offset, host) in hosts.enumerated() {
                    let conversation = range.lowerBound + offset
                    do {
                        let out = try await host.receive(scenario.inbound(conversation, turn: turn, run: run))
                        if let problem = check(out, turn: turn, of: scenario) {
                            failures += 1
                            if firstFailure == nil { firstFailure = "conversation \(conversation) turn \(turn): \(problem)" }
                        }
                    } catch {
                        failures += 1
                        if firstFailure == nil { firstFailure = "conversation \(conversation) turn \(turn): \(error)" }
                    }
                }
            }
            first = range.upperBound
        }
        return TurnRun(conversations: conversations, turns: conversations * scenario.turns, wall: Clock.wall() - start,
                       cpu: Clock.cpu() - cpu, failures: failures, firstFailure: firstFailure)
    }

    /// Many concurrent submitters: `window` conversations run at once, each its own task taking
    /// its turns one after the other; when one ends the next starts. With a SQLite store their
    /// commits meet in the writer's queue and share transactions (group commit).
    public static func concurrent(_ scenario: Scenario, store: any ConversationStore, conversations: Int = 10_000,
                                  window: Int = 1_000, run: Int = 0) async -> TurnRun {
        await bounded(conversations, window: window, turns: conversations * scenario.turns) { conversation in
            let host = scenario.host(conversation, store: store, run: run)
            for turn in 0..<scenario.turns {
                do {
                    let out = try await host.receive(scenario.inbound(conversation, turn: turn, run: run))
                    if let problem = check(out, turn: turn, of: scenario) {
                        return "conversation \(conversation) turn \(turn): \(problem)"
                    }
                } catch {
                    return "conversation \(conversation) turn \(turn): \(error)"
                }
            }
            return nil
        }
    }

    /// Runs `job(0)` … `job(count - 1)` as tasks, `window` at a time (the next starts when one
    /// ends), and times them: each job's problem, if any, is a failure. `turns` is how many
    /// turns all the jobs take together.
    static func bounded(_ count: Int, window: Int, turns: Int,
                        _ job: @escaping @Sendable (Int) async -> String?) async -> TurnRun {
        var failures = 0
        var firstFailure: String?
        let cpu = Clock.cpu(), start = Clock.wall()
        await withTaskGroup(of: String?.self) { group in
            var next = 0
            func add() {
                let number = next
                next += 1
                group.addTask { await job(number) }
            }
            while next < min(window, count) { add() }
            for await problem in group {
                if let problem {
                    failures += 1
                    if firstFailure == nil { firstFailure = problem }
                }
                if next < count { add() }
            }
        }
        return TurnRun(conversations: count, turns: turns, wall: Clock.wall() - start, cpu: Clock.cpu() - cpu,
                       failures: failures, firstFailure: firstFailure)
    }

    static func check(_ out: TurnOutput, turn: Int, of scenario: Scenario) -> String? {
        if let error = out.error { return "runtime error \(error)" }
        if !out.handled { return "the message was not handled" }
        let last = turn == scenario.turns - 1
        if last && out.status != .ended { return "not ended at the last turn (at \(out.step), \(out.status))" }
        if !last && out.status != .waiting { return "not waiting after turn \(turn) (at \(out.step), \(out.status))" }
        return nil
    }
}
