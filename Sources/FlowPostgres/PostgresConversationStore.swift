import FlowStore
import Logging
import PostgresNIO
import Synchronization

/// A ``ConversationStore`` in a PostgreSQL database, for when one machine is not enough: several
/// `flowc serve` processes share one database (`store: postgres://…` in the daemon's config).
///
/// Every turn is one transaction (conversation, messages, inbox mark, outbox, timers, orders,
/// events), durable when ``commit(_:)`` returns (the server's `synchronous_commit`). What keeps
/// several daemons correct on one database:
/// - a turn locks its conversation's row and checks its version: of two daemons running turns of
///   one conversation, the second fails with ``StoreError/conflict(expected:actual:)`` and runs
///   again on the new state; an inbox item or inbound message id is committed once; a turn for
///   an inbound message waits (``StoreError/notInOrder(_:)``) while an earlier message of its
///   conversation, received by another daemon, is not processed;
/// - ``claimOutbox(dueAt:limit:)`` *claims* what it returns for ``claimMilliseconds`` (an
///   outcome recorded by ``recordSend(_:)`` replaces the claim), so no two daemons send the same
///   reply, and it never returns an item while an earlier one of its conversation is claimed
///   elsewhere or waits (messages go out in order);
/// - order ids come from a sequence; schema migrations run under an advisory lock.
///
/// PostgreSQL's `text` cannot hold the NUL character: text that has one (only a hostile webhook
/// sends it) is stored with U+FFFD in its place.
public final class PostgresConversationStore: ConversationStore {
    /// Where the database is (no password).
    public let location: PostgresLocation
    /// How long an outbox item handed out by ``claimOutbox(dueAt:limit:)`` stays claimed when no
    /// outcome is recorded (its daemon died while sending): then any daemon may send it again.
    public static let claimMilliseconds: Int64 = 60_000

    let client: PostgresClient
    let logger: Logger
    /// This store's (this daemon's) id, written in `claimed_by` with every claim it makes: it
    /// renews and gives back only claims that are still its own.
    let daemonId: String = "d-" + String(UInt64.random(in: 0...UInt64.max), radix: 36) + String(UInt64.random(in: 0...UInt64.max), radix: 36)
    private let runner: Mutex<Task<Void, Never>?>

    private init(location: PostgresLocation, logger: Logger) {
        self.location = location
        self.logger = logger
        let client = PostgresClient(configuration: location.clientConfiguration(), backgroundLogger: logger)
        self.client = client
        // Started at once, so that the pool runs before the first query asks it for a connection.
        runner = Mutex(Task.immediate { await client.run() })
    }

    /// Connects to the database at `url` (see ``PostgresLocation``), checks that it is a flowc
    /// store or holds none of its tables, and migrates its schema. Fails at once with a clear
    /// ``StoreError`` when the URL is wrong, the server cannot be reached, the password is wrong,
    /// the database is missing or was written by a newer flowc.
    public static func open(url: String, logger: Logger = Logger(label: "flowc.postgres")) async throws(StoreError) -> PostgresConversationStore {
        let location = try PostgresLocation(url: url)
        // One direct connection first (the pool would keep retrying a server that is down).
        do {
            let connection = try await PostgresConnection.connect(configuration: try location.connectionConfiguration(), id: 0, logger: logger)
            do {
                try await PostgresSchema.migrate(connection, location: location, logger: logger)
            } catch {
                try? await connection.close()
                throw error
            }
            try await connection.close()
        } catch {
            throw PostgresStatements.storeError(error, doing: "connecting", location: location)
        }
        return PostgresConversationStore(location: location, logger: logger)
    }

    /// What `flowc serve --check` learns of the database at `url` without changing it: that it
    /// answers and takes the credentials (the schema is created or migrated by serving only).
    public static func probe(url: String, logger: Logger = Logger(label: "flowc.postgres")) async throws(StoreError) {
        let location = try PostgresLocation(url: url)
        do {
            let connection = try await PostgresConnection.connect(configuration: try location.connectionConfiguration(), id: 0, logger: logger)
            try await connection.close()
        } catch {
            throw PostgresStatements.storeError(error, doing: "connecting", location: location)
        }
    }

