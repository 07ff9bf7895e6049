// LineSocket: a TCP client on 127.0.0.1 for end-to-end tests of `intake serve`: send lines, read until a text.

import Foundation
import Testing
import TestSupport

/// A plain TCP connection, as netcat or a telnet kiosk makes one.
final class LineSocket {
    private let descriptor: Int32
    /// Everything received so far.
    private(set) var received = ""
    private(set) var closedByServer = false

    init(port: Int) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(descriptor >= 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        try #require(connected == 0, "connect to 127.0.0.1:\(port)")
    }

    deinit { Foundation.close(descriptor) }

    /// Hangs up, as a client whose line drops (the server sees the end of its input).
    func close() {
        shutdown(descriptor, Int32(SHUT_RDWR))
    }

    func send(_ line: String) {
        let bytes = Array((line + "\r\n").utf8)
        _ = bytes.withUnsafeBytes { Foundation.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// Reads until `text` has arrived after `from` characters (or the server closes, or the time is up);
    /// returns whether it arrived.
    @discardableResult
    func read(until text: String, timeout: TimeInterval = 15) async -> Bool {
        let deadline = Date().addingTimeInterval(timeout * testTimeoutScale)
        while !received.contains(text) {
            guard !closedByServer, await readSome(deadline: deadline) else { return received.contains(text) }
        }
        return true
    }

    /// Reads until the server closes the connection; returns whether it did in time.
    func readUntilClosed(timeout: TimeInterval = 15) async -> Bool {
        let deadline = Date().addingTimeInterval(timeout * testTimeoutScale)
        while !closedByServer {
            guard await readSome(deadline: deadline) else { return closedByServer }
        }
        return true
    }

    private func readSome(deadline: Date) async -> Bool {
        let remaining = deadline.timeIntervalSinceNow
        guard remaining > 0 else { return false }
        // The wait happens off the cooperative pool; the recv after it finds the bytes there.
        let descriptor = descriptor
        let revents = await offThePool { () -> Int16? in
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            return poll(&poller, 1, Int32(min(remaining, 1) * 1000)) >= 0 ? poller.revents : nil
        }
        guard let revents else { return false }
        guard revents != 0 else { return true }
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let count = recv(descriptor, &chunk, chunk.count, 0)
        if count <= 0 {
            closedByServer = true
            return false
        }
        received += String(decoding: chunk[0..<count], as: UTF8.self)
        return true
    }
}

/// The built `intake serve` on a free port of 127.0.0.1, stopped by SIGTERM when the test is done.
final class LiveServer {
    let process = Process()
    let port: Int
    private let log: URL
    /// `--port-file`: the server writes its port here once it listens (the ready signal scripts wait for).
    let portFile: URL

    /// With `portFile`, the server writes there; what the file held before it started (a port an
    /// earlier server left) is not taken for its port. `environment` is added to the test's own, from
    /// which NOTIFY_SOCKET is taken out: a test run under systemd must not have its servers notify it.
    init(_ arguments: [String], portFile given: URL? = nil, environment: [String: String] = [:]) async throws {
        try #require(FileManager.default.isExecutableFile(atPath: IntakeBinary.path), "build intake first (make test does)")
        let name = "intake-serve-\(UUID().uuidString)"
        log = FileManager.default.temporaryDirectory.appendingPathComponent("\(name).log")
        portFile = given ?? FileManager.default.temporaryDirectory.appendingPathComponent("\(name).port")
        let stale = try? String(contentsOf: portFile, encoding: .utf8)
        try Data().write(to: log)
        process.executableURL = URL(fileURLWithPath: IntakeBinary.path)
        process.arguments = ["serve", "--port", "0", "--port-file", portFile.path] + arguments
        process.currentDirectoryURL = IntakeBinary.repositoryRoot
        var inherited = ProcessInfo.processInfo.environment
        inherited["NOTIFY_SOCKET"] = nil
        process.environment = inherited.merging(environment) { _, given in given }
        process.standardError = try FileHandle(forWritingTo: log)
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        var found: Int?
        let deadline = Date().addingTimeInterval(10 * testTimeoutScale)
        while found == nil, process.isRunning, Date() < deadline {
            // The file appears whole (written aside, then renamed), so whatever is read is the port.
            if let text = try? String(contentsOf: portFile, encoding: .utf8), text != stale {
                found = Int(text.trimmingCharacters(in: .newlines))
            } else {
                try await Task.sleep(for: .milliseconds(50))
            }
        }
        if found == nil, process.isRunning {
            // This test fails here; its server must not stay behind, listening, after the run.
            process.terminate()
            process.waitUntilExit()
        }
        port = try #require(found, "the server wrote no port file: \(String(describing: try? String(contentsOf: log, encoding: .utf8)))")
    }

    var stderr: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    /// SIGKILL: the server gets no chance to finish anything.
    func kill() async {
        Foundation.kill(process.processIdentifier, SIGKILL)
        let process = process
        await offThePool { process.waitUntilExit() }
    }

    /// Waits for the server to end by itself (off the cooperative pool).
    func waitForExit() async {
        let process = process
        await offThePool { process.waitUntilExit() }
    }

    /// SIGTERM, and waits for the server to end.
    func stop() async {
        process.terminate()
        let process = process
        await offThePool { process.waitUntilExit() }
        try? FileManager.default.removeItem(at: log)
        try? FileManager.default.removeItem(at: portFile)
    }

    /// SIGTERM now; the wait for the server's end and the removal of its files on a thread of their own.
    /// For `defer`, which cannot await, at the end of a test that nothing after it waits for.
    func stopInBackground() {
        process.terminate()
        let (process, log, portFile) = (process, log, portFile)
        Thread {
            process.waitUntilExit()
            try? FileManager.default.removeItem(at: log)
            try? FileManager.default.removeItem(at: portFile)
        }.start()
    }
}
