// ServerTLS: TLS on the server's own port: a connection that opens with a TLS handshake gets TLS, others plain text where allowed.
import ChatServer
import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOSSL

/// TLS for `ChatServer` on the port it already has (`ServerConfiguration.transport`). The first byte a
/// client sends decides: a TLS handshake record (0x16) starts TLS, bounded by `handshakeTimeout`, and
/// the connection's protocols (IRC, plain text, JSON lines) run inside it as they would outside; any
/// other first byte, or none within `plainWait`, makes it a plain-text connection, which `plaintext`
/// allows or refuses with one line saying to use TLS. The certificate can be replaced while the server
/// runs (`reload()`): connections made after it get the new one.
public final class ServerTLS: ConnectionTransport {
    /// Which plain-text connections are let in beside TLS ones.
    public enum PlaintextPolicy: String, Sendable {
        /// Only from this machine (a loopback peer), where nobody on a path can read them.
        case loopbackOnly = "loopback"
        /// From anywhere (`--allow-plaintext`: a network that is trusted on its own).
        case allowed = "anywhere"
        /// From nowhere, not even loopback: for tests of the refusal, which can only run on loopback.
        case refused = "nowhere"
    }

    /// The files, timing and policy.
    public struct Options: Sendable {
        public var certificatePath: String
        public var keyPath: String
        /// A TLS client that has not finished its handshake in this time is closed.
        public var handshakeTimeout: Duration = .seconds(10)
        /// A client that sends nothing in this time is taken for a plain-text one (telnet and netcat
        /// wait for the server to speak first; a TLS client always speaks first).
        public var plainWait: Duration = .milliseconds(400)
        public var plaintext = PlaintextPolicy.loopbackOnly

        public init(certificatePath: String, keyPath: String) {
            self.certificatePath = certificatePath
            self.keyPath = keyPath
        }
    }

    public let options: Options
    /// Told of each handshake that fails (`intake_connection_errors_total{kind="tls_handshake"}`).
    let observer: (any ServerObserver)?
    private let logger: Logger
    private let current: NIOLockedValueBox<TLSCredentials>

    /// Reads and checks the certificate and key (`TLSCredentials`); throws if they cannot be used.
    public init(options: Options, logger: Logger = Logger(label: "intake.tls"),
                observer: (any ServerObserver)? = nil) throws(TLSFileError) {
        self.options = options
        self.observer = observer
        self.logger = logger
        current = NIOLockedValueBox(try TLSCredentials(certificatePath: options.certificatePath, keyPath: options.keyPath))
    }

    /// The credentials new connections get now.
    public var credentials: TLSCredentials { current.withLockedValue { $0 } }

    /// Reads the files again; new connections get them if they are good. If not, the credentials in
    /// use stay, and the error says why. Returns the new credentials (with their warnings).
    @discardableResult
    public func reload() throws(TLSFileError) -> TLSCredentials {
        let fresh = try TLSCredentials(certificatePath: options.certificatePath, keyPath: options.keyPath)
        current.withLockedValue { $0 = fresh }
        return fresh
    }

    public func prepare(_ channel: any Channel, opener: ConnectionOpener) throws {
        try channel.pipeline.syncOperations.addHandler(TLSDetectionHandler(tls: self, opener: opener))
    }

    /// Whether a plain-text connection from `peer` is let in.
    func allowsPlaintext(from peer: SocketAddress?) -> Bool {
        switch options.plaintext {
        case .allowed: true
        case .loopbackOnly: Loopback.contains(peer)
        case .refused: false
        }
    }

    func log(_ message: Logger.Message, level: Logger.Level, channel: any Channel, metadata: Logger.Metadata = [:]) {
        var metadata = metadata
        metadata["peer"] = "\(channel.remoteAddress?.ipAddress ?? "unknown")"
        logger.log(level: level, message, metadata: metadata)
    }

    /// The line a refused plain-text client reads.
    static let plaintextRefusal = "This server takes plain text only from its own machine: connect with TLS (for example openssl s_client, socat OPENSSL:, or your IRC client's TLS option).\r\n"
}
