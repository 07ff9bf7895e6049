// LastWords: the close a handler decides on: its line, then the close, once; and the linger after a flood.
import DialogKit
import Logging
import NIOCore

/// Kept by each handler that may speak last on a connection (admission refusing it, the protocol
/// detector before a protocol is chosen, the conversation), so that every close the server decides on
/// is preceded by a line saying why, happens once, and is heard by the handlers before (their timers
/// stop, no further line goes on).
struct LastWords {
    /// Set from the moment the last words are sent.
    private(set) var said = false

    /// Closes as `request` asks unless the connection is closing already: writes its log line, then
    /// sends `farewell(reason)` in `language`. A notice is not a close: it returns false, doing nothing.
    @discardableResult
    mutating func close(as request: ServiceRequest, in language: LanguageTag, farewell: (String) -> Reply, logger: Logger,
                        context: ChannelHandlerContext) -> Bool {
        guard case .close(let reason, let log, let linger) = request.asClose else { return false }
        guard !said else { return true }
        log.write(to: logger)
        say(farewell(reason.text(in: language)), linger: linger, context: context)
        return true
    }

    /// Sends `reply`, the last one (its `closes` is set), and closes once it is written.
    mutating func say(_ reply: Reply, linger: Bool = false, context: ChannelHandlerContext) {
        said = true
        guard !reply.text.isEmpty else {
            context.triggerUserOutboundEvent(ConnectionSignal.closing, promise: nil)
            context.close(promise: nil)
            return
        }
        let written = context.writeAndFlush(NIOAny(context.channel.allocator.buffer(string: reply.text)))
        context.triggerUserOutboundEvent(ConnectionSignal.closing, promise: nil)
        written.assumeIsolated().whenComplete { _ in
            if linger { LingerHandler.start(context: context) } else { context.close(promise: nil) }
        }
    }
}

/// After a flood's farewell. Closing a socket whose input was not all read sends RST, and an RST can
/// destroy the farewell before the client reads it (seen in `make torture`'s flood). So: FIN after the
/// farewell, then read and drop whatever still comes until the client closes or a second has passed,
/// then close. First in the pipeline, so the bytes go no further and its reads pass no handler that
/// holds reads back.
final class LingerHandler: ChannelInboundHandler {
    typealias InboundIn = NIOAny

    /// How long a flooding client has to close after the farewell.
    static let wait: TimeAmount = .seconds(1)

    private var timer: Scheduled<Void>?

    /// Closes the output of `context`'s channel and lingers on its input.
    static func start(context: ChannelHandlerContext) {
        context.close(mode: .output, promise: nil)
        guard context.channel.isActive else { return }
        try? context.pipeline.syncOperations.addHandler(LingerHandler(), position: .first)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        timer = context.eventLoop.assumeIsolated().scheduleTask(in: Self.wait) {
            context.close(promise: nil)
        }
        context.read()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {}

    func channelReadComplete(context: ChannelHandlerContext) {
        // Handlers after this one may hold reads back (a client over its rate); here they are not asked.
        context.read()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .some(.inputClosed) = event as? ChannelEvent { context.close(promise: nil) }
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        context.fireChannelInactive()
    }
}
