// DialogReading: how a dialog reads one typed line at one of its questions, for tools and corpus tests.

extension Dialog {
    /// What `line` means as an answer to the question `questionID`: a value, doubt, or the reason it
    /// would be asked again. The line is sanitized as a session would; commands are not looked for.
    /// Nil when the dialog has no such question. `today` is the session's date, for relative dates.
    public func reading(of line: String, atQuestion questionID: String, today: CalendarDay? = nil) -> AnswerMatch? {
        guard let index = questionIndex[questionID] else { return nil }
        let text = Session.sanitized(line)
        return EngineLanguage.speaking(language) {
            AnswerMatcher.match(text, question: answerForms[index], folded: TextFolding.fold(text), today: today)
        }
    }
}
