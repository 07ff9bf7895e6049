// Session: the dialog state machine: a value holding a position and the answers; `receive` is its interface.

/// One person's way through a dialog. A value: copy it to keep an earlier state; it does no I/O.
/// It holds little beyond a reference to the shared `Dialog`: the position, the answers packed one
/// word per slot, and the order questions were answered in (for `back` and the summary).
///
/// This file holds the interface; the flow (`Session+Flow`), the commands, `why`, the summary, the
/// events and the snapshots are extensions in files of their own. Their state is internal, not private,
/// so that those files can reach it; nothing outside `Session`'s files writes it.
public struct Session: Sendable {
    /// The answers and the `let` values, with the dialog that types them: what the flow reads and writes.
    var values: SessionValues
    /// Question indices in the order they were answered.
    var answered: [UInt16] = []
    /// The instruction being executed; at an `ask`, the question waiting for an answer.
    var position: Int32 = 0
    /// The `section` instruction in force, or -1.
    var sectionPosition: Int32 = -1
    var phase: Phase = .new
    var outcomePosition: Int32 = -1

    enum Phase: UInt8, Sendable {
        /// `specifying`: the question's "other" option was chosen, and what it is is asked (`Session+Other`).
        case new, asking, specifying, finished, quit
    }

    /// The dialog this session runs (shared, immutable).
    public var dialog: Dialog { values.dialog }

    /// The longest answer accepted, in characters; a longer line is refused with a message.
    public static let maximumAnswerLength = 1_000
    /// Events one turn may emit: a loop that says something each time round stops here, long before its
    /// instruction budget, which would otherwise be a third of a million lines sent to one person.
    static let eventBudget = 1_000

    /// `today` is the session's date, from the channel's clock or the session's start (DialogKit reads
    /// no clock): relative dates ("yesterday"), `max: today` and `days_ago()` count from it. Without it,
    /// relative dates are asked back as dates and `days_ago()` has no value.
    public init(dialog: Dialog, today: CalendarDay? = nil) {
        self.values = SessionValues(dialog: dialog, today: today)
    }

    /// The session's date, as given when it started.
    public var today: CalendarDay? { values.today }

    // MARK: - The interface

    /// The opening: the title and intro, and the first question.
    public mutating func start() -> [Event] {
        UserTexts.speaking(dialog.language) { opening() }
    }

    private mutating func opening() -> [Event] {
        guard phase == .new else { return [] }
        var events: [Event] = [.say(Say(dialog.title, style: .section))]
        if !dialog.intro.isEmpty { events.append(.say(Say(dialog.intro, style: .intro))) }
        phase = .asking
        run(emitting: true, into: &events)
        return events
    }

    /// One line the person typed, exactly as typed (without the line terminator).
    public mutating func receive(_ line: String) -> [Event] {
        UserTexts.speaking(dialog.language) { turn(line) }
    }

