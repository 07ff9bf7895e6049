// AnswerValidation: whether an answer the matcher read meets its question's rules (`AnswerRules`).

extension SessionValues {
    /// Why `value` cannot be kept as the answer to the question at `index` (the question's own
    /// message, or the engine's), or nil when it can. The rules are read in a fixed order: a whole
    /// number, the pattern, then the constraint (which sees the answer as `.` beside the earlier ones).
    func ruleProblem(_ value: Value, question index: Int) -> String? {
        let rules = dialog.questions[index].rules
        guard !rules.isEmpty else { return nil }
        let refusal = rules.refusal(of: value) { constraint in
            var candidate = self
            candidate.answers.setAnswer(index, value, unsure: false)
            return constraint.holds(candidate)
        }
        switch refusal {
        case nil: return nil
        case .notWhole?: return UserTexts.Rules.wholeNumber(dialog.answerForms[index].quantity)
        case .patternNotMatched?: return rules.patternMessage ?? UserTexts.Rules.patternNotMatched
        case .constraintFailed?: return rules.constraintMessage ?? UserTexts.Rules.constraintFailed
        }
    }

    /// The dialog's scores that have a value with these answers, in the dialog's order.
    func scores() -> [Score] {
        dialog.scores.compactMap { rule in
            guard case .number(let number)? = rule.value.expression.evaluate(self), number.isFinite else { return nil }
            return Score(name: rule.name, value: number)
        }
    }
}
