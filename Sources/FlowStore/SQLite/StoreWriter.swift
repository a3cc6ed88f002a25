/// A write queued for the writer thread: `apply` runs inside the group transaction, `complete`
/// receives its result after the transaction commits or fails.
struct WriteJob: Sendable {
    let apply: @Sendable (StoreWriter) throws(StoreError) -> Int64
    let complete: @Sendable (Result<Int64, StoreError>) -> Void
}

/// The writer side of ``SQLiteConversationStore``: owns the only read-write connection and runs
/// on the writer thread. Applies batches of writes in one transaction (group commit); a failing
/// write fails alone (see ``run(_:)``).
final class StoreWriter {
    let db: SQLiteConnection
    private let counters: StoreCounters

    init(db: SQLiteConnection, counters: StoreCounters) {
        self.db = db
        self.counters = counters
    }

    // MARK: Group commit

    /// Applies `jobs` in one transaction and completes every job once it is durable (or failed).
    ///
    /// Fast path: the turns run one after the other with no savepoints. A turn rejected by its
    /// checks (conflict, duplicate inbound, unknown outbox id) has written nothing and simply fails.
    /// A turn that fails after writing (full disk, constraint, I/O) cannot be undone alone there:
    /// the transaction is rolled back and the batch applied again without it, now with each turn
    /// in its own savepoint, so any further failure is undone alone.
    func run(_ jobs: [WriteJob]) {
        var results = [Result<Int64, StoreError>?](repeating: nil, count: jobs.count)
        var remaining = Array(jobs.indices)
        var isolated = false
        while !remaining.isEmpty {
            do {
                try db.run("BEGIN IMMEDIATE", doing: "starting a transaction")
            } catch {
                for index in remaining { results[index] = .failure(error) }
                break
            }
            var applied: [Int] = []
            var restart = false
            for index in remaining {
                do {
                    if isolated { try db.run("SAVEPOINT turn", doing: "starting a turn") }
                    let value = try jobs[index].apply(self)
                    if isolated { try db.run("RELEASE turn", doing: "finishing a turn") }
                    results[index] = .success(value)
                    applied.append(index)
                } catch {
                    results[index] = .failure(error)
                    if error.isRejectionBeforeWriting || (isolated && rollBackTurn()) { continue }
                    if db.inTransaction { try? db.run("ROLLBACK", doing: "rolling back") }
                    restart = true
                    break
                }
            }
            if restart {
                // The turns applied before the failed one were rolled back with it: apply them
                // again (and the ones not tried yet) in a new transaction, each in a savepoint.
                for index in applied { results[index] = nil }
                remaining = remaining.filter { results[$0] == nil }
                isolated = true
                continue
            }
            do {
                try db.run("COMMIT", doing: "committing \(applied.count) turns")
                counters.groupCommits.add(1, ordering: .relaxed)
                counters.committedWrites.add(applied.count, ordering: .relaxed)
            } catch {
                if db.inTransaction { try? db.run("ROLLBACK", doing: "rolling back") }
                for index in applied { results[index] = .failure(error) }
            }
            break
        }
        for (index, job) in jobs.enumerated() {
            job.complete(results[index] ?? .failure(.io("\(db.path): the write was not applied (internal error)")))
        }
    }

    /// Undoes the current turn's savepoint; `false` when the enclosing transaction is gone or
    /// could not be brought back to the savepoint.
    private func rollBackTurn() -> Bool {
        guard db.inTransaction else { return false }
        do {
            try db.run("ROLLBACK TO turn", doing: "undoing a failed turn")
            try db.run("RELEASE turn", doing: "undoing a failed turn")
            return true
        } catch {
            return false
        }
    }

    // MARK: Writes

