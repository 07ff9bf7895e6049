// Conversation: what every protocol (plain, IRC, JSON) does with a connection's lines, and its Reply.
import DialogKit

/// What the connection sends after a step of a conversation, and whether it closes afterwards.
struct Reply: Sendable, Equatable {
    /// The bytes to send, as text; every line already ends in CR LF (a plain prompt does not).
    var text = ""
    /// Close the connection once `text` is written.
    var closes = false
    /// A kiosk's connection went from one person's session to the reading of its end, or to the next.
    var kioskStep: KioskStep?
    /// The line was only a keep-alive (IRC PING or PONG): it does not count against the idle timeout.
    var isKeepAlive = false
    /// The rest of the reply waits for this write: once it is done, the connection asks the
    /// conversation's `continueAfterWrite` for it, and reads no further line until then.
    var waiting: (any DurableWrite)?

    init(text: String = "", closes: Bool = false, isKeepAlive: Bool = false, waiting: (any DurableWrite)? = nil) {
        self.text = text
        self.closes = closes
        self.isKeepAlive = isKeepAlive
        self.waiting = waiting
    }

    static func == (lhs: Reply, rhs: Reply) -> Bool {
        lhs.text == rhs.text && lhs.closes == rhs.closes && lhs.isKeepAlive == rhs.isKeepAlive && lhs.waiting === rhs.waiting
            && lhs.kioskStep == rhs.kioskStep
    }

    /// Appends one line and its CR LF; any CR or LF inside `line` is removed first.
    mutating func line(_ line: String) {
        // Checked by byte first: walking a long JSON line Character by Character was a sixth of the
        // server's time under load. Only a byte that can begin a line break takes the full check.
        if Self.mayBreakLine(line), line.contains(where: \.isNewline) {
            text += line.filter { !$0.isNewline }
        } else {
            text += line
        }
        text += "\r\n"
    }

    /// Whether the text has a byte that can begin a line break: LF, VT, FF, CR, or the lead byte of
    /// U+0085 (C2) or U+2028/U+2029 (E2).
    private static func mayBreakLine(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            for byte in bytes where (byte >= 0x0A && byte <= 0x0D) || byte == 0xC2 || byte == 0xE2 { return true }
            return false
        }
    }

    mutating func append(_ other: Reply) {
        text += other.text
        closes = closes || other.closes
        waiting = other.waiting ?? waiting
        kioskStep = other.kioskStep ?? kioskStep
    }
}

/// One protocol's side of a connection: it owns the connection's `Session` and turns the client's
/// lines into session input and the session's events into the protocol's lines. Pure: no I/O, no
/// timers; the connection's handlers (`ConversationHandler` and those before it) do those and ask the
/// conversation for the words, and for what differs between protocols.
protocol Conversation {
    /// The protocol's name for logs: "plain", "irc" or "json".
    var protocolName: String { get }

    /// The outcome's code, once the dialog has reached one.
    var outcomeCode: String? { get }

    /// The language the person reads: the service's own sentences are said in it.
    var language: LanguageTag { get }

    /// Whether raw Ctrl-C/Ctrl-D bytes may end the session (not in IRC, where 0x03 starts a colour).
    var endsOnControlKeys: Bool { get }

    /// What to send after a silence to learn whether the client is still there, for a protocol whose
    /// clients expect it and answer (IRC's PING); nil for the others. With one, the connection gets a
    /// `KeepAliveHandler`.
    var keepAlive: Reply? { get }

    /// What to send as soon as the protocol is known (the plain greeting; nothing for IRC, which waits
    /// for the client to register).
    mutating func begin() -> Reply

    /// One line from the client, its terminator removed.
    mutating func receive(_ bytes: [UInt8]) -> Reply

    /// The rest of a reply that was `waiting` for a write, now that the write is done.
    mutating func continueAfterWrite() -> Reply

    /// The client sent a line over the limit, which was dropped.
    mutating func lineTooLong(limit: Int) -> Reply

    /// A line from the service that does not end the session (the idle warning, "slow down").
    func notice(_ text: String) -> Reply

    /// The last words before the server closes the connection (`closes` is set).
    func farewell(_ text: String) -> Reply

    /// The client's terminal is now `columns` wide.
    mutating func resize(columns: Int)

    /// Whether this conversation is a kiosk's: a person's end starts the next person's session on the
    /// same connection (`endPerson`) instead of closing it.
    var isKiosk: Bool { get }

    /// A kiosk's person's session ends for `why`; the reply begins the next person's (or, after an
    /// interrupt, shows the goodbye to be read first).
    mutating func endPerson(_ why: PersonEnd) -> Reply
}

extension Conversation {
    var keepAlive: Reply? { nil }
    var isKiosk: Bool { false }
    mutating func endPerson(_ why: PersonEnd) -> Reply { Reply() }
}

/// A conversation in which every line the client sends goes to the session (plain text and JSON;
/// IRC has commands of its own). Only the rendering of events differs.
protocol SessionConversation: Conversation {
    var session: any DialogRunner { get set }
    /// The reply carrying these events, which the session has just emitted.
    func respond(to events: [Event]) -> Reply
}

extension SessionConversation {
    var outcomeCode: String? { session.outcomeCode }
    var language: LanguageTag { session.language }

    // Each step is taken before `reply(to:)` is called: in `reply(to: session.startStep())`, the
    // call would be made on the conversation as it was before the step.
    mutating func begin() -> Reply {
        let step = session.startStep()
        return reply(to: step)
    }

    mutating func receive(_ bytes: [UInt8]) -> Reply {
        receiveAnswer(bytes)
    }

    /// The line, as an answer to the session (what `receive` does unless a conversation has more to do).
    mutating func receiveAnswer(_ bytes: [UInt8]) -> Reply {
        guard !session.isOver else { return farewell(ServerMessages.finished.text(in: language)) }
        let step = session.receiveStep(InputSanitizer.text(from: bytes))
        return reply(to: step)
    }

    mutating func continueAfterWrite() -> Reply {
        let step = session.continueAfterWrite()
        return reply(to: step)
    }

    /// `step` has already happened to the session: `respond` must see the session after it.
    func reply(to step: RunnerStep) -> Reply {
        switch step {
        case .waiting(let write):
            return Reply(waiting: write)
        case .ready(let events):
            var reply = respond(to: events)
            if session.mustCloseConnection, !reply.closes {
                reply.append(farewell(ServerMessages.tooManyWrongCodes.text(in: language)))
            }
            return reply
        }
    }
}
