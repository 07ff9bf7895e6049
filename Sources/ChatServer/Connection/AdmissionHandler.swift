// AdmissionHandler: admits a new connection against the session limits, or refuses it with a line saying why.
import Logging
import NIOCore

/// First of the connection's own handlers (after telnet and line framing). When the connection
/// becomes active it asks the registry: admitted, it puts the connection's handlers after itself and
/// leaves the pipeline, arranging for the registry to forget the session when the channel closes;
/// refused (the server is full, or this address has its share), it says so in the configured protocol
/// and closes, reading nothing meanwhile.
final class AdmissionHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny
    typealias OutboundOut = ByteBuffer

    private let setup: ConnectionSetup
    /// The client's address as a trusted PROXY header named it; nil: the socket's peer.
    private let proxiedAddress: String?
    private var lastWords = LastWords()

    init(setup: ConnectionSetup, address: String? = nil) {
        self.setup = setup
        self.proxiedAddress = address
    }

    func channelActive(context: ChannelHandlerContext) {
        let address = proxiedAddress ?? context.channel.remoteAddress?.ipAddress ?? "unknown"
        let openedAt = context.eventLoop.now
        switch setup.registry.admit(address: address, channel: context.channel) {
        case .admitted(let id):
            var logger = setup.logger
            logger[metadataKey: "connection"] = "\(id)"
            logger[metadataKey: "peer"] = "\(address)"
            logger.info("connection opened")
            let registry = setup.registry
            context.channel.closeFuture.whenComplete { _ in registry.release(id: id, address: address) }
            let connection = AdmittedConnection(id: id, address: address, logger: logger, openedAt: openedAt)
            do {
                try context.pipeline.syncOperations.addHandlers(setup.handlers(for: connection), after: self)
            } catch {
                // Only a pipeline that is already torn down refuses handlers: the channel is closing.
                context.close(promise: nil)
                return
            }
            context.fireChannelActive()
            context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
        case .serverFull(let limit):
            setup.logger.warning("connection refused: server full", metadata: ["peer": "\(address)", "limit": "\(limit)"])
            setup.configuration.observer?.refused(.serverFull)
            refuse(ServerMessages.tooManySessions(limit: limit), address: address, context: context)
        case .addressFull(let limit):
            setup.logger.warning("connection refused: too many from address", metadata: ["peer": "\(address)", "limit": "\(limit)"])
            setup.configuration.observer?.refused(.perAddress)
            refuse(ServerMessages.tooManyFromAddress(limit: limit), address: address, context: context)
        }
    }

    /// A refused client's lines and events go no further.
    func channelRead(context: ChannelHandlerContext, data: NIOAny) {}

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {}

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        ConnectionFailure.report(error, logger: setup.logger, observer: setup.configuration.observer, context: context)
    }

    private func refuse(_ reason: ServerSentence, address: String, context: ChannelHandlerContext) {
        let conversation = setup.makeConversation(setup.configuration.protocolMode, address: address)
        // No session has begun: the refusal is in the language of the dialog the server runs.
        lastWords.say(conversation.farewell(reason.text(in: setup.dialog.language)), context: context)
    }
}
