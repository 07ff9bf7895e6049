// OperationsServerTests: the HTTP port on a real socket: each request of Data/requests/ gets the status its name says,
// a 1 MB header gets a 400, and none of it keeps the chat server beside it from greeting.

import AssessmentStore
import ChatServer
import Foundation
import Logging
import Operations
import Testing
import TestSupport

@Suite(.serialized) struct OperationsServerTests {
    static let requests = Repository.path("Tests/OperationsTests/Data/requests")

    static var requestFiles: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: requests)) ?? []).filter { $0.hasSuffix(".http") }.sorted()
    }

    @Test(arguments: requestFiles)
    func requestGetsTheStatusItsNameSays(_ file: String) async throws {
        let expected = String(file.prefix(3))
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Self.requests + "/" + file)))
        try await withServers { http, chat in
            let reply = try await RawClient.exchange(port: http, sending: bytes)
            #expect(reply.hasPrefix("HTTP/1.") && reply.dropFirst(9).hasPrefix(expected), "\(file): \(reply.prefix(200))")
            try await Self.expectBothServe(http: http, chat: chat)
        }
    }

    @Test func aMegabyteHeaderGets400() async throws {
        try await withServers { http, chat in
            let header = "GET /metrics HTTP/1.1\r\nHost: x\r\nX-Big: " + String(repeating: "a", count: 1 << 20) + "\r\n\r\n"
            let reply = try await RawClient.exchange(port: http, sending: Array(header.utf8))
            #expect(reply.hasPrefix("HTTP/1.1 400"), "\(reply.prefix(200))")
            try await Self.expectBothServe(http: http, chat: chat)
        }
    }

    @Test func metricsNameEveryMetricWithItsHelp() async throws {
        try await withServers { http, _ in
            let reply = try await RawClient.exchange(port: http, sending: Array("GET /metrics HTTP/1.0\r\n\r\n".utf8))
            #expect(reply.contains("Content-Type: text/plain; version=0.0.4"))
            for name in ["intake_sessions_open", "intake_refusals_total", "intake_store_failures_total", "intake_turn_seconds"] {
                #expect(reply.contains("# HELP \(name) "), "\(name)")
            }
            #expect(reply.contains(#"intake_refusals_total{reason="flood"} 0"#))
        }
    }

    /// GET /healthz answers 200, and the chat server still greets a plain client.
    static func expectBothServe(http: Int, chat: Int) async throws {
        let health = try await RawClient.exchange(port: http, sending: Array("GET /healthz HTTP/1.0\r\n\r\n".utf8))
        #expect(health.hasPrefix("HTTP/1.0 200"), "\(health.prefix(200))")
        let greeting = try await RawClient.exchange(port: chat, sending: Array("quit\r\n".utf8))
        #expect(greeting.contains("Back pain check"), "\(greeting.prefix(200))")
    }

    func withServers(_ body: (_ http: Int, _ chat: Int) async throws -> Void) async throws {
        let folder = try TemporaryDirectory()
        try Data().write(to: URL(fileURLWithPath: folder.path + "/store.sqlite"))
        let monitor = ServiceMonitor(log: RepeatLimitedLog(logger: Logger(label: "test")),
                                     storeHealth: StoreHealth(file: folder.path + "/store.sqlite"))
        var configuration = ServerConfiguration(port: 0)
        configuration.observer = monitor
        configuration.detectionWait = .milliseconds(20)
        let chat = ChatServer(dialog: RepositoryDialogs.named("example"), configuration: configuration)
        monitor.watch(chat)
        let operations = OperationsServer(monitor: monitor)
        do {
            let chatPort = try await chat.start()
            let httpPort = try await operations.start(host: "127.0.0.1", port: 0)
            try await body(httpPort, chatPort)
        } catch {
            await operations.shutdown()
            await chat.shutdown()
            throw error
        }
        await operations.shutdown()
        await chat.shutdown()
    }
}
