// StoreBackend: what a kind of database does for the store (SQLite, PostgreSQL): the session writes, the reads, purge.

import DialogKit
import Foundation

/// One kind of database behind `AssessmentStore`. Everything above it (the conversations, the
/// server, `intake chat --db`, show, export, purge) talks to the store, and the store to this.
///
/// The session writes are handed in and done later: each backend commits them in groups (one
/// transaction for every write that arrived while the last one committed), runs each in a savepoint
/// so that one failing is undone alone, and finishes a write only after its transaction committed:
/// that is what "acknowledged" means, whatever the database.
protocol StoreBackend: Sendable {
    /// Where the store is, as messages name it.
    var location: StoreLocation { get }

    /// Stores a new session with no answers and a fresh resume code.
    func open(_ session: AssessmentStore.NewSession) -> PendingWrite<AssessmentStore.Lease>
    /// Writes what a line changed; fails with `.continuedElsewhere` when the lease is no longer the session's.
    func save(_ save: AssessmentStore.SessionSave) -> PendingWrite<AssessmentStore.Saved>
    /// Takes over the session a resume code names (`AssessmentStore.ClaimRequest.decide` says whether it may).
    func claim(_ request: AssessmentStore.ClaimRequest) -> PendingWrite<AssessmentStore.Claim>
    /// Counts the wrong resume codes in the check's window (see `ResumeAttemptLimits`).
    func checkAttempt(_ check: AssessmentStore.AttemptCheck) -> PendingWrite<AssessmentStore.AttemptVerdict>
    /// Records a wrong resume code, by address and the code's first characters.
    func recordWrongAttempt(_ check: AssessmentStore.AttemptCheck) -> PendingWrite<Bool>
    /// Blocks until every write handed in so far is committed or has failed.
    func waitForWrites()
    /// How many writes went into how many transactions.
    var writeStatistics: WriteStatistics { get }

    /// Finished from `since` on, oldest first (ties in the order stored).
    func finishedAssessments(since: Date) throws(StoreError) -> [StoredAssessment]
    /// The finished assessment with this reference (already normalized: `K7PX2M4Q`).
    func assessment(reference: String) throws(StoreError) -> StoredAssessment?
    /// Every session, oldest first (ties in the order stored).
    func allAssessments() throws(StoreError) -> [StoredAssessment]
    /// Deletes what finished, or was last active, before `cutoff`, leaving no copy behind.
    func purge(before cutoff: Date) throws(StoreError) -> AssessmentStore.PurgeResult
    /// The migrations applied, oldest first.
    func schemaVersions() throws(StoreError) -> [String]
}

extension AssessmentStore {
    /// A new session, as `open` writes it.
    struct NewSession: Sendable {
        var dialogID: String
        var dialogVersion: String
        var contentHash: String
        var channel: Channel
        /// The dialog's language (a BCP 47 tag).
        var language: String
        var now: Date
        var expiry: Date
    }

    /// One line's write, its values made on the caller's thread (JSON, dates), not the writer's.
    struct SessionSave: Sendable {
        var lease: Lease
        var answers: AnswerChange
        /// Each new row with its value as the column's JSON (`{"number":12}`; nil when skipped).
        var rows: [(answer: StoredAnswer, value: String?)]
        var ending: Ending?
        /// The outcome's flags and scores as the columns' JSON (`[]` without an outcome).
        var flags: String
        var scores: String
        var now: Date
    }

    /// A resume code to claim, and what decides whether its session may go on.
    struct ClaimRequest: Sendable {
        var code: String
        var dialogID: String
        var dialogVersion: String
        var contentHash: String
        /// The caller's own fresh session (no answers), deleted when the claim succeeds.
        var discarding: String?
        var now: Date
        var lifetime: TimeInterval

        /// What a claim reads of the session the code names.
        struct Found: Sendable {
            var id: String
            var status: StoredAssessment.Status
            var resumeExpiresAt: Date?
            var dialogID: String
            var dialogVersion: String
            var contentHash: String
            var revision: Int
            var lastActivity: Date?
        }

        /// Why the session cannot go on, or nil when it may (the backend then takes it over).
        func refusal(of found: Found) -> Claim? {
            switch found.status {
            case .finished: return .finished
            case .quit: return .quit
            case .open: break
            }
            // A code works for the lifetime after the session's last answer, or after it was last resumed.
            guard let expiry = found.resumeExpiresAt, let active = found.lastActivity,
                max(expiry, active.addingTimeInterval(lifetime)) > now
            else { return .expired }
            guard found.dialogID == dialogID, found.dialogVersion == dialogVersion, found.contentHash == contentHash else {
                let sameVersion = found.dialogID == dialogID && found.dialogVersion == dialogVersion
                return .differentDialog(found: "\(found.dialogID) version \(found.dialogVersion)\(sameVersion ? " (another text of it)" : "")")
            }
            return nil
        }

        /// The expiry a successful claim sets.
        var renewedExpiry: Date { now.addingTimeInterval(lifetime) }
    }
}
