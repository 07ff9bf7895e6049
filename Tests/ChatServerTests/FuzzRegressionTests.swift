// FuzzRegressionTests: every input the fuzz targets (Fuzz/) found a fault with, run as a test.
@testable import ChatServer
import DialogKit
import Testing

/// The lines of `bytes`, framed as the server frames them.
private func lines(_ bytes: [UInt8]) -> [[UInt8]] {
    var framer = LineFramer(maxLineBytes: 1024)
    return (framer.append(bytes) + (framer.finish().map { [$0] } ?? [])).compactMap {
        if case .line(let line) = $0 { return line } else { return nil }
    }
}

/// Every line of an IRC reply ends in CR LF and fits 512 bytes with it.
private func expectLinesFit(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    guard !text.isEmpty else { return }
    let bytes = Array(text.utf8)
    #expect(bytes.suffix(2) == [0x0D, 0x0A], sourceLocation: sourceLocation)
    for line in text.split(separator: "\r\n") {
        #expect(line.utf8.count + 2 <= IRCMessage.maxLineBytes, "\(line.utf8.count + 2) bytes: \(line.prefix(60))...", sourceLocation: sourceLocation)
    }
}

@Suite struct FuzzRegressionTests {
    /// FuzzIRC, crash-c91bfb57: a 500-byte nick came back whole in 432 (Erroneous nickname), a line of
    /// 542 bytes, which IRC clients cut or refuse. Numerics now shorten the echoed words to fit.
    @Test func longNickIsEchoedWithin512Bytes() {
        let input = Array("NICK \(String(repeating: "n", count: 500))\r\nNICK bob\r\nUSER bob 0 * :Bob\r\n".utf8)
            + Array("PRIVMSG \(String(repeating: "t", count: 600)) :hi\r\nWHOIS \(String(repeating: "w", count: 900))\r\n".utf8)
            + Array("JOIN #\(String(repeating: "c", count: 800))\r\nMODE \(String(repeating: "m", count: 990))\r\n".utf8)
        var conversation = IRCConversation(dialog: exampleDialog, identity: IRCIdentity(), clientHost: "127.0.0.1", makeRunner: { Session(dialog: exampleDialog) })
        var output = ""
        for line in lines(input) {
            let reply = conversation.receive(line)
            expectLinesFit(reply.text)
            output += reply.text
        }
        // The replies still say what they are about, with as much of the word as fits.
        #expect(output.contains(":intake.local 432 * nnnnnnnnnn"))
        #expect(output.contains(":Erroneous nickname\r\n"))
        #expect(output.contains(":intake.local 401 bob tttttttttt"))
        #expect(output.contains(":intake.local 403 bob #cccccccc"))
    }

    @Test func fittedCutsBetweenCharactersAndKeepsShortMessages() {
        let short = IRCMessage(prefix: "intake.local", command: "401", parameters: ["bob", "x", "No such nick/channel"])
        #expect(short.fitted() == short)
        let long = IRCMessage(prefix: "intake.local", command: "401", parameters: ["bob", String(repeating: "é", count: 400), "No such nick/channel"])
        let fitted = long.fitted()
        #expect(fitted.line.utf8.count == 510 || fitted.line.utf8.count == 509)
        #expect(fitted.parameters[1].allSatisfy { $0 == "é" })
        #expect(fitted.parameters[2] == "No such nick/channel")
    }
}
