// TLSDetectionHandler: the first byte a client sends tells a TLS handshake from plain text.
import ChatServer
import NIOCore
import NIOSSL

/// First in the pipeline of every connection when TLS is on. It holds the connection until the
/// client's first byte: 0x16, a TLS handshake record, puts `NIOSSLServerHandler` and the handshake's
/// timer (`TLSHandshakeHandler`) after it; anything else, or nothing within the plain-text wait, is a
/// plain-text client, opened at once if the policy allows it and otherwise told to use TLS and closed.
/// A plain-text connection it then leaves, passing on the bytes it read. Under TLS it stays in front of
/// NIOSSL, passing everything on, so that `TLSHandshakeHandler` can close the socket from here once the
/// client has hung up (NIOSSL would wait seconds for its close_notify, holding the connection and its
/// session slot).
final class TLSDetectionHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// The first byte of a TLS record that carries a handshake message (RFC 8446, 5.1).
    static let handshakeRecord: UInt8 = 0x16

    private let tls: ServerTLS
    private let opener: ConnectionOpener
    private var timer: Scheduled<Void>?
    private var started = false
    private var decided = false
    private var underTLS = false

    init(tls: ServerTLS, opener: ConnectionOpener) {
        self.tls = tls
        self.opener = opener
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { begin(context) }
    }

    /// Held back: the connection's own handlers hear of it when they are added.
    func channelActive(context: ChannelHandlerContext) {
        begin(context)
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        decided = true
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if underTLS {
            context.fireChannelRead(data)
            return
        }
        guard !decided else { return }
        let bytes = unwrapInboundIn(data)
        guard let first = bytes.getInteger(at: bytes.readerIndex, as: UInt8.self) else { return }
        decide(tls: first == Self.handshakeRecord, context: context, firstBytes: bytes)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if underTLS { context.fireChannelReadComplete() }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if underTLS {
            context.fireUserInboundEventTriggered(event)
            return
        }
        // A client that shuts its side before saying anything has nothing to say.
        if case .some(.inputClosed) = event as? ChannelEvent, !decided {
            decided = true
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if underTLS {
            context.fireErrorCaught(error)
            return
        }
        tls.log("connection error before TLS or plain text was chosen", level: .info, channel: context.channel,
                metadata: ["error": "\(error)"])
        context.close(promise: nil)
    }

    private func begin(_ context: ChannelHandlerContext) {
        guard !started else { return }
        started = true
        timer = context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(tls.options.plainWait)) { [self] in
            timer = nil
            guard !decided else { return }
            decide(tls: false, context: context, firstBytes: nil)
        }
    }

    private func decide(tls useTLS: Bool, context: ChannelHandlerContext, firstBytes: ByteBuffer?) {
        decided = true
        timer?.cancel()
        timer = nil
        if useTLS {
            let handlers: [any ChannelHandler] = [
                NIOSSLServerHandler(context: tls.credentials.context),
                TLSHandshakeHandler(tls: tls, opener: opener, closeSocket: { promise in context.close(promise: promise) }),
            ]
            do {
                try context.pipeline.syncOperations.addHandlers(handlers, position: .after(self))
            } catch {
                context.close(promise: nil)
                return
            }
            underTLS = true
            if let firstBytes {
                context.fireChannelRead(wrapInboundOut(firstBytes))
                context.fireChannelReadComplete()
            }
            return
        } else {
            guard tls.allowsPlaintext(from: context.channel.remoteAddress) else {
                tls.log("plain-text connection refused: TLS is required off loopback", level: .notice, channel: context.channel)
                let line = context.channel.allocator.buffer(string: ServerTLS.plaintextRefusal)
                context.writeAndFlush(wrapOutboundOut(line)).assumeIsolated().whenComplete { _ in
                    context.close(promise: nil)
                }
                return
            }
            do {
                try opener.open(from: context)
            } catch {
                context.close(promise: nil)
                return
            }
        }
        if let firstBytes {
            context.fireChannelRead(wrapInboundOut(firstBytes))
            context.fireChannelReadComplete()
        }
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }
}
