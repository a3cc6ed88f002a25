/// E-mail addresses as an `email` step gives them (`to`, `cc`, `bcc`: comma-separated, each a bare
/// address or `Name <a@b.c>`), read the same way wherever the step runs: the daemon's SMTP sender,
/// and `flowc chat` / `flowc test`, which only record the e-mail.
public enum MailAddress {
    /// `a@b.c`: one `@`, something on each side, no spaces, brackets, quotes or line breaks.
    public static func isAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix(".") else { return false }
        return !text.unicodeScalars.contains { $0.value <= 0x20 || "<>()[],;:\\\"".unicodeScalars.contains($0) || $0.value == 0x7F }
    }

    /// The address of `Name <a@b.c>` or `a@b.c`.
    public static func address(in text: String) -> String? {
        var candidate = Substring(text)
        if let open = text.lastIndex(of: "<"), let close = text.lastIndex(of: ">"), open < close {
            candidate = text[text.index(after: open)..<close]
        }
        let trimmed = trimmed(candidate)
        return isAddress(trimmed) ? trimmed : nil
    }

    /// The mailboxes of a comma-separated list.
    public static func list(_ text: String) -> [String] {
        text.split(separator: ",").map(trimmed).filter { !$0.isEmpty }
    }

    /// Why an e-mail with these recipients cannot be sent (none, or one that is no address), or nil.
    public static func problem(to: String, cc: String = "", bcc: String = "", replyTo: String = "") -> String? {
        let recipients = list(to) + list(cc) + list(bcc)
        guard !recipients.isEmpty else { return "the e-mail has no recipient (`to` is empty)" }
        // (`reply_to` is one mailbox, whose name may hold a comma: `Pérez, Juan <juan@x.com>`.)
        let reply = trimmed(replyTo)
        for mailbox in recipients + (reply.isEmpty ? [] : [reply]) where address(in: mailbox) == nil || mailbox.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            return "`\(mailbox)` is not an e-mail address"
        }
        return nil
    }

    private static func trimmed(_ text: some StringProtocol) -> String {
        var s = Substring(text)
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
