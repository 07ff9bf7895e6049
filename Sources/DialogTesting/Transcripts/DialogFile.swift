// DialogFile: reads a dialog file from disk and loads it, keeping its text for diagnostics.

import DialogKit
import Foundation

/// A dialog file read from disk: its text (for source excerpts) and the load result.
public struct DialogFile: Sendable {
    public var path: String
    public var source: String?
    public var result: DialogLoader.Result

    /// Reads and loads `path`. A file that cannot be read is reported as an IN001 diagnostic.
    public static func load(path: String) -> DialogFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot be read" : "does not exist"
            let diagnostic = Diagnostic(.unreadableFile, "the file \(reason)", at: SourceLocation(file: path, line: 0, column: 0))
            return DialogFile(path: path, source: nil, result: DialogLoader.Result(dialog: nil, diagnostics: [diagnostic]))
        }
        let bytes = [UInt8](data)
        let source = String(validating: bytes, as: UTF8.self)
        return DialogFile(path: path, source: source, result: DialogLoader.load(bytes: bytes, file: path))
    }

    /// Every diagnostic of loading and (with `includingLint`) of lint, by position, rendered with source excerpts.
    public func report(includingLint: Bool) -> (text: String, errors: Int, warnings: Int) {
        let diagnostics = includingLint ? result.lintReport : result.diagnostics
        let text = diagnostics.map { $0.rendered(source: source) }.joined(separator: "\n")
        return (text, diagnostics.filter { $0.severity == .error }.count, diagnostics.filter { $0.severity == .warning }.count)
    }
}
