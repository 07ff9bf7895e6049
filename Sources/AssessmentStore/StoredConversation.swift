// StoredConversation: a Session that keeps itself: each accepted answer written before the next question, resume codes, the reference.

import DialogKit
import Foundation

/// A `Session` whose every accepted answer is in the store before the reply that shows the next
/// question is returned. A channel (the terminal chat, one server connection) owns one, feeds it
/// the person's lines and renders the events, exactly as it would a bare `Session`:
///
/// - `start()` stores a new session and tells the person its resume code (before the first question);
/// - `resume CODE`, typed before the first answer, continues a stored session at the question it
///   had reached, with every answer kept (or says why not: unknown, expired, finished, or started
///   under another version of the dialog);
/// - the outcome carries the reference to quote.
///
/// The limit on wrong codes belongs to the connection: it reads `wrongCodes` after each line and
/// closes at `wrongCodeLimit`. If a write fails, the answer is not taken: the person is told and
/// asked the same question again, so nothing shown as accepted is ever missing from the store.
public struct StoredConversation: Sendable {
    /// Wrong codes a connection may give before it is closed.
    public static let wrongCodeLimit = 3

    public let store: AssessmentStore
    public let channel: Channel
    /// The session as it stands.
    public private(set) var session: Session
    /// Codes given on this connection that did not resume anything (unknown, expired, finished).
    public private(set) var wrongCodes = 0
    /// The stored session's row; nil before `start` or when the store could not be written at start.
    private var lease: AssessmentStore.Lease?
    /// The answer rows as stored, to know which to keep at the next write.
    private var storedAnswers: [StoredAnswer] = []
    private var reference: String?
    /// Set when another connection resumed this session: this one says so and ends.
    private var overtaken = false
    private var started = false

    public init(dialog: Dialog, store: AssessmentStore, channel: Channel) {
        self.session = Session(dialog: dialog)
        self.store = store
        self.channel = channel
    }

    // MARK: - The interface a channel uses

    /// The opening. With `code`, tries to resume that session first (as `intake chat --resume`);
    /// otherwise, or if that fails, a new session is stored and its resume code shown before the
    /// first question.
    public mutating func start(resuming code: String? = nil) -> [Event] {
        guard !started else { return [] }
        started = true
        var prefix: [Event] = []
        if let code {
            // Before the session has started there is no question to retry: a refusal is a notice.
            let (events, resumed) = resume(typed: code)
            if resumed { return events }
            prefix = events
        }
        var events = session.start()
        do {
            let lease = try store.open(session.snapshot, channel: channel)
            self.lease = lease
            let note = Say(
                "Your resume code is \(lease.resumeCode). If you are cut off, start again and type: resume \(lease.resumeCode)",
                style: .notice)
            // After the title and intro, before the first section and question.
            let afterIntro = events.lastIndex { if case .say(let say) = $0 { say.style == .intro } else { false } }
            events.insert(.say(note), at: min(events.count, (afterIntro ?? 0) + 1))
        } catch {
            events.insert(.say(Say(Self.unsavedNotice, style: .notice)), at: 0)
        }
        return prefix + events
    }

