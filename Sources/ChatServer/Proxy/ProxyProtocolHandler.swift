// ProxyProtocolHandler: first in the pipeline with --proxy-protocol-from: reads the balancer's PROXY header, then opens the connection as the client's.
import Logging
import NIOCore

/// In front of everything else (TLS detection, protocol detection), when the server trusts load
/// balancers. From a trusted peer it holds the connection until a whole PROXY header came (in as many
/// reads as it takes), then opens the rest of the pipeline with the header's address and passes on what
/// followed it. From any other peer it opens at once with the socket's address (the server speaks
/// first), and watches only the first bytes: a header there is refused. A refusal is one line, then the
/// close; the balancer's client sees it as any other refusal.
final class ProxyProtocolHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// Adds the connection's handlers after this one, for the client at the address given.
    typealias Open = (ChannelPipeline.SynchronousOperations, String) throws -> Void

    private let trust: ProxyProtocolTrust
    private let logger: Logger
    private let open: Open
    private var received: [UInt8] = []
    private var trusted = false
    private var started = false
    private var done = false
    private var timer: Scheduled<Void>?

    init(trust: ProxyProtocolTrust, logger: Logger, open: @escaping Open) {
        self.trust = trust
        self.logger = logger
        self.open = open
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { begin(context) }
    }

    /// Held back until the connection is opened for its client.
    func channelActive(context: ChannelHandlerContext) {
        begin(context)
    }

    private func begin(_ context: ChannelHandlerContext) {
        guard !started else { return }
        started = true
        guard let peer = context.channel.remoteAddress else {
            // Gone before its address could be read: a balancer's health check connects, sends its header and
            // resets at once. Nobody to serve, and no untrusted peer to refuse (that warning would come every check).
            done = true
            logger.debug("connection gone before its address could be read")
            context.close(promise: nil)
            return
        }
        trusted = trust.trusts(peer)
        guard trusted else {
            // A client of its own: opened now, the header watch stays for its first bytes.
            openConnection(context, address: context.channel.remoteAddress?.ipAddress ?? "unknown", passing: nil, leave: false)
            return
        }
        timer = context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(trust.headerWait)) { [self] in
            timer = nil
            let milliseconds = trust.headerWait.nanoseconds / 1_000_000
            let wait = milliseconds % 1000 == 0 ? "\(milliseconds / 1000) s" : "\(milliseconds) ms"
            refuse(context, "no PROXY header came from the load balancer within \(wait)")
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !done else {
            context.fireChannelRead(data)
            return
        }
        let bytes = unwrapInboundIn(data)
        received += bytes.readableBytesView
        let reading = ProxyHeader.read(received)
        if !trusted {
            switch reading {
            case .incomplete where !received.contains(0x0A):
                return
            case .incomplete:
                // An empty line ("\r\n") begins like the binary signature; a line is a client's.
                done = true
                passOn(context)
                context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
            case .header, .malformed:
                refuse(context, "a PROXY header came from \(context.channel.remoteAddress?.ipAddress ?? "an unknown address"), which is not a trusted load balancer")
            case .absent:
                done = true
                passOn(context)
                context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
            }
            return
        }
        switch reading {
        case .incomplete:
            return
        case .absent:
            refuse(context, "the load balancer's connection did not begin with a PROXY header")
        case .malformed(let reason):
            refuse(context, reason)
        case .header(let header):
            received.removeFirst(header.length)
            let peer = context.channel.remoteAddress?.ipAddress ?? "unknown"
            openConnection(context, address: header.source ?? peer, passing: received, leave: true)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        if done || !trusted { context.fireChannelInactive() }
        done = true
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if trusted, !done, case .some(.inputClosed) = event as? ChannelEvent {
            // A balancer that hung up before its header had nothing to say.
            done = true
            timer?.cancel()
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    /// Adds the connection's handlers, tells them it is active, and passes on `passing`.
    private func openConnection(_ context: ChannelHandlerContext, address: String, passing: [UInt8]?, leave: Bool) {
        timer?.cancel()
        timer = nil
        do {
            try open(context.pipeline.syncOperations, address)
        } catch {
            context.close(promise: nil)
            return
        }
        context.fireChannelActive()
        guard let passing else { return }
        done = true
        received = passing
        passOn(context)
        if leave { context.pipeline.syncOperations.removeHandler(context: context, promise: nil) }
    }

    private func passOn(_ context: ChannelHandlerContext) {
        guard !received.isEmpty else { return }
        let buffer = context.channel.allocator.buffer(bytes: received)
        received = []
        context.fireChannelRead(wrapInboundOut(buffer))
        context.fireChannelReadComplete()
    }

    /// One line saying why, then the close; nothing read is passed on.
    private func refuse(_ context: ChannelHandlerContext, _ reason: String) {
        guard !done else { return }
        done = true
        timer?.cancel()
        timer = nil
        received = []
        logger.warning("connection refused: PROXY header", metadata: [
            "peer": "\(context.channel.remoteAddress?.ipAddress ?? "unknown")", "reason": "\(reason)",
        ])
        let line = context.channel.allocator.buffer(string: ServerMessages.proxyHeaderRefused(reason) + "\r\n")
        // Lingering, as after a flood: the client may still be sending (a 1 MB line), and closing with its bytes
        // unread would send an RST that can destroy the refusal before it is read.
        context.writeAndFlush(wrapOutboundOut(line)).assumeIsolated().whenComplete { _ in LingerHandler.start(context: context) }
    }
}
