import FlowStore
import Logging
import PostgresNIO

/// Transactions and the translation of PostgreSQL's failures into ``StoreError``s that say what
/// happened, where (the server and database, never the password) and what to do.
enum PostgresStatements {
    /// Runs `body` between `BEGIN` and `COMMIT` on `connection`; any failure rolls back and is
    /// thrown as a ``StoreError`` (a ``StoreError`` thrown by `body` as it is).
    static func transaction<T: Sendable>(
        _ connection: PostgresConnection, _ doing: String, location: PostgresLocation, logger: Logger,
        _ body: (PostgresConnection) async throws -> T
    ) async throws(StoreError) -> T {
        do {
            try await connection.query("BEGIN", logger: logger)
        } catch {
            throw storeError(error, doing: doing, location: location)
        }
        do {
            let value = try await body(connection)
            try await connection.query("COMMIT", logger: logger)
            return value
        } catch {
            do {
                try await connection.query("ROLLBACK", logger: logger)
            } catch {
                // A connection that may still be inside the transaction must not go back to the
                // pool (the next COMMIT would commit this turn's half): close it (the server rolls back).
                try? await connection.close()
            }
            throw storeError(error, doing: doing, location: location)
        }
    }

    /// The ``StoreError`` for a failure of postgres-nio or of the server.
    static func storeError(_ error: any Error, doing: String, location: PostgresLocation) -> StoreError {
        if let error = error as? StoreError { return error }
        guard let error = error as? PSQLError else {
            // The pool's own errors: its circuit breaker after failed connection attempts, a pool
            // that was shut down (the store was closed).
            let kind = String(describing: type(of: error))
            if kind.contains("ConnectionPoolError") {
                if "\(error)".contains("shutdown") || "\(error)".contains("Shutdown") { return .closed }
                return .busy("\(location): \(doing): cannot reach the PostgreSQL server (\(error)); is it running and reachable?")
            }
            return .io("\(location): \(doing): \(error)")
        }
        if let state = error.serverInfo?[.sqlState] {
            let message = error.serverInfo?[.message] ?? "\(error.code)"
            let what = "\(location): \(doing): \(message) (SQLSTATE \(state))"
            switch state {
            case "53100":
                return .full("\(what); free space on the PostgreSQL server's disk")
            case "55P03", "40001", "40P01", "57014", "25P03", "25P02":
                // Lock or statement timeout, serialization failure, deadlock: try again later.
                return .busy(what)
            case "23505", "23503", "23502", "23514", "54000", "22P05", "22021":
                // Also a value too large for an index or not in the database's encoding: this
                // input will never be stored, so retrying it is no use.
                return .constraint(what)
            case "28P01", "28000":
                return .io("\(what); check the user and password in the store URL")
            case "3D000":
                return .io("\(what); create the database first (`createdb \(location.database)`)")
            case "42501":
                return .io("\(what); the user needs the rights to create and write tables in this database")
            default:
                if state.hasPrefix("08") || state.hasPrefix("57P") || state.hasPrefix("53") {
                    return .busy(what)
                }
                return .io(what)
            }
        }
        switch error.code {
        case .poolClosed:
            return .closed
        case .connectionError, .serverClosedConnection, .uncleanShutdown, .clientClosedConnection:
            let reason = error.underlying.map { "\($0)" } ?? "\(error.code)"
            return .busy("\(location): \(doing): cannot reach the PostgreSQL server (\(reason)); is it running and reachable?")
        case .sslUnsupported:
            return .io("\(location): \(doing): the server does not offer TLS, which the URL's sslmode requires")
        case .authMechanismRequiresPassword, .unsupportedAuthMechanism, .saslError:
            return .io("\(location): \(doing): authentication failed (\(error.code)); check the password in the store URL")
        default:
            return .io("\(location): \(doing): \(error.code)\(error.underlying.map { ": \($0)" } ?? "")")
        }
    }
}

extension PostgresRow {
    /// The bytes of a `bytea` column.
    static func bytes(_ buffer: ByteBuffer) -> [UInt8] {
        Array(buffer.readableBytesView)
    }
}

extension String {
    /// The text as PostgreSQL can store it: `text` columns cannot hold NUL, which a hostile
    /// webhook may carry (`\u0000` in JSON); it becomes U+FFFD.
    var storable: String {
        guard utf8.contains(0) else { return self }
        var scalars = String.UnicodeScalarView()
        for scalar in unicodeScalars { scalars.append(scalar.value == 0 ? "\u{FFFD}" : scalar) }
        return String(scalars)
    }
}

extension Optional where Wrapped == String {
    var storable: String? { self?.storable }
}
