/// The named groups of a regular expression as written, found without compiling it: which are
/// sure to take part in every match (not under `?`, `*`, `{0,…}`, an alternative or a lookaround),
/// and where names and back-references stand, so that they can be renamed together. Character
/// classes (`[(?<x>]`, nested sets) and `\Q…\E` quotes are skipped.
public enum RegexGroups {
    /// One named group.
    public struct Group: Sendable, Equatable {
        public var name: String
        /// Whether a match can leave it out.
        public var optional: Bool
    }

    /// The named groups in order, and the scalar ranges of every name (definitions and
    /// back-references `\k<n>`, `\k'n'`, `(?P=n)`).
    public static func scan(_ pattern: String) -> (groups: [Group], names: [(name: String, range: Range<Int>)]) {
        let s = Array(pattern.unicodeScalars)
        var groups: [Group] = []
        var names: [(name: String, range: Range<Int>)] = []
        // Per open group: the named groups inside it so far (indices into `groups`), whether an
        // alternative is at its level, and whether it is a lookaround.
        struct Frame { var members: [Int] = []; var own: Int?; var alternative = false; var lookaround = false }
        var stack = [Frame()]
        func readName(from start: Int, close: Unicode.Scalar) -> (String, Int)? {
            var k = start
            var name = String.UnicodeScalarView()
            while k < s.count, s[k] != close { name.append(s[k]); k += 1 }
            return k < s.count ? (String(name), k) : nil
        }
        var i = 0
        while i < s.count {
            let c = s[i]
            if c == "\\" {
                guard i + 1 < s.count else { break }
                if s[i + 1] == "Q" {
                    // A quoted span, to `\E` or the end.
                    var k = i + 2
                    while k + 1 < s.count, !(s[k] == "\\" && s[k + 1] == "E") { k += 1 }
                    i = k + 2
                    continue
                }
                if s[i + 1] == "k", i + 2 < s.count, s[i + 2] == "<" || s[i + 2] == "'",
                   let (name, end) = readName(from: i + 3, close: s[i + 2] == "<" ? ">" : "'") {
                    names.append((name, (i + 3)..<end))
                    i = end + 1
                    continue
                }
                i += 2
                continue
            }
            if c == "[" {
                // A character class, with nested sets and escapes; a `]` first is a literal.
                var depth = 1
                var k = i + 1
                if k < s.count, s[k] == "^" { k += 1 }
                if k < s.count, s[k] == "]" { k += 1 }
                while k < s.count, depth > 0 {
                    if s[k] == "\\" { k += 2; continue }
                    if s[k] == "[" { depth += 1 } else if s[k] == "]" { depth -= 1 }
                    k += 1
                }
                i = k
                continue
            }
            if c == "(" {
                var frame = Frame()
                if i + 1 < s.count, s[i + 1] == "?" {
                    var j = i + 2
                    if j + 1 < s.count, s[j] == "P", s[j + 1] == "=", let (name, end) = readName(from: j + 2, close: ")") {
                        // `(?P=name)`: a back-reference, not a group.
                        names.append((name, (j + 2)..<end))
                        i = end + 1
                        continue
                    }
                    if j < s.count, s[j] == "P" { j += 1 }
                    if j < s.count, s[j] == "=" || s[j] == "!" { frame.lookaround = true }
                    if j + 1 < s.count, s[j] == "<", s[j + 1] == "=" || s[j + 1] == "!" { frame.lookaround = true }
                    if !frame.lookaround, j < s.count, s[j] == "<" || s[j] == "'",
                       let (name, end) = readName(from: j + 1, close: s[j] == "<" ? ">" : "'"), !name.isEmpty {
                        groups.append(Group(name: name, optional: false))
                        names.append((name, (j + 1)..<end))
                        frame.members.append(groups.count - 1)
                        frame.own = groups.count - 1
                        stack.append(frame)
                        i = end + 1
                        continue
                    }
                }
                stack.append(frame)
                i += 1
                continue
            }
            if c == "|" {
                stack[stack.count - 1].alternative = true
                i += 1
                continue
            }
            if c == ")", stack.count > 1 {
                let frame = stack.removeLast()
                // What follows the group: a quantifier that allows none leaves it out, with all
                // inside it; alternatives inside it leave out the groups in them (not itself).
                var optional = frame.lookaround
                if i + 1 < s.count {
                    let q = s[i + 1]
                    if q == "?" || q == "*" { optional = true }
                    if q == "{", i + 2 < s.count, s[i + 2] == "0" || s[i + 2] == "," { optional = true }
                }
                for g in frame.members where optional || (frame.alternative && g != frame.own) { groups[g].optional = true }
                stack[stack.count - 1].members += frame.members
                i += 1
                continue
            }
            i += 1
        }
        if stack.first?.alternative == true { for g in stack[0].members { groups[g].optional = true } }
        return (groups, names)
    }

    /// `pattern` with every name in `renamed` (its groups and back-references) given `suffix`.
    public static func rename(_ pattern: String, _ renamed: Set<String>, suffix: String) -> String {
        guard !renamed.isEmpty else { return pattern }
        let spots = scan(pattern).names.filter { renamed.contains($0.name) }
        guard !spots.isEmpty else { return pattern }
        let s = Array(pattern.unicodeScalars)
        var out = String.UnicodeScalarView()
        var at = 0
        for spot in spots.sorted(by: { $0.range.lowerBound < $1.range.lowerBound }) {
            out.append(contentsOf: s[at..<spot.range.upperBound])
            out.append(contentsOf: suffix.unicodeScalars)
            at = spot.range.upperBound
        }
        out.append(contentsOf: s[at...])
        return String(out)
    }

    /// The suffix a group name takes in a bundle when what it captures is saved as a number (older bundles).
    public static let numberSuffix = "__number"

    /// The compiler's other marker at the end of `name` (`__v3`: read by the bundle's rule 3), if any.
    public static func ruleMarker(of name: String) -> String? {
        let digits = name.reversed().prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, name.dropLast(digits.count).hasSuffix("__v") else { return nil }
        return "__v" + String(digits.reversed())
    }
}
