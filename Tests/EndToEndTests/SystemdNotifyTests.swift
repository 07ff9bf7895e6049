// SystemdNotifyTests: `intake serve` under NOTIFY_SOCKET tells a real unix datagram socket READY, RELOADING and STOPPING, as systemd's Type=notify expects.

import Foundation
import Testing
import TestSupport

/// The receiving end systemd holds: a unix datagram socket bound to a path or an abstract name.
final class NotifyListener {
    private let descriptor: Int32
    /// What NOTIFY_SOCKET says for it: the path, or `@name`.
    let notifySocket: String

    /// Bound to `path` in the file system.
    convenience init(path: String) throws {
        try self.init(sunPath: Array(path.utf8) + [0], notifySocket: path)
    }

    /// Bound to the Linux abstract name `name` (NUL, then the name, nothing after).
    convenience init(abstract name: String) throws {
        try self.init(sunPath: [0] + Array(name.utf8), notifySocket: "@" + name)
    }

    private init(sunPath: [UInt8], notifySocket: String) throws {
        self.notifySocket = notifySocket
        descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        try #require(descriptor >= 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        try #require(sunPath.count <= MemoryLayout.size(ofValue: address.sun_path))
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: sunPath) }
        let length = socklen_t(MemoryLayout<sockaddr_un>.offset(of: \sockaddr_un.sun_path)! + sunPath.count)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        try #require(bound == 0, "bind \(notifySocket.debugDescription): \(String(cString: strerror(errno)))")
    }

    deinit { close(descriptor) }

    /// The next datagram, or nil when none came in time.
    func receive(timeout: TimeInterval = 10) -> String? {
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, Int32(timeout * testTimeoutScale * 1000)) > 0 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = recv(descriptor, &buffer, buffer.count, 0)
        guard count >= 0 else { return nil }
        return String(decoding: buffer[0..<count], as: UTF8.self)
    }

    /// Datagrams until one holds `assignment` as a whole line (returned), or nil when time ran out first.
    func receive(until assignment: String, timeout: TimeInterval = 10) -> String? {
        let deadline = Date().addingTimeInterval(timeout * testTimeoutScale)
        while deadline.timeIntervalSinceNow > 0 {
            guard let message = receive(timeout: deadline.timeIntervalSinceNow / testTimeoutScale) else { return nil }
            if message.split(separator: "\n").contains(Substring(assignment)) { return message }
        }
        return nil
    }
}

@Suite struct SystemdNotifyTests {
    static let serveArguments = ["--no-store", "--dialog", "Dialogs/example.yaml"]

    /// The assignment `key=…` of a datagram, its value.
    static func value(of key: String, in message: String) -> String? {
        message.split(separator: "\n").first { $0.hasPrefix(key + "=") }.map { String($0.dropFirst(key.count + 1)) }
    }

    /// The lines of the log that speak of NOTIFY_SOCKET.
    static func notifyWarnings(_ log: String) -> [Substring] {
        log.split(separator: "\n").filter { $0.contains("NOTIFY_SOCKET") }
    }

    /// READY=1 with the port in STATUS, then STOPPING=1 at SIGTERM; the log says nothing of it.
    private func checkReadyAndStopping(_ listener: NotifyListener) async throws {
        let server = try await LiveServer(Self.serveArguments, environment: ["NOTIFY_SOCKET": listener.notifySocket])
        let ready = try #require(listener.receive(until: "READY=1"), "READY=1 once listening: \(server.stderr)")
        #expect(Self.value(of: "STATUS", in: ready) == "serving \"Back pain check (example dialog)\" on 127.0.0.1 port \(server.port)", "\(ready)")
        // Ready means ready: a connection gets the greeting.
        let client = try LineSocket(port: server.port)
        #expect(await client.read(until: "Type help for more.\r\n> "))
        client.close()
        #expect(listener.receive(timeout: 0.3) == nil, "nothing more while serving")
        server.process.terminate()
        let stopping = try #require(listener.receive(until: "STOPPING=1"), "STOPPING=1 at SIGTERM")
        #expect(Self.value(of: "STATUS", in: stopping)?.hasPrefix("stopping: telling ") == true, "\(stopping)")
        await server.process.exited()
        #expect(server.process.terminationStatus == 0)
        #expect(Self.notifyWarnings(server.stderr).isEmpty, "\(server.stderr)")
        await server.stop()
    }

    @Test("NOTIFY_SOCKET a path: READY=1 with the port in STATUS once listening, STOPPING=1 at SIGTERM")
    func readyAndStoppingOnAPath() async throws {
        let folder = try TemporaryDirectory()
        try await checkReadyAndStopping(try NotifyListener(path: folder.path + "/notify.sock"))
    }

    @Test("NOTIFY_SOCKET @name: the same through a Linux abstract socket")
    func readyAndStoppingOnAnAbstractName() async throws {
        try await checkReadyAndStopping(try NotifyListener(abstract: "intake-test-notify-\(UUID().uuidString)"))
    }

    @Test("a path of 107 bytes, the longest a socket address holds with its NUL, is used")
    func longestPath() async throws {
        let folder = try TemporaryDirectory()
        let path = folder.path + "/" + String(repeating: "n", count: 106 - folder.path.utf8.count)
        #expect(path.utf8.count == 107)
        try await checkReadyAndStopping(try NotifyListener(path: path))
    }

