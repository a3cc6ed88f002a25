// Conversation store (filled in by the store work).
