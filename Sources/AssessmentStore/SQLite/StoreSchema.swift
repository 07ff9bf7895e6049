// StoreSchema: the database schema as GRDB migrations: v1 as first released, v2 and on as changes to it.

import GRDB

/// The schema's history. A database made by any earlier version opens with the current code:
/// the migrator applies what it lacks, each migration in its own transaction. docs/storage.md
/// describes the tables.
enum StoreSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1", migrate: createV1)
        migrator.registerMigration("v2", migrate: addShownAnswersAndIndexes)
        migrator.registerMigration("v3", migrate: addUnsureAnswers)
        migrator.registerMigration("v4", migrate: answersAreTheRecord)
        migrator.registerMigration("v5", migrate: addScoresUnitsAndLabels)
        migrator.registerMigration("v6", migrate: addResumeAttempts)
        migrator.registerMigration("v7", migrate: addLanguage)
        return migrator
    }

    /// The identifiers of every migration, oldest first.
    static let versions = ["v1", "v2", "v3", "v4", "v5", "v6", "v7"]

    /// The first schema: one row per session (open, finished or quit) and one per answer.
    static func createV1(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE assessment (
                id TEXT PRIMARY KEY NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('open', 'finished', 'quit')),
                reference TEXT UNIQUE,
                resumeCode TEXT UNIQUE,
                resumeExpiresAt DATETIME,
                dialogID TEXT NOT NULL,
                dialogVersion TEXT NOT NULL,
                contentHash TEXT NOT NULL,
                channel TEXT NOT NULL,
                startedAt DATETIME NOT NULL,
                updatedAt DATETIME NOT NULL,
                finishedAt DATETIME,
                revision INTEGER NOT NULL DEFAULT 0,
                snapshot TEXT NOT NULL,
                outcomeID TEXT,
                outcomeCode TEXT,
                flags TEXT NOT NULL DEFAULT '[]'
            );
            CREATE TABLE answer (
                assessmentID TEXT NOT NULL REFERENCES assessment(id) ON DELETE CASCADE,
                position INTEGER NOT NULL,
                questionID TEXT NOT NULL,
                code TEXT,
                kind TEXT NOT NULL,
                question TEXT NOT NULL,
                typed TEXT,
                value TEXT,
                PRIMARY KEY (assessmentID, position)
            );
            """)
    }

    /// v2: each answer also keeps its words as the summary showed them ("6 hours"), so `show` and
    /// the exports read the same without the dialog file; rows from v1 have none and fall back to
    /// words made from the value. Indexes for `export --since` and `purge`.
    static func addShownAnswersAndIndexes(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE answer ADD COLUMN shown TEXT;
            CREATE INDEX assessment_by_finish ON assessment(status, finishedAt);
            CREATE INDEX assessment_by_update ON assessment(updatedAt);
            """)
    }

    /// v3: whether an answer was doubt ("not sure"), kept with or without a value (`unsure:` in the
    /// dialog language); rows from before are answers given without doubt.
    static func addUnsureAnswers(_ db: Database) throws {
        try db.execute(sql: "ALTER TABLE answer ADD COLUMN unsure INTEGER NOT NULL DEFAULT 0")
    }

    /// v4: a turn writes its answer row and nothing else. The session's JSON snapshot, rewritten
    /// whole at every answer until v3, goes: resuming replays the answer rows, which every version
    /// wrote alongside it and which say the same (the question ids and values in order). Each answer
    /// keeps when it was given (`answeredAt`, null in older rows), so the session's row need not be
    /// rewritten at every answer to say when it was last active (see `SQLiteBackend.lastActivity`).
    static func answersAreTheRecord(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE assessment DROP COLUMN snapshot;
            ALTER TABLE answer ADD COLUMN answeredAt DATETIME;
            """)
    }

    /// v5: the dialog's named scores an outcome carries (`scores:`, a JSON array of name and value;
    /// empty for rows from before and for dialogs without scores), and each answer's unit and short
    /// label as the question had them (null in older rows), so exports can name both.
    static func addScoresUnitsAndLabels(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE assessment ADD COLUMN scores TEXT NOT NULL DEFAULT '[]';
            ALTER TABLE answer ADD COLUMN unit TEXT;
            ALTER TABLE answer ADD COLUMN label TEXT;
            """)
    }

    /// v7: the language a session was started in (a BCP 47 tag); sessions kept before were all English.
    static func addLanguage(_ db: Database) throws {
        try db.execute(sql: "ALTER TABLE assessment ADD COLUMN language TEXT NOT NULL DEFAULT 'en'")
    }
}
