import Testing
import FlowBytecode
@testable import FlowVM

/// A small shop: interrupts of every kind, triggers, a handoff.
enum Shop {
    static let bot = """
        bot: shop
        name: Cocolu
        start: main
        locale: es-AR
        error_message: "Uy, algo falló."
        interrupts:
          - keywords: [agente, humano]
            goto: support.agent
          - keywords: [menu, inicio]
            goto: main
          - keywords: [cancelar, stop]
            end: "Listo, cancelé todo."
          - keywords: [reclamo]
            handoff: {queue: reclamos, message: "Te paso con Reclamos.", timeout: 1h, on_timeout: support.closed}
          - regex: "^(?i)baja .+$"
            end: "Te damos de baja."
        """
    static let main = """
        flow: main
        vars:
          name: {type: text, min: 2}
        steps:
          greet:
            say: "¡Hola! Soy {{bot.name}}."
          ask_name:
            ask: "¿Cómo te llamás?"
            save: name
          home:
            menu: "¿Qué hacemos, {{name}}?"
            options:
              buy: {label: Comprar, goto: order}
              human: {label: Hablar con alguien, goto: support.agent}
        """
    static let order = """
        flow: order
        triggers:
          - keywords: [pedido, comprar]
          - regex: "^quiero (?<item>[a-z]+)(?: x(?<qty>[0-9]+))?$"
        steps:
          start:
            end: "Pedido de {{item ?? 'algo'}} x{{qty ?? '1'}}"
        """
    static let support = """
        flow: support
        triggers:
          - keywords: [ayuda]
        steps:
          agent:
            handoff:
              queue: ventas
              message: "Te paso con ventas."
              timeout: 4h
              on_timeout: closed
          released:
            end: "¡Gracias por escribirnos!"
          closed:
            end: "No hay nadie disponible."
        """

    static func build() throws -> FlowBundle { try buildBot(bot, main, order, support) }
}

@Suite("triggers")
struct TriggerTests {
    @Test("keywords match whole words, case- and accent-insensitively", arguments: [
        ("pedido", "order"), ("Quiero hacer un PEDÍDO!", "order"), ("¿puedo comprar?", "order"), ("necesito ayuda", "support"),
        ("pedidos", "main"), ("compras", "main"), ("ayudame", "main"), ("hola", "main"),
    ])
    func keywords(text: String, flow: String) throws {
        let chat = Chat(try Shop.build())
        let out = chat.say(text)
        #expect(out.visited.first?.hasPrefix(flow + ".") == true, "\(text) → \(out.visited)")
    }

