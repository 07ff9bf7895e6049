// PlainConversation: the plain text protocol for telnet and netcat: rendered text and a "> " prompt.
import DialogKit

/// Text for people at a telnet or netcat session: the dialog rendered by `TextRenderer` at the
/// client's width (80 columns unless the client reported its window), lines ending in CR LF, and a
/// prompt after each question. The connection closes once the dialog has ended.
struct PlainConversation: SessionConversation {
    static let prompt = "> "
    /// Narrower than this, or wider, and a reported window size is taken as this.
    static let columnRange = 20...250

    var session: any DialogRunner
    private var renderer = TextRenderer(width: 80, color: false)

    init(session: any DialogRunner) {
        self.session = session
    }

    var protocolName: String { "plain" }
    var endsOnControlKeys: Bool { true }

    mutating func lineTooLong(limit: Int) -> Reply {
        var reply = noticeLines(ServerMessages.lineTooLong(limit: limit), before: "")
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
        if session.isOver {
            // The outcome stays on the person's screen; a last line says nothing more will come.
            reply.line("")
            reply.line(session.outcome == nil ? ServerMessages.goodbye : ServerMessages.finished)
            reply.closes = true
        } else {
            reply.text += Self.prompt
        }
        return reply
    }
}
