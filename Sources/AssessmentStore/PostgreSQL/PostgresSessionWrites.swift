// PostgresSessionWrites: the session writes in SQL for PostgreSQL (a new session, each answer, a resume), with the row locks that keep two servers off one session.

#if PostgreSQL
import DialogKit
import Foundation
import PostgresNIO

extension PostgresBackend {
    func open(_ session: AssessmentStore.NewSession) -> PendingWrite<AssessmentStore.Lease> {
        let id = UUID().uuidString.lowercased()
        let drawn = ReadableCode.random(length: ReadableCode.resumeCodeLength)
        let lease = AssessmentStore.Lease(id: id, resumeCode: drawn, revision: 0)
        return writer.submit(batched: .open(id: id, code: drawn, session), as: lease) { statements in
            // Another server may draw the same code at the same moment: the unique column decides, and the
            // loser draws again, inside its own savepoint.
            while true {
                let code = ReadableCode.random(length: ReadableCode.resumeCodeLength)
                let inserted = try statements.query("""
                    INSERT INTO assessment (id, status, resumeCode, resumeExpiresAt, dialogID, dialogVersion, contentHash,
                        channel, language, startedAt, updatedAt, revision)
                    VALUES (\(id), 'open', \(code), \(session.expiry), \(session.dialogID), \(session.dialogVersion),
                        \(session.contentHash), \(session.channel.rawValue), \(session.language), \(session.now), \(session.now), 0)
                    ON CONFLICT (resumeCode) DO NOTHING
                    """)
                if inserted.metadata.rows == 1 { return AssessmentStore.Lease(id: id, resumeCode: code, revision: 0) }
            }
        }
    }

    func save(_ save: AssessmentStore.SessionSave) -> PendingWrite<AssessmentStore.Saved> {
        var reference: String?
        if case .outcome? = save.ending { reference = ReadableCode.random(length: ReadableCode.referenceLength) }
        return writer.submit(batched: .save(save, reference: reference), as: AssessmentStore.Saved(reference: reference)) { statements in
            let lease = save.lease
            // FOR SHARE: a claim of this session on another server (FOR UPDATE) waits until this write has
            // committed, and then reads its answer; a claim that came first has bumped the revision, and this
            // write is refused. Never both.
            let current = try statements.query("SELECT revision, status FROM assessment WHERE id = \(lease.id) FOR SHARE").first
            guard let current, try current.decode((Int, String).self) == (lease.revision, "open") else {
                throw StoreError.continuedElsewhere
            }
            if save.answers.replacesRows {
                try statements.query("DELETE FROM answer WHERE assessmentID = \(lease.id) AND position >= \(save.answers.keeping)")
            }
            for (answer, value) in save.rows {
                try statements.query("""
                    INSERT INTO answer (assessmentID, position, questionID, code, kind, question, typed, value, shown, unsure,
                        answeredAt, unit, label)
                    VALUES (\(lease.id), \(answer.position), \(answer.questionID), \(answer.code), \(answer.kind.rawValue),
                        \(answer.question), \(answer.typed), \(value), \(answer.shown), \(answer.unsure), \(save.now),
                        \(answer.unit), \(answer.label))
                    """)
            }
            var reference: String?
            switch save.ending {
            case .outcome(let id, let code, _, _)?:
                let made = try Self.unusedReference(statements)
                try statements.query("""
                    UPDATE assessment SET status = 'finished', reference = \(made), finishedAt = \(save.now), updatedAt = \(save.now),
                        outcomeID = \(id), outcomeCode = \(code), flags = \(save.flags), scores = \(save.scores), resumeExpiresAt = NULL
                    WHERE id = \(lease.id)
                    """)
                reference = made
            case .quit?:
                try statements.query("""
                    UPDATE assessment SET status = 'quit', updatedAt = \(save.now), resumeExpiresAt = NULL WHERE id = \(lease.id)
                    """)
            case nil:
                break
            }
            return AssessmentStore.Saved(reference: reference)
        }
    }

    func claim(_ request: AssessmentStore.ClaimRequest) -> PendingWrite<AssessmentStore.Claim> {
        writer.submit { statements in
            // FOR UPDATE: two servers claiming one code take turns; the second finds the revision the first set.
            guard let row = try statements.query("""
                SELECT id, status, resumeExpiresAt, dialogID, dialogVersion, contentHash, revision, updatedAt
                FROM assessment WHERE resumeCode = \(request.code) FOR UPDATE
                """).first
            else { return .unknown }
            let cells = row.makeRandomAccess()
            let id = try cells["id"].decode(String.self)
            let lastAnswer = try statements.query("SELECT MAX(answeredAt) FROM answer WHERE assessmentID = \(id)")
                .first?.decode(Date?.self) ?? nil
            let updated = try cells["updatedat"].decode(Date.self)
            let found = AssessmentStore.ClaimRequest.Found(
                id: id, status: try Self.known(cells["status"], "status"), resumeExpiresAt: try cells["resumeexpiresat"].decode(Date?.self),
                dialogID: try cells["dialogid"].decode(String.self), dialogVersion: try cells["dialogversion"].decode(String.self),
                contentHash: try cells["contenthash"].decode(String.self), revision: try cells["revision"].decode(Int.self),
                lastActivity: max(updated, lastAnswer ?? updated))
            if let refusal = request.refusal(of: found) { return refusal }
            let answers = try statements.query("SELECT * FROM answer WHERE assessmentID = \(id) ORDER BY position")
                .map { try Self.answer($0).stored }
            try statements.query("UPDATE assessment SET revision = revision + 1, resumeExpiresAt = \(request.renewedExpiry) WHERE id = \(id)")
            if let discarding = request.discarding, discarding != id {
                try statements.query("""
                    DELETE FROM assessment WHERE id = \(discarding) AND status = 'open'
                    AND NOT EXISTS (SELECT 1 FROM answer WHERE assessmentID = \(discarding))
                    """)
            }
            return .resumed(AssessmentStore.Lease(id: id, resumeCode: request.code, revision: found.revision + 1), answers)
        }
    }

    /// A random reference not yet taken. Two servers drawing the same one at once is left to the unique
    /// column (about 39 bits: it would fail that one write, which the person is asked to send again).
    private static func unusedReference(_ statements: PostgresLink.Statements) throws -> String {
        while true {
            let code = ReadableCode.random(length: ReadableCode.referenceLength)
            let taken = try statements.query("SELECT EXISTS (SELECT 1 FROM assessment WHERE reference = \(code))").first?.decode(Bool.self)
            if taken != true { return code }
        }
    }
}
#endif
