// JSONLogHandlerTests: `--log-format json` lines parse as JSON and say what was logged, whatever a peer put in the metadata.

import ChatServer
import Foundation
import Logging
import NIOConcurrencyHelpers
import Testing
import TestSupport

@Suite struct JSONLogHandlerTests {
    /// The hostile values of Tests/Data/log/hostile-metadata.txt, as the strings a log call gets:
    /// raw bytes decoded as UTF-8 with replacement, as every String made from a peer's bytes is.
    static func hostileValues() throws -> [String] {
        let text = try String(contentsOfFile: Repository.path("Tests/Data/log/hostile-metadata.txt"), encoding: .utf8)
        return text.split(separator: "\n", omittingEmptySubsequences: true).filter { !$0.hasPrefix("#") }.map { line in
            var bytes: [UInt8] = []
            var rest = Substring(line)
            while let first = rest.first {
                rest = rest.dropFirst()
                guard first == "\\", let code = rest.first else {
                    bytes += Array(String(first).utf8)
                    continue
                }
                rest = rest.dropFirst()
                switch code {
                case "n": bytes.append(0x0A)
                case "r": bytes.append(0x0D)
                case "t": bytes.append(0x09)
                case "x":
                    bytes.append(UInt8(rest.prefix(2), radix: 16)!)
                    rest = rest.dropFirst(2)
                case "u":
                    let hex = rest.dropFirst().prefix { $0 != "}" }
                    bytes += Array(String(Unicode.Scalar(UInt32(hex, radix: 16)!)!).utf8)
                    rest = rest.dropFirst(hex.count + 2)
                default: bytes += Array(String(code).utf8)
                }
            }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    private func record(_ body: (Logger) -> Void) -> [String] {
        let lines = NIOLockedValueBox<[String]>([])
        var logger = Logger(label: "intake.test") { label in JSONLogHandler(label: label) { line in lines.withLockedValue { $0.append(line) } } }
        logger.logLevel = .trace
        body(logger)
        return lines.withLockedValue { $0 }
    }

    private func object(_ line: String) throws -> [String: Any] {
        #expect(!line.contains("\n") && !line.contains("\r"), "one line: \(line)")
        let parsed = try JSONSerialization.jsonObject(with: Data(line.utf8))
        return try #require(parsed as? [String: Any], "\(line)")
    }

    @Test("every hostile metadata value comes back whole from a line that parses, in the message and the label too")
    func hostileValuesRoundTrip() throws {
        let values = try Self.hostileValues()
        #expect(values.count >= 15, "the data file was read")
        for value in values {
            let lines = record { $0.warning("\(value)", metadata: ["nick": "\(value)", "list": [.string(value)], "map": [value: .string(value)]]) }
            try #require(lines.count == 1)
            let fields = try object(lines[0])
            #expect(fields["message"] as? String == value, "\(lines[0])")
            #expect(fields["nick"] as? String == value, "\(lines[0])")
            #expect(fields["list"] as? [String] == [value])
            #expect((fields["map"] as? [String: String])?[value] == value)
            #expect(fields["level"] as? String == "warning", "a value cannot forge the level: \(lines[0])")
            #expect(Set(fields.keys) == ["time", "level", "label", "message", "nick", "list", "map"])
        }
    }

    @Test("the fixed fields: an RFC 3339 time in UTC with fractional seconds, the level, the label; a metadata key of the same name kept beside them")
    func fixedFields() throws {
        let before = Date()
        let lines = record { $0.info("listening", metadata: ["port": "2323", "level": "forged", "time": "forged"]) }
        let fields = try object(try #require(lines.first))
        #expect(fields["level"] as? String == "info")
        #expect(fields["label"] as? String == "intake.test")
        #expect(fields["message"] as? String == "listening")
        #expect(fields["port"] as? String == "2323")
        #expect(fields["metadata.level"] as? String == "forged")
        #expect(fields["metadata.time"] as? String == "forged")
        let time = try #require(fields["time"] as? String)
        #expect(time.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z/) != nil, "\(time)")
        let parser = ISO8601DateFormatter()
        parser.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let parsed = try #require(parser.date(from: time), "\(time)")
        #expect(abs(parsed.timeIntervalSince(before)) < 5)
    }

    @Test("the time is rounded within the second, never to a 60th second or a seventh digit")
    func timestampEdges() {
        #expect(JSONLogHandler.line(time: Date(timeIntervalSince1970: 0.9999999), level: .info, label: "l", message: "m", metadata: [:])
            .hasPrefix("{\"time\":\"1970-01-01T00:00:01.000000Z\""))
        #expect(JSONLogHandler.line(time: Date(timeIntervalSince1970: 1_796_328_124.5), level: .info, label: "l", message: "m", metadata: [:])
            .hasPrefix("{\"time\":\"2026-12-03T20:02:04.500000Z\""))
    }
}
