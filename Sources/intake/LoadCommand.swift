// LoadCommand: `intake load`: plays the transcripts over many connections against a JSON server and reports.

import ArgumentParser
import DialogKit
import DialogTesting
import Foundation
import LoadClient

struct Load: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load",
        abstract: "Load-test `intake serve --protocol json`: play the transcripts over many connections.",
        discussion: """
            Every connection plays one transcript after another (a new connection for each session) and \
            checks each reply against it: the question asked, retries, the outcome and its flags. The \
            report gives sessions done and failed, turns per second and turn latency (p50, p99, p99.9, \
            max). Without --rate each connection sends its next line as soon as the reply is in (closed \
            loop); with --rate the lines go out on a schedule, and latency counts from when a line was due. \
            The transcripts played are those of --dialog (its tests/NAME/ folder) unless --transcripts names \
            others. Without --duration every transcript is played once (and at least one session per connection). \
            The server's per-address and input-rate limits must allow the load (docs/performance.md). \
            Exit status: 1 when any session failed or was wrong.
            """
    )

    @Option(name: .long, help: "The server's address.")
    var host = "127.0.0.1"

    @Option(name: .long, help: "The server's port; give it again for more servers on --host (the connections take them in turn).")
    var port: [Int] = []

    @Option(name: .long, help: "Connections open at once.")
    var connections = 100

    @Option(name: .long, help: "Offered load in turns per second over all connections (open loop).")
    var rate: Double?

    @Option(name: .long, help: "How long to measure: 10s, 2m, 500ms, 1h, or a bare number of seconds; sessions still running then are finished and checked.", transform: DurationArgument.seconds)
    var duration: Double?

    @Option(name: .long, help: "Sessions to play when there is no --duration.")
    var sessions: Int?

    /// The dialog whose transcripts (its tests/NAME/ folder) are played, unless --transcripts names others.
    @OptionGroup var dialogOptions: DialogOptions

    @Option(name: .long, parsing: .upToNextOption, help: "Transcript files or folders to play instead of the dialog's.")
    var transcripts: [String] = []

    @Option(name: .long, help: "Seconds over which the connections are opened (default: one per millisecond).", transform: DurationArgument.seconds)
    var ramp: Double?

    @Option(name: .long, help: "Seconds a reply may take before its session fails.", transform: DurationArgument.seconds)
    var timeout = 30.0

    /// The benchmark baselines of `make bench`; hidden, as `intake serve`'s are.
    @Flag(help: .hidden)
    var baseline: LoadBaseline?

    @Flag(name: .long, help: "Stop after the greeting and hold the connections open, idle, for --duration.")
    var idle = false

    @Option(name: .long, help: "The server's process id, to sample its resident memory and CPU (Linux); again for each --port.")
    var serverPid: [Int32] = []

    @Option(name: .long, help: "Event loop threads of the client (default: one per core).")
    var threads: Int?

    @Flag(name: .long, help: "Connect with TLS (to `intake serve --tls-cert`).")
    var tls = false

    @Option(name: .long, help: ArgumentHelp("With --tls, trust the CA certificates in this PEM file (default: the system's).", valueName: "file"))
    var tlsCa: String?

    @Flag(name: .long, help: "With --tls, accept any certificate (a self-signed one on a test machine); the traffic is still encrypted.")
    var tlsNoVerify = false

    @Flag(name: .long, help: "Print the report as JSON instead of text.")
    var json = false

    @Option(name: .long, help: "Also write the JSON report to this file.")
    var report: String?

    /// The ports given, or the default one.
    private var ports: [Int] { port.isEmpty ? [2323] : port }

    func validate() throws {
        guard ports.allSatisfy({ (1...65535).contains($0) }) else { throw ValidationError("--port must be from 1 to 65535.") }
        guard connections >= 1 else { throw ValidationError("--connections must be at least 1.") }
        if let rate, rate <= 0 { throw ValidationError("--rate must be positive.") }
        if let duration, duration <= 0 { throw ValidationError("--duration must be positive.") }
        if let sessions, sessions < 1 { throw ValidationError("--sessions must be at least 1.") }
        if let ramp, ramp < 0 { throw ValidationError("--ramp must not be negative.") }
        guard timeout > 0 else { throw ValidationError("--timeout must be positive.") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1.") }
        if idle, rate != nil { throw ValidationError("--idle sends nothing after the greeting, so it takes no --rate.") }
        if !transcripts.isEmpty, dialogOptions.dialog != nil { throw ValidationError("Give --dialog or --transcripts, not both.") }
        if !tls, tlsCa != nil || tlsNoVerify { throw ValidationError("--tls-ca and --tls-no-verify need --tls.") }
        if tlsCa != nil, tlsNoVerify { throw ValidationError("--tls-ca and --tls-no-verify do not go together.") }
        if let tlsCa, !FileManager.default.isReadableFile(atPath: tlsCa) {
            throw ValidationError("--tls-ca \(tlsCa): there is no readable file there.")
        }
    }

    func run() async throws {
        let scripts = try loadScripts()
        var configuration = LoadConfiguration()
        configuration.host = host
        configuration.port = ports[0]
        configuration.otherPorts = Array(ports.dropFirst())
        configuration.connections = connections
        configuration.rate = rate
        configuration.duration = duration.map { .milliseconds(Int64($0 * 1000)) }
        configuration.sessions = sessions
        // A thousand connections a second: opening them faster is a test of its own (a burst of
        // greetings), which would show in the first turns' latency.
        configuration.ramp = .milliseconds(Int64((ramp ?? Double(connections) / 1000) * 1000))
        configuration.timeout = .milliseconds(Int64(timeout * 1000))
        configuration.target = baseline?.target ?? .intake
        configuration.idle = idle
        configuration.serverPID = serverPid.first
        configuration.otherServerPIDs = Array(serverPid.dropFirst())
        if let threads { configuration.threads = threads }
        if tls {
            do {
                configuration.tls = try LoadTLS(host: host, caFile: tlsCa, verify: !tlsNoVerify)
            } catch {
                throw ValidationError("cannot set up TLS\(tlsCa.map { " with the CA file \($0)" } ?? ""): \(error)")
            }
        }

        let result: LoadReport
        do {
            result = try await LoadGenerator.run(scripts: scripts, configuration: configuration)
        } catch {
            StandardError.write("intake load: \(error)\n")
            throw ExitCode.failure
        }
        print(json ? result.json : result.text, terminator: json ? "\n" : "")
        if let report {
            do {
                try Data((result.json + "\n").utf8).write(to: URL(fileURLWithPath: report))
            } catch {
                StandardError.write("intake load: cannot write \(report): \(error.localizedDescription)\n")
                throw ExitCode.failure
            }
        }
        if !result.passed { throw ExitCode.failure }
    }

    /// The transcripts to play: those given, or those of the dialog (its `tests/NAME/` folder, less any
    /// whose `dialog:` header names another dialog).
    private func loadScripts() throws -> [LoadScript] {
        let dialogPath = try dialogOptions.path()
        let files = TranscriptSuite.transcriptFiles(under: transcripts.isEmpty ? [dialogPath] : transcripts)
        var scripts: [LoadScript] = []
        var dialogs: [String: Dialog] = [:]
        for file in files {
            guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
                StandardError.write("intake load: \(file) cannot be read as UTF-8 text.\n")
                throw ExitCode.failure
            }
            switch Transcript.parse(text, file: file) {
            case .failure(let error):
                StandardError.write("\(error)\n")
                throw ExitCode.failure
            case .success(let transcript):
                // A load run speaks to a server in the dialog's own language (`intake serve --language en`).
                guard !transcript.isTranslated else {
                    if !transcripts.isEmpty { StandardError.write("intake load: \(file) is played in a translation; left out\n") }
                    continue
                }
                if transcripts.isEmpty {
                    let tested = TranscriptSuite.dialogPath(for: file, header: transcript.dialogPath)
                    guard (tested as NSString).standardizingPath == (dialogPath as NSString).standardizingPath else { continue }
                }
                var script = LoadScript(transcript: transcript)
                if baseline == .sizedEcho {
                    let tested = TranscriptSuite.dialogPath(for: file, header: transcript.dialogPath)
                    let played = try dialog(at: tested, loaded: &dialogs)
                    do {
                        script = try script.measuringReplies(with: played)
                    } catch {
                        StandardError.write("intake load: \(error)\n")
                        throw ExitCode.failure
                    }
                }
                scripts.append(script)
            }
        }
        if scripts.isEmpty {
            StandardError.write("intake load: no transcripts found under \(transcripts.isEmpty ? dialogPath : transcripts.joined(separator: " ")).\n")
            throw ExitCode.failure
        }
        return scripts
    }

    /// The dialog a transcript plays, loaded once: the same-bytes baseline replays each transcript
    /// through it to learn intake's reply sizes.
    private func dialog(at path: String, loaded: inout [String: Dialog]) throws -> Dialog {
        let key = (path as NSString).standardizingPath
        if let dialog = loaded[key] { return dialog }
        let dialog = try loadDialog(path: path)
        loaded[key] = dialog
        return dialog
    }
}

/// `--echo`: the server echoes (`intake serve --echo`); `--sized-echo`: the server is the same-bytes
/// baseline (`intake serve --sized-echo`), and each typed line is replaced by a request for as many
/// bytes as intake replies to it.
enum LoadBaseline: String, EnumerableFlag {
    case echo
    case sizedEcho = "sized-echo"

    static func name(for value: Self) -> NameSpecification { .customLong(value.rawValue) }
    static func help(for value: Self) -> ArgumentHelp? { .hidden }

    var target: LoadConfiguration.Target {
        switch self {
        case .echo: .echo
        case .sizedEcho: .sizedEcho
        }
    }
}
