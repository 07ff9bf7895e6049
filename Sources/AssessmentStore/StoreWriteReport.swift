// StoreWriteReport: what the store tells whoever watches it after each session write (the server's log, metrics, health).

/// One session write, done: how long it took from being handed in to its commit (or failure), and
/// why it failed, if it did. A write that lost its session to a resume elsewhere is no failure of
/// the store, and is reported as done.
public struct StoreWriteReport: Sendable {
    /// From being handed to the writer to its transaction's end.
    public var duration: Duration
    /// Nil when the write was kept.
    public var failure: StoreFailure?

    public init(duration: Duration, failure: StoreFailure?) {
        self.duration = duration
        self.failure = failure
    }
}

/// A write the store could not keep, sorted by what an operator does about it.
public struct StoreFailure: Sendable, Equatable {
    /// Why writes fail, as metrics label it and docs/operations.md explains.
    public enum Cause: String, Sendable, CaseIterable {
        /// No space left on the store's file system (SQLite), or PostgreSQL's disk is full.
        case diskFull = "disk_full"
        /// Another process held the database longer than the busy timeout, or a lock could not be had.
        case locked
        /// The file was removed, moved or made read-only under the server.
        case fileGone = "file_gone"
        /// The file is damaged, or is not a database.
        case corrupt
        /// The operating system failed a read or a write (an I/O error).
        case ioError = "io_error"
        /// No PostgreSQL server answered, or it closed the connection.
        case unreachable
        /// Anything else.
        case other
    }

    public var cause: Cause
    /// The database's own words (SQLite's message, PostgreSQL's message and SQLSTATE). They never
    /// quote a row, so an answer or a resume code cannot be in them.
    public var detail: String

    public init(cause: Cause, detail: String) {
        self.cause = cause
        self.detail = detail
    }

    /// Sorts a failure by the words SQLite and PostgreSQL (through `PostgresLink.describe`) give.
    init(_ error: StoreError) {
        detail = switch error {
        case .database(let message): message
        case .cannotOpen(_, let reason): reason
        case .continuedElsewhere: error.description
        }
        cause = Self.cause(of: detail)
    }

    static func cause(of message: String) -> Cause {
        let text = message.lowercased()
        func has(_ words: String...) -> Bool { words.contains { text.contains($0) } }
        // SQLSTATE classes: 53 insufficient resources, 55P03 lock not available, 40P01 deadlock, 08 connection, 57P admin.
        if has("disk is full", "no space left", "sqlstate 53100") { return .diskFull }
        if has("database is locked", "table is locked", "sqlstate 55p03", "sqlstate 40p01") { return .locked }
        // SQLite answers SQLITE_READONLY_DBMOVED ("readonly database") once the file was unlinked or renamed.
        if has("readonly database", "unable to open database file", "no such table") { return .fileGone }
        if has("malformed", "not a database") { return .corrupt }
        if has("disk i/o error") { return .ioError }
        if has("no postgresql server", "connectionclosed", "connectionerror", "connection refused",
               "sqlstate 08", "sqlstate 57p") { return .unreachable }
        return .other
    }
}
