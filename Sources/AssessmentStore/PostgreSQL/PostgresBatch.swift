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

    /// The positions in `items` the statement may take: at most one write of a session (their order would
    /// matter, and the statement's parts all see one snapshot), and no save that replaces rows (its DELETE
    /// and INSERT would not see each other in one statement).
    static func eligible(_ items: [Item?]) -> [Int] {
        var writesOfSession: [String: Int] = [:]
        for case let item? in items { writesOfSession[item.assessmentID, default: 0] += 1 }
        return items.indices.filter { index in
            guard let item = items[index], writesOfSession[item.assessmentID] == 1 else { return false }
            if case .save(let save, _) = item, save.answers.replacesRows { return false }
            return true
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
        case .success(let ids):
            guard ended == "COMMIT" else { throw StoreError.database("the transaction was rolled back instead of committed") }
            return Set(try ids.map { try $0.decode(String.self) })
        }
    }

    /// The statement, prepared once a connection and planned once (the writer's connection plans its prepared
    /// statements generically): parsing and planning it for every group took about a third of the database's
    /// CPU under load (Benchmarks/performance-notes.md).
    static let statement = PostgresLink.PreparedSQL(sql: sql)

    /// The types of the statement's three arrays of rows, a letter a column (t text, i bigint, b boolean,
    /// d timestamptz), in the order of its parameters.
    static let opensKinds = "ttdttttdt"
    static let savesKinds = "tittttttd"
    static let rowsKinds = "titttttttbdtt"

    /// The statement's values for `items`: its arrays, one a column.
    static func values(_ items: [Item]) -> [PostgresData] {
        var opens = Columns(opensKinds)
        var saves = Columns(savesKinds)
        var rows = Columns(rowsKinds)
        for item in items {
            switch item {
            case .open(let id, let code, let session):
                opens.texts(0, id); opens.texts(1, code); opens.dates(2, session.expiry); opens.texts(3, session.dialogID)
                opens.texts(4, session.dialogVersion); opens.texts(5, session.contentHash)
                opens.texts(6, session.channel.rawValue); opens.dates(7, session.now); opens.texts(8, session.language)
            case .save(let save, let reference):
                saves.texts(0, save.lease.id); saves.ints(1, save.lease.revision)
                switch save.ending {
                case .outcome(let id, let code, _, _)?:
                    saves.texts(2, "outcome"); saves.texts(3, reference); saves.texts(4, id); saves.texts(5, code)
                case .quit?:
                    saves.texts(2, "quit"); saves.texts(3, nil); saves.texts(4, nil); saves.texts(5, nil)
                case nil:
                    saves.texts(2, nil); saves.texts(3, nil); saves.texts(4, nil); saves.texts(5, nil)
                }
                saves.texts(6, save.flags); saves.texts(7, save.scores); saves.dates(8, save.now)
                for (answer, value) in save.rows {
                    rows.texts(0, save.lease.id); rows.ints(1, answer.position); rows.texts(2, answer.questionID)
                    rows.texts(3, answer.code); rows.texts(4, answer.kind.rawValue); rows.texts(5, answer.question)
                    rows.texts(6, answer.typed); rows.texts(7, value); rows.texts(8, answer.shown)
                    rows.bools(9, answer.unsure); rows.dates(10, save.now); rows.texts(11, answer.unit); rows.texts(12, answer.label)
                }
            }
        }
        return opens.data() + saves.data() + rows.data()
    }

    /// `held` takes the row lock a one-at-a-time save takes (FOR SHARE, so that a claim elsewhere waits for this
    /// commit) of each session by its id; the answers and the endings are written only for those still open at
    /// the revision the save was made for. The lookup is by id alone and fenced (OFFSET 0), so that no plan,
    /// not even one made once on an empty table, scans the index on status for every open session instead.
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
            SELECT * FROM unnest($10::text[], $11::int8[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[],
                $17::text[], $18::timestamptz[]) AS s(id, revision, ending, reference, outcomeID, outcomeCode, flags, scores, now)
        ), held AS (
            SELECT a.id FROM s CROSS JOIN LATERAL (
                SELECT id, revision, status FROM assessment WHERE id = s.id OFFSET 0 FOR SHARE
            ) a
            WHERE a.revision = s.revision AND a.status = 'open'
        ), answers AS (
            INSERT INTO answer (assessmentID, position, questionID, code, kind, question, typed, value, shown, unsure,
                answeredAt, unit, label)
            SELECT r.* FROM unnest($19::text[], $20::int8[], $21::text[], $22::text[], $23::text[], $24::text[], $25::text[],
                $26::text[], $27::text[], $28::bool[], $29::timestamptz[], $30::text[], $31::text[])
                AS r(assessmentID, position, questionID, code, kind, question, typed, value, shown, unsure, answeredAt, unit, label)
            WHERE r.assessmentID IN (SELECT id FROM held)
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
        SELECT id FROM opened UNION ALL SELECT id FROM held
        """

    /// The statement's arrays, one a column, filled a row at a time.
    private struct Columns {
        /// The columns' types: t text, i bigint, b boolean, d timestamptz.
        let kinds: [Character]
        var values: [[Any?]]

        init(_ kinds: String) {
            self.kinds = Array(kinds)
            values = Array(repeating: [], count: kinds.count)
        }

        mutating func texts(_ index: Int, _ value: String?) { add(index, "t", value) }
        mutating func ints(_ index: Int, _ value: Int) { add(index, "i", value) }
        mutating func bools(_ index: Int, _ value: Bool) { add(index, "b", value) }
        mutating func dates(_ index: Int, _ value: Date) { add(index, "d", value) }

        private mutating func add(_ index: Int, _ kind: Character, _ value: Any?) {
            precondition(kinds[index] == kind, "column \(index) is not of type \(kind)")
            values[index].append(value)
        }

        /// The columns as the statement's values, in the binary format.
        func data() -> [PostgresData] {
            zip(kinds, values).map { kind, column in
                switch kind {
                case "i": Self.data(column.map { $0 as! Int })
                case "b": Self.data(column.map { $0 as! Bool })
                case "d": Self.data(column.map { $0 as! Date })
                default: Self.data(TextArray(column.map { $0 as? String }))
                }
            }
        }

        private static func data<Value: PostgresNonThrowingEncodable>(_ value: Value) -> PostgresData {
            var buffer = ByteBuffer()
            value.encode(into: &buffer, context: .default)
            return PostgresData(type: Value.psqlType, formatCode: Value.psqlFormat, value: buffer)
        }
    }
}

/// A `text[]` whose elements may be NULL, which postgres-nio's arrays cannot hold (in the binary array format,
/// a NULL element is a length of -1).
struct TextArray: PostgresNonThrowingEncodable, PostgresDynamicTypeEncodable {
    var values: [String?]

    init(_ values: [String?]) {
        self.values = values
    }

    static var psqlType: PostgresDataType { .textArray }
    static var psqlFormat: PostgresFormat { .binary }

    func encode<JSONEncoder: PostgresJSONEncoder>(into buffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>) {
        buffer.writeInteger(values.isEmpty ? 0 : 1, as: Int32.self)          // dimensions
        buffer.writeInteger(values.contains(nil) ? 1 : 0, as: Int32.self)    // has NULLs
        buffer.writeInteger(PostgresDataType.text.rawValue)                  // element type
        guard !values.isEmpty else { return }
        buffer.writeInteger(Int32(values.count))                             // length
        buffer.writeInteger(1, as: Int32.self)                               // lower bound
        for value in values {
            if let value {
                buffer.writeInteger(Int32(value.utf8.count))
                buffer.writeString(value)
            } else {
                buffer.writeInteger(-1, as: Int32.self)
            }
        }
    }
}
#endif
