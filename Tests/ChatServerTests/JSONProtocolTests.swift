// JSONProtocolTests: a whole dialog as JSON lines over a real socket.
@testable import ChatServer
import Foundation
import Testing

@Suite struct JSONProtocolTests {
    @Test func wholeDialogAsJSONLines() async throws {
        try await withServer(.json) { _, port in
            let client = try await TestClient.connect(port: port)
            try await client.read(until: #""type":"ask","id":"saddle_numbness""#)
            for (answer, id) in zip(exampleAnswers.dropLast(), ["where", "weeks", "severity", "helped", "note"]) {
                try await client.send(answer + "\n")
                try await client.read(until: #""type":"ask","id":"\#(id)""#)
            }
            try await client.send("skip\n")
            try await client.read(until: #"{"type":"end"}"#)
            #expect(try await client.waitForClose())

            let text = try await client.text
            #expect(text.endsLinesWithCRLF)
            var types: [String] = []
            for line in text.split(separator: "\r\n") {
                let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
                types.append(object?["type"] as? String ?? "?")
                if object?["type"] as? String == "outcome" {
                    #expect(object?["code"] as? String == "self_care")
                }
            }
            #expect(types.first == "say")
            #expect(types.last == "end")
            #expect(types.filter { $0 == "ask" }.count == 6)
            #expect(types.contains("outcome"))
        }
    }

    @Test func retryThenAskAgain() async throws {
        try await withServer(.json) { _, port in
            let client = try await TestClient.connect(port: port)
            try await client.read(until: #""type":"ask""#)
            try await client.send("banana\n")
            try await client.read(until: #""type":"retry","id":"saddle_numbness""#)
            try await client.read(until: #""type":"ask","id":"saddle_numbness""#)
            await client.close()
        }
    }

    @Test func serviceWordsAreSayEventsAndACloseEndsWithEnd() async throws {
        var limits = ServerLimits()
        limits.idleTimeout = .milliseconds(600)
        limits.idleWarning = .milliseconds(300)
        try await withServer(.json, limits: limits) { _, port in
            let client = try await TestClient.connect(port: port)
            try await client.read(until: #"{"type":"say","text":"Are you still there?"#)
            try await client.read(until: #"{"type":"say","text":"This session was closed"#)
            try await client.read(until: #"{"type":"end"}"#)
            #expect(try await client.waitForClose())
        }
    }
}
