// LanguageQuestionTerminalTests: `intake chat --language ask` at a real terminal (a pseudo-terminal), plain and as a kiosk.

import Foundation
import Testing
import TestSupport

@Suite("--language ask at a terminal")
struct LanguageQuestionTerminalTests {
    static let dialog = IntakeBinary.repositoryRoot.appendingPathComponent("Tests/DialogKitTests/Data/translation/running/clinic.yaml").path

    @Test("Tab completes a language's name; the dialog then runs in it")
    func tabCompletesTheLanguage() async throws {
        let repl = try IntakeREPL(arguments: ["--dialog", Self.dialog, "--language", "ask"])
        var mark = try await repl.terminal.waitForPrompt()
        #expect(repl.terminal.visibleText().contains("¿En qué idioma?"))
        mark = try await repl.terminal.type("Esp\t", until: "Español", from: mark)
        mark = try await repl.terminal.type("\r", until: "¿El dolor de cabeza llegó a lo peor", from: mark, thenPrompt: true)
        mark = try await repl.terminal.type("no\r", until: "¿Dónde está el dolor?", from: mark, thenPrompt: true)
        #expect(!repl.terminal.visibleText().contains("Did the headache"))
    }

    @Test("Ctrl-D at the question quits at once (nothing was answered), with status 3")
    func ctrlDQuits() async throws {
        let repl = try IntakeREPL(arguments: ["--dialog", Self.dialog, "--language", "ask"], wrappedInShell: true)
        _ = try await repl.terminal.waitForPrompt()
        repl.terminal.send("\u{4}")
        _ = try await repl.terminal.waitForText("exit=3")
        #expect(!repl.terminal.visibleText().contains("Quit? (yes/no)"))
    }

    @Test("a kiosk asks each person: the next person is asked again, and gets the language they choose")
    func aKioskAsksEachPerson() async throws {
        let repl = try IntakeREPL(arguments: ["--dialog", Self.dialog, "--language", "ask", "--kiosk", "--reading-time", "30"])
        var mark = try await repl.terminal.waitForPrompt()
        mark = try await repl.terminal.type("2\r", until: "¿El dolor de cabeza llegó a lo peor", from: mark, thenPrompt: true)
        mark = try await repl.terminal.type("sí\r", until: "Llame ahora", from: mark)
        // The kiosk's own prompt is in the language the person chose.
        mark = try await repl.terminal.waitForText("Pulse Intro cuando lo haya leído.", from: mark)
        #expect(!repl.terminal.visibleText(from: mark).contains("Press Enter when you have read this."))
        mark = try await repl.terminal.type("\r", until: "¿En qué idioma?", from: mark, thenPrompt: true)
        #expect(!repl.terminal.visibleText(from: mark).contains("Llame ahora"), "the last person's outcome is gone")
        mark = try await repl.terminal.type("english\r", until: "Did the headache reach its worst", from: mark, thenPrompt: true)
    }

    @Test("without --language at a terminal the question is asked, and Enter chooses the terminal's language (LANG)")
    func enterChoosesTheTerminalsLanguage() async throws {
        let repl = try IntakeREPL(arguments: ["--dialog", Self.dialog], environment: ["LANG": "es_ES.UTF-8"])
        var mark = try await repl.terminal.waitForPrompt()
        #expect(repl.terminal.visibleText().contains("Pulse Intro para Español."), "\(repl.terminal.visibleText())")
        mark = try await repl.terminal.type("\r", until: "¿El dolor de cabeza llegó a lo peor", from: mark, thenPrompt: true)
        #expect(repl.terminal.visibleText().contains("Ctrl-D sale (después de preguntar)."))
        let english = try IntakeREPL(arguments: ["--dialog", Self.dialog])
        mark = try await english.terminal.waitForPrompt()
        #expect(english.terminal.visibleText().contains("¿En qué idioma?") && !english.terminal.visibleText().contains("Pulse Intro"))
        // Without a language of the terminal's, an empty line is no choice.
        mark = try await english.terminal.type("\r", until: "Which language?", from: mark, thenPrompt: true)
    }

    @Test("in Spanish, Ctrl-D asks ¿Salir? (sí/no); an unclear answer is asked again in Spanish, \"no\" goes on, \"si\" quits with status 3")
    func ctrlDAsksInSpanish() async throws {
        let repl = try IntakeREPL(arguments: ["--dialog", Self.dialog, "--language", "es"], wrappedInShell: true)
        var mark = try await repl.terminal.waitForPrompt()
        repl.terminal.send("\u{4}")
        mark = try await repl.terminal.waitForPrompt("¿Salir? (sí/no) ", from: mark)
        mark = try await repl.terminal.type("quizás\r", until: "Escriba sí para salir, o no para seguir.", from: mark)
        mark = try await repl.terminal.waitForPrompt("¿Salir? (sí/no) ", from: mark)
        mark = try await repl.terminal.type("no\r", until: "¿El dolor de cabeza llegó a lo peor", from: mark, thenPrompt: true)
        repl.terminal.send("\u{4}")
        mark = try await repl.terminal.waitForPrompt("¿Salir? (sí/no) ", from: mark)
        repl.terminal.send("si\r")
        _ = try await repl.terminal.waitForText("exit=3", from: mark)
        #expect(!repl.terminal.visibleText().contains("Quit? (yes/no)"))
    }
}
