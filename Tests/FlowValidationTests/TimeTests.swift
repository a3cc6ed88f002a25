import Testing
@testable import FlowValidation

@Suite("time answers")
struct TimeTests {
    static let accepted: [(String, String)] = [
        // Words around the time that say nothing else; the hour's unit between hour and minutes.
        ("14:30 está bien", "14:30"), ("dale, 14:30", "14:30"), ("mejor a las 5 de la tarde", "17:00"), ("tipo 14:30", "14:30"),
        ("como a las 14:30", "14:30"), ("around 3pm", "15:00"), ("a las 14:30 me queda bien", "14:30"), ("yo puedo a las 14:30", "14:30"),
        ("17hs30", "17:30"), ("17 h 30", "17:30"), ("media noche", "00:00"), ("12 midnight", "00:00"), ("quarter after 3", "03:15"),
        ("14:30", "14:30"), ("9:05", "09:05"), ("09:05", "09:05"), ("0:00", "00:00"), ("23:59", "23:59"),
        ("14.30", "14:30"), ("14,30", "14:30"), ("14h30", "14:30"), ("14h", "14:00"), ("14 h", "14:00"),
        ("14hs", "14:00"), ("14 hs", "14:00"), ("14:30 hs", "14:30"), ("14 horas", "14:00"), ("9", "09:00"),
        ("1430", "14:30"), ("930", "09:30"), ("14:30:15", "14:30"),
        ("１４:３０", "14:30"), ("a las １０", "10:00"),
        ("14 30", "14:30"), ("3 y 15", "03:15"), ("15 y 30", "15:30"), ("14:30 👍", "14:30"), ("15hs 🙏", "15:00"),
        ("12 del mediodía", "12:00"), ("1 del mediodía", "13:00"), ("3 y 5 de la tarde", "15:05"), ("half past 2", "02:30"),
        ("quarter past 3 pm", "15:15"), ("quarter to 5", "04:45"),
        ("las 5 menos 10", "04:50"), ("cinco menos diez", "04:50"), ("5 menos 5 de la tarde", "16:55"), ("dez para as cinco", "04:50"),
        ("2pm", "14:00"), ("2 pm", "14:00"), ("2PM", "14:00"), ("2:30 pm", "14:30"), ("2:30pm", "14:30"),
        ("2:30 p.m.", "14:30"), ("2:30 p. m.", "14:30"), ("12pm", "12:00"), ("12am", "00:00"), ("12:15 am", "00:15"),
        ("11 a.m.", "11:00"), ("7am", "07:00"),
        ("3 de la tarde", "15:00"), ("10 de la mañana", "10:00"), ("9 de la noche", "21:00"), ("2 de la madrugada", "02:00"),
        ("a las 14:30", "14:30"), ("las 9", "09:00"), ("a las 3 de la tarde", "15:00"),
        ("10 da manhã", "10:00"), ("3 da tarde", "15:00"), ("às 14h", "14:00"), ("8 da noite", "20:00"),
        ("at 5pm", "17:00"), ("7 in the evening", "19:00"), ("5 o'clock", "05:00"),
        ("mediodía", "12:00"), ("noon", "12:00"), ("medianoche", "00:00"), ("midnight", "00:00"), ("meio-dia", "12:00"),
        ("  14:30  ", "14:30"), ("14:30.", "14:30"),
        ("12 de la noche", "00:00"), ("12:30 de la noche", "00:30"), ("12 at night", "00:00"), ("12 da noite", "00:00"),
        ("3 de la noche", "03:00"), ("11 de la noche", "23:00"), ("al mediodía", "12:00"), ("ao meio-dia", "12:00"),
        ("\u{202A}14:30\u{202C}", "14:30"), ("\u{2066}14:30\u{2069}", "14:30"),
        // An hour and its fraction, and hours in words.
        ("4 y media de la tarde", "16:30"), ("a las 4 y media", "04:30"), ("9 y cuarto", "09:15"), ("5 menos cuarto de la tarde", "16:45"),
        ("4 e meia da tarde", "16:30"), ("cuatro de la tarde", "16:00"), ("a las diez", "10:00"), ("dez horas", "10:00"),
        ("four pm", "16:00"), ("las ocho y media de la noche", "20:30"), ("1 menos cuarto de la tarde", "12:45"),
        ("12 menos cuarto de la noche", "23:45"),
        // Minutes before the hour, as Mexico says them.
        ("cuarto para las 5 de la tarde", "16:45"), ("un cuarto para las 5", "04:45"), ("diez para las cinco de la tarde", "16:50"),
        ("10 para las 9", "08:50"), ("cuarto para la 1 de la tarde", "12:45"),
        // Noon as Spanish and Portuguese speakers say it: twelve of the day.
        ("12 del día", "12:00"), ("12 del dia", "12:00"), ("a las 12 del día", "12:00"), ("12:30 del día", "12:30"),
        ("medio día", "12:00"), ("al medio día", "12:00"), ("12 noon", "12:00"), ("12:00 noon", "12:00"),
        ("meio-dia e meia", "12:30"), ("meio dia e meia", "12:30"), ("mediodía y media", "12:30"), ("medianoche y media", "00:30"),
        // Courtesy after the time.
        ("17:00 porfa", "17:00"), ("17:00 gracias", "17:00"), ("17hs porfa", "17:00"), ("a las 17 gracias", "17:00"),
        ("a las 5 de la tarde por favor", "17:00"), ("a las 5 de la tarde, por favor!", "17:00"), ("9:00am please", "09:00"),
        ("5 pm please", "17:00"), ("15:30, muchas gracias", "15:30"), ("às 14h obrigado", "14:00"),
        ("11 de la mañana", "11:00"), ("12 de la madrugada", "00:00"), ("12 de la noche", "00:00"),
        // A 24-hour clock with its part of the day said again; the minutes' unit after them.
        ("15 hs de la tarde", "15:00"), ("20 de la noche", "20:00"), ("a las 16 de la tarde", "16:00"), ("17h30min", "17:30"),
        ("17h 30 min", "17:30"), ("09h30min", "09:30"),
        // A one-digit hour with the minutes' unit, as Brazil writes a time, from 5 on (`1h30min` is how long).
        ("9h30min", "09:30"), ("8h15min", "08:15"), ("9h05min", "09:05"), ("5h45min", "05:45"), ("às 9h30min", "09:30"),
        ("9h 30 min", "09:30"),
        // A wish or a choice before the time, the same as before a number or a date.
        ("quiero a las 20", "20:00"), ("prefiero 14:30", "14:30"), ("mejor, a las 5 de la tarde", "17:00"), ("ponele a las 9", "09:00"),
        ("sería a las 8 de la noche", "20:00"), ("yo quiero a las 10", "10:00"), ("quero às 14h", "14:00"), ("prefiro às 15h", "15:00"),
        ("pode ser às 14h", "14:00"), ("let's say 3pm", "15:00"), ("I'd prefer 10am", "10:00"), ("I’d like 9:30", "09:30"),
        // A hesitation before it.
        ("mmm a las 5", "05:00"), ("eh... 14:30", "14:30"), ("este, a las 9", "09:00"), ("uh 3pm", "15:00"),
        // Proposed as a question, as a date or a number may be.
        ("14h?", "14:00"), ("às 14h?", "14:00"), ("pode ser 14h?", "14:00"), ("¿a las 5?", "05:00"), ("14:30?", "14:30"),
        ("a las 5 de la tarde?", "17:00"),
        // Noon as Colombia, Mexico and Peru write it: `m.` (meridiem) after twelve.
        ("12 m", "12:00"), ("12 m.", "12:00"), ("12:00 m.", "12:00"), ("a las 12 m.", "12:00"), ("12 M.", "12:00"),
        // An hour and its minutes in words (`diez y ocho` is 10:08, not the old spelling of 18); a
        // Portuguese or English number that is an hour by itself stays that hour.
        ("las diez y ocho", "10:08"), ("las diez y seis", "10:06"), ("veinte y uno", "20:01"), ("las diez y cinco", "10:05"),
        ("ocho y diez", "08:10"), ("las doce y cinco", "12:05"), ("diecisiete y treinta", "17:30"), ("a las 8 y diez", "08:10"),
        ("ocho cuarenta y cinco", "08:45"), ("las diez y ocho de la noche", "22:08"), ("tres y cinco de la tarde", "15:05"),
        ("seven thirty", "07:30"), ("five thirty pm", "17:30"), ("twenty thirty", "20:30"), ("oito e dez", "08:10"),
        ("às dezessete e trinta", "17:30"), ("vinte e uma", "21:00"), ("twenty one", "21:00"), ("veintiuno", "21:00"),
        // The part of the day as chats say it, after the hour or before it.
        ("9 de noche", "21:00"), ("5 de tarde", "17:00"), ("a las 5 a la tarde", "17:00"), ("a las 5 por la tarde", "17:00"),
        ("a la noche a las 9", "21:00"), ("a la tarde, a las 5", "17:00"), ("a las 8 en la noche", "20:00"), ("9 por la mañana", "09:00"),
        ("a las 5, por la tarde", "17:00"), ("a las 20 por la noche", "20:00"), ("12 de noche", "00:00"),
        ("9 de noite", "21:00"), ("5 à tarde", "17:00"), ("5 de tarde", "17:00"), ("às 9 à noite", "21:00"), ("de noite às 9", "21:00"),
        ("9 tonight", "21:00"), ("tonight at 9", "21:00"), ("9 this evening", "21:00"), ("this afternoon at 3", "15:00"),
        // The day said with the time: dropped, as a date question drops the time.
        ("mañana a las 9", "09:00"), ("hoy a las 9 de la noche", "21:00"), ("5pm mañana", "17:00"), ("today at 7pm", "19:00"),
        ("7pm today", "19:00"), ("hoy a las 8", "08:00"), ("hoy a la noche a las 9", "21:00"), ("hoje às 8", "08:00"),
        ("amanhã às 10h", "10:00"), ("mañana por la tarde a las 5", "17:00"), ("mejor mañana a las 9", "09:00"),
        ("tomorrow at noon", "12:00"), ("a las 9 mañana", "09:00"), ("mañana, 14:30", "14:30"), ("pasado mañana a las 10", "10:00"),
        ("a las 9 de la mañana", "09:00"), ("5 x la tarde", "17:00"),
    ]

