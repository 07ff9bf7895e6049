// AssessmentStore: one SQLite file (WAL) of sessions in progress and finished assessments; one writer commits what every connection hands it.

import DialogKit
import Foundation
import GRDB

/// The kept assessments. Open one per process (it holds a connection pool and the writer); it is
/// safe to share between threads, and several processes may open the same file: writes are
/// serialised by SQLite (each waits up to `Options.busyTimeout` for the others) and readers never
/// wait for writers.
///
/// Channels do not call the session methods directly: they feed lines to a `StoredConversation`.
public final class AssessmentStore: Sendable {
    /// How far a commit goes before it counts as done (SQLite's `synchronous` in WAL mode).
    public enum Synchronous: String, Sendable, CaseIterable {
        /// Each commit is fsynced: an acknowledged answer survives a killed process and a power cut.
        case full
        /// The WAL is fsynced only at checkpoints: an acknowledged answer survives a killed process,
        /// but a power cut or an operating-system crash may lose the last commits (never corrupts).
        case normal
    }

    /// Settings of a store.
    public struct Options: Sendable {
        /// How long a resume code works after the session's last answer (24 hours).
        public var resumeCodeLifetime: TimeInterval = 24 * 60 * 60
        /// How long a write waits for another process's write to finish before it fails.
        public var busyTimeout: TimeInterval = 10
        /// What a commit waits for; see docs/storage.md, "Durability".
        public var synchronous: Synchronous = .full
        /// The time now; tests move it.
        public var now: @Sendable () -> Date = { Date() }

        public init() {}
    }

    /// The database file.
    public let path: String
    public let options: Options
    let pool: DatabasePool
    /// Every session write of this process goes through it (group commit).
    let writer: StoreWriter
    /// Copies what the writer commits from the WAL into the file, beside it.
    let checkpointer: StoreCheckpointer

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
            // After the pool is open: GRDB sets NORMAL on its writer when it turns WAL on.
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA synchronous = \(options.synchronous.rawValue.uppercased())")
                // A checkpoint copies each page the WAL holds back into the file; every 10,000 pages (about
                // 40 MB of WAL) rather than SQLite's 1,000, a page that many answers touch is copied once.
                try db.execute(sql: "PRAGMA wal_autocheckpoint = 10000")
            }
            checkpointer = try StoreCheckpointer(path: path, synchronous: options.synchronous, busyTimeout: options.busyTimeout)
        } catch {
            throw .cannotOpen(path: path, reason: Self.describe(error))
        }
        writer = StoreWriter(pool: pool, checkpointer: checkpointer)
        try migrate()
    }

    /// What the writer's connection runs with (`PRAGMA synchronous`: 2 is FULL, 1 is NORMAL), for tests.
    func synchronousSetting() throws(StoreError) -> Int {
        do {
            return try pool.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1 }
        } catch {
            throw .database(Self.describe(error))
        }
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

    /// Blocks until every write handed to the store so far is committed or has failed (a server
    /// that stops waits for this, so that a write already under way is not cut off by the exit).
    public func waitForWrites() {
        writer.waitForWrites()
    }

    /// How many session writes this process made, in how many transactions (group commit).
    public var writeStatistics: WriteStatistics { writer.statistics }

    // MARK: - Reading

    /// Finished assessments, oldest first (two finished in the same millisecond in the order they were
    /// started: `rowid`, not the random `id`, so an export comes out the same each time); with `since`, only
    /// those finished at or after it.
    public func finishedAssessments(since: Date? = nil) throws(StoreError) -> [StoredAssessment] {
        try reading { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT *, \(Self.lastActivity) AS lastActivity FROM assessment WHERE status = 'finished' AND finishedAt >= ?
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
            try Row.fetchOne(db, sql: "SELECT *, \(Self.lastActivity) AS lastActivity FROM assessment WHERE reference = ?", arguments: [reference])
                .map { try Self.assessment(db, row: $0) }
        }
    }

    /// Every session in the file, whatever its status, oldest first (for tests and tools).
    public func allAssessments() throws(StoreError) -> [StoredAssessment] {
        try reading { db in
            try Row.fetchAll(db, sql: "SELECT *, \(Self.lastActivity) AS lastActivity FROM assessment ORDER BY startedAt, id").map { try Self.assessment(db, row: $0) }
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
                    WHERE (status = 'finished' AND finishedAt < ?) OR (status != 'finished' AND \(Self.lastActivity) < ?)
                    """,
                arguments: [cutoff, cutoff]) ?? 0
            try db.execute(sql: "DELETE FROM assessment WHERE status = 'finished' AND finishedAt < ?", arguments: [cutoff])
            let finished = db.changesCount
            try db.execute(sql: "DELETE FROM assessment WHERE status != 'finished' AND \(Self.lastActivity) < ?", arguments: [cutoff])
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

    /// SQL for when a session was last active: its last answer, or its row's last write (the start,
    /// a resume, the end), whichever is later. Answers are not written into the session's row.
    static let lastActivity = """
        MAX(assessment.updatedAt, COALESCE((SELECT MAX(answer.answeredAt) FROM answer WHERE answer.assessmentID = assessment.id), assessment.updatedAt))
        """

    /// A row's status; a value this version does not know is an error, not a guess.
    static func status(_ row: Row) throws -> StoredAssessment.Status {
        let name: String = row["status"]
        guard let status = StoredAssessment.Status(rawValue: name) else { throw UnknownStoredValue(column: "status", value: name) }
        return status
    }

    /// A stored value this version of Intake does not know (a newer version wrote the file).
    struct UnknownStoredValue: Error, CustomStringConvertible {
        var column: String
        var value: String
        var description: String { "the \(column) \"\(value)\" is not known to this version of Intake" }
    }

    private static func assessment(_ db: Database, row: Row) throws -> StoredAssessment {
        let id: String = row["id"]
        let channelName: String = row["channel"]
        guard let channel = Channel(rawValue: channelName) else { throw UnknownStoredValue(column: "channel", value: channelName) }
        return StoredAssessment(
            id: id, status: try status(row), reference: row["reference"],
            dialogID: row["dialogID"], dialogVersion: row["dialogVersion"], contentHash: row["contentHash"],
            channel: channel, startedAt: row["startedAt"], updatedAt: row["lastActivity"],
            finishedAt: row["finishedAt"], outcomeID: row["outcomeID"], outcomeCode: row["outcomeCode"],
            flags: try decode([String].self, from: row["flags"]), answers: try answers(db, of: id))
    }

    static func answers(_ db: Database, of id: String) throws -> [StoredAnswer] {
        try Row.fetchAll(db, sql: "SELECT * FROM answer WHERE assessmentID = ? ORDER BY position", arguments: [id]).map { row in
            let value = try (row["value"] as String?).map { try decode(AnswerValue.self, from: $0) }
            let kindName: String = row["kind"]
            guard let kind = QuestionKind(rawValue: kindName) else { throw UnknownStoredValue(column: "kind", value: kindName) }
            return StoredAnswer(
                position: row["position"], questionID: row["questionID"], code: row["code"],
                kind: kind, question: row["question"], typed: row["typed"],
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
