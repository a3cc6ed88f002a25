/// Patterns whose matching time grows exponentially with the text on a failing match: a group
/// repeated without bound whose body can itself match a run in several ways, `(a+)+`,
/// `(\w+\s?)+`, `(\d*)*`. The regex engine backtracks through every way of splitting the run
/// between the repetitions: 30 letters of an answer that does not match take minutes.
enum RegexBacktracking {
    static let rule = "regex-backtracking"

    static func message(_ group: String) -> String {
        "`\(group)` repeats a group that can match the same text in many ways: an answer that does not match can keep the bot busy for minutes"
    }

    static let help = "make each repetition start with something required, e.g. `\\w+(\\s\\w+)*` instead of `(\\w+\\s?)+`, or make the inner repetition possessive (`\\w++`)"

    /// The offending group as written (`(\w+\s?)+`), or nil when the pattern has none.
    static func nestedRepetition(_ pattern: String) -> String? {
        // Only a group can repeat a repetition (most patterns, `^[0-9]{4}$`, have none).
        guard pattern.utf8.contains(UInt8(ascii: "(")) else { return nil }
        let scalars = Array(pattern.unicodeScalars)
        var parser = Parser(scalars)
        let top = parser.alternatives()
        return find(in: top, pattern: scalars, dotAll: setsDotAll(pattern))
    }

    /// True when the pattern turns on `s` in a flag group (`(?s)`, `(?is:…)`, `(?s-i)`): `.` takes
    /// line breaks too.
    static func setsDotAll(_ pattern: String) -> Bool {
        let bytes = Array(pattern.utf8)
        var i = 0
        while i + 1 < bytes.count {
            defer { i += 1 }
            guard bytes[i] == UInt8(ascii: "("), bytes[i + 1] == UInt8(ascii: "?") else { continue }
            var j = i + 2, sawS = false
            while j < bytes.count, (bytes[j] | 0x20) >= UInt8(ascii: "a"), (bytes[j] | 0x20) <= UInt8(ascii: "z") {
                if bytes[j] == UInt8(ascii: "s") { sawS = true }
                j += 1
            }
            if sawS, j < bytes.count, [UInt8(ascii: ":"), UInt8(ascii: ")"), UInt8(ascii: "-")].contains(bytes[j]) { return true }
        }
        return false
    }

    private struct Item {
        /// Non-nil for a group: its alternatives.
        var group: [[Item]]?
        var min: Int
        var unbounded: Bool
        /// `*+`, `++`: possessive, never backtracks into itself.
        var possessive: Bool
        /// Where it is written (for the message).
        var start: Int
        var end: Int
        /// The most times it may repeat (`{12}`: 12); nil when unbounded or once.
        var count: Int? = nil
        /// The atom as written, without its quantifier (`x`, `\w`, `.`), for a non-group.
        var atom: String = ""
    }

    private static func find(in alternatives: [[Item]], pattern: [Unicode.Scalar], dotAll: Bool) -> String? {
        for sequence in alternatives {
            for item in sequence {
                guard let body = item.group else { continue }
                // Repeated without bound, or many times (`(.*a){12}` tries every split of the text in twelve).
                let repeated = item.unbounded || (item.count ?? 1) >= 8
                if repeated, !item.possessive, body.contains(where: ambiguous) || overlapping(body, dotAll: dotAll) {
                    var text = String.UnicodeScalarView()
                    text.append(contentsOf: pattern[item.start..<item.end])
                    return String(text)
                }
                if let inner = find(in: body, pattern: pattern, dotAll: dotAll) { return inner }
            }
        }
        return nil
    }

    /// A body that matches a run in several ways: an item repeated without bound and every
    /// other item optional (`\w+\s?`, `a*`, `\s*\w+`; not `\d+\s+`, whose repetitions each need a space).
    private static func ambiguous(_ sequence: [Item]) -> Bool {
        // (A wide bounded repetition, `a{1,1000}`, splits a run as many ways as an unbounded one.)
        let loose = sequence.indices.filter { (sequence[$0].unbounded || (sequence[$0].count ?? 0) - sequence[$0].min >= 8) && !sequence[$0].possessive }
        if loose.contains(where: { u in sequence.indices.allSatisfy { $0 == u || sequence[$0].min == 0 } }) { return true }
        // Two runs that can take the same characters, with only optional items between them: `x+x+`,
        // `\w+\w*`, `.*a` repeated (`.` takes anything).
        for (n, u) in loose.enumerated() {
            for v in loose.dropFirst(n + 1) where (u + 1..<v).allSatisfy({ sequence[$0].min == 0 }) {
                let a = sequence[u].atom, b = sequence[v].atom
                if !a.isEmpty, a == b || a == "." || b == "." { return true }
            }
            // `.*a`: the run can take what follows it (not a line break: `(.+\n)+` splits one way).
            if sequence[u].atom == ".", sequence[(u + 1)...].contains(where: { !["\\n", "\\r", "$"].contains($0.atom) }) { return true }
        }
        return false
    }

