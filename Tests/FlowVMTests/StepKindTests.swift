import Testing
import FlowBytecode
import FlowVM
import FlowValidation
import FlowCompiler

@Suite("Step kinds")
struct StepKindTests {
    @Test("say sends a text template with the contact's name")
    func sayText() throws {
        let chat = Chat(try buildFlow("""
            flow: hello
            steps:
              hi:
                say: "¡Hola {{contact.name}}! Tu número es {{contact.phone}}."
              bye:
                end: "Chau, {{upper(contact.name)}}."
            """))
        let out = chat.say("hola")
        #expect(out.texts == ["¡Hola Ana! Tu número es +5491155551234.", "Chau, ANA."])
        #expect(out.messages.allSatisfy { $0.options == nil && $0.attachments.isNull })
        #expect(out.visited == ["hello.hi", "hello.bye"])
        #expect(chat.status == .ended)
    }

    @Test("an ISO date set into a variable declared a date is a date (date functions, comparisons, the stored value)")
    func isoDateLiteralIntoDateVariable() throws {
        let chat = Chat(try buildFlow("""
            flow: entrega
            vars: {dia: date, otro: text}
            steps:
              s:
                set: {dia: "2026-12-31", otro: "2026-12-31"}
              e:
                end: "{{dia}} {{date_add(dia, 1, 'days')}} {{dia > today()}}"
            """))
        let out = chat.say("hola")
        #expect(out.texts.first?.hasPrefix("2026-12-31 2027-01-01 ") == true, "\(out.texts)")
        #expect(chat.vars["dia"] == .date(CivilDate(year: 2026, month: 12, day: 31).daysSinceEpoch))
        #expect(chat.vars["otro"] == .text("2026-12-31"), "a text variable keeps the text")
    }

    @Test("`end: true` ends without a message, like `end:` alone; `return: true` returns without one")
    func endTrueSaysNothing() throws {
        let chat = Chat(try buildFlow("""
            flow: hello
            steps:
              hi:
                say: "Hola"
              bye:
                end: true
            """))
        let out = chat.say("hola")
        #expect(out.texts == ["Hola"])
        #expect(chat.status == .ended)
        let called = Chat(try buildBot("""
            bot: b
            start: main
            """, """
            flow: main
            steps:
              go:
                call: sub
              after:
                end: "de vuelta"
            """, """
            flow: sub
            steps:
              hi:
                say: "en sub"
              back:
                return: true
            """))
        #expect(called.say("hola").texts == ["en sub", "de vuelta"], "`return: true` says nothing and goes back")
    }

    @Test("an unknown contact name or phone is null: ?? gives the default, a template empty text")
    func unknownContactFieldsAreNull() throws {
        let chat = Chat(try buildFlow("""
            flow: hello
            steps:
              hi:
                end: "Hola {{contact.name ?? 'amigo'}} [{{contact.phone}}] {{contact.name == null}} {{contact.id}}"
            """))
        chat.contact = Contact(id: "tg-42", channel: "telegram")
        #expect(chat.say("hola").texts == ["Hola amigo [] true tg-42"])
    }

    @Test("numbers render without binary noise: at most 15 significant digits")
    func numbersWithoutNoise() throws {
        let chat = Chat(try buildFlow("""
            flow: totals
            steps:
              show:
                end: "{{1.1 * 3}} {{19.99 * 3}} {{0.1 + 0.2}} {{format_number(0.1 + 0.2)}} {{1 / 3}} {{3751.5}} {{2 * 3}} {{999999999999999.9}}"
            """))
        #expect(chat.say("hola").texts == ["3.3 59.97 0.3 0,3 0.333333333333333 3751.5 6 1000000000000000"])
        // Very small and very large numbers too.
        let extremes = Chat(try buildFlow("""
            flow: totals
            steps:
              show:
                end: "{{0.00000001 * 3}} {{1 / 3000000000}} {{[0.00000001 * 3]}} {{1234567890123456.7}} {{12345678901234567890}} {{9007199254740993}}"
            """))
        #expect(extremes.say("hola").texts == ["0.00000003 0.000000000333333333333333 [0.00000003] 1234567890123460 12345678901234567000 9007199254740992"])
    }

