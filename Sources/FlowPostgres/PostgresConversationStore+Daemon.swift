import FlowStore
import Logging
import PostgresNIO

/// What several daemons sharing one database need: the outbox worker's claims, the daemon's
/// inbox, the sweep's claims of timers and inbox items left behind, bundles kept for all.
extension PostgresConversationStore {
    /// Pending items due at `now`, earliest first, *claimed* for ``claimMilliseconds``: another
    /// daemon (or a later call) does not get them until their outcome is recorded or the claim runs
    /// out (`claimed_until`; `next_attempt_at` keeps its meaning). An item whose conversation has an
    /// earlier pending item that is claimed or not due (a retry, a send slot) is left for later, so
    /// replies go out in order.
    public func claimOutbox(dueAt now: Int64, limit: Int) async throws(StoreError) -> [OutboxItem] {
        guard limit > 0 else { return [] }
        let logger = self.logger
        let claimedUntil = Self.claimEnd(now)
        let me = daemonId
        return try await transaction("claiming due outbox items") { connection in
            // One claim at a time across daemons: the lock makes the order check above exact.
            // (Its row is read: an error, a lock timeout, arrives with the row, not with the bind.)
            for try await _ in try await connection.query("SELECT pg_advisory_xact_lock(\(PostgresConversationStore.outboxClaimLock))", logger: logger) {}
            let rows = try await connection.query("""
                WITH due AS (
                    SELECT o.id, o.conversation_id, o.idempotency_key, o.payload, o.attempts, o.next_attempt_at, o.status, o.channel,
                           o.provider_message_id, o.last_error
                    FROM outbox o
                    WHERE o.status = 'pending' AND o.next_attempt_at <= \(now) AND (o.claimed_until IS NULL OR o.claimed_until <= \(now))
                      AND NOT EXISTS (SELECT 1 FROM outbox e WHERE e.conversation_id = o.conversation_id AND e.status = 'pending'
                                      AND e.id < o.id AND (e.next_attempt_at > \(now) OR e.claimed_until > \(now)))
                    ORDER BY o.next_attempt_at, o.id LIMIT \(Int64(limit))),
                claimed AS (UPDATE outbox SET claimed_until = \(claimedUntil), claimed_by = \(me) FROM due
                            WHERE outbox.id = due.id AND outbox.status = 'pending'
                              AND (outbox.claimed_until IS NULL OR outbox.claimed_until <= \(now))
                            RETURNING outbox.id)
                SELECT due.* FROM due JOIN claimed ON claimed.id = due.id ORDER BY due.next_attempt_at, due.id
                """, logger: logger)
            return try await Self.outboxItems(rows)
        }
    }

    /// The advisory lock key of outbox claims ("flowc-outbox").
    static let outboxClaimLock: Int64 = 0x666C_6F77_6F75_7462

    static func outboxItems(_ rows: PostgresRowSequence) async throws -> [OutboxItem] {
        var items: [OutboxItem] = []
        for try await row in rows.decode((Int64, Int64, String, String, Int32, Int64, String, Int32, String?, String?).self) {
            items.append(OutboxItem(
                id: row.0, conversationId: row.1, idempotencyKey: row.2, payload: row.3, attempts: Int(row.4),
                nextAttemptAt: row.5, status: row.6, channel: Int(row.7), providerMessageId: row.8, lastError: row.9))
        }
        return items
    }

    // MARK: The daemon's inbox and outbox

