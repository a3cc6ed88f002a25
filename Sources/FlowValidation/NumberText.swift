/// Numbers as users type them and as flows render them.
public enum NumberText {
    /// Reads a number as the `number` question type and the `number()` function do, by the
    /// locale's separators: `12`, `-3`, `+3`, `12,5` and `1.500,50` in `es-AR`; `12.5` and
    /// `1,500.50` in `en-US`. Spaces may group thousands too (`1 500,50`), and a space may
    /// follow the sign.
    ///
    /// The grouping separator groups wherever it can: every group after it has exactly three
    /// digits and the first one to three digits. So in `es-AR` `1.500` is 1500 and
    /// `1.234.567` is 1234567. A single one that cannot group is the decimal point people type
    /// on phone keyboards: `12.5` and `1.50` are 12.5 and 1.5 in `es-AR` (the spec's `12.5`),
    /// `12,5` is 12.5 in `en-US`; two that cannot group (`1.2.3`), or one next to the decimal
    /// separator (`1.5,5`), are not a number (nil). At most one decimal separator,
    /// with at least one digit after it (`,5` and `.5` are 0.5, `12,` is not a number). No exponents,
    /// currency symbols or words. Nil for anything else, and for magnitudes beyond a Double.
    public static func parse(_ text: String, locale: FlowLocale) -> Double? {
        let scalars = Array(TextMatch.trim(text).unicodeScalars)
        guard !scalars.isEmpty, scalars.count <= 400 else { return nil }
        var i = 0
        var negative = false
        if scalars[0] == "-" || scalars[0] == "\u{2212}" || scalars[0] == "+" {
            negative = scalars[0] != "+"
            i = 1
            while i < scalars.count, isGroupSpace(scalars[i]) { i += 1 }
        }
        let decimal = locale.decimalSeparator.unicodeScalars.first
        let grouping = locale.groupingSeparator.unicodeScalars.first
        var integerDigits = ""
        var fractionDigits = ""
        var groups: [Int] = [0]          // digit counts of the integer part's groups
        var separator: Unicode.Scalar?   // the grouping separator in use
        var inFraction = false
        var millionsMark = false
        while i < scalars.count {
            let s = scalars[i]
            if s.value >= 0x30, s.value <= 0x39 {
                if inFraction {
                    fractionDigits.unicodeScalars.append(s)
                } else {
                    integerDigits.unicodeScalars.append(s)
                    groups[groups.count - 1] += 1
                }
            } else if s == decimal, !inFraction {
                inFraction = true
            } else if !inFraction, s == grouping || isGroupSpace(s) || (s == "'" || s == "\u{2019}") && groups.count == 1 && grouping != nil {
                // An apostrophe marks the millions in Colombia (`1'500.000`): the first grouping mark,
                // with two groups after it.
                if s == "'" || s == "\u{2019}" { millionsMark = true }
                let kind: Unicode.Scalar = s == "'" || s == "\u{2019}" ? (grouping ?? s) : s == grouping ? s : " "
                if let separator, separator != kind { return nil }
                separator = kind
                groups.append(0)
            } else {
                return nil
            }
            i += 1
        }
        if millionsMark, groups.count < 3 { return nil }
        // A first group of `0` groups nothing: `0.500` in es-AR is half, not five hundred.
        let groupsThousands = (1...3).contains(groups[0]) && groups.dropFirst().allSatisfy({ $0 == 3 })
            && !(integerDigits.prefix(groups[0]).allSatisfy { $0 == "0" })
        if groups.count > 1, !groupsThousands {
            // One grouping mark that cannot be grouping (`12.5` in es-AR, `12,5` in en-US) is
            // the decimal point people type on phones; anything else is not a number.
            guard groups.count == 2, separator == grouping, !inFraction, groups[1] > 0 else { return nil }
            fractionDigits = String(integerDigits.dropFirst(groups[0]))
            integerDigits = String(integerDigits.prefix(groups[0]))
            inFraction = true
        }
        if inFraction {
            guard !fractionDigits.isEmpty else { return nil }
        } else {
            guard !integerDigits.isEmpty else { return nil }
        }
        let literal = (integerDigits.isEmpty ? "0" : integerDigits) + "." + (fractionDigits.isEmpty ? "0" : fractionDigits)
        guard let magnitude = Double(literal), magnitude.isFinite else { return nil }
        return negative && magnitude != 0 ? -magnitude : magnitude
    }

    /// A number in a text as the `number()` function reads it (and an `order` step its text `qty`
    /// and `price`): as ``parse(_:locale:)`` does, but nil for three digits after the locale's
    /// decimal separator and no other separator (`1,500` in es-AR, `1.500` in en-US), which is
    /// thousands to whoever wrote it and a fraction by the locale: no number rather than a guess.
    /// The numerals the number question takes besides are numbers too: full-width digits (`１２`),
    /// a full stop or comma ending a sentence (`3.`), and threes grouped by the decimal separator
    /// twice or more (`1,250,000` in es-AR).
    public static func read(_ text: String, locale: FlowLocale) -> Double? {
        var numeral = TextMatch.trim(TextMatch.withASCIIDigits(text))
        if let last = numeral.last, last == "." || last == ",", numeral.dropLast().last?.isASCII == true,
           numeral.dropLast().last?.isNumber == true {
            numeral.removeLast()
        }
        if NumberAnswer.threeDecimals(numeral, locale: locale) { return nil }
        return parse(numeral, locale: locale) ?? NumberAnswer.otherGrouping(numeral, locale: locale)
    }

