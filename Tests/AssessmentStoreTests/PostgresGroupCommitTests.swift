// PostgresGroupCommitTests: the PostgreSQL writer's group commit against a real cluster: writes that wait together commit in one transaction and one batch statement, one failing write fails alone.

#if PostgreSQL
@testable import AssessmentStore
import DialogKit
import Foundation
import PostgresNIO
import Testing
import TestSupport

@Suite("Group commit on PostgreSQL", .enabled(if: StoreLocation.postgresIsBuilt, "built without the trait PostgreSQL"))
struct PostgresGroupCommitTests {
    typealias Gate = GroupCommitTests.Gate

    static func answer(_ position: Int, typed: String?, value: AnswerValue?) -> StoredAnswer {
        StoredAnswer(position: position, questionID: "q\(position)", code: position.isMultiple(of: 2) ? nil : "code.\(position)", kind: .text,
                     question: "Question \(position)?", typed: typed, value: value, shown: typed ?? "(skipped)", unsure: position == 1)
    }

    @Test("opens and saves that wait together go into one transaction and one batch statement; a stale one and a failing one fail alone")
    func waitingWritesCommitTogether() async throws {
        let (store, folder) = try await StoreFixtures.store(.postgres)
        defer { try? FileManager.default.removeItem(at: folder) }
        let dialog = try StoreFixtures.example
        let leases = try (0..<41).map { _ in try store.open(dialog: dialog, channel: .plain).value() }
        let before = store.writeStatistics
        let batchedBefore = store.postgres.writer.batchedWrites

        let gate = Gate()
        let held = await gate.hold(store)
        let opens = (0..<20).map { _ in store.open(dialog: dialog, channel: .json) }
        let saves = leases.prefix(40).enumerated().map { index, lease in
            store.save(lease, answers: .init(keeping: 0, replacesRows: false, rows: [
                Self.answer(0, typed: "answer \(index) ü'\"\\", value: .text("answer \(index)")),
                Self.answer(1, typed: nil, value: nil),
            ]), ending: index == 0 ? .outcome(id: "selfcare", code: "self-care", flags: ["a"]) : index == 1 ? .quit : nil)
        }
        // Overtaken by a resume elsewhere (another revision): refused.
        var stale = leases[40]
        stale.revision += 1
        let refused = store.save(stale, answers: .init(keeping: 2, replacesRows: false, rows: [Self.answer(2, typed: "x", value: nil)]), ending: nil)
        // Writes a row, then fails: its row must not be kept, nor anything else lost with it.
        let failing = store.postgres.writer.submit { statements -> Void in
            try statements.query("""
                INSERT INTO assessment (id, status, resumeCode, dialogID, dialogVersion, contentHash, channel, startedAt, updatedAt)
                VALUES ('doomed', 'open', 'ZZZZZZZZZZZZ', 'd', '1', 'h', 'plain', now(), now())
                """)
            throw StoreError.continuedElsewhere
        }
        try await Task.sleep(for: .milliseconds(50))
        #expect(opens.allSatisfy { $0.result == nil } && saves.allSatisfy { $0.result == nil }, "nothing is done before its commit")
        gate.release.signal()
        await held.done()

        for write in opens as [any StoreCompletion] + saves + [refused, failing] { await write.done() }
        let opened = try opens.map { try $0.value() }
        let saved = try saves.map { try $0.value() }
        #expect(throws: StoreError.continuedElsewhere) { try refused.value() }
        #expect(throws: StoreError.continuedElsewhere) { try failing.value() }
        let after = store.writeStatistics
        #expect(after.transactions - before.transactions == 2, "the held write's transaction, then one for all the others")
        #expect(after.writes - before.writes == 1 + 20 + 40 + 2)
        #expect(store.postgres.writer.batchedWrites - batchedBefore == 20 + 40, "every open and save went into the batch statement")

        let kept = Dictionary(uniqueKeysWithValues: try store.allAssessments().map { ($0.id, $0) })
        #expect(kept["doomed"] == nil)
        #expect(kept.count == 61)
        #expect(Set(opened.map(\.resumeCode)).count == 20 && opened.allSatisfy { kept[$0.id]?.status == .open })
        for (index, lease) in leases.prefix(40).enumerated() {
            let assessment = try #require(kept[lease.id])
            #expect(assessment.answers.count == 2, "session \(index)")
            #expect(assessment.answers.first?.typed == "answer \(index) ü'\"\\")
            #expect(assessment.answers.first?.value == .text("answer \(index)"))
            #expect(assessment.answers.last?.typed == nil && assessment.answers.last?.value == nil && assessment.answers.last?.unsure == true)
            #expect(assessment.answers.first?.code == nil && assessment.answers.last?.code == "code.1")
        }
        let reference = try #require(saved[0].reference)
        let finished = try #require(try store.assessment(reference: reference))
        #expect(finished.id == leases[0].id && finished.status == .finished && finished.outcomeCode == "self-care" && finished.flags == ["a"])
        #expect(kept[leases[1].id]?.status == .quit && kept[leases[1].id]?.reference == nil)
        #expect(kept[leases[40].id]?.answers.isEmpty == true, "the refused write added nothing")
    }