    /// Applies one turn inside the group transaction and returns the new version. Conflicts and
    /// duplicates are detected before anything is written.
    func apply(_ turn: TurnCommit) throws(StoreError) -> Int64 {
        let key = turn.key
        // Every check reads before anything is written: a rejected turn leaves no trace.
        var current: (id: Int64, version: Int64)?
        do {
            let check = try db.statement("""
                SELECT c.id, c.version, EXISTS(SELECT 1 FROM messages WHERE provider_message_id = ?3)
                FROM (SELECT 1) LEFT JOIN conversations c ON c.bot = ?1 AND c.contact = ?2
                """)
            defer { check.reset() }
            try check.bind(1, key.bot)
            try check.bind(2, key.contact)
            try check.bind(3, turn.inbound?.providerMessageId)
            guard try check.step("loading conversation \(key.bot)/\(key.contact)") else {
                throw .io("\(db.path): the conversation check returned no row (internal error)")
            }
            if let id = turn.inbound?.providerMessageId, check.int64(2) != 0 { throw .duplicateInbound(id) }
            if !check.isNull(0) { current = (check.int64(0), check.int64(1)) }
        }
        guard current?.version == turn.expectedVersion else {
            throw .conflict(expected: turn.expectedVersion, actual: current?.version)
        }
        if let inboxId = turn.inboxId { try checkUnprocessed(inboxId) }

        let conversationId: Int64
        let version = (current?.version ?? 0) + 1
        if let current {
            conversationId = current.id
            let update = try db.statement(
                "UPDATE conversations SET version = ?, bundle_hash = ?, status = ?, state = ?, updated_at = ? WHERE id = ?")
            defer { update.reset() }
            try update.bind(1, version)
            try update.bind(2, turn.bundleHash)
            try update.bind(3, turn.status.rawValue)
            try update.bind(4, blob: turn.state)
            try update.bind(5, turn.now)
            try update.bind(6, conversationId)
            _ = try update.step("saving conversation \(key.bot)/\(key.contact)")
        } else {
            let insert = try db.statement(
                "INSERT INTO conversations(bot, contact, version, bundle_hash, status, state, updated_at) VALUES (?, ?, 1, ?, ?, ?, ?)")
            defer { insert.reset() }
            try insert.bind(1, key.bot)
            try insert.bind(2, key.contact)
            try insert.bind(3, turn.bundleHash)
            try insert.bind(4, turn.status.rawValue)
            try insert.bind(5, blob: turn.state)
            try insert.bind(6, turn.now)
            _ = try insert.step("creating conversation \(key.bot)/\(key.contact)")
            conversationId = db.lastInsertRowID
        }

        if let inbound = turn.inbound { _ = try insert(inbound, conversationId: conversationId) }
        var outboundIds: [Int64] = []
        outboundIds.reserveCapacity(turn.outbound.count)
        for message in turn.outbound { outboundIds.append(try insert(message, conversationId: conversationId)) }
        if let inboxId = turn.inboxId { try markInboxProcessed(id: inboxId, at: turn.now) }

        if !turn.outbox.isEmpty {
            // Not before the conversation's items already waiting (messages go out in order). Its
            // last pending item waits longest, since a deferred item holds back the ones after it.
            let insert = try db.statement("""
                INSERT INTO outbox(conversation_id, idempotency_key, payload, attempts, next_attempt_at, status, message_id, channel)
                VALUES (?1, ?2, ?3, ?4, max(?5, coalesce((SELECT next_attempt_at FROM outbox
                                                          WHERE conversation_id = ?1 AND status = 'pending'
                                                          ORDER BY id DESC LIMIT 1), ?5)), ?6, ?7, ?8)
                ON CONFLICT(idempotency_key) DO NOTHING
                """)
            for item in turn.outbox {
                defer { insert.reset() }
                try insert.bind(1, conversationId)
                try insert.bind(2, item.idempotencyKey)
                try insert.bind(3, item.payload)
                try insert.bind(4, Int64(item.attempts))
                try insert.bind(5, item.nextAttemptAt)
                try insert.bind(6, item.status)
                if let index = item.messageIndex, outboundIds.indices.contains(index) {
                    try insert.bind(7, outboundIds[index])
                } else {
                    try insert.bind(7, nil as String?)
                }
                // The channel the conversation came in on: replies go back the same way (affinity).
                try insert.bind(8, Int64(item.channel))
                _ = try insert.step("queueing outbox item \(item.idempotencyKey)")
            }
        }

        if !turn.cancelTimers.isEmpty {
            let cancel = try db.statement("DELETE FROM timers WHERE conversation_id = ? AND name = ?")
            for name in turn.cancelTimers {
                defer { cancel.reset() }
                try cancel.bind(1, conversationId)
                try cancel.bind(2, name)
                _ = try cancel.step("cancelling timer \(name)")
            }
        }
        if !turn.setTimers.isEmpty {
            let set = try db.statement("""
                INSERT INTO timers(conversation_id, name, due_at) VALUES (?, ?, ?)
                ON CONFLICT(conversation_id, name) DO UPDATE SET due_at = excluded.due_at
                """)
            for timer in turn.setTimers {
                defer { set.reset() }
                try set.bind(1, conversationId)
                try set.bind(2, timer.name)
                try set.bind(3, timer.dueAt)
                _ = try set.step("setting timer \(timer.name)")
            }
        }

        for order in turn.orders { try write(order) }

        if !turn.events.isEmpty {
            let insert = try db.statement("INSERT INTO events(conversation_id, name, properties, at) VALUES (?, ?, ?, ?)")
            for event in turn.events {
                defer { insert.reset() }
                try insert.bind(1, conversationId)
                try insert.bind(2, event.name)
                try insert.bind(3, event.properties)
                try insert.bind(4, event.at)
                _ = try insert.step("recording event \(event.name)")
            }
        }
        return version
    }

