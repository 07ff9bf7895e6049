// OffThePool: runs a blocking piece of a test (a child process's wait, poll(), sleep) on a thread of its own.

import Foundation

/// Runs `work` on a new thread of its own and gives its result to the awaiting task.
///
/// Why: Swift concurrency runs async code on a cooperative pool as wide as the machine has CPUs (two here
/// and in CI), and Swift Testing runs tests in parallel on it. A test that blocks a pool thread (waiting for
/// a process, polling a socket, sleeping) takes it from every other test for that long, so tests that await
/// NIO servers or timeouts stall for seconds and fail only in whole-suite runs. A new `Thread` rather than a
/// Dispatch global queue, since those may be as narrow as the pool.
public func offThePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}

extension Process {
    /// Waits for the process to end, as `waitUntilExit()` does, on a thread of its own (`offThePool`).
    public func exited() async {
        await offThePool { self.waitUntilExit() }
    }
}

/// `offThePool` for work that cannot throw.
public func offThePool<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        Thread { continuation.resume(returning: work()) }.start()
    }
}
