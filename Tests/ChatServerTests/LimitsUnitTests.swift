// LimitsUnitTests: the rate limiter's token bucket and the registry's session counts.
@testable import ChatServer
import NIOEmbedded
import Testing

extension ConnectionRegistry {
    /// Admits a session from `address` on a channel of its own. The channel is closed at once: an
    /// EmbeddedChannel left open keeps its pipeline in a cycle, which LeakSanitizer reports.
    func admit(channel address: String) -> Admission {
        let channel = EmbeddedChannel()
        defer { _ = try? channel.finish() }
        return admit(address: address, channel: channel)
    }
}

@Suite struct LimitsUnitTests {
    @Test func rateLimiterSlowsAfterTheBurst() {
        var limiter = InputRateLimiter(linesPerSecond: 2, burst: 3)
        let start: UInt64 = 1_000_000_000
        #expect(limiter.take(now: start) == nil)
        #expect(limiter.take(now: start) == nil)
        #expect(limiter.take(now: start) == nil)
        let wait = limiter.take(now: start)
        #expect(wait != nil && wait! > 400_000_000 && wait! <= 500_000_000)
        #expect(limiter.take(now: start + 500_000_000) == nil)
    }

    @Test func registryCountsPerAddress() {
        let registry = ConnectionRegistry(maxSessions: 3, maxPerAddress: 2)
        guard case .admitted(let first) = registry.admit(channel: "a") else { Issue.record("refused"); return }
        guard case .admitted = registry.admit(channel: "a") else { Issue.record("refused"); return }
        #expect(registry.admit(channel: "a") == .addressFull(limit: 2))
        guard case .admitted = registry.admit(channel: "b") else { Issue.record("refused"); return }
        #expect(registry.admit(channel: "c") == .serverFull(limit: 3))
        registry.release(id: first, address: "a")
        guard case .admitted = registry.admit(channel: "c") else { Issue.record("refused"); return }
        #expect(registry.openSessions == 3)
        #expect(registry.openChannels.count == 3)
    }
}
