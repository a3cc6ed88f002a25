import FlowDiagnostics

/// The pairs of a mapping whose keys were checked against a schema.
///
/// Mappings in flows are small: the allowed pairs are kept in file order and looked up by a
/// linear scan of their keys, which is cheaper than hashing every key into a dictionary.
struct Fields {
    let node: YAMLNode
    /// The allowed pairs, in file order.
    private(set) var pairs: [YAMLPair]
    /// Their keys (`pairs[i]`'s key is `order[i]`).
    private(set) var order: [String]
    /// Allowed keys that an unknown key was probably meant to be (no "missing" error for them).
    var suggested: Set<String> = []
    /// Whether the mapping had a key that is not allowed and close to none that is (already
    /// reported), or lost a pair: a "needs `x`" error is then held back, as it is nearly always that
    /// same mistake (`url:` for `get:`). A key close to an allowed one holds back only that one
    /// (`suggested`): `tiemout:` does not hide a missing `queue`.
    var hadUnknown = false

    /// Whether an unknown key was probably meant as one of `keys`, or as something unknown.
    func mayMean(_ keys: [String]) -> Bool { hadUnknown || keys.contains(where: suggested.contains) }

    private func pair(_ key: String) -> YAMLPair? {
        // The last one wins, as when the pairs were put in a dictionary in order.
        order.lastIndex(of: key).map { pairs[$0] }
    }

    subscript(key: String) -> YAMLNode? { pair(key)?.value }
    func keyRange(_ key: String) -> SourceRange? { pair(key)?.key.range }
    func has(_ key: String) -> Bool { order.contains(key) }

    /// Takes a pair written in the wrong mapping (reported there) as if it were in this one.
    mutating func lift(_ pair: YAMLPair) {
        guard let key = pair.keyText else { return }
        pairs.append(pair)
        order.append(key)
    }
}

/// Shared reading of YAML nodes against the formats' schemas, reporting what is wrong.
/// What decoding a file lost, so the checker does not report the same mistake again.
final class DecodeFlags {
    /// A target, option or arm was dropped: some steps may look unreachable without being so.
    var lostTargets = false
    /// Branch steps that lost an arm (which may have been their `else`).
    var lostArms: Set<String> = []
    /// The words of values dropped under an unknown key (reported): the variables they may have read.
    var droppedWords: Set<String> = []
    /// The names that saves and declarations refused as invalid (reported) were meant as, as their
    /// help spells them (`first-name` → `first_name`): reads of them are not also "unknown variable".
    var refusedNames: Set<String> = []
}

struct NodeDecoder {
    let path: String
    let sink: DiagnosticSink
    let flags = DecodeFlags()

    static let idPattern = "lower-case letters, digits and `_`, starting with a letter"

