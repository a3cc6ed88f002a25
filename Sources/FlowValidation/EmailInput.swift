/// Reading an `email` answer: `local@domain.tld`, the domain lower-cased.
enum EmailInput {
    static func parse(_ input: String) -> String? {
        guard let address = read(input), let at = address.lastIndex(of: "@"),
              !isProviderTypo(address[address.index(after: at)...]) else { return nil }
        return address
    }

    /// Well-known providers people mistype (`gmial.com`, `hotmial.com`): the misspellings of their
    /// names, and of `.com` after them (`gmail.con`, `gmail.co`; `hotmail.co.uk` is real).
    static let providerTypos: Set<String> = [
        "gmial", "gamil", "gmal", "gmil", "gnail", "gmai", "gmali", "gmaill", "gmaiil", "gmeil", "gimail", "gmsil", "gmaul", "gmakl",
        "hotmial", "hotmal", "hotmai", "hotmil", "homail", "hotamil", "htomail", "hotmaill", "hotmali", "hotnail", "hormail",
        "hoymail", "hitmail", "jotmail", "hotmaul", "hotmsil", "hotmeil", "hatmail",
        "outlok", "outllok", "outloook", "otlook", "outook", "oulook", "outlool", "outlokk", "outlock",
        "yaho", "yahooo", "yhoo", "yahho", "yaoo", "yajoo",
    ]
    static let providers: Set<String> = ["gmail", "hotmail", "outlook", "yahoo"]
    static let comTypos: Set<String> = ["con", "cmo", "cpm", "cim", "vom", "xom", "comm", "coom", "ocm", "om", "cm", "co", "comn", "coml"]

    /// Whether a (lower-cased) domain is a well-known provider's, mistyped: `gmial.com`, `gmail.con`,
    /// `gmail.co`, `hotmail.con.ar` (not `hotmail.co.uk`, `gmail.com`, `mail.com`, `ymail.com`).
    static func isProviderTypo(_ domain: Substring) -> Bool {
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard labels.count >= 2 else { return false }
        if providerTypos.contains(labels[0]) { return true }
        guard providers.contains(labels[0]), comTypos.contains(labels[1]) else { return false }
        return labels[1] != "co" || labels.count == 2
    }

    private static func read(_ input: String) -> String? {
        if let ascii = parseASCII(input), let address = ascii { return address }
        if let address = parseScalars(input) { return address }
        // What surrounds an address when it is pasted or ends a sentence: `<ana@x.com>`,
        // `mailto:ana@x.com`, `ana@x.com.`
        var text = TextMatch.trim(input)
        if text.hasPrefix("<"), text.hasSuffix(">") { text = String(text.dropFirst().dropLast()) }
        if text.lowercased().hasPrefix("mailto:") { text = String(text.dropFirst(7)) }
        while let last = text.last, last == "." || last == "!" || last == "," { text.removeLast() }
        if text != TextMatch.trim(input), !text.isEmpty, let address = parseScalars(text) { return address }
        return inSentence(input)
    }

    /// The one address in an answer with words around it: a lead-in before it (`mi correo es …`,
    /// `email: …`, a label on its own line) and courtesy after it (`… gracias`), as
    /// `AnswerWords` reads them. Nil when there are several addresses (`a@b.com o c@d.com`), or
    /// the words refuse, guess, send it elsewhere or give someone else's (`no es …`, `supongo que
    /// es …`, `mandalo a mi contador a …`, `el de mi mamá es …`, `Pedro: …`), or ask (`…?`), or
    /// are anything else.
    static func inSentence(_ input: String) -> String? {
        let scalars = Array(TextMatch.trim(input).unicodeScalars)
        guard scalars.count <= 400 else { return nil }
        // The whitespace-separated piece with the `@`: exactly one.
        let ats = scalars.indices.filter { scalars[$0] == "@" }
        guard let at = ats.first else { return nil }
        var start = at, end = at + 1
        while start > 0, !TextMatch.isSpace(scalars[start - 1]) { start -= 1 }
        while end < scalars.count, !TextMatch.isSpace(scalars[end]) { end += 1 }
        guard ats.allSatisfy({ $0 < end }) else { return nil }
        // Punctuation around it: `(ana@x.com)`, `«ana@x.com»`, `ana@x.com?`, `ana@x.com,`.
        let opening = "<([\"“«'".unicodeScalars, closing = ">)]\"”»'.,;:!?".unicodeScalars
        var lo = start, hi = end
        while lo < at, opening.contains(scalars[lo]) { lo += 1 }
        while hi > at + 1, closing.contains(scalars[hi - 1]) { hi -= 1 }
        // `a@x.com?`, `¿a@x.com?`, `a@x.com??`: a question, not an answer.
        guard !scalars[..<lo].contains(where: { $0 == "?" || $0 == "¿" }), !scalars[hi...].contains(where: { $0 == "?" || $0 == "¿" }) else {
            return nil
        }
        var token = String(String.UnicodeScalarView(scalars[lo..<hi]))
        if token.lowercased().hasPrefix("mailto:") { token = String(token.dropFirst(7)) }
        let lead = String(String.UnicodeScalarView(scalars[..<start]))
        let tail = String(String.UnicodeScalarView(scalars[end...]))
        guard lead.isEmpty || AnswerWords.isLeadIn(lead, cues: leadCues), AnswerWords.isCourtesyTail(tail),
              lo > start || hi < end || !lead.isEmpty || !tail.isEmpty else { return nil }
        return parseScalars(token)
    }

