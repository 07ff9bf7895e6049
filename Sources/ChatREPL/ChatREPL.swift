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

        /// The options as `intake chat` takes them from its flags and the environment.
        public init(color: Bool, historyFile: String?, readEditrc: Bool, width: Int? = nil) {
            self.color = color
            self.historyFile = historyFile
            self.readEditrc = readEditrc
            self.width = width
        }
    }

    /// Whether standard input and output are both terminals, where the REPL belongs.
    public static var isTerminal: Bool {
        isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1
    }

    /// Shown under the first question, once.
    static let keysTip = "Tab completes an answer, Up recalls one, Ctrl-C clears the line, Ctrl-D quits."

    /// The session to run: bare, or kept in the store with `--db`.
    let session: ChatSession
    let options: Options

    public init(session: ChatSession, options: Options) {
        self.session = session
        self.options = options
    }

    /// Runs the session to its end. Returns the exit status: 0 when an outcome was reached,
    /// 3 when the person quit (or the terminal went away) before one, 1 when the REPL cannot start.
    public func run() -> Int32 {
        let editor: LineEditor
        do {
            editor = try LineEditor(
                prompt: prompt("> "),
                options: LineEditor.Options(historyFile: options.historyFile, readEditrc: options.readEditrc))
        } catch {
            FileHandle.standardError.write(Data("intake: \(error)\n".utf8))
            return 1
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

        var session = self.session
        var confirming = false
        editor.completionProvider = { confirming ? ["yes", "no"] : session.completionCandidates }
        editor.resizeHandler = { columns in screen.redraw(columns: columns) }

        screen.show(session.start(), note: Self.keysTip)
        while !session.isOver {
            switch editor.readLine() {
            case .text(let line):
                editor.history.add(line)
                screen.show(session.receive(line))
            case .interrupt:
                continue
            case .endOfFile:
                confirming = true
                let quit = confirmQuit(editor)
                confirming = false
                if quit {
                    // The explicit form, so no answer of the question can be taken for it.
                    screen.show(session.receive("/quit"))
                } else if let ask = session.currentAsk {
                    screen.show([.ask(ask)])
                }
            }
        }
        return session.outcome != nil ? 0 : 3
    }

    /// Asks "Quit? (yes/no)" until the answer is clear. The end of input again means yes (the
    /// terminal is gone or the person insists); Ctrl-C means no.
    private func confirmQuit(_ editor: LineEditor) -> Bool {
        let questionPrompt = prompt("Quit? (yes/no) ")
        let answerPrompt = editor.prompt
        editor.prompt = questionPrompt
        defer { editor.prompt = answerPrompt }
        while true {
            switch editor.readLine() {
            case .endOfFile:
                return true
            case .interrupt:
                return false
            case .text(let line):
                let word = line.trimmingCharacters(in: .whitespaces).lowercased()
                if ["y", "yes", "yeah", "quit"].contains(word) { return true }
                if ["n", "no", "nope", ""].contains(word) { return false }
                editor.write("Please type yes to quit, or no to go on.\n")
            }
        }
    }

    /// A prompt, bold when colour is on (the escapes marked as taking no columns).
    private func prompt(_ text: String) -> String {
        guard options.color else { return text }
        return LineEditor.invisible("\u{1B}[1m") + text + LineEditor.invisible("\u{1B}[0m")
    }
}
