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

        /// Runs `query` and gives every row.
        @discardableResult
        func query(_ query: PostgresQuery) throws -> PostgresQueryResult {
            try connection.query(query, logger: logger).wait()
        }

        /// Runs `queries` in order, each handed to the connection without waiting for the one before: the
        /// database still runs them one after another, but the calling thread waits once, not once a statement
        /// (each wait is a wake-up of this thread, and under load a wait for a core). Gives each one's result.
        func pipeline(_ queries: [PostgresQuery]) -> [Result<PostgresQueryResult, any Error>] {
            let results = queries.map { connection.query($0, logger: logger) }
            // The connection completes them in order, so when the last is done, all are.
            _ = try? results.last?.wait()
            return results.map { result in Result { try result.wait() } }
        }
    }

    let address: PostgresAddress
    private let lockTimeout: TimeInterval
    private let logger: Logger
    // Guards `connection` and serialises the calls: the callers are a writer's one queue, or one command.
    private let lock = NSLock()
    private var connection: PostgresConnection?

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
        }
        do {
            return try body(Statements(connection: current, logger: logger))
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
