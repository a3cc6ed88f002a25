import AsyncHTTPClient
@testable import FlowServer
import Glibc
import NIOCore
import FlowProviders
import Testing

@Suite("send slots per sending number")
struct SendScheduleTests {
    @Test("a burst goes now, then slots follow at the rate, one reservation each")
    func burstThenRate() {
        let schedule = SendSchedule()
        // 10 a second with bursts of 3: three now, then every 100 ms.
        let slots = (0..<6).map { _ in schedule.reserve("a", rate: 10, burst: 3, now: 1_000) }
        #expect(slots == [1_000, 1_000, 1_000, 1_100, 1_200, 1_300])
        // Another number has its own schedule.
        #expect(schedule.reserve("b", rate: 10, burst: 3, now: 1_000) == 1_000)
        // Later, the backlog's slots are still ahead: the next one comes after them.
        #expect(schedule.reserve("a", rate: 10, burst: 3, now: 1_150) == 1_400)
        // Once the schedule has drained, a burst is allowed again.
        let later = (0..<4).map { _ in schedule.reserve("a", rate: 10, burst: 3, now: 10_000) }
        #expect(later == [10_000, 10_000, 10_000, 10_100])
    }

    @Test("a pause (the provider said to slow down) moves every later slot after it")
    func pause() {
        let schedule = SendSchedule()
        #expect(schedule.reserve("a", rate: 80, burst: 80, now: 0) == 0)
        schedule.pause("a", until: 5_000)
        let slot = schedule.reserve("a", rate: 80, burst: 80, now: 10)
        #expect(slot >= 5_000)
        #expect(schedule.reserve("a", rate: 80, burst: 80, now: 6_000) == 6_000)
    }

    @Test("after a pause, sends resume at the rate without a burst; a slot given before the pause no longer holds")
    func noBurstAfterAPause() {
        let schedule = SendSchedule()
        let early = schedule.reserve("a", rate: 10, burst: 5, now: 0)
        #expect(early == 0 && schedule.holds("a", slot: early, now: 0))
        #expect(!schedule.holds("a", slot: 500, now: 400), "not due yet")
        schedule.pause("a", until: 1_000)
        #expect(!schedule.holds("a", slot: early, now: 2_000), "the pause came after the slot was given")
        let slots = (0..<3).map { _ in schedule.reserve("a", rate: 10, burst: 5, now: 1_000) }
        #expect(slots == [1_000, 1_100, 1_200])
        #expect(schedule.holds("a", slot: 1_100, now: 1_100))
    }

    @Test("slots never go back in time and keep the rate over a long backlog")
    func longBacklog() {
        let schedule = SendSchedule()
        var last: Int64 = 0
        var slots: [Int64] = []
        for _ in 0..<1_000 {
            let slot = schedule.reserve("a", rate: 80, burst: 80, now: 0)
            #expect(slot >= last)
            last = slot
            slots.append(slot)
        }
        // 80 at once, then 920 more at 80 a second: the last one 11.5 s later.
        #expect(slots.prefix(80).allSatisfy { $0 == 0 })
        #expect(slots.last == 11_500)
    }
}

