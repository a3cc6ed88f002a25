import CPhoneNumber

/// A valid phone number, read through libphonenumber (the system's 8.12.57: its metadata
/// decides which numbers are valid).
public struct PhoneNumber: Sendable, Hashable {
    /// The kind of line, as libphonenumber tells it from the number.
    public enum LineType: Int, Sendable, Hashable {
        /// A landline.
        case fixedLine = 0
        /// A mobile.
        case mobile = 1
        /// Either (e.g. in the US, CL and MX the number does not tell).
        case fixedLineOrMobile = 2
        /// A freephone number.
        case tollFree = 3
        /// A premium-rate number.
        case premiumRate = 4
        /// A shared-cost number.
        case sharedCost = 5
        /// A VoIP number.
        case voip = 6
        /// A personal number.
        case personalNumber = 7
        /// A pager.
        case pager = 8
        /// A universal access number.
        case uan = 9
        /// A voicemail access number.
        case voicemail = 10
        /// Not known.
        case unknown = 11
    }

    /// The number in E.164, e.g. `+5491155551234`.
    public var e164: String
    /// The country it belongs to (ISO 3166 alpha-2), e.g. `AR`.
    public var region: String
    /// Landline, mobile, …
    public var lineType: LineType

    /// Reads a phone number written nationally (`011 15-5555-1234`, `(11) 5555-1234`, with
    /// `region` as the country) or internationally (`+54 9 11 5555-1234`, or with the
    /// region's international prefix, `0054 …`). Digits, spaces, `+`, `-`, `(`, `)`, `.`
    /// and `/` are allowed; any letter or other character makes it invalid (no vanity
    /// numbers, no extensions, no "mi número es …"). Nil unless libphonenumber deems the
    /// number valid. `region` is ISO 3166 alpha-2, any case; nil or malformed: only
    /// international forms are read.
    /// The digits of a `wa.me/…` or `…whatsapp.com/send?phone=…` link that is the whole answer.
    static func whatsAppLinkNumber(_ text: String) -> String? {
        let lower = text.lowercased()
        for marker in ["wa.me/", "whatsapp.com/send?phone=", "whatsapp.com/send/?phone="] {
            guard let at = lower.firstRange(of: marker) else { continue }
            // Only a link: nothing but a scheme and `www.`/`api.` before it.
            let before = lower[..<at.lowerBound]
            guard ["", "http://", "https://", "api.", "http://api.", "https://api.", "www.", "https://www.", "http://www."].contains(String(before)) else { return nil }
            var rest = lower[at.upperBound...]
            if rest.first == "+" { rest = rest.dropFirst() }
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            let after = rest.dropFirst(digits.count)
            guard (8...15).contains(digits.count), after.isEmpty || after.first == "?" || after.first == "&" || after.first == "/" else { return nil }
            return String(digits)
        }
        return nil
    }

    public static func parse(_ text: String, region: String?) -> PhoneNumber? {
        let regionCode = region.flatMap(normalizedRegion) ?? "ZZ"
        var text = TextMatch.trim(text)
        // A WhatsApp link (`wa.me/5491155551234`, `api.whatsapp.com/send?phone=549…`) carries the
        // number in international form, without its `+`.
        if let number = whatsAppLinkNumber(text) { text = "+" + number }
        // Brazil's `0xx11 91234-5678`: `xx` stands for the carrier code one picks when calling.
        if regionCode == "BR" {
            for prefix in ["0xx", "(0xx"] where text.lowercased().hasPrefix(prefix) {
                text = (prefix.hasPrefix("(") ? "(" : "") + text.dropFirst(prefix.count)
                break
            }
        }
        guard var cleaned = clean(text) else { return nil }
        // Chile's numbers were dialled with a `0` before the area code until 2013; some still write
        // it, grouped as then (`09 8765 4321`, `(09) 8765 4321`, `(02) 2123 4567`; not `099 123 4567`,
        // an Ecuadorian mobile).
        if regionCode == "CL", cleaned.filter(\.isNumber).count == 10, let zero = chileanTrunkZero(cleaned) {
            cleaned.remove(at: zero)
        }
        guard let parsed = parsed(cleaned, regionCode) else {
            // `0055 11 91234 5678` in Brazil, `0057 300…` in Colombia: where `00` starts a carrier
            // code, the common international `00` is read as `+` when the number is none otherwise.
            let digits = cleaned.drop { $0 == " " }
            if digits.hasPrefix("00"), let international = Self.parsed("+" + digits.dropFirst(2), regionCode) { return international }
            return argentineMobileWithFifteen(cleaned)
        }
        return parsed
    }

