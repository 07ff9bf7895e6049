// PostgresLink: one connection to the database, used by one caller at a time with blocking calls, made again when it was lost.

#if PostgreSQL
import Foundation
import PostgresNIO

/// A connection for a writer's queue or a command's reads. Calls block the calling thread (never an
/// event loop's: the connection's work runs on NIO's own threads). A connection that closed (the server
/// restarted, the network went) is made again at the next call, so a database that comes back is used again.
final class PostgresLink: @unchecked Sendable {
    /// The statements of one call, on its connection.
    struct Statements {
        let connection: PostgresConnection
        let logger: Logger
        let prepared: PreparedQueries

        /// Runs `query` and gives every row.
        @discardableResult
        func query(_ query: PostgresQuery) throws -> PostgresQueryResult {
            try connection.query(query, logger: logger).wait()
        }

        /// Runs `begin`, `statement` and `end` in order; this thread hands in the first two and waits once, and
        /// `end` follows from the connection's event loop when the statement ended, so the thread is not woken
        /// between them (each wake-up is, under load, a wait for a core). `statement` is prepared on this
        /// connection the first time and then only executed. Gives each one's result.
        func pipeline(
            begin: PostgresQuery, _ statement: PreparedSQL, _ values: [PostgresData], end: PostgresQuery
        ) -> (begin: Result<PostgresQueryResult, any Error>, statement: Result<[PostgresRow], any Error>, end: Result<PostgresQueryResult, any Error>) {
            let first = connection.query(begin, logger: logger)
            // postgres-nio's PostgresPreparedStatement runs only from async code, on Swift's shared threads, which
            // a caller blocked on a write may be holding; its older prepared queries are futures, as `query` is.
            let rows: EventLoopFuture<[PostgresRow]>
            if let known = prepared.queries[statement.sql] {
                rows = known.execute(values)
            } else {
                rows = connection.prepare(query: statement.sql).flatMap { [prepared] query in
                    prepared.queries[statement.sql] = query
                    return query.execute(values)
                }
            }
            // Queued once the statement is done, however it ended (after a failure, COMMIT answers ROLLBACK):
            // from the connection's event loop, so this thread still waits once.
            let last = rows.map { _ in () }.recover { _ in () }.flatMap { connection.query(end, logger: logger) }
            _ = try? last.wait()
            return (Result { try first.wait() }, Result { try rows.wait() }, Result { try last.wait() })
        }
    }

    /// A statement run often enough to be prepared once a connection.
    struct PreparedSQL: Sendable {
        let sql: String
    }

    /// The statements prepared on one connection, by their SQL; made again with the connection.
    final class PreparedQueries: @unchecked Sendable {
        // Only touched on the connection's event loop, or by the link's one caller before anything is queued.
        var queries: [String: PreparedQuery] = [:]
    }

    let address: PostgresAddress
    private let lockTimeout: TimeInterval
    private let logger: Logger
    // Guards `connection` and serialises the calls: the callers are a writer's one queue, or one command.
    private let lock = NSLock()
    private var connection: PostgresConnection?
    private var prepared = PreparedQueries()

    init(address: PostgresAddress, lockTimeout: TimeInterval) {
        self.address = address
        self.lockTimeout = lockTimeout
        var logger = Logger(label: "AssessmentStore.PostgreSQL")
        logger.logLevel = .critical
        self.logger = logger
    }

    deinit {
        if let connection { try? connection.close().wait() }
    }

    /// Runs `body` on the connection, made first if there is none. An error that closed the connection
    /// leaves none, for the next call to make again.
    func run<T>(_ body: (Statements) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        let current: PostgresConnection
        if let connection, !connection.isClosed {
            current = connection
        } else {
            connection = nil
            current = try connect()
            connection = current
            prepared = PreparedQueries()
        }
        do {
            return try body(Statements(connection: current, logger: logger, prepared: prepared))
        } catch {
            if current.isClosed { connection = nil }
            throw error
        }
    }

    /// Connects, logs in and sets what every statement runs with.
    private func connect() throws -> PostgresConnection {
        var configuration: PostgresConnection.Configuration
        if address.isSocket {
            configuration = .init(unixSocketPath: address.socketPath, username: address.user, password: address.password, database: address.database)
        } else {
            configuration = .init(
                host: address.host, port: address.port, username: address.user, password: address.password,
                database: address.database, tls: try Self.tls(address.sslMode))
        }
        configuration.options.connectTimeout = .milliseconds(Int64(address.connectTimeout * 1000))
        let connection = try PostgresConnection.connect(
            on: MultiThreadedEventLoopGroup.singleton.next(), configuration: configuration, id: Self.nextID(), logger: logger
        ).wait()
        do {
            // A write waits this long for a row another server holds (SQLite's busy timeout, here).
            let milliseconds = Int(lockTimeout * 1000)
            _ = try connection.query(PostgresQuery(unsafeSQL: "SET lock_timeout = \(milliseconds)"), logger: logger).wait()
            // The batch statement's best plan does not depend on its arrays: plan it once, not every group.
            _ = try connection.query("SET plan_cache_mode = force_generic_plan", logger: logger).wait()
        } catch {
            try? connection.close().wait()
            throw error
        }
        return connection
    }

    /// libpq's sslmode as postgres-nio's TLS: `allow` and `prefer` try TLS and go on without it; `require`
    /// insists on it without checking the certificate, as libpq does without a root certificate; `verify-ca`
    /// checks the chain, `verify-full` the host name too.
    private static func tls(_ mode: PostgresAddress.SSLMode) throws -> PostgresConnection.Configuration.TLS {
        var configuration = TLSConfiguration.makeClientConfiguration()
        switch mode {
        case .disable: return .disable
        case .allow, .prefer, .require: configuration.certificateVerification = .none
        case .verifyCA: configuration.certificateVerification = .noHostnameVerification
        case .verifyFull: configuration.certificateVerification = .fullVerification
        }
        let context = try NIOSSLContext(configuration: configuration)
        return mode == .allow || mode == .prefer ? .prefer(context) : .require(context)
    }

    private static let ids = NSLock()
    nonisolated(unsafe) private static var lastID = 0
    private static func nextID() -> Int {
        ids.lock()
        defer { ids.unlock() }
        lastID += 1
        return lastID
    }

    /// Words for a failure: the server's own message (`password authentication failed for user "intake"`), or
    /// what stopped the connection. PSQLError's description says nothing on purpose; this never quotes a row.
    static func describe(_ error: any Error) -> String {
        if let error = error as? StoreError { return error.description }
        guard let error = error as? PSQLError else { return String(describing: error) }
        if let message = error.serverInfo?[.message] {
            let state = error.serverInfo?[.sqlState].map { " (SQLSTATE \($0))" } ?? ""
            return message + state
        }
        if error.code == .connectionError, let underlying = error.underlying {
            return "no PostgreSQL server answered there (\(underlying))"
        }
        if let underlying = error.underlying { return "\(error.code): \(underlying)" }
        return "\(error.code)"
    }

    /// The SQLSTATE of a server's error, if it was one.
    static func sqlState(_ error: any Error) -> String? {
        (error as? PSQLError)?.serverInfo?[.sqlState]
    }
}
#endif
