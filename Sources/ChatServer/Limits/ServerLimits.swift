// ServerLimits: every limit the server enforces, with its default; each is a flag of `intake serve`.

/// What one client, and all of them together, may use. A client that reaches a limit is told so in a
/// line of its protocol before anything is closed; other clients are never affected.
public struct ServerLimits: Sendable, Equatable {
    /// Sessions open at once, from everyone.
    public var maxSessions = 10_000
    /// Sessions open at once from one IP address.
    public var maxSessionsPerAddress = 20
    /// A session with no input for this long is closed.
    public var idleTimeout: Duration = .seconds(600)
    /// How long before the idle timeout the warning comes.
    public var idleWarning: Duration = .seconds(60)
    /// The longest a session may last, however active.
    public var maxSessionLength: Duration = .seconds(3600)
    /// The longest input line, in bytes; longer ones are dropped with a message.
    public var maxLineBytes = 1024
    /// Input lines per second read once the burst is used up; faster input waits (is slowed).
    public var linesPerSecond = 5.0
    /// Lines that may come at once before the rate applies (a pasted list of answers).
    public var lineBurst = 20
    /// Lines waiting to be read beyond which a client is cut off as a flood.
    public var floodBacklog = 100
    /// After this long without a line from an IRC client, the server sends PING; after as long again
    /// without an answer, it closes the connection.
    public var ircPingInterval: Duration = .seconds(120)

    public init() {}
}

extension Duration {
    /// Nanoseconds, for NIO's TimeAmount.
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
