// ChatREPL+Language: `intake chat --language ask`: the language question at the terminal, before the dialog.
import DialogKit
import Foundation
import LineEditing

extension ChatREPL {
    /// How the language question ended.
    enum LanguageAnswer {
        case chosen(Dialog)
        /// The person typed quit: the conversation ends before it began.
        case quit
        /// The terminal went away.
        case inputClosed
    }

    /// Asks `choice`'s question, then runs the session `makeSession` gives for the dialog in the
    /// language chosen. Returns the exit status as `run` does (3 when the person quit at the question).
    public func run(choosing choice: LanguageChoice, makeSession: (Dialog) throws -> ChatSession) -> Int32 {
        guard let (editor, screen) = makeEditor() else { return 1 }
        guard case .chosen(let dialog) = chooseLanguage(choice, editor: editor, screen: screen) else { return 3 }
        let session: ChatSession
        do {
            session = try makeSession(dialog)
        } catch {
            FileHandle.standardError.write(Data("intake: \(error)\n".utf8))
            return 1
        }
        switch converse(with: session, editor: editor, screen: screen) {
        case .outcome: return 0
        case .ended, .inputClosed, .walkedAway: return 3
        }
    }

    /// The language question until a language is chosen. Ctrl-D quits at once: nothing has been
    /// answered that asking "Quit?" would keep. Like an untouched greeting, the question waits for
    /// ever, in a kiosk too.
    func chooseLanguage(_ choice: LanguageChoice, editor: LineEditor, screen: ChatScreen) -> LanguageAnswer {
        editor.completionProvider = { choice.dialogs.map { LanguageChoice.name(of: $0) } }
        defer { editor.completionProvider = nil }
        screen.show(choice.opening)
        while true {
            switch editor.readLine(idle: nil) {
            case .text(let line):
                switch choice.read(line) {
                case .chosen(let dialog): return .chosen(dialog)
                case .again(let events): screen.show(events)
                case .quit(let events):
                    screen.show(events)
                    return .quit
                }
            case .interrupt, .idle:
                continue
            case .endOfFile:
                return editor.inputClosed ? .inputClosed : .quit
            }
        }
    }
}
