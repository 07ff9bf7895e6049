// LineFramingHandler: the NIO handler that turns filtered bytes into LineFramer frames.
import NIOCore

/// Passes on one `LineFramer.Frame` per input line. When the client closes its sending side, an
/// unterminated last line is passed on before the `ChannelEvent.inputClosed` event.
final class LineFramingHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = LineFramer.Frame

    private var framer: LineFramer

    init(maxLineBytes: Int) {
        framer = LineFramer(maxLineBytes: maxLineBytes)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        for frame in framer.append(buffer.readableBytesView) {
            context.fireChannelRead(wrapInboundOut(frame))
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .some(.inputClosed) = event as? ChannelEvent, let last = framer.finish() {
            context.fireChannelRead(wrapInboundOut(last))
        }
        context.fireUserInboundEventTriggered(event)
    }
}