    /// One line the person typed. Returns the events to show; when the line was an answer, it is
    /// already in the store.
    public mutating func receive(_ line: String) -> [Event] {
        if !started {
            let opening = start()
            return opening + receive(line)
        }
        if overtaken { return [.end] }
        if session.snapshot.answers.isEmpty, !session.isOver, let code = Self.resumeArgument(line) {
            return resume(typed: code).events
        }
        let before = session
        let events = session.receive(line)
        guard let lease else { return events }
        let snapshot = session.snapshot
        let previous = before.snapshot
        guard snapshot != previous || session.isOver != before.isOver else { return events }
        let change = answerChange(to: snapshot, typed: Session.sanitized(line))
        let ending: AssessmentStore.Ending? =
            if let outcome = session.outcome {
                .outcome(id: outcome.id, code: outcome.code, flags: outcome.flags)
            } else if session.isOver {
                .quit
            } else {
                nil
            }
        do {
            let saved = try store.save(lease, snapshot: snapshot, answers: change, ending: ending)
            self.lease?.revision = saved.revision
            storedAnswers = Array(storedAnswers.prefix(change.keeping)) + change.rows
            if let made = saved.reference { reference = made }
            return events.map(withReference)
        } catch .continuedElsewhere {
            overtaken = true
            session = before
            return [.say(Say(Self.overtakenNotice, style: .notice)), .end]
        } catch {
            // Not kept, so not taken: back to the state before the line, and the same question again.
            session = before
            var reply: [Event] = [.say(Say(Self.notSavedNotice, style: .notice))]
            if let ask = before.currentAsk { reply.append(.ask(ask)) }
            return reply
        }
    }

    /// Whether the conversation is over (an outcome, quit, or the session continued elsewhere).
    public var isOver: Bool { overtaken || session.isOver }

    /// The outcome, with the reference filled in once stored.
    public var outcome: OutcomeReport? {
        guard var outcome = session.outcome else { return nil }
        outcome.reference = reference
        return outcome
    }

    /// The id of the question being asked, if any.
    public var currentQuestionID: String? { overtaken ? nil : session.currentQuestionID }

    /// What Tab may complete to: the session's candidates, and `resume` before the first answer.
    public var completionCandidates: [String] {
        session.snapshot.answers.isEmpty ? session.completionCandidates + ["resume"] : session.completionCandidates
    }

    /// The session's resume code (`K7PX-R2M4-QH9T`), once stored.
    public var resumeCode: String? { lease?.resumeCode }

    /// Whether the store holds this session (it could not be written at the start otherwise).
    public var isStored: Bool { lease != nil }

    /// Whether the connection has had its share of wrong codes and should be closed.
    public var hasTooManyWrongCodes: Bool { wrongCodes >= Self.wrongCodeLimit }

    // MARK: - Resuming

    /// The code after `resume` ("resume k7px r2m4 qh9t"), or nil when the line is not that command.
    static func resumeArgument(_ line: String) -> String? {
        let words = Session.sanitized(line).split(separator: " ", maxSplits: 1)
        guard let first = words.first, first.lowercased() == "resume" || first.lowercased() == "/resume" else { return nil }
        return words.count > 1 ? String(words[1]) : ""
    }

    private mutating func resume(typed: String) -> (events: [Event], resumed: Bool) {
        guard let code = ReadableCode.normalized(typed, length: ReadableCode.resumeCodeLength) else {
            if typed.trimmingCharacters(in: .whitespaces).isEmpty {
                return (refuse("Type resume and the code you were given, for example: resume K7PX-R2M4-QH9T.", counts: false), false)
            }
            return (refuse(Self.unknownCode, counts: true), false)
        }
        let claim: AssessmentStore.Claim
        do {
            claim = try store.claim(code: code, dialog: session.dialog, discarding: lease?.id)
        } catch {
            return (refuse("Your earlier session could not be read just now. Please try again in a moment.", counts: false), false)
        }
        switch claim {
        case .unknown:
            return (refuse(Self.unknownCode, counts: true), false)
        case .expired:
            return (refuse("That code has expired (a code works for \(lifetimeWords) after the last answer). Please start again: answer the question below.", counts: true), false)
        case .finished:
            return (refuse("That questionnaire was already finished, so its code no longer works. To start a new one, answer the question below.", counts: true), false)
        case .quit:
            return (refuse("That questionnaire was stopped with quit, so it cannot be continued. Please start again: answer the question below.", counts: true), false)
        case .differentDialog(let found):
            return (refuse("That session was started with \(found), and this is \(session.dialog.id) version \(session.dialog.version), so it cannot be continued. Please start again: answer the question below.", counts: false), false)
        case .resumed(let lease, let snapshot, let answers):
            do {
                let (restored, events) = try Session.restore(snapshot, dialog: session.dialog)
                session = restored
                self.lease = lease
                storedAnswers = answers
                let count = snapshot.answers.count
                let welcome = Say(
                    "Welcome back. Your \(count) answer\(count == 1 ? " is" : "s are") kept; we carry on where you stopped. Your resume code is still \(lease.resumeCode).",
                    style: .notice)
                // The section heading the question stands under, which replaying did not show.
                var shown: [Event] = [.say(welcome)]
                if case .ask(let ask)? = events.last, let section = ask.section { shown.append(.say(Say(section, style: .section))) }
                return (shown + events, true)
            } catch {
                return (refuse("That session was started with another version of this questionnaire, so it cannot be continued. Please start again: answer the question below.", counts: false), false)
            }
        }
    }

