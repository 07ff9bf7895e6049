// PathTracer: the way a real session has come so far, found by re-running the program on its answers.

import DialogKit

/// Follows a session: after each turn, the program is run from the start, each question answered with
/// the session's value, up to where the session waits now (or its outcome). So `back` and `restart`
/// cost nothing special: the way is always the one the current answers take.
enum PathTracer {
    /// Traces the way to the session's current state into `observer`. A session that ended without an
    /// outcome (the person quit) adds nothing: its way was traced at the turn before.
    static func trace(_ session: Session, into observer: inout CoverageObserver) {
        let dialog = session.dialog
        if session.isOver && session.outcome == nil { return }
        let current = session.currentQuestionID.flatMap { id in dialog.questions.firstIndex { $0.id == id } }
        var values = SlotValues(count: dialog.slotNames.count)
        var consumed = Set<Int>()
        observer.beginRun()
        var stop = ProgramInterpreter.run(dialog, from: 0, state: &values, observer: &observer)
        var answers = 0
        while case .ask(let position, let question) = stop, answers < 10_000 {
            let value = session.value(ofSlot: question)
            if question == current && (value == nil || consumed.contains(question)) { return }
            values[question] = value
            observer.answered(question: question, at: position, state: values)
            consumed.insert(question)
            answers += 1
            stop = ProgramInterpreter.run(dialog, from: position + 1, state: &values, observer: &observer)
        }
    }

    /// Plays the transcript's typed lines through a session, tracing after every turn.
    static func observe(_ transcript: Transcript, dialog: Dialog, into observer: inout CoverageObserver) {
        var session = Session(dialog: dialog, today: transcript.today)
        _ = session.start()
        trace(session, into: &observer)
        for line in transcript.lines {
            guard case .input(let text) = line.step else { continue }
            if session.isOver { break }
            _ = session.receive(text)
            trace(session, into: &observer)
        }
    }
}