    @Test("accepted times become HH:mm", arguments: accepted)
    func accept(_ c: (String, String)) {
        #expect(check(c.0, ValidationRule(kind: .time)).value == .text(c.1), "\(c.0)")
    }

    static let rejected = [
        // A doubt or a refusal around a time is no answer.
        "no a las 14:30", "quizás a las 5", "dale", "está bien", "tipo", "14:30 no me queda bien", "about 2 hours", "tipo 2 horas",
        // `puede ser` is Spanish "maybe" (Portuguese `pode ser` is "that works"): a doubt before any answer.
        "puede ser a las 5", "podría ser a las 5", "capaz a las 5", "mejor no a las 5", "quiero", "mejor creo que a las 5",
        "quiero 2 horas", "no quiero a las 5", "maybe 3pm",
        "", "25:00", "24:00", "14:60", "14:5", "13pm", "0am", "14:30 pm", "2:3 pm", "abc", "14:30:99",
        "12345", "1:2:3", "14 75", "3 y 5 y 2", "3 y 5", "ayer", "-1", "14::30", "🕑", "4:10 y media", "0 menos cuarto", "veinticinco", "mil",
        // `del día` and `noon` go with twelve only (`10 del día` is ten in the morning in some countries, unclear in others).
        "3 del día", "10 del dia", "3 noon", "medio", "día", "13 de la mañana", "15 de la mañana", "13 pm", "25 de la noche",
        "13 de la noche", "22 de la tarde", "10 min", "15 min", "1h30min", "2h 15 min", "ahora 10 min", "4h30min", "0h30min",
        "9h60min", "9h5min", "24h30min", "123h30min",
        // Twelve in the morning is noon to some, midnight to others: asked again in every language.
        "12 de la mañana", "las doce de la mañana", "12:30 de la mañana", "12:15 de la mañana", "a las 12 de la mañana",
        "12 y media de la mañana", "12 menos cuarto de la mañana", "12 de la mañana porfa", "12 da manhã", "12:30 da manhã",
        "meio-dia da manhã", "12 in the morning", "12:30 in the morning",
        // Courtesy alone, or other words after the time.
        "gracias", "por favor", "17:00 no", "17:00 o 18:00", "17:00 creo", "17 porfa 18",
        // Minutes before an hour: within half an hour, before a whole hour.
        "40 para las 5", "cuarto para las 5:30", "cuarto para las", "algo para las 5",
        // A question is no time, and neither is a doubt asked; `m.` goes with twelve only.
        // Minutes in words past the hour's, or under ten without `y`; a number that is no hour.
        "diez y sesenta", "seven five", "dos tres", "vinte e cinco", "diez y mil",
        // A part of the day alone, twice, or against an am/pm.
        "a la tarde", "tonight", "de noche", "12 por la mañana", "a las 5 de la mañana por la tarde", "a la mañana a las 9 pm",
        "a las 22 por la tarde",
        // A day alone, a bare number after it (`mañana 9`, as in a date question), a day that is no booking's.
        "mañana", "hoy", "tomorrow", "mañana 9", "hoy 9", "ayer a las 9", "mañana o pasado a las 9",
        "?", "¿?", "puede ser a las 5?", "mmm", "eh no sé", "mmm puede ser a las 5", "um 2 hours", "em 2 horas", "3 m", "12:30 m.", "12m", "30m", "12 m 30",
    ]

