// FHIRExportTests: what the FHIR export says beyond the flow's conditions: scores (option values, score
// items), dates and times, "other" texts, and responses nested as their Questionnaire.

import AssessmentStore
import DialogKit
import Foundation
import Testing
import TestSupport

@Suite("FHIR export")
struct FHIRExportTests {
    static let ordinalValue = "http://hl7.org/fhir/StructureDefinition/ordinalValue"

    /// The stored assessments of `answers` run through `dialog` (each list one session), as the store keeps them.
    static func kept(_ dialog: Dialog, _ answers: [[String]]) async throws -> [StoredAssessment] {
        let (store, folder) = try await StoreFixtures.store()
        defer { try? FileManager.default.removeItem(at: folder) }
        for lines in answers { _ = StoreFixtures.converse(lines, dialog: dialog, store: store) }
        return try store.finishedAssessments()
    }

    @Test("scores: an option's value is the ordinalValue of its coding, each score a hidden calculated item the response answers")
    func scores() async throws {
        let dialog = try StoreFixtures.dialog("Tests/Data/fhir/fhir_scores.yaml")
        let questionnaire = try JSONNode.parse(FHIRQuestionnaire.questionnaire(dialog).text())
        var checker = FHIRChecker()
        checker.questionnaire(questionnaire)
        let all = FHIRChecker.flattened(try #require(questionnaire["item"]?.array))
        func item(_ linkId: String) -> JSONNode? { all.first { $0["linkId"] == .string(linkId) } }
        let daily = try #require(item("interest")?["answerOption"]?.array?.last?["valueCoding"])
        #expect(daily["extension"] == .array([.object(["url": .string(Self.ordinalValue), "valueDecimal": .number(3)])]))
        let early = try #require(item("troubles")?["answerOption"]?.array?[1]["valueCoding"])
        #expect(early["extension"]?.array?.first?["valueDecimal"] == .number(2.5))
        #expect(item("place")?["answerOption"]?.array?.allSatisfy { $0["valueCoding"]?["extension"] == nil } == true, "options without a value have none")
        for name in ["phq", "phq_answered", "sleep", "short_sleep", "weighted"] {
            let score = try #require(item("score.\(name)"), "score.\(name)")
            let urls = score["extension"]?.array?.compactMap { $0["url"]?.string } ?? []
            #expect(urls.contains("http://hl7.org/fhir/StructureDefinition/questionnaire-hidden"))
            #expect(urls.contains("http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression"))
            #expect(score["type"] == .string("decimal"))
        }
        let sleep = item("score.sleep")?["extension"]?.array?.last?["valueExpression"]?["expression"]?.string ?? ""
        #expect(sleep.contains("ordinalValue") && sleep.contains("aggregate($this + $total, 0)"), "value() sums the chosen answers' ordinalValue: \(sleep)")
        let weighted = item("score.weighted")?["extension"]?.array?.last?["valueExpression"]?["expression"]?.string ?? ""
        #expect(weighted.hasPrefix("iif("), "if() is iif(): \(weighted)")

        // Kept sessions, exported with their dialog: the chosen codings carry their values, the scores are answers.
        let assessments = try await Self.kept(dialog, [["3", "2", "all of them", "2", "5"], ["2", "skip", "none", "1"]])
        let bundle = try JSONNode.parse(FHIRResponses.bundle(assessments, dialogs: [dialog]).text())
        let resources = checker.bundle(bundle)
        for resource in resources { checker.questionnaireResponse(resource, questionnaire: questionnaire) }
        #expect(checker.problems.isEmpty, "\(checker.problems.joined(separator: "\n"))")
        func answers(_ resource: JSONNode, _ linkId: String) -> [JSONNode] {
            FHIRChecker.flattened(resource["item"]?.array ?? []).first { $0["linkId"] == .string(linkId) }?["answer"]?.array ?? []
        }
        let full = try #require(resources.first)
        #expect(answers(full, "troubles").compactMap { $0["valueCoding"]?["extension"]?.array?.first?["valueDecimal"] } == [.number(1), .number(2.5), .number(-1)])
        #expect(answers(full, "score.sleep") == [.object(["valueDecimal": .number(2.5)])])
        #expect(answers(full, "score.phq") == [.object(["valueDecimal": .number(3)])])
        let skipped = try #require(resources.last)
        #expect(answers(skipped, "score.phq").isEmpty, "a score over a skipped question has no value, so no item")
        #expect(answers(skipped, "score.phq_answered") == [.object(["valueDecimal": .number(1)])])
        #expect(answers(skipped, "score.sleep") == [.object(["valueDecimal": .number(0)])], "none chosen sums to 0")
        // Without the dialog the codings carry no value (the kept answer has none), the scores still come.
        let flat = try JSONNode.parse(FHIRResponses.response(try #require(assessments.first)).text())
        #expect(answers(flat, "troubles").allSatisfy { $0["valueCoding"]?["extension"] == nil })
        #expect(answers(flat, "score.sleep") == [.object(["valueDecimal": .number(2.5)])])
    }

    @Test("dates and times: days_ago() compared with a count of days is a date moved from today(), either way round; constants are @dates and @Ttimes; days_ago() as a number is left out and named")
    func datesAndTimes() async throws {
        let dialog = try StoreFixtures.dialog("Tests/Data/fhir/fhir_dates.yaml")
        let text = FHIRQuestionnaire.questionnaire(dialog).text()
        var checker = FHIRChecker()
        checker.questionnaire(try JSONNode.parse(text))
        #expect(checker.problems.isEmpty, "\(checker.problems.joined(separator: "\n"))")
        for expected in [
            "(%intakeA0Onset) >= (today() - 7 days)",  // days_ago(onset) <= 7, and 7 >= days_ago(onset)
            "(%intakeA0Onset) < (today() - 30 days)",  // days_ago(onset) > 30
            "(%intakeA0Onset) = (today() - 0 days)",  // days_ago(onset) == 0
            "(%intakeA0Onset) > (today() - 2 days)",  // days_ago(onset) < 2
            "(%intakeA1First) != (today() - 365 days)",
            "(%intakeA1First) < (today() - 1 days)",  // 1.5 < days_ago(first): two days or more
            "(%intakeA0Onset) > (%intakeA1First)",  // days_ago(first) > days_ago(onset)
            "$this < @2026-01-01", "$this >= @T23:00:00", "$this < @T04:00:00",
        ] {
            #expect(text.contains(expected), "\(expected)")
        }
        #expect(!text.contains("let.weeks"))
        let notes = FHIRExportNotes.leftOut(dialog)
        #expect(notes.count == 2 && notes.first?.contains("`let weeks` is `days_ago(onset) / 7`") == true, "\(notes)")
        #expect(notes.last?.contains("the score `weeks_since`") == true, "\(notes)")
        #expect(!text.contains("score.weeks_since") && text.contains("score.recent_score"))

        // A kept session: the response answers the score the Questionnaire has, not the one it leaves out.
        let (store, folder) = try await StoreFixtures.store()
        defer { try? FileManager.default.removeItem(at: folder) }
        var conversation = StoredConversation(dialog: dialog, store: store, channel: .plain, today: CalendarDay(year: 2026, month: 12, day: 3))
        _ = conversation.start()
        for line in ["2026-11-26", "skip", "yes", "00:30", "skip"] { _ = conversation.receive(line) }
        let kept = try #require(try store.finishedAssessments().first)
        #expect(kept.scores.map(\.name) == ["recent_score", "weeks_since"], "the bot computes both")
        let response = try JSONNode.parse(FHIRResponses.response(kept, dialog: dialog).text())
        let links = FHIRChecker.flattened(response["item"]?.array ?? []).compactMap { $0["linkId"]?.string }
        #expect(links.contains("score.recent_score") && !links.contains("score.weeks_since"), "\(links)")
        checker.questionnaireResponse(response, questionnaire: try JSONNode.parse(text))
        #expect(checker.problems.isEmpty, "\(checker.problems.joined(separator: "\n"))")
        #expect(FHIRExportNotes.leftOut(try StoreFixtures.dialog("Tests/DialogKitTests/Data/kinds/onset.yaml")).isEmpty)
    }

    @Test("other, please specify: a text item under the question, enabled when that option is chosen, answered inside that option's answer with the text kept")
    func otherTexts() async throws {
        let dialog = try StoreFixtures.dialog("Tests/Data/fhir/fhir_other.yaml")
        let questionnaire = try JSONNode.parse(FHIRQuestionnaire.questionnaire(dialog).text())
        var checker = FHIRChecker()
        checker.questionnaire(questionnaire)
        let all = FHIRChecker.flattened(try #require(questionnaire["item"]?.array))
        let helped = try #require(all.first { $0["linkId"] == .string("helped") })
        let other = try #require(helped["item"]?.array?.first { $0["linkId"] == .string("helped.other") }, "a child of its question")
        #expect(other["type"] == .string("string"))
        #expect(other["text"] == .string("What else helped?"), "the option's prompt")
        let condition = try #require(other["enableWhen"]?.array?.first)
        #expect(condition["question"] == .string("helped") && condition["operator"] == .string("="))
        #expect(condition["answerCoding"]?["code"] == .string("other"))
        let tried = try #require(all.first { $0["linkId"] == .string("tried.other") })
        #expect(tried["text"] == .string("Something else"), "without a prompt, the option's text")

        // A text with quotes, a newline, a backslash and non-ASCII comes back as kept.
        let said = "a \"cold\" flannel\\ l'été — 头痛\nand rest"
        let assessments = try await Self.kept(dialog, [["yes", "3", said, "2, 4", "tea", "no", "skip"], ["no"]])
        let kept = try #require(assessments.first)
        let specified = kept.answers.compactMap { answer -> String? in
            if case .choice(let option)? = answer.value { return option.specified }
            return nil
        }
        #expect(specified.count == 1)
        let text = FHIRResponses.bundle(assessments, dialogs: [dialog]).text()
        let bundle = try JSONNode.parse(text)
        for resource in checker.bundle(bundle) { checker.questionnaireResponse(resource, questionnaire: questionnaire) }
        #expect(checker.problems.isEmpty, "\(checker.problems.joined(separator: "\n"))")
        let entries = bundle["entry"]?.array ?? []
        // Nested as the Questionnaire: the first question at the top, the others in their sections'
        // groups; after the early exit before the first section, no group at all.
        let top = entries.first?["resource"]?["item"]?.array ?? []
        #expect(top.compactMap { $0["linkId"]?.string } == ["intro_ok", "section.1", "section.2"])
        #expect(top[1]["item"]?.array?.compactMap { $0["linkId"]?.string } == ["helped", "tried"])
        #expect(entries.last?["resource"]?["item"]?.array?.compactMap { $0["linkId"]?.string } == ["intro_ok"])
        let items = FHIRChecker.flattened(top)
        let answers = items.first { $0["linkId"] == .string("helped") }?["answer"]?.array ?? []
        #expect(answers.count == 1)
        let nested = answers.first?["item"]?.array?.first
        #expect(nested?["linkId"] == .string("helped.other"))
        #expect(nested?["answer"] == .array([.object(["valueString": .string(try #require(specified.first))])]))
        let multi = items.first { $0["linkId"] == .string("tried") }?["answer"]?.array ?? []
        #expect(multi.count == 2)
        #expect(multi.first?["item"] == nil, "only the other option's answer holds the text")
        #expect(multi.last?["item"]?.array?.first?["answer"] == .array([.object(["valueString": .string("tea")])]))

        // The chat drops control characters from what is typed; a kept text with a newline and a tab
        // (written by another channel, say) still comes back whole.
        var edited = kept
        let position = try #require(edited.answers.firstIndex { $0.questionID == "helped" })
        let multiline = "line one\n\tline \"two\" \\ — 头痛 \u{1F600}"
        edited.answers[position].value = .choice(StoredOption(id: "other", code: nil, text: "Something else", specified: multiline))
        let response = try JSONNode.parse(FHIRResponses.response(edited, dialog: dialog).text())
        let helpedAgain = FHIRChecker.flattened(response["item"]?.array ?? []).first { $0["linkId"] == .string("helped") }
        #expect(helpedAgain?["answer"]?.array?.first?["item"]?.array?.first?["answer"] == .array([.object(["valueString": .string(multiline)])]))
    }

    @Test("with its translation, every text of the Questionnaire also in Spanish, as R4 translation extensions; none where the Spanish is the English")
    func translatedQuestionnaire() throws {
        let path = "Tests/DialogKitTests/Data/translation/running/clinic.yaml"
        let english = try StoreFixtures.dialog(path)
        let spanish = try RepositoryDialogs.load(path, in: "es")
        let questionnaire = try JSONNode.parse(FHIRQuestionnaire.questionnaire(english, translations: [spanish]).text())
        var checker = FHIRChecker()
        checker.questionnaire(questionnaire)
        #expect(checker.problems.isEmpty, "\(checker.problems.joined(separator: "\n"))")
        func spanishOf(_ node: JSONNode?, _ key: String) -> String? {
            node?["_" + key]?["extension"]?.array?.first { $0["url"]?.string == "http://hl7.org/fhir/StructureDefinition/translation" }
                .flatMap { $0["extension"]?.array?.first { $0["url"]?.string == "content" }?["valueString"]?.string }
        }
        #expect(spanishOf(questionnaire, "title") == spanish.title)
        let items = FHIRChecker.flattened(questionnaire["item"]?.array ?? [])
        let thunderclap = try #require(items.first { $0["linkId"]?.string == english.questions[0].id })
        #expect(thunderclap["text"]?.string == english.questions[0].text.source)
        #expect(spanishOf(thunderclap, "text") == "¿El dolor de cabeza llegó a lo peor en menos de un minuto?")
        let choice = try #require(english.questions.firstIndex { $0.kind == .choice })
        let options = try #require(items.first { $0["linkId"]?.string == english.questions[choice].id }?["answerOption"]?.array)
        #expect(options.map { spanishOf($0["valueCoding"], "display") } == spanish.questions[choice].options.map(\.text))
        let group = try #require(items.first { $0["type"]?.string == "group" })
        #expect(spanishOf(group, "text") != nil, "a section's title too")
        // Without translations, no _text anywhere: the Questionnaire is as before.
        let plain = FHIRQuestionnaire.questionnaire(english).text()
        #expect(!plain.contains("\"_text\"") && !plain.contains("translation"))
        // A "translation" that says what the English says adds nothing.
        let same = FHIRQuestionnaire.questionnaire(english, translations: [english]).text()
        #expect(same == plain)
    }
}
