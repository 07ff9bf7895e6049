// ChatStorage: the session `intake chat` runs: a bare Session, or with --db one kept in the store.

import ArgumentParser
import AssessmentStore
import DialogKit
import DialogTesting

/// What `intake chat` feeds lines to. Without a store it is the bare `Session`; with `--db` it is a
/// `StoredConversation` (answers saved as given, a resume code, the reference in the outcome), and
/// three wrong resume codes end the chat, as they close a server connection.
struct ChatSession {
    private var bare: Session?
    private var stored: StoredConversation?
    private var resumeCode: String?
    private var stoppedForCodes = false
    /// With `--record`: every turn is written down too (shared by copies, as the REPL makes one).
    var recording: TranscriptRecording?

    /// - Parameters:
    ///   - db: the store to keep the session in, or nil to keep nothing.
    ///   - resume: a resume code to continue (needs `db`).
    init(dialog: Dialog, db: String?, resume: String?, json: Bool) throws {
        guard let db else {
            if resume != nil {
                StandardError.write("intake: --resume needs --db, the store the session was kept in.\n")
                throw ExitCode(64)
            }
            bare = Session(dialog: dialog)
            return
        }
        stored = StoredConversation(dialog: dialog, store: try openStore(path: db), channel: json ? .json : .chat)
        resumeCode = resume
    }

    mutating func start() -> [Event] {
        let events = stored != nil ? stored!.start(resuming: resumeCode) : bare!.start()
        recording?.recorder.opened(events)
        return events
    }

    mutating func receive(_ line: String) -> [Event] {
        let events = receiveUnrecorded(line)
        recording?.recorder.typed(line, events: events)
        return events
    }

    private mutating func receiveUnrecorded(_ line: String) -> [Event] {
        guard stored != nil else { return bare!.receive(line) }
        var events = stored!.receive(line)
        if stored!.hasTooManyWrongCodes, !stored!.isOver {
            stoppedForCodes = true
            events.append(.say(Say(
                "\(StoredConversation.wrongCodeLimit) resume codes did not work, so this session ends here. Start again to try once more.",
                style: .notice)))
            events.append(.end)
        }
        return events
    }

    /// What Tab may complete to now (with a store, `resume` too before the first answer).
    var completionCandidates: [String] { stored?.completionCandidates ?? bare!.completionCandidates }

    /// The question being asked now, to show again.
    var currentAsk: Ask? { stored.map { $0.isOver ? nil : $0.session.currentAsk } ?? bare!.currentAsk }

    var isOver: Bool { stoppedForCodes || (stored?.isOver ?? bare!.isOver) }

    var outcome: OutcomeReport? { stored?.outcome ?? bare?.outcome }
}
