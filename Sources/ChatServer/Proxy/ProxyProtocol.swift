// ProxyProtocol: which peers may say whom they speak for with a PROXY header (`intake serve --proxy-protocol-from`).
import NIOCore

/// The load balancers a server trusts to name the client with a PROXY header. A connection from one of
/// them must begin with a header, and the address it names is the connection's (for the limits per
/// address, the store's count of wrong resume codes, the log); a connection from anywhere else is its
/// own client, and a header from it is refused: anyone could otherwise claim any address.
public struct ProxyProtocolTrust: Sendable, Equatable {
    /// The trusted peers' IP addresses, as NIO writes them.
    public private(set) var trusted: Set<String>
    /// How long a trusted peer has to send its header (HAProxy sends it with the connection).
    public var headerWait: Duration = .seconds(5)

    /// Trusts each of `addresses` (IP addresses, v4 or v6); throws with the first that is not one.
    public init(trusting addresses: [String]) throws(ProxyTrustError) {
        var trusted: Set<String> = []
        for address in addresses {
            guard let parsed = try? SocketAddress(ipAddress: address, port: 0), let ip = parsed.ipAddress else {
                throw ProxyTrustError(address: address)
            }
            trusted.insert(ip)
        }
        self.trusted = trusted
    }

    /// Whether `peer` may send a header.
    public func trusts(_ peer: SocketAddress?) -> Bool {
        guard let ip = peer?.ipAddress else { return false }
        return trusted.contains(ip)
    }
}

/// A `--proxy-protocol-from` value that is not an IP address.
public struct ProxyTrustError: Error, CustomStringConvertible, Sendable {
    public let address: String
    public var description: String {
        "--proxy-protocol-from \(address): not an IP address (give the load balancer's address, such as 127.0.0.1)"
    }
}
