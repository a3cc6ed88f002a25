/// Appends little-endian integers, varints and strings to a byte buffer.
public struct ByteWriter: Sendable {
    /// The bytes written so far.
    public private(set) var bytes: [UInt8] = []

    /// Creates an empty writer with room for `capacity` bytes before it grows.
    public init(capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    /// One byte.
    public mutating func u8(_ v: UInt8) { bytes.append(v) }

    /// An unsigned LEB128 varint.
    public mutating func uvar(_ v: UInt64) {
        var v = v
        while v >= 0x80 {
            bytes.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    /// A non-negative Int as a varint.
    public mutating func int(_ v: Int) { svar(Int64(v)) }

    /// A signed varint (zig-zag).
    public mutating func svar(_ v: Int64) { uvar(UInt64(bitPattern: (v << 1) ^ (v >> 63))) }

    /// A double, 8 bytes little-endian.
    public mutating func double(_ v: Double) {
        var bits = v.bitPattern
        for _ in 0..<8 { bytes.append(UInt8(bits & 0xFF)); bits >>= 8 }
    }

    /// A length-prefixed UTF-8 string.
    public mutating func string(_ s: String) {
        var text = s
        text.withUTF8 { utf8 in
            uvar(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    /// Raw bytes.
    public mutating func raw(_ b: [UInt8]) { bytes.append(contentsOf: b) }

    /// A value (see ``ByteReader/value()``).
    public mutating func value(_ v: Value) {
        switch v {
        case .null: u8(0)
        case .bool(let b): u8(b ? 2 : 1)
        case .number(let n): u8(3); double(n)
        case .text(let s): u8(4); string(s)
        case .date(let d): u8(5); int(d)
        case .datetime(let ms, let off): u8(6); svar(ms); int(off)
        case .list(let items):
            u8(7); uvar(UInt64(items.count))
            for item in items { value(item) }
        case .object(let object):
            u8(8); uvar(UInt64(object.count))
            for pair in object.pairs { string(pair.key); value(pair.value) }
        }
    }
}

/// Why bytes could not be read back.
public struct DecodeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong.
    public var message: String
    /// Byte offset where it was found.
    public var offset: Int

    /// Creates an error.
    public init(_ message: String, offset: Int) {
        self.message = message
        self.offset = offset
    }

    public var description: String { "\(message) (at byte \(offset))" }
}

/// Reads what ``ByteWriter`` wrote; every read is bounds-checked and throws on bad input.
public struct ByteReader: Sendable {
    private let bytes: [UInt8]
    /// The next byte to read.
    public private(set) var offset: Int
    private var depth = 0

    /// Reads `bytes` from `offset`.
    public init(_ bytes: [UInt8], offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    /// True when every byte was read.
    public var atEnd: Bool { offset == bytes.count }

    /// Bytes left.
    public var remaining: Int { bytes.count - offset }

    public mutating func u8() throws(DecodeError) -> UInt8 {
        guard offset < bytes.count else { throw DecodeError("truncated", offset: offset) }
        defer { offset += 1 }
        return bytes[offset]
    }

    public mutating func uvar() throws(DecodeError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = try u8()
            guard shift < 64 else { throw DecodeError("varint too long", offset: offset) }
            result |= UInt64(b & 0x7F) << shift
            if b & 0x80 == 0 { return result }
            shift += 7
        }
    }

    public mutating func svar() throws(DecodeError) -> Int64 {
        let u = try uvar()
        return Int64(bitPattern: (u >> 1) ^ (0 &- (u & 1)))
    }

    public mutating func int() throws(DecodeError) -> Int {
        let v = try svar()
        guard v >= Int64(Int32.min), v <= Int64(Int32.max) else { throw DecodeError("integer out of range", offset: offset) }
        return Int(v)
    }

    /// A count that must be small enough for the bytes that remain (each element takes ≥ 1 byte).
    public mutating func count() throws(DecodeError) -> Int {
        let v = try uvar()
        guard v <= UInt64(remaining) else { throw DecodeError("count \(v) larger than the data", offset: offset) }
        return Int(v)
    }

    public mutating func double() throws(DecodeError) -> Double {
        guard remaining >= 8 else { throw DecodeError("truncated", offset: offset) }
        var bits: UInt64 = 0
        for i in 0..<8 { bits |= UInt64(bytes[offset + i]) << (8 * UInt64(i)) }
        offset += 8
        return Double(bitPattern: bits)
    }

    public mutating func string() throws(DecodeError) -> String {
        let n = try count()
        let start = offset
        offset += n
        return String(decoding: bytes[start..<offset], as: UTF8.self)
    }

    public mutating func raw(_ n: Int) throws(DecodeError) -> [UInt8] {
        guard n >= 0, n <= remaining else { throw DecodeError("truncated", offset: offset) }
        defer { offset += n }
        return Array(bytes[offset..<offset + n])
    }

    public mutating func value() throws(DecodeError) -> Value {
        depth += 1
        defer { depth -= 1 }
        guard depth < 200 else { throw DecodeError("value nested too deeply", offset: offset) }
        switch try u8() {
        case 0: return .null
        case 1: return .bool(false)
        case 2: return .bool(true)
        case 3: return .number(try double())
        case 4: return .text(try string())
        case 5: return .date(try int())
        case 6:
            let ms = try svar()
            return .datetime(ms, offsetMinutes: try int())
        case 7:
            let n = try count()
            var items: [Value] = []
            items.reserveCapacity(n)
            for _ in 0..<n { items.append(try value()) }
            return .list(items)
        case 8:
            let n = try count()
            var pairs: [(String, Value)] = []
            for _ in 0..<n {
                let key = try string()
                pairs.append((key, try value()))
            }
            return .object(JSONObject(pairs))
        case let tag:
            throw DecodeError("unknown value tag \(tag)", offset: offset - 1)
        }
    }
}
