// IRCProtocolTests: a real IRC client's conversation over a socket: registration, the query, commands.
@testable import ChatServer
import Testing
import TestSupport


@Suite struct IRCProtocolTests {
    @Test func wholeDialogInAQuery() async throws {
        try await withServer { _, port in
            let client = try await TestClient.connect(port: port)
            try await register(client)
            for numeric in ["002", "003", "004", "005", "375"] {
                try await client.read(until: ":intake.local \(numeric) someone ")
            }
            try await client.read(until: ":intake.local 372 someone :- This short example asks about back pain.")
            try await client.read(until: ":intake.local 376 someone :End of /MOTD command.")
            // The bot opens the query itself.
            try await client.read(until: ":intake!intake@intake.local PRIVMSG someone :[----------] step 1 of")
            for (answer, reply) in zip(exampleAnswers, exampleReplies) {
                try await client.send("PRIVMSG intake :\(answer)\r\n")
                try await client.read(until: reply)
            }
            try await client.read(until: ServerMessages.ircFinished.english)
            try await client.send("QUIT :bye\r\n")
            try await client.read(until: "ERROR :Closing Link: 127.0.0.1 (Quit: bye)")
            #expect(try await client.waitForClose())

            let text = try await client.text
            #expect(text.endsLinesWithCRLF)
            // From the first IRC line on (on a loaded machine the plain greeting may come first).
            let irc = text[(text.range(of: ":intake.local CAP")?.lowerBound ?? text.startIndex)...]
            for line in irc.split(separator: "\r\n") {
                #expect(line.utf8.count + 2 <= 512)
                #expect(line.hasPrefix(":") || line.hasPrefix("ERROR"))
            }
        }
    }

    @Test func commandsARealClientSends() async throws {
        try await withServer { _, port in
            let client = try await TestClient.connect(port: port)
            // Before registration: PING is answered, anything else gets 451.
            try await client.send("CAP LS 302\r\nPING :early\r\nJOIN #x\r\n")
            try await client.read(until: ":intake.local PONG intake.local early")
            try await client.read(until: ":intake.local 451 * :You have not registered")
            try await client.send("NICK someone\r\nUSER someone 0 * :Some One\r\nCAP END\r\n")
            try await client.read(until: ":intake.local 376 someone")

            try await client.send("PING :lag-check\r\n")
            try await client.read(until: ":intake.local PONG intake.local lag-check")
            try await client.send("MODE someone +i\r\n")
            try await client.read(until: ":someone!someone@127.0.0.1 MODE someone +i")
            try await client.send("MODE someone\r\n")
            try await client.read(until: ":intake.local 221 someone +i")
            try await client.send("JOIN #help\r\n")
            try await client.read(until: ":intake.local 403 someone #help :No such channel")
            // NOTICE gets no reply at all: the next thing back is the answer to the PING after it.
            try await client.send("NOTICE intake :hello\r\nPING :after-notice\r\n")
            let afterNotice = try await client.read(until: ":intake.local PONG intake.local after-notice")
            #expect(!afterNotice.contains("PRIVMSG") && !afterNotice.contains(" 4"))
            try await client.send("PRIVMSG nobody :yes\r\n")
            try await client.read(until: ":intake.local 401 someone nobody :No such nick/channel")
            try await client.send("FROB x\r\n")
            try await client.read(until: ":intake.local 421 someone FROB :Unknown command")
            try await client.send("NICK intake\r\n")
            try await client.read(until: ":intake.local 433 someone intake :Nickname is already in use")
            try await client.send("NICK other\r\n")
            try await client.read(until: ":someone!someone@127.0.0.1 NICK other")
            // The dialog goes on under the new nick; colour codes are stripped from the answer.
            try await client.send("PRIVMSG intake :\u{03}04no\u{03}\r\n")
            try await client.read(until: ":intake!intake@intake.local PRIVMSG other :[#---------] step 2 of")
            try await client.send("PRIVMSG intake :\u{01}VERSION\u{01}\r\n")
            try await client.read(until: ":intake!intake@intake.local NOTICE other :\u{01}VERSION Intake")
            await client.close()
        }
    }

    @Test func serverPingsASilentClientAndDropsOneThatNeverAnswers() async throws {
        var limits = ServerLimits()
        // Long enough that a loaded machine still gets its PONG in before the second interval ends.
        limits.ircPingInterval = .seconds(3) * testTimeoutScale
        try await withServer(.irc, limits: limits) { _, port in
            let client = try await TestClient.connect(port: port)
            try await register(client)
            try await client.read(until: "PING intake.local")
            try await client.send("PONG :intake.local\r\n")
            try await client.read(until: "PING intake.local")
            try await client.read(until: "ERROR :Closing Link: 127.0.0.1 (Ping timeout)")
            #expect(try await client.waitForClose())
        }
    }

    @Test func anIRCClientSlowerThanTheGreetingIsStillRecognized() async throws {
        try await withServer(configure: { $0.detectionWait = .milliseconds(50) }) { _, port in
            let client = try await TestClient.connect(port: port)
            try await client.read(until: "step 1 of")
            try await register(client)
            try await client.read(until: ":intake!intake@intake.local PRIVMSG someone :[----------] step 1 of")
            // Every IRC message starts a line: none is glued to the plain greeting's "> " prompt.
            let lines = try await client.text.components(separatedBy: "\r\n")
            let firstIRC = try #require(lines.firstIndex { $0.contains(":intake.local ") })
            #expect(lines[firstIRC].hasPrefix(":intake.local "), "\(lines[firstIRC])")
            await client.close()
        }
    }

    @Test func forcedIRCNeedsNoDetection() async throws {
        try await withServer(.irc) { _, port in
            let client = try await TestClient.connect(port: port)
            try await client.send("NICK a\r\nUSER a 0 * :A\r\n")
            try await client.read(until: ":intake.local 001 a ")
            try await client.read(until: "PRIVMSG a :")
            await client.close()
        }
    }
}
