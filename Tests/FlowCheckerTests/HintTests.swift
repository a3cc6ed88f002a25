import FlowChecker
import FlowDiagnostics
import Testing

/// The `help:` a mistake gets fits it: what was meant, in the words of the field it is in.
struct HintTests {
    /// `rule@line:col` → help, for every diagnostic of checking `text` as a lone flow.
    static func hints(_ text: String, file: String = "main.yaml") throws -> [String: String] {
        let dir = try BadInputTests.TempDir()
        let path = try dir.write(file, text)
        let report = try CheckRun.check(paths: [path])
        return Dictionary(report.diagnostics.map { ("\($0.rule)@\($0.range.start.line):\($0.range.start.column)", $0.help ?? "") }) { a, _ in a }
    }

    @Test func stepKindNamedByMeaning() throws {
        let hints = try Self.hints("""
            flow: main
            steps:
              a: {message: "Hola"}
              b: {send: "¿Todo bien?"}
              c: {text: "Te cuento"}
              d: {reply: "Dale"}
              e: {question: "¿Nombre?", save: name}
              f: {prompt: "¿Talle?", options: {s: Chico, m: Mediano}}
              g: {next: fin}
              h: {mensaje: "Hola", save: apodo}
              fin: {end: "Chau {{name}} {{apodo}}"}

            """)
        #expect(hints == [
            "unknown-key@3:7": "did you mean `say`?",
            "unknown-key@4:7": "did you mean `say`?",
            "unknown-key@5:7": "did you mean `say`?",
            "unknown-key@6:7": "did you mean `say`?",
            "unknown-key@7:7": "did you mean `ask`?",
            "unknown-key@8:7": "did you mean `menu`? (a step with `options` is a menu)",
            "unknown-key@9:7": "did you mean `goto`?",
            "unknown-key@10:7": "did you mean `ask`? (a step that saves the answer asks)",
        ])
    }
}
