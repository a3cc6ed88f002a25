import FlowDiagnostics
import Foundation
import Testing

struct DiagnosticRendererTests {
    let source = SourceFile(path: "flows/order.yaml", text: "flow: order\nsteps:\n  a:\n    goto: remnd\n")
    var diagnostic: Diagnostic {
        Diagnostic(.error, rule: "unknown-target", message: "step `remnd` does not exist", file: "flows/order.yaml",
                   range: SourceRange(line: 4, column: 11, length: 5),
                   notes: [DiagnosticNote("steps are defined here", file: "flows/order.yaml", range: SourceRange(line: 2, column: 1, length: 5))],
                   help: "did you mean `remind`?")
    }

    @Test func textShowsLineCaretNoteAndHelp() {
        let out = DiagnosticRenderer(files: [source.path: source]).render([diagnostic], format: .text)
        let lines = out.split(separator: "\n").map(String.init)
        #expect(lines[0] == "flows/order.yaml:4:11: error[unknown-target]: step `remnd` does not exist")
        #expect(lines[1] == "  4 |     goto: remnd")
        #expect(lines[2] == "    |           ^^^^^")
        #expect(lines[3] == "  note: flows/order.yaml:2:1: steps are defined here")
        #expect(lines[4] == "  2 | steps:")
        #expect(lines[5] == "    | -----")
        #expect(lines[6] == "  help: did you mean `remind`?")
        #expect(!out.contains("\u{1B}["), "no colour unless asked")
    }

    @Test("the caret sits under the column after a flag, a skin tone, a family and a heart emoji (two cells each)")
    func caretAfterEmojiSequences() {
        let text = "a:\n  end: \"🇨🇴 👋🏽 👨\u{200D}👩\u{200D}👧 ❤\u{FE0F} {{x}}\"\n"
        let file = SourceFile(path: "f.yaml", text: text)
        let d = Diagnostic(.error, rule: "unknown-variable", message: "unknown variable `x`", file: "f.yaml",
                           range: SourceRange(line: 2, column: 26, length: 1))
        let lines = DiagnosticRenderer(files: ["f.yaml": file]).render([d], format: .text).split(separator: "\n").map(String.init)
        // `  end: "` is 8 cells, then 2 + 1 + 2 + 1 + 2 + 1 + 2 + 1 + 2 (`{{`) before `x`.
        #expect(lines[2] == "    | " + String(repeating: " ", count: 22) + "^", "\(lines)")
    }

    @Test("a message quoting a line break stays on one line; a very long source line is shown around the mistake")
    func oneLineMessagesAndLongLines() {
        let keyed = Diagnostic(.error, rule: "unknown-key", message: "unknown key `tim\nout`", file: "flows/order.yaml",
                               range: SourceRange(line: 4, column: 5, length: 4))
        let out = DiagnosticRenderer(files: [source.path: source]).render([keyed], format: .text)
        #expect(out.split(separator: "\n").first == "flows/order.yaml:4:5: error[unknown-key]: unknown key `tim\\nout`")
        let long = SourceFile(path: "l.yaml", text: "say: \"" + String(repeating: "x", count: 5000) + " {{nme}} " + String(repeating: "y", count: 5000) + "\"\n")
        let d = Diagnostic(.error, rule: "unknown-variable", message: "unknown variable `nme`", file: "l.yaml",
                           range: SourceRange(line: 1, column: 5010, length: 3))
        let lines = DiagnosticRenderer(files: ["l.yaml": long]).render([d], format: .text).split(separator: "\n").map(String.init)
        #expect(lines[1].count < 230 && lines[1].contains("{{nme}}") && lines[1].contains("…"), "\(lines[1].count)")
        let caret = lines[2].firstIndex(of: "^").map { lines[2].distance(from: lines[2].startIndex, to: $0) }
        let name = lines[1].range(of: "nme").map { lines[1].distance(from: lines[1].startIndex, to: $0.lowerBound) }
        #expect(caret != nil && caret == name, "the caret stays under `nme`")
    }

    @Test func colourOnlyWhenAsked() {
        let out = DiagnosticRenderer(files: [source.path: source], colour: true).render([diagnostic], format: .text)
        #expect(out.contains("\u{1B}[1;31merror\u{1B}[0m"))
    }

    @Test func caretUnderTabsStaysAligned() {
        let tabbed = SourceFile(path: "t.yaml", text: "\tx: {{ y }}\n")
        let d = Diagnostic(.error, rule: "r", message: "m", file: "t.yaml", range: SourceRange(line: 1, column: 8, length: 1))
        let out = DiagnosticRenderer(files: ["t.yaml": tabbed]).render([d], format: .text)
        #expect(out.contains("  | \t      ^\n"))
    }

    @Test("control characters of the source line (ESC sequences, a binary file) are shown as U+FFFD, the caret still under the mistake")
    func controlCharactersNeverReachTheTerminal() {
        let hostile = SourceFile(path: "b.yaml", text: "say: \u{1B}[31mx\u{7}y: zz\n")
        let d = Diagnostic(.error, rule: "r", message: "m", file: "b.yaml", range: SourceRange(line: 1, column: 16, length: 2))
        let out = DiagnosticRenderer(files: ["b.yaml": hostile]).render([d], format: .text)
        #expect(!out.contains("\u{1B}") && !out.contains("\u{7}"), "\(out)")
        #expect(out.contains("  1 | say: \u{FFFD}[31mx\u{FFFD}y: zz\n    |                ^^\n"), "\(out)")
    }

