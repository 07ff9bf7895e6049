// Command: the words a person may type instead of an answer.

/// A command typed in place of an answer.
enum Command: String, CaseIterable {
    case back, restart, help, why, summary, quit

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
    static func parse(_ line: String) -> (command: Command, explicit: Bool)? {
        // No command is longer than this: most answers are not commands, so skip folding them.
        guard line.utf8.count <= 32 else { return nil }
        let trimmed = line.trimmingCharacters(in: " ")
        // A quoted word is an answer: how a text answer says "help" and means it.
        if trimmed.first == "\"" || trimmed.first == "'" { return nil }
        let explicit = trimmed.hasPrefix("/")
        let word = explicit ? String(trimmed.dropFirst()).lowercased() : trimmed.lowercased()
        let folded = word == "?" || word == "why?" ? word : TextFolding.fold(word)
        for command in allCases where command.words.contains(folded) {
            return (command, explicit)
        }
        return nil
    }
}
