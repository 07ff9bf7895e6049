// TypedCommandTests: the restart word as a channel reads it after a session ended (IRC's "type restart").

import Testing

@testable import DialogKit

@Suite("The restart word after the end")
struct TypedCommandTests {
    static let spanish = try! LanguageTag.parse("es").get()

    @Test("in Spanish, the Spanish and English words restart, however typed", arguments: [
        "reiniciar", "Reiniciar.", "REINICIAR", "  reiniciar  ", "empezar de nuevo", "volver a empezar", "restart", "/restart",
    ])
    func spanishRestarts(line: String) {
        #expect(TypedCommand.isRestart(line, in: Self.spanish))
    }

    @Test("what is not a restart does not start a new session", arguments: [
        "no", "no reiniciar", "gracias", "reiniciar?? no sé", "", String(repeating: "reiniciar ", count: 20), "\"reiniciar\"",
    ])
    func othersDoNot(line: String) {
        #expect(!TypedCommand.isRestart(line, in: Self.spanish))
        #expect(!TypedCommand.isRestart(line, in: .english))
    }

    @Test("in English, the Spanish word is not a command")
    func englishReadsEnglish() {
        #expect(TypedCommand.isRestart("restart", in: .english))
        #expect(!TypedCommand.isRestart("reiniciar", in: .english))
    }
}
