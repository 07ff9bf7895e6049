// Session+Events: the events a turn sends (the question asked, a refused line) and the texts they show.

extension Session {
    /// The line is refused: why, and the question again (a notice alone when nothing is asked).
    func retry(_ text: String) -> [Event] {
        guard let index = currentQuestionIndex else { return [.say(Say(text, style: .notice))] }
        let ask = makeAsk(index)
        return [.retry(Retry(id: ask.id, text: text)), .ask(ask)]
    }

    /// What to type, for an empty line.
    func emptyLineHint(for question: Question) -> String {
        switch question.kind {
        case .yesno: UserTexts.answerYesOrNo
        case .choice: UserTexts.chooseOne(count: question.options.count)
        case .multi: UserTexts.typeNumbersOrNone
        case .number, .scale: UserTexts.typeNumber
        case .text: UserTexts.typeAnswer
        case .date: UserTexts.Calendar.typeDate
        case .time: UserTexts.Calendar.typeTime
        }
    }

    /// The `ask` event of a question, with this session's progress, section and values.
    /// At an "other" follow-up (`followUp`, the default), the follow-up's event.
    func makeAsk(_ index: Int, followUp: Bool = true) -> Ask {
        if followUp, phase == .specifying, index == currentQuestionIndex { return otherAsk(index) }
        // The prepared event holds every part that does not change from session to session.
        let step = answered.count + 1
        let remaining = dialog.estimatedRemaining[Swift.min(Int(position) + 1, dialog.estimatedRemaining.count - 1)]
        var section: String?
        if sectionPosition >= 0, case .section(let title) = dialog.program[Int(sectionPosition)] { section = title }
        // Field by field: the prepared event copied into a variable, set and returned was copied twice.
        let prepared = dialog.preparedAsks
        var ask = Ask(
            id: prepared[index].id, code: prepared[index].code, kind: prepared[index].kind,
            text: dialog.preparedQuestions[index].fixedText ?? render(dialog.questions[index].text),
            options: prepared[index].options, min: prepared[index].min, max: prepared[index].max, unit: prepared[index].unit,
            progress: Progress(step: step, of: step + remaining), isOptional: prepared[index].isOptional,
            hasHelp: prepared[index].hasHelp, section: section, scaleLabels: prepared[index].scaleLabels)
        ask.wholeNumbersOnly = prepared[index].wholeNumbersOnly
        ask.language = dialog.language
        return ask
    }

    /// A text with its `{name}` parts filled in from this session's values.
    func render(_ template: TextTemplate) -> String {
        values.render(template)
    }

    /// An answer as words: "yes", "One side of my head", "6 hours", "Triptans, NSAIDs".
    func describe(_ value: Value, question: Int?, type: ValueType? = nil) -> String {
        values.describe(value, question: question, type: type)
    }

    /// How to type this value unambiguously: its option number, or "yes"/"no".
    func howToType(_ value: Value, question: Int) -> String {
        switch value {
        case .option(let index): "\(index + 1)"
        case .options(let bits): dialog.questions[question].options.indices.filter { bits & (1 << UInt64($0)) != 0 }.map { "\($0 + 1)" }.joined(separator: ", ")
        default: "the answer in other words"
        }
    }
}
