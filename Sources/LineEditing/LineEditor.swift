// LineEditor: libedit behind a small API: a prompt, readLine(), Tab completion, history, a terminal put back.
import CEditLine
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a line editor could not start.
public enum LineEditorError: Error, CustomStringConvertible {
    /// The `--history` file cannot be used.
    case historyFile(HistoryFileError)
    /// libedit refused to start (out of memory, or no terminal description).
    case cannotStart

    public var description: String {
        switch self {
        case .historyFile(let error): return error.description
        case .cannotStart: return "the line editor (libedit) could not start"
        }
    }
}

/// One person's line editing at a terminal: emacs keys, this session's history (Up/Down, Ctrl-R),
/// Tab completion from `completionProvider`, Ctrl-C to drop a line, Ctrl-D to end.
///
/// The editor owns libedit's EditLine and History. libedit puts the terminal in raw mode only
/// while `readLine()` waits for a line and back after it; the editor's deinit ends libedit
/// (`el_end`, which restores the terminal as it found it), and while an editor lives, a signal
/// that ends the process (SIGTERM, SIGINT, SIGHUP, SIGQUIT, or a crash) restores it first.
/// `~/.editrc` is read only when asked: a kiosk's keys must not be rebound by a file.
public final class LineEditor {
    /// How to set an editor up.
    public struct Options: Sendable {
        /// A file to keep history in across runs (created 0600); nil keeps it in memory only.
        public var historyFile: String?
        /// Read `$EDITRC` or `~/.editrc` (key bindings, settings) after the defaults.
        public var readEditrc: Bool
        /// Entries the history keeps.
        public var historySize: Int
        /// The terminal to read keys from and draw on.
        public var input: Int32
        public var output: Int32
        /// Install the signal handlers that restore the terminal and notice resizes.
        public var guardsTerminal: Bool
        /// With `guardsTerminal`: a signal that ends the process clears the screen and scrollback too (a kiosk).
        public var clearsScreenOnSignal: Bool

        public init(
            historyFile: String? = nil, readEditrc: Bool = false, historySize: Int = 500,
            input: Int32 = STDIN_FILENO, output: Int32 = STDOUT_FILENO, guardsTerminal: Bool = true,
            clearsScreenOnSignal: Bool = false
        ) {
            self.historyFile = historyFile
            self.readEditrc = readEditrc
            self.historySize = historySize
            self.input = input
            self.output = output
            self.guardsTerminal = guardsTerminal
            self.clearsScreenOnSignal = clearsScreenOnSignal
        }
    }

    /// The prompt shown before the line. Text between two "\u{1}" takes no columns (use
    /// `LineEditor.invisible` for colour escapes).
    public var prompt: String {
        didSet { replacePromptBuffer() }
    }

    /// What Tab may complete to; asked at each Tab.
    public var completionProvider: (() -> [String])?

    /// Called during `readLine()` when the terminal changed size, with the new column count.
    /// It may redraw the screen; it must leave the cursor at the start of a line, where the
    /// prompt and the line being edited are drawn again.
    public var resizeHandler: ((Int) -> Void)?

    /// This editor's history: what Up, Down and Ctrl-R walk.
    public let history: EditHistory

    /// What became of `Options.readEditrc`.
    public enum EditrcStatus: Equatable, Sendable {
        /// Not asked for: libedit's standard keys and ours.
        case notAsked
        /// Asked for, but neither $EDITRC nor ~/.editrc names a readable file.
        case notFound
        /// Read from this file.
        case read(String)
        /// This file has a line libedit did not take; the lines before it were applied.
        case failed(String)
    }

    /// Whether an editrc file was read at start.
    public private(set) var editrc = EditrcStatus.notAsked

    /// Whether the input itself has ended (the terminal hung up, or a pipe closed), as opposed to
    /// Ctrl-D typed at the keyboard. A kiosk carries on after Ctrl-D and stops only here.
    public private(set) var inputClosed = false

    /// Columns of the output terminal now.
    public var columns: Int { TerminalSize.columns(of: outputFD) }

