import FlowDiagnostics
import FlowSyntax

/// A conversation variable: its type, where it got it, and whether anything reads it.
struct VariableInfo {
    var name: String
    var type: ValueType
    /// The declared input kind (for validation), when declared or asked with `expect`.
    var kind: VarKind?
    /// The spec it was declared with.
    var spec: VarSpec?
    /// Where the type was first given.
    var file: String
    var range: SourceRange
    /// Whether the type came from an explicit declaration (`vars:`), which wins over inference.
    var declared: Bool
    var reads = 0
    /// Implicit variables (regex groups) are not reported as unused.
    var implicit = false
    /// Declared with a type that was wrong (reported): of no known type whatever saves it, so
    /// that its reads raise no type errors of their own.
    var open = false
    /// Given two types (reported): its reads are not type-checked against either.
    var conflicted = false
}

/// The bot-wide table of conversation variables (flows share them).
final class VariableTable: ExpressionScope {
    /// The variables in the order they were first given a type; `index` finds them by name.
    /// (An array, so that reading a type or counting a read never copies a whole `VariableInfo`.)
    private var table: [VariableInfo] = []
    private var index: [String: Int] = [:]
    private(set) var order: [String] = []
    private let sink: DiagnosticSink

    init(sink: DiagnosticSink) {
        self.sink = sink
    }

    static func valueType(_ kind: VarKind) -> ValueType {
        switch kind {
        case .text, .phone, .email, .time, .regex, .choice, .any: .text
        case .number: .number
        case .date: .date
        case .datetime: .datetime
        case .yesNo, .bool: .bool
        case .json, .image, .document, .location: .json
        case .list: .list(.json)
        }
    }

    /// The type expressions see: any (json) for a variable given two types.
    func variableType(_ name: String) -> ValueType? { index[name].map { table[$0].conflicted ? .json : table[$0].type } }
    /// Tells the columns of what `query` steps alone save (set by the checker).
    var rowColumnsOf: ((String) -> [String]?)?
    func rowColumns(_ name: String) -> [String]? { rowColumnsOf?(name) }
    /// Tells the option ids of what menus alone save (set by the checker).
    var optionIdsOf: ((String) -> Set<String>?)?
    func optionIds(_ name: String) -> Set<String>? { optionIdsOf?(name) }
    func variableKind(_ name: String) -> VarKind? { index[name].flatMap { table[$0].kind } }
    var variableNames: [String] { order }
    /// The fields of what a `location` question saves: a pin's coordinates, name and address, as
    /// every provider's pin is given. (A photo's or a file's fields are the provider's own,
    /// `sha256`, `fileName`, …: not checked.)
    static let mediaFields: [VarKind: (kind: String, fields: [String])] = [
        .location: ("a location", ["lat", "lng", "name", "address"]),
    ]
    func valueFields(_ name: String) -> (kind: String, fields: [String])? {
        guard let info = self[name], !info.open, let kind = info.kind else { return nil }
        return Self.mediaFields[kind]
    }

    subscript(name: String) -> VariableInfo? { index[name].map { table[$0] } }

    func markRead(_ name: String) { if let i = index[name] { table[i].reads += 1 } }

    func setReads(_ name: String, _ count: Int) { if let i = index[name] { table[i].reads = count } }

    /// Declares under `vars:`; two declarations must agree on the kind.
    func declare(_ decl: VarDecl, file: String) {
        let name = decl.name.value
        if decl.spec.isUnknown {
            // A declaration whose type was wrong (and reported): the name exists, its type is open.
            if self[name] == nil {
                insert(VariableInfo(name: name, type: .json, file: file, range: decl.name.range, declared: false, implicit: true, open: true))
            }
            return
        }
        let kind = decl.spec.kind.value
        if let existing = self[name], existing.declared {
            if existing.kind != kind {
                conflict(name, newType: kind.rawValue, oldType: existing.kind?.rawValue ?? existing.type.description,
                         file: file, range: decl.spec.kind.range, existing: existing)
            }
            return
        }
        insert(VariableInfo(name: name, type: Self.valueType(kind), kind: kind, spec: decl.spec, file: file,
                            range: decl.name.range, declared: true))
    }

    /// Records that a step saves a value of `type` (and input `kind`, for questions) into `name`.
    func save(_ name: Located<String>, type: ValueType, kind: VarKind? = nil, file: String, implicit: Bool = false) {
        if let i = index[name.value] {
            let existing = table[i]
            if existing.open { return }
            // A variable declared with a plain type may be asked with a question type that gives
            // it: `text` as `email` or `phone`, `bool` as `yes_no`.
            if let kind, let oldKind = existing.kind, kind != oldKind,
               !(existing.declared && (oldKind == .text || oldKind == .any) && Self.valueType(kind) == .text),
               !(existing.declared && oldKind == .bool && Self.valueType(kind) == .bool) {
                conflict(name.value, newType: kind.rawValue, oldType: oldKind.rawValue, file: file, range: name.range, existing: existing)
            } else if !type.isCompatible(with: existing.type) || !existing.type.isCompatible(with: type) {
                conflict(name.value, newType: type.description, oldType: existing.type.description,
                         file: file, range: name.range, existing: existing)
            } else if existing.type == .json, type != .json, !existing.declared {
                // The placeholder of a `set` not typed yet: the type is given here.
                table[i].type = type
                if !existing.implicit { table[i].file = file; table[i].range = name.range }
            }
            return
        }
        insert(VariableInfo(name: name.value, type: type, kind: kind, file: file, range: name.range, declared: false, implicit: implicit))
    }

    /// Refines a variable whose type was a placeholder (set before its value was inferred).
    func refine(_ name: String, to type: ValueType) {
        guard let i = index[name], !table[i].declared, !table[i].open, table[i].type == .json else { return }
        table[i].type = type
    }

    private func insert(_ info: VariableInfo) {
        if let i = index[info.name] {
            table[i] = info
        } else {
            index[info.name] = table.count
            table.append(info)
            order.append(info.name)
        }
    }

    private func conflict(_ name: String, newType: String, oldType: String, file: String, range: SourceRange, existing: VariableInfo) {
        // Neither type is right until the conflict is fixed: the variable's reads raise no type
        // errors of their own (`{{qty * 2}}` with `qty` also text is that same mistake).
        if let i = index[name] { table[i].conflicted = true }
        // Reported where the second type is given in the file (types are settled in passes, not in
        // file order: a `set` typed after an `ask` that comes later is still the first).
        if existing.file == file, existing.range.start > range.start, !existing.declared {
            sink.error("var-type-conflict", "variable `\(name)` is given two types: \(newType) and \(oldType)",
                       file: file, range: existing.range,
                       notes: [DiagnosticNote("`\(name)` is \(newType) here", file: file, range: range)],
                       help: "use another variable name for the \(oldType) value")
            return
        }
        sink.error("var-type-conflict", "variable `\(name)` is given two types: \(oldType) and \(newType)",
                   file: file, range: range,
                   notes: [DiagnosticNote("`\(name)` is \(oldType) here", file: existing.file, range: existing.range)],
                   help: "use another variable name for the \(newType) value")
    }
}
