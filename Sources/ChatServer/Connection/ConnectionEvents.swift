// ConnectionEvents: what the handlers of one connection's pipeline tell each other, and the log line a close carries.
import Logging
import NIOCore

/// What the handler that speaks for the connection (the conversation, or the protocol detector before
/// there is one) tells the handlers before it. Sent as user outbound events, so each travels toward the
/// socket past exactly the handlers that may care, and the one it is meant for keeps it.
enum ConnectionSignal: Sendable {
    /// A line was answered (not a keep-alive): the idle clock starts again (`IdleWatchdog`).
    case answered
    /// A reply waits for a write of the store: lines that come wait, in order (`RateLimitHandler`).
    case waitingForStore
    /// This line reached the conversation while its reply waits (it chose the protocol, and the
    /// protocol's opening waits): it is the first to go on once the write is done.
    case holdFirst(LineFramer.Frame)
    /// The reply that waited is sent: the lines that waited may go on.
    case written
    /// The connection is closing: timers stop and no line goes on. Every handler passes this one on.
    case closing
    /// A kiosk's person has their outcome on the screen (`IdleWatchdog`: only the reading time runs
    /// now), or a new person's session has begun (the idle and length clocks start again).
    case kiosk(KioskStep)
}

/// Where a kiosk connection is between two people (`Reply.kioskStep`).
enum KioskStep: Sendable, Equatable {
    /// The session is over and its last screen is being read, for at most this long.
    case reading(Duration)
    /// The next person's session has begun.
    case newPerson
}

/// Why a kiosk's person's session ends without closing the connection (`Conversation.endPerson`).
enum PersonEnd: Sendable, Equatable {
    /// The client's interrupt (telnet IP, BRK, a raw Ctrl-C or Ctrl-D): as if the person typed quit.
    case interrupted
    /// No answer for the idle timeout, or the session reached its length limit: the next person.
    case idle
    /// The outcome was on the screen for the reading time: the next person.
    case readingOver
}

/// What the handlers before the speaker ask of it, as user inbound events: it alone knows the
/// protocol's words.
enum ServiceRequest {
    /// A line from the service that does not end the session, logged as `log` when it is sent; nothing
    /// is sent (or logged) while no protocol is chosen yet.
    case notice(ServerSentence, log: LogLine)
    /// Close the connection with a line saying why, logging `log` first, unless it is closing already.
    /// `linger`: the client has likely sent more than was read (a flood), see `LingerHandler`.
    case close(reason: ServerSentence, log: LogLine, linger: Bool)
    /// A kiosk's person's session is over (`IdleWatchdog` with a kiosk), logged as `log`: the
    /// conversation starts again for the next person, or, if it does not (JSON, IRC, before a protocol
    /// is chosen), the connection closes with `reason` as for `close`.
    case endPerson(PersonEnd, reason: ServerSentence, log: LogLine)

    /// The close this request stands for where no kiosk takes it.
    var asClose: ServiceRequest {
        guard case .endPerson(_, let reason, let log) = self else { return self }
        return .close(reason: reason, log: log, linger: false)
    }

    /// The close that one of the connection's own events asks for: the client's interrupt (telnet IP or
    /// BRK), the end of its input, the server stopping. Nil for any other event.
    init?(for event: Any) {
        switch event {
        case let telnet as TelnetFilter.Event:
            guard case .interrupt(let kind) = telnet else { return nil }
            self = .close(reason: ServerMessages.interrupted,
                          log: LogLine(.info, "closing: client interrupt", ["kind": "\(kind.rawValue)"]), linger: false)
        case let channel as ChannelEvent:
            guard channel == .inputClosed else { return nil }
            self = .close(reason: ServerMessages.endOfInput, log: LogLine(.info, "closing: client closed its input"), linger: false)
        case is ChatServer.Stopping:
            self = .close(reason: ServerMessages.stopping, log: LogLine(.info, "closing: server stopping"), linger: false)
        default:
            return nil
        }
    }
}

/// A line for the connection's log, made by the handler that saw why and written by the one that acts
/// (which has the connection's logger, and knows whether the connection is closing already).
struct LogLine {
    var level: Logger.Level
    var message: Logger.Message
    var metadata: Logger.Metadata?

    init(_ level: Logger.Level, _ message: Logger.Message, _ metadata: Logger.Metadata? = nil) {
        self.level = level
        self.message = message
        self.metadata = metadata
    }

    func write(to logger: Logger) {
        logger.log(level: level, message, metadata: metadata)
    }
}
