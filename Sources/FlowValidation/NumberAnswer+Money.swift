/// Amounts of money as chats write them, beyond a sign and digits (`NumberAnswer`): each
/// country's slang for a thousand or a million.
extension NumberAnswer {
    /// What a word of money slang after a number multiplies it by, where the locale says it so:
    /// `luca` a thousand (Argentina, Chile, Colombia; a sol in Peru), `palo` a million (Argentina,
    /// Chile, Colombia), `gamba` a hundred (Argentina), `conto` a thousand reais (Brazil). Nil
    /// elsewhere, where the word is refused as a quantity (`quantityWords`): `2 gambas` is never 2.
    static func slangFactor(_ word: String, locale: FlowLocale) -> Double? {
        switch word {
        case "luca", "lucas", "luquita", "luquitas", "luka", "lukas", "lukita", "lukitas":
            return ["es-AR", "es-CL", "es-CO"].contains(locale.id) ? 1000 : nil
        case "palo", "palos":
            return ["es-AR", "es-CL", "es-CO"].contains(locale.id) ? 1_000_000 : nil
        case "gamba", "gambas":
            return locale.id == "es-AR" ? 100 : nil
        case "conto", "contos":
            return locale.id == "pt-BR" ? 1000 : nil
        default:
            return nil
        }
    }
}