/// A text longer than the channel takes goes out as several messages, cut where a person would.
@Suite("long texts")
struct LongTextPartsTests {
    @Test("cut at paragraphs, lines or spaces; never longer than the limit; nothing lost")
    func chunks() {
        let paragraph = String(repeating: "palabra ", count: 40)   // 320 characters
        let text = (0..<20).map { "\($0) " + paragraph }.joined(separator: "\n\n")
        let parts = OutboundContent(text: text).parts(maxText: 4096)
        #expect(parts.count == 2)
        #expect(parts.allSatisfy { $0.text.count <= 4096 })
        #expect(parts.map(\.text).joined(separator: "\n\n") == text, "cut at a paragraph break, nothing lost")
        let words = String(repeating: "mate ", count: 1000)        // one line of 5,000 characters
        let split = OutboundContent(text: words).parts(maxText: 1600)
        #expect(split.allSatisfy { $0.text.count <= 1600 && !$0.text.hasPrefix(" ") })
        #expect(split.map(\.text).joined(separator: " ").split(separator: " ").count == 1000)
        let solid = String(repeating: "x", count: 5000)
        #expect(OutboundContent(text: solid).parts(maxText: 4096).map(\.text.count) == [4096, 904])
        #expect(OutboundContent(text: "Hola").parts(maxText: 4096).count == 1)
        let crlf = (0..<120).map { "line \($0) " + String(repeating: "x", count: 60) }.joined(separator: "\r\n")
        let lines = OutboundContent(text: crlf).parts(maxText: 4096)
        #expect(lines.count == 3 && lines.dropFirst().allSatisfy { $0.text.hasPrefix("line ") }, "cut at a CRLF line break: \(lines.map { $0.text.prefix(12) })")
        let menu = OutboundContent(text: "Elegí", options: [MenuItem(id: "a", label: "A")])
        #expect(menu.parts(maxText: 4096) == [menu], "a menu that fits is one message")
        // Lengths as providers count them, in UTF-16 units: an emoji is two, a flag four; no character is cut.
        let emoji = String(repeating: "😀", count: 3_000)
        let emojiParts = OutboundContent(text: emoji).parts(maxText: 4096)
        #expect(emojiParts.count == 2 && emojiParts.allSatisfy { $0.text.utf16.count <= 4096 } && emojiParts.map(\.text).joined() == emoji)
        let flags = String(repeating: "🇦🇷 ", count: 500)
        let flagParts = OutboundContent(text: flags).parts(maxText: 1600)
        #expect(flagParts.allSatisfy { $0.text.utf16.count <= 1600 && !$0.text.hasPrefix(" ") })
        #expect(flagParts.map(\.text).joined(separator: " ").filter { $0 == "🇦🇷" }.count == 500, "no flag cut in half")
    }

    /// A `say` with an image or a pin and buttons: the file or pin first, then the text with the buttons
    /// (no provider sends both in one message; the buttons took the whole message and the image was lost).
    @Test("a file or pin with buttons goes first, then the text with the buttons")
    func mediaWithButtons() {
        let buttons = [MenuItem(id: "Sí", label: "Sí"), MenuItem(id: "No", label: "No")]
        let image = OutboundMedia(kind: "image", url: "https://example.com/mate.jpg", caption: "¿Lo querés?")
        let say = OutboundContent(text: "¿Lo querés?", options: buttons, style: "buttons", media: image)
        let parts = say.parts(maxText: 4096)
        #expect(parts.count == 2)
        #expect(parts.first?.media?.url == image.url && parts.first?.options == nil && parts.first?.text == "")
        #expect(parts.last?.media == nil && parts.last?.options == buttons && parts.last?.text == "¿Lo querés?" && parts.last?.style == "buttons")
        let pin = OutboundLocation(latitude: -34.6, longitude: -58.4, name: "Local", address: "Av. Siempreviva 742")
        let both = OutboundContent(text: "¿Venís?", options: buttons, style: "buttons", media: image, location: pin)
        #expect(both.parts(maxText: 4096).map { [$0.media != nil, $0.location != nil, $0.options != nil] } == [[true, false, false], [false, true, false], [false, false, true]])
        #expect(OutboundContent(text: "Mate", media: image).parts(maxText: 4096).count == 1, "a file alone is one message")
    }

