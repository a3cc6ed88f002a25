import Testing
import FlowBytecode
import FlowVM

/// Bounds written as templates (`max: "{{stock}}"`, `after: "{{desde}}"`): worked out when the
/// question waits, kept with the conversation, applied to the answer.
@Suite("ask bounds as templates")
struct AskBoundsTests {
    static let flow = """
        flow: main
        vars:
          qty: {type: number, min: "{{least}}", max: "{{stock}}"}
        steps:
          setup:
            set: {stock: 5, least: 2, from: "{{date_add(now(), 2, 'days')}}", until: "{{null}}"}
          ask_qty:
            ask: "¿Cuántos? (hasta {{stock}})"
            save: qty
            invalid: "Entre {{least}} y {{stock}}."
          ask_day:
            ask: "¿Qué día?"
            save: day
            expect: {type: date, after: "{{from}}", before: "{{until}}"}
            invalid: "Después del {{format_date(from, 'dd/MM')}}."
          done:
            end: "{{qty}} el {{day}}"
        """

    @Test("a stored conversation keeps the bounds its question worked out: the answer is checked against them after a restart")
    func boundsSurviveTheStore() throws {
        let bundle = try buildFlow(Self.flow)
        let chat = Chat(bundle)
        #expect(chat.say("hola").texts == ["¿Cuántos? (hasta 5)"])
        let wait = try #require(chat.state?.wait)
        #expect(wait.labels == ["2", "5", "", ""])
        // The conversation goes through the store's bytes, as a restarted daemon reads it.
        chat.state = try ConversationState.decode(try #require(chat.state).encode())
        #expect(chat.say("6").texts == ["Entre 2 y 5."])
        #expect(chat.say("1").texts == ["Entre 2 y 5."])
        #expect(chat.say("5").texts == ["¿Qué día?"])
        // `from` is a date-time two days from Monday 10:00: its day is Wednesday 4 March; a null `before` is no bound.
        #expect(chat.state?.wait?.labels == ["", "", "2026-03-04", ""])
        #expect(chat.say("04/03").texts == ["Después del 04/03."])
        #expect(chat.say("5/3").texts == ["5 el 2026-03-05"])
        #expect(chat.say("31/12/2030").errors.isEmpty)
    }

    @Test("a bound that is no number or no date fails the turn with the bot's error, naming the bound")
    func badBound() throws {
        let bundle = try buildFlow("""
            flow: main
            vars:
              api: json
            steps:
              ask_qty:
                ask: "¿Cuántos?"
                save: qty
                expect: {type: number, max: "{{api.stock}}"}
              ask_day:
                ask: "¿Qué día?"
                save: day
                expect: {type: date, after: "{{api.from}}"}
              done:
                end: "{{qty}} {{day}}"
            """)
        let chat = Chat(bundle)
        chat.seed = ["api": .object(JSONObject([("stock", .text("pocos")), ("from", .bool(true))]))]
        let first = chat.say("hola")
        #expect(first.errors.map(\.message) == ["the question's `max` is `pocos`, not a number"])
        #expect(chat.status == .ended)

        let again = Chat(bundle)
        again.seed = ["api": .object(JSONObject([("stock", .text(" 7 ")), ("from", .bool(true))]))]
        #expect(again.say("hola").errors.isEmpty)
        #expect(again.say("8").texts == ["¿Cuántos?"])
        let second = again.say("7")
        #expect(second.errors.map(\.message) == ["the question's `after` is a bool, not a date"])
    }

    @Test("a bound written as text is read by the bot's locale, as number() reads it: \"1.500\" is 1500 in es-AR")
    func textNumberBoundByLocale() throws {
        let bundle = try buildFlow("""
            flow: main
            vars:
              stock: text
              qty: {type: number, min: 1, max: "{{stock}}"}
            steps:
              ask_qty:
                ask: "¿Cuántas?"
                save: qty
                invalid: "Máximo {{stock}}"
              done:
                end: "{{qty}}"
            """)
        let chat = Chat(bundle)
        chat.seed = ["stock": .text("1.500")]
        #expect(chat.say("hola").texts == ["¿Cuántas?"])
        #expect(chat.state?.wait?.labels == ["", "1500", "", ""])
        #expect(chat.say("1600").texts == ["Máximo 1.500"])
        #expect(chat.say("1200").texts == ["1200"])

        let ambiguous = Chat(bundle)
        ambiguous.seed = ["stock": .text("1,500")]
        #expect(ambiguous.say("hola").errors.map(\.message) == ["the question's `max` is `1,500`, not a number"])
    }

    /// A program writes `.` decimals: `"2.000"` is 2 where the locale's decimal is `.` too (en-US),
    /// as a bound and as a value set into a number; `"1,500"` in es-AR stays no number.
    @Test("an API's \"2.000\" is 2 in en-US, as its writer meant, for a bound and a set")
    func dotDecimalDataInDotLocales() throws {
        let bundle = try buildBot("bot: b\nstart: main\nlocale: en-US\n", """
            flow: main
            vars:
              api: json
              total: number
              qty: {type: number, min: 1, max: "{{api.stock}}"}
            steps:
              s:
                set: {total: "{{api.price}}"}
              ask_qty:
                ask: "How many?"
                save: qty
                invalid: "At most {{api.stock}}"
              done:
                end: "{{qty}} x {{total}}"
            """)
        let chat = Chat(bundle)
        chat.seed = ["api": .object(JSONObject([("stock", .text("2.000")), ("price", .text("12.500"))]))]
        #expect(chat.say("hi").texts == ["How many?"])
        #expect(chat.say("3").texts == ["At most 2.000"])
        #expect(chat.say("2").texts == ["2 x 12.5"])
    }

    @Test("an API's ISO date-time as `after` bounds by its day")
    func textDateBound() throws {
        let bundle = try buildFlow("""
            flow: main
            vars:
              api: json
            steps:
              ask_day:
                ask: "¿Qué día?"
                save: day
                expect: {type: date, after: "{{api.from}}"}
                invalid: "Después."
              done:
                end: "{{day}}"
            """)
        let chat = Chat(bundle)
        chat.seed = ["api": .object(JSONObject([("from", .text("2026-03-10T09:00:00Z"))]))]
        chat.say("hola")
        #expect(chat.say("10/03").texts == ["Después."])
        #expect(chat.say("11/03").texts == ["2026-03-11"])
    }
}