    private let editLine: OpaquePointer
    private let inputFD: Int32
    private let outputFD: Int32
    private let inputStream: UnsafeMutablePointer<FILE>
    private let outputStream: UnsafeMutablePointer<FILE>
    private let ownsStreams: (input: Bool, output: Bool)
    private let guardsTerminal: Bool
    private var promptBuffer: UnsafeMutablePointer<CChar>
    private var interrupted = false
    private var lastAmbiguousTab: TabState?
    private var decoder = mbstate_t()
    /// While `readLine(idle:)` waits: the idle time allowed between keys, and when it runs out.
    private var idleLimit: Duration?
    private var idleDeadline: ContinuousClock.Instant?
    private var timedOut = false

    /// Sets up libedit on the terminal; the line is read by `readLine()`.
    public init(prompt: String, options: Options = Options()) throws(LineEditorError) {
        CharacterLocale.prepare()
        let history: EditHistory
        do {
            history = try EditHistory(size: options.historySize, file: options.historyFile)
        } catch {
            throw .historyFile(error)
        }
        let ownsStreams = (input: options.input != STDIN_FILENO, output: options.output != STDOUT_FILENO)
        let input = ownsStreams.input ? fdopen(dup(options.input), "r") : intake_stdin()
        let output = ownsStreams.output ? fdopen(dup(options.output), "w") : intake_stdout()
        if options.guardsTerminal { TerminalGuard.install(terminal: options.input, output: options.output, clearsScreen: options.clearsScreenOnSignal) }
        guard let input, let output,
              let editLine = el_init_fd("intake", input, output, intake_stderr(), options.input, options.output, STDERR_FILENO)
        else {
            if ownsStreams.input, let input { fclose(input) }
            if ownsStreams.output, let output { fclose(output) }
            if options.guardsTerminal { TerminalGuard.uninstall() }
            throw .cannotStart
        }
        self.editLine = editLine
        self.history = history
        self.inputFD = options.input
        self.outputFD = options.output
        self.inputStream = input
        self.outputStream = output
        self.ownsStreams = ownsStreams
        self.guardsTerminal = options.guardsTerminal
        self.prompt = prompt
        self.promptBuffer = strdup(prompt) ?? strdup("")!
        configure()
        if options.readEditrc {
            if let path = Self.editrcPath() {
                editrc = el_source(editLine, path) == 0 ? .read(path) : .failed(path)
            } else {
                editrc = .notFound
            }
        }
    }

    deinit {
        el_end(editLine)
        if ownsStreams.input { fclose(inputStream) }
        if ownsStreams.output { fclose(outputStream) }
        free(promptBuffer)
        if guardsTerminal { TerminalGuard.uninstall() }
    }

    /// Reads one line with editing. Ctrl-C gives `.interrupt` (the line is dropped and the caller
    /// carries on); Ctrl-D on an empty line, or the end of the input, gives `.endOfFile`.
    /// The line is not added to the history: the caller decides what is worth recalling.
    /// - Parameter idle: with a time, `.idle` comes back when no key was pressed for that long
    ///   (each key starts the time again), and the half-typed line is dropped.
    public func readLine(idle: Duration? = nil) -> Line {
        interrupted = false
        timedOut = false
        lastAmbiguousTab = nil
        idleLimit = idle
        idleDeadline = idle.map { ContinuousClock.now + $0 }
        defer {
            idleLimit = nil
            idleDeadline = nil
        }
        fflush(outputStream)
        // Raw mode before the prompt is drawn (libedit would switch at the first key): what is
        // typed once the prompt shows goes to the editor, not to the kernel's line discipline.
        intake_el_prep_term(editLine, 1)
        var count: Int32 = 0
        let line = el_wgets(editLine, &count)
        if interrupted { return .interrupt }
        if timedOut {
            // libedit took the timeout for the end of input and kept the half-typed line: clear it
            // (the next read starts empty) and leave the cursor on a fresh line.
            el_reset(editLine)
            write("\n")
            return .idle
        }
        guard let line, count > 0 else {
            // libedit leaves the cursor after the "^D" it echoed; what comes next starts below.
            write("\n")
            return .endOfFile
        }
        var text = WideText.string(from: line, to: line + Int(count))
        while let last = text.unicodeScalars.last, last == "\n" || last == "\r" {
            text.unicodeScalars.removeLast()
        }
        return .text(text)
    }

    /// Writes text to the terminal (in order with what libedit draws, through the same stream).
    public func write(_ text: String) {
        fputs(text, outputStream)
        fflush(outputStream)
    }

    /// Throws away whatever was typed and not yet read, so keys pressed while the screen was
    /// showing something else (or by the person before) do not become the next answer.
    public func discardTypeahead() {
        _ = tcflush(inputFD, TCIFLUSH)
    }

