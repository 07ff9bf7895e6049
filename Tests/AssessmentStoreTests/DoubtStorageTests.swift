// DoubtStorageTests: an answer given with doubt is kept as doubt: in the store, `show`, JSON and FHIR.

import AssessmentStore
import DialogKit
import Foundation
import Testing

@Suite("Doubt in the store")
struct DoubtStorageTests {
    @Test("doubt counted as yes: the answer is yes, marked unsure everywhere it is read", arguments: StoreFixtures.backends)
    func countedAsYes(_ backend: StoreBackendKind) async throws {
        let (store, folder) = try await StoreFixtures.store(backend)
        defer { try? FileManager.default.removeItem(at: folder) }
        let (_, events) = StoreFixtures.converse(["not sure"], dialog: try StoreFixtures.example, store: store)
        #expect(events.contains { if case .outcome(let outcome) = $0 { outcome.id == "emergency" } else { false } })
        let assessment = try #require(try store.finishedAssessments().first)
        let answer = try #require(assessment.answers.first)
        #expect(answer.unsure)
        #expect(answer.value == .boolean(true))
        #expect(answer.shown == "not sure (taken as yes)")
        #expect(ClinicianText.render(assessment).contains("not sure (taken as yes)"))
        let json = try JSONNode.parse(TableExport.jsonLine(assessment))
        #expect(json["answers"]?.array?.first?["unsure"] == .bool(true))
        let bundle = try JSONNode.parse(FHIRResponses.bundle([assessment]).text(pretty: false))
        var checker = FHIRChecker()
        let resources = checker.bundle(bundle)
        let item = try #require(resources.first?["item"]?.array?.first)
        let first = try #require(item["answer"]?.array?.first)
        #expect(first["valueBoolean"] == .bool(true))
        #expect(first["extension"]?.array?.first?["url"] == .string("urn:intake:fhir:extension:unsure"))
    }

    @Test("doubt kept without a value: an item with no answer and the reason asked-unknown; old rows read as no doubt", arguments: StoreFixtures.backends)
    func keptWithoutValue(_ backend: StoreBackendKind) async throws {
        let (store, folder) = try await StoreFixtures.store(backend)
        defer { try? FileManager.default.removeItem(at: folder) }
        let dialog = try StoreFixtures.dialog("Dialogs/example.yaml", replacing: ("unsure: yes", "unsure: keep"))
        _ = StoreFixtures.converse(["I don't know"] + StoreFixtures.exampleSelfCare.dropFirst(), dialog: dialog, store: store)
        let assessment = try #require(try store.finishedAssessments().first)
        let answer = try #require(assessment.answers.first)
        #expect(answer.unsure)
        #expect(answer.value == nil)
        #expect(answer.shown == "not sure")
        #expect(assessment.answers.dropFirst().allSatisfy { !$0.unsure })
        let bundle = try JSONNode.parse(FHIRResponses.bundle([assessment]).text(pretty: false))
        var checker = FHIRChecker()
        let item = try #require(checker.bundle(bundle).first?["item"]?.array?.first)
        #expect(item["linkId"] == .string("saddle_numbness"))
        #expect(item["answer"] == nil)
        #expect(item["extension"]?.array?.first?["valueCode"] == .string("asked-unknown"))
    }

    @Test("a session cut off after a kept doubt resumes with the doubt, and finishes with it", arguments: StoreFixtures.backends)
    func resumeKeepsDoubt(_ backend: StoreBackendKind) async throws {
        let (store, folder) = try await StoreFixtures.store(backend)
        defer { try? FileManager.default.removeItem(at: folder) }
        let dialog = try StoreFixtures.dialog("Dialogs/example.yaml", replacing: ("unsure: yes", "unsure: keep"))
        let (first, _) = StoreFixtures.converse(["no idea", "1"], dialog: dialog, store: store)
        let code = try #require(first.resumeCode)
        var again = StoredConversation(dialog: dialog, store: store, channel: .plain)
        _ = again.start()
        _ = again.receive("resume \(code)")
        #expect(again.session.currentQuestionID == "weeks")
        #expect(again.session.summary.first?.answer == "not sure")
        for line in StoreFixtures.exampleSelfCare.dropFirst(2) { _ = again.receive(line) }
        let assessment = try #require(try store.finishedAssessments().first)
        #expect(assessment.answers.first?.unsure == true)
        #expect(assessment.answers.first?.shown == "not sure")
    }
}
