// LoadConfiguration: what a load run does: where, how many connections, at what rate, for how long.
import NIOCore

/// The shape of a load run (`intake load`'s options).
public struct LoadConfiguration: Sendable {
    public var host = "127.0.0.1"
    public var port = 2323
    /// More servers' ports on `host`: the connections are spread over `port` and these in turn (several
    /// servers on one store, measured as one).
    public var otherPorts: [Int] = []
    /// Connections open at once; each plays one session after another.
    public var connections = 100
    /// Offered load in turns per second over all connections (open loop: each connection sends on a
    /// schedule, and a turn's latency counts from when it was due, so a slow server cannot slow the
    /// clock); nil for closed loop, each connection sending its next line as soon as the reply is in.
    public var rate: Double?
    /// How long turns are measured (each connection plays at least one session, however short);
    /// nil plays `sessions` sessions and stops.
    public var duration: Duration?
    /// Sessions to play when there is no duration; nil: every script once, and at least one per connection.
    public var sessions: Int?
    /// Connections are opened evenly over this time, so thousands do not all knock at once.
    public var ramp: Duration = .zero
    /// A reply (or a connection) that takes longer than this fails its session.
    public var timeout: Duration = .seconds(30)
    /// The server the run plays against.
    public var target = Target.intake
    /// Connections stop after the greeting and stay open, idle, for `duration` (memory per idle connection).
    public var idle = false
    /// The server's process id on this machine, to sample its resident memory during the run.
    public var serverPID: Int32?
    /// The other servers' process ids: their memory and CPU are added to the first's.
    public var otherServerPIDs: [Int32] = []
    /// TLS to the server (`--tls`), or plain TCP.
    public var tls: LoadTLS?
    /// Event loop threads of the client.
    public var threads = System.coreCount

    public init() {}

    /// What kind of server a run plays against.
    public enum Target: String, Sendable {
        /// `intake serve --protocol json`: every reply is checked against the transcript.
        case intake
        /// The echo baseline (`intake serve --echo`): each line comes back as it was sent.
        case echo
        /// The same-bytes baseline (`intake serve --sized-echo`): each typed line is replaced by a
        /// request for as many bytes as intake replies to it, and the reply's size is checked; the
        /// scripts need their `replies` (`LoadScript.measuringReplies(with:)`).
        case sizedEcho = "sized-echo"
    }

    /// Every server's process id, when the first's is known.
    var serverPIDs: [Int32]? { serverPID.map { [$0] + otherServerPIDs } }

    /// The sessions a run plays when it has no duration.
    func sessionCount(scripts: Int) -> Int {
        sessions ?? max(connections, scripts)
    }
}