    /// The bytes that clear a terminal's screen and its scrollback (ED 2, and ED 3, the xterm
    /// extension that tmux, xterm and VTE terminals understand), leaving the cursor at the top left.
    public static let clearScreenAndScrollback = "\u{1B}[H\u{1B}[2J\u{1B}[3J"

    /// `text` marked as taking no columns in a prompt (for ANSI escapes).
    public static func invisible(_ text: String) -> String {
        "\u{1}" + text + "\u{1}"
    }

    /// The editrc file libedit would read: `$EDITRC`, else `~/.editrc`, if it exists.
    public static func editrcPath(environment: [String: String]? = nil) -> String? {
        let environment = environment ?? Environment.current
        let path: String
        if let explicit = environment["EDITRC"], !explicit.isEmpty {
            path = explicit
        } else if let home = environment["HOME"], !home.isEmpty {
            path = home + "/.editrc"
        } else {
            return nil
        }
        return access(path, R_OK) == 0 ? path : nil
    }

    // MARK: - Setting libedit up

    private func configure() {
        intake_el_set_clientdata(editLine, Unmanaged.passUnretained(self).toOpaque())
        intake_el_set_prompt(editLine, promptCallback, 1)
        intake_el_set_editor(editLine, "emacs")
        // Signals are TerminalGuard's: libedit's own handling re-sends them to the whole
        // process group.
        intake_el_set_signal(editLine, 0)
        intake_el_set_getcfn(editLine, readCharacterCallback)
        intake_el_set_hist(editLine, history.handle)
        // Ctrl-C arrives as a key while editing (no SIGINT), so it can clear the line; outside
        // readLine the terminal is as it was and Ctrl-C ends the program as usual.
        intake_el_setty(editLine, "-d", "-isig")
        intake_el_addfn(editLine, "intake-complete", "Complete the answer on offer", completeCallback)
        intake_el_addfn(editLine, "intake-interrupt", "Drop the line", interruptCallback)
        intake_el_bind(editLine, "^I", "intake-complete")
        intake_el_bind(editLine, "^C", "intake-interrupt")
        // libedit's emacs map has Ctrl-R redraw; people expect it to search the history.
        intake_el_bind(editLine, "^R", "em-inc-search-prev")
        // And Ctrl-W to delete the word before the cursor, as in shells.
        intake_el_bind(editLine, "^W", "ed-delete-prev-word")
    }

    private func replacePromptBuffer() {
        guard let buffer = strdup(prompt) else { return }
        free(promptBuffer)
        promptBuffer = buffer
    }

    // MARK: - Called back by libedit

    fileprivate static func owner(of editLine: OpaquePointer?) -> LineEditor? {
        guard let editLine, let data = intake_el_get_clientdata(editLine) else { return nil }
        return Unmanaged<LineEditor>.fromOpaque(data).takeUnretainedValue()
    }

    fileprivate var promptPointer: UnsafeMutablePointer<CChar> { promptBuffer }

