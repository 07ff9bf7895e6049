// StoredConversation: a Session that keeps itself: each accepted answer written before the next question, resume codes, the reference.

import DialogKit
import Foundation

/// A `Session` whose every accepted answer is in the store before the reply that shows the next
/// question is given. A channel (the terminal chat, one server connection) owns one, feeds it the
/// person's lines and renders the events, exactly as it would a bare `Session`:
///
/// - `start()` stores a new session and tells the person its resume code (before the first question);
/// - `resume CODE`, typed before the first answer, continues a stored session at the question it
///   had reached, with every answer kept (or says why not: unknown, expired, finished, or started
///   under another version of the dialog);
/// - the outcome carries the reference to quote.
///
/// Two ways to drive it. `start` and `receive` wait for the write (the terminal chat). A server,
/// which must go on serving other connections meanwhile, calls `startStep` and `receiveStep`: they
/// return the events at once when nothing had to be written, or the write to wait for; once it is
/// done, `continueAfterWrite` gives the events (or the next write to wait for).
///
/// Two limits on wrong codes: the connection's, which reads `wrongCodes` after each line and closes
/// at `wrongCodeLimit`; and, given the client's `address`, the store's (`ResumeAttemptLimits`), which
/// counts wrong codes in the database so that reconnecting or going to another server does not reset it. If a write fails, the answer is not taken: the person is told and
/// asked the same question again, so nothing shown as accepted is ever missing from the store.
public struct StoredConversation: Sendable {
    /// Wrong codes a connection may give before it is closed.
    public static let wrongCodeLimit = 3

    /// What the start or a line gives: the events to show, or a write to wait for first.
    public enum Step: Sendable {
        case ready([Event])
        /// Wait for the write to be done, then call `continueAfterWrite()`.
        case waiting(any StoreCompletion)
    }

    /// A write under way and what to do with its result.
    private enum Waiting: Sendable {
        /// A new session's row; `events` are the opening to show, `prefix` what comes before it.
        case opening(PendingWrite<AssessmentStore.Lease>, events: [Event], prefix: [Event])
        /// The answers of the line just received; `before` is the session as it was without it.
        case saving(PendingWrite<AssessmentStore.Saved>, before: Session, events: [Event], kept: [Session.KeptAnswer])
        /// A resume code; with `thenOpening`, a refusal is followed by opening a new session (at the start).
        case claiming(PendingWrite<AssessmentStore.Claim>, thenOpening: Bool)
        /// The store's count of wrong codes, read before `code` is claimed.
        case checking(PendingWrite<AssessmentStore.AttemptVerdict>, code: String, thenOpening: Bool)
        /// A wrong code being counted; `events` is the refusal to show once it is.
        case recording(PendingWrite<Bool>, events: [Event], thenOpening: Bool)
    }

    public let store: AssessmentStore
    public let channel: Channel
    /// The client's address, whose wrong codes the store counts; nil counts none (a terminal).
    public let address: String?
    /// The session as it stands.
    public private(set) var session: Session
    /// Codes given on this connection that did not resume anything (unknown, expired, finished).
    public private(set) var wrongCodes = 0
    /// The stored session's row; nil before `start` or when the store could not be written at start.
    private var lease: AssessmentStore.Lease?
    /// The answers as the store holds them, to know what the next write must change.
    private var storedAnswers: [Session.KeptAnswer] = []
    private var reference: String?
    /// Set when another connection resumed this session: this one says so and ends.
    private var overtaken = false
    private var started = false
    private var waiting: Waiting?
    /// The code being claimed, until its claim is done (to count it if it was wrong).
    private var pendingCode: String?

    /// `today` is the session's date, from the channel's clock (relative dates count from it).
    public init(dialog: Dialog, store: AssessmentStore, channel: Channel, today: CalendarDay? = nil, address: String? = nil) {
        self.session = Session(dialog: dialog, today: today)
        self.store = store
        self.channel = channel
        self.address = address
    }

    // MARK: - The interface a channel uses

