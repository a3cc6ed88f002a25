/// The fixed, typed functions that expressions may call (documented in grammar/functions.md).
public enum FunctionLibrary {
    private typealias P = FunctionSignature.Parameter
    private typealias F = FunctionSignature.Form

    private static let anyList: ValueType = .list(.json)

    /// Every function, by name.
    public static let all: [String: FunctionSignature] = {
        var table: [String: FunctionSignature] = [:]
        for signature in signatures { table[signature.name] = signature }
        return table
    }()

    /// Every function name, sorted.
    public static let names: [String] = all.keys.sorted()

    /// Units accepted by `date_add` (singular or plural).
    public static let dateUnits: [String] = [
        "minutes", "hours", "days", "weeks", "months", "years",
        "minute", "hour", "day", "week", "month", "year",
    ]

    /// ISO 4217 currency codes accepted by `money`.
    public static let currencyCodes: Set<String> = [
        "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT",
        "BGN", "BHD", "BIF", "BMD", "BND", "BOB", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD",
        "CDF", "CHF", "CLP", "CNY", "COP", "CRC", "CUP", "CVE", "CZK", "DJF", "DKK", "DOP", "DZD",
        "EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP", "GEL", "GHS", "GIP", "GMD", "GNF", "GTQ",
        "GYD", "HKD", "HNL", "HTG", "HUF", "IDR", "ILS", "INR", "IQD", "IRR", "ISK", "JMD", "JOD",
        "JPY", "KES", "KGS", "KHR", "KMF", "KPW", "KRW", "KWD", "KYD", "KZT", "LAK", "LBP", "LKR",
        "LRD", "LSL", "LYD", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR", "MVR",
        "MWK", "MXN", "MYR", "MZN", "NAD", "NGN", "NIO", "NOK", "NPR", "NZD", "OMR", "PAB", "PEN",
        "PGK", "PHP", "PKR", "PLN", "PYG", "QAR", "RON", "RSD", "RUB", "RWF", "SAR", "SBD", "SCR",
        "SDG", "SEK", "SGD", "SHP", "SLE", "SOS", "SRD", "SSP", "STN", "SVC", "SYP", "SZL", "THB",
        "TJS", "TMT", "TND", "TOP", "TRY", "TTD", "TWD", "TZS", "UAH", "UGX", "USD", "UYU", "UZS",
        "VES", "VND", "VUV", "WST", "XAF", "XCD", "XCG", "XOF", "XPF", "YER", "ZAR", "ZMW", "ZWG",
        // Units of account still active (Chile's UF, Uruguay's UI and UR), and others of the list.
        "CLF", "UYI", "UYW", "BOV", "CHE", "CHW", "COU", "MXV", "USN", "CUC", "SLL",
    ]

