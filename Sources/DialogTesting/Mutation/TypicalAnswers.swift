// TypicalAnswers: suggested transcripts typed as a person would answer: an option's own words, a
// number inside the question's range in its unit, a plausible text; each checked to still show what it shows.

import DialogKit

/// Turns the values an exploration found (`where=1`, `weeks=0`, `note="something else"`) into lines
/// a person would type ("Lower back", "6 weeks", "Nothing else, thank you."). A line is only kept
/// when the transcript still does what it was found to do (the caller's `keeps`), so a typical value
/// never changes which way the dialog goes.
enum TypicalAnswers {
    /// What a text answer is typed as where any text would do (the explorer's "something else").
    static let plausibleText = "Nothing else, thank you."

    /// Lines for each answer, each the most typical one `keeps` accepts (tried one answer at a time,
    /// the others as chosen so far); the exploration's own line where no other is kept.
    static func lines(for answers: AnswerPath, dialog: Dialog, keeps: ([String]) -> Bool) -> [String] {
        var lines = answers.map { AnswerTyping.line(for: $0.value, question: dialog.questions[$0.question]) }
        for (position, answer) in answers.enumerated() {
            let question = dialog.questions[answer.question]
            for candidate in candidates(for: answer.value, question: question, dialog: dialog, slot: answer.question)
            where candidate != lines[position] {
                var trial = lines
                trial[position] = candidate
                if keeps(trial) {
                    lines = trial
                    break
                }
            }
        }
        return lines
    }

    /// Lines that mean `value` at `question`, most typical first.
    static func candidates(for value: Value?, question: Question, dialog: Dialog, slot: Int) -> [String] {
        guard let value else { return [] }
        switch value {
        case .bool:
            return []
        case .option(let index):
            return [question.options[index].text]
        case .options(let bits):
            let chosen = question.options.indices.filter { bits & (1 << UInt64($0)) != 0 }
            return chosen.isEmpty ? [] : [chosen.map { question.options[$0].text }.joined(separator: ", ")]
        case .number(let number) where question.kind == .date:
            // A day where any would do (the explorer's 1970-01-01) is typed as a recent one, as a person
            // gives it: "3 weeks ago" where the question reads relative dates, the date in words else.
            var lines: [String] = []
            for weeks in [3, 2, 1] {
                let day = CalendarDay(dayNumber: SlotValues.today.dayNumber - 7 * weeks)
                if question.calendar?.allowsRelative == true { lines.append("\(weeks) week\(weeks == 1 ? "" : "s") ago") }
                lines.append(day.readable)
            }
            return lines + [CalendarDay(dayNumber: Int(number)).iso]
        case .number(let number):
            var numbers: [Double] = []
            if let typical = typicalNumber(replacing: number, question: question, thresholds: thresholds(of: slot, in: dialog)) {
                numbers.append(typical)
            }
            numbers.append(number)
            var lines: [String] = []
            for candidate in numbers {
                if let unit = question.unit, question.kind == .number { lines.append(NumberFormatting.plain(candidate) + " " + unitWord(unit, for: candidate)) }
                lines.append(NumberFormatting.plain(candidate))
            }
            return lines
        case .text(let text):
            // A text a condition compares with must stay exactly that; the explorer's stand-in for
            // "any other text" becomes something a person would write.
            return text.hasPrefix("something else") ? [plausibleText] : []
        }
    }

    /// A whole number inside the question's range, away from its ends (a little past the lower side of a
    /// wide gap, the middle of a narrow one), on the same side of every
    /// threshold as `number`: where the explorer took the range's end, or a number next to it, because
    /// any value would do. Nil when `number` is a threshold or next to one (it is meant exactly).
    static func typicalNumber(replacing number: Double, question: Question, thresholds: [Double]) -> Double? {
        let low = question.min ?? (question.kind == .scale ? 0 : nil)
        let high = question.max ?? (question.kind == .scale ? 10 : nil)
        guard let low else { return nil }
        let nearEnd = abs(number - low) <= 1 || high.map { abs(number - $0) <= 1 } == true
        guard nearEnd, !thresholds.contains(where: { abs($0 - number) <= 1 }) || number == low || number == high else { return nil }
        let below = thresholds.filter { $0 < number }.max() ?? low
        let above = thresholds.filter { $0 > number }.min() ?? high ?? (number + 10)
        // In a wide gap, a number a little past its lower side reads as an answer (13 months, not 600).
        let middle = (above - below > 20 ? below + 10 : (below + above) / 2).rounded(.down)
        guard middle > below, middle < above, middle != number, !thresholds.contains(middle) else { return nil }
        return middle
    }

    /// The constants the dialog compares the question's answer with, alone (`hours < 6`, not a total
    /// the answer is part of: the suggestion is replayed, so a typical value that crossed one is not kept).
    static func thresholds(of slot: Int, in dialog: Dialog) -> [Double] {
        var found: [Double] = []
        for (_, typed) in dialog.allExpressions {
            for (_, node) in typed.expression.nodesWithPaths {
                if let threshold = node.numericThreshold, threshold.operand.slotsRead.allSatisfy({ $0 == slot }),
                    threshold.operand.slotsRead.contains(slot)
                {
                    found.append(threshold.constant)
                }
            }
        }
        return found
    }

    /// "weeks" for 6, "week" for 1.
    static func unitWord(_ unit: String, for number: Double) -> String {
        number == 1 && unit.hasSuffix("s") ? String(unit.dropLast()) : unit
    }
}
