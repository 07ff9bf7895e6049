// JSONConversation: the JSON lines contract over TCP: one event object per line, plain text lines in.
import DialogKit
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

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
        notice(ServerMessages.lineTooLong(limit: limit).text(in: language))
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
        // Rendered as bytes into one array and made a string once: building each line as a `String`
        // and appending it to the reply's was most of the cost of a JSON turn in the server.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(2048)
        for event in events {
            Self.appendLine(event, to: &bytes)
        }
        // The contract promises an `end` before the stream stops.
        if session.isOver, !events.contains(.end) {
            Self.appendLine(.end, to: &bytes)
        }
        var reply = Reply()
        reply.text = String(decoding: bytes, as: UTF8.self)
        reply.closes = session.isOver
        return reply
    }

    /// One event's line and its CR LF, exactly as `Reply.line` would have it.
    private static func appendLine(_ event: Event, to bytes: inout [UInt8]) {
        let start = bytes.count
        JSONLines.append(event, to: &bytes)
        // JSON escapes every line break but U+0085 (C2 85), which `Reply.line` takes out of a line; a
        // line with a C2 byte goes through it, so that it stays as it was.
        let hasC2 = bytes.withUnsafeBufferPointer { buffer in
            memchr(buffer.baseAddress! + start, 0xC2, buffer.count - start) != nil
        }
        if hasC2 {
            var reply = Reply()
            reply.line(String(decoding: bytes[start...], as: UTF8.self))
            bytes.removeSubrange(start...)
            bytes.append(contentsOf: reply.text.utf8)
        } else {
            bytes.append(0x0D)
            bytes.append(0x0A)
        }
    }
}
