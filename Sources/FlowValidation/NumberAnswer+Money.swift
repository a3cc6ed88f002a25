/// Amounts of money as chats write them, beyond a sign and digits (`NumberAnswer`): millions
/// with `M`, each country's slang for a thousand or a million, and thousands grouped the other
/// way when nothing else can be meant.
extension NumberAnswer {
    /// `$1M`, `$1.5M`, `USD 2M`, `$ 2 MM`, `US$ 3mm`: millions, after a currency sign or code
    /// (`MM` is how Colombia and Chile write them); `1M`, `2.5M` alone in English. Nil otherwise:
    /// `1M` in Spanish or Portuguese, and `3m`, are left to `unclearUnit` and the units.
    static func millions(_ text: String, locale: FlowLocale) -> Double? {
        var rest = Substring(TextMatch.trim(text))
        var marks = ""
        while let last = rest.last, last == "m" || last == "M", marks.count < 2 {
            marks.append(last)
            rest.removeLast()
        }
        guard !marks.isEmpty else { return nil }
        let sign = leadingSign(String(rest))
        let signed = sign != nil
        rest = rest.dropFirst(sign?.count ?? 0)
        let digits = TextMatch.trim(String(rest))
        guard signed || locale.language == "en" && marks == "M", let first = digits.first, first.isNumber, digits.last?.isNumber == true,
              let n = plain(digits, locale: locale), n > 0 else { return nil }
        return n * 1_000_000
    }

    /// Whether the answer has a unit that makes its amount unclear: `M` or `MM` on their own
    /// (millions to some, metres or millimetres to others: `1M` in Spanish), or a measure after a
    /// currency sign or code (`u$s 3 mts`, `$ 2 kg`: a price or a length?). Asked again, never
    /// saved as the bare digits.
    static func unclearUnit(_ text: String) -> Bool {
        let trimmed = TextMatch.trim(text)
        let sign = leadingSign(trimmed)
        let signed = sign != nil
        let rest = trimmed.dropFirst(sign?.count ?? 0)
        var runs: [String] = []
        var current = ""
        for c in rest {
            if c.isLetter {
                current.append(c)
            } else if !current.isEmpty {
                runs.append(current)
                current = ""
            }
        }
        if !current.isEmpty { runs.append(current) }
        if runs.contains(where: { $0 == "M" || $0 == "MM" }) { return true }
        return signed && runs.contains { measures.contains(TextMatch.fold($0)) }
    }

    /// Units of weight, length and volume (folded): no price is counted in them.
    static let measures: Set<String> = [
        "kg", "kgs", "kilo", "kilos", "g", "gr", "grs", "gramo", "gramos", "l", "lt", "lts", "litro", "litros", "ml", "cc", "cm", "cms",
        "mm", "m", "mt", "mts", "metro", "metros", "km", "mi", "mile", "oz", "lb", "lbs",
    ]

    /// The currency sign or code that starts `text` (in any case), when no letter follows it:
    /// `$`, `US$`, `USD` of `USD 2M`, `Q` of `Q 150`; not the `Q` of `quiero`.
    static func leadingSign(_ text: String) -> String? {
        let upper = text.uppercased()
        guard let sign = currencySigns.first(where: { upper.hasPrefix($0) }) ?? currencyCodes.first(where: { upper.hasPrefix($0) }),
              text.dropFirst(sign.count).first.map({ !$0.isLetter }) ?? true else { return nil }
        return sign
    }

    /// What a word of money slang after a number multiplies it by, where the locale says it so:
    /// `luca` a thousand (Argentina, Chile, Colombia; a sol in Peru). Nil elsewhere, where the
    /// word is refused as a quantity (`quantityWords`). Words that also name things counted are
    /// left out: `palo` (a million, or a stick), `gamba` (a hundred pesos, or a prawn), `conto`
    /// (a thousand reais, or a tale): `2 gambas` to "¿Cuántas gambas?" is 2.
    static func slangFactor(_ word: String, locale: FlowLocale) -> Double? {
        switch word {
        case "luca", "lucas", "luquita", "luquitas", "luka", "lukas", "lukita", "lukitas":
            return ["es-AR", "es-CL", "es-CO"].contains(locale.id) ? 1000 : nil
        default:
            return nil
        }
    }

    /// Digits grouped by threes with the locale's decimal separator, two groups or more
    /// (`1,250,000` in es-CO, `1.250.000` in en-US): no decimal has two separators, so these can
    /// only be thousands. Nil for anything else (`1,250` stays a decimal).
    static func otherGrouping(_ text: String, locale: FlowLocale) -> Double? {
        let parts = text.split(separator: locale.decimalSeparator, omittingEmptySubsequences: false)
        guard parts.count >= 3, (1...3).contains(parts[0].count), parts[0].first != "0",
              parts.dropFirst().allSatisfy({ $0.count == 3 }),
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }) else { return nil }
        return Double(parts.joined())
    }

    /// `$129,900` in es-CO or es-CL: three digits after the decimal separator, after the sign or
    /// code of a currency that has no cents in practice (COP, CLP, PYG), are thousands, as no
    /// price in it has a fraction. Nil elsewhere (`$1.500` in es-MX stays unclear, asked again).
    static func wholeCurrencyThousands(_ bare: String, sign: String, locale: FlowLocale) -> Double? {
        let local = [locale.currency, locale.currencySymbol(for: locale.currency).uppercased()]
        guard CurrencyDigits.fractionDigits(locale.currency) == 0, local.contains(sign.uppercased()),
              threeDecimals(bare, locale: locale) else { return nil }
        return Double(bare.filter { $0 != locale.decimalSeparator })
    }
}
