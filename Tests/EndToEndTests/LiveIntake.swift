// LiveIntake: the built binary running with pipes, fed one line at a time, read until what a test waits for.

import Foundation
import Testing
import TestSupport

/// A running `intake` whose standard input and output are pipes: a test writes a line and reads
/// the reply as a person at a terminal would, and may kill it at any moment.
final class LiveIntake {
    let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private var buffer = Data()

    init(_ arguments: [String]) throws {
        try #require(FileManager.default.isExecutableFile(atPath: IntakeBinary.path), "build intake first (make test does)")
        process.executableURL = URL(fileURLWithPath: IntakeBinary.path)
        process.arguments = arguments
        process.currentDirectoryURL = IntakeBinary.repositoryRoot
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    func send(_ line: String) {
        input.fileHandleForWriting.write(Data((line + "\n").utf8))
    }

    /// Output lines until one satisfies `done` (included); nil when the output ends or `timeout` passes first.
    func read(until done: (String) -> Bool, timeout: TimeInterval = 20) async -> [String]? {
        var lines: [String] = []
        let deadline = Date().addingTimeInterval(timeout)
        let descriptor = output.fileHandleForReading.fileDescriptor
        while true {
            while let newline = buffer.firstIndex(of: 0x0A) {
                let line = String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self)
                buffer.removeSubrange(buffer.startIndex...newline)
                lines.append(line)
                if done(line) { return lines }
            }
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else { return nil }
            // The wait happens off the cooperative pool; the read after it finds the bytes there.
            let revents = await offThePool { () -> Int16? in
                var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
                return poll(&poller, 1, Int32(min(remaining, 1) * 1000)) >= 0 ? poller.revents : nil
            }
            guard let revents else { return nil }
            guard revents != 0 else { continue }
            var chunk = [UInt8](repeating: 0, count: 65_536)
            let count = Foundation.read(descriptor, &chunk, chunk.count)
            guard count > 0 else { return nil }
            buffer.append(contentsOf: chunk[0..<count])
        }
    }

    /// SIGKILL: no chance to flush, close or clean up.
    func kill() async {
        Foundation.kill(process.processIdentifier, SIGKILL)
        let process = process
        await offThePool { process.waitUntilExit() }
    }

    func closeInput() {
        try? input.fileHandleForWriting.close()
    }
}
