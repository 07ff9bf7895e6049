// TLSOptions: `intake serve`'s TLS options, and the rule that plain text does not leave loopback unasked.

import ArgumentParser
import ChatServer
import ChatServerTLS

/// `--tls-cert`, `--tls-key`, `--tls-handshake-timeout` and `--allow-plaintext`.
struct TLSOptions: ParsableArguments {
    @Option(name: .customLong("tls-cert"), help: ArgumentHelp(
        "Serve TLS on the same port with this certificate (PEM; the chain after the server's own). Reread on SIGHUP.",
        valueName: "file"))
    var certificate: String?

    @Option(name: .customLong("tls-key"), help: ArgumentHelp("The certificate's private key (PEM, not encrypted).", valueName: "file"))
    var key: String?

    @Option(name: .customLong("tls-handshake-timeout"), help: ArgumentHelp(
        "Seconds a TLS client has to finish its handshake.", valueName: "seconds"))
    var handshakeTimeout = 10.0

    @Flag(name: .long, help: "Let plain-text clients in from any address (with TLS: beside it; without: on a --host off loopback). Only for a network you trust.")
    var allowPlaintext = false

    /// Tests only: with TLS, refuse plain text from loopback too, so that the refusal can be tested on
    /// loopback, the only network tests may use.
    @Flag(name: .customLong("refuse-loopback-plaintext"), help: .hidden)
    var refuseLoopbackPlaintext = false

    var enabled: Bool { certificate != nil }

    func validate(host: String) throws {
        if (certificate == nil) != (key == nil) {
            throw ValidationError("--tls-cert and --tls-key go together: give both, or neither.")
        }
        guard handshakeTimeout > 0, handshakeTimeout <= 3600 else {
            throw ValidationError("--tls-handshake-timeout must be more than 0 and at most 3600 seconds.")
        }
        if allowPlaintext, refuseLoopbackPlaintext {
            throw ValidationError("--allow-plaintext and --refuse-loopback-plaintext do not go together.")
        }
        if refuseLoopbackPlaintext, !enabled { throw ValidationError("--refuse-loopback-plaintext needs --tls-cert.") }
        if !enabled, !allowPlaintext, !Loopback.contains(host) {
            throw ValidationError("""
                --host \(host) is not a loopback address, and without TLS every answer would cross the network \
                in plain text that anyone on the path can read. Give --tls-cert and --tls-key, or add \
                --allow-plaintext for a network you trust (a kiosk VLAN behind a tunnel, say).
                """)
        }
    }

    /// The TLS of the server, its files read and checked; nil without --tls-cert.
    func makeTransport(observer: (any ServerObserver)? = nil) throws(TLSFileError) -> ServerTLS? {
        guard let certificate, let key else { return nil }
        var options = ServerTLS.Options(certificatePath: certificate, keyPath: key)
        options.handshakeTimeout = .milliseconds(Int64((handshakeTimeout * 1000).rounded()))
        options.plaintext = allowPlaintext ? .allowed : refuseLoopbackPlaintext ? .refused : .loopbackOnly
        return try ServerTLS(options: options, observer: observer)
    }
}