    public func enqueueInbox(_ items: [InboxItem]) async throws(StoreError) -> [Int64?] {
        guard !items.isEmpty else { return [] }
        let logger = self.logger
        let me = daemonId
        return try await transaction("storing \(items.count) inbound event(s)") { connection in
            var ids: [Int64?] = []
            for item in items {
                var id: Int64?
                let rows = try await connection.query("""
                    INSERT INTO inbox(bot, contact, channel, external_id, payload, received_at, claimed_until, claimed_by)
                    VALUES (\(item.bot.storable), \(item.contact.storable), \(item.channel.storable), \(item.externalId.storable),
                            \(item.payload.storable), \(item.receivedAt), \(Self.liveClaimEnd(item.receivedAt)), \(me))
                    ON CONFLICT(bot, channel, external_id) DO NOTHING RETURNING id
                    """, logger: logger)
                for try await (new,) in rows.decode((Int64,).self) { id = new }
                ids.append(id)
            }
            return ids
        }
    }

    public func pendingInbox(limit: Int) async throws(StoreError) -> [InboxItem] {
        guard limit > 0 else { return [] }
        let logger = self.logger
        return try await connection("reading the inbox") { connection in
            let rows = try await connection.query("""
                SELECT id, bot, contact, channel, external_id, payload, received_at
                FROM inbox WHERE processed_at IS NULL ORDER BY id LIMIT \(Int64(limit))
                """, logger: logger)
            return try await Self.inboxItems(rows)
        }
    }

    public var sharedByDaemons: Bool { true }

    /// Due timers not claimed by another daemon, claimed for ``claimMilliseconds``.
    public func claimDueTimers(at now: Int64, limit: Int) async throws(StoreError) -> [DueTimer] {
        guard limit > 0 else { return [] }
        let logger = self.logger
        let until = Self.claimEnd(now)
        let me = daemonId
        return try await transaction("claiming due timers") { connection in
            let rows = try await connection.query("""
                WITH due AS (
                    SELECT t.conversation_id, t.name FROM timers t
                    WHERE t.due_at <= \(now) AND (t.claimed_until IS NULL OR t.claimed_until <= \(now))
                    ORDER BY t.due_at, t.conversation_id, t.name LIMIT \(Int64(limit))
                    FOR UPDATE SKIP LOCKED),
                claimed AS (UPDATE timers SET claimed_until = \(until), claimed_by = \(me) FROM due
                            WHERE timers.conversation_id = due.conversation_id AND timers.name = due.name
                              AND (timers.claimed_until IS NULL OR timers.claimed_until <= \(now))
                            RETURNING timers.conversation_id, timers.name, timers.due_at)
                SELECT c.bot, c.contact, claimed.conversation_id, claimed.name, claimed.due_at
                FROM claimed JOIN conversations c ON c.id = claimed.conversation_id
                ORDER BY claimed.due_at, claimed.conversation_id, claimed.name
                """, logger: logger)
            return try await Self.dueTimers(rows)
        }
    }

    /// Unprocessed inbox items stored at least `olderThan` ms before `now` and not claimed by
    /// another daemon, claimed for ``claimMilliseconds``, in order.
    public func claimStaleInbox(now: Int64, olderThan: Int64, limit: Int) async throws(StoreError) -> [InboxItem] {
        guard limit > 0 else { return [] }
        let logger = self.logger
        let until = Self.claimEnd(now)
        let me = daemonId
        return try await transaction("claiming inbox items left behind") { connection in
            let rows = try await connection.query("""
                WITH stale AS (
                    SELECT id FROM inbox
                    WHERE processed_at IS NULL AND received_at <= \(now - olderThan)
                      AND (claimed_until IS NULL OR claimed_until <= \(now))
                    ORDER BY id LIMIT \(Int64(limit))
                    FOR UPDATE SKIP LOCKED)
                UPDATE inbox SET claimed_until = \(until), claimed_by = \(me) FROM stale
                WHERE inbox.id = stale.id AND inbox.processed_at IS NULL
                RETURNING inbox.id, inbox.bot, inbox.contact, inbox.channel, inbox.external_id, inbox.payload, inbox.received_at
                """, logger: logger)
            return try await Self.inboxItems(rows).sorted { $0.id < $1.id }
        }
    }

