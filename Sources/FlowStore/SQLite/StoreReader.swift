/// A read queued for a reader thread; the closure resumes its caller's continuation itself.
struct ReadJob: Sendable {
    let run: @Sendable (StoreReader) -> Void
}

/// The read side of ``SQLiteConversationStore``: owns one read-only connection and runs on its
/// own reader thread. Each query is one statement, so it sees one consistent snapshot (WAL),
/// including every turn whose commit has returned.
final class StoreReader {
    let db: SQLiteConnection

    init(db: SQLiteConnection) {
        self.db = db
    }

    func load(_ key: ConversationKey) throws(StoreError) -> StoredConversation? {
        let query = try db.statement(
            "SELECT id, version, bundle_hash, status, state, updated_at FROM conversations WHERE bot = ? AND contact = ?")
        defer { query.reset() }
        try query.bind(1, key.bot)
        try query.bind(2, key.contact)
        guard try query.step("loading conversation \(key.bot)/\(key.contact)") else { return nil }
        let id = query.int64(0)
        let statusText = query.text(3)
        guard let status = ConversationStatus(rawValue: statusText) else {
            throw .corrupt("\(db.path): conversation \(id) has the unknown status '\(statusText)'; restore the file from a backup or fix the row")
        }
        return StoredConversation(
            id: id, key: key, version: query.int64(1), bundleHash: query.text(2), status: status,
            state: query.blob(4), updatedAt: query.int64(5))
    }

    /// The order `id`, with its items, or nil.
    func order(id: Int64) throws(StoreError) -> OrderRecord? {
        let query = try db.statement("""
            SELECT id, bot, contact, status, customer_name, customer_phone, customer_email, customer_address, delivery_date, notes,
                   created_at, updated_at FROM orders WHERE id = ?
            """)
        defer { query.reset() }
        try query.bind(1, id)
        guard try query.step("loading an order") else { return nil }
        var order = OrderRecord(
            id: query.int64(0), bot: query.text(1), contact: query.text(2), status: query.text(3), lines: [],
            customer: OrderCustomer(name: query.optionalText(4), phone: query.optionalText(5), email: query.optionalText(6),
                                    address: query.optionalText(7)),
            deliveryDate: query.optionalText(8), notes: query.optionalText(9), createdAt: query.int64(10), updatedAt: query.int64(11))
        let items = try db.statement("SELECT sku, name, qty, price FROM order_items WHERE order_id = ? ORDER BY position")
        defer { items.reset() }
        try items.bind(1, order.id)
        while try items.step("loading the items of order \(order.id)") {
            order.lines.append(OrderLine(sku: items.optionalText(0), name: items.optionalText(1), qty: items.optionalDouble(2) ?? 0,
                                         price: items.optionalDouble(3)))
        }
        return order
    }

    /// The highest order id stored (0 when there is none).
    func maxOrderId() throws(StoreError) -> Int64 {
        try db.integer("SELECT coalesce(max(id), 0) FROM orders", doing: "reading the last order id") ?? 0
    }

    func hasInbound(providerMessageId: String) throws(StoreError) -> Bool {
        let query = try db.statement(
            "SELECT 1 FROM messages WHERE provider_message_id = ? AND direction = 'inbound'")
        defer { query.reset() }
        try query.bind(1, providerMessageId)
        return try query.step("looking up inbound message \(providerMessageId)")
    }

    func history(_ key: ConversationKey, limit: Int) throws(StoreError) -> [MessageRecord] {
        guard limit > 0 else { return [] }
        let query = try db.statement("""
            SELECT m.direction, m.provider_message_id, m.body, m.status, m.created_at
            FROM conversations c JOIN messages m ON m.conversation_id = c.id
            WHERE c.bot = ? AND c.contact = ? ORDER BY m.id DESC LIMIT ?
            """)
        defer { query.reset() }
        try query.bind(1, key.bot)
        try query.bind(2, key.contact)
        try query.bind(3, Int64(limit))
        var messages: [MessageRecord] = []
        while try query.step("reading the history of \(key.bot)/\(key.contact)") {
            let directionText = query.text(0)
            guard let direction = MessageDirection(rawValue: directionText) else {
                throw .corrupt("\(db.path): a message of \(key.bot)/\(key.contact) has the unknown direction '\(directionText)'; restore the file from a backup")
            }
            messages.append(MessageRecord(
                direction: direction, providerMessageId: query.optionalText(1), body: query.text(2),
                status: query.text(3), createdAt: query.int64(4)))
        }
        messages.reverse()
        return messages
    }

    func events(_ key: ConversationKey) throws(StoreError) -> [EventRecord] {
        let query = try db.statement("""
            SELECT e.name, e.properties, e.at
            FROM conversations c JOIN events e ON e.conversation_id = c.id
            WHERE c.bot = ? AND c.contact = ? ORDER BY e.id
            """)
        defer { query.reset() }
        try query.bind(1, key.bot)
        try query.bind(2, key.contact)
        var events: [EventRecord] = []
        while try query.step("reading the events of \(key.bot)/\(key.contact)") {
            events.append(EventRecord(name: query.text(0), properties: query.text(1), at: query.int64(2)))
        }
        return events
    }

