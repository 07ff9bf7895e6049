// TLSObserverTests: a handshake that fails is told to the server's observer (counted and logged by intake serve --metrics).

import ChatServer
import ChatServerTLS
import Synchronization
import Testing

@Suite struct TLSObserverTests {
    final class Errors: ServerObserver {
        let seen = Mutex<[String]>([])
        func sessionStarted(protocol: String) {}
        func sessionEnded(protocol: String, outcome: String?) {}
        func turnAnswered(after latency: Duration) {}
        func refused(_ reason: ServerRefusal) {}
        func connectionFailed(_ error: any Error, accepting: Bool) {
            seen.withLock { $0.append(String(reflecting: type(of: error))) }
        }
    }

    @Test("a TLS record of garbage fails the handshake, and the observer is told with NIOSSL's error")
    func failedHandshakeIsObserved() async throws {
        let certificates = try await TestCertificates.make()
        let errors = Errors()
        var options = ServerTLS.Options(certificatePath: certificates.serverCertificate, keyPath: certificates.serverKey)
        options.plainWait = .seconds(1)
        let tls = try ServerTLS(options: options, observer: errors)
        try await withTLSServer(tls) { port in
            let client = try await Client.plain(port: port)
            // A handshake record whose 16 bytes are no ClientHello.
            try await client.send([0x16, 0x03, 0x01, 0x00, 0x10] + Array(repeating: UInt8(0xEE), count: 16))
            #expect(try await client.waitForClose(timeout: .seconds(15)))
        }
        let seen = errors.seen.withLock { $0 }
        #expect(seen.count == 1 && seen.allSatisfy { $0.contains("SSL") }, "\(seen)")
    }
}