    @Test("below 1e-15 too at most 15 significant digits; floor, ceil, %, == and < on the decimals shown")
    func decimalsAsShown() throws {
        let tiny = Chat(try buildFlow("""
            flow: tiny
            steps:
              show:
                end: "{{0.1 + 0.2 - 0.3}} {{1 / 3 / 1000000000000000}} {{0.1 / 1000000000000000000}} {{-(0.1 + 0.2 - 0.3)}}"
            """))
        // `0.1 + 0.2 - 0.3` is 0 on paper, and so here: sums keep the decimals their numbers show.
        #expect(tiny.say("hola").texts == ["0 0.000000000000000333333333333333 0.0000000000000000001 0"])
        let ops = Chat(try buildFlow("""
            flow: ops
            steps:
              show:
                end: "{{floor(0.57 * 100)}} {{ceil(0.1 * 3 * 10)}} {{0.1 + 0.2 == 0.3}} {{0.1 + 0.2 <= 0.3}} {{(0.1 * 3 * 10) % 3}} {{floor(2.5)}} {{ceil(-2.5)}} {{0.3 != 0.30001}}"
            """))
        #expect(ops.say("hola").texts == ["57 3 true true 0 2 -2 true"])
        // Only binary noise is forgiven: real digits of large numbers stay.
        let large = Chat(try buildFlow("""
            flow: large
            steps:
              show:
                end: "{{floor(123456789012345.67)}} {{1234567890123464.75 < 1234567890123462}} {{1234567890123456 == 1234567890123457}} {{ceil(10.000001)}} {{0.3 == 0.30000001}}"
            """))
        #expect(large.say("hola").texts == ["123456789012345 false false 11 false"])
    }

    @Test("sums, differences, products and remainders keep the decimals their numbers show: change is 0.1, not 0.100000000000364")
    func decimalArithmetic() throws {
        let chat = Chat(try buildFlow("""
            flow: change
            vars: {pago: number}
            steps:
              q: {ask: "¿Con cuánto pagás?", save: pago}
              s: {set: {vuelto: "{{pago - 9999.9}}"}}
              b:
                branch:
                  - if: vuelto == 0.1 and vuelto * 10 == 1
                    goto: exact
                  - else: other
              exact: {end: "Tu vuelto: {{vuelto}} {{1500.3 - 1500}} {{5000.10 - 4999.95}} {{100.1 - 100}} {{10 % 3.3}} {{(1500.3 - 1500) == 0.3}} {{1.1 * 1.1}} {{4.35 * 100}} {{sum([0.1, 0.2, 1999.99])}} {{1 / 3 + 1}}"}
              other: {end: "Vuelto raro: {{vuelto}}"}
            """))
        _ = chat.say("hola")
        #expect(chat.say("10000").texts == ["Tu vuelto: 0.1 0.3 0.15 0.1 0.1 true 1.21 435 2000.29 1.33333333333333"])
        // Large amounts and many decimals still add exactly where a double can hold them.
        let big = Chat(try buildFlow("""
            flow: big
            steps:
              show:
                end: "{{123456789.123 + 0.877}} {{0.000000001 + 0.000000002}} {{0.0000000001 + 0.0000000002}} {{99999999999.99 - 0.01}}"
            """))
        #expect(big.say("hola").texts == ["123456790 0.000000003 0.0000000003 99999999999.98"])
    }

    @Test("number() reads text as the number question does: thousands by the locale, a three-decimal guess is no number")
    func numberFunctionByLocale() throws {
        let flow = """
            flow: main
            steps:
              show:
                end: "{{number('1.500,50')}}|{{number('1.500')}}|{{number('1,500')}}|{{number('12.5')}}|{{number('-3')}}|{{number('1,500.50')}}|{{number('0,500')}}"
            """
        let ar = Chat(try buildBot("bot: b\nstart: main\nlocale: es-AR\n", flow))
        #expect(ar.say("hola").texts == ["1500.5|1500||12.5|-3||0.5"])
        let us = Chat(try buildBot("bot: b\nstart: main\nlocale: en-US\n", flow))
        #expect(us.say("hola").texts == ["||1500|12.5|-3|1500.5|0.5"])
    }

