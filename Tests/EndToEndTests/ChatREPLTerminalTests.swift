// ChatREPLTerminalTests: `intake chat` in a real pseudo-terminal, driven key by key as a person would.
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
import TestSupport

@Suite(.serialized)
struct ChatREPLTerminalTests {
    @Test func tabCompletesAnOptionFromAPrefix() async throws {
        let repl = try IntakeREPL()
        let mark = try await repl.terminal.waitForPrompt()
        let completed = try await repl.terminal.type("one\t", until: "> One side of my head", from: mark)
        try await repl.terminal.type("\r", until: IntakeREPL.secondQuestion, from: completed)
    }

    @Test func aSecondTabListsTheOptionsAndCommands() async throws {
        let repl = try IntakeREPL()
        let mark = try await repl.terminal.waitForPrompt()
        // "b" begins "Both sides", "Back of the head" and the command "back".
        repl.terminal.send("b\t\t")
        try await repl.terminal.waitForText("Back of the head", from: mark)
        let screen = repl.terminal.visibleText(from: mark)
        #expect(screen.contains("Both sides"))
        #expect(screen.contains("back"))
        #expect(!screen.contains("One side of my head"))
    }

    @Test func upArrowRecallsThePreviousAnswerAfterBack() async throws {
        let repl = try IntakeREPL()
        var mark = try await repl.terminal.waitForPrompt()
        mark = try await repl.terminal.type("both sides\r", until: IntakeREPL.secondQuestion, from: mark, thenPrompt: true)
        mark = try await repl.terminal.type("back\r", until: "Going back one question.", from: mark, thenPrompt: true)
        // Up twice: "back", then "both sides".
        mark = try await repl.terminal.type("\u{1B}[A\u{1B}[A", until: "> both sides", from: mark)
        try await repl.terminal.type("\r", until: IntakeREPL.secondQuestion, from: mark)
    }

    @Test func ctrlCClearsTheLineAndTheSessionStaysAtTheSameQuestion() async throws {
        let repl = try IntakeREPL()
        var mark = try await repl.terminal.waitForPrompt()
        mark = try await repl.terminal.type("some half answ\u{3}", until: "some half answ^C", from: mark, thenPrompt: true)
        // Nothing was answered: no retry, no next question; the answer typed now is to the first one.
        #expect(!repl.terminal.visibleText(from: mark).contains("step 2"))
        mark = try await repl.terminal.type("3\r", until: IntakeREPL.secondQuestion, from: mark, thenPrompt: true)
        mark = try await repl.terminal.type("no\r", until: IntakeREPL.thirdQuestion, from: mark, thenPrompt: true)
        repl.terminal.send("ok\r")
        await #expect(repl.exitStatus() == 0)
        #expect(repl.terminal.visibleText(from: mark).contains("Back of the head"))
    }

    @Test func ctrlDThenYesQuitsWithTheTerminalRestored() async throws {
        let repl = try IntakeREPL(wrappedInShell: true)
        var mark = try await repl.terminal.waitForPrompt()
        repl.terminal.send("\u{4}")
        mark = try await repl.terminal.waitForPrompt("Quit? (yes/no) ", from: mark)
        #expect(repl.terminal.visibleText().contains("\nQuit? (yes/no) "))  // on a line of its own
        repl.terminal.send("yes\r")
        mark = try await repl.terminal.waitForText("exit=3", from: mark)
        await repl.terminal.drain()
        #expect(repl.terminal.visibleText().contains("You stopped the questionnaire."))
        #expect(!repl.sttyBefore.isEmpty)
        #expect(repl.sttyAfter == repl.sttyBefore)
    }

    @Test func ctrlDThenNoGoesOnWithTheSameQuestion() async throws {
        let repl = try IntakeREPL()
        var mark = try await repl.terminal.waitForPrompt()
        repl.terminal.send("\u{4}")
        mark = try await repl.terminal.waitForPrompt("Quit? (yes/no) ", from: mark)
        mark = try await repl.terminal.type("no\r", until: IntakeREPL.firstQuestion, from: mark, thenPrompt: true)
        try await repl.terminal.type("2\r", until: IntakeREPL.secondQuestion, from: mark)
    }

    @Test func accentsAndWideCharactersComeBackIntactWithoutALocale() async throws {
        let repl = try IntakeREPL()
        var mark = try await repl.terminal.waitForPrompt()
        mark = try await repl.terminal.type("1\r", until: IntakeREPL.secondQuestion, from: mark, thenPrompt: true)
        mark = try await repl.terminal.type("yes\r", until: IntakeREPL.thirdQuestion, from: mark, thenPrompt: true)
        repl.terminal.send("fièvre 日本\r")
        await #expect(repl.exitStatus() == 0)
        // In the outcome's summary, as the session received it.
        #expect(repl.terminal.visibleText(from: mark).contains("What word would you use for it? fièvre 日本"))
    }

    @Test func aNarrowTerminalWrapsTheQuestion() async throws {
        let repl = try IntakeREPL(columns: 40)
        try await repl.terminal.waitForPrompt()
        let lines = repl.terminal.visibleText().split(separator: "\n", omittingEmptySubsequences: false)
        let question = lines.firstIndex { $0.hasPrefix(IntakeREPL.firstQuestion) }
        #expect(question != nil)
        #expect(lines.allSatisfy { TextColumns.width($0) <= 40 })
        if let question {
            #expect(lines[question] == "Where does the pain usually start when")
            #expect(lines[question + 1] == "you wake up in the morning after a night")
        }
    }

