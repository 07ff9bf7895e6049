// ConversationHandler: the last handler of a connection: its conversation, the replies, and the waits for the store.
import DialogKit
import Logging
import NIOCore

/// Owns the connection's `Conversation` (and so its `Session`): hands it each line, sends what it
/// replies, and speaks for the connection, saying in the protocol's words what the handlers before ask
/// (a notice, a close). A reply that waits for a write of the store is sent once the write is done;
/// meanwhile the rate limiter keeps the client's lines (`ConnectionSignal`). Greets as it is added.
final class ConversationHandler: BeginsWhenActive, RemovableChannelHandler {
    typealias InboundIn = LineFramer.Frame
    typealias OutboundOut = ByteBuffer

    private let setup: ConnectionSetup
    private let connection: AdmittedConnection
    /// Nil only while a turn runs (see `channelRead`).
    private var conversation: (any Conversation)?
    private let protocolName: String
    private var lastWords = LastWords()
    private var started = false
    private var waitingForStore = false
    private var inactive = false
    private var loggedOutcome = false
    /// When the line being answered came (`ServerObserver.turnAnswered`); nil between turns.
    private var turnBegan: NIODeadline?
    private var observer: (any ServerObserver)? { setup.configuration.observer }

    init(conversation: any Conversation, setup: ConnectionSetup, connection: AdmittedConnection) {
        self.conversation = conversation
        protocolName = conversation.protocolName
        self.setup = setup
        self.connection = connection
    }

    private var logger: Logger { connection.logger }

    func channelInactive(context: ChannelHandlerContext) {
        inactive = true
        let seconds = Double((context.eventLoop.now - connection.openedAt).nanoseconds) / 1e9
        logger.info("connection closed", metadata: [
            "protocol": "\(protocolName)",
            "outcome": "\(conversation?.outcomeCode ?? "none")",
            "seconds": "\(Int(seconds.rounded()))",
        ])
        if started { observer?.sessionEnded(protocol: protocolName, outcome: conversation?.outcomeCode) }
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !lastWords.said else { return }
        let frame = unwrapInboundIn(data)
        if waitingForStore {
            // The line that chose the protocol, whose opening waits for the store (a kept session's
            // resume code): the first answer, taken once the opening is sent.
            context.triggerUserOutboundEvent(ConnectionSignal.holdFirst(frame), promise: nil)
            return
        }
        guard var conversation else { return }
        // Taken out while it runs, so that the copy is the only one: otherwise the turn's changes
        // copied the whole session (its answers included) on every line.
        self.conversation = nil
        let reply: Reply
        switch frame {
        case .line(let bytes):
            reply = conversation.receive(bytes)
            if !reply.isKeepAlive {
                turnBegan = context.eventLoop.now
                context.triggerUserOutboundEvent(ConnectionSignal.answered, promise: nil)
            }
        case .tooLong(let bytes):
            logger.notice("line too long", metadata: ["bytes": "\(bytes)"])
            observer?.refused(.lineTooLong)
            reply = conversation.lineTooLong(limit: setup.limits.maxLineBytes)
        }
        self.conversation = conversation
        send(reply, context: context)
        noteOutcome()
        endTurn(context)
    }

