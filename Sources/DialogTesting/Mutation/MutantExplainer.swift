// MutantExplainer: why a mutant survived: answers that would tell it from the dialog, or proof that none do.

import DialogKit

/// What exploring a dialog and its mutant side by side found.
public enum MutantVerdict: Sendable {
    /// Whether the mutant behaves exactly like the dialog, so no transcript could notice it.
    public var isEquivalent: Bool {
        switch self {
        case .equivalent, .wordStillUnderstood: true
        default: false
        }
    }

    /// No answers tell them apart: the mutant behaves like the dialog (over the answers tried).
    case equivalent
    /// These answers do: a transcript that the dialog passes and the mutant fails.
    case distinguishable(CounterExample)
    /// Outcome, flags and questions are the same on every path: only what a `when` says differs.
    case wordingOnly
    /// Outcome, flags and questions are the same on every path, but the changed value is shown in a text.
    case shownValueMayDiffer(String)
    /// The dropped word still names the same option (it is in the option's text, or another word covers it).
    case wordStillUnderstood(question: String, word: String)
    /// Typing the dropped word is read differently: what the dialog and the mutant make of it.
    case wordReadDifferently(WordWitness)
    /// The exploration stopped at its limits before deciding.
    case undecided

    public var text: String {
        switch self {
        case .equivalent: "equivalent: no answers tell it from the dialog (outcome, flags and questions are always the same)"
        case .distinguishable(let example):
            "a transcript would notice it: " + example.steps.map { "\($0.question)=\($0.typed)" }.joined(separator: ", ")
                + " -> " + Self.ending(example.ending)
        case .wordingOnly:
            "the outcome, the flags and the questions asked are the same on every path; only what is said differs, so a `says` line for that text would notice it"
        case .shownValueMayDiffer(let name):
            "the outcome, the flags and the questions asked are the same on every path, but `{\(name)}` is shown in a text and may differ: a `says` line for it would notice that"
        case .wordStillUnderstood(let question, let word):
            "equivalent: at `\(question)`, every answer tried that uses \"\(word)\" (alone, in a sentence, beside another option, misspelt) is read the same without it"
        case .wordReadDifferently(let witness):
            "a transcript would notice it: typing \"\(witness.word)\" at `\(witness.question)` is read as \(witness.dialogReading), but the mutant \(witness.mutantReading)"
        case .undecided: "undecided: too many paths to compare them all"
        }
    }

    private static func ending(_ ending: CounterExample.Ending) -> String {
        switch ending {
        case .outcome(let id, let flags): "outcome \(id)" + (flags.isEmpty ? "" : " [\(flags.joined(separator: " "))]")
        case .asks(let question), .stuck(let question): "asks \(question)"
        case .deadEnd: "no outcome"
        case .loop: "a loop"
        }
    }
}

/// How to show that a dropped `also` word matters: the answers that lead to its question, the word,
/// and the summary line that names the answer it stands for.
public struct WordWitness: Sendable {
    public var question: String
    public var word: String
    public var dialogReading: String
    public var mutantReading: String
    /// Questions and typed lines before the question.
    public var prefix: [(question: String, typed: String)]
    /// "Question text Answer text", as the summary lists it.
    public var summaryLine: String
    /// Whether answering with the word ends the session (then nothing can follow it).
    public var ends: Bool
    /// When both read the same answer but say different things on the way (the mutant reads the word
    /// only by correcting its spelling, and says so): what only the dialog says, and what only the
    /// mutant says. A transcript notices the mutant with `says` the one or `never says` the other.
    public var saidByDialogOnly: String? = nil
    public var saidByMutantOnly: String? = nil
}

