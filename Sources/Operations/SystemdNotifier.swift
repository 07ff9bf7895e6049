// SystemdNotifier: tells systemd (Type=notify) that intake serve is ready, reloading or stopping, in datagrams to $NOTIFY_SOCKET.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// The sender's half of systemd's readiness protocol (sd_notify(3)), written here rather than linking
/// libsystemd for four short messages: each message is one datagram of `KEY=value` lines sent to the
/// unix datagram socket systemd names in `NOTIFY_SOCKET`.
///
/// Nothing it does may stop the server: a `NOTIFY_SOCKET` it cannot use (relative, too long, no socket
/// there, refused) is said once through `warn`, and every message after it is tried and dropped quietly.
/// Sends never block (a full socket buffer drops the message), and nothing is thrown.
///
/// ```swift
/// let notifier = SystemdNotifier.fromEnvironment { warning in log.say("intake: warning: \(warning)\n") }
/// notifier?.send(["READY=1", "STATUS=serving on port 2323"])
/// ```
public final class SystemdNotifier: Sendable {
    /// `sun_path`'s bytes and the address length to hand the kernel, or why the value is unusable.
    private let address: Result<([UInt8], socklen_t), Unusable>
    /// The value as the log shows it: quoted, with control characters escaped, so it stays one line.
    private let shownValue: String
    private let warn: @Sendable (String) -> Void
    private let warned = Mutex(false)

    /// Why a value of `NOTIFY_SOCKET` cannot be sent to; the text is said in the warning.
    enum Unusable: Error {
        case empty
        case relative
        case abstractWithoutName
        case tooLong(bytes: Int, limit: Int)

        var reason: String {
            switch self {
            case .empty: "it is empty"
            case .relative: "it is neither an absolute path nor @name (an abstract socket)"
            case .abstractWithoutName: "an abstract socket needs a name after @"
            case .tooLong(let bytes, let limit): "it is \(bytes) bytes long; a socket address holds at most \(limit)"
            }
        }
    }

    /// Nil when `notifySocket` is nil: not started by systemd (or not as Type=notify), nothing to tell.
    /// An unusable value is warned about here, at once, and the notifier then sends nothing.
    ///
    /// `notifySocket`: an absolute path, or `@name` for a Linux abstract socket (the `@` stands for
    /// the NUL byte that begins such an address). `warn`: called at most once in the notifier's life,
    /// with one line (no newline) that names the value and the reason.
    public init?(notifySocket: String?, warn: @escaping @Sendable (String) -> Void) {
        guard let notifySocket else { return nil }
        self.warn = warn
        shownValue = Self.quoted(notifySocket)
        address = Self.address(of: notifySocket)
        if case .failure(let unusable) = address { warnOnce(unusable.reason) }
    }

    /// A notifier for this process's `NOTIFY_SOCKET`, nil when it is not set.
    public static func fromEnvironment(warn: @escaping @Sendable (String) -> Void) -> SystemdNotifier? {
        SystemdNotifier(notifySocket: getenv("NOTIFY_SOCKET").map { String(cString: $0) }, warn: warn)
    }

    /// Sends `assignments` (`READY=1`, `STATUS=…`) as one datagram, one a line. A newline inside an
    /// assignment would start another assignment systemd reads, so each becomes a space.
    public func send(_ assignments: [String]) {
        guard case .success(let (path, length)) = address else { return }
        let message = assignments.map { $0.replacing("\n", with: " ").replacing("\r", with: " ") }.joined(separator: "\n")
        let bytes = Array(message.utf8)
        let descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        guard descriptor >= 0 else { return warnOnce("cannot open a socket: \(Self.lastError())") }
        defer { close(descriptor) }
        var socketAddress = sockaddr_un()
        socketAddress.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &socketAddress.sun_path) { sunPath in
            sunPath.copyBytes(from: path)
        }
        let sent = withUnsafePointer(to: &socketAddress) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketPointer in
                bytes.withUnsafeBytes { buffer in
                    // MSG_DONTWAIT besides SOCK_NONBLOCK: the server must never wait on systemd.
                    sendto(descriptor, buffer.baseAddress, buffer.count, Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT), socketPointer, length)
                }
            }
        }
        if sent < 0 {
            warnOnce("sending failed: \(Self.lastError())")
        } else if sent != bytes.count {
            warnOnce("only \(sent) of \(bytes.count) bytes were sent")
        }
    }

    /// `RELOADING=1` with the CLOCK_MONOTONIC time systemd asks for (so it can tell this reload from
    /// an earlier one); `READY=1` says the reload is over.
    public func reloading() {
        send(["RELOADING=1", "MONOTONIC_USEC=\(Self.monotonicMicroseconds())"])
    }

    /// CLOCK_MONOTONIC in microseconds, the clock `MONOTONIC_USEC` is read on.
    public static func monotonicMicroseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1_000
    }

    /// `sun_path`'s bytes and the length of the whole address: for a path, its bytes and a NUL; for an
    /// abstract name, a NUL and the name's bytes, no NUL after (the length says where the name ends).
    static func address(of value: String) -> Result<([UInt8], socklen_t), Unusable> {
        let pathOffset = MemoryLayout<sockaddr_un>.offset(of: \sockaddr_un.sun_path) ?? 2
        let capacity = MemoryLayout<sockaddr_un>.size - pathOffset
        var bytes = Array(value.utf8)
        switch bytes.first {
        case nil:
            return .failure(.empty)
        case UInt8(ascii: "@"):
            guard bytes.count > 1 else { return .failure(.abstractWithoutName) }
            bytes[0] = 0
            guard bytes.count <= capacity else { return .failure(.tooLong(bytes: bytes.count, limit: capacity)) }
            return .success((bytes, socklen_t(pathOffset + bytes.count)))
        case UInt8(ascii: "/"):
            // The NUL at its end must fit too.
            guard bytes.count < capacity else { return .failure(.tooLong(bytes: bytes.count, limit: capacity - 1)) }
            return .success((bytes + [0], socklen_t(pathOffset + bytes.count + 1)))
        default:
            return .failure(.relative)
        }
    }

    private func warnOnce(_ reason: String) {
        let first = warned.withLock { warned in
            defer { warned = true }
            return !warned
        }
        if first { warn("cannot tell systemd through NOTIFY_SOCKET=\(shownValue): \(reason); serving goes on without it.") }
    }

    /// The value in double quotes, with quotes, backslashes and control characters escaped: a value
    /// with a newline must not break the warning into two log lines.
    static func quoted(_ value: String) -> String {
        var shown = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": shown += "\\\""
            case "\\": shown += "\\\\"
            case "\n": shown += "\\n"
            case "\r": shown += "\\r"
            case "\t": shown += "\\t"
            case _ where scalar.value < 0x20 || (0x7f...0x9f).contains(scalar.value):
                shown += "\\u{" + String(scalar.value, radix: 16) + "}"
            default: shown.unicodeScalars.append(scalar)
            }
        }
        return shown + "\""
    }

    private static func lastError() -> String {
        String(cString: strerror(errno))
    }
}
