// EchoHandler: the benchmark baseline: each line comes back as it was sent, behind the same pipeline as a session.

import NIOCore

/// Takes the place of `AdmissionHandler` (and the handlers it adds) when `ServerConfiguration.baseline`
/// is `.echo` (`intake serve --echo`, for `make bench` only): the same event loops, telnet filter and
/// line framing, but no dialog, no limits and no logging, so a load run against it shows what the
/// stack alone costs per turn.
final class EchoHandler: BaselineHandler {
    typealias InboundIn = LineFramer.Frame
    typealias OutboundOut = ByteBuffer

    private static let greeting = Array("intake echo: each line comes back\r\n".utf8)

    func channelActive(context: ChannelHandlerContext) {
        context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(bytes: Self.greeting)), promise: nil)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer: ByteBuffer
        switch unwrapInboundIn(data) {
        case .line(let bytes):
            buffer = context.channel.allocator.buffer(capacity: bytes.count + 2)
            buffer.writeBytes(bytes)
        case .tooLong(let count):
            buffer = context.channel.allocator.buffer(string: "line too long: \(count) bytes")
        }
        buffer.writeBytes([0x0D, 0x0A])
        context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
    }
}

/// What the benchmark baselines share: no dialog, so a client that closes its side, or any error,
/// simply closes the connection.
protocol BaselineHandler: ChannelInboundHandler {}

extension BaselineHandler {
    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .some(.inputClosed) = event as? ChannelEvent {
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