    /// The last word of a lead-in before an address (`mi correo es …`, `correo …`, `mandalo a …`),
    /// or a greeting, a yes or a giving as a phone's lead-in has them (`hola, …`, `sí, …`, `anotá …`).
    static let leadCues: Set<String> = [
        "es", "e", "is", "seria", "sera", "correo", "mail", "email", "emails", "mails", "electronico", "eletronico", "address",
        "direccion", "endereco", "aqui", "here", "este", "esse", "va", "vai", "a", "al", "to", "para", "pra", "at",
        "hola", "buenas", "si", "dale", "ok", "okey", "okay", "claro", "listo", "perfecto", "anota", "anote", "toma", "oi", "ola",
        "sim", "segue", "anotar", "hi", "hello", "yes", "sure",
    ]

    /// `parse` scalar by scalar, for any text.
    static func parseScalars(_ input: String) -> String? {
        let text = TextMatch.trim(input)
        guard text.unicodeScalars.count <= 254 else { return nil }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        let local = parts[0]
        let domain = parts[1].lowercased()
        guard validLocal(local), validDomain(domain) else { return nil }
        return String(local) + "@" + domain
    }

    /// Dot-atom: letters, digits and ``!#$%&'*+/=?^_`{|}~-``, dots between them (no quoted forms).
    private static func validLocal(_ local: Substring) -> Bool {
        guard !local.isEmpty, local.utf8.count <= 64, local.first != ".", local.last != ".",
              !local.contains("..") else { return false }
        return local.unicodeScalars.allSatisfy { s in
            if s.isASCII {
                return (s.properties.isAlphabetic || ("0"..."9").contains(s)) || "!#$%&'*+/=?^_`{|}~-.".unicodeScalars.contains(s)
            }
            return s.properties.isAlphabetic || s.properties.numericType != nil || s.properties.generalCategory == .nonspacingMark
        }
    }

    /// Top-level domains people type most, folded.
    static let commonTLDs: Set<String> = [
        "com", "net", "org", "edu", "gov", "info", "biz", "ar", "mx", "br", "co", "cl", "pe", "uy", "py", "bo", "ec", "ve", "es",
        "us", "io", "app", "online", "store", "shop",
    ]

    /// Two or more labels of letters, digits and inner hyphens; a top-level domain of letters (or punycode).
    private static func validDomain(_ domain: String) -> Bool {
        guard domain.utf8.count <= 253 else { return false }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        // Top-level domains are letters (`com`, `ar`, `рф`), or punycode (`xn--p1ai`).
        guard labels.count >= 2, let tld = labels.last, tld.count >= 2,
              tld.lowercased().hasPrefix("xn--") || tld.unicodeScalars.allSatisfy({
                  $0.properties.isAlphabetic || $0.properties.generalCategory == .nonspacingMark
              }) else { return false }
        // `gmail.cóm`, `.cõm.br`: an accent slipped into a common top-level domain is a typo (real ones
        // with accents, `.vermögensberater`, stay).
        if labels.dropFirst().contains(where: { label in
            label.unicodeScalars.contains { !$0.isASCII } && Self.commonTLDs.contains(TextMatch.fold(String(label)))
        }) { return false }
        for label in labels {
            guard !label.isEmpty, label.utf8.count <= 63, label.first != "-", label.last != "-" else { return false }
            let ok = label.unicodeScalars.allSatisfy { s in
                s == "-" || s.properties.isAlphabetic || s.properties.numericType != nil
                    || s.properties.generalCategory == .nonspacingMark
            }
            guard ok else { return false }
        }
        return true
    }

