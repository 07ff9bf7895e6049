// ChatREPL: `intake chat` at a terminal: the session through libedit, with completion, history and a quit check.
import DialogKit
import Foundation
import LineEditing

/// The dialog as a conversation at a keyboard: line editing (emacs keys), Tab to complete the
/// answers on offer and the commands, Up/Down and Ctrl-R over this session's answers, Ctrl-C to
/// clear the line, Ctrl-D to quit (after asking), text wrapped to the window and re-wrapped when
/// it changes size.
public struct ChatREPL {
    /// How the REPL looks and what it reads besides the keys.
    public struct Options {
        /// ANSI colour and bold (decided from NO_COLOR, --no-color and the terminal).
        public var color: Bool
        /// `--history FILE`: keep the history across runs; nil keeps it in memory for this session.
        public var historyFile: String?
        /// `--editrc`: read `$EDITRC` or `~/.editrc`.
        public var readEditrc: Bool
        /// `--width`: wrap at this many columns instead of the terminal's.
        public var width: Int?
        /// `--kiosk`: one person after another at the same screen (see `runKiosk`).
        public var kiosk: KioskTimes?

        /// The options as `intake chat` takes them from its flags and the environment.
        public init(color: Bool, historyFile: String?, readEditrc: Bool, width: Int? = nil, kiosk: KioskTimes? = nil) {
            self.color = color
            self.historyFile = historyFile
            self.readEditrc = readEditrc
            self.width = width
            self.kiosk = kiosk
        }
    }

    /// Whether standard input and output are both terminals, where the REPL belongs.
    public static var isTerminal: Bool {
        isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1
    }

    let options: Options

    public init(options: Options) {
        self.options = options
    }

    /// Runs `session` (bare, or kept in the store with `--db`) to its end. Returns the exit status:
    /// 0 when an outcome was reached, 3 when the person quit (or the terminal went away) before
    /// one, 1 when the REPL cannot start.
    public func run(_ session: ChatSession) -> Int32 {
        guard let (editor, screen) = makeEditor() else { return 1 }
        switch converse(with: session, editor: editor, screen: screen) {
        case .outcome: return 0
        case .ended, .inputClosed, .walkedAway: return 3
        }
    }

    /// The line editor and screen at this terminal, or nil (said on stderr) when libedit cannot start.
    func makeEditor() -> (LineEditor, ChatScreen)? {
        let editor: LineEditor
        do {
            editor = try LineEditor(
                prompt: prompt("> "),
                options: LineEditor.Options(
                    historyFile: options.historyFile, readEditrc: options.readEditrc,
                    clearsScreenOnSignal: options.kiosk != nil))
        } catch {
            FileHandle.standardError.write(Data("intake: \(error)\n".utf8))
            return nil
        }
        let screen = ChatScreen(editor: editor, color: options.color, fixedWidth: options.width)
        switch editor.editrc {
        case .notFound:
            screen.notice("No editrc file to read (looked for $EDITRC, then ~/.editrc); using the standard keys.")
        case .failed(let path):
            screen.notice("\(path) has a line the line editor does not understand; the lines before it apply.")
        case .notAsked, .read:
            break
        }
        editor.resizeHandler = { columns in screen.redraw(columns: columns) }
        return (editor, screen)
    }

    /// How one person's conversation ended.
    enum ConversationEnd {
        /// The dialog reached an outcome.
        case outcome
        /// The person quit, or the session ended without an outcome (too many wrong resume codes).
        case ended
        /// The terminal went away.
        case inputClosed
        /// Kiosk only: nobody answered the idle warning.
        case walkedAway
    }

    /// One person's session from the greeting to its end. In a kiosk, an answered session that
    /// sits idle is warned, then given up.
    func converse(with session: ChatSession, editor: LineEditor, screen: ChatScreen) -> ConversationEnd {
        var session = session
        var confirming = false
        let language = session.language
        editor.completionProvider = { confirming ? REPLTexts.quitCompletions(in: language) : session.completionCandidates }
        defer { editor.completionProvider = nil }

        screen.show(session.start(), note: REPLTexts.keysTip(in: language))
        var answered = false
        while !session.isOver {
            // Idle time counts once someone has answered: an untouched greeting may wait for ever.
            let idle = answered ? options.kiosk?.idleBeforeWarning : nil
            switch editor.readLine(idle: idle) {
            case .text(let line):
                answered = true
                editor.history.add(line)
                screen.show(session.receive(line))
            case .interrupt:
                continue
            case .idle:
                guard let kiosk = options.kiosk else { continue }
                screen.notice(REPLTexts.idleWarning(clearingIn: kiosk.idleWarning, in: language))
                switch editor.readLine(idle: kiosk.idleWarning) {
                case .idle: return .walkedAway
                case .endOfFile where editor.inputClosed: return .inputClosed
                case .text(let line) where !line.trimmingCharacters(in: .whitespaces).isEmpty:
                    editor.history.add(line)
                    screen.show(session.receive(line))
                case .text, .interrupt, .endOfFile:
                    if let ask = session.currentAsk { screen.show([.ask(ask)]) }
                }
            case .endOfFile:
                if editor.inputClosed { return .inputClosed }
                confirming = true
                let quit = confirmQuit(editor, in: language)
                confirming = false
                if editor.inputClosed { return .inputClosed }
                if quit {
                    // The explicit form, so no answer of the question can be taken for it.
                    screen.show(session.receive("/quit"))
                } else if let ask = session.currentAsk {
                    screen.show([.ask(ask)])
                }
            }
        }
        return session.outcome != nil ? .outcome : .ended
    }

    /// Asks "Quit? (yes/no)" until the answer is clear. The end of input again means yes (the
    /// terminal is gone or the person insists), and so does silence in a kiosk (the person has
    /// gone); Ctrl-C means no.
    private func confirmQuit(_ editor: LineEditor, in language: LanguageTag) -> Bool {
        let questionPrompt = prompt(REPLTexts.quitQuestion(in: language))
        let answerPrompt = editor.prompt
        editor.prompt = questionPrompt
        defer { editor.prompt = answerPrompt }
        while true {
            switch editor.readLine(idle: options.kiosk?.idleWarning) {
            case .endOfFile, .idle:
                return true
            case .interrupt:
                return false
            case .text(let line):
                if let quit = REPLTexts.quitAnswer(line) { return quit }
                editor.write(REPLTexts.quitAgain(in: language))
            }
        }
    }

    /// A prompt, bold when colour is on (the escapes marked as taking no columns).
    func prompt(_ text: String) -> String {
        guard options.color else { return text }
        return LineEditor.invisible("\u{1B}[1m") + text + LineEditor.invisible("\u{1B}[0m")
    }
}
