/// A date pattern in Unicode (LDML) letters, split into fields and literal text:
/// `d 'de' MMMM` → field `d`×1, literal ` de `, field `M`×4.
enum DatePattern {
    enum Token: Equatable {
        /// A run of one pattern letter, e.g. `("y", 4)` for `yyyy`.
        case field(Character, Int)
        /// Text copied as is (quoted text, punctuation, spaces).
        case literal(String)
    }

    /// The letters that are fields; any other ASCII letter is copied as is.
    static let fieldLetters: Set<Character> = ["y", "M", "L", "d", "E", "H", "h", "m", "s", "a"]

    static func tokens(_ pattern: String) -> [Token] {
        var tokens: [Token] = []
        var literal = ""
        let chars = Array(pattern)
        var i = 0
        func flush() {
            if !literal.isEmpty {
                tokens.append(.literal(literal))
                literal = ""
            }
        }
        while i < chars.count {
            let c = chars[i]
            if c == "'" {
                if i + 1 < chars.count, chars[i + 1] == "'" {  // '' is a quote
                    literal.append("'")
                    i += 2
                    continue
                }
                i += 1
                while i < chars.count {
                    if chars[i] == "'" {
                        if i + 1 < chars.count, chars[i + 1] == "'" {
                            literal.append("'")
                            i += 2
                            continue
                        }
                        i += 1
                        break
                    }
                    literal.append(chars[i])
                    i += 1
                }
            } else if fieldLetters.contains(c) {
                flush()
                var n = 1
                while i + n < chars.count, chars[i + n] == c { n += 1 }
                tokens.append(.field(c == "L" ? "M" : c, n))
                i += n
            } else {
                literal.append(c)
                i += 1
            }
        }
        flush()
        return tokens
    }
}
