// ServiceMonitor: what intake serve tells its operator: metrics counted, failures logged once a minute, health judged.

import AssessmentStore
import ChatServer
import Logging
import Prometheus
import Synchronization

/// Watches the server (as its `ServerObserver`) and the store (`wrote`, as its `onWrite`): counts into a
/// Prometheus registry, logs what the operator must act on through a `RepeatLimitedLog`, and answers the
/// health check. Never sees an answer or a resume code: nothing it is told holds one.
public final class ServiceMonitor: ServerObserver {
    /// What `/metrics` shows.
    public let registry = PrometheusCollectorRegistry()
    /// Nil without a store (`--no-store`).
    public let storeHealth: StoreHealth?
    private let log: RepeatLimitedLog
    private let server = Mutex<ChatServer?>(nil)
    private let sessionsOpen: Gauge
    private let turns: Counter
    private let turnSeconds: DurationHistogram
    private let storeCommitSeconds: DurationHistogram

    public init(log: RepeatLimitedLog, storeHealth: StoreHealth?) {
        self.log = log
        self.storeHealth = storeHealth
        sessionsOpen = registry.makeGauge(descriptor: MetricTable.sessionsOpen.descriptor)
        turns = registry.makeCounter(descriptor: MetricTable.turns.descriptor)
        turnSeconds = registry.makeDurationHistogram(descriptor: MetricTable.turnSeconds.descriptor, buckets: MetricTable.turnBuckets)
        storeCommitSeconds = registry.makeDurationHistogram(
            descriptor: MetricTable.storeCommitSeconds.descriptor, buckets: MetricTable.commitBuckets)
        // At zero from the start, so that a rate over them is defined before the first one happens.
        for reason in ServerRefusal.allCases { _ = counter(MetricTable.refusals, reason.rawValue) }
        if storeHealth != nil { for cause in StoreFailure.Cause.allCases { _ = counter(MetricTable.storeFailures, cause.rawValue) } }
        for kind in ConnectionErrorKind.allCases { _ = counter(MetricTable.connectionErrors, kind.rawValue) }
    }

    /// The server whose sessions are counted and whose state the health check reads.
    public func watch(_ server: ChatServer) {
        self.server.withLock { $0 = server }
    }

    private func counter(_ metric: MetricName, _ values: String...) -> Counter {
        registry.makeCounter(descriptor: metric.descriptor, labels: Array(zip(metric.labels, values)))
    }

    // MARK: The store

    /// A session write is done (`AssessmentStore.Options.onWrite`), on the store's writer thread.
    public func wrote(_ report: StoreWriteReport) {
        storeCommitSeconds.record(report.duration)
        storeHealth?.wrote(report)
        guard let failure = report.failure else { return }
        counter(MetricTable.storeFailures, failure.cause.rawValue).increment()
        log.report(cause: "store_\(failure.cause.rawValue)", level: .error, "store write failed: answers are not kept",
                   metadata: ["detail": "\(failure.detail)"])
    }

    // MARK: ServerObserver

    public func sessionStarted(protocol name: String) {
        counter(MetricTable.sessionsStarted, name).increment()
    }

    public func sessionEnded(protocol name: String, outcome: String?) {
        counter(MetricTable.sessionsEnded, name, outcome ?? "none").increment()
    }

    public func turnAnswered(after latency: Duration) {
        turns.increment()
        turnSeconds.record(latency)
    }

    public func refused(_ reason: ServerRefusal) {
        counter(MetricTable.refusals, reason.rawValue).increment()
    }

    public func connectionFailed(_ error: any Error, accepting: Bool) {
        let kind: ConnectionErrorKind
        if accepting {
            kind = .accept
        } else if String(reflecting: type(of: error)).contains("SSL") {
            kind = .tlsHandshake
        } else {
            // A client that reset its connection: its own affair, logged with the connection already.
            return
        }
        counter(MetricTable.connectionErrors, kind.rawValue).increment()
        log.report(cause: kind.rawValue, level: .error, kind == .accept ? "accept failed" : "TLS handshake failed",
                   metadata: ["error": "\(error)"])
    }

    // MARK: What the endpoints read

    /// The metrics in Prometheus's text format, the open sessions read now.
    public func metricsText() -> [UInt8] {
        if let server = server.withLock({ $0 }) { sessionsOpen.set(Double(server.openSessions)) }
        return registry.emitToBuffer()
    }

    /// Nil while the server accepts and the store can be written, else why not.
    public func problem() -> String? {
        guard let server = server.withLock({ $0 }), server.isAccepting else { return "not accepting: the server is starting or stopping" }
        let limit = server.configuration.limits.maxSessions
        if server.openSessions >= limit { return "server full: \(server.openSessions) of \(limit) sessions" }
        return storeHealth?.problem()
    }
}

/// The connection failures counted and logged (`intake_connection_errors_total`'s kind).
enum ConnectionErrorKind: String, CaseIterable {
    case tlsHandshake = "tls_handshake"
    case accept
}
