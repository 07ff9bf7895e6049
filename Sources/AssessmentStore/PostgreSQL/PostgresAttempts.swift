// PostgresAttempts: the wrong resume codes in PostgreSQL's `resume_attempt` table, shared by every server on the database.

#if PostgreSQL
import Foundation
import PostgresNIO

extension PostgresBackend {
    func checkAttempt(_ check: AssessmentStore.AttemptCheck) -> PendingWrite<AssessmentStore.AttemptVerdict> {
        writer.submit { statements in
            let rows = try statements.query("""
                SELECT count(*) FILTER (WHERE address = \(check.address)),
                       min(at) FILTER (WHERE address = \(check.address)),
                       count(*) FILTER (WHERE codePrefix = \(check.codePrefix)),
                       min(at) FILTER (WHERE codePrefix = \(check.codePrefix))
                FROM resume_attempt
                WHERE at > \(check.since) AND (address = \(check.address) OR codePrefix = \(check.codePrefix))
                """)
            guard let row = rows.first else { return .allowed }
            let (byAddress, addressOldest, byCode, codeOldest) = try row.decode((Int, Date?, Int, Date?).self)
            return check.verdict(byAddress: (byAddress, addressOldest), byCode: (byCode, codeOldest))
        }
    }

    func recordWrongAttempt(_ check: AssessmentStore.AttemptCheck) -> PendingWrite<Bool> {
        writer.submit { statements in
            try statements.query("DELETE FROM resume_attempt WHERE at <= \(check.since)")
            try statements.query("INSERT INTO resume_attempt (at, address, codePrefix) VALUES (\(check.now), \(check.address), \(check.codePrefix))")
            return true
        }
    }
}

extension PostgresSchema {
    /// v2: wrong resume codes, counted per address and per code's first four characters (never the whole code)
    /// by every server on the database; see `ResumeAttemptLimits`.
    static let resumeAttempts: (version: String, sql: [String]) = ("v2", [
        "CREATE TABLE resume_attempt (at TIMESTAMPTZ NOT NULL, address TEXT NOT NULL, codePrefix TEXT NOT NULL)",
        "CREATE INDEX resume_attempt_by_address ON resume_attempt (address, at)",
        "CREATE INDEX resume_attempt_by_code ON resume_attempt (codePrefix, at)",
        "CREATE INDEX resume_attempt_by_time ON resume_attempt (at)",
    ])
}
#endif
