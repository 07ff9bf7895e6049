// TLSHandshakeHandler: bounds a TLS handshake in time, opens the connection once it is done, and closes it without waiting on a client that hung up.
import ChatServer
import NIOCore
import NIOSSL
import NIOTLS

/// Right after `NIOSSLServerHandler`. A handshake that has not finished within the handshake timeout
/// is closed (a client that sends a ClientHello and stalls holds no connection for long); one that
/// finishes opens the connection: its own handlers go after this one and hear that the channel is
/// active, so that greeting and protocol detection start inside TLS. A failed handshake (garbage
/// after the first byte, a TLS version below 1.2) is logged and closed. It then stays, for the end of
/// a connection: a client that closes its side without TLS's close_notify (most do) is an ordinary
/// end of input, not logged as an error, and every line is whole or dropped by the framing, so a
/// cut-off stream loses nothing it would not lose in plain text. Once the client's input has ended,
/// the close the connection's handlers ask for (after their last replies, which may wait for the
/// store), or one already waiting in NIOSSL, goes to the socket through `closeSocket`, past NIOSSL,
/// which would otherwise wait seconds for a close_notify that a client which has hung up can no
/// longer send.
final class TLSHandshakeHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer

    private let tls: ServerTLS
    private let opener: ConnectionOpener
    private let closeSocket: (EventLoopPromise<Void>?) -> Void
    private var timer: Scheduled<Void>?
    private var done = false
    private var inputEnded = false
    /// A close went to NIOSSL while the client's input was open: it waits for the client's close_notify.
    private var closing = false

    /// `closeSocket` closes the channel from in front of NIOSSL.
    init(tls: ServerTLS, opener: ConnectionOpener, closeSocket: @escaping (EventLoopPromise<Void>?) -> Void) {
        self.tls = tls
        self.opener = opener
        self.closeSocket = closeSocket
    }

    func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        if inputEnded, mode == .all {
            closeSocket(promise)
        } else {
            if mode == .all { closing = true }
            context.close(mode: mode, promise: promise)
        }
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
        if case .some(.inputClosed) = event as? ChannelEvent {
            inputEnded = true
            // The client hung up instead of answering the server's close_notify.
            if closing { closeSocket(nil) }
        }
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
            // (the end of input follows, and the handlers behind close as they would without TLS).
            tls.log("TLS client closed without close_notify", level: .debug, channel: context.channel)
            return
        }
        guard !done else {
            context.fireErrorCaught(error)
            return
        }
        done = true
        tls.log("TLS handshake failed", level: .info, channel: context.channel, metadata: ["error": "\(error)"])
        tls.observer?.connectionFailed(error, accepting: false)
        context.close(promise: nil)
    }
}
