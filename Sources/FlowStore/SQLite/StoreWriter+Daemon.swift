/// The writer's side of the daemon's inbox and send outcomes.
extension StoreWriter {
    /// Stores one inbox item unless its (bot, channel, external id) is stored: its id, or 0 for a duplicate.
    func enqueue(_ item: InboxItem) throws(StoreError) -> Int64 {
        let insert = try db.statement("""
            INSERT INTO inbox(bot, contact, channel, external_id, payload, received_at) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT(bot, channel, external_id) DO NOTHING
            """)
        defer { insert.reset() }
        try insert.bind(1, item.bot)
        try insert.bind(2, item.contact)
        try insert.bind(3, item.channel)
        try insert.bind(4, item.externalId)
        try insert.bind(5, item.payload)
        try insert.bind(6, item.receivedAt)
        _ = try insert.step("storing inbound \(item.channel) event \(item.externalId)")
        return db.changes == 0 ? 0 : db.lastInsertRowID
    }

    /// Fails with ``StoreError/duplicateInbound(_:)`` when the item was processed already and with
    /// ``StoreError/notFound(_:)`` when it does not exist. Writes nothing.
    func checkUnprocessed(_ id: Int64) throws(StoreError) {
        let query = try db.statement("SELECT processed_at IS NOT NULL FROM inbox WHERE id = ?")
        defer { query.reset() }
        try query.bind(1, id)
        guard try query.step("checking inbox item \(id)") else {
            throw .notFound("inbox item \(id) does not exist in \(db.path)")
        }
        if query.int64(0) != 0 { throw .duplicateInbound("inbox item \(id)") }
    }

    /// Marks an inbox item processed.
    func markInboxProcessed(id: Int64, at now: Int64) throws(StoreError) {
        let update = try db.statement("UPDATE inbox SET processed_at = ? WHERE id = ?")
        defer { update.reset() }
        try update.bind(1, now)
        try update.bind(2, id)
        _ = try update.step("marking inbox item \(id) processed")
        if db.changes == 0 { throw .notFound("inbox item \(id) does not exist in \(db.path)") }
    }

    /// Moves an outbound message's status forward; 1 when it changed.
    func updateDelivery(providerMessageId: String, status: DeliveryStatus) throws(StoreError) -> Int64 {
        let update = try db.statement("""
            UPDATE messages SET status = ?1
            WHERE provider_message_id = ?2 AND direction = 'outbound' AND status <> 'failed' AND status <> ?1
              AND (?1 = 'failed' OR (CASE status WHEN 'sent' THEN 1 WHEN 'delivered' THEN 2 WHEN 'read' THEN 3 ELSE 0 END) < ?3)
            """)
        defer { update.reset() }
        try update.bind(1, status.rawValue)
        try update.bind(2, providerMessageId)
        try update.bind(3, Int64(status.rank))
        _ = try update.step("updating the delivery status of \(providerMessageId)")
        return db.changes == 0 ? 0 : 1
    }

    /// Records a send attempt's outcome; a `sent` one with a provider id also reaches the message.
    func recordSend(_ record: SendRecord) throws(StoreError) {
        let update = try db.statement("""
            UPDATE outbox SET status = ?, attempts = ?, next_attempt_at = ?,
                provider_message_id = coalesce(?, provider_message_id), last_error = ?, channel = ?
            WHERE id = ?
            """)
        defer { update.reset() }
        try update.bind(1, record.status)
        try update.bind(2, Int64(record.attempts))
        try update.bind(3, record.nextAttemptAt)
        try update.bind(4, record.providerMessageId)
        try update.bind(5, record.error)
        try update.bind(6, Int64(record.channel))
        try update.bind(7, record.id)
        _ = try update.step("recording a send of outbox item \(record.id)")
        if db.changes == 0 { throw .notFound("outbox item \(record.id) does not exist in \(db.path)") }
        if record.status == "pending" { try holdBack(after: record.id, until: record.nextAttemptAt) }
        if record.status == "dead" {
            // A dead letter's message failed: its history says so.
            let failed = try db.statement("""
                UPDATE messages SET status = 'failed'
                WHERE id = (SELECT message_id FROM outbox WHERE id = ?1) AND status = 'queued'
                """)
            defer { failed.reset() }
            try failed.bind(1, record.id)
            _ = try failed.step("marking the message of dead letter \(record.id) failed")
            return
        }
        guard record.status == "sent" else { return }
        let message = try db.statement("""
            UPDATE messages SET provider_message_id = coalesce(?1, provider_message_id),
                status = CASE status WHEN 'queued' THEN 'sent' ELSE status END
            WHERE id = (SELECT message_id FROM outbox WHERE id = ?2)
            """)
        defer { message.reset() }
        try message.bind(1, record.providerMessageId)
        try message.bind(2, record.id)
        do {
            _ = try message.step("linking outbox item \(record.id) to its message")
        } catch .constraint {
            // The provider gave an id it had given before: keep the send, leave the message unlinked.
        }
    }
}
