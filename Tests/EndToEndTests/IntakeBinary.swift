// IntakeBinary: runs the built `intake` executable with files for its standard streams.

import Foundation
import Testing
import TestSupport

/// The built binary, run as a user would: arguments, bytes on standard input, and what comes out.
enum IntakeBinary {
    static var repositoryRoot: URL { Repository.root }

    static var path: String { Repository.intakeBinary }

    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
        var stdoutBytes: Data
    }

    /// Runs `intake ARGUMENTS` in the repository root. Streams go through files, so neither side can
    /// block the other however much it writes. The wait for the process happens on a thread of its own
    /// (`offThePool`), so that it holds no thread of the cooperative pool the other tests run on.
    static func run(_ arguments: [String], stdin: Data = Data(), environment: [String: String]? = nil) async throws -> Output {
        // Checked here, on the test's task, so that a failure is recorded against the test.
        try #require(FileManager.default.isExecutableFile(atPath: path), "build intake first (make test does): \(path)")
        return try await offThePool { try runWaiting(arguments, stdin: stdin, environment: environment) }
    }

    /// `run`'s work, which blocks the calling thread until the process ends.
    private static func runWaiting(_ arguments: [String], stdin: Data, environment: [String: String]?) throws -> Output {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("intake-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("stdin")
        let output = folder.appendingPathComponent("stdout")
        let errors = folder.appendingPathComponent("stderr")
        try stdin.write(to: input)
        try Data().write(to: output)
        try Data().write(to: errors)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.currentDirectoryURL = repositoryRoot
        if let environment { process.environment = environment }
        process.standardInput = try FileHandle(forReadingFrom: input)
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
        process.waitUntilExit()
        let stdoutBytes = try Data(contentsOf: output)
        return Output(
            status: process.terminationStatus,
            stdout: String(decoding: stdoutBytes, as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: errors), as: UTF8.self),
            stdoutBytes: stdoutBytes)
    }

    /// Writes `text` to a new temporary file and returns its path.
    static func temporaryFile(_ text: String, name: String = "dialog.yaml") throws -> String {
        try temporaryFile(Data(text.utf8), name: name)
    }

    static func temporaryFile(_ data: Data, name: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("intake-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent(name)
        try data.write(to: file)
        return file.path
    }
}

extension String {
    var data: Data { Data(utf8) }
}
