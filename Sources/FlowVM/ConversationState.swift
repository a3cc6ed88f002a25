import FlowBytecode

/// Everything about one conversation between turns. The VM keeps no other state, so a
/// conversation can be stored, moved and resumed anywhere.
public struct ConversationState: Sendable, Equatable {
    /// Where a conversation stands.
    public enum Status: String, Sendable {
        case active, waiting, handoff, ended
    }

    /// A call frame: a flow and the next instruction.
    public struct Frame: Sendable, Equatable {
        public var flow: Int32
        public var pc: Int32
    }

    /// What the conversation waits for.
    public struct Wait: Sendable, Equatable {
        public enum Kind: UInt8, Sendable { case ask, menu, effect, handoff }
        public var kind: Kind
        /// Index of the spec (ask, menu, effect, handoff).
        public var spec: Int32
        /// Effect request id, while waiting on an effect; while waiting on a menu, the words of its
        /// prompt a reply may lead with (`TextMatch.menuTopic`: `talla` of "¿Qué talla?").
        public var request: String = ""
        /// A menu's labels as sent (replies are matched against them); an ask's bounds worked out
        /// when it waited (`max: "{{stock}}"`): min, max, after, before, "" where fixed (or none).
        public var labels: [String] = []
    }

    /// Content hash of the bundle the conversation started on (it stays on it).
    public var bundleHash: String
    public var status: Status
    public var frames: [Frame]
    public var vars: [String: Value]
    public var wait: Wait?
    /// Invalid answers in a row to the current question.
    public var retriesUsed: Int
    /// When the current wait times out (ms since epoch), with the serial that names it.
    public var timerDue: Int64?
    public var waitSerial: Int
    /// The flow and step last entered (`FLOW.STEP`).
    public var step: String
    /// Turns taken, and when the conversation started.
    public var turns: Int
    public var startedAt: Int64
    /// The contact's name as their last message gave it, for turns no message starts (a
    /// timeout, a release): `contact.name` is the same in every turn of a conversation.
    public var contactName = ""

    /// A fresh conversation on a bundle.
    public init(bundleHash: String, now: Int64) {
        self.bundleHash = bundleHash
        status = .active
        frames = []
        vars = [:]
        retriesUsed = 0
        waitSerial = 0
        step = ""
        turns = 0
        startedAt = now
    }

    /// The name of the timer of the current wait (the host stores timers by name).
    public var timerName: String { "wait-\(waitSerial)" }

    /// Bytes for the store.
    public func encode() -> [UInt8] {
        var w = ByteWriter(capacity: 512)
        // Version 1 while there is no name to keep: a binary from before version 2 still reads it.
        w.u8(contactName.isEmpty ? 1 : 2)
        w.string(bundleHash); w.string(status.rawValue)
        w.uvar(UInt64(frames.count)); for f in frames { w.int(Int(f.flow)); w.int(Int(f.pc)) }
        let names = vars.keys.sorted()
        w.uvar(UInt64(names.count)); for n in names { w.string(n); w.value(vars[n] ?? .null) }
        if let wait {
            w.u8(1); w.u8(wait.kind.rawValue); w.int(Int(wait.spec)); w.string(wait.request)
            w.uvar(UInt64(wait.labels.count)); for l in wait.labels { w.string(l) }
        } else {
            w.u8(0)
        }
        w.int(retriesUsed)
        if let timerDue { w.u8(1); w.svar(timerDue) } else { w.u8(0) }
        w.int(waitSerial); w.string(step); w.int(turns); w.svar(startedAt)
        // Version 2: version 1 ended before the name (a stored one still decodes, with no name).
        if !contactName.isEmpty { w.string(contactName) }
        return w.bytes
    }

    /// Reads what ``encode()`` wrote.
    public static func decode(_ bytes: [UInt8]) throws(DecodeError) -> ConversationState {
        var r = ByteReader(bytes)
        let version = try r.u8()
        guard version == 1 || version == 2 else { throw DecodeError("unknown conversation state version", offset: 0) }
        let hash = try r.string()
        var s = ConversationState(bundleHash: hash, now: 0)
        guard let status = Status(rawValue: try r.string()) else { throw DecodeError("unknown status", offset: r.offset) }
        s.status = status
        for _ in 0..<(try r.count()) {
            let flow = Int32(try r.int())
            s.frames.append(Frame(flow: flow, pc: Int32(try r.int())))
        }
        for _ in 0..<(try r.count()) {
            let name = try r.string()
            s.vars[name] = try r.value()
        }
        if try r.u8() == 1 {
            guard let kind = Wait.Kind(rawValue: try r.u8()) else { throw DecodeError("unknown wait", offset: r.offset) }
            var wait = Wait(kind: kind, spec: Int32(try r.int()), request: try r.string())
            for _ in 0..<(try r.count()) { wait.labels.append(try r.string()) }
            s.wait = wait
        }
        s.retriesUsed = try r.int()
        s.timerDue = try r.u8() == 1 ? try r.svar() : nil
        s.waitSerial = try r.int(); s.step = try r.string(); s.turns = try r.int(); s.startedAt = try r.svar()
        if version == 2 { s.contactName = try r.string() }
        guard r.remaining == 0 else { throw DecodeError("bytes after the conversation state", offset: r.offset) }
        return s
    }
}
