// ServerObserver: what the server tells whoever watches it (metrics, the health check): sessions, turns, refusals, errors.

/// Told of what happens on the server's connections, on their event loops: it must not block. The
/// server keeps no counts of its own; `intake serve --metrics` counts with this.
public protocol ServerObserver: Sendable {
    /// A connection's protocol was chosen and its session began (`protocol`: plain, irc or json).
    func sessionStarted(protocol: String)
    /// A session's connection closed; `outcome` is the outcome code it reached, nil if none.
    func sessionEnded(protocol: String, outcome: String?)
    /// A line was answered: from the line's arrival to its reply's being sent, the store's write included.
    func turnAnswered(after latency: Duration)
    /// A connection was refused or closed by one of the server's limits.
    func refused(_ reason: ServerRefusal)
    /// A connection failed (`accepting`: the listening socket's accept failed, no connection came of it).
    /// A TLS handshake's failure comes here too, as the TLS handler's error.
    func connectionFailed(_ error: any Error, accepting: Bool)
}

/// Which limit refused or closed a connection (docs/protocol.md, "Limits").
public enum ServerRefusal: String, Sendable, CaseIterable {
    /// `--max-sessions` reached.
    case serverFull = "server_full"
    /// `--max-sessions-per-address` reached.
    case perAddress = "per_address"
    /// A line longer than `--max-line-bytes` (the line is refused, the session goes on).
    case lineTooLong = "line_too_long"
    /// More lines waiting than the flood backlog allows.
    case flood
    /// No answer for the idle timeout, or the session's length limit.
    case idle
}