/// Decides whether a surviving mutant could be noticed at all.
public enum MutantExplainer {
    /// Whether any answers tell `mutant` from `dialog`. `paths` (from `pathsToQuestions`) saves exploring
    /// the dialog again for each dropped word.
    public static func verdict(
        for mutant: Mutant, of dialog: Dialog, paths: QuestionPaths? = nil,
        limits: ExplorationLimits = ExplorationLimits(maximumStates: 300_000, maximumSeconds: 20)
    ) -> MutantVerdict {
        if let dropped = mutant.droppedWord {
            return verdict(droppedWord: dropped, mutant: mutant, dialog: dialog, paths: paths ?? pathsToQuestions(dialog, limits: limits))
        }
        // Only what the change can reach is told apart: the way through the dialog, and the flags
        // that read the changed value.
        let focus = ExplorationFocus.forChange(at: mutant.owner, of: dialog)
        let explorer = PathExplorer(
            dialogs: [dialog, mutant.dialog],
            analyses: [DialogAnalysis(dialog: dialog, focus: focus), DialogAnalysis(dialog: mutant.dialog, focus: focus)], limits: limits)
        var found: (AnswerPath, CounterExample.Ending)?
        explorer.explore { ending in
            guard let difference = difference(ending.stops, ending.values, dialogs: [dialog, mutant.dialog]) else { return false }
            found = (explorer.path(of: ending), difference)
            return true
        }
        if let (answers, ending) = found {
            let example = CounterExample(dialog: dialog, answers: answers, ending: ending, explanation: ["Tells the mutant apart: \(mutant.change)"])
            // Typed as a person would answer, each line kept only where the transcript still passes on
            // the dialog and fails on the mutant.
            let lines = TypicalAnswers.lines(for: answers, dialog: dialog) { lines in
                let trial = example.retyped(lines)
                guard case .success(let parsed) = Transcript.parse(trial.transcript, file: "suggestion") else { return false }
                return TranscriptRunner.passes(parsed, dialog: dialog) && !TranscriptRunner.passes(parsed, dialog: mutant.dialog)
            }
            return .distinguishable(example.retyped(lines))
        }
        guard explorer.isComplete else { return .undecided }
        let sayOnly = DialogAnalysis.sayOnlyConditionals(dialog.program)
        if dialog.program.indices.contains(where: { sayOnly.contains($0) && dialog.program[$0] != mutant.dialog.program[$0] }) {
            return .wordingOnly
        }
        if let shown = shownValue(changedBy: mutant, in: dialog) { return .shownValueMayDiffer(shown) }
        return .equivalent
    }

    /// The name of a value shown in some text (`{midas_grade}`) that the mutant's change can reach.
    static func shownValue(changedBy mutant: Mutant, in dialog: Dialog) -> String? {
        guard case .instruction(let index)? = mutant.owner, case .assign(let changed, _) = dialog.program[index] else { return nil }
        var reached: Set<Int> = [changed]
        var grew = true
        while grew {
            grew = false
            for instruction in dialog.program {
                if case .assign(let slot, let expression) = instruction, !reached.contains(slot),
                    expression.expression.slotsRead.contains(where: reached.contains)
                {
                    reached.insert(slot)
                    grew = true
                }
            }
        }
        var templates = dialog.outcomes.map(\.text) + dialog.questions.map(\.text)
        for instruction in dialog.program {
            if case .say(let template) = instruction { templates.append(template) }
        }
        for template in templates {
            for case .value(let name, let slot) in template.parts where reached.contains(slot) { return name }
        }
        return nil
    }

    /// How the dialog ends where the mutant ends differently, or nil when both end alike.
    static func difference(_ stops: [ProgramStop], _ values: [SlotValues], dialogs: [Dialog]) -> CounterExample.Ending? {
        func ending(_ machine: Int) -> CounterExample.Ending {
            let dialog = dialogs[machine]
            switch stops[machine] {
            case .ask(_, let question): return .asks(question: dialog.questions[question].id)
            case .outcome(_, let outcome):
                return .outcome(id: dialog.outcomes[outcome].id, flags: ProgramInterpreter.flags(dialog, outcome: outcome, state: values[machine]).sorted())
            case .deadEnd: return .deadEnd
            case .loop: return .loop
            }
        }
        let original = ending(0)
        return original == ending(1) ? nil : original
    }

    /// The shortest answers that lead to each question, found by exploring the way through the dialog.
    public struct QuestionPaths: Sendable {
        var paths: [Int: AnswerPath]
        var isComplete: Bool
    }

    public static func pathsToQuestions(_ dialog: Dialog, limits: ExplorationLimits = ExplorationLimits(maximumStates: 300_000, maximumSeconds: 20))
        -> QuestionPaths
    {
        let focus = ExplorationFocus.groups(for: dialog)[0]
        let explorer = PathExplorer(dialogs: [dialog], analyses: [DialogAnalysis(dialog: dialog, focus: focus)], limits: limits)
        explorer.explore { _ in false }
        var paths: [Int: AnswerPath] = [:]
        for state in 0..<explorer.stateCount where paths[Int(explorer.questionAsked[state])] == nil {
            paths[Int(explorer.questionAsked[state])] = explorer.path(to: Int32(state))
        }
        return QuestionPaths(paths: paths, isComplete: explorer.isComplete)
    }

