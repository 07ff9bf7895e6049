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
        /// Bumped by every write; a write that expects another value was overtaken by a resume elsewhere.
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
        case outcome(id: String, code: String, flags: [String])
        case quit
    }

    /// What a write of answers gives back: the new revision and, for an outcome, the reference.
    struct Saved: Sendable {
        var revision: Int
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
        let now = options.now()
        let expiry = now.addingTimeInterval(options.resumeCodeLifetime)
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
        let now = options.now()
        let expiry = now.addingTimeInterval(options.resumeCodeLifetime)
        let rows = answers.rows.map { answer in (answer, answer.value.map { $0.stored.text() }) }
        let flags = if case .outcome(_, _, let flags)? = ending { JSONValue.array(flags.map(JSONValue.string)).text() } else { "[]" }
        return writer.submit { db in
            try db.cachedStatement(sql: """
                UPDATE assessment SET updatedAt = ?, resumeExpiresAt = ?, revision = revision + 1
                WHERE id = ? AND revision = ? AND status = 'open'
                """).execute(arguments: [now, expiry, lease.id, lease.revision])
            guard db.changesCount == 1 else { throw StoreError.continuedElsewhere }
            if answers.replacesRows {
                try db.cachedStatement(sql: "DELETE FROM answer WHERE assessmentID = ? AND position >= ?")
                    .execute(arguments: [lease.id, answers.keeping])
            }
            let insert = try db.cachedStatement(sql: """
                INSERT INTO answer (assessmentID, position, questionID, code, kind, question, typed, value, shown, unsure)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for (answer, value) in rows {
                try insert.execute(arguments: [
                    lease.id, answer.position, answer.questionID, answer.code, answer.kind.rawValue, answer.question,
                    answer.typed, value, answer.shown, answer.unsure,
                ])
            }
            var reference: String?
            switch ending {
            case .outcome(let id, let code, _)?:
                let made = try Self.unusedCode(db, column: "reference", length: ReadableCode.referenceLength)
                try db.cachedStatement(sql: """
                    UPDATE assessment SET status = 'finished', reference = ?, finishedAt = ?, outcomeID = ?,
                        outcomeCode = ?, flags = ?, resumeExpiresAt = NULL
                    WHERE id = ?
                    """).execute(arguments: [made, now, id, code, flags, lease.id])
                reference = made
            case .quit?:
                try db.cachedStatement(sql: "UPDATE assessment SET status = 'quit', resumeExpiresAt = NULL WHERE id = ?")
                    .execute(arguments: [lease.id])
            case nil:
                break
            }
            return Saved(revision: lease.revision + 1, reference: reference)
        }
    }

    /// Takes over the session a resume code names, if it may be continued under `dialog`. The
    /// revision is bumped, so a connection still holding the session finds it gone at its next
    /// write. `discarding` names the caller's own fresh session (no answers), deleted on success.
    func claim(code: String, dialog: Dialog, discarding: String?) -> PendingWrite<Claim> {
        let now = options.now()
        let renewedExpiry = now.addingTimeInterval(options.resumeCodeLifetime)
        let (dialogID, version, hash) = (dialog.id, dialog.version, dialog.contentHash)
        return writer.submit { db in
            guard let row = try Row.fetchOne(
                db, sql: "SELECT id, status, resumeExpiresAt, dialogID, dialogVersion, contentHash, revision FROM assessment WHERE resumeCode = ?",
                arguments: [code])
            else { return .unknown }
            switch try Self.status(row) {
            case .finished: return .finished
            case .quit: return .quit
            case .open: break
            }
            guard let expiry: Date = row["resumeExpiresAt"], expiry > now else { return .expired }
            let foundID: String = row["dialogID"]
            let foundVersion: String = row["dialogVersion"]
            guard foundID == dialogID, foundVersion == version, row["contentHash"] == hash else {
                let sameVersion = foundID == dialogID && foundVersion == version
                return .differentDialog(found: "\(foundID) version \(foundVersion)\(sameVersion ? " (another text of it)" : "")")
            }
            let id: String = row["id"]
            let answers = try Self.answers(db, of: id)
            let revision: Int = row["revision"]
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

    /// A random code not yet in `column`; the writer holds the write lock, so it stays unused.
    private static func unusedCode(_ db: Database, column: String, length: Int) throws -> String {
        let taken = try db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM assessment WHERE \(column) = ?)")
        while true {
            let code = ReadableCode.random(length: length)
            if try Bool.fetchOne(taken, arguments: [code]) != true { return code }
        }
    }
}