    @Test("a batch statement that fails as a whole (an answer kept twice) is undone and each write made alone; two writes of one session stay in order")
    func failedBatchIsRedoneAlone() async throws {
        let (store, folder) = try await StoreFixtures.store(.postgres)
        defer { try? FileManager.default.removeItem(at: folder) }
        let dialog = try StoreFixtures.example
        let leases = try (0..<3).map { _ in try store.open(dialog: dialog, channel: .plain).value() }
        _ = try store.save(leases[0], answers: .init(keeping: 0, replacesRows: false, rows: [Self.answer(0, typed: "kept", value: nil)]), ending: nil).value()
        let batchedBefore = store.postgres.writer.batchedWrites
        let gate = Gate()
        let held = await gate.hold(store)
        // Position 0 is there already: the primary key refuses the row, and with it the whole statement.
        let duplicate = store.save(leases[0], answers: .init(keeping: 0, replacesRows: false, rows: [Self.answer(0, typed: "twice", value: nil)]), ending: nil)
        let good = store.save(leases[1], answers: .init(keeping: 0, replacesRows: false, rows: [Self.answer(0, typed: "good", value: nil)]), ending: nil)
        // The same session twice in one batch: neither goes into the statement, and they are made in order.
        let first = store.save(leases[2], answers: .init(keeping: 0, replacesRows: false, rows: [Self.answer(0, typed: "one", value: nil)]), ending: nil)
        let second = store.save(leases[2], answers: .init(keeping: 0, replacesRows: true, rows: [Self.answer(0, typed: "two", value: nil)]), ending: nil)
        gate.release.signal()
        await held.done()
        for write in [duplicate, good, first, second] { await write.done() }
        #expect(throws: StoreError.self) { try duplicate.value() }
        _ = try good.value()
        _ = try first.value()
        _ = try second.value()
        #expect(store.postgres.writer.batchedWrites == batchedBefore, "the failed statement did nothing")
        let kept = Dictionary(uniqueKeysWithValues: try store.allAssessments().map { ($0.id, $0.answers.map(\.typed)) })
        #expect(kept[leases[0].id] == ["kept"])
        #expect(kept[leases[1].id] == ["good"])
        #expect(kept[leases[2].id] == ["two"])
    }

