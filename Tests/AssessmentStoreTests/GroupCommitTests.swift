// GroupCommitTests: the store's one writer: writes that wait together commit together, each is done only after its commit, one failing write fails alone, and readers never wait for it.

@testable import AssessmentStore
import DialogKit
import Foundation
import GRDB
import Testing
import TestSupport

extension StoreCompletion {
    /// Waits for the write to be done, holding no thread meanwhile (`wait()` would block one of the
    /// cooperative pool the tests run on).
    func done() async {
        await withCheckedContinuation { continuation in whenDone { continuation.resume() } }
    }
}

@Suite("Group commit")
struct GroupCommitTests {
    /// Keeps the writer busy inside a transaction until `release`, so that what is handed in meanwhile queues up.
    final class Gate: Sendable {
        let entered = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)

        /// Holds the writer of `store`, on either backend; returns once the writer is inside.
        func hold(_ store: AssessmentStore) async -> PendingWrite<Void> {
            let body: @Sendable () -> Void = { [self] in
                entered.signal()
                release.wait()
            }
            #if PostgreSQL
            let pending = if let backend = store.backend as? PostgresBackend {
                backend.writer.submit { _ in body() }
            } else {
                store.sqlite.writer.submit { _ in body() }
            }
            #else
            let pending = store.sqlite.writer.submit { _ in body() }
            #endif
            await offThePool { self.entered.wait() }
            return pending
        }
    }

    @Test("writes handed in while a commit runs go into the next transaction together, and none is done before it commits")
    func writesWaitingTogetherCommitTogether() async throws {
        let (store, folder) = try await StoreFixtures.store()
        defer { try? FileManager.default.removeItem(at: folder) }
        let dialog = try StoreFixtures.example
        let before = store.writeStatistics
        let gate = Gate()
        let held = await gate.hold(store)
        let opens = (0..<50).map { _ in store.open(dialog: dialog, channel: .plain) }
        try await Task.sleep(for: .milliseconds(50))
        #expect(opens.allSatisfy { $0.result == nil }, "nothing is done while its transaction has not committed")
        gate.release.signal()
        await held.done()
        for open in opens { await open.done() }
        let leases = try opens.map { try $0.value() }
        #expect(Set(leases.map(\.resumeCode)).count == 50)
        let after = store.writeStatistics
        #expect(after.writes - before.writes == 51)
        #expect(after.transactions - before.transactions == 2, "the held write's transaction, then one for the 50")
        #expect(after.largestTransaction == 50)
        #expect(try store.allAssessments().count == 50)
    }

    @Test("a write that fails in a shared transaction is undone alone; the others in it are kept")
    func oneFailingWriteFailsAlone() async throws {
        let (store, folder) = try await StoreFixtures.store()
        defer { try? FileManager.default.removeItem(at: folder) }
        let dialog = try StoreFixtures.example
        let gate = Gate()
        let held = await gate.hold(store)
        let first = store.open(dialog: dialog, channel: .plain)
        // Writes a row, then fails: its row must not be kept.
        let failing = store.sqlite.writer.submit { db -> Void in
            try db.execute(
                sql: """
                    INSERT INTO assessment (id, status, resumeCode, dialogID, dialogVersion, contentHash, channel, startedAt, updatedAt)
                    VALUES ('doomed', 'open', 'ZZZZZZZZZZZZ', 'd', '1', 'h', 'plain', 0, 0)
                    """)
            throw StoreError.continuedElsewhere
        }
        // Breaks a constraint: SQLite refuses the statement, the transaction goes on.
        let refused = store.sqlite.writer.submit { db in
            try db.execute(sql: "INSERT INTO assessment (id, status) VALUES ('bad', 'no such status')")
        }
        let last = store.open(dialog: dialog, channel: .json)
        gate.release.signal()
        await held.done()
        for write in [first, last] as [any StoreCompletion] + [failing, refused] { await write.done() }
        let kept = try [first.value(), last.value()]
        #expect(throws: StoreError.continuedElsewhere) { try failing.value() }
        #expect(throws: StoreError.self) { try refused.value() }
        let ids = Set(try store.allAssessments().map(\.id))
        #expect(ids == Set(kept.map(\.id)))
    }

    @Test("a whole session through the writer: one transaction per answer when alone, every answer kept", arguments: StoreFixtures.backends)
    func aSessionAlone(_ backend: StoreBackendKind) async throws {
        let (store, folder) = try await StoreFixtures.store(backend)
        defer { try? FileManager.default.removeItem(at: folder) }
        let (conversation, _) = StoreFixtures.converse(StoreFixtures.exampleSelfCare, dialog: try StoreFixtures.example, store: store)
        let statistics = store.writeStatistics
        #expect(statistics.writes == 1 + StoreFixtures.exampleSelfCare.count, "the opening, then each answer")
        let reference = try #require(conversation.outcome?.reference)
        #expect(try store.assessment(reference: reference)?.answers.count == StoreFixtures.exampleSelfCare.count)
    }

    @Test("commits are fsynced by default (FULL); NORMAL when asked")
    func synchronousSetting() async throws {
        let (full, folder) = try await StoreFixtures.store()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try full.sqlite.synchronousSetting() == 2)
        var options = AssessmentStore.Options()
        options.synchronous = .normal
        let normal = try AssessmentStore(path: folder.appendingPathComponent("normal.sqlite").path, options: options)
        #expect(try normal.sqlite.synchronousSetting() == 1)
    }

    @Test("reading (show, export) does not wait for a write that holds the file's write lock")
    func readsDoNotWaitForWrites() async throws {
        let (store, folder) = try await StoreFixtures.store()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (conversation, _) = StoreFixtures.converse(StoreFixtures.exampleSelfCare, dialog: try StoreFixtures.example, store: store)
        let reference = try #require(conversation.outcome?.reference)
        // Another process's writer, in the middle of its transaction.
        let other = try DatabaseQueue(path: store.path)
        let holding = DispatchSemaphore(value: 0)
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            try? other.writeWithoutTransaction { db in
                try db.execute(sql: "BEGIN IMMEDIATE")
                try db.execute(sql: "UPDATE assessment SET updatedAt = updatedAt")
                holding.signal()
                done.wait()
                try db.execute(sql: "ROLLBACK")
            }
        }
        await offThePool { holding.wait() }
        defer { done.signal() }
        let started = Date()
        #expect(try store.assessment(reference: reference) != nil)
        #expect(try store.finishedAssessments().count == 1)
        #expect(Date().timeIntervalSince(started) < 2, "a reader that waited would take the 10 s busy timeout")
    }
}

@Suite("Stored dates")
struct StoredDateTests {
    @Test("dates are written as GRDB writes and reads them, to the millisecond")
    func sameTextAsGRDB() throws {
        let dates = [0, 1, 1_800_000_000.5, 1_800_000_000.0005, 1_800_000_000.9999, 951_782_400.123, 4_102_444_799.999].map(Date.init(timeIntervalSince1970:))
        for date in dates {
            let ours = StoredDate.text(date)
            #expect(ours == String.fromDatabaseValue(date.databaseValue), "\(date.timeIntervalSince1970)")
            let read = try #require(Date.fromDatabaseValue(ours.databaseValue))
            #expect(abs(read.timeIntervalSince(date)) < 0.001)
        }
    }
}
