// DialogOptions: the --dialog option of the commands that run a dialog (chat, serve, load), declared once.

import ArgumentParser
import DialogKit

/// `--dialog FILE`, with the default every command that runs a dialog shares: the migraine dialog
/// once it exists, else the example (`defaultDialogPath()`).
struct DialogOptions: ParsableArguments {
    @Option(name: .long, help: "The dialog file, or a folder holding one (default: Dialogs/migraine.yaml, or Dialogs/example.yaml).")
    var dialog: String?

    /// The file to run: the one given (or the only dialog of the folder given), or the default.
    func path() throws -> String { try singleDialogFile(dialog ?? defaultDialogPath()) }

    /// The dialog at `path`; one that does not load is reported on standard error (exit status 1).
    func load() throws -> Dialog {
        try loadDialog(path: path())
    }

    /// The dialog at `path` in `language` (`loadDialog(path:language:)`).
    func load(in language: LanguageTag?, isPreference: Bool = false) throws -> Dialog {
        try loadDialog(path: path(), language: language, isPreference: isPreference)
    }
}
