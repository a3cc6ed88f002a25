/// Quick tests on template text.
public enum TemplateText {
    /// Whether `text` contains `{{` (a byte scan: much cheaper than a generic substring search).
    public static func hasHole(_ text: String) -> Bool {
        var previous: UInt8 = 0
        for byte in text.utf8 {
            if byte == 0x7B, previous == 0x7B { return true }
            previous = byte
        }
        return false
    }
}