    /// A dropped word matters if, where its question is asked, some whole answer that uses it is read
    /// differently: the word alone, inside a sentence, beside another option, misspelt. The mutant is
    /// equivalent only when every one of them that the dialog takes leads to the same events and value.
    private static func verdict(
        droppedWord: (question: Int, option: Int, word: String), mutant: Mutant, dialog: Dialog, paths: QuestionPaths
    ) -> MutantVerdict {
        guard let answers = paths.paths[droppedWord.question] else { return paths.isComplete ? .equivalent : .undecided }
        let question = dialog.questions[droppedWord.question]
        // The way to the question, typed as a person would; each line kept only where it still leads there.
        let prefix = TypicalAnswers.lines(for: answers, dialog: dialog) { lines in
            var session = Session(dialog: dialog)
            _ = session.start()
            for line in lines { _ = session.receive(line) }
            return session.currentQuestionID == question.id
        }
        var original = Session(dialog: dialog)
        var changed = Session(dialog: mutant.dialog)
        _ = original.start()
        _ = changed.start()
        for line in prefix {
            _ = original.receive(line)
            _ = changed.receive(line)
        }
        func refused(_ events: [Event]) -> Bool { events.contains { if case .retry = $0 { true } else { false } } }
        for line in answersUsing(droppedWord.word, option: droppedWord.option, question: question) {
            // Sessions are values: each answer is tried from the same place.
            var dialogSession = original
            var mutantSession = changed
            let originalEvents = dialogSession.receive(line)
            let changedEvents = mutantSession.receive(line)
            // An answer the dialog itself refuses is no answer to lose.
            if refused(originalEvents) { continue }
            let originalValue = dialogSession.value(ofSlot: droppedWord.question)
            let changedValue = mutantSession.value(ofSlot: droppedWord.question)
            if originalEvents == changedEvents && originalValue == changedValue { continue }
            // The same answer read, but not the same things said: the difference is what a transcript sees.
            func said(_ events: [Event]) -> [String] { events.compactMap { if case .say(let say) = $0 { say.text } else { nil } } }
            let dialogOnly = said(originalEvents).first { !said(changedEvents).contains($0) }
            let mutantOnly = said(changedEvents).first { !said(originalEvents).contains($0) }
            var reading = refused(changedEvents)
                ? "refuses it"
                : AnswerTyping.words(for: changedValue, question: question).map { "reads \"\($0)\"" } ?? "reads it otherwise"
            if originalValue == changedValue, !refused(changedEvents) {
                if let mutantOnly {
                    reading = "reads it the same only by guessing, and says \"\(mutantOnly)\""
                } else if let dialogOnly {
                    reading = "reads it the same without saying \"\(dialogOnly)\""
                }
            }
            let read = AnswerTyping.words(for: originalValue, question: question).map { "\"\($0)\"" } ?? "an answer"
            let item = (dialogSession.outcome?.summary ?? dialogSession.summary).first { $0.id == question.id }
            return .wordReadDifferently(WordWitness(
                question: question.id, word: line, dialogReading: read, mutantReading: reading,
                prefix: zip(answers, prefix).map { (dialog.questions[$0.0.question].id, $0.1) },
                summaryLine: item.map { "\($0.question) \($0.answer)" } ?? "", ends: dialogSession.isOver,
                saidByDialogOnly: originalValue == changedValue ? dialogOnly : nil,
                saidByMutantOnly: originalValue == changedValue ? mutantOnly : nil))
        }
        return .wordStillUnderstood(question: question.id, word: droppedWord.word)
    }

    /// Whole answers a person could give that use `word` (an `also` word of option `option`): the
    /// word alone, in a sentence ("I would say neck"), beside another option of a multi question,
    /// all but it, and misspelt by one letter where a slip of it could still be read.
    static func answersUsing(_ word: String, option: Int, question: Question) -> [String] {
        var lines = [word, "I would say \(word)", "it is \(word) mostly"]
        if question.kind == .multi,
            let other = question.options.indices.first(where: { $0 != option && question.options[$0].id != "none" })
        {
            let otherText = question.options[other].text
            lines += ["\(word) and \(otherText)", "\(otherText), \(word)", "everything except \(word)"]
        }
        let letters = Array(word)
        if letters.count >= 6, letters.allSatisfy({ $0.isLetter }) {
            // One letter dropped from the middle: a slip near-miss reading may still place.
            var slip = letters
            slip.remove(at: letters.count / 2)
            lines.append(String(slip))
        }
        return lines
    }

}
