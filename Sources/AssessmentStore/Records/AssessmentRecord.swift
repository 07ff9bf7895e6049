// AssessmentRecord: a row of `assessment` as the reads see it (show, the exports, listing, purge), and its answers.

import DialogKit
import Foundation
import GRDB

/// One session's row, read. The session's writes (SessionWrites) stay statements of their own: a
/// turn binds a few values to a cached statement, and a record there would cost an allocation per answer.
struct AssessmentRecord: Decodable, FetchableRecord, TableRecord {
    static let databaseTableName = "assessment"
    var id: String
    @Known var status: StoredAssessment.Status
    var reference: String?
    var dialogID: String
    var dialogVersion: String
    var contentHash: String
    @Known var channel: Channel
    var startedAt: Date
    var finishedAt: Date?
    var outcomeID: String?
    var outcomeCode: String?
    /// A JSON array in the column (GRDB decodes a nested `Decodable` value from JSON).
    var flags: [String]
    /// A JSON array in the column, as `flags`.
    var scores: [Score]
    /// The language the session was started in.
    var language: String
    /// When the session was last active: see `SQLiteBackend.lastActivity`. Not a column.
    var lastActivity: Date

    enum Columns {
        static let status = Column(CodingKeys.status)
        static let reference = Column(CodingKeys.reference)
        static let startedAt = Column(CodingKeys.startedAt)
        static let finishedAt = Column(CodingKeys.finishedAt)
        static let id = Column(CodingKeys.id)
    }

    /// The columns read, and the session's last activity, computed with them.
    static var databaseSelection: [any SQLSelectable] {
        [
            Columns.id, Columns.status, Columns.reference, Column("dialogID"), Column("dialogVersion"), Column("contentHash"),
            Column("channel"), Columns.startedAt, Columns.finishedAt, Column("outcomeID"), Column("outcomeCode"), Column("flags"), Column("scores"),
            Column("language"), lastActivity.forKey(CodingKeys.lastActivity),
        ]
    }

    /// When the session was last active (`SQLiteBackend.lastActivity`, which the resume's read shares).
    static var lastActivity: SQLExpression { SQL(sql: SQLiteBackend.lastActivity).sqlExpression }

    /// Finished from `since` on.
    static func finished(since: Date) -> SQLExpression {
        Columns.status == StoredAssessment.Status.finished && Columns.finishedAt >= since
    }

    /// What `purge` deletes: finished before `cutoff`, or never finished and last active before it.
    static func finishedBefore(_ cutoff: Date) -> SQLExpression {
        Columns.status == StoredAssessment.Status.finished && Columns.finishedAt < cutoff
    }

    static func abandonedBefore(_ cutoff: Date) -> SQLExpression {
        Columns.status != StoredAssessment.Status.finished && lastActivity < cutoff
    }

    /// The assessments `filter` selects (all without one), in `order`, with their answers: two
    /// queries however many there are. The answers come in one query joined to the same filter (not a
    /// list of ids, which SQLite caps at its number of variables) and are grouped by session here.
    static func stored(_ db: Database, where filter: SQLExpression?, orderedBy order: [any SQLOrderingTerm]) throws -> [StoredAssessment] {
        var assessments = all().order(order)
        var answers = AnswerRecord.all()
        if let filter {
            assessments = assessments.filter(filter)
            answers = answers.joining(required: AnswerRecord.assessment.filter(filter))
        }
        let records = try assessments.fetchAll(db)
        guard !records.isEmpty else { return [] }
        let grouped = Dictionary(
            grouping: try answers.order(AnswerRecord.Columns.assessmentID, AnswerRecord.Columns.position).fetchAll(db),
            by: \.assessmentID)
        return records.map { $0.stored(answers: grouped[$0.id] ?? []) }
    }

    /// The assessment as the rest of Intake reads it.
    func stored(answers: [AnswerRecord]) -> StoredAssessment {
        StoredAssessment(
            id: id, status: status, reference: reference, dialogID: dialogID, dialogVersion: dialogVersion,
            contentHash: contentHash, channel: channel, startedAt: startedAt, updatedAt: lastActivity, finishedAt: finishedAt,
            outcomeID: outcomeID, outcomeCode: outcomeCode, flags: flags, answers: answers.map(\.stored), scores: scores,
            language: language)
    }
}