    /// Stores `order` whole (its items replaced) and the contact's customer details.
    private func write(_ order: OrderRecord) throws(StoreError) {
        let upsert = try db.statement("""
            INSERT INTO orders(id, bot, contact, status, total, customer_name, customer_phone, customer_email, customer_address,
                               delivery_date, notes, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(id) DO UPDATE SET status = excluded.status, total = excluded.total, customer_name = excluded.customer_name,
                customer_phone = excluded.customer_phone, customer_email = excluded.customer_email,
                customer_address = excluded.customer_address, delivery_date = excluded.delivery_date, notes = excluded.notes,
                updated_at = excluded.updated_at
            WHERE orders.bot = excluded.bot AND orders.contact = excluded.contact
            """)
        defer { upsert.reset() }
        try upsert.bind(1, order.id)
        try upsert.bind(2, order.bot)
        try upsert.bind(3, order.contact)
        try upsert.bind(4, order.status)
        try upsert.bind(5, order.total as Double?)
        try upsert.bind(6, order.customer.name)
        try upsert.bind(7, order.customer.phone)
        try upsert.bind(8, order.customer.email)
        try upsert.bind(9, order.customer.address)
        try upsert.bind(10, order.deliveryDate)
        try upsert.bind(11, order.notes)
        try upsert.bind(12, order.createdAt)
        try upsert.bind(13, order.updatedAt)
        _ = try upsert.step("saving order \(order.id)")
        // An id another contact's order already has (two processes on one file handed out the
        // same id): fail the turn rather than touch that order.
        guard db.changes == 1 else {
            throw .constraint("order id \(order.id) is another contact's order; the turn was not applied")
        }
        let clear = try db.statement("DELETE FROM order_items WHERE order_id = ?")
        defer { clear.reset() }
        try clear.bind(1, order.id)
        _ = try clear.step("replacing the items of order \(order.id)")
        let item = try db.statement("INSERT INTO order_items(order_id, position, sku, name, qty, price) VALUES (?, ?, ?, ?, ?, ?)")
        for (position, line) in order.lines.enumerated() {
            defer { item.reset() }
            try item.bind(1, order.id)
            try item.bind(2, Int64(position))
            try item.bind(3, line.sku)
            try item.bind(4, line.name)
            try item.bind(5, line.qty as Double?)
            try item.bind(6, line.price)
            _ = try item.step("saving the items of order \(order.id)")
        }
        let customer = order.customer
        guard customer.name != nil || customer.phone != nil || customer.email != nil || customer.address != nil else { return }
        let saveCustomer = try db.statement("""
            INSERT INTO customers(bot, contact, name, phone, email, address, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(bot, contact) DO UPDATE SET name = coalesce(excluded.name, name), phone = coalesce(excluded.phone, phone),
                email = coalesce(excluded.email, email), address = coalesce(excluded.address, address), updated_at = excluded.updated_at
            """)
        defer { saveCustomer.reset() }
        try saveCustomer.bind(1, order.bot)
        try saveCustomer.bind(2, order.contact)
        try saveCustomer.bind(3, customer.name)
        try saveCustomer.bind(4, customer.phone)
        try saveCustomer.bind(5, customer.email)
        try saveCustomer.bind(6, customer.address)
        try saveCustomer.bind(7, order.updatedAt)
        _ = try saveCustomer.step("saving the customer \(order.contact)")
    }

