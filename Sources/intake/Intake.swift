// Intake: the command-line tool's root command; each subcommand is in its own file.

import ArgumentParser

@main
struct Intake: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "intake",
        abstract: "A chat-style symptom questionnaire bot that runs scripted dialogs.",
        discussion: "Intake is not a doctor: a dialog says what the answers suggest and who should look at them.",
        version: IntakeVersion.current,
        subcommands: [Chat.self, Lint.self, TestDialogs.self, Serve.self, Export.self, Show.self, Purge.self, Check.self, Graph.self, Load.self, Translate.self]
    )
}

enum IntakeVersion {
    static let current = "0.1.0"
}
