import FlowRuntime
import FlowBytecode
import FlowProviders
import NIOCore
import NIOPosix
import NIOSSL
import Synchronization

/// The daemon's `smtp:` settings: where `email` steps are sent (flow-format.md §5).
public struct SMTPSettings: Sendable, Equatable {
    /// How the connection is protected.
    public enum Security: String, Sendable, CaseIterable {
        /// Plain connection upgraded with `STARTTLS` before anything else (port 587).
        case starttls
        /// TLS from the first byte (port 465).
        case tls
        /// No TLS at all: only for a relay on the same machine or network.
        case none
    }

    public var host: String
    public var port: Int
    public var security: Security
    public var username: String?
    public var password: String?
    /// The sender, `ventas@shop.example` or `Shop <ventas@shop.example>`.
    public var from: String
    /// The whole exchange must end within this many milliseconds.
    public var timeoutMs: Int

    /// Creates settings.
    public init(host: String, port: Int? = nil, security: Security = .starttls, username: String? = nil, password: String? = nil,
                from: String, timeoutMs: Int = 30_000) {
        self.host = host
        self.port = port ?? (security == .tls ? 465 : security == .none ? 25 : 587)
        self.security = security
        self.username = username
        self.password = password
        self.from = from
        self.timeoutMs = timeoutMs
    }
}

/// One e-mail as an `email` step gives it.
struct MailMessage: Sendable, Equatable {
    var to: [String]
    var cc: [String] = []
    var bcc: [String] = []
    var replyTo: String?
    var subject: String
    var body: String
}

/// Why a mail was not sent. The text names the server's answer, never the password.
struct MailError: Error, Sendable, Equatable, CustomStringConvertible {
    var message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}

