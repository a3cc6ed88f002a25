/// Named groups of a regex that land in variables declared as numbers (`vars: {qty: number}` with
/// `^quiero (?<qty>\d+)`): the compiler renames them `NAME__number` in the bundle's pattern, and
/// the runtime saves what they capture as a number, read by the bot's locale.
enum NumberGroups {
    /// The suffix the runtime reads as "save this group as a number".
    static let suffix = "__number"

    /// `pattern` with every named group whose name is in `numbers` renamed `NAME__number`
    /// (`(?<qty>`, `(?P<qty>`, `(?'qty'`); the rest unchanged.
    static func mark(_ pattern: String, numbers: Set<String>) -> String {
        guard !numbers.isEmpty, pattern.contains("(?") else { return pattern }
        let chars = Array(pattern.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < chars.count {
            if chars[i] == "\\" {
                out.append(chars[i])
                if i + 1 < chars.count { out.append(chars[i + 1]) }
                i += 2
                continue
            }
            if chars[i] == "(", i + 2 < chars.count, chars[i + 1] == "?" {
                var j = i + 2
                if j < chars.count, chars[j] == "P" { j += 1 }
                if j < chars.count, chars[j] == "<" || chars[j] == "'" {
                    let close: Unicode.Scalar = chars[j] == "<" ? ">" : "'"
                    var k = j + 1
                    var name = String.UnicodeScalarView()
                    while k < chars.count, chars[k] != close { name.append(chars[k]); k += 1 }
                    if k < chars.count, numbers.contains(String(name)) {
                        out.append(contentsOf: chars[i...j])
                        out.append(contentsOf: name)
                        out.append(contentsOf: suffix.unicodeScalars)
                        out.append(close)
                        i = k + 1
                        continue
                    }
                }
            }
            out.append(chars[i])
            i += 1
        }
        return String(out)
    }
}
