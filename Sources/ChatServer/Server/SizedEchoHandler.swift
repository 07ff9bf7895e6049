// SizedEchoHandler: the same-bytes benchmark baseline: each line asks for a reply of a given size, which it gets.

import NIOCore

/// Takes the place of `AdmissionHandler` (and the handlers it adds) when `ServerConfiguration.baseline`
/// is `.sized` (`intake serve --sized-echo`, for `make bench` only). The plain echo answers a typed line with
/// that line, while intake answers it with about a kilobyte of JSON, so their ratio mixes the cost
/// of the dialog with the cost of moving more bytes. This server moves as many bytes as intake
/// does and does nothing else: the load client, which knows from the transcripts how many bytes
/// intake replies to each line (`LoadScript.measuringReplies`), sends a request in place of the
/// typed line, and gets that many bytes back, in as many lines.
///
/// A request is `BYTES[/LINES][!]` padded with spaces to the typed line's length (when the typed
/// line is longer than the request): reply with BYTES bytes in LINES lines (1 if not given), each
/// ending in CR LF, and close the connection afterwards when `!` is there (intake closes once the
/// dialog is over). The greeting is intake's greeting for the served dialog, rendered once.
final class SizedEchoHandler: BaselineHandler {
    typealias InboundIn = LineFramer.Frame
    typealias OutboundOut = ByteBuffer

    /// What one request line asks for.
    struct Request: Equatable {
        var bytes: Int
        var lines: Int
        var closes: Bool

        /// The largest reply a request may ask for: well over any reply of a dialog, and small
        /// enough that a mistyped request cannot make the server allocate much.
        static let maxBytes = 1 << 20

        /// The request in a line (its terminator removed), or nil when the line is not one.
        init?(_ line: [UInt8]) {
            var index = 0
            func number() -> Int? {
                var value = 0
                let start = index
                while index < line.count, line[index] >= 0x30, line[index] <= 0x39, index - start < 8 {
                    value = value * 10 + Int(line[index] - 0x30)
                    index += 1
                }
                return index > start ? value : nil
            }
            guard let bytes = number() else { return nil }
            var lines = 1
            if index < line.count, line[index] == 0x2F {  // "/"
                index += 1
                guard let count = number() else { return nil }
                lines = count
            }
            var closes = false
            if index < line.count, line[index] == 0x21 {  // "!"
                closes = true
                index += 1
            }
            while index < line.count, line[index] == 0x20 { index += 1 }
            // Every line needs room for its CR LF.
            guard index == line.count, lines >= 1, bytes >= 2 * lines, bytes <= Self.maxBytes else { return nil }
            self.bytes = bytes
            self.lines = lines
            self.closes = closes
        }

        init(bytes: Int, lines: Int, closes: Bool) {
            self.bytes = bytes
            self.lines = lines
            self.closes = closes
        }
    }

    private let greeting: [UInt8]
    private var closing = false

    /// `greeting`: the bytes sent when the connection opens (intake's greeting, CR LF included).
    init(greeting: [UInt8]) {
        self.greeting = greeting
    }

    func channelActive(context: ChannelHandlerContext) {
        context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(bytes: greeting)), promise: nil)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !closing else { return }
        var buffer: ByteBuffer
        var closes = false
        switch unwrapInboundIn(data) {
        case .line(let bytes):
            if let request = Request(bytes) {
                buffer = context.channel.allocator.buffer(capacity: request.bytes)
                Self.write(request, to: &buffer)
                closes = request.closes
            } else {
                buffer = context.channel.allocator.buffer(string: "not a sized request: BYTES[/LINES][!]\r\n")
            }
        case .tooLong(let count):
            buffer = context.channel.allocator.buffer(string: "line too long: \(count) bytes\r\n")
        }
        let written = context.writeAndFlush(wrapOutboundOut(buffer))
        if closes {
            closing = true
            written.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
        }
    }

    /// The reply a request asks for: its bytes split evenly over its lines (the last takes what is
    /// left over), each line dots and CR LF.
    static func write(_ request: Request, to buffer: inout ByteBuffer) {
        let size = request.bytes / request.lines
        for line in 0..<request.lines {
            let length = line == request.lines - 1 ? request.bytes - size * (request.lines - 1) : size
            buffer.writeRepeatingByte(0x2E, count: length - 2)
            buffer.writeInteger(UInt16(0x0D0A))
        }
    }
}
