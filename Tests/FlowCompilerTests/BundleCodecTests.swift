import Foundation
import Testing
import FlowBytecode
import FlowCompiler

@Suite("bundle round trip")
struct RoundTripTests {
    @Test("there is something to round-trip: the shop, every flows/*.yaml, the valid corpus")
    func inventory() {
        #expect(Paths.buildable.contains("examples/shop"))
        #expect(Paths.buildable.filter { $0.hasPrefix("flows/") }.count >= 20)
        #expect(Paths.buildable.filter { $0.contains("Corpus/valid") }.count >= 20)
    }

    @Test("build → encode → decode → encode is byte-identical and disassembles identically", arguments: Paths.buildable)
    func roundTrip(path: String) throws {
        let bundle = try build(path)
        let bytes = BundleCodec.encode(bundle)
        let decoded = try BundleCodec.decode(bytes)
        let again = BundleCodec.encode(decoded)
        #expect(again == bytes)
        #expect(BundleCodec.contentHash(decoded) == BundleCodec.contentHash(bundle))
        #expect(Disassembler(bundle: decoded).text() == Disassembler(bundle: bundle).text())
        // The header's hash is the payload's.
        #expect(Array(bytes[0..<6]) == Array("FLOWB".utf8) + [0])
        #expect(Int(bytes[6]) | Int(bytes[7]) << 8 == Int(BundleCodec.formatVersion))
    }

    @Test("building twice gives the same bytes", arguments: ["examples/shop", "flows/http.yaml", "flows/menu_list.yaml"])
    func deterministic(path: String) throws {
        #expect(BundleCodec.encode(try build(path)) == BundleCodec.encode(try build(path)))
    }
}

@Suite("corrupt bundles")
struct CorruptBundleTests {
    static func shop() throws -> [UInt8] { BundleCodec.encode(try build("examples/shop")) }

    func decodeError(_ bytes: [UInt8]) -> BundleCodec.LoadError? {
        do {
            _ = try BundleCodec.decode(bytes)
            return nil
        } catch {
            return error
        }
    }

    @Test("wrong magic: not a bundle")
    func wrongMagic() throws {
        var bytes = try Self.shop()
        bytes[0] = UInt8(ascii: "X")
        #expect(decodeError(bytes) == .notABundle)
        #expect(decodeError([]) == .notABundle)
        #expect(decodeError(Array("FLOWB".utf8)) == .notABundle)
        #expect(decodeError(Array("{\"bot\": \"shop\"}".utf8)) == .notABundle)
        #expect(BundleCodec.LoadError.notABundle.description.contains("FLOWB"))
    }

    @Test("wrong version: says which, and to rebuild")
    func wrongVersion() throws {
        var bytes = try Self.shop()
        bytes[6] = 99
        let error = decodeError(bytes)
        #expect(error == .wrongVersion(found: 99, expected: Int(BundleCodec.formatVersion)))
        #expect(error?.description.contains("flowc build") == true)
        bytes[6] = 0
        #expect(decodeError(bytes) == .wrongVersion(found: 0, expected: Int(BundleCodec.formatVersion)))
        bytes[7] = 1
        #expect(decodeError(bytes) == .wrongVersion(found: 256, expected: Int(BundleCodec.formatVersion)))
    }

    @Test("bundles of every older readable format still load (a deploy keeps its old bundles)")
    func olderVersionsLoad() throws {
        #expect(BundleCodec.formatVersion == 10)
        // The shop bot as versions 1, 2, 7 and 8 wrote it (the fields added since left out) still loads.
        let shop = try build("examples/shop")
        for version: UInt16 in [1, 2, 7, 8] {
            let old = try BundleCodec.decode(BundleCodec.encode(shop, asVersion: version))
            #expect(old.flows.count == shop.flows.count && old.asks.count == shop.asks.count, "version \(version)")
            #expect(old.effects.allSatisfy { $0.saveKind.isEmpty } && old.asks.allSatisfy { $0.question.interrupts == .all })
            #expect(version >= 2 || old.rules.allSatisfy { $0.format.isEmpty })
        }
        var bytes = try Self.shop()
        bytes[6] = UInt8(BundleCodec.formatVersion + 1)
        #expect(decodeError(bytes) == .wrongVersion(found: Int(BundleCodec.formatVersion) + 1, expected: Int(BundleCodec.formatVersion)))
    }