    /// A menu whose numbered text would not fit (the channel would cut its options off): its prompt's
    /// first parts go as texts, the last part with the options, within the limit.
    @Test("a long menu prompt is split, and its options stay whole in the last part")
    func longMenu() {
        let options = (1...5).map { MenuItem(id: "o\($0)", label: "Opción \($0)") }
        let prompt = (0..<30).map { "\($0) " + String(repeating: "palabra ", count: 25) }.joined(separator: "\n")   // ~6,000 characters
        let menu = OutboundContent(text: prompt, options: options, style: "text", button: "Ver")
        for limit in [1600, 4096] {
            let parts = menu.parts(maxText: limit)
            #expect(parts.count > 1)
            #expect(parts.dropLast().allSatisfy { $0.options == nil && $0.text.count <= limit })
            guard let last = parts.last else { Issue.record("no parts"); continue }
            // The engine made it text for the whole prompt's length; the last part fits a list.
            #expect(last.options == options && last.style == "list" && last.button == "Ver")
            #expect(MenuLayout.numbered(last).count <= limit, "the numbered text fits: \(MenuLayout.numbered(last).count)")
            #expect(parts.map(\.text).joined(separator: "\n").split(whereSeparator: \.isWhitespace)
                    == prompt.split(whereSeparator: \.isWhitespace), "nothing of the prompt lost")
        }
        // Up to ten options: the last part within an interactive body (1,024), so buttons or a list stay.
        for limit in [1600, 4096] {
            #expect((menu.parts(maxText: limit).last?.text.utf16.count ?? .max) <= 1024)
        }
        // Three short labels: the last part goes with buttons, as a short prompt's menu would.
        let three = OutboundContent(text: String(repeating: "x", count: 3000), options: [MenuItem(id: "1", label: "Uno"), MenuItem(id: "2", label: "Dos"), MenuItem(id: "3", label: "Tres")], style: "text")
        #expect(three.parts(maxText: 1600).map(\.style) == ["", "", "buttons"])
        // Its numbered text fits a text message, but the contract sends up to 3 options as reply buttons:
        // on a bot with a channel that shows them, the prompt is split so the last part keeps them.
        let kept = three.parts(maxText: 4096)
        #expect(kept.map(\.style) == ["", "", "buttons"] && kept.last?.options == three.options, "\(kept.map(\.style))")
        #expect(kept.dropLast().allSatisfy { $0.options == nil } && kept.allSatisfy { $0.text.utf16.count <= 1024 })
        #expect(kept.map(\.text).joined() == three.text, "nothing of the prompt lost")
        #expect(three.parts(maxText: 4096, interactive: false) == [three], "with no channel that shows buttons it stays one numbered text")
        let short = OutboundContent(text: String(repeating: "x", count: 1000), options: three.options, style: "buttons")
        #expect(short.parts(maxText: 4096) == [short], "a prompt within 1,024 is one message")
        let wide = OutboundContent(text: prompt, options: [MenuItem(id: "a", label: String(repeating: "y", count: 30))], style: "text")
        #expect(wide.parts(maxText: 4096).last?.style == "text", "a label too long for a button or a row stays numbered text")
        let asked = OutboundContent(text: prompt, options: options, style: "list")
        #expect(asked.parts(maxText: 4096).last?.style == "list")
        let twelve = OutboundContent(text: prompt, options: (1...12).map { MenuItem(id: "o\($0)", label: "Opción \($0)") }, style: "text")
        #expect(twelve.parts(maxText: 4096).last?.style == "text", "more than ten options stay numbered text")
        #expect((twelve.parts(maxText: 4096).last?.text.utf16.count ?? 0) > 1024, "more than ten options are numbered text anyway")
        let huge = OutboundContent(text: "x", options: (1...200).map { MenuItem(id: "o\($0)", label: String(repeating: "y", count: 30)) })
        #expect(huge.parts(maxText: 1600) == [huge], "options that cannot fit at all are left as they are")
    }
}

/// Which failed sends may have reached the provider: only those are kept off other channels.
@Suite("ambiguous send failures")
struct AmbiguousSendTests {
    @Test("no connection made: not sent; a connection made and no answer: it may have arrived")
    func neverConnected() {
        #expect(OutboxWorker.neverConnected(HTTPClientError.connectTimeout))
        #expect(OutboxWorker.neverConnected(HTTPClientError.getConnectionFromPoolTimeout))
        #expect(OutboxWorker.neverConnected(IOError(errnoCode: ECONNREFUSED, reason: "connect")))
        #expect(!OutboxWorker.neverConnected(HTTPClientError.deadlineExceeded))
        #expect(!OutboxWorker.neverConnected(HTTPClientError.readTimeout))
        #expect(!OutboxWorker.neverConnected(HTTPClientError.remoteConnectionClosed))
        #expect(!OutboxWorker.neverConnected(IOError(errnoCode: ECONNRESET, reason: "read")))
    }
}

