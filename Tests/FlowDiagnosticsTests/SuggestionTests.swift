import FlowDiagnostics
import Testing

struct SuggestionFoldingTests {
    @Test("did you mean: typos, case, hyphens and singulars", arguments: [
        ("timeot", ["timeout", "retries"], "timeout"),
        ("Bye", ["bye", "hi"], "bye"),
        ("ask-name", ["ask_name", "ask_age"], "ask_name"),
        ("retry", ["retries", "invalid", "on_fail"], "retries"),
        ("option", ["options", "save"], "options"),
        ("Support", ["support", "main"], "support"),
    ])
    func suggests(_ c: (name: String, candidates: [String], expected: String)) {
        #expect(Suggestion.closest(to: c.name, in: c.candidates) == c.expected)
    }

    @Test("no suggestion for a name unlike every candidate")
    func nothingClose() {
        #expect(Suggestion.closest(to: "nowhere", in: ["ask_name", "bye", "hi"]) == nil)
        #expect(Suggestion.closest(to: "bye", in: ["bye"]) == nil, "the name itself is no suggestion")
    }
}
