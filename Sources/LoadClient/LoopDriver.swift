// LoopDriver: one event loop's share of a load run: opens its connections, starts sessions, paces lines, times out.
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// Runs the connections ("slots") of one event loop. Each slot plays one session after another on
/// a new connection. Everything here runs on the loop, so the counters need no lock.
final class LoopDriver {
    /// What every loop's driver shares.
    struct Plan: Sendable {
        let scripts: [LoadScript]
        let configuration: LoadConfiguration
        /// The servers' addresses; slot s connects to the one at s modulo their count.
        let addresses: [SocketAddress]
        /// When the first connection opens.
        let start: NIODeadline
        /// Turns are counted and measured from here (after the ramp) ...
        let windowStart: NIODeadline
        /// ... to here; nil when the run plays a number of sessions instead.
        let windowEnd: NIODeadline?
        let totalSessions: Int
        /// Connections that have had their greeting, over every loop (idle runs wait for all).
        let greeted: NIOLockedValueBox<Int>
    }

    private struct Slot {
        /// The slot's number over all loops; session k of slot s is session s + k * connections.
        let number: Int
        var sessionsStarted = 0
        /// Open loop: when the slot's next line is due.
        var nextDue: NIODeadline
    }

    let eventLoop: any EventLoop
    let plan: Plan
    private(set) var stats = LoadStats()
    private var slots: [Slot]
    private var openSlots: Int
    private var live: [ObjectIdentifier: LoadConnection] = [:]
    private let finished: EventLoopPromise<LoadStats>
    private var sweepTask: Scheduled<Void>?
    /// Open loop: the time between two lines of one connection.
    private let interval: TimeAmount?

    init(eventLoop: any EventLoop, plan: Plan, slotNumbers: [Int], finished: EventLoopPromise<LoadStats>) {
        self.eventLoop = eventLoop
        self.plan = plan
        self.finished = finished
        let connections = plan.configuration.connections
        interval = plan.configuration.rate.map { .nanoseconds(Int64(Double(connections) / $0 * 1e9)) }
        slots = slotNumbers.map { number in
            // Open loop: the connections' first lines are spread evenly over one interval.
            let offset = plan.configuration.rate.map { TimeAmount.nanoseconds(Int64(Double(number) / $0 * 1e9)) } ?? .zero
            return Slot(number: number, nextDue: plan.windowStart + offset)
        }
        openSlots = slots.count
    }

    var target: LoadConfiguration.Target { plan.configuration.target }
    var isIdle: Bool { plan.configuration.idle }

    /// Schedules each slot's first connection over the ramp, and the timeout sweep.
    func start() {
        guard !slots.isEmpty else {
            finished.succeed(stats)
            return
        }
        let connections = Int64(plan.configuration.connections)
        let ramp = plan.windowStart - plan.start
        for index in slots.indices {
            let at = plan.start + .nanoseconds(ramp.nanoseconds * Int64(slots[index].number) / connections)
            eventLoop.assumeIsolated().scheduleTask(deadline: at) { [self] in startSession(slot: index) }
        }
        scheduleSweep()
    }

    private func scheduleSweep() {
        sweepTask = eventLoop.assumeIsolated().scheduleTask(in: .milliseconds(250)) { [self] in
            sweep()
            if openSlots > 0 { scheduleSweep() }
        }
    }

    // MARK: Sessions

