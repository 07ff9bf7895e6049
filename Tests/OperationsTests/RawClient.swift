// RawClient: a blocking TCP client on 127.0.0.1 that sends bytes as they are, however wrong, and reads until the close.

import Foundation
import TestSupport

enum RawClient {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Sends `bytes`, then reads what comes until the server closes (or `timeout` seconds of silence).
    /// The blocking exchange runs on a thread of its own (`offThePool`), not on the cooperative pool.
    static func exchange(port: Int, sending bytes: [UInt8], timeout: Int = 5) async throws -> String {
        try await offThePool { try exchangeWaiting(port: port, sending: bytes, timeout: timeout) }
    }

    private static func exchangeWaiting(port: Int, sending bytes: [UInt8], timeout: Int) throws -> String {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw Failure(description: "socket: \(errno)") }
        defer { close(socket) }
        var wait = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw Failure(description: "connect to \(port): \(errno)") }
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            // The server may answer and close before reading it all (a header past its limit): what it said is read below.
            if n <= 0 { break }
            sent += n
        }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = recv(socket, &buffer, buffer.count, 0)
            if n <= 0 { break }
            received += buffer[..<n]
        }
        return String(decoding: received, as: UTF8.self)
    }
}
