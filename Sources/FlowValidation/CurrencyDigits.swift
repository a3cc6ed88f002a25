/// The usual number of decimals of each currency, after ISO 4217 minor units, with the
/// exceptions people use in practice (COP amounts are written without cents).
enum CurrencyDigits {
    static func fractionDigits(_ code: String) -> Int {
        if zero.contains(code) { return 0 }
        if three.contains(code) { return 3 }
        if four.contains(code) { return 4 }
        return 2
    }

    private static let zero: Set<String> = [
        "BIF", "CLP", "COP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI",
        "VND", "VUV", "XAF", "XOF", "XPF",
    ]
    private static let three: Set<String> = ["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"]
    private static let four: Set<String> = ["CLF", "UYW"]
}
