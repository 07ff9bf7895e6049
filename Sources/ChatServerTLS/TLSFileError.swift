// TLSFileError: why a certificate or key file cannot be used, said so that the person can fix it.

/// Why `TLSCredentials` refused the files; its `description` is the sentence to show.
public enum TLSFileError: Error, Equatable, CustomStringConvertible {
    case unreadable(path: String, kind: String, reason: String)
    case notACertificate(path: String)
    case notAKey(path: String)
    case keyDoesNotMatch(certificatePath: String, keyPath: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let kind, let reason):
            "the TLS \(kind) file \(path) cannot be read: \(reason)."
        case .notACertificate(let path):
            "the file \(path) holds no PEM certificate (it should begin with -----BEGIN CERTIFICATE-----)."
        case .notAKey(let path):
            "the file \(path) holds no PEM private key that can be read without a passphrase (it should begin with -----BEGIN PRIVATE KEY----- or similar)."
        case .keyDoesNotMatch(let certificatePath, let keyPath, _):
            "the key in \(keyPath) is not the key of the certificate in \(certificatePath)."
        }
    }
}
