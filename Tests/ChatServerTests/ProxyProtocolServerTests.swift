// ProxyProtocolServerTests: a server trusting a load balancer, over real sockets: every header of the data file, split reads, a 1 MB line, silence, untrusted peers, the per-address limit by the header's address.

@testable import ChatServer
import Foundation
import NIOCore
import Testing
import TestSupport

@Suite("PROXY protocol in front of the server", .serialized)
struct ProxyProtocolServerTests {
    static func trusting(_ addresses: [String], wait: Duration = .seconds(5)) -> (inout ServerConfiguration) -> Void {
        { configuration in
            var trust = try! ProxyProtocolTrust(trusting: addresses)
            trust.headerWait = wait
            configuration.proxyProtocol = trust
        }
    }

    /// The peer the server logged for its connections.
    static func loggedPeers(_ logs: LogRecorder) -> [String] {
        logs.lines.withLockedValue { $0 }.filter { $0.contains("connection opened") }.compactMap { line in
            line.split(separator: " ").first { $0.hasPrefix("peer=") }.map { String($0.dropFirst(5)) }
        }
    }

    @Test("every header of Tests/Data/proxy/headers.txt from the trusted balancer: greeted as its client, or refused in words and closed")
    func dataFileOverSockets() async throws {
        let logs = LogRecorder()
        try await withServer(.auto, logs: logs, configure: Self.trusting(["127.0.0.1"])) { _, port in
            for testCase in ProxyHeaderCase.all {
                let client = try await TestClient.connect(port: port)
                try? await client.send(testCase.bytes)
                if let refusal = testCase.refusal {
                    let told = try await client.read(until: "\r\n")
                    #expect(told.hasPrefix("Connection refused: ") && told.contains(refusal), "\(testCase.name): \(told)")
                    #expect(try await client.waitForClose(), "\(testCase.name): still open")
                    #expect(!(try await client.text.contains("step 1")), "\(testCase.name): greeted")
                } else {
                    try await client.read(until: "step 1 of")
                    let expected = testCase.source == "peer" ? "127.0.0.1" : testCase.source!
                    #expect(Self.loggedPeers(logs).last == expected, "\(testCase.name)")
                }
                await client.close()
            }
        }
    }

    @Test("the balancer's health checks (a header, then a reset at once) leave no refusal in the log, and a client after them is served")
    func healthChecksAreQuiet() async throws {
        let logs = LogRecorder()
        try await withServer(.auto, logs: logs, configure: Self.trusting(["127.0.0.1"])) { _, port in
            // HAProxy's own (v1), one that names no client (UNKNOWN, as for a local check), a v2 header, and a
            // reset before any header at all.
            let v2: [UInt8] = [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A, 0x21, 0x11, 0x00, 0x0C,
                               127, 0, 0, 1, 127, 0, 0, 1, 0x9C, 0x40, 0x09, 0x13]
            let headers: [[UInt8]] = [Array("PROXY TCP4 127.0.0.1 127.0.0.1 40000 2323\r\n".utf8), Array("PROXY UNKNOWN\r\n".utf8), v2, []]
            for round in 0..<32 {
                let check = try await TestClient.connect(port: port)
                let header = headers[round % headers.count]
                if !header.isEmpty { try await check.send(header) }
                await check.reset()
            }
            let client = try await TestClient.connect(port: port)
            try await client.send("PROXY TCP4 192.0.2.9 198.51.100.1 4000 2323\r\n")
            try await client.read(until: "step 1 of")
            await client.close()
        }
        let lines = logs.lines.withLockedValue { $0 }
        let refused = lines.filter { $0.contains("connection refused") }
        #expect(refused.isEmpty, "a check from the trusted balancer is not a refused untrusted peer: \(refused)")
        let warnings = lines.filter { $0.hasPrefix("warning") }
        #expect(warnings.isEmpty, "a reset is the check's way of leaving, not a warning: \(warnings)")
    }

    @Test("a header split over three reads is read whole; what followed it is the client's first line")
    func splitHeader() async throws {
        let logs = LogRecorder()
        try await withServer(.auto, logs: logs, configure: Self.trusting(["127.0.0.1"])) { _, port in
            let client = try await TestClient.connect(port: port)
            for piece in ["PRO", "XY TCP4 192.0.2.", "9 198.51.100.1 4000 2323\r\nno\r\n"] {
                try await client.send(piece)
                try await Task.sleep(for: .milliseconds(80))
            }
            try await client.read(until: "step 2 of")
            #expect(Self.loggedPeers(logs) == ["192.0.2.9"])
        }
    }

    @Test("a 1 MB line instead of a header is refused after 107 bytes; a silent balancer is refused after the wait")
    func hugeAndSilent() async throws {
        try await withServer(.auto, configure: Self.trusting(["127.0.0.1"], wait: .milliseconds(300))) { _, port in
            let huge = try await TestClient.connect(port: port)
            try? await huge.send(Array("PROXY ".utf8) + [UInt8](repeating: UInt8(ascii: "A"), count: 1 << 20) + [0x0D, 0x0A])
            let told = try await huge.read(until: "\r\n")
            #expect(told == "Connection refused: the PROXY line is longer than 107 bytes.\r\n")
            #expect(try await huge.waitForClose())

            let silent = try await TestClient.connect(port: port)
            let quiet = try await silent.read(until: "\r\n")
            #expect(quiet.contains("no PROXY header came from the load balancer"))
            #expect(try await silent.waitForClose())
        }
    }

    @Test("from a peer that is not trusted: greeted at once as itself, and a PROXY header it sends is refused")
    func untrustedPeer() async throws {
        let logs = LogRecorder()
        try await withServer(.auto, logs: logs, configure: Self.trusting(["127.0.0.2"])) { _, port in
            let direct = try await TestClient.connect(port: port)
            try await direct.read(until: "step 1 of")
            try await direct.send("\r\nno\r\n")
            try await direct.read(until: "step 2 of")
            let claiming = try await TestClient.connect(port: port)
            try await claiming.read(until: "step 1 of")
            try await claiming.send("PROXY TCP4 192.0.2.7 198.51.100.1 1 2\r\n")
            try await claiming.read(until: "Connection refused: ")
            let told = try await claiming.read(until: "\r\n")
            #expect(("Connection refused: " + told).contains("Connection refused: a PROXY header came from 127.0.0.1, which is not a trusted load balancer."))
            #expect(try await claiming.waitForClose())
            #expect(Self.loggedPeers(logs) == ["127.0.0.1", "127.0.0.1"])
        }
    }

    @Test("the per-address session limit counts the header's address, not the balancer's")
    func perAddressLimitByHeader() async throws {
        var limits = ServerLimits()
        limits.maxSessionsPerAddress = 1
        try await withServer(.auto, limits: limits, configure: Self.trusting(["127.0.0.1"])) { _, port in
            let first = try await TestClient.connect(port: port)
            try await first.send("PROXY TCP4 192.0.2.7 198.51.100.1 1 2\r\n")
            try await first.read(until: "step 1 of")
            let second = try await TestClient.connect(port: port)
            try await second.send("PROXY TCP4 192.0.2.7 198.51.100.1 3 2\r\n")
            try await second.read(until: "already 1 sessions from your address")
            let other = try await TestClient.connect(port: port)
            try await other.send("PROXY TCP4 192.0.2.8 198.51.100.1 1 2\r\n")
            try await other.read(until: "step 1 of")
        }
    }
}
