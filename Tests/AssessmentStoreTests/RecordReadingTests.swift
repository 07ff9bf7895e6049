// RecordReadingTests: the reads through records: each assessment with its own answers in two queries, and values this version does not know refused.

@testable import AssessmentStore
import DialogKit
import Foundation
import GRDB
import Testing

@Suite("Reading through records")
struct RecordReadingTests {
    /// The SQL of each statement a connection runs, collected while tracing.
    final class StatementLog: @unchecked Sendable {
        private let lock = NSLock()
        private var statements: [String] = []

        func append(_ sql: String) {
            lock.lock()
            statements.append(sql)
            lock.unlock()
        }

        var reads: [String] {
            lock.lock()
            defer { lock.unlock() }
            // GRDB looks the schema up the first time a connection joins tables; that is not the store's reading.
            return statements.filter { $0.hasPrefix("SELECT") && !$0.contains("sqlite_") }
        }
    }

    @Test("the export reads every assessment's answers in one query, each assessment given its own, in order")
    func answersInOneQuery() async throws {
        let (store, folder) = try await StoreFixtures.store()
        defer { try? FileManager.default.removeItem(at: folder) }
        let dialog = try StoreFixtures.example
        // Different answers each time, so a mix-up between sessions would show.
        let scripts = (0..<20).map { index in ["no", "\(index % 3 + 1)", "\(index + 2) days", "\(index % 10)", "rest", "skip"] }
        for script in scripts { _ = StoreFixtures.converse(script, dialog: dialog, store: store) }
        // One open with no answers, and one quit, which the export leaves out and the listing has.
        _ = StoreFixtures.converse([], dialog: dialog, store: store)
        _ = StoreFixtures.converse(["no", "quit"], dialog: dialog, store: store)

        let log = StatementLog()
        let finished = try await store.sqlite.pool.read { db in
            db.trace { log.append("\($0)") }
            defer { db.trace(options: []) }
            return try AssessmentRecord.stored(
                db, where: AssessmentRecord.finished(since: Date(timeIntervalSince1970: 0)),
                orderedBy: [AssessmentRecord.Columns.finishedAt, Column.rowID])
        }
        #expect(log.reads.count == 2, "the assessments, then all their answers: \(log.reads)")
        #expect(finished.map { $0.answers.map(\.typed) } == scripts.map { $0.map { Optional($0) } })
        #expect(finished.allSatisfy { $0.answers.map(\.position) == Array(0..<6) })
        #expect(try store.finishedAssessments() == finished)

        let all = try store.allAssessments()
        #expect(all.count == 22)
        #expect(all.map(\.answers.count).suffix(2) == [0, 1])
        #expect(all.map(\.status).suffix(2) == [.open, .quit])
    }

    /// A store with one finished assessment, then `sql` run on its file as another program would.
    static func tampered(_ sql: String) async throws -> (store: AssessmentStore, reference: String, resumeCode: String, folder: URL) {
        let (store, folder) = try await StoreFixtures.store()
        let (conversation, _) = StoreFixtures.converse(StoreFixtures.exampleSelfCare, dialog: try StoreFixtures.example, store: store)
        let reference = try #require(conversation.outcome?.reference)
        let resumeCode = try #require(conversation.resumeCode)
        let queue = try DatabaseQueue(path: store.path)
        try await queue.writeWithoutTransaction { db in
            // The schema's CHECK allows only the known statuses; a newer version's file need not have it.
            try db.execute(sql: "PRAGMA ignore_check_constraints = ON")
            try db.execute(sql: sql)
        }
        return (store, reference, resumeCode, folder)
    }

    @Test(
        "a status, channel or kind this version does not know is an error naming it, in show, the export and the listing; never a guess",
        arguments: [
            ("UPDATE assessment SET status = 'paused'", "the status \"paused\" is not known to this version of Intake", false),
            ("UPDATE assessment SET channel = 'carrier-pigeon'", "the channel \"carrier-pigeon\" is not known to this version of Intake", true),
            ("UPDATE answer SET kind = 'drawing' WHERE position = 2", "the kind \"drawing\" is not known to this version of Intake", true),
        ])
    func unknownValues(sql: String, message: String, exported: Bool) async throws {
        let (store, reference, resumeCode, folder) = try await Self.tampered(sql)
        defer { try? FileManager.default.removeItem(at: folder) }
        let expected = StoreError.database(message)
        #expect(throws: expected) { try store.assessment(reference: reference) }
        #expect(throws: expected) { try store.allAssessments() }
        if exported {
            #expect(throws: expected) { try store.finishedAssessments() }
        } else {
            // No longer finished, so not in the export at all: not exported under a guessed status either.
            #expect(try store.finishedAssessments().isEmpty)
        }
        #expect(!expected.description.contains(resumeCode))
    }

    @Test("a row GRDB cannot decode is an error that quotes none of it (the row holds the resume code)")
    func undecodableRow() async throws {
        let (store, reference, resumeCode, folder) = try await Self.tampered("UPDATE assessment SET startedAt = 'the day before yesterday'")
        defer { try? FileManager.default.removeItem(at: folder) }
        let error = try #require(throws: StoreError.self) { try store.assessment(reference: reference) }
        #expect(error == .database("a row of the file is not what this version of Intake reads"))
        #expect(!error.description.contains(resumeCode))
    }
}
