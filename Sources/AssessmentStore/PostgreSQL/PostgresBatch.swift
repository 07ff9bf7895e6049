// PostgresBatch: the opens and saves of one group commit written by one statement (arrays of rows, unnest), not a round trip each.

#if PostgreSQL
import Foundation
import PostgresNIO

/// Every statement is a round trip to the server, and the writer waits for each before the next: four a
/// save, one at a time, was what held two servers on PostgreSQL far below one on SQLite. So the opens and
/// the saves of a transaction go to the server together, as arrays of rows, in one statement of
/// data-modifying WITH queries. A save whose session moved on (its revision or status changed) is simply
/// left out by the statement; an open whose drawn resume code was taken too. Whatever the statement left
/// out, or all of it when the statement failed (a drawn reference taken, a broken constraint), is then
/// written one at a time, each in its savepoint, as before: the meaning of a failure is the one-at-a-time
/// writer's, and so is its message.
enum PostgresBatch {
    /// A write the statement can do.
    enum Item: Sendable {
        /// A new session, its id and resume code drawn beforehand.
        case open(id: String, code: String, AssessmentStore.NewSession)
        /// A line's write; `reference` is drawn beforehand when it ends in an outcome.
        case save(AssessmentStore.SessionSave, reference: String?)

        var assessmentID: String {
            switch self {
            case .open(let id, _, _): id
            case .save(let save, _): save.lease.id
            }
        }
    }

    /// The positions in `items` the statement may take: at most one write of a session, since their order would
    /// matter and the statement's parts all see one snapshot.
    static func eligible(_ items: [Item?]) -> [Int] {
        var writesOfSession: [String: Int] = [:]
        for case let item? in items { writesOfSession[item.assessmentID, default: 0] += 1 }
        return items.indices.filter { index in
            guard let item = items[index] else { return false }
            return writesOfSession[item.assessmentID] == 1
        }
    }

    /// Runs the statement for `items` in a transaction of its own, BEGIN, the statement and COMMIT handed to the
    /// connection together; gives the ids of the sessions whose write it did and committed, or nil when the
    /// statement failed as a whole and nothing of it was kept. Throws when the connection failed or the
    /// transaction did not commit.
    static func commit(_ items: [Item], _ statements: PostgresLink.Statements) throws -> Set<String>? {
        let results = statements.pipeline(begin: "BEGIN", statement, values(items), end: "COMMIT")
        _ = try results.begin.get()
        let ended = try results.end.get().metadata.command
        switch results.statement {
        case .failure(let error):
            // The failed statement aborted the transaction, and COMMIT ended it in ROLLBACK.
            if statements.connection.isClosed || ended != "ROLLBACK" { throw error }
            return nil
        case .success(let rows):
            guard ended == "COMMIT" else { throw StoreError.database("the transaction was rolled back instead of committed") }
            // One row, the ids separated by spaces (ids are UUIDs): the prepared statement's results come as text,
            // in which postgres-nio reads no arrays, and a row an id cost the connection's thread more.
            let ids = try rows.first?.decode(String?.self) ?? nil
            return Set((ids ?? "").split(separator: " ").map(String.init))
        }
    }

    /// The statement, prepared once a connection and planned once (the writer's connection plans its prepared
    /// statements generically): parsing and planning it for every group took about a third of the database's
    /// CPU under load (Benchmarks/performance-notes.md).
    static let statement = PostgresLink.PreparedSQL(sql: sql)

    /// The types of the statement's three arrays of rows, a letter a column (t text, i bigint, b boolean,
    /// d timestamptz), in the order of its parameters.
    static let opensKinds = "ttdttttdt"
    static let savesKinds = "tiittttttd"
    static let rowsKinds = "titttttttbdtt"

