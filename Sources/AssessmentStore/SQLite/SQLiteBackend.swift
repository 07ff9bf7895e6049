// SQLiteBackend: the store in one SQLite file (WAL) through GRDB: the pool, the one writer, the migrations, the reads and purge.

import DialogKit
import Foundation
import GRDB

/// The store in a SQLite file. Several processes may open the same file: writes are serialised by
/// SQLite (each waits up to `Options.busyTimeout` for the others) and readers never wait for writers.
final class SQLiteBackend: StoreBackend {
    /// The database file.
    let path: String
    let pool: DatabasePool
    /// Every session write of this process goes through it (group commit).
    let writer: StoreWriter

    var location: StoreLocation { .file(path: path) }

    /// Opens the file at `path`, making the folder (0700) and the file (0600) if they do not exist,
    /// and bringing an older schema up to date.
    init(path: String, options: AssessmentStore.Options) throws(StoreError) {
        self.path = path
        try StoreFile.prepare(path: path)
        var configuration = Configuration()
        configuration.busyMode = .timeout(options.busyTimeout)
        configuration.label = "AssessmentStore"
        configuration.prepareDatabase { db in
            // Deleted answers are overwritten, not left in free pages of the file.
            try db.execute(sql: "PRAGMA secure_delete = ON")
        }
        pool = try Self.openPool(path: path, configuration: configuration, synchronous: options.synchronous)
        writer = StoreWriter(pool: pool)
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

    /// Opens the pool and sets what the writer runs with. Processes opening a new file at the same
    /// moment (two servers started together) race to turn WAL on, which SQLite may refuse with "database
    /// is locked" without waiting for the busy timeout; the loser tries again on the file the winner set up.
    private static func openPool(
        path: String, configuration: Configuration, synchronous: AssessmentStore.Synchronous
    ) throws(StoreError) -> DatabasePool {
        for attempt in 1...5 {
            do {
                let pool = try DatabasePool(path: path, configuration: configuration)
                // After the pool is open: GRDB sets NORMAL on its writer when it turns WAL on.
                try pool.writeWithoutTransaction { db in
                    try db.execute(sql: "PRAGMA synchronous = \(synchronous.rawValue.uppercased())")
                    // A checkpoint copies each page the WAL holds back into the file; every 10,000 pages (about
                    // 40 MB of WAL) rather than SQLite's 1,000, a page that many answers touch is copied once.
                    try db.execute(sql: "PRAGMA wal_autocheckpoint = 10000")
                }
                return pool
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY && attempt < 5 {
                Thread.sleep(forTimeInterval: 0.05 * Double(attempt))
            } catch {
                throw .cannotOpen(path: path, reason: describe(error))
            }
        }
        throw .cannotOpen(path: path, reason: "the file stayed locked by another process")
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

    func schemaVersions() throws(StoreError) -> [String] {
        try reading { db in try StoreSchema.migrator.appliedMigrations(db) }
    }

    func waitForWrites() {
        writer.waitForWrites()
    }

    var writeStatistics: WriteStatistics { writer.statistics }

    // MARK: - Reading

    // `rowid`, not the random `id`, breaks ties, so an export or a listing comes out the same each time.
    func finishedAssessments(since: Date) throws(StoreError) -> [StoredAssessment] {
        try reading { db in
            try AssessmentRecord.stored(
                db, where: AssessmentRecord.finished(since: since),
                orderedBy: [AssessmentRecord.Columns.finishedAt, Column.rowID])
        }
    }

    func assessment(reference: String) throws(StoreError) -> StoredAssessment? {
        try reading { db in
            try AssessmentRecord.stored(db, where: AssessmentRecord.Columns.reference == reference, orderedBy: []).first
        }
    }

    func allAssessments() throws(StoreError) -> [StoredAssessment] {
        try reading { db in
            try AssessmentRecord.stored(db, where: nil, orderedBy: [AssessmentRecord.Columns.startedAt, Column.rowID])
        }
    }

    // MARK: - Retention

    /// Deletes with their answers, then empties the WAL so no copy remains there.
    func purge(before cutoff: Date) throws(StoreError) -> AssessmentStore.PurgeResult {
        let result = try writing { db in
            let finishedBefore = AssessmentRecord.finishedBefore(cutoff)
            let abandonedBefore = AssessmentRecord.abandonedBefore(cutoff)
            let answers = try AnswerRecord.joining(required: AnswerRecord.assessment.filter(finishedBefore || abandonedBefore)).fetchCount(db)
            let finished = try AssessmentRecord.filter(finishedBefore).deleteAll(db)
            let abandoned = try AssessmentRecord.filter(abandonedBefore).deleteAll(db)
            return AssessmentStore.PurgeResult(finished: finished, abandoned: abandoned, answers: answers)
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

    static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError {
            return error.message ?? error.description
        }
        // GRDB's message quotes the whole row, which may hold a resume code or what a person typed.
        if error is RowDecodingError {
            return "a row of the file is not what this version of Intake reads"
        }
        return String(describing: error)
    }
}
