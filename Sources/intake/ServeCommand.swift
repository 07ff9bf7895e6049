// ServeCommand: `intake serve`: the dialog over TCP for telnet, netcat, IRC clients and JSON programs.

import ArgumentParser
import AssessmentStore
import ChatServer
import ChatServerTLS
import DialogKit
import Logging
import Operations

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve a dialog over TCP: telnet and netcat (plain text), IRC clients, and JSON lines.",
        discussion: """
            One port serves every client: with --protocol auto, a client whose first line is CAP, NICK, \
            USER or PASS is an IRC client, any other gets plain text. docs/protocol.md describes the \
            protocols and limits. SIGINT or SIGTERM stops the server: every session is told, then closed. \
            Every answer is kept in the assessment store as it is given (docs/storage.md) unless --no-store. \
            With --tls-cert and --tls-key the same port also speaks TLS (every protocol inside it), and \
            plain text is let in only from loopback unless --allow-plaintext; a --host off loopback needs \
            one of the two. SIGHUP rereads the certificate and key. Under systemd's Type=notify (NOTIFY_SOCKET \
            set) it says when it is ready, reloading and stopping (docs/deployment.md, "Readiness").
            """
    )

    @Option(name: .long, help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(name: .long, help: "The TCP port to listen on (0 picks a free one and says which; see --port-file).")
    var port = 2323

    @OptionGroup var dialogOptions: DialogOptions

    @OptionGroup var languageOptions: LanguageOptions

    @Option(name: .customLong("protocol"), help: "The protocol; auto tells IRC clients from people by their first line.")
    var protocolMode: ChatProtocol = .auto

    @OptionGroup var limitOptions: ServerLimitOptions

    @OptionGroup var kioskOptions: ServeKioskOptions

    @OptionGroup(title: "TLS") var tlsOptions: TLSOptions

    @Option(name: .long, help: ArgumentHelp(
        "A load balancer (its IP address; repeat for several) whose connections begin with a PROXY protocol header (v1 or v2, HAProxy's send-proxy) naming the client: its address is the one the limits and the log use. Headers from anywhere else are refused.",
        valueName: "address"))
    var proxyProtocolFrom: [String] = []

    @Option(name: .long, help: ArgumentHelp("The assessment store: a SQLite file, or postgres://user@host:port/database in a build with PostgreSQL (default: $XDG_DATA_HOME/intake/assessments.sqlite).", valueName: "path|url"))
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

    @Option(name: .long, help: ArgumentHelp("How the log is written: text (one line for people) or json (one JSON object a line, for journald and log shippers).", valueName: "text|json"))
    var logFormat: LogFormat = .text

    @Option(name: .long, help: ArgumentHelp(
        "Serve /metrics (Prometheus) and /healthz over HTTP on this address: host:port, or a port alone for 127.0.0.1 (docs/operations.md).",
        valueName: "host:port"))
    var metrics: MetricsAddress?

    @Option(name: .long, help: ArgumentHelp(
        "Once listening, write the port to this file (its digits and a newline, written whole; removed when the server stops): the ready signal for scripts, with --port 0.",
        valueName: "file"))
    var portFile: String?

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be from 0 to 65535.") }
        if noStore, db != nil { throw ValidationError("--db and --no-store do not go together.") }
        if let portFile, portFile.isEmpty { throw ValidationError("--port-file needs a file name.") }
        if kioskOptions.kiosk, protocolMode == .json || protocolMode == .irc {
            throw ValidationError("--kiosk is for plain-text connections (telnet kiosks); not with --protocol \(protocolMode.rawValue).")
        }
        try tlsOptions.validate(host: host)
        do {
            _ = try ProxyProtocolTrust(trusting: proxyProtocolFrom)
        } catch {
            throw ValidationError(error.description)
        }
    }

    func run() async throws {
        let log = OperatorLog(format: logFormat)
        log.bootstrap(level: logLevel)
        // Type=notify under systemd: a NOTIFY_SOCKET it cannot use is one warning, never a reason to stop.
        let systemd = SystemdNotifier.fromEnvironment { warning in log.say("intake: warning: \(warning)\n", level: .warning) }
        // Checked before anything is loaded or bound: a mistyped folder is said at once, not after the store opened.
        let storeAt = !noStore && baseline == nil ? try storeLocation(db ?? StoreFile.defaultPath()) : nil
        let readyFile = portFile.map(PortFile.init(path:))
        var storeFiles: [String] = []
        if case .file(let path)? = storeAt { storeFiles = [path, path + "-wal", path + "-shm"] }
        try readyFile?.checkWritable(keeping: storeFiles)
        let requested = try languageOptions.requested()
        let loaded = try dialogOptions.load(in: requested)
        // Without --language, a dialog with translations asks each connection which language first.
        let choice = try languageOptions.choice(dialogPath: dialogOptions.path(), asksByDefault: true)
        var storeFile: String?
        if case .file(let path)? = storeAt { storeFile = path }
        // Logs and counts with or without --metrics: a failing store is said in the log either way.
        let monitor = ServiceMonitor(
            log: RepeatLimitedLog(logger: Logger(label: "intake.serve")),
            storeHealth: storeAt.map { _ in StoreHealth(file: storeFile) })
        let tls: ServerTLS?
        do {
            tls = try tlsOptions.makeTransport(observer: monitor)
        } catch {
            log.say("intake: \(error.description)\n", level: .error)
            throw ExitCode.failure
        }
        for warning in tls?.credentials.warnings ?? [] {
            log.say("intake: warning: \(warning)\n", level: .warning)
        }

        var configuration = ServerConfiguration(host: host, port: port, protocolMode: protocolMode, limits: limitOptions.limits)
        configuration.baseline = baseline
        configuration.kiosk = kioskOptions.mode
        configuration.transport = tls
        configuration.observer = monitor
        if !proxyProtocolFrom.isEmpty { configuration.proxyProtocol = try? ProxyProtocolTrust(trusting: proxyProtocolFrom) }
        var storing = baseline.map { "not kept (--\($0.rawValue))" } ?? "not kept (--no-store)"
        var store: AssessmentStore?
        if let storeAt {
            let opened = try openStore(storeAt, synchronous: synchronous, attemptLimits: limitOptions.attemptLimits, onWrite: { monitor.wrote($0) })
            configuration.makeRunner = { dialog, chatProtocol, address in
                StoredRunner(dialog: dialog, store: opened, protocol: chatProtocol, address: address)
            }
            storing = "kept in \(storeAt)"
            store = opened
        }
        if let choice { configuration.makeRunner = Self.askingLanguage(choice, then: configuration.makeRunner) }
        // Caught from here on: whoever reads the "serving" line or the port file may send SIGTERM at once.
        let signals = ShutdownSignals()
        // SIGHUP rereads the certificate; without TLS there is nothing to reread, and the signal must
        // not end the server (its default), since `systemctl reload` sends it to every unit's server.
        let hangup = HangupSignal {
            systemd?.reloading()
            if let tls {
                Self.reload(tls, log: log)
            } else {
                log.say("intake: SIGHUP: nothing to reload (no --tls-cert); serving on.\n")
            }
            systemd?.send(["READY=1"])
        }
        let server = ChatServer(dialog: loaded, configuration: configuration)
        monitor.watch(server)
        let operations = metrics.map { _ in OperationsServer(monitor: monitor) }
        let boundPort: Int
        do {
            boundPort = try await server.start()
        } catch {
            await server.shutdown()
            log.say("intake: cannot listen on \(host) port \(port): \(error)\n", level: .error)
            throw ExitCode.failure
        }
        if let metrics, let operations {
            do {
                let metricsPort = try await operations.start(host: metrics.host, port: metrics.port)
                log.say("intake: metrics on http://\(metrics.urlHost):\(metricsPort)/metrics, health on /healthz\n")
            } catch {
                await operations.shutdown()
                await server.shutdown()
                log.say("intake: cannot listen for --metrics on \(metrics.host) port \(metrics.port): \(error)\n", level: .error)
                throw ExitCode.failure
            }
        }
        var security = tls.map { "TLS and plain text from \($0.options.plaintext.rawValue)" } ?? "plain text"
        if !proxyProtocolFrom.isEmpty { security += ", PROXY headers from \(proxyProtocolFrom.joined(separator: ", "))" }
        let languages = (choice?.dialogs ?? [loaded]).map(\.language.description).joined(separator: ", ")
        log.say("intake: serving \"\(loaded.title)\" (\(choice == nil ? "in " : "asking: ")\(languages)) on \(host) port \(boundPort) (protocol \(baseline?.rawValue ?? protocolMode.rawValue), \(security)); assessments \(storing); Ctrl-C stops.\n")
        // After the log line, so that a script that waited for the file finds the line there too.
        do {
            try readyFile?.write(port: boundPort)
        } catch {
            await operations?.shutdown()
            await server.shutdown()
            store?.waitForWrites()
            throw error
        }
        systemd?.send(["READY=1", "STATUS=serving \"\(loaded.title)\" on \(host) port \(boundPort)"])
        _ = await signals.wait()
        hangup.cancel()
        let open = server.openSessions
        systemd?.send(["STOPPING=1", "STATUS=stopping: telling \(open) open session\(open == 1 ? "" : "s") goodbye, closing what is left after \(configuration.shutdownGrace)"])
        // The health check says 503 while the sessions take their goodbye; the port closes last.
        await server.shutdown()
        await operations?.shutdown()
        readyFile?.remove()
        // A write handed in just before the stop finishes, rather than being cut off by the exit.
        if let store {
            systemd?.send(["STATUS=stopping: waiting for the store's writes under way"])
            store.waitForWrites()
            let statistics = store.writeStatistics
            log.say("intake: stopped; the store took \(statistics.writes) writes in \(statistics.transactions) transactions (at most \(statistics.largestTransaction) in one).\n")
        }
    }

    /// Runners that ask the language question first, on every protocol (a JSON program answers its
    /// `ask` of id `language` like any other, or the server is run with `--language`), and then run
    /// `makeRunner`'s runner for the dialog in the language chosen.
    static func askingLanguage(
        _ choice: LanguageChoice, then makeRunner: @escaping @Sendable (Dialog, ChatProtocol, String) -> any DialogRunner
    ) -> @Sendable (Dialog, ChatProtocol, String) -> any DialogRunner {
        { _, chatProtocol, address in
            LanguageChoosingRunner(choice: choice) { chosen in makeRunner(chosen, chatProtocol, address) }
        }
    }

    /// SIGHUP: the certificate and key read again; a bad new pair leaves the one in use, and says why.
    private static func reload(_ tls: ServerTLS, log: OperatorLog) {
        do {
            let fresh = try tls.reload()
            let serial = fresh.certificate.serialNumber.map { byte in (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true) }.joined(separator: ":")
            log.say("intake: reloaded the TLS certificate \(tls.options.certificatePath) (serial \(serial)); new connections get it.\n")
            for warning in fresh.warnings { log.say("intake: warning: \(warning)\n", level: .warning) }
        } catch {
            log.say("intake: kept the TLS certificate in use: \(error.description)\n", level: .error)
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
