// RepeatLimitedLogTests: once per cause per minute, the repeats counted into the next line, on a clock the test moves.

import Logging
import Operations
import Synchronization
import Testing

@Suite struct RepeatLimitedLogTests {
    @Test func writesEachCauseOncePerIntervalAndCountsTheRepeats() {
        let lines = CapturedLines()
        let clock = MovedClock()
        let log = RepeatLimitedLog(logger: lines.logger, interval: .seconds(60), now: { clock.now })
        #expect(log.report(cause: "store_disk_full", level: .error, "store write failed"))
        for _ in 0..<999 { clock.move(.milliseconds(10)); log.report(cause: "store_disk_full", level: .error, "store write failed") }
        // Another cause is not held back by the first.
        #expect(log.report(cause: "store_locked", level: .error, "store write failed"))
        #expect(lines.count == 2)
        clock.move(.seconds(50))
        #expect(!log.report(cause: "store_disk_full", level: .error, "store write failed"))
        clock.move(.seconds(1))
        #expect(log.report(cause: "store_disk_full", level: .error, "store write failed"))
        let last = lines.all.last
        #expect(last?.level == .error)
        #expect(last?.metadata["cause"] == "store_disk_full")
        #expect(last?.metadata["repeats"] == "1000")
        // After a line the count starts again: a lone occurrence a minute on says no repeats.
        clock.move(.seconds(61))
        #expect(log.report(cause: "store_disk_full", level: .error, "store write failed"))
        #expect(lines.all.last?.metadata["repeats"] == nil)
        #expect(lines.count == 4)
    }
}

/// A clock that moves only when told.
final class MovedClock: Sendable {
    private let instant = Mutex(ContinuousClock.now)
    var now: ContinuousClock.Instant { instant.withLock { $0 } }
    func move(_ by: Duration) { instant.withLock { $0 = $0.advanced(by: by) } }
}

/// The lines a logger wrote, in order.
final class CapturedLines: Sendable {
    struct Line: Sendable {
        var level: Logger.Level
        var message: String
        var metadata: [String: String]
    }

    private let lines = Mutex<[Line]>([])
    var all: [Line] { lines.withLock { $0 } }
    var count: Int { all.count }

    var logger: Logger {
        Logger(label: "test") { _ in Handler(sink: self) }
    }

    struct Handler: LogHandler {
        let sink: CapturedLines
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let all = metadata.merging(event.metadata ?? [:]) { $1 }
            let line = Line(level: event.level, message: "\(event.message)", metadata: all.mapValues { "\($0)" })
            sink.lines.withLock { $0.append(line) }
        }
    }
}