    /// The opening, once it is stored. With `code`, tries to resume that session first (as `intake
    /// chat --resume`); otherwise, or if that fails, a new session is stored and its resume code
    /// shown before the first question.
    public mutating func start(resuming code: String? = nil) -> [Event] {
        settle(startStep(resuming: code))
    }

    /// One line the person typed. Returns the events to show; when the line was an answer, it is
    /// already in the store.
    public mutating func receive(_ line: String) -> [Event] {
        if !started {
            let opening = start()
            return opening + receive(line)
        }
        return settle(receiveStep(line))
    }

    /// `start`, without waiting: the events, or the write to wait for before `continueAfterWrite`.
    public mutating func startStep(resuming code: String? = nil) -> Step {
        precondition(waiting == nil, "a write is still under way")
        guard !started else { return .ready([]) }
        started = true
        if let code {
            return resumeStep(typed: code, atStart: true)
        }
        return openStep(after: [])
    }

    /// `receive`, without waiting. Call `startStep` first.
    public mutating func receiveStep(_ line: String) -> Step {
        precondition(started, "startStep first")
        precondition(waiting == nil, "a write is still under way")
        if overtaken { return .ready([.end]) }
        if session.keptAnswerCount == 0, !session.isOver, let code = ResumeCommand.argument(in: line) {
            return resumeStep(typed: code, atStart: false)
        }
        let before = session
        let events = session.receive(line)
        guard let lease else { return .ready(events) }
        let kept = session.keptAnswers
        guard kept != storedAnswers || session.isOver != before.isOver else { return .ready(events) }
        let change = answerChange(to: kept, typed: Session.sanitized(line))
        let ending: AssessmentStore.Ending? =
            if let code = session.outcomeCode, let outcome = session.outcome {
                .outcome(id: outcome.id, code: code, flags: outcome.flags, scores: outcome.scores)
            } else if session.isOver {
                .quit
            } else {
                nil
            }
        let write = store.save(lease, answers: change, ending: ending)
        waiting = .saving(write, before: before, events: events, kept: kept)
        return .waiting(write)
    }

    /// After the write a step named is done: the events to show, or another write to wait for.
    public mutating func continueAfterWrite() -> Step {
        guard let waiting else { return .ready([]) }
        self.waiting = nil
        switch waiting {
        case .opening(let write, let events, let prefix):
            return .ready(prefix + opened(write.result!, events: events))
        case .saving(let write, let before, let events, let kept):
            return .ready(saved(write.result!, before: before, events: events, kept: kept))
        case .checking(let write, let code, let thenOpening):
            if case .success(.refused(let until)) = write.result! {
                return after(refuse(Self.tooManyAttempts(until: until, now: store.options.now(), in: language), counts: true), thenOpening: thenOpening)
            }
            // A count that could not be read does not stop a person resuming: the connection's own limit still holds.
            return claimStep(code: code, thenOpening: thenOpening)
        case .claiming(let write, let thenOpening):
            let (events, resumed, wrong) = claimed(write.result!)
            if wrong, let address, let code = pendingCode {
                // Counted before the refusal is shown, so a quick retry elsewhere already sees it.
                let record = store.recordWrongAttempt(address: address, code: code)
                self.waiting = .recording(record, events: events, thenOpening: thenOpening)
                return .waiting(record)
            }
            return resumed ? .ready(events) : after(events, thenOpening: thenOpening)
        case .recording(_, let events, let thenOpening):
            return after(events, thenOpening: thenOpening)
        }
    }

    /// A refusal, followed at the start by a new session's opening.
    private mutating func after(_ events: [Event], thenOpening: Bool) -> Step {
        thenOpening ? openStep(after: events) : .ready(events)
    }

    /// Waits for each write a step names and gives the events at the end.
    private mutating func settle(_ step: Step) -> [Event] {
        var step = step
        while true {
            switch step {
            case .ready(let events): return events
            case .waiting(let write):
                write.wait()
                step = continueAfterWrite()
            }
        }
    }

    // MARK: - Writes and their results

    private mutating func openStep(after prefix: [Event]) -> Step {
        let events = session.start()
        let write = store.open(dialog: session.dialog, channel: channel)
        waiting = .opening(write, events: events, prefix: prefix)
        return .waiting(write)
    }

