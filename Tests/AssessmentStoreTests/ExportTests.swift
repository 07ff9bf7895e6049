// ExportTests: FHIR R4 QuestionnaireResponse bundles and Questionnaires checked against the R4 structure; JSON lines; CSV.

import AssessmentStore
import DialogKit
import Foundation
import Testing

@Suite("Exports")
struct ExportTests {
    /// A store with three migraine assessments (longest path, an emergency, quit) and one of the example.
    static func filledStore() async throws -> (AssessmentStore, URL) {
        let (store, folder) = try await StoreFixtures.store()
        let migraine = try StoreFixtures.migraine
        _ = StoreFixtures.converse(StoreFixtures.migraineLongest, dialog: migraine, store: store)
        _ = StoreFixtures.converse(["yes"], dialog: migraine, store: store, channel: .irc)
        _ = StoreFixtures.converse(["no", "quit"], dialog: migraine, store: store)
        _ = StoreFixtures.converse(StoreFixtures.exampleSelfCare, dialog: try StoreFixtures.example, store: store, channel: .json)
        return (store, folder)
    }

    @Test("the FHIR bundle is valid R4: a collection of QuestionnaireResponses whose answers fit their Questionnaire")
    func fhirResponses() async throws {
        let (store, folder) = try await Self.filledStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let assessments = try store.finishedAssessments()
        #expect(assessments.count == 3, "the quit session is not an assessment")
        let bundle = try JSONNode.parse(FHIRResponses.bundle(assessments, dialogs: [try StoreFixtures.migraine, try StoreFixtures.example]).text(pretty: true))
        let questionnaires = [
            "urn:intake:questionnaire:migraine": try JSONNode.parse(FHIRQuestionnaire.questionnaire(try StoreFixtures.migraine).text()),
            "urn:intake:questionnaire:example": try JSONNode.parse(FHIRQuestionnaire.questionnaire(try StoreFixtures.example).text()),
        ]
        var checker = FHIRChecker()
        let resources = checker.bundle(bundle)
        #expect(bundle["type"] == .string("collection"))
        #expect(resources.count == 3)
        for resource in resources {
            let canonical = try #require(resource["questionnaire"]?.string)
            let url = String(canonical.split(separator: "|")[0])
            checker.questionnaireResponse(resource, questionnaire: questionnaires[url])
            #expect(resource["status"] == .string("completed"))
        }
        #expect(checker.problems.isEmpty, "\(checker.problems.joined(separator: "\n"))")

        // The longest path, item by item.
        let longest = try #require(resources.first { $0["identifier"]?["value"]?.string == assessments[0].reference })
        #expect(longest["questionnaire"] == .string("urn:intake:questionnaire:migraine|\(try StoreFixtures.migraine.version)"))
        let top = try #require(longest["item"]?.array)
        #expect(top.allSatisfy { $0["item"] != nil }, "each question inside its section's group")
        let items = FHIRChecker.flattened(top).filter { $0["item"] == nil }
        #expect(items.count == 47)
        func answers(_ linkId: String) -> [JSONNode] {
            items.first { $0["linkId"] == .string(linkId) }?["answer"]?.array ?? []
        }
        #expect(answers("thunderclap") == [.object(["valueBoolean": .bool(false)])])
        #expect(answers("age") == [.object(["valueDecimal": .number(34)])])
        #expect(answers("duration") == [.object(["valueDecimal": .number(12)])])
        #expect(answers("location").first?["valueCoding"]?["system"] == .string("urn:intake:concept:headache.location"))
        #expect(answers("location").first?["valueCoding"]?["code"] == .string("one_side"))
        let symptoms = answers("symptoms").compactMap { $0["valueCoding"]?["code"]?.string }
        #expect(symptoms == ["symptom.nausea", "symptom.light", "symptom.sound"], "a multi answer: one coding per chosen option, with its concept code")
        let acute = answers("acute").compactMap { $0["valueCoding"]?["code"]?.string }
        #expect(acute == ["nsaid", "triptan"])
        let outcome = longest["extension"]?.array?.first { $0["url"] == .string("urn:intake:fhir:extension:outcome") }
        #expect(outcome?["valueCoding"]?["code"] == .string("consult"))

        let emergency = try #require(resources.first { $0["identifier"]?["value"]?.string == assessments[1].reference })
        #expect(FHIRChecker.flattened(emergency["item"]?.array ?? []).filter { $0["item"] == nil }.count == 1)

        // Without the dialog the same responses are flat, which the checker refuses against a Questionnaire with sections.
        var flat = FHIRChecker()
        let flatLongest = try JSONNode.parse(FHIRResponses.response(assessments[0]).text())
        #expect(flatLongest["item"]?.array?.count == 47)
        flat.questionnaireResponse(flatLongest, questionnaire: questionnaires["urn:intake:questionnaire:migraine"])
        #expect(flat.problems.contains { $0.contains("is not where the Questionnaire has it") }, "\(flat.problems)")
    }

