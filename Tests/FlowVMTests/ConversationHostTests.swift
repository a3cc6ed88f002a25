import Testing
import FlowBytecode
import FlowRuntime
import FlowStore
import FlowVM

/// The host around the engine: persistence of `/restart`, timers that fell due while nobody was looking.
@Suite("conversation host")
struct ConversationHostTests {
    static let quick = """
        flow: quick
        vars:
          color: text
        steps:
          ask_color:
            ask: "¿Color?"
            save: color
            timeout: 1m
            on_timeout: nudge
          done:
            end: "Elegiste {{color}}"
          nudge:
            end: "Se acabó el tiempo"
        """

    func host(_ store: InMemoryConversationStore, clock: Int64) throws -> ConversationHost {
        ConversationHost(engine: Engine(bundle: try buildFlow(Self.quick)), key: ConversationKey(bot: "quick", contact: "c1"),
                         contact: Contact(id: "c1"), store: store, clock: clock)
    }

    @Test("a restart is committed: a host that resumes the conversation starts over")
    func restartIsStored() async throws {
        let store = InMemoryConversationStore()
        let first = try host(store, clock: mondayMorning)
        _ = try await first.receive(InboundMessage(text: "hola"))
        try await first.resetConversation()
        #expect(first.state?.status == .ended)
        let second = try host(store, clock: mondayMorning + 1000)
        try await second.resume()
        #expect(second.state?.status == .ended)
        #expect(second.state?.timerDue == nil)
        #expect(try await second.receive(InboundMessage(text: "rojo")).messages.map(\.text) == ["¿Color?"])
    }

    @Test("a message after the wait's timer fell due comes after the timeout, in order")
    func overdueTimerFiresFirst() async throws {
        let store = InMemoryConversationStore()
        let host = try host(store, clock: mondayMorning)
        _ = try await host.receive(InboundMessage(text: "hola"))
        host.clock += 2 * minute
        let out = try await host.receive(InboundMessage(text: "rojo"))
        #expect(out.messages.map(\.text) == ["Se acabó el tiempo", "¿Color?"])
        #expect(out.visited == ["quick.nudge", "quick.ask_color"])
        #expect(out.status == .waiting)
        // In time, the answer is taken.
        let inTime = try self.host(InMemoryConversationStore(), clock: mondayMorning)
        _ = try await inTime.receive(InboundMessage(text: "hola"))
        inTime.clock += minute - 1
        #expect(try await inTime.receive(InboundMessage(text: "rojo")).messages.map(\.text) == ["Elegiste rojo"])
    }
}
