/// `flowc chat`'s simulated clock on SQLite: how far `/wait` has moved a conversation's clock
/// ahead of real time, kept so that a chat run again goes on at that time (its timers are due
/// in it).
extension SQLiteConversationStore {
    /// The milliseconds `/wait` has added to the clock of `key`'s chat; 0 when it never moved.
    public func chatClockOffset(_ key: ConversationKey) async throws(StoreError) -> Int64 {
        try await read { reader throws(StoreError) in try reader.chatClockOffset(key) }
    }

    /// Records the milliseconds `/wait` has added to the clock of `key`'s chat; durable when it returns.
    public func setChatClockOffset(_ milliseconds: Int64, for key: ConversationKey) async throws(StoreError) {
        _ = try await write { writer throws(StoreError) in
            try writer.setChatClockOffset(milliseconds, for: key)
            return 0
        }
    }
}

extension StoreReader {
    func chatClockOffset(_ key: ConversationKey) throws(StoreError) -> Int64 {
        let query = try db.statement("SELECT offset_ms FROM chat_clocks WHERE bot = ? AND contact = ?")
        defer { query.reset() }
        try query.bind(1, key.bot)
        try query.bind(2, key.contact)
        return try query.step("reading the chat clock of \(key.bot)/\(key.contact)") ? query.int64(0) : 0
    }
}

extension StoreWriter {
    func setChatClockOffset(_ milliseconds: Int64, for key: ConversationKey) throws(StoreError) {
        let upsert = try db.statement("""
            INSERT INTO chat_clocks(bot, contact, offset_ms) VALUES (?, ?, ?)
            ON CONFLICT(bot, contact) DO UPDATE SET offset_ms = excluded.offset_ms
            """)
        defer { upsert.reset() }
        try upsert.bind(1, key.bot)
        try upsert.bind(2, key.contact)
        try upsert.bind(3, milliseconds)
        _ = try upsert.step("recording the chat clock of \(key.bot)/\(key.contact)")
    }
}
