// KioskServerTests: `intake serve --kiosk` over real sockets: one person after another on one connection.
@testable import ChatServer
import Testing

@Suite struct KioskServerTests {
    static let clear = PlainConversation.clearScreenAndScrollback
    /// IAC WILL NAWS, IAC SB NAWS 0 80 0 24 IAC SE: what a telnet client that negotiates sends first.
    static let windowSize: [UInt8] = [0xFF, 0xFB, 0x1F, 0xFF, 0xFA, 0x1F, 0, 80, 0, 24, 0xFF, 0xF0]

    private func withKiosk(
        readingTime: Duration = .seconds(30), limits: ServerLimits = ServerLimits(), _ mode: ChatProtocol = .plain,
        _ body: (Int) async throws -> Void
    ) async throws {
        try await withServer(mode, limits: limits, configure: { $0.kiosk = .init(readingTime: readingTime) }) { _, port in
            try await body(port)
        }
    }

    private func finishOnePerson(_ client: TestClient) async throws {
        for (answer, reply) in zip(exampleAnswers, exampleReplies) {
            try await client.send(answer + "\r\n")
            try await client.read(until: reply)
        }
        try await client.read(until: ServerMessages.kioskReading.english)
    }

    @Test func aTerminalIsClearedAndTheNextPersonGreetedAfterEnter() async throws {
        try await withKiosk { port in
            let client = try await TestClient.connect(port: port)
            try await client.send(Self.windowSize)
            try await client.read(until: "step 1 of")
            try await finishOnePerson(client)
            #expect(!(try await client.text).contains(Self.clear))
            // Whatever is typed under the outcome means "done reading": it answers nothing.
            try await client.send("yes\r\n")
            try await client.read(until: Self.clear)
            try await client.read(until: "== Back pain check (example dialog) ==")
            try await client.read(until: "step 1 of")
            try await client.read(until: "\r\n> ")
            #expect(!(try await client.snapshot().closed))
            let afterClear = try await client.text.components(separatedBy: Self.clear).last ?? ""
            #expect(!afterClear.contains("Your answers"))
            #expect(!afterClear.contains("step 2 of"), "the typed line became the next person's answer")
            // The second person goes through to an outcome as well.
            try await finishOnePerson(client)
            await client.close()
        }
    }

    @Test func netcatGetsTheNextGreetingButNoEscapes() async throws {
        try await withKiosk { port in
            let client = try await TestClient.connect(port: port)
            try await client.read(until: "step 1 of")
            try await finishOnePerson(client)
            try await client.send("\r\n")
            try await client.read(until: "== Back pain check (example dialog) ==")
            try await client.read(until: "step 1 of")
            #expect(!(try await client.snapshot().bytes).contains(0x1B))
            await client.close()
        }
    }

    @Test func theReadingTimeRunsOutWithoutEnter() async throws {
        try await withKiosk(readingTime: .milliseconds(500)) { port in
            let client = try await TestClient.connect(port: port)
            try await client.send(Self.windowSize)
            try await client.read(until: "step 1 of")
            for (answer, reply) in zip(exampleAnswers.dropLast(), exampleReplies) {
                try await client.send(answer + "\r\n")
                try await client.read(until: reply)
            }
            // The reading time starts after the last answer arrives, so no sooner than this.
            let sent = ContinuousClock.now
            try await client.send(exampleAnswers.last! + "\r\n")
            try await client.read(until: ServerMessages.kioskReading.english)
            try await client.read(until: Self.clear)
            #expect(ContinuousClock.now - sent >= .milliseconds(500))
            try await client.read(until: "step 1 of")
            await client.close()
        }
    }

    @Test func quitAndCtrlCEndThePersonNotTheConnection() async throws {
        try await withKiosk { port in
            let client = try await TestClient.connect(port: port)
            try await client.send(Self.windowSize)
            try await client.read(until: "step 1 of")
            try await client.send("no\r\n")
            try await client.read(until: "step 2 of")
            try await client.send("quit\r\n")
            try await client.read(until: ServerMessages.goodbye.english)
            try await client.read(until: ServerMessages.kioskReading.english)
            try await client.send("\r\n")
            try await client.read(until: Self.clear)
            try await client.read(until: "step 1 of")
            // Telnet's Ctrl-C (IAC IP) and a raw Ctrl-D: the goodbye to read, then the next person.
            try await client.send([0xFF, 0xF4])
            try await client.read(until: ServerMessages.goodbye.english)
            try await client.read(until: ServerMessages.kioskReading.english)
            try await client.send([0x04])
            try await client.read(until: Self.clear)
            try await client.read(until: "step 1 of")
            #expect(!(try await client.snapshot().closed))
            #expect(!(try await client.text).contains(ServerMessages.interrupted.english))
            await client.close()
        }
    }

