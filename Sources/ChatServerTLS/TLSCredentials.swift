// TLSCredentials: a certificate and its key read from PEM files, checked, and made into a server TLS context.
import Foundation
import NIOSSL

/// The server's certificate chain and private key, read from PEM files and checked: the files exist
/// and are read, each holds what it should, the key belongs to the certificate. What is allowed but
/// unwise (an expired certificate, a key every user can read) is kept in `warnings`.
public struct TLSCredentials: Sendable {
    /// The context each new TLS connection is made from.
    public let context: NIOSSLContext
    /// The certificate the server shows (the first in the certificate file).
    public let certificate: NIOSSLCertificate
    /// What is unwise about these files, one sentence each.
    public let warnings: [String]

    /// Reads and checks `certificatePath` and `keyPath`; `now` is when expiry is judged.
    public init(certificatePath: String, keyPath: String, now: Date = Date()) throws(TLSFileError) {
        let certificateBytes = try Self.read(certificatePath, kind: "certificate")
        let keyBytes = try Self.read(keyPath, kind: "key")
        let chain: [NIOSSLCertificate]
        do {
            chain = try NIOSSLCertificate.fromPEMBytes(certificateBytes)
        } catch {
            throw .notACertificate(path: certificatePath)
        }
        guard let leaf = chain.first else { throw .notACertificate(path: certificatePath) }
        let key: NIOSSLPrivateKey
        do {
            key = try NIOSSLPrivateKey(bytes: keyBytes, format: .pem)
        } catch {
            throw .notAKey(path: keyPath)
        }
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        // TLS 1.0 and 1.1 are broken and no client this server is for needs them.
        configuration.minimumTLSVersion = .tlsv12
        do {
            context = try NIOSSLContext(configuration: configuration)
        } catch {
            // Both files read as what they should be, and BoringSSL refuses a key that is not the
            // certificate's: the pair is what is wrong.
            throw .keyDoesNotMatch(certificatePath: certificatePath, keyPath: keyPath, reason: "\(error)")
        }
        certificate = leaf
        var warnings: [String] = []
        let notAfter = Date(timeIntervalSince1970: TimeInterval(leaf.notValidAfter))
        let notBefore = Date(timeIntervalSince1970: TimeInterval(leaf.notValidBefore))
        if notAfter < now {
            warnings.append("the certificate in \(certificatePath) expired on \(Self.day(notAfter)): clients that check certificates will refuse it.")
        } else if notBefore > now {
            warnings.append("the certificate in \(certificatePath) is not valid before \(Self.day(notBefore)): clients that check certificates will refuse it until then.")
        }
        if let mode = (try? FileManager.default.attributesOfItem(atPath: keyPath))?[.posixPermissions] as? Int, mode & 0o004 != 0 {
            warnings.append("the key file \(keyPath) can be read by every user of this machine (mode \(String(mode & 0o777, radix: 8))): chmod 600 it.")
        }
        self.warnings = warnings
    }

    private static func read(_ path: String, kind: String) throws(TLSFileError) -> [UInt8] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw .unreadable(path: path, kind: kind, reason: "there is no such file")
        }
        guard !isFolder.boolValue else { throw .unreadable(path: path, kind: kind, reason: "it is a folder") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable(path: path, kind: kind, reason: "it cannot be read (permissions?)")
        }
        return Array(data)
    }

    private static func day(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return formatter.string(from: date)
    }
}
