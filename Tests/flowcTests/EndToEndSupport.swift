import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// What one bounded run of a program did.
struct E2ERun: CustomStringConvertible {
    var status: Int32
    /// True when the process died of a signal (a crash, or our kill after the timeout).
    var signalled: Bool
    var timedOut: Bool
    var stdout: String
    var stderr: String
    var seconds: Double

    /// Exited by itself with a status (no signal, no timeout).
    var exitedCleanly: Bool { !signalled && !timedOut }

    var description: String {
        "status \(status)\(signalled ? " (signal)" : "")\(timedOut ? " (timed out)" : "") in \(String(format: "%.1f", seconds)) s\n"
            + "--- stdout\n\(stdout)\n--- stderr\n\(stderr)"
    }

    /// Every non-empty stdout line parsed as a JSON object; nil (and an issue recorded) when one is not.
    func jsonLines(sourceLocation: SourceLocation = #_sourceLocation) -> [[String: Any]]? {
        var out: [[String: Any]] = []
        for line in stdout.split(separator: "\n", omittingEmptySubsequences: true) {
            guard let object = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] else {
                Issue.record("stdout line is not a JSON object: \(line)", sourceLocation: sourceLocation)
                return nil
            }
            out.append(object)
        }
        return out
    }
}

/// Runs programs (mostly the real `flowc`) with stdin from a file, stdout/stderr to files, and a deadline.
enum E2E {
    /// Writing to a pipe whose reader died must fail the write, not kill the test process.
    static let ignoreSIGPIPE: Void = { _ = signal(SIGPIPE, SIG_IGN) }()

    static var flowcPath: String { FlowcRun.binary.path }
    static var shop: String { FlowcRun.root.appendingPathComponent("examples/shop").path }

