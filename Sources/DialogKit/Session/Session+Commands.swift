// Session+Commands: what `back`, `restart`, `help`, `why`, `summary` and `quit` do, and what Tab may complete.

extension Session {
    /// What a command does: its events, and for `back`, `restart` and `quit` the change of state.
    mutating func perform(_ command: Command) -> [Event] {
        switch command {
        case .back:
            guard !answered.isEmpty else {
                return retry(UserTexts.nothingToGoBackTo)
            }
            let kept = Array(keptAnswers.dropLast())
            var events: [Event] = [.say(Say(UserTexts.goingBack, style: .notice))]
            rewind(replaying: kept, into: &events)
            return events
        case .restart:
            var events: [Event] = [.say(Say(UserTexts.restarting, style: .notice))]
            rewind(replaying: [], into: &events, emitting: true)
            return events
        case .help:
            guard let index = currentQuestionIndex else { return [] }
            let help = dialog.questions[index].help ?? UserTexts.noMoreHelp
            return [
                .say(Say(help, style: .help)),
                .say(Say(UserTexts.commandsReminder, style: .help)),
                .ask(makeAsk(index)),
            ]
        case .why:
            guard let index = currentQuestionIndex else { return [] }
            return [.say(Say(explanation(), style: .explanation)), .ask(makeAsk(index))]
        case .summary:
            guard let index = currentQuestionIndex else { return [] }
            let items = summary
            let text = items.isEmpty
                ? UserTexts.noAnswersYet
                : UserTexts.answersSoFar + "\n" + items.filter { !$0.isOptionDetail }.map { "- \($0.shownQuestion) \($0.answer)" }.joined(separator: "\n")
            return [.say(Say(text, style: .summary)), .ask(makeAsk(index))]
        case .quit:
            phase = .quit
            return [
                .say(Say(UserTexts.quitNotice, style: .notice)),
                .end,
            ]
        }
    }

    /// What Tab may complete to now: the current options' texts and `also` words, and the commands.
    public var completionCandidates: [String] {
        var candidates: [String] = []
        if let index = currentQuestionIndex {
            let question = dialog.questions[index]
            switch question.kind {
            case .yesno: candidates += ["yes", "no"]
            case .choice, .multi:
                for option in question.options { candidates += [option.text] + option.also }
                if question.kind == .multi { candidates.append("none") }
            default: break
            }
            if question.isOptional { candidates.append("skip") }
        }
        candidates += Command.allCases.map(\.rawValue)
        var seen = Set<String>()
        return candidates.filter { seen.insert($0.lowercased()).inserted }
    }
}
