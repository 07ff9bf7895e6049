// LoadOverTLSTests: `intake load --tls` (LoadGenerator with LoadTLS) against a server with TLS.
import ChatServer
import ChatServerTLS
import DialogKit
import DialogTesting
import LoadClient
import Testing
import TestSupport

@Suite("intake load over TLS")
struct LoadOverTLSTests {
    /// The example dialog's transcripts as load scripts.
    private static func scripts() throws -> [LoadScript] {
        try TranscriptSuite.transcriptFiles(under: [Repository.path("Dialogs/tests/example")]).map { file in
            let text = try String(contentsOfFile: file, encoding: .utf8)
            guard case .success(let transcript) = Transcript.parse(text, file: file) else {
                throw TestCertificates.Failure(description: "\(file) does not parse")
            }
            return LoadScript(transcript: transcript)
        }
    }

    private static func load(port: Int, tls: LoadTLS, connections: Int) -> LoadConfiguration {
        var configuration = LoadConfiguration()
        configuration.port = port
        configuration.connections = connections
        configuration.timeout = .seconds(20 * testTimeoutScale)
        configuration.tls = tls
        return configuration
    }

    private static func loadLimits(_ configuration: inout ServerConfiguration) {
        configuration.limits.maxSessionsPerAddress = 1000
        configuration.limits.linesPerSecond = 100_000
        configuration.limits.lineBurst = 1000
    }

    @Test("every transcript passes over TLS connections whose certificate is checked against the CA")
    func everyTranscriptPassesOverTLS() async throws {
        let certificates = try await TestCertificates.make()
        let scripts = try Self.scripts()
        #expect(scripts.count >= 6)
        try await withTLSServer(try serverTLS(certificates), protocolMode: .json, configure: Self.loadLimits) { port in
            let tls = try LoadTLS(host: "127.0.0.1", caFile: certificates.caCertificate, verify: true)
            let report = try await LoadGenerator.run(scripts: scripts, configuration: Self.load(port: port, tls: tls, connections: 12))
            #expect(report.passed, "\(report.failures)")
            #expect(report.sessionsDone == max(12, scripts.count))
            #expect(report.greetingLatencyMicroseconds.count == UInt64(report.sessionsDone))
        }
    }

    @Test("a certificate the given CA did not sign fails every session; --tls-no-verify takes it")
    func untrustedCertificateFails() async throws {
        let certificates = try await TestCertificates.make()
        let scripts = try Self.scripts()
        try await withTLSServer(try serverTLS(certificates), protocolMode: .json, configure: Self.loadLimits) { port in
            // The second server certificate is no CA: nothing the server shows chains to it.
            let wrong = try LoadTLS(host: "127.0.0.1", caFile: certificates.secondCertificate, verify: true)
            var configuration = Self.load(port: port, tls: wrong, connections: 2)
            configuration.sessions = 2
            let refused = try await LoadGenerator.run(scripts: scripts, configuration: configuration)
            #expect(!refused.passed)
            #expect(refused.sessionsDone == 0)

            let unchecked = try LoadTLS(host: "127.0.0.1", caFile: nil, verify: false)
            configuration.tls = unchecked
            let taken = try await LoadGenerator.run(scripts: scripts, configuration: configuration)
            #expect(taken.passed, "\(taken.failures)")
        }
    }
}
