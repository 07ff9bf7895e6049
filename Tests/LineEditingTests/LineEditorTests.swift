// LineEditorTests: the editor in this process on a real pseudo-terminal: typing, Tab, history, Ctrl-C, Ctrl-D.
import Foundation
import LineEditing
import Testing
#if canImport(Glibc)
import Glibc
#endif
import TestSupport

@Suite(.serialized)
struct LineEditorTests {
    static let answers = ["One side of my head", "Both sides", "Back of the head", "back", "help", "quit"]

    @Test func aTypedLineComesBackWithoutItsTerminator() async throws {
        let session = try EditorSession(reads: 1)
        try await session.terminal.waitForPrompt()
        session.terminal.send("hello there\r")
        await #expect(try session.finish() == [.text("hello there")])
        #expect(session.terminalRestored)
    }

    @Test func accentsAndWideCharactersComeBackIntact() async throws {
        let session = try EditorSession(reads: 1)
        try await session.terminal.waitForPrompt()
        session.terminal.send("fièvre 日本\r")
        await #expect(try session.finish() == [.text("fièvre 日本")])
        #expect(session.terminal.visibleText().contains("fièvre 日本"))
    }

    @Test func editingKeysWorkOnMultibyteText() async throws {
        let session = try EditorSession(reads: 1)
        try await session.terminal.waitForPrompt()
        // Left twice over 本 and 日, delete 日 with Ctrl-D (delete under cursor), then End and type.
        session.terminal.send("日本\u{1B}[D\u{1B}[D\u{4}\u{5}!\r")
        await #expect(try session.finish() == [.text("本!")])
    }

    @Test func tabCompletesAUniquePrefixIgnoringCaseAndAccents() async throws {
        let session = try EditorSession(reads: 2) { editor in
            editor.completionProvider = { LineEditorTests.answers + ["Fièvre"] }
        }
        var mark = try await session.terminal.waitForPrompt()
        session.terminal.send("ONE\t\r")
        mark = try await session.terminal.waitForPrompt(from: mark)
        session.terminal.send("fie\t\r")
        await #expect(try session.finish() == [.text("One side of my head"), .text("Fièvre")])
    }

    @Test func tabCompletesTheLastItemOfAList() async throws {
        let session = try EditorSession(reads: 1) { editor in
            editor.completionProvider = { ["Nausea", "Light bothers me", "Noise bothers me"] }
        }
        try await session.terminal.waitForPrompt()
        session.terminal.send("nau, li\t\r")
        await #expect(try session.finish() == [.text("nau, Light bothers me")])
    }

    @Test func aSecondTabListsTheCandidates() async throws {
        let session = try EditorSession(reads: 1) { editor in
            editor.completionProvider = { LineEditorTests.answers }
        }
        let mark = try await session.terminal.waitForPrompt()
        // "b" extends to "b" (nothing shared beyond it), so the first Tab beeps, the second lists.
        session.terminal.send("b\t")
        await session.terminal.pump(for: 0.3)
        #expect(!session.terminal.visibleText(from: mark).contains("Both sides"))
        session.terminal.send("\t")
        let listed = try await session.terminal.waitFor("Back of the head", from: mark)
        let screen = session.terminal.visibleText(from: mark)
        #expect(screen.contains("Both sides"))
        #expect(screen.contains("back"))
        #expect(!screen.contains("One side"))
        // The prompt and the line come back under the list, and typing goes on.
        try await session.terminal.waitFor("> b", from: listed)
        session.terminal.send("oth\t\r")
        await #expect(try session.finish() == [.text("Both sides")])
    }

    @Test func tabExtendsToTheCommonStartThenListsOnTheNextTab() async throws {
        let session = try EditorSession(reads: 1) { editor in
            editor.completionProvider = { ["Throbbing, pulsing", "Throbbing only at night", "Pressing"] }
        }
        let mark = try await session.terminal.waitForPrompt()
        session.terminal.send("thr\t\t")
        try await session.terminal.waitFor("Throbbing only at night", from: mark)
        session.terminal.send("\u{3}")
        await #expect(try session.finish() == [.interrupt])
    }

    @Test func ctrlCDropsTheLineAndTheNextReadGoesOn() async throws {
        let session = try EditorSession(reads: 2)
        var mark = try await session.terminal.waitForPrompt()
        session.terminal.send("half an answ\u{3}")
        mark = try await session.terminal.waitForText("half an answ^C\n", from: mark)
        mark = try await session.terminal.waitForPrompt(from: mark)
        session.terminal.send("yes\r")
        await #expect(try session.finish() == [.interrupt, .text("yes")])
        #expect(session.terminalRestored)
    }

    @Test func ctrlCWithTheCursorInsideTheLineStillShowsItAtTheEnd() async throws {
        let session = try EditorSession(reads: 1)
        let mark = try await session.terminal.waitForPrompt()
        session.terminal.send("abcdef\u{1}\u{3}")  // Ctrl-A to the start, then Ctrl-C
        try await session.terminal.waitForText("abcdef^C\n", from: mark)
        await #expect(try session.finish() == [.interrupt])
    }

