import Foundation
import Synchronization
import Testing
import FlowBytecode
@testable import FlowRuntime
@testable import FlowServer
@testable import FlowVM

#if canImport(Glibc)
import Glibc
#endif

/// A fake SMTP server on 127.0.0.1 (no TLS): records every command and the message after
/// `DATA`, and answers as a real relay does unless `refuse` says otherwise.
final class FakeSMTPServer: @unchecked Sendable {
    struct Session: Sendable {
        var commands: [String] = []
        var data: String = ""
    }

    let fd: Int32
    private(set) var port: UInt16 = 0
    private let lock = NSLock()
    private var recorded: [Session] = []
    /// A reply to use instead of the normal one for a command starting with this text.
    private let refuse: [String: String]
    private let extensions: [String]
    private let silent: Bool
    private let stallAfterStartTLS: Bool

    init(extensions: [String] = ["AUTH PLAIN LOGIN", "8BITMIME"], refuse: [String: String] = [:], silent: Bool = false,
         stallAfterStartTLS: Bool = false) throws {
        self.refuse = refuse
        self.extensions = extensions
        self.silent = silent
        self.stallAfterStartTLS = stallAfterStartTLS
        (fd, port) = try LoopbackSocket.listen(backlog: 8)
        Thread { [self] in serve() }.start()
    }

    var sessions: [Session] { lock.lock(); defer { lock.unlock() }; return recorded }

    private func serve() {
        while true {
            let client = accept(fd, nil, nil)
            if client < 0 { return }
            Thread { [self] in handle(client) }.start()
        }
    }

    private func handle(_ client: Int32) {
        defer { close(client) }
        var tv = timeval(tv_sec: 120, tv_usec: 0)
        setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        func say(_ text: String) {
            var bytes = Array((text + "\r\n").utf8)
            _ = send(client, &bytes, bytes.count, Int32(MSG_NOSIGNAL))
        }
        lock.lock()
        let index = recorded.count
        recorded.append(Session())
        lock.unlock()
        func record(_ update: (inout Session) -> Void) { lock.lock(); update(&recorded[index]); lock.unlock() }
        if silent {
            // Says nothing and keeps the connection open until the client gives up.
            var buffer = [UInt8](repeating: 0, count: 64)
            var hold = timeval(tv_sec: 120, tv_usec: 0)
            setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &hold, socklen_t(MemoryLayout<timeval>.size))
            _ = recv(client, &buffer, buffer.count, 0)
            return
        }
        say("220 fake.test ESMTP")
        var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        var inData = false
        while true {
            guard let newline = pending.firstIndex(of: 10) else {
                let n = recv(client, &buffer, buffer.count, 0)
                if n <= 0 { return }
                pending += buffer[0..<n]
                continue
            }
            var line = String(decoding: pending[..<newline], as: UTF8.self)
            pending.removeFirst(newline + 1)
            if line.hasSuffix("\r") { line.removeLast() }
            if inData {
                if line == "." {
                    inData = false
                    say(refuse["."] ?? "250 2.0.0 queued as FAKE1")
                } else {
                    record { $0.data += line + "\r\n" }
                }
                continue
            }
            record { $0.commands.append(line) }
            if let answer = refuse.first(where: { line.uppercased().hasPrefix($0.key) })?.value {
                say(answer)
                continue
            }
            switch line.uppercased() {
            case let c where c.hasPrefix("EHLO"):
                say((["250-fake.test"] + extensions.dropLast().map { "250-" + $0 } + ["250 " + (extensions.last ?? "OK")]).joined(separator: "\r\n"))
            case let c where c.hasPrefix("AUTH PLAIN"): say("235 2.7.0 Authentication successful")
            case "AUTH LOGIN": say("334 VXNlcm5hbWU6")
            case "STARTTLS":
                say("220 2.0.0 Ready to start TLS")
                if stallAfterStartTLS {
                    // Never answer the TLS handshake; read until the client gives up.
                    while recv(client, &buffer, buffer.count, 0) > 0 {}
                    return
                }
            case let c where c.hasPrefix("MAIL FROM"), let c where c.hasPrefix("RCPT TO"): say("250 2.1.0 OK")
            case "DATA": inData = true; say("354 End data with <CR><LF>.<CR><LF>")
            case "QUIT": say("221 2.0.0 Bye"); return
            default:
                // The two lines of AUTH LOGIN.
                let logins = recorded[index].commands.filter { $0 == "AUTH LOGIN" }.count
                say(logins > 0 && recorded[index].commands.count % 2 == 0 ? "334 UGFzc3dvcmQ6" : "235 2.7.0 OK")
            }
        }
    }

    deinit {
        shutdown(fd, Int32(SHUT_RDWR))
        close(fd)
    }
}

