// ChatSession: the session `intake chat` runs: a bare Session, or one kept in the assessment store.

import AssessmentStore
import DialogKit
import DialogTesting
import Foundation

/// What `intake chat` feeds lines to, at a terminal (`ChatREPL`) or from a pipe. Without a store it is
/// the bare `Session`; with one it is a `StoredConversation` (answers saved as given, a resume code,
/// the reference in the outcome), and three wrong resume codes end the chat, as they close a server
/// connection.
public struct ChatSession {
    private var bare: Session?
    private var stored: StoredConversation?
    private var resumeCode: String?
    private var stoppedForCodes = false
    /// With `--record`: every turn is written down too (shared by copies, as the REPL makes one).
    public var recording: TranscriptRecording?

    /// Today where the person sits: the date the session counts relative dates from.
    static func today() -> CalendarDay {
        CalendarDay(unixTime: Int(Date().timeIntervalSince1970), utcOffset: TimeZone.current.secondsFromGMT())
    }

    /// A session that keeps nothing.
    public init(dialog: Dialog) {
        bare = Session(dialog: dialog, today: Self.today())
    }

    /// A session kept in `store`, each answer as it is given.
    /// - Parameters:
    ///   - channel: what the store records the session came by (`.chat`, or `.json` for `--json`).
    ///   - code: a resume code to continue a kept session with, or nil for a new one.
    public init(dialog: Dialog, keptIn store: AssessmentStore, channel: Channel, resuming code: String?) {
        stored = StoredConversation(dialog: dialog, store: store, channel: channel, today: Self.today())
        resumeCode = code
    }

    /// The opening: the greeting and the first question; with a store, the resume code too, or the
    /// resumed session's next question.
    public mutating func start() -> [Event] {
        let events = stored != nil ? stored!.start(resuming: resumeCode) : bare!.start()
        recording?.recorder.today = stored?.session.today ?? bare?.today
        recording?.recorder.opened(events)
        return events
    }

    /// The reply to one typed line, recorded with it when there is a recording.
    public mutating func receive(_ line: String) -> [Event] {
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
    public var completionCandidates: [String] { stored?.completionCandidates ?? bare!.completionCandidates }

    /// The question being asked now, to show again.
    public var currentAsk: Ask? { stored.map { $0.isOver ? nil : $0.session.currentAsk } ?? bare!.currentAsk }

    /// Whether the session has ended: an outcome, a quit, or too many wrong resume codes.
    public var isOver: Bool { stoppedForCodes || (stored?.isOver ?? bare!.isOver) }

    /// The outcome reached, if one was.
    public var outcome: OutcomeReport? { stored?.outcome ?? bare?.outcome }
    /// The language the person reads: the REPL's own words follow it.
    public var language: LanguageTag { stored?.language ?? bare!.dialog.language }
}
