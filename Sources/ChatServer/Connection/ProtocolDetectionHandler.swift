// ProtocolDetectionHandler: `auto` mode: picks the protocol by the client's first line, then leaves the pipeline.
import Logging
import NIOCore

/// In `auto` mode, stands where the protocol's handlers will be. The client's first line chooses
/// (`ProtocolDetector`: IRC when it opens with CAP, NICK, USER or PASS, else plain text): the detector
/// puts that protocol's handlers after itself, passes the line on and leaves. Telnet and netcat send
/// nothing first, so after `detectionWait` the plain handlers are put in at once and greet; the
/// detector then stays until the first line, in case it is an IRC client that was slower than the
/// wait. Until a protocol is chosen it speaks for the connection itself: a close it is asked for is said
/// in plain text, and notices are not sent.
final class ProtocolDetectionHandler: BeginsWhenActive, RemovableChannelHandler {
    typealias InboundIn = LineFramer.Frame
    typealias OutboundOut = ByteBuffer

    private enum Stage {
        /// Nothing chosen; the timer runs.
        case waiting
        /// The wait ended and the plain handlers are in; the first line may still be IRC's.
        case provisional(installed: [any RemovableChannelHandler])
    }

    private let setup: ConnectionSetup
    private let connection: AdmittedConnection
    private var stage = Stage.waiting
    private var timer: Scheduled<Void>?
    private var started = false
    /// The client's window width, from telnet, for the conversation to come.
    private var columns: Int?
    private var lastWords = LastWords()

    init(setup: ConnectionSetup, connection: AdmittedConnection) {
        self.setup = setup
        self.connection = connection
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        if case .waiting = stage { logClosed(context) }
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !lastWords.said else { return }
        let frame = unwrapInboundIn(data)
        switch stage {
        case .waiting:
            timer?.cancel()
            timer = nil
            guard case .line(let bytes) = frame else {
                install(.plain, context: context)
                break
            }
            install(ProtocolDetector.detect(firstLine: bytes), context: context)
        case .provisional(let installed):
            if case .line(let bytes) = frame, ProtocolDetector.detect(firstLine: bytes) == .irc {
                // An IRC client slower than the greeting wait: no person has answered yet, so switch.
                // The plain greeting ended on a prompt without a line break; end that line, or the first
                // IRC message would be glued to "> " (and one byte past IRC's 512 when it is a full-length reply).
                connection.logger.info("late protocol switch")
                context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(string: "\r\n")), promise: nil)
                for handler in installed {
                    context.pipeline.syncOperations.removeHandler(handler, promise: nil)
                }
                install(.irc, context: context)
            }
        }
        context.fireChannelRead(data)
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard case .waiting = stage else {
            context.fireUserInboundEventTriggered(event)
            return
        }
        if case .windowSize(let width, _) = event as? TelnetFilter.Event {
            columns = width
        } else if let request = event as? ServiceRequest ?? ServiceRequest(for: event) {
            // Before a protocol is chosen its words are plain text's (the configured mode is `auto`).
            let (setup, address) = (setup, connection.address)
            if lastWords.close(as: request, in: setup.dialog.language, farewell: { setup.makeConversation(.auto, address: address).farewell($0) },
                               logger: connection.logger, context: context) {
                timer?.cancel()
                timer = nil
            }
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard case .waiting = stage else {
            context.fireErrorCaught(error)
            return
        }
        ConnectionFailure.report(error, logger: connection.logger, observer: setup.configuration.observer, context: context)
    }

    func begin(_ context: ChannelHandlerContext) {
        guard !started else { return }
        started = true
        timer = context.eventLoop.assumeIsolated().scheduleTask(in: .nanoseconds(setup.configuration.detectionWait.nanoseconds)) { [self] in
            timer = nil
            guard case .waiting = stage, !lastWords.said else { return }
            install(.plain, context: context)
        }
    }

    /// Puts the handlers of `mode` after this one; they greet as they are added.
    private func install(_ mode: ChatProtocol, context: ChannelHandlerContext) {
        let handlers = setup.protocolHandlers(mode, connection: connection, columns: columns)
        stage = .provisional(installed: handlers)
        do {
            try context.pipeline.syncOperations.addHandlers(handlers, after: self)
        } catch {
            context.close(promise: nil)
        }
    }

    private func logClosed(_ context: ChannelHandlerContext) {
        let seconds = Double((context.eventLoop.now - connection.openedAt).nanoseconds) / 1e9
        connection.logger.info("connection closed", metadata: [
            "protocol": "none", "outcome": "none", "seconds": "\(Int(seconds.rounded()))",
        ])
    }
}
