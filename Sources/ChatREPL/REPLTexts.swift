// REPLTexts: every sentence the terminal chat says itself (tips, the quit question, the kiosk's prompts), in each language.
import DialogKit

/// The REPL's own words, in the language of the session at the terminal (the dialog's, or the one the
/// person chose), as the engine's come from `UserTexts` and the server's from `ServerMessages`.
enum REPLTexts {
    /// Shown under the first question, once.
    static func keysTip(in language: LanguageTag) -> String {
        language.sentence("Tab completes an answer, Up recalls one, Ctrl-C clears the line, Ctrl-D quits (after asking).",
                          es: "Tab completa una respuesta, Flecha arriba recupera una, Ctrl-C borra la línea, Ctrl-D sale (después de preguntar).")
    }

    /// The prompt after Ctrl-D.
    static func quitQuestion(in language: LanguageTag) -> String {
        language.sentence("Quit? (yes/no) ", es: "¿Salir? (sí/no) ")
    }

    /// After an answer to the quit question that is neither yes nor no.
    static func quitAgain(in language: LanguageTag) -> String {
        language.sentence("Please type yes to quit, or no to go on.\n", es: "Escriba sí para salir, o no para seguir.\n")
    }

    /// What Tab offers at the quit question.
    static func quitCompletions(in language: LanguageTag) -> [String] {
        [language.sentence("yes", es: "sí"), "no"]
    }

    /// The answer to the quit question: true quits, false goes on, nil is neither. The English words
    /// work in every language (a person may answer "yes" in a Spanish session), and accents are optional.
    static func quitAnswer(_ line: String) -> Bool? {
        let word = line.trimmingCharacters(in: .whitespaces).lowercased()
        if ["y", "yes", "yeah", "quit", "s", "si", "sí", "salir"].contains(word) { return true }
        if ["n", "no", "nope", ""].contains(word) { return false }
        return nil
    }

    /// A kiosk: shown when a session with answers has been left alone.
    static func idleWarning(clearingIn remaining: Duration, in language: LanguageTag) -> String {
        language.sentence(
            "Are you still there? Press Enter to go on. If nobody does, this screen is cleared for the next person in \(spoken(remaining, in: language)).",
            es: "¿Sigue ahí? Pulse Intro para seguir. Si nadie lo hace, esta pantalla se borrará para la siguiente persona dentro de \(spoken(remaining, in: language)).")
    }

    /// A kiosk: shown under an outcome.
    static func readingPrompt(in language: LanguageTag) -> String {
        language.sentence("Press Enter when you have read this. ", es: "Pulse Intro cuando lo haya leído. ")
    }

    /// "60 seconds", "2 minutes" ("60 segundos", "2 minutos").
    static func spoken(_ duration: Duration, in language: LanguageTag) -> String {
        let seconds = Int(duration.components.seconds)
        if seconds >= 120, seconds % 60 == 0 { return "\(seconds / 60) " + language.sentence("minutes", es: "minutos") }
        return seconds == 1 ? language.sentence("1 second", es: "1 segundo") : "\(seconds) " + language.sentence("seconds", es: "segundos")
    }
}
