// MutantExplainer: why a mutant survived: answers that would tell it from the dialog, or proof that none do.

import DialogKit

/// What exploring a dialog and its mutant side by side found.
public enum MutantVerdict: Sendable {
    /// No answers tell them apart: the mutant behaves like the dialog (over the answers tried).
    case equivalent
    /// These answers do: a transcript that the dialog passes and the mutant fails.
    case distinguishable(CounterExample)
    /// Typing the dropped word is read differently: what the dialog and the mutant make of it.
    case wordReadDifferently(question: String, word: String, dialog: String, mutant: String)
    /// The exploration stopped at its limits before deciding.
    case undecided

    public var text: String {
        switch self {
        case .equivalent: "equivalent: no answers tell it from the dialog (outcome, flags and questions are always the same)"
        case .distinguishable(let example):
            "a transcript would notice it: " + example.steps.map { "\($0.question)=\($0.typed)" }.joined(separator: ", ")
                + " -> " + Self.ending(example.ending)
        case .wordReadDifferently(let question, let word, let dialog, let mutant):
            "a transcript would notice it: typing \"\(word)\" at `\(question)` is read as \(dialog), but the mutant \(mutant)"
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

/// Decides whether a surviving mutant could be noticed at all.
public enum MutantExplainer {
    public static func verdict(for mutant: Mutant, of dialog: Dialog, limits: ExplorationLimits = ExplorationLimits(maximumStates: 300_000, maximumSeconds: 20))
        -> MutantVerdict
    {
        if let dropped = mutant.droppedWord { return verdict(droppedWord: dropped, mutant: mutant, dialog: dialog, limits: limits) }
        let explorer = PathExplorer(dialogs: [dialog, mutant.dialog], limits: limits)
        var found: (AnswerPath, CounterExample.Ending)?
        explorer.explore { ending in
            guard let difference = difference(ending.stops, ending.values, dialogs: [dialog, mutant.dialog]) else { return false }
            found = (explorer.path(of: ending), difference)
            return true
        }
        if let (answers, ending) = found {
            return .distinguishable(CounterExample(dialog: dialog, answers: answers, ending: ending, explanation: ["Tells the mutant apart: \(mutant.change)"]))
        }
        return explorer.isComplete ? .equivalent : .undecided
    }

    /// How the dialog ends where the mutant ends differently, or nil when both end alike.
    static func difference(_ stops: [ProgramStop], _ values: [SlotValues], dialogs: [Dialog]) -> CounterExample.Ending? {
        func ending(_ machine: Int) -> CounterExample.Ending {
            let dialog = dialogs[machine]
            switch stops[machine] {
            case .ask(_, let question): return .asks(question: dialog.questions[question].id)
            case .outcome(_, let outcome):
                return .outcome(id: dialog.outcomes[outcome].id, flags: ProgramInterpreter.flags(dialog, outcome: outcome, values: values[machine]).sorted())
            case .deadEnd: return .deadEnd
            case .loop: return .loop
            }
        }
        let original = ending(0)
        return original == ending(1) ? nil : original
    }

    /// A dropped word matters if, where its question is asked, typing it now reads differently.
    private static func verdict(droppedWord: (question: Int, word: String), mutant: Mutant, dialog: Dialog, limits: ExplorationLimits) -> MutantVerdict {
        let explorer = PathExplorer(dialogs: [dialog], limits: limits)
        explorer.explore { _ in false }
        guard let state = explorer.questionAsked.firstIndex(of: Int32(droppedWord.question)) else {
            return explorer.isComplete ? .equivalent : .undecided
        }
        let answers = explorer.path(to: Int32(state))
        var original = Session(dialog: dialog)
        var changed = Session(dialog: mutant.dialog)
        _ = original.start()
        _ = changed.start()
        for (question, value) in answers {
            let line = AnswerTyping.line(for: value, question: dialog.questions[question])
            _ = original.receive(line)
            _ = changed.receive(line)
        }
        let originalEvents = original.receive(droppedWord.word)
        let changedEvents = changed.receive(droppedWord.word)
        let question = dialog.questions[droppedWord.question]
        let originalValue = original.value(ofSlot: droppedWord.question)
        let changedValue = changed.value(ofSlot: droppedWord.question)
        if originalEvents == changedEvents && originalValue == changedValue { return .equivalent }
        func reading(_ events: [Event], _ value: Value?) -> String {
            if events.contains(where: { if case .retry = $0 { true } else { false } }) { return "refuses it" }
            return AnswerTyping.words(for: value, question: question).map { "reads \"\($0)\"" } ?? "reads it otherwise"
        }
        let read = AnswerTyping.words(for: originalValue, question: question).map { "\"\($0)\"" } ?? "an answer"
        return .wordReadDifferently(
            question: question.id, word: droppedWord.word, dialog: read, mutant: reading(changedEvents, changedValue))
    }
}
