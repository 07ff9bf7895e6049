// RateLimitHandler: the client's lines go on at the rate a person types; a flood is cut off.
import NIOCore

/// Passes the client's lines on while its token bucket (`InputRateLimiter`) has a token. Lines that
/// come faster wait here, in order, and are passed on as tokens come back; the first time, the client is
/// told it is being slowed. Lines also wait here while a reply waits for the store
/// (`ConnectionSignal.waitingForStore` to `.written`), so that one connection's replies keep their
/// order; they are taken through the bucket once the reply is sent. While lines wait, nothing more is
/// read from the socket; more than `floodBacklog` lines waiting at once (they came in the reads already
/// made) is a flood, and the connection is closed with a line saying so. The end of the client's input
/// is passed on only once no line waits.
final class RateLimitHandler: ChannelDuplexHandler {
    typealias InboundIn = LineFramer.Frame
    typealias InboundOut = LineFramer.Frame
    typealias OutboundIn = NIOAny
    typealias OutboundOut = NIOAny

    private var bucket: InputRateLimiter
    private let floodBacklog: Int
    /// The lines waiting, from `backlogStart` on (taken from the front without moving the rest).
    private var backlog: [LineFramer.Frame] = []
    private var backlogStart = 0
    private var warnedSlow = false
    private var inputEnded = false
    private var pausedForRate = false
    /// A line came while a reply waited for the store (reading stays paused until all have gone on).
    private var pausedForStore = false
    private var waitingForStore = false
    /// A read was asked for while lines waited; it is made once they have gone on.
    private var readHeld = false
    private var closing = false
    private var drainTimer: Scheduled<Void>?

    private let observer: (any ServerObserver)?

    init(limits: ServerLimits, observer: (any ServerObserver)? = nil) {
        self.observer = observer
        bucket = InputRateLimiter(linesPerSecond: limits.linesPerSecond, burst: limits.lineBurst)
        floodBacklog = limits.floodBacklog
    }

    private var waiting: Int { backlog.count - backlogStart }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !closing else { return }
        let frame = unwrapInboundIn(data)
        if waitingForStore {
            hold(frame, context: context)
            return
        }
        if waiting > 0 {
            enqueue(frame, context: context)
            return
        }
        if let wait = bucket.take(now: context.eventLoop.now.uptimeNanoseconds) {
            enqueue(frame, context: context)
            scheduleDrain(after: wait, context: context)
            return
        }
        context.fireChannelRead(data)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard case .some(.inputClosed) = event as? ChannelEvent, !closing else {
            context.fireUserInboundEventTriggered(event)
            return
        }
        inputEnded = true
        if waiting == 0, !waitingForStore { context.fireUserInboundEventTriggered(event) }
    }

    func read(context: ChannelHandlerContext) {
        if pausedForRate || pausedForStore {
            readHeld = true
        } else {
            context.read()
        }
    }

    func triggerUserOutboundEvent(context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?) {
        guard let signal = event as? ConnectionSignal else {
            context.triggerUserOutboundEvent(event, promise: promise)
            return
        }
        switch signal {
        case .waitingForStore:
            waitingForStore = true
            promise?.succeed(())
        case .holdFirst(let frame):
            hold(frame, first: true, context: context)
            promise?.succeed(())
        case .written:
            waitingForStore = false
            promise?.succeed(())
            if waiting > 0 || pausedForStore || inputEnded { drain(context: context) }
        case .closing:
            // Reading stays as it is: a close after the farewell is what comes next (or the linger,
            // which reads for itself).
            closing = true
            drainTimer?.cancel()
            drainTimer = nil
            context.triggerUserOutboundEvent(event, promise: promise)
        case .answered, .kiosk:
            context.triggerUserOutboundEvent(event, promise: promise)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        drainTimer?.cancel()
        drainTimer = nil
        context.fireChannelInactive()
    }

    // MARK: Waiting lines

    /// A line that came while the bucket was empty (or others were waiting).
    private func enqueue(_ frame: LineFramer.Frame, context: ChannelHandlerContext) {
        backlog.append(frame)
        if waiting > floodBacklog {
            flood(context: context)
            return
        }
        if !pausedForRate {
            pausedForRate = true
            if !warnedSlow {
                warnedSlow = true
                context.fireUserInboundEventTriggered(
                    ServiceRequest.notice(ServerMessages.slowDown, log: LogLine(.notice, "input slowed")))
            }
        }
    }

    /// A line that came while a reply waits for the store: it waits without taking a token (it is
    /// taken through the bucket when it goes on), and still counts against the flood limit. `first`:
    /// it goes before those already waiting.
    private func hold(_ frame: LineFramer.Frame, first: Bool = false, context: ChannelHandlerContext) {
        if first { backlog.insert(frame, at: backlogStart) } else { backlog.append(frame) }
        if waiting > floodBacklog {
            flood(context: context)
            return
        }
        pausedForStore = true
    }

    private func flood(context: ChannelHandlerContext) {
        let count = waiting
        observer?.refused(.flood)
        backlog.removeAll()
        backlogStart = 0
        context.fireUserInboundEventTriggered(ServiceRequest.close(
            reason: ServerMessages.flood, log: LogLine(.warning, "closing: input flood", ["backlog": "\(count)"]),
            linger: true))
    }

    private func scheduleDrain(after nanoseconds: UInt64, context: ChannelHandlerContext) {
        guard drainTimer == nil, !closing else { return }
        drainTimer = context.eventLoop.assumeIsolated().scheduleTask(in: .nanoseconds(Int64(nanoseconds))) { [self] in
            drainTimer = nil
            drain(context: context)
        }
    }

    /// Passes waiting lines on as long as tokens allow and no reply waits; once none is left, reading
    /// goes on, and an end of input that came meanwhile is passed on.
    private func drain(context: ChannelHandlerContext) {
        while backlogStart < backlog.count, !closing, !waitingForStore {
            if let wait = bucket.take(now: context.eventLoop.now.uptimeNanoseconds) {
                scheduleDrain(after: wait, context: context)
                return
            }
            let frame = backlog[backlogStart]
            backlogStart += 1
            context.fireChannelRead(wrapInboundOut(frame))
        }
        guard !closing, !waitingForStore else { return }
        backlog.removeAll(keepingCapacity: false)
        backlogStart = 0
        pausedForRate = false
        pausedForStore = false
        if readHeld {
            readHeld = false
            context.read()
        }
        if inputEnded { context.fireUserInboundEventTriggered(ChannelEvent.inputClosed) }
    }
}
