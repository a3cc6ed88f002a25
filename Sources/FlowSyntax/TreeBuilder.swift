import CYAML
import FlowDiagnostics

/// Turns libyaml parser events into a ``YAMLNode`` tree without recursion.
struct TreeBuilder {
    private struct Frame {
        var isMapping: Bool
        var isFlow: Bool
        var start: SourceLocation
        var anchor: String?
        var items: [YAMLNode] = []
        var pairs: [YAMLPair] = []
        var pendingKey: YAMLNode?
        var weight = 1
        /// Key → index in `pairs`, built once a mapping grows past a few keys.
        var keyIndex: [String: Int]?
        /// A pair was dropped (its key was not text, already reported): what the mapping lacks is that mistake.
        var lostPair = false
    }

    let path: String
    let sink: DiagnosticSink
    private(set) var root: YAMLNode?
    /// Whether a repeated `goto`/`on_*` key was dropped.
    private(set) var droppedTargetKey = false
    /// The words of the values of repeated keys, dropped (see ``YAMLDocument/droppedWords``).
    private(set) var droppedWords: Set<String> = []
    private var stack: [Frame] = []
    private var anchors: [String: YAMLNode] = [:]
    private var aliasBudget = YAMLReader.maxAliasExpansion
    private var aliasBombReported = false
    /// While > 0, events are inside a collection nested too deep and are skipped.
    private var skipDepth = 0
    private var skipStart = SourceLocation(line: 1, column: 1)
    private var documents = 0

    /// The bytes being parsed and their source (set for the parse only), to find where a
    /// scalar's text starts when an anchor or a tag comes before it.
    var bytes: UnsafeBufferPointer<UInt8>?
    var source: SourceFile?
    /// Characters that stood in for NEL, LS and PS while libyaml read the file, and what they were.
    var restore: [Unicode.Scalar: Unicode.Scalar] = [:]

    init(path: String, sink: DiagnosticSink) {
        self.path = path
        self.sink = sink
    }

    /// Where the text of a scalar starts when its event's start is an anchor or a tag
    /// (`&msg "Hola"`, `!!str 5`): past them and the blanks after them, so columns inside the
    /// text (where an error in a template is) map back to the file.
    private func textStart(after start: SourceLocation) -> SourceLocation {
        guard let bytes, let lineStart = source?.byteOffset(ofLine: start.line) else { return start }
        var i = lineStart
        var line = start.line
        var column = 1
        // Line breaks as SourceFile (and libyaml) count them: \n, \r\n and \r.
        func isBreak(_ i: Int) -> Bool { bytes[i] == 0x0A || (bytes[i] == 0x0D && (i + 1 == bytes.count || bytes[i + 1] != 0x0A)) }
        func step() {
            if isBreak(i) { line += 1; column = 1 } else if bytes[i] != 0x0D { column += 1 }
            i += 1
            while i < bytes.count, bytes[i] & 0xC0 == 0x80 { i += 1 }
        }
        while column < start.column, i < bytes.count, !isBreak(i) { step() }
        // `&name` and `!tag` in either order, each followed by blanks (a line break among them).
        while i < bytes.count, bytes[i] == UInt8(ascii: "&") || bytes[i] == UInt8(ascii: "!") {
            while i < bytes.count, ![0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { step() }
            while i < bytes.count, [0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: "#")].contains(bytes[i]) {
                // A comment after the anchor (`say: &m # greeting`) runs to the end of its line.
                if bytes[i] == UInt8(ascii: "#") { while i < bytes.count, !isBreak(i) { step() }; continue }
                step()
            }
        }
        return SourceLocation(line: line, column: column)
    }

