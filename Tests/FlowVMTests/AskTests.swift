import Testing
import FlowBytecode
import FlowTesting
import FlowVM

/// A bot with one `ask` saving `answer` of the given type, and a goodbye that shows it.
func askBot(type: String, locale: String = "es-AR", extra: String = "") throws -> FlowBundle {
    try buildBot("""
        bot: validators
        start: main
        locale: \(locale)
        timezone: America/Argentina/Buenos_Aires
        """, """
        flow: main
        vars:
          answer: \(type)
        steps:
          ask:
            ask: "¿?"
            save: answer
            invalid: "mal"
        \(extra)
          done:
            end: "ok {{answer}}"
        """)
}

@Suite("ask validators")
struct AskTests {
    @Test("a named group saved into a variable declared a number is a number, read by the locale; no number, no answer or no trigger")
    func numberGroups() throws {
        let bundle = try buildBot("""
            bot: kiosco
            start: main
            locale: es-AR
            """, """
            flow: main
            vars:
              kilos: number
            steps:
              peso:
                ask: "¿Cuánto querés? (ej: 1,5 kg)"
                expect: {type: regex, pattern: "(?<kilos>[0-9.,]+|[a-z]+) ?kg"}
                save: pedido
                invalid: "Decime los kilos, ej: 1,5 kg"
              fin:
                end: "{{kilos}} kg: ${{kilos * 2000}}"
            """, """
            flow: quiero
            triggers:
              - regex: '^quiero (?<qty>\\S+) (?<item>.+)$'
            vars:
              qty: number
            steps:
              total:
                end: "{{qty + 1}} {{item}}"
            """)
        let asked = Chat(bundle)
        #expect(asked.say("hola").texts == ["¿Cuánto querés? (ej: 1,5 kg)"])
        #expect(asked.say("muchos kg").texts == ["Decime los kilos, ej: 1,5 kg"])
        #expect(asked.say("1,500 kg").texts == ["Decime los kilos, ej: 1,5 kg"], "thousands or 1.5: asked again, as the number question does")
        #expect(asked.say("1,5 kg").texts == ["1.5 kg: $3000"])
        #expect(asked.vars["kilos"] == .number(1.5))
        let triggered = Chat(bundle)
        #expect(triggered.say("Quiero tres alfajores").texts == ["4 alfajores"])
        #expect(triggered.vars["qty"] == .number(3))
        let notANumber = Chat(bundle)
        #expect(notANumber.say("quiero muchos alfajores").texts == ["¿Cuánto querés? (ej: 1,5 kg)"], "no number: the trigger does not match")
        let ambiguous = Chat(bundle)
        #expect(ambiguous.say("quiero 1,500 alfajores").texts == ["¿Cuánto querés? (ej: 1,5 kg)"], "thousands or 1.5: the trigger does not match")
        let longer = Chat(bundle)
        #expect(longer.say("quiero 3kg alfajores").texts == ["¿Cuánto querés? (ej: 1,5 kg)"], "a capture that only starts with a number is none")
        let thousands = Chat(bundle)
        #expect(thousands.say("quiero 1,500 alfajores").texts == ["¿Cuánto querés? (ej: 1,5 kg)"],
                "three decimals by the locale are thousands to whoever typed them: no number, no trigger")
        #expect(Chat(bundle).say("quiero 1.500 alfajores").texts == ["1501 alfajores"])
    }

    /// A group saved into a declared variable is read as an answer of its type would be: the
    /// declaration's range, a phone in E.164, a time `HH:mm`, an e-mail's domain lower-cased, a choice as
    /// listed; a capture that is not one is no answer (asked again) or no trigger match.
    @Test("named groups keep their variables' declared types and options")
    func typedGroups() throws {
        let bundle = try buildBot("""
            bot: kiosco
            start: main
            locale: es-CO
            """, """
            flow: main
            vars:
              tel: {type: phone, region: CO}
              hora: time
              mail: email
              tam: {type: choice, choices: [Chico, Grande]}
              nota: {type: text, min: 3}
            steps:
              datos:
                ask: "¿Datos?"
                expect: {type: regex, pattern: '^(?<tel>[0-9 ]+) (?<hora>\\S+) (?<mail>\\S+) (?<tam>\\S+) (?<nota>.+)$'}
                save: todo
                invalid: "otra vez"
              fin:
                end: "{{tel}} {{hora}} {{mail}} {{tam}} {{nota}}"
            """, """
            flow: pedido
            triggers:
              - regex: '^quiero (?<qty>\\S+) (?<item>.+)$'
            vars:
              qty: {type: number, min: 1, max: 20, integer: true}
            steps:
              total:
                end: "{{qty}} {{item}}"
            """)
        let asked = Chat(bundle)
        #expect(asked.say("hola").texts == ["¿Datos?"])
        #expect(asked.say("1 nunca nada azul ok").texts == ["otra vez"], "no phone, time, e-mail or listed choice: asked again")
        #expect(asked.say("300 123 4567 3pm Ana@EXAMPLE.COM grande ab").texts == ["otra vez"], "a note shorter than its min")
        #expect(asked.say("300 123 4567 3pm Ana@EXAMPLE.COM grande sin sal").texts == ["+573001234567 15:00 Ana@example.com Grande sin sal"])
        for (text, reply) in [("quiero 5 empanadas", ["5 empanadas"]), ("quiero 50 empanadas", ["¿Datos?"]), ("quiero 2,5 empanadas", ["¿Datos?"]),
                              ("quiero 0 empanadas", ["¿Datos?"])] {
            #expect(Chat(bundle).say(text).texts == reply, "\(text): a number out of the declaration's range does not fire the trigger")
        }
    }

    /// A group saved into a variable declared `date` or `yes_no` is read as such an answer (relative
    /// words from the bot's today), in a trigger and in an answer; a capture that is not one is no match.
    @Test("named groups into declared dates and yes/no")
    func dateAndYesNoGroups() throws {
        let bundle = try buildBot("""
            bot: turnos
            start: main
            """, """
            flow: main
            vars:
              cuando: {type: date, after: today}
              confirma: yes_no
            steps:
              datos:
                ask: "¿Cuándo?"
                expect: {type: regex, pattern: '^(?<cuando>.+?) (?<confirma>\\S+)$'}
                save: todo
                invalid: "otra vez"
              fin:
                end: "{{cuando}} {{confirma}} {{date_add(cuando, 1, 'day')}} {{not confirma}}"
            """, """
            flow: reserva
            triggers:
              - regex: '^reservar (?<dia>.+)$'
            vars:
              dia: date
            steps:
              listo:
                end: "reservado {{dia}}"
            """)
        let asked = Chat(bundle)
        #expect(asked.say("hola").texts == ["¿Cuándo?"])
        #expect(asked.say("nunca sí").texts == ["otra vez"], "no date: asked again")
        #expect(asked.say("ayer sí").texts == ["otra vez"], "a date out of the declaration's bounds")
        #expect(asked.say("mañana quizás").texts == ["otra vez"], "no yes/no")
        #expect(asked.say("15/03/2026 dale").texts == ["2026-03-15 true 2026-03-16 false"])
        #expect(asked.vars["cuando"] == .date(days("2026-03-15")) && asked.vars["confirma"] == .bool(true))
        let triggered = Chat(bundle)
        #expect(triggered.say("reservar para el 20/03").texts == ["reservado 2026-03-20"])
        #expect(triggered.vars["dia"] == .date(days("2026-03-20")))
        #expect(Chat(bundle).say("reservar una mesa").texts == ["¿Cuándo?"], "no date: the trigger does not match")
        let relative = Chat(bundle)
        #expect(relative.say("reservar mañana").texts == ["reservado 2026-03-03"], "relative to the bot's today, not 1970")
    }

    /// A group whose text is not what its variable takes is asked again with that failure's own
    /// `invalid` message: out of range, not whole, too short.
    @Test("a typed group's failure has its own reason")
    func typedGroupReasons() throws {
        let bundle = try buildBot("""
            bot: cajas
            start: main
            """, """
            flow: main
            vars:
              n: {type: number, max: 10, integer: true}
              nota: {type: text, min: 3}
            steps:
              datos:
                ask: "¿Cuántas?"
                expect: {type: regex, pattern: '^(?<n>\\S+) cajas ?(?<nota>.*)$'}
                save: todo
                retries: 9
                invalid: {out_of_range: "hasta 10", not_integer: "enteras", too_short: "nota corta", default: "otra vez"}
              fin:
                end: "{{n}} {{nota}}"
            """)
        let chat = Chat(bundle)
        chat.say("hola")
        #expect(chat.say("11 cajas").texts == ["hasta 10"])
        #expect(chat.say("2,5 cajas").texts == ["enteras"])
        #expect(chat.say("2 cajas ab").texts == ["nota corta"])
        #expect(chat.say("muchas cajas").texts == ["otra vez"], "no number at all: bad_format, the default")
        #expect(chat.say("3 cajas frágil").texts == ["3 frágil"])
    }

    /// Each flow's own declaration bounds its groups; an answer's own variable and a declaration's
    /// own pattern are not read through a rule (the answer wins); a pattern the renaming cannot keep
    /// compiling stays as written; a choice group takes a listed choice, never a position; an empty
    /// capture of a text without `min` is empty text.
    @Test("typed groups: per flow, the answer's own variable, back-reference forms, choices, empty text")
    func typedGroupEdges() throws {
        let bundle = try buildBot("""
            bot: tienda
            start: main
            """, """
            flow: main
            vars:
              qty: {type: number, min: 1, max: 5}
              order: {type: text, pattern: '^#?(?<order>\\d{6})-[A-Z]$'}
            steps:
              q:
                ask: "¿Pedido?"
                save: order
                invalid: "no entiendo"
              fin:
                end: "ok {{order}}"
            """, """
            flow: big
            triggers:
              - regex: '^mayorista (?<qty>\\d+)$'
            vars:
              qty: {type: number, min: 10, max: 500}
            steps:
              fin:
                end: "big {{qty}}"
            """, """
            flow: colors
            triggers:
              - regex: '^color (?<tono>\\w+)$'
              - regex: '^doble (?<w>\\w+) \\k{w}$'
              - regex: '^nota:(?<nota>.*)$'
            vars:
              tono: {type: choice, choices: [Rojo, Azul]}
              w: {type: choice, choices: [Rojo, Azul]}
              nota: {type: text, max: 30}
            steps:
              fin:
                end: "[{{tono ?? ''}}][{{w ?? ''}}][{{nota ?? ''}}]"
            """)
        #expect(Chat(bundle).say("mayorista 100").texts == ["big 100"], "big's own range, not main's")
        #expect(Chat(bundle).say("mayorista 3").texts == ["¿Pedido?"])
        let order = Chat(bundle)
        _ = order.say("hola")
        #expect(order.say("123456-A").texts == ["ok 123456-A"], "the declaration's own group does not check the answer again")
        #expect(Chat(bundle).say("color azul").texts == ["[Azul][][]"])
        #expect(Chat(bundle).say("color 2").texts == ["¿Pedido?"], "a choice group takes no position")
        #expect(Chat(bundle).say("doble rojo rojo").texts == ["[][rojo][]"], "a back-reference form not renamed: the group saves text")
        #expect(Chat(bundle).say("nota:").texts == ["[][][]"], "an empty capture of a text without min is empty text")
    }

    /// A group saved into a variable declared `regex` must match that variable's pattern, as an
    /// answer to it must (case and all): a trigger whose group does not is no match, a question's
    /// regex asks again.
    @Test("a named group into a variable declared regex must match its pattern")
    func regexGroups() throws {
        let bundle = try buildBot("""
            bot: envios
            start: main
            """, """
            flow: main
            vars:
              guia: {type: regex, pattern: '^MX[0-9]{8}$'}
            steps:
              datos:
                ask: "¿Guía?"
                expect: {type: regex, pattern: '^guia (?<guia>\\S+)$'}
                save: todo
                invalid: "otra vez"
              fin:
                end: "ok {{guia}}"
            """, """
            flow: rastreo
            triggers:
              - regex: '^rastrear (?<guia>[A-Z0-9]{10})$'
            steps:
              fin:
                end: "rastreando {{guia}}"
            """)
        #expect(Chat(bundle).say("rastrear MX12345678").texts == ["rastreando MX12345678"])
        #expect(Chat(bundle).say("rastrear AB12345678").texts == ["¿Guía?"], "not the variable's pattern: the trigger does not fire")
        #expect(Chat(bundle).say("rastrear mx12345678").texts == ["¿Guía?"], "the pattern's case, as an answer to `guia`")
        let asked = Chat(bundle)
        #expect(asked.say("hola").texts == ["¿Guía?"])
        #expect(asked.say("guia AB12345678").texts == ["otra vez"])
        #expect(asked.say("guia MX12345678").texts == ["ok MX12345678"])
    }

    @Test("a number group's back-reference still matches; an optional group stays text")
    func numberGroupsWithBackReferencesAndOptionalGroups() throws {
        let chat = Chat(try buildBot("""
            bot: eco
            start: main
            """, """
            flow: main
            vars:
              qty: number
            steps:
              doble:
                ask: "Escribí un número dos veces"
                expect: {type: regex, pattern: '^(?<qty>\\d+) y \\k<qty>$'}
                save: todo
                invalid: "mal"
              fin:
                end: "{{qty + 1}}"
            """))
        chat.say("hola")
        #expect(chat.say("5 y 6").texts == ["mal"])
        #expect(chat.say("5 y 5").texts == ["6"])
        #expect(chat.vars["qty"] == .number(5))
    }

    @Test("two flows declaring one variable with other bounds: each flow's question validates by its own")
    func eachFlowValidatesByItsOwnDeclaration() throws {
        let chat = Chat(try buildBot("""
            bot: pizzaria
            start: pedido
            locale: pt-BR
            """, """
            flow: pedido
            vars:
              qtd: {type: number, max: 10}
              tel: {type: phone, region: BR}
            steps:
              pergunta:
                ask: "Quantas?"
                save: qtd
                invalid: "até 10"
              fone:
                ask: "Telefone?"
                save: tel
              mais:
                call: atacado
              fim:
                end: "{{qtd}} {{tel}}"
            """, """
            flow: atacado
            vars:
              qtd: {type: number, max: 20}
              tel: {type: phone, region: MX}
            steps:
              pergunta:
                ask: "Quantas no atacado?"
                save: qtd
                invalid: "até 20"
              fone:
                ask: "Telefone no México?"
                save: tel
            """))
        chat.say("oi")
        #expect(chat.say("15").texts == ["até 10"])
        chat.say("5")
        #expect(chat.say("11 98765 4321").texts == ["Quantas no atacado?"])
        #expect(chat.say("15").texts == ["Telefone no México?"], "20 is the bound here")
        #expect(chat.say("55 1234 5678").texts == ["15 +525512345678"], "read as a Mexican number")
    }

    @Test("numbers are read by the bot's locale", arguments: [
        ("es-AR", "1.500,50", 1500.5), ("es-AR", "12,5", 12.5), ("es-AR", "12.5", 12.5), ("es-AR", "-3", -3), ("es-AR", "1.500", 1500),
        ("en-US", "1,500.50", 1500.5), ("en-US", "12.5", 12.5), ("en-US", "1,500", 1500),
    ])
    func numberByLocale(locale: String, input: String, expected: Double) throws {
        let chat = Chat(try askBot(type: "number", locale: locale))
        chat.say("hola")
        let out = chat.say(input)
        #expect(chat.vars["answer"] == .number(expected))
        #expect(out.texts == ["ok \(Value.number(expected).rendered)"])
    }

    @Test("`expect:` naming a type with its options beside it validates by them")
    func expectWithOptionsBeside() throws {
        let chat = Chat(try buildFlow("""
            flow: pago
            steps:
              medio:
                ask: "¿Cómo pagás?"
                expect: choice
                choices: [Crédito, Débito]
                save: pago
                invalid: "Crédito o débito"
              cuantas:
                ask: "¿Cuántas cuotas?"
                expect: number
                min: 1
                max: 12
                save: cuotas
                invalid: {out_of_range: "Entre 1 y 12", default: "Un número"}
              fin:
                end: "{{pago}} {{cuotas}}"
            """))
        chat.say("hola")
        #expect(chat.say("efectivo").texts == ["Crédito o débito"])
        #expect(chat.say("debito").texts == ["¿Cuántas cuotas?"])
        #expect(chat.say("30").texts == ["Entre 1 y 12"])
        #expect(chat.say("6").texts == ["Débito 6"])
    }

    @Test("a text's length out of `min`/`max` takes `out_of_range` when `too_short`/`too_long` are not given")
    func textLengthIsOutOfRange() throws {
        let chat = Chat(try buildFlow("""
            flow: cp
            steps:
              codigo:
                ask: "¿Código postal?"
                expect: {type: text, min: 4, max: 8}
                save: cp
                retries: 5
                invalid: {out_of_range: "Entre 4 y 8 letras", default: "otra vez"}
              corto:
                ask: "¿Apodo?"
                expect: {type: text, max: 3}
                save: apodo
                invalid: {too_long: "Máximo 3", out_of_range: "fuera", default: "otra vez"}
              fin:
                end: "{{cp}} {{apodo}}"
            """))
        chat.say("hola")
        #expect(chat.say("C14").texts == ["Entre 4 y 8 letras"])
        #expect(chat.say("C1425ABCDE").texts == ["Entre 4 y 8 letras"])
        #expect(chat.say("C1425").texts == ["¿Apodo?"])
        #expect(chat.say("Pepita").texts == ["Máximo 3"])
        #expect(chat.say("Pe").texts == ["C1425 Pe"])
    }

    @Test("what one locale reads as a number the other refuses", arguments: [
        ("es-AR", "1.2.5"), ("es-AR", "1,500.50"), ("en-US", "1,2,5"), ("en-US", "1.500,50"), ("es-AR", "doce o trece cajas"),
    ])
    func numberRefusedByLocale(locale: String, input: String) throws {
        let chat = Chat(try askBot(type: "number", locale: locale))
        chat.say("hola")
        #expect(chat.say(input).texts == ["mal"])
        #expect(chat.vars["answer"] == nil)
        #expect(chat.status == .waiting)
    }

    @Test("a phone is stored as E.164 in the flow's region")
    func phoneE164() throws {
        let chat = Chat(try askBot(type: "{type: phone, region: AR}"))
        chat.say("hola")
        #expect(chat.say("12").texts == ["mal"])
        #expect(chat.say("011 15-5555-1234").texts == ["ok +5491155551234"])
        #expect(chat.vars["answer"] == .text("+5491155551234"))
    }

    @Test("an e-mail's domain is lower-cased, the local part kept")
    func emailLowerCasedDomain() throws {
        let chat = Chat(try askBot(type: "email"))
        chat.say("hola")
        #expect(chat.say("ana@").texts == ["mal"])
        chat.say(" Ana.Perez@Example.COM ")
        #expect(chat.vars["answer"] == .text("Ana.Perez@example.com"))
    }

    @Test("dates: today and tomorrow by the fixed clock, in the bot's time zone")
    func dateTodayTomorrow() throws {
        let bundle = try askBot(type: "date")
        for (input, expected) in [("hoy", "2026-03-02"), ("today", "2026-03-02"), ("mañana", "2026-03-03"), ("tomorrow", "2026-03-03"),
                                  ("31/12/2026", "2026-12-31"), ("2026-12-31", "2026-12-31")] {
            let chat = Chat(bundle)
            chat.say("hola")
            #expect(chat.say(input).texts == ["ok \(expected)"], "\(input)")
            #expect(chat.vars["answer"] == .date(days(expected)), "\(input)")
        }
        // 01:00 UTC on 3 March is still 2 March in Buenos Aires.
        let lateNight = Chat(bundle, now: FlowTesting.Clock.parse("2026-03-03T01:00:00Z")!)
        lateNight.say("hola")
        lateNight.say("hoy")
        #expect(lateNight.vars["answer"] == .date(days("2026-03-02")))
    }

    @Test("a date bound by after: today refuses today with out_of_range")
    func dateAfterToday() throws {
        let chat = Chat(try askBot(type: "{type: date, after: today}"))
        chat.say("hola")
        #expect(chat.say("hoy").texts == ["mal"])
        #expect(chat.say("mañana").texts == ["ok 2026-03-03"])
    }

    @Test("a date's format option decides how numeric dates are read")
    func dateFormat() throws {
        let chat = Chat(try askBot(type: #"{type: date, format: "MM/dd/yyyy"}"#))
        chat.say("hola")
        let out = chat.say("12/31/2026")
        #expect(out.texts == ["ok 2026-12-31"])
        #expect(chat.vars["answer"] == .date(days("2026-12-31")))
        // The locale's day-first order is not read when the format says month first.
        let dayFirst = Chat(try askBot(type: #"{type: date, format: "MM/dd/yyyy"}"#))
        dayFirst.say("hola")
        #expect(dayFirst.say("31/12/2026").texts == ["mal"])
        // Words are read whatever the format.
        let words = Chat(try askBot(type: #"{type: date, format: "MM/dd/yyyy"}"#))
        words.say("hola")
        #expect(words.say("mañana").texts == ["ok 2026-03-03"])
    }

    @Test("yes_no answers are bools", arguments: [("sí", true), ("Si", true), ("dale", true), ("no, gracias", false), ("n", false)])
    func yesNo(input: String, expected: Bool) throws {
        let chat = Chat(try askBot(type: "yes_no"))
        chat.say("hola")
        #expect(chat.say(input).texts == ["ok \(expected)"])
        #expect(chat.vars["answer"] == .bool(expected))
    }

    @Test("a regex's named groups become variables")
    func regexNamedGroups() throws {
        let chat = Chat(try askBot(type: #"{type: regex, pattern: "^(?<country>[A-Za-z]{2})-?(?<serial>[0-9]{6})$"}"#))
        chat.say("hola")
        #expect(chat.say("AR-12345").texts == ["mal"])
        #expect(chat.say("ar-123456").texts == ["ok ar-123456"])
        #expect(chat.vars["country"] == .text("ar"))
        #expect(chat.vars["serial"] == .text("123456"))
    }

    @Test("a named group that took no part in the match is empty text, as the checker types it (`== \"\"` holds, `+` joins)")
    func regexOptionalGroupIsEmptyText() throws {
        let chat = Chat(try askBot(type: #"{type: regex, pattern: "^(?<pre>[A-Z]{2})(?:-(?<suf>[0-9]+))?$"}"#))
        chat.say("hola")
        chat.say("AB")
        #expect(chat.vars["pre"] == .text("AB"))
        #expect(chat.vars["suf"] == .text(""))
    }

    @Test("a choice is saved as declared")
    func choice() throws {
        let chat = Chat(try askBot(type: "{type: choice, choices: [Chico, Mediano, Grande]}"))
        chat.say("hola")
        #expect(chat.say("enorme").texts == ["mal"])
        #expect(chat.say("MEDIANO!").texts == ["ok Mediano"])
        #expect(chat.vars["answer"] == .text("Mediano"))
    }

    @Test("an inline expect validates a variable the flow does not declare")
    func inlineExpect() throws {
        let chat = Chat(try buildFlow("""
            flow: inline
            steps:
              ask_mail:
                ask: "¿Mail?"
                expect: email
                save: mail
              done:
                end: "{{mail}}"
            """))
        chat.say("hola")
        #expect(chat.say("no es un mail").texts == ["¿Mail?"])
        #expect(chat.say("A@B.COM").texts == ["A@b.com"])
    }
}

@Suite("retries, invalid and on_fail")
struct RetryTests {
    static let flow = """
        flow: boxes
        vars:
          boxes: {type: number, min: 1, max: 10, integer: true}
          code: {type: text, min: 4, max: 8}
        steps:
          ask_boxes:
            ask: "¿Cuántas cajas?"
            save: boxes
            invalid:
              not_a_number: "solo el número"
              not_integer: "cajas enteras"
              out_of_range: "entre 1 y 10"
            retries: 2
            on_fail: give_up
          ask_code:
            ask: "¿Código?"
            save: code
            invalid: "entre 4 y 8"
            retries: 1
            on_fail: give_up
          done:
            end: "{{boxes}} {{code}}"
          give_up:
            end: "me rindo"
        """

    @Test("each invalid answer gets the message for its reason; the third in a row goes to on_fail")
    func perReasonThenOnFail() throws {
        let chat = Chat(try buildFlow(Self.flow))
        #expect(chat.say("hola").texts == ["¿Cuántas cajas?"])
        #expect(chat.say("muchas").texts == ["solo el número"])
        #expect(chat.state?.retriesUsed == 1)
        #expect(chat.say("2,5").texts == ["cajas enteras"])
        let out = chat.say("11")
        #expect(out.texts == ["me rindo"])
        #expect(out.visited == ["boxes.give_up"])
        #expect(chat.status == .ended)
    }

    @Test("a number or date out of an ask's bounds goes to `default` when there is no `out_of_range` (never to `not_allowed`)")
    func outOfRangeFallsBackToDefault() throws {
        let chat = Chat(try buildFlow("""
            flow: qty
            steps:
              ask_qty:
                ask: "¿Cuántas?"
                expect: {type: number, min: 1, max: 20}
                save: qty
                invalid: {not_allowed: "NA", default: "DEF"}
              done:
                end: "{{qty}}"
            """))
        chat.say("hola")
        #expect(chat.say("25").texts == ["DEF"])
        #expect(chat.say("3").texts == ["3"])
    }

    @Test("a yes/no answer that is neither, and a text where a photo is asked, are not_allowed")
    func closedSetsAreNotAllowed() throws {
        let chat = Chat(try buildFlow("""
            flow: photo
            steps:
              ask_ok:
                ask: "¿Seguimos?"
                expect: yes_no
                save: ok
                invalid: {not_allowed: "sí o no", bad_format: "formato", default: "otra vez"}
              ask_photo:
                ask: "Mandá la foto"
                expect: image
                save: photo
                invalid: {not_allowed: "necesito una foto", default: "otra vez"}
              done:
                end: "{{ok}} {{photo}}"
            """))
        chat.say("hola")
        #expect(chat.say("quizás").texts == ["sí o no"])
        #expect(chat.say("sí").texts == ["Mandá la foto"])
        #expect(chat.say("acá va").texts == ["necesito una foto"])
        let photo = chat.send(.message(InboundMessage(text: "", type: "image", data: .text("media-1"))))
        #expect(photo.texts == ["true media-1"])
    }

    @Test("a photo sent as a file answers a photo question; a PDF does not, nor a photo a file question")
    func photoSentAsAFile() throws {
        let chat = Chat(try buildFlow("""
            flow: fotos
            steps:
              ask_photo:
                ask: "Mandá la foto"
                expect: image
                save: photo
                invalid: {not_allowed: "necesito una foto", default: "otra vez"}
              ask_doc:
                ask: "Mandá el PDF"
                expect: document
                save: doc
                invalid: {not_allowed: "necesito el PDF", default: "otra vez"}
              done:
                end: "{{photo.url}} {{photo.mime_type}} {{photo.caption}} {{doc.url}}"
            """))
        chat.say("hola")
        let pdf = JSONObject([("url", .text("https://x.test/a.pdf")), ("mime_type", .text("application/pdf"))])
        #expect(chat.send(.message(InboundMessage(text: "", type: "document", data: .object(pdf)))).texts == ["necesito una foto"])
        let jpeg = JSONObject([("url", .text("https://x.test/a.jpg")), ("mime_type", .text("image/jpeg"))])
        #expect(chat.send(.message(InboundMessage(text: "mate", type: "document", data: .object(jpeg)))).texts == ["Mandá el PDF"])
        let photo = JSONObject([("url", .text("https://x.test/b.jpg")), ("mime_type", .text("image/jpeg"))])
        #expect(chat.send(.message(InboundMessage(text: "", type: "image", data: .object(photo)))).texts == ["necesito el PDF"])
        #expect(chat.send(.message(InboundMessage(text: "", type: "document", data: .object(pdf)))).texts
            == ["https://x.test/a.jpg image/jpeg mate https://x.test/a.pdf"])
    }

    @Test("a photo or a place sent to a typed question is not_allowed, whatever its caption")
    func mediaToATypedQuestionIsNotAllowed() throws {
        let chat = Chat(try buildFlow("""
            flow: typed
            steps:
              ask_name:
                ask: "¿Nombre?"
                expect: text
                save: name
                invalid: {not_allowed: "escribilo, por favor", too_short: "muy corto", default: "otra vez"}
              ask_qty:
                ask: "¿Cuántas?"
                expect: number
                save: qty
                invalid: {not_allowed: "un número, escrito", not_a_number: "no es número", default: "otra vez"}
              done:
                end: "{{name}} {{qty}}"
            """))
        chat.say("hola")
        #expect(chat.send(.message(InboundMessage(text: "", type: "image", data: .text("media-1")))).texts == ["escribilo, por favor"])
        #expect(chat.send(.message(InboundMessage(text: "Ana", type: "image", data: .text("media-2")))).texts == ["escribilo, por favor"])
        #expect(chat.say("Ana").texts == ["¿Cuántas?"])
        #expect(chat.send(.message(InboundMessage(text: "", type: "location", data: .null))).texts == ["un número, escrito"])
        #expect(chat.say("3").texts == ["Ana 3"])
    }

    @Test("an `any` answer is anything, a text saved trimmed like every answer")
    func anyAnswer() throws {
        let flow = """
            flow: note
            steps:
              ask_note:
                ask: "¿Algo más?"
                expect: any
                save: note
              done:
                end: "[{{note}}]"
            """
        let chat = Chat(try buildFlow(flow))
        chat.say("hola")
        #expect(chat.say("  sin cebolla \n").texts == ["[sin cebolla]"])
        let photo = Chat(try buildFlow(flow))
        photo.say("hola")
        #expect(photo.send(.message(InboundMessage(text: "", type: "image", data: .text("media-1")))).texts == ["[media-1]"])
    }

    @Test("an `any` answer is text whatever came, as the checker types it: a photo its caption and link, a pin its place")
    func anyIsText() throws {
        let flow = """
            flow: foto
            vars: {foto: any}
            steps:
              pedir:
                ask: "Mandá lo que quieras"
                save: foto
              fin:
                end: "{{upper(foto)}} ({{len(foto)}})"
            """
        func answer(_ m: InboundMessage) throws -> [String] {
            let chat = Chat(try buildFlow(flow))
            chat.say("hola")
            return chat.send(.message(m)).texts
        }
        let photo = Value.object(JSONObject([("url", .text("https://x.test/a.jpg")), ("mime_type", .text("image/jpeg"))]))
        #expect(try answer(InboundMessage(text: " así ", type: "image", data: photo)) == ["ASÍ HTTPS://X.TEST/A.JPG (24)"])
        #expect(try answer(InboundMessage(text: "", type: "image", data: photo)) == ["HTTPS://X.TEST/A.JPG (20)"])
        let pin = Value.object(JSONObject([("lat", .number(-34.6)), ("lng", .number(-58.38)), ("name", .text("Local"))]))
        #expect(try answer(InboundMessage(text: "", type: "location", data: pin)) == ["LOCAL -34.6,-58.38 (18)"])
        #expect(try answer(InboundMessage(text: "ok", type: "text", data: .null)) == ["OK (2)"])
    }

    @Test("a photo sent with a caption keeps it in the saved value")
    func photoCaption() throws {
        let flow = """
            flow: foto
            vars: {foto: image}
            steps:
              pedir:
                ask: "Mandá la foto"
                save: foto
              fin:
                end: "{{foto.url}} / {{foto.caption ?? 'sin texto'}}"
            """
        let data = Value.object(JSONObject([("url", .text("https://x.test/a.jpg"))]))
        let captioned = Chat(try buildFlow(flow))
        captioned.say("hola")
        #expect(captioned.send(.message(InboundMessage(text: " mi remera ", type: "image", data: data))).texts == ["https://x.test/a.jpg / mi remera"])
        let bare = Chat(try buildFlow(flow))
        bare.say("hola")
        #expect(bare.send(.message(InboundMessage(text: "", type: "image", data: data))).texts == ["https://x.test/a.jpg / sin texto"])
    }

    @Test("a date format written DD/MM/AAAA or %d/%m/%Y reads dates as dd/MM/yyyy does")
    func dateFormatSpellings() throws {
        for format in ["DD/MM/AAAA", "%d/%m/%Y", "DD/MM/YYYY"] {
            let chat = Chat(try buildFlow("""
                flow: when
                steps:
                  ask_day:
                    ask: "¿Qué día?"
                    expect: {type: date, format: "\(format)"}
                    save: day
                    invalid: "dd/mm/aaaa, por favor"
                  done:
                    end: "{{day}}"
                """))
            chat.say("hola")
            #expect(chat.say("31/12").texts == ["dd/mm/aaaa, por favor"], "\(format)")
            #expect(chat.say("31/12/2026").texts == ["2026-12-31"], "\(format)")
        }
    }

    @Test("a reason without its own message and no default re-sends the question")
    func defaultReask() throws {
        let chat = Chat(try buildFlow("""
            flow: name
            vars:
              name: {type: text, min: 2, max: 5}
            steps:
              ask_name:
                ask: "¿Nombre?"
                save: name
                invalid: {too_short: "muy corto"}
              done:
                end: "{{name}}"
            """))
        chat.say("hola")
        #expect(chat.say("A").texts == ["muy corto"])
        #expect(chat.say("Anastasia").texts == ["¿Nombre?"])
        #expect(chat.say("Ana").texts == ["Ana"])
    }

    @Test("without on_fail, running out of re-asks ends the conversation (default retries: 3)")
    func defaultEnd() throws {
        let chat = Chat(try buildFlow("""
            flow: number
            vars:
              n: number
            steps:
              ask_n:
                ask: "¿Número?"
                save: n
                invalid: "un número"
              done:
                end: "{{n}}"
            """))
        chat.say("hola")
        for _ in 0..<3 { #expect(chat.say("x").texts == ["un número"]) }
        let last = chat.say("x")
        #expect(last.texts.isEmpty)
        #expect(chat.status == .ended)
        #expect(chat.vars["n"] == nil)
    }

    @Test("invalid answers are counted per question: a valid answer starts the next question afresh")
    func retriesResetAfterValidAnswer() throws {
        let chat = Chat(try buildFlow(Self.flow))
        chat.say("hola")
        #expect(chat.say("ninguna").texts == ["solo el número"])
        #expect(chat.say("0").texts == ["entre 1 y 10"])
        #expect(chat.say("3").texts == ["¿Código?"])
        // `ask_code` has `retries: 1`: its first invalid answer must be re-asked, not sent to on_fail.
        let out = chat.say("ab")
        do {
            #expect(out.texts == ["entre 4 y 8"])
            #expect(chat.status == .waiting)
        }
    }
}

@Suite("timeouts")
struct TimeoutTests {
    static let flow = """
        flow: silence
        vars:
          name: text
        steps:
          ask_name:
            ask: "¿Cómo te llamás?"
            save: name
            timeout: 10m
            on_timeout: nudge
          hello:
            end: "Hola {{name}}"
          nudge:
            ask: "¿Seguís ahí?"
            save: name
            timeout: 1h
            goto: hello
        """

    @Test("silence past the timeout goes to on_timeout; a timeout without on_timeout ends")
    func timeoutThenEnd() throws {
        let chat = Chat(try buildFlow(Self.flow))
        chat.say("hola")
        #expect(chat.state?.timerDue == mondayMorning + 10 * minute)
        #expect(!chat.wait(9 * minute).handled)
        let nudge = chat.wait(minute)
        #expect(nudge.texts == ["¿Seguís ahí?"])
        #expect(chat.state?.timerDue == mondayMorning + 10 * minute + hour)
        let gone = chat.wait(hour)
        #expect(gone.texts.isEmpty)
        #expect(chat.status == .ended)
    }

    @Test("in a turn a timeout started, no message came: message.type is empty, as its text and id are")
    func timeoutTurnHasNoMessageType() throws {
        let chat = Chat(try buildFlow("""
            flow: silence
            vars:
              name: text
            steps:
              ask_name:
                ask: "¿Cómo te llamás? [{{message.type}}]"
                save: name
                timeout: 10m
                on_timeout: nudge
              hello:
                end: "Hola {{name}}"
              nudge:
                end: "type=[{{message.type}}] text=[{{message.text}}] id=[{{message.id}}]"
            """))
        #expect(chat.say("hola").texts == ["¿Cómo te llamás? [text]"])
        #expect(chat.wait(10 * minute).texts == ["type=[] text=[] id=[]"])
    }

    @Test("an answer cancels the timer; a stale timer event is ignored")
    func staleTimer() throws {
        let chat = Chat(try buildFlow(Self.flow))
        chat.say("hola")
        let serial = try #require(chat.state?.waitSerial)
        chat.now += 5 * minute
        chat.say("Ana")
        #expect(chat.status == .ended)
        let stale = chat.send(.timeout(serial: serial))
        #expect(!stale.handled)
        #expect(stale.texts.isEmpty)
    }

    @Test("a timeout for an old wait is ignored while a newer one is pending")
    func oldSerial() throws {
        let chat = Chat(try buildFlow(Self.flow))
        chat.say("hola")
        let first = try #require(chat.state?.waitSerial)
        chat.wait(10 * minute)
        #expect(chat.state?.step == "silence.nudge")
        let old = chat.send(.timeout(serial: first))
        #expect(!old.handled)
        #expect(chat.status == .waiting)
        #expect(chat.say("Beto").texts == ["Hola Beto"])
    }

    @Test("a question without `expect` validates by the type another question gives the variable with `expect`")
    func plainReAskTakesTheAskedType() throws {
        let bundle = try buildBot("""
            bot: kiosco
            start: main
            locale: es-AR
            """, """
            flow: main
            steps:
              q:
                ask: "¿Cuántas unidades?"
                expect: {type: number, min: 1, max: 20}
                save: cant
                invalid: "Un número entre 1 y 20"
              again:
                ask: "¿Cuántas de nuevo?"
                save: cant
                invalid: "Un número, porfa"
              done:
                end: "Son {{cant + 1}}"
            """)
        let chat = Chat(bundle)
        #expect(chat.say("hola").texts == ["¿Cuántas unidades?"])
        #expect(chat.say("3").texts == ["¿Cuántas de nuevo?"])
        #expect(chat.say("muchas").texts == ["Un número, porfa"])
        #expect(chat.say("30").texts == ["Un número, porfa"])
        #expect(chat.say("tres").texts == ["Son 4"])
    }
}
