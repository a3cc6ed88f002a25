/// How a bot reads and writes numbers, dates and short answers: the `locale` of `bot.yaml`.
///
/// The locales flowc knows are `FlowLocale.all` (`es-AR es-MX es-CO es-CL es-PE es-UY
/// es-ES pt-BR en-US en-GB`, the rest of Spanish-speaking America, `pt-PT`, `en-CA`, `en-AU`); their data follows CLDR where CLDR has an answer, with these
/// simplifications: a plain space (never a no-break space) between a currency symbol and
/// the amount, and the minus sign always first (`-$ 20,00`, `-3751,50 €`).
public struct FlowLocale: Sendable, Hashable {
    /// The order of day, month and year in numeric dates.
    public enum DateOrder: Sendable, Hashable {
        /// `31/12/2026`
        case dayMonthYear
        /// `12/31/2026`
        case monthDayYear
    }

    /// The id as written in `bot.yaml`, e.g. `es-AR`.
    public var id: String
    /// The language part, `es`, `pt` or `en`.
    public var language: String
    /// The country part (ISO 3166 alpha-2): the default region of `phone` answers.
    public var region: String
    /// `,` in `es-AR` (`1.500,50`), `.` in `en-US`.
    public var decimalSeparator: Character
    /// `.` in `es-AR` (`1.500,50`), `,` in `en-US`.
    public var groupingSeparator: Character
    /// CLDR minimum grouping digits: 2 in `es-ES` (`3751,50` but `37.510,50`), else 1.
    public var minimumGroupingDigits: Int
    /// Day-month-year or month-day-year, for reading and writing numeric dates.
    public var dateOrder: DateOrder
    /// The default `format_date` pattern, e.g. `dd/MM/yyyy`.
    public var datePattern: String
    /// The time part `format_date` adds for a datetime, e.g. `HH:mm` or `h:mm a`.
    public var timePattern: String
    /// Words for the current day (`hoy`); the universal English ones are accepted too.
    public var todayWords: [String]
    /// Words for the next day (`mañana`).
    public var tomorrowWords: [String]
    /// Words for the previous day (`ayer`).
    public var yesterdayWords: [String]
    /// Words and phrases that answer a `yes_no` question with yes, in this language.
    public var yesWords: [String]
    /// Words and phrases that answer a `yes_no` question with no, in this language.
    public var noWords: [String]
    /// Month names for `MMMM`, January first.
    public var monthNames: [String]
    /// Abbreviated month names for `MMM`, January first.
    public var shortMonthNames: [String]
    /// Weekday names for `EEEE`, Monday first.
    public var weekdayNames: [String]
    /// Abbreviated weekday names for `EEE`, Monday first.
    public var shortWeekdayNames: [String]
    /// The `a` marker before noon.
    public var amSymbol: String
    /// The `a` marker from noon on.
    public var pmSymbol: String
    /// The country's currency (ISO 4217), e.g. `ARS`.
    public var currency: String
    /// Whether `money` puts the symbol before the amount (`$ 3.751,50`) or after it (`3751,50 €`).
    public var currencySymbolFirst: Bool
    /// Whether a space separates the symbol and the amount (`$ 3.751,50` vs `$3,751.50`).
    /// With a symbol that ends in a letter (`ARS`, `CLP`) a space is always used.
    public var currencySpaced: Bool
    /// Currency symbols of this locale by ISO code (`ARS: $`, `USD: US$` in `es-AR`); codes
    /// that are not listed use a common symbol (`€`, `£`, `R$`, `US$`) or the code itself.
    public var currencySymbols: [String: String]

    /// The locale with this id (exactly as in `bot.yaml`, e.g. `es-AR`), or nil when flowc
    /// does not know it.
    public static func named(_ id: String) -> FlowLocale? {
        all.first { $0.id == id }
    }

    /// Every locale flowc knows, in the order of the documentation.
    public static let all: [FlowLocale] = [esAR, esMX, esCO, esCL, esPE, esUY, esES, ptBR, enUS, enGB,
                                           esVE, esEC, esBO, esPY, esCR, esGT, esPA, esDO, esSV, esHN, esNI, esPR, esUS,
                                           ptPT, enCA, enAU]

    /// The symbol `money` writes for `code` (upper-case ISO 4217) in this locale.
    public func currencySymbol(for code: String) -> String {
        currencySymbols[code] ?? Self.commonSymbols[code] ?? code
    }

    static let commonSymbols: [String: String] = ["USD": "US$", "EUR": "€", "GBP": "£", "BRL": "R$"]
}
