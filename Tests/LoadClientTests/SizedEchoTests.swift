// SizedEchoTests: the same-bytes baseline: intake's reply sizes as replayed, the server's replies, and the client's check.
@testable import ChatServer
import DialogKit
import DialogTesting
import Foundation
@testable import LoadClient
import Testing
import TestSupport

private func scripts(_ name: String) -> [LoadScript] {
    TranscriptSuite.transcriptFiles(under: [Repository.path("Dialogs/tests/\(name)")]).compactMap { file in
        let text = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
        guard case .success(let transcript) = Transcript.parse(text, file: file) else { fatalError("\(file) does not parse") }
        // Transcripts of another dialog (a `dialog:` header) are not this dialog's load, nor are those
        // played in a translation (a load run speaks to the dialog as written, as `intake load` does).
        guard transcript.dialogPath == nil, !transcript.isTranslated else { return nil }
        return LoadScript(transcript: transcript)
    }
}

private let example = RepositoryDialogs.named("example")
private let migraine = RepositoryDialogs.named("migraine")

private func withServer(_ dialog: Dialog, baseline: ServerConfiguration.Baseline?, _ body: (Int) async throws -> Void) async throws {
    var limits = ServerLimits()
    limits.maxSessionsPerAddress = 1000
    limits.linesPerSecond = 100_000
    limits.lineBurst = 1000
    var configuration = ServerConfiguration(host: "127.0.0.1", port: 0, protocolMode: .json, limits: limits)
    configuration.baseline = baseline
    let server = ChatServer(dialog: dialog, configuration: configuration)
    let port = try await server.start()
    do {
        try await body(port)
    } catch {
        await server.shutdown()
        throw error
    }
    await server.shutdown()
}

/// Every script once, over a few connections.
private func everyScriptOnce(_ scripts: [LoadScript], port: Int, target: LoadConfiguration.Target) -> LoadConfiguration {
    var configuration = LoadConfiguration()
    configuration.port = port
    configuration.connections = 4
    configuration.sessions = scripts.count
    configuration.timeout = .seconds(20)
    configuration.target = target
    return configuration
}

private func totalBytes(_ scripts: [LoadScript]) -> Int {
    scripts.reduce(0) { $0 + ($1.replies ?? []).reduce(0) { $0 + $1.bytes } }
}

@Suite struct SizedEchoTests {
    @Test(arguments: ["example", "migraine"])
    func theReplayedSizesAreTheBytesIntakeSends(_ name: String) async throws {
        let dialog = name == "example" ? example : migraine
        let sized = try scripts(name).map { try $0.measuringReplies(with: dialog) }
        #expect(sized.count >= 6)
        try await withServer(dialog, baseline: nil) { port in
            let report = try await LoadGenerator.run(scripts: sized, configuration: everyScriptOnce(sized, port: port, target: .intake))
            #expect(report.passed, "\(report.failures)")
            #expect(report.sessionsDone == sized.count)
            #expect(report.bytesReceived == totalBytes(sized))
        }
    }

    @Test func theBaselineSendsIntakesBytesForEveryTranscript() async throws {
        let sized = try scripts("migraine").map { try $0.measuringReplies(with: migraine) }
        try await withServer(migraine, baseline: .sized) { port in
            let report = try await LoadGenerator.run(scripts: sized, configuration: everyScriptOnce(sized, port: port, target: .sizedEcho))
            #expect(report.passed, "\(report.failures)")
            #expect(report.target == "sized-echo")
            #expect(report.sessionsDone == sized.count)
            #expect(report.turns == sized.reduce(0) { $0 + $1.inputs.count })
            #expect(report.bytesReceived == totalBytes(sized))
        }
    }

    @Test func aReplyOfAnotherSizeFailsTheRun() async throws {
        // The client expects one byte more of the third reply than it asks for: what a baseline
        // sending the wrong count looks like to it.
        var script = try scripts("example")[0].measuringReplies(with: example)
        script.replies?[3].bytes += 1
        try await withServer(example, baseline: .sized) { port in
            let report = try await LoadGenerator.run(scripts: [script], configuration: everyScriptOnce([script], port: port, target: .sizedEcho))
            #expect(!report.passed)
            #expect(report.failures.first?.contains("the reply to line 3 was") == true, "\(report.failures)")
        }
    }

