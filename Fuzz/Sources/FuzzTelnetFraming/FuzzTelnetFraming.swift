// FuzzTelnetFraming: any bytes from a client through the telnet filter, line framing, the input sanitizer and
// the plain protocol: never a crash, the same result however the bytes are split into reads, and nothing
// that reaches a screen carries a control character or an escape sequence.

@testable import ChatServer
import DialogKit
import FuzzSupport

/// Everything the filter and framer made of one client's bytes, in order.
private struct Filtered: Equatable {
    var pieces: [TelnetFilter.Piece] = []
    var frames: [LineFramer.Frame] = []
    var partial: LineFramer.Frame?
}

/// Runs `chunks` through a fresh filter and framer, one `process` call each, as the handlers do.
private func filter(_ chunks: [ArraySlice<UInt8>], controlKeys: Bool, maxLineBytes: Int) -> Filtered {
    var telnet = TelnetFilter(endsOnControlKeys: controlKeys)
    var framer = LineFramer(maxLineBytes: maxLineBytes)
    var result = Filtered()
    for chunk in chunks {
        for piece in telnet.process(chunk) {
            // Adjacent data pieces are one stream: a split read may cut a run of data in two.
            if case .data(let more) = piece, case .data(let before)? = result.pieces.last {
                result.pieces[result.pieces.count - 1] = .data(before + more)
            } else {
                result.pieces.append(piece)
            }
            if case .data(let bytes) = piece { result.frames += framer.append(bytes) }
        }
    }
    result.partial = framer.finish()
    return result
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTelnetFraming(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 2 else { return 0 }
    // The first two bytes choose the settings; the rest is what the client sent.
    let controlKeys = data[0] & 1 == 1
    let maxLineBytes = 1 + Int(data[0] >> 1)
    let bytes = Array(UnsafeBufferPointer(start: data + 2, count: size - 2))
    let cut = bytes.isEmpty ? 0 : Int(data[1]) % (bytes.count + 1)

    let whole = filter([bytes[...]], controlKeys: controlKeys, maxLineBytes: maxLineBytes)
    let split = filter([bytes[..<cut], bytes[cut...]], controlKeys: controlKeys, maxLineBytes: maxLineBytes)
    precondition(whole == split, "a command or line split across two reads must read the same")
    if bytes.count <= 512 {
        let byByte = filter(bytes.indices.map { bytes[$0...$0] }, controlKeys: controlKeys, maxLineBytes: maxLineBytes)
        precondition(whole == byByte, "a client that sends a byte at a time must read the same")
    }

    for piece in whole.pieces {
        switch piece {
        case .data(let bytes):
            if controlKeys { precondition(!bytes.contains(0x03) && !bytes.contains(0x04), "Ctrl-C/Ctrl-D left in data") }
        case .reply(let reply):
            let isNegotiation = reply.count == 3 && reply[0] == 255 && [251, 252, 253, 254].contains(reply[1])
            precondition(isNegotiation || reply == TelnetFilter.areYouThereReply, "an unexpected reply: \(reply)")
        case .event(.windowSize(let columns, let rows)):
            precondition((0...0xFFFF).contains(columns) && (0...0xFFFF).contains(rows), "a window size out of range")
        case .event(.interrupt):
            break
        }
    }

    var conversation = PlainConversation(session: Session(dialog: exampleDialog))
    var screen = conversation.begin().text
    for frame in whole.frames + (whole.partial.map { [$0] } ?? []) {
        switch frame {
        case .line(let line):
            precondition(line.count <= maxLineBytes && !line.contains(0x0A) && !line.contains(0x0D), "a bad line: \(line)")
            let text = InputSanitizer.text(from: line)
            precondition(text.unicodeScalars.allSatisfy(isSafeOnScreen), "the sanitizer let a control through: \(text.debugDescription)")
            screen += conversation.receive(line).text
        case .tooLong(let count):
            precondition(count > maxLineBytes, "a line within the limit reported as too long")
            screen += conversation.lineTooLong(limit: maxLineBytes).text
        }
    }
    checkScreen(screen)
    return 0
}

/// What the server sends a plain client is text and CR LF: no escape, no other control character.
private func checkScreen(_ screen: String) {
    var previous: Unicode.Scalar = " "
    for scalar in screen.unicodeScalars {
        if scalar == "\n" { precondition(previous == "\r", "a bare LF in the output") }
        else if scalar != "\r" { precondition(isSafeOnScreen(scalar), "output carries \(scalar.debugDescription)") }
        if previous == "\r" { precondition(scalar == "\n", "a bare CR in the output") }
        previous = scalar
    }
}