    private func insert(_ message: MessageRecord, conversationId: Int64) throws(StoreError) -> Int64 {
        let insert = try db.statement("""
            INSERT INTO messages(conversation_id, direction, provider_message_id, body, status, created_at)
            VALUES (?, ?, ?, ?, ?, ?)
            """)
        defer { insert.reset() }
        try insert.bind(1, conversationId)
        try insert.bind(2, message.direction.rawValue)
        try insert.bind(3, message.providerMessageId)
        try insert.bind(4, message.body)
        try insert.bind(5, message.status)
        try insert.bind(6, message.createdAt)
        do {
            _ = try insert.step("storing a message")
        } catch .constraint {
            throw .constraint("\(db.path): provider message id \(message.providerMessageId ?? "") is already stored; the turn was not applied")
        }
        return db.lastInsertRowID
    }

    /// Records the outcome of a send attempt; fails with ``StoreError/notFound(_:)`` for an unknown id.
    func markOutbox(id: Int64, status: String, attempts: Int, nextAttemptAt: Int64) throws(StoreError) {
        let update = try db.statement("UPDATE outbox SET status = ?, attempts = ?, next_attempt_at = ? WHERE id = ?")
        defer { update.reset() }
        try update.bind(1, status)
        try update.bind(2, Int64(attempts))
        try update.bind(3, nextAttemptAt)
        try update.bind(4, id)
        _ = try update.step("updating outbox item \(id)")
        if db.changes == 0 { throw .notFound("outbox item \(id) does not exist in \(db.path)") }
        if status == "pending" { try holdBack(after: id, until: nextAttemptAt) }
    }

    /// Makes the conversation's later pending items wait until `time` too: an item waiting for a
    /// retry or a send slot is never overtaken, so messages go out in order.
    func holdBack(after id: Int64, until time: Int64) throws(StoreError) {
        let update = try db.statement("""
            UPDATE outbox SET next_attempt_at = ?1
            WHERE conversation_id = (SELECT conversation_id FROM outbox WHERE id = ?2) AND status = 'pending'
              AND id > ?2 AND next_attempt_at < ?1
            """)
        defer { update.reset() }
        try update.bind(1, time)
        try update.bind(2, id)
        _ = try update.step("holding back the items after outbox item \(id)")
    }
}

extension StoreError {
    /// Errors the writer raises from its checks, before the failing write wrote anything.
    var isRejectionBeforeWriting: Bool {
        switch self {
        case .conflict, .duplicateInbound, .notFound: true
        default: false
        }
    }
}
