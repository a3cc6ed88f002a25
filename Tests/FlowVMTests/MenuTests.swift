import Testing
import FlowBytecode
import FlowVM

@Suite("menus")
struct MenuTests {
    static let flow = """
        flow: sizes
        steps:
          pick:
            menu: "¿Qué tamaño?"
            options:
              s: Chico
              m: {label: Mediano, goto: medium}
              l: {label: Tamaño Grande, goto: large}
            save: size
            invalid: "Elegí 1, 2 o 3"
          small:
            end: "chico"
          medium:
            end: "mediano"
          large:
            end: "grande"
        """

    @Test("the menu goes out with its options in order, as buttons for up to 3")
    func sentAsButtons() throws {
        let chat = Chat(try buildFlow(Self.flow))
        let out = chat.say("hola")
        try #require(out.messages.count == 1)
        let menu = out.messages[0]
        #expect(menu.text == "¿Qué tamaño?")
        #expect(menu.options?.map(\.id) == ["s", "m", "l"])
        #expect(menu.options?.map(\.label) == ["Chico", "Mediano", "Tamaño Grande"])
        #expect(menu.style == "buttons")
        #expect(menu.plainText == "¿Qué tamaño?\n1. Chico\n2. Mediano\n3. Tamaño Grande")
        #expect(chat.state?.wait?.kind == .menu)
        #expect(chat.state?.wait?.labels == ["Chico", "Mediano", "Tamaño Grande"])
    }

    @Test("a reply matches by number, id, payload or label, case- and accent-insensitively", arguments: [
        ("1", "chico", "s"), ("2.", "mediano", "m"), (" 3 ", "grande", "l"), ("m", "mediano", "m"), ("l", "grande", "l"),
        ("chico", "chico", "s"), ("MEDIANO", "mediano", "m"), ("tamano grande", "grande", "l"), ("¡Tamaño GRANDE!", "grande", "l"),
    ])
    func matches(reply: String, expected: String, id: String) throws {
        let chat = Chat(try buildFlow(Self.flow))
        chat.say("hola")
        let out = chat.say(reply)
        #expect(out.texts == [expected])
        #expect(chat.vars["size"] == .text(id))
    }

    @Test("a number typed alone to a menu of quantities is the option that says it", arguments: [
        ("2", "p2"), ("4", "p4"), ("6", "p6"), ("la 2", "p4"), ("2 personas", "p2"),
    ])
    func quantityLabels(reply: String, id: String) throws {
        let chat = Chat(try buildFlow("""
            flow: main
            steps:
              m:
                menu: "¿Para cuántas personas es la reserva?"
                options: {p2: 2 personas, p4: 4 personas, p6: 6 personas}
                save: mesa
              e:
                end: "Reservé para {{mesa}}"
            """))
        chat.say("hola")
        #expect(chat.say(reply).texts == ["Reservé para \(id)"])
    }

    static let sizesFlow = """
        flow: talla
        steps:
          pick:
            menu: "¿Qué talla?"
            options:
              S: {label: S, goto: small}
              M: {label: M, goto: medium}
              L: {label: L, goto: large}
            save: talla
            invalid: "Elegí una talla"
          small:
            end: "S"
          medium:
            end: "M"
          large:
            end: "L"
        """

    @Test("the question's word before a label picks it (`talla m` to ¿Qué talla?), after a re-ask too")
    func questionWordBeforeALabel() throws {
        let chat = Chat(try buildFlow(Self.sizesFlow))
        chat.say("hola")
        #expect(chat.state?.wait?.request == "talla")
        #expect(chat.say("talla xs").texts == ["Elegí una talla"])
        #expect(chat.state?.wait?.request == "talla")
        #expect(chat.say("talla m").texts == ["M"])
        #expect(chat.vars["talla"] == .text("M"))
    }

    @Test("a tapped button's payload wins over its text")
    func payload() throws {
        let chat = Chat(try buildFlow(Self.flow))
        chat.say("hola")
        #expect(chat.tap("l", text: "Chico").texts == ["grande"])
        #expect(chat.vars["size"] == .text("l"))
    }

    @Test("an option that is not there gets the invalid message and the menu waits again")
    func invalidChoice() throws {
        let chat = Chat(try buildFlow(Self.flow))
        chat.say("hola")
        for reply in ["4", "0", "extra grande"] {
            let out = chat.say(reply)
            #expect(out.texts == ["Elegí 1, 2 o 3"], "\(reply)")
            #expect(chat.status == .waiting)
        }
        #expect(chat.vars["size"] == nil)
        // The menu has the default 3 re-asks and no on_fail: a fourth invalid reply ends the conversation.
        #expect(chat.say("gigante").texts.isEmpty)
        #expect(chat.status == .ended)
    }

