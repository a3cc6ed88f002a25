/// The `.flowb` file: `FLOWB` magic, format version, content hash, then the payload.
///
/// ```
/// 0  "FLOWB\0"            6 bytes
/// 6  format version       u16 little-endian
/// 8  content hash         8 bytes: FNV-1a 64 of the payload
/// 16 payload length       u32 little-endian
/// 20 payload              strings, constants, bot, flows (code, positions as deltas), specs
/// ```
public enum BundleCodec {
    /// The format this build writes. Version 2 added a date rule's `format` and list-row descriptions;
    /// version 3 the `url_encode` builtin (HTTP URL holes), so that an older flowd refuses such a bundle
    /// as a newer format instead of failing on an unknown call; version 4 `track` with a rendered
    /// event name (`b` = 1), which an older flowd would record under the template's text; version 5
    /// a menu's list button with `{{ }}` holes, rendered (`sendMenu` with `b` = 1); version 6 `add`
    /// with `a` = 1, a sum of numbers (a json text there is an error, not joined); version 7 `ask`
    /// with bounds worked out when asked (`b` flags, ``AskBounds``), which an older flowd would not pop;
    /// version 8 an effect's `saveKind` (an HTTP body checked against the declared type it fills);
    /// version 9 a question's `interrupts` mode and the `fit` instruction (a json value `set` into a
    /// declared variable); version 10 a phone's own default country on its fitted kind (`phone:MX`, a
    /// `fit` or an effect's `saveKind`), which an older flowd would take for no phone.
    public static let formatVersion: UInt16 = 10
    /// The oldest format this build still reads (fields added since read as absent).
    public static let oldestReadableVersion: UInt16 = 1
    public static let magic: [UInt8] = Array("FLOWB".utf8) + [0]
    /// Magic, version, hash and payload length: the bytes before the payload.
    public static let headerSize = 20

    /// Why a bundle cannot be loaded.
    public enum LoadError: Error, Sendable, Equatable, CustomStringConvertible {
        case notABundle
        case wrongVersion(found: Int, expected: Int)
        /// The payload is shorter than the header says.
        case truncated(expected: Int, found: Int)
        /// The file ends within the 20-byte header.
        case truncatedHeader(found: Int)
        case hashMismatch
        case corrupt(String)

        public var description: String {
            switch self {
            case .notABundle: "not a flowc bundle (the file does not start with FLOWB)"
            case .wrongVersion(let found, let expected) where found > expected:
                "bundle format version \(found) is newer than this flowc reads (up to \(expected)): upgrade flowc, or build the bundle with this one (`flowc build`)"
            case .wrongVersion(let found, let expected):
                "bundle format version \(found), but this flowc reads versions \(BundleCodec.oldestReadableVersion) to \(expected); rebuild it with `flowc build`"
            case .truncated(let expected, let found): "bundle is truncated: \(found) of \(expected) payload bytes"
            case .truncatedHeader(let found): "bundle is truncated: \(found) of its \(BundleCodec.headerSize) header bytes"
            case .hashMismatch: "bundle is corrupt: its content hash does not match"
            case .corrupt(let what): "bundle is corrupt: \(what)"
            }
        }
    }

