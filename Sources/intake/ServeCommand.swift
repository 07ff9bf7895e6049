// ServeCommand: `intake serve`: the dialog over TCP for telnet, netcat, IRC clients and JSON programs.

import ArgumentParser
import AssessmentStore
import ChatServer
import DialogKit
import Logging

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve a dialog over TCP: telnet and netcat (plain text), IRC clients, and JSON lines.",
        discussion: """
            One port serves every client: with --protocol auto, a client whose first line is CAP, NICK, \
            USER or PASS is an IRC client, any other gets plain text. docs/protocol.md describes the \
            protocols and limits. SIGINT or SIGTERM stops the server: every session is told, then closed. \
            Every answer is kept in the assessment store as it is given (docs/storage.md) unless --no-store.
            """
    )

    @Option(name: .long, help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(name: .long, help: "The TCP port to listen on (0 picks a free one and prints it).")
    var port = 2323

    @Option(name: .long, help: "The dialog file (default: Dialogs/migraine.yaml, or Dialogs/example.yaml).")
    var dialog: String?

    @Option(name: .customLong("protocol"), help: "The protocol; auto tells IRC clients from people by their first line.")
    var protocolMode: ChatProtocol = .auto

    @Option(name: .long, help: "Sessions open at once, from everyone.")
    var maxSessions = 10_000

    @Option(name: .long, help: "Sessions open at once from one address.")
    var maxSessionsPerAddress = 20

    @Option(name: .long, help: "Seconds without input before a session is closed.")
    var idleTimeout = 600.0

    @Option(name: .long, help: "Seconds before the idle timeout that the person is warned.")
    var idleWarning = 60.0

    @Option(name: .long, help: "Seconds a session may last at most.")
    var maxSessionLength = 3600.0

    @Option(name: .long, help: "The longest input line in bytes; longer lines are refused.")
    var maxLineBytes = 1024

    @Option(name: .long, help: "Input lines read per second once the burst is used; faster input is slowed.")
    var linesPerSecond = 5.0

    @Option(name: .long, help: "Lines that may arrive at once before the rate applies.")
    var lineBurst = 20

    @Option(name: .long, help: "Lines waiting to be read beyond which a client is cut off.")
    var floodBacklog = 100

    @Option(name: .long, help: ArgumentHelp("The assessment store (default: $XDG_DATA_HOME/intake/assessments.sqlite).", valueName: "path"))
    var db: String?

    @Flag(name: .long, help: "Keep nothing: no assessment store, no resume codes, no references.")
    var noStore = false

    @Option(name: .long, help: ArgumentHelp(
        "When an answer counts as kept: full (on disk before the reply; survives a power cut) or normal (survives a killed server, not a power cut; faster). See docs/storage.md.",
        valueName: "full|normal"))
    var synchronous: AssessmentStore.Synchronous = .full

    /// The benchmark baselines (`make bench`): `--echo` sends each line back, `--sized-echo` answers each
    /// of `intake load --sized-echo`'s requests with as many bytes as intake would; no dialog runs. Not
    /// for people, so not in the help.
    @Flag(help: .hidden)
    var baseline: ServerConfiguration.Baseline?

    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error or critical.")
    var logLevel: Logger.Level = .info

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be from 0 to 65535.") }
        guard maxSessions > 0, maxSessionsPerAddress > 0 else {
            throw ValidationError("--max-sessions and --max-sessions-per-address must be at least 1.")
        }
        guard idleTimeout > 0, maxSessionLength > 0, idleWarning >= 0 else {
            throw ValidationError("--idle-timeout and --max-session-length must be positive, --idle-warning not negative.")
        }
        guard maxLineBytes >= 16 else { throw ValidationError("--max-line-bytes must be at least 16.") }
        guard linesPerSecond > 0, lineBurst > 0, floodBacklog > 0 else {
            throw ValidationError("--lines-per-second, --line-burst and --flood-backlog must be positive.")
        }
        if noStore, db != nil { throw ValidationError("--db and --no-store do not go together.") }
    }

    func run() async throws {
        let level = logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let loaded = loadDialogOrExit(path: dialog ?? defaultDialogPath())

        var limits = ServerLimits()
        limits.maxSessions = maxSessions
        limits.maxSessionsPerAddress = maxSessionsPerAddress
        limits.idleTimeout = .seconds(idleTimeout)
        limits.idleWarning = .seconds(idleWarning)
        limits.maxSessionLength = .seconds(maxSessionLength)
        limits.maxLineBytes = maxLineBytes
        limits.linesPerSecond = linesPerSecond
        limits.lineBurst = lineBurst
        limits.floodBacklog = floodBacklog

        var configuration = ServerConfiguration(host: host, port: port, protocolMode: protocolMode, limits: limits)
        configuration.baseline = baseline
        var storing = baseline.map { "not kept (--\($0.rawValue))" } ?? "not kept (--no-store)"
        var store: AssessmentStore?
        if !noStore, baseline == nil {
            let path = db ?? StoreFile.defaultPath()
            let opened = try openStore(path: path, synchronous: synchronous)
            configuration.makeRunner = { dialog, chatProtocol in StoredRunner(dialog: dialog, store: opened, protocol: chatProtocol) }
            storing = "kept in \(path)"
            store = opened
        }
        // Caught from here on: whoever reads the "serving" line may send SIGTERM at once.
        let signals = ShutdownSignals()
        let server = ChatServer(dialog: loaded, configuration: configuration)
        let boundPort: Int
        do {
            boundPort = try await server.start()
        } catch {
            await server.shutdown()
            StandardError.write("intake: cannot listen on \(host) port \(port): \(error)\n")
            throw ExitCode.failure
        }
        StandardError.write("intake: serving \"\(loaded.title)\" on \(host) port \(boundPort) (protocol \(baseline?.rawValue ?? protocolMode.rawValue)); assessments \(storing); Ctrl-C stops.\n")
        _ = await signals.wait()
        await server.shutdown()
        // A write handed in just before the stop finishes, rather than being cut off by the exit.
        if let store {
            store.waitForWrites()
            let statistics = store.writeStatistics
            StandardError.write("intake: stopped; the store took \(statistics.writes) writes in \(statistics.transactions) transactions (at most \(statistics.largestTransaction) in one).\n")
        }
    }
}

extension ChatProtocol: ExpressibleByArgument {}
extension AssessmentStore.Synchronous: ExpressibleByArgument {}
extension ServerConfiguration.Baseline: EnumerableFlag {
    public static func name(for value: Self) -> NameSpecification { .customLong(value.rawValue) }
    public static func help(for value: Self) -> ArgumentHelp? { .hidden }
}
extension Logger.Level: @retroactive ExpressibleByArgument {}