    @Test func upArrowRecallsTheHistoryAndDownComesBack() async throws {
        let session = try EditorSession(reads: 2) { editor in
            editor.history.add("first answer")
            editor.history.add("second answer")
        }
        var mark = try await session.terminal.waitForPrompt()
        session.terminal.send("\u{1B}[A\u{1B}[A\r")
        mark = try await session.terminal.waitForPrompt(from: mark)
        session.terminal.send("\u{1B}[A\u{1B}[A\u{1B}[B\r")
        await #expect(try session.finish() == [.text("first answer"), .text("second answer")])
    }

    @Test func ctrlRSearchesTheHistory() async throws {
        let session = try EditorSession(reads: 1) { editor in
            editor.history.add("one side of my head")
            editor.history.add("nausea, light")
            editor.history.add("yes")
        }
        try await session.terminal.waitForPrompt()
        session.terminal.send("\u{12}side\r")
        await #expect(try session.finish() == [.text("one side of my head")])
    }

    @Test func ctrlDOnAnEmptyLineIsTheEnd() async throws {
        let session = try EditorSession(reads: 1)
        try await session.terminal.waitForPrompt()
        session.terminal.send("\u{4}")
        await #expect(try session.finish() == [.endOfFile])
        #expect(session.terminalRestored)
        // Typed at the keyboard: a kiosk carries on after it.
        #expect(session.inputClosedAfterEachRead == [false])
    }

    @Test func aHangUpIsTheEnd() async throws {
        let session = try EditorSession(reads: 1)
        try await session.terminal.waitForPrompt()
        session.terminal.hangUp()
        await #expect(try session.finish() == [.endOfFile])
        #expect(session.inputClosedAfterEachRead == [true])
    }

    @Test func noKeyForTheIdleTimeIsIdleAndTheHalfTypedLineIsDropped() async throws {
        let session = try EditorSession(reads: 2, idle: .milliseconds(600))
        let first = try await session.terminal.waitForPrompt()
        // Half a line, then nothing: idle; the next line starts empty.
        session.terminal.send("half typ")
        let typedAt = Date()
        try await session.terminal.waitForPrompt(from: first + 1)
        #expect(Date().timeIntervalSince(typedAt) >= 0.5)
        session.terminal.send("next\r")
        await #expect(try session.finish() == [.idle, .text("next")])
        #expect(session.inputClosedAfterEachRead == [false, false])
        #expect(session.terminalRestored)
    }

    @Test func eachKeyStartsTheIdleTimeAgain() async throws {
        let session = try EditorSession(reads: 1, idle: .milliseconds(800))
        try await session.terminal.waitForPrompt()
        // Five keys 300 ms apart: 1.5 s in all, but never 800 ms without a key.
        for key in ["a", "b", "c", "d", "e"] {
            session.terminal.send(key)
            await session.terminal.pump(for: 0.3)
        }
        session.terminal.send("\r")
        await #expect(try session.finish() == [.text("abcde")])
    }

    @Test func theTerminalIsInRawModeOnlyWhileReading() async throws {
        let session = try EditorSession(reads: 1)
        try await session.terminal.waitForPrompt()
        #expect(session.terminal.isRaw)
        session.terminal.send("x\r")
        _ = try await session.finish()
        #expect(!session.terminal.isRaw)
        #expect(session.terminalRestored)
    }

    @Test func editrcIsReadOnlyWhenAsked() async throws {
        let directory = try TemporaryDirectory()
        let editrc = directory.path + "/editrc"
        // Ctrl-T types a word, if this file is read.
        try "bind -s ^T macro-typed\n".write(toFile: editrc, atomically: true, encoding: .utf8)
        setenv("EDITRC", editrc, 1)
        defer { unsetenv("EDITRC") }

        let plain = try EditorSession(reads: 1)
        try await plain.terminal.waitForPrompt()
        plain.terminal.send("a\u{14}\r")
        await #expect(try plain.finish() != [.text("amacro-typed")])
        #expect(plain.editrc == .notAsked)

        let asked = try EditorSession(reads: 1, options: LineEditor.Options(readEditrc: true))
        try await asked.terminal.waitForPrompt()
        asked.terminal.send("a\u{14}\r")
        await #expect(try asked.finish() == [.text("amacro-typed")])
        #expect(asked.editrc == .read(editrc))

        try "bind -s ^T macro-typed\nno-such-command here\n".write(toFile: editrc, atomically: true, encoding: .utf8)
        let broken = try EditorSession(reads: 1, options: LineEditor.Options(readEditrc: true))
        try await broken.terminal.waitForPrompt()
        broken.terminal.send("\u{4}")
        await #expect(try broken.finish() == [.endOfFile])
        #expect(broken.editrc == .failed(editrc))

        setenv("EDITRC", directory.path + "/missing", 1)
        let missing = try EditorSession(reads: 1, options: LineEditor.Options(readEditrc: true))
        try await missing.terminal.waitForPrompt()
        missing.terminal.send("\u{4}")
        await #expect(try missing.finish() == [.endOfFile])
        #expect(missing.editrc == .notFound)
    }

    @Test func aColouredPromptTakesNoColumnsForItsEscapes() async throws {
        let prompt = LineEditor.invisible("\u{1B}[1m") + "> " + LineEditor.invisible("\u{1B}[0m")
        let session = try EditorSession(reads: 1, prompt: prompt)
        try await session.terminal.waitForPrompt()
        session.terminal.send("ok\r")
        await #expect(try session.finish() == [.text("ok")])
        #expect(!session.terminal.visibleText().contains("\u{1}"))
    }
}
