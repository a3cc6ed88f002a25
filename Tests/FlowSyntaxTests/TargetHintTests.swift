import Testing
@testable import FlowSyntax

/// The fix an `invalid-target` error offers for targets written another way.
struct TargetHintTests {
    @Test("paths, colons, arrows and file names are read as the target they mean", arguments: [
        ("support/agent", "support.agent"), ("support:agent", "support.agent"), ("support -> agent", "support.agent"),
        ("support#agent", "support.agent"), ("flows/support.yaml", "support"), ("flows/support.yml", "support"),
        ("support/", "support"), ("\u{201C}bye\u{201D}", "bye"), ("\u{2018}support.agent\u{2019}", "support.agent"),
        ("\u{00AB}fin\u{00BB}", "fin"),
    ])
    func fixes(_ c: (written: String, meant: String)) {
        #expect(NodeDecoder.targetFix(c.written) == c.meant)
    }

    @Test("nothing is offered when no target is meant, or the text already is one", arguments: ["a.b.c", "support.agent", "¿qué?", ""])
    func noFix(_ written: String) {
        #expect(NodeDecoder.targetFix(written) == nil)
    }
}
