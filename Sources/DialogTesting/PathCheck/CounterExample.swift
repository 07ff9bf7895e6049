// CounterExample: an answer sequence the tools found, written as a transcript `intake test` can replay.

import DialogKit

/// How to type an answer so the session reads exactly this value.
enum AnswerTyping {
    static func line(for value: Value?, question: Question) -> String {
        guard let value else { return "skip" }
        switch value {
        case .bool(let flag): return flag ? "yes" : "no"
        case .number(let number) where question.kind == .date: return CalendarDay(dayNumber: Int(number)).iso
        case .number(let number) where question.kind == .time: return ClockTime(minutes: Int(number))?.iso ?? NumberFormatting.plain(number)
        case .number(let number): return NumberFormatting.plain(number)
        case .option(let index): return String(index + 1)
        case .options(let bits):
            let chosen = question.options.indices.filter { bits & (1 << UInt64($0)) != 0 }
            return chosen.isEmpty ? "none" : chosen.map { String($0 + 1) }.joined(separator: ", ")
        case .text(let text): return "\"\(text)\""
        }
    }

    /// What to type at the follow-up when the value chooses an "other, please specify" option; nil otherwise.
    static func followUp(for value: Value?, question: Question) -> String? {
        guard let other = question.options.firstIndex(where: \.isOther) else { return nil }
        switch value {
        case .option(let index)? where index == other: return "a reason not listed"
        case .options(let bits)? where bits & (1 << UInt64(other)) != 0: return "a reason not listed"
        default: return nil
        }
    }

    /// The answer in words, for a comment beside a typed option number.
    static func words(for value: Value?, question: Question) -> String? {
        switch value {
        case .option(let index)?: return question.options[index].text
        case .options(let bits)?:
            let chosen = question.options.indices.filter { bits & (1 << UInt64($0)) != 0 }.map { question.options[$0].text }
            return chosen.isEmpty ? "none of them" : chosen.joined(separator: "; ")
        default: return nil
        }
    }
}

/// A path through a dialog and how it ends, as a transcript.
public struct CounterExample: Sendable {
    /// How the path ends.
    public enum Ending: Sendable, Equatable {
        case outcome(id: String, flags: [String])
        /// The flow runs out with no outcome.
        case deadEnd
        /// The flow goes round without asking anything.
        case loop
        /// Waiting for this question, from where no outcome can ever be reached.
        case stuck(question: String)
        /// Waiting for this question (where a mutant would ask another, or end).
        case asks(question: String)
    }

    /// Each question id and the line typed for it.
    public var steps: [(question: String, typed: String, words: String?)]
    public var ending: Ending
    /// Lines said first, as comments: what the example shows.
    public var explanation: [String]
    /// For each step, what is typed at its "other, please specify" follow-up, if its answer asks one.
    public var followUps: [String?] = []
    /// The tools' date, for a dialog that asks a date: the transcript gives it as `today:`, so that it
    /// replays as it was explored.
    public var today: CalendarDay?

    init(dialog: Dialog, answers: AnswerPath, ending: Ending, explanation: [String]) {
        followUps = answers.map { question, value in AnswerTyping.followUp(for: value, question: dialog.questions[question]) }
        today = dialog.questions.contains { $0.kind == .date } ? SlotValues.today : nil
        steps = answers.map { question, value in
            let definition = dialog.questions[question]
            return (definition.id, AnswerTyping.line(for: value, question: definition), AnswerTyping.words(for: value, question: definition))
        }
        self.ending = ending
        self.explanation = explanation
    }

    /// The same example with each answer typed as `lines` says (in order); an option's number keeps
    /// its words as a comment, a line in words needs none.
    func retyped(_ lines: [String]) -> CounterExample {
        var copy = self
        for (index, line) in lines.enumerated() where copy.steps.indices.contains(index) {
            let words = Int(line.split(separator: ",").first.map { String($0) } ?? "") != nil ? steps[index].words : nil
            copy.steps[index] = (steps[index].question, line, words)
        }
        return copy
    }

    /// The transcript: comments, then `ask` and `>` lines, then how it ends.
    public var transcript: String {
        var lines = explanation.map { "# \($0)" }
        if let today { lines.append("today: \(today.iso)") }
        for (index, step) in steps.enumerated() {
            lines.append("ask \(step.question)")
            if let words = step.words { lines.append("# \(step.typed): \(words)") }
            lines.append("> \(step.typed)")
            if index < followUps.count, let followUp = followUps[index] {
                lines.append("ask \(step.question).other")
                lines.append("> \(followUp)")
            }
        }
        switch ending {
        case .outcome(let id, let flags):
            lines.append("outcome \(id)")
            lines.append(flags.isEmpty ? "flags exactly" : "flags exactly \(flags.joined(separator: " "))")
        case .deadEnd:
            lines.append(Transcript.endsWithoutOutcomeMarker + ": here the flow runs out")
        case .loop:
            lines.append(Transcript.endsWithoutOutcomeMarker + ": here the flow goes round in a loop without asking anything")
        case .stuck(let question):
            lines.append("ask \(question)")
            lines.append(Transcript.endsWithoutOutcomeMarker + ": from here on no answers lead to one")
        case .asks(let question):
            lines.append("ask \(question)")
            lines.append(Transcript.endsWithoutOutcomeMarker + ": the question asked here is what tells it apart")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Whether the transcript passes against the dialog as it stands (the example is real, not a model's guess).
    public func replays(on dialog: Dialog) -> Bool {
        guard case .success(let parsed) = Transcript.parse(transcript, file: "counter-example") else { return false }
        return TranscriptRunner.run(parsed, dialog: dialog).passed
    }
}
