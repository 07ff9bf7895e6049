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

extension LanguageTag {
    /// Of one sentence written in each language the engine speaks, the one in this language (English
    /// in a language the engine does not speak): how the store and the channels say their own words in
    /// the dialog's language, as `UserTexts` says the engine's.
    public func sentence(_ english: @autoclosure () -> String, es spanish: @autoclosure () -> String) -> String {
        EngineLanguage(self) == .spanish ? spanish() : english()
    }
}
