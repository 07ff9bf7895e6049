// TestSupport: a running server on an ephemeral port, a real TCP test client, and a log recorder.
@testable import ChatServer
import DialogKit
import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Testing
import TestSupport

/// The example dialog every socket test runs (Dialogs/example.yaml of this package).
let exampleDialog = RepositoryDialogs.named("example")

/// The answers that take the example dialog to its `self_care` outcome, in order.
let exampleAnswers = ["no", "1", "3 weeks", "4", "1, 2", "skip"]
/// Text each answer's reply contains (the next step, or the outcome).
let exampleReplies = ["step 2 of", "step 3 of", "step 4 of", "step 5 of", "step 6 of", "settle with time"]

/// Records log messages (with their metadata) so tests can read what the server logged.
final class LogRecorder: Sendable {
    let lines = NIOLockedValueBox<[String]>([])

    var logger: Logger {
        Logger(label: "test.serve") { _ in RecordingHandler(recorder: self) }
    }

    struct RecordingHandler: LogHandler {
        let recorder: LogRecorder
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let all = metadata.merging(event.metadata ?? [:]) { $1 }
            let text = "\(event.level) \(event.message) " + all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            recorder.lines.withLockedValue { $0.append(text) }
        }
    }
}

/// Runs `body` with a server on 127.0.0.1 and a free port, then shuts the server down.
func withServer(
    _ protocolMode: ChatProtocol = .auto,
    dialog: Dialog = exampleDialog,
    limits: ServerLimits = ServerLimits(),
    logs: LogRecorder = LogRecorder(),
    configure: (inout ServerConfiguration) -> Void = { _ in },
    _ body: (ChatServer, Int) async throws -> Void
) async throws {
    var configuration = ServerConfiguration(host: "127.0.0.1", port: 0, protocolMode: protocolMode, limits: limits)
    configuration.detectionWait = .milliseconds(200)
    configure(&configuration)
    let server = ChatServer(dialog: dialog, configuration: configuration, logger: logs.logger)
    let port = try await server.start()
    do {
        try await body(server, port)
    } catch {
        await server.shutdown()
        throw error
    }
    await server.shutdown()
}

/// A TCP client for tests: sends bytes, and collects what the server sends until it closes.
struct TestClient {
    let channel: any Channel
    private let collector: Collector
    /// Where the next `read(until:)` starts looking, in the received bytes.
    private let mark = NIOLockedValueBox(0)

    /// Collects what the server sends. Locked, because tests read it from outside the event loop.
    final class Collector: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        private let state = NIOLockedValueBox<(bytes: [UInt8], closed: Bool)>(([], false))

        var snapshot: (bytes: [UInt8], closed: Bool) { state.withLockedValue { $0 } }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let buffer = unwrapInboundIn(data)
            state.withLockedValue { $0.bytes += buffer.readableBytesView }
        }

        func channelInactive(context: ChannelHandlerContext) {
            state.withLockedValue { $0.closed = true }
        }

        func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
            // The server closed its side: that is the close tests wait for.
            if case .some(.inputClosed) = event as? ChannelEvent {
                state.withLockedValue { $0.closed = true }
                context.close(promise: nil)
            }
        }
    }

    static func connect(port: Int) async throws -> TestClient {
        let collector = Collector()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .channelOption(ChannelOptions.allowRemoteHalfClosure, value: true)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(collector)
                }
            }
            .connect(host: "127.0.0.1", port: port).get()
        return TestClient(channel: channel, collector: collector)
    }

    func send(_ bytes: [UInt8]) async throws {
        try await channel.writeAndFlush(ByteBuffer(bytes: bytes)).get()
    }

    func send(_ text: String) async throws {
        try await send(Array(text.utf8))
    }

    /// Everything received so far, and whether the server has closed the connection.
    func snapshot() async throws -> (bytes: [UInt8], closed: Bool) {
        collector.snapshot
    }

    var text: String {
        get async throws { String(decoding: try await snapshot().bytes, as: UTF8.self) }
    }

    /// Waits until `expected` appears after the previous match; returns the text up to and including it.
    @discardableResult
    func read(until expected: String, timeout: Duration = .seconds(10),
              sourceLocation: Testing.SourceLocation = #_sourceLocation) async throws -> String {
        let deadline = ContinuousClock.now + timeout * testTimeoutScale
        while true {
            let (bytes, closed) = try await snapshot()
            let text = String(decoding: bytes, as: UTF8.self)
            let start = mark.withLockedValue { $0 }
            let utf8 = Array(text.utf8)
            if start <= utf8.count, let range = String(decoding: utf8[start...], as: UTF8.self).range(of: expected) {
                let before = String(decoding: utf8[start...], as: UTF8.self)
                let matchedEnd = before[..<range.upperBound].utf8.count
                mark.withLockedValue { $0 = start + matchedEnd }
                return String(before[..<range.upperBound])
            }
            if ContinuousClock.now > deadline || (closed && !text.contains(expected)) {
                Issue.record("did not receive \"\(expected)\"; received after the last match:\n\(String(decoding: utf8[min(start, utf8.count)...], as: UTF8.self))",
                             sourceLocation: sourceLocation)
                throw TestFailure.timedOut(expected)
            }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    /// Waits for the server to close the connection.
    func waitForClose(timeout: Duration = .seconds(10)) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout * testTimeoutScale
        while ContinuousClock.now < deadline {
            if try await snapshot().closed { return true }
            try await Task.sleep(for: .milliseconds(10))
        }
        return false
    }

    func close() async {
        try? await channel.close().get()
    }

    /// Closes with a reset (SO_LINGER 0), as a load balancer's health check does.
    func reset() async {
        if let socket = channel as? any SocketOptionProvider {
            try? await socket.setSoLinger(linger(l_onoff: 1, l_linger: 0)).get()
        }
        try? await channel.close().get()
    }
}

enum TestFailure: Error {
    case timedOut(String)
}

extension String {
    /// Every line terminator is CR LF (no bare LF).
    var endsLinesWithCRLF: Bool {
        let bytes = Array(utf8)
        for (index, byte) in bytes.enumerated() where byte == 0x0A {
            if index == 0 || bytes[index - 1] != 0x0D { return false }
        }
        return true
    }
}

/// Registers as `nick` the way irssi does (CAP LS, NICK, USER, CAP END) and reads to the welcome.
func register(_ client: TestClient, nick: String = "someone") async throws {
    try await client.send("CAP LS 302\r\nNICK \(nick)\r\nUSER \(nick) 0 * :Some One\r\n")
    try await client.read(until: ":intake.local CAP * LS :\r\n")
    try await client.send("CAP END\r\n")
    try await client.read(until: ":intake.local 001 \(nick) :Welcome to the Intake network")
}