    /// Where the old trunk `0` of a Chilean number stands: at the start, before an area code
    /// grouped on its own (`09 …`, `09-…`, `(09) …`, `(02)…`, `032 …`): `9` (mobiles), `2`
    /// (Santiago) or two digits from `3x` to `8x`; never `9x` (`099 123 4567` is Ecuador's).
    private static func chileanTrunkZero(_ cleaned: String) -> String.Index? {
        var rest = cleaned.drop { $0 == " " }
        let parenthesized = rest.first == "("
        if parenthesized { rest = rest.dropFirst() }
        guard rest.first == "0" else { return nil }
        let area = rest.dropFirst().prefix { $0.isASCII && $0.isNumber }
        guard area == "9" || area == "2" || area.count == 2 && area.first.map({ ("3"..."8").contains($0) }) == true else { return nil }
        let after = rest.dropFirst(1 + area.count).first
        guard parenthesized ? after == ")" : after == " " || after == "-" else { return nil }
        return rest.startIndex
    }

    /// libphonenumber's reading of a cleaned number in a region, nil when it is none.
    private static func parsed(_ cleaned: String, _ regionCode: String) -> PhoneNumber? {
        var out = [CChar](repeating: 0, count: 32)
        var regionOut = [CChar](repeating: 0, count: 3)
        var type: Int32 = -1
        let ok = out.withUnsafeMutableBufferPointer { outBuffer in
            regionOut.withUnsafeMutableBufferPointer { regionBuffer in
                flowc_phone_parse(cleaned, regionCode, outBuffer.baseAddress, outBuffer.count, &type,
                                  regionBuffer.baseAddress)
            }
        }
        guard ok == 1 else { return nil }
        let e164 = String(decoding: out.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let owner = String(decoding: regionOut.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return PhoneNumber(e164: e164, region: owner, lineType: LineType(rawValue: Int(type)) ?? .unknown)
    }

    /// The number as WhatsApp knows it. An Argentine mobile is `+54 9 …`, but people write
    /// their own cell as `11 5555-1234` or `+54 11 5555-1234`, without the `15`/`9` that marks a
    /// mobile, and the digits alone cannot tell a landline from a mobile. A number given to a
    /// WhatsApp bot is almost always a mobile, so an Argentine number without the `9` gets it
    /// (when that is a valid number); every other number is as it is.
    public var whatsAppForm: PhoneNumber {
        guard region == "AR", e164.hasPrefix("+54"), !e164.hasPrefix("+549"),
              let mobile = PhoneNumber.parse("+549" + e164.dropFirst(3), region: nil), mobile.region == "AR" else { return self }
        return mobile
    }

    /// An Argentine mobile written internationally with the `15` of its national form left in
    /// (`+54 9 11 15 5555-1234`, `+54 351 15 555-1234`): the number without it, when exactly one
    /// area code length (2 to 4 digits) makes a valid `+549…` number.
    private static func argentineMobileWithFifteen(_ cleaned: String) -> PhoneNumber? {
        let trimmed = cleaned.drop { $0 == " " }
        var digits = Substring(trimmed.filter(\.isNumber))
        if trimmed.hasPrefix("+") {} else if digits.hasPrefix("00") { digits = digits.dropFirst(2) } else { return nil }
        guard digits.hasPrefix("54") else { return nil }
        digits = digits.dropFirst(2)
        if digits.hasPrefix("9") { digits = digits.dropFirst() }
        // Area code + 15 + subscriber number: 10 national digits and the two of `15`.
        guard digits.count == 12 else { return nil }
        let found = (2...4).compactMap { length -> PhoneNumber? in
            let area = digits.prefix(length), rest = digits.dropFirst(length)
            guard rest.hasPrefix("15"), let number = parse("+549" + area + rest.dropFirst(2), region: nil), number.region == "AR" else { return nil }
            return number
        }
        return Set(found.map(\.e164)).count == 1 ? found.first : nil
    }

    /// The text with Unicode dashes as `-` and odd spaces as spaces; nil when it has a
    /// character a phone number does not (or is empty or far too long).
    private static func clean(_ text: String) -> String? {
        // Full-width digits (a phone keyboard in CJK mode) are digits.
        var trimmed = TextMatch.withASCIIDigits(TextMatch.trim(text))
        guard !trimmed.isEmpty, trimmed.unicodeScalars.count <= 64 else { return nil }
        // `mi número es 11 5555-1234`, `cel: 11 5555-1234`, `mi número:` on a line of its own:
        // words before the number that say it is one's own (`AnswerWords.isLeadIn`).
        if let first = trimmed.unicodeScalars.firstIndex(where: { ("0"..."9").contains($0) || $0 == "+" || $0 == "(" }),
           first != trimmed.unicodeScalars.startIndex,
           AnswerWords.isLeadIn(String(String.UnicodeScalarView(trimmed.unicodeScalars[..<first]))) {
            trimmed = String(trimmed.unicodeScalars[first...])
        }
        // After it, courtesy and a note in parentheses: `… gracias`, `… (whatsapp)`, `… (CABA)`.
        if let last = trimmed.unicodeScalars.lastIndex(where: { ("0"..."9").contains($0) }) {
            let after = trimmed.unicodeScalars.index(after: last)
            if after != trimmed.unicodeScalars.endIndex,
               isNoteAndCourtesy(String(String.UnicodeScalarView(trimmed.unicodeScalars[after...]))) {
                trimmed = String(String.UnicodeScalarView(trimmed.unicodeScalars[..<after]))
            }
        }
        var out = String.UnicodeScalarView()
        var digits = 0
        for s in trimmed.unicodeScalars {
            switch s {
            case "0"..."9":
                digits += 1
                out.append(s)
            case "+", "-", "(", ")", ".", "/", " ":
                out.append(s)
            case "\u{2010}", "\u{2011}", "\u{2012}", "\u{2013}", "\u{2014}", "\u{2212}":
                out.append("-")
            default:
                guard TextMatch.isSpace(s) else { return nil }
                out.append(" ")
            }
        }
        return digits >= 3 ? String(out) : nil
    }

    /// Whether `tail` (after a number's last digit) is notes in parentheses of a few words
    /// (`(whatsapp)`, `(CABA)`, `(trabajo)`: `AnswerWords.isOwnNote`; not `(Juan)`, `(de mi
    /// señora)`, `(lo perdí)`, `(supongo)`) and courtesy (`gracias`; no question mark), with
    /// at least one letter: what is cut off before reading the number.
    private static func isNoteAndCourtesy(_ tail: String) -> Bool {
        // `11 5555-1234,`: the end of a sentence.
        guard tail.unicodeScalars.contains(where: { $0.properties.isAlphabetic }) else {
            return tail.unicodeScalars.contains { ",;!".unicodeScalars.contains($0) }
                && tail.unicodeScalars.allSatisfy { TextMatch.isSpace($0) || ".,;!".unicodeScalars.contains($0) }
        }
        var rest = String.UnicodeScalarView()
        var note: String.UnicodeScalarView?
        for s in tail.unicodeScalars {
            if s == "(" {
                guard note == nil else { return false }
                note = String.UnicodeScalarView()
            } else if s == ")" {
                guard let done = note else { return false }
                let words = TextMatch.words(String(done))
                guard AnswerWords.isOwnNote(words),
                      done.allSatisfy({ $0.properties.isAlphabetic || TextMatch.isSpace($0) || $0 == "." || $0 == "-" }) else { return false }
                note = nil
                rest.append(" ")
            } else if note != nil {
                note?.append(s)
            } else {
                rest.append(s)
            }
        }
        guard note == nil else { return false }
        // A note without its parentheses: `11 91234-5678 whatsapp`, `… celular, gracias`: one word of
        // what the number is (`whatsapp`, `cel`), courtesy after it. (In parentheses a note may say
        // more; bare, `de Mía` or `casa de` would read as someone else's.)
        var words = TextMatch.words(String(rest))
        // `… es fijo`, `… is cell`: what it is, said.
        if words.count > 1, ["es", "is"].contains(words[0]) { words.removeFirst() }
        if let first = words.first, Self.bareNotes.union(Self.landlineNotes).contains(first), AnswerWords.allCourtesy(words.dropFirst()),
           rest.allSatisfy({ $0.properties.isAlphabetic || TextMatch.isSpace($0) || ".,;!¡".unicodeScalars.contains($0) }) {
            return true
        }
        return AnswerWords.isCourtesyTail(String(rest))
    }

    /// What a bare word after one's number may say it is.
    static let bareNotes: Set<String> = ["whatsapp", "whats", "wsp", "wpp", "watsap", "zap", "cel", "celu", "celular", "movil", "mobile", "cell"]
    /// What a bare word after one's number may say it is, a landline: `011 4555-1234 fijo`.
    static let landlineNotes: Set<String> = ["fijo", "fija", "fixo", "landline"]

    private static func normalizedRegion(_ region: String) -> String? {
        let upper = region.uppercased()
        guard upper.utf8.count == 2, upper.utf8.allSatisfy({ $0 >= 0x41 && $0 <= 0x5A }) else { return nil }
        return upper
    }
}
