/// The daemon's inbox and send outcomes on SQLite.
extension SQLiteConversationStore {
    /// Stores the items durably, in order, each through the group commit (a webhook's items
    /// share transactions with other webhooks'); the new ids, nil for duplicates.
    public func enqueueInbox(_ items: [InboxItem]) async throws(StoreError) -> [Int64?] {
        var ids: [Int64?] = []
        ids.reserveCapacity(items.count)
        for item in items {
            let id = try await write { writer throws(StoreError) in try writer.enqueue(item) }
            ids.append(id == 0 ? nil : id)
        }
        return ids
    }

    /// Unprocessed inbox items in the order they were stored.
    public func pendingInbox(limit: Int) async throws(StoreError) -> [InboxItem] {
        try await read { reader throws(StoreError) in try reader.pendingInbox(limit: limit) }
    }

    /// Marks an inbox item processed without a turn.
    public func markInboxProcessed(id: Int64, at now: Int64) async throws(StoreError) {
        _ = try await write { writer throws(StoreError) in
            try writer.markInboxProcessed(id: id, at: now)
            return 0
        }
    }

    /// Moves an outbound message's delivery status forward.
    public func updateDelivery(providerMessageId: String, status: DeliveryStatus) async throws(StoreError) -> Bool {
        try await write { writer throws(StoreError) in
            try writer.updateDelivery(providerMessageId: providerMessageId, status: status)
        } == 1
    }

    /// Records a send attempt's outcome.
    public func recordSend(_ record: SendRecord) async throws(StoreError) {
        _ = try await write { writer throws(StoreError) in
            try writer.recordSend(record)
            return 0
        }
    }

    /// Outbox items with this status, newest first.
    public func outbox(status: String, limit: Int) async throws(StoreError) -> [OutboxItem] {
        try await read { reader throws(StoreError) in try reader.outbox(status: status, limit: limit) }
    }
}
