import FlowSyntax
import Testing

struct DateFormatTests {
    @Test("spellings from elsewhere read as Unicode date letters", arguments: [
        ("dd/MM/yyyy", "dd/MM/yyyy"), ("DD/MM/YYYY", "dd/MM/yyyy"), ("DD/MM/AAAA", "dd/MM/yyyy"), ("D/M/YY", "d/M/yy"),
        ("%d/%m/%Y", "dd/MM/yyyy"), ("%e %B %Y", "d MMMM yyyy"), ("dd/mm/yyyy", "dd/MM/yyyy"), ("dd 'de' MMMM", "dd 'de' MMMM"),
        ("yyyy-MM-dd", "yyyy-MM-dd"), ("dd/mm/aaaa", "dd/MM/yyyy"), ("%-d/%-m/%Y", "dd/MM/yyyy"),
    ])
    func normalized(_ written: String, _ expected: String) {
        #expect(DateFormat.normalized(written) == expected)
        #expect(DateFormat.problem(expected) == nil)
    }

    @Test("a pattern that cannot read a date says why")
    func problems() {
        #expect(DateFormat.problem("MM/yyyy") == "it has no day (`dd`)")
        #expect(DateFormat.problem("yyyy") == "it has no day (`dd`)")
        #expect(DateFormat.problem("") == "it has no day (`dd`)")
        #expect(DateFormat.problem("dd/yyyy") == "it has no month (`MM`)")
        #expect(DateFormat.problem("dd/MM/yyyy HH:mm")?.contains("`H` is not a date field") == true)
        #expect(DateFormat.problem(DateFormat.normalized("%d/%m/%Q"))?.contains("`%` starts no date field") == true)
    }
}
