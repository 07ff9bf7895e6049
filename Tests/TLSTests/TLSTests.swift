// TLSTests: TLS on the server's port with real certificates made by openssl, a NIOSSL client, and raw sockets.
import ChatServer
@testable import ChatServerTLS
import DialogKit
import Foundation
import NIOCore
import NIOSSL
import Testing
import TestSupport

@Suite("TLS on the server's port")
struct TLSTests {
    @Test("a JSON lines session over TLS, its certificate checked against the CA, goes to its outcome")
    func jsonSessionOverTLS() async throws {
        let certificates = try await TestCertificates.make()
        try await withTLSServer(try serverTLS(certificates), protocolMode: .json) { port in
            let client = try await Client.tls(port: port, caFile: certificates.caCertificate)
            try await client.read(until: "\"ask\"")
            let shown = try await client.peerCertificate()
            #expect(try shown?.toDERBytes() == (try NIOSSLCertificate.fromPEMFile(certificates.serverCertificate).first?.toDERBytes()))
            for answer in exampleAnswers {
                try await client.send(answer + "\n")
                try await client.read(until: answer == exampleAnswers.last ? "\"end\"" : "\"ask\"")
            }
            #expect(client.text.contains("\"outcome\""))
            #expect(client.text.contains("self_care"))
            await client.close()
        }
    }

    @Test("with --protocol auto, a plain-text conversation and an IRC client both work inside TLS")
    func autoDetectionRunsInsideTLS() async throws {
        let certificates = try await TestCertificates.make()
        try await withTLSServer(try serverTLS(certificates)) { port in
            let person = try await Client.tls(port: port, caFile: certificates.caCertificate)
            try await person.read(until: "> ")
            try await person.send("no\r\n")
            try await person.read(until: "step 2 of")
            await person.close()

            let irc = try await Client.tls(port: port, caFile: certificates.caCertificate)
            try await irc.send("NICK ana\r\nUSER ana 0 * :Ana\r\n")
            try await irc.read(until: " 001 ana ")
            try await irc.read(until: "PRIVMSG ana :")
            await irc.close()
        }
    }

    @Test("a plain-text client on loopback is served beside TLS, whether it speaks first or not")
    func plainTextOnLoopbackIsServed() async throws {
        let certificates = try await TestCertificates.make()
        try await withTLSServer(try serverTLS(certificates)) { port in
            let silent = try await Client.plain(port: port)
            try await silent.read(until: "> ")
            await silent.close()
            let talker = try await Client.plain(port: port)
            try await talker.send("hello\r\n")
            try await talker.read(until: "> ")
            await talker.close()
        }
    }

    @Test("when plain text is not allowed from the peer, it gets one line saying to use TLS and is closed")
    func plainTextRefused() async throws {
        let certificates = try await TestCertificates.make()
        try await withTLSServer(try serverTLS(certificates, plaintext: .refused)) { port in
            for opening in [nil, "hello\r\n"] {
                let client = try await Client.plain(port: port)
                if let opening { try await client.send(opening) }
                #expect(try await client.waitForClose())
                #expect(client.text == ServerTLS.plaintextRefusal)
            }
            // TLS still works on the same server.
            let tls = try await Client.tls(port: port, caFile: certificates.caCertificate)
            try await tls.read(until: "> ")
            await tls.close()
        }
    }

