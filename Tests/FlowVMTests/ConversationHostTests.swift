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

    /// Where e-mail is only recorded (chat, test), one the daemon could not send fails the same way:
    /// no recipient (an unset `env` address), or one that is no address.
    @Test("a recorded e-mail with no recipient or a bad one goes to on_error, as the daemon's would")
    func recordedEmailChecksItsRecipients() async throws {
        let bundle = try buildFlow("""
            flow: lead
            vars:
              mail: text
            steps:
              pedir:
                ask: "¿A dónde?"
                save: mail
              enviar:
                email: {to: "{{mail}}", subject: "Nuevo lead", body: "Hola"}
                on_error: fallo
              ok:
                end: "Enviado"
              fallo:
                end: "No se pudo"
            """)
        for (answer, reply) in [("ventas@tienda.com", "Enviado"), ("Ventas <ventas@tienda.com>, otro@tienda.com", "Enviado"),
                                ("nadie", "No se pudo"), (",", "No se pudo")] {
            let host = ConversationHost(engine: Engine(bundle: bundle), key: ConversationKey(bot: "lead", contact: "c1"),
                                        contact: Contact(id: "c1"), store: InMemoryConversationStore(), clock: mondayMorning)
            _ = try await host.receive(InboundMessage(text: "hola"))
            #expect(try await host.receive(InboundMessage(text: answer)).messages.map(\.text) == [reply], "\(answer)")
        }
        #expect(MailAddress.problem(to: "") == "the e-mail has no recipient (`to` is empty)")
        #expect(MailAddress.problem(to: "a@b.co", bcc: "x y@z.com") == "`x y@z.com` is not an e-mail address")
    }
}
