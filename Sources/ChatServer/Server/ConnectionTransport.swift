// ConnectionTransport: what may stand before a connection's own handlers (TLS, in ChatServerTLS), and the loopback test.
import NIOCore

/// Something that stands in front of every connection of a server, such as TLS (`ChatServerTLS`): it
/// is given the new channel first, and opens the connection when the bytes it passes on are the
/// client's own (after a TLS handshake, say). Kept as a protocol so that `ChatServer` itself links no
/// TLS library.
public protocol ConnectionTransport: Sendable {
    /// Called on the channel's event loop as the connection is accepted, with an empty pipeline. Adds
    /// the transport's handlers; one of them later calls `opener.open(from:)`, at most once, or closes
    /// the channel.
    func prepare(_ channel: any Channel, opener: ConnectionOpener) throws
}

/// Adds a connection's own handlers (telnet, line framing, admission) at the end of its pipeline and
/// tells them the channel is active. Used on the channel's event loop only.
public struct ConnectionOpener {
    let addHandlers: (ChannelPipeline.SynchronousOperations) throws -> Void

    init(addHandlers: @escaping (ChannelPipeline.SynchronousOperations) throws -> Void) {
        self.addHandlers = addHandlers
    }

    /// Adds the connection's handlers after the last one and fires `channelActive` from `context`,
    /// which must be the last handler's: the handlers after it are the new ones.
    public func open(from context: ChannelHandlerContext) throws {
        try addHandlers(context.pipeline.syncOperations)
        context.fireChannelActive()
    }
}

/// Whether an address is this machine's loopback, the one place where plain text cannot be read by
/// anyone on the path.
public enum Loopback {
    /// True for 127.0.0.0/8, ::1, an IPv4 loopback address mapped into IPv6, and the name `localhost`;
    /// false for anything else, including `0.0.0.0` and `::` (every address) and other names.
    public static func contains(_ host: String) -> Bool {
        let host = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        if host.lowercased() == "localhost" { return true }
        if let v4 = ipv4Octets(host) { return v4[0] == 127 }
        let lowered = host.lowercased()
        if lowered == "::1" || lowered == "0:0:0:0:0:0:0:1" { return true }
        for prefix in ["::ffff:", "0:0:0:0:0:ffff:"] where lowered.hasPrefix(prefix) {
            if let v4 = ipv4Octets(String(lowered.dropFirst(prefix.count))) { return v4[0] == 127 }
        }
        return false
    }

    /// True when `address` is a peer on the loopback interface.
    public static func contains(_ address: SocketAddress?) -> Bool {
        guard let ip = address?.ipAddress else { return false }
        return contains(ip)
    }

    private static func ipv4Octets(_ text: String) -> [Int]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var octets: [Int] = []
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy(\.isASCII), let value = Int(part), (0...255).contains(value) else {
                return nil
            }
            octets.append(value)
        }
        return octets
    }
}
