// TranslateCommand: `intake translate extract`: a dialog's texts as a PO file for translators.

import ArgumentParser
import DialogKit
import Foundation

struct Translate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Translators' tools: a dialog's texts as a gettext PO file.",
        subcommands: [Extract.self]
    )

    struct Extract: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write every text a person sees in the dialog, with its id and context, as a PO file.",
            discussion: """
                Open the file in Poedit (or any gettext tool) and translate each entry; msgfmt --check \
                refuses a translation that drops or adds a {name}. Example: \
                intake translate extract Dialogs/migraine.yaml --language es -o migraine.es.po
                """
        )

        @Argument(help: "The dialog file (.yaml), or a folder holding one.")
        var path: String

        @Option(name: .long, help: "The language to translate into, as a BCP 47 tag (es, es-MX, pt-BR).")
        var language: String

        @Option(name: [.short, .long], help: "Write to this file instead of standard output.")
        var output: String?

        func validate() throws {
            if case .failure(let error) = LanguageTag.parse(language) { throw ValidationError(error.description) }
        }

        func run() throws {
            guard case .success(let tag) = LanguageTag.parse(language) else { throw ExitCode(64) }
            let dialog = try loadDialog(path: path)
            let text = POCatalog.render(TextCatalog(dialog), language: tag.description, dialogVersion: dialog.version,
                generator: "intake \(IntakeVersion.current)")
            guard let output else {
                print(text, terminator: "")
                return
            }
            do {
                try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
            } catch {
                StandardError.write("intake: cannot write \(output): \(error.localizedDescription)\n")
                throw ExitCode(1)
            }
        }
    }
}
