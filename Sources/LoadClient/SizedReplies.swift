// SizedReplies: how many bytes intake replies to each line of a script, for the same-bytes baseline.
import DialogKit

/// The shape of one reply of `intake serve --protocol json --no-store`: its bytes (every CR LF
/// included), its lines, and whether the server closes the connection after it.
public struct ReplyShape: Sendable, Equatable {
    public var bytes: Int
    public var lines: Int
    public var closes: Bool

    public init(bytes: Int, lines: Int, closes: Bool) {
        self.bytes = bytes
        self.lines = lines
        self.closes = closes
    }
}

extension LoadScript {
    /// The replay went somewhere the server would not have gone with it.
    public struct ReplayError: Error, CustomStringConvertible {
        public var description: String
    }

    /// The script with `replies` and `requests` filled in, for `intake serve --sized-echo`: its lines
    /// replayed through a `Session` of `dialog`, each reply rendered as the JSON server renders it
    /// (`JSONLines`, one event a line with CR LF, an `end` once the dialog is over), and for each
    /// typed line the request that asks the baseline for as many bytes.
    public func measuringReplies(with dialog: Dialog) throws -> LoadScript {
        var session = Session(dialog: dialog)
        var shapes = [Self.shape(of: session.start(), over: session.isOver)]
        for (index, input) in inputs.enumerated() {
            guard !session.isOver else {
                throw ReplayError(description: "\(name): the dialog is over before line \(index + 1) of \(inputs.count)")
            }
            let events = session.receive(InputSanitizer.text(from: Array(input.dropLast())))
            let shape = Self.shape(of: events, over: session.isOver)
            guard shape.lines > 0 else {
                throw ReplayError(description: "\(name): line \(index + 1) gets no reply")
            }
            shapes.append(shape)
        }
        var script = self
        script.replies = shapes
        script.requests = zip(inputs, shapes.dropFirst()).map { input, shape in
            Self.request(for: shape, typedLength: input.count - 1)
        }
        return script
    }

    /// What the JSON server sends for these events (ChatServer's `JSONConversation` and `Reply.line`).
    static func shape(of events: [Event], over: Bool) -> ReplyShape {
        var shape = ReplyShape(bytes: 0, lines: 0, closes: over)
        func add(_ line: String) {
            let kept = line.contains(where: \.isNewline) ? line.filter { !$0.isNewline } : line
            shape.bytes += kept.utf8.count + 2
            shape.lines += 1
        }
        for event in events { add(JSONLines.line(for: event)) }
        if over, !events.contains(.end) { add(JSONLines.line(for: .end)) }
        return shape
    }

    /// The request line (with its LF) for a reply of this shape, `BYTES[/LINES][!]` (see ChatServer's
    /// `SizedEchoHandler`), padded with spaces to the typed line's length so that the server reads as
    /// many bytes as intake would; a typed line shorter than the request is sent as the request alone.
    static func request(for shape: ReplyShape, typedLength: Int) -> [UInt8] {
        var text = String(shape.bytes)
        if shape.lines != 1 { text += "/\(shape.lines)" }
        if shape.closes { text += "!" }
        var bytes = Array(text.utf8)
        if bytes.count < typedLength { bytes += Array(repeating: 0x20, count: typedLength - bytes.count) }
        return bytes + [0x0A]
    }
}
