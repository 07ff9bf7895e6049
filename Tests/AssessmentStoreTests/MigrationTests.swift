// MigrationTests: a database made with the first schema (v1, as released) opens with the current code and keeps its data.

import AssessmentStore
import Foundation
import GRDB
import Testing

@Suite("Schema migrations")
struct MigrationTests {
    /// The first schema as the v1 migration made it, frozen here: files made by it exist, so the
    /// later migrations must work on exactly this, whatever the code says now.
    static let schemaV1 = """
        CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
        INSERT INTO grdb_migrations VALUES ('v1');
        CREATE TABLE assessment (
            id TEXT PRIMARY KEY NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('open', 'finished', 'quit')),
            reference TEXT UNIQUE,
            resumeCode TEXT UNIQUE,
            resumeExpiresAt DATETIME,
            dialogID TEXT NOT NULL,
            dialogVersion TEXT NOT NULL,
            contentHash TEXT NOT NULL,
            channel TEXT NOT NULL,
            startedAt DATETIME NOT NULL,
            updatedAt DATETIME NOT NULL,
            finishedAt DATETIME,
            revision INTEGER NOT NULL DEFAULT 0,
            snapshot TEXT NOT NULL,
            outcomeID TEXT,
            outcomeCode TEXT,
            flags TEXT NOT NULL DEFAULT '[]'
        );
        CREATE TABLE answer (
            assessmentID TEXT NOT NULL REFERENCES assessment(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            questionID TEXT NOT NULL,
            code TEXT,
            kind TEXT NOT NULL,
            question TEXT NOT NULL,
            typed TEXT,
            value TEXT,
            PRIMARY KEY (assessmentID, position)
        );
        """

    @Test("a v1 database with a finished assessment and an open session opens, migrates to the current schema, and keeps working")
    func fromV1() throws {
        let folder = try StoreFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("old.sqlite").path
        let dialog = try StoreFixtures.example
        do {
            let queue = try DatabaseQueue(path: path)
            try queue.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA journal_mode = WAL")
                try db.execute(sql: Self.schemaV1)
                try db.execute(sql: """
                    INSERT INTO assessment VALUES ('a1', 'finished', 'K7PX-2M4Q', 'AAAA-BBBB-CCCC', NULL, 'example', '1', 'old',
                        'plain', '2026-01-02 10:00:00.000', '2026-01-02 10:05:00.000', '2026-01-02 10:05:00.000', 7,
                        '{"answers":[],"contentHash":"old","dialogID":"example","dialogVersion":"1","quit":false}',
                        'self_care', 'self_care', '["helped_by_rest"]');
                    INSERT INTO answer VALUES ('a1', 0, 'saddle_numbness', 'example.redflag.saddle', 'yesno', 'Numbness?', 'no', '{"boolean":false}');
                    INSERT INTO answer VALUES ('a1', 1, 'where', 'example.pain.location', 'choice', 'Where?', '1',
                        '{"choice":{"id":"lower_back","text":"Lower back"}}');
                    INSERT INTO answer VALUES ('a1', 2, 'weeks', NULL, 'number', 'How long?', '10 weeks', '{"number":10}');
                    INSERT INTO answer VALUES ('a1', 3, 'note', NULL, 'text', 'Anything else?', 'skip', NULL);
                    """)
                // An open session two answers in, its snapshot saying what its rows say (as v1 wrote both).
                try db.execute(
                    sql: """
                        INSERT INTO assessment VALUES ('a2', 'open', NULL, 'DDDD-EEEE-FFFF', '2999-01-01 00:00:00.000', ?, ?, ?,
                            'plain', '2026-01-02 11:00:00.000', '2026-01-02 11:01:00.000', NULL, 2,
                            '{"answers":[{"question":"saddle_numbness","value":{"bool":{"_0":false}}},{"question":"where","value":{"option":{"_0":1}}}],"contentHash":"x","dialogID":"example","dialogVersion":"1","quit":false}',
                            NULL, NULL, '[]');
                        INSERT INTO answer VALUES ('a2', 0, 'saddle_numbness', 'example.redflag.saddle', 'yesno', 'Numbness?', 'no', '{"boolean":false}');
                        INSERT INTO answer VALUES ('a2', 1, 'where', 'example.pain.location', 'choice', 'Where?', '2',
                            '{"choice":{"id":"neck","text":"Neck"}}');
                        """,
                    arguments: [dialog.id, dialog.version, dialog.contentHash])
            }
        }
        let store = try AssessmentStore(path: path)
        #expect(try store.schemaVersions() == ["v1", "v2", "v3", "v4", "v5", "v6", "v7"])
        let columns = try DatabaseQueue(path: path).read { db in try db.columns(in: "assessment").map(\.name) }
        #expect(!columns.contains("snapshot"), "v4: the answer rows are the record")
        let old = try #require(try store.assessment(reference: "K7PX-2M4Q"))
        #expect(old.flags == ["helped_by_rest"])
        #expect(old.answers.map(\.shown) == ["no", "Lower back", "10", "skipped"], "words made from v1 values")
        #expect(old.answers[1].value == .choice(StoredOption(id: "lower_back", code: nil, text: "Lower back")))

        let (conversation, _) = StoreFixtures.converse(StoreFixtures.exampleSelfCare, dialog: dialog, store: store)
        let reference = try #require(conversation.outcome?.reference)
        let new = try #require(try store.assessment(reference: reference))
        #expect(new.answers[2].shown == "1.43 weeks (10 days)", "as the summary shows it")
        #expect(try store.finishedAssessments().count == 2)

        // v2's indexes are there.
        let indexes = try DatabaseQueue(path: path).read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'assessment_by_%'")
        }
        #expect(Set(indexes) == ["assessment_by_finish", "assessment_by_update"])

        // The open session resumes from its answer rows, at the third question, and finishes.
        var resumed = StoredConversation(dialog: dialog, store: store, channel: .plain)
        let welcome = resumed.start(resuming: "DDDD-EEEE-FFFF")
        #expect(welcome.contains { if case .say(let say) = $0 { say.text.hasPrefix("Welcome back. Your 2 answers are kept") } else { false } })
        #expect(resumed.currentQuestionID == "weeks")
        #expect(resumed.session.value(of: "where") == .option(try #require(dialog.question(withID: "where")?.options.firstIndex { $0.id == "neck" })))
        for line in StoreFixtures.exampleSelfCare.dropFirst(2) { _ = resumed.receive(line) }
        let finished = try #require(resumed.outcome?.reference)
        #expect(try store.assessment(reference: finished)?.answers.count == 6)
    }

    @Test("opening a current database again changes nothing")
    func reopen() async throws {
        let (store, folder) = try await StoreFixtures.store()
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = StoreFixtures.converse(StoreFixtures.exampleSelfCare, dialog: try StoreFixtures.example, store: store)
        let again = try AssessmentStore(path: store.path)
        #expect(try again.schemaVersions() == ["v1", "v2", "v3", "v4", "v5", "v6", "v7"])
        #expect(try again.finishedAssessments().count == 1)
    }
}