    @Test func anIdleSessionIsWarnedThenClearedForTheNextPerson() async throws {
        var limits = ServerLimits()
        limits.idleTimeout = .milliseconds(1200)
        limits.idleWarning = .milliseconds(600)
        try await withKiosk(limits: limits) { port in
            let client = try await TestClient.connect(port: port)
            try await client.send(Self.windowSize)
            try await client.read(until: "step 1 of")
            try await client.send("no\r\n")
            try await client.read(until: "step 2 of")
            try await client.read(until: "Are you still there?")
            try await client.read(until: Self.clear)
            try await client.read(until: "step 1 of")
            #expect(!(try await client.snapshot().closed))
            // The next person's idle time starts again: warned again, not closed.
            try await client.read(until: "Are you still there?")
            #expect(!(try await client.snapshot().closed))
            await client.close()
        }
    }

    /// What a careless or hostile person sends under the outcome: each is "done reading" or refused, never an
    /// answer for the next person, never a hang or a closed kiosk.
    @Test func aMegabyteLineOrInvalidUTF8UnderTheOutcomeIsNoOnesAnswer() async throws {
        try await withKiosk { port in
            let client = try await TestClient.connect(port: port)
            try await client.send(Self.windowSize)
            try await client.read(until: "step 1 of")
            try await finishOnePerson(client)
            // A paste far over the line limit: refused, the outcome still to be read, the connection open.
            try await client.send([UInt8](repeating: 0x61, count: 1 << 20) + Array("\r\n".utf8))
            try await client.read(until: "too long")
            #expect(!(try await client.text).contains(Self.clear))
            // Bytes that are not UTF-8: "done reading" like any other line.
            try await client.send([0xC3, 0x28, 0xFF, 0xFF, 0xA0, 0xA1, 0x0D, 0x0A])
            try await client.read(until: Self.clear)
            try await client.read(until: "step 1 of")
            try await client.read(until: "\r\n> ")
            let afterClear = try await client.text.components(separatedBy: Self.clear).last ?? ""
            #expect(!afterClear.contains("step 2 of"))
            #expect(!(try await client.snapshot().closed))
            await client.close()
        }
    }

    @Test func aClientThatEndsItsInputUnderTheOutcomeIsClosedNotKeptWaiting() async throws {
        try await withKiosk { port in
            let client = try await TestClient.connect(port: port)
            try await client.read(until: "step 1 of")
            try await finishOnePerson(client)
            // netcat at the end of its input file: nobody is left to press Enter.
            try await client.channel.close(mode: .output).get()
            try await client.read(until: ServerMessages.endOfInput.english)
            #expect(try await client.waitForClose())
        }
    }

    @Test func ircClientsAreNotKiosks() async throws {
        try await withKiosk(.irc) { port in
            let client = try await TestClient.connect(port: port)
            try await client.send("NICK kiosk\r\nUSER kiosk 0 * :Kiosk\r\n")
            try await client.read(until: " 001 kiosk ")
            try await client.send([0x03] + Array("4red\r\n".utf8))
            #expect(!(try await client.text).contains(ServerMessages.kioskReading.english))
            await client.close()
        }
    }

    @Test func withoutKioskTheConnectionClosesAtTheOutcome() async throws {
        try await withServer(.plain) { _, port in
            let client = try await TestClient.connect(port: port)
            try await client.read(until: "step 1 of")
            for (answer, reply) in zip(exampleAnswers, exampleReplies) {
                try await client.send(answer + "\r\n")
                try await client.read(until: reply)
            }
            #expect(try await client.waitForClose())
            #expect(!(try await client.text).contains(ServerMessages.kioskReading.english))
        }
    }
}