    /// The numerals the number question takes are numbers for `number()` too; words, signs and
    /// units still are not (`3 kg`, `$ 3`, `tres`), nor a three-decimal guess before a full stop.
    @Test("number() reads full-width digits, a sentence's full stop and threes grouped by the decimal separator, as the number question does")
    func numberFunctionReadsTheQuestionsNumerals() throws {
        let flow = """
            flow: main
            steps:
              show:
                end: "{{number(message.text)}}|{{number('１２')}}|{{number('1,250,000')}}|{{number('3.')}}|{{number('12,')}}|{{number('1,500.')}}|{{number('3 kg')}}|{{number('$ 3')}}|{{number('tres')}}"
            """
        let ar = Chat(try buildBot("bot: b\nstart: main\nlocale: es-AR\n", flow))
        #expect(ar.say("１.５００").texts == ["1500|12|1250000|3|12||||"])
        let br = Chat(try buildBot("bot: b\nstart: main\nlocale: pt-BR\n", flow))
        #expect(br.say("2,500,000").texts == ["2500000|12|1250000|3|12||||"])
    }

    @Test("a result too large for a number, or a date_add beyond any calendar, is a runtime error, never Infinity or a wrapped date")
    func overflowIsAnError() throws {
        let big = "1" + String(repeating: "0", count: 200)
        for expression in ["\(big) * \(big)", "-\(big) * \(big) - 1", "\(big) * \(big) / \(big)", "sum([\(big) * 1\(String(repeating: "0", count: 108)), \(big) * 1\(String(repeating: "0", count: 108))])",
                           "date_add(today(), 100000000000000000000, 'days')", "date_add(now(), 1000000000000, 'minutes')"] {
            let chat = Chat(try buildFlow("""
                flow: big
                steps:
                  show:
                    end: "{{\(expression)}}"
                """))
            let texts = chat.say("hola").texts
            #expect(texts.count == 1 && !texts[0].contains("Infinity") && texts[0].contains("algo salió mal"), "\(expression): \(texts)")
        }
        let fine = Chat(try buildFlow("""
            flow: fine
            steps:
              show:
                end: "{{date_add(date_add(today(), 1000, 'years'), -1000, 'years') == today()}}"
            """))
        #expect(fine.say("hola").texts == ["true"])
    }

    @Test("a loop that sends and never waits stops at 50 messages with the error message, not thousands")
    func messageCap() throws {
        // `flowc chat` and `flowc test` run a bot whose only mistakes are the flow analysis's (as warnings).
        let bot = try TempBot(flow: """
            flow: loop
            steps:
              a:
                say: "¿Otra vez?"
                goto: a
            """)
        defer { bot.remove() }
        let bundle = try #require(try BuildRun.build(path: bot.path, providerLimitsBlock: false).bundle)
        let texts = Chat(bundle).say("hola").texts
        #expect(texts.count == 51, "\(texts.count)")
        #expect(texts.last?.contains("algo salió mal") == true, "\(texts.last ?? "")")
    }

    @Test("numbers never render with an exponent, however large or small")
    func numbersWithoutExponent() throws {
        let chat = Chat(try buildFlow("""
            flow: big
            steps:
              show:
                end: "{{10000000000000000}} {{0.000001}} {{-0.00000015}} {{1234567890123456789}} {{1234567890123456}} {{1 / 10000000}}"
            """))
        #expect(chat.say("hola").texts == ["10000000000000000 0.000001 -0.00000015 1234567890123456800 1234567890123456 0.0000001"])
    }

    @Test("round to decimals, and to tens or hundreds with negative digits")
    func roundDigits() throws {
        let chat = Chat(try buildFlow("""
            flow: r
            steps:
              show:
                end: "{{round(1234.5678, 2)}} {{round(1234.5678)}} {{round(1234.5678, -2)}} {{round(15, -1)}} {{round(-15, -1)}} {{round(2.5)}}"
            """))
        #expect(chat.say("hola").texts == ["1234.57 1235 1200 20 -20 3"])
    }

    @Test("round's half is the one of the number as written, as format_number and money round it")
    func roundHalfAsWritten() throws {
        let chat = Chat(try buildFlow("""
            flow: r
            steps:
              show:
                end: "{{round(1.005, 2)}} {{round(1.015, 2)}} {{round(0.285, 2)}} {{round(-1.005, 2)}} {{round(1.255, 2)}} {{round(1.0049, 2)}} {{format_number(1.005, 2)}}"
            """))
        #expect(chat.say("hola").texts == ["1.01 1.02 0.29 -1.01 1.26 1 1,01"])
    }

