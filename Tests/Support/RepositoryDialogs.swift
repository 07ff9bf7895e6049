// RepositoryDialogs: the repository's dialog files (Dialogs/*.yaml) loaded for tests, with their diagnostics when they do not load.

import DialogKit
import Foundation

/// Dialogs read from the repository, as the tools read them (bytes, so the content hash is the file's).
public enum RepositoryDialogs {
    /// A dialog that did not load: the file and what the loader said.
    public struct LoadFailure: Error, CustomStringConvertible {
        /// The dialog's path in the repository.
        public var path: String
        /// Why it did not load, as `intake lint` would say.
        public var diagnostics: [Diagnostic]
        public var description: String { "\(path) does not load: \(diagnostics.map(\.description).joined(separator: "\n"))" }
    }

    /// The dialog at `relativePath` (`Dialogs/migraine.yaml`); with `replacing`, its text with one
    /// string replaced first (a changed version of a dialog, for tests of resuming under another text).
    public static func load(_ relativePath: String, replacing: (String, String)? = nil) throws -> Dialog {
        var bytes = [UInt8](try Data(contentsOf: Repository.root.appendingPathComponent(relativePath)))
        if let (old, new) = replacing {
            bytes = Array(String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: old, with: new).utf8)
        }
        // Blocks a dialog includes are read beside it in the repository, as `DialogFile` reads them for the tools.
        let result = DialogLoader.load(bytes: bytes, file: relativePath) { path in
            (try? Data(contentsOf: Repository.root.appendingPathComponent(path))).map { .bytes([UInt8]($0)) } ?? .missing
        }
        guard let dialog = result.dialog else { throw LoadFailure(path: relativePath, diagnostics: result.diagnostics) }
        return dialog
    }

    /// The dialog at `relativePath` run in its translation beside it (`clinic.yaml` in `es` reads `clinic.es.po`).
    public static func load(_ relativePath: String, in language: String) throws -> Dialog {
        let english = try load(relativePath)
        let poPath = String(relativePath.dropLast(".yaml".count)) + ".\(language).po"
        let bytes = [UInt8](try Data(contentsOf: Repository.root.appendingPathComponent(poPath)))
        let tag = try LanguageTag.parse(language).get()
        let file = POFile(bytes: bytes, file: poPath)
        return english.translated(DialogTranslation(catalog: TextCatalog(english), file: file, language: tag, fileName: poPath))
    }

    /// `Dialogs/<name>.yaml`, for the suites that share one dialog in a global: a test cannot go on without it.
    public static func named(_ name: String) -> Dialog {
        do {
            return try load("Dialogs/\(name).yaml")
        } catch {
            fatalError("\(error)")
        }
    }
}
