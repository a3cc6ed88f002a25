import Foundation
import Testing
import FlowBytecode
import FlowCompiler
import FlowVM

/// A small deterministic generator (SplitMix64), so failures reproduce.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The repository's root, from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The shop example, compiled and encoded.
func shopBundleBytes() throws -> [UInt8] {
    let output = try BuildRun.build(path: repositoryRoot.appendingPathComponent("examples/shop").path)
    guard let bundle = output.bundle else { throw BuildFailed() }
    return BundleCodec.encode(bundle)
}

/// A `.flowb` file around `payload`, with the right length and hash.
func wrap(_ payload: [UInt8]) -> [UInt8] {
    var w = ByteWriter()
    w.raw(Array("FLOWB".utf8) + [0])
    w.u8(UInt8(BundleCodec.formatVersion & 0xFF)); w.u8(UInt8(BundleCodec.formatVersion >> 8))
    var h = UInt64(BundleCodec.hash(payload), radix: 16) ?? 0
    for _ in 0..<8 { w.u8(UInt8(h & 0xFF)); h >>= 8 }
    var n = UInt32(payload.count)
    for _ in 0..<4 { w.u8(UInt8(n & 0xFF)); n >>= 8 }
    w.raw(payload)
    return w.bytes
}

/// Runs a few turns of every kind on a bundle; it must not crash.
func exercise(_ bundle: FlowBundle) {
    let engine = Engine(bundle: bundle, budget: 20_000)
    let context = TurnContext(contact: Contact(id: "c", name: "Ana"), env: ["API_URL": "https://api.test"], now: mondayMorning)
    var state: ConversationState?
    for text in ["hola", "1", "pedido", "sí", "2", "agente", "ana@example.com", "menu"] {
        var result = engine.handle(.message(InboundMessage(text: text)), state: state, context: context)
        var rounds = 0
        while let request = result.effects.first, rounds < 4 {
            rounds += 1
            let body = Value.object(JSONObject([("id", .number(1))]))
            result = engine.handle(.effect(EffectResult(request: request.id, ok: rounds % 2 == 1, status: 200, body: body)), state: result.state, context: context)
        }
        state = result.state
        if let s = state, s.timerDue != nil {
            state = engine.handle(.timeout(serial: s.waitSerial), state: s, context: context).state
        }
    }
    _ = engine.handle(.released, state: state, context: context)
    _ = Disassembler(bundle: bundle).text()
}

/// Random mutations of the shop bundle whose length and hash are then fixed, so that they reach
/// the payload reader, the verifier and the VM. Returns how many decoded.
@discardableResult
func fuzzRehashed(count: Int, seed: UInt64) -> Int {
    guard let original = try? shopBundleBytes() else { return -1 }
    let payload = Array(original[20...])
    var rng = SplitMix64(seed: seed)
    var decoded = 0
    for _ in 0..<count {
        var body = payload
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            let at = Int.random(in: 0..<body.count, using: &rng)
            switch Int.random(in: 0..<4, using: &rng) {
            case 0: body[at] ^= UInt8(1 << Int.random(in: 0..<8, using: &rng))
            case 1: body[at] = UInt8.random(in: 0...255, using: &rng)
            case 2: body.insert(UInt8.random(in: 0...255, using: &rng), at: at)
            default: body.remove(at: at)
            }
        }
        if let bundle = try? BundleCodec.decode(wrap(body)) {
            decoded += 1
            exercise(bundle)
        }
    }
    return decoded
}

