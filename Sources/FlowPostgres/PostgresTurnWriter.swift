import FlowStore
import Logging
import PostgresNIO

/// The writes of ``PostgresConversationStore``, each run inside a transaction the caller opened.
struct PostgresTurnWriter {
    let connection: PostgresConnection
    let logger: Logger
    let location: PostgresLocation

    /// Whether an earlier inbox item of the same conversation is not processed, one stored less
    /// than ``PostgresConversationStore/stuckInboxMilliseconds`` before it (one failing for longer
    /// holds nothing back).
    static func earlierPending(_ connection: PostgresConnection, inboxId: Int64, logger: Logger) async throws -> Bool {
        for try await (waiting,) in try await connection.query("""
            SELECT EXISTS(SELECT 1 FROM inbox earlier JOIN inbox this ON this.id = \(inboxId)
                          WHERE earlier.processed_at IS NULL AND earlier.bot = this.bot AND earlier.contact = this.contact
                            AND earlier.id < this.id
                            AND earlier.received_at > this.received_at - \(PostgresConversationStore.stuckInboxMilliseconds))
            """, logger: logger).decode((Bool,).self) {
            return waiting
        }
        return false
    }

    /// How many rows a statement ending in `RETURNING 1` (or returning anything) gave back.
    func changes(_ rows: PostgresRowSequence) async throws -> Int {
        var count = 0
        for try await _ in rows { count += 1 }
        return count
    }

    /// Applies one turn and returns the new version. The conversation's row is locked first, so a
    /// concurrent turn of the same conversation (another daemon) waits and then fails the version
    /// check; every check runs before anything is written.
    func apply(_ turn: TurnCommit) async throws -> Int64 {
        let key = turn.key
        let bot = key.bot.storable
        let contact = key.contact.storable
        var current: (id: Int64, version: Int64)?
        for try await (id, version) in try await connection.query("""
            SELECT id, version FROM conversations WHERE bot = \(bot) AND contact = \(contact) FOR UPDATE
            """, logger: logger).decode((Int64, Int64).self) {
            current = (id, version)
        }
        if let inbound = turn.inbound?.providerMessageId {
            for try await (exists,) in try await connection.query("""
                SELECT EXISTS(SELECT 1 FROM messages WHERE provider_message_id = \(inbound.storable))
                """, logger: logger).decode((Bool,).self) where exists {
                throw StoreError.duplicateInbound(inbound)
            }
        }
        guard current?.version == turn.expectedVersion else {
            throw StoreError.conflict(expected: turn.expectedVersion, actual: current?.version)
        }
        if let inboxId = turn.inboxId {
            var processed: Bool?
            for try await (done,) in try await connection.query(
                "SELECT processed_at IS NOT NULL FROM inbox WHERE id = \(inboxId) FOR UPDATE", logger: logger).decode((Bool,).self) {
                processed = done
            }
            guard let processed else { throw StoreError.notFound("inbox item \(inboxId) does not exist in \(location)") }
            if processed { throw StoreError.duplicateInbound("inbox item \(inboxId)") }
            // Messages of one conversation run in the order they came, whichever daemon got them.
            if try await Self.earlierPending(connection, inboxId: inboxId, logger: logger) {
                throw StoreError.notInOrder("inbox item \(inboxId) of \(key.bot)/\(key.contact) comes after one not processed yet")
            }
        }

        let conversationId: Int64
        let version = (current?.version ?? 0) + 1
        let state = ByteBuffer(bytes: turn.state)
        if let current {
            conversationId = current.id
            try await connection.query("""
                UPDATE conversations SET version = \(version), bundle_hash = \(turn.bundleHash.storable), status = \(turn.status.rawValue),
                    state = \(state), updated_at = \(turn.now)
                WHERE id = \(conversationId)
                """, logger: logger)
        } else {
            var created: Int64?
            for try await (id,) in try await connection.query("""
                INSERT INTO conversations(bot, contact, version, bundle_hash, status, state, updated_at)
                VALUES (\(bot), \(contact), 1, \(turn.bundleHash.storable), \(turn.status.rawValue), \(state), \(turn.now))
                ON CONFLICT(bot, contact) DO NOTHING RETURNING id
                """, logger: logger).decode((Int64,).self) {
                created = id
            }
            // Another daemon created the conversation since the check: this turn is stale.
            guard let created else { throw StoreError.conflict(expected: nil, actual: 1) }
            conversationId = created
        }

        if let inbound = turn.inbound { _ = try await insert(inbound, conversationId: conversationId, isInbound: true) }
        var outboundIds: [Int64] = []
        for message in turn.outbound { outboundIds.append(try await insert(message, conversationId: conversationId, isInbound: false)) }
        if let inboxId = turn.inboxId { try await markInboxProcessed(id: inboxId, at: turn.now) }

        for item in turn.outbox {
            let messageId: Int64? = item.messageIndex.flatMap { outboundIds.indices.contains($0) ? outboundIds[$0] : nil }
            // Not before the conversation's items already waiting (messages go out in order).
            try await connection.query("""
                INSERT INTO outbox(conversation_id, idempotency_key, payload, attempts, next_attempt_at, status, message_id, channel)
                VALUES (\(conversationId), \(item.idempotencyKey.storable), \(item.payload.storable), \(Int32(clamping: item.attempts)),
                        GREATEST(\(item.nextAttemptAt), COALESCE((SELECT next_attempt_at FROM outbox
                                                                  WHERE conversation_id = \(conversationId) AND status = 'pending'
                                                                  ORDER BY id DESC LIMIT 1), \(item.nextAttemptAt))),
                        \(item.status.storable), \(messageId), \(Int32(clamping: item.channel)))
                ON CONFLICT(idempotency_key) DO NOTHING
                """, logger: logger)
        }
        for name in turn.cancelTimers {
            try await connection.query(
                "DELETE FROM timers WHERE conversation_id = \(conversationId) AND name = \(name.storable)", logger: logger)
        }
        for timer in turn.setTimers {
            try await connection.query("""
                INSERT INTO timers(conversation_id, name, due_at) VALUES (\(conversationId), \(timer.name.storable), \(timer.dueAt))
                ON CONFLICT(conversation_id, name) DO UPDATE SET due_at = excluded.due_at, claimed_until = NULL
                """, logger: logger)
        }
        for order in turn.orders { try await write(order) }
        for event in turn.events {
            try await connection.query("""
                INSERT INTO events(conversation_id, name, properties, at)
                VALUES (\(conversationId), \(event.name.storable), \(event.properties.storable), \(event.at))
                """, logger: logger)
        }
        return version
    }

