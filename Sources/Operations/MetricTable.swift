// MetricTable: every metric intake serve exports, with its help text and labels, written once (docs/operations.md explains each).

import Prometheus

/// A metric's name, help and label names. The registry stops the process when one name is made with two
/// help texts, and `promtool check metrics` wants a HELP for each: every collector is made from this table.
struct MetricName: Sendable {
    let name: String
    let help: String
    let labels: [String]

    /// The registry's form: the whole name as `metricName`, so that the exported name is `name` as written here.
    var descriptor: MetricNameDescriptor { MetricNameDescriptor(metricName: name, unitName: "", helpText: help) }
}

enum MetricTable {
    static let sessionsOpen = MetricName(
        name: "intake_sessions_open", help: "Connections admitted and not yet closed.", labels: [])
    static let sessionsStarted = MetricName(
        name: "intake_sessions_started_total", help: "Sessions begun, by protocol.", labels: ["protocol"])
    static let sessionsEnded = MetricName(
        name: "intake_sessions_ended_total",
        help: "Sessions whose connection closed, by protocol and the outcome code reached (none: no outcome).",
        labels: ["protocol", "outcome"])
    static let turns = MetricName(
        name: "intake_turns_total", help: "Lines answered (keep-alives not counted).", labels: [])
    static let turnSeconds = MetricName(
        name: "intake_turn_seconds",
        help: "From a line's arrival to its reply being sent, the store's commit included.", labels: [])
    static let storeCommitSeconds = MetricName(
        name: "intake_store_commit_seconds",
        help: "From a session write being handed to the store to its commit or failure.", labels: [])
    static let storeFailures = MetricName(
        name: "intake_store_failures_total", help: "Session writes the store could not keep, by cause.", labels: ["cause"])
    static let refusals = MetricName(
        name: "intake_refusals_total", help: "Connections refused or closed, and lines refused, by the limit that did it.",
        labels: ["reason"])
    static let connectionErrors = MetricName(
        name: "intake_connection_errors_total",
        help: "TLS handshakes that failed and accepts that failed on the listening socket.", labels: ["kind"])

    /// Every metric, for the docs test.
    static let all = [
        sessionsOpen, sessionsStarted, sessionsEnded, turns, turnSeconds, storeCommitSeconds, storeFailures, refusals,
        connectionErrors,
    ]

    /// Turns are a few milliseconds on an idle server; seconds mean the store is slow or the machine overloaded.
    static let turnBuckets: [Duration] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
        .map { Duration.nanoseconds(Int64($0 * 1e9)) }
    /// An fsync of a commit is a millisecond to tens; a write waiting for a lock waits up to the busy timeout (10 s).
    static let commitBuckets: [Duration] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]
        .map { Duration.nanoseconds(Int64($0 * 1e9)) }
}
