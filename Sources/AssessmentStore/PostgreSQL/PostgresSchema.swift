// PostgresSchema: the tables in PostgreSQL, as migrations applied once per database under an advisory lock.

#if PostgreSQL
import PostgresNIO

/// The schema's history in PostgreSQL. Its v1 is the SQLite schema as of its v5 (docs/storage.md describes the
/// columns), in PostgreSQL's types: dates are `timestamptz`, `unsure` a boolean; `seq` keeps the order sessions
/// were stored in, as SQLite's rowid does. A change is a new migration, never an edit of an old one.
enum PostgresSchema {
    static let migrations: [(version: String, sql: [String])] = [
        ("v1", [
            """
            CREATE TABLE assessment (
                seq BIGSERIAL UNIQUE,
                id TEXT PRIMARY KEY,
                status TEXT NOT NULL CHECK (status IN ('open', 'finished', 'quit')),
                reference TEXT UNIQUE,
                resumeCode TEXT UNIQUE,
                resumeExpiresAt TIMESTAMPTZ,
                dialogID TEXT NOT NULL,
                dialogVersion TEXT NOT NULL,
                contentHash TEXT NOT NULL,
                channel TEXT NOT NULL,
                startedAt TIMESTAMPTZ NOT NULL,
                updatedAt TIMESTAMPTZ NOT NULL,
                finishedAt TIMESTAMPTZ,
                revision INTEGER NOT NULL DEFAULT 0,
                outcomeID TEXT,
                outcomeCode TEXT,
                flags TEXT NOT NULL DEFAULT '[]',
                scores TEXT NOT NULL DEFAULT '[]'
            )
            """,
            """
            CREATE TABLE answer (
                assessmentID TEXT NOT NULL REFERENCES assessment(id) ON DELETE CASCADE,
                position INTEGER NOT NULL,
                questionID TEXT NOT NULL,
                code TEXT,
                kind TEXT NOT NULL,
                question TEXT NOT NULL,
                typed TEXT,
                value TEXT,
                shown TEXT,
                unsure BOOLEAN NOT NULL DEFAULT false,
                answeredAt TIMESTAMPTZ,
                unit TEXT,
                label TEXT,
                PRIMARY KEY (assessmentID, position)
            )
            """,
            "CREATE INDEX assessment_by_finish ON assessment (status, finishedAt)",
            "CREATE INDEX assessment_by_update ON assessment (updatedAt)",
        ]),
        resumeAttempts,
        // The language a session was started in (a BCP 47 tag); sessions kept before were all English.
        ("v3", ["ALTER TABLE assessment ADD COLUMN language TEXT NOT NULL DEFAULT 'en'"]),
    ]

    /// The advisory lock two servers starting at once take in turn (any number; this is "intake" in ASCII).
    static let lockKey: Int64 = 0x696E_7461_6B65

    /// Applies what the database lacks, in one transaction under the advisory lock: a second server that
    /// starts at the same moment waits, then finds the work done.
    static func migrate(_ statements: PostgresLink.Statements) throws {
        try statements.query("BEGIN")
        do {
            try statements.query("SELECT pg_advisory_xact_lock(\(lockKey))")
            try statements.query("CREATE TABLE IF NOT EXISTS intake_migration (version TEXT PRIMARY KEY, appliedAt TIMESTAMPTZ NOT NULL DEFAULT now())")
            let applied = Set(try applied(statements))
            for migration in migrations where !applied.contains(migration.version) {
                for sql in migration.sql { try statements.query(PostgresQuery(unsafeSQL: sql)) }
                try statements.query("INSERT INTO intake_migration (version) VALUES (\(migration.version))")
            }
            try statements.query("COMMIT")
        } catch {
            if !statements.connection.isClosed { _ = try? statements.query("ROLLBACK") }
            throw error
        }
    }

    /// The versions applied, oldest first.
    static func applied(_ statements: PostgresLink.Statements) throws -> [String] {
        try statements.query("SELECT version FROM intake_migration ORDER BY length(version), version").map { try $0.decode(String.self) }
    }
}
#endif
