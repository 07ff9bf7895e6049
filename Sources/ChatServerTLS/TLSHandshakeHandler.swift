// TLSHandshakeHandler: bounds a TLS handshake in time, and opens the connection once it is done.
import ChatServer
import NIOCore
import NIOSSL
import NIOTLS

/// Right after `NIOSSLServerHandler`. A handshake that has not finished within the handshake timeout
/// is closed (a client that sends a ClientHello and stalls holds no connection for long); one that
/// finishes opens the connection: its own handlers go after this one and hear that the channel is
/// active, so that greeting and protocol detection start inside TLS. A failed handshake (garbage
/// after the first byte, a TLS version below 1.2) is logged and closed.
final class TLSHandshakeHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer

    private let tls: ServerTLS
    private let opener: ConnectionOpener
    private var timer: Scheduled<Void>?
    private var done = false

    init(tls: ServerTLS, opener: ConnectionOpener) {
        self.tls = tls
        self.opener = opener
    }

    func handlerAdded(context: ChannelHandlerContext) {
        timer = context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(tls.options.handshakeTimeout)) { [self] in
            timer = nil
            guard !done else { return }
            done = true
            tls.log("TLS handshake timed out", level: .info, channel: context.channel,
                    metadata: ["seconds": "\(tls.options.handshakeTimeout.components.seconds)"])
            context.close(promise: nil)
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
    }

    /// NIOSSL fires it as it is added to an active channel; the connection's handlers get theirs on opening.
    func channelActive(context: ChannelHandlerContext) {}

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.fireChannelRead(data)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard case .some(.handshakeCompleted(let negotiated)) = event as? TLSUserEvent, !done else {
            context.fireUserInboundEventTriggered(event)
            return
        }
        done = true
        timer?.cancel()
        timer = nil
        tls.log("TLS handshake done", level: .debug, channel: context.channel,
                metadata: ["alpn": "\(negotiated ?? "none")"])
        do {
            try opener.open(from: context)
        } catch {
            context.close(promise: nil)
            return
        }
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard !done else {
            context.fireErrorCaught(error)
            return
        }
        done = true
        tls.log("TLS handshake failed", level: .info, channel: context.channel, metadata: ["error": "\(error)"])
        context.close(promise: nil)
    }
}
