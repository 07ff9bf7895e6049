// IRCMessageTests: parsing, formatting, splitting to 512 bytes, registration, protocol detection.
@testable import ChatServer
import Testing

@Suite struct IRCMessageTests {
    @Test func parsesPrefixCommandAndTrailing() {
        let message = IRCMessage(parsing: ":nick!u@h privmsg intake :hello there")
        #expect(message == IRCMessage(prefix: "nick!u@h", command: "PRIVMSG", parameters: ["intake", "hello there"]))
        #expect(IRCMessage(parsing: "@time=x CAP LS 302") == IRCMessage(command: "CAP", parameters: ["LS", "302"]))
        #expect(IRCMessage(parsing: "USER a 0 * :Real Name")?.parameters == ["a", "0", "*", "Real Name"])
        #expect(IRCMessage(parsing: "   ") == nil)
    }

    @Test func formatsAndNeverLetsCRLFOrNULThrough() {
        let message = IRCMessage(prefix: "intake", command: "PRIVMSG", parameters: ["you", "a\r\nQUIT\0 b"])
        #expect(message.line == ":intake PRIVMSG you :aQUIT b")
        #expect(IRCMessage(command: "PING", parameters: ["x"]).line == "PING x")
        #expect(IRCMessage(command: "CAP", parameters: ["*", "LS", ""]).line == "CAP * LS :")
    }

    @Test func longTextIsSplitAtWordsWithin512Bytes() {
        let words = (1...300).map { "word\($0)" }.joined(separator: " ")
        let messages = IRCTextSplitter.messages(prefix: "intake!intake@intake.local", command: "PRIVMSG", target: "someone", text: words)
        #expect(messages.count > 1)
        for message in messages {
            #expect(message.line.utf8.count + 2 <= 512)
            #expect(!message.parameters[1].hasPrefix(" ") && !message.parameters[1].hasSuffix(" "))
        }
        #expect(messages.map { $0.parameters[1] }.joined(separator: " ") == words)
        // One word longer than a line is cut between characters, never inside one.
        let long = String(repeating: "é", count: 600)
        let pieces = IRCTextSplitter.messages(prefix: "intake", command: "PRIVMSG", target: "x", text: long)
        #expect(pieces.allSatisfy { $0.line.utf8.count + 2 <= 512 })
        #expect(pieces.map { $0.parameters[1] }.joined() == long)
    }

    @Test func registrationWaitsForCapEnd() {
        var registration = IRCRegistration(identity: IRCIdentity())
        let ls = registration.handle(IRCMessage(parsing: "CAP LS 302")!)
        #expect(ls.map(\.line) == [":intake.local CAP * LS :"])
        _ = registration.handle(IRCMessage(parsing: "PASS secret")!)
        _ = registration.handle(IRCMessage(parsing: "NICK someone")!)
        _ = registration.handle(IRCMessage(parsing: "USER someone 0 * :Some One")!)
        #expect(!registration.isComplete)
        let req = registration.handle(IRCMessage(parsing: "CAP REQ :multi-prefix")!)
        #expect(req.map(\.line) == [":intake.local CAP someone NAK multi-prefix"])
        _ = registration.handle(IRCMessage(parsing: "CAP END")!)
        #expect(registration.isComplete)
    }

    @Test func nicksAreChecked() {
        var registration = IRCRegistration(identity: IRCIdentity())
        #expect(registration.handle(IRCMessage(parsing: "NICK intake")!).first?.command == "433")
        #expect(registration.handle(IRCMessage(parsing: "NICK 9lives")!).first?.command == "432")
        #expect(registration.handle(IRCMessage(parsing: "NICK")!).first?.command == "431")
        #expect(registration.handle(IRCMessage(parsing: "JOIN #x")!).first?.command == "451")
        #expect(registration.handle(IRCMessage(parsing: "NICK some[one]")!).isEmpty)
    }

    @Test func protocolDetection() {
        #expect(ProtocolDetector.detect(firstLine: Array("CAP LS 302".utf8)) == .irc)
        #expect(ProtocolDetector.detect(firstLine: Array("NICK someone".utf8)) == .irc)
        #expect(ProtocolDetector.detect(firstLine: Array("PASS x".utf8)) == .irc)
        #expect(ProtocolDetector.detect(firstLine: Array("USER a 0 * :b".utf8)) == .irc)
        #expect(ProtocolDetector.detect(firstLine: Array("yes".utf8)) == .plain)
        #expect(ProtocolDetector.detect(firstLine: Array("pass".utf8)) == .plain)
        #expect(ProtocolDetector.detect(firstLine: Array("nick is my name".utf8)) == .plain)
        #expect(ProtocolDetector.detect(firstLine: []) == .plain)
    }
}
