// TLSTestSupport: a server with TLS on a free loopback port, and a test client over TLS or plain TCP.
import ChatServer
import ChatServerTLS
import DialogKit
import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL
import Testing
import TestSupport

/// The example dialog and the answers that take it to its `self_care` outcome.
let exampleDialog = RepositoryDialogs.named("example")
let exampleAnswers = ["no", "1", "3 weeks", "4", "1, 2", "skip"]

/// A plain-text wait for tests whose client writes first and must be read as TLS: longer than any test
/// lasts. In whole-suite runs a test's task can wait seconds for one of the few threads of Swift's
/// cooperative pool (tests that block one hold it), so its first write can come after a short wait has
/// run out, and the connection is taken for a silent telnet.
let slowWriterWait: Duration = .seconds(60)

/// Runs `body` with a server on 127.0.0.1, a free port and `tls`, then shuts it down.
func withTLSServer(
    _ tls: ServerTLS,
    protocolMode: ChatProtocol = .auto,
    configure: (inout ServerConfiguration) -> Void = { _ in },
    _ body: (Int) async throws -> Void
) async throws {
    var configuration = ServerConfiguration(host: "127.0.0.1", port: 0, protocolMode: protocolMode)
    configuration.detectionWait = .milliseconds(200)
    configuration.transport = tls
    configure(&configuration)
    let server = ChatServer(dialog: exampleDialog, configuration: configuration, logger: Logger(label: "test.tls"))
    let port = try await server.start()
    do {
        try await body(port)
        // Every client is gone by now, so every connection must be too, well within NIOSSL's 5 s wait
        // for a close_notify: one that stays (a client's end of input the server did not act on) holds
        // its memory and its session slot.
        let deadline = ContinuousClock.now + .seconds(2) * testTimeoutScale
        while server.openSessions > 0, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(server.openSessions == 0, "connections left open after their clients closed")
    } catch {
        await server.shutdown()
        throw error
    }
    await server.shutdown()
}

/// TLS options for `certificates`' first server certificate, with short waits for tests.
func serverTLS(_ certificates: TestCertificates, plaintext: ServerTLS.PlaintextPolicy = .loopbackOnly,
               handshakeTimeout: Duration = .seconds(10)) throws -> ServerTLS {
    var options = ServerTLS.Options(certificatePath: certificates.serverCertificate, keyPath: certificates.serverKey)
    options.plaintext = plaintext
    options.handshakeTimeout = handshakeTimeout
    // Long enough that a loaded machine (the whole suite at once on 2 cores) still reads a test
    // client's first TLS byte within it; a plain client waits this long for its greeting.
    options.plainWait = .seconds(1)
    return try ServerTLS(options: options)
}

/// A client for tests, over TLS or plain TCP: sends bytes, and collects what the server sends until it closes.
struct Client {
    let channel: any Channel
    private let collector: Collector
    private let mark = NIOLockedValueBox(0)

    final class Collector: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        private let state = NIOLockedValueBox<(bytes: [UInt8], closed: Bool, error: String?)>(([], false, nil))

        var snapshot: (bytes: [UInt8], closed: Bool, error: String?) { state.withLockedValue { $0 } }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let buffer = unwrapInboundIn(data)
            state.withLockedValue { $0.bytes += buffer.readableBytesView }
        }

        func channelInactive(context: ChannelHandlerContext) {
            state.withLockedValue { $0.closed = true }
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            state.withLockedValue { $0.error = $0.error ?? "\(error)" }
            context.close(promise: nil)
        }

        func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
            if case .some(.inputClosed) = event as? ChannelEvent {
                state.withLockedValue { $0.closed = true }
                context.close(promise: nil)
            }
        }
    }

    /// A TLS client that trusts `caFile` (or, with nil, checks nothing), at most `maximumVersion`.
    static func tls(port: Int, caFile: String?, maximumVersion: TLSVersion? = nil) async throws -> Client {
        var configuration = TLSConfiguration.makeClientConfiguration()
        if let caFile {
            configuration.trustRoots = .file(caFile)
        } else {
            configuration.certificateVerification = .none
        }
        if let maximumVersion {
            configuration.minimumTLSVersion = .tlsv1
            configuration.maximumTLSVersion = maximumVersion
        }
        let context = try NIOSSLContext(configuration: configuration)
        return try await connect(port: port) { channel in
            try channel.pipeline.syncOperations.addHandler(try NIOSSLClientHandler(context: context, serverHostname: "localhost"))
        }
    }

    static func plain(port: Int) async throws -> Client {
        try await connect(port: port) { _ in }
    }

    private static func connect(port: Int, first: @escaping @Sendable (any Channel) throws -> Void) async throws -> Client {
        let collector = Collector()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(ChannelOptions.allowRemoteHalfClosure, value: true)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try first(channel)
                    try channel.pipeline.syncOperations.addHandler(collector)
                }
            }
            .connect(host: "127.0.0.1", port: port).get()
        return Client(channel: channel, collector: collector)
    }

    func send(_ bytes: [UInt8]) async throws {
        try await channel.writeAndFlush(ByteBuffer(bytes: bytes)).get()
    }

    func send(_ text: String) async throws {
        try await send(Array(text.utf8))
    }

    var received: (bytes: [UInt8], closed: Bool, error: String?) { collector.snapshot }
    var text: String { String(decoding: collector.snapshot.bytes, as: UTF8.self) }

    /// Waits until `expected` appears after the previous match; returns the text up to and including it.
    @discardableResult
    func read(until expected: String, timeout: Duration = .seconds(10),
              sourceLocation: Testing.SourceLocation = #_sourceLocation) async throws -> String {
        let deadline = ContinuousClock.now + timeout * testTimeoutScale
        while true {
            let snapshot = collector.snapshot
            let start = mark.withLockedValue { $0 }
            let rest = String(decoding: snapshot.bytes[min(start, snapshot.bytes.count)...], as: UTF8.self)
            if let range = rest.range(of: expected) {
                mark.withLockedValue { $0 = start + rest[..<range.upperBound].utf8.count }
                return String(rest[..<range.upperBound])
            }
            if ContinuousClock.now > deadline || snapshot.closed {
                Issue.record("did not receive \"\(expected)\"; received after the last match:\n\(rest)", sourceLocation: sourceLocation)
                throw Failure.timedOut(expected)
            }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    /// Waits for the connection to close; returns false if it is still open after `timeout`.
    func waitForClose(timeout: Duration = .seconds(10)) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout * testTimeoutScale
        while ContinuousClock.now < deadline {
            if collector.snapshot.closed { return true }
            try await Task.sleep(for: .milliseconds(10))
        }
        return false
    }

    /// The certificate the server showed (after the handshake).
    func peerCertificate() async throws -> NIOSSLCertificate? {
        try await channel.nioSSL_peerCertificate().get()
    }

    func close() async {
        try? await channel.close().get()
    }

    enum Failure: Error {
        case timedOut(String)
    }
}
