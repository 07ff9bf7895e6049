// FuzzIRC: any lines as IRC from a client: the message parser, the formatter, the text splitter and the
// whole IRC conversation never crash, and every line the server sends fits 512 bytes and carries no
// CR, LF, NUL, escape or formatting code of anyone's input.

@testable import ChatServer
import DialogKit
import FuzzSupport

private let registration: [[UInt8]] = [Array("NICK fuzz".utf8), Array("USER fuzz 0 * :Fuzz".utf8)]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzIRC(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 1 else { return 0 }
    // The first byte says whether the client registers before its own lines (so that fuzzing reaches
    // the commands of a registered client without having to find NICK and USER first).
    let bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    var framer = LineFramer(maxLineBytes: 1024)
    var lines: [[UInt8]] = []
    for frame in framer.append(bytes) + (framer.finish().map { [$0] } ?? []) {
        if case .line(let line) = frame { lines.append(line) }
    }

    for line in lines.prefix(64) {
        // The parser on raw bytes (NUL, CR and all), and the formatter, which must drop what ends a line.
        let raw = String(decoding: line, as: UTF8.self)
        if let message = IRCMessage(parsing: raw) {
            let formatted = message.line
            precondition(!formatted.utf8.contains { $0 == 0x0D || $0 == 0x0A || $0 == 0x00 }, "CR, LF or NUL in \(formatted.debugDescription)")
        }
        // What the server parses is sanitized first; formatted again, it must parse back (unless its command
        // starts with "@", which reads as a tag).
        if let message = IRCMessage(parsing: InputSanitizer.text(from: line, ircFormatting: true)), !message.command.hasPrefix("@") {
            precondition(IRCMessage(parsing: message.line) != nil, "a formatted message does not parse: \(message.line.debugDescription)")
        }
        let text = raw.filter { $0 != "\r" && $0 != "\n" }
        for message in IRCTextSplitter.messages(prefix: "intake!intake@intake.local", command: "PRIVMSG", target: "fuzz", text: text) {
            precondition(message.line.utf8.count + 2 <= IRCMessage.maxLineBytes, "a split message over 512 bytes")
        }
    }

    var conversation = IRCConversation(dialog: exampleDialog, identity: IRCIdentity(), clientHost: "127.0.0.1", makeRunner: { Session(dialog: exampleDialog) })
    var output = conversation.begin().text
    for line in (data[0] & 1 == 1 ? registration : []) + lines.prefix(64) {
        let reply = conversation.receive(line)
        output += reply.text
        if reply.closes { break }
    }
    output += conversation.lineTooLong(limit: 1024).text
    output += conversation.farewell("Fuzzing is over.").text
    checkIRCOutput(output)
    return 0
}

/// Every line ends in CR LF, fits 512 bytes with it, and holds no control character but CTCP's 0x01.
private func checkIRCOutput(_ output: String) {
    let bytes = Array(output.utf8)
    precondition(bytes.isEmpty || bytes.suffix(2) == [0x0D, 0x0A], "output does not end in CR LF")
    var start = 0
    var index = 0
    while index < bytes.count {
        if bytes[index] == 0x0A {
            precondition(index > start && bytes[index - 1] == 0x0D, "a bare LF")
            let length = index + 1 - start
            let line = String(decoding: bytes[start..<(index - 1)], as: UTF8.self)
            precondition(length <= IRCMessage.maxLineBytes, "a line of \(length) bytes: \(line.debugDescription)")
            precondition(line.unicodeScalars.allSatisfy { $0 == "\u{01}" || isSafeOnScreen($0) }, "a control in \(line.debugDescription)")
            start = index + 1
        }
        index += 1
    }
}