    @Test("the Questionnaire is valid R4, with codes, answer options, sections, help, units, required and enablement from the flow")
    func fhirQuestionnaire() throws {
        let dialog = try StoreFixtures.migraine
        let questionnaire = try JSONNode.parse(FHIRQuestionnaire.questionnaire(dialog).text(pretty: true))
        var checker = FHIRChecker()
        checker.questionnaire(questionnaire)
        #expect(checker.problems.isEmpty, "\(checker.problems.joined(separator: "\n"))")
        #expect(questionnaire["url"] == .string("urn:intake:questionnaire:migraine"))
        #expect(questionnaire["version"] == .string(dialog.version))
        #expect(questionnaire["name"] == .string("Migraine"))
        let all = FHIRChecker.flattened(try #require(questionnaire["item"]?.array))
        func item(_ id: String) -> JSONNode? { all.first { $0["linkId"] == .string(id) } }
        let questions = all.filter { dialog.question(withID: $0["linkId"]?.string ?? "") != nil }
        #expect(questions.count == dialog.questions.count)
        #expect(item("thunderclap")?["type"] == .string("boolean"))
        #expect(item("thunderclap")?["code"]?.array?.first?["code"] == .string("redflag.thunderclap"))
        #expect(item("thunderclap")?["enableWhen"] == nil, "the first question is always asked")
        // After the first red flag's exit: enabled only when it did not fire.
        #expect(item("neuro_deficit")?["enableWhen"] == .array([.object([
            "question": .string("thunderclap"), "operator": .string("="), "answerBoolean": .bool(false),
        ])]))
        #expect(item("location")?["answerOption"]?.array?.count == 6)
        #expect(item("symptoms")?["repeats"] == .bool(true))
        // Every question after an early exit carries a condition.
        let firstExit = try #require(questions.firstIndex { $0["linkId"] == .string("neuro_deficit") })
        for later in questions[firstExit...] {
            let conditioned = later["enableWhen"] != nil || later["extension"]?.array?.contains { $0["url"]?.string?.hasSuffix("enableWhenExpression") == true } == true
            #expect(conditioned, "\(later["linkId"]?.string ?? "?") has no condition")
        }
        #expect(item("days_per_month")?["extension"]?.array?.contains {
            $0["url"] == .string("http://hl7.org/fhir/StructureDefinition/questionnaire-unit") && $0["valueCoding"]?["code"] == .string("d/mo")
        } == true, "days a month: UCUM d/mo")
        // Named conditions are SDC variables whose names are R4 ids.
        let variables = questionnaire["extension"]?.array ?? []
        #expect(!variables.isEmpty)
        for variable in variables {
            let name = variable["valueExpression"]?["name"]?.string ?? ""
            #expect(name.range(of: #"^[A-Za-z][A-Za-z0-9]*$"#, options: .regularExpression) != nil, "\(name)")
        }
        #expect(item("let.is_migraine")?["type"] == .string("boolean"))
        #expect(item("intake.outcome")?["readOnly"] == .bool(true))

        var example = FHIRChecker()
        example.questionnaire(try JSONNode.parse(FHIRQuestionnaire.questionnaire(try StoreFixtures.example).text()))
        #expect(example.problems.isEmpty, "\(example.problems)")
    }

    @Test("the example's Questionnaire, item by item: groups, help, units, required, enableWhen and expressions")
    func exampleQuestionnaire() throws {
        let questionnaire = try JSONNode.parse(FHIRQuestionnaire.questionnaire(try StoreFixtures.example).text())
        let top = try #require(questionnaire["item"]?.array)
        #expect(top.first?["type"] == .string("group"))
        #expect(top.first?["text"] == .string("Safety first"))
        #expect(top.first?["item"]?.array?.first?["linkId"] == .string("saddle_numbness"))
        let all = FHIRChecker.flattened(top)
        func item(_ id: String) -> JSONNode? { all.first { $0["linkId"] == .string(id) } }
        func expression(_ node: JSONNode?, _ suffix: String) -> String? {
            node?["extension"]?.array?.first { $0["url"]?.string?.hasSuffix(suffix) == true }?["valueExpression"]?["expression"]?.string
        }
        // The second section is shown only when the red flag did not end the dialog.
        #expect(top[1]["enableWhen"] == .array([.object(["question": .string("saddle_numbness"), "operator": .string("="), "answerBoolean": .bool(false)])]))
        #expect(item("daily_life")?["enableBehavior"] == .string("all"))
        #expect(item("daily_life")?["enableWhen"]?.array?.count == 2)
        // `note` is asked unless `severity >= 8 and helped has none` jumped past it: enableWhen cannot say "not".
        let note = try #require(expression(item("note"), "enableWhenExpression"))
        #expect(note.contains("where(code = 'none')") && note.contains(".not()"), "\(note)")
        #expect(item("note")?["required"] == .bool(false), "optional")
        #expect(item("weeks")?["required"] == .bool(true))
        #expect(item("helped")?["required"] == .bool(true), "a multi with a `none` option always has an answer")
        #expect(item("weeks")?["extension"]?.array?.contains { $0["valueCoding"]?["code"] == .string("wk") } == true)
        let help = item("where")?["item"]?.array?.first
        #expect(help?["type"] == .string("display"))
        #expect(help?["text"] == .string("Choose the place where it hurts most, by number or in words."))
        #expect(help?["extension"]?.array?.first?["valueCodeableConcept"]?["coding"]?.array?.first?["code"] == .string("help"))
        let longLasting = try #require(expression(item("let.long_lasting"), "calculatedExpression"))
        #expect(longLasting.contains("where($this >= 12)"), "\(longLasting)")
        let outcome = try #require(expression(item("intake.outcome"), "calculatedExpression"))
        #expect(outcome.contains("'emergency'") && outcome.contains("'see_doctor'") && outcome.contains("'self_care'"))
        #expect(expression(item("flag.severe"), "calculatedExpression") != nil)
    }

    @Test("hard flow shapes export as valid R4; a loop stops the conditions where it begins, and says nothing it cannot")
    func hardShapes() throws {
        // The dialog scripts/fhir-check.py evaluates on its transcripts (make fhir-check).
        let edges = try StoreFixtures.dialog("Tests/Data/fhir/fhir_edges.yaml")
        var checker = FHIRChecker()
        let questionnaire = try JSONNode.parse(FHIRQuestionnaire.questionnaire(edges).text())
        checker.questionnaire(questionnaire)
        #expect(checker.problems.isEmpty, "\(checker.problems)")
        let all = FHIRChecker.flattened(try #require(questionnaire["item"]?.array))
        #expect(all.contains { $0["linkId"] == .string("let.early_late") }, "a let read before its question is still exported")
        #expect(all.first { $0["linkId"] == .string("picks") }?["required"] == .bool(false), "a multi without `none` may have no answer")
        #expect(all.first { $0["linkId"] == .string("stop") }?["required"] == .bool(false), "doubt kept has no value")

        // A goto back: what follows the loop's start has no condition, and nothing is computed.
        let loop = DialogLoader.load(source: """
            dialog: loop
            title: Loop
            flow:
              - ask: first
                kind: yesno
                text: First?
                help: h
              - if: first
                end: done
              - label: again
              - ask: again_q
                kind: yesno
                text: Again?
                help: h
              - if: again_q
                goto: again
              - end: done
            outcomes:
              done:
                code: self_care
                text: Done.
            """, file: "loop.yaml").dialog
        let looped = try JSONNode.parse(FHIRQuestionnaire.questionnaire(try #require(loop)).text())
        let items = FHIRChecker.flattened(try #require(looped["item"]?.array))
        #expect(items.first { $0["linkId"] == .string("again_q") }?["enableWhen"] == nil)
        #expect(!items.contains { $0["linkId"]?.string?.hasPrefix("intake.") == true }, "no outcome item when the flow loops")
    }

    @Test("the checker catches what it checks for")
    func checkerCatches() throws {
        var checker = FHIRChecker()
        let broken = try JSONNode.parse("""
            {"resourceType":"QuestionnaireResponse","status":"done","authored":"yesterday",
             "item":[{"linkId":"a","answer":[{"valueBoolean":1}]},{"linkId":"b","answer":[{"valueString":"x","valueBoolean":true}]}]}
            """)
        checker.questionnaireResponse(broken)
        #expect(checker.problems.count == 4, "\(checker.problems)")
    }

    @Test("JSON lines: one object per finished assessment with everything kept")
    func jsonLines() async throws {
        let (store, folder) = try await Self.filledStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let lines = try store.finishedAssessments().map(TableExport.jsonLine)
        #expect(lines.count == 3)
        #expect(lines.allSatisfy { !$0.contains("\n") })
        let first = try JSONNode.parse(lines[0])
        #expect(first["dialog"]?["id"] == .string("migraine"))
        #expect(first["channel"] == .string("plain"))
        #expect(first["outcome"]?["code"] == .string("consult"))
        let answers = try #require(first["answers"]?.array)
        #expect(answers.count == 47)
        #expect(answers[23]["typed"] == .string("12 hours"))
        #expect(answers[23]["answer"] == .string("12 hours"))
        #expect(answers[23]["value"] == .number(12))
        #expect(answers[30]["value"]?.array?.compactMap { $0["code"]?.string } == ["symptom.nausea", "symptom.light", "symptom.sound"])
        let example = try JSONNode.parse(lines[2])
        #expect(example["channel"] == .string("json"))
        #expect(example["answers"]?.array?.last?["value"] == .null, "skipped")
    }

    @Test("CSV: a header, one row per assessment, one column per question; quoting and formula-looking text made safe", arguments: StoreFixtures.backends)
    func csv(_ backend: StoreBackendKind) async throws {
        // One instant for every write: the two assessments finish in the same millisecond, so their order
        // comes from the tie-break (the order they were started), every run.
        var options = AssessmentStore.Options()
        let instant = Date(timeIntervalSince1970: 1_790_000_000)
        options.now = { instant }
        let (store, folder) = try await StoreFixtures.store(backend, options: options)
        defer { try? FileManager.default.removeItem(at: folder) }
        let example = try StoreFixtures.example
        let typed = ["no", "1", "10 days", "4", "rest", "=HYPERLINK(\"http://x\"), said \"hi\""]
        _ = StoreFixtures.converse(typed, dialog: example, store: store)
        _ = StoreFixtures.converse(["yes"], dialog: example, store: store)
        let text = TableExport.csv(try store.finishedAssessments(), questionOrder: example.questions.map(\.id))
        let rows = text.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(rows.count == 3)
        let header = rows[0].split(separator: ",").map(String.init)
        #expect(Array(header.prefix(3)) == ["reference", "id", "dialog"])
        // A question with a unit has it after its id (or its label), since the cell is a number in it.
        #expect(Array(header.suffix(example.questions.count)) == example.questions.map { $0.id + ($0.unit.map { " (\($0))" } ?? "") })
        #expect(rows[1].contains(",no,lower_back,1.4286,4,rest,"), "10 days in weeks")
        #expect(rows[1].hasSuffix(##","'=HYPERLINK(""http://x""), said ""hi""""##), "\(rows[1])")
        #expect(rows[2].contains(",emergency,emergency,"))
        let empty = String(repeating: ",", count: example.questions.count - 1)
        #expect(rows[2].hasSuffix(",yes" + empty), "questions not asked are empty: \(rows[2])")
    }
}
