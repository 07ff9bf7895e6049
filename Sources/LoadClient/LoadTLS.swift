// LoadTLS: `intake load --tls`: the client side of TLS, so that a run measures what TLS costs the server.
import NIOSSL

/// How the load client speaks TLS: its context and the name it expects on the server's certificate.
public struct LoadTLS: Sendable {
    let context: NIOSSLContext
    /// Sent as SNI and checked against the certificate; nil for an IP address, which SNI may not carry.
    let serverHostname: String?

    /// Trusts the CA certificates in `caFile` (PEM), or the system's when nil; `verify: false`
    /// accepts any certificate (a self-signed one on a test machine), still encrypting.
    public init(host: String, caFile: String?, verify: Bool) throws {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        if let caFile { configuration.trustRoots = .file(caFile) }
        configuration.certificateVerification = verify ? (Self.isIPAddress(host) ? .noHostnameVerification : .fullVerification) : .none
        context = try NIOSSLContext(configuration: configuration)
        serverHostname = Self.isIPAddress(host) ? nil : host
    }

    func makeHandler() throws -> NIOSSLClientHandler {
        try NIOSSLClientHandler(context: context, serverHostname: serverHostname)
    }

    private static func isIPAddress(_ host: String) -> Bool {
        host.contains(":") || host.split(separator: ".").allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isNumber) }
    }
}