    /// The statement's values for `items`: its arrays, one a column.
    static func values(_ items: [Item]) -> [PostgresData] {
        var opens = opensKinds.map(ArrayColumn.init)
        var saves = savesKinds.map(ArrayColumn.init)
        var rows = rowsKinds.map(ArrayColumn.init)
        for item in items {
            switch item {
            case .open(let id, let code, let session):
                opens[0].append(id); opens[1].append(code); opens[2].append(session.expiry); opens[3].append(session.dialogID)
                opens[4].append(session.dialogVersion); opens[5].append(session.contentHash)
                opens[6].append(session.channel.rawValue); opens[7].append(session.now); opens[8].append(session.language)
            case .save(let save, let reference):
                saves[0].append(save.lease.id); saves[1].append(save.lease.revision)
                saves[2].append(save.answers.replacesRows ? save.answers.keeping : nil)
                switch save.ending {
                case .outcome(let id, let code, _, _)?:
                    saves[3].append("outcome"); saves[4].append(reference); saves[5].append(id); saves[6].append(code)
                case .quit?:
                    saves[3].append("quit"); saves[4].append(String?.none); saves[5].append(String?.none); saves[6].append(String?.none)
                case nil:
                    for column in 3...6 { saves[column].append(String?.none) }
                }
                saves[7].append(save.flags); saves[8].append(save.scores); saves[9].append(save.now)
                for (answer, value) in save.rows {
                    rows[0].append(save.lease.id); rows[1].append(answer.position); rows[2].append(answer.questionID)
                    rows[3].append(answer.code); rows[4].append(answer.kind.rawValue); rows[5].append(answer.question)
                    rows[6].append(answer.typed); rows[7].append(value); rows[8].append(answer.shown)
                    rows[9].append(answer.unsure); rows[10].append(save.now); rows[11].append(answer.unit); rows[12].append(answer.label)
                }
            }
        }
        return (opens + saves + rows).map(\.data)
    }

    /// `held` takes the row lock a one-at-a-time save takes (FOR SHARE, so that a claim elsewhere waits for this
    /// commit) of each session by its id; the answers and the endings are written only for those still open at
    /// the revision the save was made for. A save that replaces rows (after `back`, or an answer that changed an
    /// earlier one) writes its rows over the old ones at their positions (`replaced`) and deletes the old ones
    /// past them (`trimmed`): a DELETE and an INSERT of the same rows would not see each other in one statement.
    /// Every lookup is by id and fenced (OFFSET 0), so that no plan, not even one made once on empty tables,
    /// scans a table or the index on status instead.
    static let sql = """
        WITH opened AS (
            INSERT INTO assessment (id, status, resumeCode, resumeExpiresAt, dialogID, dialogVersion, contentHash,
                channel, language, startedAt, updatedAt, revision)
            SELECT o.id, 'open', o.code, o.expiry, o.dialogID, o.dialogVersion, o.contentHash, o.channel, o.language, o.now, o.now, 0
            FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::text[],
                $8::timestamptz[], $9::text[]) AS o(id, code, expiry, dialogID, dialogVersion, contentHash, channel, now, language)
            ON CONFLICT (resumeCode) DO NOTHING
            RETURNING id
        ), s AS (
            SELECT * FROM unnest($10::text[], $11::int8[], $12::int8[], $13::text[], $14::text[], $15::text[], $16::text[],
                $17::text[], $18::text[], $19::timestamptz[])
                AS s(id, revision, keeping, ending, reference, outcomeID, outcomeCode, flags, scores, now)
        ), held AS (
            SELECT a.id, s.keeping FROM s CROSS JOIN LATERAL (
                SELECT id, revision, status FROM assessment WHERE id = s.id OFFSET 0 FOR SHARE
            ) a
            WHERE a.revision = s.revision AND a.status = 'open'
        ), r AS (
            SELECT * FROM unnest($20::text[], $21::int8[], $22::text[], $23::text[], $24::text[], $25::text[], $26::text[],
                $27::text[], $28::text[], $29::bool[], $30::timestamptz[], $31::text[], $32::text[])
                AS r(assessmentID, position, questionID, code, kind, question, typed, value, shown, unsure, answeredAt, unit, label)
        ), added AS (
            INSERT INTO answer (assessmentID, position, questionID, code, kind, question, typed, value, shown, unsure,
                answeredAt, unit, label)
            SELECT r.* FROM r WHERE r.assessmentID IN (SELECT id FROM held WHERE keeping IS NULL)
        ), replaced AS (
            INSERT INTO answer (assessmentID, position, questionID, code, kind, question, typed, value, shown, unsure,
                answeredAt, unit, label)
            SELECT r.* FROM r WHERE r.assessmentID IN (SELECT id FROM held WHERE keeping IS NOT NULL)
            ON CONFLICT (assessmentID, position) DO UPDATE SET questionID = EXCLUDED.questionID, code = EXCLUDED.code,
                kind = EXCLUDED.kind, question = EXCLUDED.question, typed = EXCLUDED.typed, value = EXCLUDED.value,
                shown = EXCLUDED.shown, unsure = EXCLUDED.unsure, answeredAt = EXCLUDED.answeredAt, unit = EXCLUDED.unit,
                label = EXCLUDED.label
        ), trimmed AS (
            DELETE FROM answer d USING (
                SELECT t.ctid FROM held h CROSS JOIN LATERAL (
                    SELECT ctid, position FROM answer WHERE assessmentID = h.id AND position >= h.keeping OFFSET 0
                ) t
                WHERE h.keeping IS NOT NULL
                    AND NOT EXISTS (SELECT 1 FROM r WHERE r.assessmentID = h.id AND r.position = t.position)
            ) gone
            WHERE d.ctid = gone.ctid
        ), ended AS (
            UPDATE assessment a SET
                status = CASE s.ending WHEN 'outcome' THEN 'finished' ELSE 'quit' END,
                reference = CASE s.ending WHEN 'outcome' THEN s.reference ELSE a.reference END,
                finishedAt = CASE s.ending WHEN 'outcome' THEN s.now ELSE a.finishedAt END,
                outcomeID = CASE s.ending WHEN 'outcome' THEN s.outcomeID ELSE a.outcomeID END,
                outcomeCode = CASE s.ending WHEN 'outcome' THEN s.outcomeCode ELSE a.outcomeCode END,
                flags = CASE s.ending WHEN 'outcome' THEN s.flags ELSE a.flags END,
                scores = CASE s.ending WHEN 'outcome' THEN s.scores ELSE a.scores END,
                updatedAt = s.now, resumeExpiresAt = NULL
            FROM s WHERE a.id = s.id AND s.ending IS NOT NULL AND a.id IN (SELECT id FROM held)
        )
        SELECT string_agg(id, ' ') FROM (SELECT id FROM opened UNION ALL SELECT id FROM held) done
        """
}