/// A minimal SMTP client (RFC 5321) over SwiftNIO: `EHLO`, `STARTTLS` or implicit TLS,
/// `AUTH PLAIN` (or `LOGIN`) when credentials are set, one message per connection, a UTF-8
/// plain-text body in base64. Credentials are never sent over a connection without TLS
/// unless the settings say `security: none`.
enum SMTPMailer {
    /// Sends `message`; returns its `Message-ID`.
    static func send(_ message: MailMessage, with settings: SMTPSettings, now: Int64) async throws(MailError) -> String {
        let recipients = message.to + message.cc + message.bcc
        guard !recipients.isEmpty else { throw MailError("the e-mail has no recipient (`to` is empty)") }
        // A recipient may carry a display name (`Ventas <ventas@cocolu.ar>`): the header keeps it,
        // the envelope takes the address.
        var bare: [String] = []
        for mailbox in recipients + [message.replyTo].compactMap({ $0 }) {
            guard let found = MailAddress.address(in: mailbox), !mailbox.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
                throw MailError("`\(mailbox)` is not an e-mail address")
            }
            bare.append(found)
        }
        let envelope = Array(bare.prefix(recipients.count))
        guard let sender = MailAddress.address(in: settings.from) else { throw MailError("smtp.from `\(settings.from)` is not an e-mail address") }
        let id = "<\(now)-\(UInt32.random(in: 0...UInt32.max))@\(sender.split(separator: "@").last ?? "flowc")>"
        // Headers are 7-bit here: a display name with other characters leaves only its address.
        var shown = message
        func header(_ mailbox: String) -> String { mailbox.unicodeScalars.allSatisfy(\.isASCII) ? mailbox : (MailAddress.address(in: mailbox) ?? mailbox) }
        shown.to = message.to.map(header)
        shown.cc = message.cc.map(header)
        shown.replyTo = message.replyTo.map(header)
        let data = render(shown, from: settings.from, messageId: id, now: now)
        let start = ContinuousClock.now
        do {
            try await withDeadline(milliseconds: settings.timeoutMs) {
                try await exchange(settings: settings, sender: sender, recipients: envelope, data: data)
            }
        } catch {
            // Past the deadline the connection is closed under the exchange: whatever it then
            // failed with, the reason is the deadline.
            if ContinuousClock.now - start >= .milliseconds(settings.timeoutMs) {
                throw MailError("the SMTP server did not answer within \(settings.timeoutMs) ms")
            }
            if let error = error as? MailError { throw error }
            throw MailError("cannot reach the SMTP server \(settings.host):\(settings.port): \(error)")
        }
        return id
    }

    // MARK: the conversation with the server

    private static func exchange(settings: SMTPSettings, sender: String, recipients: [String], data: String) async throws {
        let (replies, continuation) = AsyncThrowingStream.makeStream(of: Reply.self)
        let tls = try NIOSSLContext(configuration: .makeClientConfiguration())
        let serverName = isIPAddress(settings.host) ? nil : settings.host
        let implicitTLS = settings.security == .tls
        let collectorBox = CollectorBox()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(10))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if implicitTLS { try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: tls, serverHostname: serverName)) }
                    let collector = ReplyCollector(continuation)
                    try channel.pipeline.syncOperations.addHandler(collector)
                    collectorBox.set(NIOLoopBound(collector, eventLoop: channel.eventLoop))
                }
            }
            .connect(host: settings.host, port: settings.port).get()
        // At the deadline the connection is closed: that fails a write the server never takes
        // (a stalled TLS handshake, a full window) and ends the wait for a reply, which task
        // cancellation alone would not.
        let closer = channel.eventLoop.scheduleTask(in: .milliseconds(Int64(settings.timeoutMs) + 100)) { channel.close(promise: nil) }
        defer {
            closer.cancel()
            channel.close(promise: nil)
        }
        guard let collector = collectorBox.get() else { throw MailError("cannot set up the SMTP connection") }
        var iterator = replies.makeAsyncIterator()
        var consumed = 0

        func reply(to command: String?, expecting ok: ClosedRange<Int>, what: String) async throws -> Reply {
            if let command {
                try await channel.writeAndFlush(ByteBuffer(string: command + "\r\n")).get()
            }
            guard let answer = try await iterator.next() else { throw MailError("the SMTP server closed the connection (\(what))") }
            consumed += 1
            guard ok.contains(answer.code) else { throw MailError("the SMTP server refused \(what): \(answer.code) \(answer.text)") }
            return answer
        }

        _ = try await reply(to: nil, expecting: 220...220, what: "the connection")
        var hello = try await reply(to: "EHLO flowc", expecting: 250...250, what: "EHLO")
        if settings.security == .starttls {
            guard hello.lines.contains(where: { $0.uppercased().hasPrefix("STARTTLS") }) else {
                throw MailError("the SMTP server does not offer STARTTLS; set `security: tls` (port 465) or, for a local relay, `security: none`")
            }
            _ = try await reply(to: "STARTTLS", expecting: 220...220, what: "STARTTLS")
            // Anything the server sent after its 220 came in the clear and would be read as if
            // it came over TLS (STARTTLS response injection): refuse it. The check and the
            // switch to TLS happen in one go on the channel's event loop.
            let received = consumed
            let clean = try await channel.eventLoop.submit {
                guard collector.value.isIdle(afterReplies: received) else { return false }
                try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: tls, serverHostname: serverName), position: .first)
                return true
            }.get()
            guard clean else { throw MailError("the SMTP server sent more after accepting STARTTLS; refusing to go on (an injection attempt?)") }
            hello = try await reply(to: "EHLO flowc", expecting: 250...250, what: "EHLO after STARTTLS")
        }
        if let username = settings.username, let password = settings.password {
            let mechanisms = hello.lines.first { $0.uppercased().hasPrefix("AUTH") }?.uppercased().split(separator: " ").map(String.init) ?? []
            if mechanisms.contains("PLAIN") || !mechanisms.contains("LOGIN") {
                let token = base64(Array(("\u{0}" + username + "\u{0}" + password).utf8))
                _ = try await reply(to: "AUTH PLAIN " + token, expecting: 235...235, what: "the login (AUTH PLAIN)")
            } else {
                _ = try await reply(to: "AUTH LOGIN", expecting: 334...334, what: "the login (AUTH LOGIN)")
                _ = try await reply(to: base64(Array(username.utf8)), expecting: 334...334, what: "the user name")
                _ = try await reply(to: base64(Array(password.utf8)), expecting: 235...235, what: "the login (AUTH LOGIN)")
            }
        }
        _ = try await reply(to: "MAIL FROM:<\(sender)>", expecting: 250...250, what: "the sender \(sender)")
        for recipient in recipients {
            _ = try await reply(to: "RCPT TO:<\(recipient)>", expecting: 250...251, what: "the recipient \(recipient)")
        }
        _ = try await reply(to: "DATA", expecting: 354...354, what: "DATA")
        _ = try await reply(to: data + "\r\n.", expecting: 250...250, what: "the message")
        try? await channel.writeAndFlush(ByteBuffer(string: "QUIT\r\n")).get()
    }

    private static func withDeadline(milliseconds: Int, _ work: @escaping @Sendable () async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await work() }
            group.addTask {
                try await Task.sleep(for: .milliseconds(milliseconds))
                throw MailError("the SMTP server did not answer within \(milliseconds) ms")
            }
            defer { group.cancelAll() }
            try await group.next()
        }
    }

    // MARK: the message

    /// The message as sent after `DATA`: headers, a blank line, the body in base64 (lines of
    /// 76), so no line starts with `.` and 8-bit text passes every server.
    static func render(_ message: MailMessage, from: String, messageId: String, now: Int64) -> String {
        var lines = [
            "From: " + mailbox(headerValue(from)),
            "To: " + addressList(message.to),
        ]
        if !message.cc.isEmpty { lines.append("Cc: " + addressList(message.cc)) }
        if let replyTo = message.replyTo { lines.append("Reply-To: " + replyTo) }
        lines += [
            "Subject: " + encodedWords(headerValue(message.subject)),
            "Date: " + rfc5322Date(now),
            "Message-ID: " + messageId,
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: base64",
            "",
        ]
        let body = message.body.replacing("\r\n", with: "\n").replacing("\n", with: "\r\n")
        let encoded = base64(Array(body.utf8))
        var index = encoded.startIndex
        while index < encoded.endIndex {
            let end = encoded.index(index, offsetBy: 76, limitedBy: encoded.endIndex) ?? encoded.endIndex
            lines.append(String(encoded[index..<end]))
            index = end
        }
        return lines.joined(separator: "\r\n")
    }

    /// Addresses separated by commas, folded onto continuation lines so no line passes 78 characters.
    static func addressList(_ addresses: [String]) -> String {
        var out = ""
        var lineLength = 4   // "To: " or "Cc: "
        for (i, address) in addresses.enumerated() {
            if i > 0 {
                if lineLength + 2 + address.count > 78 {
                    out += ",\r\n "
                    lineLength = 1
                } else {
                    out += ", "
                    lineLength += 2
                }
            }
            out += address
            lineLength += address.count
        }
        return out
    }

    /// `Name <a@b.c>` with a non-ASCII name as encoded words, or a bare address as it is.
    static func mailbox(_ text: String) -> String {
        guard let open = text.lastIndex(of: "<") else { return text }
        let name = text[..<open].trimmingPrefix(while: { $0 == " " })
        let display = String(name).trimmingSuffix(" ")
        guard !display.isEmpty else { return String(text[open...]) }
        if display.count >= 2, display.hasPrefix("\""), display.hasSuffix("\"") { return display + " " + text[open...] }
        let quoted = display.unicodeScalars.allSatisfy { $0.isASCII }
            ? "\"" + display.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"") + "\""
            : encodedWords(display)
        return quoted + " " + text[open...]
    }

    /// A header value on one line: line breaks (which could add headers) become spaces.
    static func headerValue(_ text: String) -> String {
        String(text.unicodeScalars.map { $0 == "\r" || $0 == "\n" ? " " : Character($0) })
    }

    /// ASCII as it is; anything else as RFC 2047 encoded words of at most 75 characters.
    static func encodedWords(_ text: String) -> String {
        guard !text.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 0x20 }) else { return text }
        var words: [String] = []
        var chunk: [UInt8] = []
        for scalar in text.unicodeScalars {
            let bytes = Array(String(scalar).utf8)
            if chunk.count + bytes.count > 45 {
                words.append("=?UTF-8?B?" + base64(chunk) + "?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append("=?UTF-8?B?" + base64(chunk) + "?=") }
        return words.joined(separator: "\r\n ")
    }

    static func rfc5322Date(_ ms: Int64) -> String {
        let seconds = ms / 1000
        let days = Int(seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
        let secondOfDay = Int(seconds - Int64(days) * 86_400)
        let date = CivilDay(days)
        let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][((days % 7) + 7) % 7]
        let month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][date.month - 1]
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(weekday), \(date.day) \(month) \(date.year) \(two(secondOfDay / 3600)):\(two(secondOfDay / 60 % 60)):\(two(secondOfDay % 60)) +0000"
    }

    // MARK: addresses

    static func isIPAddress(_ host: String) -> Bool {
        host.contains(":") || host.allSatisfy { $0 == "." || $0.isNumber }
    }

    static func base64(_ bytes: [UInt8]) -> String { Signatures.base64(bytes) }
}

