// JSONConversation: the JSON lines contract over TCP: one event object per line, plain text lines in.
import DialogKit

/// For programs: each event is one line of the JSON lines contract (`JSONLines.line(for:)`), ending in
/// CR LF; input is the plain text a person would type. The service's own words (warnings, refusals)
/// are `say` events, and a close it decides on is followed by an `end` event.
struct JSONConversation: SessionConversation {
    var session: any DialogRunner

    init(session: any DialogRunner) {
        self.session = session
    }

    var protocolName: String { "json" }
    var endsOnControlKeys: Bool { true }

    mutating func lineTooLong(limit: Int) -> Reply {
        notice(ServerMessages.lineTooLong(limit: limit))
    }

    func notice(_ text: String) -> Reply {
        var reply = Reply()
        reply.line(JSONLines.line(for: .say(Say(text, style: .notice))))
        return reply
    }

    func farewell(_ text: String) -> Reply {
        var reply = notice(text)
        reply.line(JSONLines.line(for: .end))
        reply.closes = true
        return reply
    }

    mutating func resize(columns: Int) {}

    func respond(to events: [Event]) -> Reply {
        var reply = Reply()
        for event in events {
            reply.line(JSONLines.line(for: event))
        }
        // The contract promises an `end` before the stream stops.
        if session.isOver, !events.contains(.end) {
            reply.line(JSONLines.line(for: .end))
        }
        reply.closes = session.isOver
        return reply
    }
}
