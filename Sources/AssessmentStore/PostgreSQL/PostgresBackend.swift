// PostgresBackend: the store in a PostgreSQL database shared by several servers: connecting, migrations, the reads and purge.

#if PostgreSQL
import DialogKit
import Foundation
import PostgresNIO

/// The store in PostgreSQL. Any number of processes on any number of machines may open one database:
/// each has its one writer (group commit, as SQLite's), a session's writes check its `revision` under a
/// row lock, and a claim of a resume code locks the session's row, so two servers never both go on with one
/// session and an answer is never kept twice (primary key: session and position).
final class PostgresBackend: StoreBackend {
    let address: PostgresAddress
    /// The writer's own connection; `reads` is another, so `show` and `export` never wait for a batch.
    let writer: PostgresWriter
    private let reads: PostgresLink

    var location: StoreLocation { .postgres(address) }

    /// Connects (a clear error when the server is down, the password wrong or the database missing) and
    /// brings the schema up to date.
    init(address: PostgresAddress, options: AssessmentStore.Options) throws(StoreError) {
        self.address = address
        reads = PostgresLink(address: address, lockTimeout: options.busyTimeout)
        writer = PostgresWriter(link: PostgresLink(address: address, lockTimeout: options.busyTimeout))
        do {
            try reads.run { statements in try PostgresSchema.migrate(statements) }
        } catch {
            throw .cannotOpen(path: address.description, reason: PostgresLink.describe(error))
        }
    }

    func schemaVersions() throws(StoreError) -> [String] {
        try reading { statements in try PostgresSchema.applied(statements) }
    }

    func waitForWrites() {
        writer.waitForWrites()
    }

    var writeStatistics: WriteStatistics { writer.statistics }

    // MARK: - Reading

    func finishedAssessments(since: Date) throws(StoreError) -> [StoredAssessment] {
        try stored(where: "a.status = 'finished' AND a.finishedAt >= $1", binds: Self.binding(since), orderedBy: "a.finishedAt, a.seq")
    }

    func assessment(reference: String) throws(StoreError) -> StoredAssessment? {
        try stored(where: "a.reference = $1", binds: Self.binding(reference), orderedBy: "a.seq").first
    }

    func allAssessments() throws(StoreError) -> [StoredAssessment] {
        try stored(where: "TRUE", binds: PostgresBindings(), orderedBy: "a.startedAt, a.seq")
    }

    /// When a session was last active: its last answer, or its row's last write, whichever is later.
    static let lastActivity = """
        GREATEST(a.updatedAt, (SELECT MAX(answer.answeredAt) FROM answer WHERE answer.assessmentID = a.id))
        """

    /// The assessments `filter` selects, in `order`, with their answers: two queries in one snapshot,
    /// the answers joined to the same filter and grouped by session here.
    private func stored(where filter: String, binds: PostgresBindings, orderedBy order: String) throws(StoreError) -> [StoredAssessment] {
        try reading { statements in
            try statements.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            defer { _ = try? statements.query("COMMIT") }
            let rows = try statements.query(PostgresQuery(unsafeSQL: """
                SELECT a.id, a.status, a.reference, a.dialogID, a.dialogVersion, a.contentHash, a.channel, a.startedAt,
                    a.finishedAt, a.outcomeID, a.outcomeCode, a.flags, a.scores, a.language, \(Self.lastActivity) AS lastActivity
                FROM assessment a WHERE \(filter) ORDER BY \(order)
                """, binds: binds))
            if rows.rows.isEmpty { return [] }
            let answerRows = try statements.query(PostgresQuery(unsafeSQL: """
                SELECT answer.* FROM answer JOIN assessment a ON a.id = answer.assessmentID WHERE \(filter)
                ORDER BY answer.assessmentID, answer.position
                """, binds: binds))
            let answers = Dictionary(grouping: try answerRows.map(Self.answer), by: \.assessmentID)
            return try rows.map { row in
                let record = try Self.assessment(row)
                return record.stored(answers: answers[record.id] ?? [])
            }
        }
    }

