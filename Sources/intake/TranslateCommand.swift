// TranslateCommand: `intake translate extract` and `import`: a dialog's texts as a PO file for translators, and back.

import ArgumentParser
import DialogKit
import DialogTesting
import Foundation

struct Translate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Translators' tools: a dialog's texts as a gettext PO file, and the translated file checked and put beside the dialog.",
        discussion: """
            A dialog's translations are the PO files beside it named after it and a language: \
            Dialogs/migraine.es.po for Dialogs/migraine.yaml. intake lint checks them with the dialog.
            """,
        subcommands: [Extract.self, Import.self]
    )

    struct Extract: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write every text a person sees in the dialog, with its id and context, as a PO file.",
            discussion: """
                With a translation beside the dialog already (NAME.LANGUAGE.po), its translations are \
                kept: those made from an older English text marked fuzzy, with that English. Open the file \
                in Poedit (or any gettext tool); msgfmt --check refuses a translation that drops or adds \
                a {name}. Example: intake translate extract Dialogs/migraine.yaml --language es -o migraine.es.po
                """
        )

        @Argument(help: "The dialog file (.yaml), or a folder holding one.")
        var path: String

        @Option(name: .long, help: "The language to translate into, as a BCP 47 tag (es, es-MX, pt-BR).")
        var language: String

        @Option(name: [.short, .long], help: "Write to this file instead of standard output.")
        var output: String?

        func validate() throws { _ = try languageTag(language) }

        func run() throws {
            let tag = try languageTag(language)
            let path = try singleDialogFile(path)
            let dialog = try loadDialog(path: path)
            let existing = DialogFile.translationFiles(of: path).first { (try? LanguageTag.parse($0.language).get()) == tag }
            var previous: POFile?
            if let existing, let data = FileManager.default.contents(atPath: existing.path) {
                previous = POFile(bytes: [UInt8](data), file: existing.path)
            }
            if let previous, let problem = previous.diagnostics.first {
                StandardError.write("intake: the translation there is cannot be read, so it is not merged: \(problem.location): \(problem.message)\n")
                throw ExitCode(1)
            }
            let text = POCatalog.render(TextCatalog(dialog), language: tag.description, dialogVersion: dialog.version,
                generator: "intake \(IntakeVersion.current)", existing: previous)
            if let existing, let previous {
                StandardError.write("intake: kept the \(previous.entries.filter { !$0.translation.isEmpty }.count) translations of \(existing.path)\n")
            }
            try write(text, to: output)
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a translated PO file against its dialog and put it beside the dialog as its translation.",
            discussion: """
                The language is the file's Language header, or --language. A file with errors (a {name} \
                dropped, a control character, a syntax error) is refused and nothing is written; warnings \
                (texts not translated yet, stale ones) are shown and the file is put in place. \
                Example: intake translate import ~/Downloads/migraine-es.po Dialogs/migraine.yaml
                """
        )

        @Argument(help: "The translated PO file.")
        var file: String

        @Argument(help: "The dialog file (.yaml) it translates, or a folder holding one.")
        var dialogPath: String

        @Option(name: .long, help: "The language, when the file's header does not say it (a BCP 47 tag).")
        var language: String?

        func run() throws {
            let path = try singleDialogFile(dialogPath)
            let dialog = try loadDialog(path: path)
            guard let data = FileManager.default.contents(atPath: file) else {
                StandardError.write("intake: \(file) \(FileManager.default.fileExists(atPath: file) ? "cannot be read" : "does not exist")\n")
                throw ExitCode(1)
            }
            let bytes = [UInt8](data)
            let po = POFile(bytes: bytes, file: file)
            guard let stated = language ?? po.header["Language"].flatMap({ $0.isEmpty ? nil : $0 }) else {
                StandardError.write("intake: \(file) does not say its language (no Language header): give --language\n")
                throw ExitCode(64)
            }
            let tag = try languageTag(stated)
            let translation = DialogTranslation(catalog: TextCatalog(dialog), file: po, language: tag, fileName: file)
            let source = String(validating: bytes, as: UTF8.self)
            let found = Diagnostic.sortedByPosition(translation.diagnostics)
            if !found.isEmpty { print(found.map { $0.rendered(source: source) }.joined(separator: "\n")) }
            let errors = found.filter { $0.severity == .error }.count
            guard errors == 0 else {
                print("\(file): \(errors) error\(errors == 1 ? "" : "s"); nothing was written")
                throw ExitCode(1)
            }
            let stem = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
            let folder = (path as NSString).deletingLastPathComponent
            let target = (folder.isEmpty ? "" : folder + "/") + "\(stem).\(tag).po"
            try write(String(decoding: bytes, as: UTF8.self), to: target)
            print("\(target): \(translation.texts.count) of \(TextCatalog(dialog).entries.count) texts translated")
        }
    }
}

/// A `--language` value as a tag, or the reason it is not one (exit 64).
private func languageTag(_ text: String) throws -> LanguageTag {
    switch LanguageTag.parse(text) {
    case .success(let tag): return tag
    case .failure(let error): throw ValidationError(error.description)
    }
}

/// Writes `text` to `path` (atomically), or to standard output without one.
private func write(_ text: String, to path: String?) throws {
    guard let path else {
        print(text, terminator: "")
        return
    }
    do {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    } catch {
        StandardError.write("intake: cannot write \(path): \(error.localizedDescription)\n")
        throw ExitCode(1)
    }
}
