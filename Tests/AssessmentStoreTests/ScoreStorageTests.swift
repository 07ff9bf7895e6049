// ScoreStorageTests: a kept assessment carries its scores, each answer's unit and label, into `show`,
// the JSON lines export and the CSV.

@testable import AssessmentStore
import DialogKit
import Foundation
import Testing

@Suite("Scores, units and labels in the store")
struct ScoreStorageTests {
    static let source = """
        dialog: scored
        title: Scored
        flow:
          - ask: mood
            kind: choice
            label: Mood
            text: Over the last two weeks, how often have you felt down?
            options:
              - {id: never, text: Not at all, value: 0}
              - {id: often, text: More than half the days, value: 2}
          - ask: sleep
            kind: number
            unit: hours
            label: Sleep
            text: How many hours do you sleep a night?
          - end: done
        scores:
          total: value(mood)
          short_sleep: if(sleep < 6, 1, 0)
        outcomes:
          done:
            code: consult
            level: consult
            text: Thank you.
        """

    @Test("the scores and the answer's unit and label are kept, and shown by show, the JSON lines export and the CSV", arguments: StoreFixtures.backends)
    func scoresKept(_ backend: StoreBackendKind) async throws {
        let (store, folder) = try await StoreFixtures.store(backend)
        defer { try? FileManager.default.removeItem(at: folder) }
        let dialog = try #require(DialogLoader.load(source: Self.source, file: "scored.yaml").dialog)
        _ = StoreFixtures.converse(["2", "5 and a half hours"], dialog: dialog, store: store)
        store.waitForWrites()
        let assessment = try #require(try store.finishedAssessments().first)
        #expect(assessment.scores == [Score(name: "total", value: 2), Score(name: "short_sleep", value: 1)])
        let sleep = try #require(assessment.answers.first { $0.questionID == "sleep" })
        #expect(sleep.unit == "hours")
        #expect(sleep.label == "Sleep")
        #expect(sleep.shown == "5.5 hours")
        #expect(sleep.value == .number(5.5), "kept in the question's unit")

        let shown = ClinicianText.render(assessment)
        #expect(shown.contains("Scores:    total 2, short_sleep 1"), "\(shown)")
        #expect(shown.contains("-> 5.5 hours"))

        let line = TableExport.jsonLine(assessment)
        #expect(line.contains(#""flags":[],"scores":{"total":2,"short_sleep":1}}"#), "\(line)")
        #expect(line.contains(#""unsure":false,"unit":"hours","label":"Sleep"}"#), "\(line)")

        let csv = TableExport.csv([assessment], questionOrder: dialog.questions.map(\.id))
        let rows = csv.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(rows[0].hasSuffix(",flags,Mood,Sleep (hours),score.total,score.short_sleep"), "\(rows[0])")
        #expect(rows[1].hasSuffix(",often,5.5,2,1"), "\(rows[1])")
    }
}
