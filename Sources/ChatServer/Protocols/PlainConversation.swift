// PlainConversation: the plain text protocol for telnet and netcat: rendered text and a "> " prompt.
import DialogKit

/// Text for people at a telnet or netcat session: the dialog rendered by `TextRenderer` at the
/// client's width (80 columns unless the client reported its window), lines ending in CR LF, and a
/// prompt after each question. The connection closes once the dialog has ended, except at a kiosk.
///
/// A kiosk's conversation (`intake serve --kiosk`) goes on from one person to the next: under the
/// last screen of a session it asks for Enter; then, or when the reading time, an idle timeout or an
/// interrupt ends the person's session, it clears the client's screen and scrollback and greets the
/// next person with a new session. Only a client that reported its window size (a telnet client that
/// negotiated) is sent the clearing escapes: netcat and programs get the new greeting alone.
struct PlainConversation: SessionConversation {
    static let prompt = "> "
    /// Narrower than this, or wider, and a reported window size is taken as this.
    static let columnRange = 20...250
    /// ED 2 and ED 3 (the xterm extension most terminals and tmux know): the screen and the scrollback.
    static let clearScreenAndScrollback = "\u{1B}[H\u{1B}[2J\u{1B}[3J"

    var session: any DialogRunner
    private var renderer = TextRenderer(width: 80, color: false)
    /// A kiosk's: the next person's session, and how long the last screen may be read.
    private let nextSession: (() -> any DialogRunner)?
    private let readingTime: Duration
    /// A kiosk's person's session is over and its last screen is being read.
    private var reading: Bool { isKiosk && session.isOver }
    /// The client reported its window size: a terminal, which the clearing escapes reach.
    private var isTerminal = false

    init(session: any DialogRunner) {
        self.session = session
        nextSession = nil
        readingTime = .zero
    }

    /// A kiosk's conversation: `makeSession` gives each next person's session.
    init(kioskSession session: any DialogRunner, readingTime: Duration, makeSession: @escaping () -> any DialogRunner) {
        self.session = session
        nextSession = makeSession
        self.readingTime = readingTime
    }

    var protocolName: String { "plain" }
    var endsOnControlKeys: Bool { true }
    var isKiosk: Bool { nextSession != nil }

    mutating func receive(_ bytes: [UInt8]) -> Reply {
        // Whatever is typed under the last screen means "done reading": it is no one's answer.
        if reading { return nextPerson() }
        return receiveAnswer(bytes)
    }

    mutating func endPerson(_ why: PersonEnd) -> Reply {
        guard isKiosk else { return Reply() }
        switch why {
        case .interrupted where !reading:
            // As if the person typed quit: the goodbye stays to be read, then the next person.
            let step = session.receiveStep("/quit")
            return reply(to: step)
        case .interrupted, .idle, .readingOver:
            return nextPerson()
        }
    }

    /// Clears the screen (for a terminal) and greets the next person with a new session.
    private mutating func nextPerson() -> Reply {
        guard let nextSession else { return Reply() }
        session = nextSession()
        var reply = Reply(text: isTerminal ? Self.clearScreenAndScrollback : "\r\n")
        reply.kioskStep = .newPerson
        reply.append(begin())
        return reply
    }

    mutating func lineTooLong(limit: Int) -> Reply {
        var reply = noticeLines(ServerMessages.lineTooLong(limit: limit).text(in: language), before: "")
        reply.text += promptIfAsking
        return reply
    }

    func notice(_ text: String) -> Reply {
        // A notice comes between prompts: start on a fresh line, then put the prompt back.
        var reply = noticeLines(text, before: "\r\n")
        reply.text += promptIfAsking
        return reply
    }

    func farewell(_ text: String) -> Reply {
        var reply = noticeLines(text, before: "\r\n")
        reply.closes = true
        return reply
    }

    mutating func resize(columns: Int) {
        isTerminal = true
        guard columns > 0 else { return }
        renderer.width = min(max(columns, Self.columnRange.lowerBound), Self.columnRange.upperBound)
    }

    /// The service's own words, wrapped like the rest.
    private func noticeLines(_ text: String, before: String) -> Reply {
        var reply = Reply(text: before)
        for line in renderer.lines(for: .say(Say(text, style: .notice))) {
            reply.line(line)
        }
        return reply
    }

    private var promptIfAsking: String {
        session.isOver ? "" : Self.prompt
    }

    func respond(to events: [Event]) -> Reply {
        var reply = Reply()
        for event in events {
            for line in renderer.lines(for: event) {
                reply.line(line)
            }
        }
        if session.isOver, isKiosk, !session.mustCloseConnection {
            reply.line("")
            if session.outcome == nil { reply.line(ServerMessages.goodbye.text(in: language)) }
            reply.text += ServerMessages.kioskReading.text(in: language) + " "
            reply.kioskStep = .reading(readingTime)
        } else if session.isOver {
            // The outcome stays on the person's screen; a last line says nothing more will come.
            reply.line("")
            reply.line((session.outcome == nil ? ServerMessages.goodbye : ServerMessages.finished).text(in: language))
            reply.closes = true
        } else {
            reply.text += Self.prompt
        }
        return reply
    }
}
