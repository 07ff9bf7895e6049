// SessionWrites: what a kept session writes (a new session, each answer, a resume), each handed to the store's writer.

import DialogKit
import Foundation
import GRDB

extension AssessmentStore {
    /// A session's row, as the conversation that owns it knows it.
    struct Lease: Sendable, Equatable {
        var id: String
        /// The resume code, formatted (`K7PX-R2M4-QH9T`).
        var resumeCode: String
        /// Bumped by every resume; a write that finds another value was overtaken by a resume elsewhere.
        var revision: Int
    }

    /// How the answer rows change with a write: rows from `keeping` on are replaced by `rows`.
    struct AnswerChange: Sendable {
        var keeping: Int
        /// Whether rows from `keeping` on are in the store now (after `back`, or an answer that
        /// changed an earlier one); usually not, and the write is an insert only.
        var replacesRows: Bool
        var rows: [StoredAnswer]
    }

    /// How a session ended, when it did with this write.
    enum Ending: Sendable {
        case outcome(id: String, code: String, flags: [String], scores: [Score] = [])
        case quit
    }

    /// What a write of answers gives back: for an outcome, the reference.
    struct Saved: Sendable {
        var reference: String?
    }

    /// What a resume code led to.
    enum Claim: Sendable {
        /// The session's answers, in order, to replay.
        case resumed(Lease, [StoredAnswer])
        case unknown
        case expired
        case finished
        case quit
        /// The session was started under another dialog, or another version or text of it.
        case differentDialog(found: String)
    }

    /// Stores a new session with no answers yet and a fresh resume code.
    func open(dialog: Dialog, channel: Channel) -> PendingWrite<Lease> {
        let date = options.now()
        let now = StoredDate.text(date)
        let expiry = StoredDate.text(date.addingTimeInterval(options.resumeCodeLifetime))
        let (dialogID, version, hash) = (dialog.id, dialog.version, dialog.contentHash)
        return writer.submit { db in
            let id = UUID().uuidString.lowercased()
            let code = try Self.unusedCode(db, column: "resumeCode", length: ReadableCode.resumeCodeLength)
            try db.cachedStatement(sql: """
                INSERT INTO assessment (id, status, resumeCode, resumeExpiresAt, dialogID, dialogVersion, contentHash,
                    channel, startedAt, updatedAt, revision)
                VALUES (?, 'open', ?, ?, ?, ?, ?, ?, ?, ?, 0)
                """).execute(arguments: [id, code, expiry, dialogID, version, hash, channel.rawValue, now, now])
            return Lease(id: id, resumeCode: code, revision: 0)
        }
    }

    /// Writes what a line changed (an accepted answer, `back`, `restart`, `quit`, the outcome) in the
    /// next transaction: the answer rows and the ending. Fails with `.continuedElsewhere` when another
    /// connection resumed the session since `lease` was written.
    func save(_ lease: Lease, answers: AnswerChange, ending: Ending?) -> PendingWrite<Saved> {
        let now = StoredDate.text(options.now())
        let rows = answers.rows.map { answer in (answer, answer.value.map { $0.stored.text() }) }
        let flags = if case .outcome(_, _, let flags, _)? = ending { JSONValue.array(flags.map(JSONValue.string)).text() } else { "[]" }
        let scores = if case .outcome(_, _, _, let scores)? = ending {
            JSONValue.array(scores.map { .object([("name", .string($0.name)), ("value", .number($0.value))]) }).text()
        } else {
            "[]"
        }
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
            return Saved(reference: reference)
        }
    }

    /// Takes over the session a resume code names, if it may be continued under `dialog`. The
    /// revision is bumped, so a connection still holding the session finds it gone at its next
    /// write. `discarding` names the caller's own fresh session (no answers), deleted on success.
    func claim(code: String, dialog: Dialog, discarding: String?) -> PendingWrite<Claim> {
        let now = options.now()
        let lifetime = options.resumeCodeLifetime
        let renewedExpiry = now.addingTimeInterval(lifetime)
        let (dialogID, version, hash) = (dialog.id, dialog.version, dialog.contentHash)
        return writer.submit { db in
            guard let found = try ClaimedSession.fetchOne(
                db,
                sql: """
                    SELECT id, status, resumeExpiresAt, dialogID, dialogVersion, contentHash, revision, \(Self.lastActivity) AS lastActivity
                    FROM assessment WHERE resumeCode = ?
                    """,
                arguments: [code])
            else { return .unknown }
            switch found.status {
            case .finished: return .finished
            case .quit: return .quit
            case .open: break
            }
            // A code works for the lifetime after the session's last answer, or after it was last resumed.
            guard let expiry = found.resumeExpiresAt, let active = found.lastActivity,
                max(expiry, active.addingTimeInterval(lifetime)) > now
            else { return .expired }
            guard found.dialogID == dialogID, found.dialogVersion == version, found.contentHash == hash else {
                let sameVersion = found.dialogID == dialogID && found.dialogVersion == version
                return .differentDialog(found: "\(found.dialogID) version \(found.dialogVersion)\(sameVersion ? " (another text of it)" : "")")
            }
            let id = found.id
            let answers = try AnswerRecord.of(id).fetchAll(db).map(\.stored)
            let revision = found.revision
            try db.execute(
                sql: "UPDATE assessment SET revision = revision + 1, resumeExpiresAt = ? WHERE id = ?",
                arguments: [renewedExpiry, id])
            if let discarding, discarding != id {
                try db.execute(
                    sql: """
                        DELETE FROM assessment WHERE id = ? AND status = 'open'
                        AND NOT EXISTS (SELECT 1 FROM answer WHERE assessmentID = ?)
                        """,
                    arguments: [discarding, discarding])
            }
            return .resumed(Lease(id: id, resumeCode: code, revision: revision + 1), answers)
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