    /// A refused code: a `retry` of the current question (so the contract's retry-then-ask holds).
    private mutating func refuse(_ text: String, counts: Bool) -> [Event] {
        if counts { wrongCodes += 1 }
        guard let ask = session.currentAsk else { return [.say(Say(text, style: .notice))] }
        return [.retry(Retry(id: ask.id, text: text)), .ask(ask)]
    }

    private var lifetimeWords: String {
        let hours = Int((store.options.resumeCodeLifetime / 3600).rounded())
        if hours >= 1 { return hours == 1 ? "1 hour" : "\(hours) hours" }
        let minutes = max(1, Int((store.options.resumeCodeLifetime / 60).rounded()))
        return minutes == 1 ? "1 minute" : "\(minutes) minutes"
    }

    // MARK: - Answers

    /// The rows to write: those stored that still match the snapshot are kept; the rest are
    /// replaced. The newest answer gets the line just typed.
    private func answerChange(to snapshot: SessionSnapshot, typed: String) -> AssessmentStore.AnswerChange {
        let dialog = session.dialog
        let answers = snapshot.answers
        var keeping = 0
        while keeping < min(answers.count, storedAnswers.count),
            storedAnswers[keeping].questionID == answers[keeping].question,
            storedAnswers[keeping].value == answers[keeping].value.flatMap({ value in
                dialog.question(withID: answers[keeping].question).map { AnswerValue(value, question: $0) }
            }),
            storedAnswers[keeping].unsure == (answers[keeping].unsure ?? false)
        {
            keeping += 1
        }
        let summary = Dictionary(
            session.summary.filter { !$0.isOptionDetail }.map { ($0.id, $0) }, uniquingKeysWith: { _, last in last })
        var rows: [StoredAnswer] = []
        for position in keeping..<answers.count {
            let answer = answers[position]
            guard let question = dialog.question(withID: answer.question) else { continue }
            rows.append(StoredAnswer(
                position: position, questionID: question.id, code: question.code, kind: question.kind,
                question: summary[question.id]?.question ?? question.text.source,
                typed: position == answers.count - 1 ? typed : nil,
                value: answer.value.map { AnswerValue($0, question: question) },
                shown: summary[question.id]?.answer ?? "skipped", unsure: answer.unsure ?? false))
        }
        return AssessmentStore.AnswerChange(keeping: keeping, rows: rows)
    }

    private func withReference(_ event: Event) -> Event {
        guard case .outcome(var outcome) = event else { return event }
        outcome.reference = reference
        return .outcome(outcome)
    }

    static let unknownCode = "That resume code is not known. Check it and type resume and the code again, or answer the question below to start afresh."
    static let unsavedNotice = "Your answers cannot be kept right now, so this questionnaire will not be saved. You can still answer it. If you can, ask a member of staff."
    static let notSavedNotice = "Your answer could not be saved just now, so it was not taken. Please type it again."
    static let overtakenNotice = "This questionnaire was continued on another connection, so it ends here."
}
