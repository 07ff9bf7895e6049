// ProxyHeader: the PROXY protocol header a load balancer sends first (v1 text, v2 binary), read from the bytes so far.
import NIOCore

/// What a load balancer such as HAProxy (`send-proxy`, `send-proxy-v2`) puts before the client's own
/// bytes: the client's address, which the socket's peer address (the balancer's) does not tell.
/// See haproxy.org's "proxy-protocol.txt"; only TCP over IPv4 and IPv6 carries an address here.
public struct ProxyHeader: Sendable, Equatable {
    /// The client's IP address as NIO writes one (`192.0.2.7`, `2001:db8::1`); nil when the header
    /// names none (v1 `UNKNOWN`, v2 `LOCAL`: the balancer's own health check), so the peer's is used.
    public var source: String?
    /// How many bytes the header took; what follows is the client's.
    public var length: Int

    /// What the bytes received so far are.
    public enum Reading: Sendable, Equatable {
        /// A header, complete.
        case header(ProxyHeader)
        /// The start of a header (or of its signature): more bytes are needed.
        case incomplete
        /// Not a PROXY header at all: a client speaking for itself.
        case absent
        /// A header that is wrong, with what is wrong, said for the log and the refusal.
        case malformed(String)
    }

    /// The longest v1 line, CR LF included (the specification's own bound).
    public static let longestTextHeader = 107
    /// The longest v2 header read: the address block and TLVs of any sender fit in far less than
    /// the format's 64 KB, and a balancer is trusted, not its every byte.
    public static let longestBinaryHeader = 16 + 1024

    static let textSignature: [UInt8] = Array("PROXY ".utf8)
    static let binarySignature: [UInt8] = [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A]

    /// Reads `bytes`, the first a connection received.
    public static func read(_ bytes: some Collection<UInt8>) -> Reading {
        let bytes = Array(bytes)
        if startsLike(bytes, textSignature) {
            return bytes.count < textSignature.count ? .incomplete : readText(bytes)
        }
        if startsLike(bytes, binarySignature) {
            return bytes.count < binarySignature.count ? .incomplete : readBinary(bytes)
        }
        return .absent
    }

    /// Whether `bytes` and `signature` agree as far as both go (an empty buffer could be either).
    private static func startsLike(_ bytes: [UInt8], _ signature: [UInt8]) -> Bool {
        zip(bytes, signature).allSatisfy { $0 == $1 }
    }

    private static func readText(_ bytes: [UInt8]) -> Reading {
        let window = bytes.prefix(longestTextHeader)
        guard let lineFeed = window.firstIndex(of: 0x0A) else {
            return bytes.count >= longestTextHeader
                ? .malformed("the PROXY line is longer than \(longestTextHeader) bytes") : .incomplete
        }
        guard lineFeed > 0, bytes[lineFeed - 1] == 0x0D else { return .malformed("the PROXY line does not end in CR LF") }
        // Printable only: a NUL would end the address where the C parser reads it, and let "1.2.3.4\0junk" through.
        let body = bytes[..<(lineFeed - 1)]
        guard body.allSatisfy({ (0x20...0x7E).contains($0) }) else { return .malformed("the PROXY line is not printable ASCII text") }
        let line = String(decoding: body, as: UTF8.self)
        let fields = line.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        let length = lineFeed + 1
        guard fields.count >= 2, !fields[1].isEmpty else { return .malformed("the PROXY line names no protocol") }
        switch fields[1] {
        case "UNKNOWN":
            return .header(ProxyHeader(source: nil, length: length))
        case "TCP4", "TCP6":
            guard fields.count == 6 else { return .malformed("the PROXY line has \(fields.count) fields, not 6") }
            guard let sourcePort = port(fields[4]), port(fields[5]) != nil else { return .malformed("a port of the PROXY line is not 0 to 65535") }
            guard let source = address(fields[2], isIPv6: fields[1] == "TCP6", port: sourcePort),
                address(fields[3], isIPv6: fields[1] == "TCP6", port: 0) != nil
            else { return .malformed("an address of the PROXY line is not an \(fields[1] == "TCP6" ? "IPv6" : "IPv4") address") }
            return .header(ProxyHeader(source: source, length: length))
        default:
            return .malformed("the PROXY line's protocol is not TCP4, TCP6 or UNKNOWN")
        }
    }

    private static func port(_ text: String) -> Int? {
        guard !text.isEmpty, text.count <= 5, text.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let value = Int(text), value <= 65535 else {
            return nil
        }
        return value
    }

    /// The address as NIO writes it, if `text` is one of the family.
    private static func address(_ text: String, isIPv6: Bool, port: Int) -> String? {
        guard let parsed = try? SocketAddress(ipAddress: text, port: port) else { return nil }
        switch parsed {
        case .v4 where !isIPv6, .v6 where isIPv6: return parsed.ipAddress
        default: return nil
        }
    }

    private static func readBinary(_ bytes: [UInt8]) -> Reading {
        guard bytes.count >= 16 else { return .incomplete }
        let versionAndCommand = bytes[12]
        guard versionAndCommand >> 4 == 2 else { return .malformed("the binary PROXY header is not version 2") }
        let command = versionAndCommand & 0x0F
        guard command <= 1 else { return .malformed("the binary PROXY header's command is neither LOCAL nor PROXY") }
        let addressLength = Int(bytes[14]) << 8 | Int(bytes[15])
        let length = 16 + addressLength
        guard length <= longestBinaryHeader else {
            return .malformed("the binary PROXY header is longer than \(longestBinaryHeader) bytes")
        }
        guard bytes.count >= length else { return .incomplete }
        // LOCAL: the balancer speaking for itself (a health check); the addresses, if any, mean nothing.
        if command == 0 { return .header(ProxyHeader(source: nil, length: length)) }
        let block = bytes[16..<length]
        func packed(_ range: Range<Int>, port: Int) -> String? {
            var buffer = ByteBufferAllocator().buffer(capacity: range.count)
            buffer.writeBytes(block[(block.startIndex + range.lowerBound)..<(block.startIndex + range.upperBound)])
            return (try? SocketAddress(packedIPAddress: buffer, port: port))?.ipAddress
        }
        switch bytes[13] {
        case 0x11:  // TCP over IPv4: source, destination, their ports
            guard addressLength >= 12, let source = packed(0..<4, port: 0) else {
                return .malformed("the binary PROXY header's IPv4 addresses are cut short")
            }
            return .header(ProxyHeader(source: source, length: length))
        case 0x21:  // TCP over IPv6
            guard addressLength >= 36, let source = packed(0..<16, port: 0) else {
                return .malformed("the binary PROXY header's IPv6 addresses are cut short")
            }
            return .header(ProxyHeader(source: source, length: length))
        case 0x00, 0x31:  // unspecified, or a Unix socket: no IP address to tell
            return .header(ProxyHeader(source: nil, length: length))
        case 0x12, 0x22, 0x32:
            return .malformed("the binary PROXY header is for a datagram, not a stream")
        default:
            return .malformed("the binary PROXY header's address family is unknown")
        }
    }
}
