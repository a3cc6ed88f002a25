import FlowDiagnostics

/// How a scalar was written, which decides how its value maps back to source columns.
public enum ScalarStyle: Sendable, Hashable {
    case plain, singleQuoted, doubleQuoted, literal, folded
}

/// The YAML 1.2 core-schema reading of a scalar (only plain scalars resolve to non-strings).
public enum ScalarValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case float(Double)
    case string(String)
}

/// One node of the YAML syntax tree, with the source range it was read from.
public struct YAMLNode: Sendable {
    /// What the node holds.
    public enum Kind: Sendable {
        case scalar(YAMLScalar)
        case mapping([YAMLPair])
        case sequence([YAMLNode])
    }

    /// The node's content.
    public var kind: Kind
    /// Where the node stands in the file.
    public var range: SourceRange
    /// Nodes in this subtree (aliases counted at full size), for alias-bomb limits.
    public var weight: Int
    /// Where the alias that stands for this node was written, when it came through one.
    public var aliasRange: SourceRange?
    /// A stand-in for something already reported (an undefined alias, nesting too deep):
    /// readers skip it silently so one mistake gets one diagnostic.
    public var isBroken = false

    /// Creates a node.
    public init(kind: Kind, range: SourceRange, weight: Int = 1) {
        self.kind = kind
        self.range = range
        self.weight = weight
    }

    /// The scalar, when this is one.
    public var scalar: YAMLScalar? {
        if case .scalar(let s) = kind { return s }
        return nil
    }

    /// The pairs, when this is a mapping.
    public var mapping: [YAMLPair]? {
        if case .mapping(let pairs) = kind { return pairs }
        return nil
    }

    /// The items, when this is a sequence.
    public var sequence: [YAMLNode]? {
        if case .sequence(let items) = kind { return items }
        return nil
    }

    /// True for a null scalar (`~`, `null`, or nothing at all).
    public var isNull: Bool {
        if case .scalar(let s) = kind, case .null = s.value { return true }
        return false
    }

    /// A short name of the node's type for messages ("a mapping", "a number").
    public var typeDescription: String {
        switch kind {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .scalar(let s):
            switch s.value {
            case .null: return "null"
            case .bool: return "a boolean"
            case .int, .float: return "a number"
            case .string: return "text"
            }
        }
    }
}

extension YAMLNode {
    /// The words (`[A-Za-z_][A-Za-z0-9_]*`) the text values in this subtree read: the variables a
    /// value dropped with a reported mistake may have read. Only a template's holes
    /// (`invlid: "{{nombre}}, …"`) and a condition (`iff: qty > 3`) read; prose does not
    /// (`descripcion: "Pide el nombre"` reads no `nombre`).
    public func words(into set: inout Set<String>) {
        forEachScalarValue { scalar in
            guard case .string(let text) = scalar.value else { return }
            if TemplateText.hasHole(text) {
                var rest = Substring(text)
                while let open = rest.firstRange(of: "{{") {
                    let after = rest[open.upperBound...]
                    let close = after.firstRange(of: "}}")?.lowerBound ?? after.endIndex
                    Self.words(of: String(after[..<close]), into: &set)
                    rest = after[close...]
                }
            } else if text.contains(where: { "<>=!".contains($0) }) {
                Self.words(of: text, into: &set)
            }
        }
    }

    /// The words (`[A-Za-z_][A-Za-z0-9_]*`) of `text`, in order.
    public static func words(of text: String) -> [String] {
        var words: [String] = []
        var word = ""
        for c in text.unicodeScalars {
            if c.isASCII, c == "_" || c.properties.isAlphabetic || (!word.isEmpty && c.properties.numericType != nil) {
                word.unicodeScalars.append(c)
            } else if !word.isEmpty {
                words.append(word)
                word = ""
            }
        }
        if !word.isEmpty { words.append(word) }
        return words
    }

    static func words(of text: String, into set: inout Set<String>) { set.formUnion(words(of: text)) }

    /// Every scalar under the node (values, not keys), depth first without recursion.
    public func forEachScalarValue(_ body: (YAMLScalar) -> Void) {
        var stack = [self]
        while let next = stack.popLast() {
            switch next.kind {
            case .scalar(let scalar): body(scalar)
            case .mapping(let pairs): for pair in pairs { stack.append(pair.value) }
            case .sequence(let items): stack.append(contentsOf: items)
            }
        }
    }
}

/// A scalar: its text as written (decoded), its style and its resolved value.
public struct YAMLScalar: Sendable {
    /// The decoded text (escapes processed, lines folded).
    public var text: String
    /// The quoting or block style.
    public var style: ScalarStyle
    /// The core-schema value.
    public var value: ScalarValue

    /// Creates a scalar.
    public init(text: String, style: ScalarStyle, value: ScalarValue) {
        self.text = text
        self.style = style
        self.value = value
    }
}

/// A key and its value in a mapping.
public struct YAMLPair: Sendable {
    /// The key node (a scalar in every format flowc reads).
    public var key: YAMLNode
    /// The value node.
    public var value: YAMLNode

    /// The key's text, when it is a scalar.
    public var keyText: String? { key.scalar?.text }

    /// Creates a pair.
    public init(key: YAMLNode, value: YAMLNode) {
        self.key = key
        self.value = value
    }
}

extension YAMLNode {
    /// The value for `key` when this is a mapping holding it.
    public subscript(key: String) -> YAMLNode? {
        mapping?.first { $0.keyText == key }?.value
    }
}
