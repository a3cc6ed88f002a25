/// How replies are compared with what a flow lists (menu labels and ids, choices): lower-cased,
/// accents removed, spaces around trimmed.
public enum TextFold {
    /// Lower-cased, accents removed: how replies are matched to labels.
    public static func folded(_ s: String) -> String {
        // ASCII has no accents: lower-cased and trimmed is all.
        if s.utf8.allSatisfy({ $0 < 0x80 }) {
            let lower = s.lowercased()
            guard lower.first == " " || lower.last == " " else { return lower }
            return String(lower.drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
        }
        var out = ""
        for scalar in s.lowercased().unicodeScalars {
            switch scalar {
            case "á", "à", "ä", "â", "ã": out += "a"
            case "é", "è", "ë", "ê": out += "e"
            case "í", "ì", "ï", "î": out += "i"
            case "ó", "ò", "ö", "ô", "õ": out += "o"
            case "ú", "ù", "ü", "û": out += "u"
            case "ñ": out += "n"
            case "ç": out += "c"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out.trimmingPrefix(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed().map(String.init).joined()
    }
}
