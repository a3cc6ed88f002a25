/// The SQLite schema and its forward migrations, versioned by `PRAGMA user_version`.
///
/// `migrations[n]` takes the schema from version `n` to `n + 1`. Migrations are only ever
/// appended: a released one is never edited. A database whose version is newer than
/// ``latestVersion`` is refused with ``StoreError/schemaTooNew(_:)``.
enum StoreSchema {
    /// `PRAGMA application_id` of flowc stores ("flow" in ASCII).
    static let applicationId: Int64 = 0x666C_6F77

    /// The schema version this build writes.
    static var latestVersion: Int { migrations.count }

    static let migrations: [String] = [
        // 1: the first schema.
        """
        CREATE TABLE conversations(
            id INTEGER PRIMARY KEY,
            bot TEXT NOT NULL,
            contact TEXT NOT NULL,
            version INTEGER NOT NULL,
            bundle_hash TEXT NOT NULL,
            status TEXT NOT NULL,
            state BLOB NOT NULL,
            updated_at INTEGER NOT NULL,
            UNIQUE(bot, contact)
        );
        CREATE TABLE messages(
            id INTEGER PRIMARY KEY,
            conversation_id INTEGER NOT NULL REFERENCES conversations(id),
            direction TEXT NOT NULL,
            provider_message_id TEXT,
            body TEXT NOT NULL,
            status TEXT NOT NULL,
            created_at INTEGER NOT NULL
        );
        CREATE UNIQUE INDEX messages_provider_message_id ON messages(provider_message_id)
            WHERE provider_message_id IS NOT NULL;
        CREATE INDEX messages_conversation ON messages(conversation_id, id);
        CREATE TABLE outbox(
            id INTEGER PRIMARY KEY,
            conversation_id INTEGER NOT NULL REFERENCES conversations(id),
            idempotency_key TEXT NOT NULL UNIQUE,
            payload TEXT NOT NULL,
            attempts INTEGER NOT NULL,
            next_attempt_at INTEGER NOT NULL,
            status TEXT NOT NULL
        );
        CREATE INDEX outbox_due ON outbox(status, next_attempt_at);
        CREATE TABLE timers(
            conversation_id INTEGER NOT NULL REFERENCES conversations(id),
            name TEXT NOT NULL,
            due_at INTEGER NOT NULL,
            PRIMARY KEY(conversation_id, name)
        ) WITHOUT ROWID;
        CREATE INDEX timers_due ON timers(due_at);
        CREATE TABLE events(
            id INTEGER PRIMARY KEY,
            conversation_id INTEGER NOT NULL REFERENCES conversations(id),
            name TEXT NOT NULL,
            properties TEXT NOT NULL,
            at INTEGER NOT NULL
        );
        CREATE INDEX events_conversation ON events(conversation_id, id);
        """,
        // 2: the daemon's inbox (webhooks stored before they are acknowledged, deduplicated by the
        // provider's id), and send outcomes on the outbox.
        """
        CREATE TABLE inbox(
            id INTEGER PRIMARY KEY,
            bot TEXT NOT NULL,
            contact TEXT NOT NULL,
            channel TEXT NOT NULL,
            external_id TEXT NOT NULL,
            payload TEXT NOT NULL,
            received_at INTEGER NOT NULL,
            processed_at INTEGER,
            UNIQUE(bot, channel, external_id)
        );
        CREATE INDEX inbox_pending ON inbox(id) WHERE processed_at IS NULL;
        ALTER TABLE outbox ADD COLUMN message_id INTEGER;
        ALTER TABLE outbox ADD COLUMN provider_message_id TEXT;
        ALTER TABLE outbox ADD COLUMN last_error TEXT;
        ALTER TABLE outbox ADD COLUMN channel INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX outbox_status ON outbox(status, id);
        """,
        // 3: orders placed by `order` steps, written in the transaction of the turn that placed
        // them: the order, its items, and the contact's latest customer details.
        """
        CREATE TABLE customers(
            bot TEXT NOT NULL,
            contact TEXT NOT NULL,
            name TEXT,
            phone TEXT,
            email TEXT,
            address TEXT,
            updated_at INTEGER NOT NULL,
            PRIMARY KEY(bot, contact)
        ) WITHOUT ROWID;
        CREATE TABLE orders(
            id INTEGER PRIMARY KEY,
            bot TEXT NOT NULL,
            contact TEXT NOT NULL,
            status TEXT NOT NULL,
            total REAL NOT NULL,
            customer_name TEXT,
            customer_phone TEXT,
            customer_email TEXT,
            customer_address TEXT,
            delivery_date TEXT,
            notes TEXT,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        );
        CREATE INDEX orders_contact ON orders(bot, contact, id);
        CREATE TABLE order_items(
            order_id INTEGER NOT NULL REFERENCES orders(id),
            position INTEGER NOT NULL,
            sku TEXT,
            name TEXT,
            qty REAL NOT NULL,
            price REAL,
            PRIMARY KEY(order_id, position)
        ) WITHOUT ROWID;
        """,
        // 4: the outbox indexes hold only the rows they serve: the pending items by due time, a
        // conversation's pending items in order (a deferred item holds back the ones queued after
        // it), and the dead letters. Sent items, nearly all rows, are in none of them. Pending
        // items no longer overtake an earlier one of their conversation that waits longer.
        """
        DROP INDEX outbox_due;
        DROP INDEX outbox_status;
        CREATE INDEX outbox_pending_due ON outbox(next_attempt_at, id) WHERE status = 'pending';
        CREATE INDEX outbox_conversation_pending ON outbox(conversation_id, id) WHERE status = 'pending';
        CREATE INDEX outbox_dead ON outbox(id) WHERE status = 'dead';
        UPDATE outbox SET next_attempt_at = (
            SELECT max(earlier.next_attempt_at) FROM outbox AS earlier
            WHERE earlier.conversation_id = outbox.conversation_id AND earlier.status = 'pending' AND earlier.id <= outbox.id)
        WHERE status = 'pending';
        """,
        // 5: the conversations waiting for a person (`GET /api/v1/bots/{bot}/handoffs`, the
        // `flowc_handoffs` gauge), found without reading the others.
        """
        CREATE INDEX conversations_handoff ON conversations(bot, id) WHERE status = 'handoff';
        """,
        // 6: how far `flowc chat --db`'s `/wait` moved a conversation's clock ahead of real time,
        // so that the chat run again goes on at that time.
        """
        CREATE TABLE chat_clocks(
            bot TEXT NOT NULL,
            contact TEXT NOT NULL,
            offset_ms INTEGER NOT NULL,
            PRIMARY KEY(bot, contact)
        ) WITHOUT ROWID;
        """,
    ]