    /// FNV-1a 64-bit hash as 16 hex digits.
    public static func hash(_ bytes: [UInt8]) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes {
            h ^= UInt64(b)
            h = h &* 0x0000_0100_0000_01B3
        }
        let hex = String(h, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// The content hash of a bundle (the hash of its payload).
    public static func contentHash(_ bundle: Bundle) -> String { hash(payload(bundle)) }

    /// The whole file.
    public static func encode(_ bundle: Bundle) -> [UInt8] { encode(bundle, asVersion: formatVersion) }

    /// The whole file in an older readable format (the fields added since left out), as an older
    /// flowc wrote it: how tests show that such bundles still load.
    public static func encode(_ bundle: Bundle, asVersion version: UInt16) -> [UInt8] {
        let body = payload(bundle, version: Int(version))
        var w = ByteWriter()
        w.raw(magic)
        w.u8(UInt8(version & 0xFF)); w.u8(UInt8(version >> 8))
        var h = UInt64(hash(body), radix: 16) ?? 0
        for _ in 0..<8 { w.u8(UInt8(h & 0xFF)); h >>= 8 }
        var n = UInt32(body.count)
        for _ in 0..<4 { w.u8(UInt8(n & 0xFF)); n >>= 8 }
        w.raw(body)
        return w.bytes
    }

    static func payload(_ b: Bundle, version: Int = Int(formatVersion)) -> [UInt8] {
        var w = ByteWriter()
        w.string(b.botId); w.string(b.botName); w.string(b.locale); w.string(b.timezone)
        w.int(b.startFlow)
        w.uvar(UInt64(b.files.count)); for f in b.files { w.string(f) }
        w.uvar(UInt64(b.strings.count)); for s in b.strings { w.string(s) }
        w.uvar(UInt64(b.constants.count)); for c in b.constants { w.value(c) }
        w.uvar(UInt64(b.flows.count)); for f in b.flows { writeFlow(f, &w) }
        writeFlow(b.botCode, &w)
        w.int(Int(b.errorMessagePC))
        w.uvar(UInt64(b.interrupts.count))
        for i in b.interrupts {
            w.uvar(UInt64(i.keywords.count)); for k in i.keywords { w.string(k) }
            w.string(i.regex)
            switch i.action {
            case .goto(let flow, let pc): w.u8(0); w.int(Int(flow)); w.int(Int(pc))
            case .end(let pc): w.u8(1); w.int(Int(pc))
            case .handoff(let pc): w.u8(2); w.int(Int(pc))
            }
        }
        w.uvar(UInt64(b.rules.count))
        for r in b.rules {
            w.string(r.kind)
            optional(r.min, &w); optional(r.max, &w)
            w.u8(r.integer ? 1 : 0)
            w.string(r.pattern); w.string(r.region); w.string(r.after); w.string(r.before)
            if version >= 2 { w.string(r.format) }
            w.uvar(UInt64(r.choices.count)); for c in r.choices { w.string(c) }
        }
        w.uvar(UInt64(b.asks.count))
        for a in b.asks { w.int(Int(a.rule)); writeQuestion(a.question, &w, version: version) }
        w.uvar(UInt64(b.menus.count))
        for m in b.menus {
            w.uvar(UInt64(m.ids.count))
            for (i, id) in m.ids.enumerated() { w.string(id); w.int(Int(m.targets[i])); w.int(Int(m.targetFlows[i])) }
            w.string(m.style); w.string(m.button)
            if version >= 2 { w.uvar(UInt64(m.described.count)); for d in m.described { w.u8(d ? 1 : 0) } }
            writeQuestion(m.question, &w, version: version)
        }
        w.uvar(UInt64(b.effects.count))
        for e in b.effects {
            w.string(e.kind); w.int(Int(e.save)); w.int(Int(e.saveStatus)); w.int(Int(e.onError)); w.int(Int(e.onErrorFlow))
            if version >= 8 { w.string(e.saveKind) }
        }
        w.uvar(UInt64(b.handoffs.count))
        for h in b.handoffs { w.svar(h.timeoutMs); w.int(Int(h.onTimeout)); w.int(Int(h.onTimeoutFlow)) }
        return w.bytes
    }

    private static func optional(_ v: Double?, _ w: inout ByteWriter) {
        if let v { w.u8(1); w.double(v) } else { w.u8(0) }
    }

    private static func writeQuestion(_ q: QuestionSpec, _ w: inout ByteWriter, version: Int) {
        w.int(Int(q.save)); w.int(Int(q.retries)); w.int(Int(q.onFail)); w.int(Int(q.onFailFlow))
        w.svar(q.timeoutMs); w.int(Int(q.onTimeout)); w.int(Int(q.onTimeoutFlow)); w.int(Int(q.questionPC))
        let reasons = q.invalid.keys.sorted()
        w.uvar(UInt64(reasons.count))
        for r in reasons { w.string(r); w.int(Int(q.invalid[r] ?? -1)) }
        if version >= 9 { w.u8(q.interrupts.rawValue) }
    }

    private static func writeFlow(_ f: FlowCode, _ w: inout ByteWriter) {
        w.string(f.name); w.int(f.file)
        w.uvar(UInt64(f.code.count))
        var line: Int32 = 0
        for (i, ins) in f.code.enumerated() {
            w.u8(ins.op.rawValue); w.svar(Int64(ins.a)); w.svar(Int64(ins.b))
            // Positions as deltas: the line moves little from one instruction to the next.
            w.svar(Int64(f.lines[i] - line)); w.int(Int(f.columns[i]))
            line = f.lines[i]
        }
        w.uvar(UInt64(f.steps.count)); for s in f.steps { w.string(s.id); w.int(Int(s.pc)) }
        w.uvar(UInt64(f.triggers.count))
        for t in f.triggers {
            switch t {
            case .keywords(let k): w.u8(0); w.uvar(UInt64(k.count)); for x in k { w.string(x) }
            case .regex(let r): w.u8(1); w.string(r)
            }
        }
    }

    /// Loads a `.flowb` file, checking magic, version, length and hash, then every index.
    public static func decode(_ bytes: [UInt8]) throws(LoadError) -> Bundle {
        guard bytes.count >= 6, Array(bytes[0..<6]) == magic else { throw .notABundle }
        guard bytes.count >= headerSize else { throw .truncatedHeader(found: bytes.count) }
        let version = Int(bytes[6]) | Int(bytes[7]) << 8
        guard (Int(oldestReadableVersion)...Int(formatVersion)).contains(version) else {
            throw .wrongVersion(found: version, expected: Int(formatVersion))
        }
        var h: UInt64 = 0
        for i in 0..<8 { h |= UInt64(bytes[8 + i]) << (8 * UInt64(i)) }
        var n = 0
        for i in 0..<4 { n |= Int(bytes[16 + i]) << (8 * i) }
        guard bytes.count - 20 >= n else { throw .truncated(expected: n, found: bytes.count - 20) }
        guard bytes.count - 20 == n else { throw .corrupt("\(bytes.count - 20 - n) bytes after the payload") }
        let body = Array(bytes[20...])
        let expected = String(h, radix: 16)
        guard hash(body) == String(repeating: "0", count: 16 - expected.count) + expected else { throw .hashMismatch }
        do {
            let bundle = try readPayload(body, version: version)
            try BundleVerifier.verify(bundle)
            return bundle
        } catch let error as DecodeError {
            throw .corrupt(error.description)
        } catch let error as LoadError {
            throw error
        } catch {
            throw .corrupt("\(error)")
        }
    }

    private static func readPayload(_ body: [UInt8], version: Int) throws(DecodeError) -> Bundle {
        var r = ByteReader(body)
        var b = Bundle(botId: try r.string(), botName: try r.string(), locale: try r.string(), timezone: try r.string())
        b.startFlow = try r.int()
        for _ in 0..<(try r.count()) { b.files.append(try r.string()) }
        for _ in 0..<(try r.count()) { b.strings.append(try r.string()) }
        for _ in 0..<(try r.count()) { b.constants.append(try r.value()) }
        for _ in 0..<(try r.count()) { b.flows.append(try readFlow(&r)) }
        b.botCode = try readFlow(&r)
        b.errorMessagePC = Int32(try r.int())
        for _ in 0..<(try r.count()) {
            var keywords: [String] = []
            for _ in 0..<(try r.count()) { keywords.append(try r.string()) }
            let regex = try r.string()
            let action: InterruptSpec.Action
            switch try r.u8() {
            case 0:
                let flow = Int32(try r.int())
                action = .goto(flow: flow, pc: Int32(try r.int()))
            case 1: action = .end(pc: Int32(try r.int()))
            case 2: action = .handoff(pc: Int32(try r.int()))
            default: throw DecodeError("unknown interrupt action", offset: r.offset)
            }
            b.interrupts.append(InterruptSpec(keywords: keywords, regex: regex, action: action))
        }
        for _ in 0..<(try r.count()) {
            var rule = RuleSpec(kind: try r.string())
            rule.min = try r.u8() == 1 ? try r.double() : nil
            rule.max = try r.u8() == 1 ? try r.double() : nil
            rule.integer = try r.u8() == 1
            rule.pattern = try r.string(); rule.region = try r.string(); rule.after = try r.string(); rule.before = try r.string()
            if version >= 2 { rule.format = try r.string() }
            for _ in 0..<(try r.count()) { rule.choices.append(try r.string()) }
            b.rules.append(rule)
        }
        for _ in 0..<(try r.count()) {
            let rule = Int32(try r.int())
            b.asks.append(AskSpec(rule: rule, question: try readQuestion(&r, version: version)))
        }
        for _ in 0..<(try r.count()) {
            var ids: [String] = [], targets: [Int32] = [], flows: [Int32] = []
            for _ in 0..<(try r.count()) {
                ids.append(try r.string()); targets.append(Int32(try r.int())); flows.append(Int32(try r.int()))
            }
            let style = try r.string(), button = try r.string()
            var described: [Bool] = []
            if version >= 2 { for _ in 0..<(try r.count()) { described.append(try r.u8() != 0) } }
            b.menus.append(MenuSpec(ids: ids, targets: targets, targetFlows: flows, style: style, button: button, described: described,
                                    question: try readQuestion(&r, version: version)))
        }
        for _ in 0..<(try r.count()) {
            let kind = try r.string()
            let save = Int32(try r.int()), status = Int32(try r.int()), onError = Int32(try r.int())
            let onErrorFlow = Int32(try r.int())
            b.effects.append(EffectSpec(kind: kind, save: save, saveStatus: status, onError: onError, onErrorFlow: onErrorFlow,
                                        saveKind: version >= 8 ? try r.string() : ""))
        }
        for _ in 0..<(try r.count()) {
            let timeout = try r.svar()
            let pc = Int32(try r.int())
            b.handoffs.append(HandoffSpec(timeoutMs: timeout, onTimeout: pc, onTimeoutFlow: Int32(try r.int())))
        }
        guard r.atEnd else { throw DecodeError("\(r.remaining) unread bytes", offset: r.offset) }
        return b
    }

    private static func readQuestion(_ r: inout ByteReader, version: Int) throws(DecodeError) -> QuestionSpec {
        var q = QuestionSpec()
        q.save = Int32(try r.int()); q.retries = Int32(try r.int()); q.onFail = Int32(try r.int()); q.onFailFlow = Int32(try r.int())
        q.timeoutMs = try r.svar(); q.onTimeout = Int32(try r.int()); q.onTimeoutFlow = Int32(try r.int()); q.questionPC = Int32(try r.int())
        for _ in 0..<(try r.count()) {
            let reason = try r.string()
            q.invalid[reason] = Int32(try r.int())
        }
        if version >= 9 {
            guard let mode = QuestionSpec.Interrupts(rawValue: try r.u8()) else { throw DecodeError("unknown interrupts mode", offset: r.offset - 1) }
            q.interrupts = mode
        }
        return q
    }

    private static func readFlow(_ r: inout ByteReader) throws(DecodeError) -> FlowCode {
        var f = FlowCode(name: try r.string(), file: try r.int())
        let n = try r.count()
        var line: Int32 = 0
        f.code.reserveCapacity(n)
        for _ in 0..<n {
            let raw = try r.u8()
            guard let op = Opcode(rawValue: raw) else { throw DecodeError("unknown opcode \(raw)", offset: r.offset - 1) }
            let a = try r.svar(), b = try r.svar()
            guard let a32 = Int32(exactly: a), let b32 = Int32(exactly: b) else { throw DecodeError("operand out of range", offset: r.offset) }
            f.code.append(Instruction(op, a32, b32))
            line += Int32(truncatingIfNeeded: try r.svar())
            f.lines.append(line)
            f.columns.append(Int32(truncatingIfNeeded: try r.int()))
        }
        for _ in 0..<(try r.count()) {
            let id = try r.string()
            f.steps.append((id, Int32(try r.int())))
        }
        for _ in 0..<(try r.count()) {
            switch try r.u8() {
            case 0:
                var k: [String] = []
                for _ in 0..<(try r.count()) { k.append(try r.string()) }
                f.triggers.append(.keywords(k))
            case 1: f.triggers.append(.regex(try r.string()))
            default: throw DecodeError("unknown trigger kind", offset: r.offset)
            }
        }
        return f
    }
}
