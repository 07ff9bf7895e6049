// Session+Summary: the answers so far as the summary and the outcome list them, each in words.

extension Session {
    /// The answers given so far, in order, as the outcome's summary lists them.
    public var summary: [SummaryItem] {
        // A question answered again (after `back`) is listed once, where it was last answered.
        var lastAnswered = [Int32](repeating: -1, count: dialog.questions.count)
        var capacity = 0
        for position in answered.indices {
            let question = Int(answered[position])
            lastAnswered[question] = Int32(position)
            capacity += 1 + dialog.preparedQuestions[question].summaryDetails.count
        }
        var items: [SummaryItem] = []
        items.reserveCapacity(capacity)
        for position in answered.indices where lastAnswered[Int(answered[position])] == Int32(position) {
            let index = Int(answered[position])
            let answer = values.value(ofSlot: index)
            items.append(summaryItem(question: index, answer: answer))
            let chosen: UInt64? = if case .options(let bits)? = answer { bits } else { nil }
            for detail in dialog.preparedQuestions[index].summaryDetails {
                let state = chosen.map { $0 & (1 << UInt64(detail.option)) != 0 ? UserTexts.yes : UserTexts.no } ?? UserTexts.skipped
                items.append(SummaryItem(id: detail.id, code: detail.code, question: detail.text, answer: state, isOptionDetail: true))
            }
        }
        return items
    }

    /// The summary's line for one question (by its index in `dialog.questions`), as `summary` lists it
    /// once answered: the question as shown and the answer in words. A kept session writes this for
    /// each answer without building the whole summary.
    public func summaryItem(forQuestion index: Int) -> SummaryItem {
        UserTexts.speaking(dialog.language) { summaryItemInLanguage(forQuestion: index) }
    }

    private func summaryItemInLanguage(forQuestion index: Int) -> SummaryItem {
        summaryItem(question: index, answer: values.value(ofSlot: index))
    }

    private func summaryItem(question index: Int, answer: Value?) -> SummaryItem {
        var item = SummaryItem(
            id: dialog.questions[index].id, code: dialog.questions[index].code,
            question: dialog.preparedQuestions[index].fixedText ?? render(dialog.questions[index].text),
            answer: answerWords(answer, question: index))
        item.label = dialog.questions[index].label
        return item
    }

    /// An answer in words as the summary shows it: "6 hours", "skipped", "not sure (taken as yes)".
    private func answerWords(_ answer: Value?, question: Int) -> String {
        if values.answers.isUnsure(question) { return answer == nil ? UserTexts.notSure : UserTexts.notSureTakenAsYes }
        return answer.map { describe($0, question: question) } ?? UserTexts.skipped
    }
}
