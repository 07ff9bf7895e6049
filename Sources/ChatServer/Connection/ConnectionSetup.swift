// ConnectionSetup: what every connection of a server shares, and the handlers each admitted one gets.
import DialogKit
import Logging
import NIOCore

/// What every connection of a server shares. It makes a connection's conversation and handlers, so
/// that the pipeline's shape is written in one place.
struct ConnectionSetup: Sendable {
    let dialog: Dialog
    let configuration: ServerConfiguration
    let registry: ConnectionRegistry
    let logger: Logger
    /// Where finished store writes come back to each loop (`CompletionInbox`).
    let inboxes: [ObjectIdentifier: CompletionInbox]

    var limits: ServerLimits { configuration.limits }

    /// A new conversation in `mode` (plain for `auto`: what is spoken while no protocol is chosen).
    func makeConversation(_ mode: ChatProtocol, address: String) -> any Conversation {
        switch mode {
        case .irc:
            let (dialog, makeRunner) = (dialog, configuration.makeRunner)
            return IRCConversation(dialog: dialog, identity: configuration.irc, clientHost: address,
                                   makeRunner: { makeRunner(dialog, .irc, address) })
        case .json:
            return JSONConversation(session: configuration.makeRunner(dialog, .json, address))
        case .plain, .auto:
            let (dialog, makeRunner) = (dialog, configuration.makeRunner)
            guard let kiosk = configuration.kiosk else { return PlainConversation(session: makeRunner(dialog, .plain, address)) }
            return PlainConversation(kioskSession: makeRunner(dialog, .plain, address), readingTime: kiosk.readingTime,
                                     makeSession: { makeRunner(dialog, .plain, address) })
        }
    }

    /// What an admitted connection gets after the admission handler, in pipeline order: reading held
    /// back while the client does not read (NIO's `BackPressureHandler`), the rate limit, the idle
    /// watchdog, then the detector in `auto` mode, else the protocol's own handlers.
    func handlers(for connection: AdmittedConnection) -> [any ChannelHandler] {
        var handlers: [any ChannelHandler] = [
            BackPressureHandler(),
            RateLimitHandler(limits: limits, observer: configuration.observer),
            IdleWatchdog(limits: limits, openedAt: connection.openedAt, kiosk: configuration.kiosk != nil,
                         observer: configuration.observer),
        ]
        if configuration.protocolMode == .auto {
            handlers.append(ProtocolDetectionHandler(setup: self, connection: connection))
        } else {
            handlers += protocolHandlers(configuration.protocolMode, connection: connection, columns: nil)
        }
        return handlers
    }

    /// The handlers that speak `mode`: a keep-alive when the protocol has one (IRC's PING), then the
    /// conversation, which owns the connection's session.
    func protocolHandlers(_ mode: ChatProtocol, connection: AdmittedConnection,
                          columns: Int?) -> [any RemovableChannelHandler] {
        var conversation = makeConversation(mode, address: connection.address)
        if let columns { conversation.resize(columns: columns) }
        var handlers: [any RemovableChannelHandler] = []
        if let ping = conversation.keepAlive {
            handlers.append(KeepAliveHandler(ping: ping, interval: limits.ircPingInterval))
        }
        handlers.append(ConversationHandler(conversation: conversation, setup: self, connection: connection))
        return handlers
    }
}

/// An admitted connection, as the handlers after admission know it.
struct AdmittedConnection: Sendable {
    /// Numbers the connection in the log.
    let id: Int
    /// The client's IP address ("unknown" when the socket has none).
    let address: String
    /// The server's logger with this connection's number and address.
    let logger: Logger
    /// When the connection came (the session length counts from here).
    let openedAt: NIODeadline
}

extension ChannelPipeline.SynchronousOperations {
    /// Adds `handlers` after `anchor` in their order, each one's `handlerAdded` called in that order
    /// (NIO's `addHandlers(position: .after)` adds them last to first).
    func addHandlers(_ handlers: [any ChannelHandler], after anchor: any ChannelHandler) throws {
        var previous = anchor
        for handler in handlers {
            try addHandler(handler, position: .after(previous))
            previous = handler
        }
    }
}
