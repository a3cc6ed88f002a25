import Testing
@testable import FlowChecker

@Suite("regex-backtracking")
struct RegexBacktrackingTests {
    @Test("a repeated group whose body can split a run is found", arguments: [
        ("^(a+)+$", "(a+)+"), ("^([A-Za-z]+ ?)+$", "([A-Za-z]+ ?)+"), (#"(\w+\s?)*"#, #"(\w+\s?)*"#), ("(a*)*", "(a*)*"),
        (#"^(?:\s*\w+)+$"#, #"(?:\s*\w+)+"#), (#"^(\d+,?){2,}$"#, #"(\d+,?){2,}"#), (#"^(?<n>\p{L}+ ?)+$"#, #"(?<n>\p{L}+ ?)+"#),
        (#"x((a+)+)y"#, "(a+)+"), ("(a+)+?", "(a+)+?"), (#"^(?P<w>\w+\s?)+$"#, #"(?P<w>\w+\s?)+"#),
        (#"^(?'w'\w+\s?)+$"#, #"(?'w'\w+\s?)+"#),
        // Two runs of the same characters, a run of anything before more, repeated many times.
        ("^(x+x+)+$", "(x+x+)+"), ("^(.*a){12}$", "(.*a){12}"), (#"^(\w+\w*,)+$"#, #"(\w+\w*,)+"#), ("^(.*,)+$", "(.*,)+"),
        // Alternatives that take the same run, and a wide bounded repetition inside a repeated group.
        (#"^(\d|\d\d)+$"#, #"(\d|\d\d)+"#), ("^(a|a)*$", "(a|a)*"), ("^(a|a+)+$", "(a|a+)+"), ("^(a{1,1000}){1,1000}$", "(a{1,1000}){1,1000}"), (#"(?s)^(.|\n)+x$"#, #"(.|\n)+"#),
    ])
    func found(pattern: String, group: String) {
        #expect(RegexBacktracking.nestedRepetition(pattern) == group, "\(pattern)")
    }

    @Test("patterns that match in one way are not", arguments: [
        "^[0-9]{4}$", "^([a-z]+ )+$", "^(ab+)+$", #"^\w+(\s\w+)*$"#, "^(a+){1,3}$", "^(a++)+$", #"^(\d+\s+)+$"#, #"^[(a+)+]$"#,
        #"^\(a+\)+$"#, "^(?i)(hola|buenas)+$", #"^(?>\w+\s?)+$"#, #"^((?>a+) ?)+$"#, #"\Q(b+)+\E"#, #"^(\d{3}-)+\d{4}$"#, #"^(?<qty>\d+) (?<item>\w+)$"#, "(a|b)+",
        "^(.*a){3}$", #"^(\d+\s+\d+)+$"#, "^(.*)$", #"^(.+\n)+x$"#, #"^(.*\n)*.*$"#, "^(a|ab)+$", #"^(\d|-)+$"#, "^(a{1,3}){2}$", #"^(.|\n)+$"#, #"^(?:.|\n){1,500}$"#,
    ])
    func notFound(pattern: String) {
        #expect(RegexBacktracking.nestedRepetition(pattern) == nil, "\(pattern)")
    }

    @Test("a flag group turning on `s` is seen in every spelling", arguments: [
        ("(?s)x", true), ("(?is:x)", true), ("(?s-i)x", true), ("a(?ms)b", true), ("(?i)x", false), ("(?-s)x", false),
        ("(?<s>x)", false), ("\\(?s)", true), ("s", false), ("(?S)x", false),
    ])
    func dotAll(pattern: String, sets: Bool) {
        #expect(RegexBacktracking.setsDotAll(pattern) == sets, "\(pattern)")
    }
}
