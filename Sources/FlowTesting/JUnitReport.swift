/// JUnit XML for CI dashboards.
public enum JUnitReport {
    /// Text for an element's content (line breaks and tabs kept as they are).
    static func escape(_ s: String) -> String { escape(s, attribute: false) }

    /// Text for an attribute value: line breaks and tabs as references, which a parser keeps (written
    /// raw, it turns them into spaces).
    static func attribute(_ s: String) -> String { escape(s, attribute: true) }

    static func escape(_ s: String, attribute: Bool) -> String {
        var out = ""
        for ch in s.unicodeScalars {
            switch ch {
            case "\n" where attribute: out += "&#10;"
            case "\r" where attribute: out += "&#13;"
            case "\t" where attribute: out += "&#9;"
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case _ where ch.value < 0x20 && ch != "\n" && ch != "\t": out += " "
            // Not characters XML 1.0 allows at all (not even as references).
            case "\u{FFFE}", "\u{FFFF}": out += "\u{FFFD}"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// Milliseconds as seconds with three decimals (`0.004`): an `xs:decimal`, never `9e-05`.
    static func seconds(_ milliseconds: Double) -> String {
        let thousandths = Int((max(0, milliseconds.isFinite ? milliseconds : 0)).rounded())
        let fraction = String(thousandths % 1000)
        return "\(thousandths / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }

    /// The report as JUnit XML: one `testsuite` per test file.
    public static func xml(_ report: TestReport) -> String {
        var files: [String] = []
        for o in report.outcomes where !files.contains(o.file) { files.append(o.file) }
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        let total = report.outcomes.reduce(0) { $0 + $1.milliseconds }
        out += "<testsuites name=\"flowc\" tests=\"\(report.outcomes.count)\" failures=\"\(report.failed)\" errors=\"0\" time=\"\(seconds(total))\">\n"
        for file in files {
            let cases = report.outcomes.filter { $0.file == file }
            let time = seconds(cases.reduce(0) { $0 + $1.milliseconds })
            out += "  <testsuite name=\"\(attribute(file))\" tests=\"\(cases.count)\" failures=\"\(cases.count { !$0.passed })\" errors=\"0\" skipped=\"0\" time=\"\(time)\">\n"
            for c in cases {
                out += "    <testcase classname=\"\(attribute(file))\" name=\"\(attribute(c.name))\" time=\"\(seconds(c.milliseconds))\""
                if let failure = c.failure {
                    // The message says what failed: the place, and what was expected and got.
                    let lines = failure.split(separator: "\n").map { $0.trimmingPrefix(while: { $0 == " " }) }
                    var first = lines.first.map(String.init) ?? failure
                    if first.hasSuffix(":"), lines.count > 1 { first += " " + lines[1] }
                    out += ">\n      <failure message=\"\(attribute(first))\">\(escape(failure))</failure>\n    </testcase>\n"
                } else {
                    out += "/>\n"
                }
            }
            out += "  </testsuite>\n"
        }
        return out + "</testsuites>\n"
    }
}
