// RepeatLimitedLog: a log line once per cause per interval, the repeats in between counted into the next line.

import Logging
import Synchronization

/// A failure that can happen on every line of every session (a full disk) would write thousands of lines a
/// second. This writes the first occurrence of each cause at once, counts the occurrences after it for
/// `interval`, and writes the next one after that with `repeats`: how many were not written since.
public final class RepeatLimitedLog: Sendable {
    private struct Seen {
        var written: ContinuousClock.Instant
        var repeats: Int
    }

    private let logger: Logger
    private let interval: Duration
    private let now: @Sendable () -> ContinuousClock.Instant
    private let seen = Mutex<[String: Seen]>([:])

    /// `now`: the clock; tests move it.
    public init(logger: Logger, interval: Duration = .seconds(60),
                now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }) {
        self.logger = logger
        self.interval = interval
        self.now = now
    }

    /// Writes `message` for `cause` unless one was written less than `interval` ago; true when written.
    @discardableResult
    public func report(cause: String, level: Logger.Level, _ message: Logger.Message, metadata: Logger.Metadata = [:]) -> Bool {
        let time = now()
        let repeats: Int? = seen.withLock { seen in
            if let last = seen[cause], time - last.written < interval {
                seen[cause]!.repeats += 1
                return nil
            }
            defer { seen[cause] = Seen(written: time, repeats: 0) }
            return seen[cause]?.repeats ?? 0
        }
        guard let repeats else { return false }
        var metadata = metadata
        metadata["cause"] = "\(cause)"
        if repeats > 0 { metadata["repeats"] = "\(repeats)" }
        logger.log(level: level, message, metadata: metadata)
        return true
    }
}
