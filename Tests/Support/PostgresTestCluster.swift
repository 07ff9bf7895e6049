// PostgresTestCluster: a throwaway PostgreSQL server of a test's own: initdb and pg_ctl in a temporary folder, on a free loopback port and a socket there.

import Foundation

/// A real PostgreSQL server for tests, made from nothing: `initdb` in a new temporary folder (as the
/// unprivileged user `nobody` when the tests run as root, since initdb refuses root), started with `pg_ctl`
/// on a free port of 127.0.0.1 and a socket in that folder, stopped and deleted by `stop()` or at the
/// process's exit. Nothing is taken from an earlier run. Logins over TCP need the password (SCRAM); over
/// the socket they are trusted, which is how the tests make databases.
public final class PostgresTestCluster: @unchecked Sendable {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// The superuser the cluster was made with.
    public static let user = "intake"
    /// Its password, with letters outside ASCII and a character URLs must escape, so logins test both.
    public static let password = "pä/ss wörd🔑"

    public let folder: URL
    public let port: Int
    private let binaries: String
    private let runAs: [String]
    private let lock = NSLock()
    private var stopped = false

    /// The cluster every test of this process shares (each test takes a database of its own with
    /// `makeDatabase()`), started at the first use; nil, with the reason in `sharedFailure`, where PostgreSQL is not installed.
    /// Async since the first use runs initdb and pg_ctl: that happens on a thread of its own (`offThePool`), and
    /// tests that ask meanwhile wait there for the same start, not on the cooperative pool.
    public static var shared: PostgresTestCluster? {
        get async { await offThePool { sharedStarted } }
    }

    private static let sharedStarted: PostgresTestCluster? = {
        do {
            let cluster = try PostgresTestCluster()
            atexit { PostgresTestCluster.sharedStarted?.stopNow() }
            return cluster
        } catch {
            sharedFailure = "\(error)"
            return nil
        }
    }()
    nonisolated(unsafe) public private(set) static var sharedFailure = ""