    private mutating func turn(_ line: String) -> [Event] {
        var events: [Event] = []
        if phase == .new { events = start() }
        guard phase == .asking || phase == .specifying, let question = currentQuestionIndex else {
            return events + [.say(Say(UserTexts.questionnaireOver, style: .notice)), .end]
        }
        let text = Self.sanitized(line)
        // Counting Characters walks the text; its UTF-8 length, never smaller, usually settles it.
        if text.utf8.count > Self.maximumAnswerLength, text.count > Self.maximumAnswerLength {
            return events + retry(UserTexts.answerTooLong(text.count, limit: Self.maximumAnswerLength))
        }
        if text.containsUTF8(0xEF), text.contains("\u{FFFD}") {  // U+FFFD is EF BF BD
            return events + retry(UserTexts.invalidText)
        }
        if text.isEmpty {
            return events + retry(phase == .specifying ? UserTexts.Other.sayWhat : emptyLineHint(for: dialog.questions[question]))
        }
        let folded = TextFolding.fold(text)
        if phase == .specifying { return events + receiveOther(text, folded: folded, question: question) }
        let match = AnswerMatcher.match(text, question: dialog.answerForms[question], folded: folded, today: values.today)
        if let (command, explicit) = Command.parse(text, folded: folded) {
            if !explicit, dialog.questions[question].kind != .text, case .value(let value?, _) = match {
                let answer = describe(value, question: question)
                let word = text.trimmingCharacters(in: " ")
                return events + retry(UserTexts.answerAndCommand(String(word), answer: answer, howToAnswer: howToType(value, question: question), command: command.rawValue))
            }
            return events + perform(command)
        }
        switch match {
        case .notUnderstood(let reason):
            return events + retry(reason + otherHint(question))
        case .value(let value, let noted):
            // An answer that breaks a rule (`integer`, `pattern`, `constraint`) is not kept.
            if let value, let problem = values.ruleProblem(value, question: question) { return events + retry(problem) }
            if let noted { events.append(.say(Say(UserTexts.noted(noted), style: .noted))) }
            accept(value, unsure: false, question: question, into: &events)
            return events
        case .unsure:
            switch dialog.questions[question].unsure {
            case .ask:
                return events + retry(UserTexts.unsureAskAgain(help: dialog.questions[question].help))
            case .yes:
                events.append(.say(Say(UserTexts.noted(UserTexts.notSureTakenAsYes) + " " + UserTexts.takenAsYesToBeSafe, style: .noted)))
                accept(.bool(true), unsure: true, question: question, into: &events)
            case .keep:
                events.append(.say(Say(UserTexts.noted(UserTexts.notSure), style: .noted)))
                accept(nil, unsure: true, question: question, into: &events)
            }
            return events
        }
    }

    /// Keeps an answer and runs the flow to the next question or the outcome.
    private mutating func accept(_ value: Value?, unsure: Bool, question: Int, into events: inout [Event]) {
        values.answers.setAnswer(question, value, unsure: unsure)
        if chosenOther(value, question: question) != nil {
            phase = .specifying
            events.append(.ask(otherAsk(question)))
            return
        }
        answered.append(UInt16(question))
        position += 1
        // Room for a turn's usual events (an ask, perhaps after a say; or an outcome and the end) in
        // one allocation: appended one by one, the array was often allocated twice.
        events.reserveCapacity(events.count + 2)
        run(emitting: true, into: &events)
    }

    /// Whether the session has ended (an outcome, or quit).
    public var isOver: Bool { phase == .finished || phase == .quit }

    /// The outcome, once reached.
    public var outcome: OutcomeReport? {
        guard phase == .finished, outcomePosition >= 0 else { return nil }
        return report(forOutcome: Int(outcomePosition))
    }

    /// The outcome's code, once reached: what `outcome?.code` says, without building the report and
    /// its summary (a server logs the code of every session).
    public var outcomeCode: String? {
        guard phase == .finished, outcomePosition >= 0 else { return nil }
        return dialog.outcomes[Int(outcomePosition)].code
    }

    /// The id of the question being asked, if any.
    public var currentQuestionID: String? {
        currentQuestionIndex.map { dialog.questions[$0].id }
    }

    /// The question being asked now, as an `ask` event (for a channel that redraws it).
    public var currentAsk: Ask? {
        currentQuestionIndex.map { makeAsk($0) }
    }

    /// A value of a question or `let`, by name (for tests and tools).
    public func value(of name: String) -> Value? {
        guard let slot = dialog.slotNames.firstIndex(of: name) else { return nil }
        return values.value(ofSlot: slot)
    }

    // MARK: - Typed text

    /// The line as `InputSanitizer` cleans it, outer spaces trimmed.
    public static func sanitized(_ line: String) -> String {
        // Printable ASCII, as most typed answers are, has nothing to remove but the outer spaces.
        if let (start, end) = line.asciiTextWithoutOuterSpaces(allowing: 0x20...0x7E) {
            // Usually there is nothing to trim: the line itself, rather than a new string, is the answer.
            if start == 0 && end == line.utf8.count { return line }
            let bytes = line.utf8
            return String(line[bytes.index(bytes.startIndex, offsetBy: start)..<bytes.index(bytes.startIndex, offsetBy: end)])
        }
        return String(InputSanitizer.clean(line).trimmingCharacters(in: " "))
    }
}

extension Session: ValueLookup {
    public func value(ofSlot slot: Int) -> Value? {
        values.value(ofSlot: slot)
    }

    public func isUnsure(slot: Int) -> Bool {
        values.isUnsure(slot: slot)
    }
}
