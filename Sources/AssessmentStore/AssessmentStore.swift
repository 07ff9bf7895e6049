// AssessmentStore: sessions in progress and finished assessments, kept in the backend a location names; one writer commits what every connection hands it.

import DialogKit
import Foundation

/// The kept assessments. Open one per process (it holds the database's connections and the
/// writer); it is safe to share between threads, and several processes may open the same store.
/// What it is kept in (a SQLite file, a PostgreSQL database) is its backend (`StoreBackend`); everything here is the same
/// whatever the backend.
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
        /// Wrong resume codes let through per address and per code, counted in the store.
        public var attemptLimits = ResumeAttemptLimits()
        /// The time now; tests move it.
        public var now: @Sendable () -> Date = { Date() }
        /// Told of every session write once it is done, on the writer's thread, before whoever waits for the
        /// write (so a health check knows of a failure before the person is told). It must not block.
        public var onWrite: (@Sendable (StoreWriteReport) -> Void)?

        public init() {}
    }

    /// Where the store is.
    public var location: StoreLocation { backend.location }
    /// The database file, or the database as messages name it.
    public var path: String { location.description }
    public let options: Options
    let backend: any StoreBackend

    /// Opens the SQLite file at `path`, making the folder (0700) and the file (0600) if they do not
    /// exist, and bringing an older schema up to date.
    public convenience init(path: String, options: Options = Options()) throws(StoreError) {
        try self.init(.file(path: path), options: options)
    }

    /// Opens (or makes) the store at `location` and brings its schema up to date.
    public init(_ location: StoreLocation, options: Options = Options()) throws(StoreError) {
        self.options = options
        switch location {
        case .file(let path): backend = try SQLiteBackend(path: path, options: options)
        case .postgres(let address):
            #if PostgreSQL
            backend = try PostgresBackend(address: address, options: options)
            #else
            throw .cannotOpen(path: address.description, reason: "this build of Intake has no PostgreSQL support (make build-postgres)")
            #endif
        }
    }

    /// The migrations applied to the store, oldest first ("v1", "v2").
    public func schemaVersions() throws(StoreError) -> [String] {
        try backend.schemaVersions()
    }

    /// Blocks until every write handed to the store so far is committed or has failed (a server
    /// that stops waits for this, so that a write already under way is not cut off by the exit).
    public func waitForWrites() {
        backend.waitForWrites()
    }

    /// How many session writes this process made, in how many transactions (group commit).
    public var writeStatistics: WriteStatistics { backend.writeStatistics }

    // MARK: - Reading

    /// Finished assessments, oldest first (two finished in the same millisecond in the order they were
    /// stored, so an export comes out the same each time); with `since`, only those finished at or after it.
    public func finishedAssessments(since: Date? = nil) throws(StoreError) -> [StoredAssessment] {
        try backend.finishedAssessments(since: since ?? Date(timeIntervalSince1970: 0))
    }

    /// The assessment with this reference (typed in any case, with or without the hyphen), if any.
    public func assessment(reference typed: String) throws(StoreError) -> StoredAssessment? {
        guard let reference = ReadableCode.normalized(typed, length: ReadableCode.referenceLength) else { return nil }
        return try backend.assessment(reference: reference)
    }

    /// Every session in the store, whatever its status, oldest first; two started in the same
    /// millisecond in the order they were stored, so a listing comes out the same each time.
    public func allAssessments() throws(StoreError) -> [StoredAssessment] {
        try backend.allAssessments()
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
    /// last answer came before it, with their answers, leaving no copy in the database's journal.
    public func purge(before cutoff: Date) throws(StoreError) -> PurgeResult {
        try backend.purge(before: cutoff)
    }
}