    /// A number in a text a program wrote (an API's value saved or set into a `number`, a bound
    /// taken from one): as ``read(_:locale:)``, except that where the locale's decimal separator is
    /// `.`, as JSON's is, three decimals are a fraction (`"2.000"` is 2 in en-US and es-MX, as its
    /// writer meant); `"1,500"` in es-AR stays no number (a program writes no decimal comma).
    public static func readData(_ text: String, locale: FlowLocale) -> Double? {
        let numeral = TextMatch.trim(text)
        if locale.decimalSeparator == ".", NumberAnswer.threeDecimals(numeral, locale: locale) {
            return parse(numeral, locale: locale)
        }
        return read(numeral, locale: locale)
    }

    /// A number as templates render it: no thousands separators, `.` for decimals, no trailing
    /// zeros, the shortest digits that read back as the same number, but at most 15 significant
    /// ones (binary noise stays out: `0.1 + 0.2` is `0.3`): `3`, `3751.5`, `-0.25`. Plain digits for magnitudes from 1e-6 to below 1e21, exponent
    /// notation outside (`1e+21`, `1e-7`), as JavaScript and JSON writers do. `-0` is `0`;
    /// NaN and infinities are `NaN`, `Infinity`, `-Infinity`.
    public static func canonical(_ n: Double) -> String {
        guard var d = DecimalDigits(n) else { return n.isNaN ? "NaN" : (n < 0 ? "-Infinity" : "Infinity") }
        if d.digits.count > 15, d.pointPosition > -6, d.pointPosition <= 15 {
            d = d.rounded(toFractionDigits: Swift.max(0, 15 - d.pointPosition))
        }
        if d.isZero { return "0" }
        let sign = d.negative ? "-" : ""
        let k = d.digits.count
        let p = d.pointPosition
        if p > 21 || p <= -6 {
            let all = d.digitText
            let e = p - 1
            let mantissa = k == 1 ? all : String(all.prefix(1)) + "." + String(all.dropFirst())
            return sign + mantissa + "e" + (e < 0 ? "-" : "+") + String(e.magnitude)
        }
        let fraction = d.fractionCount
        return sign + d.integerText + (fraction > 0 ? "." + d.fractionText(fraction) : "")
    }

    /// `format_number`: the locale's grouping and decimal separators, and exactly `decimals`
    /// fraction digits (rounded half away from zero on the number's decimal digits: 2.675 → `2,68`),
    /// or as many as the number has when nil: `3.751,5` and `format(3751.5, decimals: 2)` →
    /// `3.751,50` in `es-AR`; `3,751.50` in `en-US`; `1.234.567`. `decimals` is clamped to
    /// 0…20. A result that rounds to zero has no minus sign. NaN and infinities as `canonical`.
    public static func format(_ n: Double, decimals: Int?, locale: FlowLocale) -> String {
        guard var d = DecimalDigits(n) else { return canonical(n) }
        let places: Int
        if let decimals {
            places = Swift.min(Swift.max(decimals, 0), 20)
            d = d.rounded(toFractionDigits: places)
        } else {
            // At most 15 significant digits: the rest of a sum's or product's digits are binary noise.
            if d.digits.count > 15 { d = d.rounded(toFractionDigits: Swift.max(0, 15 - d.pointPosition)) }
            places = d.fractionCount
        }
        return (d.negative ? "-" : "") + grouped(d, places: places, locale: locale)
    }

    /// `money`: the amount in `currency` (ISO 4217, upper-cased here) by the locale: its
    /// symbol and where it goes, the locale's separators, and the currency's usual decimals
    /// (2; 0 for CLP, COP, PYG, JPY, KRW …; 3 for KWD, BHD …), rounded half away from zero.
    /// `money(3751.5, "ARS")` is `$ 3.751,50` in `es-AR`, `money(1500, "USD")` `US$ 1.500,00`,
    /// `money(-20, "ARS")` `-$ 20,00`; `$3,751.50` for USD in `en-US`; `R$ 3.751,50` for BRL in
    /// `pt-BR`; `$3,751.50` for MXN in `es-MX`; `$3.752` for CLP in `es-CL`; `3751,50 €` in
    /// `es-ES`. A currency without a known symbol is written with its code (`CLP 3,752` in `en-US`).
    public static func money(_ n: Double, currency: String, locale: FlowLocale) -> String {
        let code = String(currency.uppercased().unicodeScalars.filter { !TextMatch.isSpace($0) })
        let symbol = locale.currencySymbol(for: code)
        guard let digits = DecimalDigits(n) else { return canonical(n) + " " + symbol }
        let places = CurrencyDigits.fractionDigits(code)
        let d = digits.rounded(toFractionDigits: places)
        let amount = grouped(d, places: places, locale: locale)
        let sign = d.negative ? "-" : ""
        if locale.currencySymbolFirst {
            let letterLast = symbol.unicodeScalars.last.map { $0.properties.isAlphabetic } ?? false
            let space = locale.currencySpaced || letterLast ? " " : ""
            return sign + symbol + space + amount
        }
        return sign + amount + " " + symbol
    }

    private static func grouped(_ d: DecimalDigits, places: Int, locale: FlowLocale) -> String {
        let integer = d.integerText
        var out = ""
        let count = integer.count
        if count >= 3 + Swift.max(locale.minimumGroupingDigits, 1) {
            var i = 0
            for ch in integer {
                if i > 0, (count - i) % 3 == 0 { out.append(locale.groupingSeparator) }
                out.append(ch)
                i += 1
            }
        } else {
            out = integer
        }
        if places > 0 {
            out.append(locale.decimalSeparator)
            out += d.fractionText(places)
        }
        return out
    }

    private static func isGroupSpace(_ s: Unicode.Scalar) -> Bool {
        s == " " || s == "\u{00A0}" || s == "\u{202F}" || s == "\u{2009}"
    }
}