    private static let signatures: [FunctionSignature] = [
        FunctionSignature(
            "len", [F([P("value", [.text, anyList, .json])], .fixed(.number))],
            summary: "Number of characters of a text, or of elements of a list (or JSON array/object).",
            example: "len(\"hola\")", result: "4"),
        FunctionSignature(
            "lower", [F([P("text", [.text])], .fixed(.text))],
            summary: "The text in lower case.", example: "lower(\"HOLA\")", result: "hola"),
        FunctionSignature(
            "upper", [F([P("text", [.text])], .fixed(.text))],
            summary: "The text in upper case.", example: "upper(\"hola\")", result: "HOLA"),
        FunctionSignature(
            "trim", [F([P("text", [.text])], .fixed(.text))],
            summary: "The text without leading and trailing whitespace.",
            example: "trim(\"  hola \")", result: "hola"),
        FunctionSignature(
            "contains", [F([P("haystack", [.text, anyList, .json]), P("needle", [])], .fixed(.bool))],
            summary: "Whether a text contains a text, or a list (or JSON array/object key set) contains a value.",
            example: "contains(\"hola mundo\", \"mundo\")", result: "true"),
        FunctionSignature(
            "starts_with", [F([P("text", [.text]), P("prefix", [.text])], .fixed(.bool))],
            summary: "Whether the text starts with the prefix.",
            example: "starts_with(\"+54911\", \"+54\")", result: "true"),
        FunctionSignature(
            "ends_with", [F([P("text", [.text]), P("suffix", [.text])], .fixed(.bool))],
            summary: "Whether the text ends with the suffix.",
            example: "ends_with(\"foto.jpg\", \".jpg\")", result: "true"),
        FunctionSignature(
            "matches", [F([P("text", [.text]), P("pattern", [.text], literal: .regex)], .fixed(.bool))],
            summary: "Whether the regular expression matches somewhere in the text.",
            example: "matches(\"AB-1234\", \"^[A-Z]{2}-\\\\d+$\")", result: "true"),
        FunctionSignature(
            "replace", [F([P("text", [.text]), P("search", [.text]), P("replacement", [.text])], .fixed(.text))],
            summary: "The text with every occurrence of `search` replaced (plain text, not a regex).",
            example: "replace(\"1.500\", \".\", \"\")", result: "1500"),
        FunctionSignature(
            "split", [F([P("text", [.text]), P("separator", [.text])], .fixed(.list(.text)))],
            summary: "The pieces of the text between separators.",
            example: "split(\"a,b,c\", \",\")", result: "[\"a\",\"b\",\"c\"]"),
        FunctionSignature(
            "join", [F([P("list", [anyList]), P("separator", [.text])], .fixed(.text))],
            summary: "The elements of a list rendered as text, with the separator between them.",
            example: "join([\"a\", \"b\"], \", \")", result: "a, b"),
        FunctionSignature(
            "number", [F([P("value", [.text, .number, .json])], .fixed(.number))],
            summary: "A number from a text (read by the bot's locale; null when it is not a number) or JSON value.",
            example: "number(\"1.500,50\")", result: "1500.5"),
        FunctionSignature(
            "text", [F([P("value", [])], .fixed(.text))],
            summary: "Any value rendered as text, as a template would.",
            example: "text(42)", result: "42"),
        FunctionSignature(
            "round",
            [F([P("value", [.number]), P("digits", [.number], optional: true)], .fixed(.number))],
            summary: "The number rounded half away from zero, to `digits` decimals (default 0).",
            example: "round(3.14159, 2)", result: "3.14"),
        FunctionSignature(
            "floor", [F([P("value", [.number])], .fixed(.number))],
            summary: "The largest integer not greater than the number.", example: "floor(2.7)", result: "2"),
        FunctionSignature(
            "ceil", [F([P("value", [.number])], .fixed(.number))],
            summary: "The smallest integer not less than the number.", example: "ceil(2.1)", result: "3"),
        FunctionSignature(
            "abs", [F([P("value", [.number])], .fixed(.number))],
            summary: "The absolute value.", example: "abs(-5)", result: "5"),
        FunctionSignature(
            "min",
            [
                F([P("values", [.number], variadic: true)], .fixed(.number)),
                F([P("list", [.list(.number)])], .fixed(.number)),
            ],
            summary: "The smallest of the numbers, or of a list of numbers (null for an empty list).",
            example: "min(3, 1, 2)", result: "1"),
        FunctionSignature(
            "max",
            [
                F([P("values", [.number], variadic: true)], .fixed(.number)),
                F([P("list", [.list(.number)])], .fixed(.number)),
            ],
            summary: "The largest of the numbers, or of a list of numbers (null for an empty list).",
            example: "max([3, 1, 2])", result: "3"),
        FunctionSignature(
            "sum", [F([P("list", [.list(.number)])], .fixed(.number))],
            summary: "The sum of a list of numbers (0 for an empty list).",
            example: "sum([1.5, 2, 3])", result: "6.5"),
        FunctionSignature(
            "first", [F([P("list", [anyList])], .elementOfArgument(0))],
            summary: "The first element of a list (null when empty).",
            example: "first([\"a\", \"b\"])", result: "a"),
        FunctionSignature(
            "last", [F([P("list", [anyList])], .elementOfArgument(0))],
            summary: "The last element of a list (null when empty).",
            example: "last([\"a\", \"b\"])", result: "b"),
        FunctionSignature(
            "now", [F([], .fixed(.datetime))],
            summary: "The current date and time, in the bot's time zone.",
            example: "now()", result: "2026-12-31T14:30:00-03:00"),
        FunctionSignature(
            "today", [F([], .fixed(.date))],
            summary: "The current date, in the bot's time zone.", example: "today()", result: "2026-12-31"),
        FunctionSignature(
            "date_add",
            [
                F(
                    [
                        P("date", [.date, .datetime]), P("amount", [.number]),
                        P("unit", [.text], literal: .dateUnit),
                    ], .sameAsArgument(0)),
            ],
            summary: "The date (or date-time) moved by `amount` units (negative to go back): "
                + "minutes, hours, days, weeks, months or years.",
            example: "date_add(today(), 3, \"days\")", result: "2027-01-03"),
        FunctionSignature(
            "format_date",
            [F([P("date", [.date, .datetime]), P("pattern", [.text], optional: true, literal: .datePattern)], .fixed(.text))],
            summary: "The date rendered by the bot's locale, or by a pattern such as `dd/MM/yyyy`.",
            example: "format_date(today(), \"dd/MM/yyyy\")", result: "31/12/2026"),
        FunctionSignature(
            "format_number",
            [F([P("value", [.number]), P("decimals", [.number], optional: true)], .fixed(.text))],
            summary: "The number rendered by the bot's locale, with thousands separators and `decimals` decimals.",
            example: "format_number(3751.5, 2)", result: "3.751,50"),
        FunctionSignature(
            "money",
            [F([P("amount", [.number]), P("currency", [.text], literal: .currencyCode)], .fixed(.text))],
            summary: "The amount rendered as money in the currency (ISO 4217 code), by the bot's locale.",
            example: "money(3751.5, \"ARS\")", result: "$ 3.751,50"),
    ]
}
