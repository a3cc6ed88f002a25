import Foundation
import Testing
import FlowBytecode
import FlowCompiler

/// Golden disassembly: `Golden/NAME.yaml` compiles to exactly `Golden/NAME.txt`.
///
/// Run with `FLOWC_UPDATE_GOLDEN=1` to (re)write the `.txt` files after an intended change,
/// and review the diff before committing it.
@Suite("golden disassembly")
struct GoldenTests {
    static let cases: [String] = Paths.list(Paths.golden).filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }

    @Test("there are golden cases")
    func haveCases() {
        #expect(Self.cases.count >= 4, "\(Paths.golden.path)")
    }

    @Test("disassembly matches the golden file", arguments: cases)
    func golden(name: String) throws {
        let yamlURL = Paths.golden.appendingPathComponent("\(name).yaml")
        let txtURL = Paths.golden.appendingPathComponent("\(name).txt")
        let output = try BuildRun.build(path: yamlURL.path)
        guard var bundle = output.bundle else {
            Issue.record("Golden/\(name).yaml does not check: \(output.report.diagnostics.map(\.message))")
            return
        }
        // The bundle names its source by path; keep only the file name so the text does not depend on the checkout.
        bundle.files = bundle.files.map { ($0 as NSString).lastPathComponent }
        let source = try String(contentsOf: yamlURL, encoding: .utf8)
        let text = Disassembler(bundle: bundle, sources: ["\(name).yaml": source]).text()

        if ProcessInfo.processInfo.environment["FLOWC_UPDATE_GOLDEN"] == "1" {
            try Data(text.utf8).write(to: txtURL)
            return
        }
        guard let expected = try? String(contentsOf: txtURL, encoding: .utf8) else {
            Issue.record("Golden/\(name).txt is missing; run the tests with FLOWC_UPDATE_GOLDEN=1 to write it")
            return
        }
        if text != expected {
            let diff = lineDiff(expected: expected, got: text)
            Issue.record("Golden/\(name).txt differs from the disassembly (- expected, + got; FLOWC_UPDATE_GOLDEN=1 rewrites it):\n\(diff)")
        }
    }

    @Test("the golden flows disassemble with their source lines beside the code")
    func sourceLinesShown() throws {
        let name = try #require(Self.cases.first)
        let expected = try String(contentsOf: Paths.golden.appendingPathComponent("\(name).txt"), encoding: .utf8)
        #expect(expected.contains("; "))
        #expect(expected.hasPrefix("bundle "))
        #expect(expected.contains("flow \(name) (\(name).yaml)"))
    }

    @Test("the line diff marks what was removed and added")
    func diff() {
        #expect(lineDiff(expected: "a\nb\nc", got: "a\nx\nc") == "2 - b\n2 + x")
        #expect(lineDiff(expected: "a", got: "a").isEmpty)
        #expect(lineDiff(expected: "a\nb", got: "a\nb\nc") == "3 + c")
    }
}