    /// One character from the terminal. Waits on the input and on the resize pipe together, so
    /// a resize redraws at once rather than after the next key.
    fileprivate func readCharacter(into character: UnsafeMutablePointer<wchar_t>) -> Int32 {
        while true {
            let resizeFD = guardsTerminal ? TerminalGuard.resizeFD : -1
            var watched = [
                pollfd(fd: inputFD, events: Int16(POLLIN), revents: 0),
                pollfd(fd: resizeFD, events: Int16(POLLIN), revents: 0),
            ]
            let ready = poll(&watched, resizeFD >= 0 ? 2 : 1, pollTimeout())
            if ready < 0 {
                if errno == EINTR { continue }
                inputClosed = true
                return -1
            }
            if ready == 0, let deadline = idleDeadline, ContinuousClock.now >= deadline {
                timedOut = true
                return 0
            }
            if resizeFD >= 0, watched[1].revents != 0, TerminalGuard.takeResize() {
                redrawAfterResize()
                continue
            }
            guard watched[0].revents != 0 else { continue }
            var byte: CChar = 0
            let count = read(inputFD, &byte, 1)
            if count < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                inputClosed = true
                return -1
            }
            if count == 0 {
                inputClosed = true
                return 0
            }
            // A key: the person is there, so the idle time starts again.
            if let idleLimit { idleDeadline = ContinuousClock.now + idleLimit }
            var wide: wchar_t = 0
            switch mbrtowc(&wide, &byte, 1, &decoder) {
            case -2:
                continue  // the middle of a multibyte character
            case -1:
                decoder = mbstate_t()  // not valid in this encoding: drop it
                continue
            default:
                character.pointee = wide
                return 1
            }
        }
    }

    /// Milliseconds `poll` may wait: until the idle deadline, or for ever without one.
    private func pollTimeout() -> Int32 {
        guard let idleDeadline else { return -1 }
        let left = ContinuousClock.now.duration(to: idleDeadline)
        if left <= .zero { return 0 }
        let (seconds, attoseconds) = left.components
        return Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1)
    }

    private func redrawAfterResize() {
        el_resize(editLine)
        if let resizeHandler {
            resizeHandler(columns)
        } else {
            write("\n")
        }
        fflush(outputStream)
        intake_el_refresh(editLine)
    }

    /// Tab: complete the phrase before the cursor; when nothing can be added, a second Tab on
    /// the same line lists what is on offer.
    fileprivate func complete() -> UInt8 {
        guard let info = el_wline(editLine)?.pointee else { return UInt8(CC_ERROR) }
        let before = WideText.string(from: info.buffer, to: info.cursor)
        let proposal = Completion.propose(before: before, candidates: completionProvider?() ?? [])
        switch proposal.result {
        case .noMatch:
            lastAmbiguousTab = nil
            return UInt8(CC_REFRESH_BEEP)
        case .unique(let phrase):
            replace(proposal.word, with: phrase)
            lastAmbiguousTab = nil
            return UInt8(CC_REFRESH)
        case .extended(let common, _):
            replace(proposal.word, with: common)
            lastAmbiguousTab = currentTabState()
            return UInt8(CC_REFRESH)
        case .ambiguous(let matches):
            let state = currentTabState()
            guard state == lastAmbiguousTab else {
                lastAmbiguousTab = state
                return UInt8(CC_REFRESH_BEEP)
            }
            write("\n" + Completion.layout(matches, width: columns).joined(separator: "\n") + "\n")
            // As libedit's own completion does: the prompt and line are drawn again below the list.
            return UInt8(CC_REDISPLAY)
        }
    }

    /// Ctrl-C: show "^C" after the line, end it, and tell `readLine` to drop it.
    fileprivate func interrupt() -> UInt8 {
        interrupted = true
        if let info = el_wline(editLine)?.pointee {
            el_cursor(editLine, Int32(info.lastchar - info.cursor))
        }
        WideText.make("^C").withUnsafeBufferPointer { _ = el_winsertstr(editLine, $0.baseAddress) }
        // The newline goes through the key map, so libedit moves below the line and returns it.
        WideText.make("\n").withUnsafeBufferPointer { el_wpush(editLine, $0.baseAddress) }
        return UInt8(CC_REFRESH)
    }

    private func replace(_ word: String, with phrase: String) {
        el_deletestr(editLine, Int32(word.unicodeScalars.count))
        WideText.make(phrase).withUnsafeBufferPointer { _ = el_winsertstr(editLine, $0.baseAddress) }
    }

    private func currentTabState() -> TabState? {
        guard let info = el_wline(editLine)?.pointee else { return nil }
        return TabState(line: WideText.string(from: info.buffer, to: info.lastchar), cursor: info.cursor - info.buffer)
    }

    private struct TabState: Equatable {
        var line: String
        var cursor: Int
    }
}

// The functions libedit calls. They find their editor through EL_CLIENTDATA.

nonisolated(unsafe) private let emptyPrompt: UnsafeMutablePointer<CChar> = strdup("")!

private let promptCallback: intake_el_prompt_fn = { editLine in
    LineEditor.owner(of: editLine)?.promptPointer ?? emptyPrompt
}

private let readCharacterCallback: intake_el_getc_fn = { editLine, character in
    guard let character, let editor = LineEditor.owner(of: editLine) else { return -1 }
    return editor.readCharacter(into: character)
}

private let completeCallback: intake_el_command_fn = { editLine, _ in
    LineEditor.owner(of: editLine)?.complete() ?? UInt8(CC_ERROR)
}

private let interruptCallback: intake_el_command_fn = { editLine, _ in
    LineEditor.owner(of: editLine)?.interrupt() ?? UInt8(CC_ERROR)
}
