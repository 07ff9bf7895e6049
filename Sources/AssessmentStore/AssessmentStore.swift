// AssessmentStore: one SQLite file (WAL) of sessions in progress and finished assessments; every write one transaction.

import DialogKit
import Foundation
import GRDB

/// The kept assessments. Open one per process (it holds a connection pool); it is safe to share
/// between threads, and several processes may open the same file: writes are serialised by
/// SQLite (each waits up to `Options.busyTimeout` for the others) and readers never block.
///
/// Channels do not call the session methods directly: they feed lines to a `StoredConversation`.
public final class AssessmentStore: Sendable {
    /// Settings of a store.
    public struct Options: Sendable {
        /// How long a resume code works after the session's last answer (24 hours).
        public var resumeCodeLifetime: TimeInterval = 24 * 60 * 60
        /// How long a write waits for another process's write to finish before it fails.
        public var busyTimeout: TimeInterval = 10
        /// The time now; tests move it.
        public var now: @Sendable () -> Date = { Date() }

        public init() {}
    }

    /// The database file.
    public let path: String
    public let options: Options
    let pool: DatabasePool

    /// Opens the store at `path`, making the folder (0700) and the file (0600) if they do not exist,
    /// and bringing an older schema up to date.
    public init(path: String, options: Options = Options()) throws(StoreError) {
        self.path = path
        self.options = options
        try StoreFile.prepare(path: path)
        var configuration = Configuration()
        configuration.busyMode = .timeout(options.busyTimeout)
        configuration.label = "AssessmentStore"
        configuration.prepareDatabase { db in
            // Deleted answers are overwritten, not left in free pages of the file.
            try db.execute(sql: "PRAGMA secure_delete = ON")
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw .cannotOpen(path: path, reason: Self.describe(error))
        }
        try migrate()
    }

    /// Applies missing migrations. Two processes opening a new file at once may both try; the one
    /// that loses finds the work done on its second look.
    private func migrate() throws(StoreError) {
        let migrator = StoreSchema.migrator
        for attempt in 1...3 {
            do {
                try migrator.migrate(pool)
                return
            } catch {
                if (try? pool.read(migrator.hasCompletedMigrations)) == true { return }
                if attempt == 3 { throw .cannotOpen(path: path, reason: Self.describe(error)) }
            }
        }
    }

    /// The migrations applied to the file, oldest first ("v1", "v2").
    public func schemaVersions() throws(StoreError) -> [String] {
        try reading { db in try StoreSchema.migrator.appliedMigrations(db) }
    }

    // MARK: - Sessions (for StoredConversation)

    /// A session's row, as the conversation that owns it knows it.
    struct Lease: Sendable, Equatable {
        var id: String
        /// The resume code, formatted (`K7PX-R2M4-QH9T`).
        var resumeCode: String
        /// Bumped by every write; a write that expects another value was overtaken by a resume elsewhere.
        var revision: Int
    }

    /// How the answer rows change with a write: rows from `keeping` on are replaced by `rows`.
    struct AnswerChange: Sendable {
        var keeping: Int
        var rows: [StoredAnswer]
    }

    /// How a session ended, when it did with this write.
    enum Ending: Sendable {
        case outcome(id: String, code: String, flags: [String])
        case quit
    }

    /// What a resume code led to.
    enum Claim: Sendable {
        case resumed(Lease, SessionSnapshot, [StoredAnswer])
        case unknown
        case expired
        case finished
        case quit
        /// The session was started under another dialog, or another version or text of it.
        case differentDialog(found: String)
    }

    /// Stores a new session with no answers yet and a fresh resume code.
    func open(_ snapshot: SessionSnapshot, channel: Channel) throws(StoreError) -> Lease {
        let now = options.now()
        let id = UUID().uuidString.lowercased()
        let json = try Self.encode(snapshot)
        return try writing { db in
            let code = try Self.unusedCode(db, column: "resumeCode", length: ReadableCode.resumeCodeLength)
            try db.execute(
                sql: """
                    INSERT INTO assessment (id, status, resumeCode, resumeExpiresAt, dialogID, dialogVersion, contentHash,
                        channel, startedAt, updatedAt, revision, snapshot)
                    VALUES (?, 'open', ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)
                    """,
                arguments: [
                    id, code, now.addingTimeInterval(options.resumeCodeLifetime), snapshot.dialogID, snapshot.dialogVersion,
                    snapshot.contentHash, channel.rawValue, now, now, json,
                ])
            return Lease(id: id, resumeCode: code, revision: 0)
        }
    }

