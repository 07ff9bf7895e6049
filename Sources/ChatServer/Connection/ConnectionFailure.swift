// ConnectionFailure: what a handler does with an error of its connection: told to the observer, said in the log, the connection closed.
import Logging
import NIOCore
#if canImport(Glibc)
import Glibc
#endif

/// A failed connection, said the same way by whichever handler caught its error. A peer that reset the
/// connection or went away (a client whose network dropped, a load balancer's health check, which connects
/// and resets) is said at info: nothing is wrong with the server. Anything else is a warning.
enum ConnectionFailure {
    static func report(_ error: any Error, logger: Logger, observer: (any ServerObserver)?, context: ChannelHandlerContext) {
        logger.log(level: isPeerGone(error) ? .info : .warning, "connection error", metadata: ["error": "\(error)"])
        observer?.connectionFailed(error, accepting: false)
        context.close(promise: nil)
    }

    /// The peer reset the connection, or it was gone when we wrote.
    static func isPeerGone(_ error: any Error) -> Bool {
        guard let error = error as? IOError else { return false }
        return error.errnoCode == ECONNRESET || error.errnoCode == EPIPE
    }
}