/// One of the batch statement's arrays, its elements written in PostgreSQL's binary format as they are added
/// (postgres-nio's arrays cannot hold NULL elements, and building them from boxed values cost the writer more
/// than the rest of a group's work).
struct ArrayColumn {
    /// t text, i bigint, b boolean, d timestamptz.
    let kind: Character
    private let element: PostgresDataType
    private let array: PostgresDataType
    private var elements = ByteBuffer()
    private var count: Int32 = 0
    private var hasNull = false

    init(_ kind: Character) {
        self.kind = kind
        switch kind {
        case "t": (element, array) = (.text, .textArray)
        case "i": (element, array) = (.int8, .int8Array)
        case "b": (element, array) = (.bool, .boolArray)
        case "d": (element, array) = (.timestamptz, .timestamptzArray)
        default: preconditionFailure("no array column of kind \(kind)")
        }
    }

    /// Adds an element, NULL for nil; its type must be the column's.
    mutating func append<Value: PostgresNonThrowingEncodable>(_ value: Value?) {
        precondition(Value.psqlType == element && Value.psqlFormat == .binary, "a \(Value.self) in a column of kind \(kind)")
        count += 1
        guard let value else {
            hasNull = true
            elements.writeInteger(-1, as: Int32.self)
            return
        }
        let lengthAt = elements.writerIndex
        elements.writeInteger(0, as: Int32.self)
        value.encode(into: &elements, context: .default)
        elements.setInteger(Int32(elements.writerIndex - lengthAt - 4), at: lengthAt)
    }

    /// The array as a parameter: one dimension (none when empty), then the elements.
    var data: PostgresData {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(20 + elements.readableBytes)
        buffer.writeInteger(count == 0 ? 0 : 1, as: Int32.self)      // dimensions
        buffer.writeInteger(hasNull ? 1 : 0, as: Int32.self)         // has NULLs
        buffer.writeInteger(element.rawValue)                        // element type
        if count > 0 {
            buffer.writeInteger(count)                               // length
            buffer.writeInteger(1, as: Int32.self)                   // lower bound
            buffer.writeImmutableBuffer(elements)
        }
        return PostgresData(type: array, formatCode: .binary, value: buffer)
    }
}
#endif
