import FlowSyntax
import Testing
@testable import FlowVM

@Suite("time zones")
struct TimeZoneTests {
    @Test("check accepts exactly the zones the runtime knows the offset of")
    func sameZones() {
        #expect(Set(TimeZones.zones.keys) == TimeZoneNames.known)
    }
}