    /// How long an inbox item stored by a webhook stays claimed by the daemon that took the webhook
    /// (it runs the turn at once, and renews the claim while the turn is queued or running).
    public static let liveInboxClaimMilliseconds: Int64 = 30_000

    static func liveClaimEnd(_ now: Int64) -> Int64 {
        now > Int64.max - liveInboxClaimMilliseconds ? Int64.max : now + liveInboxClaimMilliseconds
    }

    public func renewClaims(_ claims: HeldClaims, at now: Int64) async throws(StoreError) {
        try await setClaims(claims, until: Self.claimEnd(now), "renewing the claims this daemon holds")
    }

    public func releaseClaims(_ claims: HeldClaims) async throws(StoreError) {
        try await setClaims(claims, until: nil, "releasing the claims of a stopping daemon")
    }

    /// Extends the claims on what `claims` names to `until` (never shortening one), or ends them
    /// (`until` nil). Only work still to do is touched (unprocessed inbox items, pending outbox
    /// items), and only claims this daemon still holds: one that ran out and was taken by another
    /// daemon since (a renewal that came late, a stalled database) is that daemon's, neither
    /// extended nor ended here.
    private func setClaims(_ claims: HeldClaims, until: Int64?, _ what: String) async throws(StoreError) {
        guard !claims.isEmpty else { return }
        let logger = self.logger
        let me = daemonId
        let bots = claims.timerConversations.map(\.bot.storable)
        let contacts = claims.timerConversations.map(\.contact.storable)
        try await transaction(what) { connection in
            if !claims.inbox.isEmpty {
                _ = try await connection.query("""
                    UPDATE inbox SET claimed_until = CASE WHEN \(until)::bigint IS NULL THEN NULL
                                                          ELSE GREATEST(COALESCE(claimed_until, 0), \(until)) END
                    WHERE id = ANY(\(claims.inbox)) AND processed_at IS NULL AND claimed_by = \(me)
                    """, logger: logger)
            }
            if !claims.outbox.isEmpty {
                _ = try await connection.query("""
                    UPDATE outbox SET claimed_until = CASE WHEN \(until)::bigint IS NULL THEN NULL ELSE GREATEST(claimed_until, \(until)) END
                    WHERE id = ANY(\(claims.outbox)) AND status = 'pending' AND claimed_until IS NOT NULL AND claimed_by = \(me)
                    """, logger: logger)
            }
            if !bots.isEmpty {
                _ = try await connection.query("""
                    UPDATE timers SET claimed_until = CASE WHEN \(until)::bigint IS NULL THEN NULL ELSE GREATEST(timers.claimed_until, \(until)) END
                    FROM conversations c, unnest(\(bots)::text[], \(contacts)::text[]) AS held(bot, contact)
                    WHERE c.bot = held.bot AND c.contact = held.contact AND timers.conversation_id = c.id
                      AND timers.claimed_until IS NOT NULL AND timers.claimed_by = \(me)
                    """, logger: logger)
            }
        }
    }

    /// An earlier message of the conversation, stored less than ``stuckInboxMilliseconds`` before
    /// this one, is not processed yet.
    public func inboxWaits(_ item: InboxItem) async throws(StoreError) -> Bool {
        let logger = self.logger
        return try await connection("checking the order of inbox item \(item.id)") { connection in
            try await PostgresTurnWriter.earlierPending(connection, inboxId: item.id, logger: logger)
        }
    }

    public func saveBundle(hash: String, bytes: [UInt8]) async throws(StoreError) {
        let logger = self.logger
        let buffer = ByteBuffer(bytes: bytes)
        try await connection("keeping bundle \(hash.prefix(12))") { connection in
            _ = try await connection.query("""
                INSERT INTO bundles(hash, bytes, saved_at) VALUES (\(hash.storable), \(buffer), (extract(epoch FROM now()) * 1000)::bigint)
                ON CONFLICT(hash) DO NOTHING
                """, logger: logger)
        }
    }

