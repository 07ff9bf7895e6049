// StoreCheckpointer: copies committed pages from the WAL into the database file on a connection of its own, beside the writer.

import Foundation
import GRDB
import Synchronization

/// Moves the checkpoint off the writer's path. In WAL mode every commit appends pages to the -wal
/// file, and a checkpoint copies them back into the database file. SQLite runs that copy (and the
/// database file's fsync) on the committing connection once the WAL passes `wal_autocheckpoint`
/// pages: every write queued behind that commit waits for it, which is what a busy server's slowest
/// replies were made of. Here a second connection makes passive checkpoints while the writer keeps
/// committing, a few times a second while writes come in; the writer's own automatic checkpoint is
/// left in place as a backstop, and finds little left to copy.
///
/// A passive checkpoint takes no lock a writer or reader waits for, so nothing here can delay a
/// commit or a read; if it cannot copy everything (a reader still uses old pages), the next one does.
final class StoreCheckpointer: Sendable {
    /// How long after one checkpoint the next may start.
    static let interval: Duration = .milliseconds(100)

    private struct State {
        var running = false
        var lastFinished: ContinuousClock.Instant?
    }

    private let connection: DatabaseQueue
    private let state = Mutex(State())

    /// Opens the checkpointing connection on the store's file (already in WAL mode).
    init(path: String, synchronous: AssessmentStore.Synchronous, busyTimeout: TimeInterval) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        configuration.label = "AssessmentStore.checkpoint"
        connection = try DatabaseQueue(path: path, configuration: configuration)
        try connection.writeWithoutTransaction { db in
            // The checkpoint's fsync of the database file follows the store's durability setting.
            try db.execute(sql: "PRAGMA synchronous = \(synchronous.rawValue.uppercased())")
        }
    }

    /// Called by the writer after each commit: starts a checkpoint unless one runs or one ended
    /// less than `interval` ago. Never blocks.
    func commitDone() {
        let starts = state.withLock { state in
            if state.running { return false }
            if let last = state.lastFinished, ContinuousClock.now - last < Self.interval { return false }
            state.running = true
            return true
        }
        guard starts else { return }
        connection.asyncWriteWithoutTransaction { [self] db in
            // A failure leaves the pages in the WAL, where they are as safe; the next try, or the
            // writer's own checkpoint, copies them.
            _ = try? db.checkpoint(.passive)
            state.withLock { state in
                state.running = false
                state.lastFinished = .now
            }
        }
    }

    /// Checkpoints made so far and pending ones finished: waits for the connection to be idle (tests).
    func waitUntilIdle() {
        connection.writeWithoutTransaction { _ in }
    }
}
