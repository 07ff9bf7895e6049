// Session+Flow: a session's flow run through the interpreter, to the next question or the outcome.

extension Session {
    /// The question waiting for an answer, if any.
    var currentQuestionIndex: Int? {
        guard phase == .asking || phase == .specifying, Int(position) < dialog.program.count,
            case .ask(let question) = dialog.program[Int(position)]
        else { return nil }
        return question
    }

    /// Executes instructions from `position` until a question waits for an answer or the session ends.
    /// With `replay`, questions found at the head of the list are answered from it without being asked.
    mutating func run(emitting: Bool, into events: inout [Event], replay: [KeptAnswer] = []) {
        var observer = TurnObserver(emitting: emitting, sectionPosition: sectionPosition)
        // The turn's events so far go into the observer and come back, without being copied: the event
        // budget counts them too.
        swap(&events, &observer.events)
        var pending = replay[...]
        var budget = ProgramInterpreter.instructionBudget
        let stop = advance(observer: &observer, replaying: &pending, budget: &budget)
        swap(&events, &observer.events)
        sectionPosition = observer.sectionPosition
        switch stop {
        case .ask(_, let question):
            phase = .asking
            events.append(.ask(makeAsk(question)))
        case .outcome(_, let outcome):
            phase = .finished
            outcomePosition = Int32(outcome)
            events.append(.outcome(report(forOutcome: outcome)))
            events.append(.end)
        case .deadEnd:
            phase = .quit
            events.append(.say(Say(UserTexts.noConclusion, style: .notice)))
            events.append(.end)
        case .loop:
            phase = .quit
            events.append(.say(Say(UserTexts.loopStopped, style: .notice)))
            events.append(.end)
        }
    }

    /// Runs the flow from `position` until a question waits or the flow ends, answering each question it
    /// reaches that is the next one in `pending` from there (and telling the observer so). A turn, a
    /// replay after `back` and `why` all go through here; `position` is left where the run stopped.
    mutating func advance<Observer: ProgramObserver>(
        observer: inout Observer, replaying pending: inout ArraySlice<KeptAnswer>, budget: inout Int
    ) -> ProgramStop where Observer.State == SessionValues {
        let dialog = self.dialog
        while true {
            let stop = ProgramInterpreter.run(dialog, from: Int(position), state: &values, observer: &observer, budget: &budget)
            guard case .ask(let at, let question) = stop, let next = pending.first, next.question == question else {
                position = Int32(stop.position)
                return stop
            }
            pending.removeFirst()
            values.answers.setAnswer(question, next.value, unsure: next.unsure)
            if let other = next.other { values.answers.setOtherText(question, other) }
            answered.append(UInt16(question))
            observer.answered(question: question, at: at, state: values)
            position = Int32(at + 1)
        }
    }

    /// Starts again from the first instruction, answering from `replaying` without asking, so every
    /// computed value is what it would have been had the person answered only those questions.
    mutating func rewind(replaying kept: [KeptAnswer], into events: inout [Event], emitting: Bool = false) {
        values.answers.clearAll()
        answered.removeAll(keepingCapacity: true)
        position = 0
        sectionPosition = -1
        phase = .asking
        run(emitting: emitting, into: &events, replay: kept)
    }

    /// The outcome event: its texts, the summary, and the flags these answers raise.
    func report(forOutcome index: Int) -> OutcomeReport {
        let definition = dialog.outcomes[index]
        var report = OutcomeReport(
            id: definition.id, code: definition.code, flags: ProgramInterpreter.flags(dialog, outcome: index, state: values),
            text: render(definition.text), summary: summary, reference: nil)
        report.scores = values.scores()
        report.level = definition.level
        report.language = dialog.language
        return report
    }
}

/// What a turn's run of the flow shows: each `say` rendered and each `section` title as the run passes
/// it (when the turn shows them: a replay does not), and the section in force for the next question.
struct TurnObserver: ProgramObserver {
    let emitting: Bool
    var sectionPosition: Int32
    var events: [Event] = []

    init(emitting: Bool, sectionPosition: Int32) {
        self.emitting = emitting
        self.sectionPosition = sectionPosition
    }

    mutating func showed(_ index: Int, state: SessionValues) -> Bool {
        switch state.dialog.program[index] {
        case .say(let text):
            if emitting { events.append(.say(Say(state.render(text)))) }
        case .section(let title):
            if emitting { events.append(.say(Say(title, style: .section))) }
            sectionPosition = Int32(index)
        default:
            break
        }
        return events.count < Session.eventBudget
    }
}