    @Test("the trigger naming most of the message wins whatever the files' order; a keyword beats a regex on a tie", arguments: [
        ("cancelar cita 202606161600", "b_cancelar"), ("quiero una cita", "a_agendar"), ("cancelar la cita", "a_agendar"),
        ("ver precios de cita", "c_precios"), ("precios", "c_precios"), ("hola", "main"),
        ("quiero yerba", "d_pedido"), ("quiero ver los precios", "c_precios"), ("quiero hablar con un humano", "e_humano"),
    ])
    func mostSpecific(text: String, flow: String) throws {
        let bundle = try buildBot("bot: salon\nstart: main\n", "flow: main\nsteps:\n  hi: {end: hola}\n",
            "flow: a_agendar\ntriggers:\n  - keywords: [cita, turno]\nsteps:\n  a: {end: agendar}\n",
            "flow: b_cancelar\ntriggers:\n  - regex: \"^cancelar cita (?<folio>[0-9]+)$\"\nsteps:\n  a: {end: \"cancelo {{folio}}\"}\n",
            "flow: c_precios\ntriggers:\n  - keywords: [precios, \"precios de cita\"]\nsteps:\n  a: {end: precios}\n",
            "flow: d_pedido\ntriggers:\n  - regex: \"^quiero (?<item>.+)$\"\nsteps:\n  a: {end: \"pedido {{item}}\"}\n",
            "flow: e_humano\ntriggers:\n  - keywords: [humano]\nsteps:\n  a: {end: humano}\n")
        let chat = Chat(bundle)
        let out = chat.say(text)
        #expect(out.visited.first?.hasPrefix(flow + ".") == true, "\(text) → \(out.visited)")
        if flow == "d_pedido" { #expect(chat.vars["item"] == .text("yerba")) }
        if flow != "d_pedido" { #expect(chat.vars["item"] == nil, "a regex that lost saves nothing") }
    }

    @Test("a regex trigger spells out the words outside its groups and classes", arguments: [
        ("^quiero (?<item>.+)$", 1), ("^cancelar cita (?<folio>[0-9]{12})$", 2), ("^(hola|buenas)$", 0), (#"\bpedido\s+\d+"#, 1),
        ("(?i)precio de [a-z]+", 2),
    ])
    func spelledWords(pattern: String, words: Int) {
        #expect(Engine.spelledWords(pattern) == words, "\(pattern)")
    }

    @Test("a regex trigger's named groups land in variables")
    func regexGroups() throws {
        let chat = Chat(try Shop.build())
        #expect(chat.say("quiero yerba x3").texts == ["Pedido de yerba x3"])
        #expect(chat.vars["item"] == .text("yerba"))
        #expect(chat.vars["qty"] == .text("3"))
        let other = Chat(try Shop.build())
        #expect(other.say("quiero mate").texts.first?.hasPrefix("Pedido de mate x") == true)
        #expect(other.vars["item"] == .text("mate"))
    }

    @Test("a keyword trigger that wins the tie does not drop the groups of its own flow's regex trigger")
    func keywordAndRegexOfOneFlow() throws {
        let bundle = try buildBot("bot: b\nstart: other\n", """
            flow: remarcar
            triggers:
              - regex: '^remarcar (?<codigo>[A-Z]{2}\\d{4})$'
              - keywords: [remarcar]
            steps:
              a: {end: "código={{codigo ?? 'ninguno'}}"}
            """, "flow: other\nsteps:\n  a: {end: otro}\n")
        #expect(Chat(bundle).say("remarcar BV1234").texts == ["código=BV1234"])
        #expect(Chat(bundle).say("remarcar").texts == ["código=ninguno"])
    }

    @Test("regex triggers match case-insensitively, as keywords do; groups keep what the user wrote")
    func regexTriggerIgnoresCase() throws {
        let chat = Chat(try Shop.build())
        #expect(chat.say("Quiero Yerba x3").texts == ["Pedido de Yerba x3"])
        #expect(chat.vars["item"] == .text("Yerba"))
    }

    @Test("a regex trigger's named group is not cut out of a longer run of digits, as a question's pattern's is not")
    func regexTriggerCutsNoNumber() throws {
        let bundle = try buildBot("bot: b\nstart: main\n", "flow: main\nsteps:\n  a: {end: hola}\n", """
            flow: envio
            triggers:
              - regex: '(?<cp>\\d{4})'
            steps:
              a: {end: "cp={{cp}}"}
            """, "flow: precio\ntriggers:\n  - regex: '^#\\d{3}'\nsteps:\n  a: {end: precio}\n")
        let cut = Chat(bundle)
        #expect(cut.say("CP 12345").texts == ["hola"])
        #expect(cut.vars["cp"] == nil)
        #expect(Chat(bundle).say("CP 1234").texts == ["cp=1234"])
        // The first match that cuts nothing: 12345 is passed over for 1234.
        #expect(Chat(bundle).say("12345 o 1234").texts == ["cp=1234"])
        // A pattern without named groups saves nothing: it is still found anywhere.
        #expect(Chat(bundle).say("#12345").texts == ["precio"])
    }

    @Test("a forced start flow ignores triggers (flowc test with flow:)")
    func forcedStart() throws {
        let bundle = try Shop.build()
        let chat = Chat(bundle)
        chat.startFlow = bundle.flowIndex("support")
        #expect(chat.say("pedido").texts == ["Te paso con ventas."])
    }

    @Test("seeded variables are there from the first step")
    func seed() throws {
        let chat = Chat(try Shop.build())
        chat.seed = ["item": .text("termo")]
        #expect(chat.say("comprar").texts == ["Pedido de termo x1"])
    }
}

@Suite("interrupts")
struct InterruptTests {
    func atName() throws -> Chat {
        let chat = Chat(try Shop.build())
        #expect(chat.say("hola").texts == ["¡Hola! Soy Cocolu.", "¿Cómo te llamás?"])
        return chat
    }

    @Test("a goto interrupt is checked before the ask sees the message")
    func gotoBeforeAsk() throws {
        let chat = try atName()
        let out = chat.say("quiero un Agente")
        #expect(out.texts == ["Te paso con ventas."])
        #expect(chat.vars["name"] == nil)
        #expect(chat.status == .handoff)
        #expect(chat.state?.step == "support.agent")
    }

    @Test("a goto interrupt before a menu; the conversation restarts the flow")
    func gotoBeforeMenu() throws {
        let chat = try atName()
        chat.say("Ana")
        let out = chat.say("menu")
        #expect(out.texts == ["¡Hola! Soy Cocolu.", "¿Cómo te llamás?"])
        #expect(chat.vars["name"] == .text("Ana"))
        #expect(chat.state?.frames.count == 1)
    }

    @Test("an end interrupt says its message and ends; the next message starts anew")
    func endInterrupt() throws {
        let chat = try atName()
        #expect(chat.say("CANCELAR").texts == ["Listo, cancelé todo."])
        #expect(chat.status == .ended)
        #expect(chat.say("hola").texts == ["¡Hola! Soy Cocolu.", "¿Cómo te llamás?"])
    }

    @Test("a yes with a goodbye that is also a cancel keyword (`sí, chau`) confirms; `chau` alone cancels")
    func yesWithGoodbye() throws {
        let bundle = try buildBot("bot: b\nstart: main\ninterrupts:\n  - keywords: [cancelar, chau]\n    end: cancelado\n", """
            flow: main
            steps:
              ok:
                ask: "¿Confirmás el pedido?"
                expect: yes_no
                save: ok
              done:
                end: "ok={{ok}}"
            """)
        #expect(Chat.started(bundle).say("si, chau").texts == ["ok=true"])
        #expect(Chat.started(bundle).say("chau").texts == ["cancelado"])
    }

    @Test("an answer of the question's shape that holds a keyword is the answer; the keyword alone, or a refused answer, interrupts")
    func structuredAnswerOverKeyword() throws {
        let bundle = try buildBot("bot: b\nstart: main\ninterrupts:\n  - keywords: [stop, agente]\n    end: cancelado\n", """
            flow: main
            steps:
              mail:
                ask: "¿E-mail?"
                expect: email
                save: mail
              pick:
                menu: "¿Qué hacemos?"
                options: {a: Hablar con un agente, b: Seguir}
                save: choice
              done:
                end: "{{mail}} {{choice}}"
            """)
        let chat = Chat.started(bundle)
        #expect(chat.say("stop@mail.com").texts == ["¿Qué hacemos?"])
        #expect(chat.say("hablar con un agente").texts == ["stop@mail.com a"])
        // The label with a sentence's punctuation, an emoji or an article is the option too.
        for typed in ["Hablar con un agente.", "¡Hablar con un agente!", "hablar con un agente 🙏"] {
            let punctuated = Chat.started(bundle)
            punctuated.say("ana@mail.com")
            #expect(punctuated.say(typed).texts == ["ana@mail.com a"], "\(typed)")
        }
        // A mark inside is part of what was said: `no, agente` is not the option; an article before the label
        // is no label either.
        for typed in ["no, hablar con un agente", "el hablar con un agente"] {
            let inside = Chat.started(bundle)
            inside.say("ana@mail.com")
            #expect(inside.say(typed).texts == ["cancelado"], "\(typed)")
        }
        let other = Chat.started(bundle)
        #expect(other.say("Stop!").texts == ["cancelado"])
        let third = Chat.started(bundle)
        #expect(third.say("quiero un agente ya").texts == ["cancelado"])
        // A number takes words after it (`3 empanadas`), so a keyword there is the interrupt's.
        let counted = try buildBot("bot: b\nstart: main\ninterrupts:\n  - keywords: [agente]\n    end: cancelado\n",
                                   "flow: main\nsteps:\n  q: {ask: \"¿Cuántos?\", expect: number, save: n}\n  e: {end: \"{{n}}\"}\n")
        let fourth = Chat.started(counted)
        #expect(fourth.say("3 agente").texts == ["cancelado"])
    }

    @Test("a keyword its message negates does not interrupt: the question gets the message", arguments: [
        "no quiero cancelar", "no, no cancelar, son 3", "sin cancelar", "no lo quiero cancelar", "não quero cancelar",
        "I don't want to cancel", "nunca cancelar", "please do not stop", "no voy a cancelar nada",
    ])
    func negatedKeyword(_ typed: String) throws {
        #expect(Chat.started(try Self.noteBot()).say(typed).texts == ["nota: \(typed)"])
    }

    @Test("a keyword said, not negated, interrupts", arguments: [
        "cancelar", "quiero cancelar", "cancelar todo", "no, cancelar", "no me llegó nada quiero cancelar", "no quiero esperar, cancelar",
        "stop", "no sé. cancelar", "no quiero cancelar, bueno sí, cancelar",
        // Not being able to is wanting to: the keyword stands.
        "no puedo cancelar el pedido", "no lo puedo cancelar", "no puedo cancelar",
    ])
    func saidKeyword(_ typed: String) throws {
        #expect(Chat.started(try Self.noteBot()).say(typed).texts == ["cancelado"])
    }

    static func noteBot() throws -> FlowBundle {
        try buildBot("bot: b\nstart: main\ninterrupts:\n  - keywords: [cancelar, stop]\n    end: cancelado\n",
                     "flow: main\nsteps:\n  q: {ask: \"¿Alguna nota para el pedido?\", save: note}\n  e: {end: \"nota: {{note}}\"}\n")
    }

    @Test("`interrupts: exact` keeps a free answer that holds a keyword, a bare keyword still interrupts; `false` heeds none")
    func perQuestionInterrupts() throws {
        let bundle = try buildBot("bot: b\nstart: main\ninterrupts:\n  - keywords: [persona, cancelar]\n    end: cancelado\n", """
            flow: main
            steps:
              dedication:
                ask: "¿Qué dedicatoria va en la torta?"
                save: text
                interrupts: exact
              code:
                ask: "¿Código?"
                save: code
                interrupts: false
              done:
                end: "{{text}} / {{code}}"
            """)
        let chat = Chat.started(bundle)
        #expect(chat.say("Para la persona más linda").texts == ["¿Código?"])
        #expect(chat.say("cancelar").texts == ["Para la persona más linda / cancelar"])
        let other = Chat.started(bundle)
        #expect(other.say("¡Cancelar!").texts == ["cancelado"])
    }

    @Test("an option named in full with courtesy after it is the option, not the keyword in its label; the keyword with courtesy still interrupts")
    func wholeLabelWithCourtesy() throws {
        let bundle = try buildBot("bot: b\nstart: main\ninterrupts:\n  - keywords: [menu, cancelar]\n    end: inicio\n", """
            flow: main
            steps:
              pick:
                menu: "¿Qué querés?"
                options: {dia: Menú del día, baja: Cancelar pedido, m: Menú}
                save: choice
              done:
                end: "elegiste {{choice}}"
            """)
        for (typed, reply) in [("Menú del día por favor", "elegiste dia"), ("menu del dia, gracias!", "elegiste dia"),
                               ("Cancelar pedido porfa", "elegiste baja"), ("cancelar pedido, gracias 🙏", "elegiste baja"),
                               // The keyword with courtesy is the keyword, even when it is a label too.
                               ("menu por favor", "inicio"), ("cancelar por favor", "inicio"),
                               // Marks inside still count, and words other than courtesy are no label.
                               ("cancelar, pedido por favor", "inicio"), ("menú del día rápido por favor", "inicio")] {
            #expect(Chat.started(bundle).say(typed).texts == [reply], "\(typed)")
        }
    }

    @Test("a menu takes an option named in full over a keyword; a keyword with other words, or any text to a text question, interrupts")
    func wholeLabelsAndFreeText() throws {
        let bundle = try buildBot("bot: b\nstart: main\ninterrupts:\n  - keywords: [menu, agente]\n    end: inicio\n", """
            flow: main
            steps:
              pick:
                menu: "¿Qué querés?"
                options: {d: Menú del día, c: Carta}
                save: choice
              name:
                ask: "¿Tu nombre?"
                expect: {type: text, pattern: "^[A-Za-zÁÉÍÓÚáéíóúñÑ ]{3,40}$"}
                save: name
              done:
                end: "{{choice}} {{name}}"
            """)
        let chat = Chat.started(bundle)
        #expect(chat.say("menú del día").texts == ["¿Tu nombre?"])
        #expect(chat.say("quiero hablar con un agente").texts == ["inicio"])
        let other = Chat.started(bundle)
        #expect(other.say("menu por favor").texts == ["inicio"])
    }

    @Test("a regex interrupt")
    func regexInterrupt() throws {
        let chat = try atName()
        #expect(chat.say("Baja por favor").texts == ["Te damos de baja."])
        #expect(chat.status == .ended)
    }

    @Test("a handoff interrupt parks the conversation, and its timeout goes to its on_timeout")
    func handoffInterrupt() throws {
        let chat = try atName()
        let out = chat.say("tengo un reclamo")
        #expect(out.texts == ["Te paso con Reclamos."])
        #expect(out.events.map(\.name) == ["handoff"])
        #expect(out.events.first?.properties == .object(JSONObject([("queue", .text("reclamos"))])))
        #expect(chat.status == .handoff)
        #expect(chat.state?.timerDue == mondayMorning + hour)
        let timeout = chat.wait(hour)
        #expect(timeout.handled)
        #expect(timeout.texts == ["No hay nadie disponible."])
        #expect(timeout.visited == ["support.closed"])
        #expect(chat.status == .ended)
    }

    @Test("an interrupt keyword that is part of a word does not fire; the answer is an answer")
    func notWholeWord() throws {
        let chat = try atName()
        chat.say("Menudo")
        #expect(chat.vars["name"] == .text("Menudo"))
        #expect(chat.state?.step == "main.home")
    }

    @Test("the first message of a conversation is never taken for an interrupt")
    func notOnFirstMessage() throws {
        let chat = Chat(try Shop.build())
        #expect(chat.say("cancelar").texts == ["¡Hola! Soy Cocolu.", "¿Cómo te llamás?"])
    }
}

@Suite("handoff")
struct HandoffTests {
    func handedOff() throws -> Chat {
        let chat = Chat(try Shop.build())
        let out = chat.say("ayuda")
        #expect(out.texts == ["Te paso con ventas."])
        #expect(out.events.map(\.name) == ["handoff"])
        #expect(chat.status == .handoff)
        #expect(chat.state?.timerDue == mondayMorning + 4 * hour)
        return chat
    }

    @Test("while handed off the bot stays silent, even to interrupts")
    func silent() throws {
        let chat = try handedOff()
        for text in ["hola", "cancelar", "menu", "agente"] {
            let out = chat.say(text)
            #expect(!out.handled, "\(text)")
            #expect(out.texts.isEmpty, "\(text)")
            #expect(chat.status == .handoff)
        }
    }

    @Test("a release goes on after the handoff step")
    func release() throws {
        let chat = try handedOff()
        chat.now += hour
        let out = chat.send(.released)
        #expect(out.texts == ["¡Gracias por escribirnos!"])
        #expect(out.visited == ["support.released"])
        #expect(chat.status == .ended)
        // The timer of the handoff is gone: nothing fires later.
        #expect(!chat.wait(5 * hour).handled)
    }

    @Test("a release when nothing is handed off is ignored")
    func releaseIgnored() throws {
        let chat = Chat(try Shop.build())
        chat.say("hola")
        #expect(!chat.send(.released).handled)
        #expect(chat.status == .waiting)
    }

    @Test("nobody releases in time: on_timeout")
    func timeout() throws {
        let chat = try handedOff()
        #expect(!chat.wait(4 * hour - 1).handled)
        #expect(chat.wait(1).texts == ["No hay nadie disponible."])
        #expect(chat.status == .ended)
    }

    @Test("the short form: a queue, no message, no timeout")
    func shortForm() throws {
        let chat = Chat(try buildFlow("""
            flow: short
            steps:
              agent:
                handoff: ventas
              after:
                end: "listo"
            """))
        let out = chat.say("hola")
        #expect(out.texts.isEmpty)
        #expect(out.events.first?.properties == .object(JSONObject([("queue", .text("ventas"))])))
        #expect(chat.status == .handoff)
        #expect(chat.state?.timerDue == nil)
        #expect(chat.send(.released).texts == ["listo"])
    }

    @Test("the menu option that hands off")
    func fromMenu() throws {
        let chat = Chat(try Shop.build())
        chat.say("hola")
        chat.say("Ana")
        #expect(chat.say("hablar con alguien").texts == ["Te paso con ventas."])
        #expect(chat.status == .handoff)
    }

    /// A keyboard's trailing space does not hide a regex trigger or interrupt, as it does not an answer.
    @Test("regex triggers and interrupts see the message trimmed")
    func regexTriggersAreTrimmed() throws {
        let bundle = try buildBot("bot: b\nstart: main\ninterrupts:\n  - regex: '^#AB$'\n    end: cortado\n", """
            flow: main
            steps:
              q: {ask: "¿Nombre?", save: name}
              e: {end: "{{name}}"}
            """, """
            flow: pedido
            triggers:
              - regex: '^pedido (?<n>[0-9]+)$'
            steps:
              e: {end: "pedido {{n}}"}
            """)
        for text in ["pedido 4 ", " pedido 4", "pedido 4\n"] {
            #expect(Chat(bundle).say(text).texts == ["pedido 4"], "\(text.debugDescription)")
        }
        #expect(Chat.started(bundle).say("#AB ").texts == ["cortado"])
    }

    @Test("a regex trigger's named group is saved without the spaces around it, as the message is")
    func regexGroupsAreTrimmed() throws {
        let bundle = try buildBot("bot: b\nstart: main\n", "flow: main\nsteps:\n  hi: {end: hola}\n", """
            flow: pedido
            triggers:
              - regex: '^quiero(?<item>.+?)(?<extra> con .+)?$'
            steps:
              e: {end: "[{{item}}][{{extra}}]"}
            """)
        let chat = Chat(bundle)
        #expect(chat.say("quiero  una remera  con estampa").texts == ["[una remera][con estampa]"])
        #expect(chat.vars["item"] == .text("una remera"))
        #expect(chat.vars["extra"] == .text("con estampa"))
    }

    /// An error message that fails to render is replaced by the default one: never silence.
    @Test("a failing error_message falls back to the default text")
    func failingErrorMessage() throws {
        let chat = Chat(try buildBot("bot: b\nstart: main\nlocale: en-US\nerror_message: \"ERR {{body.x + 1}}\"\n", """
            flow: main
            vars:
              body: json
            steps:
              h:
                http: {get: "https://api.test/j"}
                save: body
              h2:
                http: {get: "https://api.test/k"}
              e:
                end: "E"
            """))
        chat.effect = mockHTTP(["GET https://api.test/j": (200, #"{"x": "abc"}"#), "GET https://api.test/k": (500, "{}")])
        let out = chat.say("hi")
        #expect(out.texts == ["Sorry, something went wrong. Please try again later."], "\(out.texts) \(out.errors)")
        #expect(chat.status == .ended)
        // One that renders to nothing: the default too.
        let empty = Chat(try buildBot("bot: b\nstart: main\nerror_message: \"{{nada}}\"\nvars:\n  nada: text\n", """
            flow: main
            steps:
              h:
                http: {get: "https://api.test/k"}
              e:
                end: "E"
            """))
        empty.effect = mockHTTP(["GET https://api.test/k": (500, "{}")])
        #expect(empty.say("hola").texts == ["Uy, algo salió mal. Probá de nuevo más tarde."])
    }
}