    /// Alternatives that can take the same run: each a run of one and the same atom (`\d|\d\d`,
    /// `a|a+`, `x|x`), or of anything (`.`): repeated, a run splits between them in many ways.
    private static func overlapping(_ alternatives: [[Item]], dotAll: Bool) -> Bool {
        let atoms: [String?] = alternatives.map { sequence in
            guard let first = sequence.first, sequence.allSatisfy({ $0.group == nil && $0.min >= 1 && $0.atom == first.atom }) else { return nil }
            return first.atom.isEmpty ? nil : first.atom
        }
        for (n, a) in atoms.enumerated() {
            guard let a else { continue }
            // (`.` takes anything but a line break: `(.|\n)+` splits a run one way only.)
            let lineBreaks: Set<String> = dotAll ? [] : ["\\n", "\\r", "\n", "\r"]
            for b in atoms.dropFirst(n + 1) {
                guard let b else { continue }
                if b == a || (a == "." && !lineBreaks.contains(b)) || (b == "." && !lineBreaks.contains(a)) { return true }
            }
        }
        return false
    }

    private struct Parser {
        let s: [Unicode.Scalar]
        var i = 0

        init(_ s: [Unicode.Scalar]) { self.s = s }

        mutating func alternatives() -> [[Item]] {
            var result: [[Item]] = [[]]
            while i < s.count, s[i] != ")" {
                if s[i] == "|" {
                    result.append([])
                    i += 1
                    continue
                }
                let start = i
                var group: [[Item]]?
                var atomic = false
                switch s[i] {
                case "\\" where i + 1 < s.count && s[i + 1] == "Q":
                    // `\Q…\E`: literal text.
                    i += 2
                    while i + 1 < s.count, !(s[i] == "\\" && s[i + 1] == "E") { i += 1 }
                    i = min(i + 2, s.count)
                case "\\":
                    i = min(i + 2, s.count)
                    // `\p{L}`, `\x{41}`, `\k<name>`: one atom with its braces.
                    if i < s.count, s[i] == "{" || s[i] == "<", "pPxukgN".unicodeScalars.contains(s[i - 1]) {
                        let close: Unicode.Scalar = s[i] == "{" ? "}" : ">"
                        while i < s.count, s[i] != close { i += 1 }
                        i = min(i + 1, s.count)
                    }
                case "[":
                    i += 1
                    if i < s.count, s[i] == "^" { i += 1 }
                    if i < s.count, s[i] == "]" { i += 1 }
                    while i < s.count, s[i] != "]" { i += s[i] == "\\" ? 2 : 1 }
                    i = min(i + 1, s.count)
                case "(":
                    i += 1
                    // `(?:`, `(?<name>`, `(?P<name>`, `(?'name'`, `(?i)`, lookarounds: skip to the body.
                    if i < s.count, s[i] == "?" {
                        i += 1
                        if i + 1 < s.count, s[i] == "P", s[i + 1] == "<" { i += 1 }
                        if i < s.count, s[i] == ">" {
                            // `(?>…)`: atomic, never backtracks into itself.
                            atomic = true
                            i += 1
                        } else if i < s.count, s[i] == "'" {
                            i += 1
                            while i < s.count, s[i] != "'" { i += 1 }
                            i += 1
                        } else if i < s.count, s[i] == "<", i + 1 < s.count, s[i + 1] != "=", s[i + 1] != "!" {
                            while i < s.count, s[i] != ">" { i += 1 }
                            i += 1
                        } else {
                            while i < s.count, !":)=!<>".unicodeScalars.contains(s[i]) { i += 1 }
                            if i < s.count, s[i] == "<" { i += 1 }
                            if i < s.count, s[i] != ")" { i += 1 }
                        }
                    }
                    group = alternatives()
                    i = min(i + 1, s.count)
                default:
                    i += 1
                }
                var item = Item(group: group, min: 1, unbounded: false, possessive: atomic, start: start, end: i)
                if group == nil {
                    var atom = String.UnicodeScalarView()
                    atom.append(contentsOf: s[start..<i])
                    item.atom = String(atom)
                }
                quantifier(&item)
                result[result.count - 1].append(item)
            }
            return result
        }

        mutating func quantifier(_ item: inout Item) {
            guard i < s.count else { return }
            switch s[i] {
            case "*": item.min = 0; item.unbounded = true; i += 1
            case "+": item.unbounded = true; i += 1
            case "?": item.min = 0; i += 1
            case "{":
                var j = i + 1
                var low = ""
                while j < s.count, ("0"..."9").contains(s[j]) { low.unicodeScalars.append(s[j]); j += 1 }
                guard !low.isEmpty, j < s.count else { return }
                if s[j] == "}" {
                    item.min = Int(low) ?? 1
                    item.count = item.min
                    i = j + 1
                } else if s[j] == "," {
                    j += 1
                    var high = ""
                    while j < s.count, ("0"..."9").contains(s[j]) { high.unicodeScalars.append(s[j]); j += 1 }
                    guard j < s.count, s[j] == "}" else { return }
                    item.min = Int(low) ?? 1
                    item.unbounded = high.isEmpty
                    item.count = Int(high)
                    i = j + 1
                } else {
                    return
                }
            default:
                return
            }
            if i < s.count, s[i] == "+" { item.possessive = true; i += 1 } else if i < s.count, s[i] == "?" { i += 1 }
            item.end = i
        }
    }
}