    private func insert(_ message: MessageRecord, conversationId: Int64, isInbound: Bool) async throws -> Int64 {
        do {
            for try await (id,) in try await connection.query("""
                INSERT INTO messages(conversation_id, direction, provider_message_id, body, status, created_at)
                VALUES (\(conversationId), \(message.direction.rawValue), \(message.providerMessageId.storable), \(message.body.storable),
                        \(message.status.storable), \(message.createdAt))
                RETURNING id
                """, logger: logger).decode((Int64,).self) {
                return id
            }
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
            // Committed meanwhile by another daemon (the check above saw nothing yet).
            let id = message.providerMessageId ?? ""
            if isInbound { throw StoreError.duplicateInbound(id) }
            throw StoreError.constraint("\(location): provider message id \(id) is already stored; the turn was not applied")
        }
        throw StoreError.io("\(location): storing a message returned no id (internal error)")
    }

    /// Stores `order` whole (its items replaced) and the contact's customer details.
    private func write(_ order: OrderRecord) async throws {
        let changed = try await changes(connection.query("""
            INSERT INTO orders(id, bot, contact, status, total, customer_name, customer_phone, customer_email, customer_address,
                               delivery_date, notes, created_at, updated_at)
            VALUES (\(order.id), \(order.bot.storable), \(order.contact.storable), \(order.status.storable), \(order.total),
                    \(order.customer.name.storable), \(order.customer.phone.storable), \(order.customer.email.storable),
                    \(order.customer.address.storable), \(order.deliveryDate.storable), \(order.notes.storable), \(order.createdAt),
                    \(order.updatedAt))
            ON CONFLICT(id) DO UPDATE SET status = excluded.status, total = excluded.total, customer_name = excluded.customer_name,
                customer_phone = excluded.customer_phone, customer_email = excluded.customer_email,
                customer_address = excluded.customer_address, delivery_date = excluded.delivery_date, notes = excluded.notes,
                updated_at = excluded.updated_at
            WHERE orders.bot = excluded.bot AND orders.contact = excluded.contact
            RETURNING 1
            """, logger: logger))
        guard changed == 1 else {
            throw StoreError.constraint("order id \(order.id) is another contact's order; the turn was not applied")
        }
        try await connection.query("DELETE FROM order_items WHERE order_id = \(order.id)", logger: logger)
        for (position, line) in order.lines.enumerated() {
            try await connection.query("""
                INSERT INTO order_items(order_id, position, sku, name, qty, price)
                VALUES (\(order.id), \(Int32(clamping: position)), \(line.sku.storable), \(line.name.storable), \(line.qty), \(line.price))
                """, logger: logger)
        }
        let customer = order.customer
        guard customer.name != nil || customer.phone != nil || customer.email != nil || customer.address != nil else { return }
        try await connection.query("""
            INSERT INTO customers(bot, contact, name, phone, email, address, updated_at)
            VALUES (\(order.bot.storable), \(order.contact.storable), \(customer.name.storable), \(customer.phone.storable),
                    \(customer.email.storable), \(customer.address.storable), \(order.updatedAt))
            ON CONFLICT(bot, contact) DO UPDATE SET name = COALESCE(excluded.name, customers.name),
                phone = COALESCE(excluded.phone, customers.phone), email = COALESCE(excluded.email, customers.email),
                address = COALESCE(excluded.address, customers.address), updated_at = excluded.updated_at
            """, logger: logger)
    }

