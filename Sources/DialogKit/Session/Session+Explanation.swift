// Session+Explanation: `why`: the branches the answers so far took to reach the current question.

extension Session {
    /// How the answers so far led to the current question: each branch taken that read an answer. The
    /// answers are replayed from the start on a copy of the session, and the interpreter tells which
    /// branches were taken with which values, so `why` follows exactly the way the session went.
    func explanation() -> String {
        var probe = self
        probe.values.answers.clearAll()
        probe.answered.removeAll(keepingCapacity: true)
        probe.position = 0
        var observer = ExplanationObserver()
        var pending = keptAnswers[...]
        var budget = ProgramInterpreter.instructionBudget
        _ = probe.advance(observer: &observer, replaying: &pending, budget: &budget)
        if observer.reasons.isEmpty {
            return UserTexts.askedOfEveryone
        }
        return UserTexts.askedBecause + "\n" + observer.reasons.suffix(6).map { "- \($0)" }.joined(separator: "\n")
    }
}

/// Keeps, as text, each branch a replay takes that the answers decided: a `when` entered whose condition
/// reads a value, and an `if ... goto` taken.
struct ExplanationObserver: ProgramObserver {
    var reasons: [String] = []

    mutating func branched(_ index: Int, holds: Bool, state: SessionValues) {
        guard holds else { return }
        switch state.dialog.program[index] {
        case .jumpUnless(let condition, _) where !condition.expression.slotsRead.isEmpty:
            reasons.append(state.because(condition))
        case .jumpIf(let condition, _):
            reasons.append(state.because(condition))
        default:
            break
        }
    }
}

extension SessionValues {
    /// A condition, what its `let` values stand for, and the answers it read:
    /// "long_lasting, where long_lasting = weeks >= 12 (weeks: 20 weeks)".
    func because(_ condition: TypedExpression) -> String {
        var definitions: [String] = []
        var shown: [String] = []
        var visited = Set<Int>()
        func collect(_ slots: [Int]) {
            for slot in slots where visited.insert(slot).inserted {
                if slot < dialog.questions.count {
                    if let value = value(ofSlot: slot) {
                        shown.append("\(dialog.questions[slot].id): \(describe(value, question: slot))")
                    }
                } else if let definition = dialog.letDefinitions[slot] {
                    definitions.append("\(dialog.slotNames[slot]) = \(definition.source)")
                    collect(definition.expression.slotsRead)
                }
            }
        }
        collect(condition.expression.slotsRead)
        var text = condition.source
        if !definitions.isEmpty { text += ", where " + definitions.joined(separator: "; ") }
        if !shown.isEmpty { text += " (\(shown.joined(separator: "; ")))" }
        return text
    }
}
