// ChatREPL+Kiosk: `intake chat --kiosk`: one person after another at one screen, none seeing the last one's answers.
import DialogKit
import Foundation
import LineEditing

/// The times a kiosk waits for a person.
public struct KioskTimes: Sendable, Equatable {
    /// After an outcome: how long it stays on the screen when nobody presses Enter.
    public var readingTime: Duration
    /// In a session with answers: how long without a key before the screen is cleared.
    public var idleTimeout: Duration
    /// How much of `idleTimeout` the "are you still there?" warning comes before the clearing.
    public var idleWarning: Duration

    public init(readingTime: Duration = .seconds(120), idleTimeout: Duration = .seconds(300), idleWarning: Duration = .seconds(60)) {
        self.readingTime = readingTime
        self.idleTimeout = idleTimeout
        self.idleWarning = min(idleWarning, idleTimeout)
    }

    /// The silence before the warning.
    var idleBeforeWarning: Duration { idleTimeout - idleWarning }

}

extension ChatREPL {
    /// Runs a kiosk: a new session from `makeSession` for each person. After an outcome the person
    /// presses Enter (or the reading time runs out); after a quit, or an idle session nobody came
    /// back to, the same. Then the screen and its scrollback are cleared, the answer history and
    /// any keys typed meanwhile are dropped, and the next session starts with the greeting, so
    /// nothing of one person is on the screen, under the Up arrow, or in `back` and `summary` for
    /// the next. Ctrl-D and `quit` end a person's session; only the end of the input (the terminal
    /// gone) or a signal ends the kiosk, and a signal clears the screen on its way out.
    /// Returns 0 when the terminal went away, 1 when the REPL cannot start.
    /// With `choice`, each person is first asked the language question, and `makeSession` is given the
    /// dialog in the language chosen; without it, `dialog`.
    public func runKiosk(dialog: Dialog, choice: LanguageChoice? = nil, makeSession: (Dialog) throws -> ChatSession) -> Int32 {
        guard let kiosk = options.kiosk, let (editor, screen) = makeEditor() else { return 1 }
        while true {
            screen.clearForNextPerson()
            editor.history.clear()
            editor.discardTypeahead()
            var chosen = dialog
            var end: ConversationEnd?
            // The language the person read in, for the reading prompt under their outcome.
            var language = dialog.language
            if let choice {
                switch chooseLanguage(choice, editor: editor, screen: screen) {
                case .chosen(let dialog): chosen = dialog
                case .quit: end = .ended
                case .inputClosed: end = .inputClosed
                }
            }
            if end == nil {
                let session: ChatSession
                do {
                    session = try makeSession(chosen)
                } catch {
                    FileHandle.standardError.write(Data("intake: \(error)\n".utf8))
                    return 1
                }
                language = session.language
                end = converse(with: session, editor: editor, screen: screen)
            }
            switch end! {
            case .inputClosed:
                screen.clearForNextPerson()
                return 0
            case .walkedAway:
                continue
            case .outcome, .ended:
                let answerPrompt = editor.prompt
                editor.prompt = prompt(REPLTexts.readingPrompt(in: language))
                let read = editor.readLine(idle: kiosk.readingTime)
                editor.prompt = answerPrompt
                if case .endOfFile = read, editor.inputClosed {
                    screen.clearForNextPerson()
                    return 0
                }
            }
        }
    }
}
