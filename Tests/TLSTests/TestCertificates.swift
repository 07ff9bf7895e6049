// TestCertificates: a CA, server certificates and keys made by `openssl` for one test, in a temporary folder.
import Foundation
import TestSupport

/// Certificates made at test time with the real `openssl` command: a CA, two server certificates it
/// signed for localhost and 127.0.0.1 (for a reload), an expired one, and a key that belongs to none.
final class TestCertificates: Sendable {
    let folder: TemporaryDirectory
    var path: String { folder.path }

    var caCertificate: String { "\(path)/ca.pem" }
    var serverCertificate: String { "\(path)/server.pem" }
    var serverKey: String { "\(path)/server.key" }
    var secondCertificate: String { "\(path)/second.pem" }
    var secondKey: String { "\(path)/second.key" }
    var expiredCertificate: String { "\(path)/expired.pem" }
    var expiredKey: String { "\(path)/expired.key" }
    var strayKey: String { "\(path)/stray.key" }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Makes them; `openssl` runs on a thread of its own (`offThePool`), since waiting for it would hold a
    /// thread of the cooperative pool the other tests need.
    static func make() async throws -> TestCertificates {
        try await offThePool { try TestCertificates() }
    }

    private init() throws {
        folder = try TemporaryDirectory()
        let curve = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"]
        try Self.openssl(["req", "-x509"] + curve + ["-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=Intake test CA"], in: path)
        try "subjectAltName=DNS:localhost,IP:127.0.0.1\n".write(toFile: "\(path)/san.ext", atomically: true, encoding: .utf8)
        for (name, days) in [("server", "2"), ("second", "2"), ("expired", "-1")] {
            try Self.openssl(["req"] + curve + ["-keyout", "\(name).key", "-out", "\(name).csr", "-subj", "/CN=localhost \(name)"], in: path)
            try Self.openssl(["x509", "-req", "-in", "\(name).csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                              "-out", "\(name).pem", "-days", days, "-extfile", "san.ext"], in: path)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: "\(path)/\(name).key")
        }
        try Self.openssl(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "stray.key"], in: path)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: strayKey)
    }

    /// Writes `text` to a new file in the folder and returns its path.
    func file(_ name: String, _ text: String, mode: Int = 0o600) throws -> String {
        let target = "\(path)/\(name)"
        try text.write(toFile: target, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: target)
        return target
    }

    /// Runs `openssl arguments` in `folder`; throws with its output when it fails.
    @discardableResult
    static func openssl(_ arguments: [String], in folder: String, input: String? = nil) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl"] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        let stdin = Pipe()
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw Failure(description: "openssl \(arguments.joined(separator: " ")) failed:\n\(text)")
        }
        return text
    }
}