    private static func location(_ mark: yaml_mark_t) -> SourceLocation {
        SourceLocation(line: Int(mark.line) + 1, column: Int(mark.column) + 1)
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: UnsafeRawPointer(pointer).assumingMemoryBound(to: CChar.self))
    }

    mutating func handle(_ event: yaml_event_t) {
        let start = Self.location(event.start_mark)
        let end = Self.location(event.end_mark)
        if skipDepth > 0 {
            switch event.type {
            case YAML_MAPPING_START_EVENT, YAML_SEQUENCE_START_EVENT: skipDepth += 1
            case YAML_MAPPING_END_EVENT, YAML_SEQUENCE_END_EVENT:
                skipDepth -= 1
                if skipDepth == 0 {
                    var placeholder = YAMLNode(kind: .scalar(YAMLScalar(text: "", style: .plain, value: .null)),
                                               range: SourceRange(start: skipStart, end: end))
                    placeholder.isBroken = true
                    attach(placeholder)
                }
            default: break
            }
            return
        }
        switch event.type {
        case YAML_DOCUMENT_START_EVENT:
            documents += 1
            if documents == 2 {
                sink.error("yaml-multiple-documents", "a flowc file holds one YAML document; this is a second one",
                           file: path, range: SourceRange(start: start, end: end),
                           help: "remove the `---` line, or put the second document in a file of its own")
            }
        case YAML_SCALAR_EVENT:
            guard documents == 1 else { return }
            let data = event.data.scalar
            var text: String
            if let value = data.value {
                text = String(decoding: UnsafeBufferPointer(start: value, count: data.length), as: UTF8.self)
                if !restore.isEmpty, text.unicodeScalars.contains(where: { restore[$0] != nil }) {
                    var view = String.UnicodeScalarView()
                    view.append(contentsOf: text.unicodeScalars.map { restore[$0] ?? $0 })
                    text = String(view)
                }
            } else {
                text = ""
            }
            let style: ScalarStyle = switch data.style {
            case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
            case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
            case YAML_LITERAL_SCALAR_STYLE: .literal
            case YAML_FOLDED_SCALAR_STYLE: .folded
            default: .plain
            }
            let tag = Self.string(data.tag)
            let scalar = YAMLScalar(text: text, style: style, value: ScalarResolver.resolve(text, style: style, tag: tag))
            // A block scalar's range starts at its `|` or `>` (its header is read from there).
            let textStart = data.anchor != nil || data.tag != nil ? self.textStart(after: start) : start
            var node = YAMLNode(kind: .scalar(scalar), range: SourceRange(start: textStart, end: end))
            if let tag, !Self.knownTags.contains(tag) {
                // `if: !ok` is a tag and an empty value: the one mistake is the tag (readers skip the value).
                reportUnknownTag(tag, start: start, textStart: textStart, anchored: data.anchor != nil)
                node.isBroken = true
            }
            if let anchor = Self.string(data.anchor) { anchors[anchor] = node }
            attach(node)
        case YAML_ALIAS_EVENT:
            guard documents == 1 else { return }
            let name = Self.string(event.data.alias.anchor) ?? ""
            let range = SourceRange(start: start, end: end)
            guard var node = anchors[name] else {
                sink.error("yaml-undefined-alias", "alias `*\(name)` refers to no anchor defined before it",
                           file: path, range: range,
                           help: Suggestion.didYouMean(name, in: anchors.keys).map { $0 } ?? "define `&\(name)` on an earlier node")
                var placeholder = YAMLNode(kind: .scalar(YAMLScalar(text: "", style: .plain, value: .null)), range: range)
                placeholder.isBroken = true
                attach(placeholder)
                return
            }
            aliasBudget -= node.weight
            if aliasBudget < 0 {
                if !aliasBombReported {
                    aliasBombReported = true
                    sink.error("yaml-alias-limit",
                               "aliases in this file expand to more than \(YAMLReader.maxAliasExpansion) nodes",
                               file: path, range: range,
                               help: "this looks like an alias bomb; write the values out or use fewer nested aliases")
                }
                node = YAMLNode(kind: .scalar(YAMLScalar(text: "", style: .plain, value: .null)), range: range)
                node.isBroken = true
            }
            // Diagnostics inside the aliased value point at the anchor; about the alias itself, at the alias.
            node.aliasRange = range
            attach(node)
        case YAML_MAPPING_START_EVENT, YAML_SEQUENCE_START_EVENT:
            guard documents == 1 else { return }
            if stack.count >= YAMLReader.maxDepth {
                sink.error("yaml-too-deep", "nesting deeper than \(YAMLReader.maxDepth) levels",
                           file: path, range: SourceRange(start: start, end: end),
                           help: "flows never need this much nesting; flatten the structure")
                skipDepth = 1
                skipStart = start
                return
            }
            let isMapping = event.type == YAML_MAPPING_START_EVENT
            let anchor = isMapping ? Self.string(event.data.mapping_start.anchor) : Self.string(event.data.sequence_start.anchor)
            if let tag = isMapping ? Self.string(event.data.mapping_start.tag) : Self.string(event.data.sequence_start.tag),
               !Self.knownTags.contains(tag) {
                reportUnknownTag(tag, start: start, textStart: textStart(after: start), anchored: anchor != nil)
            }
            let isFlow = isMapping
                ? event.data.mapping_start.style == YAML_FLOW_MAPPING_STYLE
                : event.data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE
            stack.append(Frame(isMapping: isMapping, isFlow: isFlow, start: start, anchor: anchor))
        case YAML_MAPPING_END_EVENT, YAML_SEQUENCE_END_EVENT:
            guard documents == 1, let frame = stack.popLast() else { return }
            finish(frame, endEvent: SourceRange(start: start, end: end))
        default:
            break
        }
    }

    /// The tags of YAML's core schema (and `!`, "not resolved"): any other is an author's mistake,
    /// nearly always a `!` meant as part of the value (`if: !ok`, `say: !Oferta!`).
    private static let knownTags: Set<String> = Set(["str", "int", "float", "bool", "null", "map", "seq"].map { "tag:yaml.org,2002:" + $0 } + ["!"])

    private func reportUnknownTag(_ tag: String, start: SourceLocation, textStart: SourceLocation, anchored: Bool) {
        let core = "tag:yaml.org,2002:"
        let written = tag.hasPrefix(core) ? "!!" + tag.dropFirst(core.count) : tag
        let range = anchored || textStart.line != start.line
            ? SourceRange(start: start, end: textStart)
            : SourceRange(start: start, end: SourceLocation(line: start.line, column: start.column + written.unicodeScalars.count))
        let name = written.drop { $0 == "!" }
        let isName = !name.isEmpty && name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }
        sink.error("yaml-unknown-tag", "`\(written)` is read by YAML as a tag, not as part of the value",
                   file: path, range: range,
                   help: (isName ? "in a condition write `not \(name)`; " : "") + "to start a text with `!`, quote the whole value: `\"\(written) …\"`")
    }

    private mutating func finish(_ frame: Frame, endEvent: SourceRange) {
        var end: SourceLocation
        if frame.isFlow {
            end = endEvent.end
        } else if frame.isMapping, let last = frame.pairs.last {
            end = last.value.range.end
        } else if let last = frame.items.last {
            end = last.range.end
        } else {
            end = endEvent.start
        }
        if frame.isMapping, let pending = frame.pendingKey {
            end = Swift.max(end, pending.range.end)
        }
        let range = SourceRange(start: frame.start, end: end)
        var node: YAMLNode
        if frame.isMapping {
            node = YAMLNode(kind: .mapping(resolveMerges(frame.pairs)), range: range, weight: frame.weight)
            node.isBroken = frame.lostPair
        } else {
            node = YAMLNode(kind: .sequence(frame.items), range: range, weight: frame.weight)
        }
        if let anchor = frame.anchor { anchors[anchor] = node }
        attach(node)
    }

    private mutating func attach(_ node: YAMLNode) {
        guard !stack.isEmpty else {
            if root == nil { root = node }
            return
        }
        let top = stack.count - 1
        stack[top].weight += node.weight
        if !stack[top].isMapping {
            stack[top].items.append(node)
            return
        }
        guard let key = stack[top].pendingKey else {
            if node.scalar == nil {
                // Nearly always an unquoted template: YAML reads `say: {{name}}` as a mapping in a mapping.
                let template = node.mapping != nil && stack[top].isFlow
                sink.error("yaml-complex-key",
                           template ? "a `{{ }}` template must be quoted: YAML reads an unquoted `{` as a mapping"
                                    : "a mapping key must be plain text, not \(node.typeDescription)",
                           file: path, range: node.range,
                           help: template ? "put the whole value in quotes, e.g. `say: \"Hola {{contact.name}}\"`"
                                          : "write the key as plain text, e.g. `a_b: x`")
            }
            stack[top].pendingKey = node
            return
        }
        stack[top].pendingKey = nil
        guard let keyText = key.scalar?.text else {
            stack[top].lostPair = true
            return
        }
        let isMerge = keyText == "<<" && key.scalar?.style == .plain
        if !isMerge, let first = Self.existingKey(keyText, in: &stack[top]) {
            sink.error("duplicate-key", "duplicate key `\(keyText)`", file: path, range: key.range,
                       notes: [DiagnosticNote("`\(keyText)` first defined here", file: path, range: first.key.range)],
                       help: "remove one of them; only the first would count")
            if NodeDecoder.targetKeys.contains(keyText) { droppedTargetKey = true }
            node.words(into: &droppedWords)
            return
        }
        if !isMerge, stack[top].keyIndex != nil {
            let position = stack[top].pairs.count
            stack[top].keyIndex?[keyText] = position
        }
        stack[top].pairs.append(YAMLPair(key: key, value: node))
    }

    /// The pair already holding `key`, searching linearly in small mappings and by index in large ones.
    private static func existingKey(_ key: String, in frame: inout Frame) -> YAMLPair? {
        if frame.keyIndex == nil, frame.pairs.count >= 12 {
            var index: [String: Int] = [:]
            for (i, pair) in frame.pairs.enumerated() where !pair.isMerge {
                if let k = pair.keyText, index[k] == nil { index[k] = i }
            }
            frame.keyIndex = index
        }
        if let index = frame.keyIndex { return index[key].map { frame.pairs[$0] } }
        return frame.pairs.first { $0.keyText == key && !$0.isMerge }
    }

    /// Replaces `<<` entries by the pairs of the mappings they merge; explicit keys win.
    private func resolveMerges(_ pairs: [YAMLPair]) -> [YAMLPair] {
        guard pairs.contains(where: \.isMerge) else { return pairs }
        var explicit = Set<String>()
        for pair in pairs where !pair.isMerge { if let k = pair.keyText { explicit.insert(k) } }
        var taken = explicit
        var result: [YAMLPair] = []
        for pair in pairs {
            guard pair.isMerge else { result.append(pair); continue }
            let sources: [YAMLNode]
            switch pair.value.kind {
            case .mapping: sources = [pair.value]
            case .sequence(let items): sources = items
            case .scalar:
                sources = []
                if !pair.value.isNull {
                    sink.error("yaml-merge", "`<<` merges a mapping or a list of mappings, not \(pair.value.typeDescription)",
                               file: path, range: pair.value.aliasRange ?? pair.value.range, help: "write `<<: *anchor` with an anchored mapping")
                }
            }
            for source in sources {
                guard let merged = source.mapping else {
                    sink.error("yaml-merge", "`<<` merges mappings, not \(source.typeDescription)",
                               file: path, range: source.aliasRange ?? source.range)
                    continue
                }
                for m in merged {
                    guard let k = m.keyText, !taken.contains(k) else { continue }
                    taken.insert(k)
                    result.append(m)
                }
            }
        }
        return result
    }
}

extension YAMLPair {
    var isMerge: Bool { keyText == "<<" && key.scalar?.style == .plain }
}
