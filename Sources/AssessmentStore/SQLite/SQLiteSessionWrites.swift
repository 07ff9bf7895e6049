// SQLiteSessionWrites: the session writes in SQL for SQLite (a new session, each answer, a resume), each handed to the writer.

import DialogKit
import Foundation
import GRDB

extension SQLiteBackend {
    /// Stores a new session with no answers yet and a fresh resume code.
    func open(_ session: AssessmentStore.NewSession) -> PendingWrite<AssessmentStore.Lease> {
        let now = StoredDate.text(session.now)
        let expiry = StoredDate.text(session.expiry)
        let (dialogID, version, hash, channel, language) = (session.dialogID, session.dialogVersion, session.contentHash, session.channel, session.language)
        return writer.submit { db in
            let id = UUID().uuidString.lowercased()
            let code = try Self.unusedCode(db, column: "resumeCode", length: ReadableCode.resumeCodeLength)
            try db.cachedStatement(sql: """
                INSERT INTO assessment (id, status, resumeCode, resumeExpiresAt, dialogID, dialogVersion, contentHash,
                    channel, language, startedAt, updatedAt, revision)
                VALUES (?, 'open', ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)
                """).execute(arguments: [id, code, expiry, dialogID, version, hash, channel.rawValue, language, now, now])
            return AssessmentStore.Lease(id: id, resumeCode: code, revision: 0)
        }
    }

    /// Writes what a line changed (an accepted answer, `back`, `restart`, `quit`, the outcome) in the
    /// next transaction: the answer rows and the ending. Fails with `.continuedElsewhere` when another
    /// connection resumed the session since `lease` was written.
    func save(_ save: AssessmentStore.SessionSave) -> PendingWrite<AssessmentStore.Saved> {
        let now = StoredDate.text(save.now)
        let (lease, answers, rows, ending, flags, scores) = (save.lease, save.answers, save.rows, save.ending, save.flags, save.scores)
        return writer.submit { db in
            // A read, not an update: the session's row is rewritten only at the end, so that a turn
            // dirties as few pages of the file as it can (the answer's row and its index entry).
            let current = try Row.fetchOne(
                try db.cachedStatement(sql: "SELECT revision, status FROM assessment WHERE id = ?"), arguments: [lease.id])
            guard let current, current["revision"] == lease.revision, current["status"] == "open" else {
                throw StoreError.continuedElsewhere
            }
            if answers.replacesRows {
                try db.cachedStatement(sql: "DELETE FROM answer WHERE assessmentID = ? AND position >= ?")
                    .execute(arguments: [lease.id, answers.keeping])
            }
            let insert = try db.cachedStatement(sql: """
                INSERT INTO answer (assessmentID, position, questionID, code, kind, question, typed, value, shown, unsure, answeredAt, unit, label)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for (answer, value) in rows {
                try insert.execute(arguments: [
                    lease.id, answer.position, answer.questionID, answer.code, answer.kind.rawValue, answer.question,
                    answer.typed, value, answer.shown, answer.unsure, now, answer.unit, answer.label,
                ])
            }
            var reference: String?
            switch ending {
            case .outcome(let id, let code, _, _)?:
                let made = try Self.unusedCode(db, column: "reference", length: ReadableCode.referenceLength)
                try db.cachedStatement(sql: """
                    UPDATE assessment SET status = 'finished', reference = ?, finishedAt = ?, updatedAt = ?, outcomeID = ?,
                        outcomeCode = ?, flags = ?, scores = ?, resumeExpiresAt = NULL
                    WHERE id = ?
                    """).execute(arguments: [made, now, now, id, code, flags, scores, lease.id])
                reference = made
            case .quit?:
                try db.cachedStatement(sql: "UPDATE assessment SET status = 'quit', updatedAt = ?, resumeExpiresAt = NULL WHERE id = ?")
                    .execute(arguments: [now, lease.id])
            case nil:
                break
            }
            return AssessmentStore.Saved(reference: reference)
        }
    }

    func claim(_ request: AssessmentStore.ClaimRequest) -> PendingWrite<AssessmentStore.Claim> {
        writer.submit { db in
            guard let found = try ClaimedSession.fetchOne(
                db,
                sql: """
                    SELECT id, status, resumeExpiresAt, dialogID, dialogVersion, contentHash, revision, \(Self.lastActivity) AS lastActivity
                    FROM assessment WHERE resumeCode = ?
                    """,
                arguments: [request.code])
            else { return .unknown }
            if let refusal = request.refusal(of: found.found) { return refusal }
            let id = found.id
            let answers = try AnswerRecord.of(id).fetchAll(db).map(\.stored)
            try db.execute(
                sql: "UPDATE assessment SET revision = revision + 1, resumeExpiresAt = ? WHERE id = ?",
                arguments: [request.renewedExpiry, id])
            if let discarding = request.discarding, discarding != id {
                try db.execute(
                    sql: """
                        DELETE FROM assessment WHERE id = ? AND status = 'open'
                        AND NOT EXISTS (SELECT 1 FROM answer WHERE assessmentID = ?)
                        """,
                    arguments: [discarding, discarding])
            }
            return .resumed(AssessmentStore.Lease(id: id, resumeCode: request.code, revision: found.revision + 1), answers)
        }
    }

    /// What a resume reads of the session its code names.
    private struct ClaimedSession: Decodable, FetchableRecord {
        var id: String
        @Known var status: StoredAssessment.Status
        var resumeExpiresAt: Date?
        var dialogID: String
        var dialogVersion: String
        var contentHash: String
        var revision: Int
        var lastActivity: Date?

        var found: AssessmentStore.ClaimRequest.Found {
            .init(id: id, status: status, resumeExpiresAt: resumeExpiresAt, dialogID: dialogID, dialogVersion: dialogVersion,
                  contentHash: contentHash, revision: revision, lastActivity: lastActivity)
        }
    }

    /// A random code not yet in `column`; the writer holds the write lock, so it stays unused.
    private static func unusedCode(_ db: Database, column: String, length: Int) throws -> String {
        let taken = try db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM assessment WHERE \(column) = ?)")
        while true {
            let code = ReadableCode.random(length: length)
            if try Bool.fetchOne(taken, arguments: [code]) != true { return code }
        }
    }
}

/// Dates as the store's columns hold them: UTC text, `2026-12-02 15:04:05.123`, the format GRDB
/// writes and reads for `Date`. Made here, on the connection's thread, because Foundation's date
/// formatter was the largest single cost of the writer's thread (see Benchmarks/performance-notes.md).
enum StoredDate {
    static func text(_ date: Date) -> String {
        let milliseconds = (date.timeIntervalSince1970 * 1000).rounded()
        var seconds = time_t(Int((milliseconds / 1000).rounded(.down)))
        let fraction = Int(milliseconds - Double(seconds) * 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        var out = [UInt8]()
        out.reserveCapacity(23)
        func digits(_ value: Int, _ count: Int) {
            var divisor = 1
            for _ in 1..<count { divisor *= 10 }
            var rest = value
            while divisor > 0 {
                out.append(UInt8(48 + rest / divisor))
                rest %= divisor
                divisor /= 10
            }
        }
        digits(Int(parts.tm_year) + 1900, 4); out.append(45)
        digits(Int(parts.tm_mon) + 1, 2); out.append(45)
        digits(Int(parts.tm_mday), 2); out.append(32)
        digits(Int(parts.tm_hour), 2); out.append(58)
        digits(Int(parts.tm_min), 2); out.append(58)
        digits(Int(parts.tm_sec), 2); out.append(46)
        digits(fraction, 3)
        return String(decoding: out, as: UTF8.self)
    }
}