    @Test("the batch statement's writes are acknowledged once its transaction committed, even when the connection is lost in the writes made alone after it")
    func batchedWritesSurviveTheLaterTransaction() async throws {
        let (store, folder) = try await StoreFixtures.store(.postgres)
        defer { try? FileManager.default.removeItem(at: folder) }
        let dialog = try StoreFixtures.example
        let leases = try (0..<5).map { _ in try store.open(dialog: dialog, channel: .plain).value() }
        let gate = Gate()
        let held = await gate.hold(store)
        let saves = leases.map { lease in
            store.save(lease, answers: .init(keeping: 0, replacesRows: false, rows: [Self.answer(0, typed: "kept", value: nil)]), ending: nil)
        }
        // Not a write the statement can do, so it runs after it, alone; it ends its own connection.
        let cut = store.postgres.writer.submit { statements -> Void in
            try statements.query("SELECT pg_terminate_backend(pg_backend_pid())")
        }
        gate.release.signal()
        await held.done()
        for write in saves as [any StoreCompletion] + [cut] { await write.done() }
        #expect(throws: StoreError.self) { try cut.value() }
        for (index, save) in saves.enumerated() {
            #expect(throws: Never.self, "save \(index) was committed before the connection went") { try save.value() }
        }
        // The next write makes a new connection; everything acknowledged is there.
        let kept = Dictionary(uniqueKeysWithValues: try store.allAssessments().map { ($0.id, $0.answers.map(\.typed)) })
        for lease in leases { #expect(kept[lease.id] == ["kept"]) }
    }

    @Test("a text PostgreSQL refuses (a NUL character) fails only its own write; the others of its group are kept")
    func aRefusedTextFailsAlone() async throws {
        let (store, folder) = try await StoreFixtures.store(.postgres)
        defer { try? FileManager.default.removeItem(at: folder) }
        let dialog = try StoreFixtures.example
        let leases = try (0..<4).map { _ in try store.open(dialog: dialog, channel: .plain).value() }
        let gate = Gate()
        let held = await gate.hold(store)
        let saves = leases.enumerated().map { index, lease in
            store.save(lease, answers: .init(keeping: 0, replacesRows: false, rows: [
                Self.answer(0, typed: index == 2 ? "pasted\u{0}text" : "kept \(index)", value: nil),
            ]), ending: nil)
        }
        gate.release.signal()
        await held.done()
        for save in saves { await save.done() }
        #expect(throws: StoreError.self) { try saves[2].value() }
        let kept = Dictionary(uniqueKeysWithValues: try store.allAssessments().map { ($0.id, $0.answers.map(\.typed)) })
        for index in [0, 1, 3] {
            #expect(throws: Never.self) { try saves[index].value() }
            #expect(kept[leases[index].id] == ["kept \(index)"])
        }
        #expect(kept[leases[2].id] == [], "nothing of the refused write")
    }

    @Test("the batch statement's one plan, made on an empty table, looks each session up by its id, never every open session by status")
    func batchPlanLooksSessionsUpById() async throws {
        let (store, folder) = try await StoreFixtures.store(.postgres)
        defer { try? FileManager.default.removeItem(at: folder) }
        let kinds = PostgresBatch.opensKinds + PostgresBatch.savesKinds + PostgresBatch.rowsKinds
        let types = kinds.map { ["i": "int8[]", "b": "bool[]", "d": "timestamptz[]"][String($0)] ?? "text[]" }
        let plan = try store.postgres.writer.submit { statements -> String in
            // The writer's own connection, so its setting for prepared statements is the one the writer plans with.
            try statements.query(PostgresQuery(unsafeSQL: "PREPARE plan_test(\(types.joined(separator: ", "))) AS \(PostgresBatch.sql)"))
            defer { _ = try? statements.query("DEALLOCATE plan_test") }
            let empty = types.map { "'{}'::\($0)" }.joined(separator: ", ")
            return try statements.query(PostgresQuery(unsafeSQL: "EXPLAIN EXECUTE plan_test(\(empty))")).map { try $0.decode(String.self) }.joined(separator: "\n")
        }.value()
        #expect(!plan.contains("assessment_by_finish"), "\(plan)")
        #expect(!plan.contains("Seq Scan"), "no table is read whole for a group: \(plan)")
        #expect(plan.contains("Index Cond: (id = "), "\(plan)")
        #expect(plan.contains("Index Cond: ((assessmentid = h.id) AND (\"position\" >= h.keeping))"), "the rows a save replaces, by its session: \(plan)")
    }

    @Test("saves that replace rows (after back, or a changed answer) go into the batch statement with the others: rows rewritten in place, the rest past them deleted, nothing else touched")
    func replacingSavesAreBatched() async throws {
        let (store, folder) = try await StoreFixtures.store(.postgres)
        defer { try? FileManager.default.removeItem(at: folder) }
        let dialog = try StoreFixtures.example
        let leases = try (0..<5).map { _ in try store.open(dialog: dialog, channel: .plain).value() }
        for lease in leases {
            _ = try store.save(lease, answers: .init(keeping: 0, replacesRows: false, rows: (0..<4).map {
                Self.answer($0, typed: "first \($0)", value: .text("first \($0)"))
            }), ending: nil).value()
        }
        let batchedBefore = store.postgres.writer.batchedWrites
        let gate = Gate()
        let held = await gate.hold(store)
        let saves = [
            // `back` twice: rows 2 and 3 go, row 2 is answered again.
            store.save(leases[0], answers: .init(keeping: 2, replacesRows: true, rows: [Self.answer(2, typed: "again", value: .text("again"))]), ending: nil),
            // A changed first answer: every row rewritten, one more added.
            store.save(leases[1], answers: .init(keeping: 0, replacesRows: true, rows: (0..<5).map {
                Self.answer($0, typed: $0 == 4 ? "new" : nil, value: nil)
            }), ending: nil),
            // Back to the start: every row goes, none written.
            store.save(leases[2], answers: .init(keeping: 0, replacesRows: true, rows: []), ending: nil),
            // A plain answer, in the same statement.
            store.save(leases[3], answers: .init(keeping: 4, replacesRows: false, rows: [Self.answer(4, typed: "fifth", value: nil)]),
                       ending: .outcome(id: "selfcare", code: "self-care", flags: [])),
        ]
        // Overtaken by a resume elsewhere: refused, its rows as they were.
        var stale = leases[4]
        stale.revision += 1
        let refused = store.save(stale, answers: .init(keeping: 1, replacesRows: true, rows: [Self.answer(1, typed: "late", value: nil)]), ending: nil)
        gate.release.signal()
        await held.done()
        for write in saves + [refused] { await write.done() }
        for (index, save) in saves.enumerated() { #expect(throws: Never.self, "save \(index)") { try save.value() } }
        #expect(throws: StoreError.continuedElsewhere) { try refused.value() }
        #expect(store.postgres.writer.batchedWrites - batchedBefore == 4, "every save but the refused one in the statement")

        let kept = Dictionary(uniqueKeysWithValues: try store.allAssessments().map { ($0.id, $0.answers) })
        #expect(kept[leases[0].id]?.map(\.typed) == ["first 0", "first 1", "again"])
        #expect(kept[leases[0].id]?.map(\.position) == [0, 1, 2])
        #expect(kept[leases[0].id]?.last?.value == .text("again"))
        #expect(kept[leases[1].id]?.map(\.typed) == [nil, nil, nil, nil, "new"])
        #expect(kept[leases[1].id]?.allSatisfy { $0.value == nil } == true, "the rewritten rows hold the new values, not the old")
        #expect(kept[leases[2].id]?.isEmpty == true)
        #expect(kept[leases[3].id]?.map(\.typed) == ["first 0", "first 1", "first 2", "first 3", "fifth"])
        #expect(kept[leases[4].id]?.map(\.typed) == ["first 0", "first 1", "first 2", "first 3"], "nothing of the refused write")
    }
}

extension AssessmentStore {
    /// The PostgreSQL backend of a store the fixtures made in the test cluster.
    var postgres: PostgresBackend {
        guard let backend = backend as? PostgresBackend else { fatalError("the store is not kept in PostgreSQL") }
        return backend
    }
}
#endif
