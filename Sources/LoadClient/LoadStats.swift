// LoadStats: what one event loop of the load client counted; merged into the report at the end.
import Histogram

/// Counters and latency histograms of one event loop's connections. Each loop has its own, so the
/// hot path takes no lock; `merge` adds them up once the run is over.
struct LoadStats: Sendable {
    /// Latencies are kept in microseconds, up to a minute, to three significant digits.
    static func makeHistogram() -> Histogram<UInt64> {
        Histogram<UInt64>(lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .three)
    }

    var sessionsDone = 0
    var sessionsFailed = 0
    /// Sessions still open when the run ended (idle connections closed by the client).
    var sessionsHeld = 0
    /// Every reply to a typed line, measured or not.
    var turns = 0
    /// Replies that arrived inside the measuring window.
    var turnsInWindow = 0
    var bytesReceived = 0
    var failures: [String] = []
    /// When the last reply came, in uptime nanoseconds (the end of a run without a duration).
    var lastReply: UInt64 = 0
    var turnLatency = LoadStats.makeHistogram()
    var greetingLatency = LoadStats.makeHistogram()

    /// The first failures are kept word for word; the rest are only counted.
    static let keptFailures = 20

    mutating func fail(_ message: String) {
        sessionsFailed += 1
        if failures.count < Self.keptFailures { failures.append(message) }
    }

    mutating func merge(_ other: LoadStats) {
        sessionsDone += other.sessionsDone
        sessionsFailed += other.sessionsFailed
        sessionsHeld += other.sessionsHeld
        turns += other.turns
        turnsInWindow += other.turnsInWindow
        bytesReceived += other.bytesReceived
        failures += other.failures.prefix(Self.keptFailures - failures.count)
        lastReply = max(lastReply, other.lastReply)
        turnLatency.add(other.turnLatency)
        greetingLatency.add(other.greetingLatency)
    }
}
