// ChatCommand: `intake chat`: a dialog on standard input and output (plain text, JSON lines, or the REPL).

import ArgumentParser
import AssessmentStore
import ChatREPL
import DialogKit
import Foundation
import LineEditing

struct Chat: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a dialog on standard input and output.",
        discussion: """
            Exit status: 0 when the dialog reached an outcome, 3 when input ended (or the person quit) \
            before one, 1 when the dialog does not load.
            """
    )

    @OptionGroup var dialogOptions: DialogOptions

    @OptionGroup var languageOptions: LanguageOptions

    @Flag(name: .long, help: "Write events as JSON lines (the contract in docs/protocol.md).")
    var json = false

    @Option(name: .long, help: "Wrap text at this many columns.")
    var width: Int?

    @Flag(name: .long, help: "No colour or bold at a terminal (also when NO_COLOR is set).")
    var noColor = false

    @Option(name: .long, help: ArgumentHelp("At a terminal, keep the answer history in this file (created 0600); by default it lasts this session only.", valueName: "file"))
    var history: String?

    @Flag(name: .long, help: "At a terminal, read key bindings from $EDITRC or ~/.editrc.")
    var editrc = false

    @Option(name: .long, help: ArgumentHelp("Keep the assessment in this store (a SQLite file, or a postgres:// URL in a build with PostgreSQL), each answer as it is given (see docs/storage.md).", valueName: "path|url"))
    var db: String?

    @Option(name: .long, help: ArgumentHelp("With --db: continue the kept session with this resume code.", valueName: "code"))
    var resume: String?

    @OptionGroup var kioskOptions: ChatKioskOptions

    @Option(name: .long, help: ArgumentHelp("Write the session as a transcript to this file (a test `intake test` passes as it stands).", valueName: "file"))
    var record: String?

    func validate() throws {
        guard kioskOptions.kiosk else { return }
        if json { throw ValidationError("--kiosk is for a terminal, not for --json.") }
        if resume != nil { throw ValidationError("--kiosk starts a new session for each person; --resume continues one.") }
        if record != nil { throw ValidationError("--kiosk cannot --record: a transcript is one person's session.") }
        if history != nil { throw ValidationError("--kiosk keeps no --history: the next person must not recall the last one's answers.") }
        if editrc { throw ValidationError("--kiosk reads no --editrc: a kiosk's keys must not be rebound by a file.") }
    }

    func run() throws {
        let requested = try languageOptions.requested()
        // At a terminal, a dialog with translations asks the language first, and Enter chooses the
        // terminal's (LANG); piped input and JSON get the dialog as written unless --language says otherwise.
        let atTerminal = !json && ChatREPL.isTerminal
        let preferred = requested == nil && atTerminal ? LanguageOptions.fromEnvironment() : nil
        let loaded = try dialogOptions.load(in: requested ?? preferred, isPreference: requested == nil)
        let choice = try languageOptions.choice(dialogPath: dialogOptions.path(), asksByDefault: atTerminal, preferred: preferred)
        if let kiosk = kioskOptions.times {
            try runKiosk(dialog: loaded, choice: choice, times: kiosk)
            return
        }
        if !json, ChatREPL.isTerminal {
            let options = ChatREPL.Options(
                color: TerminalColor.isWanted(disabledByFlag: noColor), historyFile: history, readEditrc: editrc, width: width)
            var recording: TranscriptRecording?
            let makeRecordedSession = { (dialog: Dialog) throws -> ChatSession in
                var session = try makeSession(dialog: dialog)
                recording = record.map { _ in TranscriptRecording(dialog: dialog) }
                session.recording = recording
                return session
            }
            let repl = ChatREPL(options: options)
            let status = try choice.map { repl.run(choosing: $0, makeSession: makeRecordedSession) } ?? repl.run(makeRecordedSession(loaded))
            if let recording, let record { try save(recording, to: record) }
            if status != 0 { throw ExitCode(status) }
            return
        }
        // Piped input is echoed so the output reads as a conversation; a terminal echoes by itself.
        let output = ChatOutput(
            json: json, echoesInput: isatty(STDIN_FILENO) == 0,
            renderer: TextRenderer(width: max(20, width ?? 80), color: false))
        // Piped: the language question and its answer as lines, like the dialog's.
        let dialog = try choice.map { try chooseLanguage($0, output: output) } ?? loaded
        var session = try makeSession(dialog: dialog)
        let recording = record.map { _ in TranscriptRecording(dialog: dialog) }
        session.recording = recording
        output.write(session.start())
        // Piped input: the same bytes out for the same bytes in. A line that is not valid UTF-8 is
        // decoded with replacement characters, which the session refuses with a clear retry.
        while !session.isOver, let line = readLine(strippingNewline: true) {
            let typed = line.hasSuffix("\r") ? String(line.dropLast()) : line
            output.echo(typed)
            output.write(session.receive(typed))
        }
        if let recording, let record { try save(recording, to: record) }
        if session.outcome != nil { return }
        if !session.isOver {
            output.notice("Input ended before the questionnaire was finished; nothing was concluded.")
        }
        throw ExitCode(3)
    }

    /// The language question on piped input, until a line chooses a language. Quitting there, or the
    /// input ending, ends the chat as quitting the dialog does (exit status 3).
    private func chooseLanguage(_ choice: LanguageChoice, output: ChatOutput) throws -> Dialog {
        output.write(choice.opening)
        while let line = readLine(strippingNewline: true) {
            let typed = line.hasSuffix("\r") ? String(line.dropLast()) : line
            output.echo(typed)
            switch choice.read(typed) {
            case .chosen(let dialog): return dialog
            case .again(let events): output.write(events)
            case .quit(let events):
                output.write(events)
                throw ExitCode(3)
            }
        }
        output.notice("Input ended before a language was chosen; nothing was asked.")
        throw ExitCode(3)
    }

    /// `--kiosk`: at a terminal only, each person a new session (kept in one store with `--db`).
    private func runKiosk(dialog: Dialog, choice: LanguageChoice?, times: KioskTimes) throws {
        guard ChatREPL.isTerminal else {
            StandardError.write("intake: --kiosk needs a terminal on standard input and output.\n")
            throw ExitCode(64)
        }
        let store = try db.map { try openStore(storeLocation($0)) }
        let options = ChatREPL.Options(
            color: TerminalColor.isWanted(disabledByFlag: noColor), historyFile: nil, readEditrc: false, width: width,
            kiosk: times)
        let status = ChatREPL(options: options).runKiosk(dialog: dialog, choice: choice) { dialog in
            guard let store else { return ChatSession(dialog: dialog) }
            return ChatSession(dialog: dialog, keptIn: store, channel: .chat, resuming: nil)
        }
        if status != 0 { throw ExitCode(status) }
    }

    /// The session to run: bare, or with `--db` kept in the store (and resumed with `--resume`).
    private func makeSession(dialog: Dialog) throws -> ChatSession {
        guard let db else {
            if resume != nil {
                StandardError.write("intake: --resume needs --db, the store the session was kept in.\n")
                throw ExitCode(64)
            }
            return ChatSession(dialog: dialog)
        }
        return ChatSession(dialog: dialog, keptIn: try openStore(storeLocation(db)), channel: json ? .json : .chat, resuming: resume)
    }
}

/// Writes a chat's events as plain text or JSON lines, flushing after each turn so a program on the
/// other end of a pipe sees every reply at once.
struct ChatOutput {
    var json: Bool
    var echoesInput: Bool
    var renderer: TextRenderer

    func write(_ events: [Event]) {
        var text = ""
        for event in events {
            if json {
                text += JSONLines.line(for: event) + "\n"
            } else {
                for line in renderer.lines(for: event) { text += line + "\n" }
            }
        }
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// The typed line, shown in plain text so a piped session reads as a conversation.
    func echo(_ line: String) {
        guard !json, echoesInput else { return }
        FileHandle.standardOutput.write(Data("> \(Session.sanitized(line))\n".utf8))
    }

    /// A line about the session itself: on stdout in plain text, on stderr with JSON (the stream holds only events).
    func notice(_ text: String) {
        if json {
            StandardError.write(text + "\n")
        } else {
            FileHandle.standardOutput.write(Data((text + "\n").utf8))
        }
    }
}
