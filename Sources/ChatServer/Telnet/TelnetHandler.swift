// TelnetHandler: the NIO handler that runs every connection's bytes through a TelnetFilter.
import NIOCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// First handler of every connection: passes the client's data on with telnet commands removed,
/// answers negotiations itself, and fires `TelnetFilter.Event`s as user inbound events.
/// Outbound, it doubles any 0xFF byte so that data never reads as a command.
final class TelnetHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// Outbound user event: stop treating raw Ctrl-C and Ctrl-D bytes as an interrupt (IRC colour codes).
    struct KeepControlBytes: Sendable {}

    private var filter: TelnetFilter

    init(endsOnControlKeys: Bool = true) {
        filter = TelnetFilter(endsOnControlKeys: endsOnControlKeys)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        let pieces = filter.process(buffer.readableBytesView)
        // Replies go first: a client that sent IAC IP IAC DO TIMING-MARK discards output until the
        // answer to its TIMING-MARK arrives, and must still see the goodbye that the interrupt brings.
        var replied = false
        for case .reply(let bytes) in pieces {
            // Written from here, so it bypasses this handler's own escaping of 0xFF.
            context.write(wrapOutboundOut(context.channel.allocator.buffer(bytes: bytes)), promise: nil)
            replied = true
        }
        if replied { context.flush() }
        for piece in pieces {
            switch piece {
            case .data(let bytes):
                context.fireChannelRead(wrapInboundOut(context.channel.allocator.buffer(bytes: bytes)))
            case .event(let event):
                context.fireUserInboundEventTriggered(event)
            case .reply:
                break
            }
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let buffer = unwrapOutboundIn(data)
        // memchr: every reply passes here, and a JSON reply is about a kilobyte with no 0xFF in it.
        guard buffer.withUnsafeReadableBytes({ $0.baseAddress.map { memchr($0, Int32(TelnetByte.iac), buffer.readableBytes) != nil } ?? false }) else {
            context.write(data, promise: promise)
            return
        }
        var escaped = context.channel.allocator.buffer(capacity: buffer.readableBytes + 8)
        for byte in buffer.readableBytesView {
            escaped.writeInteger(byte)
            if byte == TelnetByte.iac { escaped.writeInteger(byte) }
        }
        context.write(wrapOutboundOut(escaped), promise: promise)
    }

    func triggerUserOutboundEvent(context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?) {
        if event is KeepControlBytes {
            filter.endsOnControlKeys = false
            promise?.succeed(())
        } else {
            context.triggerUserOutboundEvent(event, promise: promise)
        }
    }
}