    private func startSession(slot index: Int) {
        let configuration = plan.configuration
        let session = slots[index].number + slots[index].sessionsStarted * configuration.connections
        let now = NIODeadline.now()
        let more: Bool
        if configuration.idle {
            more = slots[index].sessionsStarted == 0
        } else if let windowEnd = plan.windowEnd {
            // Every connection plays at least once: a loop that started late (a busy machine) still
            // measures its connections rather than reporting fewer sessions than it was asked to open.
            more = now < windowEnd || slots[index].sessionsStarted == 0
        } else {
            more = session < plan.totalSessions
        }
        guard more else {
            slotDone()
            return
        }
        slots[index].sessionsStarted += 1
        let script = session % plan.scripts.count
        let bound = NIOLoopBound(self, eventLoop: eventLoop)
        let connectStart = now
        let address = plan.addresses[slots[index].number % plan.addresses.count]
        ClientBootstrap(group: eventLoop)
            .channelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .connectTimeout(.nanoseconds(configuration.timeout.nanosecondsForNIO))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let driver = bound.value
                    let connection = LoadConnection(driver: driver, slot: index, script: driver.plan.scripts[script], connectStart: connectStart)
                    if let tls = driver.plan.configuration.tls {
                        try channel.pipeline.syncOperations.addHandler(try tls.makeHandler())
                    }
                    try channel.pipeline.syncOperations.addHandler(connection)
                }
            }
            .connect(to: address)
            .whenFailure { error in
                // No server: this slot stops, rather than failing as fast as it can connect.
                let driver = bound.value
                driver.stats.fail("\(driver.plan.scripts[script].name): cannot connect to \(address): \(error)")
                driver.slotDone()
            }
    }

    private func slotDone() {
        openSlots -= 1
        if openSlots == 0 {
            sweepTask?.cancel()
            finished.succeed(stats)
        }
    }

    func register(_ connection: LoadConnection) {
        live[ObjectIdentifier(connection)] = connection
    }

    /// A connection closed; its outcome is already counted. The slot goes on with its next session.
    func connectionClosed(_ connection: LoadConnection) {
        live[ObjectIdentifier(connection)] = nil
        startSession(slot: connection.slot)
    }

    func sessionDone() { stats.sessionsDone += 1 }
    func sessionHeld() { stats.sessionsHeld += 1 }
    func sessionFailed(_ message: String) { stats.fail(message) }

    // MARK: Turns

    func greeted(after nanoseconds: Int64) {
        stats.greetingLatency.record(Self.microseconds(nanoseconds))
        if isIdle { plan.greeted.withLockedValue { $0 += 1 } }
    }

    /// The session is ready for its next line: send it now, or when it is due (open loop).
    func sendNext(_ connection: LoadConnection, greetingJustCame: Bool) {
        let now = NIODeadline.now()
        let draining = plan.windowEnd.map { now > $0 } ?? false
        guard let interval, !draining else {
            connection.send(measuredFrom: now, measured: !draining)
            return
        }
        var due = slots[connection.slot].nextDue
        // A person types only once the question is there: a new session's first line is not due before its greeting.
        if greetingJustCame, due < now { due = now }
        slots[connection.slot].nextDue = due + interval
        if due <= now {
            connection.send(measuredFrom: due, measured: true)
        } else {
            eventLoop.assumeIsolated().scheduleTask(deadline: due) {
                connection.send(measuredFrom: due, measured: true)
            }
        }
    }

    /// A reply came `now` to a line sent (or due) at `from`.
    func replied(from: NIODeadline, now: NIODeadline, measured: Bool) {
        stats.turns += 1
        stats.lastReply = now.uptimeNanoseconds
        guard now >= plan.windowStart, plan.windowEnd.map({ now <= $0 }) ?? true else { return }
        stats.turnsInWindow += 1
        if measured { stats.turnLatency.record(Self.microseconds((now - from).nanoseconds)) }
    }

    func received(bytes: Int) { stats.bytesReceived += bytes }

    /// Idle runs: closes the connections held after their greeting.
    func releaseHeld() {
        for connection in live.values { connection.release() }
    }

    private func sweep() {
        let now = NIODeadline.now()
        let timeout = TimeAmount.nanoseconds(plan.configuration.timeout.nanosecondsForNIO)
        for connection in live.values {
            if let since = connection.waitingSince, now - since > timeout { connection.timedOut() }
        }
    }

    private static func microseconds(_ nanoseconds: Int64) -> UInt64 {
        UInt64(max(1, (nanoseconds + 999) / 1000))
    }
}

extension Duration {
    /// Nanoseconds, for NIO's TimeAmount.
    var nanosecondsForNIO: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
