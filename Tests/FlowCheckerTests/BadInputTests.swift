#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import FlowChecker
import FlowDiagnostics
import Testing

/// Inputs that cannot hold in-file markers (binary, empty, invalid UTF-8, huge, hostile YAML,
/// CRLF line endings): each test writes the bytes into a fresh temporary directory and checks
/// the rule id and line:col that `flowc check` reports.
struct BadInputTests {
    struct IOError: Error, CustomStringConvertible {
        var description: String
    }

    /// A fresh directory `/tmp/flowc-tests-XXXXXX`, removed (with the files written into it) by `remove()`.
    final class TempDir {
        let path: String
        private var files: [String] = []
        private var dirs: [String] = []

        init() throws {
            var template = Array("/tmp/flowc-tests-XXXXXX".utf8CString)
            let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) != nil }
            guard made else { throw IOError(description: "mkdtemp failed: errno \(errno)") }
            path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        }

        deinit {
            for file in files.reversed() { unlink(file) }
            for dir in dirs.reversed() { rmdir(dir) }
            rmdir(path)
        }

        /// Creates `name` (a folder inside the directory) and returns its path.
        func folder(_ name: String) throws -> String {
            let full = path + "/" + name
            guard mkdir(full, 0o755) == 0 else { throw IOError(description: "mkdir \(full): errno \(errno)") }
            dirs.append(full)
            return full
        }

        /// Writes `chunk` `times` times into `name` and returns the file's path.
        @discardableResult
        func write(_ name: String, _ chunk: [UInt8], times: Int = 1) throws -> String {
            let full = path + "/" + name
            let fd = open(full, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            guard fd >= 0 else { throw IOError(description: "open \(full): errno \(errno)") }
            defer { close(fd) }
            files.append(full)
            for _ in 0..<times {
                var offset = 0
                while offset < chunk.count {
                    let n = chunk.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, chunk.count - offset) }
                    guard n > 0 else { throw IOError(description: "write \(full): errno \(errno)") }
                    offset += n
                }
            }
            return full
        }

        @discardableResult
        func write(_ name: String, _ text: String) throws -> String {
            try write(name, Array(text.utf8))
        }
    }

    /// `rule@line:col` of every diagnostic, for readable comparisons.
    static func positions(_ report: CheckReport) -> [String] {
        report.diagnostics.map { "\($0.rule)@\($0.range.start.line):\($0.range.start.column)" }
    }

    @Test func hintsFitWhereTheMistakeIs() throws {
        let dir = try TempDir()
        let file = try dir.write("h.yaml", """
            flow: h
            steps:
              a: {set: {"precio-final": 2}}
              b: {say: "{{qty * }}"}
              c:
                ask: "¿Cuántas?"
                expect: number
                retries: 99999999999999999999999
              d:
                email: {to: a@b.com, subject: s, body: b, on_error: e}
              e: {end: "x"}

            """)
        let report = try CheckRun.check(paths: [file])
        let help = Dictionary(report.diagnostics.map { ($0.rule, $0.help ?? "") }) { a, _ in a }
        #expect(Self.positions(report) == ["invalid-id@3:13", "expr-syntax@4:19", "wrong-type@8:14", "unknown-key@10:47"])
        #expect(help["invalid-id"] == "write `precio_final`")
        #expect(help["expr-syntax"] == "a `{{ }}` hole holds one expression, e.g. `{{qty * 2}}` or `{{contact.name}}`")
        #expect(report.diagnostics.contains { $0.message == "`retries` is far too large: `99999999999999999999999`" })
        #expect(help["unknown-key"] == "`on_error` belongs to the step (next to `email:`, not inside it)")
    }

    // MARK: binary files

    @Test func pngSavedAsFlowIsBinary() throws {
        let dir = try TempDir()
        // A PNG header: the first NUL is the 9th byte, after two line feeds.
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52]
        let file = try dir.write("menu.yaml", png)
        let report = try CheckRun.check(paths: [file])
        #expect(Self.positions(report) == ["binary-file@3:1"])
        #expect(report.diagnostics.first?.file == file)
    }

    @Test func nulByteInTextIsBinary() throws {
        let dir = try TempDir()
        let file = try dir.write("hello.yaml", "flow: hello\nsteps:\n  hi: {say: \"Hola\u{0}\"}\n")
        let report = try CheckRun.check(paths: [file])
        #expect(Self.positions(report) == ["binary-file@3:18"])
    }

    @Test func pathGivenTwiceIsCheckedOnce() throws {
        let dir = try TempDir()
        let file = try dir.write("hello.yaml", "flow: hello\nsteps:\n  hi: {goto: nowhere}\n")
        let report = try CheckRun.check(paths: [file, file])
        #expect(report.fileCount == 1)
        #expect(Self.positions(report) == ["unknown-target@3:14"])
    }

    // MARK: empty files

    @Test func emptyFlowFile() throws {
        let dir = try TempDir()
        let file = try dir.write("empty.yaml", [])
        let report = try CheckRun.check(paths: [file])
        #expect(Self.positions(report) == ["empty-file@1:1"])
    }

    @Test func flowFileWithOnlyComments() throws {
        let dir = try TempDir()
        let file = try dir.write("draft.yaml", "# TODO: write the order flow\n\n   \n# (nothing yet)\n")
        let report = try CheckRun.check(paths: [file])
        #expect(Self.positions(report) == ["empty-file@1:1"])
    }

    @Test func emptyFilesInABot() throws {
        let dir = try TempDir()
        let bot = try dir.folder("shop")
        _ = try dir.folder("shop/flows")
        _ = try dir.folder("shop/tests")
        try dir.write("shop/bot.yaml", "bot: shop\nstart: main\n")
        try dir.write("shop/flows/main.yaml", "flow: main\nsteps:\n  hi:\n    end: \"¡Hola!\"\n")
        let emptyFlow = try dir.write("shop/flows/old.yaml", [])
        let emptyTest = try dir.write("shop/tests/main.test.yaml", [])
        let report = try CheckRun.check(paths: [bot])
        let found = report.diagnostics.map { "\($0.file)|\($0.rule)@\($0.range.start.line):\($0.range.start.column)" }
        #expect(found.sorted() == ["\(emptyFlow)|empty-file@1:1", "\(emptyTest)|empty-file@1:1"].sorted())
    }

    // MARK: invalid UTF-8

    @Test func invalidUTF8ByteInAMessage() throws {
        let dir = try TempDir()
        // "mañana" with a broken two-byte sequence: 0xC3 followed by `(`.
        var bytes = Array("flow: hello\nsteps:\n  hi:\n    say: \"Hola ma".utf8)
        bytes += [0xC3, 0x28]
        bytes += Array("ana\"\n".utf8)
        let file = try dir.write("hello.yaml", bytes)
        let report = try CheckRun.check(paths: [file])
        #expect(Self.positions(report) == ["invalid-utf8@4:18"])
    }

    @Test func invalidUTF8ColumnCountsCharactersNotBytes() throws {
        let dir = try TempDir()
        // `¿` and `é` take two bytes each; the column counts characters.
        var bytes = Array("flow: hello\ndescription: \"¿Qué tal? ".utf8)
        bytes += [0xFF]
        bytes += Array("\"\nsteps:\n  hi: {end: Chau}\n".utf8)
        let file = try dir.write("hello.yaml", bytes)
        let report = try CheckRun.check(paths: [file])
        #expect(Self.positions(report) == ["invalid-utf8@2:25"])
    }

    @Test func latin1FileIsInvalidUTF8() throws {
        let dir = try TempDir()
        // "Mañana" saved as Latin-1: ñ is the single byte 0xF1.
        var bytes = Array("flow: hello\nsteps:\n  hi:\n    end: \"Hasta ma".utf8)
        bytes += [0xF1]
        bytes += Array("ana\"\n".utf8)
        let file = try dir.write("hello.yaml", bytes)
        let report = try CheckRun.check(paths: [file])
        #expect(Self.positions(report) == ["invalid-utf8@4:19"])
    }

    // MARK: size and hostile YAML

    @Test func hundredMegabyteFileIsTooLargeAndQuick() throws {
        let dir = try TempDir()
        var chunk: [UInt8] = []
        let line = Array("  - say: \"Una línea de relleno para un archivo gigante\"\n".utf8)
        while chunk.count + line.count <= 1 << 20 { chunk += line }
        while chunk.count < 1 << 20 { chunk.append(0x0A) }
        let file = try dir.write("huge.yaml", chunk, times: 100)
        var report: CheckReport?
        let elapsed = try ContinuousClock().measure { report = try CheckRun.check(paths: [file]) }
        #expect(report.map(Self.positions) == ["file-too-large@1:1"])
        // The size alone decides: nothing of the file needs to be read, let alone decoded.
        // Known issue: FileSystem.read allocates the whole size (as spaces) and the reader decodes
        // and splits it into lines before looking at the size, which takes seconds.
        #expect(elapsed < .seconds(20), "checking a 100 MB file took \(elapsed) (a guard against reading it all, not a speed figure)")
    }

    @Test func tenThousandDeepNestingIsTooDeep() throws {
        let dir = try TempDir()
        // Four mappings (root, steps, the step, set), then sequences: the 129th collection is
        // the 125th `[`, at column 10 + 124.
        let text = "flow: deep\nsteps:\n  s:\n    set:\n      v: " + String(repeating: "[", count: 10_000)
            + String(repeating: "]", count: 10_000) + "\n  done:\n    end: \"{{v}}\"\n"
        let file = try dir.write("deep.yaml", text)
        let report = try CheckRun.check(paths: [file])
        #expect(Self.positions(report) == ["yaml-too-deep@5:134"])
    }

    @Test func billionLaughsIsStopped() throws {
        let dir = try TempDir()
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"]
        var text = "flow: bomb\nsteps:\n  s:\n    set:\n"
        text += "      a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for k in 1..<names.count {
            let refs = Array(repeating: "*\(names[k - 1])", count: 9).joined(separator: ", ")
            text += "      \(names[k]): &\(names[k]) [\(refs)]\n"
        }
        text += "  done:\n    end: \"{{len(i)}}\"\n"
        let file = try dir.write("bomb.yaml", text)
        var report: CheckReport?
        let elapsed = try ContinuousClock().measure { report = try CheckRun.check(paths: [file]) }
        // A guard against a hang (a bomb expanded would take hours), not a speed figure: generous,
        // so a loaded CI machine does not fail it (it takes under a second on an idle one).
        #expect(elapsed < .seconds(20), "checking an alias bomb took \(elapsed)")
        let errors = report?.diagnostics.filter { $0.severity == .error } ?? []
        // Node weights: a = 10, b = 91, c = 820, d = 7,381, e = 66,430. The aliases of b…e use
        // 74,718 of the 100,000 budget; the first `*e` of `f` (line 10, column 14) goes over.
        #expect(errors.map { "\($0.rule)@\($0.range.start.line):\($0.range.start.column)" } == ["yaml-alias-limit@10:14"])
    }

    // MARK: tabs

    @Test func tabIndentation() throws {
        let dir = try TempDir()
        let file = try dir.write("hello.yaml", "flow: hello\nsteps:\n\thi:\n\t\tsay: Hola\n")
        let report = try CheckRun.check(paths: [file])
        #expect(Self.positions(report) == ["yaml-syntax@3:1"])
        #expect(report.diagnostics.first?.message.contains("tab") == true)
    }

    @Test func tabAfterSpacesInIndentation() throws {
        let dir = try TempDir()
        let file = try dir.write("hello.yaml", "flow: hello\nsteps:\n  hi:\n  \tsay: Hola\n")
        let report = try CheckRun.check(paths: [file])
        #expect(Self.positions(report) == ["yaml-syntax@4:3"])
        #expect(report.diagnostics.first?.message.contains("tab") == true)
    }

    @Test func tabInsideAQuotedStringIsFine() throws {
        let dir = try TempDir()
        let file = try dir.write("hello.yaml", "flow: hello\nsteps:\n  hi:\n    end: \"Hola\tmundo\"\n")
        let report = try CheckRun.check(paths: [file], strict: true)
        #expect(Self.positions(report) == [])
    }

    // MARK: byte order mark

    /// Editors on Windows save UTF-8 with a byte order mark; it is not content and takes no column.
    @Test func utf8BOMValidFlowChecksClean() throws {
        let dir = try TempDir()
        let file = try dir.write("hello.yaml", [0xEF, 0xBB, 0xBF] + Array("flow: hello\nsteps:\n  hi:\n    end: \"¡Hola!\"\n".utf8))
        let report = try CheckRun.check(paths: [file], strict: true)
        // Known issue: the BOM is read as text, so the root mapping breaks ("did not find expected
        // <document start>" at 2:1, and "a flow file needs `steps`" at 1:2).
        #expect(Self.positions(report) == [])
    }

    @Test func utf8BOMDoesNotShiftColumns() throws {
        let dir = try TempDir()
        let file = try dir.write("hello.yaml", [0xEF, 0xBB, 0xBF] + Array("flw: hello\nsteps:\n  hi:\n    end: \"¡Hola!\"\n".utf8))
        let report = try CheckRun.check(paths: [file])
        #expect(Self.positions(report) == ["unknown-key@1:1"])
    }

    /// A file with old Mac line endings (a lone CR): a character YAML refuses is on its own line,
    /// as the source line shown and every other diagnostic count lines.
    @Test func loneCRLineEndingsKeepABadCharacterOnItsLine() throws {
        let dir = try TempDir()
        let file = try dir.write("cr.yaml", "flow: main\rsteps:\r  a:\r    say: \"x\u{01}y\"\r")
        #expect(Self.positions(try CheckRun.check(paths: [file])) == ["yaml-syntax@4:12"])
    }

    /// A block's leading blank line with invisible spaces, more than its text's: libyaml takes them
    /// for the block's indentation. The error is on that line, not "bad indentation" at the text.
    @Test func blankLineWithSpacesBeforeABlockTextIsNamed() throws {
        let dir = try TempDir()
        let file = try dir.write("b.yaml", "flow: main\nsteps:\n  a:\n    say: |\n\n        \n      Hola\n    goto: b\n  b:\n    end: chau\n")
        let report = try CheckRun.check(paths: [file])
        #expect(report.diagnostics.map { "\($0.rule)@\($0.range)" } == ["yaml-syntax@6:1-6:9"])
        #expect(report.diagnostics.first?.message.hasPrefix("line 6 looks blank but holds 8 spaces") == true)
        // With an indentation indicator the spaces are text, and the flow is valid.
        let indicated = try dir.write("c.yaml", "flow: main\nsteps:\n  a:\n    say: |2\n        \n      Hola\n")
        #expect(Self.positions(try CheckRun.check(paths: [indicated])) == [])
    }

    /// A YAML syntax error covers the character its caret is under (the `[` never closed, a tab), so
    /// `--format json` and `sarif` show what the text output underlines; at the end of a file, nothing.
    @Test func yamlSyntaxErrorsCoverTheirCharacter() throws {
        let dir = try TempDir()
        let bracket = try dir.write("a.yaml", "flow: main\nsteps:\n  a:\n    say: [a, b\n  b:\n    end: x\n")
        let tab = try dir.write("b.yaml", "flow: main\nsteps:\n  a:\n\tsay: hola\n")
        let report = try CheckRun.check(paths: [bracket, tab])
        #expect(report.diagnostics.map { "\($0.rule)@\($0.range)" } == ["yaml-syntax@4:10-4:11", "yaml-syntax@4:1-4:2"])
    }

    /// A target written with a decomposed accent (`pago` + U+0301, as some keyboards type it): its
    /// span counts characters as columns do, so it ends after the name, not one short.
    @Test func targetWithACombiningAccentSpansItsName() throws {
        let dir = try TempDir()
        let file = try dir.write("t.yaml", "flow: main\nsteps:\n  a:\n    say: hola\n    goto: \"pago\u{301}.fin\"\n  fin:\n    end: x\n")
        let report = try CheckRun.check(paths: [file])
        #expect(report.diagnostics.map { "\($0.rule)@\($0.range)" } == ["unknown-target@5:12-5:17"])
    }

    // MARK: CRLF line endings

    static let validFlow = """
        # A valid flow, to be checked with CRLF line endings.
        flow: order
        vars:
          qty: {type: number, min: 1, max: 20, integer: true}
        steps:
          ask_qty:
            ask: >
              ¿Cuántas unidades
              querés?
            save: qty
            invalid: "Un número
              entre 1 y 20"
          check:
            branch:
              - if: qty > 10
                goto: bulk
              - else: done
          bulk:
            say: |
              Precio mayorista:
              {{money(qty * 4500, "ARS")}}
          done:
            end: "Anotado: {{qty}} unidades."

        """

    static let invalidFlow = """
        # Mistakes at known places, in plain, quoted, multi-line and block scalars.
        flow: order
        vars:
          qty: {type: number, min: 1, max: 20, integer: true}
        steps:
          ask_qty:
            ask: "¿Cuántas
              unidades?"
            save: qty
            timout: 15m
          check:
            branch:
              - if: qty > 10 && qty < 20
                goto: bulk
              - else: done
          bulk:
            say: |
              Precio mayorista:
              {{mony(qty * 4500, "ARS")}}
          done:
            end: >
              Anotado: {{qtty}}
              unidades, {{contact.nombre}}.

        """

    @Test func crlfValidFlowChecksClean() throws {
        let dir = try TempDir()
        let lf = try dir.write("lf.yaml", Self.validFlow)
        let crlf = try dir.write("crlf.yaml", Self.validFlow.replacing("\n", with: "\r\n"))
        #expect(Self.positions(try CheckRun.check(paths: [lf], strict: true)) == [])
        #expect(Self.positions(try CheckRun.check(paths: [crlf], strict: true)) == [])
    }

    @Test func crlfReportsTheSamePositionsAsLF() throws {
        let dir = try TempDir()
        let lf = try dir.write("lf.yaml", Self.invalidFlow)
        let crlf = try dir.write("crlf.yaml", Self.invalidFlow.replacing("\n", with: "\r\n"))
        let expected = [
            "unknown-key@10:5", "expr-syntax@13:22", "unknown-function@19:9",
            "unknown-variable@22:18", "unknown-field@23:27",
        ]
        #expect(Self.positions(try CheckRun.check(paths: [lf])) == expected)
        #expect(Self.positions(try CheckRun.check(paths: [crlf])) == expected)
    }

    @Test("a pipe (`--mock <(…)`) is read to its end, past the first piece")
    func pipeIsReadToItsEnd() throws {
        // A pipe made roomy enough to hold it all, filled and closed before it is read: no thread waits.
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        defer { close(fds[0]) }
        #expect(fcntl(fds[1], 1031 /* F_SETPIPE_SZ */, 1 << 18) >= 1 << 18)
        let text = String(repeating: "- match: {method: GET, url: \"https://a.test/x\"}\n", count: 3_000)
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let n = bytes.withUnsafeBytes { Glibc.write(fds[1], $0.baseAddress, $0.count) }
            guard n > 0 else { break }
            bytes = bytes.dropFirst(n)
        }
        close(fds[1])
        #expect(bytes.isEmpty)
        let read = try FileSystem.read("/proc/self/fd/\(fds[0])", limit: 1 << 20)
        #expect(read.count == text.utf8.count)
        // Past the limit, one byte more than it: enough to say the input is too large.
        #expect(try FileSystem.read("/dev/zero", limit: 100_000).count == 100_001)
    }
}
