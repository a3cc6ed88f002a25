#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// The time zones a bot's `timezone:` may name: the ones the runtime knows the offset of
/// without the system's database (`TimeZones` in FlowVM holds their offsets; a test keeps the
/// two lists equal), and every other zone of the system's time zone database
/// (`/usr/share/zoneinfo`, Debian's `tzdata`), which the runtime reads the rules of.
public enum TimeZoneNames {
    public static let known: Set<String> = [
        "UTC", "Etc/UTC", "America/Argentina/Buenos_Aires", "America/Buenos_Aires",
        "America/Argentina/Cordoba", "America/Argentina/Mendoza", "America/Sao_Paulo",
        "America/Montevideo", "America/Asuncion", "America/Mexico_City", "America/Monterrey",
        "America/Cancun", "America/Tijuana", "America/Bogota", "America/Lima",
        "America/Guayaquil", "America/Caracas", "America/La_Paz", "America/Santiago",
        "America/New_York", "America/Chicago", "America/Los_Angeles", "Europe/Madrid",
        "Europe/London", "Europe/Lisbon", "America/Costa_Rica", "America/Guatemala", "America/Panama",
        "America/Santo_Domingo", "America/El_Salvador", "America/Tegucigalpa", "America/Managua", "America/Puerto_Rico",
        "America/Toronto", "Australia/Sydney",
    ]

    /// Where the system's time zone database is.
    public static let databaseFolder = "/usr/share/zoneinfo"

    private static let found = Mutex<[String: Bool]>([:])

    /// Whether `name` is a zone flowc can run a bot's clock on: one of `known`, or a zone file
    /// (TZif) of the system's database named as IANA names zones (`Asia/Tokyo`, `Etc/GMT+3`).
    public static func isKnown(_ name: String) -> Bool {
        if known.contains(name) { return true }
        guard isZoneName(name) else { return false }
        if let cached = found.withLock({ $0[name] }) { return cached }
        let exists = hasZoneFile(name)
        found.withLock { $0[name] = exists }
        return exists
    }

    /// Letters, digits, `_`, `-`, `+` in `/`-separated parts, none `.` or `..`: never a path out
    /// of the database folder.
    public static func isZoneName(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count <= 64 else { return false }
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        return parts.allSatisfy { part in
            !part.isEmpty && part.first != "." && part.utf8.allSatisfy { b in
                (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x5F || b == 0x2D || b == 0x2B
            }
        }
    }

    private static func hasZoneFile(_ name: String) -> Bool {
        guard let file = fopen(databaseFolder + "/" + name, "rb") else { return false }
        defer { fclose(file) }
        var magic = [UInt8](repeating: 0, count: 4)
        let n = magic.withUnsafeMutableBytes { fread($0.baseAddress, 1, 4, file) }
        return n == 4 && magic == Array("TZif".utf8)
    }
}