@Suite("e-mail through SMTP")
struct SMTPTests {
    /// A generous deadline: the whole test run shares 2 cores with the end-to-end suites, whose
    /// waits hold threads of the concurrency pool, so a quick exchange may wait its turn.
    static func settings(_ server: FakeSMTPServer, security: SMTPSettings.Security = .none, login: Bool = true, timeoutMs: Int = 120_000) -> SMTPSettings {
        SMTPSettings(host: "127.0.0.1", port: Int(server.port), security: security, username: login ? "ventas@shop.test" : nil,
                     password: login ? "s3cr3t-pass" : nil, from: "Cocolu <ventas@shop.test>", timeoutMs: timeoutMs)
    }

    static func decodeBase64(_ text: String) -> String {
        String(decoding: Data(base64Encoded: text.replacingOccurrences(of: "\r\n", with: "")) ?? Data(), as: UTF8.self)
    }

    @Test("a recipient with a display name: the header keeps it, the envelope takes the address")
    func displayNames() async throws {
        let server = try FakeSMTPServer()
        let message = MailMessage(to: ["Ventas Cocolu <ventas@cocolu.test>", "Dueño <duenio@cocolu.test>"], subject: "Hola", body: "Hola")
        _ = try await SMTPMailer.send(message, with: Self.settings(server), now: 1_796_000_000_000)
        let session = try #require(server.sessions.first)
        #expect(session.commands.filter { $0.hasPrefix("RCPT TO:") } == ["RCPT TO:<ventas@cocolu.test>", "RCPT TO:<duenio@cocolu.test>"])
        let head = session.data.components(separatedBy: "\r\n\r\n")[0]
        #expect(head.contains("To: Ventas Cocolu <ventas@cocolu.test>, duenio@cocolu.test"), "\(head)")
        await #expect(throws: MailError.self) {
            _ = try await SMTPMailer.send(MailMessage(to: ["Ana\r\nBcc: x@y.z <ana@x.test>"], subject: "s", body: "b"),
                                          with: Self.settings(server), now: 1_796_000_000_000)
        }
    }

    @Test("a message goes through EHLO, AUTH, MAIL, RCPT for to/cc/bcc and DATA, as UTF-8 in base64")
    func sends() async throws {
        let server = try FakeSMTPServer()
        let message = MailMessage(to: ["ana@example.com"], cc: ["caja@shop.test"], bcc: ["copia@shop.test"], replyTo: "ventas@shop.test",
                                  subject: "Pedido #42 — 3 × yerba", body: "Hola Ana,\ntu pedido está listo.\n.\nGracias")
        let id = try await SMTPMailer.send(message, with: Self.settings(server), now: 1_796_000_000_000)
        let session = try #require(server.sessions.first)
        #expect(session.commands.first == "EHLO flowc")
        let auth = try #require(session.commands.first { $0.hasPrefix("AUTH PLAIN ") })
        #expect(Self.decodeBase64(String(auth.dropFirst("AUTH PLAIN ".count))) == "\u{0}ventas@shop.test\u{0}s3cr3t-pass")
        #expect(session.commands.contains("MAIL FROM:<ventas@shop.test>"))
        #expect(session.commands.filter { $0.hasPrefix("RCPT TO:") } == ["RCPT TO:<ana@example.com>", "RCPT TO:<caja@shop.test>", "RCPT TO:<copia@shop.test>"])
        let head = session.data.components(separatedBy: "\r\n\r\n")[0]
        #expect(head.contains("From: \"Cocolu\" <ventas@shop.test>\r\nTo: ana@example.com\r\nCc: caja@shop.test\r\nReply-To: ventas@shop.test"))
        #expect(!head.contains("copia@shop.test"), "Bcc stays out of the headers")
        #expect(head.contains("Message-ID: \(id)"))
        #expect(head.contains("Date: Mon, 30 Nov 2026"))
        let subject = try #require(head.components(separatedBy: "\r\n").first { $0.hasPrefix("Subject: ") })
        #expect(subject.hasPrefix("Subject: =?UTF-8?B?"))
        let encoded = head.components(separatedBy: "Subject: ")[1].components(separatedBy: "\r\nDate:")[0]
        let words = encoded.components(separatedBy: "\r\n ").map { $0.dropFirst("=?UTF-8?B?".count).dropLast(2) }
        #expect(words.map { Self.decodeBase64(String($0)) }.joined() == "Pedido #42 — 3 × yerba")
        let body = session.data.components(separatedBy: "\r\n\r\n")[1]
        #expect(Self.decodeBase64(body) == "Hola Ana,\r\ntu pedido está listo.\r\n.\r\nGracias")
        #expect(session.commands.last == "QUIT")
    }

    @Test("headers: a non-ASCII sender name is encoded, a long recipient list is folded")
    func headerForms() {
        #expect(SMTPMailer.mailbox("Cocolú Tienda <ventas@shop.test>") == "=?UTF-8?B?Q29jb2zDuiBUaWVuZGE=?= <ventas@shop.test>")
        #expect(SMTPMailer.mailbox("\"Ventas, Cocolu\" <ventas@shop.test>") == "\"Ventas, Cocolu\" <ventas@shop.test>")
        #expect(SMTPMailer.mailbox("ventas@shop.test") == "ventas@shop.test")
        let list = SMTPMailer.addressList((1...8).map { "cliente\($0)@example.com" })
        #expect(list.components(separatedBy: "\r\n").allSatisfy { $0.count + 4 <= 78 }, "\(list)")
        #expect(list.replacingOccurrences(of: ",\r\n ", with: ", ") == (1...8).map { "cliente\($0)@example.com" }.joined(separator: ", "))
    }

    @Test("a line break in the subject cannot add a header")
    func headerInjection() async throws {
        let server = try FakeSMTPServer()
        let message = MailMessage(to: ["ana@example.com"], subject: "Hola\r\nBcc: evil@attacker.test", body: "x")
        _ = try await SMTPMailer.send(message, with: Self.settings(server), now: 0)
        let data = try #require(server.sessions.first?.data)
        #expect(data.contains("Subject: Hola  Bcc: evil@attacker.test\r\n"))
        #expect(!data.contains("\r\nBcc:"))
        #expect(server.sessions.first?.commands.contains { $0.contains("evil") } == false)
    }

    @Test("a refused recipient is an error naming the server's answer; the password never shows")
    func refused() async throws {
        let server = try FakeSMTPServer(refuse: ["RCPT TO:<NADIE": "550 5.1.1 no such user"])
        do {
            _ = try await SMTPMailer.send(MailMessage(to: ["nadie@example.com"], subject: "x", body: "y"), with: Self.settings(server), now: 0)
            Issue.record("sent")
        } catch {
            #expect(error.message.contains("550 5.1.1 no such user") && error.message.contains("nadie@example.com"), "\(error)")
            #expect(!error.message.contains("s3cr3t"))
        }
    }

    @Test("STARTTLS is required unless the settings say otherwise; no password goes out in the clear")
    func startTLSRequired() async throws {
        let server = try FakeSMTPServer(extensions: ["AUTH PLAIN"])
        do {
            _ = try await SMTPMailer.send(MailMessage(to: ["ana@example.com"], subject: "x", body: "y"),
                                          with: Self.settings(server, security: .starttls), now: 0)
            Issue.record("sent without TLS")
        } catch {
            #expect(error.message.contains("does not offer STARTTLS"), "\(error)")
        }
        #expect(server.sessions.first?.commands == ["EHLO flowc"])
    }

    @Test("replies smuggled in after STARTTLS's 220, before TLS, are refused (response injection)")
    func startTLSInjection() async throws {
        let server = try FakeSMTPServer(extensions: ["STARTTLS", "AUTH PLAIN"],
                                        refuse: ["STARTTLS": "220 2.0.0 Ready\r\n250-fake.test\r\n250 AUTH PLAIN"])
        do {
            _ = try await SMTPMailer.send(MailMessage(to: ["ana@example.com"], subject: "x", body: "y"),
                                          with: Self.settings(server, security: .starttls), now: 0)
            Issue.record("sent")
        } catch {
            #expect(error.message.contains("sent more after accepting STARTTLS"), "\(error)")
        }
        #expect(server.sessions.first?.commands == ["EHLO flowc", "STARTTLS"], "nothing more went out, and no password")
    }

    @Test("a TLS handshake that never completes ends at the deadline, not never", .timeLimit(.minutes(2)))
    func stalledHandshake() async throws {
        // The fake answers STARTTLS, then never speaks TLS: the client's EHLO waits behind the handshake.
        let server = try FakeSMTPServer(extensions: ["STARTTLS", "AUTH PLAIN"], stallAfterStartTLS: true)
        do {
            _ = try await SMTPMailer.send(MailMessage(to: ["ana@example.com"], subject: "x", body: "y"),
                                          with: Self.settings(server, security: .starttls, timeoutMs: 500), now: 0)
            Issue.record("sent")
        } catch {
            #expect(error.message.contains("did not answer within 500 ms"), "\(error)")
        }
    }

    @Test("a server that never answers fails at the deadline")
    func deadline() async throws {
        let server = try FakeSMTPServer(silent: true)
        do {
            _ = try await SMTPMailer.send(MailMessage(to: ["ana@example.com"], subject: "x", body: "y"),
                                          with: Self.settings(server, timeoutMs: 300), now: 0)
            Issue.record("sent")
        } catch {
            #expect(error.message.contains("did not answer within 300 ms"), "\(error)")
        }
    }

    @Test("the email step: addresses split on commas, a bad one and missing settings go to on_error")
    func performer() async throws {
        let server = try FakeSMTPServer()
        let context = TurnContext(contact: Contact(id: "c1"), now: 0)
        func request(_ to: String) -> EffectRequest {
            EffectRequest(id: "1-1", kind: "email", payload: .object(JSONObject([
                ("to", .text(to)), ("subject", .text("Pedido")), ("body", .text("Listo")),
            ])))
        }
        let sent = await EmailPerformer(settings: Self.settings(server)).perform(request("ana@example.com, beto@example.com"), context: context)
        #expect(sent.ok, "\(sent.error)")
        #expect(server.sessions.first?.commands.filter { $0.hasPrefix("RCPT") }.count == 2)
        let bad = await EmailPerformer(settings: Self.settings(server)).perform(request("ana at example"), context: context)
        #expect(!bad.ok && bad.error.contains("`ana at example` is not an e-mail address"), "\(bad.error)")
        let none = await EmailPerformer(settings: nil).perform(request("ana@example.com"), context: context)
        #expect(!none.ok && none.error.contains("no `smtp:` settings"), "\(none.error)")
    }

    @Test("smtp settings are read from the config, and mistakes name their line")
    func config() throws {
        let good = try ConfigLoader.load(path: "/tmp/flowd.yaml", text: """
            smtp:
              host: smtp.example.com
              username: ventas@shop.test
              password: ${SMTP_PASSWORD}
              from: "Cocolu <ventas@shop.test>"
            bots:
              - path: shop
                channels: [{provider: telegram, bot_token: "1:A", secret_token: s}]
            """, environment: ["SMTP_PASSWORD": "pw"])
        #expect(good.smtp == SMTPSettings(host: "smtp.example.com", port: 587, security: .starttls, username: "ventas@shop.test", password: "pw",
                                           from: "Cocolu <ventas@shop.test>"))
        do {
            _ = try ConfigLoader.load(path: "/tmp/flowd.yaml", text: """
                smtp:
                  host: smtp.example.com
                  security: ssl
                  from: ventas
                  user: x
                bots:
                  - path: shop
                    channels: [{provider: telegram, bot_token: "1:A", secret_token: s}]
                """, environment: [:])
            Issue.record("a bad smtp section was accepted")
        } catch {
            #expect(error.description.contains("/tmp/flowd.yaml:5:3: unknown key `user`"), "\(error)")
            #expect(error.description.contains("smtp.security must be `starttls`, `tls` or `none`, not `ssl`"), "\(error)")
            #expect(error.description.contains("smtp.from must be an address"), "\(error)")
        }
    }
}