/// One SMTP reply: its code and the text of its lines.
struct Reply: Sendable {
    var code: Int
    var lines: [String]
    var text: String { lines.joined(separator: " ") }
}

/// Splits what the server sends into lines and gathers the lines of each reply (`250-…`
/// continues, `250 …` ends it) into a stream. A line over 4 KiB is an error.
private final class ReplyCollector: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    private let continuation: AsyncThrowingStream<Reply, any Error>.Continuation
    private var pending: [UInt8] = []
    private var lines: [String] = []
    private var yielded = 0

    init(_ continuation: AsyncThrowingStream<Reply, any Error>.Continuation) {
        self.continuation = continuation
    }

    /// Whether nothing was received beyond the first `replies` replies.
    func isIdle(afterReplies replies: Int) -> Bool {
        pending.isEmpty && lines.isEmpty && yielded == replies
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        pending += unwrapInboundIn(data).readableBytesView
        while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
            var bytes = Array(pending[..<newline])
            pending.removeFirst(newline + 1)
            if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
            guard bytes.count >= 3, bytes[0..<3].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                  let code = Int(String(decoding: bytes[0..<3], as: UTF8.self)) else {
                fail(context, MailError("the SMTP server sent something that is not a reply"))
                return
            }
            lines.append(bytes.count > 4 ? String(decoding: bytes[4...], as: UTF8.self) : "")
            if bytes.count == 3 || bytes[3] == UInt8(ascii: " ") {
                yielded += 1
                continuation.yield(Reply(code: code, lines: lines))
                lines = []
            }
        }
        if pending.count > 4096 { fail(context, MailError("the SMTP server sent a line over 4 KiB")) }
    }

    private func fail(_ context: ChannelHandlerContext, _ error: MailError) {
        pending = []
        continuation.finish(throwing: error)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        continuation.finish()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        continuation.finish(throwing: error)
        context.close(promise: nil)
    }
}

/// Hands the channel's collector (bound to its event loop) from the channel initializer to the client.
private final class CollectorBox: Sendable {
    private let bound = Mutex<NIOLoopBound<ReplyCollector>?>(nil)
    func set(_ value: NIOLoopBound<ReplyCollector>) { bound.withLock { $0 = value } }
    func get() -> NIOLoopBound<ReplyCollector>? { bound.withLock { $0 } }
}

extension String {
    fileprivate func trimmingSuffix(_ character: Character) -> String {
        var s = self
        while s.last == character { s.removeLast() }
        return s
    }
}