@Suite("corrupt input never crashes")
struct CorruptInputTests {
    @Test("thousands of random byte mutations of a real bundle: decode refuses them with a LoadError")
    func rawMutations() throws {
        let original = try shopBundleBytes()
        var rng = SplitMix64(seed: 0xF10C)
        var refused = 0, decoded = 0
        for _ in 0..<3000 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                let at = Int.random(in: 0..<bytes.count, using: &rng)
                bytes[at] = UInt8.random(in: 0...255, using: &rng)
            }
            do {
                let bundle = try BundleCodec.decode(bytes)
                decoded += 1
                exercise(bundle)
            } catch {
                refused += 1
                #expect(!error.description.isEmpty)
            }
        }
        #expect(refused + decoded == 3000)
        // A byte that changes is almost always caught by the hash (or the header checks).
        #expect(refused > 2900)
    }

    @Test("mutations with a fixed-up hash reach the reader, the verifier and the VM without crashing")
    func rehashedMutations() async throws {
        // Run in a child process: a trap there fails this test instead of the whole run.
        await #expect(processExitsWith: .success) {
            let decoded = fuzzRehashed(count: 3000, seed: 0xB0B)
            // Some mutations must survive decoding (e.g. in a constant's text), or the VM is never reached.
            exit(decoded < 0 ? 3 : decoded < 50 ? 5 : 0)
        }
    }

    @Test("a menu option or re-ask that jumps to a negative pc is refused by the verifier")
    func negativeTargets() throws {
        let good = try BundleCodec.decode(try shopBundleBytes())
        let menu = try #require(good.menus.firstIndex { $0.question.save >= 0 && good.strings[Int($0.question.save)] == "item" })
        var badOption = good
        badOption.menus[menu].targets[1] = -1
        #expect(throws: BundleCodec.LoadError.self) { try BundleCodec.decode(BundleCodec.encode(badOption)) }
        let ask = try #require(good.asks.firstIndex { !$0.question.invalid.isEmpty })
        var badReask = good
        badReask.asks[ask].question.invalid["default"] = -1
        #expect(throws: BundleCodec.LoadError.self) { try BundleCodec.decode(BundleCodec.encode(badReask)) }
        var badQuestion = good
        badQuestion.asks[ask].question.questionPC = -2
        #expect(throws: BundleCodec.LoadError.self) { try BundleCodec.decode(BundleCodec.encode(badQuestion)) }
        // A VM given such a bundle without the verifier does not crash either: the bad option ends the flow.
        let chat = Chat(badOption)
        chat.startFlow = badOption.flowIndex("order")
        chat.say("hola")
        chat.say("2")
        #expect(chat.status == .ended)
    }

    @Test("an operand beyond Int32 in an otherwise valid payload is refused, not a trap")
    func operandBeyondInt32() async throws {
        #expect(throws: Never.self) { try BundleCodec.decode(wrap(minimalPayload(errorMessagePC: -1))) }
        do {
            await #expect(processExitsWith: .success) {
                do {
                    _ = try BundleCodec.decode(wrap(minimalPayload(errorMessagePC: Int(Int32.max) + 1)))
                    exit(4)
                } catch {
                    exit(0)
                }
            }
        }
    }

    @Test("a conversation state with a frame beyond Int32 is refused, not a trap")
    func stateBeyondInt32() async throws {
        #expect(throws: Never.self) { try ConversationState.decode(minimalState(flow: 0)) }
        do {
            await #expect(processExitsWith: .success) {
                do {
                    _ = try ConversationState.decode(minimalState(flow: Int(Int32.max) + 1))
                    exit(4)
                } catch {
                    exit(0)
                }
            }
        }
    }

    @Test("a huge number typed by a user, used as a list index, is not a crash")
    func hugeIndex() async throws {
        do {
            await #expect(processExitsWith: .success) {
                guard let bundle = try? TempBot(flow: """
                    flow: pick
                    vars:
                      n: number
                    steps:
                      flavors:
                        set: {list: [menta, naranja]}
                      ask_n:
                        ask: "¿Cuál?"
                        save: n
                      show:
                        end: "{{list[n * 100000000000000000000] ?? 'ninguno'}}"
                    """).build() else { exit(3) }
                let chat = Chat(bundle)
                chat.say("hola")
                // Typed, a number past 2^53 is asked again (it would be saved rounded); computed, it indexes nothing.
                guard chat.say("100000000000000000000").texts == ["¿Cuál?"] else { exit(4) }
                let out = chat.say("5")
                exit(out.texts == ["ninguno"] || !out.errors.isEmpty ? 0 : 5)
            }
        }
    }

    @Test("a huge number of days for date_add is not a crash")
    func hugeDateAdd() async throws {
        do {
            await #expect(processExitsWith: .success) {
                guard let bundle = try? TempBot(flow: """
                    flow: later
                    vars:
                      n: number
                    steps:
                      ask_n:
                        ask: "¿En cuántos días?"
                        save: n
                      show:
                        end: "{{date_add(today(), n, 'days')}}"
                    """).build() else { exit(3) }
                let chat = Chat(bundle)
                chat.say("hola")
                _ = chat.say("100000000000000000000")
                exit(0)
            }
        }
    }
}

/// A payload with no flows, just bot code and the error message pc.
func minimalPayload(errorMessagePC: Int) -> [UInt8] {
    var w = ByteWriter()
    w.string("b"); w.string("B"); w.string("es-AR"); w.string("")
    w.int(0)
    w.uvar(0); w.uvar(0); w.uvar(0); w.uvar(0)
    w.string("(bot)"); w.int(-1); w.uvar(0); w.uvar(0); w.uvar(0)
    w.int(errorMessagePC)
    for _ in 0..<6 { w.uvar(0) }
    return w.bytes
}

/// A stored conversation state waiting in one frame.
func minimalState(flow: Int) -> [UInt8] {
    var w = ByteWriter()
    w.u8(1)
    w.string("0123456789abcdef"); w.string("waiting")
    w.uvar(1); w.int(flow); w.int(0)
    w.uvar(0)
    w.u8(0)
    w.int(0)
    w.u8(0)
    w.int(0); w.string(""); w.int(0); w.svar(0)
    return w.bytes
}