    public func loadBundle(hash: String) async throws(StoreError) -> [UInt8]? {
        let logger = self.logger
        return try await connection("reading bundle \(hash.prefix(12))") { connection in
            for try await (bytes,) in try await connection.query("SELECT bytes FROM bundles WHERE hash = \(hash.storable)", logger: logger)
                .decode((ByteBuffer,).self) {
                return PostgresRow.bytes(bytes)
            }
            return nil
        }
    }

    /// How long an inbound message that keeps failing holds back the later ones of its
    /// conversation (it is retried all the while).
    public static let stuckInboxMilliseconds: Int64 = 600_000

    public func markInboxProcessed(id: Int64, at now: Int64) async throws(StoreError) {
        let logger = self.logger
        let location = self.location
        try await transaction("marking inbox item \(id) processed") { connection in
            let writer = PostgresTurnWriter(connection: connection, logger: logger, location: location)
            try await writer.markInboxProcessed(id: id, at: now)
        }
    }

    public func updateDelivery(providerMessageId: String, status: DeliveryStatus) async throws(StoreError) -> Bool {
        let logger = self.logger
        let location = self.location
        return try await transaction("updating the delivery status of \(providerMessageId)") { connection in
            let writer = PostgresTurnWriter(connection: connection, logger: logger, location: location)
            return try await writer.changes(connection.query("""
                UPDATE messages SET status = \(status.rawValue)
                WHERE provider_message_id = \(providerMessageId.storable) AND direction = 'outbound' AND status <> 'failed'
                  AND status <> \(status.rawValue)
                  AND (\(status.rawValue) = 'failed'
                       OR (CASE status WHEN 'sent' THEN 1 WHEN 'delivered' THEN 2 WHEN 'read' THEN 3 ELSE 0 END) < \(Int32(status.rank)))
                RETURNING 1
                """, logger: logger)) > 0
        }
    }

    public func recordSend(_ record: SendRecord) async throws(StoreError) {
        let logger = self.logger
        let location = self.location
        try await transaction("recording a send of outbox item \(record.id)") { connection in
            try await PostgresTurnWriter(connection: connection, logger: logger, location: location).recordSend(record)
        }
    }

    public func outbox(status: String, limit: Int) async throws(StoreError) -> [OutboxItem] {
        guard limit > 0 else { return [] }
        let logger = self.logger
        return try await connection("reading the outbox") { connection in
            let rows = try await connection.query("""
                SELECT id, conversation_id, idempotency_key, payload, attempts, next_attempt_at, status, channel,
                    provider_message_id, last_error
                FROM outbox WHERE status = \(status.storable) ORDER BY id DESC LIMIT \(Int64(limit))
                """, logger: logger)
            return try await Self.outboxItems(rows)
        }
    }

    /// When a claim made at `now` runs out.
    static func claimEnd(_ now: Int64) -> Int64 {
        now > Int64.max - claimMilliseconds ? Int64.max : now + claimMilliseconds
    }

    static func inboxItems(_ rows: PostgresRowSequence) async throws -> [InboxItem] {
        var items: [InboxItem] = []
        for try await row in rows.decode((Int64, String, String, String, String, String, Int64).self) {
            items.append(InboxItem(id: row.0, bot: row.1, contact: row.2, channel: row.3, externalId: row.4, payload: row.5, receivedAt: row.6))
        }
        return items
    }

    /// Rows of `bot, contact, conversation_id, name, due_at`.
    static func dueTimers(_ rows: PostgresRowSequence) async throws -> [DueTimer] {
        var due: [DueTimer] = []
        for try await (bot, contact, conversationId, name, dueAt) in rows.decode((String, String, Int64, String, Int64).self) {
            due.append((key: ConversationKey(bot: bot, contact: contact),
                        timer: TimerRecord(conversationId: conversationId, name: name, dueAt: dueAt)))
        }
        return due
    }
}