    /// The folder of PostgreSQL's programs (the newest of /usr/lib/postgresql/*/bin), or nil.
    public static var binaryFolder: String? {
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).compactMap(Int.init).sorted()
        return versions.reversed().map { "\(root)/\($0)/bin" }.first { FileManager.default.isExecutableFile(atPath: "\($0)/initdb") }
    }

    /// Makes and starts a new cluster of the caller's own, off the cooperative pool; `stop()` it when done.
    public static func start() async throws -> PostgresTestCluster {
        try await offThePool { try PostgresTestCluster() }
    }

    /// Makes and starts a new cluster, blocking the calling thread (see `start()`).
    private init() throws {
        guard let binaries = Self.binaryFolder else {
            throw Failure(description: "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb; make deps installs it)")
        }
        self.binaries = binaries
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("intake-pg-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        runAs = getuid() == 0 ? ["/usr/sbin/runuser", "-u", "nobody", "--"] : []
        if getuid() == 0 { try Self.run(["/bin/chown", "nobody", folder.path]) }
        let passwordFile = folder.appendingPathComponent("password")
        try Data(Self.password.utf8).write(to: passwordFile)
        if getuid() == 0 { try Self.run(["/bin/chown", "nobody", passwordFile.path]) }
        try Self.run(runAs + [
            "\(binaries)/initdb", "-D", folder.appendingPathComponent("data").path, "-U", Self.user, "--pwfile", passwordFile.path,
            "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C", "--no-sync",
        ])
        var lastError: (any Error)?
        for _ in 1...3 {
            let port = try Self.freePort()
            do {
                try Self.start(runAs: runAs, binaries: binaries, folder: folder, port: port)
                self.port = port
                return
            } catch {
                lastError = error
            }
        }
        throw lastError ?? Failure(description: "pg_ctl did not start")
    }

    deinit { stopNow() }

    /// Stops the server at once and deletes its folder; a second call does nothing.
    public func stop() async {
        await offThePool { self.stopNow() }
    }

    /// `stop()` on a thread of its own, not waited for: for `defer`, which cannot await.
    public func stopInBackground() {
        Thread { self.stopNow() }.start()
    }

    private func stopNow() {
        lock.lock()
        defer { lock.unlock() }
        guard !stopped else { return }
        stopped = true
        _ = try? Self.run(runAs + ["\(binaries)/pg_ctl", "-D", folder.appendingPathComponent("data").path, "-m", "immediate", "-w", "stop"])
        try? FileManager.default.removeItem(at: folder)
    }

    /// Stops the server at once (as a crash would), keeping its files, for `resume()`.
    public func pause() async throws {
        try await Self.runOffThePool(runAs + ["\(binaries)/pg_ctl", "-D", folder.appendingPathComponent("data").path, "-m", "immediate", "-w", "stop"])
    }

    /// Starts the server again after `pause()`, on the same port.
    public func resume() async throws {
        let (runAs, binaries, folder, port) = (runAs, binaries, folder, port)
        try await offThePool { try Self.start(runAs: runAs, binaries: binaries, folder: folder, port: port) }
    }

    private static func start(runAs: [String], binaries: String, folder: URL, port: Int) throws {
        try run(runAs + [
            "\(binaries)/pg_ctl", "-D", folder.appendingPathComponent("data").path, "-l", folder.appendingPathComponent("log").path,
            "-w", "-t", "60", "-o",
            "-c listen_addresses=127.0.0.1 -p \(port) -c unix_socket_directories=\(folder.path) -c max_connections=200 -c fsync=off",
            "start",
        ])
    }

    /// A new empty database; its name.
    public func makeDatabase() async throws -> String {
        let name = "t_" + UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: "")
        try await sql("CREATE DATABASE \(name)")
        return name
    }

    /// Runs `statement` as the superuser over the socket (psql), in `database`.
    public func sql(_ statement: String, database: String = "postgres") async throws {
        try await Self.runOffThePool(["\(binaries)/psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", folder.path, "-p", "\(port)", "-U", Self.user,
                      "-d", database, "-c", statement])
    }

    /// The URL of `database` over TCP with the password, percent-encoded as a URL must be.
    public func url(_ database: String, password: String? = PostgresTestCluster.password) -> String {
        let userInfo = password.map { "\(Self.user):\(Self.encoded($0))" } ?? Self.user
        return "postgres://\(userInfo)@127.0.0.1:\(port)/\(database)?sslmode=disable"
    }

    /// The URL of `database` over the cluster's socket (trusted: no password).
    public func socketURL(_ database: String) -> String {
        "postgres://\(Self.user)@\(Self.encoded(folder.path)):\(port)/\(database)"
    }

    static func encoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }

    /// A port of 127.0.0.1 that nothing listens on just now.
    public static func freePort() throws -> Int {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw Failure(description: "socket() failed") }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0 }
        }
        guard bound else { throw Failure(description: "cannot bind a loopback port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// `run` on a thread of its own, so that the wait for the program holds no thread of the cooperative pool.
    @discardableResult
    static func runOffThePool(_ arguments: [String]) async throws -> String {
        try await offThePool { try run(arguments) }
    }

    /// Runs a program and gives what it printed; throws with its output when it fails. posix_spawn and
    /// waitpid rather than Foundation's Process, whose wait did not return here once pg_ctl had left the
    /// server running in the background; output goes to a file, which the server may keep open.
    @discardableResult
    static func run(_ arguments: [String]) throws -> String {
        // From "/", which the unprivileged user can enter, whatever folder the tests run in.
        let command = ["/usr/bin/env", "-C", "/"] + arguments
        let outputPath = FileManager.default.temporaryDirectory.appendingPathComponent("intake-pg-run-\(UUID().uuidString)").path
        defer { unlink(outputPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = command.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, command[0], &actions, nil, argv, environ)
        guard spawned == 0 else { throw Failure(description: "cannot start \(arguments[0]): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        let exited = status & 0x7f == 0
        guard exited, (status >> 8) & 0xff == 0 else {
            let program = (arguments.first { $0.contains("/bin/") && !$0.hasSuffix("runuser") } ?? arguments[0])
            throw Failure(description: "\(program) failed (status \(status)): \(text.suffix(800))")
        }
        return text
    }
}
