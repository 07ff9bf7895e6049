// ConnectionHandler: one connection's life: admission, protocol choice, its Session, timers, limits.
import DialogKit
import Logging
import NIOCore

/// The last handler of a connection's pipeline. It admits or refuses the connection, picks the
/// protocol (`auto`: by the first line, or plain after a short wait), owns the conversation and so the
/// connection's `Session`, and enforces the per-connection limits: line length (reported by the
/// framer), input rate, idle timeout with a warning, session length. Every close it decides on is
/// preceded by a line saying why.
final class ConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = LineFramer.Frame
    typealias OutboundOut = ByteBuffer

    /// What every connection of a server shares.
    struct Shared: Sendable {
        let dialog: Dialog
        let configuration: ServerConfiguration
        let registry: ConnectionRegistry
        let logger: Logger
        /// Where finished store writes come back to each loop (`CompletionInbox`).
        let inboxes: [ObjectIdentifier: CompletionInbox]
    }

    private let shared: Shared
    private var limits: ServerLimits { shared.configuration.limits }
    private var logger: Logger
    private var address = "unknown"
    private var admitted = false
    private var connectionID = 0
    private var closing = false
    private var conversation: (any Conversation)?
    private var columns: Int?
    private var loggedOutcome = false
    private var receivedLine = false
    private var openedAt = NIODeadline.now()

    private var rateLimiter: InputRateLimiter
    private var backlog: [LineFramer.Frame] = []
    private var backlogStart = 0
    private var warnedSlow = false
    private var inputEnded = false
    private var pausedForRate = false
    private var pausedForWrites = false
    /// A reply is waiting for its answer to be kept: lines that come meanwhile wait in the backlog.
    private var waitingForStore = false
    private var pausedForStore = false
    private var inactive = false
    private var pingOutstanding = false

    private var detectionTimer: Scheduled<Void>?
    private var drainTimer: Scheduled<Void>?
    /// One timer for the idle warning, the idle timeout and the session length: a line only moves
    /// `lastInput`, and the timer, when it fires, works out what is due and sets itself again. (NIO
    /// cancels a scheduled task by a linear search of the loop's timers, so cancelling and scheduling
    /// two of them on every line cost O(connections) per line: 20 us a line at 10,000 connections.)
    private var watchdog: Scheduled<Void>?
    private var watchdogDeadline = NIODeadline.distantFuture
    private var lastInput = NIODeadline.now()
    private var idleWarned = false
    private var pingTimer: Scheduled<Void>?
    /// After a flood: the farewell is written and output closed; input is read and dropped until this fires.
    private var lingerTimer: Scheduled<Void>?
    private var draining = false

    init(shared: Shared) {
        self.shared = shared
        logger = shared.logger
        rateLimiter = InputRateLimiter(linesPerSecond: shared.configuration.limits.linesPerSecond,
                                       burst: shared.configuration.limits.lineBurst)
    }

    // MARK: Channel events

    func channelActive(context: ChannelHandlerContext) {
        address = context.channel.remoteAddress?.ipAddress ?? "unknown"
        openedAt = .now()
        switch shared.registry.admit(address: address, channel: context.channel) {
        case .admitted(let id):
            admitted = true
            connectionID = id
            logger[metadataKey: "connection"] = "\(id)"
            logger[metadataKey: "peer"] = "\(address)"
            logger.info("connection opened")
        case .serverFull(let limit):
            shared.logger.warning("connection refused: server full", metadata: ["peer": "\(address)", "limit": "\(limit)"])
            refuse(ServerMessages.tooManySessions(limit: limit), context: context)
            return
        case .addressFull(let limit):
            shared.logger.warning("connection refused: too many from address", metadata: ["peer": "\(address)", "limit": "\(limit)"])
            refuse(ServerMessages.tooManyFromAddress(limit: limit), context: context)
            return
        }

        resetIdleTimers(context)

        switch shared.configuration.protocolMode {
        case .auto:
            detectionTimer = schedule(context, after: shared.configuration.detectionWait) { handler, context in
                if handler.conversation == nil { handler.choose(.plain, context: context) }
            }
        case let mode:
            choose(mode, context: context)
        }
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        inactive = true
        cancelTimers()
        if admitted {
            shared.registry.release(id: connectionID, address: address)
            let seconds = Double((NIODeadline.now() - openedAt).nanoseconds) / 1e9
            logger.info("connection closed", metadata: [
                "protocol": "\(conversation?.protocolName ?? "none")",
                "outcome": "\(conversation?.outcomeCode ?? "none")",
                "seconds": "\(Int(seconds.rounded()))",
            ])
        }
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard admitted, !closing else { return }
        let frame = unwrapInboundIn(data)
        if waitingForStore {
            holdUntilWritten(frame, context: context)
            return
        }
        if backlog.count - backlogStart > 0 {
            enqueue(frame, context: context)
            return
        }
        if let wait = rateLimiter.take(now: NIODeadline.now().uptimeNanoseconds) {
            enqueue(frame, context: context)
            scheduleDrain(after: wait, context: context)
            return
        }
        handle(frame, context: context)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        switch event {
        case let telnet as TelnetFilter.Event:
            switch telnet {
            case .interrupt(let kind):
                guard admitted, !closing else { return }
                logger.info("closing: client interrupt", metadata: ["kind": "\(kind.rawValue)"])
                close(ServerMessages.interrupted, context: context)
            case .windowSize(let width, _):
                columns = width
                conversation?.resize(columns: width)
            }
        case ChannelEvent.inputClosed:
            if draining {
                context.close(promise: nil)
                return
            }
            guard admitted, !closing else { return }
            inputEnded = true
            if backlog.count == backlogStart, !waitingForStore { endOfInput(context: context) }
        case is ChatServer.Stopping:
            guard admitted, !closing else { return }
            logger.info("closing: server stopping")
            close(ServerMessages.stopping, context: context)
        default:
            context.fireUserInboundEventTriggered(event)
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        // A client that does not read what it is sent stops being read from until it catches up.
        pausedForWrites = !context.channel.isWritable
        updateReading(context)
        context.fireChannelWritabilityChanged()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        logger.warning("connection error", metadata: ["error": "\(error)"])
        context.close(promise: nil)
    }

    // MARK: Protocol and lines

    private func choose(_ mode: ChatProtocol, context: ChannelHandlerContext) {
        detectionTimer?.cancel()
        detectionTimer = nil
        var conversation = makeConversation(mode)
        if let columns { conversation.resize(columns: columns) }
        logger.info("protocol chosen", metadata: ["protocol": "\(conversation.protocolName)"])
        if !conversation.endsOnControlKeys {
            context.triggerUserOutboundEvent(TelnetHandler.KeepControlBytes(), promise: nil)
        }
        let reply = conversation.begin()
        self.conversation = conversation
        send(reply, context: context)
        if conversation is IRCConversation { resetPingTimer(context) }
        noteOutcome()
    }

    private func makeConversation(_ mode: ChatProtocol) -> any Conversation {
        switch mode {
        case .irc:
            let (dialog, makeRunner) = (shared.dialog, shared.configuration.makeRunner)
            return IRCConversation(
                dialog: shared.dialog, identity: shared.configuration.irc, clientHost: address,
                makeRunner: { makeRunner(dialog, .irc) })
        case .json:
            return JSONConversation(session: shared.configuration.makeRunner(shared.dialog, .json))
        case .plain, .auto:
            return PlainConversation(session: shared.configuration.makeRunner(shared.dialog, .plain))
        }
    }

    private func handle(_ frame: LineFramer.Frame, context: ChannelHandlerContext) {
        guard !closing else { return }
        let isFirstLine = !receivedLine
        receivedLine = true
        if conversation == nil {
            switch frame {
            case .line(let bytes): choose(ProtocolDetector.detect(firstLine: bytes), context: context)
            case .tooLong: choose(.plain, context: context)
            }
        } else if isFirstLine, shared.configuration.protocolMode == .auto, conversation is PlainConversation,
                  case .line(let bytes) = frame, ProtocolDetector.detect(firstLine: bytes) == .irc {
            // An IRC client slower than the greeting wait: no person has answered yet, so switch.
            // The plain greeting ended on a prompt without a line break; end that line, or the first IRC
            // message would be glued to "> " (and one byte past IRC's 512 when it is a full-length reply).
            logger.info("late protocol switch")
            send(Reply(text: "\r\n"), context: context)
            choose(.irc, context: context)
        }
        if waitingForStore {
            // The protocol was chosen by this line, and its opening waits for the store (a kept
            // session's resume code): the line is the first answer, taken once the opening is sent.
            holdUntilWritten(frame, context: context, first: true)
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
            if !reply.isKeepAlive { resetIdleTimers(context) }
        case .tooLong(let bytes):
            logger.notice("line too long", metadata: ["bytes": "\(bytes)"])
            reply = conversation.lineTooLong(limit: limits.maxLineBytes)
        }
        self.conversation = conversation
        pingOutstanding = false
        if conversation is IRCConversation { resetPingTimer(context) }
        send(reply, context: context)
        noteOutcome()
    }

    private func noteOutcome() {
        if !loggedOutcome, let code = conversation?.outcomeCode {
            loggedOutcome = true
            logger.info("outcome reached", metadata: ["outcome": "\(code)"])
        }
    }

    // MARK: Waiting for the store

    /// The reply waits for a write of the store: called back on the store's thread, it hops to this
    /// connection's loop, where the rest of the reply is made and sent and the lines that came
    /// meanwhile are taken up.
    private func wait(for write: any DurableWrite, context: ChannelHandlerContext) {
        waitingForStore = true
        let loop = context.eventLoop
        let bound = NIOLoopBound((self, context), eventLoop: loop)
        let back: @Sendable () -> Void = {
            let (handler, context) = bound.value
            handler.writeDone(context: context)
        }
        if let inbox = shared.inboxes[ObjectIdentifier(loop)] {
            write.whenDone { inbox.post(back) }
        } else {
            write.whenDone { loop.execute(back) }
        }
    }

    /// Keeps a line until the reply being written is sent: one at a time, in order, and reading
    /// stops meanwhile. What one read brought still counts against the flood limit. `first`: the
    /// line goes before those already kept (it was being handled when the wait began).
    private func holdUntilWritten(_ frame: LineFramer.Frame, context: ChannelHandlerContext, first: Bool = false) {
        if first { backlog.insert(frame, at: backlogStart) } else { backlog.append(frame) }
        if backlog.count - backlogStart > limits.floodBacklog {
            closeForFlood(context: context)
            return
        }
        if !pausedForStore {
            pausedForStore = true
            updateReading(context)
        }
    }

    private func writeDone(context: ChannelHandlerContext) {
        waitingForStore = false
        // The connection closed meanwhile (or is closing): the answer is kept, there is no one to tell.
        guard !inactive, !closing, var conversation else { return }
        self.conversation = nil  // the only copy while it runs, as in `handle`
        let reply = conversation.continueAfterWrite()
        self.conversation = conversation
        send(reply, context: context)
        noteOutcome()
        if !waitingForStore, backlogStart < backlog.count || pausedForStore || inputEnded { drain(context: context) }
    }

    private func endOfInput(context: ChannelHandlerContext) {
        logger.info("closing: client closed its input")
        close(ServerMessages.endOfInput, context: context)
    }

    // MARK: Rate limit

    private func enqueue(_ frame: LineFramer.Frame, context: ChannelHandlerContext) {
        backlog.append(frame)
        if backlog.count - backlogStart > limits.floodBacklog {
            closeForFlood(context: context)
            return
        }
        if !pausedForRate {
            pausedForRate = true
            updateReading(context)
            if !warnedSlow, let conversation {
                warnedSlow = true
                logger.notice("input slowed")
                send(conversation.notice(ServerMessages.slowDown), context: context)
            }
        }
    }

    private func closeForFlood(context: ChannelHandlerContext) {
        logger.warning("closing: input flood", metadata: ["backlog": "\(backlog.count - backlogStart)"])
        backlog.removeAll()
        backlogStart = 0
        close(ServerMessages.flood, context: context, thenDrain: true)
    }

    private func scheduleDrain(after nanoseconds: UInt64, context: ChannelHandlerContext) {
        guard drainTimer == nil else { return }
        drainTimer = schedule(context, after: .nanoseconds(Int64(nanoseconds))) { handler, context in
            handler.drainTimer = nil
            handler.drain(context: context)
        }
    }

    private func drain(context: ChannelHandlerContext) {
        while backlogStart < backlog.count, !closing, !waitingForStore {
            if let wait = rateLimiter.take(now: NIODeadline.now().uptimeNanoseconds) {
                scheduleDrain(after: wait, context: context)
                return
            }
            let frame = backlog[backlogStart]
            backlogStart += 1
            handle(frame, context: context)
        }
        guard !closing, !waitingForStore else { return }
        backlog.removeAll(keepingCapacity: false)
        backlogStart = 0
        pausedForRate = false
        pausedForStore = false
        updateReading(context)
        if inputEnded { endOfInput(context: context) }
    }

    private func updateReading(_ context: ChannelHandlerContext) {
        let read = !(pausedForRate || pausedForWrites || pausedForStore)
        _ = context.channel.setOption(ChannelOptions.autoRead, value: read)
        if read { context.read() }
    }

    // MARK: Timers

    /// A line came (or the session began): the idle clock starts again.
    private func resetIdleTimers(_ context: ChannelHandlerContext) {
        lastInput = .now()
        idleWarned = false
        if let watchdog {
            // Armed for the close after a warning, which may come after the next warning is due now
            // (when the warning is over half the timeout): then, rarely, it is set again.
            guard watchdogDeadline > nextWatchdogDeadline() else { return }
            watchdog.cancel()
        }
        armWatchdog(context)
    }

    /// Whichever comes first: the idle warning (unless given since the last line), the idle timeout,
    /// the end of the session's allowed length.
    private func nextWatchdogDeadline() -> NIODeadline {
        let timeout = TimeAmount.nanoseconds(limits.idleTimeout.nanoseconds)
        let warning = TimeAmount.nanoseconds(limits.idleWarning.nanoseconds)
        let warns = warning > .zero && warning < timeout
        let idleDue = lastInput + (warns && !idleWarned ? timeout - warning : timeout)
        return min(idleDue, openedAt + .nanoseconds(limits.maxSessionLength.nanoseconds))
    }

    /// Sets the one timer for whatever is due next.
    private func armWatchdog(_ context: ChannelHandlerContext) {
        watchdogDeadline = nextWatchdogDeadline()
        watchdog = context.eventLoop.assumeIsolated().scheduleTask(deadline: watchdogDeadline) { [self] in
            watchdog = nil
            watchdogFired(context)
        }
    }

    private func watchdogFired(_ context: ChannelHandlerContext) {
        guard !closing else { return }
        let now = NIODeadline.now()
        if now >= openedAt + .nanoseconds(limits.maxSessionLength.nanoseconds) {
            logger.info("closing: session length limit")
            close(ServerMessages.sessionTooLong(limit: limits.maxSessionLength), context: context)
            return
        }
        let timeout = limits.idleTimeout
        let warning = limits.idleWarning
        if now >= lastInput + .nanoseconds(timeout.nanoseconds) {
            logger.info("closing: idle timeout")
            close(ServerMessages.idleTimeout(after: timeout), context: context)
            return
        }
        if warning > .zero, warning < timeout, !idleWarned, now >= lastInput + .nanoseconds((timeout - warning).nanoseconds) {
            idleWarned = true
            if let conversation {
                logger.info("idle warning")
                send(conversation.notice(ServerMessages.idleWarning(remaining: warning)), context: context)
            }
        }
        if !closing { armWatchdog(context) }
    }

    private func resetPingTimer(_ context: ChannelHandlerContext) {
        pingTimer?.cancel()
        pingTimer = schedule(context, after: limits.ircPingInterval) { handler, context in
            handler.pingTimer = nil
            guard let irc = handler.conversation as? IRCConversation, !handler.closing else { return }
            if handler.pingOutstanding {
                handler.logger.info("closing: ping timeout")
                handler.close("Ping timeout", context: context)
                return
            }
            handler.pingOutstanding = true
            handler.send(irc.keepAlive(), context: context)
            handler.resetPingTimer(context)
        }
    }

    private func schedule(_ context: ChannelHandlerContext, after delay: Duration,
                          _ body: @escaping (ConnectionHandler, ChannelHandlerContext) -> Void) -> Scheduled<Void> {
        context.eventLoop.assumeIsolated().scheduleTask(in: .nanoseconds(delay.nanoseconds)) { [self] in
            body(self, context)
        }
    }

    private func cancelTimers() {
        for timer in [detectionTimer, drainTimer, watchdog, pingTimer, lingerTimer] {
            timer?.cancel()
        }
        lingerTimer = nil
        detectionTimer = nil
        drainTimer = nil
        watchdog = nil
        pingTimer = nil
    }

    // MARK: Output and closing

    private func send(_ reply: Reply, context: ChannelHandlerContext, thenDrain: Bool = false) {
        if let write = reply.waiting, !reply.closes { wait(for: write, context: context) }
        if !reply.text.isEmpty {
            let buffer = context.channel.allocator.buffer(string: reply.text)
            let written = context.writeAndFlush(wrapOutboundOut(buffer))
            if reply.closes {
                closing = true
                cancelTimers()
                written.assumeIsolated().whenComplete { [self] _ in
                    if thenDrain { drainThenClose(context) } else { context.close(promise: nil) }
                }
                return
            }
        } else if reply.closes {
            closing = true
            cancelTimers()
            context.close(promise: nil)
        }
    }

    /// Says why, in the connection's protocol (plain text while it is not known yet), then closes.
    /// `thenDrain` when the client is likely to have sent more than was read (a flood).
    private func close(_ reason: String, context: ChannelHandlerContext, thenDrain: Bool = false) {
        guard !closing else { return }
        let conversation = self.conversation ?? makeConversation(shared.configuration.protocolMode)
        send(conversation.farewell(reason), context: context, thenDrain: thenDrain)
    }

    /// Closing a socket whose input was not all read sends RST, and an RST can destroy the farewell before
    /// the client reads it (seen in `make torture`'s flood). So: FIN after the farewell, then read and drop
    /// whatever still comes until the client closes or a second has passed, then close.
    private func drainThenClose(_ context: ChannelHandlerContext) {
        draining = true
        context.close(mode: .output, promise: nil)
        _ = context.channel.setOption(ChannelOptions.autoRead, value: true)
        context.read()
        lingerTimer = schedule(context, after: .seconds(1)) { _, context in
            context.close(promise: nil)
        }
    }

    private func refuse(_ reason: String, context: ChannelHandlerContext) {
        close(reason, context: context)
    }
}
