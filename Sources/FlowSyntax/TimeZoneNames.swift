/// The time zones a bot's `timezone:` may name: the ones the runtime knows the offset of
/// (`TimeZones` in FlowVM holds the offsets; a test keeps the two lists equal).
public enum TimeZoneNames {
    public static let known: Set<String> = [
        "UTC", "Etc/UTC", "America/Argentina/Buenos_Aires", "America/Buenos_Aires",
        "America/Argentina/Cordoba", "America/Argentina/Mendoza", "America/Sao_Paulo",
        "America/Montevideo", "America/Asuncion", "America/Mexico_City", "America/Monterrey",
        "America/Cancun", "America/Tijuana", "America/Bogota", "America/Lima",
        "America/Guayaquil", "America/Caracas", "America/La_Paz", "America/Santiago",
        "America/New_York", "America/Chicago", "America/Los_Angeles", "Europe/Madrid",
        "Europe/London", "Europe/Lisbon",
    ]
}
