// LoadReport: the result of a load run, as text for people and as JSON for scripts (docs/performance.md).
import Foundation
import Histogram

/// What a load run measured. `passed` is false when any session failed or was wrong.
public struct LoadReport: Codable, Sendable {
    /// Latency percentiles, in microseconds.
    public struct Latency: Codable, Sendable {
        public var count: UInt64
        public var p50: UInt64
        public var p99: UInt64
        public var p999: UInt64
        public var max: UInt64
        public var mean: Double

        init(_ histogram: Histogram<UInt64>) {
            count = histogram.totalCount
            p50 = count == 0 ? 0 : histogram.valueAtPercentile(50)
            p99 = count == 0 ? 0 : histogram.valueAtPercentile(99)
            p999 = count == 0 ? 0 : histogram.valueAtPercentile(99.9)
            max = count == 0 ? 0 : histogram.max
            mean = count == 0 ? 0 : histogram.mean
        }
    }

    /// The server's resident memory, sampled from /proc during the run (when its pid was given).
    public struct ServerMemory: Codable, Sendable {
        /// Before the first connection.
        public var before: Int
        /// The highest sample.
        public var peak: Int
        /// With every connection open (idle runs: after the hold; others: the peak).
        public var allOpen: Int
        /// (allOpen - before) / connections.
        public var perConnection: Int
    }

    /// "intake", "echo" or "sized-echo" (`LoadConfiguration.Target`).
    public var target: String
    public var host: String
    public var port: Int
    public var connections: Int
    public var clientThreads: Int
    /// Offered turns per second (open loop), or nil for closed loop.
    public var offeredRate: Double?
    /// "load" (turns), or "idle" (connections held after the greeting).
    public var mode: String
    public var scripts: Int
    /// The measuring window in seconds (the duration, or the whole run when sessions were counted).
    public var windowSeconds: Double
    public var elapsedSeconds: Double
    public var sessionsDone: Int
    public var sessionsFailed: Int
    public var sessionsHeld: Int
    public var turns: Int
    public var turnsPerSecond: Double
    public var bytesReceived: Int
    public var turnLatencyMicroseconds: Latency
    public var greetingLatencyMicroseconds: Latency
    public var serverMemory: ServerMemory?
    /// CPU seconds the server used during the measuring window (runs with a duration and the server's pid).
    public var serverCPUSeconds: Double?
    /// CPU seconds the load client itself used during the measuring window.
    public var clientCPUSeconds: Double?
    /// Turns in the window per CPU second of server and client together (both known), or of the client alone.
    public var turnsPerCPUSecond: Double? {
        guard let client = clientCPUSeconds else { return nil }
        let total = client + (serverCPUSeconds ?? 0)
        return total > 0 ? turnsPerSecond * windowSeconds / total : nil
    }
    /// The first failures, word for word.
    public var failures: [String]
    public var passed: Bool

    /// The report as pretty JSON with sorted keys.
    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }

    /// The report for people.
    public var text: String {
        var lines: [String] = []
        let loop = offeredRate.map { "open loop at \(Self.number($0)) turns/s offered" } ?? "closed loop"
        lines.append("\(target) at \(host):\(port): \(connections) connections, \(mode == "idle" ? "idle after the greeting" : loop), \(scripts) scripts, \(Self.seconds(elapsedSeconds)) s")
        lines.append("sessions: \(sessionsDone) done, \(sessionsFailed) failed\(sessionsHeld > 0 ? ", \(sessionsHeld) held open" : "")")
        if mode != "idle" {
            lines.append("turns: \(turns), \(Self.number(turnsPerSecond)) per second over \(Self.seconds(windowSeconds)) s")
            lines.append("turn latency: " + Self.describe(turnLatencyMicroseconds))
        }
        lines.append("greeting latency (connect to first question): " + Self.describe(greetingLatencyMicroseconds))
        if let server = serverCPUSeconds, let client = clientCPUSeconds, let perCPU = turnsPerCPUSecond, mode != "idle" {
            lines.append(String(format: "CPU over the window: server %.2f s, client %.2f s; %@ turns per CPU second", server, client, Self.number(perCPU)))
        }
        if let memory = serverMemory {
            lines.append("server RSS: \(Self.mebibytes(memory.before)) before, \(Self.mebibytes(memory.allOpen)) with all open, \(Self.mebibytes(memory.peak)) peak; \(Self.kibibytes(memory.perConnection)) per connection")
        }
        for failure in failures { lines.append("FAIL \(failure)") }
        if sessionsFailed > failures.count { lines.append("... and \(sessionsFailed - failures.count) more failures") }
        lines.append(passed ? "load: passed" : "load: FAILED (\(sessionsFailed) sessions failed)")
        return lines.joined(separator: "\n") + "\n"
    }

    private static func describe(_ latency: Latency) -> String {
        guard latency.count > 0 else { return "none measured" }
        return "p50 \(millis(latency.p50)), p99 \(millis(latency.p99)), p99.9 \(millis(latency.p999)), max \(millis(latency.max)) (\(latency.count) measured)"
    }

    static func millis(_ microseconds: UInt64) -> String {
        String(format: "%.3f ms", Double(microseconds) / 1000)
    }

    static func number(_ value: Double) -> String {
        value >= 100 ? String(Int(value.rounded())) : String(format: "%.1f", value)
    }

    static func seconds(_ value: Double) -> String { String(format: "%.1f", value) }
    static func mebibytes(_ bytes: Int) -> String { String(format: "%.1f MiB", Double(bytes) / 1_048_576) }
    static func kibibytes(_ bytes: Int) -> String { String(format: "%.1f KiB", Double(bytes) / 1024) }
}