    /// The line's reply is sent (unless it still waits for the store): the turn is over.
    private func endTurn(_ context: ChannelHandlerContext) {
        guard !waitingForStore, let began = turnBegan else { return }
        turnBegan = nil
        observer?.turnAnswered(after: .nanoseconds((context.eventLoop.now - began).nanoseconds))
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .windowSize(let width, _) = event as? TelnetFilter.Event {
            conversation?.resize(columns: width)
        } else if case .interrupt(let kind) = event as? TelnetFilter.Event, conversation?.isKiosk == true {
            // A kiosk's Ctrl-C or Ctrl-D ends the person's session, not the kiosk's connection.
            endPerson(.interrupted, log: LogLine(.info, "kiosk: client interrupt", ["kind": "\(kind.rawValue)"]), context: context)
        } else if case .endPerson(let why, _, let log) = event as? ServiceRequest, conversation?.isKiosk == true {
            endPerson(why, log: log, context: context)
        } else if let request = event as? ServiceRequest ?? ServiceRequest(for: event) {
            guard !lastWords.said, let conversation else { return }
            if case .notice(let text, let log) = request {
                log.write(to: logger)
                send(conversation.notice(text.text(in: conversation.language)), context: context)
            } else {
                lastWords.close(as: request, in: conversation.language, farewell: conversation.farewell, logger: logger, context: context)
            }
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    /// A kiosk's person's session ends; the conversation greets the next person (or shows the goodbye first).
    private func endPerson(_ why: PersonEnd, log: LogLine, context: ChannelHandlerContext) {
        guard !lastWords.said, !waitingForStore, var conversation else { return }
        log.write(to: logger)
        self.conversation = nil  // the only copy while it runs, as in `channelRead`
        let reply = conversation.endPerson(why)
        self.conversation = conversation
        send(reply, context: context)
        noteOutcome()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        ConnectionFailure.report(error, logger: logger, observer: observer, context: context)
    }

    /// The protocol is chosen: its opening (the plain greeting; nothing for IRC, which waits for the
    /// client to register).
    func begin(_ context: ChannelHandlerContext) {
        guard !started, var conversation else { return }
        started = true
        logger.info("protocol chosen", metadata: ["protocol": "\(protocolName)"])
        observer?.sessionStarted(protocol: protocolName)
        if !conversation.endsOnControlKeys {
            context.triggerUserOutboundEvent(TelnetHandler.KeepControlBytes(), promise: nil)
        }
        self.conversation = nil
        let reply = conversation.begin()
        self.conversation = conversation
        send(reply, context: context)
        noteOutcome()
    }

    private func noteOutcome() {
        if !loggedOutcome, let code = conversation?.outcomeCode {
            loggedOutcome = true
            logger.info("outcome reached", metadata: ["outcome": "\(code)"])
        }
    }

    private func send(_ reply: Reply, context: ChannelHandlerContext) {
        if reply.closes {
            lastWords.say(reply, context: context)
            return
        }
        if let step = reply.kioskStep {
            if step == .newPerson { loggedOutcome = false }
            context.triggerUserOutboundEvent(ConnectionSignal.kiosk(step), promise: nil)
        }
        if let write = reply.waiting { wait(for: write, context: context) }
        if !reply.text.isEmpty {
            context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(string: reply.text)), promise: nil)
        }
    }

    // MARK: Waiting for the store

    /// The reply waits for a write of the store: called back on the store's thread, it hops to this
    /// connection's loop, where the rest of the reply is made and sent and the lines that came
    /// meanwhile are taken up.
    private func wait(for write: any DurableWrite, context: ChannelHandlerContext) {
        waitingForStore = true
        context.triggerUserOutboundEvent(ConnectionSignal.waitingForStore, promise: nil)
        let loop = context.eventLoop
        let bound = NIOLoopBound((self, context), eventLoop: loop)
        let back: @Sendable () -> Void = {
            let (handler, context) = bound.value
            handler.written(context: context)
        }
        if let inbox = setup.inboxes[ObjectIdentifier(loop)] {
            write.whenDone { inbox.post(back) }
        } else {
            write.whenDone { loop.execute(back) }
        }
    }

    private func written(context: ChannelHandlerContext) {
        waitingForStore = false
        // The connection closed meanwhile (or is closing): the answer is kept, there is no one to tell.
        guard !inactive, !lastWords.said, var conversation else { return }
        self.conversation = nil  // the only copy while it runs, as in `channelRead`
        let reply = conversation.continueAfterWrite()
        self.conversation = conversation
        send(reply, context: context)
        noteOutcome()
        endTurn(context)
        if !waitingForStore, !lastWords.said {
            context.triggerUserOutboundEvent(ConnectionSignal.written, promise: nil)
        }
    }
}
