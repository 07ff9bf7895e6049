// KindsStorageTests: a date, a time and an "other, please specify" text, kept in the store and read back:
// in the answer rows, a resumed session, the JSON lines and the CSV export.

import AssessmentStore
import DialogKit
import Foundation
import Testing
import TestSupport

@Suite("Dates, times and other texts in the store")
struct KindsStorageTests {
    static let today = CalendarDay(year: 2026, month: 12, day: 3)!

    static var dialog: Dialog {
        get throws {
            let url = Repository.root.appendingPathComponent("Tests/DialogKitTests/Data/kinds/onset.yaml")
            return try #require(DialogLoader.load(source: try String(contentsOf: url, encoding: .utf8), file: "onset.yaml").dialog)
        }
    }

    @Test("kept as ISO text and the said text; shown in words; exported in JSON and a CSV column of its own", arguments: StoreFixtures.backends)
    func keptAndExported(_ backend: StoreBackendKind) async throws {
        let (store, folder) = try await StoreFixtures.store(backend)
        defer { try? FileManager.default.removeItem(at: folder) }
        var conversation = StoredConversation(dialog: try Self.dialog, store: store, channel: .plain, today: Self.today)
        _ = conversation.start()
        for line in ["yesterday", "11.30 pm", "something else", "=cold flannel, on the forehead"] { _ = conversation.receive(line) }
        let assessment = try #require(try store.finishedAssessments().first)
        #expect(assessment.answers.map(\.value) == [
            .text("2026-12-02"), .text("23:30"),
            .choice(StoredOption(id: "other", code: nil, text: "Something else", specified: "=cold flannel, on the forehead")),
        ])
        #expect(assessment.answers.map(\.shown) == ["2 December 2026", "23:30", "Something else: =cold flannel, on the forehead"])
        let json = try JSONNode.parse(TableExport.jsonLine(assessment))
        #expect(json["answers"]?.array?[2]["value"]?["specified"] == .string("=cold flannel, on the forehead"))
        #expect(json["answers"]?.array?[0]["value"] == .string("2026-12-02"))
        let csv = TableExport.csv([assessment], questionOrder: try Self.dialog.questions.map(\.id))
        let lines = csv.split(separator: "\r\n")
        #expect(lines[0].hasSuffix(",onset,bedtime,helped,helped.other"))
        // What the person typed cannot run as a spreadsheet formula.
        #expect(lines[1].hasSuffix(",2026-12-02,23:30,other,\"'=cold flannel, on the forehead\""))
        // FHIR: typed as the Questionnaire's date and time items are, not as strings.
        let response = try JSONNode.parse(FHIRResponses.response(assessment).text())
        let items = response["item"]?.array ?? []
        #expect(items.first { $0["linkId"] == .string("onset") }?["answer"]?.array?.first?["valueDate"] == .string("2026-12-02"))
        #expect(items.first { $0["linkId"] == .string("bedtime") }?["answer"]?.array?.first?["valueTime"] == .string("23:30:00"))
    }

    @Test("a resumed session reads the date, the time and the other text back, and keeps its own today", arguments: StoreFixtures.backends)
    func resumed(_ backend: StoreBackendKind) async throws {
        let (store, folder) = try await StoreFixtures.store(backend)
        defer { try? FileManager.default.removeItem(at: folder) }
        let dialog = try Self.dialog
        var first = StoredConversation(dialog: dialog, store: store, channel: .plain, today: Self.today)
        _ = first.start()
        let code = try #require(first.resumeCode)
        for line in ["3 days ago", "23:00"] { _ = first.receive(line) }
        let snapshot = first.session.snapshot
        var second = StoredConversation(dialog: dialog, store: store, channel: .plain, today: Self.today)
        _ = second.start()
        _ = second.receive("resume \(code)")
        #expect(second.session.snapshot == snapshot)
        _ = second.receive("3")
        _ = second.receive("a walk")
        #expect(second.session.outcome?.id == "late_and_recent")
        let assessment = try #require(try store.finishedAssessments().first)
        #expect(assessment.answers.last?.value?.otherText == "a walk")
    }
}
