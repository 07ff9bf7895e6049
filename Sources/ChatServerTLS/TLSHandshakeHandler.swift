// TLSHandshakeHandler: bounds a TLS handshake in time, opens the connection once it is done, and takes a close without close_notify as a close.
import ChatServer
import NIOCore
import NIOSSL
import NIOTLS

/// Right after `NIOSSLServerHandler`. A handshake that has not finished within the handshake timeout
/// is closed (a client that sends a ClientHello and stalls holds no connection for long); one that
/// finishes opens the connection: its own handlers go after this one and hear that the channel is
/// active, so that greeting and protocol detection start inside TLS. A failed handshake (garbage
/// after the first byte, a TLS version below 1.2) is logged and closed. It then stays: a client that
/// closes its TCP connection without TLS's close_notify (most do, once the server has said goodbye) is
/// an ordinary close, not logged as an error; every line is whole or dropped by the
/// framing, so a cut-off stream loses nothing it would not lose in plain text.
final class TLSHandshakeHandler: ChannelInboundHandler {
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

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        context.fireChannelInactive()
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
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if case .some(.uncleanShutdown) = error as? NIOSSLError {
            // The client's end of the stream, as a TCP close is without TLS: not an error for the log
            // (TLSDetectionHandler closes the socket on the end of input that follows).
            tls.log("TLS client closed without close_notify", level: .debug, channel: context.channel)
            return
        }
        guard !done else {
            context.fireErrorCaught(error)
            return
        }
        done = true
        tls.log("TLS handshake failed", level: .info, channel: context.channel, metadata: ["error": "\(error)"])
        context.close(promise: nil)
    }
}