    /// Writes the session's state after an accepted answer (or `back`, `restart`, `quit`, the
    /// outcome) in one transaction: the snapshot, the answer rows, and the ending. Returns the new
    /// revision and, for an outcome, the new reference.
    func save(
        _ lease: Lease, snapshot: SessionSnapshot, answers: AnswerChange, ending: Ending?
    ) throws(StoreError) -> (revision: Int, reference: String?) {
        let now = options.now()
        let json = try Self.encode(snapshot)
        let rows = try answers.rows.map { answer throws(StoreError) in (answer, try answer.value.map(Self.encode)) }
        return try writing { db in
            try db.execute(
                sql: """
                    UPDATE assessment SET snapshot = ?, updatedAt = ?, resumeExpiresAt = ?, revision = revision + 1
                    WHERE id = ? AND revision = ? AND status = 'open'
                    """,
                arguments: [json, now, now.addingTimeInterval(options.resumeCodeLifetime), lease.id, lease.revision])
            guard db.changesCount == 1 else { throw Overtaken() }
            try db.execute(
                sql: "DELETE FROM answer WHERE assessmentID = ? AND position >= ?", arguments: [lease.id, answers.keeping])
            for (answer, value) in rows {
                try db.execute(
                    sql: """
                        INSERT INTO answer (assessmentID, position, questionID, code, kind, question, typed, value, shown, unsure)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        lease.id, answer.position, answer.questionID, answer.code, answer.kind.rawValue, answer.question,
                        answer.typed, value, answer.shown, answer.unsure,
                    ])
            }
            var reference: String?
            switch ending {
            case .outcome(let id, let code, let flags)?:
                let made = try Self.unusedCode(db, column: "reference", length: ReadableCode.referenceLength)
                try db.execute(
                    sql: """
                        UPDATE assessment SET status = 'finished', reference = ?, finishedAt = ?, outcomeID = ?,
                            outcomeCode = ?, flags = ?, resumeExpiresAt = NULL
                        WHERE id = ?
                        """,
                    arguments: [made, now, id, code, try Self.encode(flags), lease.id])
                reference = made
            case .quit?:
                try db.execute(
                    sql: "UPDATE assessment SET status = 'quit', resumeExpiresAt = NULL WHERE id = ?", arguments: [lease.id])
            case nil:
                break
            }
            return (lease.revision + 1, reference)
        }
    }

    /// Takes over the session a resume code names, if it may be continued under `dialog`. The
    /// revision is bumped, so a connection still holding the session finds it gone at its next
    /// write. `discarding` names the caller's own fresh session (no answers), deleted on success.
    func claim(code: String, dialog: Dialog, discarding: String?) throws(StoreError) -> Claim {
        let now = options.now()
        return try writing { db in
            guard let row = try Row.fetchOne(
                db, sql: "SELECT * FROM assessment WHERE resumeCode = ?", arguments: [code])
            else { return .unknown }
            let status = StoredAssessment.Status(rawValue: row["status"]) ?? .quit
            switch status {
            case .finished: return .finished
            case .quit: return .quit
            case .open: break
            }
            guard let expiry: Date = row["resumeExpiresAt"], expiry > now else { return .expired }
            let dialogID: String = row["dialogID"]
            let version: String = row["dialogVersion"]
            let hash: String = row["contentHash"]
            guard dialogID == dialog.id, version == dialog.version, hash == dialog.contentHash else {
                let sameVersion = dialogID == dialog.id && version == dialog.version
                return .differentDialog(found: "\(dialogID) version \(version)\(sameVersion ? " (another text of it)" : "")")
            }
            let id: String = row["id"]
            let snapshot = try Self.decode(SessionSnapshot.self, from: row["snapshot"])
            let answers = try Self.answers(db, of: id)
            let revision: Int = row["revision"]
            try db.execute(
                sql: "UPDATE assessment SET revision = revision + 1, resumeExpiresAt = ? WHERE id = ?",
                arguments: [now.addingTimeInterval(options.resumeCodeLifetime), id])
            if let discarding, discarding != id {
                try db.execute(
                    sql: """
                        DELETE FROM assessment WHERE id = ? AND status = 'open'
                        AND NOT EXISTS (SELECT 1 FROM answer WHERE assessmentID = ?)
                        """,
                    arguments: [discarding, discarding])
            }
            return .resumed(
                Lease(id: id, resumeCode: code, revision: revision + 1), snapshot, answers)
        }
    }

    // MARK: - Reading

    /// Finished assessments, oldest first (two finished in the same millisecond in the order they were
    /// started: `rowid`, not the random `id`, so an export comes out the same each time); with `since`, only
    /// those finished at or after it.
    public func finishedAssessments(since: Date? = nil) throws(StoreError) -> [StoredAssessment] {
        try reading { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM assessment WHERE status = 'finished' AND finishedAt >= ?
                    ORDER BY finishedAt, rowid
                    """,
                arguments: [since ?? Date(timeIntervalSince1970: 0)])
            return try rows.map { try Self.assessment(db, row: $0) }
        }
    }

    /// The assessment with this reference (typed in any case, with or without the hyphen), if any.
    public func assessment(reference typed: String) throws(StoreError) -> StoredAssessment? {
        guard let reference = ReadableCode.normalized(typed, length: ReadableCode.referenceLength) else { return nil }
        return try reading { db in
            try Row.fetchOne(db, sql: "SELECT * FROM assessment WHERE reference = ?", arguments: [reference])
                .map { try Self.assessment(db, row: $0) }
        }
    }

    /// Every session in the file, whatever its status, oldest first (for tests and tools).
    public func allAssessments() throws(StoreError) -> [StoredAssessment] {
        try reading { db in
            try Row.fetchAll(db, sql: "SELECT * FROM assessment ORDER BY startedAt, id").map { try Self.assessment(db, row: $0) }
        }
    }

    // MARK: - Retention

    /// What `purge` deleted.
    public struct PurgeResult: Sendable, Equatable {
        /// Finished assessments.
        public var finished: Int
        /// Sessions that never finished (left open, or quit).
        public var abandoned: Int
        /// Answers deleted with them.
        public var answers: Int

        public init(finished: Int, abandoned: Int, answers: Int) {
            self.finished = finished
            self.abandoned = abandoned
            self.answers = answers
        }
    }

    /// Deletes finished assessments that finished before `cutoff`, and unfinished sessions whose
    /// last answer came before it, with their answers; then empties the WAL so no copy remains there.
    public func purge(before cutoff: Date) throws(StoreError) -> PurgeResult {
        let result = try writing { db in
            let answers = try Int.fetchOne(
                db,
                sql: """
                    SELECT COUNT(*) FROM answer JOIN assessment ON assessment.id = answer.assessmentID
                    WHERE (status = 'finished' AND finishedAt < ?) OR (status != 'finished' AND updatedAt < ?)
                    """,
                arguments: [cutoff, cutoff]) ?? 0
            try db.execute(sql: "DELETE FROM assessment WHERE status = 'finished' AND finishedAt < ?", arguments: [cutoff])
            let finished = db.changesCount
            try db.execute(sql: "DELETE FROM assessment WHERE status != 'finished' AND updatedAt < ?", arguments: [cutoff])
            return PurgeResult(finished: finished, abandoned: db.changesCount, answers: answers)
        }
        do {
            try pool.writeWithoutTransaction { db in _ = try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        } catch {
            throw .database(Self.describe(error))
        }
        return result
    }

    // MARK: - Helpers

    /// Thrown inside a write whose revision no longer matches.
    private struct Overtaken: Error {}

    /// One immediate transaction: it takes the write lock at once, so what it reads is still true
    /// when it writes, even with another process writing the same file.
    private func writing<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try pool.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
                return result!
            }
        } catch is Overtaken {
            throw .continuedElsewhere
        } catch {
            throw .database(Self.describe(error))
        }
    }

    private func reading<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try pool.read(body)
        } catch {
            throw .database(Self.describe(error))
        }
    }

    /// A random code not yet in `column`; the caller holds the write lock, so it stays unused.
    private static func unusedCode(_ db: Database, column: String, length: Int) throws -> String {
        while true {
            let code = ReadableCode.random(length: length)
            let taken = try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM assessment WHERE \(column) = ?)", arguments: [code]) ?? false
            if !taken { return code }
        }
    }

    private static func assessment(_ db: Database, row: Row) throws -> StoredAssessment {
        let id: String = row["id"]
        let channelName: String = row["channel"]
        return StoredAssessment(
            id: id, status: StoredAssessment.Status(rawValue: row["status"]) ?? .quit, reference: row["reference"],
            dialogID: row["dialogID"], dialogVersion: row["dialogVersion"], contentHash: row["contentHash"],
            channel: Channel(rawValue: channelName) ?? .chat, startedAt: row["startedAt"], updatedAt: row["updatedAt"],
            finishedAt: row["finishedAt"], outcomeID: row["outcomeID"], outcomeCode: row["outcomeCode"],
            flags: try decode([String].self, from: row["flags"]), answers: try answers(db, of: id))
    }

    private static func answers(_ db: Database, of id: String) throws -> [StoredAnswer] {
        try Row.fetchAll(db, sql: "SELECT * FROM answer WHERE assessmentID = ? ORDER BY position", arguments: [id]).map { row in
            let value = try (row["value"] as String?).map { try decode(AnswerValue.self, from: $0) }
            let kindName: String = row["kind"]
            return StoredAnswer(
                position: row["position"], questionID: row["questionID"], code: row["code"],
                kind: QuestionKind(rawValue: kindName) ?? .text, question: row["question"], typed: row["typed"],
                value: value, shown: row["shown"] ?? value?.words ?? "skipped", unsure: row["unsure"] ?? false)
        }
    }

    static func encode<T: Encodable>(_ value: T) throws(StoreError) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return String(decoding: try encoder.encode(value), as: UTF8.self)
        } catch {
            throw .database("cannot encode \(T.self): \(error)")
        }
    }

    static func decode<T: Decodable>(_ type: T.Type, from text: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError {
            return error.message ?? error.description
        }
        return String(describing: error)
    }
}