    @Test("an unset value is in no text and starts or ends none (an empty text is in every one)")
    func nullIsInNoText() throws {
        let chat = Chat(try buildFlow("""
            flow: r
            vars:
              kw: text
            steps:
              show:
                end: "{{contains('abc', kw)}} {{starts_with('abc', kw)}} {{ends_with('abc', kw)}} {{kw in 'abc'}} {{contains('abc', '')}} {{kw in ['a']}}"
            """))
        #expect(chat.say("hola").texts == ["false false false false true false"])
    }

    @Test("`and` with an unset left side is false, and an unset value splits into no parts")
    func unsetAndSplit() throws {
        let chat = Chat(try buildFlow("""
            flow: r
            vars:
              kw: text
              flag: bool
            steps:
              show:
                end: "{{flag and true}} {{flag or true}} {{len(split(kw, ','))}} {{split(kw, ',')}} {{len(split('', ','))}}"
            """))
        #expect(chat.say("hola").texts == ["false true 0 [] 1"])
    }

    @Test("format_date of a datetime writes its time of day, by the locale or a pattern")
    func formatDateTime() throws {
        // The test clock is 2026-03-02 10:00 in Buenos Aires (UTC-3), the bot's zone.
        let chat = Chat(try buildFlow("""
            flow: when
            steps:
              show:
                end: "{{format_date(now())}} | {{format_date(now(), 'HH:mm')}} | {{format_date(date_add(now(), 270, 'minutes'), 'h:mm a')}} | {{format_date(today())}}"
            """))
        #expect(chat.say("hola").texts == ["02/03/2026 10:00 | 10:00 | 2:30 p. m. | 02/03/2026"])
    }

    @Test("say sends media with a caption, buttons and a typing delay")
    func sayMediaAndButtons() throws {
        let chat = Chat(try buildFlow("""
            flow: media
            steps:
              photo:
                say:
                  image: "https://example.com/{{contact.id}}.jpg"
                  caption: "Un mate para {{contact.name}}"
                delay: 2s
              doc:
                say:
                  document: "https://example.com/catalogo.pdf"
                  filename: catalogo.pdf
              quick:
                say:
                  text: "¿Qué querés ver?"
                  buttons: [Ofertas, Novedades]
            """))
        let out = chat.say("hola")
        try #require(out.messages.count == 3)
        let photo = out.messages[0]
        #expect(photo.text == "Un mate para Ana")
        #expect(photo.delayMs == 2000)
        guard case .object(let p) = photo.attachments else { Issue.record("no attachments on the photo"); return }
        #expect(p["image"] == .text("https://example.com/5491155551234.jpg"))
        #expect(out.messages[1].text == "")
        guard case .object(let d) = out.messages[1].attachments else { Issue.record("no attachments on the document"); return }
        #expect(d["document"] == .text("https://example.com/catalogo.pdf"))
        #expect(d["filename"] == .text("catalogo.pdf"))
        #expect(out.messages[1].delayMs == 0)
        let quick = out.messages[2]
        #expect(quick.text == "¿Qué querés ver?")
        guard case .object(let q) = quick.attachments else { Issue.record("no attachments on the buttons"); return }
        #expect(q["buttons"] == .list([.text("Ofertas"), .text("Novedades")]))
        #expect(chat.status == .ended)
    }