    @Test func caretAfterEmojiSitsUnderTheMistake() {
        // 👋 takes two cells in a terminal; é with a combining accent takes one.
        let line = SourceFile(path: "e.yaml", text: "say: \"👋 e\u{301} {{nme}}\"\n")
        let d = Diagnostic(.error, rule: "r", message: "m", file: "e.yaml", range: SourceRange(line: 1, column: 14, length: 3))
        let out = DiagnosticRenderer(files: ["e.yaml": line]).render([d], format: .text)
        #expect(out.contains("1 | say: \"👋 e\u{301} {{nme}}\"\n    | " + String(repeating: " ", count: 13) + "^^^\n"), "\(out)")
    }

    @Test func jsonIsParseableAndComplete() throws {
        let out = DiagnosticRenderer(files: [:]).render([diagnostic], format: .json)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
        #expect(object["errors"] as? Int == 1)
        #expect(object["warnings"] as? Int == 0)
        let first = try #require((object["diagnostics"] as? [[String: Any]])?.first)
        #expect(first["rule"] as? String == "unknown-target")
        #expect(first["line"] as? Int == 4)
        #expect(first["column"] as? Int == 11)
        #expect(first["endColumn"] as? Int == 16)
        #expect(first["help"] as? String == "did you mean `remind`?")
        #expect((first["notes"] as? [[String: Any]])?.first?["line"] as? Int == 2)
    }

    @Test func githubAnnotationsEscapeProperties() {
        var d = diagnostic
        d.file = "a,b:c.yaml"
        d.message = "50% done\nnext"
        let out = DiagnosticRenderer(files: [:]).render([d], format: .github)
        #expect(out.hasPrefix("::error file=a%2Cb%3Ac.yaml,line=4,col=11,endLine=4,endColumn=16,title=flowc unknown-target::50%25 done%0Anext"))
        #expect(out.hasSuffix("%0Ahelp: did you mean `remind`?\n"))
    }

    @Test func sarifHasRulesResultsAndRegions() throws {
        let warning = Diagnostic(.warning, rule: "unused-variable", message: "unused", file: "a.yaml", range: SourceRange(line: 1, column: 1))
        let out = DiagnosticRenderer(files: [:]).render([diagnostic, warning], format: .sarif)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
        #expect(object["version"] as? String == "2.1.0")
        let run = try #require((object["runs"] as? [[String: Any]])?.first)
        #expect(run["columnKind"] as? String == "unicodeCodePoints")
        let rules = ((run["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]]
        #expect(rules?.compactMap { $0["id"] as? String } == ["unknown-target", "unused-variable"])
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.map { $0["level"] as? String } == ["error", "warning"])
        let region = ((results[0]["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?["region"] as? [String: Any]
        #expect(region?["startLine"] as? Int == 4)
        #expect(region?["startColumn"] as? Int == 11)
    }

    @Test func sarifURIsArePercentEncoded() throws {
        let odd = Diagnostic(.error, rule: "unknown-target", message: "m", file: "mis bots/pedidos#2/ñandú 100%.yaml",
                             range: SourceRange(line: 1, column: 1))
        let out = DiagnosticRenderer(files: [:]).render([odd], format: .sarif)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
        let result = try #require(((object["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]])?.first)
        let location = (result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any]
        let uri = try #require((location?["artifactLocation"] as? [String: Any])?["uri"] as? String)
        #expect(uri == "mis%20bots/pedidos%232/%C3%B1and%C3%BA%20100%25.yaml")
        #expect(URL(string: uri) != nil)
        #expect(uri.removingPercentEncoding == "mis bots/pedidos#2/ñandú 100%.yaml")
    }

    @Test func sarifURIOfAnAbsolutePathIsAFileURI() throws {
        let absolute = Diagnostic(.error, rule: "unknown-target", message: "m", file: "/srv/bots/mi tienda/flows/order.yaml",
                                  range: SourceRange(line: 1, column: 1))
        let out = DiagnosticRenderer(files: [:]).render([absolute], format: .sarif)
        #expect(out.contains(#""uri":"file:///srv/bots/mi%20tienda/flows/order.yaml""#), "\(out)")
        let url = try #require(URL(string: "file:///srv/bots/mi%20tienda/flows/order.yaml"))
        #expect(url.path == "/srv/bots/mi tienda/flows/order.yaml")
    }

    @Test func jsonEscapesControlCharacters() {
        #expect(JSONText.quote("a\"b\\c\n\u{1}") == "\"a\\\"b\\\\c\\n\\u0001\"")
    }
}

struct SuggestionTests {
    @Test func findsTyposIncludingSwaps() {
        #expect(Suggestion.closest(to: "timout", in: ["timeout", "retries"]) == "timeout")
        #expect(Suggestion.closest(to: "retires", in: ["timeout", "retries"]) == "retries")
        #expect(Suggestion.closest(to: "sya", in: ["say", "ask", "menu"]) == "say")
    }

    @Test func doesNotSuggestUnrelatedNames() {
        #expect(Suggestion.closest(to: "colour", in: ["timeout", "retries"]) == nil)
        #expect(Suggestion.closest(to: "x", in: ["say", "ask"]) == nil)
        #expect(Suggestion.didYouMean("qty", in: ["qty"]) == nil, "a name never suggests itself")
    }
}