    @Test("truncated at every 97th byte")
    func truncated() throws {
        let bytes = try Self.shop()
        let payload = bytes.count - 20
        var checked = 0
        for n in stride(from: 0, to: bytes.count, by: 97) {
            let error = decodeError(Array(bytes[0..<n]))
            switch n {
            case 0..<6: #expect(error == .notABundle, "at \(n)")
            case 6..<20: #expect(error == .truncatedHeader(found: n), "at \(n)")
            default: #expect(error == .truncated(expected: payload, found: n - 20), "at \(n)")
            }
            if case .truncated = error { #expect(error?.description.contains("truncated") == true) }
            checked += 1
        }
        #expect(checked > 10)
        #expect(decodeError(Array(bytes.dropLast())) == .truncated(expected: payload, found: payload - 1))
        // Cut within the header: its bytes are said to be missing, not the payload's.
        let header = decodeError(Array(bytes[0..<10]))
        #expect(header == .truncatedHeader(found: 10))
        #expect(header?.description == "bundle is truncated: 10 of its 20 header bytes")
    }

    @Test("a flipped byte in the payload or in the stored hash: hash mismatch")
    func flippedByte() throws {
        let bytes = try Self.shop()
        for at in [20, 21, bytes.count / 2, bytes.count - 1, 8, 15] {
            var copy = bytes
            copy[at] ^= 0x01
            #expect(decodeError(copy) == .hashMismatch, "at \(at)")
        }
        #expect(BundleCodec.LoadError.hashMismatch.description.contains("hash"))
    }

    @Test("trailing bytes after the payload")
    func trailingBytes() throws {
        let bytes = try Self.shop()
        let error = decodeError(bytes + [0])
        guard case .corrupt(let what)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(what.contains("1 bytes after the payload"))
        guard case .corrupt(let more)? = decodeError(bytes + Array(repeating: 0xFF, count: 10)) else { Issue.record("no error"); return }
        #expect(more.contains("10 bytes"))
    }

    @Test("a payload length bigger than the file")
    func lengthTooBig() throws {
        var bytes = try Self.shop()
        bytes[19] = 0x7F
        guard case .truncated? = decodeError(bytes) else { Issue.record("not truncated"); return }
    }

    @Test("indexes out of range behind a right hash are refused by the verifier")
    func verifier() throws {
        let good = try build("examples/shop")
        var badStart = good
        badStart.startFlow = 99
        guard case .corrupt(let what)? = decodeError(BundleCodec.encode(badStart)) else { Issue.record("start flow not refused"); return }
        #expect(what.contains("start flow"))

        var badJump = good
        badJump.flows[0].code.append(Instruction(.jump, 10_000))
        badJump.flows[0].lines.append(1)
        badJump.flows[0].columns.append(1)
        guard case .corrupt(let jump)? = decodeError(BundleCodec.encode(badJump)) else { Issue.record("jump not refused"); return }
        #expect(jump.contains("jump target"))

        var badConstant = good
        badConstant.flows[0].code.insert(Instruction(.const_, Int32(good.constants.count)), at: 0)
        badConstant.flows[0].lines.insert(1, at: 0)
        badConstant.flows[0].columns.insert(1, at: 0)
        guard case .corrupt(let constant)? = decodeError(BundleCodec.encode(badConstant)) else { Issue.record("constant not refused"); return }
        #expect(constant.contains("constant"))

        var badMenu = good
        badMenu.menus.removeAll()
        guard case .corrupt? = decodeError(BundleCodec.encode(badMenu)) else { Issue.record("menu index not refused"); return }

        var badString = good
        badString.strings.removeAll()
        guard case .corrupt? = decodeError(BundleCodec.encode(badString)) else { Issue.record("string index not refused"); return }
    }

    /// A one-flow bundle in the version 1 layout (no rule formats, no list-row descriptions):
    /// one instruction `opcode`, no specs.
    static func handMadeV1(opcode: UInt8) -> [UInt8] {
        var w = ByteWriter()
        w.string("b"); w.string("B"); w.string("es-AR"); w.string("")
        w.int(0)
        w.uvar(1); w.string("x.yaml")
        w.uvar(0); w.uvar(0)
        w.uvar(1)
        w.string("f"); w.int(0); w.uvar(1)
        w.u8(opcode); w.svar(0); w.svar(0); w.svar(1); w.int(1)
        w.uvar(0); w.uvar(0)
        w.string("(bot)"); w.int(0); w.uvar(0); w.uvar(0); w.uvar(0)
        w.int(-1)
        for _ in 0..<6 { w.uvar(0) }
        let body = w.bytes
        var file = ByteWriter()
        file.raw(Array("FLOWB".utf8) + [0]); file.u8(1); file.u8(0)
        var h = UInt64(BundleCodec.hash(body), radix: 16) ?? 0
        for _ in 0..<8 { file.u8(UInt8(h & 0xFF)); h >>= 8 }
        var n = UInt32(body.count)
        for _ in 0..<4 { file.u8(UInt8(n & 0xFF)); n >>= 8 }
        file.raw(body)
        return file.bytes
    }

    @Test("an unknown opcode behind a right hash is refused")
    func unknownOpcode() throws {
        guard case .corrupt(let what)? = decodeError(Self.handMadeV1(opcode: UInt8(Opcode.allCases.count))) else {
            Issue.record("unknown opcode not refused")
            return
        }
        #expect(what.contains("unknown opcode"))
    }

    @Test("a version 1 bundle still loads, without the fields version 2 added")
    func versionOneLoads() throws {
        let bundle = try BundleCodec.decode(Self.handMadeV1(opcode: Opcode.ret.rawValue))
        #expect(bundle.flows.map(\.name) == ["f"])
        #expect(bundle.flows.first?.code.map(\.op) == [.ret])
    }

    @Test("thousands of random mutations are refused or decode, and never crash")
    func randomMutations() throws {
        let original = try Self.shop()
        var state: UInt64 = 0x5EED
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        var kinds: [String: Int] = [:]
        for _ in 0..<3000 {
            var bytes = original
            for _ in 0..<(1 + Int(next() % 3)) {
                let at = Int(next() % UInt64(bytes.count))
                switch next() % 3 {
                case 0: bytes[at] = UInt8(truncatingIfNeeded: next())
                case 1: bytes.insert(UInt8(truncatingIfNeeded: next()), at: at)
                default: bytes.remove(at: at)
                }
            }
            if let error = decodeError(bytes) {
                let kind = switch error {
                case .notABundle: "magic"
                case .wrongVersion: "version"
                case .truncated, .truncatedHeader: "truncated"
                case .hashMismatch: "hash"
                case .corrupt: "corrupt"
                }
                kinds[kind, default: 0] += 1
                #expect(!error.description.isEmpty)
            } else {
                kinds["decoded", default: 0] += 1
            }
        }
        #expect(kinds.values.reduce(0, +) == 3000)
        #expect((kinds["hash"] ?? 0) + (kinds["truncated"] ?? 0) + (kinds["corrupt"] ?? 0) > 2500, "\(kinds)")
    }
}
