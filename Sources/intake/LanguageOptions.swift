// LanguageOptions: `--language es`: the dialog run in one of its translations (NAME.LANG.po beside it).

import ArgumentParser
import DialogKit
import DialogTesting
import Foundation

/// The language a person is asked in, for the commands that run a dialog (`chat`, `serve`).
struct LanguageOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Run the dialog in this language (a BCP 47 tag: es, es-MX), from its translation beside it (migraine.es.po); 'ask' asks each person.",
        discussion: """
            English, the language dialogs are written in, needs no translation. Texts the translation lacks stay English. \
            Without it, a dialog with translations asks each person first which language to use (serve, on every \
            protocol; chat at a terminal, where Enter chooses the terminal's language); 'ask' asks on piped input too.
            """))
    var language: String?

    /// The word that asks each person instead of naming a language.
    static let askEachPerson = "ask"

    /// `--language ask`: each person chooses among the dialog's languages.
    var asksEachPerson: Bool { language.map { $0.lowercased() == Self.askEachPerson } ?? false }

    /// The language asked for, read as a tag (nil without one, or with `ask`); a text that is none is
    /// refused (exit status 64).
    func requested() throws -> LanguageTag? {
        guard let language, !asksEachPerson else { return nil }
        switch LanguageTag.parse(language) {
        case .success(let tag): return tag
        case .failure(let error): throw ValidationError("--language: \(error)")
        }
    }

    /// The language question for the dialog at `path`: with `--language ask`, or without `--language`
    /// where `asksByDefault` (a server's connections, a terminal), when the dialog has translations.
    /// `preferred` is the language Enter chooses. Nil when a language was named, or when the dialog has
    /// none to choose (said on standard error when `ask` was typed).
    func choice(dialogPath path: String, asksByDefault: Bool, preferred: LanguageTag? = nil) throws -> LanguageChoice? {
        guard asksEachPerson || (language == nil && asksByDefault) else { return nil }
        let dialogs = try loadDialogInEveryLanguage(path: path)
        guard let choice = LanguageChoice(dialogs: dialogs, preferred: preferred) else {
            if asksEachPerson {
                StandardError.write("intake: \(path) has no translation to choose; --language ask asks nothing, and the dialog runs in English.\n")
            }
            return nil
        }
        return choice
    }

    /// The language the environment asks for (`LC_ALL`, then `LC_MESSAGES`, then `LANG`, as gettext reads
    /// them), when it names one: `es_ES.UTF-8` is es-ES; `C` and `POSIX` name none.
    static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> LanguageTag? {
        guard let value = ["LC_ALL", "LC_MESSAGES", "LANG"].lazy.compactMap({ environment[$0] }).first(where: { !$0.isEmpty }) else { return nil }
        let locale = value.prefix { $0 != "." && $0 != "@" }.replacingOccurrences(of: "_", with: "-")
        guard locale != "C", locale != "POSIX", case .success(let tag) = LanguageTag.parse(locale) else { return nil }
        return tag
    }
}

/// The dialog at `path` in English and in each of its translations that has no errors, English first:
/// what the language question offers. A translation with errors is left out, and said on standard error.
func loadDialogInEveryLanguage(path: String) throws -> [Dialog] {
    let path = try singleDialogFile(path)
    let file = DialogFile.load(path: path)
    guard let dialog = file.result.dialog else {
        StandardError.write(file.report(includingLint: false).text)
        StandardError.write("intake: \(path) does not load as a dialog.\n")
        throw ExitCode(1)
    }
    var dialogs = [dialog]
    for translation in file.translations where translation.language.primary != LanguageTag.english.primary {
        if translation.diagnostics.contains(where: { $0.severity == .error }) {
            StandardError.write("intake: the \(translation.language) translation of \(path) has errors (intake lint \(path)); it is not offered.\n")
            continue
        }
        dialogs.append(dialog.translated(translation))
    }
    return dialogs
}

/// The dialog at `path` in `language`: as written for English (or no language), else with the texts of
/// its translation. A language the dialog has no translation for is refused with the ones it has (exit
/// status 64); a translation with errors is refused with them (exit status 1); texts it lacks or has out of
/// date are said in one line on standard error, and shown in English. A language that was not asked for
/// but read from the environment (`isPreference`) is used only when the dialog has it, without a word.
func loadDialog(path: String, language: LanguageTag?, isPreference: Bool = false) throws -> Dialog {
    let path = try singleDialogFile(path)
    let file = DialogFile.load(path: path)
    guard let dialog = file.result.dialog else {
        StandardError.write(file.report(includingLint: false).text)
        StandardError.write("intake: \(path) does not load as a dialog.\n")
        throw ExitCode(1)
    }
    guard let language, language.primary != LanguageTag.english.primary else { return dialog }
    guard let translation = file.translation(for: language) else {
        if isPreference { return dialog }
        let known = file.languages.map(\.description).joined(separator: ", ")
        let stem = (path as NSString).deletingPathExtension
        StandardError.write("intake: \(path) has no \(language) translation (\(stem).\(language).po); it can be run in: \(known)\n")
        throw ExitCode.validationFailure
    }
    let errors = translation.diagnostics.filter { $0.severity == .error }
    if !errors.isEmpty {
        StandardError.write(errors.map { $0.rendered(source: file.includedSources[$0.location.file]) }.joined(separator: "\n"))
        StandardError.write("intake: the \(translation.language) translation of \(path) has errors; it is not used.\n")
        throw ExitCode(1)
    }
    let untranslated = TextCatalog(dialog).entries.count - translation.texts.count
    if untranslated > 0, !isPreference {
        StandardError.write("intake: \(untranslated) of the dialog's texts have no current \(translation.language) translation and are shown in English (intake lint \(path) lists them).\n")
    }
    return dialog.translated(translation)
}