    @Test func aResizeRewrapsTheQuestionAndKeepsTheTypedLine() async throws {
        let repl = try IntakeREPL(columns: 100)
        var mark = try await repl.terminal.waitForPrompt()
        #expect(repl.terminal.visibleText().contains("Where does the pain usually start when you wake up in the morning after a night of poor sleep?"))
        mark = try await repl.terminal.type("both", until: "both", from: mark)
        repl.terminal.resize(columns: 40, rows: 30)
        mark = try await repl.terminal.waitForText("you wake up in the morning after a night", from: mark)
        try await repl.terminal.waitForText("> both", from: mark)
        try await repl.terminal.type(" sides\r", until: IntakeREPL.secondQuestion, from: mark)
    }

    @Test func sigtermWhileReadingRestoresTheTerminal() async throws {
        let repl = try IntakeREPL(wrappedInShell: true)
        let mark = try await repl.terminal.waitForPrompt()
        #expect(repl.terminal.isRaw)
        kill(try await repl.intakeUnderShell(), SIGTERM)
        try await repl.terminal.waitForText("exit=143", from: mark)
        await repl.terminal.drain()
        #expect(!repl.terminal.isRaw)
        #expect(repl.sttyAfter == repl.sttyBefore)
    }

    @Test func aCrashWhileReadingRestoresTheTerminal() async throws {
        let repl = try IntakeREPL(wrappedInShell: true)
        let mark = try await repl.terminal.waitForPrompt()
        kill(try await repl.intakeUnderShell(), SIGSEGV)
        try await repl.terminal.waitForText("exit=139", from: mark)
        await repl.terminal.drain()
        #expect(repl.sttyAfter == repl.sttyBefore)
    }

    @Test func colourUnlessNoColorOrTheFlag() async throws {
        let coloured = try IntakeREPL()
        try await coloured.terminal.waitForPrompt()
        #expect(coloured.terminal.visibleText() != String(decoding: coloured.terminal.output, as: UTF8.self))
        #expect(String(decoding: coloured.terminal.output, as: UTF8.self).contains("\u{1B}[1m"))

        for plain in [try IntakeREPL(environment: ["NO_COLOR": "1"]), try IntakeREPL(arguments: ["--no-color"])] {
            try await plain.terminal.waitForPrompt()
            let raw = String(decoding: plain.terminal.output, as: UTF8.self)
            for style in ["\u{1B}[1m", "\u{1B}[2m", "\u{1B}[33m", "\u{1B}[1;36m", "\u{1B}[0m"] {
                #expect(!raw.contains(style))
            }
        }
    }

    @Test func historyStaysInMemoryUnlessAFileIsGiven() async throws {
        let first = try IntakeREPL()
        var mark = try await first.terminal.waitForPrompt()
        try await first.terminal.type("both sides\r", until: IntakeREPL.secondQuestion, from: mark, thenPrompt: true)
        // Nothing written anywhere under HOME.
        let files = try FileManager.default.contentsOfDirectory(atPath: first.directory.path)
        #expect(files == ["repl_test.yaml"])

        let historyFile = first.directory.path + "/answers.history"
        let keeping = try IntakeREPL(arguments: ["--history", historyFile])
        mark = try await keeping.terminal.waitForPrompt()
        try await keeping.terminal.type("left side\r", until: IntakeREPL.secondQuestion, from: mark, thenPrompt: true)
        var status = stat()
        #expect(stat(historyFile, &status) == 0)
        #expect(status.st_mode & 0o777 == 0o600)

        let next = try IntakeREPL(arguments: ["--history", historyFile])
        mark = try await next.terminal.waitForPrompt()
        try await next.terminal.type("\u{1B}[A", until: "> left side", from: mark)
    }

    @Test func withStdoutNotATerminalTheOutputIsPlainText() async throws {
        let repl = try IntakeREPL(outputToFile: true)
        // No editor here: the kernel's line discipline reads the lines (cooked mode, echo on).
        let deadline = Date().addingTimeInterval(15)
        while repl.terminal.isRaw || !FileManager.default.fileExists(atPath: repl.directory.path + "/output") {
            guard Date() < deadline else { throw PseudoTerminal.Failure(description: "intake did not start") }
            await repl.terminal.pump(for: 0.05)
        }
        repl.terminal.send("2\rno\rplain\r")
        try await repl.terminal.waitForText("exit=0")
        let output = repl.fileOutput
        #expect(!output.contains("\u{1B}"))
        #expect(output.contains(IntakeREPL.secondQuestion))
        #expect(output.contains("What word would you use for it? plain"))
        #expect(!output.contains(ChatREPLKeysTip.text))
    }

    @Test func aHistoryFileThatIsNotOneIsRefusedWithAClearMessage() async throws {
        let directory = try TemporaryDirectory()
        let notHistory = directory.path + "/notes.txt"
        try "my own notes\n".write(toFile: notHistory, atomically: true, encoding: .utf8)
        let repl = try IntakeREPL(arguments: ["--history", notHistory])
        try await repl.terminal.waitForText("not a history file written by intake")
        await #expect(repl.exitStatus() == 1)
        #expect(try String(contentsOfFile: notHistory, encoding: .utf8) == "my own notes\n")
    }
}

/// The REPL's line about keys, which only the REPL prints.
enum ChatREPLKeysTip {
    static let text = "Tab completes an answer"
}

/// Terminal columns of a line (wide CJK characters take two).
enum TextColumns {
    static func width<S: StringProtocol>(_ text: S) -> Int {
        text.unicodeScalars.reduce(0) { $0 + ((0x1100...0x115F).contains($1.value) || (0x2E80...0xFFDC).contains($1.value) ? 2 : 1) }
    }
}
