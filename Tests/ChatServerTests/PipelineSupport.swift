// PipelineSupport: what the tests of single handlers on an EmbeddedChannel share: a setup, a recorder, a store that waits.
@testable import ChatServer
import DialogKit
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOEmbedded
import Testing

/// A `ConnectionSetup` for the example dialog, as `ChatServer.start` makes it, without a server.
func makeSetup(_ protocolMode: ChatProtocol = .auto, limits: ServerLimits = ServerLimits(),
               maxSessions: Int = 10, logs: LogRecorder = LogRecorder(),
               configure: (inout ServerConfiguration) -> Void = { _ in }) -> ConnectionSetup {
    var configuration = ServerConfiguration(host: "127.0.0.1", port: 0, protocolMode: protocolMode, limits: limits)
    configure(&configuration)
    let registry = ConnectionRegistry(maxSessions: maxSessions, maxPerAddress: limits.maxSessionsPerAddress)
    return ConnectionSetup(dialog: exampleDialog, configuration: configuration, registry: registry,
                           logger: logs.logger, inboxes: [:])
}

/// An admitted connection as the admission handler describes it, opened at `openedAt`.
func testConnection(logs: LogRecorder = LogRecorder(), openedAt: NIODeadline = .uptimeNanoseconds(0)) -> AdmittedConnection {
    AdmittedConnection(id: 1, address: "127.0.0.1", logger: logs.logger, openedAt: openedAt)
}

extension EmbeddedChannel {
    /// Makes the channel active, from 127.0.0.1, as an accepted connection is.
    func activate() throws {
        try connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 40000)).wait()
    }

    /// Everything written to the client so far, as text.
    func written() throws -> String {
        var text = ""
        while let buffer = try readOutbound(as: ByteBuffer.self) {
            text += String(buffer: buffer)
        }
        return text
    }

    /// Whether a handler of type `type` is in the pipeline.
    func has<Handler: ChannelHandler>(_ type: Handler.Type) -> Bool {
        (try? pipeline.syncOperations.handler(type: type)) != nil
    }

    /// Closes the channel: an EmbeddedChannel left open keeps its pipeline in a cycle, which
    /// LeakSanitizer reports.
    func end() {
        _ = try? finish()
    }
}

/// The last handler in a test's pipeline: keeps the lines and requests that reach it. `speaks`: it
/// answers a close request as a speaker does, telling the handlers before that the connection closes.
final class Recorder: ChannelInboundHandler {
    typealias InboundIn = LineFramer.Frame

    private(set) var frames: [LineFramer.Frame] = []
    private(set) var notices: [String] = []
    private(set) var closes: [(reason: String, linger: Bool)] = []
    private(set) var inputClosed = 0
    private let speaks: Bool

    init(speaks: Bool = true) {
        self.speaks = speaks
    }

    var lines: [String] {
        frames.map { frame in
            if case .line(let bytes) = frame { return String(decoding: bytes, as: UTF8.self) }
            return "(too long)"
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        frames.append(unwrapInboundIn(data))
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        switch event {
        case ServiceRequest.notice(let text, _):
            notices.append(text.english)
        case ServiceRequest.close(let reason, _, let linger):
            closes.append((reason.english, linger))
            if speaks { context.triggerUserOutboundEvent(ConnectionSignal.closing, promise: nil) }
        case let event as ChannelEvent where event == .inputClosed:
            inputClosed += 1
        default:
            break
        }
    }
}

/// Counts the reads that reach it, to tell whether a handler after it holds them back.
final class ReadCounter: ChannelOutboundHandler {
    typealias OutboundIn = NIOAny
    private(set) var reads = 0

    func read(context: ChannelHandlerContext) {
        reads += 1
        context.read()
    }
}

/// A store write that is done when the test says so.
final class TestWrite: DurableWrite {
    private let done = NIOLockedValueBox<(@Sendable () -> Void)?>(nil)

    func whenDone(_ body: @escaping @Sendable () -> Void) {
        done.withLockedValue { $0 = body }
    }

    /// The write is durable: the waiting reply may go.
    func finish() {
        done.withLockedValue { $0 }?()
    }
}

/// A kept session, as far as the server sees one: every line it receives is kept, so its reply waits
/// for a write; it records what it was given.
struct WaitingRunner: DialogRunner {
    final class Log: Sendable {
        let received = NIOLockedValueBox<[String]>([])
        let writes = NIOLockedValueBox<[TestWrite]>([])
    }

    let log: Log
    var language: LanguageTag { .english }
    /// Whether the opening waits for a write too (a kept session's resume code).
    var opensWithAWrite = false
    private var pending: String?

    init(log: Log, opensWithAWrite: Bool = false) {
        self.log = log
        self.opensWithAWrite = opensWithAWrite
    }

    mutating func startStep() -> RunnerStep {
        guard opensWithAWrite else { return .ready([.say(Say("hello"))]) }
        pending = "hello"
        return .waiting(newWrite())
    }

    mutating func receiveStep(_ line: String) -> RunnerStep {
        log.received.withLockedValue { $0.append(line) }
        pending = "kept \(line)"
        return .waiting(newWrite())
    }

    mutating func continueAfterWrite() -> RunnerStep {
        defer { pending = nil }
        return .ready(pending.map { [.say(Say($0))] } ?? [])
    }

    private func newWrite() -> TestWrite {
        let write = TestWrite()
        log.writes.withLockedValue { $0.append(write) }
        return write
    }

    var isOver: Bool { false }
    var outcome: OutcomeReport? { nil }
    var mustCloseConnection: Bool { false }
}