    static func isIdentifier(_ s: String) -> Bool {
        guard let first = s.utf8.first, first >= 97, first <= 122 else { return false }
        return s.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 95 }
    }

    static let namePattern = "letters, digits, `_` and `-`, starting with a letter"

    /// A flow or step id: a letter, then letters (any case, any language), digits, `_` or `-`
    /// (no `.`: targets are `FLOW.STEP`; no spaces). Bot ids and data source names are stricter
    /// (``isIdentifier(_:)``).
    static func isName(_ s: String) -> Bool { isLooseIdentifier(Substring(s)) }

    /// A suggested spelling in `[a-z][a-z0-9_]*`: words of camelCase split by `_`, accents
    /// dropped, other characters as `_` (`askName` → `ask_name`, `sí` → `si`).
    /// The name a mistyped one was likely meant as: snake_case without `_` around it (`{{campo}}` →
    /// `campo`), its leading digits moved to the end (`1_saludo` → `saludo_1`).
    static func suggestedName(_ s: String) -> String {
        var fixed = Substring(snakeCase(s))
        while fixed.first == "_" { fixed = fixed.dropFirst() }
        while fixed.last == "_" { fixed = fixed.dropLast() }
        let digits = fixed.prefix { $0.isNumber }
        var rest = fixed.dropFirst(digits.count)
        while rest.first == "_" { rest = rest.dropFirst() }
        return digits.isEmpty || rest.isEmpty ? String(fixed) : rest + "_" + digits
    }

    static func snakeCase(_ s: String) -> String {
        var out = ""
        var previous: Character?
        for character in s {
            // `ñ` is written `ni` without it (`año` → `anio`: `ano` is another word).
            if character == "ñ" || character == "Ñ" {
                if character == "Ñ", let p = previous, p.isLowercase || p.isNumber, out.last != "_" { out.append("_") }
                out.append(contentsOf: "ni")
                previous = character == "ñ" ? "i" : "I"
                continue
            }
            let base = character.unicodeScalars.first.map { Character(Unicode.Scalar(Self.unaccented($0.value)) ?? $0) } ?? character
            if base.isUppercase, let p = previous, p.isLowercase || p.isNumber, out.last != "_" { out.append("_") }
            if base.isASCII && (base.isLetter || base.isNumber) {
                out.append(contentsOf: base.lowercased())
            } else if out.last != "_" {
                out.append("_")
            }
            previous = base
        }
        return out
    }

    /// The unaccented Latin letter of a code point (á → a), or the code point itself.
    private static func unaccented(_ value: UInt32) -> UInt32 {
        switch value {
        case 0xE0...0xE5: 0x61
        case 0xC0...0xC5: 0x41
        case 0xE8...0xEB: 0x65
        case 0xC8...0xCB: 0x45
        case 0xEC...0xEF: 0x69
        case 0xCC...0xCF: 0x49
        case 0xF2...0xF6: 0x6F
        case 0xD2...0xD6: 0x4F
        case 0xF9...0xFC: 0x75
        case 0xD9...0xDC: 0x55
        case 0xF1: 0x6E
        case 0xD1: 0x4E
        case 0xE7: 0x63
        case 0xC7: 0x43
        default: value
        }
    }

    /// A name as authors mistype ids: a letter, then letters (any case), digits, `_` or `-`.
    /// A target spelt so is kept, so that the checker can say which step or flow was meant.
    static func isLooseIdentifier(_ s: Substring) -> Bool {
        guard let first = s.unicodeScalars.first, first.properties.isAlphabetic else { return false }
        if s.utf8.allSatisfy({ (($0 | 0x20) >= 97 && ($0 | 0x20) <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 95 || $0 == 45 }) { return true }
        // Letters of any language (`confirmación`, `atención`): ids are names people read, never expressions.
        return s.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || $0.properties.generalCategory == .nonspacingMark
            || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" }
    }

    func error(_ rule: String, _ message: String, _ range: SourceRange, notes: [DiagnosticNote] = [], help: String? = nil) {
        sink.error(rule, message, file: path, range: range, notes: notes, help: help)
    }

    func warning(_ rule: String, _ message: String, _ range: SourceRange, notes: [DiagnosticNote] = [], help: String? = nil) {
        sink.warning(rule, message, file: path, range: range, notes: notes, help: help)
    }

    func wrongType(_ node: YAMLNode, expected: String, what: String, help: String? = nil) {
        if node.isBroken { return }
        error("wrong-type", "\(what) must be \(expected), not \(node.typeDescription)", node.range,
              help: help ?? Self.shapeHelp(expected: expected, what: what, node: node))
    }

    /// A hint fitting the value that was expected, for a wrong type reported without its own.
    static func shapeHelp(expected: String, what: String, node: YAMLNode) -> String {
        if expected.hasPrefix("a mapping") {
            return "write \(what) as `key: value` pairs indented under it (or `{key: value}` on one line)"
        }
        if expected.hasPrefix("a list") {
            if let text = node.scalar?.text, !text.isEmpty { return "write it as a list, e.g. `[\(text)]`" }
            return "write it as a list: `[a, b]`, or one `- item` per line"
        }
        if expected.contains("number") {
            return "write a number, e.g. `3`" + (node.scalar != nil ? " (digits only, no quotes or units)" : "")
        }
        if expected == "`true` or `false`" { return "write `true` or `false`" }
        if expected.hasPrefix("a duration") { return "write a number and a unit: `30s`, `15m`, `2h` or `1d`" }
        if node.mapping != nil, let pair = node.mapping?.first, pair.keyText != nil {
            // `say: {{contact.name}}` unquoted is a YAML mapping: the most common slip.
            return "write \(expected) on one line; if it starts with `{` or `[`, put it in quotes"
        }
        if node.sequence != nil { return "write \(expected), not a list (drop the `[ ]` or the `- `)" }
        return "write \(expected) here"
    }

    /// Reads a mapping, reporting keys outside `allowed` (with "did you mean").
    /// `elsewhere` names, for keys that belong to another context, where they belong.
    /// Keys as people write them in Spanish or Portuguese (folded, without accents), or as other bot
    /// tools name them, and the key each means.
    static let foreignKeys: [String: [String]] = [
        "decir": ["say"], "di": ["say"], "dice": ["say"], "enviar": ["say"], "mensaje": ["text", "say", "body"], "dizer": ["say"], "falar": ["say"],
        "mensagem": ["say", "body"], "responder": ["say"], "texto": ["text", "say", "body"],
        "cuerpo": ["body"], "corpo": ["body"], "asunto": ["subject"], "assunto": ["subject"],
        "preguntar": ["ask"], "pregunta": ["ask"], "perguntar": ["ask"], "pergunta": ["ask"],
        "opciones": ["options"], "opcoes": ["options"], "opciones_menu": ["options"],
        "decision": ["branch"], "decisao": ["branch"], "condicion": ["branch"], "condicao": ["branch"], "si": ["branch"], "se": ["branch"],
        "asignar": ["set"], "definir": ["set"], "establecer": ["set"], "setear": ["set"], "atribuir": ["set"],
        "fin": ["end"], "terminar": ["end"], "finalizar": ["end"], "fim": ["end"], "encerrar": ["end"], "salir": ["end"],
        "llamar": ["call"], "chamar": ["call"], "volver": ["return"], "regresar": ["return"], "retornar": ["return"],
        "derivar": ["handoff"], "transferir": ["handoff"],
        "guardar": ["save"], "salvar": ["save"], "grabar": ["save"], "almacenar": ["save"],
        "reintentos": ["retries"], "intentos": ["retries"], "tentativas": ["retries"],
        "invalido": ["invalid"], "tiempo": ["timeout"], "tiempo_limite": ["timeout"], "tempo": ["timeout"],
        "tipo": ["type", "expect"], "esperar": ["expect"], "validar": ["expect"],
        "pasos": ["steps"], "passos": ["steps"], "flujo": ["flow"], "fluxo": ["flow"], "disparadores": ["triggers"], "gatilhos": ["triggers"],
        "palabras": ["keywords"], "palabras_clave": ["keywords"], "palavras": ["keywords"], "palavras_chave": ["keywords"],
        "variables": ["vars"], "variaveis": ["vars"], "descripcion": ["description"], "descricao": ["description"],
        "idioma": ["locale"], "language": ["locale"], "lang": ["locale"], "lenguaje": ["locale"], "lingua": ["locale"], "buttons": ["options"], "choices": ["options"], "items": ["options"], "inicio": ["start"], "nombre": ["name"], "nome": ["name"],
        // As other bot tools name them.
        "type": ["expect"], "input_type": ["expect"], "validation": ["expect"], "validate": ["expect"],
        "error": ["invalid", "on_error"], "error_message": ["invalid"], "invalid_message": ["invalid"], "retry_message": ["invalid"],
        "max_retries": ["retries"], "attempts": ["retries"], "max_attempts": ["retries"],
    ]

    /// `aliases` maps words people write for an allowed key (`latitude`) to it (`lat`).
    func fields(_ node: YAMLNode, allowed: [String], what: String, elsewhere: [String: String] = [:],
                aliases: [String: String] = [:]) -> Fields? {
        guard let pairs = node.mapping else {
            wrongType(node, expected: "a mapping", what: what)
            return nil
        }
        var kept: [YAMLPair] = []
        var order: [String] = []
        kept.reserveCapacity(pairs.count)
        order.reserveCapacity(pairs.count)
        var suggested: Set<String> = []
        var unmatched = false
        let tails = Self.commaTails(pairs, allowed: allowed)
        for (n, pair) in pairs.enumerated() {
            guard let key = pair.keyText else { continue }
            if !allowed.contains(key) { pair.value.words(into: &flags.droppedWords) }
            if !tails.isEmpty, let head = tails[n] {
                // `{choices: rojo, azul, verde}`: a list without `[ ]`, read as the text it was written
                // as (the key's reader reports it once, with the list it meant, see below).
                // `{label: Nada, gracias}`: text a `,` cut, one error at the first piece.
                if tails[n - 1] == nil, let headKey = pairs[head].keyText, !Self.listKeys.contains(headKey) {
                    let run = Self.commaRun(pairs, tails: tails, head: head)
                    error("unknown-key", "unknown key `\(key)` in \(what)", pair.key.range,
                          help: "a `,` inside `{…}` ends a value: quote the text that holds one, e.g. `\(headKey): \"\(run.text)\"`")
                    unmatched = true
                }
                continue
            }
            if aliases[key] == nil, allowed.contains("goto"), Self.gotoWords.contains(key) {
                // `next: done`, `go: menu`, `then: pay`: what other tools call a jump.
                error("unknown-key", "unknown key `\(key)` in \(what)", pair.key.range, help: "did you mean `goto`?")
                suggested.insert("goto")
                flags.lostTargets = true
                continue
            }
            if allowed.contains(key) {
                if !tails.isEmpty, tails[n + 1] == n, Self.listKeys.contains(key) {
                    let run = Self.commaRun(pairs, tails: tails, head: n)
                    var joined = pair
                    joined.value = YAMLNode(kind: .scalar(YAMLScalar(text: run.text, style: .plain, value: .string(run.text))), range: run.range)
                    kept.append(joined)
                } else {
                    kept.append(pair)
                }
                order.append(key)
            } else if let space = key.unicodeScalars.first(where: Self.oddSpaces.contains) {
                // Text copied off a web page or a chat: a non-breaking space looks like indentation
                // but is part of the key to YAML.
                let hex = String(space.value, radix: 16, uppercase: true)
                let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
                let shown = key.unicodeScalars.map { Self.oddSpaces.contains($0) ? "\\u{\(String($0.value, radix: 16, uppercase: true))}" : String($0) }.joined()
                error("unknown-key", "key `\(shown)` holds an invisible space (\(code)) that YAML does not take as indentation or a separator",
                      pair.key.range, help: "replace it with a plain space (it often comes from text copied off a web page)")
                unmatched = true
                flags.lostTargets = true
            } else {
                // A key written in Spanish or Portuguese (`guardar`, `pregunta`, `opciones`) is the one it names.
                let translated = Self.foreignKeys[Suggestion.plainKey(key)]?.first(where: allowed.contains)
                if let near = aliases[key] ?? translated ?? Suggestion.closest(to: key, in: allowed) { suggested.insert(near) } else { unmatched = true }
                var help = (aliases[key] ?? translated).map { "did you mean `\($0)`?" } ?? Suggestion.didYouMean(key, in: allowed)
                if help == nil, let place = elsewhere[key] { help = "`\(key)` belongs to \(place)" }
                if help == nil { help = "allowed here: " + allowed.map { "`\($0)`" }.joined(separator: ", ") }
                error("unknown-key", "unknown key `\(key)` in \(what)", pair.key.range, help: help)
                // A target written where it is not read (`on_error` on a `set`): the step it names is
                // not unreachable, its one mistake is this one.
                // So is a misspelt one (`on_fial`, `go_to`, `got`).
                if Self.targetKeys.contains(key) || (aliases[key] ?? Suggestion.closest(to: key, in: allowed)).map(Self.targetKeys.contains) == true
                    || Suggestion.closest(to: key, in: Self.targetKeys.sorted()) != nil {
                    flags.lostTargets = true
                }
            }
        }
        var fields = Fields(node: node, pairs: kept, order: order)
        fields.suggested = suggested
        fields.hadUnknown = unmatched || pairs.contains { $0.keyText == nil } || node.isBroken
        return fields
    }

    /// Keys whose value is a list (`{choices: rojo, azul}` meant `[rojo, azul]`).
    static let listKeys: Set<String> = ["choices", "buttons", "keywords"]

    /// The pairs a `,` inside `{…}` split off a plain value (`{label: Nada, gracias}`: a key
    /// `gracias` with no value, on the same line): their index → the index of the pair whose value
    /// they continue. (Rare: read only when the mapping has a key with no value.)
    static func commaTails(_ pairs: [YAMLPair], allowed: [String]) -> [Int: Int] {
        var tails: [Int: Int] = [:]
        guard pairs.contains(where: { $0.value.isNull }) else { return tails }
        for n in pairs.indices.dropFirst() {
            let pair = pairs[n]
            guard pair.value.isNull, pair.key.scalar?.style == .plain, let key = pair.keyText, !allowed.contains(key) else { continue }
            if let head = tails[n - 1] {
                if pairs[head].key.range.start.line == pair.key.range.start.line { tails[n] = head }
                continue
            }
            let previous = pairs[n - 1]
            guard let before = previous.keyText, allowed.contains(before), let scalar = previous.value.scalar, scalar.style == .plain,
                  !previous.value.isNull, !scalar.text.isEmpty, previous.key.range.start.line == pair.key.range.start.line
            else { continue }
            tails[n] = n - 1
        }
        return tails
    }

    /// The value a `,` split, as written (`2,5kg` stays `2,5kg`, `Nada, gracias` keeps its space),
    /// from the value of `pairs[head]` to the last key split off it.
    static func commaRun(_ pairs: [YAMLPair], tails: [Int: Int], head: Int) -> (text: String, range: SourceRange) {
        var text = pairs[head].value.scalar?.text ?? ""
        var end = pairs[head].value.range.end
        var n = head + 1
        while tails[n] == head, let key = pairs[n].keyText {
            let gap = pairs[n].key.range.start.column - end.column
            text += "," + String(repeating: " ", count: max(0, min(gap - 1, 8))) + key
            end = pairs[n].key.range.end
            n += 1
        }
        return (text, SourceRange(start: pairs[head].value.range.start, end: end))
    }

    static let targetKeys: Set<String> = ["goto", "on_error", "on_fail", "on_timeout"]
    /// Spaces that look like a plain one: no-break, thin, ideographic, zero-width, BOM.
    static let oddSpaces: Set<Unicode.Scalar> = Set([0x00A0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008,
                                                     0x2009, 0x200A, 0x200B, 0x202F, 0x205F, 0x3000, 0xFEFF].compactMap(Unicode.Scalar.init))
    static let gotoWords: Set<String> = ["next", "go", "jump", "then", "go_to", "next_step", "jump_to", "redirect"]

    func require(_ fields: Fields, _ key: String, what: String, help: String? = nil) -> YAMLNode? {
        if let node = fields[key] { return node }
        if fields.suggested.contains(key) || fields.hadUnknown { return nil }
        error("missing-key", "\(what) needs `\(key)`", fields.node.range, help: help ?? "add `\(key):` to \(what)")
        return nil
    }

    /// A template or plain text: strings, and numbers or booleans written bare.
    func text(_ node: YAMLNode, what: String) -> TextValue? {
        guard let scalar = node.scalar else {
            wrongType(node, expected: "text", what: what)
            return nil
        }
        // A stand-in for a mistake already reported (a value behind an unknown tag) is not read.
        if node.isBroken { return nil }
        if case .null = scalar.value {
            error("wrong-type", "\(what) must be text, but it is empty", node.range)
            return nil
        }
        return TextValue(text: scalar.text, node: node)
    }

    /// An identifier (`[a-z][a-z0-9_]*`).
    func identifier(_ node: YAMLNode, what: String) -> Located<String>? {
        guard let scalar = node.scalar, case .string(let s) = scalar.value else {
            wrongType(node, expected: "a name (\(Self.idPattern))", what: what)
            return nil
        }
        return checked(s, node.range, what: what, strict: true)
    }

    /// A flow id or a flow named as a value (``isName(_:)``).
    func name(_ node: YAMLNode, what: String) -> Located<String>? {
        guard let scalar = node.scalar, case .string(let s) = scalar.value else {
            wrongType(node, expected: "a name (\(Self.namePattern))", what: what)
            return nil
        }
        // `start: flows/main.yaml`: the file where its id is meant.
        if s.contains("/") || s.hasSuffix(".yaml") || s.hasSuffix(".yml"), let file = Self.flowFileId(s) {
            error("invalid-id", "`\(s)` is not a valid \(what): a flow is named by its id (`flow:`), not by its file", node.range,
                  help: "write `\(file)`")
            return nil
        }
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        if parts.count == 2, parts.allSatisfy(Self.isLooseIdentifier) {
            // `call: support.agent`, `start: main.home`: a step where a flow is named.
            error("invalid-id", "`\(s)` is not a valid \(what): a flow is named alone, not as `FLOW.STEP`", node.range,
                  help: "write `\(parts[0])`" + (what.contains("call") ? " (to go to that step, `goto: \(s)`)" : ""))
            return nil
        }
        return checked(s, node.range, what: what, strict: false)
    }

    /// The flow id a flow's file path likely stands for: `flows/main.yaml` → `main`; nil when its
    /// name is no id.
    static func flowFileId(_ path: String) -> String? {
        var name = Substring(path.split(separator: "/").last ?? "")
        for suffix in [".yaml", ".yml"] where name.hasSuffix(suffix) { name = name.dropLast(suffix.count) }
        return !name.isEmpty && isName(String(name)) ? String(name) : nil
    }

    /// A step id as a mapping key (``isName(_:)``).
    func nameKey(_ pair: YAMLPair, what: String) -> Located<String>? {
        pair.keyText.flatMap { checked($0, pair.key.range, what: what, strict: false) }
    }

    /// `text` as a bot-style id (`strict`: ``isIdentifier(_:)``) or a flow/step id (``isName(_:)``);
    /// otherwise an `invalid-id` error with its snake_case spelling as the fix.
    private func checked(_ text: String, _ range: SourceRange, what: String, strict: Bool) -> Located<String>? {
        guard strict ? Self.isIdentifier(text) : Self.isName(text) else {
            let fixed = Self.suggestedName(text)
            error("invalid-id", "`\(text)` is not a valid \(what): use \(strict ? Self.idPattern : Self.namePattern)\(Self.asciiNote(text))", range,
                  help: Self.isIdentifier(fixed) ? "write `\(fixed)`" : Self.idHelp(text, what: what))
            return nil
        }
        return Located(text, range)
    }

    /// A fix for a flow or step id with no letter to start it (`"2"`, `"-"`): a word for what it
    /// names before its digits. Nil for other names (the rule's own example fits them).
    static func idHelp(_ text: String, what: String) -> String? {
        let word = what.hasPrefix("step") ? "paso" : what.hasPrefix("flow") ? "flujo" : nil
        guard let word else { return nil }
        let digits = String(text.filter { $0.isASCII && $0.isNumber })
        return digits.isEmpty ? "start it with a letter, e.g. `\(word)_1`" : "start it with a letter: `\(word)_\(digits)`"
    }

    /// Names a variable cannot take: the namespaces and the expression keywords.
    static var reserved: Set<String> { ReservedNames.all }

    /// Variable names are expression identifiers: `[A-Za-z_][A-Za-z0-9_]*`.
    static func isVariableName(_ s: String) -> Bool {
        guard let first = s.utf8.first, (first >= 97 && first <= 122) || (first >= 65 && first <= 90) || first == 95 else { return false }
        return s.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 65 && $0 <= 90) || ($0 >= 48 && $0 <= 57) || $0 == 95 }
    }

    /// A variable name given as a value (`save: qty`, `save_status: status`); `key` names it in messages.
    func variable(_ node: YAMLNode, key: String = "save") -> Located<String>? {
        guard let scalar = node.scalar, case .string(let s) = scalar.value else {
            wrongType(node, expected: "a variable name", what: "`\(key)`")
            return nil
        }
        guard Self.isVariableName(s) else {
            error("invalid-id", "`\(s)` is not a valid variable name: use letters, digits and `_`, starting with a letter\(Self.asciiNote(s))", node.range,
                  help: Self.variableNameHelp(s))
            if let fixed = Self.fixedVariableName(s), !Self.reserved.contains(fixed) { flags.refusedNames.insert(fixed) }
            return nil
        }
        return variableName(Located(s, node.range))
    }

    /// A fix for a name that is not a variable name: the name with other characters as `_`,
    /// and an `n` before a leading digit (`1x` → `n1x`, `precio-final` → `precio_final`).
    static func variableNameHelp(_ name: String) -> String {
        fixedVariableName(name).map { "write `\($0)`" } ?? "for example `total_price` or `qty2`"
    }

    /// The variable name `variableNameHelp` suggests for `name`, if there is one.
    static func fixedVariableName(_ name: String) -> String? {
        var fixed = String(suggestedName(name).map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })
        if let first = fixed.first, first.isNumber { fixed = "n" + fixed }
        return isVariableName(fixed) && fixed != name ? fixed : nil
    }

    /// For a name with a letter outside a–z (`dirección`, `año`): the reason it is refused.
    static func asciiNote(_ name: String) -> String {
        name.contains(where: { !$0.isASCII && $0.isLetter }) ? " (a–z only: no accents or ñ)" : ""
    }

    /// A variable name given as a mapping key (`vars:`, `set:`).
    func variableKey(_ pair: YAMLPair) -> Located<String>? {
        guard let key = pair.keyText else { return nil }
        guard Self.isVariableName(key) else {
            error("invalid-id", "`\(key)` is not a valid variable name: use letters, digits and `_`, starting with a letter\(Self.asciiNote(key))", pair.key.range,
                  help: Self.variableNameHelp(key))
            if let fixed = Self.fixedVariableName(key), !Self.reserved.contains(fixed) { flags.refusedNames.insert(fixed) }
            return nil
        }
        return variableName(Located(key, pair.key.range))
    }

    /// Checks that a variable name is an identifier and not a namespace or keyword.
    func variableName(_ name: Located<String>) -> Located<String>? {
        guard Self.reserved.contains(name.value) else { return name }
        error("reserved-name", "`\(name.value)` cannot be a variable name: it is \(ReservedNames.what(name.value)) of expressions",
              name.range, help: "choose another name, e.g. `\(name.value)_value`")
        return nil
    }

    /// Checks a mapping key as an identifier (data source names).
    func identifierKey(_ pair: YAMLPair, what: String) -> Located<String>? {
        pair.keyText.flatMap { checked($0, pair.key.range, what: what, strict: true) }
    }
}

