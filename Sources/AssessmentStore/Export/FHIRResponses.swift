// FHIRResponses: kept assessments as FHIR R4 QuestionnaireResponse resources in a collection Bundle.

import DialogKit
import Foundation

/// FHIR R4 `QuestionnaireResponse` resources, one per finished assessment, gathered in a `Bundle`
/// of type `collection`. Each response points at its dialog's Questionnaire (`questionnaire`,
/// canonical URL and version), identifies itself by the reference, and has one item per question
/// answered (`linkId` = question id, the latest answer when a question was answered twice), each
/// answer typed as the Questionnaire item is: `valueBoolean` (yesno), `valueDecimal` (number),
/// `valueInteger` (scale), `valueCoding` (choice; multi gives one per chosen option), `valueString`
/// (text), `valueDate` (date), `valueTime` (time, with seconds). A skipped question has no item.
/// What an "other, please specify" option was said to be answers the item `ID.other` inside that
/// option's answer; each score the outcome carried answers its hidden `score.NAME` item. The outcome
/// and flags travel as extensions with codings. With the dialog, the items are nested as its
/// Questionnaire's (`response(_:dialog:)`).
public enum FHIRResponses {
    /// The Bundle holding one response per assessment.
    /// Each assessment answering one of `dialogs` (by id) has its items nested as that dialog's
    /// Questionnaire (`response(_:dialog:)`); any other lists them flat.
    public static func bundle(_ assessments: [StoredAssessment], dialogs: [Dialog] = [], now: Date = Date()) -> JSONValue {
        .object([
            ("resourceType", "Bundle"),
            ("id", .string(UUID().uuidString.lowercased())),
            ("type", "collection"),
            ("timestamp", .string(FHIRNaming.dateTime(now))),
            ("entry", .array(assessments.map { assessment in
                .object([
                    ("fullUrl", .string("urn:uuid:\(assessment.id)")),
                    ("resource", response(assessment, dialog: dialogs.first { $0.id == assessment.dialogID })),
                ])
            })),
        ])
    }

    /// One assessment as a QuestionnaireResponse. With the dialog it answers (same id), the items
    /// stand as the Questionnaire's do, as R4 asks: each question's inside its section's group, in
    /// the Questionnaire's order (an answer to a question the dialog no longer has comes last, at the
    /// top); and each chosen option's coding carries its score (`ordinalValue`). Without it, the
    /// items are flat, in the order they were answered, since a kept assessment holds no sections.
    public static func response(_ assessment: StoredAssessment, dialog: Dialog? = nil) -> JSONValue {
        let dialog = dialog?.id == assessment.dialogID ? dialog : nil
        var members: [(String, JSONValue)] = [
            ("resourceType", "QuestionnaireResponse"),
            ("id", .string(FHIRNaming.id(assessment.id))),
            // Resource.language: the language the person was asked in (the item texts are in it).
            ("language", .string(assessment.language)),
        ]
        var extensions: [JSONValue] = []
        if let code = assessment.outcomeCode {
            extensions.append(.object([
                ("url", .string(FHIRNaming.outcomeExtension)),
                ("valueCoding", .object([
                    ("system", .string(FHIRNaming.outcomeSystem)), ("code", .string(code)),
                    ("display", .string(assessment.outcomeID ?? code)),
                ])),
            ]))
        }
        for flag in assessment.flags {
            extensions.append(.object([
                ("url", .string(FHIRNaming.flagExtension)),
                ("valueCoding", .object([("system", .string(FHIRNaming.flagSystem)), ("code", .string(flag))])),
            ]))
        }
        if !extensions.isEmpty { members.append(("extension", .array(extensions))) }
        if let reference = assessment.reference {
            members.append(("identifier", .object([
                ("system", .string(FHIRNaming.referenceSystem)), ("value", .string(reference)),
            ])))
        }
        members.append(("questionnaire", .string(
            FHIRNaming.questionnaireReference(dialogID: assessment.dialogID, version: assessment.dialogVersion))))
        members.append(("status", assessment.status == .finished ? "completed" : assessment.status == .open ? "in-progress" : "stopped"))
        members.append(("authored", .string(FHIRNaming.dateTime(assessment.finishedAt ?? assessment.updatedAt))))
        let answered = assessment.latestAnswers.compactMap { answer in
            item(answer, dialogID: assessment.dialogID, dialog: dialog).map { (answer.questionID, $0) }
        }
        var items = dialog.map { nested(answered, as: $0) } ?? answered.map(\.1)
        // The scores the bot computed, as answers of the Questionnaire's hidden `score.NAME` items
        // (with the dialog, only those it has an item for).
        let scored = dialog.map { dialog in Set(dialog.scores.filter { FHIRQuestionnaire.exportsScore($0, of: dialog) }.map(\.name)) }
        for score in assessment.scores where scored?.contains(score.name) ?? true {
            items.append(.object([
                ("linkId", .string("score.\(score.name)")), ("text", .string(score.name)),
                ("answer", .array([.object([("valueDecimal", .number(score.value))])])),
            ]))
        }
        if !items.isEmpty { members.append(("item", .array(items))) }
        return .object(members)
    }