    @Test("SIGHUP with TLS: RELOADING=1 with MONOTONIC_USEC on the monotonic clock, then READY=1")
    func reloadOnHangup() async throws {
        let folder = try TemporaryDirectory()
        try await Self.makeCertificate(in: folder.path)
        let listener = try NotifyListener(path: folder.path + "/notify.sock")
        let server = try await LiveServer(
            Self.serveArguments + ["--tls-cert", folder.path + "/server.pem", "--tls-key", folder.path + "/server.key"],
            environment: ["NOTIFY_SOCKET": listener.notifySocket])
        defer { server.stopInBackground() }
        _ = try #require(listener.receive(until: "READY=1"), "\(server.stderr)")
        let before = Self.monotonicMicroseconds()
        kill(server.process.processIdentifier, SIGHUP)
        let reloading = try #require(listener.receive(until: "RELOADING=1"), "RELOADING=1 at SIGHUP: \(server.stderr)")
        let after = Self.monotonicMicroseconds()
        let stamp = try #require(Self.value(of: "MONOTONIC_USEC", in: reloading).flatMap { UInt64($0) }, "\(reloading)")
        #expect((before...after).contains(stamp), "\(before) ≤ \(stamp) ≤ \(after)")
        let ready = try #require(listener.receive(until: "READY=1"), "READY=1 after the reload")
        #expect(!ready.contains("RELOADING"))
        #expect(server.stderr.contains("reloaded the TLS certificate"), "\(server.stderr)")
    }

    @Test("SIGHUP without TLS: nothing to reread, said in the log; the server serves on and tells systemd READY=1 again")
    func hangupWithoutTLS() async throws {
        let folder = try TemporaryDirectory()
        let listener = try NotifyListener(path: folder.path + "/notify.sock")
        let server = try await LiveServer(Self.serveArguments, environment: ["NOTIFY_SOCKET": listener.notifySocket])
        defer { server.stopInBackground() }
        _ = try #require(listener.receive(until: "READY=1"), "\(server.stderr)")
        kill(server.process.processIdentifier, SIGHUP)
        _ = try #require(listener.receive(until: "RELOADING=1"), "RELOADING=1 at SIGHUP: \(server.stderr)")
        _ = try #require(listener.receive(until: "READY=1"), "READY=1 after it")
        #expect(server.process.isRunning, "SIGHUP must not end the server: \(server.stderr)")
        #expect(server.stderr.contains("SIGHUP: nothing to reload"), "\(server.stderr)")
        let client = try LineSocket(port: server.port)
        #expect(await client.read(until: "> "), "still greets: \(client.received)")
    }

    /// Each value in Tests/Data/ops/notify-sockets.txt: exactly one warning line, naming it, and a
    /// server that serves and stops cleanly.
    @Test("unusable NOTIFY_SOCKET values: one warning line each, and the server serves")
    func unusableValues() async throws {
        let file = Repository.root.appendingPathComponent("Tests/Data/ops/notify-sockets.txt")
        let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(lines.count >= 10)
        let folder = try TemporaryDirectory()
        try Data("not a socket\n".utf8).write(to: URL(fileURLWithPath: folder.path + "/regular-file"))
        for line in lines {
            let literal = try JSONDecoder().decode(String.self, from: Data(line.utf8))
            let value = literal.replacing("{dir}", with: folder.path)
            let server = try await LiveServer(Self.serveArguments, environment: ["NOTIFY_SOCKET": value])
            let client = try LineSocket(port: server.port)
            #expect(await client.read(until: "Type help for more.\r\n> "), "\(line) serves")
            client.close()
            server.process.terminate()
            await server.process.exited()
            #expect(server.process.terminationStatus == 0, "\(line)")
            let warnings = Self.notifyWarnings(server.stderr)
            #expect(warnings.count == 1, "\(line): \(server.stderr)")
            #expect(warnings.first?.hasPrefix("intake: warning: cannot tell systemd through NOTIFY_SOCKET=\"") == true, "\(line): \(warnings)")
            #expect(warnings.first?.hasSuffix("; serving goes on without it.") == true, "\(line): \(warnings)")
            #expect(server.stderr.contains("intake: serving \""), "\(line)")
            await server.stop()
        }
    }

    @Test("with --log-format json the warning is one JSON line at level warning, a newline in the value escaped")
    func warningInJSON() async throws {
        let server = try await LiveServer(Self.serveArguments + ["--log-format", "json"], environment: ["NOTIFY_SOCKET": "/nonexistent/with\nnewline"])
        server.process.terminate()
        await server.process.exited()
        let lines = server.stderr.split(separator: "\n")
        for line in lines {
            #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) is [String: Any], "not JSON: \(line)")
        }
        let warnings = Self.notifyWarnings(server.stderr)
        #expect(warnings.count == 1, "\(server.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data((warnings.first ?? "").utf8)) as? [String: Any])
        #expect(object["level"] as? String == "warning")
        #expect((object["message"] as? String)?.hasPrefix("cannot tell systemd through NOTIFY_SOCKET=\"/nonexistent/with\\nnewline\": ") == true, "\(object)")
        await server.stop()
    }

    /// A self-signed certificate for localhost and its key, as server.pem and server.key.
    static func makeCertificate(in folder: String) async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                             "-keyout", "server.key", "-out", "server.pem", "-days", "2", "-subj", "/CN=localhost",
                             "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"]
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        await process.exited()
        try #require(process.terminationStatus == 0, "openssl made the certificate")
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: folder + "/server.key")
    }

    static func monotonicMicroseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1_000
    }
}
