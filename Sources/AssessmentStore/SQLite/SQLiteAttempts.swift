// SQLiteAttempts: the wrong resume codes in SQLite's `resume_attempt` table, written through the one writer.

import Foundation
import GRDB

extension SQLiteBackend {
    func checkAttempt(_ check: AssessmentStore.AttemptCheck) -> PendingWrite<AssessmentStore.AttemptVerdict> {
        let (since, address, prefix) = (StoredDate.text(check.since), check.address, check.codePrefix)
        return writer.submit { db in
            func count(_ column: String, _ value: String) throws -> (Int, Date?) {
                let row = try Row.fetchOne(
                    try db.cachedStatement(sql: "SELECT count(*) AS n, min(at) AS oldest FROM resume_attempt WHERE \(column) = ? AND at > ?"),
                    arguments: [value, since])
                return (row?["n"] ?? 0, row?["oldest"])
            }
            return check.verdict(byAddress: try count("address", address), byCode: try count("codePrefix", prefix))
        }
    }

    func recordWrongAttempt(_ check: AssessmentStore.AttemptCheck) -> PendingWrite<Bool> {
        let (now, since, address, prefix) = (StoredDate.text(check.now), StoredDate.text(check.since), check.address, check.codePrefix)
        return writer.submit { db in
            try db.cachedStatement(sql: "DELETE FROM resume_attempt WHERE at <= ?").execute(arguments: [since])
            try db.cachedStatement(sql: "INSERT INTO resume_attempt (at, address, codePrefix) VALUES (?, ?, ?)")
                .execute(arguments: [now, address, prefix])
            return true
        }
    }
}

extension StoreSchema {
    /// v6: wrong resume codes, counted per address and per code's first four characters (never the
    /// whole code) by every process on the file; see `ResumeAttemptLimits`.
    static func addResumeAttempts(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE resume_attempt (
                at DATETIME NOT NULL,
                address TEXT NOT NULL,
                codePrefix TEXT NOT NULL
            );
            CREATE INDEX resume_attempt_by_address ON resume_attempt(address, at);
            CREATE INDEX resume_attempt_by_code ON resume_attempt(codePrefix, at);
            CREATE INDEX resume_attempt_by_time ON resume_attempt(at);
            """)
    }
}
