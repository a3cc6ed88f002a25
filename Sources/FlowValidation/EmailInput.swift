/// Reading an `email` answer: `local@domain.tld`, the domain lower-cased.
enum EmailInput {
    static func parse(_ input: String) -> String? {
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

    /// Two or more labels of letters, digits and inner hyphens; a top-level domain that is not all digits.
    private static func validDomain(_ domain: String) -> Bool {
        guard domain.utf8.count <= 253 else { return false }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, let tld = labels.last, tld.count >= 2,
              !tld.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
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
}