    /// `parse` of an all-ASCII answer, on its bytes: `.some(nil)` when it is not an address,
    /// nil when the answer has a non-ASCII byte (then `parseScalars` decides). The same rules:
    /// in ASCII the letters are A–Z and a–z, the digits 0–9, and the only spaces trimmed are
    /// tab, line feed, vertical tab, form feed, carriage return and space.
    static func parseASCII(_ input: String) -> String?? {
        var text = input
        return text.withUTF8 { all -> String?? in
            var start = 0, end = all.count
            if all.contains(where: { $0 >= 0x80 }) { return nil }
            func isSpace(_ b: UInt8) -> Bool { b == 0x20 || (b >= 0x09 && b <= 0x0D) }
            while start < end, isSpace(all[start]) { start += 1 }
            while end > start, isSpace(all[end - 1]) { end -= 1 }
            guard end - start <= 254 else { return .some(nil) }
            var at = -1
            for i in start..<end where all[i] == 0x40 {
                guard at < 0 else { return .some(nil) }
                at = i
            }
            guard at >= 0 else { return .some(nil) }
            let local = UnsafeBufferPointer(rebasing: all[start..<at])
            let domain = UnsafeBufferPointer(rebasing: all[(at + 1)..<end])
            guard validLocalASCII(local), validDomainASCII(domain) else { return .some(nil) }
            return String(unsafeUninitializedCapacity: end - start) { out in
                var n = 0
                for b in local { out[n] = b; n += 1 }
                out[n] = 0x40; n += 1
                for b in domain { out[n] = b >= 0x41 && b <= 0x5A ? b | 0x20 : b; n += 1 }
                return n
            }
        }
    }

    private static func isLetterOrDigit(_ b: UInt8) -> Bool {
        let lower = b | 0x20
        return (lower >= 0x61 && lower <= 0x7A) || (b >= 0x30 && b <= 0x39)
    }

    private static func validLocalASCII(_ local: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !local.isEmpty, local.count <= 64, local[0] != 0x2E, local[local.count - 1] != 0x2E else { return false }
        var previous: UInt8 = 0
        for b in local {
            if b == 0x2E, previous == 0x2E { return false }
            previous = b
            guard isLetterOrDigit(b) else {
                // ``!#$%&'*+/=?^_`{|}~-.``
                switch b {
                case 0x21, 0x23, 0x24, 0x25, 0x26, 0x27, 0x2A, 0x2B, 0x2F, 0x3D, 0x3F, 0x5E, 0x5F, 0x60,
                     0x7B, 0x7C, 0x7D, 0x7E, 0x2D, 0x2E: continue
                default: return false
                }
            }
        }
        return true
    }

    private static func validDomainASCII(_ domain: UnsafeBufferPointer<UInt8>) -> Bool {
        guard domain.count <= 253 else { return false }
        var labels = 0, labelStart = 0
        var tldLetters = true
        for i in 0...domain.count {
            guard i == domain.count || domain[i] == 0x2E else { continue }
            let label = UnsafeBufferPointer(rebasing: domain[labelStart..<i])
            guard !label.isEmpty, label.count <= 63, label[0] != 0x2D, label[label.count - 1] != 0x2D else { return false }
            tldLetters = true
            for b in label {
                guard b == 0x2D || isLetterOrDigit(b) else { return false }
                if b == 0x2D || (b >= 0x30 && b <= 0x39) { tldLetters = false }
            }
            labels += 1
            if i == domain.count {
                // Top-level domains are letters (`com`, `ar`), or punycode (`xn--p1ai`).
                let punycode = label.count > 4 && (label[0] | 0x20) == 0x78 && (label[1] | 0x20) == 0x6E && label[2] == 0x2D && label[3] == 0x2D
                guard label.count >= 2, tldLetters || punycode else { return false }
            }
            labelStart = i + 1
        }
        return labels >= 2
    }
}
