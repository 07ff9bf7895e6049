// SessionSnapshot: a session as Codable data (the answers in order), restored by replaying them.

/// What a session needs to continue later: which dialog, and the answers in the order given.
/// Restoring replays the answers through the flow, so computed values are never stored stale.
public struct SessionSnapshot: Sendable, Equatable, Codable {
    public struct Answer: Sendable, Equatable, Codable {
        public var question: String
        /// nil for a skipped optional question, or one answered "not sure" where doubt is kept as it is.
        public var value: Value?
        /// Whether the answer was doubt ("not sure"); absent in snapshots taken before doubt was an answer.
        public var unsure: Bool?
        /// What an "other, please specify" answer said it is; absent for any other answer.
        public var other: String?

        public init(question: String, value: Value?, unsure: Bool = false, other: String? = nil) {
            self.question = question
            self.value = value
            self.unsure = unsure ? true : nil
            self.other = other
        }
    }

    public var dialogID: String
    public var dialogVersion: String
    public var contentHash: String
    public var answers: [Answer]
    /// Whether the person quit (a finished session's outcome follows from its answers).
    public var quit: Bool
    /// The session's date (`2026-11-24`), when it was given one: a resumed session counts relative
    /// dates from the day it started. Absent in snapshots of sessions without one.
    public var today: String?

    public init(dialogID: String, dialogVersion: String, contentHash: String, answers: [Answer], quit: Bool) {
        self.dialogID = dialogID
        self.dialogVersion = dialogVersion
        self.contentHash = contentHash
        self.answers = answers
        self.quit = quit
    }
}

/// Why a snapshot cannot be restored.
public enum SnapshotError: Error, Equatable, CustomStringConvertible {
    /// The snapshot was taken under another dialog or another version of it.
    case differentDialog(expected: String, found: String)
    /// An answer names a question the dialog does not have, or has a value of the wrong kind.
    case unknownQuestion(String)

    public var description: String {
        switch self {
        case .differentDialog(let expected, let found): "the session was started with \(found), not \(expected)"
        case .unknownQuestion(let id): "the saved answers name `\(id)`, which this dialog does not ask"
        }
    }
}

extension Session {
    /// The session as data.
    public var snapshot: SessionSnapshot {
        var snapshot = SessionSnapshot(
            dialogID: dialog.id, dialogVersion: dialog.version, contentHash: dialog.contentHash,
            answers: keptAnswers.map { SessionSnapshot.Answer(question: dialog.questions[$0.question].id, value: $0.value, unsure: $0.unsure, other: $0.other) },
            quit: isQuit)
        snapshot.today = today?.iso
        return snapshot
    }

    /// Continues a session from its snapshot. The events returned show where it stands: the question
    /// now asked, or the outcome. The dialog must be the same text the snapshot was taken under.
    /// `today` is used when the snapshot holds no date of its own.
    public static func restore(_ snapshot: SessionSnapshot, dialog: Dialog, today: CalendarDay? = nil) throws(SnapshotError) -> (Session, [Event]) {
        guard snapshot.dialogID == dialog.id, snapshot.dialogVersion == dialog.version, snapshot.contentHash == dialog.contentHash else {
            throw .differentDialog(
                expected: "\(dialog.id) version \(dialog.version)",
                found: "\(snapshot.dialogID) version \(snapshot.dialogVersion)")
        }
        var replay: [Session.KeptAnswer] = []
        for answer in snapshot.answers {
            guard let index = dialog.questionIndex[answer.question] else { throw .unknownQuestion(answer.question) }
            if let value = answer.value, !Self.value(value, fits: dialog.slotTypes[index], question: dialog.questions[index]) {
                throw .unknownQuestion(answer.question)
            }
            replay.append(Session.KeptAnswer(question: index, value: answer.value, unsure: answer.unsure ?? false, other: answer.other))
        }
        var session = Session(dialog: dialog, today: snapshot.today.flatMap { CalendarDay(iso: $0) } ?? today)
        let events = UserTexts.speaking(dialog.language) { session.resume(replaying: replay, quit: snapshot.quit) }
        return (session, events)
    }

    private static func value(_ value: Value, fits type: ValueType, question: Question) -> Bool {
        switch (value, type) {
        case (.bool, .bool), (.number, .number), (.number, .date), (.number, .time), (.text, .text): return true
        case (.option(let index), .option): return question.options.indices.contains(index)
        case (.options(let bits), .options): return question.options.count == 64 || bits >> UInt64(question.options.count) == 0
        default: return false
        }
    }
}

// MARK: - The answers kept

extension Session {
    /// The answers in the order given, with their current values: what a store keeps, and what
    /// `SessionSnapshot` names by question id.
    public var keptAnswers: [KeptAnswer] {
        answered.map {
            KeptAnswer(question: Int($0), value: values.value(ofSlot: Int($0)), unsure: values.answers.isUnsure(Int($0)), other: values.otherText(Int($0)))
        }
    }

    /// How many answers `keptAnswers` holds, without building it.
    public var keptAnswerCount: Int { answered.count }

    /// An answer as kept: the question (its index in `dialog.questions`), its value (nil when skipped
    /// or kept as "not sure"), and whether it was doubt.
    public struct KeptAnswer: Sendable, Equatable {
        public var question: Int
        public var value: Value?
        public var unsure: Bool
        /// What an "other, please specify" answer said it is.
        public var other: String?

        public init(question: Int, value: Value?, unsure: Bool, other: String? = nil) {
            self.question = question
            self.value = value
            self.unsure = unsure
            self.other = other
        }
    }

    var isQuit: Bool { phase == .quit }

    /// Replays answers from the start (see `SessionSnapshot`) and returns the events that show where the session stands.
    mutating func resume(replaying kept: [KeptAnswer], quit: Bool) -> [Event] {
        var events: [Event] = []
        rewind(replaying: kept, into: &events)
        if quit && !isOver {
            phase = .quit
            return [.end]
        }
        return events
    }
}