    private mutating func opened(_ result: Result<AssessmentStore.Lease, StoreError>, events: [Event]) -> [Event] {
        var events = events
        switch result {
        case .success(let lease):
            self.lease = lease
            let note = Say(StoreTexts.resumeCodeNotice(lease.resumeCode, in: language), style: .notice)
            // After the title and intro, before the first section and question.
            let afterIntro = events.lastIndex { if case .say(let say) = $0 { say.style == .intro } else { false } }
            events.insert(.say(note), at: min(events.count, (afterIntro ?? 0) + 1))
        case .failure:
            events.insert(.say(Say(StoreTexts.unsaved(in: language), style: .notice)), at: 0)
        }
        return events
    }

    private mutating func saved(
        _ result: Result<AssessmentStore.Saved, StoreError>, before: Session, events: [Event], kept: [Session.KeptAnswer]
    ) -> [Event] {
        switch result {
        case .success(let saved):
            storedAnswers = kept
            if let made = saved.reference { reference = made }
            return events.map(withReference)
        case .failure(.continuedElsewhere):
            overtaken = true
            session = before
            return [.say(Say(StoreTexts.overtaken(in: language), style: .notice)), .end]
        case .failure:
            // Not kept, so not taken: back to the state before the line, and the same question again.
            session = before
            var reply: [Event] = [.say(Say(StoreTexts.notSaved(in: language), style: .notice))]
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
        session.keptAnswerCount == 0 ? session.completionCandidates + [ResumeCommand.word] : session.completionCandidates
    }

    /// The session's resume code (`K7PX-R2M4-QH9T`), once stored.
    public var resumeCode: String? { lease?.resumeCode }

    /// Whether the store holds this session (it could not be written at the start otherwise).
    public var isStored: Bool { lease != nil }

    /// Whether the connection has had its share of wrong codes and should be closed.
    public var hasTooManyWrongCodes: Bool { wrongCodes >= Self.wrongCodeLimit }

    // MARK: - Resuming

    /// A typed resume code: refused at once when it cannot be one, otherwise claimed in the store.
    /// `atStart`: no session is open yet, and one is opened if the code does not resume anything.
    private mutating func resumeStep(typed: String, atStart: Bool) -> Step {
        guard let code = ReadableCode.normalized(typed, length: ReadableCode.resumeCodeLength) else {
            let refusal =
                if typed.trimmingCharacters(in: .whitespaces).isEmpty {
                    refuse(StoreTexts.typeTheCode(in: language), counts: false)
                } else {
                    refuse(StoreTexts.unknownCode(in: language), counts: true)
                }
            return atStart ? openStep(after: refusal) : .ready(refusal)
        }
        if let address {
            let check = store.checkAttempt(address: address, code: code)
            waiting = .checking(check, code: code, thenOpening: atStart)
            return .waiting(check)
        }
        return claimStep(code: code, thenOpening: atStart)
    }

    private mutating func claimStep(code: String, thenOpening: Bool) -> Step {
        pendingCode = code
        let write = store.claim(code: code, dialog: session.dialog, discarding: lease?.id)
        waiting = .claiming(write, thenOpening: thenOpening)
        return .waiting(write)
    }

    /// What a claimed code led to: the session resumed, or a refusal saying why not.
    private mutating func claimed(_ result: Result<AssessmentStore.Claim, StoreError>) -> (events: [Event], resumed: Bool, wrong: Bool) {
        let before = wrongCodes
        let (events, resumed) = claimedEvents(result)
        return (events, resumed, wrongCodes > before)
    }

    private mutating func claimedEvents(_ result: Result<AssessmentStore.Claim, StoreError>) -> (events: [Event], resumed: Bool) {
        let claim: AssessmentStore.Claim
        switch result {
        case .success(let found): claim = found
        case .failure: return (refuse(StoreTexts.unreadable(in: language), counts: false), false)
        }
        switch claim {
        case .unknown:
            return (refuse(StoreTexts.unknownCode(in: language), counts: true), false)
        case .expired:
            return (refuse(StoreTexts.expired(lifetime: StoreTexts.duration(seconds: store.options.resumeCodeLifetime, in: language), in: language), counts: true), false)
        case .finished:
            return (refuse(StoreTexts.finished(in: language), counts: true), false)
        case .quit:
            return (refuse(StoreTexts.quit(in: language), counts: true), false)
        case .differentDialog(let found):
            return (refuse(StoreTexts.differentDialog(found: found, this: "\(session.dialog.id) version \(session.dialog.version)", in: language), counts: false), false)
        case .resumed(let lease, let answers):
            let dialog = session.dialog
            var snapshotAnswers: [SessionSnapshot.Answer] = []
            for answer in answers {
                guard let question = dialog.question(withID: answer.questionID) else { return (cannotContinue(), false) }
                let value = answer.value.flatMap { $0.sessionValue(question: question) }
                if answer.value != nil, value == nil { return (cannotContinue(), false) }
                snapshotAnswers.append(SessionSnapshot.Answer(question: answer.questionID, value: value, unsure: answer.unsure, other: answer.value?.otherText))
            }
            let snapshot = SessionSnapshot(
                dialogID: dialog.id, dialogVersion: dialog.version, contentHash: dialog.contentHash, answers: snapshotAnswers, quit: false)
            do {
                let (restored, events) = try Session.restore(snapshot, dialog: dialog, today: session.today)
                session = restored
                self.lease = lease
                storedAnswers = restored.keptAnswers
                let count = answers.count
                let welcome = Say(StoreTexts.welcomeBack(answers: count, code: lease.resumeCode, in: language), style: .notice)
                // The section heading the question stands under, which replaying did not show.
                var shown: [Event] = [.say(welcome)]
                if case .ask(let ask)? = events.last, let section = ask.section { shown.append(.say(Say(section, style: .section))) }
                return (shown + events, true)
            } catch {
                return (cannotContinue(), false)
            }
        }
    }

    private mutating func cannotContinue() -> [Event] {
        refuse(StoreTexts.anotherVersion(in: language), counts: false)
    }

    /// A refused code: a `retry` of the current question (so the contract's retry-then-ask holds).
    private mutating func refuse(_ text: String, counts: Bool) -> [Event] {
        if counts { wrongCodes += 1 }
        guard let ask = session.currentAsk else { return [.say(Say(text, style: .notice))] }
        return [.retry(Retry(id: ask.id, text: text)), .ask(ask)]
    }

    /// The language the store speaks to the person in: the dialog's.
    public var language: LanguageTag { session.dialog.language }

    // MARK: - Answers

    /// The rows to write: those stored that still match the session's answers are kept; the rest
    /// are replaced. The newest answer gets the line just typed.
    private func answerChange(to kept: [Session.KeptAnswer], typed: String) -> AssessmentStore.AnswerChange {
        var keeping = 0
        while keeping < min(kept.count, storedAnswers.count), kept[keeping] == storedAnswers[keeping] {
            keeping += 1
        }
        let dialog = session.dialog
        var rows: [StoredAnswer] = []
        rows.reserveCapacity(kept.count - keeping)
        for position in keeping..<kept.count {
            let answer = kept[position]
            let question = dialog.questions[answer.question]
            let item = session.summaryItem(forQuestion: answer.question)
            rows.append(StoredAnswer(
                position: position, questionID: question.id, code: question.code, kind: question.kind,
                question: item.question, typed: position == kept.count - 1 ? typed : nil,
                value: answer.value.map { AnswerValue($0, question: question, other: answer.other) }, shown: item.answer, unsure: answer.unsure,
                unit: question.unit, label: question.label))
        }
        return AssessmentStore.AnswerChange(keeping: keeping, replacesRows: keeping < storedAnswers.count, rows: rows)
    }

    private func withReference(_ event: Event) -> Event {
        guard case .outcome(var outcome) = event else { return event }
        outcome.reference = reference
        return .outcome(outcome)
    }

    /// The store's limit was reached: when to try again, in whole minutes.
    static func tooManyAttempts(until: Date, now: Date, in language: LanguageTag) -> String {
        StoreTexts.tooManyAttempts(minutes: max(1, Int((until.timeIntervalSince(now) / 60).rounded(.up))), in: language)
    }
}
