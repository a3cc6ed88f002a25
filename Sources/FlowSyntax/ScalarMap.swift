import FlowDiagnostics

/// Maps offsets inside a scalar's decoded text back to line:column in the file.
///
/// Expressions and templates live inside YAML strings; a diagnostic about `qtty` in
/// `if: qtty > 10` must point at the `q`, also in quoted, folded and literal scalars.
/// The map re-reads the scalar's source with the rules of its style and is used only if
/// what it reads equals libyaml's value; otherwise every offset maps to the scalar's start.
public struct ScalarMap: Sendable {
    private let locations: [SourceLocation]
    private let fallback: SourceRange

    /// Builds the map for `node` (a scalar) of `source`.
    public init(node: YAMLNode, source: SourceFile) {
        guard let scalar = node.scalar else {
            self.init(locations: [], fallback: node.range)
            return
        }
        self.init(text: scalar.text, range: node.range, style: scalar.style, source: source)
    }

    /// Builds the map for a scalar read as `text`, written at `range` in `style`.
    public init(_ value: TextValue, source: SourceFile) {
        self.init(text: value.text, range: value.range, style: value.style, source: source)
    }

    private init(locations: [SourceLocation], fallback: SourceRange) {
        self.locations = locations
        self.fallback = fallback
    }

    private init(text: String, range: SourceRange, style: ScalarStyle, source: SourceFile) {
        fallback = range
        var reader = ScalarSourceReader(source: source, start: range.start, end: range.end)
        let decoded: [(Unicode.Scalar, SourceLocation)]
        switch style {
        case .plain: decoded = reader.flow(quote: nil)
        case .singleQuoted: decoded = reader.flow(quote: "'")
        case .doubleQuoted: decoded = reader.flow(quote: "\"")
        case .literal: decoded = reader.block(folded: false)
        case .folded: decoded = reader.block(folded: true)
        }
        let expected = Array(text.unicodeScalars)
        if decoded.count >= expected.count, zip(decoded, expected).allSatisfy({ $0.0 == $1 }) {
            var locs = decoded.prefix(expected.count).map(\.1)
            let endLocation: SourceLocation
            if decoded.count > expected.count {
                endLocation = decoded[expected.count].1
            } else if let last = locs.last {
                endLocation = SourceLocation(line: last.line, column: last.column + 1)
            } else {
                endLocation = range.start
            }
            locs.append(endLocation)
            locations = locs
        } else {
            locations = []
        }
    }

    /// The file range of the scalar-offset span `[start, end)` of the decoded text.
    public func range(start: Int, end: Int) -> SourceRange {
        guard !locations.isEmpty else { return fallback }
        let lower = Swift.max(0, Swift.min(start, locations.count - 1))
        let upper = Swift.max(lower, Swift.min(end, locations.count - 1))
        var endLocation = locations[upper]
        if upper > lower {
            // End just after the last character of the span, on its own line.
            let last = locations[upper - 1]
            if endLocation.line != last.line { endLocation = SourceLocation(line: last.line, column: last.column + 1) }
        }
        return SourceRange(start: locations[lower], end: endLocation)
    }
}

/// Re-reads a scalar's source characters with their positions.
struct ScalarSourceReader {
    let lines: [[Unicode.Scalar]]
    let start: SourceLocation
    let end: SourceLocation

    init(source: SourceFile, start: SourceLocation, end: SourceLocation) {
        var lines: [[Unicode.Scalar]] = []
        let last = Swift.min(source.lineCount, end.line + 1)
        if start.line >= 1 {
            for n in start.line...Swift.max(start.line, last) {
                lines.append(source.line(n).map { Array($0.unicodeScalars) } ?? [])
            }
        }
        self.lines = lines
        self.start = start
        self.end = end
    }

    private func line(_ number: Int) -> [Unicode.Scalar] {
        let i = number - start.line
        return i >= 0 && i < lines.count ? lines[i] : []
    }

    private static func isBlank(_ c: Unicode.Scalar) -> Bool { c == " " || c == "\t" }