/// A status for a message id not known yet (it came before the answer to our own send) is held,
/// the furthest one kept, and handed over once; old and surplus ones are dropped.
@Suite("statuses before their send")
struct EarlyStatusTests {
    @Test func heldUntilTakenFurthestFirst() {
        let early = EarlyStatuses(capacity: 3, keepMs: 1_000)
        early.hold("wamid.1", .delivered, now: 0)
        early.hold("wamid.1", .sent, now: 10)
        #expect(early.take("wamid.1") == .delivered, "a status never moves back")
        #expect(early.take("wamid.1") == nil, "handed over once")
        early.hold("wamid.2", .read, now: 0)
        early.hold("wamid.2", .failed, now: 5)
        #expect(early.take("wamid.2") == .failed)
        for i in 0..<5 { early.hold("m\(i)", .delivered, now: 100) }
        #expect(early.count == 3 && early.take("m0") == nil && early.take("m4") == .delivered, "bounded, oldest dropped first")
        early.hold("late", .read, now: 5_000)
        #expect(early.take("m3") == nil, "dropped once older than its time")
        #expect(early.take("late") == .read)
    }
}

/// Refused webhooks are logged once a second per key, the rest counted into the next line.
@Suite("log throttle")
struct LogThrottleTests {
    @Test func onceASecondPerKeyWithTheCountLeftOut() {
        let throttle = LogThrottle(intervalMs: 1_000)
        #expect(throttle.admit("401|shop|wa", now: 0) == 0)
        #expect(throttle.admit("401|shop|wa", now: 10) == nil)
        #expect(throttle.admit("401|shop|wa", now: 999) == nil)
        #expect(throttle.admit("404|shop|wa", now: 500) == 0, "another key is not held back")
        #expect(throttle.admit("401|shop|wa", now: 1_000) == 2, "the next line says how many were left out")
        #expect(throttle.admit("401|shop|wa", now: 2_500) == 0)
    }
}

/// A contact's pace (Meta's pair rate, Telegram's chats) is the same reservation per number and
/// contact: a burst goes at once, then one message per gap; keys of contacts back to empty are dropped.
@Suite("contact pace")
struct ContactPaceTests {
    @Test func burstThenOnePerGap() throws {
        let pace = try #require(WhatsAppCloudProvider(phoneNumberId: "1", accessToken: "t", appSecret: "s", verifyToken: "v").contactPace)
        #expect(pace == ContactPace(gapMs: 6_000, burst: 45))
        let schedule = SendSchedule()
        let slots = (0..<47).map { _ in schedule.reserve("pair:wa:1:549", rate: 1000 / Double(pace.gapMs), burst: Double(pace.burst), now: 0) }
        #expect(slots.prefix(45).allSatisfy { $0 == 0 }, "a conversation's replies go at once")
        #expect(slots[45] == 6_000 && slots[46] == 12_000, "past the burst, one every 6 s")
        #expect(schedule.reserve("pair:wa:1:other", rate: 1.0 / 6, burst: 45, now: 0) == 0, "another contact is not held back")
        #expect(TelegramProvider(botToken: "1:a", secretToken: "s").contactPace == ContactPace(gapMs: 1_000, burst: 5))
    }

    @Test func pairRateErrorHoldsOnlyTheContact() {
        let meta = WhatsAppCloudProvider(phoneNumberId: "1", accessToken: "t", appSecret: "s", verifyToken: "v")
        let pair = meta.classify(ProviderHTTPResponse(status: 400, body: Array(#"{"error":{"message":"pair rate","code":131056}}"#.utf8)))
        #expect(pair == .contactThrottled("whatsapp_cloud: HTTP 400: code 131056 pair rate", afterSeconds: nil))
        #expect(pair.isTransient)
    }

    @Test func contactsBackToEmptyAreDropped() {
        let schedule = SendSchedule()
        for i in 0..<5_000 { _ = schedule.reserve("pair:wa:1:\(i)", rate: 1.0 / 6, burst: 45, now: 0) }
        _ = schedule.reserve("pair:wa:1:late", rate: 1.0 / 6, burst: 45, now: 60_000)
        #expect(schedule.count < 100, "\(schedule.count) keys kept")
    }
}
