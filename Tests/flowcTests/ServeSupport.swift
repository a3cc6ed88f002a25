import Crypto
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// One HTTP request a fake provider received.
struct FakeRequest: Sendable {
    var method: String
    var path: String
    var headers: [String: String]
    var body: String
}

/// A fake provider API on 127.0.0.1 (an ephemeral port): records every request (head and whole
/// body, by Content-Length) and answers with what `respond` says.
final class FakeProviderServer: @unchecked Sendable {
    let fd: Int32
    private(set) var port: UInt16 = 0
    private let lock = NSLock()
    private var received: [FakeRequest] = []
    private var stopped = false
    private let respond: @Sendable (FakeRequest, Int) -> (Int, [String: String], String)

    /// `respond` gets each request and its 0-based number.
    convenience init(respond: @escaping @Sendable (FakeRequest, Int) -> (Int, String)) throws {
        try self.init(respondWithHeaders: { request, number in
            let (status, body) = respond(request, number)
            return (status, [:], body)
        })
    }

    /// `respond` gets each request and its 0-based number and gives the status, extra response
    /// headers and the body.
    init(respondWithHeaders respond: @escaping @Sendable (FakeRequest, Int) -> (Int, [String: String], String)) throws {
        self.respond = respond
        (fd, port) = try LoopbackSocket.listen(backlog: 64)
        Thread { [self] in serve() }.start()
    }

    var url: String { "http://127.0.0.1:\(port)" }

    var requests: [FakeRequest] { lock.lock(); defer { lock.unlock() }; return received }

    private func serve() {
        while true {
            let client = accept(fd, nil, nil)
            if client < 0 { return }
            // A thread per connection: the HTTP client keeps several connections alive at once.
            Thread { [self] in handle(client) }.start()
        }
    }

    private func handle(_ client: Int32) {
        do {
            var tv = timeval(tv_sec: 60, tv_usec: 0)
            setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
            // Keep-alive: serve requests on this connection until it closes.
            var data: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 65_536)
            connection: while true {
                while HTTPWire.split(data) == nil {
                    let n = recv(client, &buffer, buffer.count, 0)
                    if n <= 0 { break connection }
                    data += buffer[0..<n]
                }
                guard let (request, used) = HTTPWire.split(data) else { break }
                data.removeFirst(used)
                lock.lock()
                let number = received.count
                received.append(request)
                let isStopped = stopped
                lock.unlock()
                if isStopped { break }
                let (status, headers, body) = respond(request, number)
                let extra = headers.map { "\($0.key): \($0.value)\r\n" }.joined()
                var bytes = Array("HTTP/1.1 \(status) X\r\nContent-Type: application/json\r\n\(extra)Content-Length: \(body.utf8.count)\r\n\r\n\(body)".utf8)
                _ = send(client, &bytes, bytes.count, Int32(MSG_NOSIGNAL))
            }
            close(client)
        }
    }

    func stop() {
        lock.lock()
        defer { lock.unlock() }
        guard !stopped else { return }
        stopped = true
        shutdown(fd, Int32(SHUT_RDWR))
        close(fd)
    }

    deinit { stop() }
}

/// Counts per key, from 0, across threads (a fake provider numbering each bot's messages).
final class PerKeyCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var counts: [String: Int] = [:]

    /// The count of `key` before this call.
    func next(_ key: String) -> Int {
        lock.lock()
        defer { lock.unlock() }
        let n = counts[key, default: 0]
        counts[key] = n + 1
        return n
    }
}

