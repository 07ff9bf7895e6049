// AcceptErrorHandler: on the listening socket: an accept that failed (too many open files, ...) told to the observer.
import NIOCore

/// NIO fires an accept's failure as an error on the server channel; the server goes on listening.
final class AcceptErrorHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = NIOAny

    private let observer: any ServerObserver

    init(observer: any ServerObserver) {
        self.observer = observer
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        observer.connectionFailed(error, accepting: true)
        context.fireErrorCaught(error)
    }
}
