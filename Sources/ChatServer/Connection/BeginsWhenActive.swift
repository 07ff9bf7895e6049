// BeginsWhenActive: a connection handler whose work (a timer, a greeting) begins once its channel is active.

import NIOCore

/// A handler that starts something once its channel is active. Handlers of a connection are added
/// both before the channel is active (at accept) and after (admission adds the rest, detection adds
/// a protocol's), so each must begin on whichever comes second: `handlerAdded` on an active channel,
/// or `channelActive`. `begin` may be called twice (added, then active in an embedded test); it must
/// start only once.
protocol BeginsWhenActive: ChannelInboundHandler {
    /// Starts the handler's work; called when it is in the pipeline of an active channel.
    func begin(_ context: ChannelHandlerContext)
}

extension BeginsWhenActive {
    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { begin(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        begin(context)
        context.fireChannelActive()
    }
}