/// HTTP/1.1 framing for the tests' tiny server and client.
enum HTTPWire {
    /// A whole request at the start of `data` (by Content-Length), and how many bytes it used.
    static func split(_ data: [UInt8]) -> (FakeRequest, Int)? {
        let marker: [UInt8] = [13, 10, 13, 10]
        guard let end = (0..<max(0, data.count - 3)).first(where: { Array(data[$0..<$0 + 4]) == marker }) else { return nil }
        let head = String(decoding: data[0..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let first = head.first?.split(separator: " ") ?? []
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let length = Int(headers["content-length"] ?? "0") ?? 0
        guard data.count >= end + 4 + length else { return nil }
        let body = String(decoding: data[(end + 4)..<(end + 4 + length)], as: UTF8.self)
        return (FakeRequest(method: first.count > 0 ? String(first[0]) : "", path: first.count > 1 ? String(first[1]) : "",
                            headers: headers, body: body), end + 4 + length)
    }

    /// A connection to 127.0.0.1:`port` that writes `parts` one by one, `pause` seconds apart, and
    /// then waits for the server; how many seconds after connecting the server closed it (nil
    /// when it was still open after `wait` seconds, or the connection failed).
    static func slowClient(port: Int, parts: [String], pause: Double, wait: Double) -> Double? {
        guard let fd = connectLoopback(port: port) else { return nil }
        defer { close(fd) }
        let start = Date()
        for (i, part) in parts.enumerated() {
            if i > 0 { Thread.sleep(forTimeInterval: pause) }
            let bytes = Array(part.utf8)
            if bytes.withUnsafeBytes({ send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }) <= 0 { return Date().timeIntervalSince(start) }
        }
        var tv = timeval(tv_sec: 0, tv_usec: 200_000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var buffer = [UInt8](repeating: 0, count: 4096)
        while Date().timeIntervalSince(start) < wait {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) { return Date().timeIntervalSince(start) }
        }
        return nil
    }

    /// One request to 127.0.0.1:`port` on a new connection; the status and body of the answer.
    /// A TCP connection to 127.0.0.1:`port`, or nil when it is refused.
    static func connectLoopback(port: Int) -> Int32? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(fd)
            return nil
        }
        return fd
    }

    static func request(port: Int, _ method: String, _ path: String, headers: [String: String] = [:], body: String = "") -> (status: Int, body: String) {
        let answer = exchange(port: port, method, path, headers: headers, body: body)
        return (answer.status, answer.body)
    }

    /// One request to 127.0.0.1:`port` on a new connection; the status, headers (names in lower
    /// case) and body of the answer.
    static func exchange(port: Int, _ method: String, _ path: String, headers: [String: String] = [:],
                         body: String = "") -> (status: Int, headers: [String: String], body: String) {
        guard let fd = connectLoopback(port: port) else { return (0, [:], "connection refused") }
        defer { close(fd) }
        var tv = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\nContent-Length: \(body.utf8.count)\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        var bytes = Array((head + "\r\n" + body).utf8)
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { break }
            sent += n
        }
        bytes = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { break }
            bytes += buffer[0..<n]
        }
        let text = String(decoding: bytes, as: UTF8.self)
        let status = Int(text.split(separator: " ").dropFirst().first ?? "") ?? 0
        let parts = text.components(separatedBy: "\r\n\r\n")
        var fields: [String: String] = [:]
        for line in (parts.first ?? "").components(separatedBy: "\r\n").dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return (status, fields, parts.dropFirst().joined(separator: "\r\n\r\n"))
    }
}

/// Signatures as the providers compute them.
enum Sign {
    static func meta(_ secret: String, _ body: String) -> String {
        "sha256=" + HMAC<SHA256>.authenticationCode(for: Data(body.utf8), using: SymmetricKey(data: Data(secret.utf8)))
            .map { String(format: "%02x", $0) }.joined()
    }

    static func twilio(_ token: String, url: String, form: [(String, String)]) -> String {
        var data = url
        for (k, v) in form.sorted(by: { $0.0 < $1.0 }) { data += k + v }
        return Data(HMAC<Insecure.SHA1>.authenticationCode(for: Data(data.utf8), using: SymmetricKey(data: Data(token.utf8)))).base64EncodedString()
    }

    static func bridge(_ secret: String, timestamp: String, _ body: String) -> String {
        "v1=" + HMAC<SHA256>.authenticationCode(for: Data((timestamp + "." + body).utf8), using: SymmetricKey(data: Data(secret.utf8)))
            .map { String(format: "%02x", $0) }.joined()
    }

