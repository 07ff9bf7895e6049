// Session+Explanation: `why`: the decisions the answers so far made that led to the current question.

extension Session {
    /// How the answers so far led to the current question: each decision whose other way could not
    /// have come here (a `when` entered or passed by, a `goto` taken or not, an exit that did not end
    /// the questionnaire), said with the question texts and the answers as given. The answers are
    /// replayed from the start on a copy of the session, and the interpreter tells which way each
    /// decision went, so `why` follows exactly the way the session went.
    func explanation() -> String {
        var probe = self
        probe.values.answers.clearAll()
        probe.answered.removeAll(keepingCapacity: true)
        probe.position = 0
        var observer = ExplanationObserver(leadingTo: Int(position), in: dialog.program)
        var pending = keptAnswers[...]
        var budget = ProgramInterpreter.instructionBudget
        _ = probe.advance(observer: &observer, replaying: &pending, budget: &budget)
        if observer.reasons.isEmpty {
            return UserTexts.askedOfEveryone
        }
        return UserTexts.askedBecause + "\n" + observer.reasons.suffix(6).map { "- \($0)" }.joined(separator: "\n")
    }
}

/// Keeps, as text, each decision of a replay that read an answer and without which the way would not
/// have come to the current question: the decision's other way cannot reach it.
struct ExplanationObserver: ProgramObserver {
    var reasons: [String] = []
    /// For each instruction, whether some way from it reaches the current question.
    let reaches: [Bool]

    init(leadingTo position: Int, in program: [Instruction]) {
        var predecessors = [[Int]](repeating: [], count: program.count)
        for index in program.indices {
            for case let next? in program[index].successors(at: index) where next < program.count { predecessors[next].append(index) }
        }
        var reaches = [Bool](repeating: false, count: program.count)
        var pending = position < program.count ? [position] : []
        while let index = pending.popLast() {
            guard !reaches[index] else { continue }
            reaches[index] = true
            pending += predecessors[index]
        }
        self.reaches = reaches
    }

    private func comesHere(_ index: Int?) -> Bool { index.map { $0 < reaches.count && reaches[$0] } ?? false }

    mutating func branched(_ index: Int, holds: Bool, state: SessionValues) {
        let reason: String?
        switch state.dialog.program[index] {
        case .jumpUnless(let condition, let target):
            guard !comesHere(holds ? target : index + 1) else { return }
            reason = state.decision(condition, holds: holds)
        case .jumpIf(let condition, let target):
            guard !comesHere(holds ? index + 1 : target) else { return }
            reason = state.decision(condition, holds: holds)
        case .endIf(let condition, let outcome) where !holds:
            reason = state.answers(read: condition).map {
                UserTexts.didNotEnd($0, condition: state.shownCondition(condition), outcome: state.dialog.outcomes[outcome].id)
            }
        default:
            reason = nil
        }
        if let reason, !reasons.contains(reason) { reasons.append(reason) }
    }
}

extension SessionValues {
    /// A decision as `why` says it: the answers its condition read, and the condition when it is more
    /// than a question's own answer. Nil when it read no answer (`when: true`).
    func decision(_ condition: TypedExpression, holds: Bool) -> String? {
        guard let answers = answers(read: condition) else { return nil }
        let shown = shownCondition(condition)
        return holds ? UserTexts.held(answers, condition: shown) : UserTexts.didNotHold(answers, condition: shown)
    }

    /// `you answered yes to "Do you snore?" and 20 to "How many nights?"`: each question the condition
    /// reads (through its `let` values), by its text, with the answer as the summary shows it.
    func answers(read condition: TypedExpression) -> String? {
        var answers: [String] = []
        var visited = Set<Int>()
        func collect(_ slots: [Int]) {
            for slot in slots where visited.insert(slot).inserted {
                if slot < dialog.questions.count {
                    let question = shortText(of: slot)
                    answers.append(value(ofSlot: slot).map { UserTexts.answer(describe($0, question: slot), to: question) } ?? UserTexts.unanswered(question))
                } else if let definition = dialog.letDefinitions[slot] {
                    collect(definition.expression.slotsRead)
                }
            }
        }
        collect(condition.expression.slotsRead)
        return answers.isEmpty ? nil : UserTexts.youAnswered(answers)
    }

    /// The condition as written, with what its `let` values stand for ("often (days >= 15)"); nil when
    /// it is only a question's answer (`snoring`, `not snoring`), which the answer already says.
    func shownCondition(_ condition: TypedExpression) -> String? {
        var source = condition.source.trimmingCharacters(in: " ")
        if source.hasPrefix("not ") { source = source.dropFirst(4).trimmingCharacters(in: " ") }
        if dialog.questions.contains(where: { $0.id == source }) { return nil }
        var definitions: [String] = []
        var visited = Set<Int>()
        func collect(_ slots: [Int]) {
            for slot in slots where slot >= dialog.questions.count && visited.insert(slot).inserted {
                if let definition = dialog.letDefinitions[slot] {
                    // The condition that is one `let` name shows its definition only: "often (days >= 15)".
                    definitions.append(dialog.slotNames[slot] == condition.source ? definition.source : "\(dialog.slotNames[slot]) = \(definition.source)")
                    collect(definition.expression.slotsRead)
                }
            }
        }
        collect(condition.expression.slotsRead)
        return definitions.isEmpty ? condition.source : "\(condition.source) (\(definitions.joined(separator: "; ")))"
    }

    /// A question's text as asked, on one line and at most 80 characters.
    func shortText(of question: Int) -> String {
        let text = render(dialog.questions[question].text).split(whereSeparator: \.isNewline).joined(separator: " ")
        return text.count <= 80 ? text : String(text.prefix(79)) + "…"
    }
}
