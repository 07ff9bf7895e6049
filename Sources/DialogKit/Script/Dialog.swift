// Dialog: a compiled dialog, shared and immutable. STUB: fields land with the loader.

/// A dialog compiled from its YAML file: shared by every session that runs it.
public final class Dialog: Sendable {
    public let id: String
    public let version: String
    public let title: String
    public let intro: String

    init(id: String, version: String, title: String, intro: String) {
        self.id = id
        self.version = version
        self.title = title
        self.intro = intro
    }
}

/// Loads dialogs from their text. Pure: reading the file is the caller's job.
public enum DialogLoader {
    /// The result of loading: the dialog when there were no errors, and every diagnostic found.
    public struct Result: Sendable {
        public var dialog: Dialog?
        public var diagnostics: [Diagnostic]
    }

    /// Loads a dialog from the bytes of its file; `file` is the name diagnostics give.
    public static func load(bytes: [UInt8], file: String) -> Result { fatalError("loader not landed yet") }

    /// Loads a dialog from text.
    public static func load(source: String, file: String) -> Result { load(bytes: Array(source.utf8), file: file) }
}