    static func form(_ pairs: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return pairs.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(separator: "&")
    }

    /// One field of a form body, decoded (`+` is a space).
    static func formValue(_ body: String, _ name: String) -> String? {
        for pair in body.split(separator: "&") where pair.hasPrefix(name + "=") {
            return String(pair.dropFirst(name.count + 1)).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
        }
        return nil
    }
}

/// A daemon under test: a bot, a config pointing the channels at fakes, and `flowc serve` running.
/// A write lock on a daemon's SQLite store, held by a `sqlite3` shell (another process, as a
/// backup tool or a second program would hold it) until released.
final class StoreLock {
    private let shell = Process()
    private let input = Pipe()

    init(_ harness: ServeHarness) throws {
        shell.executableURL = URL(fileURLWithPath: try #require(E2E.which("sqlite3")))
        shell.arguments = ["-bail", harness.dir.appendingPathComponent("state/flowd.sqlite").path]
        shell.standardInput = input
        let output = Pipe()
        shell.standardOutput = output
        try shell.run()
        // The daemon may be writing right now: wait for the lock (up to 10 s) rather than fail at once,
        // and return only once it is held, so the test never races the shell under load.
        try input.fileHandleForWriting.write(contentsOf: Data("""
            .timeout 10000
            BEGIN EXCLUSIVE;
            INSERT INTO inbox(bot, contact, channel, external_id, payload, received_at) VALUES ('x','x','x','lock','{}',0);
            SELECT 'locked';

            """.utf8))
        var said = Data()
        while !String(decoding: said, as: UTF8.self).contains("locked") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            said.append(chunk)
        }
        #expect(String(decoding: said, as: UTF8.self).contains("locked"), "the test's shell holds the store's lock")
    }

    /// Rolls back and waits for the shell to end.
    func release() throws {
        try input.fileHandleForWriting.write(contentsOf: Data("ROLLBACK;\n.quit\n".utf8))
        shell.waitUntilExit()
    }

    /// Ends the shell if it still runs (a test that failed before releasing).
    func end() { if shell.isRunning { shell.terminate() } }
}

final class ServeHarness: @unchecked Sendable {
    let dir: URL
    let port: Int
    let configPath: String
    private(set) var process: E2ELiveProcess?

    static let botYAML = """
        bot: tienda
        name: Tienda
        start: main
        locale: es-AR

        """

    static let mainYAML = """
        flow: main
        vars:
          name: text
          choice: text
        steps:
          hello:
            ask: "¡Hola! ¿Cómo te llamás?"
            save: name
          pick:
            menu: "Gracias {{name}}. ¿Qué buscás?"
            style: buttons
            options:
              pizza: Pizza
              empanadas: Empanadas
              nada: Nada
            save: choice
          done:
            end: "Listo {{name}}: {{choice}}"

        """

    /// Writes the bot and a config whose `bots[0].channels` is `channels` (YAML lines, indented for
    /// the list), and picks a free port.
    init(channels: String, extra: String = "", bot: String = "", store: String = "sqlite:state/flowd.sqlite",
         mainFlow: String = ServeHarness.mainYAML) throws {
        dir = try E2E.temp()
        try E2E.write(Self.botYAML, to: dir, "bots/tienda/bot.yaml")
        try E2E.write(mainFlow, to: dir, "bots/tienda/flows/main.yaml")
        try E2E.write(ProbeBot.apiYAML, to: dir, "bots/tienda/flows/api.yaml")
        port = Int(E2ELoopbackServer.closedPort())
        let config = """
            listen: 127.0.0.1:\(port)
            store: \(store)
            bots:
              - path: bots/tienda
            \(bot)
                channels:
            \(channels)
            admin:
              tokens: ["admin-token-0123456789"]
            \(extra)
            """
        configPath = try E2E.write(config, to: dir, "flowd.yaml")
    }

