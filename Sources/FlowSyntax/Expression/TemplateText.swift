#if canImport(Glibc)
import Glibc
#endif

/// Quick tests on template text.
public enum TemplateText {
    /// Whether `text` contains `{{` (a byte scan: much cheaper than a generic substring search).
    public static func hasHole(_ text: String) -> Bool {
        if let found = text.utf8.withContiguousStorageIfAvailable({ bytes -> Bool in
            guard var p = bytes.baseAddress else { return false }
            var left = bytes.count
            // memchr for each `{`, then a look at the byte after it.
            while left > 1, let brace = memchr(p, 0x7B, left) {
                let at = UnsafePointer(brace.assumingMemoryBound(to: UInt8.self))
                let consumed = at - p + 1
                if consumed < left, at[1] == 0x7B { return true }
                p = at + 1
                left -= consumed
            }
            return false
        }) {
            return found
        }
        var previous: UInt8 = 0
        for byte in text.utf8 {
            if byte == 0x7B, previous == 0x7B { return true }
            previous = byte
        }
        return false
    }
}