    /// Checks, reading only, that the database is a flowc store (or empty) that this build can open.
    static func verify(_ db: SQLiteConnection) throws(StoreError) {
        let version = Int(try db.pragma("PRAGMA user_version", doing: "reading the schema version") ?? "") ?? 0
        let application = Int64(try db.pragma("PRAGMA application_id", doing: "reading the application id") ?? "") ?? 0
        if application != 0 && application != applicationId {
            throw StoreError.notADatabase("\(db.path) is a SQLite database of another application (application_id \(application)); give flowc its own database file")
        }
        if version > latestVersion { throw StoreError.schemaTooNew(version) }
        if version == 0, try db.pragma("SELECT count(*) FROM sqlite_schema", doing: "listing the tables") != "0" {
            throw StoreError.notADatabase("\(db.path) is a SQLite database with other tables, not a flowc conversation store; give flowc its own database file")
        }
    }

    /// Checks that the database is a flowc store (or empty) and brings its schema to
    /// ``latestVersion`` in one transaction.
    static func migrate(_ db: SQLiteConnection) throws(StoreError) {
        try db.run("BEGIN IMMEDIATE", doing: "starting the schema check")
        do throws(StoreError) {
            try verify(db)
            let version = Int(try db.pragma("PRAGMA user_version", doing: "reading the schema version") ?? "") ?? 0
            if version < latestVersion {
                for next in version..<latestVersion {
                    try db.execute(script: migrations[next], doing: "migrating the schema to version \(next + 1)")
                }
                try db.execute(
                    script: "PRAGMA user_version = \(latestVersion); PRAGMA application_id = \(applicationId);",
                    doing: "recording the schema version")
            }
            try db.run("COMMIT", doing: "committing the schema")
        } catch {
            if db.inTransaction { try? db.run("ROLLBACK", doing: "rolling back the schema change") }
            throw error
        }
    }
}