    @Test("after an invalid reply the options still match by label")
    func labelAfterInvalid() throws {
        let chat = Chat(try buildFlow(Self.flow))
        chat.say("hola")
        #expect(chat.say("no sé").texts == ["Elegí 1, 2 o 3"])
        let out = chat.say("Mediano")
        do {
            #expect(out.texts == ["mediano"])
        }
        // By number it still works.
        if chat.status == .waiting { #expect(chat.say("2").texts == ["mediano"]) }
    }

    @Test("without an invalid message, the whole menu is sent again")
    func resendMenu() throws {
        let chat = Chat(try buildFlow("""
            flow: plain
            steps:
              pick:
                menu: "¿Cuál?"
                options: {a: Alfa, b: Beta}
              done:
                end: "ok"
            """))
        chat.say("hola")
        let out = chat.say("gamma")
        try #require(out.messages.count == 1)
        #expect(out.messages[0].options?.map(\.label) == ["Alfa", "Beta"])
        #expect(chat.say("beta").texts == ["ok"])
    }

    @Test("4 to 10 options go as a list with its button, more as numbered text")
    func styles() throws {
        let list = Chat(try buildFlow("""
            flow: list
            steps:
              pick:
                menu: "¿Cuál?"
                button: Ver opciones
                options: {a: Uno, b: Dos, c: Tres, d: Cuatro}
              done:
                end: "ok"
            """))
        let menu = try #require(list.say("hola").messages.first)
        #expect(menu.style == "list")
        #expect(menu.button == "Ver opciones")
        var yaml = "flow: long\nsteps:\n  pick:\n    menu: \"¿Cuál?\"\n    save: choice\n    options:\n"
        for i in 1...11 { yaml += "      o\(i): Opción \(i)\n" }
        yaml += "  done:\n    end: \"{{choice}}\"\n"
        let long = Chat(try buildFlow(yaml))
        let numbered = try #require(long.say("hola").messages.first)
        #expect(numbered.style == "text")
        #expect(numbered.options?.count == 11)
        #expect(long.say("11").texts == ["o11"])
    }

    @Test("labels worked out when sent take the style WhatsApp would: a list past 20 characters, text past 24; an empty one is left out")
    func stylesByRenderedLabels() throws {
        func style(_ name: String) throws -> String? {
            let chat = Chat(try buildFlow("""
                flow: runtime
                vars:
                  product: text
                steps:
                  pick:
                    menu: "¿Cuál?"
                    options: {a: "{{product}}", b: Otro}
                  done:
                    end: "ok"
                """))
            chat.seed = ["product": .text(name)]
            return chat.say("hola").messages.first?.style
        }
        #expect(try style("Yerba 1 kg") == "buttons")
        #expect(try style("Yerba suave de 1 kilo x") == "list")
        #expect(try style("Yerba suave de 1 kilo en paquete") == "text")
        // (The option is left out: "Otro" alone is a button, not numbered text forced by an empty label.)
        #expect(try style("") == "buttons")
    }

    @Test("a menu of up to 3 options with a description goes as a list, as reply buttons have none; `style: buttons` is kept")
    func describedMenusAreLists() throws {
        func style(_ described: String, style: String = "") throws -> String? {
            let chat = Chat(try buildFlow("""
                flow: desc
                steps:
                  pick:
                    menu: "¿Cuál?"
                \(style.isEmpty ? "" : "    style: \(style)\n")    options:
                      a: {label: Golden 15kg, description: "\(described)"}
                      b: Premier 2kg
                  done:
                    end: "ok"
                """))
            return chat.say("hola").messages.first?.style
        }
        #expect(try style("R$ 189,90") == "list")
        #expect(try style("") == "buttons", "a description that is empty is none")
        #expect(try style("R$ 189,90", style: "buttons") == "buttons")
    }

    @Test("a list button with holes is rendered like every other template")
    func renderedButton() throws {
        let chat = Chat(try buildFlow("""
            flow: list
            steps:
              init:
                set: {word: Ver}
              pick:
                menu: "¿Cuál?"
                button: "{{word}} opciones"
                options: {a: Uno, b: Dos, c: Tres, d: Cuatro}
                save: choice
              done:
                end: "{{choice}}"
            """))
        let menu = try #require(chat.say("hola").messages.first)
        #expect(menu.button == "Ver opciones")
        #expect(chat.say("2").texts == ["b"], "the menu's options are where they were on the stack")
    }

    @Test("a list row's description reaches the message, rendered; options without one have none")
    func descriptions() throws {
        let chat = Chat(try buildFlow("""
            flow: list
            vars:
              who: text
            steps:
              name:
                ask: "¿Nombre?"
                save: who
              pick:
                menu: "¿Cuál?"
                options:
                  a: {label: Uno, description: "El primero, {{who}}"}
                  b: Dos
                  c: {label: Tres, description: Tercero}
                  d: Cuatro
              done:
                end: "ok"
            """))
        chat.say("hola")
        let menu = try #require(chat.say("Ana").messages.first)
        #expect(menu.style == "list")
        #expect(menu.options?.map(\.label) == ["Uno", "Dos", "Tres", "Cuatro"])
        #expect(menu.options?.map(\.description) == ["El primero, Ana", nil, "Tercero", nil])
        #expect(menu.options?.first?.value == .object(JSONObject([("id", .text("a")), ("label", .text("Uno")),
                                                                  ("description", .text("El primero, Ana"))])))
        #expect(chat.say("tres").texts == ["ok"])
    }

    @Test("a tapped button is its option even when its id is an interrupt keyword; typed, the interrupt wins")
    func tappedButtonBeatsInterrupt() throws {
        let bundle = try buildBot("""
            bot: shop
            start: main
            interrupts:
              - keywords: [cancel]
                end: "Cancelled."
            """, """
            flow: main
            steps:
              pick:
                menu: "What now?"
                options:
                  keep: Keep going
                  cancel: {label: Cancel order, goto: co}
              kept:
                end: "kept"
              co:
                end: "order cancelled via menu"
            """)
        let tapped = Chat(bundle)
        tapped.say("hi")
        #expect(tapped.tap("cancel").texts == ["order cancelled via menu"])
        let typed = Chat(bundle)
        typed.say("hi")
        #expect(typed.say("cancel").texts == ["Cancelled."])
        // A payload that is no option of the menu (a stale button) is text like any other.
        let stale = Chat(bundle)
        stale.say("hi")
        #expect(stale.send(.message(InboundMessage(text: "cancel", type: "button", payload: "old_cancel"))).texts == ["Cancelled."])
    }
}
