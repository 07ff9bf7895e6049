// ResumeAttemptLimitTests: two built `intake serve` on one store behind a PROXY-speaking balancer: wrong resume codes from one address, alternated between them, reach the shared limit.

import AssessmentStore
import Foundation
import Testing
import TestSupport

@Suite("the resume-code limit across servers (built binary, PROXY headers, one store)", .serialized)
struct ResumeAttemptLimitTests {
    /// Where the two servers keep their store: a SQLite file, or a new database of the throwaway cluster.
    static func stores() -> [String] {
        StoreLocation.postgresIsBuilt ? ["sqlite", "postgres"] : ["sqlite"]
    }

    /// A connection as from `client`, through a balancer that speaks the PROXY protocol (as HAProxy's send-proxy).
    static func connect(_ server: LiveServer, as client: String) throws -> LineSocket {
        let socket = try LineSocket(port: server.port)
        socket.send("PROXY TCP4 \(client) 127.0.0.1 40000 \(server.port)")
        return socket
    }

    /// What a new connection from `client` is told when it types `resume code` first.
    static func tryCode(_ code: String, on server: LiveServer, as client: String) async throws -> String {
        let socket = try connect(server, as: client)
        defer { socket.close() }
        #expect(await socket.read(until: "Type help for more.\r\n> "))
        socket.send("resume \(code)")
        let answers = ["resume codes that did not work", "not known", "Welcome back"]
        let deadline = Date().addingTimeInterval(15 * testTimeoutScale)
        while !answers.contains(where: socket.received.contains), Date() < deadline, !socket.closedByServer {
            await socket.read(until: answers[0], timeout: 0.2)
        }
        return socket.received
    }

    @Test("wrong codes alternated between two servers from one address reach the limit; another address resumes; the window passing lets it try again",
          arguments: stores())
    func sharedLimit(_ kind: String) async throws {
        let (db, folder) = try StorageCommandTests.database()
        defer { try? FileManager.default.removeItem(at: folder) }
        var store = db
        if kind == "postgres" {
            let cluster = try #require(await PostgresTestCluster.shared, "no PostgreSQL for the tests: \(PostgresTestCluster.sharedFailure)")
            store = cluster.url(try await cluster.makeDatabase())
        }
        let arguments = [
            "--dialog", "Dialogs/example.yaml", "--db", store, "--proxy-protocol-from", "127.0.0.1",
            "--wrong-codes-per-address", "3", "--wrong-code-window", "3",
        ]
        let one = try await LiveServer(arguments)
        defer { one.stopInBackground() }
        let two = try await LiveServer(arguments)
        defer { two.stopInBackground() }

        let owner = try Self.connect(one, as: "192.0.2.50")
        #expect(await owner.read(until: "Type help for more.\r\n> "))
        let code = try #require(StorageCommandTests.resumeCode(in: owner.received))
        owner.send("no")
        #expect(await owner.read(until: "Where is the pain worst?"))
        owner.close()

        let wrong = ["2222-3333-4444", "5555-6666-7777", "8888-9999-AAAA", "BBBB-CCCC-DDDD"]
        for (index, guess) in wrong.prefix(3).enumerated() {
            let told = try await Self.tryCode(guess, on: index.isMultiple(of: 2) ? one : two, as: "192.0.2.1")
            #expect(told.contains("That resume code is not known"), "guess \(index + 1): \(told)")
        }
        let fourth = try await Self.tryCode(wrong[3], on: two, as: "192.0.2.1")
        #expect(fourth.contains("Too many resume codes that did not work came from here"), "\(fourth)")
        let right = try await Self.tryCode(code, on: one, as: "192.0.2.1")
        #expect(right.contains("Too many resume codes that did not work came from here"), "the address is held back, even with the right code")

        let elsewhere = try await Self.tryCode(code, on: two, as: "192.0.2.2")
        #expect(elsewhere.contains("Welcome back. Your 1 answer is kept"), "\(elsewhere)")

        try await Task.sleep(for: .milliseconds(3500))
        let later = try await Self.tryCode(wrong[3], on: one, as: "192.0.2.1")
        #expect(later.contains("That resume code is not known"), "the window passed: \(later)")

        for server in [one, two] {
            #expect(server.stderr.contains("peer=192.0.2.1"), "the log names the client, not the balancer")
            #expect(!server.stderr.contains(code.replacingOccurrences(of: "-", with: "")) && !server.stderr.contains(code))
            #expect(!wrong.contains { server.stderr.contains($0) || server.stderr.contains($0.replacingOccurrences(of: "-", with: "")) })
        }
    }
}
