import FlowDiagnostics
import FlowSyntax

/// YAML files a bot folder holds but never reads (`file-not-read`).
extension ProjectLoader {
    /// A flow the bot never reads is a trigger that never fires, in silence: a YAML file in a
    /// subfolder of `flows/`, a flow or test file beside bot.yaml, and a test file in a subfolder of
    /// `tests/` or named without `.test`, are reported at their first line. (Other YAML beside bot.yaml, such as a compose file, is someone else's.)
    func reportUnreadFiles(directory: String, flowsDir: String) {
        let at = SourceRange(line: 1, column: 1)
        // Where the file would be read; when a file is there already, this one is likely an old copy.
        func moveHelp(_ name: String, isTest: Bool, keep: String) -> String {
            let folder = isTest ? "tests" : "flows"
            guard FileSystem.kind(FileSystem.join(FileSystem.join(directory, folder), name)) != .missing else { return "move it to \(folder)/\(name)" }
            return "\(folder)/\(name) exists: if this is an old copy, keep it \(keep) (or delete it); "
                + (isTest ? "tests to run need their own file in tests/" : "a flow to run needs its own file in flows/")
        }
        for name in FileSystem.list(directory).sorted() where isYAML(name) && !name.hasPrefix(".") && !isDaemonConfig(name)
            && !["bot.yaml", "bot.yml"].contains(name) {
            let path = FileSystem.join(directory, name)
            guard FileSystem.kind(path) == .file else { continue }
            let isTest = FileSystem.isTestFile(name)
            guard isTest || Self.looksLikeFlow(path) else { continue }
            sink.warning("file-not-read", "flowc does not read this file: a bot's flows are the YAML files in `flows/`, its tests in `tests/`",
                         file: path, range: at, help: moveHelp(name, isTest: isTest, keep: "in a folder of its own"))
        }
        func walk(_ folder: String, depth: Int) {
            guard depth < 4 else { return }
            for name in FileSystem.list(folder).sorted() where !name.hasPrefix(".") {
                let path = FileSystem.join(folder, name)
                switch FileSystem.kind(path) {
                case .directory: walk(path, depth: depth + 1)
                case .file where isYAML(name):
                    let isTest = FileSystem.isTestFile(name)
                    sink.warning("file-not-read", "flowc does not read this file: a bot's flows are the YAML files right in `flows/`, not in its subfolders",
                                 file: path, range: at, help: moveHelp(name, isTest: isTest, keep: "outside flows/"))
                default: break
                }
            }
        }
        for name in FileSystem.list(flowsDir).sorted() where !name.hasPrefix(".") {
            let path = FileSystem.join(flowsDir, name)
            if FileSystem.kind(path) == .directory { walk(path, depth: 1) }
        }
        // A test file `flowc test` never runs passes in silence: tests are the `NAME.test.yaml` files
        // right in tests/, so one named otherwise (`tests/cobros.yaml`) or in a subfolder is reported.
        // (Other YAML there, such as a `--mock` file, holds no `tests:` and is left alone.)
        func asTestFile(_ name: String) -> String {
            guard !FileSystem.isTestFile(name), let dot = name.lastIndex(of: ".") else { return name }
            return String(name[..<dot]) + ".test" + String(name[dot...])
        }
        func walkTests(_ folder: String, depth: Int) {
            guard depth < 4 else { return }
            for name in FileSystem.list(folder).sorted() where !name.hasPrefix(".") {
                let path = FileSystem.join(folder, name)
                switch FileSystem.kind(path) {
                case .directory: walkTests(path, depth: depth + 1)
                case .file where FileSystem.isTestFile(name) || isYAML(name) && Self.holdsTests(path):
                    sink.warning("file-not-read", "flowc does not read this file: a bot's tests are the `.test.yaml` files right in `tests/`, not in its subfolders",
                                 file: path, range: at, help: moveHelp(asTestFile(name), isTest: true, keep: "outside tests/"))
                default: break
                }
            }
        }
        let testsDir = FileSystem.join(directory, "tests")
        for name in FileSystem.list(testsDir).sorted() where !name.hasPrefix(".") {
            let path = FileSystem.join(testsDir, name)
            switch FileSystem.kind(path) {
            case .directory: walkTests(path, depth: 1)
            case .file where isYAML(name) && !FileSystem.isTestFile(name) && Self.holdsTests(path):
                sink.warning("file-not-read", "flowc does not read this file: a bot's tests are the files named `NAME.test.yaml` in `tests/`",
                             file: path, range: at, help: FileSystem.kind(FileSystem.join(testsDir, asTestFile(name))) == .missing
                                 ? "rename it to tests/\(asTestFile(name))" : moveHelp(asTestFile(name), isTest: true, keep: "outside tests/"))
            default: break
            }
        }
    }

    /// Whether a file holds tests: a line `tests:` at its left edge (read as text, as ``looksLikeFlow(_:)`` reads).
    static func holdsTests(_ path: String) -> Bool {
        guard let bytes = try? FileSystem.read(path, limit: YAMLReader.maxFileSize) else { return false }
        let text = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        return text.split(separator: UInt8(ascii: "\n")).contains { $0.starts(with: Array("tests:".utf8)) }
    }

    /// Whether a file reads as a flow or a test file: a line `flow:`, `steps:` or `tests:` at its
    /// left edge (read as text, so a file too broken for YAML still counts).
    static func looksLikeFlow(_ path: String) -> Bool {
        guard let bytes = try? FileSystem.read(path, limit: YAMLReader.maxFileSize) else { return false }
        let text = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        return text.split(separator: UInt8(ascii: "\n")).contains { line in
            ["flow:", "steps:", "tests:"].contains { line.starts(with: Array($0.utf8)) }
        }
    }
}
