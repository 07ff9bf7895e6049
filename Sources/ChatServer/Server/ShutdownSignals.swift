// ShutdownSignals: catches SIGINT and SIGTERM from the moment it is made, so `intake serve` can stop cleanly.
import Dispatch
import NIOConcurrencyHelpers
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns SIGINT and SIGTERM into an awaitable event instead of the default immediate exit.
///
/// Make it before the server says it is listening: a signal sent as soon as a supervisor (or a test) reads
/// that line must find the handlers in place, or it ends the process at once, without telling anyone.
/// A signal that comes before `wait()` is kept, and `wait()` returns it at once.
///
/// ```swift
/// let signals = ShutdownSignals()
/// try await server.start()
/// print("listening")
/// _ = await signals.wait()
/// ```
public final class ShutdownSignals: Sendable {
    private struct State {
        var received: Int32?
        var waiting: CheckedContinuation<Int32, Never>?
    }

    private let state = NIOLockedValueBox(State())

    /// Starts catching SIGINT and SIGTERM now.
    public init() {
        let queue = DispatchQueue(label: "intake.signals")
        var sources: [any DispatchSourceSignal] = []
        for number in [SIGINT, SIGTERM] {
            // The default action would end the process before the sessions hear about it.
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { [state] in
                let waiting: CheckedContinuation<Int32, Never>? = state.withLockedValue { state in
                    guard state.received == nil else { return nil }
                    state.received = number
                    defer { state.waiting = nil }
                    return state.waiting
                }
                waiting?.resume(returning: number)
            }
            source.resume()
            sources.append(source)
        }
        SignalSources.keep(sources)
    }

    /// Suspends until the process has received SIGINT or SIGTERM (returns at once if it already has), and
    /// returns which.
    public func wait() async -> Int32 {
        await withCheckedContinuation { (continuation: CheckedContinuation<Int32, Never>) in
            let received: Int32? = state.withLockedValue { state in
                if state.received == nil { state.waiting = continuation }
                return state.received
            }
            if let received { continuation.resume(returning: received) }
        }
    }
}

/// Keeps the dispatch sources alive for the life of the process (a released source stops watching).
private enum SignalSources {
    nonisolated(unsafe) private static var kept: [any DispatchSourceSignal] = []
    private static let lock = NIOLock()

    static func keep(_ sources: [any DispatchSourceSignal]) {
        lock.withLock { kept += sources }
    }
}
