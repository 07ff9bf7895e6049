// ShutdownSignals: waits for SIGINT or SIGTERM, so `intake serve` can stop cleanly.
import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns SIGINT and SIGTERM into an awaitable event instead of the default immediate exit.
public enum ShutdownSignals {
    /// Suspends until the process receives SIGINT or SIGTERM, and returns which.
    public static func wait() async -> Int32 {
        let signals = [SIGINT, SIGTERM]
        return await withCheckedContinuation { (continuation: CheckedContinuation<Int32, Never>) in
            let queue = DispatchQueue(label: "intake.signals")
            let once = Once()
            var sources: [any DispatchSourceSignal] = []
            for number in signals {
                // The default action would end the process before the sessions hear about it.
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
                source.setEventHandler {
                    guard once.first() else { return }
                    continuation.resume(returning: number)
                }
                source.resume()
                sources.append(source)
            }
            SignalSources.keep(sources)
        }
    }
}

/// Keeps the dispatch sources alive for the life of the process (a released source stops watching).
private enum SignalSources {
    nonisolated(unsafe) private static var kept: [any DispatchSourceSignal] = []
    private static let lock = DispatchQueue(label: "intake.signals.keep")

    static func keep(_ sources: [any DispatchSourceSignal]) {
        lock.sync { kept += sources }
    }
}

/// True the first time only; the handlers run on one serial queue, so no lock is needed.
private final class Once: @unchecked Sendable {
    private var done = false
    func first() -> Bool {
        defer { done = true }
        return !done
    }
}
