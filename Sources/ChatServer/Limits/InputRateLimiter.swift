// InputRateLimiter: a token bucket that says when a client's next line may be read.

/// Lines are read at once while the bucket holds a token (`burst` of them when full); after that, one
/// token comes back every 1/`rate` seconds. Pure: the caller passes the time.
struct InputRateLimiter: Sendable {
    let rate: Double
    let burst: Double
    private var tokens: Double
    private var last: UInt64?

    init(linesPerSecond rate: Double, burst: Int) {
        self.rate = max(rate, 0.001)
        self.burst = Double(max(burst, 1))
        tokens = self.burst
    }

    /// Takes a token for one line at time `now` (nanoseconds): nil when the line may be read now, else
    /// the nanoseconds to wait before asking again.
    mutating func take(now: UInt64) -> UInt64? {
        if let last, now > last {
            tokens = min(burst, tokens + Double(now - last) / 1e9 * rate)
        }
        last = now
        if tokens >= 1 {
            tokens -= 1
            return nil
        }
        return UInt64(((1 - tokens) / rate * 1e9).rounded(.up))
    }
}
