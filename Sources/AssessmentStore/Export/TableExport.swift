// TableExport: kept assessments as newline-delimited JSON, and as CSV with one column per question.

import DialogKit
import Foundation

/// The non-FHIR exports: one JSON object per line (everything kept about an assessment), and CSV
/// for a spreadsheet (a row per assessment, a column per question).
public enum TableExport {
    // MARK: - JSON lines

    /// One assessment as one line of JSON (no newline).
    public static func jsonLine(_ assessment: StoredAssessment) -> String {
        json(assessment).text()
    }

    public static func json(_ assessment: StoredAssessment) -> JSONValue {
        .object([
            ("id", .string(assessment.id)),
            ("reference", .optional(assessment.reference)),
            ("status", .string(assessment.status.rawValue)),
            ("dialog", .object([
                ("id", .string(assessment.dialogID)), ("version", .string(assessment.dialogVersion)),
                ("contentHash", .string(assessment.contentHash)),
            ])),
            ("channel", .string(assessment.channel.rawValue)),
            ("language", .string(assessment.language)),
            ("startedAt", .string(FHIRNaming.dateTime(assessment.startedAt))),
            ("finishedAt", assessment.finishedAt.map { .string(FHIRNaming.dateTime($0)) } ?? .null),
            ("outcome", .object([
                ("id", .optional(assessment.outcomeID)), ("code", .optional(assessment.outcomeCode)),
                ("flags", .array(assessment.flags.map(JSONValue.string))),
                ("scores", scores(assessment)),
            ])),
            ("answers", .array(assessment.answers.map { answer in
                .object([
                    ("question", .string(answer.questionID)),
                    ("code", .optional(answer.code)),
                    ("kind", .string(answer.kind.rawValue)),
                    ("text", .string(answer.question)),
                    ("typed", .optional(answer.typed)),
                    ("answer", .string(answer.shown)),
                    ("value", answer.value.map(value) ?? .null),
                    ("unsure", .bool(answer.unsure)),
                    ("unit", .optional(answer.unit)),
                    ("label", .optional(answer.label)),
                ])
            })),
        ])
    }

    /// The outcome's scores as an object, name to value, in the dialog's order.
    static func scores(_ assessment: StoredAssessment) -> JSONValue {
        .object(assessment.scores.map { score -> (String, JSONValue) in (score.name, JSONValue.number(score.value)) })
    }

    /// A value as plain JSON: true, 6, "text", "option_id", or ["a", "b"]; options with their codes.
    static func value(_ value: AnswerValue) -> JSONValue {
        switch value {
        case .boolean(let flag): .bool(flag)
        case .number(let number): .number(number)
        case .text(let text): .string(text)
        case .choice(let option): self.option(option)
        case .choices(let options): .array(options.map(option))
        }
    }

    private static func option(_ option: StoredOption) -> JSONValue {
        var members: [(String, JSONValue)] = [("id", .string(option.id)), ("code", .optional(option.code)), ("text", .string(option.text))]
        if let specified = option.specified { members.append(("specified", .string(specified))) }
        return .object(members)
    }

    // MARK: - CSV

    /// The fixed columns before the questions.
    static let fixedColumns = [
        "reference", "id", "dialog", "version", "content_hash", "channel", "language", "started_at", "finished_at",
        "outcome", "outcome_code", "flags",
    ]

    /// CSV (RFC 4180, CR LF line ends) with a header row. The question columns are `questionOrder`
    /// (a dialog's questions) followed by any other question the assessments answered, in the
    /// order first met. A cell holds yes/no, the number, the text, the option id, or option ids
    /// joined by ";"; it is empty for a question skipped or not asked. A question's header is its
    /// `label` when it has one (else its id), with its unit after it: `Sleep (hours)`, since a number
    /// cell is in the question's unit. The scores follow the questions, one `score.NAME` column each. A question whose "other, please
    /// specify" option some answer chose has a column `QUESTION.other` after its own, with what was said.
    public static func csv(_ assessments: [StoredAssessment], questionOrder: [String] = []) -> String {
        var columns = questionOrder
        var known = Set(columns)
        for assessment in assessments {
            for answer in assessment.answers where known.insert(answer.questionID).inserted {
                columns.append(answer.questionID)
            }
        }
        let specified = Set(assessments.flatMap { $0.latestAnswers.filter { $0.value?.otherText != nil }.map(\.questionID) })
        columns = columns.flatMap { specified.contains($0) ? [$0, $0 + otherSuffix] : [$0] }
        var scoreNames: [String] = []
        var headers: [String: (label: String?, unit: String?)] = [:]
        for assessment in assessments {
            for score in assessment.scores where !scoreNames.contains(score.name) { scoreNames.append(score.name) }
            for answer in assessment.answers where answer.label != nil || answer.unit != nil { headers[answer.questionID] = (answer.label, answer.unit) }
        }
        let questionHeaders = columns.map { id in
            if id.hasSuffix(otherSuffix) { return id }
            return (headers[id]?.label ?? id) + (headers[id]?.unit.map { " (\($0))" } ?? "")
        }
        var out = (fixedColumns + questionHeaders + scoreNames.map { "score.\($0)" }).map { cell($0, isTyped: false) }.joined(separator: ",") + "\r\n"
        for assessment in assessments {
            let answers = Dictionary(assessment.latestAnswers.map { ($0.questionID, $0) }, uniquingKeysWith: { _, last in last })
            var row = [
                assessment.reference ?? "", assessment.id, assessment.dialogID, assessment.dialogVersion, assessment.contentHash,
                assessment.channel.rawValue, assessment.language, FHIRNaming.dateTime(assessment.startedAt),
                assessment.finishedAt.map(FHIRNaming.dateTime) ?? "", assessment.outcomeID ?? "", assessment.outcomeCode ?? "",
                assessment.flags.joined(separator: ";"),
            ].map { cell($0, isTyped: false) }
            for column in columns {
                // A question id has no ".": `where.other` is the other text of `where`.
                if column.hasSuffix(otherSuffix) {
                    row.append(cell(answers[String(column.dropLast(otherSuffix.count))]?.value?.otherText ?? "", isTyped: true))
                    continue
                }
                let answer = answers[column]
                row.append(cell(answer?.value?.plain ?? "", isTyped: answer?.kind == .text))
            }
            for name in scoreNames {
                row.append(cell(assessment.scores.first { $0.name == name }.map { NumberFormatting.plain($0.value) } ?? "", isTyped: false))
            }
            out += row.joined(separator: ",") + "\r\n"
        }
        return out
    }

    /// The column of an "other, please specify" text: after its question's id.
    static let otherSuffix = ".other"

    /// A CSV field, quoted when it must be. Text a person typed that a spreadsheet would take for a
    /// formula (`=`, `+`, `-`, `@` first) gets a leading apostrophe, so opening the file runs nothing.
    static func cell(_ text: String, isTyped: Bool) -> String {
        var text = text
        if isTyped, let first = text.first, "=+-@\t\r".contains(first) { text = "'" + text }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
