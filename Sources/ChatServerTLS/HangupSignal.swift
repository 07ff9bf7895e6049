// HangupSignal: SIGHUP, which asks `intake serve` to read its certificate and key again.
import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Calls a function on every SIGHUP instead of letting the signal end the process (its default), the
/// way daemons are told to reread their files (`systemctl reload`, `kill -HUP`).
public final class HangupSignal {
    private let source: any DispatchSourceSignal

    /// Starts catching SIGHUP now; `body` runs on a queue of its own, once per signal.
    public init(_ body: @escaping @Sendable () -> Void) {
        signal(SIGHUP, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGHUP, queue: DispatchQueue(label: "intake.hangup"))
        source.setEventHandler(handler: body)
        source.resume()
        self.source = source
    }

    /// Stops catching SIGHUP (the signal is then ignored).
    public func cancel() {
        source.cancel()
    }
}