    /// The answered questions' items as the dialog's Questionnaire holds them: inside the group of
    /// their section (`section.N`, only where one of its questions was answered), in its order.
    static func nested(_ answered: [(questionID: String, item: JSONValue)], as dialog: Dialog) -> [JSONValue] {
        let (order, sectionOf, sections) = FHIRQuestionnaire.layout(dialog)
        var items: [JSONValue] = []
        var groups: [Int: (position: Int, children: [JSONValue])] = [:]
        for index in order {
            guard let item = answered.first(where: { $0.questionID == dialog.questions[index].id })?.item else { continue }
            guard let section = sectionOf[index] else {
                items.append(item)
                continue
            }
            if groups[section] == nil {
                groups[section] = (items.count, [])
                items.append(.null)
            }
            groups[section]?.children.append(item)
        }
        for (section, group) in groups {
            items[group.position] = .object([
                ("linkId", .string(FHIRQuestionnaire.sectionLinkId(section))), ("text", .string(sections[section])), ("item", .array(group.children)),
            ])
        }
        // Nothing kept is dropped: an answer the dialog has no question for any more.
        let known = Set(dialog.questions.map(\.id))
        return items + answered.filter { !known.contains($0.questionID) }.map(\.item)
    }

    /// One answered question; nil when it was skipped.
    /// Doubt is carried: an answer counted as yes has the `unsure` extension, and "not sure" kept
    /// without a value is an item with no answer and the data-absent reason `asked-unknown`.
    static func item(_ answer: StoredAnswer, dialogID: String, dialog: Dialog?) -> JSONValue? {
        guard let value = answer.value else {
            guard answer.unsure else { return nil }
            return .object([
                ("linkId", .string(answer.questionID)),
                ("text", .string(answer.question)),
                ("extension", .array([.object([("url", .string(FHIRNaming.dataAbsentReasonExtension)), ("valueCode", .string("asked-unknown"))])])),
            ])
        }
        let options = dialog?.questions.first { $0.id == answer.questionID }?.options ?? []
        func coding(_ option: StoredOption) -> JSONValue {
            FHIRNaming.optionCoding(
                dialogID: dialogID, questionID: answer.questionID, questionCode: answer.code, option: option,
                value: options.first { $0.id == option.id }?.value)
        }
        let values: [(String, JSONValue)]
        switch value {
        case .boolean(let flag):
            values = [("valueBoolean", .bool(flag))]
        case .number(let number):
            if answer.kind == .scale, number == number.rounded(), abs(number) < 1e9 {
                values = [("valueInteger", .number(Int(number)))]
            } else {
                values = [("valueDecimal", .number(number))]
            }
        case .text(let text):
            // Dates and times are kept as ISO text (YYYY-MM-DD, HH:MM); FHIR's time has seconds.
            switch answer.kind {
            case .date: values = [("valueDate", .string(text))]
            case .time: values = [("valueTime", .string(text.count == 5 ? text + ":00" : text))]
            default: values = [("valueString", .string(text))]
            }
        case .choice(let option):
            values = [("valueCoding", coding(option))]
        case .choices(let options):
            values = options.map { ("valueCoding", coding($0)) }
        }
        // A multi question answered with nothing (it has no `none` option): the item, with no answer,
        // tells it from a question skipped or not asked (no item), as `answered()` does.
        guard !values.isEmpty else { return .object([("linkId", .string(answer.questionID)), ("text", .string(answer.question))]) }
        // What the person said an "other" option is answers the item under the question, inside the
        // answer with that option's coding.
        let chosen: [StoredOption]
        switch value {
        case .choice(let option): chosen = [option]
        case .choices(let options): chosen = options
        default: chosen = []
        }
        return .object([
            ("linkId", .string(answer.questionID)),
            ("text", .string(answer.question)),
            ("answer", .array(values.indices.map { index in
                var members: [(String, JSONValue)] = [values[index]]
                if answer.unsure { members.append(("extension", .array([.object([("url", .string(FHIRNaming.unsureExtension)), ("valueBoolean", .bool(true))])]))) }
                if index < chosen.count, let specified = chosen[index].specified, !specified.isEmpty {
                    let option = chosen[index]
                    members.append(("item", .array([.object([
                        ("linkId", .string(FHIRNaming.otherLinkId(questionID: answer.questionID))),
                        ("text", .string(options.first { $0.id == option.id }?.otherPrompt ?? option.text)),
                        ("answer", .array([.object([("valueString", .string(specified))])])),
                    ])])))
                }
                return .object(members)
            })),
        ])
    }
}
