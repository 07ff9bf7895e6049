// AcceptedAnswers: which answers the tools may give: only those a session keeps (`AnswerRules`), so that
// no path, proof or counter-example rests on an answer the question would refuse.

import DialogKit

extension Dialog {
    /// Whether a session keeps `value` as the answer to `question` when the other answers are those of
    /// `state` (whose slot `question` already holds `value`). A skip is never refused by a rule.
    func accepts(_ value: Value?, question: Int, in state: SlotValues) -> Bool {
        guard let value else { return true }
        guard withinCalendarBounds(value, question: question) else { return false }
        let rules = questions[question].rules
        if rules.isEmpty { return true }
        return rules.refusal(of: value) { $0.holds(state) } == nil
    }

    /// Whether `value` is accepted whatever the other answers are: true when the rules accept it and the
    /// constraint reads no other answer.
    func acceptsAlone(_ value: Value?, question: Int) -> Bool {
        guard let value else { return true }
        guard withinCalendarBounds(value, question: question) else { return false }
        let rules = questions[question].rules
        if rules.isEmpty { return true }
        return rules.refusal(of: value) { $0.holds(SingleSlotLookup(slot: question, value: value)) } == nil
    }

    /// Whether a date or time answer is within the question's `min` and `max` (`max: today` on the
    /// tools' today, the date their transcripts give).
    func withinCalendarBounds(_ value: Value, question: Int) -> Bool {
        guard let calendar = questions[question].calendar else { return true }
        return calendar.admits(value, kind: questions[question].kind, today: SlotValues.today)
    }

    /// The slots a question's constraint reads besides its own answer: their values decide which answers
    /// it accepts, so they matter to the way through the dialog.
    func constraintReads(_ question: Int) -> [Int] {
        (questions[question].rules.constraint?.expression.slotsRead ?? []).filter { $0 != question }
    }
}
