// DialogFile: reads a dialog file from disk and loads it, keeping its text for diagnostics.

import DialogKit
import Foundation

/// A dialog file read from disk: its text (for source excerpts) and the load result.
public struct DialogFile: Sendable {
    public var path: String
    public var source: String?
    public var result: DialogLoader.Result
    /// The text of each file the dialog included, and of each translation, by the path its diagnostics give.
    public var includedSources: [String: String] = [:]
    /// The dialog's translations: each `NAME.LANGUAGE.po` beside `NAME.yaml`, checked against its texts
    /// (empty when the dialog does not load).
    public var translations: [DialogTranslation] = []
    /// What is wrong with the translations' files (names that are no language, files that cannot be read).
    public var translationDiagnostics: [Diagnostic] = []

    /// Reads and loads `path`. A file that cannot be read is reported as an IN001 diagnostic.
    public static func load(path: String) -> DialogFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot be read" : "does not exist"
            let diagnostic = Diagnostic(.unreadableFile, "the file \(reason)", at: SourceLocation(file: path, line: 0, column: 0))
            return DialogFile(path: path, source: nil, result: DialogLoader.Result(dialog: nil, diagnostics: [diagnostic]))
        }
        let bytes = [UInt8](data)
        let source = String(validating: bytes, as: UTF8.self)
        let reader = IncludeReader(dialogPath: path)
        let result = DialogLoader.load(bytes: bytes, file: path, includes: reader.read)
        var file = DialogFile(path: path, source: source, result: result)
        file.includedSources = reader.sources
        if let dialog = result.dialog { file.readTranslations(of: dialog) }
        return file
    }

    /// The PO files beside the dialog named after it (`migraine.es.po` for `migraine.yaml`), by file name.
    public static func translationFiles(of path: String) -> [(path: String, language: String)] {
        let stem = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        // Paths are given as the dialog's is (relative stays relative), as diagnostics name them.
        let folder = (path as NSString).deletingLastPathComponent
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.isEmpty ? "." : folder)) ?? []
        return names.sorted().compactMap { name in
            guard name.hasPrefix(stem + "."), name.hasSuffix(".po") else { return nil }
            let language = String(name.dropFirst(stem.count + 1).dropLast(3))
            guard !language.isEmpty, !language.contains(".") else { return nil }
            return (folder.isEmpty ? name : folder + "/" + name, language)
        }
    }

    /// The translation a person asking for `language` gets: the one of that tag, else one of the same
    /// language (`es` for `es-MX`, or `es-ES` for `es` when it is the only one); nil when there is none.
    public func translation(for language: LanguageTag) -> DialogTranslation? {
        translations.first { $0.language == language }
            ?? translations.first { $0.language.description == language.primary }
            ?? translations.first { $0.language.primary == language.primary }
    }

    /// The languages the dialog can be run in: English, then its translations' languages.
    public var languages: [LanguageTag] { [.english] + translations.map(\.language).filter { $0 != .english } }

    private mutating func readTranslations(of dialog: Dialog) {
        let catalog = TextCatalog(dialog)
        for (file, name) in Self.translationFiles(of: path) {
            let start = SourceLocation(file: file, line: 1, column: 1)
            guard case .success(let language) = LanguageTag.parse(name) else {
                translationDiagnostics.append(Diagnostic(.unreadableTranslation, "`\(name)` in the file name is not a language tag",
                    at: start, notes: ["name a translation after its dialog and a BCP 47 tag: \(URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent).es.po"]))
                continue
            }
            guard let data = FileManager.default.contents(atPath: file) else {
                translationDiagnostics.append(Diagnostic(.unreadableTranslation, "the file cannot be read", at: start))
                continue
            }
            let bytes = [UInt8](data)
            includedSources[file] = String(validating: bytes, as: UTF8.self)
            translations.append(DialogTranslation(catalog: catalog, file: POFile(bytes: bytes, file: file), language: language, fileName: file))
        }
    }

    /// Every diagnostic of loading and (with `includingLint`) of lint, by position, rendered with source excerpts.
    public func report(includingLint: Bool) -> (text: String, errors: Int, warnings: Int) {
        let diagnostics = includingLint
            ? result.lintReport + translationDiagnostics + translations.flatMap { Diagnostic.sortedByPosition($0.diagnostics) }
            : result.diagnostics
        let text = diagnostics.map { $0.rendered(source: $0.location.file == path ? source : includedSources[$0.location.file]) }.joined(separator: "\n")
        return (text, diagnostics.filter { $0.severity == .error }.count, diagnostics.filter { $0.severity == .warning }.count)
    }
}

/// Reads the files a dialog includes, for `DialogLoader` (which reads none itself). A path DialogKit
/// resolved is inside the dialog's folder as written; a symbolic link that leads out of it is refused here.
final class IncludeReader: @unchecked Sendable {
    private let root: URL
    /// The text of each file read, for source excerpts. Written only while the dialog loads, on one thread.
    private(set) var sources: [String: String] = [:]

    init(dialogPath: String) {
        root = URL(fileURLWithPath: dialogPath).deletingLastPathComponent().resolvingSymlinksInPath()
    }

    func read(_ path: String) -> IncludedText {
        let url = URL(fileURLWithPath: path)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { return .missing }
        if isFolder.boolValue { return .unreadable("it is a folder") }
        let real = url.resolvingSymlinksInPath().path
        guard real.hasPrefix(root.path + "/") else { return .unreadable("it is a link that leads outside the dialog's folder") }
        guard let data = FileManager.default.contents(atPath: path) else { return .unreadable("permission denied or a read error") }
        let bytes = [UInt8](data)
        sources[path] = String(validating: bytes, as: UTF8.self)
        return .bytes(bytes)
    }
}