    func markInboxProcessed(id: Int64, at now: Int64) async throws {
        let changed = try await changes(connection.query(
            "UPDATE inbox SET processed_at = \(now) WHERE id = \(id) RETURNING 1", logger: logger))
        if changed == 0 { throw StoreError.notFound("inbox item \(id) does not exist in \(location)") }
    }

    /// Makes the conversation's later pending items wait until `time` too, so messages go out in
    /// order, and ends their claims: only the worker that claimed them with this one can hold
    /// them (a claim never skips an earlier item), and it stopped at this one.
    func holdBack(after id: Int64, until time: Int64) async throws {
        try await connection.query("""
            UPDATE outbox SET next_attempt_at = GREATEST(next_attempt_at, \(time)), claimed_until = NULL
            WHERE conversation_id = (SELECT conversation_id FROM outbox WHERE id = \(id)) AND status = 'pending'
              AND id > \(id)
            """, logger: logger)
    }

    /// Locks the row of the outbox item's conversation, as a turn of it does first: an outcome
    /// recorded (and the items held back behind it) and a turn queueing items of the same
    /// conversation go one after the other, so a later reply never gets an earlier due time.
    func lockConversation(ofOutboxItem id: Int64) async throws {
        for try await _ in try await connection.query("""
            SELECT 1 FROM conversations WHERE id = (SELECT conversation_id FROM outbox WHERE id = \(id)) FOR UPDATE
            """, logger: logger) {}
    }

    /// Records a send attempt's outcome; a `sent` one with a provider id also reaches the message.
    func recordSend(_ record: SendRecord) async throws {
        try await lockConversation(ofOutboxItem: record.id)
        let changed = try await changes(connection.query("""
            UPDATE outbox SET status = \(record.status.storable), attempts = \(Int32(clamping: record.attempts)),
                next_attempt_at = \(record.nextAttemptAt), claimed_until = NULL,
                provider_message_id = COALESCE(\(record.providerMessageId.storable), provider_message_id),
                last_error = \(record.error.storable), channel = \(Int32(clamping: record.channel))
            WHERE id = \(record.id)
            RETURNING 1
            """, logger: logger))
        if changed == 0 { throw StoreError.notFound("outbox item \(record.id) does not exist in \(location)") }
        if record.status == "pending" { try await holdBack(after: record.id, until: record.nextAttemptAt) }
        if record.status == "dead" {
            try await connection.query("""
                UPDATE messages SET status = 'failed'
                WHERE id = (SELECT message_id FROM outbox WHERE id = \(record.id)) AND status = 'queued'
                """, logger: logger)
            return
        }
        guard record.status == "sent" else { return }
        // The provider may give an id it gave before: keep the send, leave the message unlinked
        // (a savepoint keeps the transaction usable after the unique violation).
        try await connection.query("SAVEPOINT link", logger: logger)
        do {
            try await connection.query("""
                UPDATE messages SET provider_message_id = COALESCE(\(record.providerMessageId.storable), provider_message_id),
                    status = CASE status WHEN 'queued' THEN 'sent' ELSE status END
                WHERE id = (SELECT message_id FROM outbox WHERE id = \(record.id))
                """, logger: logger)
            try await connection.query("RELEASE SAVEPOINT link", logger: logger)
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
            try await connection.query("ROLLBACK TO SAVEPOINT link", logger: logger)
        }
    }
}
