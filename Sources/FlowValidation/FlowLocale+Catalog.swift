extension FlowLocale {
    /// Spanish (Argentina): `1.500,50`, `31/12/2026`, `$ 3.751,50`.
    public static let esAR = spanish("es-AR", region: "AR", decimal: ",", currency: "ARS", spaced: true)
    /// Spanish (Mexico): `1,500.50`, `31/12/2026`, `$3,751.50`.
    public static let esMX: FlowLocale = {
        var l = spanish("es-MX", region: "MX", decimal: ".", currency: "MXN", spaced: false)
        l.noWords += ["nel pastel"]
        return l
    }()
    /// Spanish (Colombia): `1.500,50`, `31/12/2026`, `$ 3.752` (COP without decimals).
    public static let esCO: FlowLocale = {
        var l = spanish("es-CO", region: "CO", decimal: ",", currency: "COP", spaced: true)
        l.yesWords += ["sisas", "de una", "listo pues", "hágale", "hagale"]  // Colombia's yes
        l.noWords += ["nonas"]
        return l
    }()
    /// Spanish (Chile): `1.500,50`, `31-12-2026`, `$3.752` (CLP without decimals).
    public static let esCL: FlowLocale = {
        var l = spanish("es-CL", region: "CL", decimal: ",", currency: "CLP", spaced: false, datePattern: "dd-MM-yyyy")
        l.yesWords += ["ya", "ya po", "ya bueno", "sipo", "si po"]  // Chile's yes
        l.noWords += ["no po", "nopo"]
        return l
    }()
    /// Spanish (Peru): `1,500.50`, `31/12/2026`, `S/ 3,751.50`.
    public static let esPE: FlowLocale = {
        var l = spanish("es-PE", region: "PE", decimal: ".", currency: "PEN", spaced: true, symbol: "S/", september: "setiembre")
        l.yesWords += ["ya", "ya bueno", "ya pe", "sí pe", "si pe", "ya pues", "sí pues", "si pues"]  // Peru's yes
        l.noWords += ["no pe"]
        return l
    }()
    /// Spanish (Uruguay): `1.500,50`, `31/12/2026`, `$ 3.751,50`.
    public static let esUY: FlowLocale = {
        var l = spanish("es-UY", region: "UY", decimal: ",", currency: "UYU", spaced: true, september: "setiembre")
        l.yesWords += ["ta", "ta bien"]  // Uruguay's ok
        return l
    }()
    /// Spanish (Spain): `1500,50` and `15.000,50`, `31/12/2026`, `3751,50 €`.
    public static let esES: FlowLocale = {
        var l = spanish("es-ES", region: "ES", decimal: ",", currency: "EUR", spaced: true, symbol: "€")
        l.minimumGroupingDigits = 2
        l.currencySymbolFirst = false
        l.shortMonthNames[8] = "sept"
        l.yesWords += ["vale", "venga", "venga va", "vale venga"]
        l.noWords += ["qué va", "que va", "ni de coña"]
        return l
    }()

    /// The rest of Spanish-speaking America, by CLDR's separators and each country's currency.
    public static let esVE = spanish("es-VE", region: "VE", decimal: ",", currency: "VES", spaced: true, symbol: "Bs.")
    public static let esEC = spanish("es-EC", region: "EC", decimal: ",", currency: "USD", spaced: false)
    public static let esBO = spanish("es-BO", region: "BO", decimal: ",", currency: "BOB", spaced: true, symbol: "Bs")
    public static let esPY = spanish("es-PY", region: "PY", decimal: ",", currency: "PYG", spaced: true, symbol: "Gs.",
                                     september: "setiembre")
    public static let esCR = spanish("es-CR", region: "CR", decimal: ",", currency: "CRC", spaced: false, symbol: "₡")
    public static let esGT = spanish("es-GT", region: "GT", decimal: ".", currency: "GTQ", spaced: false, symbol: "Q")
    public static let esPA = spanish("es-PA", region: "PA", decimal: ".", currency: "USD", spaced: false)
    public static let esDO = spanish("es-DO", region: "DO", decimal: ".", currency: "DOP", spaced: false, symbol: "RD$")
    public static let esSV = spanish("es-SV", region: "SV", decimal: ".", currency: "USD", spaced: false)
    public static let esHN = spanish("es-HN", region: "HN", decimal: ".", currency: "HNL", spaced: false, symbol: "L")
    public static let esNI = spanish("es-NI", region: "NI", decimal: ".", currency: "NIO", spaced: false, symbol: "C$")
    public static let esPR = spanish("es-PR", region: "PR", decimal: ".", currency: "USD", spaced: false)
    public static let esUS = spanish("es-US", region: "US", decimal: ".", currency: "USD", spaced: false)

    /// Portuguese (Portugal): `1500,50` and `15 000,50`, `31/12/2026`, `3751,50 €`.
    public static let ptPT: FlowLocale = {
        var l = ptBR
        l.id = "pt-PT"
        l.region = "PT"
        l.groupingSeparator = " "
        l.minimumGroupingDigits = 2
        l.currency = "EUR"
        l.currencySymbolFirst = false
        l.currencySymbols = ["EUR": "€"]
        return l
    }()

    /// English (Canada): `1,500.50`, `2026-12-31`, `$3,751.50`; (Australia): `31/12/2026`, `$3,751.50`.
    public static let enCA = english("en-CA", region: "CA", order: .dayMonthYear, datePattern: "yyyy-MM-dd",
                                     timePattern: "h:mm a", currency: "CAD", symbol: "$")
    public static let enAU = english("en-AU", region: "AU", order: .dayMonthYear, datePattern: "dd/MM/yyyy",
                                     timePattern: "h:mm a", currency: "AUD", symbol: "$")

    /// Portuguese (Brazil): `1.500,50`, `31/12/2026`, `R$ 3.751,50`.
    public static let ptBR = FlowLocale(
        id: "pt-BR", language: "pt", region: "BR",
        decimalSeparator: ",", groupingSeparator: ".", minimumGroupingDigits: 1,
        dateOrder: .dayMonthYear, datePattern: "dd/MM/yyyy", timePattern: "HH:mm",
        todayWords: ["hoje"], tomorrowWords: ["amanhã"], yesterdayWords: ["ontem"],
        yesWords: ["sim", "s", "ss", "sisi", "claro", "ok", "okay", "isso", "certo", "beleza", "pode", "pode ser",
                   "com certeza", "tá bom", "ta bom", "positivo", "aham", "uhum", "claro que sim", "fechado", "pode sim",
                   "está bem", "esta bem", "sem problema", "perfeito", "confirmo", "aceito", "tá", "ta", "oki", "okis", "blz",
                   "quero", "quero sim", "isso mesmo", "é isso", "e isso", "bora", "pode confirmar", "confirma", "pode mandar",
                   "pode agendar", "pode reservar", "manda", "exato", "exatamente", "confirmado", "show", "show de bola",
                   "correto", "afirmativo", "óbvio", "obviamente", "lógico"],
        noWords: ["não", "nao", "n", "nn", "negativo", "de jeito nenhum", "nunca", "jamais", "nem", "claro que não", "de forma alguma", "com certeza não",
                  "agora não", "agora nao", "ainda não", "ainda nao", "melhor não", "melhor nao", "por enquanto não", "por enquanto nao",
                  "não por enquanto", "nao por enquanto", "por agora não", "no momento não", "nops", "não precisa", "nao precisa",
                  "nem pensar", "não é necessário", "nao e necessario", "não me interessa", "nao me interessa", "não preciso",
                  "nao preciso", "não quero", "nao quero", "nem a pau"],
        monthNames: ["janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto",
                     "setembro", "outubro", "novembro", "dezembro"],
        shortMonthNames: ["jan", "fev", "mar", "abr", "mai", "jun", "jul", "ago", "set", "out", "nov", "dez"],
        weekdayNames: ["segunda-feira", "terça-feira", "quarta-feira", "quinta-feira", "sexta-feira",
                       "sábado", "domingo"],
        shortWeekdayNames: ["seg", "ter", "qua", "qui", "sex", "sáb", "dom"],
        amSymbol: "AM", pmSymbol: "PM",
        currency: "BRL", currencySymbolFirst: true, currencySpaced: true, currencySymbols: ["BRL": "R$"])

    /// English (United States): `1,500.50`, `12/31/2026`, `$3,751.50`.
    public static let enUS = english("en-US", region: "US", order: .monthDayYear, datePattern: "MM/dd/yyyy",
                                     timePattern: "h:mm a", currency: "USD", symbol: "$")
    /// English (United Kingdom): `1,500.50`, `31/12/2026`, `£3,751.50`.
    public static let enGB = english("en-GB", region: "GB", order: .dayMonthYear, datePattern: "dd/MM/yyyy",
                                     timePattern: "HH:mm", currency: "GBP", symbol: "£")

    private static func spanish(_ id: String, region: String, decimal: Character, currency: String,
                                spaced: Bool, symbol: String = "$", datePattern: String = "dd/MM/yyyy",
                                september: String = "septiembre") -> FlowLocale {
        FlowLocale(
            id: id, language: "es", region: region,
            decimalSeparator: decimal, groupingSeparator: decimal == "," ? "." : ",", minimumGroupingDigits: 1,
            dateOrder: .dayMonthYear, datePattern: datePattern, timePattern: "HH:mm",
            todayWords: ["hoy"], tomorrowWords: ["mañana"], yesterdayWords: ["ayer"],
            yesWords: ["sí", "si", "s", "claro", "dale", "ok", "okay", "okey", "oka", "sip", "sep", "bueno",
                       "obvio", "de acuerdo", "por supuesto", "afirmativo", "correcto", "exacto", "así es",
                       "de una", "seguro", "sisi", "si si", "va", "sale", "ándale", "simón", "órale", "claro que sí",
                       "obvio que sí", "por supuesto que sí", "está bien", "esta bien", "no hay problema", "perfecto",
                       "listo", "confirmo", "acepto", "oki", "okis", "okas", "yeah", "yep", "yes", "cómo no", "como no",
                       "seguro que sí", "seguro que si", "vale", "sin problema", "no tengo problema", "ningún problema",
                       "ajá", "joya", "de diez", "simón que sí", "va que va", "sale y vale", "adelante", "confírmalo",
                       "confirmalo", "agéndalo", "agéndala", "resérvalo", "resérvala", "hacelo", "hazlo", "mandalo", "mándalo",
                       "genial", "re sí", "re si", "confirmado", "exactamente", "obviamente", "lógico", "desde luego"],
            noWords: ["no", "n", "nop", "nope", "negativo", "para nada", "nunca", "jamás", "de ninguna manera", "nah", "ni ahí",
                      "no no", "nel", "ni loco", "ni loca", "claro que no", "obvio que no", "por supuesto que no",
                      "mejor no", "todavía no", "todavia no", "aún no", "aun no", "ahora no", "por ahora no", "no por ahora",
                      "no por el momento", "por el momento no", "no de momento", "de momento no", "no todavía", "no todavia",
                      "nops", "no hace falta", "no es necesario", "no necesito", "no lo necesito", "no me interesa", "no nos interesa",
                      "no lo quiero", "nono", "no gracias", "no me hace falta", "no quiero", "ni en pedo", "ni de broma",
                      "ni a palos", "ni madres", "ni en sueños", "no creo", "no es no", "nada"],
            monthNames: ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
                         september, "octubre", "noviembre", "diciembre"],
            shortMonthNames: ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"],
            weekdayNames: ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"],
            shortWeekdayNames: ["lun", "mar", "mié", "jue", "vie", "sáb", "dom"],
            amSymbol: "a. m.", pmSymbol: "p. m.",
            currency: currency, currencySymbolFirst: true, currencySpaced: spaced,
            currencySymbols: [currency: symbol])
    }

    private static func english(_ id: String, region: String, order: DateOrder, datePattern: String,
                                timePattern: String, currency: String, symbol: String) -> FlowLocale {
        FlowLocale(
            id: id, language: "en", region: region,
            decimalSeparator: ".", groupingSeparator: ",", minimumGroupingDigits: 1,
            dateOrder: order, datePattern: datePattern, timePattern: timePattern,
            todayWords: ["today"], tomorrowWords: ["tomorrow"], yesterdayWords: ["yesterday"],
            yesWords: ["yes", "y", "yeah", "yep", "yup", "ya", "sure", "ok", "okay", "of course", "correct",
                       "absolutely", "affirmative", "right", "sounds good", "all right", "alright", "no problem", "i do", "confirm", "oki",
                       "definitely", "certainly", "yea", "sure thing",
                       // Spanish answers an English bot gets where both are spoken (Miami, Texas).
                       "sí", "claro", "dale", "correcto", "claro que sí", "por supuesto", "de acuerdo", "sí claro", "si claro",
                       "that's right", "that is right", "right on", "yes indeed", "go ahead", "book it", "do it", "please do",
                       "confirm it", "let's do it", "lets do it", "k", "kk", "exactly", "confirmed"],
            noWords: ["no", "n", "nope", "nah", "no way", "negative", "never", "of course not", "i don't", "i do not", "not at all",
                      "absolutely not", "definitely not", "certainly not", "not now", "not yet", "not right now", "no not now",
                      "not for now", "no not yet", "not interested", "no thanks", "no thank you", "i don't need it", "don't need it",
                      "no gracias", "para nada", "claro que no", "not really", "hell no", "i don't think so", "i do not think so"],
            monthNames: ["January", "February", "March", "April", "May", "June", "July", "August",
                         "September", "October", "November", "December"],
            shortMonthNames: ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
            weekdayNames: ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
            shortWeekdayNames: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
            amSymbol: "AM", pmSymbol: "PM",
            currency: currency, currencySymbolFirst: true, currencySpaced: false,
            currencySymbols: [currency: symbol])
    }
}