    @Test func scriptsWithoutSizesAreRefused() async throws {
        var configuration = LoadConfiguration()
        configuration.target = .sizedEcho
        await #expect(throws: LoadGenerator.SetupError.self) {
            _ = try await LoadGenerator.run(scripts: scripts("example"), configuration: configuration)
        }
    }

    @Test func requestsArePaddedToTheTypedLength() {
        #expect(LoadScript.request(for: ReplyShape(bytes: 1043, lines: 1, closes: false), typedLength: 1) == Array("1043\n".utf8))
        #expect(LoadScript.request(for: ReplyShape(bytes: 1043, lines: 2, closes: true), typedLength: 10) == Array("1043/2!   \n".utf8))
        let parsed = SizedEchoHandler.Request(Array("1043/2!   ".utf8))
        #expect(parsed == SizedEchoHandler.Request(bytes: 1043, lines: 2, closes: true))
        #expect(SizedEchoHandler.Request(Array("12".utf8)) == SizedEchoHandler.Request(bytes: 12, lines: 1, closes: false))
        for bad in ["", "x", "12/", "3/2", "12 x", "12!!", "/2", "99999999"] {
            #expect(SizedEchoHandler.Request(Array(bad.utf8)) == nil, "\(bad)")
        }
    }

    @Test func overASocketTheServerGreetsAsIntakeAndSendsWhatIsAsked() async throws {
        let greeting = try scripts("example")[0].measuringReplies(with: example).replies![0]
        try await withServer(example, baseline: .sized) { port in
            let socket = try RawSocket(port: port)
            let greeted = await socket.read(count: greeting.bytes)
            #expect(greeted.count == greeting.bytes)
            #expect(greeted.filter { $0 == 0x0A }.count == greeting.lines)
            #expect(String(decoding: greeted, as: UTF8.self).hasPrefix(#"{"type":"say""#))

            socket.send("1000/3")
            let reply = await socket.read(count: 1000)
            #expect(reply.count == 1000)
            // 333, 333 and 334 bytes, each line dots and CR LF.
            let lines = reply.split(separator: 0x0A, omittingEmptySubsequences: false)
            #expect(lines.map(\.count) == [332, 332, 333, 0])
            #expect(lines.dropLast().allSatisfy { $0.last == 0x0D && $0.dropLast().allSatisfy { $0 == 0x2E } })
            // Nothing more than was asked for.
            await #expect(socket.read(count: 1, timeout: 0.2).isEmpty)

            socket.send("2 x")
            await #expect(String(decoding: socket.read(count: 39), as: UTF8.self) == "not a sized request: BYTES[/LINES][!]\r\n")

            // "!": the reply, then the server closes, as intake does once the dialog is over.
            socket.send("10/2!  ")
            await #expect(socket.read(count: 11, timeout: 5) == Array("...\r\n...\r\n".utf8))
            #expect(socket.closedByServer)
        }
    }
}

/// A blocking TCP client, so the test sees the server's bytes exactly as they come.
private final class RawSocket {
    private let descriptor: Int32
    private(set) var closedByServer = false

    init(port: Int) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(descriptor >= 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        try #require(connected == 0, "connect to 127.0.0.1:\(port)")
    }

    deinit { close(descriptor) }

    func send(_ line: String) {
        let bytes = Array((line + "\n").utf8)
        _ = bytes.withUnsafeBytes { Foundation.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// Reads until `count` bytes have come, the server closes, or the time is up.
    func read(count: Int, timeout: Double = 10) async -> [UInt8] {
        var out: [UInt8] = []
        let deadline = Date().addingTimeInterval(timeout)
        var buffer = [UInt8](repeating: 0, count: 4096)
        while out.count < count, !closedByServer {
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else { break }
            // The wait happens off the cooperative pool; the recv after it finds the bytes there.
            let descriptor = descriptor
            let ready = await offThePool { () -> Int32 in
                var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
                return poll(&poller, 1, Int32(left * 1000) + 1)
            }
            guard ready > 0 else { break }
            let got = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, min(4096, count - out.count), 0) }
            if got <= 0 { closedByServer = true } else { out += buffer[0..<got] }
        }
        return out
    }
}