    /// Starts `flowc serve` and waits until `/readyz` answers 200.
    func start() throws {
        let process = try E2ELiveProcess(["serve", "--config", configPath])
        self.process = process
        let ready = E2E.wait(timeout: 30) { HTTPWire.request(port: port, "GET", "/readyz").status == 200 }
        try #require(ready, "the daemon did not become ready:\n\(process.stderr)")
    }

    func post(_ path: String, headers: [String: String], body: String) -> (status: Int, body: String) {
        HTTPWire.request(port: port, "POST", path, headers: headers, body: body)
    }

    func admin(_ method: String, _ path: String, body: String = "") -> (status: Int, body: String) {
        HTTPWire.request(port: port, method, path, headers: ["Authorization": "Bearer admin-token-0123456789"], body: body)
    }

    /// One value read from the daemon's store with the sqlite3 shell ("" when it cannot).
    func sql(_ query: String) -> String {
        guard let shell = E2E.which("sqlite3"),
              let r = try? E2E.run(shell, ["-cmd", ".timeout 2000", dir.appendingPathComponent("state/flowd.sqlite").path, query], timeout: 10)
        else { return "" }
        return r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func kill() { process?.killHard() }

    /// SIGTERM and a bounded wait; the exit status.
    func stop() -> Int32? {
        guard let process = process?.process, process.isRunning else { return nil }
        Glibc.kill(process.processIdentifier, SIGTERM)
        guard E2E.wait(timeout: 10, { !process.isRunning }) else {
            self.process?.killHard()
            return nil
        }
        return process.terminationStatus
    }

    var stderr: String { process?.stderr ?? "" }

    deinit { process?.killHard() }
}

/// Meta webhook bodies.
enum MetaPayload {
    static func text(_ text: String, from: String = "5491155551234", id: String, phoneNumberId: String = "1065403522") -> String {
        #"{"object":"whatsapp_business_account","entry":[{"id":"WABA","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550001111","phone_number_id":"\#(phoneNumberId)"},"contacts":[{"profile":{"name":"Ana"},"wa_id":"\#(from)"}],"messages":[{"from":"\#(from)","id":"\#(id)","timestamp":"1700000000","type":"text","text":{"body":"\#(text)"}}]}}]}]}"#
    }

    /// One webhook carrying several text messages of one contact.
    static func texts(_ texts: [String], from: String, ids: [String], timestamps: [Int]? = nil) -> String {
        let messages = texts.indices.map { i in
            #"{"from":"\#(from)","id":"\#(ids[i])","timestamp":"\#(timestamps?[i] ?? 1_700_000_000)","type":"text","text":{"body":"\#(texts[i])"}}"#
        }.joined(separator: ",")
        return #"{"object":"whatsapp_business_account","entry":[{"id":"WABA","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550001111","phone_number_id":"1065403522"},"contacts":[{"profile":{"name":"Ana"},"wa_id":"\#(from)"}],"messages":[\#(messages)]}}]}]}"#
    }

    static func button(_ id: String, title: String, from: String = "5491155551234", messageId: String) -> String {
        #"{"object":"whatsapp_business_account","entry":[{"id":"WABA","changes":[{"field":"messages","value":{"metadata":{"phone_number_id":"1065403522"},"contacts":[{"profile":{"name":"Ana"},"wa_id":"\#(from)"}],"messages":[{"from":"\#(from)","id":"\#(messageId)","timestamp":"1700000001","type":"interactive","interactive":{"type":"button_reply","button_reply":{"id":"\#(id)","title":"\#(title)"}}}]}}]}]}"#
    }

    static func status(_ id: String, _ status: String) -> String {
        #"{"object":"whatsapp_business_account","entry":[{"id":"WABA","changes":[{"field":"messages","value":{"metadata":{"phone_number_id":"1065403522"},"statuses":[{"id":"\#(id)","recipient_id":"5491155551234","status":"\#(status)","timestamp":"1700000002"}]}}]}]}"#
    }
}