    @Test("the openings of Tests/Data/tls/openings.txt: broken handshakes are closed in silence, other bytes are plain text")
    func hostileOpenings() async throws {
        let certificates = try await TestCertificates.make()
        let text = try String(contentsOfFile: Repository.path("Tests/Data/tls/openings.txt"), encoding: .utf8)
        let cases = text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
            line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
        }
        #expect(cases.count >= 8)
        // Broken handshakes on a server whose plain-text wait never runs out during the test, so that the
        // bytes decide even when the client's first write comes late; plain text on the usual wait, which
        // greets bytes that hold no line end when it runs out.
        for closing in [true, false] {
            try await withTLSServer(try serverTLS(certificates, handshakeTimeout: .seconds(1)),
                                    configure: { if closing { $0.detectionWait = slowWriterWait } }) { port in
                for fields in cases where (fields[0] == "closed") == closing {
                    try await open(port: port, with: fields)
                }
            }
        }
    }

    private func open(port: Int, with fields: [String]) async throws {
        let (expected, name) = (fields[0], fields[1])
        let bytes = fields[2].split(separator: " ").map { UInt8($0, radix: 16)! }
        let client = try await Client.plain(port: port)
        try await client.send(bytes)
        if expected == "closed" {
            #expect(try await client.waitForClose(timeout: .seconds(8)), "\(name): still open")
            #expect(!client.text.contains("step 1"), "\(name): plain text sent: \(client.text)")
        } else {
            // Plain text's answer: the greeting, or a goodbye (a 0x03 among the bytes is Ctrl-C).
            let deadline = ContinuousClock.now + .seconds(10) * testTimeoutScale
            func answered() -> Bool { client.text.contains("Back pain check") || client.text.contains("Goodbye") }
            while !answered(), !client.received.closed, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(answered(), "\(name): \(client.text)")
        }
        await client.close()
    }

    @Test("a client that sends a ClientHello's first bytes and stalls is closed at the handshake timeout, not before")
    func stalledHandshakeTimesOut() async throws {
        let certificates = try await TestCertificates.make()
        try await withTLSServer(try serverTLS(certificates, handshakeTimeout: .seconds(2)),
                                configure: { $0.detectionWait = slowWriterWait }) { port in
            let client = try await Client.plain(port: port)
            let start = ContinuousClock.now
            try await client.send([0x16, 0x03, 0x01, 0x02, 0x00])
            #expect(try await client.waitForClose(timeout: .seconds(15)))
            let waited = ContinuousClock.now - start
            #expect(waited >= .milliseconds(1900), "closed after \(waited)")
            #expect(client.received.bytes.isEmpty)
        }
    }

    @Test("a 1 MB line inside TLS is refused as too long, and the session goes on")
    func hugeLineInsideTLS() async throws {
        let certificates = try await TestCertificates.make()
        try await withTLSServer(try serverTLS(certificates)) { port in
            let client = try await Client.tls(port: port, caFile: certificates.caCertificate)
            try await client.read(until: "> ")
            try await client.send(Array(repeating: UInt8(ascii: "a"), count: 1_000_000) + [0x0D, 0x0A])
            try await client.read(until: "too long", timeout: .seconds(20))
            try await client.send("no\r\n")
            try await client.read(until: "step 2 of", timeout: .seconds(20))
            await client.close()
        }
    }

    @Test("a client that offers TLS 1.0 or 1.1 at most is refused in the handshake")
    func oldTLSVersionsRefused() async throws {
        let certificates = try await TestCertificates.make()
        try await withTLSServer(try serverTLS(certificates)) { port in
            for version in [TLSVersion.tlsv1, .tlsv11] {
                let client = try await Client.tls(port: port, caFile: certificates.caCertificate, maximumVersion: version)
                #expect(try await client.waitForClose())
                #expect(client.received.error != nil, "\(version): no handshake error")
                #expect(client.received.bytes.isEmpty)
            }
        }
    }

    @Test("a reload gives new connections the new certificate; a broken new key keeps the one in use")
    func reloadSwapsTheCertificate() async throws {
        let certificates = try await TestCertificates.make()
        let certificatePath = try certificates.file("live.pem", String(contentsOfFile: certificates.serverCertificate, encoding: .utf8))
        let keyPath = try certificates.file("live.key", String(contentsOfFile: certificates.serverKey, encoding: .utf8))
        var options = ServerTLS.Options(certificatePath: certificatePath, keyPath: keyPath)
        options.plainWait = .milliseconds(200)
        let tls = try ServerTLS(options: options)
        let first = try NIOSSLCertificate.fromPEMFile(certificates.serverCertificate)[0].toDERBytes()
        let second = try NIOSSLCertificate.fromPEMFile(certificates.secondCertificate)[0].toDERBytes()
        try await withTLSServer(tls) { port in
            func shown() async throws -> [UInt8]? {
                let client = try await Client.tls(port: port, caFile: certificates.caCertificate)
                try await client.read(until: "> ")
                let certificate = try await client.peerCertificate()?.toDERBytes()
                await client.close()
                return certificate
            }
            #expect(try await shown() == first)
            let held = try await Client.tls(port: port, caFile: certificates.caCertificate)
            try await held.read(until: "> ")

            _ = try certificates.file("live.pem", String(contentsOfFile: certificates.secondCertificate, encoding: .utf8))
            _ = try certificates.file("live.key", String(contentsOfFile: certificates.secondKey, encoding: .utf8))
            try tls.reload()
            #expect(try await shown() == second)
            // The connection made before the reload goes on.
            try await held.send("no\r\n")
            try await held.read(until: "step 2 of")

            _ = try certificates.file("live.key", "-----BEGIN PRIVATE KEY-----\nbroken\n-----END PRIVATE KEY-----\n")
            #expect(throws: TLSFileError.notAKey(path: keyPath)) { try tls.reload() }
            _ = try certificates.file("live.key", String(contentsOfFile: certificates.serverKey, encoding: .utf8))
            #expect(throws: TLSFileError.self) { try tls.reload() }
            #expect(try await shown() == second)
            await held.close()
        }
    }

    @Test("missing, unreadable, wrong or mismatched files are refused with a sentence naming the file")
    func badFilesRefused() async throws {
        let certificates = try await TestCertificates.make()
        let missing = "\(certificates.path)/nowhere.pem"
        let notPEM = try certificates.file("notes.pem", "just some notes\n")
        let cases: [(String, String, String)] = [
            (missing, certificates.serverKey, "no such file"),
            (certificates.serverCertificate, missing, "no such file"),
            (certificates.path, certificates.serverKey, "is a folder"),
            (notPEM, certificates.serverKey, "holds no PEM certificate"),
            (certificates.serverKey, certificates.serverKey, "holds no PEM certificate"),
            (certificates.serverCertificate, notPEM, "holds no PEM private key"),
            (certificates.serverCertificate, certificates.serverCertificate, "holds no PEM private key"),
            (certificates.serverCertificate, certificates.strayKey, "is not the key of the certificate"),
            (certificates.serverCertificate, certificates.secondKey, "is not the key of the certificate"),
        ]
        for (certificate, key, expected) in cases {
            do {
                _ = try TLSCredentials(certificatePath: certificate, keyPath: key)
                Issue.record("\(certificate) with \(key) was taken")
            } catch {
                #expect(error.description.contains(expected), "\(error.description)")
            }
        }
        let good = try TLSCredentials(certificatePath: certificates.serverCertificate, keyPath: certificates.serverKey)
        #expect(good.warnings.isEmpty)
    }

    @Test("an expired certificate and a key every user can read are taken, with a warning each")
    func unwiseFilesWarned() async throws {
        let certificates = try await TestCertificates.make()
        let expired = try TLSCredentials(certificatePath: certificates.expiredCertificate, keyPath: certificates.expiredKey)
        #expect(expired.warnings.count == 1)
        #expect(expired.warnings.first?.contains("expired on") == true)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: certificates.serverKey)
        let open = try TLSCredentials(certificatePath: certificates.serverCertificate, keyPath: certificates.serverKey)
        #expect(open.warnings.count == 1)
        #expect(open.warnings.first?.contains("every user") == true)
        #expect(open.warnings.first?.contains("644") == true)
    }

    @Test("loopback is 127.0.0.0/8, ::1 and localhost, nothing else (Tests/Data/tls/loopback-addresses.txt)")
    func loopbackAddresses() throws {
        let text = try String(contentsOfFile: Repository.path("Tests/Data/tls/loopback-addresses.txt"), encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true).filter { !$0.hasPrefix("#") }
        #expect(lines.count > 20)
        for line in lines {
            let space = line.firstIndex(of: " ")!
            let expected = line[..<space] == "yes"
            let address = String(line[line.index(after: space)...])
            #expect(Loopback.contains(address) == expected, "\"\(address)\"")
        }
    }
}
