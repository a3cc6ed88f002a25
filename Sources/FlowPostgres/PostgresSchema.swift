import FlowStore
import Logging
import PostgresNIO

/// The PostgreSQL schema and its forward migrations, versioned in `flowc_schema`.
///
/// The same tables as the SQLite store (conversations, messages, outbox, timers, events, inbox,
/// customers, orders, order_items), with PostgreSQL's types. `migrations[n]` takes the schema
/// from version `n` to `n + 1`; migrations are only ever appended. Several daemons may start at
/// once on one database: the migration runs under a transaction-level advisory lock.
enum PostgresSchema {
    /// The advisory lock key of migrations ("flowc-migrate").
    static let migrationLock: Int64 = 0x666C_6F77_636D_6967

    static var latestVersion: Int { migrations.count }

    static let migrations: [[String]] = [
        [
            "CREATE TABLE flowc_schema(version INTEGER NOT NULL)",
            "INSERT INTO flowc_schema(version) VALUES (0)",
            """
            CREATE TABLE conversations(
                id BIGSERIAL PRIMARY KEY,
                bot TEXT NOT NULL,
                contact TEXT NOT NULL,
                version BIGINT NOT NULL,
                bundle_hash TEXT NOT NULL,
                status TEXT NOT NULL,
                state BYTEA NOT NULL,
                updated_at BIGINT NOT NULL,
                UNIQUE(bot, contact))
            """,
            "CREATE INDEX conversations_live_bundle ON conversations(bundle_hash) WHERE status <> 'ended'",
            """
            CREATE TABLE messages(
                id BIGSERIAL PRIMARY KEY,
                conversation_id BIGINT NOT NULL REFERENCES conversations(id),
                direction TEXT NOT NULL,
                provider_message_id TEXT,
                body TEXT NOT NULL,
                status TEXT NOT NULL,
                created_at BIGINT NOT NULL)
            """,
            "CREATE UNIQUE INDEX messages_provider_message_id ON messages(provider_message_id) WHERE provider_message_id IS NOT NULL",
            "CREATE INDEX messages_conversation ON messages(conversation_id, id)",
            """
            CREATE TABLE outbox(
                id BIGSERIAL PRIMARY KEY,
                conversation_id BIGINT NOT NULL REFERENCES conversations(id),
                idempotency_key TEXT NOT NULL UNIQUE,
                payload TEXT NOT NULL,
                attempts INTEGER NOT NULL,
                next_attempt_at BIGINT NOT NULL,
                status TEXT NOT NULL,
                message_id BIGINT,
                provider_message_id TEXT,
                last_error TEXT,
                channel INTEGER NOT NULL DEFAULT 0,
                claimed_until BIGINT)
            """,
            "CREATE INDEX outbox_pending_due ON outbox(next_attempt_at, id) WHERE status = 'pending'",
            "CREATE INDEX outbox_conversation_pending ON outbox(conversation_id, id) WHERE status = 'pending'",
            "CREATE INDEX outbox_dead ON outbox(id) WHERE status = 'dead'",
            """
            CREATE TABLE timers(
                conversation_id BIGINT NOT NULL REFERENCES conversations(id),
                name TEXT NOT NULL,
                due_at BIGINT NOT NULL,
                claimed_until BIGINT,
                PRIMARY KEY(conversation_id, name))
            """,
            "CREATE INDEX timers_due ON timers(due_at)",
            """
            CREATE TABLE events(
                id BIGSERIAL PRIMARY KEY,
                conversation_id BIGINT NOT NULL REFERENCES conversations(id),
                name TEXT NOT NULL,
                properties TEXT NOT NULL,
                at BIGINT NOT NULL)
            """,
            "CREATE INDEX events_conversation ON events(conversation_id, id)",
            """
            CREATE TABLE inbox(
                id BIGSERIAL PRIMARY KEY,
                bot TEXT NOT NULL,
                contact TEXT NOT NULL,
                channel TEXT NOT NULL,
                external_id TEXT NOT NULL,
                payload TEXT NOT NULL,
                received_at BIGINT NOT NULL,
                processed_at BIGINT,
                claimed_until BIGINT,
                UNIQUE(bot, channel, external_id))
            """,
            "CREATE INDEX inbox_pending ON inbox(id) WHERE processed_at IS NULL",
            "CREATE INDEX inbox_conversation_pending ON inbox(bot, contact, id) WHERE processed_at IS NULL",
            """
            CREATE TABLE customers(
                bot TEXT NOT NULL,
                contact TEXT NOT NULL,
                name TEXT,
                phone TEXT,
                email TEXT,
                address TEXT,
                updated_at BIGINT NOT NULL,
                PRIMARY KEY(bot, contact))
            """,
            "CREATE SEQUENCE order_ids",
            """
            CREATE TABLE orders(
                id BIGINT PRIMARY KEY,
                bot TEXT NOT NULL,
                contact TEXT NOT NULL,
                status TEXT NOT NULL,
                total DOUBLE PRECISION NOT NULL,
                customer_name TEXT,
                customer_phone TEXT,
                customer_email TEXT,
                customer_address TEXT,
                delivery_date TEXT,
                notes TEXT,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL)
            """,
            "CREATE INDEX orders_contact ON orders(bot, contact, id)",
            "CREATE TABLE bundles(hash TEXT PRIMARY KEY, bytes BYTEA NOT NULL, saved_at BIGINT NOT NULL)",
            """
            CREATE TABLE order_items(
                order_id BIGINT NOT NULL REFERENCES orders(id),
                position INTEGER NOT NULL,
                sku TEXT,
                name TEXT,
                qty DOUBLE PRECISION NOT NULL,
                price DOUBLE PRECISION,
                PRIMARY KEY(order_id, position))
            """,
        ],
        // Version 2: who holds a claim (`claimed_by`, a daemon's id while `claimed_until` is
        // set), so that a daemon renews or gives back only its own claims.
        [
            "ALTER TABLE inbox ADD COLUMN claimed_by TEXT",
            "ALTER TABLE outbox ADD COLUMN claimed_by TEXT",
            "ALTER TABLE timers ADD COLUMN claimed_by TEXT",
        ],
        // Version 3: the conversations waiting for a person (`GET /api/v1/bots/{bot}/handoffs`,
        // the `flowc_handoffs` gauge), found without reading the others.
        [
            "CREATE INDEX conversations_handoff ON conversations(bot, id) WHERE status = 'handoff'",
        ],
    ]