    /// Through the partial index `conversations_handoff`: only the conversations in handoff are read.
    func handoffs(bot: String, limit: Int) throws(StoreError) -> [HandoffRecord] {
        guard limit > 0 else { return [] }
        let query = try db.statement("""
            SELECT c.contact, e.properties, coalesce(e.at, c.updated_at) AS since
            FROM conversations c LEFT JOIN events e
                ON e.id = (SELECT max(id) FROM events WHERE conversation_id = c.id AND name = 'handoff')
            WHERE c.bot = ? AND c.status = 'handoff' ORDER BY since, c.id LIMIT ?
            """)
        defer { query.reset() }
        try query.bind(1, bot)
        try query.bind(2, Int64(limit))
        var records: [HandoffRecord] = []
        while try query.step("reading the conversations of \(bot) in handoff") {
            records.append(HandoffRecord(contact: query.text(0), properties: query.optionalText(1), since: query.int64(2)))
        }
        return records
    }

    func handoffCounts() throws(StoreError) -> [String: Int] {
        let query = try db.statement("SELECT bot, count(*) FROM conversations WHERE status = 'handoff' GROUP BY bot")
        defer { query.reset() }
        var counts: [String: Int] = [:]
        while try query.step("counting the conversations in handoff") { counts[query.text(0)] = Int(query.int64(1)) }
        return counts
    }

    func dueTimers(at now: Int64, limit: Int) throws(StoreError) -> [DueTimer] {
        guard limit > 0 else { return [] }
        let query = try db.statement("""
            SELECT c.bot, c.contact, t.conversation_id, t.name, t.due_at
            FROM timers t JOIN conversations c ON c.id = t.conversation_id
            WHERE t.due_at <= ? ORDER BY t.due_at, t.conversation_id, t.name LIMIT ?
            """)
        defer { query.reset() }
        try query.bind(1, now)
        try query.bind(2, Int64(limit))
        var due: [DueTimer] = []
        while try query.step("reading due timers") {
            due.append((
                key: ConversationKey(bot: query.text(0), contact: query.text(1)),
                timer: TimerRecord(conversationId: query.int64(2), name: query.text(3), dueAt: query.int64(4))))
        }
        return due
    }

    func pendingOutbox(dueAt now: Int64, limit: Int) throws(StoreError) -> [OutboxItem] {
        guard limit > 0 else { return [] }
        let query = try db.statement("""
            SELECT id, conversation_id, idempotency_key, payload, attempts, next_attempt_at, status, channel,
                provider_message_id, last_error
            FROM outbox WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?
            """)
        defer { query.reset() }
        try query.bind(1, now)
        try query.bind(2, Int64(limit))
        var items: [OutboxItem] = []
        while try query.step("reading the outbox") { items.append(Self.outboxItem(query)) }
        return items
    }

    func outbox(status: String, limit: Int) throws(StoreError) -> [OutboxItem] {
        guard limit > 0 else { return [] }
        // Dead letters with the status as a literal, so that their partial index serves the list.
        let query = try status == "dead"
            ? db.statement("""
                SELECT id, conversation_id, idempotency_key, payload, attempts, next_attempt_at, status, channel,
                    provider_message_id, last_error
                FROM outbox WHERE status = 'dead' ORDER BY id DESC LIMIT ?2
                """)
            : db.statement("""
                SELECT id, conversation_id, idempotency_key, payload, attempts, next_attempt_at, status, channel,
                    provider_message_id, last_error
                FROM outbox WHERE status = ?1 ORDER BY id DESC LIMIT ?2
                """)
        defer { query.reset() }
        try query.bind(1, status)
        try query.bind(2, Int64(limit))
        var items: [OutboxItem] = []
        while try query.step("reading the outbox") { items.append(Self.outboxItem(query)) }
        return items
    }

    private static func outboxItem(_ query: SQLiteStatement) -> OutboxItem {
        OutboxItem(
            id: query.int64(0), conversationId: query.int64(1), idempotencyKey: query.text(2),
            payload: query.text(3), attempts: Int(truncatingIfNeeded: query.int64(4)),
            nextAttemptAt: query.int64(5), status: query.text(6), channel: Int(truncatingIfNeeded: query.int64(7)),
            providerMessageId: query.optionalText(8), lastError: query.optionalText(9))
    }

    func pendingInbox(limit: Int) throws(StoreError) -> [InboxItem] {
        guard limit > 0 else { return [] }
        let query = try db.statement("""
            SELECT id, bot, contact, channel, external_id, payload, received_at
            FROM inbox WHERE processed_at IS NULL ORDER BY id LIMIT ?
            """)
        defer { query.reset() }
        try query.bind(1, Int64(limit))
        var items: [InboxItem] = []
        while try query.step("reading the inbox") {
            items.append(InboxItem(
                id: query.int64(0), bot: query.text(1), contact: query.text(2), channel: query.text(3),
                externalId: query.text(4), payload: query.text(5), receivedAt: query.int64(6)))
        }
        return items
    }

    func bundlesInUse() throws(StoreError) -> Set<String> {
        let query = try db.statement("SELECT DISTINCT bundle_hash FROM conversations WHERE status <> 'ended'")
        defer { query.reset() }
        var hashes: Set<String> = []
        while try query.step("reading the bundles in use") { hashes.insert(query.text(0)) }
        return hashes
    }

    func conversationCount() throws(StoreError) -> Int {
        Int(try db.integer("SELECT count(*) FROM conversations", doing: "counting conversations") ?? 0)
    }
}