    @Test("rejected times are bad_format", arguments: rejected)
    func reject(_ input: String) {
        #expect(check(input, ValidationRule(kind: .time)).reason == .badFormat, "\(input)")
    }

    @Test("minutes before the hour in Brazil: `quinze pras cinco`, `dez pra uma`")
    func minutesBeforeInPortuguese() {
        let br = locale("pt-BR")
        for (input, time) in [("quinze pras cinco", "04:45"), ("10 pras 5", "04:50"), ("dez pra uma", "00:50"), ("quinze pra as cinco", "04:45"),
                              ("vinte pras oito da noite", "19:40"), ("quinze pras cinco da tarde", "16:45")] {
            #expect(check(input, ValidationRule(kind: .time), br).value == .text(time), "\(input)")
        }
        for input in ["quarenta pras cinco", "pras cinco", "quinze pras", "quinze pra mim"] {
            #expect(check(input, ValidationRule(kind: .time), br).reason == .badFormat, "\(input)")
        }
    }

    @Test("an hour said in `horas` or `hours` alone is how long, not when: `2 horas`, `una hora`, `2 hours`")
    func hoursAloneAreALength() {
        for id in ["es-AR", "es-MX", "en-US"] {
            for input in ["2 horas", "dos horas", "una hora", "1 hora", "9 horas", "12 horas", "2 hours", "two hours", "14 hours"] {
                #expect(check(input, ValidationRule(kind: .time), locale(id)).reason == .badFormat, "\(input) in \(id)")
            }
            // Said as a clock's: the article, the part of the day, the 24-hour clock, military time, the short unit.
            for (input, time) in [("a las 9 horas", "09:00"), ("las 2 horas", "02:00"), ("2 horas de la tarde", "14:00"),
                                  ("14 horas", "14:00"), ("20 horas", "20:00"), ("1400 hours", "14:00"), ("9:30 horas", "09:30"),
                                  ("17 hrs", "17:00"), ("2hs", "02:00"), ("dez horas", "10:00"), ("09 horas", "09:00"), ("08 horas", "08:00")] {
                #expect(check(input, ValidationRule(kind: .time), locale(id)).value == .text(time), "\(input) in \(id)")
            }
        }
        // Brazil tells the time so: `são duas horas`, `à uma hora`.
        for (input, time) in [("duas horas", "02:00"), ("2 horas", "02:00"), ("uma hora", "01:00"), ("às 2 horas", "02:00")] {
            #expect(check(input, ValidationRule(kind: .time), locale("pt-BR")).value == .text(time), "\(input)")
        }
    }

    @Test("`12 m.` is noon in Spanish only")
    func meridiemNoonSpanishOnly() {
        for id in ["es-CO", "es-MX", "es-PE"] {
            #expect(check("12 m.", ValidationRule(kind: .time), locale(id)).value == .text("12:00"), "\(id)")
        }
        for id in ["en-US", "pt-BR"] {
            #expect(check("12 m.", ValidationRule(kind: .time), locale(id)).reason == .badFormat, "\(id)")
        }
    }
}
