// PurgeTests: retention: finished assessments and abandoned sessions past an age are deleted and counted.

import AssessmentStore
import Foundation
import GRDB
import Testing

@Suite("Purge")
struct PurgeTests {
    @Test("purge deletes finished assessments and abandoned sessions older than the cutoff, with their answers, and counts them")
    func purge() async throws {
        let clock = ManualClock()
        let (store, folder) = try await StoreFixtures.store(options: clock.options)
        defer { try? FileManager.default.removeItem(at: folder) }
        let dialog = try StoreFixtures.example
        // 100 days ago: two finished, one left open with two answers, one quit.
        _ = StoreFixtures.converse(StoreFixtures.exampleSelfCare, dialog: dialog, store: store)
        _ = StoreFixtures.converse(StoreFixtures.exampleSelfCare, dialog: dialog, store: store)
        _ = StoreFixtures.converse(["no", "1"], dialog: dialog, store: store)
        _ = StoreFixtures.converse(["no", "quit"], dialog: dialog, store: store)
        clock.advance(by: 100 * 86_400)
        // Now: one finished, one open.
        let (recent, _) = StoreFixtures.converse(StoreFixtures.exampleSelfCare, dialog: dialog, store: store)
        _ = StoreFixtures.converse(["yes"], dialog: dialog, store: store)
        _ = StoreFixtures.converse(["no"], dialog: dialog, store: store)

        let result = try store.purge(before: clock.now.addingTimeInterval(-90 * 86_400))
        #expect(result == AssessmentStore.PurgeResult(finished: 2, abandoned: 2, answers: 6 + 6 + 2 + 1))
        let left = try store.allAssessments()
        #expect(left.count == 3)
        #expect(left.contains { $0.reference == recent.outcome?.reference })
        let orphans = try await DatabaseQueue(path: store.path).read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM answer WHERE assessmentID NOT IN (SELECT id FROM assessment)")
        }
        #expect(orphans == 0)
        #expect(try store.purge(before: clock.now.addingTimeInterval(-90 * 86_400)) == AssessmentStore.PurgeResult(finished: 0, abandoned: 0, answers: 0))
    }
}
