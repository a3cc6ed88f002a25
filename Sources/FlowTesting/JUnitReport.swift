/// JUnit XML for CI dashboards.
public enum JUnitReport {
    static func escape(_ s: String) -> String {
        var out = ""
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case _ where ch.value < 0x20 && ch != "\n" && ch != "\t": out += " "
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// The report as JUnit XML: one `testsuite` per test file.
    public static func xml(_ report: TestReport) -> String {
        var files: [String] = []
        for o in report.outcomes where !files.contains(o.file) { files.append(o.file) }
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"flowc\" tests=\"\(report.outcomes.count)\" failures=\"\(report.failed)\">\n"
        for file in files {
            let cases = report.outcomes.filter { $0.file == file }
            let seconds = cases.reduce(0) { $0 + $1.milliseconds } / 1000
            out += "  <testsuite name=\"\(escape(file))\" tests=\"\(cases.count)\" failures=\"\(cases.count { !$0.passed })\" time=\"\(seconds)\">\n"
            for c in cases {
                out += "    <testcase classname=\"\(escape(file))\" name=\"\(escape(c.name))\" time=\"\(c.milliseconds / 1000)\""
                if let failure = c.failure {
                    let first = failure.split(separator: "\n").first.map(String.init) ?? failure
                    out += ">\n      <failure message=\"\(escape(first))\">\(escape(failure))</failure>\n    </testcase>\n"
                } else {
                    out += "/>\n"
                }
            }
            out += "  </testsuite>\n"
        }
        return out + "</testsuites>\n"
    }
}