    /// A row of `assessment` as the record SQLite's reads give, so both make a `StoredAssessment` alike.
    private static func assessment(_ row: PostgresRow) throws -> AssessmentRecord {
        let cells = row.makeRandomAccess()
        let decoder = JSONDecoder()
        return AssessmentRecord(
            id: try cells["id"].decode(String.self),
            status: try known(cells["status"], "status"),
            reference: try cells["reference"].decode(String?.self),
            dialogID: try cells["dialogid"].decode(String.self),
            dialogVersion: try cells["dialogversion"].decode(String.self),
            contentHash: try cells["contenthash"].decode(String.self),
            channel: try known(cells["channel"], "channel"),
            startedAt: try cells["startedat"].decode(Date.self),
            finishedAt: try cells["finishedat"].decode(Date?.self),
            outcomeID: try cells["outcomeid"].decode(String?.self),
            outcomeCode: try cells["outcomecode"].decode(String?.self),
            flags: try decoder.decode([String].self, from: Data(try cells["flags"].decode(String.self).utf8)),
            scores: try decoder.decode([Score].self, from: Data(try cells["scores"].decode(String.self).utf8)),
            language: try cells["language"].decode(String.self),
            lastActivity: try cells["lastactivity"].decode(Date.self))
    }

    /// A row of `answer`, as SQLite's reads give it.
    static func answer(_ row: PostgresRow) throws -> AnswerRecord {
        let cells = row.makeRandomAccess()
        let value = try cells["value"].decode(String?.self).map { try JSONDecoder().decode(AnswerValue.self, from: Data($0.utf8)) }
        return AnswerRecord(
            assessmentID: try cells["assessmentid"].decode(String.self),
            position: try cells["position"].decode(Int.self),
            questionID: try cells["questionid"].decode(String.self),
            code: try cells["code"].decode(String?.self),
            kind: try known(cells["kind"], "kind"),
            question: try cells["question"].decode(String.self),
            typed: try cells["typed"].decode(String?.self),
            value: value,
            shown: try cells["shown"].decode(String?.self),
            unsure: try cells["unsure"].decode(Bool.self),
            unit: try cells["unit"].decode(String?.self),
            label: try cells["label"].decode(String?.self))
    }

    /// An enum column: a value this version does not know stops the read, naming the column, never the row.
    static func known<Value: RawRepresentable>(_ cell: PostgresCell, _ column: String) throws -> Value where Value.RawValue == String {
        let raw = try cell.decode(String.self)
        guard let value = Value(rawValue: raw) else { throw UnknownStoredValue(column: column, value: raw) }
        return value
    }

    // MARK: - Retention

    /// Deletes with their answers in one transaction, then VACUUMs the two tables so the space of the deleted
    /// rows is reused (PostgreSQL does not overwrite a deleted row at once, as SQLite's secure_delete does).
    func purge(before cutoff: Date) throws(StoreError) -> AssessmentStore.PurgeResult {
        try reading { statements in
            let finishedBefore = "a.status = 'finished' AND a.finishedAt < $1"
            let abandonedBefore = "a.status <> 'finished' AND \(Self.lastActivity) < $1"
            let binds = Self.binding(cutoff)
            try statements.query("BEGIN")
            do {
                let answers = try statements.query(PostgresQuery(unsafeSQL: """
                    SELECT count(*) FROM answer JOIN assessment a ON a.id = answer.assessmentID
                    WHERE (\(finishedBefore)) OR (\(abandonedBefore))
                    """, binds: binds)).first?.decode(Int.self) ?? 0
                let finished = try statements.query(PostgresQuery(unsafeSQL: "DELETE FROM assessment a WHERE \(finishedBefore)", binds: binds))
                let abandoned = try statements.query(PostgresQuery(unsafeSQL: "DELETE FROM assessment a WHERE \(abandonedBefore)", binds: binds))
                try statements.query("COMMIT")
                try statements.query("VACUUM answer, assessment")
                return AssessmentStore.PurgeResult(
                    finished: finished.metadata.rows ?? 0, abandoned: abandoned.metadata.rows ?? 0, answers: answers)
            } catch {
                if !statements.connection.isClosed { _ = try? statements.query("ROLLBACK") }
                throw error
            }
        }
    }

    private static func binding(_ value: some PostgresDynamicTypeEncodable) -> PostgresBindings {
        var binds = PostgresBindings()
        binds.append(value)
        return binds
    }

    private func reading<T>(_ body: (PostgresLink.Statements) throws -> T) throws(StoreError) -> T {
        do {
            return try reads.run(body)
        } catch {
            throw .database(PostgresLink.describe(error))
        }
    }
}
#endif