    deinit {
        runner.withLock { $0?.cancel() }
    }

    /// Closes the connections; later calls fail. Idempotent.
    public func close() async {
        let task = runner.withLock { task in
            defer { task = nil }
            return task
        }
        task?.cancel()
        await task?.value
    }

    // MARK: Connections

    /// How long a store operation may wait for the server before it fails with
    /// ``StoreError/busy(_:)`` (the daemon then answers 503 and the provider retries).
    public static let operationTimeout: Duration = .seconds(15)

    /// Runs `body` on a pooled connection; failures become ``StoreError``s. An operation the server
    /// does not answer within ``operationTimeout`` (it is down, or gone without closing the
    /// connection) fails as busy at that time; the work is not cut half-way (a transaction is never
    /// left open), so it may still land later, which the store's checks make harmless: a turn's
    /// version and its inbox item are committed once, a stored webhook is deduplicated, a claim
    /// runs out.
    func connection<T: Sendable>(
        _ doing: String, _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws(StoreError) -> T {
        let client = self.client
        let location = self.location
        let outcome = await withCheckedContinuation { (continuation: CheckedContinuation<Result<T, StoreError>, Never>) in
            let gate = FirstAnswer(continuation)
            let timer = Task {
                try? await Task.sleep(for: Self.operationTimeout)
                if !Task.isCancelled {
                    gate.answer(.failure(.busy("\(location): \(doing): no answer from the PostgreSQL server within \(Self.operationTimeout); is it running and reachable?")))
                }
            }
            Task {
                let result: Result<T, StoreError>
                do {
                    result = .success(try await client.withConnection { connection in try await body(connection) })
                } catch {
                    result = .failure(PostgresStatements.storeError(error, doing: doing, location: location))
                }
                timer.cancel()
                gate.answer(result)
            }
        }
        return try outcome.get()
    }

    /// Runs `body` in a transaction on a pooled connection.
    func transaction<T: Sendable>(
        _ doing: String, _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws(StoreError) -> T {
        let location = self.location
        let logger = self.logger
        return try await connection(doing) { connection in
            try await PostgresStatements.transaction(connection, doing, location: location, logger: logger, body)
        }
    }

    // MARK: ConversationStore

    public func load(_ key: ConversationKey) async throws(StoreError) -> StoredConversation? {
        let logger = self.logger
        let location = self.location
        return try await connection("loading conversation \(key.bot)/\(key.contact)") { connection in
            let rows = try await connection.query("""
                SELECT id, version, bundle_hash, status, state, updated_at FROM conversations
                WHERE bot = \(key.bot.storable) AND contact = \(key.contact.storable)
                """, logger: logger)
            for try await (id, version, hash, statusText, state, updatedAt) in rows.decode((Int64, Int64, String, String, ByteBuffer, Int64).self) {
                guard let status = ConversationStatus(rawValue: statusText) else {
                    throw StoreError.corrupt("\(location): conversation \(id) has the unknown status '\(statusText)'; fix the row or restore a backup")
                }
                return StoredConversation(id: id, key: key, version: version, bundleHash: hash, status: status,
                                          state: PostgresRow.bytes(state), updatedAt: updatedAt)
            }
            return nil
        }
    }

    public func commit(_ turn: TurnCommit) async throws(StoreError) -> Int64 {
        let logger = self.logger
        let location = self.location
        return try await transaction("committing a turn of \(turn.key.bot)/\(turn.key.contact)") { connection in
            try await PostgresTurnWriter(connection: connection, logger: logger, location: location).apply(turn)
        }
    }

    public func order(id: Int64) async throws(StoreError) -> OrderRecord? {
        let logger = self.logger
        return try await connection("loading order \(id)") { connection in
            var order: OrderRecord?
            let rows = try await connection.query("""
                SELECT id, bot, contact, status, customer_name, customer_phone, customer_email, customer_address, delivery_date, notes,
                       created_at, updated_at FROM orders WHERE id = \(id)
                """, logger: logger)
            for try await row in rows.decode((Int64, String, String, String, String?, String?, String?, String?, String?, String?, Int64, Int64).self) {
                order = OrderRecord(
                    id: row.0, bot: row.1, contact: row.2, status: row.3, lines: [],
                    customer: OrderCustomer(name: row.4, phone: row.5, email: row.6, address: row.7),
                    deliveryDate: row.8, notes: row.9, createdAt: row.10, updatedAt: row.11)
            }
            guard var found = order else { return nil }
            let items = try await connection.query(
                "SELECT sku, name, qty, price FROM order_items WHERE order_id = \(id) ORDER BY position", logger: logger)
            for try await (sku, name, qty, price) in items.decode((String?, String?, Double, Double?).self) {
                found.lines.append(OrderLine(sku: sku, name: name, qty: qty, price: price))
            }
            return found
        }
    }

    public func newOrderId() async throws(StoreError) -> Int64 {
        let logger = self.logger
        return try await connection("handing out an order id") { connection in
            for try await (id,) in try await connection.query("SELECT nextval('order_ids')", logger: logger).decode((Int64,).self) {
                return id
            }
            throw StoreError.io("the order id sequence returned nothing (internal error)")
        }
    }

    public func hasInbound(providerMessageId: String) async throws(StoreError) -> Bool {
        let logger = self.logger
        return try await connection("looking up inbound message \(providerMessageId)") { connection in
            let rows = try await connection.query("""
                SELECT EXISTS(SELECT 1 FROM messages WHERE provider_message_id = \(providerMessageId.storable) AND direction = 'inbound')
                """, logger: logger)
            for try await (exists,) in rows.decode((Bool,).self) { return exists }
            return false
        }
    }

    public func history(_ key: ConversationKey, limit: Int) async throws(StoreError) -> [MessageRecord] {
        guard limit > 0 else { return [] }
        let logger = self.logger
        let location = self.location
        return try await connection("reading the history of \(key.bot)/\(key.contact)") { connection in
            let rows = try await connection.query("""
                SELECT m.direction, m.provider_message_id, m.body, m.status, m.created_at
                FROM conversations c JOIN messages m ON m.conversation_id = c.id
                WHERE c.bot = \(key.bot.storable) AND c.contact = \(key.contact.storable) ORDER BY m.id DESC LIMIT \(Int64(limit))
                """, logger: logger)
            var messages: [MessageRecord] = []
            for try await (directionText, providerId, body, status, createdAt) in rows.decode((String, String?, String, String, Int64).self) {
                guard let direction = MessageDirection(rawValue: directionText) else {
                    throw StoreError.corrupt("\(location): a message of \(key.bot)/\(key.contact) has the unknown direction '\(directionText)'")
                }
                messages.append(MessageRecord(direction: direction, providerMessageId: providerId, body: body, status: status, createdAt: createdAt))
            }
            messages.reverse()
            return messages
        }
    }

    public func events(_ key: ConversationKey) async throws(StoreError) -> [EventRecord] {
        let logger = self.logger
        return try await connection("reading the events of \(key.bot)/\(key.contact)") { connection in
            let rows = try await connection.query("""
                SELECT e.name, e.properties, e.at
                FROM conversations c JOIN events e ON e.conversation_id = c.id
                WHERE c.bot = \(key.bot.storable) AND c.contact = \(key.contact.storable) ORDER BY e.id
                """, logger: logger)
            var events: [EventRecord] = []
            for try await (name, properties, at) in rows.decode((String, String, Int64).self) {
                events.append(EventRecord(name: name, properties: properties, at: at))
            }
            return events
        }
    }

    public func handoffs(bot: String, limit: Int) async throws(StoreError) -> [HandoffRecord] {
        guard limit > 0 else { return [] }
        let logger = self.logger
        return try await connection("reading the conversations of \(bot) in handoff") { connection in
            let rows = try await connection.query("""
                SELECT c.contact, e.properties, coalesce(e.at, c.updated_at) AS since
                FROM conversations c LEFT JOIN events e
                    ON e.id = (SELECT max(id) FROM events WHERE conversation_id = c.id AND name = 'handoff')
                WHERE c.bot = \(bot.storable) AND c.status = 'handoff' ORDER BY since, c.id LIMIT \(Int64(limit))
                """, logger: logger)
            var records: [HandoffRecord] = []
            for try await (contact, properties, since) in rows.decode((String, String?, Int64).self) {
                records.append(HandoffRecord(contact: contact, properties: properties, since: since))
            }
            return records
        }
    }

    public func handoffCounts() async throws(StoreError) -> [String: Int] {
        let logger = self.logger
        return try await connection("counting the conversations in handoff") { connection in
            var counts: [String: Int] = [:]
            let rows = try await connection.query("SELECT bot, count(*) FROM conversations WHERE status = 'handoff' GROUP BY bot", logger: logger)
            for try await (bot, count) in rows.decode((String, Int64).self) { counts[bot] = Int(count) }
            return counts
        }
    }

    public func dueTimers(at now: Int64, limit: Int) async throws(StoreError) -> [DueTimer] {
        guard limit > 0 else { return [] }
        let logger = self.logger
        return try await connection("reading due timers") { connection in
            let rows = try await connection.query("""
                SELECT c.bot, c.contact, t.conversation_id, t.name, t.due_at
                FROM timers t JOIN conversations c ON c.id = t.conversation_id
                WHERE t.due_at <= \(now) ORDER BY t.due_at, t.conversation_id, t.name LIMIT \(Int64(limit))
                """, logger: logger)
            return try await Self.dueTimers(rows)
        }
    }

    /// Pending items due at `now`, earliest first (ties by id). A read: see
    /// ``claimOutbox(dueAt:limit:)`` for what the outbox worker uses.
    public func pendingOutbox(dueAt now: Int64, limit: Int) async throws(StoreError) -> [OutboxItem] {
        guard limit > 0 else { return [] }
        let logger = self.logger
        return try await connection("reading the outbox") { connection in
            let rows = try await connection.query("""
                SELECT id, conversation_id, idempotency_key, payload, attempts, next_attempt_at, status, channel,
                    provider_message_id, last_error
                FROM outbox WHERE status = 'pending' AND next_attempt_at <= \(now) ORDER BY next_attempt_at, id LIMIT \(Int64(limit))
                """, logger: logger)
            return try await Self.outboxItems(rows)
        }
    }

    public func markOutbox(id: Int64, status: String, attempts: Int, nextAttemptAt: Int64) async throws(StoreError) {
        let logger = self.logger
        let location = self.location
        try await transaction("updating outbox item \(id)") { connection in
            let writer = PostgresTurnWriter(connection: connection, logger: logger, location: location)
            try await writer.lockConversation(ofOutboxItem: id)
            let changed = try await writer.changes(connection.query("""
                UPDATE outbox SET status = \(status.storable), attempts = \(Int32(clamping: attempts)), next_attempt_at = \(nextAttemptAt),
                    claimed_until = NULL
                WHERE id = \(id)
                RETURNING 1
                """, logger: logger))
            if changed == 0 { throw StoreError.notFound("outbox item \(id) does not exist in \(location)") }
            if status == "pending" { try await writer.holdBack(after: id, until: nextAttemptAt) }
        }
    }

    public func conversationCount() async throws(StoreError) -> Int {
        let logger = self.logger
        return try await connection("counting conversations") { connection in
            for try await (count,) in try await connection.query("SELECT count(*) FROM conversations", logger: logger).decode((Int64,).self) {
                return Int(count)
            }
            return 0
        }
    }

    public func bundlesInUse() async throws(StoreError) -> Set<String> {
        let logger = self.logger
        return try await connection("reading the bundles in use") { connection in
            var hashes: Set<String> = []
            let rows = try await connection.query("SELECT DISTINCT bundle_hash FROM conversations WHERE status <> 'ended'", logger: logger)
            for try await (hash,) in rows.decode((String,).self) { hashes.insert(hash) }
            return hashes
        }
    }
}
