// EngineLanguage: the language the engine speaks and reads answers in during a turn: the dialog's.

/// The languages the engine's own words (`UserTexts`) and its answer readers (yes/no, doubt, lists,
/// commands) are written for. A dialog translated into another language gets English ones.
///
/// The current one is a task-local value, set around each turn by the session and around each event
/// by the renderer from the dialog's language, so that the readers and texts deep in a turn need no
/// language passed down to them, and two sessions in two languages on one thread never mix.
enum EngineLanguage: String, Sendable {
    case english = "en"
    case spanish = "es"

    /// The language of the turn being run; English outside one.
    @TaskLocal static var current = EngineLanguage.english

    /// The engine's language for a dialog in `language` (English for one it does not speak).
    init(_ language: LanguageTag) {
        self = EngineLanguage(rawValue: language.primary) ?? .english
    }

    /// `body` with the engine speaking `language`.
    static func speaking<T>(_ language: LanguageTag, _ body: () throws -> T) rethrows -> T {
        let engine = EngineLanguage(language)
        if engine == current { return try body() }
        return try $current.withValue(engine, operation: body)
    }
}