    /// Checks that the database's current schema is a flowc store (or holds none of its tables) and
    /// brings it to ``latestVersion`` in one transaction.
    static func migrate(_ connection: PostgresConnection, location: PostgresLocation, logger: Logger) async throws(StoreError) {
        try await PostgresStatements.transaction(connection, "migrating the schema", location: location, logger: logger) { connection in
            // No lock or statement time limit while migrating (another daemon may be migrating).
            try await connection.query("SET LOCAL lock_timeout = 0", logger: logger)
            try await connection.query("SET LOCAL statement_timeout = 0", logger: logger)
            for try await _ in try await connection.query("SELECT pg_advisory_xact_lock(\(migrationLock))", logger: logger) {}
            var version = 0
            var hasSchemaTable = false
            for try await (exists,) in try await connection.query(
                "SELECT to_regclass('flowc_schema') IS NOT NULL", logger: logger).decode((Bool,).self) {
                hasSchemaTable = exists
            }
            if hasSchemaTable {
                for try await (stored,) in try await connection.query("SELECT version FROM flowc_schema", logger: logger).decode((Int32,).self) {
                    version = Int(stored)
                }
            } else {
                for try await (taken,) in try await connection.query(
                    "SELECT to_regclass('conversations') IS NOT NULL OR to_regclass('outbox') IS NOT NULL", logger: logger).decode((Bool,).self)
                where taken {
                    throw StoreError.notADatabase("\(location) already has tables named like flowc's (conversations, outbox) but no flowc_schema: give flowc its own database (or schema)")
                }
            }
            if version > latestVersion {
                throw StoreError.io("\(location) has flowc schema version \(version), newer than this flowc supports (\(latestVersion)); run a newer flowc")
            }
            guard version < latestVersion else { return }
            for next in version..<latestVersion {
                for statement in migrations[next] {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
            }
            try await connection.query("UPDATE flowc_schema SET version = \(Int32(latestVersion))", logger: logger)
        }
    }
}