    @Test("a say button whose title renders to nothing is left out, never sent as null or empty")
    func emptyButtonsLeftOut() throws {
        let chat = Chat(try buildFlow("""
            flow: botones
            vars:
              x: text
              o: json
            steps:
              some:
                say: {text: "¿Seguimos?", buttons: ["{{x}}", " {{o.nada}} ", "{{o.n}}"]}
              none:
                say: {text: "¿Y ahora?", buttons: ["{{x}}"]}
            """))
        chat.seed = ["o": .object(JSONObject([("n", .number(3))]))]
        let out = chat.say("hola")
        try #require(out.messages.count == 2)
        guard case .object(let some) = out.messages[0].attachments else { Issue.record("no attachments"); return }
        #expect(some["buttons"] == .list([.text("3")]))
        #expect(out.messages[1].text == "¿Y ahora?")
        if case .object(let none) = out.messages[1].attachments { #expect(none["buttons"] == nil) }
    }

    @Test("a menu option whose label renders to nothing is left out: not sent, not picked by its number or id; with none left the menu fails")
    func emptyMenuOptionsLeftOut() throws {
        let flow = """
            flow: main
            vars:
              prods: list
              pick: text
            steps:
              m:
                menu: "¿Qué querés?"
                options:
                  p0: "{{prods[0]}}"
                  p1: "{{prods[1]}}"
                  p2: "{{prods[2]}}"
                save: pick
              show:
                end: "Elegiste {{pick}}"
            """
        let chat = Chat(try buildFlow(flow))
        chat.seed = ["prods": .list([.text("Yerba"), .text("Mate")])]
        let out = chat.say("hola")
        let menu = try #require(out.messages.first)
        #expect(menu.options?.map(\.id) == ["p0", "p1"])
        #expect(menu.options?.map(\.label) == ["Yerba", "Mate"])
        // Two short labels are buttons again, not the numbered text an empty label forced.
        #expect(menu.style == "buttons")
        // `3` and a tap on `p2` name no option that went out: asked again.
        #expect(chat.say("3").texts.first != "Elegiste p2")
        #expect(chat.tap("p2").texts.first != "Elegiste p2")
        #expect(chat.status == .waiting)
        #expect(chat.say("2").texts == ["Elegiste p1"])
        // No option left: a runtime error (the bot's error message), not a menu of nothing.
        let empty = Chat(try buildFlow(flow))
        empty.seed = ["prods": .list([])]
        let failed = empty.say("hola")
        #expect(failed.messages.allSatisfy { $0.options == nil })
        #expect(failed.errors.first?.message == "the menu has no option to offer: every option's label is empty", "\(failed.errors)")
        #expect(empty.status == .ended)
    }

    @Test("delays add up until a message goes out: a pause on a goto, then one on the say, is both")
    func delaysAddUp() throws {
        let chat = Chat(try buildFlow("""
            flow: pausa
            steps:
              pausa:
                goto: q
                delay: 3s
              q:
                say: "Hola"
                delay: 1s
              otra:
                say: "¿Todo bien?"
              fin:
                delay: 500ms
                end: "chau"
            """))
        let out = chat.say("hola")
        #expect(out.messages.map(\.delayMs) == [4000, 0, 500])
    }

    @Test("set: a lone {{ }} keeps its type, text around it makes text")
    func setKeepsTypes() throws {
        let chat = Chat(try buildFlow("""
            flow: typed
            vars:
              qty: {type: number, integer: true}
            steps:
              ask_qty:
                ask: "¿Cuántos?"
                save: qty
              calc:
                set:
                  next: "{{qty + 1}}"
                  label: "{{qty + 1}} unidades"
                  big: "{{qty >= 5}}"
                  price: 1500
                  flavors: [menta, naranja]
                  when: "{{date_add(today(), 1, 'days')}}"
              show:
                end: "{{next * 2}} / {{label}} / {{big}} / {{flavors}} / {{when}}"
            """))
        chat.say("hola")
        let out = chat.say("4")
        #expect(chat.vars["next"] == .number(5))
        #expect(chat.vars["label"] == .text("5 unidades"))
        #expect(chat.vars["big"] == .bool(false))
        #expect(chat.vars["price"] == .number(1500))
        #expect(chat.vars["flavors"] == .list([.text("menta"), .text("naranja")]))
        #expect(chat.vars["when"] == .date(days("2026-03-03")))
        #expect(out.texts == ["10 / 5 unidades / false / [\"menta\",\"naranja\"] / 2026-03-03"])
    }

    @Test("branch: the first arm that holds wins, else catches the rest", arguments: [
        (60_000.0, "free"), (25_000.0, "cheap"), (10_000.0, "expensive"), (30_000.0, "standard"),
    ])
    func branchFirstArmWins(amount: Double, expected: String) throws {
        let bundle = try buildFlow("""
            flow: shipping
            vars:
              amount: number
              zone: {type: choice, choices: [CABA, Interior]}
            steps:
              ask_zone:
                ask: "¿Zona?"
                save: zone
              ask_amount:
                ask: "¿Monto?"
                save: amount
              pick:
                branch:
                  - if: amount >= 50000
                    goto: free
                  - if: amount >= 20000 and zone == "CABA"
                    goto: cheap
                  - if: amount < 20000
                    goto: expensive
                  - else: standard
              free:
                end: free
              cheap:
                end: cheap
              expensive:
                end: expensive
              standard:
                end: standard
            """)
        let chat = Chat(bundle)
        chat.say("hola")
        chat.say(amount == 30_000 ? "interior" : "caba")
        let out = chat.say(Value.number(amount).rendered)
        #expect(out.texts == [expected])
        #expect(out.visited == ["shipping.pick", "shipping.\(expected)"])
        #expect(chat.vars["amount"] == .number(amount))
    }

    @Test("call runs another flow and comes back; what the callee sets is visible after")
    func callAndReturn() throws {
        let bundle = try buildBot("""
            bot: shop
            start: main
            """, """
            flow: main
            steps:
              hello:
                say: "Hola"
              identify:
                call: login
              welcome:
                say: "Bienvenido, {{customer_name}} ({{known}})."
              again:
                call: login
                goto: bye
              bye:
                end: "Chau {{customer_name}}"
            """, """
            flow: login
            vars:
              known: yes_no
              customer_name: {type: text, min: 2}
            steps:
              ask_known:
                ask: "¿Ya sos cliente?"
                save: known
              route:
                branch:
                  - if: known
                    goto: ask_name
                  - else: guest
              guest:
                set: {customer_name: invitado}
                goto: back
              back:
                return:
              ask_name:
                ask: "¿Tu nombre?"
                save: customer_name
            """)
        let chat = Chat(bundle)
        #expect(chat.say("hola").texts == ["Hola", "¿Ya sos cliente?"])
        #expect(chat.state?.frames.count == 2)
        #expect(chat.say("no").texts == ["Bienvenido, invitado (false).", "¿Ya sos cliente?"])
        #expect(chat.say("sí").texts == ["¿Tu nombre?"])
        let out = chat.say("Ana María")
        #expect(out.texts == ["Chau Ana María"])
        #expect(chat.status == .ended)
    }

    @Test("a message that renders to nothing is not sent (an empty end, an empty optional value)")
    func emptyMessagesAreNotSent() throws {
        let chat = Chat(try buildFlow("""
            flow: quiet
            vars:
              note: text
            steps:
              show:
                say: "{{note ?? ''}}"
              hello:
                say: "hola"
              bye:
                end: ""
            """))
        let out = chat.say("hola")
        #expect(out.texts == ["hola"])
        #expect(chat.status == .ended)
    }

    @Test("a called flow that jumps back to its caller ends that call: the caller's rest runs once, frames do not pile up")
    func jumpBackToTheCaller() throws {
        let bundle = try buildBot("bot: shop\nstart: main", """
            flow: main
            steps:
              q: {ask: "¿Nombre?", save: name}
              addr: {call: address}
              bye: {say: "Gracias {{name}}"}
            """, """
            flow: address
            steps:
              pick:
                menu: "¿Envío o empezar de nuevo?"
                options: {ship: Envío, over: {label: De nuevo, goto: main}}
            """)
        let chat = Chat(bundle)
        chat.say("hola")
        chat.say("Ana")
        for round in 1...70 {
            #expect(chat.say("2").texts == ["¿Nombre?"], "round \(round)")
            #expect(chat.say("Bea").texts == ["¿Envío o empezar de nuevo?"], "round \(round)")
            #expect(chat.state?.frames.count == 2, "main and address only")
        }
        #expect(chat.say("1").texts == ["Gracias Bea"], "once")
        #expect(chat.status == .ended)
    }

    @Test("goto FLOW.STEP leaves the flow; end in a called flow ends the whole conversation")
    func gotoAcrossFlowsAndEndInCallee() throws {
        let bundle = try buildBot("""
            bot: shop
            start: main
            """, """
            flow: main
            steps:
              first:
                say: "main"
                goto: other.middle
            """, """
            flow: other
            triggers:
              - keywords: [otro]
            steps:
              top:
                say: "other.top"
              middle:
                say: "other.middle"
              stop:
                call: closer
            """, """
            flow: closer
            steps:
              done:
                end: "cerrado"
            """)
        let chat = Chat(bundle)
        let out = chat.say("hola")
        #expect(out.texts == ["main", "other.middle", "cerrado"])
        #expect(out.visited == ["main.first", "other.middle", "other.stop", "closer.done"])
        #expect(chat.status == .ended)
        #expect(chat.state?.frames.isEmpty == true)
        // A jump into a flow's first step, by its trigger.
        #expect(chat.say("otro").texts == ["other.top", "other.middle", "cerrado"])
    }

    @Test("return and falling off the last step in a top flow both end the conversation")
    func returnInTopFlowEnds() throws {
        let withReturn = Chat(try buildFlow("""
            flow: top
            steps:
              hi:
                say: "hola"
              out:
                return: "me voy"
            """))
        #expect(withReturn.say("x").texts == ["hola", "me voy"])
        #expect(withReturn.status == .ended)
        let fallOff = Chat(try buildFlow("""
            flow: top
            steps:
              hi:
                say: "hola"
            """))
        #expect(fallOff.say("x").texts == ["hola"])
        #expect(fallOff.status == .ended)
        // The next message after the end starts a new conversation.
        #expect(fallOff.say("otra vez").texts == ["hola"])
        #expect(fallOff.state?.turns == 1)
    }

    @Test("end with a message, then a new message starts over")
    func endThenNewConversation() throws {
        let chat = Chat(try buildFlow("""
            flow: one
            vars:
              name: text
            steps:
              ask_name:
                ask: "¿Nombre?"
                save: name
              bye:
                end: "Chau {{name}}"
            """))
        chat.say("hola")
        #expect(chat.say("Ana").texts == ["Chau Ana"])
        #expect(chat.status == .ended)
        let again = chat.say("hola")
        #expect(again.texts == ["¿Nombre?"])
        #expect(chat.vars["name"] == nil)
        #expect(chat.status == .waiting)
    }

    @Test("track records events, as a step and as a modifier (also of a branch), with rendered properties")
    func trackEvents() throws {
        let chat = Chat(try buildFlow("""
            flow: promo
            steps:
              opened:
                track: promo_opened
              offer:
                menu: "¿Te interesa?"
                options:
                  yes: Sí
                  later: Más tarde
                save: answer
                track: {event: promo_shown, properties: {campaign: mate, who: "{{contact.name}}"}}
              answered:
                track:
                  event: promo_answered
                  properties: {answer: "{{answer}}", n: "{{len(answer)}}"}
              route:
                track: promo_routed
                branch:
                  - if: answer == "later"
                    goto: bye
                  - else: bye
              bye:
                end: "¡Gracias!"
                track: promo_finished
            """))
        let first = chat.say("hola")
        #expect(first.events.map(\.name) == ["promo_opened", "promo_shown"])
        #expect(first.events.allSatisfy { $0.at == mondayMorning })
        #expect(first.events[1].properties == .object(JSONObject([("campaign", .text("mate")), ("who", .text("Ana"))])))
        chat.now += minute
        let second = chat.say("más tarde")
        #expect(second.events.map(\.name) == ["promo_answered", "promo_routed", "promo_finished"])
        #expect(second.events[0].properties == .object(JSONObject([("answer", .text("later")), ("n", .number(5))])))
        #expect(second.events[0].at == mondayMorning + minute)
        #expect(second.texts == ["¡Gracias!"])
    }

    @Test("a track step with on_error records its event as one without, and goes on")
    func trackWithOnError() throws {
        let chat = Chat(try buildFlow("""
            flow: promo
            steps:
              seen:
                track: {event: promo_seen, properties: {who: "{{contact.name}}"}}
                on_error: oops
              named:
                track: "promo_{{contact.name}}"
                on_error: oops
              bye:
                end: "¡Gracias!"
              oops:
                end: "no"
            """))
        let out = chat.say("hola")
        #expect(out.texts == ["¡Gracias!"])
        #expect(out.events.map(\.name) == ["promo_seen", "promo_Ana"])
        #expect(out.events[0].properties == .object(JSONObject([("who", .text("Ana"))])))
        #expect(out.events[1].properties == .object(JSONObject()))
        #expect(out.events.allSatisfy { $0.at == mondayMorning })
    }

    @Test("a menu reply that is a number of no option is out_of_range; other misses are not_allowed")
    func menuOutOfRange() throws {
        let chat = Chat(try buildFlow("""
            flow: color
            steps:
              pick:
                menu: "¿Color?"
                options: {r: Rojo, v: Verde}
                invalid: {out_of_range: "Elegí 1 o 2", default: "No entendí"}
                retries: 10
                save: c
              done:
                end: "{{c}}"
            """))
        _ = chat.say("hola")
        #expect(chat.say("5").texts == ["Elegí 1 o 2"])
        #expect(chat.say("0").texts == ["Elegí 1 o 2"])
        #expect(chat.say("azul").texts == ["No entendí"])
        // A position said in words is a number too: `opción 4`, `la tercera`, `the fifth one`.
        for reply in ["opción 4", "la tercera", "the fifth one", "tres"] {
            #expect(chat.say(reply).texts == ["Elegí 1 o 2"], "\(reply)")
        }
        #expect(chat.say("la roja no").texts == ["No entendí"])
        #expect(chat.say("2").texts == ["v"])
        // Without `out_of_range`, a number of no option gets the `not_allowed` message.
        let notAllowed = Chat(try buildFlow("""
            flow: color
            steps:
              pick:
                menu: "¿Color?"
                options: {r: Rojo, v: Verde}
                invalid: {not_allowed: "Elegí 1 o 2"}
                save: c
              done:
                end: "{{c}}"
            """))
        _ = notAllowed.say("hola")
        #expect(notAllowed.say("7").texts == ["Elegí 1 o 2"])
    }

    @Test("a regex answer is saved whole even when a named group has the save's name")
    func regexGroupNamedAsTheSave() throws {
        let chat = Chat(try buildFlow("""
            flow: code
            steps:
              ask:
                ask: "¿Código?"
                expect: {type: regex, pattern: "(?<code>[A-Z]{2})-(?<num>[0-9]{3})"}
                save: code
              done:
                end: "{{code}} / {{num}}"
            """))
        _ = chat.say("hola")
        #expect(chat.say("AR-123").texts == ["AR-123 / 123"])
    }

    @Test("a track event name is a template too")
    func trackEventNameTemplate() throws {
        let chat = Chat(try buildFlow("""
            flow: promo
            steps:
              pick:
                menu: "¿Cuál?"
                options: {mate: Mate, yerba: Yerba}
                save: product
              seen:
                track: {event: "viewed_{{product}}", properties: {n: 1}}
              bye:
                end: "¡Gracias!"
                track: "done_{{upper(product)}}"
            """))
        _ = chat.say("hola")
        let out = chat.say("yerba")
        #expect(out.events.map(\.name) == ["viewed_yerba", "done_YERBA"])
        #expect(out.events.first?.properties == .object(JSONObject([("n", .number(1))])))
    }

    @Test("message.text is the message that started the flow")
    func messageNamespace() throws {
        let chat = Chat(try buildFlow("""
            flow: echo
            steps:
              show:
                end: "Dijiste: {{message.text}} ({{message.type}}), soy {{bot.id}}"
            """))
        #expect(chat.say("  hola mundo ").texts == ["Dijiste:   hola mundo  (text), soy echo"])
    }

    @Test("a message that is one json or list hole says it as compact JSON, like any hole")
    func loneJSONHole() throws {
        let chat = Chat(try buildFlow("""
            flow: echo
            vars:
              j: json
            steps:
              fetch:
                http: {get: "https://api.test/x"}
                save: j
              show:
                say: "{{j}}"
              part:
                say: "{{j.o}}"
              items:
                say: "{{split('a,b', ',')}}"
              ask_it:
                ask: "{{j.o}}"
                save: answer
                invalid: "{{j}}"
                expect: {type: number}
              bye:
                end: "{{j.a}} {{answer}}"
            """))
        chat.effect = mockHTTP(["GET https://api.test/x": (200, #"{"a": 1, "o": {"text": "hi"}}"#)])
        let first = chat.say("hola")
        #expect(first.texts == [#"{"a":1,"o":{"text":"hi"}}"#, #"{"text":"hi"}"#, #"["a","b"]"#, #"{"text":"hi"}"#])
        #expect(first.messages.allSatisfy { $0.attachments.isNull })
        #expect(chat.say("no").texts == [#"{"a":1,"o":{"text":"hi"}}"#])
        #expect(chat.say("2").texts == ["1 2"])
    }
}
