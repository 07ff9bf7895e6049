// Command: the words a person may type instead of an answer.

/// A command typed in place of an answer.
enum Command: String, CaseIterable {
    case back, restart, help, why, summary, quit

    /// The Spanish words for each command (first the one the engine's Spanish texts name), folded.
    var spanishWords: [String] {
        switch self {
        case .back: ["atras", "volver", "anterior", "regresar", "deshacer", "ir atras", "pregunta anterior"]
        case .restart: ["reiniciar", "empezar de nuevo", "volver a empezar", "desde el principio", "comenzar de nuevo"]
        case .help: ["ayuda", "ayudame", "ayudeme", "socorro"]
        case .why: ["por que", "porque", "por que me pregunta esto"]
        case .summary: ["resumen", "mis respuestas", "respuestas"]
        case .quit: ["salir", "terminar", "parar", "adios", "acabar"]
        }
    }

    /// The words for each command (first the canonical one).
    var words: [String] {
        switch self {
        case .back: ["back", "undo", "go back", "previous"]
        case .restart: ["restart", "start over", "start again"]
        case .help: ["help", "?"]
        case .why: ["why", "why?"]
        case .summary: ["summary", "my answers"]
        case .quit: ["quit", "exit", "stop"]
        }
    }

    /// The command a line names, and whether it was explicit (`/back`), which no answer can be confused with.
    /// `folded` is `TextFolding.fold(line)` when the caller has it already (the session folds every answer once).
    static func parse(_ line: String, folded foldedLine: String? = nil) -> (command: Command, explicit: Bool)? {
        // No command is longer than this: most answers are not commands, so skip folding them.
        guard line.utf8.count <= 32 else { return nil }
        // Most lines start with a plain letter or digit: not quoted, not explicit, not "?" (which folds to
        // nothing). Then the folded line is the word to look up ("why?" folds to "why", the same command).
        if let foldedLine, let first = line.utf8.first, first > 0x20, first < 0x80,
            first != UInt8(ascii: "\""), first != UInt8(ascii: "'"), first != UInt8(ascii: "/"), first != UInt8(ascii: "?")
        {
            return table[foldedLine].map { ($0, false) }
        }
        let trimmed = line.trimmingCharacters(in: " ")
        let first = trimmed.first
        // A quoted word is an answer: how a text answer says "help" and means it.
        if first == "\"" || first == "'" { return nil }
        let explicit = first == "/"  // hasPrefix("/"), without the generic prefix walk
        let word = explicit ? String(trimmed.dropFirst()).lowercased() : trimmed.lowercased()
        // Folding lowercases and drops the outer spaces itself, so the whole line folds to the same words.
        let folded = word == "?" || word == "why?" ? word : (explicit ? nil : foldedLine) ?? TextFolding.fold(word)
        return table[folded].map { ($0, explicit) }
    }

    /// Every command word and its command, built once: `words` makes a new array on each call, and
    /// every answer a person types is checked against them.
    private static let byWord = WordTable(allCases.flatMap { command in command.words.map { ($0, command) } })
    /// The English words and the Spanish ones, for a dialog in Spanish (English commands still work there).
    private static let byWordWithSpanish = WordTable(
        allCases.flatMap { command in command.words.map { ($0, command) } } + allCases.flatMap { command in command.spanishWords.map { ($0, command) } })

    /// The command words of the language the engine reads now.
    private static var table: WordTable<Command> { EngineLanguage.current == .spanish ? byWordWithSpanish : byWord }
}

/// `resume CODE`: continues a kept session. A bare `Session` keeps nothing, so it never acts on the
/// word; a channel that keeps sessions (AssessmentStore's `StoredConversation`) asks for it before the
/// first answer. It is recognised here, with the other command words, so the store reads no typed line.
public enum ResumeCommand {
    /// The word, as Tab completion offers it.
    public static let word = "resume"

    /// The code after `resume` ("resume k7px r2m4 qh9t" gives "k7px r2m4 qh9t"), "" for `resume`
    /// alone, nil when the line is not this command. `/resume` is the same, as `/back` is `back`.
    public static func argument(in line: String) -> String? {
        let words = Session.sanitized(line).split(separator: " ", maxSplits: 1)
        guard let first = words.first?.lowercased(), first == word || first == "/" + word else { return nil }
        return words.count > 1 ? String(words[1]) : ""
    }
}

/// The command words as a channel asks for them outside a session's turn.
public enum TypedCommand {
    /// Whether `line` asks to begin again ("restart", and in a session in Spanish "reiniciar" too): how a
    /// channel that offers a new session after the last one ended reads the person's answer.
    public static func isRestart(_ line: String, in language: LanguageTag) -> Bool {
        EngineLanguage.speaking(language) { Command.parse(line)?.command == .restart }
    }
}