    /// This test process's scratch folder, removed when the process exits.
    static let scratch: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("flowc-e2e-\(getpid())")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        atexit {
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("flowc-e2e-\(getpid())")
            try? FileManager.default.removeItem(at: url)
        }
        return url
    }()

    /// A fresh temporary folder (inside ``scratch``).
    static func temp() throws -> URL {
        let url = scratch.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes `text` to `dir/name` (creating folders) and returns the path.
    @discardableResult
    static func write(_ text: String, to dir: URL, _ name: String) throws -> String {
        let url = dir.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    static func read(_ path: String) -> String {
        (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    }

    /// Finds a program on PATH.
    static func which(_ name: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Runs `flowc ARGS` with `input` on stdin (nil: /dev/null), killed after `timeout` seconds.
    static func flowc(_ arguments: [String], input: String? = nil, timeout: Double = 20,
                      environment: [String: String] = [:]) throws -> E2ERun {
        try run(flowcPath, arguments, input: input, timeout: timeout, environment: environment)
    }

    static func run(_ executable: String, _ arguments: [String], input: String? = nil, timeout: Double = 20,
                    environment: [String: String] = [:], cwd: URL = FlowcRun.root) throws -> E2ERun {
        _ = ignoreSIGPIPE
        let dir = try temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let outPath = dir.appendingPathComponent("stdout").path
        let errPath = dir.appendingPathComponent("stderr").path
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = cwd
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let inHandle: FileHandle
        if let input {
            let inPath = dir.appendingPathComponent("stdin").path
            _ = FileManager.default.createFile(atPath: inPath, contents: Data(input.utf8))
            inHandle = try #require(FileHandle(forReadingAtPath: inPath))
        } else {
            inHandle = FileHandle.nullDevice
        }
        let outHandle = try #require(FileHandle(forWritingAtPath: outPath))
        let errHandle = try #require(FileHandle(forWritingAtPath: errPath))
        process.standardInput = inHandle
        process.standardOutput = outHandle
        process.standardError = errHandle
        let start = Date()
        try process.run()
        var timedOut = false
        while process.isRunning {
            if Date().timeIntervalSince(start) > timeout {
                timedOut = true
                kill(process.processIdentifier, SIGKILL)
                break
            }
            usleep(5_000)
        }
        // Foundation notices an exit when every copy of its watch socket is closed; a child that
        // leaves a daemon behind (holding a copy) would make `waitUntilExit` hang, so wait bounded.
        let reaped = wait(timeout: 5) { !process.isRunning }
        try? outHandle.close()
        try? errHandle.close()
        if input != nil { try? inHandle.close() }
        return E2ERun(status: reaped ? process.terminationStatus : -1,
                      signalled: reaped && process.terminationReason == .uncaughtSignal,
                      timedOut: timedOut || !reaped, stdout: read(outPath), stderr: read(errPath),
                      seconds: Date().timeIntervalSince(start))
    }

    /// Lines joined with newlines, ending in one (what a person pipes in).
    static func lines(_ lines: [String]) -> String { lines.map { $0 + "\n" }.joined() }

    /// Polls `condition` every 20 ms until it holds or `timeout` seconds pass.
    static func wait(timeout: Double, _ condition: () -> Bool) -> Bool {
        let start = Date()
        while Date().timeIntervalSince(start) < timeout {
            if condition() { return true }
            usleep(20_000)
        }
        return condition()
    }
}

/// A `flowc` process that stays up: stdin is a pipe we keep open, stdout/stderr go to files we can poll.
final class E2ELiveProcess {
    let process = Process()
    let input = Pipe()
    let dir: URL
    let outPath: String
    let errPath: String

    init(_ arguments: [String]) throws {
        _ = E2E.ignoreSIGPIPE
        dir = try E2E.temp()
        outPath = dir.appendingPathComponent("stdout").path
        errPath = dir.appendingPathComponent("stderr").path
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        process.executableURL = URL(fileURLWithPath: E2E.flowcPath)
        process.arguments = arguments
        process.currentDirectoryURL = FlowcRun.root
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        process.environment = env
        process.standardInput = input
        process.standardOutput = FileHandle(forWritingAtPath: outPath)
        process.standardError = FileHandle(forWritingAtPath: errPath)
        try process.run()
    }

    var stdout: String { E2E.read(outPath) }
    var stderr: String { E2E.read(errPath) }

    func send(_ line: String) throws {
        try input.fileHandleForWriting.write(contentsOf: Data((line + "\n").utf8))
    }

    /// Waits until stdout satisfies `condition`; false after `timeout` seconds.
    func waitForOutput(timeout: Double = 10, _ condition: (String) -> Bool) -> Bool {
        E2E.wait(timeout: timeout) { condition(stdout) }
    }

    /// `kill -9`, then reaps it.
    func killHard() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// Closes stdin and waits (bounded) for the exit; kills it when it does not leave.
    func finish(timeout: Double = 10) -> Int32? {
        try? input.fileHandleForWriting.close()
        if !E2E.wait(timeout: timeout, { !process.isRunning }) {
            killHard()
            return nil
        }
        process.waitUntilExit()
        return process.terminationStatus
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(at: dir)
    }
}

/// A tmux server of our own (its own socket, run in the foreground with `-D` so that no client
/// forks a daemon behind Foundation's back) running one session: a terminal a person would use.
final class E2ETmux {
    static var available: Bool { E2E.which("tmux") != nil }

    let socket = "flowc-e2e-\(UUID().uuidString.prefix(8))"
    let session = "chat"
    let tmux: String
    let server = Process()

    init() throws {
        tmux = try #require(E2E.which("tmux"))
        server.executableURL = URL(fileURLWithPath: tmux)
        server.arguments = ["-L", socket, "-f", "/dev/null", "-D"]
        server.currentDirectoryURL = FlowcRun.root
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        server.environment = env
        server.standardInput = FileHandle.nullDevice
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        let up = E2E.wait(timeout: 10) { server.isRunning && tmuxCommand(["list-sessions"])?.status == 0 }
        if !up { kill() }
        try #require(up, "the tmux server started")
    }

    @discardableResult
    func tmuxCommand(_ arguments: [String]) -> E2ERun? {
        try? E2E.run(tmux, ["-L", socket] + arguments, timeout: 10)
    }

    /// Starts `command` (a shell line) in a 120×40 terminal.
    func start(_ command: String) throws {
        try #require(server.isRunning, "the tmux server is up (else new-session would fork a daemon)")
        let r = try #require(tmuxCommand(["new-session", "-d", "-s", session, "-x", "120", "-y", "40", "-c", FlowcRun.root.path, command]))
        try #require(r.status == 0, "tmux new-session failed: \(r)")
    }

    /// Types `text` literally, then Enter.
    func type(_ text: String) {
        tmuxCommand(["send-keys", "-t", session, "-l", text])
        tmuxCommand(["send-keys", "-t", session, "Enter"])
    }

    /// Sends keys as tmux names them (`Left`, `C-u`, `Up`), or literal text with `literal`.
    func keys(_ keys: String..., literal: Bool = false) {
        tmuxCommand(["send-keys", "-t", session] + (literal ? ["-l"] : []) + keys)
    }

    /// The visible screen plus scrollback, as plain text.
    func screen() -> String {
        tmuxCommand(["capture-pane", "-p", "-J", "-S", "-200", "-t", session])?.stdout ?? ""
    }

    /// Waits until the screen satisfies `condition`; returns the last screen either way.
    func waitForScreen(timeout: Double = 10, _ condition: (String) -> Bool) -> (ok: Bool, screen: String) {
        var last = ""
        let ok = E2E.wait(timeout: timeout) {
            last = screen()
            return condition(last)
        }
        return (ok, last)
    }

    var sessionAlive: Bool { tmuxCommand(["has-session", "-t", session])?.status == 0 }

    /// Ends the server and everything in it (bounded; SIGKILL when it does not go).
    func kill() {
        if server.isRunning { tmuxCommand(["kill-server"]) }
        if !E2E.wait(timeout: 5, { !server.isRunning }) {
            Glibc.kill(server.processIdentifier, SIGKILL)
            _ = E2E.wait(timeout: 5) { !server.isRunning }
        }
        // The server's socket file (tmux leaves it behind when it is killed).
        if !server.isRunning {
            let dir = ProcessInfo.processInfo.environment["TMUX_TMPDIR"] ?? "/tmp"
            unlink("\(dir)/tmux-\(getuid())/\(socket)")
        }
    }

    deinit { if server.isRunning { Glibc.kill(server.processIdentifier, SIGKILL) } }
}

extension String {
    /// How many times `needle` occurs.
    func occurrences(of needle: String) -> Int { components(separatedBy: needle).count - 1 }
}

/// Shell-quotes a word for a tmux command line.
func shellQuote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }

/// A small bot written to a temp folder for these tests: greeting with the contact, a question with a
/// 15-minute timeout, an echo flow (user input is data) and an HTTP flow with `on_error`.
enum ProbeBot {
    static let botYAML = """
        bot: probe
        name: Probe
        start: main
        locale: es-AR

        """

    static let mainYAML = """
        flow: main
        vars:
          plan: text
          color: text
        steps:
          greet:
            say: "Hola {{contact.name}} ({{contact.id}}) plan={{plan ?? 'none'}}"
          ask_color:
            ask: "¿Qué color te gusta?"
            save: color
            timeout: 15m
            on_timeout: nudge
          done:
            end: "Elegiste {{color}}"
          nudge:
            end: "¿Seguís ahí? Pasaron 15 minutos."

        """

    static let echoYAML = """
        flow: echo
        triggers:
          - keywords: [eco]
        vars:
          said: text
        steps:
          ask_it:
            ask: "Decime algo"
            save: said
          back:
            end: "Dijiste: {{said}}"

        """

    static let apiYAML = """
        flow: api
        triggers:
          - keywords: [api]
        vars:
          result: json
        steps:
          fetch:
            http:
              get: "{{env.API_URL}}/thing"
              headers: {Authorization: "Bearer {{secret.TOKEN}}"}
              timeout: 1s
            save: result
            on_error: oops
          ok:
            end: "La API dijo {{result.id}}"
          oops:
            end: "Falló la API"

        """

    /// Writes the bot into a new temp folder and returns the folder.
    static func write() throws -> URL {
        let dir = try E2E.temp().appendingPathComponent("probe")
        try E2E.write(botYAML, to: dir, "bot.yaml")
        try E2E.write(mainYAML, to: dir, "flows/main.yaml")
        try E2E.write(echoYAML, to: dir, "flows/echo.yaml")
        try E2E.write(apiYAML, to: dir, "flows/api.yaml")
        return dir
    }
}

/// A tiny HTTP server on 127.0.0.1 (an ephemeral port) for HTTP actions without `--mock`:
/// answers every request with `response`, or, with `response == nil`, accepts connections
/// and never answers (a server that hangs).
final class E2ELoopbackServer: @unchecked Sendable {
    let fd: Int32
    private(set) var port: UInt16 = 0
    let response: String?
    private let lock = NSLock()
    private var received: [String] = []
    private var held: [Int32] = []

    /// A port on 127.0.0.1 where nothing listens (connection refused).
    static func closedPort() -> UInt16 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        return UInt16(bigEndian: addr.sin_port)
    }

    /// `status` and `body` as a whole HTTP/1.1 response that closes the connection.
    static func http(_ status: Int, _ body: String, contentType: String = "application/json") -> String {
        "HTTP/1.1 \(status) X\r\nContent-Type: \(contentType)\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
    }

    init(response: String?) throws {
        self.response = response
        (fd, port) = try LoopbackSocket.listen(backlog: 16)
        let thread = Thread { [self] in serve() }
        thread.start()
    }

    var url: String { "http://127.0.0.1:\(port)" }

    /// The raw requests (head and what came of the body), in order.
    var requests: [String] { lock.lock(); defer { lock.unlock() }; return received }

    private func serve() {
        while true {
            let client = accept(fd, nil, nil)
            if client < 0 { return }
            lock.lock()
            if stopped { lock.unlock(); close(client); return }
            lock.unlock()
            var buffer = [UInt8](repeating: 0, count: 65_536)
            var data: [UInt8] = []
            var tv = timeval(tv_sec: 2, tv_usec: 0)
            setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
            while data.count < 1 << 20 {
                let n = recv(client, &buffer, buffer.count, 0)
                if n <= 0 { break }
                data += buffer[0..<n]
                if String(decoding: data, as: UTF8.self).contains("\r\n\r\n") { break }
            }
            lock.lock()
            received.append(String(decoding: data, as: UTF8.self))
            lock.unlock()
            guard let response else {
                lock.lock()
                if stopped { close(client) } else { held.append(client) }   // never answered; closed by stop()
                lock.unlock()
                continue
            }
            var bytes = Array(response.utf8)
            _ = send(client, &bytes, bytes.count, Int32(MSG_NOSIGNAL))
            close(client)
        }
    }

    private var stopped = false

    /// Stops listening and drops held connections (once: a second close could hit a reused fd).
    func stop() {
        lock.lock()
        defer { lock.unlock() }
        guard !stopped else { return }
        stopped = true
        shutdown(fd, Int32(SHUT_RDWR))
        close(fd)
        for c in held { close(c) }
        held = []
    }

    deinit { stop() }
}

/// A listening TCP socket on 127.0.0.1 at an ephemeral port, for the tests' fake servers.
enum LoopbackSocket {
    static func listen(backlog: Int32) throws -> (fd: Int32, port: UInt16) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(fd >= 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        try #require(bound == 0, "bind 127.0.0.1")
        try #require(Glibc.listen(fd, backlog) == 0)
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        return (fd, UInt16(bigEndian: addr.sin_port))
    }
}
