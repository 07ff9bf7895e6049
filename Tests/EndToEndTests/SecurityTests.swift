// SecurityTests: claims of docs/security.md that only the built binary can show: where `intake serve`
// listens unless told otherwise, and what its log never holds.

import Foundation
import Testing

@Suite struct SecurityTests {
    /// The local addresses of the listening TCP sockets on `port`, from /proc/net/tcp (hex, as the kernel
    /// writes them: 0100007F is 127.0.0.1, 00000000 is every address).
    static func listeningAddresses(port: Int) throws -> [String] {
        // Read to the end by FileHandle: /proc files say their size is 0, and a reader that trusts the size
        // (String(contentsOfFile:)) may stop after the first block, before the listener's line.
        let handle = try #require(FileHandle(forReadingAtPath: "/proc/net/tcp"))
        defer { try? handle.close() }
        let table = String(decoding: try handle.readToEnd() ?? Data(), as: UTF8.self)
        let wanted = String(format: "%04X", port)
        return table.split(separator: "\n").dropFirst().compactMap { row in
            let fields = row.split(separator: " ")
            guard fields.count > 3, fields[3] == "0A" else { return nil }  // 0A: LISTEN
            let local = fields[1].split(separator: ":")
            return local.count == 2 && local[1] == wanted ? String(local[0]) : nil
        }
    }

    @Test("intake serve listens on 127.0.0.1 only unless --host says otherwise")
    func loopbackByDefault() async throws {
        let server = try await LiveServer(["--dialog", "Dialogs/example.yaml", "--no-store"])
        defer { server.stopInBackground() }
        #expect(server.stderr.contains("on 127.0.0.1 port \(server.port)"))
        // /proc/net/tcp is made afresh, block by block, so while other tests open and close sockets one read
        // can miss a line: read again until the listener shows.
        var seen: Set<String> = []
        for _ in 0..<50 where seen.isEmpty {
            seen.formUnion(try Self.listeningAddresses(port: server.port))
            if seen.isEmpty { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(seen == ["0100007F"])
    }

    @Test("the server's log holds no answer, typed text, resume code or reference")
    func nothingPersonalInTheLog() async throws {
        let (db, folder) = try StorageCommandTests.database()
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try await LiveServer(["--dialog", "Dialogs/example.yaml", "--db", db, "--log-level", "trace"])
        defer { server.stopInBackground() }
        let client = try LineSocket(port: server.port)
        #expect(await client.read(until: "> "))
        let code = try #require(ServeStorageTests.resumeCode(in: client.received))
        for answer in ["no", "2", "20 weeks", "5", "none", "yes", "walrus umbrella 4711"] { client.send(answer) }
        #expect(await client.read(until: "Your reference: "))
        #expect(await client.readUntilClosed())
        let reference = try #require(client.received.range(of: #"Your reference: [0-9A-Z]{4}-[0-9A-Z]{4}"#, options: .regularExpression))
        let log = server.stderr
        #expect(log.contains("outcome reached"), "the log says what happened")
        for secret in ["walrus", "20 weeks", code, String(client.received[reference].suffix(9)), "Where is the pain"] {
            #expect(!log.contains(secret), "the log holds \(secret)")
        }
    }

    /// A supervisor may send SIGTERM as soon as it reads the "serving" line: the handlers are in place by then,
    /// so the server stops cleanly (exit 0, "stopped" logged) instead of dying of the signal's default action.
    @Test("SIGTERM right after the ready line is a clean stop")
    func sigtermRightAfterReady() async throws {
        for _ in 0..<5 {
            let server = try await LiveServer(["--dialog", "Dialogs/example.yaml", "--no-store"])
            server.process.terminate()
            await server.waitForExit()
            #expect(server.process.terminationReason == .exit && server.process.terminationStatus == 0,
                    "\(server.process.terminationReason == .exit ? "exit" : "signal") \(server.process.terminationStatus)")
            #expect(server.stderr.contains("stopped"))
        }
    }

    /// docs/security.md backs each claim with a test named `Suite.function`; a renamed or deleted test
    /// would leave a claim with nothing behind it, so every name must still be declared under Tests/.
    @Test("every test docs/security.md names exists")
    func everyNamedTestExists() throws {
        let root = IntakeBinary.repositoryRoot
        let document = try String(contentsOf: root.appendingPathComponent("docs/security.md"), encoding: .utf8)
        let named = Set(document.matches(of: /`([A-Z][A-Za-z]*Tests\.[A-Za-z0-9]+)`/).map { String($0.output.1) })
        #expect(named.count >= 40, "the document names \(named.count) tests")

        var sources = ""
        let files = FileManager.default.enumerator(at: root.appendingPathComponent("Tests"), includingPropertiesForKeys: nil)
        while let file = files?.nextObject() as? URL {
            if file.pathExtension == "swift" { sources += try String(contentsOf: file, encoding: .utf8) }
        }
        for name in named.sorted() {
            let parts = name.split(separator: ".")
            let suite = parts[0], function = parts[1]
            // Computed first, so that a failure prints the name and not every test source.
            let suiteDeclared = ["struct", "class", "extension"].contains { sources.contains("\($0) \(suite)") }
            let functionDeclared = sources.contains("func \(function)(")
            #expect(suiteDeclared, "no suite \(suite) for \(name)")
            #expect(functionDeclared, "no test function for \(name)")
        }
    }
}
