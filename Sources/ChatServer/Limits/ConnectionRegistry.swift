// ConnectionRegistry: the open sessions, counted in all and per address, shared by every event loop.
import NIOConcurrencyHelpers
import NIOCore

/// Admits or refuses new connections against the session limits, and keeps the admitted ones so that
/// a shutdown can tell each of them. Thread-safe: connections on every event loop share one registry.
final class ConnectionRegistry: Sendable {
    enum Admission: Sendable, Equatable {
        /// Admitted; `id` numbers the connection for the logs.
        case admitted(id: Int)
        case serverFull(limit: Int)
        case addressFull(limit: Int)
    }

    private struct Counts {
        var total = 0
        var byAddress: [String: Int] = [:]
        var channels: [Int: any Channel] = [:]
        var nextID = 1
    }

    private let maxSessions: Int
    private let maxPerAddress: Int
    private let counts = NIOLockedValueBox(Counts())

    init(maxSessions: Int, maxPerAddress: Int) {
        self.maxSessions = maxSessions
        self.maxPerAddress = maxPerAddress
    }

    /// Counts a new session from `address` if the limits allow it.
    func admit(address: String, channel: any Channel) -> Admission {
        counts.withLockedValue { counts in
            if counts.total >= maxSessions { return .serverFull(limit: maxSessions) }
            let fromAddress = counts.byAddress[address, default: 0]
            if fromAddress >= maxPerAddress { return .addressFull(limit: maxPerAddress) }
            counts.total += 1
            counts.byAddress[address] = fromAddress + 1
            counts.channels[counts.nextID] = channel
            defer { counts.nextID += 1 }
            return .admitted(id: counts.nextID)
        }
    }

    /// Forgets a session that `admit` counted.
    func release(id: Int, address: String) {
        counts.withLockedValue { counts in
            counts.total -= 1
            counts.channels[id] = nil
            let left = counts.byAddress[address, default: 1] - 1
            counts.byAddress[address] = left > 0 ? left : nil
        }
    }

    /// Sessions open now.
    var openSessions: Int {
        counts.withLockedValue { $0.total }
    }

    /// The connections of the sessions open now.
    var openChannels: [any Channel] {
        counts.withLockedValue { Array($0.channels.values) }
    }
}
