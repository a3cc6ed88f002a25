/// The speed goals of issue 3 and the anchors measured on this machine with other frameworks
/// (5-step bot, 4 turns per conversation, 10,000 conversations interleaved 1,000 at a time).
public enum Goals {
    public static let inMemoryTurnsPerSecond = 100_000.0
    public static let sqliteTurnsPerSecond = 20_000.0

    public static let inMemoryAnchors: [(String, Double)] = [
        ("transitions (bare Python state machine)", 29_000), ("botbuilder-dialogs", 700), ("chatsky", 450), ("Rasa 3.6", 100),
    ]
    public static let sqliteAnchors: [(String, Double)] = [("chatsky", 50), ("Rasa 3.6", 47)]

    /// `value` with thousands separators and `digits` decimals.
    public static func format(_ value: Double, digits: Int = 0) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        let whole = Int(rounded.magnitude)
        var text = String(whole)
        var grouped = ""
        while text.count > 3 {
            grouped = "," + text.suffix(3) + grouped
            text.removeLast(3)
        }
        grouped = (rounded < 0 ? "-" : "") + text + grouped
        if digits > 0 {
            let fraction = Int(((rounded.magnitude - Double(whole)) * scale).rounded())
            let digitsText = String(fraction)
            grouped += "." + String(repeating: "0", count: max(0, digits - digitsText.count)) + digitsText
        }
        return grouped
    }

    /// "1.28× the goal of 100,000; 183× botbuilder-dialogs (700); …"
    public static func ratios(_ turnsPerSecond: Double, goal: Double, anchors: [(String, Double)]) -> String {
        var parts = ["\(format(turnsPerSecond / goal, digits: 2))× the goal (\(format(goal)) turns/s, "
            + (turnsPerSecond >= goal ? "met" : "NOT met") + ")"]
        for (name, anchor) in anchors {
            parts.append("\(format(turnsPerSecond / anchor, digits: turnsPerSecond / anchor < 10 ? 1 : 0))× \(name) (\(format(anchor)))")
        }
        return parts.joined(separator: "; ")
    }

    /// Bytes as MiB with one decimal.
    public static func mebibytes(_ bytes: Int) -> String { format(Double(bytes) / 1_048_576, digits: 1) + " MiB" }
}
