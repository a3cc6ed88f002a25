/// "Did you mean" suggestions by edit distance.
public enum Suggestion {
    /// The candidate closest to `name`, if it is close enough to be a likely typo.
    ///
    /// Uses the optimal-string-alignment distance (a swap of two letters counts once) and
    /// accepts up to a third of the name's length, at least one edit.
    public static func closest(to name: String, in candidates: some Sequence<String>) -> String? {
        // The same name but for case, `-` for `_`, or singular for plural (`Bye`, `ask-name`,
        // `retry` for `bye`, `ask_name`, `retries`) is the best guess of all.
        let folded = fold(name)
        if let same = candidates.first(where: { $0 != name && fold($0) == folded }) { return same }
        let target = Array(name.lowercased().unicodeScalars)
        let limit = Swift.max(1, Swift.min(3, target.count / 3))
        var best: (String, Int)?
        for candidate in candidates where candidate != name {
            let scalars = Array(candidate.lowercased().unicodeScalars)
            if abs(scalars.count - target.count) > limit { continue }
            let distance = editDistance(target, scalars)
            if distance <= limit, best == nil || distance < best!.1 {
                best = (candidate, distance)
            }
        }
        return best?.0
    }

    /// A key lower-cased, without accents, `-` and spaces as `_` (`Opciones` → `opciones`, `pregúnta` → `pregunta`).
    public static func plainKey(_ key: String) -> String {
        String(String.UnicodeScalarView(key.lowercased().unicodeScalars.compactMap { scalar -> Unicode.Scalar? in
            switch scalar {
            case "á", "à", "â", "ã": "a"
            case "é", "ê": "e"
            case "í": "i"
            case "ó", "ô", "õ": "o"
            case "ú", "ü": "u"
            case "ç": "c"
            case "-", " ": "_"
            default: scalar
            }
        }))
    }

    /// `name` lower-cased, `-` and spaces as `_`, and a plural ending dropped.
    static func fold(_ name: String) -> String {
        var s = String(name.lowercased().map { $0 == "-" || $0 == " " ? "_" : $0 })
        if s.hasSuffix("ies"), s.count > 4 { s.removeLast(3); s += "y" } else if s.hasSuffix("s"), !s.hasSuffix("ss"), s.count > 3 { s.removeLast() }
        return s
    }

    /// `help:` text for a suggestion, or nil when there is none.
    public static func didYouMean(_ name: String, in candidates: some Sequence<String>) -> String? {
        closest(to: name, in: candidates).map { "did you mean `\($0)`?" }
    }

    static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = Swift.min(value, previous2[j - 2] + 1)
                }
                current[j] = value
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count]
    }
}
