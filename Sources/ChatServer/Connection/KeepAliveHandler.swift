// KeepAliveHandler: for a protocol whose clients expect it (IRC): a ping after a silence, a close when it goes unanswered.
import NIOCore

/// Put before the conversation of a protocol that has a keep-alive (`Conversation.keepAlive`, IRC's
/// PING). After `interval` without a line from the client it sends the keep-alive; after as long again
/// without one, it asks for a close ("Ping timeout"). Any line counts, a PONG as much as an answer.
final class KeepAliveHandler: ChannelDuplexHandler, BeginsWhenActive, RemovableChannelHandler {
    typealias InboundIn = LineFramer.Frame
    typealias OutboundIn = NIOAny
    typealias OutboundOut = ByteBuffer

    private let ping: Reply
    private let interval: TimeAmount
    private var outstanding = false
    private var timer: Scheduled<Void>?
    private var started = false
    private var closing = false

    init(ping: Reply, interval: Duration) {
        self.ping = ping
        self.interval = .nanoseconds(interval.nanoseconds)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        stop()
    }

    func channelInactive(context: ChannelHandlerContext) {
        stop()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if !closing {
            outstanding = false
            restart(context)
        }
        context.fireChannelRead(data)
    }

    func triggerUserOutboundEvent(context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?) {
        if case .some(.closing) = event as? ConnectionSignal {
            closing = true
            stop()
        }
        context.triggerUserOutboundEvent(event, promise: promise)
    }

    func begin(_ context: ChannelHandlerContext) {
        guard !started else { return }
        started = true
        restart(context)
    }

    private func stop() {
        timer?.cancel()
        timer = nil
    }

    private func restart(_ context: ChannelHandlerContext) {
        timer?.cancel()
        timer = context.eventLoop.assumeIsolated().scheduleTask(in: interval) { [self] in
            timer = nil
            fired(context)
        }
    }

    private func fired(_ context: ChannelHandlerContext) {
        guard !closing else { return }
        if outstanding {
            context.fireUserInboundEventTriggered(ServiceRequest.close(
                reason: ServerMessages.pingTimeout, log: LogLine(.info, "closing: ping timeout"), linger: false))
            return
        }
        outstanding = true
        context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(string: ping.text)), promise: nil)
        restart(context)
    }
}
