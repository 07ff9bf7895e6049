// LanguageChoice: the first question when a dialog can be run in several languages and none was chosen.

/// "Which language? / ¿En qué idioma?": asked before the dialog when it has translations and no language
/// was chosen for the person (`--language`); at a terminal, Enter chooses the terminal's language. The question and its retry are written
/// in every language offered, each option in its own language ("English", "Español"); the answer is the
/// dialog in that language. Pure: the channels show the events and pass the lines.
public struct LanguageChoice: Sendable {
    /// The dialog in each language offered, in the order offered (English first).
    public let dialogs: [Dialog]

    /// The dialog an empty line chooses (the terminal's language, when the dialog has it).
    public let preferred: Dialog?

    /// A choice among `dialogs`; nil when there is nothing to choose (fewer than two languages). With
    /// `preferred`, an empty line (Enter) chooses the dialog in that language, when there is one.
    public init?(dialogs: [Dialog], preferred: LanguageTag? = nil) {
        guard dialogs.count > 1 else { return nil }
        self.dialogs = dialogs
        self.preferred = preferred.flatMap { tag in
            dialogs.first { $0.language == tag } ?? dialogs.first { $0.language.primary == tag.primary }
        }
    }

    /// What a line chose.
    public enum Reading: Sendable {
        case chosen(Dialog)
        /// Not a language offered (or a command that needs one): say this, then ask again.
        case again([Event])
        /// `quit` (in any language offered): these events end the conversation before it began.
        case quit([Event])
    }

    /// The opening: the dialogs' titles and the question.
    public var opening: [Event] {
        [.say(Say(dialogs.map(\.title).joined(separator: " / "), style: .section)), .ask(ask)]
    }

    /// The question, as an `ask` event of id `language`, whose options are the languages' tags.
    public var ask: Ask {
        let options = dialogs.enumerated().map { index, dialog in
            AskOption(n: index + 1, id: dialog.language.description, code: nil, text: Self.name(of: dialog))
        }
        // No step of the dialog: the renderer shows no progress for it.
        var ask = Ask(
            id: "language", code: nil, kind: .choice, text: inEveryLanguage { UserTexts.whichLanguage }, options: options,
            min: nil, max: nil, unit: nil, progress: Progress(step: 0, of: 0), isOptional: false, hasHelp: false, section: nil)
        ask.hint = inEveryLanguage { UserTexts.hintLanguage(count: options.count) }
        if let preferred {
            // Said in the preferred language only: it is the one the person is likely to read.
            ask.hint! += " " + UserTexts.speaking(preferred.language) { UserTexts.enterChooses(Self.name(of: preferred)) }
        }
        return ask
    }

    /// A dialog's language as the question offers it: its name in itself ("Español").
    public static func name(of dialog: Dialog) -> String { LanguageNames.ownName(of: dialog.language) }

    /// The language a line names: its number, its tag, or its name in English, in itself or in Spanish.
    public func read(_ line: String) -> Reading {
        let folded = TextFolding.fold(Session.sanitized(line))
        if folded.isEmpty, let preferred, line.allSatisfy({ $0 == " " || $0 == "\t" }) { return .chosen(preferred) }
        if let number = Int(folded), dialogs.indices.contains(number - 1) { return .chosen(dialogs[number - 1]) }
        // A tag with a region (es-MX, es_AR) names its language, as --language does.
        let tag = try? LanguageTag.parse(Session.sanitized(line).trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: "-")).get()
        let named = dialogs.filter { dialog in
            tag?.primary == dialog.language.primary || LanguageNames.names(of: dialog.language).contains(folded)
        }
        if named.count == 1 { return .chosen(named[0]) }
        // Commands are read with every language's words: the person has not chosen one yet.
        let command = dialogs.lazy.compactMap { dialog in UserTexts.speaking(dialog.language) { Command.parse(line)?.command } }.first
        if command == .quit {
            return .quit([.say(Say(inEveryLanguage { UserTexts.quitNotice }, style: .notice)), .end])
        }
        let retry: String
        if ResumeCommand.argument(in: line) != nil {
            // The code is checked in the dialog's language, which decides how everything after it is said.
            retry = inEveryLanguage { UserTexts.languageBeforeResume }
        } else {
            retry = inEveryLanguage { UserTexts.chooseLanguage(count: dialogs.count) }
        }
        return .again([.retry(Retry(id: "language", text: retry)), .ask(ask)])
    }

    /// A text said once in each language offered, joined by " / ".
    private func inEveryLanguage(_ text: () -> String) -> String {
        var seen: [String] = []
        for dialog in dialogs {
            let said = UserTexts.speaking(dialog.language, text)
            if !seen.contains(said) { seen.append(said) }
        }
        return seen.joined(separator: " / ")
    }
}

/// Languages by the names people type for them.
enum LanguageNames {
    /// A language's name in itself, as the language question offers it; the tag for one not listed.
    static func ownName(of language: LanguageTag) -> String {
        ownNames[language.primary] ?? language.description
    }

    /// The folded names a person may type for a language: in itself, in English and in Spanish.
    static func names(of language: LanguageTag) -> Set<String> {
        Set((typedNames[language.primary] ?? []) + [ownName(of: language)].map(TextFolding.fold))
    }

    private static let ownNames = [
        "en": "English", "es": "Español", "fr": "Français", "pt": "Português", "de": "Deutsch", "it": "Italiano", "ca": "Català",
        "nl": "Nederlands", "pl": "Polski", "ro": "Română", "ar": "العربية", "zh": "中文", "uk": "Українська", "ru": "Русский",
    ]
    private static let typedNames: [String: [String]] = [
        "en": ["english", "ingles", "eng", "englsh", "engish"],
        "es": ["espanol", "spanish", "castellano", "esp", "spa", "espanish", "espaniol", "espanol por favor", "en espanol"],
        "fr": ["francais", "french", "frances"], "pt": ["portugues", "portuguese"], "de": ["deutsch", "german", "aleman"],
    ]
}
