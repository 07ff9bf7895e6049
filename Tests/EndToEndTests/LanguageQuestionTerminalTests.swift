// LanguageQuestionTerminalTests: `intake chat --language ask` at a real terminal (a pseudo-terminal), plain and as a kiosk.

import Foundation
import Testing
import TestSupport

@Suite("--language ask at a terminal")
struct LanguageQuestionTerminalTests {
    static let dialog = IntakeBinary.repositoryRoot.appendingPathComponent("Tests/DialogKitTests/Data/translation/running/clinic.yaml").path

    @Test("Tab completes a language's name; the dialog then runs in it")
    func tabCompletesTheLanguage() throws {
        let repl = try IntakeREPL(arguments: ["--dialog", Self.dialog, "--language", "ask"])
        var mark = try repl.terminal.waitForPrompt()
        #expect(repl.terminal.visibleText().contains("¿En qué idioma?"))
        mark = try repl.terminal.type("Esp\t", until: "Español", from: mark)
        mark = try repl.terminal.type("\r", until: "¿El dolor de cabeza llegó a lo peor", from: mark, thenPrompt: true)
        mark = try repl.terminal.type("no\r", until: "¿Dónde está el dolor?", from: mark, thenPrompt: true)
        #expect(!repl.terminal.visibleText().contains("Did the headache"))
    }

    @Test("Ctrl-D at the question quits at once (nothing was answered), with status 3")
    func ctrlDQuits() throws {
        let repl = try IntakeREPL(arguments: ["--dialog", Self.dialog, "--language", "ask"], wrappedInShell: true)
        _ = try repl.terminal.waitForPrompt()
        repl.terminal.send("\u{4}")
        _ = try repl.terminal.waitForText("exit=3")
        #expect(!repl.terminal.visibleText().contains("Quit? (yes/no)"))
    }

    @Test("a kiosk asks each person: the next person is asked again, and gets the language they choose")
    func aKioskAsksEachPerson() throws {
        let repl = try IntakeREPL(arguments: ["--dialog", Self.dialog, "--language", "ask", "--kiosk", "--reading-time", "30"])
        var mark = try repl.terminal.waitForPrompt()
        mark = try repl.terminal.type("2\r", until: "¿El dolor de cabeza llegó a lo peor", from: mark, thenPrompt: true)
        mark = try repl.terminal.type("sí\r", until: "Llame ahora", from: mark)
        mark = try repl.terminal.waitForText("Press Enter when you have read this.", from: mark)
        mark = try repl.terminal.type("\r", until: "¿En qué idioma?", from: mark, thenPrompt: true)
        #expect(!repl.terminal.visibleText(from: mark).contains("Llame ahora"), "the last person's outcome is gone")
        mark = try repl.terminal.type("english\r", until: "Did the headache reach its worst", from: mark, thenPrompt: true)
    }

    @Test("without --language at a terminal the question is asked, and Enter chooses the terminal's language (LANG)")
    func enterChoosesTheTerminalsLanguage() throws {
        let repl = try IntakeREPL(arguments: ["--dialog", Self.dialog], environment: ["LANG": "es_ES.UTF-8"])
        var mark = try repl.terminal.waitForPrompt()
        #expect(repl.terminal.visibleText().contains("Pulse Intro para Español."), "\(repl.terminal.visibleText())")
        mark = try repl.terminal.type("\r", until: "¿El dolor de cabeza llegó a lo peor", from: mark, thenPrompt: true)
        let english = try IntakeREPL(arguments: ["--dialog", Self.dialog])
        mark = try english.terminal.waitForPrompt()
        #expect(english.terminal.visibleText().contains("¿En qué idioma?") && !english.terminal.visibleText().contains("Pulse Intro"))
        // Without a language of the terminal's, an empty line is no choice.
        mark = try english.terminal.type("\r", until: "Which language?", from: mark, thenPrompt: true)
    }
}
