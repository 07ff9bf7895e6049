// LogFormatTests: `intake serve --log-format json` as journald would read it: every line of a real server's log is one JSON object.

import Foundation
import Testing

@Suite struct LogFormatTests {
    @Test("with --log-format json every line the server writes, its own lines too, parses as one JSON object")
    func everyLineIsJSON() async throws {
        let server = try await LiveServer(["--dialog", "Dialogs/example.yaml", "--no-store", "--log-format", "json", "--log-level", "debug"])
        let client = try LineSocket(port: server.port)
        #expect(await client.read(until: "Type help for more.\r\n> "))
        // A refused long line and an IRC nick with a control character: what a peer can put in the log.
        client.send(String(repeating: "x", count: 9000))
        client.close()
        _ = await client.readUntilClosed()
        let irc = try LineSocket(port: server.port)
        irc.send("NICK evil\u{1B}[31m\"}")
        irc.send("USER a 0 * :b")
        _ = await irc.read(until: "001", timeout: 5)
        irc.close()
        try await Task.sleep(for: .milliseconds(300))
        server.process.terminate()
        await server.waitForExit()
        let log = server.stderr
        await server.stop()
        let lines = log.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count >= 6, "\(log)")
        var messages: [String] = []
        for line in lines {
            let parsed = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            let fields = try #require(parsed, "not a JSON object: \(line)")
            #expect(fields["time"] is String && fields["level"] is String && fields["label"] is String, "\(line)")
            messages.append(fields["message"] as? String ?? "")
        }
        #expect(messages.contains { $0.hasPrefix("serving \"") }, "the server's own line is JSON too: \(messages)")
        #expect(messages.contains("connection opened"), "\(messages)")
        #expect(messages.contains { $0.hasPrefix("stopped") || $0 == "stopped" }, "\(messages)")
    }

    @Test("without --log-format the log is swift-log's text lines, as before")
    func defaultStaysText() async throws {
        let server = try await LiveServer(["--dialog", "Dialogs/example.yaml", "--no-store"])
        let client = try LineSocket(port: server.port)
        #expect(await client.read(until: "Type help for more.\r\n> "))
        client.close()
        try await Task.sleep(for: .milliseconds(300))
        let log = server.stderr
        await server.stop()
        #expect(log.contains("intake: serving \"") && !log.contains("{\"time\""), "\(log)")
        #expect(log.contains(" info intake.serve: "), "\(log)")
    }

    @Test("an unknown log format is refused before anything listens, exit 64")
    func unknownFormatRefused() async throws {
        let result = try await IntakeBinary.run(["serve", "--port", "0", "--no-store", "--dialog", "Dialogs/example.yaml", "--log-format", "yaml"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("'yaml'") && result.stderr.contains("'text'") && result.stderr.contains("'json'"), "\(result.stderr)")
        #expect(!result.stderr.contains("serving"))
    }
}