    /// Plain and quoted scalars: line folding, `''` and backslash escapes.
    mutating func flow(quote: Unicode.Scalar?) -> [(Unicode.Scalar, SourceLocation)] {
        var out: [(Unicode.Scalar, SourceLocation)] = []
        var lineNo = start.line
        var col = start.column - 1 + (quote == nil ? 0 : 1)   // 0-based index into the line
        var pendingBlank: [(Unicode.Scalar, SourceLocation)] = []
        while lineNo <= end.line {
            let chars = line(lineNo)
            var escapedBreak = false
            while col < chars.count {
                if lineNo == end.line, col >= end.column - 1 - (quote == nil ? 0 : 1), quote == nil { break }
                let c = chars[col]
                let here = SourceLocation(line: lineNo, column: col + 1)
                if let quote, c == quote {
                    if quote == "'", col + 1 < chars.count, chars[col + 1] == "'" {
                        out += pendingBlank; pendingBlank = []
                        out.append(("'", here)); col += 2; continue
                    }
                    // Blanks before the closing quote are part of the value (only a line break folds them away).
                    return out + pendingBlank
                }
                if quote == "\"", c == "\\" {
                    out += pendingBlank; pendingBlank = []
                    if col + 1 >= chars.count { escapedBreak = true; col += 1; break }
                    let e = chars[col + 1]
                    col += 2
                    let simple: [Unicode.Scalar: Unicode.Scalar] = [
                        "0": "\0", "a": "\u{07}", "b": "\u{08}", "t": "\t", "\t": "\t", "n": "\n", "v": "\u{0B}",
                        "f": "\u{0C}", "r": "\r", "e": "\u{1B}", " ": " ", "\"": "\"", "/": "/", "\\": "\\",
                        "N": "\u{85}", "_": "\u{A0}", "L": "\u{2028}", "P": "\u{2029}",
                    ]
                    if let s = simple[e] { out.append((s, here)); continue }
                    let width = e == "x" ? 2 : e == "u" ? 4 : e == "U" ? 8 : 0
                    guard width > 0, col + width <= chars.count else { return out }
                    let hex = String(String.UnicodeScalarView(chars[col..<(col + width)]))
                    guard let value = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(value) else { return out }
                    out.append((scalar, here))
                    col += width
                    continue
                }
                if Self.isBlank(c) {
                    pendingBlank.append((c, here))
                } else {
                    out += pendingBlank; pendingBlank = []
                    out.append((c, here))
                }
                col += 1
            }
            if quote == nil, lineNo == end.line { break }
            // Fold the line break: trailing blanks dropped, empty lines become "\n", else a space.
            let breakAt = SourceLocation(line: lineNo, column: chars.count + 1)
            pendingBlank = []
            lineNo += 1
            var empties = 0
            while lineNo <= end.line {
                let next = line(lineNo)
                let trimmed = next.drop(while: Self.isBlank)
                if trimmed.isEmpty || (quote == nil && trimmed.first == "#") && false {
                    empties += 1; lineNo += 1; continue
                }
                break
            }
            if !escapedBreak || empties > 0 {
                if empties == 0 {
                    out.append((" ", breakAt))
                } else {
                    for _ in 0..<empties { out.append(("\n", breakAt)) }
                }
            }
            let next = line(lineNo)
            col = 0
            while col < next.count, Self.isBlank(next[col]) { col += 1 }
        }
        return out
    }

    /// Literal (`|`) and folded (`>`) block scalars.
    func block(folded: Bool) -> [(Unicode.Scalar, SourceLocation)] {
        let header = line(start.line)
        var explicitIndent: Int?
        var chomp: Unicode.Scalar = "c"
        var i = start.column  // just after the indicator
        while i < header.count, header[i] != " ", header[i] != "#" {
            let c = header[i]
            if c == "+" || c == "-" { chomp = c } else if let d = Int(String(c)) { explicitIndent = d }
            i += 1
        }
        // Content lines: from the next line while they are empty or indented enough.
        var contentLines: [(number: Int, chars: [Unicode.Scalar])] = []
        var n = start.line + 1
        var indent = -1
        var parentIndent = header.prefix(while: { $0 == " " }).count
        // `- if: |2`: a mapping in a list item is indented where its key starts, past the `- `.
        var key = parentIndent
        while key + 1 < header.count, header[key] == "-", header[key + 1] == " " {
            key += 1
            while key < header.count, header[key] == " " { key += 1 }
        }
        let indicator = start.column - 1
        if key > parentIndent, key < indicator, indicator <= header.count, header[key..<indicator].contains(":") { parentIndent = key }
        while n <= end.line + 1, n - start.line < lines.count {
            let chars = line(n)
            let leading = chars.prefix(while: { $0 == " " }).count
            let blank = leading == chars.count
            if indent < 0, !blank {
                indent = explicitIndent.map { parentIndent + $0 } ?? leading
            }
            if !blank, indent >= 0, leading < indent { break }
            if !blank, indent < 0 { break }
            contentLines.append((n, chars))
            n += 1
        }
        if indent < 0 { indent = 0 }
        var out: [(Unicode.Scalar, SourceLocation)] = []
        var previousWasText = false
        // A more-indented line of a folded scalar keeps the line breaks around it (YAML 1.2 §8.1.3).
        var previousMoreIndented = false
        var pendingBreaks: [SourceLocation] = []
        for (number, chars) in contentLines {
            let leading = chars.prefix(while: { $0 == " " }).count
            let blank = leading == chars.count && chars.count <= indent || chars.allSatisfy { $0 == " " }
            if blank && chars.count <= indent {
                pendingBreaks.append(SourceLocation(line: number, column: chars.count + 1))
                continue
            }
            let moreIndented = chars.count > indent && (chars[indent] == " " || chars[indent] == "\t")
            if !pendingBreaks.isEmpty || previousWasText {
                if folded, previousWasText, !moreIndented, !previousMoreIndented {
                    if pendingBreaks.isEmpty {
                        out.append((" ", pendingLocation(out)))
                    } else {
                        for loc in pendingBreaks { out.append(("\n", loc)) }
                    }
                } else {
                    if previousWasText { out.append(("\n", pendingLocation(out))) }
                    for loc in pendingBreaks { out.append(("\n", loc)) }
                }
            }
            pendingBreaks = []
            for k in indent..<chars.count { out.append((chars[k], SourceLocation(line: number, column: k + 1))) }
            previousWasText = true
            previousMoreIndented = moreIndented
        }
        if previousWasText, chomp != "-" {
            out.append(("\n", pendingLocation(out)))
        }
        if chomp == "+" { for loc in pendingBreaks { out.append(("\n", loc)) } }
        return out
    }

    private func pendingLocation(_ out: [(Unicode.Scalar, SourceLocation)]) -> SourceLocation {
        guard let last = out.last?.1 else { return start }
        return SourceLocation(line: last.line, column: last.column + 1)
    }
}
