// PlainProtocolTests: whole dialogs over real sockets in plain text, and the bytes telnet clients send.
@testable import ChatServer
import Testing

@Suite struct PlainProtocolTests {
    @Test func wholeDialogInPlainText() async throws {
        try await withServer { _, port in
            let client = try await TestClient.connect(port: port)
            // Netcat and telnet send nothing first: the greeting comes after the short wait.
            try await client.read(until: "== Back pain check (example dialog) ==")
            try await client.read(until: "step 1 of")
            try await client.read(until: "\r\n> ")
            for (answer, reply) in zip(exampleAnswers, exampleReplies) {
                try await client.send(answer + "\r\n")
                try await client.read(until: reply)
            }
            try await client.read(until: "Your answers:")
            #expect(try await client.waitForClose())
            let text = try await client.text
            #expect(text.endsLinesWithCRLF)
            #expect(text.contains("- How long have you had this pain? 3 weeks"))
        }
    }

    @Test func answersSentBeforeTheGreetingAreKept() async throws {
        // `nc < answers.txt`: everything arrives at once, before the greeting timer.
        try await withServer { _, port in
            let client = try await TestClient.connect(port: port)
            try await client.send(exampleAnswers.map { $0 + "\n" }.joined())
            try await client.read(until: "step 1 of")
            try await client.read(until: "settle with time")
            #expect(try await client.waitForClose())
        }
    }

    @Test func clientHalfCloseEndsPolitely() async throws {
        try await withServer(.plain) { _, port in
            let client = try await TestClient.connect(port: port)
            try await client.read(until: "step 1 of")
            try await client.send("no")
            try await client.channel.close(mode: .output).get()
            // The unterminated last line still counts, then the server says goodbye.
            try await client.read(until: "step 2 of")
            try await client.read(until: ServerMessages.endOfInput.english)
            #expect(try await client.waitForClose())
        }
    }

    @Test func quitEndsTheSessionWithAGoodbye() async throws {
        try await withServer(.plain) { _, port in
            let client = try await TestClient.connect(port: port)
            try await client.read(until: "step 1 of")
            try await client.send("quit\r\n")
            try await client.read(until: "\r\nGoodbye.\r\n")
            #expect(try await client.waitForClose())
            #expect(!(try await client.text).contains("assessment is finished"))
        }
    }

    @Test func aByteAtATime() async throws {
        try await withServer(.plain) { _, port in
            let client = try await TestClient.connect(port: port)
            try await client.read(until: "step 1 of")
            for byte in Array("no\r\n1\r\n".utf8) {
                try await client.send([byte])
                try await Task.sleep(for: .milliseconds(2))
            }
            try await client.read(until: "step 2 of")
            try await client.read(until: "step 3 of")
            await client.close()
        }
    }

    @Test func iacInTheMiddleOfAUTF8Character() async throws {
        try await withServer(.plain) { _, port in
            let client = try await TestClient.connect(port: port)
            try await client.read(until: "step 1 of")
            for answer in exampleAnswers.dropLast() {
                try await client.send(answer + "\r\n")
            }
            try await client.read(until: "step 6 of")
            // "café", with IAC NOP between the two bytes of "é", and IAC DO ECHO after it.
            try await client.send(Array("caf".utf8) + [0xC3, 0xFF, 0xF1, 0xA9] + [0xFF, 0xFD, 0x01] + Array("\r\n".utf8))
            try await client.read(until: "settle with time")
            try await client.read(until: "Your answers:")
            try await client.read(until: "skip.) caf\u{E9}\r\n")
            #expect(try await client.waitForClose())
            let bytes = try await client.snapshot().bytes
            // The refusal of ECHO and the request for the window size came back as telnet commands.
            #expect(bytes.contains(subsequence: [0xFF, 0xFC, 0x01]))
            #expect(bytes.contains(subsequence: [0xFF, 0xFD, 0x1F]))
        }
    }

    @Test func ctrlCFromATelnetClient() async throws {
        try await withServer { _, port in
            let client = try await TestClient.connect(port: port)
            try await client.read(until: "step 1 of")
            // IAC IP IAC DO TIMING-MARK: what telnet sends when the person presses Ctrl-C.
            try await client.send([0xFF, 0xF4, 0xFF, 0xFD, 0x06])
            try await client.read(until: ServerMessages.interrupted.english)
            #expect(try await client.waitForClose())
            #expect(try await client.snapshot().bytes.contains(subsequence: [0xFF, 0xFC, 0x06]))
        }
    }

    @Test func windowSizeFromTheClientSetsTheWrapWidth() async throws {
        try await withServer(.plain) { _, port in
            let client = try await TestClient.connect(port: port)
            try await client.read(until: "step 1 of")
            // WILL NAWS, then 40 columns by 20 rows; the next question wraps at 40.
            try await client.send([0xFF, 0xFB, 0x1F, 0xFF, 0xFA, 0x1F, 0, 40, 0, 20, 0xFF, 0xF0] + Array("no\r\n".utf8))
            try await client.read(until: "step 2 of")
            let text = try await client.read(until: "Type a number from 1 to 3")
            let lines = text.split(separator: "\r\n")
            #expect(lines.allSatisfy { $0.count <= 40 }, "\(lines)")
            #expect(lines.contains("Type a number from 1 to 3"))
            await client.close()
        }
    }

    @Test func megabyteLineIsRefusedAndTheSessionGoesOn() async throws {
        try await withServer(.plain) { _, port in
            let client = try await TestClient.connect(port: port)
            try await client.read(until: "step 1 of")
            try await client.send([UInt8](repeating: 0x61, count: 1 << 20) + Array("\r\n".utf8))
            try await client.read(until: "too long (over 1024 bytes)")
            try await client.send("no\r\n")
            try await client.read(until: "step 2 of")
            await client.close()
        }
    }

    @Test func nulBytesAndTelnetLineEndings() async throws {
        try await withServer(.plain) { _, port in
            let client = try await TestClient.connect(port: port)
            try await client.read(until: "step 1 of")
            // NUL inside a word is dropped; CR NUL ends a line like CR LF.
            try await client.send([0x6E, 0x00, 0x6F, 0x0D, 0x00] + Array("1\r".utf8))
            try await client.read(until: "step 2 of")
            try await client.read(until: "step 3 of")
            await client.close()
        }
    }

    @Test func invalidUTF8IsRefusedClearly() async throws {
        try await withServer(.plain) { _, port in
            let client = try await TestClient.connect(port: port)
            try await client.read(until: "step 1 of")
            try await client.send([0x6E, 0xC3, 0x28, 0x6F, 0xFE, 0x0D, 0x0A])
            try await client.read(until: "could not be read")
            try await client.read(until: "step 1 of")
            try await client.send("no\r\n")
            try await client.read(until: "step 2 of")
            await client.close()
        }
    }

    @Test func escapeSequencesAreStripped() async throws {
        try await withServer(.plain) { _, port in
            let client = try await TestClient.connect(port: port)
            try await client.read(until: "step 1 of")
            try await client.send("\u{1B}[31mn\u{1B}[0mo\u{07}\r\n")
            try await client.read(until: "step 2 of")
            await client.close()
        }
    }
}

extension Array where Element == UInt8 {
    func contains(subsequence: [UInt8]) -> Bool {
        guard subsequence.count <= count else { return false }
        for start in 0...(count - subsequence.count) where self[start..<(start + subsequence.count)].elementsEqual(subsequence) {
            return true
        }
        return false
    }
}
