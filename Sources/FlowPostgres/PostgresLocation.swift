import FlowStore
import PostgresNIO

/// Where a PostgreSQL store is: a `postgres://USER:PASSWORD@HOST:PORT/DATABASE?sslmode=…` URL as
/// libpq reads it (`postgresql://` too; user, password and database percent-decoded; default port
/// 5432, default database the user's name). `sslmode` is `disable`, `prefer` (the default: TLS when
/// the server offers it, as libpq), `require` (TLS, certificate not checked, as libpq),
/// `verify-ca` or `verify-full` (TLS with the certificate checked against the system's roots).
/// `connect_timeout` (seconds) bounds a connection attempt; `application_name` names the daemon
/// in `pg_stat_activity`.
public struct PostgresLocation: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String
    public var sslMode: String
    public var connectTimeoutSeconds: Int
    public var applicationName: String

    /// The URL without its password: what logs and errors show.
    public var description: String {
        let hostPart = host.contains(":") ? "[\(host)]" : host
        return "postgres://\(user)@\(hostPart):\(port)/\(database)"
    }

    /// Whether `text` is meant as a PostgreSQL URL (a config's `store:`).
    public static func isURL(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    /// Reads a URL; the error says what is wrong with it (never showing the password).
    public init(url text: String) throws(StoreError) {
        guard let schemeEnd = text.range(of: "://"), Self.isURL(text) else {
            throw .io("a PostgreSQL store is a URL `postgres://USER:PASSWORD@HOST:PORT/DATABASE`")
        }
        var rest = Substring(text[schemeEnd.upperBound...])
        // The user and password first (up to the last `@`), so that a `/` or `?` in a password
        // written without escaping is never read as the path or the options, nor shown.
        var userInfo: Substring?
        if let at = rest.lastIndex(of: "@") {
            userInfo = rest[..<at]
            rest = rest[rest.index(after: at)...]
        }
        var query = Substring("")
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        var path = Substring("")
        if let slash = rest.firstIndex(of: "/") {
            path = rest[rest.index(after: slash)...]
            rest = rest[..<slash]
        }
        var user: String?
        var password: String?
        if let userInfo {
            if let colon = userInfo.firstIndex(of: ":") {
                user = try Self.decode(userInfo[..<colon], "the user name")
                password = try Self.decode(userInfo[userInfo.index(after: colon)...], "the password")
            } else {
                user = try Self.decode(userInfo, "the user name")
            }
        }
        var host = String(rest)
        var port = 5432
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { throw .io("the PostgreSQL URL's host `\(host)` lacks its `]`") }
            let after = host[host.index(after: close)...]
            if after.hasPrefix(":") {
                guard let number = Int(after.dropFirst()), (1...65535).contains(number) else {
                    throw .io("the PostgreSQL URL's port `\(after.dropFirst())` is not a port number (1–65535)")
                }
                port = number
            } else if !after.isEmpty {
                throw .io("the PostgreSQL URL's host `\(host)` has text after its `]`")
            }
            host = String(host[host.index(after: host.startIndex)..<close])
        } else if let colon = host.lastIndex(of: ":") {
            let digits = host[host.index(after: colon)...]
            guard let number = Int(digits), (1...65535).contains(number) else {
                throw .io("the PostgreSQL URL's port `\(digits)` is not a port number (1–65535)")
            }
            port = number
            host = String(host[..<colon])
        }
        if host.isEmpty { host = "127.0.0.1" }
        guard let user, !user.isEmpty else {
            throw .io("the PostgreSQL URL names no user: write `postgres://USER:PASSWORD@\(host):\(port)/DATABASE`")
        }
        let database = path.isEmpty ? user : try Self.decode(path, "the database name")
        var sslMode = "prefer"
        var timeout = 10
        var applicationName = "flowc"
        for pair in query.split(separator: "&") where !pair.isEmpty {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = String(parts[0])
            let value = parts.count > 1 ? try Self.decode(parts[1], "`\(key)`") : ""
            switch key {
            case "sslmode":
                guard ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"].contains(value) else {
                    throw .io("the PostgreSQL URL's sslmode `\(value)` is none of disable, prefer, require, verify-ca, verify-full")
                }
                sslMode = value == "allow" ? "prefer" : value
            case "connect_timeout":
                guard let seconds = Int(value), seconds > 0, seconds <= 3600 else {
                    throw .io("the PostgreSQL URL's connect_timeout `\(value)` must be a number of seconds (1–3600)")
                }
                timeout = seconds
            case "application_name":
                applicationName = value
            default:
                throw .io("the PostgreSQL URL's option `\(key)` is not known to flowc (sslmode, connect_timeout, application_name)")
            }
        }
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
        self.sslMode = sslMode
        self.connectTimeoutSeconds = timeout
        self.applicationName = applicationName
    }

    /// Percent-decodes one part of the URL.
    private static func decode(_ text: Substring, _ what: String) throws(StoreError) -> String {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                throw .io("the PostgreSQL URL has a broken percent escape in \(what)")
            }
            bytes.append(high << 4 | low)
        }
        guard let decoded = String(validating: bytes, as: UTF8.self) else {
            throw .io("the PostgreSQL URL's \(what) is not UTF-8 once decoded")
        }
        return decoded
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// The TLS settings of `sslmode`, in postgres-nio's terms.
    private var tlsConfiguration: TLSConfiguration? {
        switch sslMode {
        case "disable":
            return nil
        case "verify-ca", "verify-full":
            return .makeClientConfiguration()
        default:
            var unchecked = TLSConfiguration.makeClientConfiguration()
            unchecked.certificateVerification = .none
            return unchecked
        }
    }

    /// A row lock held elsewhere fails the statement after 5 s (like SQLite's busy timeout) and no
    /// statement runs for more than 30 s: the daemon answers 503 and the provider retries.
    private var startupParameters: [(String, String)] {
        [
            ("application_name", applicationName),
            ("lock_timeout", "5000"),
            ("statement_timeout", "30000"),
            ("idle_in_transaction_session_timeout", "60000"),
        ]
    }

    /// postgres-nio's pool configuration for this location.
    func clientConfiguration() -> PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS = tlsConfiguration.map { sslMode == "prefer" ? .prefer($0) : .require($0) } ?? .disable
        var configuration = PostgresClient.Configuration(host: host, port: port, username: user, password: password, database: database, tls: tls)
        configuration.options.connectTimeout = .seconds(connectTimeoutSeconds)
        configuration.options.maximumConnections = 16
        configuration.options.minimumConnections = 0
        configuration.options.additionalStartupParameters = startupParameters
        return configuration
    }

    /// postgres-nio's configuration of one connection (the check and migration at start).
    func connectionConfiguration() throws -> PostgresConnection.Configuration {
        var tls = PostgresConnection.Configuration.TLS.disable
        if let settings = tlsConfiguration {
            let context = try NIOSSLContext(configuration: settings)
            tls = sslMode == "prefer" ? .prefer(context) : .require(context)
        }
        var configuration = PostgresConnection.Configuration(host: host, port: port, username: user, password: password, database: database, tls: tls)
        configuration.options.connectTimeout = .seconds(Int64(connectTimeoutSeconds))
        configuration.options.additionalStartupParameters = startupParameters
        return configuration
    }
}
