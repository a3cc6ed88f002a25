import FlowDiagnostics

/// A YAML file read into a syntax tree.
public struct YAMLDocument: Sendable {
    /// The file's text, for quoting in diagnostics and mapping scalar columns.
    public let source: SourceFile
    /// The single document's root, or nil when the file is empty or could not be parsed.
    public let root: YAMLNode?
    /// True when reading stopped on a problem that leaves the tree incomplete.
    public let isIncomplete: Bool
    /// True when a repeated `goto`/`on_*` key was dropped (reported): a step only the dropped
    /// target reaches is not a second mistake.
    public var droppedTargetKey = false
    /// The words of the values of repeated keys that were dropped (reported): a variable only such
    /// a value reads is not also "unused".
    public var droppedWords: Set<String> = []

    /// Creates a document.
    public init(source: SourceFile, root: YAMLNode?, isIncomplete: Bool) {
        self.source = source
        self.root = root
        self.isIncomplete = isIncomplete
    }
}
