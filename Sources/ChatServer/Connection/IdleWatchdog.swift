// IdleWatchdog: warns a silent client, then closes its session; ends any session at its length limit.
import Logging
import NIOCore

/// Watches the time since the client's last answer (`ConnectionSignal.answered`; keep-alives do not
/// count) and since the connection came. Before the idle timeout it asks for a warning, at the timeout
/// and at the session's length limit for a close; the speaker says them in the protocol's words.
///
/// At a kiosk (`intake serve --kiosk`) the idle timeout and the length limit end the person's session
/// rather than the connection (`ServiceRequest.endPerson`, a close for a conversation that is not a
/// kiosk's), and while the last screen of a session is read only the reading time runs.
///
/// One timer does all three: an answer only moves `lastInput`, and the timer, when it fires, works out
/// what is due and sets itself again. (NIO cancels a scheduled task by a linear search of the loop's
/// timers, so cancelling and scheduling two of them on every line cost O(connections) per line: 20 us
/// a line at 10,000 connections.)
final class IdleWatchdog: ChannelDuplexHandler, BeginsWhenActive {
    typealias InboundIn = NIOAny
    typealias OutboundIn = NIOAny

    private let limits: ServerLimits
    private let timeout: TimeAmount
    private let warning: TimeAmount
    private let sessionEnds: TimeAmount
    private var openedAt: NIODeadline?
    private var started = false
    private var lastInput = NIODeadline.distantPast
    private var warned = false
    private var timer: Scheduled<Void>?
    private var deadline = NIODeadline.distantFuture
    private var closing = false
    private let kiosk: Bool
    /// A kiosk's person is reading the last screen of their session until then.
    private var readingEnds: NIODeadline?

    /// `openedAt`: when the session began (the length limit counts from it); the moment the watchdog
    /// starts, if nil.
    private let observer: (any ServerObserver)?

    init(limits: ServerLimits, openedAt: NIODeadline? = nil, kiosk: Bool = false, observer: (any ServerObserver)? = nil) {
        self.limits = limits
        self.observer = observer
        self.kiosk = kiosk
        timeout = .nanoseconds(limits.idleTimeout.nanoseconds)
        warning = .nanoseconds(limits.idleWarning.nanoseconds)
        sessionEnds = .nanoseconds(limits.maxSessionLength.nanoseconds)
        self.openedAt = openedAt
    }

    /// Whether a warning comes before the timeout at all.
    private var warns: Bool { warning > .zero && warning < timeout }

    func channelInactive(context: ChannelHandlerContext) {
        stop()
        context.fireChannelInactive()
    }

    func triggerUserOutboundEvent(context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?) {
        switch event as? ConnectionSignal {
        case .answered:
            if !closing { restart(context) }
            promise?.succeed(())
        case .closing:
            closing = true
            stop()
            context.triggerUserOutboundEvent(event, promise: promise)
        case .kiosk(let step):
            switch step {
            case .reading(let time):
                readingEnds = context.eventLoop.now + .nanoseconds(time.nanoseconds)
            case .newPerson:
                readingEnds = nil
                openedAt = context.eventLoop.now
            }
            if !closing {
                stop()
                restart(context)
            }
            promise?.succeed(())
        default:
            context.triggerUserOutboundEvent(event, promise: promise)
        }
    }

    func begin(_ context: ChannelHandlerContext) {
        guard !started else { return }
        started = true
        if openedAt == nil { openedAt = context.eventLoop.now }
        restart(context)
    }

    private func stop() {
        timer?.cancel()
        timer = nil
    }

    /// A line came (or the session began): the idle clock starts again.
    private func restart(_ context: ChannelHandlerContext) {
        lastInput = context.eventLoop.now
        warned = false
        if let timer {
            // Armed for the close after a warning, which may come after the next warning is due now
            // (when the warning is over half the timeout): then, rarely, it is set again.
            guard deadline > nextDeadline() else { return }
            timer.cancel()
        }
        arm(context)
    }

    /// Whichever comes first: the idle warning (unless given since the last line), the idle timeout,
    /// the end of the session's allowed length.
    private func nextDeadline() -> NIODeadline {
        if let readingEnds { return readingEnds }
        let idleDue = lastInput + (warns && !warned ? timeout - warning : timeout)
        return min(idleDue, (openedAt ?? lastInput) + sessionEnds)
    }

    private func arm(_ context: ChannelHandlerContext) {
        deadline = nextDeadline()
        timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) { [self] in
            timer = nil
            fired(context)
        }
    }

    private func fired(_ context: ChannelHandlerContext) {
        guard !closing else { return }
        let now = context.eventLoop.now
        if let readingEnds {
            guard now >= readingEnds else { return arm(context) }
            self.readingEnds = nil
            context.fireUserInboundEventTriggered(ServiceRequest.endPerson(
                .readingOver, reason: ServerMessages.finished, log: LogLine(.info, "kiosk: reading time over")))
            return
        }
        if now >= (openedAt ?? lastInput) + sessionEnds {
            end(reason: ServerMessages.sessionTooLong(limit: limits.maxSessionLength), log: "session length limit", context)
            return
        }
        if now >= lastInput + timeout {
            end(reason: ServerMessages.idleTimeout(after: limits.idleTimeout), log: "idle timeout", context)
            return
        }
        if warns, !warned, now >= lastInput + (timeout - warning) {
            warned = true
            context.fireUserInboundEventTriggered(ServiceRequest.notice(
                ServerMessages.idleWarning(remaining: limits.idleWarning), log: LogLine(.info, "idle warning")))
        }
        if !closing { arm(context) }
    }

    /// The idle timeout or the length limit: the connection closes, or at a kiosk the person's session ends.
    private func end(reason: ServerSentence, log: Logger.Message, _ context: ChannelHandlerContext) {
        observer?.refused(.idle)
        if kiosk {
            context.fireUserInboundEventTriggered(ServiceRequest.endPerson(
                .idle, reason: reason, log: LogLine(.info, "kiosk: next person after \(log)")))
        } else {
            context.fireUserInboundEventTriggered(ServiceRequest.close(
                reason: reason, log: LogLine(.info, "closing: \(log)"), linger: false))
        }
    }
}
