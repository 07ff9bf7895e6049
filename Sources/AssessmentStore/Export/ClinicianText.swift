// ClinicianText: one assessment as plain text for a clinician (`intake show`).

import DialogKit
import Foundation

/// One assessment for a clinician to read: when, which dialog, the outcome and flags, then each
/// question with the answer understood, its code, and what the person typed when it differs.
public enum ClinicianText {
    /// - Parameter width: columns to wrap the questions and answers at.
    public static func render(_ assessment: StoredAssessment, timeZone: TimeZone = .current, width: Int = 100) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss zzz"
        var lines: [String] = []
        lines.append("Assessment \(assessment.reference ?? "(not finished)")")
        lines.append("")
        func field(_ name: String, _ value: String) { lines.append((name + ":").padding(toLength: 11, withPad: " ", startingAt: 0) + value) }
        field("Status", assessment.status.rawValue)
        field("Dialog", "\(assessment.dialogID) version \(assessment.dialogVersion) (text \(assessment.contentHash))")
        field("Channel", assessment.channel.rawValue)
        field("Language", assessment.language)
        field("Started", formatter.string(from: assessment.startedAt))
        if let finished = assessment.finishedAt { field("Finished", formatter.string(from: finished)) }
        if let outcome = assessment.outcomeID {
            field("Outcome", outcome + (assessment.outcomeCode.map { $0 == outcome ? "" : " (\($0))" } ?? ""))
        }
        field("Flags", assessment.flags.isEmpty ? "none" : assessment.flags.joined(separator: ", "))
        if !assessment.scores.isEmpty {
            field("Scores", assessment.scores.map { "\($0.name) \(NumberFormatting.plain($0.value))" }.joined(separator: ", "))
        }
        lines.append("")
        let answers = assessment.latestAnswers
        lines.append("Answers (\(answers.count)):")
        let numberWidth = String(answers.count).count
        for (index, answer) in answers.enumerated() {
            let number = String(repeating: " ", count: numberWidth - String(index + 1).count) + "\(index + 1)"
            let code = answer.code.map { "  [\($0)]" } ?? ""
            let pad = String(repeating: " ", count: numberWidth + 2)
            let question = TextWrapping.wrap("\(answer.question)\(code)", width: width - pad.count, indent: "")
            for (index, line) in question.enumerated() { lines.append((index == 0 ? "\(number). " : pad) + line) }
            var shown = answer.shown
            if let typed = answer.typed, typed.lowercased() != shown.lowercased() {
                shown += " (typed: \"\(typed)\")"
            }
            for line in TextWrapping.wrap("-> " + shown, width: width - pad.count, indent: "   ") { lines.append(pad + line) }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
