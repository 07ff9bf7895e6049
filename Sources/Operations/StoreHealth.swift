// StoreHealth: whether the assessment store can be written now, from the last write's result and a cheap probe.

import AssessmentStore
import Foundation
import Synchronization

/// "The store can be written" is known two ways, neither of which writes anything:
///
/// - the last session write's result: a failure marks the store failing for `failureHold` (each failing
///   write starts it again, so a store that fails on every answer stays failing);
/// - a probe at each check, for a SQLite file: its folder's file system has `minimumFreeBytes` free and the
///   file is there and may be written. A full disk shows here before any write fails, and its end shows
///   without a write, which no one would send to a server a balancer took out. A file removed under the
///   server shows only here: SQLite goes on writing to the removed file, and what it keeps is lost at the
///   next start.
///
/// PostgreSQL has no probe: its health is the last write's result alone.
public final class StoreHealth: Sendable {
    private struct Failure {
        var cause: StoreFailure.Cause
        var at: ContinuousClock.Instant
    }

    /// The SQLite file probed, nil for PostgreSQL.
    public let file: String?
    public let failureHold: Duration
    public let minimumFreeBytes: UInt64
    private let now: @Sendable () -> ContinuousClock.Instant
    private let lastFailure = Mutex<Failure?>(nil)

    public init(file: String?, failureHold: Duration = .seconds(5), minimumFreeBytes: UInt64 = 1 << 20,
                now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }) {
        self.file = file
        self.failureHold = failureHold
        self.minimumFreeBytes = minimumFreeBytes
        self.now = now
    }

    /// A session write is done (`AssessmentStore.Options.onWrite`).
    public func wrote(_ report: StoreWriteReport) {
        guard let failure = report.failure else { return }
        let time = now()
        lastFailure.withLock { $0 = Failure(cause: failure.cause, at: time) }
    }

    /// Nil while the store can be written, else why not, in words for the health check's body.
    public func problem() -> String? {
        let time = now()
        if let failure = lastFailure.withLock({ $0 }), time - failure.at < failureHold {
            return "store failing: \(failure.cause.rawValue)"
        }
        return probe()
    }

    private func probe() -> String? {
        guard let file else { return nil }
        let folder = (file as NSString).deletingLastPathComponent
        var info = statvfs()
        guard statvfs(folder.isEmpty ? "." : folder, &info) == 0 else { return "store failing: file_gone (its folder is gone)" }
        let free = UInt64(info.f_bavail) * UInt64(info.f_frsize)
        if free < minimumFreeBytes { return "store failing: disk_full (\(free) bytes free)" }
        // The server opened (or made) the file before its first check: a file missing now was removed.
        guard FileManager.default.fileExists(atPath: file) else { return "store failing: file_gone (the file was removed)" }
        return access(file, W_OK) == 0 ? nil : "store failing: file_gone (not writable)"
    }
}
